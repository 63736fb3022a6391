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
import type { CampaignEvent } from '../campaign/event.js'
import { streamOf } from '../campaign/event.js'
import type { NotificationIntent } from '../campaign/notification.js'
import { decodeWith } from '../shared/codec.js'
import { CampaignId, CommandId, ItemId, SubjectId, UserId } from '../shared/ids.js'
import { Instant } from '../schedule/time.js'
import type { Notifier } from '../ports/notifier.js'
import type { AppendRequest, CampaignStore, ExpectedVersion, StreamVersion, StreamWrite } from '../ports/store.js'
import { aDefinition, aDirectory, actor, anItem, at as instant, run } from './builders.js'

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
const intentOf = (c: CampaignId, id: string): NotificationIntent => ({
  id,
  kind: 'campaignReminder',
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
 * The contract of a {@link CampaignStore}: round trips, the expected-version
 * matrix (8 cases), a conflict writes nothing, concurrent appends with the
 * same expectation have exactly one winner, command ids are unique, the
 * outbox is written atomically with the events, claims are exclusive, and
 * marking delivered is idempotent. `makeStore` must return an empty store
 * each time.
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

    for (const k of matrix) {
      it(`expected-version matrix: ${k.name}`, async () => {
        const store = await makeStore()
        const s = streamC(c)
        for (let i = 0; i < k.existing; i++) ok(await store.append(req(c, [write(s, ANY, [overdue()])])))
        const r = await store.append(req(c, [write(s, k.expected, [overdue()])]))
        if (k.ok) {
          expect(r).toEqual(E.right({ versions: { [s]: exact(k.existing) } }))
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
