// T6 (optimistic concurrency and races) and T15 (notification idempotency)
// with fc.scheduler(): the scheduler decides the order in which the store's
// and the notifier's calls resolve, so every run explores one interleaving
// of 2–5 concurrent commands.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { AppendRequest, CampaignEvent, CampaignState, CampaignStore, Command, CommandResult, Notifier } from '../../src/index.js'
import { execute, fold, makeService, packetItems, packetsOf } from '../../src/index.js'
import { at, InMemoryNotifier } from '../../src/testing/index.js'
import type { ServiceCommand } from '../../src/index.js'
import { campaignId, cmd, decideCmd, packets, published, rita, T0, world } from './fixture.js'
import { runs } from '../support/runs.js'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

/** What a state says about its items and lifecycle (the fold's caches left out). */
const project = (s: CampaignState | undefined) =>
  s === undefined
    ? undefined
    : {
        status: s.campaign.status,
        clock: s.campaign.clock,
        packets: packetsOf(s).map((p) => ({ id: p.id, clocks: p.clocks, items: packetItems(p).map((i) => ({ id: i.spec.id, state: i.state, decisions: i.decisions, levels: i.levels })) })),
      }

const outcomeOf = (r: CommandResult): string => (r._tag === 'accepted' ? 'accepted' : r.error.code)

const permutations = <A>(xs: ReadonlyArray<A>): ReadonlyArray<ReadonlyArray<A>> =>
  xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]))

/** Runs commands one after the other from `s0`: the outcome of each and the final state. */
const serial = (s0: CampaignState, commands: ReadonlyArray<Command>) => {
  let s = s0
  const outcomes: string[] = []
  for (const c of commands) {
    const r = execute(c, s)
    if (E.isLeft(r)) outcomes.push(r.left.code)
    else {
      outcomes.push('accepted')
      s = r.right.state
    }
  }
  return { outcomes, state: project(s) }
}

const allItems = Object.values(packets).flat()
const packetOfItem = (i: string): string => Object.entries(packets).find(([, xs]) => (xs as ReadonlyArray<string>).includes(i))?.[0] ?? ''

const arbCommand: fc.Arbitrary<ServiceCommand> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom('approve' as const, 'revoke' as const), fc.subarray(allItems, { minLength: 1, maxLength: 2 })).map(([d, xs]) => decideCmd(d, ...xs)) },
  { weight: 2, arbitrary: fc.constantFrom(...allItems).map((i): ServiceCommand => ({ type: 'reassign', actor: rita, item: i as never, to: 'mia' as never })) },
  { weight: 1, arbitrary: fc.constant<ServiceCommand>({ type: 'extend', actor: rita, days: 1, cascade: true }) },
)

/** The store with its calls resolved in the scheduler's order; successful appends are logged. */
const scheduled = (s: fc.Scheduler, store: CampaignStore, log: AppendRequest[]): CampaignStore => ({
  ...store,
  loadTail: s.scheduleFunction(store.loadTail),
  saveSnapshot: s.scheduleFunction(store.saveSnapshot),
  findCommand: s.scheduleFunction(store.findCommand),
  append: s.scheduleFunction(async (req: AppendRequest) => {
    const r = await store.append(req)
    if (E.isRight(r)) log.push(req)
    return r
  }),
})

// -------------------------------------------------------------------------------------
// T6
// -------------------------------------------------------------------------------------

describe('T6: concurrent commands on one campaign', () => {
  // The service either starts cold (nothing held: it asks for the packet's
  // version after deciding) or warm (a state held from an earlier load), and
  // saves snapshots every 1, 3 or 1,000 events (or at least one per item of
  // the campaign), holding states or not.
  const arbLoadPath = fc.record({ warm: fc.boolean(), snapshotEvery: fc.constantFrom(1, 3, 1_000), snapshotEventsPerItem: fc.constantFrom(0, 1), cachedCampaigns: fc.constantFrom(0, 16) })

  it('one winner per expected version, losers retry, the outcome is some serial order: 0 lost updates, 0 double decisions', async () => {
    let conflicts = 0
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(arbCommand, { minLength: 2, maxLength: 5 }), arbLoadPath, async (s, commands, path) => {
        const w = world()
        await published(w)
        const setup = fold(undefined, w.store.eventsOf(campaignId).map((e) => e.event))
        if (setup === undefined) throw new Error('setup')
        const log: AppendRequest[] = []
        const service = makeService({ ...w.ports, store: scheduled(s, w.store, log) }, { maxAttempts: 10, snapshotEvery: path.snapshotEvery, snapshotEventsPerItem: path.snapshotEventsPerItem, cachedCampaigns: path.cachedCampaigns })
        if (path.warm) await s.waitFor(service.tick(campaignId)) // nothing is due at T0: it only loads
        const rs = await s.waitFor(Promise.all(commands.map((c, i) => service.handle(campaignId, cmd(`k${i}`), c))))
        conflicts += w.store.conflicts

        // every command got a result, recorded exactly once
        const results = rs.map((r) => {
          if (E.isLeft(r)) throw new Error(`service failure: ${r.left.message}`)
          expect(r.right.first).toBe(true)
          return r.right.result
        })
        expect(log.map((r) => r.command?.commandId).sort()).toEqual(commands.map((_, i) => `k${i}`).sort())

        // exactly one winner per (stream, expected version): a write expecting `any` is
        // covered by the whole-campaign check, so its expectation is the position read
        const won = log.flatMap((r) =>
          r.writes.filter((x) => x.events.length > 0).map((x) => `${x.stream}@${x.expected._tag === 'any' ? `position ${String(r.expectedPosition)}` : JSON.stringify(x.expected)}`),
        )
        expect(new Set(won).size).toBe(won.length)
        expect(log.every((r) => r.writes.every((x) => x.expected._tag !== 'any') || r.expectedPosition !== undefined)).toBe(true)

        // 0 double decisions: the stored events are the setup's plus each accepted command's, once
        const stored = w.store.eventsOf(campaignId).map((e) => e.event)
        const accepted = results.flatMap((r) => (r._tag === 'accepted' ? r.events : []))
        const setupCount = stored.length - accepted.length
        expect(stored.slice(setupCount).filter((e) => e.type === 'ItemsDecided').length).toBe(accepted.filter((e) => e.type === 'ItemsDecided').length)
        const decided = stored.filter((e): e is Extract<CampaignEvent, { type: 'ItemsDecided' }> => e.type === 'ItemsDecided')
        const keys = decided.flatMap((e) => e.decisions.map((d) => `${d.itemId}/${d.level}/${d.tier}/${d.decision}/${e.at}`))
        expect(keys.length).toBe(accepted.filter((e) => e.type === 'ItemsDecided').flatMap((e) => (e.type === 'ItemsDecided' ? e.decisions : [])).length)

        // 0 lost updates and some serial order: the final state and every outcome equal a serial run
        const final = project(fold(undefined, stored))
        const stamped = commands.map((c) => ({ ...c, at: T0 }) as Command)
        const outcomes = results.map(outcomeOf)
        const byCommit = log.map((r) => Number((r.command?.commandId ?? '').slice(1)))
        const orders = [byCommit, ...permutations(commands.map((_, i) => i))]
        const match = orders.find((order) => {
          const r = serial(setup, order.map((i) => stamped[i] as Command))
          const byIndex: string[] = []
          order.forEach((i, k) => (byIndex[i] = r.outcomes[k] ?? ''))
          return JSON.stringify(byIndex) === JSON.stringify(outcomes) && JSON.stringify(r.state) === JSON.stringify(final)
        })
        expect(match, `no serial order gives ${JSON.stringify(outcomes)}`).toBeDefined()
      }),
      { numRuns: runs(1_000) },
    )
    // the property exercised conflicts (a race test that never races proves nothing)
    expect(conflicts).toBeGreaterThan(0)
  })

  it('decisions on different packets never conflict, whatever the interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.shuffledSubarray(Object.keys(packets), { minLength: 2, maxLength: 3 }),
        fc.constantFrom('approve' as const, 'revoke' as const),
        arbLoadPath,
        async (s, ps, decision, path) => {
          const w = world()
          await published(w)
          const log: AppendRequest[] = []
          const service = makeService({ ...w.ports, store: scheduled(s, w.store, log) }, { snapshotEvery: path.snapshotEvery, snapshotEventsPerItem: path.snapshotEventsPerItem, cachedCampaigns: path.cachedCampaigns })
          if (path.warm) await s.waitFor(service.tick(campaignId))
          const items = ps.map((p) => (packets as Record<string, ReadonlyArray<string>>)[p]?.[0] ?? '')
          const rs = await s.waitFor(Promise.all(items.map((i, k) => service.handle(campaignId, cmd(`p${k}`), decideCmd(decision, i)))))
          expect(w.store.conflicts).toBe(0)
          expect(rs.map((r) => E.isRight(r) && r.right.attempts)).toEqual(items.map(() => 1))
          expect(rs.map((r) => E.isRight(r) && r.right.result._tag)).toEqual(items.map(() => 'accepted'))
          expect(items.map(packetOfItem)).toEqual(ps)
        },
      ),
      { numRuns: runs(300) },
    )
  })

  it('R33 under races: the same command id delivered 2–5 times concurrently has one effect', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 5 }), arbCommand, async (s, n, command) => {
        const w = world()
        await published(w)
        const before = w.store.eventsOf(campaignId).length
        const log: AppendRequest[] = []
        const service = makeService({ ...w.ports, store: scheduled(s, w.store, log) })
        const rs = await s.waitFor(Promise.all(Array.from({ length: n }, () => service.handle(campaignId, cmd('same'), command))))
        const results = rs.map((r) => (E.isRight(r) ? r.right : undefined))
        expect(results.filter((r) => r?.first === true).length).toBe(1)
        expect(new Set(results.map((r) => JSON.stringify(r?.result))).size).toBe(1)
        const first = results.find((r) => r?.first === true)?.result
        expect(w.store.eventsOf(campaignId).length - before).toBe(first?._tag === 'accepted' ? first.events.length : 0)
        expect(log.length).toBe(1)
      }),
      { numRuns: runs(300) },
    )
  })
})

// -------------------------------------------------------------------------------------
// T15
// -------------------------------------------------------------------------------------

describe('T15: notification idempotency', () => {
  it('reordered and repeated deliveries: each intent delivered once (retried only after a failure), 0 duplicate reminders, 0 reminders after completion', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.func(fc.boolean()),
        fc.integer({ min: 1, max: 3 }),
        async (s, steps, completeAt, failFirst, extraDeliveries) => {
          const failing = new InMemoryNotifier({ fail: (intent, attempt) => attempt === 1 && failFirst(intent.id) })
          const w = world(failing)
          await published(w)
          const notifier: Notifier = { deliver: s.scheduleFunction(failing.deliver) }
          const store: CampaignStore = {
            ...w.store,
            undelivered: s.scheduleFunction(w.store.undelivered),
            claim: s.scheduleFunction(w.store.claim),
            markDelivered: s.scheduleFunction(w.store.markDelivered),
          }
          const service = makeService({ ...w.ports, store, notifier })
          let day = 0
          let completedAt: number | undefined
          for (const [k, d] of [...steps, 5].entries()) {
            day += d
            w.clock.set(at(`2000-01-${String(1 + day).padStart(2, '0')}T06:00:00Z`))
            const work: Promise<unknown>[] = [service.tick(campaignId), service.tick(campaignId)]
            for (let i = 0; i < extraDeliveries; i++) work.push(service.dispatch())
            if (k === completeAt) work.push(service.handle(campaignId, cmd('complete'), { type: 'complete', actor: rita, outstanding: 'keepAccess' }))
            await s.waitFor(Promise.all(work))
            if (k === completeAt) completedAt = await w.clock.now()
          }
          // drain the failures
          for (let i = 0; i < 3; i++) await s.waitFor(service.dispatch())

          const stored = w.store.eventsOf(campaignId).map((e) => e.event)
          const intents = stored.flatMap((e) => (e.type === 'NotificationIssued' ? [e.intent] : []))
          const ids = intents.map((i) => i.id)
          // one outbox entry per intent id; every one delivered
          expect(new Set(ids).size).toBe(ids.length)
          expect(w.store.outbox().filter((e) => !e.delivered)).toEqual([])
          // the service acknowledged each intent exactly once, and never called again after a success
          for (const id of ids) {
            expect(failing.acknowledged.filter((x) => x === id).length).toBe(1)
            const calls = failing.calls.filter((x) => x === id).length
            expect(calls).toBe(failFirst(id) ? 2 : 1)
          }
          expect(failing.delivered.map((i) => i.id).sort()).toEqual([...ids].sort())
          // 0 duplicate reminders per (campaign, reviewer, slot)
          const reminders = intents.filter((i) => i.kind === 'campaignReminder')
          const slots = reminders.map((i) => `${i.campaignId}/${i.recipients.join(',')}/${i.at}`)
          expect(new Set(slots).size).toBe(slots.length)
          // 0 reminders after completion
          if (completedAt !== undefined) expect(reminders.filter((i) => i.at > (completedAt ?? 0))).toEqual([])
          expect(reminders.length).toBeGreaterThan(0)
        },
      ),
      { numRuns: runs(1_000) },
    )
  })
})
