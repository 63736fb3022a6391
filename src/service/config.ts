/**
 * The service's configuration, checked once at `makeService`: the options
 * decoded (bounded whole numbers, unknown keys refused) and the ports checked
 * for every function the service calls.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Problem } from '../shared/codec.js'
import { decodeWith, isPlainObject, strict, WholeNumber } from '../shared/codec.js'
import type { InvalidServiceConfig, Ports, ServiceSettings } from './service.js'

// -------------------------------------------------------------------------------------
// options
// -------------------------------------------------------------------------------------

/**
 * The range of each option (inclusive) and its default. A port call lasts
 * at most half a claim (`portTimeoutMs` ≤ `claimMinutes` × 30,000, checked
 * by `decodeOptions`), so a delivery and its acknowledgement (two calls)
 * always end before their claim does; with the default claim of 5 minutes a
 * port call may take up to 150 s (the PostgreSQL append of a 1,000,000-item
 * publish takes about 53 s on a 2-core machine, D28).
 * @example
 * import { optionRanges } from '../../src/service/config.js' // internal
 * optionRanges.maxAttempts // { min: 1, max: 100, default: 8 }
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const optionRanges = {
  maxAttempts: { min: 1, max: 100, default: 8 },
  claimMinutes: { min: 1, max: 1_440, default: 5 },
  portTimeoutMs: { min: 1, max: 300_000, default: 5_000 },
  maxClockSkewMs: { min: 0, max: 3_600_000, default: 300_000 },
  snapshotEvery: { min: 1, max: 1_000_000, default: 1_000 },
  snapshotEventsPerItem: { min: 0, max: 1_000, default: 1 },
  cachedCampaigns: { min: 0, max: 100_000, default: 16 },
} as const

const range = (k: keyof typeof optionRanges) => WholeNumber(optionRanges[k].min, optionRanges[k].max)

const Options = strict(
  'ServiceOptions',
  {},
  {
    maxAttempts: range('maxAttempts'),
    claimMinutes: range('claimMinutes'),
    portTimeoutMs: range('portTimeoutMs'),
    maxClockSkewMs: range('maxClockSkewMs'),
    snapshotEvery: range('snapshotEvery'),
    snapshotEventsPerItem: range('snapshotEventsPerItem'),
    cachedCampaigns: range('cachedCampaigns'),
  },
)

const HALF_MINUTE_MS = 30_000

/**
 * Decodes service options (`undefined` is no option) into settings with every
 * default filled in, or the problems, each at `options.<key>`; a
 * `portTimeoutMs` above half of `claimMinutes` is a problem at
 * `options.portTimeoutMs`.
 * @example
 * import { decodeOptions } from '../../src/service/config.js' // internal
 * decodeOptions({ maxAttempts: 3 }) // { _tag: 'Right', right: { maxAttempts: 3, claimMinutes: 5, portTimeoutMs: 5000, maxClockSkewMs: 300000, snapshotEvery: 1000, snapshotEventsPerItem: 1, cachedCampaigns: 16 } }
 * decodeOptions({ maxAttempts: Number.NaN })._tag // 'Left'
 * decodeOptions({ retries: 3 })._tag // 'Left'
 * decodeOptions({ claimMinutes: 2, portTimeoutMs: 60_000 })._tag // 'Right'
 * decodeOptions({ claimMinutes: 1, portTimeoutMs: 60_000 }) // { _tag: 'Left', left: [{ path: 'options.portTimeoutMs', expected: 'at most half of claimMinutes (30000 ms with claimMinutes 1)' }] }
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const decodeOptions = (options: unknown): E.Either<ReadonlyArray<Problem>, ServiceSettings> => {
  const decoded = decodeWith(Options, options === undefined ? {} : options)
  if (E.isLeft(decoded)) return E.left(decoded.left.map((p) => ({ path: p.path === '$' ? 'options' : `options.${p.path}`, expected: p.expected })))
  const o = decoded.right
  const claimMinutes = o.claimMinutes ?? optionRanges.claimMinutes.default
  const portTimeoutMs = o.portTimeoutMs ?? optionRanges.portTimeoutMs.default
  // a delivery and its acknowledgement (two port calls) end before their claim
  if (portTimeoutMs > claimMinutes * HALF_MINUTE_MS) {
    return E.left([{ path: 'options.portTimeoutMs', expected: `at most half of claimMinutes (${claimMinutes * HALF_MINUTE_MS} ms with claimMinutes ${claimMinutes})` }])
  }
  return E.right({
    maxAttempts: o.maxAttempts ?? optionRanges.maxAttempts.default,
    claimMinutes,
    portTimeoutMs,
    maxClockSkewMs: o.maxClockSkewMs ?? optionRanges.maxClockSkewMs.default,
    snapshotEvery: o.snapshotEvery ?? optionRanges.snapshotEvery.default,
    snapshotEventsPerItem: o.snapshotEventsPerItem ?? optionRanges.snapshotEventsPerItem.default,
    cachedCampaigns: o.cachedCampaigns ?? optionRanges.cachedCampaigns.default,
  })
}

// -------------------------------------------------------------------------------------
// ports
// -------------------------------------------------------------------------------------

const portFunctions: Readonly<Record<keyof Ports, ReadonlyArray<string>>> = {
  store: ['loadTail', 'saveSnapshot', 'loadCampaign', 'loadPacket', 'append', 'findCommand', 'tasksOf', 'undelivered', 'claim', 'release', 'markDelivered'],
  notifier: ['deliver'],
  fulfiller: ['execute'],
  clock: ['now'],
}

/**
 * The problems of a ports record: each port must be an object with every
 * function of its interface (`ports.store.append`, ...). Reads properties
 * only; never calls anything and never throws (a throwing getter is a
 * problem at its path).
 * @example
 * import { checkPorts } from '../../src/service/config.js' // internal
 * checkPorts({ store: {}, notifier: { deliver: () => undefined }, fulfiller: { execute: () => undefined }, clock: { now: () => undefined } }).length // 11
 * checkPorts(undefined) // [{ path: 'ports', expected: 'an object with store, notifier, fulfiller and clock' }]
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const checkPorts = (ports: unknown): ReadonlyArray<Problem> => {
  if (typeof ports !== 'object' || ports === null) return [{ path: 'ports', expected: 'an object with store, notifier, fulfiller and clock' }]
  const problems: Problem[] = []
  for (const [port, functions] of Object.entries(portFunctions)) {
    let adapter: unknown
    try {
      adapter = (ports as Record<string, unknown>)[port]
    } catch {
      adapter = undefined
    }
    if (typeof adapter !== 'object' || adapter === null) {
      problems.push({ path: `ports.${port}`, expected: `an adapter with ${functions.join(', ')}` })
      continue
    }
    for (const f of functions) {
      let fn: unknown
      try {
        fn = (adapter as Record<string, unknown>)[f]
      } catch {
        fn = undefined
      }
      if (typeof fn !== 'function') problems.push({ path: `ports.${port}.${f}`, expected: 'a function' })
    }
  }
  return problems
}

/**
 * Checks the ports and decodes the options together: the settings, or one
 * {@link InvalidServiceConfig} listing every problem of both.
 * @example
 * import { configure } from '../../src/service/config.js' // internal
 * import { InMemoryCampaignStore, InMemoryFulfiller, InMemoryNotifier, TestClock, at } from 'access-review-core/testing'
 * const ports = { store: new InMemoryCampaignStore(), notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock: new TestClock(at('2000-01-01T00:00:00Z')) }
 * configure(ports, { portTimeoutMs: 250 })._tag // 'Right'
 * const bad = configure(ports, { maxAttempts: Infinity })
 * bad._tag === 'Left' && bad.left.problems // [{ path: 'options.maxAttempts', expected: 'a whole number from 1 to 100' }]
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const configure = (ports: unknown, options: unknown): E.Either<InvalidServiceConfig, ServiceSettings> => {
  const portProblems = checkPorts(ports)
  const settings = isPlainObject(options) || options === undefined ? decodeOptions(options) : E.left([{ path: 'options', expected: 'a plain object (ServiceOptions)' }])
  const problems = [...portProblems, ...(E.isLeft(settings) ? settings.left : [])]
  if (problems.length > 0 || E.isLeft(settings)) {
    return E.left({
      code: 'InvalidServiceConfig',
      message: `the service is not configured: ${problems.map((p) => `${p.path}: expected ${p.expected}`).join('; ')}`,
      problems,
    })
  }
  return E.right(settings.right)
}
