// Shared by the random-history tests on PostgreSQL (PGlite and server): a
// random command history (create, publish with a directory that sometimes
// has absence delegations, then commands of every type at random instants,
// some refused) through the service, with a tick before and a delivery after
// each command and a last tick 60 days after the history; the answers, the
// stored log and the intents the notifier received. The example scenarios
// (scenario-runs.ts) are fixed: these reach orders of commands and states no
// example has.
import fc from 'fast-check'
import { Command } from '../../src/campaign/command.js'
import type { CampaignStore, Instant, ServiceOptions } from '../../src/index.js'
import { histories } from '../support/histories.js'
import { driveService, expectSameRuns } from './scenario-runs.js'
import type { ScenarioRun } from './scenario-runs.js'

const DAY = 86_400_000

/** How a history runs on the store under test. */
export interface HistoryCase {
  /** The commands, as run by the pure core (a decide made by a reviewer its items wait for). */
  readonly commands: ReadonlyArray<Command>
  /** The service's options on the store under test (the in-memory run keeps the defaults). */
  readonly options: ServiceOptions
}

/**
 * Histories of up to 20 commands after publish, half with delegations; the
 * store under test keeps its defaults or reads every command back from a
 * snapshot and the log after it.
 */
export const historyCases: fc.Arbitrary<HistoryCase> = fc.record({
  // the commands only: a counterexample prints them, not the states they led to
  commands: fc.boolean().chain((delegations) => histories(20, { delegations, maxPauseHours: 12, decisive: true }).map((h) => h.commands)),
  options: fc.constantFrom<ServiceOptions>({}, { snapshotEvery: 1, snapshotEventsPerItem: 0, cachedCampaigns: 0 }),
})

/** What one run of a history through the service on `store` answered and left. */
export const runHistoryOn = async (store: CampaignStore, commands: ReadonlyArray<Command>, options: ServiceOptions = {}): Promise<ScenarioRun> => {
  const first = commands[0]
  if (first?.type !== 'create') throw new Error('a history starts with create')
  const id = first.definition.id
  return driveService(store, first.at, id, options, async (service, clock, answers) => {
    let n = 0
    for (const c of commands) {
      n++
      clock.set(c.at)
      // the command as a platform sends it: JSON, stamped by the service's clock
      const { at: _, ...sent } = Command.encode(c)
      if (n > 1) answers.push([`tick ${n}`, await service.tick(id)])
      answers.push([`command ${n}`, await service.handle(id, `cmd-${n}`, sent)])
      answers.push([`dispatch ${n}`, await service.dispatch(id)])
    }
    const last = commands[commands.length - 1] ?? first
    return (last.at + 60 * DAY) as Instant
  })
}

/**
 * Runs the history on the in-memory store and on `store` (empty) and
 * expects the same answers, log and deliveries; answers the in-memory run.
 */
export const expectSameHistoryOnBothStores = async (store: CampaignStore, c: HistoryCase): Promise<ScenarioRun> =>
  expectSameRuns((st, o) => runHistoryOn(st, c.commands, o), store, c.options)
