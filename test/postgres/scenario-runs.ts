// Shared by the scenario tests on PostgreSQL (PGlite and server): every example
// scenario through the service, with each step's tick, command and outbox
// delivery, then the tick at the scenario's end; what the service answered,
// the stored log and the intents the notifier received.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type * as E from 'fp-ts/lib/Either.js'
import { expect } from 'vitest'
import { makeService, parseInstant } from '../../src/index.js'
import type { CampaignStore, Instant, Service, ServiceOptions } from '../../src/index.js'
import { InMemoryCampaignStore, InMemoryFulfiller, InMemoryNotifier, TestClock } from '../../src/testing/index.js'

export const scenarioDir = join(import.meta.dirname, '../../examples/scenarios')
export const scenarioFiles = readdirSync(scenarioDir)
  .filter((f) => f.endsWith('.json'))
  .sort()

interface RawStep {
  readonly at: string
  readonly as?: string
  readonly do?: { readonly type: string }
}
export interface RawScenario {
  readonly createdAt: string
  readonly createdBy: string
  readonly definition: { readonly id: string }
  readonly directory: { readonly users: ReadonlyArray<{ readonly id: string; readonly roles?: ReadonlyArray<string> }> }
  readonly items: unknown
  readonly steps: ReadonlyArray<RawStep>
  readonly until?: string
}

const instantOf = (iso: string): Instant => {
  const i = parseInstant(iso)
  if (i === undefined) throw new TypeError(`not an instant: ${iso}`)
  return i
}

/** What one run of a scenario through the service answered and left. */
export interface ScenarioRun {
  readonly answers: unknown[]
  readonly log: unknown
  readonly delivered: unknown[]
}

/** The example scenario in `file` (a name of {@link scenarioFiles}), as written. */
export const readScenario = (file: string): RawScenario => JSON.parse(readFileSync(join(scenarioDir, file), 'utf8')) as RawScenario

/**
 * A service on `store` with a clock set to `start`: `steps` sends what it
 * sends (adding each answer to `answers`) and answers the instant of the
 * end, where the service ticks and delivers once more. Answers what the
 * service answered, the stored log of campaign `id` and the intents the
 * notifier received.
 */
export const driveService = async (
  store: CampaignStore,
  start: Instant,
  id: string,
  options: ServiceOptions,
  steps: (service: Service, clock: TestClock, answers: unknown[]) => Promise<Instant>,
): Promise<ScenarioRun> => {
  const clock = new TestClock(start)
  const notifier = new InMemoryNotifier()
  const service = makeService({ store, notifier, fulfiller: new InMemoryFulfiller(), clock }, options)
  const answers: unknown[] = []
  clock.set(await steps(service, clock, answers))
  answers.push(['end', await service.tick(id)])
  answers.push(['end dispatch', await service.dispatch(id)])
  return { answers, log: await store.loadCampaign(id as never), delivered: notifier.delivered.slice() }
}

/** What one run of a scenario through the service on `store` answered and left. */
export const runOn = async (store: CampaignStore, s: RawScenario, options: ServiceOptions = {}): Promise<ScenarioRun> =>
  driveService(store, instantOf(s.createdAt), s.definition.id, options, async (service, clock, answers) => {
    const roles = new Map(s.directory.users.map((u) => [u.id, u.roles ?? []]))
    const actor = (id: string): unknown => ({ id, roles: roles.get(id) ?? [] })
    const id = s.definition.id
    const answer = (what: string, r: E.Either<unknown, unknown>): void => {
      answers.push([what, r])
    }
    answer('create', await service.handle(id, 'create', { type: 'create', actor: actor(s.createdBy), definition: s.definition, items: s.items }))
    let n = 0
    for (const step of s.steps) {
      n++
      // a checkpoint checks a report; it sends nothing
      if (step.do === undefined || step.as === undefined) continue
      clock.set(instantOf(step.at))
      answer(`tick ${n}`, await service.tick(id))
      const command = step.do.type === 'publish' ? { ...step.do, actor: actor(step.as), directory: s.directory } : { ...step.do, actor: actor(step.as) }
      answer(`step ${n}`, await service.handle(id, `step-${n}`, command))
      answer(`dispatch ${n}`, await service.dispatch(id))
    }
    const last = s.steps[s.steps.length - 1]
    return instantOf(s.until ?? last?.at ?? s.createdAt)
  })

/**
 * Runs `run` on the in-memory store (default options) and on `store`
 * (empty, with `options`) and expects the same answers, log and deliveries
 * from both; answers the in-memory run.
 */
export const expectSameRuns = async (
  run: (store: CampaignStore, options: ServiceOptions) => Promise<ScenarioRun>,
  store: CampaignStore,
  options: ServiceOptions,
): Promise<ScenarioRun> => {
  const memory = await run(new InMemoryCampaignStore(), {})
  const other = await run(store, options)
  expect(other.answers).toEqual(memory.answers)
  expect(other.log).toEqual(memory.log)
  expect(other.delivered).toEqual(memory.delivered)
  return memory
}

/**
 * Runs `s` on the in-memory store (default options) and on `store` (empty,
 * with `options`) and expects the same answers, log and deliveries from
 * both; answers the in-memory run.
 */
export const expectSameOnBothStores = async (store: CampaignStore, s: RawScenario, options: ServiceOptions = {}): Promise<ScenarioRun> =>
  expectSameRuns((st, o) => runOn(st, s, o), store, options)
