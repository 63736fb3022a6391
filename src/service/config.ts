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
 * The range of each option (inclusive) and its default. A claim lasts at
 * least one minute and a port call at most 30 seconds, so a delivery and
 * its acknowledgement (two calls) always end before their claim does.
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
  portTimeoutMs: { min: 1, max: 30_000, default: 5_000 },
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

/**
 * Decodes service options (`undefined` is no option) into settings with every
 * default filled in, or the problems, each at `options.<key>`.
 * @example
 * import { decodeOptions } from '../../src/service/config.js' // internal
 * decodeOptions({ maxAttempts: 3 }) // { _tag: 'Right', right: { maxAttempts: 3, claimMinutes: 5, portTimeoutMs: 5000, maxClockSkewMs: 300000, snapshotEvery: 1000, snapshotEventsPerItem: 1, cachedCampaigns: 16 } }
 * decodeOptions({ maxAttempts: Number.NaN })._tag // 'Left'
 * decodeOptions({ retries: 3 })._tag // 'Left'
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const decodeOptions = (options: unknown): E.Either<ReadonlyArray<Problem>, ServiceSettings> => {
  const decoded = decodeWith(Options, options === undefined ? {} : options)
  if (E.isLeft(decoded)) return E.left(decoded.left.map((p) => ({ path: p.path === '$' ? 'options' : `options.${p.path}`, expected: p.expected })))
  const o = decoded.right
  return E.right({
    maxAttempts: o.maxAttempts ?? optionRanges.maxAttempts.default,
    claimMinutes: o.claimMinutes ?? optionRanges.claimMinutes.default,
    portTimeoutMs: o.portTimeoutMs ?? optionRanges.portTimeoutMs.default,
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
