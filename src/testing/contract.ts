/**
 * Contract test suites for the ports. A platform runs them against its own
 * adapters with its own test runner (the functions are passed in, so this
 * module does not depend on vitest, jest or mocha):
 *
 * ```ts
 * import { describe, it, expect } from 'vitest'
 * import { campaignStoreContract } from 'access-review-core/testing'
 * campaignStoreContract(() => makePostgresStore(freshSchema()), { describe, it, expect })
 * ```
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import type { Command } from '../campaign/command.js'
import type { CampaignEvent } from '../campaign/event.js'
import { fold, streamOf } from '../campaign/event.js'
import type { NotificationIntent, NotificationKind } from '../campaign/notification.js'
import { notificationKinds } from '../campaign/notification.js'
import type { CampaignState } from '../campaign/state.js'
import { itemCounts, packetItems, packetsOf } from '../campaign/state.js'
import { decodeWith } from '../shared/codec.js'
import { CampaignId, CommandId, ItemId, SubjectId, UserId } from '../shared/ids.js'
import { Instant } from '../schedule/time.js'
import type { Notifier } from '../ports/notifier.js'
import type { AppendRequest, CampaignStore, ExpectedVersion, LoadedTail, StreamVersion, StreamWrite } from '../ports/store.js'
import { GENESIS_HASH, chainEvents, verifyLog } from '../ports/chain.js'
import { aDefinition, aDirectory, actor, anItem, at as instant, itemId, run } from './builders.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The few matchers the suites use (vitest's and jest's `expect` fit).
 * @since 0.1.0
 * @category Contract suites
 * @example
 * import { expect } from 'vitest'
 * import type { Expect } from 'access-review-core/testing'
 * const e: Expect = expect
 */
export type Expect = (actual: unknown) => {
  /** Strict equality (`Object.is`). */
  readonly toBe: (expected: unknown) => void
  /** Deep equality. */
  readonly toEqual: (expected: unknown) => void
}

/**
 * The test functions of your runner.
 * @since 0.1.0
 * @category Contract suites
 * @example
 * import { describe, it, expect } from 'vitest'
 * import type { TestApi } from 'access-review-core/testing'
 * const api: TestApi = { describe, it, expect }
 */
export interface TestApi {
  /** Groups tests. */
  readonly describe: (name: string, body: () => void) => void
  /** Declares one (async) test. */
  readonly it: (name: string, body: () => Promise<void>) => void
  /** Makes assertions. */
  readonly expect: Expect
}

/**
 * A notifier under test and a probe: the intent ids its recipients received,
 * in any order, one entry per message actually received.
 * @since 0.1.0
 * @category Contract suites
 * @example
 * import type { NotifierUnderTest } from 'access-review-core/testing'
 * import { InMemoryNotifier } from 'access-review-core/testing'
 * const make = async (): Promise<NotifierUnderTest> => {
 *   const notifier = new InMemoryNotifier()
 *   return { notifier, received: async () => notifier.delivered.map((i) => i.id) }
 * }
 */
export interface NotifierUnderTest {
  /** The adapter under test. */
  readonly notifier: Notifier
  /** The intent ids the recipients received, one entry per message received. */
  readonly received: () => Promise<ReadonlyArray<string>>
}

// -------------------------------------------------------------------------------------
// fixtures
// -------------------------------------------------------------------------------------

const must = <A>(codec: t.Decoder<unknown, A>, u: unknown): A => {
  const r = decodeWith(codec, u)
  if (E.isLeft(r)) throw new TypeError('access-review-core/testing: invalid contract fixture')
  return r.right
}

const T0 = instant('2030-05-01T10:00:00Z')
const campaignOf = (name: string): CampaignId => must(CampaignId, name)
const cmdId = (name: string): CommandId => must(CommandId, name)
const overdue = (): CampaignEvent => ({ type: 'CampaignOverdue', at: T0 })
const levelStarted = (packet: string): CampaignEvent => ({ type: 'LevelStarted', at: T0, packetId: must(SubjectId, packet), level: 1 })
const streamC = (c: CampaignId): string => `campaign:${c}`
const streamP = (c: CampaignId, p: string): string => `packet:${c}:${p}`
const intentOf = (c: CampaignId, id: string, kind: NotificationKind = 'campaignReminder'): NotificationIntent => ({
  id,
  kind,
  recipients: [must(UserId, 'mia')],
  campaignId: c,
  itemIds: [must(ItemId, 'i1')],
  at: must(Instant, '2030-05-01T10:00:00Z'),
  summary: 'Reminder: 1 item waits for your review',
  link: 'https://example.test/tasks',
})
const write = (stream: string, expected: ExpectedVersion, events: ReadonlyArray<CampaignEvent>): StreamWrite => ({ stream, expected, events })
const req = (campaignId: CampaignId, writes: ReadonlyArray<StreamWrite>, extra: Partial<AppendRequest> = {}): AppendRequest => ({
  campaignId,
  writes,
  outbox: [],
  ...extra,
})
const exact = (version: number): { readonly _tag: 'exact'; readonly version: number } => ({ _tag: 'exact', version })
const NO_STREAM: ExpectedVersion = { _tag: 'noStream' }
const ANY: ExpectedVersion = { _tag: 'any' }

/** What a state says about its items and lifecycle, read through the public views (a store may serialise a snapshot). */
const project = (s: CampaignState | undefined): unknown =>
  s === undefined
    ? undefined
    : {
        status: s.campaign.status,
        clock: s.campaign.clock,
        counts: itemCounts(s),
        packets: packetsOf(s).map((p) => ({ id: p.id, clocks: p.clocks, items: packetItems(p).map((i) => ({ id: i.spec.id, state: i.state, decisions: i.decisions })) })),
      }

/** A small published campaign and a few decisions, each command's events as one append request (grouped by stream, as the service writes them). */
const aCampaignLog = (campaignId: CampaignId): ReadonlyArray<AppendRequest> => {
  const definition = aDefinition({ id: campaignId, reviewers: { order: ['riskManager'], count: 1 }, riskManagers: ['rick'] })
  const rita = actor('rita', 'riskManager')
  const rick = actor('rick')
  const subjects = ['s-a', 's-b', 's-c']
  const decide = (day: string, item: string, decision: 'approve' | 'revoke'): Command => ({ type: 'decide', at: instant(`2025-01-0${day}T09:00:00Z`), actor: rick, items: [itemId(item)], decision })
  const { results } = run([
    { type: 'create', at: instant('2025-01-02T09:00:00Z'), actor: rita, definition, items: subjects.flatMap((sub, k) => [anItem(`i${2 * k + 1}`, sub), anItem(`i${2 * k + 2}`, sub)]) },
    {
      type: 'publish',
      at: instant('2025-01-03T09:00:00Z'),
      actor: rita,
      directory: aDirectory({ users: [{ id: 'rick' }, { id: 'ann' }, { id: 'ben' }, { id: 'cy' }], subjects: subjects.map((id, k) => ({ id, user: ['ann', 'ben', 'cy'][k] ?? 'ann' })) }),
    },
    decide('4', 'i1', 'approve'),
    decide('4', 'i3', 'revoke'),
    decide('5', 'i2', 'approve'),
    decide('5', 'i5', 'approve'),
    decide('6', 'i4', 'revoke'),
  ])
  return results.map((r) => {
    if (!r.ok) throw new TypeError('access-review-core/testing: invalid contract fixture')
    const byStream = new Map<string, CampaignEvent[]>()
    for (const e of r.events) byStream.set(streamOf(campaignId, e), [...(byStream.get(streamOf(campaignId, e)) ?? []), e])
    return req(campaignId, [...byStream].map(([stream, es]) => write(stream, { _tag: 'any' }, es)))
  })
}

/** The state a load path answer stands for, given the state at `since` the caller held. */
const stateOfTail = (tail: LoadedTail, held: CampaignState | undefined): CampaignState | undefined => fold(tail.snapshot !== undefined ? tail.snapshot.state : tail.from === 0 ? undefined : held, tail.events)

type Case = {
  readonly name: string
  readonly existing: number
  readonly expected: ExpectedVersion
  readonly ok: boolean
  readonly actual: StreamVersion
}

/** The expected-version matrix (R32): noStream / any / exact × stream absent / present × right / wrong. */
const matrix: ReadonlyArray<Case> = [
  { name: 'noStream on an absent stream succeeds', existing: 0, expected: NO_STREAM, ok: true, actual: { _tag: 'noStream' } },
  { name: 'noStream on an existing stream conflicts', existing: 1, expected: NO_STREAM, ok: false, actual: exact(0) },
  { name: 'any on an absent stream succeeds', existing: 0, expected: ANY, ok: true, actual: { _tag: 'noStream' } },
  { name: 'any on an existing stream succeeds', existing: 2, expected: ANY, ok: true, actual: exact(1) },
  { name: 'exact with the right version succeeds', existing: 3, expected: exact(2), ok: true, actual: exact(2) },
  { name: 'exact with a lower version conflicts', existing: 3, expected: exact(1), ok: false, actual: exact(2) },
  { name: 'exact with a higher version conflicts', existing: 3, expected: exact(3), ok: false, actual: exact(2) },
  { name: 'exact 0 on an absent stream conflicts (0 does not mean new)', existing: 0, expected: exact(0), ok: false, actual: { _tag: 'noStream' } },
]

// -------------------------------------------------------------------------------------
// contracts
// -------------------------------------------------------------------------------------

/**
 * The contract of a {@link CampaignStore}: round trips, the load path
 * (`loadTail` from the start, from `since` and from a snapshot, whose fold
 * equals the fold of every event; snapshots kept newest first; what a load
 * returns cannot change the stored events), the expected-version matrix (8
 * cases) and the whole-campaign check (`expectedPosition`), a conflict
 * writes nothing, concurrent appends with the same expectation have exactly
 * one winner, command ids are unique, the outbox is written atomically with
 * the events and keeps an intent of every kind, claims are exclusive,
 * marking delivered is idempotent, and every stored event is a link of its
 * stream's hash chain (`loadChain`, as `chainEvents` makes it, accepted by
 * `verifyLog`).
 * `makeStore` must return an empty store each time.
 * @example
 * import { describe, it, expect } from 'vitest'
 * import { campaignStoreContract, InMemoryCampaignStore } from 'access-review-core/testing'
 * // in a test file:
 * export const register = (): void => campaignStoreContract(() => new InMemoryCampaignStore(), { describe, it, expect })
 * @since 0.1.0
 * @category Contract suites
 */
export const campaignStoreContract = (makeStore: () => CampaignStore | Promise<CampaignStore>, { describe, it, expect }: TestApi): void => {
  const c = campaignOf('contract-c1')
  const ok = (r: E.Either<unknown, unknown>): void => expect(E.isRight(r) ? 'Right' : r.left).toBe('Right')

  describe('CampaignStore contract', () => {
    it('an unknown campaign loads as no events and no streams', async () => {
      const store = await makeStore()
      expect(await store.loadCampaign(c)).toEqual(E.right({ events: [], versions: {} }))
      expect(await store.loadTail(c, { streams: [streamC(c)] })).toEqual(E.right({ from: 0, events: [], position: 0, versions: { [streamC(c)]: { _tag: 'noStream' } }, snapshotPosition: 0 }))
      expect(await store.loadPacket(c, must(SubjectId, 'p1'))).toEqual(E.right({ stream: streamP(c, 'p1'), events: [], version: { _tag: 'noStream' } }))
    })

    it('append then load gives the events back in append order across streams, with versions', async () => {
      const store = await makeStore()
      ok(await store.append(req(c, [write(streamC(c), NO_STREAM, [overdue()])])))
      ok(await store.append(req(c, [write(streamP(c, 'p1'), NO_STREAM, [levelStarted('p1'), levelStarted('p1')])])))
      ok(await store.append(req(c, [write(streamC(c), exact(0), [overdue()]), write(streamP(c, 'p2'), NO_STREAM, [levelStarted('p2')])])))
      const loaded = await store.loadCampaign(c)
      expect(loaded).toEqual(
        E.right({
          events: [overdue(), levelStarted('p1'), levelStarted('p1'), overdue(), levelStarted('p2')],
          versions: { [streamC(c)]: exact(1), [streamP(c, 'p1')]: exact(1), [streamP(c, 'p2')]: exact(0) },
        }),
      )
      expect(await store.loadPacket(c, must(SubjectId, 'p1'))).toEqual(E.right({ stream: streamP(c, 'p1'), events: [levelStarted('p1'), levelStarted('p1')], version: exact(1) }))
      expect(await store.loadCampaign(campaignOf('contract-other'))).toEqual(E.right({ events: [], versions: {} }))
    })

    it('the hash chain: loadChain gives one link per stored event, in append order, that verifyLog accepts; a refused append adds no link', async () => {
      const store = await makeStore()
      expect(await store.loadChain(c)).toEqual(E.right([]))
      ok(await store.append(req(c, [write(streamC(c), NO_STREAM, [overdue()])])))
      ok(await store.append(req(c, [write(streamP(c, 'p1'), NO_STREAM, [levelStarted('p1'), levelStarted('p1')])])))
      expect(E.isLeft(await store.append(req(c, [write(streamP(c, 'p1'), NO_STREAM, [levelStarted('p1')])])))).toBe(true)
      ok(await store.append(req(c, [write(streamC(c), exact(0), [overdue()]), write(streamP(c, 'p2'), NO_STREAM, [levelStarted('p2')])])))
      const chain = await store.loadChain(c)
      const links = E.isRight(chain) ? chain.right : []
      const loaded = await store.loadCampaign(c)
      expect(links.map((l) => l.event)).toEqual(E.isRight(loaded) ? loaded.right.events : loaded)
      expect(links.map((l) => [l.position, l.stream, l.version])).toEqual([
        [0, streamC(c), 0],
        [1, streamP(c, 'p1'), 0],
        [2, streamP(c, 'p1'), 1],
        [3, streamC(c), 1],
        [4, streamP(c, 'p2'), 0],
      ])
      expect(links[3]?.prev).toBe(links[0]?.hash)
      expect(links[1]?.prev).toBe(GENESIS_HASH)
      // the same events chained from nothing give the same links: the chain is a function of the log
      const again = chainEvents({ position: 0, heads: {} }, links.map((l) => ({ stream: l.stream, event: l.event })))
      expect(E.isRight(again) ? again.right.links : again).toEqual(links)
      const verified = verifyLog(links)
      expect(E.isRight(verified) ? verified.right.position : verified).toBe(5)
      expect(await store.loadChain(campaignOf('contract-other'))).toEqual(E.right([]))
    })

    it('loadTail: from the start, every event in append order, the position and the versions of the asked streams only; with `since`, the events after it', async () => {
      const store = await makeStore()
      ok(await store.append(req(c, [write(streamC(c), NO_STREAM, [overdue()])])))
      ok(await store.append(req(c, [write(streamP(c, 'p1'), NO_STREAM, [levelStarted('p1'), levelStarted('p1')])])))
      const third = await store.append(req(c, [write(streamC(c), exact(0), [overdue()]), write(streamP(c, 'p2'), NO_STREAM, [levelStarted('p2')])]))
      expect(E.isRight(third) ? third.right.position : third).toBe(5)
      const all = [overdue(), levelStarted('p1'), levelStarted('p1'), overdue(), levelStarted('p2')]
      expect(await store.loadTail(c, { streams: [streamP(c, 'p1'), streamP(c, 'p9')] })).toEqual(
        E.right({ from: 0, events: all, position: 5, versions: { [streamP(c, 'p1')]: exact(1), [streamP(c, 'p9')]: { _tag: 'noStream' } }, snapshotPosition: 0 }),
      )
      for (const since of [0, 2, 5]) {
        expect(await store.loadTail(c, { since, streams: [streamC(c)] })).toEqual(
          E.right({ from: since, events: all.slice(since), position: 5, versions: { [streamC(c)]: exact(1) }, snapshotPosition: 0 }),
        )
      }
      // a `since` beyond the log (or not a position) is not trusted: the answer starts at 0
      for (const since of [6, -1, 1.5]) {
        const r = await store.loadTail(c, { since, streams: [] })
        expect(E.isRight(r) ? [r.right.from, r.right.events.length, r.right.position] : r).toEqual([0, 5, 5])
      }
      const other = await store.loadTail(campaignOf('contract-other'), { since: 0, streams: [] })
      expect(E.isRight(other) ? [other.right.from, other.right.events, other.right.position] : other).toEqual([0, [], 0])
    })

    it('expectedPosition: the number of events read passes; a lower or higher one conflicts on log:<campaign> and writes nothing', async () => {
      const store = await makeStore()
      ok(await store.append(req(c, [write(streamC(c), NO_STREAM, [overdue()])], { expectedPosition: 0 })))
      ok(await store.append(req(c, [write(streamP(c, 'p1'), ANY, [levelStarted('p1')])], { expectedPosition: 1 })))
      for (const [expectedPosition, expected] of [[1, exact(0)], [3, exact(2)], [0, NO_STREAM]] as const) {
        const r = await store.append(
          req(c, [write(streamP(c, 'p2'), ANY, [levelStarted('p2')])], {
            expectedPosition,
            outbox: [intentOf(c, `n-${expectedPosition}`)],
            command: { commandId: cmdId(`k-${expectedPosition}`), fingerprint: 'f', result: { _tag: 'accepted', at: T0, events: [] } },
          }),
        )
        expect(E.isLeft(r) && r.left.code === 'VersionConflict' ? { stream: r.left.stream, expected: r.left.expected, actual: r.left.actual } : r).toEqual({
          stream: `log:${c}`,
          expected,
          actual: exact(1),
        })
        expect(await store.findCommand(c, cmdId(`k-${expectedPosition}`))).toEqual(E.right(undefined))
      }
      const loaded = await store.loadTail(c, { streams: [streamP(c, 'p2')] })
      expect(E.isRight(loaded) ? [loaded.right.position, loaded.right.versions] : loaded).toEqual([2, { [streamP(c, 'p2')]: { _tag: 'noStream' } }])
      expect(await store.undelivered(undefined, T0)).toEqual(E.right([]))
      // the stream checks come first: a failed one is reported even when the position is wrong too
      const both = await store.append(req(c, [write(streamC(c), exact(5), [overdue()])], { expectedPosition: 9 }))
      expect(E.isLeft(both) && both.left.code === 'VersionConflict' ? both.left.stream : both).toBe(streamC(c))
    })

    it('concurrent appends to different streams with the same expectedPosition: exactly one wins', async () => {
      const store = await makeStore()
      ok(await store.append(req(c, [write(streamC(c), NO_STREAM, [overdue()])])))
      const rs = await Promise.all(['p1', 'p2', 'p3', 'p4'].map((p) => store.append(req(c, [write(streamP(c, p), ANY, [levelStarted(p)])], { expectedPosition: 1 }))))
      expect(rs.filter(E.isRight).length).toBe(1)
      expect(rs.filter(E.isLeft).map((r) => (r.left.code === 'VersionConflict' ? [r.left.stream, r.left.actual] : r.left.code))).toEqual([1, 2, 3].map(() => [`log:${c}`, exact(1)]))
    })

    it('a snapshot: loadTail answers it with the events after it, and folding them gives the state of every event (also as the store keeps it)', async () => {
      const store = await makeStore()
      const log = aCampaignLog(c)
      const at = 3 // after create, publish and one decision
      let events: CampaignEvent[] = []
      for (const [k, request] of log.entries()) {
        ok(await store.append(request))
        events = [...events, ...request.writes.flatMap((w) => w.events)]
        if (k === at - 1) {
          const state = fold(undefined, events)
          if (state === undefined) throw new TypeError('access-review-core/testing: invalid contract fixture')
          ok(await store.saveSnapshot(c, { position: events.length, state }))
        }
      }
      const snapshotPosition = log.slice(0, at).reduce((n, r) => n + r.writes.reduce((m, w) => m + w.events.length, 0), 0)
      const whole = fold(undefined, events)
      const tail = await store.loadTail(c, { streams: [] })
      if (E.isLeft(tail)) throw new Error('loadTail failed')
      expect([tail.right.from, tail.right.snapshot?.position, tail.right.snapshotPosition, tail.right.position]).toEqual([snapshotPosition, snapshotPosition, snapshotPosition, events.length])
      expect(tail.right.events).toEqual(events.slice(snapshotPosition))
      expect(project(tail.right.snapshot?.state)).toEqual(project(fold(undefined, events.slice(0, snapshotPosition))))
      expect(project(stateOfTail(tail.right, undefined))).toEqual(project(whole))
      // from a position held by the caller: the events after it, or the snapshot and the events after that
      const held = fold(undefined, events.slice(0, 2))
      const from2 = await store.loadTail(c, { since: 2, streams: [] })
      if (E.isRight(from2)) {
        expect(from2.right.from === 2 || from2.right.from === from2.right.snapshot?.position).toBe(true)
        expect(project(stateOfTail(from2.right, held))).toEqual(project(whole))
      } else expect(from2).toBe('Right')
      // the full load is not changed by a snapshot
      const full = await store.loadCampaign(c)
      expect(E.isRight(full) ? full.right.events : full).toEqual(events)
    })

    it('a snapshot older than the one kept, or beyond the log, does not replace it', async () => {
      const store = await makeStore()
      const log = aCampaignLog(c)
      let events: CampaignEvent[] = []
      for (const request of log) {
        ok(await store.append(request))
        events = [...events, ...request.writes.flatMap((w) => w.events)]
      }
      const stateAt = (n: number): CampaignState => {
        const s = fold(undefined, events.slice(0, n))
        if (s === undefined) throw new TypeError('access-review-core/testing: invalid contract fixture')
        return s
      }
      const latest = async (): Promise<unknown> => {
        const r = await store.loadTail(c, { streams: [] })
        return E.isRight(r) ? [r.right.snapshotPosition, r.right.snapshot?.position, project(stateOfTail(r.right, undefined))] : r
      }
      expect(await latest()).toEqual([0, undefined, project(stateAt(events.length))])
      await store.saveSnapshot(c, { position: events.length + 1, state: stateAt(events.length) })
      expect(await latest()).toEqual([0, undefined, project(stateAt(events.length))])
      ok(await store.saveSnapshot(c, { position: 4, state: stateAt(4) }))
      await store.saveSnapshot(c, { position: 3, state: stateAt(3) })
      expect(await latest()).toEqual([4, 4, project(stateAt(events.length))])
      ok(await store.saveSnapshot(c, { position: events.length, state: stateAt(events.length) }))
      const r = await store.loadTail(c, { streams: [] })
      expect(E.isRight(r) ? [r.right.from, r.right.events, r.right.snapshotPosition] : r).toEqual([events.length, [], events.length])
      await store.saveSnapshot(campaignOf('contract-other'), { position: 1, state: stateAt(1) })
      const other = await store.loadTail(campaignOf('contract-other'), { streams: [] })
      expect(E.isRight(other) ? [other.right.snapshot, other.right.snapshotPosition, other.right.position] : other).toEqual([undefined, 0, 0])
    })

    it('what a load returns cannot change the stored events', async () => {
      const store = await makeStore()
      ok(await store.append(req(c, [write(streamP(c, 'p1'), NO_STREAM, [levelStarted('p1')])])))
      const tamper = (events: ReadonlyArray<CampaignEvent>): void => {
        try {
          const e = events[0] as { type: string; level?: number } | undefined
          if (e !== undefined) {
            e.type = 'CampaignOverdue'
            e.level = 9
          }
          ;(events as CampaignEvent[]).push(overdue())
        } catch {
          // frozen: as good as a copy
        }
      }
      const loads: ReadonlyArray<() => Promise<E.Either<unknown, { readonly events: ReadonlyArray<CampaignEvent> }>>> = [
        () => store.loadTail(c, { streams: [] }),
        () => store.loadCampaign(c),
        () => store.loadPacket(c, must(SubjectId, 'p1')),
      ]
      for (const load of loads) {
        const r = await load()
        if (E.isRight(r)) tamper(r.right.events)
      }
      expect(await store.loadTail(c, { streams: [] })).toEqual(E.right({ from: 0, events: [levelStarted('p1')], position: 1, versions: {}, snapshotPosition: 0 }))
      expect(await store.loadPacket(c, must(SubjectId, 'p1'))).toEqual(E.right({ stream: streamP(c, 'p1'), events: [levelStarted('p1')], version: exact(0) }))
    })

    for (const k of matrix) {
      it(`expected-version matrix: ${k.name}`, async () => {
        const store = await makeStore()
        const s = streamC(c)
        for (let i = 0; i < k.existing; i++) ok(await store.append(req(c, [write(s, ANY, [overdue()])])))
        const r = await store.append(req(c, [write(s, k.expected, [overdue()])]))
        if (k.ok) {
          expect(r).toEqual(E.right({ versions: { [s]: exact(k.existing) }, position: k.existing + 1 }))
        } else {
          expect(E.isLeft(r) && r.left.code === 'VersionConflict' ? { stream: r.left.stream, expected: r.left.expected, actual: r.left.actual } : r).toEqual({
            stream: s,
            expected: k.expected,
            actual: k.actual,
          })
        }
        const after = await store.loadCampaign(c)
        expect(E.isRight(after) ? after.right.events.length : -1).toBe(k.existing + (k.ok ? 1 : 0))
      })
    }

    it('a conflict on any stream writes nothing: no events, no outbox entry, no command record', async () => {
      const store = await makeStore()
      ok(await store.append(req(c, [write(streamC(c), NO_STREAM, [overdue()])])))
      const before = await store.loadCampaign(c)
      const r = await store.append(
        req(c, [write(streamP(c, 'p1'), NO_STREAM, [levelStarted('p1')]), write(streamC(c), exact(7), [overdue()])], {
          outbox: [intentOf(c, 'n-1')],
          command: { commandId: cmdId('k-1'), fingerprint: 'f', result: { _tag: 'accepted', at: T0, events: [] } },
        }),
      )
      expect(E.isLeft(r) ? r.left.code : 'Right').toBe('VersionConflict')
      expect(await store.loadCampaign(c)).toEqual(before)
      expect(await store.undelivered(undefined, T0)).toEqual(E.right([]))
      expect(await store.findCommand(c, cmdId('k-1'))).toEqual(E.right(undefined))
    })

    it('a version check without events (a read dependency) conflicts like a write and creates no stream', async () => {
      const store = await makeStore()
      ok(await store.append(req(c, [write(streamC(c), NO_STREAM, [overdue()])])))
      ok(await store.append(req(c, [write(streamP(c, 'p1'), NO_STREAM, [levelStarted('p1')]), write(streamC(c), exact(0), [])])))
      const r = await store.append(req(c, [write(streamP(c, 'p1'), exact(0), [levelStarted('p1')]), write(streamC(c), NO_STREAM, [])]))
      expect(E.isLeft(r) && r.left.code === 'VersionConflict' ? r.left.stream : 'no conflict').toBe(streamC(c))
      ok(await store.append(req(c, [write(streamP(c, 'p9'), NO_STREAM, [])])))
      const loaded = await store.loadCampaign(c)
      expect(E.isRight(loaded) ? loaded.right.versions : undefined).toEqual({ [streamC(c)]: exact(0), [streamP(c, 'p1')]: exact(0) })
    })

    it('concurrent appends with the same expected version: exactly one wins, the others conflict with the actual version', async () => {
      const store = await makeStore()
      ok(await store.append(req(c, [write(streamP(c, 'p1'), NO_STREAM, [levelStarted('p1')])])))
      const rs = await Promise.all([1, 2, 3, 4, 5].map(() => store.append(req(c, [write(streamP(c, 'p1'), exact(0), [levelStarted('p1')])]))))
      expect(rs.filter(E.isRight).length).toBe(1)
      expect(rs.filter(E.isLeft).map((r) => (r.left.code === 'VersionConflict' ? r.left.actual : r.left.code))).toEqual([exact(1), exact(1), exact(1), exact(1)])
      const loaded = await store.loadPacket(c, must(SubjectId, 'p1'))
      expect(E.isRight(loaded) ? loaded.right.events.length : -1).toBe(2)
    })

    it('appends to different streams never conflict with each other', async () => {
      const store = await makeStore()
      const rs = await Promise.all(['p1', 'p2', 'p3'].map((p) => store.append(req(c, [write(streamP(c, p), NO_STREAM, [levelStarted(p)])]))))
      expect(rs.every(E.isRight)).toBe(true)
    })

    it('a command id is recorded once: a second append with it is DuplicateCommand, carries the first record and writes nothing', async () => {
      const store = await makeStore()
      const first = { commandId: cmdId('k-1'), fingerprint: 'f1', result: { _tag: 'accepted' as const, at: T0, events: [overdue()] } }
      ok(await store.append(req(c, [write(streamC(c), NO_STREAM, [overdue()])], { command: first })))
      expect(await store.findCommand(c, cmdId('k-1'))).toEqual(E.right(first))
      const again = await store.append(
        req(c, [write(streamC(c), ANY, [overdue()])], { command: { ...first, fingerprint: 'f2' }, outbox: [intentOf(c, 'n-2')] }),
      )
      expect(E.isLeft(again) && again.left.code === 'DuplicateCommand' ? again.left.first : again).toEqual(first)
      const loaded = await store.loadCampaign(c)
      expect(E.isRight(loaded) ? loaded.right.events.length : -1).toBe(1)
      expect(await store.undelivered(undefined, T0)).toEqual(E.right([]))
      expect(await store.findCommand(campaignOf('contract-other'), cmdId('k-1'))).toEqual(E.right(undefined))
      const rs = await Promise.all([1, 2, 3].map(() => store.append(req(c, [], { command: { ...first, commandId: cmdId('k-2') } }))))
      expect(rs.filter(E.isRight).length).toBe(1)
    })

    it('the outbox is written with the events, once per intent id, in order', async () => {
      const store = await makeStore()
      ok(await store.append(req(c, [write(streamC(c), NO_STREAM, [overdue()])], { outbox: [intentOf(c, 'n-1'), intentOf(c, 'n-2')] })))
      ok(await store.append(req(c, [write(streamC(c), exact(0), [overdue()])], { outbox: [intentOf(c, 'n-2'), intentOf(c, 'n-3')] })))
      const pending = await store.undelivered(c, T0)
      expect(E.isRight(pending) ? pending.right.map((e) => [e.intent.id, e.campaignId, e.delivered]) : pending).toEqual([
        ['n-1', c, false],
        ['n-2', c, false],
        ['n-3', c, false],
      ])
      expect(await store.undelivered(campaignOf('contract-other'), T0)).toEqual(E.right([]))
    })

    it('the outbox keeps an intent of every kind and lists it back as it was written', async () => {
      const store = await makeStore()
      const intents = notificationKinds.map((kind, n) => intentOf(c, `k-${n}`, kind))
      ok(await store.append(req(c, [write(streamC(c), NO_STREAM, [overdue()])], { outbox: intents })))
      const pending = await store.undelivered(c, T0)
      expect(E.isRight(pending) ? pending.right.map((e) => e.intent) : pending).toEqual(intents)
    })

    it('a claim is exclusive until it expires or is released', async () => {
      const store = await makeStore()
      ok(await store.append(req(c, [write(streamC(c), NO_STREAM, [overdue()])], { outbox: [intentOf(c, 'n-1')] })))
      const later = instant('2030-05-01T10:05:00Z')
      const claims = await Promise.all([1, 2, 3].map(() => store.claim('n-1', T0, later)))
      expect(claims.filter((r) => E.isRight(r) && r.right).length).toBe(1)
      expect(await store.undelivered(c, T0)).toEqual(E.right([]))
      const expired = await store.undelivered(c, instant('2030-05-01T10:06:00Z'))
      expect(E.isRight(expired) ? expired.right.map((e) => e.intent.id) : expired).toEqual(['n-1'])
      expect(await store.claim('n-1', instant('2030-05-01T10:06:00Z'), instant('2030-05-01T10:11:00Z'))).toEqual(E.right(true))
      ok(await store.release('n-1'))
      expect(await store.claim('n-1', instant('2030-05-01T10:06:00Z'), instant('2030-05-01T10:11:00Z'))).toEqual(E.right(true))
      expect(await store.claim('unknown', T0, later)).toEqual(E.right(false))
    })

    it('mark delivered is idempotent and a delivered entry is never listed or claimed again', async () => {
      const store = await makeStore()
      ok(await store.append(req(c, [write(streamC(c), NO_STREAM, [overdue()])], { outbox: [intentOf(c, 'n-1'), intentOf(c, 'n-2')] })))
      ok(await store.markDelivered('n-1'))
      ok(await store.markDelivered('n-1'))
      ok(await store.markDelivered('never-stored'))
      const pending = await store.undelivered(undefined, instant('2031-01-01T00:00:00Z'))
      expect(E.isRight(pending) ? pending.right.map((e) => e.intent.id) : pending).toEqual(['n-2'])
      expect(await store.claim('n-1', T0, instant('2030-05-01T10:05:00Z'))).toEqual(E.right(false))
    })

    it("lists a reviewer's pending items ('my tasks')", async () => {
      const store = await makeStore()
      const definition = aDefinition({ id: 'contract-tasks', reviewers: { order: ['riskManager'], count: 1 }, riskManagers: ['rick'] })
      const rita = actor('rita', 'riskManager')
      const { state, results } = run([
        { type: 'create', at: instant('2025-01-02T09:00:00Z'), actor: rita, definition, items: [anItem('i1', 's-bob'), anItem('i2', 's-ann')] },
        {
          type: 'publish',
          at: instant('2025-01-03T09:00:00Z'),
          actor: rita,
          directory: aDirectory({ users: [{ id: 'rick' }, { id: 'bob' }, { id: 'ann' }], subjects: [{ id: 's-bob', user: 'bob' }, { id: 's-ann', user: 'ann' }] }),
        },
      ])
      const events = results.flatMap((r) => (r.ok ? r.events : []))
      expect(state?.campaign.status).toBe('inProgress')
      const writes = new Map<string, CampaignEvent[]>()
      for (const e of events) writes.set(streamOf(definition.id, e), [...(writes.get(streamOf(definition.id, e)) ?? []), e])
      ok(await store.append(req(definition.id, [...writes].map(([s, es]) => write(s, NO_STREAM, es)))))
      const tasks = await store.tasksOf(must(UserId, 'rick'))
      const sorted = E.isRight(tasks) ? [...tasks.right].map((x) => `${x.campaignId}/${x.packetId}/${x.itemId}`).sort() : tasks
      expect(sorted).toEqual(['contract-tasks/s-ann/i2', 'contract-tasks/s-bob/i1'])
      expect(await store.tasksOf(must(UserId, 'nobody'))).toEqual(E.right([]))
    })
  })
}

/**
 * The contract of a {@link Notifier}: a delivery reaches its recipient, and
 * the intent id is the idempotency key (the same intent delivered twice, or
 * concurrently, is received once; different intents are all received).
 * `make` must return a fresh notifier and its probe each time.
 * @example
 * import { describe, it, expect } from 'vitest'
 * import { notifierContract, InMemoryNotifier } from 'access-review-core/testing'
 * // in a test file:
 * export const register = (): void =>
 *   notifierContract(async () => {
 *     const notifier = new InMemoryNotifier()
 *     return { notifier, received: async () => notifier.delivered.map((i) => i.id) }
 *   }, { describe, it, expect })
 * @since 0.1.0
 * @category Contract suites
 */
export const notifierContract = (make: () => Promise<NotifierUnderTest>, { describe, it, expect }: TestApi): void => {
  const c = campaignOf('contract-n1')
  describe('Notifier contract', () => {
    it('delivers an intent to its recipient', async () => {
      const { notifier, received } = await make()
      expect(E.isRight(await notifier.deliver(intentOf(c, 'n-1')))).toBe(true)
      expect(await received()).toEqual(['n-1'])
    })

    it('the same intent delivered twice is received once', async () => {
      const { notifier, received } = await make()
      expect(E.isRight(await notifier.deliver(intentOf(c, 'n-1')))).toBe(true)
      expect(E.isRight(await notifier.deliver(intentOf(c, 'n-1')))).toBe(true)
      expect(await received()).toEqual(['n-1'])
    })

    it('the same intent delivered concurrently is received once', async () => {
      const { notifier, received } = await make()
      const rs = await Promise.all([1, 2, 3].map(() => notifier.deliver(intentOf(c, 'n-1'))))
      expect(rs.every(E.isRight)).toBe(true)
      expect(await received()).toEqual(['n-1'])
    })

    it('different intents are all received', async () => {
      const { notifier, received } = await make()
      for (const id of ['n-1', 'n-2', 'n-3']) expect(E.isRight(await notifier.deliver(intentOf(c, id)))).toBe(true)
      expect([...(await received())].sort()).toEqual(['n-1', 'n-2', 'n-3'])
    })
  })
}
