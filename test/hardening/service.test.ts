// Issue 8, the service edge (items 4, 10, 12, 13, 14 and 15): each test is
// named after the item it pins. Port deadlines are short (20 ms) or driven by
// fake timers, so no test waits for seconds.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CampaignStore, Clock, Fulfiller, Notifier, Ports, ServiceFailure, ServiceOptions } from '../../src/index.js'
import { CommandId, fold, fulfillmentResultOf, makeService } from '../../src/index.js'
import { derivedId, fulfillmentCommandId } from '../../src/service/ids.js'
import { decodeServiceCommand } from '../../src/service/service.js'
import { aDefinition, aDirectory, actor, anItem, at, InMemoryCampaignStore, InMemoryFulfiller, InMemoryNotifier, TestClock } from '../../src/testing/index.js'
import { campaignId, cmd, decideCmd, published, rita, T0, world } from '../service/fixture.js'
import { runs } from '../support/runs.js'

const FAST: ServiceOptions = { portTimeoutMs: 20 }
const never = <A>(): Promise<A> => new Promise<A>(() => undefined)
const codeOf = (r: E.Either<ServiceFailure, unknown>): string => (E.isLeft(r) ? r.left.code : 'Right')
const stateOf = (store: InMemoryCampaignStore, id = campaignId) => fold(undefined, store.eventsOf(id).map((e) => e.event))

afterEach(() => {
  vi.useRealTimers()
})

// -------------------------------------------------------------------------------------
// item 4
// -------------------------------------------------------------------------------------

describe('issue 8, item 4: derived ids are fixed-length', () => {
  const long = (n: number, c: string): string => c.repeat(n)
  const items = [long(200, 'a'), long(193, 'b'), long(192, 'c'), 'i-short']
  const definition = aDefinition({ id: 'svc-long', riskManagers: ['rick'], reviewers: { order: ['riskManager'], count: 1 } })
  const setup = async (fulfiller = new InMemoryFulfiller()) => {
    const store = new InMemoryCampaignStore()
    const clock = new TestClock(T0)
    const ports: Ports = { store, notifier: new InMemoryNotifier(), fulfiller, clock }
    const service = makeService(ports)
    const steps = [
      { type: 'create', actor: rita, definition, items: items.map((i) => anItem(i, 's-a')) },
      { type: 'setFulfillment', actor: actor('rita', 'administrator'), application: 'app', option: 'automatic' },
      { type: 'publish', actor: rita, directory: aDirectory({ users: [{ id: 'rick' }, { id: 'ann' }], subjects: [{ id: 's-a', user: 'ann' }] }) },
      { type: 'decide', actor: actor('rick'), items, decision: 'revoke' },
      { type: 'complete', actor: rita },
    ]
    for (const [k, step] of steps.entries()) {
      const r = await service.handle(definition.id, `setup-${k}`, step)
      if (E.isLeft(r) || r.right.result._tag !== 'accepted') throw new Error(`setup step ${k}: ${JSON.stringify(r)}`)
    }
    return { store, service, ports }
  }

  it('4. fulfill() with a 200-character item id (and 193, 192) records each result once; the connector runs once per item and later items are fulfilled too', async () => {
    const fulfiller = new InMemoryFulfiller()
    const { store, service } = await setup(fulfiller)
    const r = await service.fulfill(definition.id, rita)
    expect(E.isRight(r) && r.right.recorded.map((h) => [h.result._tag, h.commandId.length])).toEqual(items.map(() => ['accepted', 40]))
    expect(fulfiller.executed.map((a) => a.itemId)).toEqual(items)
    const after = stateOf(store, definition.id)
    expect(after === undefined ? undefined : [items.map((i) => fulfillmentResultOf(after, i)), after.campaign.results.byItem.size, after.campaign.results.done]).toEqual([items.map(() => 'done'), items.length, items.length])
    const again = await service.fulfill(definition.id, rita)
    expect(E.isRight(again) && again.right).toEqual({ recorded: [], unavailable: [] })
    expect(fulfiller.executed.length).toBe(items.length)
  })

  it('4. derived ids: `fulfill:` and 32 hex digits for any item id, a valid command id, distinct for distinct ids (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), (a, b) => {
        const id = fulfillmentCommandId(a)
        expect(id).toMatch(/^fulfill:[0-9a-f]{32}$/)
        expect(CommandId.is(id)).toBe(true)
        if (a !== b) expect(fulfillmentCommandId(b)).not.toBe(id)
      }),
      { numRuns: runs(2_000) },
    )
    // parts are hashed as a list: separators and lone surrogates cannot make two lists alike
    expect(derivedId('x', ['a:b', 'c'])).not.toBe(derivedId('x', ['a', 'b:c']))
    expect(derivedId('x', ['\ud800'])).not.toBe(derivedId('x', ['\ud801']))
  })

  it('4. nothing throws after a connector ran: a store failing the record gives a Left, and the next pass runs the connector again and records it', async () => {
    const fulfiller = new InMemoryFulfiller()
    const { store, ports } = await setup(fulfiller)
    let failAppend = true
    const flaky: CampaignStore = { ...store, append: (req) => (failAppend ? Promise.reject(new Error('disk full')) : store.append(req)) }
    const service = makeService({ ...ports, store: flaky }, FAST)
    const r = await service.fulfill(definition.id, rita)
    expect(E.isLeft(r) && r.left).toMatchObject({ code: 'StoreUnavailable', reason: 'rejected' })
    expect(fulfiller.executed.length).toBe(1)
    failAppend = false
    const again = await service.fulfill(definition.id, rita)
    expect(E.isRight(again) && again.right.recorded.length).toBe(items.length)
    expect(fulfiller.executed.map((a) => a.itemId)).toEqual([items[0], ...items])
  })

  it('4. an actor who may not record results runs no connector (refused before any action)', async () => {
    const fulfiller = new InMemoryFulfiller()
    const { service } = await setup(fulfiller)
    const r = await service.fulfill(definition.id, actor('ann'))
    expect(E.isRight(r) && r.right.refused?.code).toBe('NotAuthorized')
    expect(fulfiller.executed).toEqual([])
  })
})

// -------------------------------------------------------------------------------------
// item 10
// -------------------------------------------------------------------------------------

describe('issue 8, item 10: ServiceOptions are decoded', () => {
  const ports = (): Ports => ({ store: new InMemoryCampaignStore(), notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock: new TestClock(T0) })

  it('10. maxAttempts: NaN or Infinity gives InvalidServiceConfig at options.maxAttempts on every call, and no port is called', async () => {
    for (const maxAttempts of [Number.NaN, Infinity, -Infinity]) {
      let calls = 0
      const p = ports()
      const counted: CampaignStore = {
        ...p.store,
        findCommand: (...args) => (calls++, p.store.findCommand(...args)),
        loadTail: (...args) => (calls++, p.store.loadTail(...args)),
        loadCampaign: (...args) => (calls++, p.store.loadCampaign(...args)),
      }
      const service = makeService({ ...p, store: counted }, { maxAttempts })
      expect(E.isLeft(service.config) && service.config.left.problems).toEqual([{ path: 'options.maxAttempts', expected: 'a whole number from 1 to 100' }])
      const rs = await Promise.all([
        service.handle(campaignId, 'k', { type: 'abort', actor: rita }),
        service.tick(campaignId),
        service.dispatch(),
        service.fulfill(campaignId, rita),
      ])
      expect(rs.map(codeOf)).toEqual(['InvalidServiceConfig', 'InvalidServiceConfig', 'InvalidServiceConfig', 'InvalidServiceConfig'])
      expect(calls).toBe(0)
    }
  })

  it('10. every option: its bounds are accepted, one past them (and fractions, strings, -0) refused; unknown keys refused; defaults filled in', () => {
    const bounds = {
      maxAttempts: [1, 100],
      claimMinutes: [1, 1_440],
      portTimeoutMs: [1, 300_000],
      maxClockSkewMs: [0, 3_600_000],
      snapshotEvery: [1, 1_000_000],
      snapshotEventsPerItem: [0, 1_000],
      cachedCampaigns: [0, 100_000],
    } as const
    // a port call of 300 s needs a claim of 10 minutes (at most half a claim: the next test)
    const beside: Partial<Record<string, ServiceOptions>> = { portTimeoutMs: { claimMinutes: 10 } }
    for (const [key, [min, max]] of Object.entries(bounds)) {
      for (const ok of [min, max]) expect(E.isRight(makeService(ports(), { ...beside[key], [key]: ok }).config), `${key} = ${ok}`).toBe(true)
      for (const bad of [min - 1, max + 1, min + 0.5, `${max}`, -0, null, Number.NaN]) {
        if (Object.is(bad, -0) && min > 0) continue
        const config = makeService(ports(), { ...beside[key], [key]: bad } as ServiceOptions).config
        expect(E.isLeft(config) && config.left.problems.map((p) => p.path), `${key} = ${String(bad)}`).toEqual([`options.${key}`])
      }
    }
    const unknown = makeService(ports(), { retries: 3 } as ServiceOptions).config
    expect(E.isLeft(unknown) && unknown.left.problems.map((p) => p.path)).toEqual(['options.retries'])
    expect(makeService(ports()).config).toEqual(E.right({ maxAttempts: 8, claimMinutes: 5, portTimeoutMs: 5_000, maxClockSkewMs: 300_000, snapshotEvery: 1_000, snapshotEventsPerItem: 1, cachedCampaigns: 16 }))
  })

  it('10. a port call lasts at most half a claim: portTimeoutMs up to claimMinutes × 30,000 is accepted, one more refused at options.portTimeoutMs', () => {
    const config = (claimMinutes: number | undefined, portTimeoutMs: number) => makeService(ports(), { ...(claimMinutes === undefined ? {} : { claimMinutes }), portTimeoutMs }).config
    // the shortest claim keeps the old limit of 30 s; the default claim (5 minutes) allows 150 s; ten minutes the range's 300 s
    for (const [claimMinutes, limit] of [[1, 30_000], [undefined, 150_000], [2, 60_000], [10, 300_000]] as const) {
      expect(E.isRight(config(claimMinutes, limit)), `claimMinutes ${String(claimMinutes)}, ${limit} ms`).toBe(true)
      const over = config(claimMinutes, limit + 1)
      expect(E.isLeft(over) && over.left.problems.map((p) => p.path), `claimMinutes ${String(claimMinutes)}, ${limit + 1} ms`).toEqual(['options.portTimeoutMs'])
    }
    const refused = config(1, 60_000)
    expect(E.isLeft(refused) && refused.left.problems).toEqual([{ path: 'options.portTimeoutMs', expected: 'at most half of claimMinutes (30000 ms with claimMinutes 1)' }])
  })

  it('10. ports missing a function are refused the same way (paths ports.<port>.<function>)', async () => {
    const p = ports()
    const service = makeService({ ...p, store: { ...p.store, append: undefined } as unknown as CampaignStore, clock: {} as Clock })
    expect(E.isLeft(service.config) && service.config.left.problems.map((x) => x.path)).toEqual(['ports.store.append', 'ports.clock.now'])
    expect(codeOf(await service.tick(campaignId))).toBe('InvalidServiceConfig')
    expect(E.isLeft(makeService(undefined as unknown as Ports).config)).toBe(true)
  })

  it('10. makeService never throws, whatever the options (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (options) => {
        const service = makeService(ports(), options as ServiceOptions)
        expect(['Left', 'Right']).toContain(service.config._tag)
      }),
      { numRuns: runs(1_000) },
    )
  })
})

// -------------------------------------------------------------------------------------
// item 12
// -------------------------------------------------------------------------------------

describe('issue 8, item 12: handle decodes what it is given', () => {
  it('12. an undecoded extend with days: -5 is refused with ValidationFailed at command.days, and nothing is recorded', async () => {
    const w = world()
    await published(w)
    const before = w.store.eventsOf(campaignId).length
    const r = await w.service.handle(campaignId, 'x1', { type: 'extend', actor: rita, days: -5, cascade: true })
    expect(E.isLeft(r) && r.left).toMatchObject({ code: 'ValidationFailed', problems: [{ path: 'command.days', expected: 'a whole number from 1 to 3650' }] })
    expect(w.store.eventsOf(campaignId).length).toBe(before)
    expect(await w.store.findCommand(campaignId, cmd('x1'))).toEqual(E.right(undefined))
    // the same id is free for a good command
    const ok = await w.service.handle(campaignId, 'x1', { type: 'extend', actor: rita, days: 5, cascade: true })
    expect(E.isRight(ok) && [ok.right.first, ok.right.result._tag]).toEqual([true, 'accepted'])
  })

  it('12. an unknown command type does not throw: ValidationFailed at command.type', async () => {
    const w = world()
    await published(w)
    const r = await w.service.handle(campaignId, 'x2', { type: 'launchMissiles', actor: rita })
    expect(E.isLeft(r) && r.left.code === 'ValidationFailed' && r.left.problems.map((p) => p.path)).toEqual(['command.type'])
  })

  it('12. ids, unknown keys and non-objects: every problem reported with its path', async () => {
    const w = world()
    const r = await w.service.handle('', 'x'.repeat(201), { type: 'abort', actor: rita, isAdmin: true })
    expect(E.isLeft(r) && r.left.code === 'ValidationFailed' && r.left.problems.map((p) => p.path)).toEqual(['campaignId', 'commandId', 'command.isAdmin'])
    for (const input of [null, undefined, 42, 'abort', [], new Date(0)]) {
      const bad = await w.service.handle(campaignId, 'x3', input)
      expect(E.isLeft(bad) && bad.left.code === 'ValidationFailed' && bad.left.problems.map((p) => p.path)).toEqual(['command'])
    }
    expect(codeOf(await w.service.tick({}))).toBe('ValidationFailed')
    expect(codeOf(await w.service.dispatch(7))).toBe('ValidationFailed')
    const f = await w.service.fulfill(campaignId, { id: 'rita', roles: ['root'] })
    expect(E.isLeft(f) && f.left.code === 'ValidationFailed' && f.left.problems.map((p) => p.path)).toEqual(['actor.roles[0]'])
  })

  it('12. hostile objects (throwing getters, proxies, __proto__ keys) are refused, never thrown', async () => {
    const w = world()
    await published(w)
    const getter = Object.defineProperty({ type: 'abort', actor: rita }, 'at', { enumerable: true, get: () => { throw new Error('gotcha') } })
    const proxy = new Proxy({ type: 'abort', actor: rita }, { ownKeys: () => { throw new Error('gotcha') } })
    const polluted = JSON.parse('{"type":"abort","actor":{"id":"rita","roles":["riskManager"]},"__proto__":{"isAdmin":true}}') as unknown
    for (const input of [getter, proxy, polluted]) expect(codeOf(await w.service.handle(campaignId, 'h', input))).toBe('ValidationFailed')
    expect(decodeServiceCommand(polluted)._tag).toBe('Left')
  })

  it('12. for arbitrary input handle resolves to ValidationFailed or a result, never throws or rejects (property)', async () => {
    const w = world()
    await published(w)
    const command = fc.oneof(
      fc.anything(),
      fc.record({ type: fc.constantFrom('extend', 'decide', 'abort', 'nope'), actor: fc.constant(rita), days: fc.anything(), cascade: fc.anything(), items: fc.anything() }, { requiredKeys: ['type'] }),
    )
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant<unknown>(campaignId), fc.anything()), fc.oneof(fc.string({ unit: 'binary', maxLength: 210 }), fc.anything()), command, async (c, k, input) => {
        const r = await w.service.handle(c, k, input)
        expect(E.isRight(r) || ['ValidationFailed', 'ClockSkew'].includes(r.left.code)).toBe(true)
      }),
      { numRuns: runs(1_000) },
    )
  })
})

// -------------------------------------------------------------------------------------
// item 13
// -------------------------------------------------------------------------------------

describe('issue 8, item 13: delivery is not inline in handle', () => {
  it('13. handle commits and returns without calling the notifier, even one that never answers', async () => {
    const w = world(new InMemoryNotifier({ hang: () => true }), FAST)
    await published(w)
    const r = await w.service.handle(campaignId, 'r1', { type: 'remind', actor: rita, view: 'reviewer', key: 'rick' })
    expect(E.isRight(r) && r.right.result._tag).toBe('accepted')
    expect(w.notifier.calls).toEqual([])
    expect(w.store.outbox().length).toBeGreaterThan(0)
    expect(w.store.outbox().every((e) => !e.delivered)).toBe(true)
  })

  it('13. a retry answered from the command record still gets its intents delivered (they are in the outbox)', async () => {
    const w = world(new InMemoryNotifier({ fail: (_i, attempt) => attempt === 1 }))
    await published(w)
    const first = await w.service.handle(campaignId, 'r2', { type: 'remind', actor: rita, view: 'reviewer', key: 'rick' })
    const intents = E.isRight(first) && first.right.result._tag === 'accepted' ? first.right.result.events.flatMap((e) => (e.type === 'NotificationIssued' ? [e.intent.id] : [])) : []
    expect(intents.length).toBeGreaterThan(0)
    // the process "crashed" before dispatching; a failing pass does not lose them either
    const failing = await w.service.dispatch(campaignId)
    expect(E.isRight(failing) && failing.right.delivered).toEqual([])
    const again = await w.service.handle(campaignId, 'r2', { type: 'remind', actor: rita, view: 'reviewer', key: 'rick' })
    expect(E.isRight(again) && [again.right.first, again.right.attempts]).toEqual([false, 0])
    const sent = await w.service.dispatch(campaignId)
    expect(E.isRight(sent) && sent.right.delivered).toEqual(expect.arrayContaining(intents))
    expect(w.notifier.delivered.map((i) => i.id)).toEqual(expect.arrayContaining(intents))
  })

  it('13. tick appends reminders to the outbox and returns; dispatch delivers them', async () => {
    const w = world()
    await published(w)
    await w.service.dispatch()
    w.clock.set(at('2000-01-02T00:00:00Z'))
    const t = await w.service.tick(campaignId)
    expect(E.isRight(t) && t.right.events.some((e) => e.type === 'NotificationIssued')).toBe(true)
    const before = w.notifier.delivered.length
    await w.service.dispatch()
    expect(w.notifier.delivered.length).toBeGreaterThan(before)
  })
})

// -------------------------------------------------------------------------------------
// item 14
// -------------------------------------------------------------------------------------

describe('issue 8, item 14: every port call has a deadline', () => {
  const hangingStore = (store: CampaignStore, fn: keyof CampaignStore): CampaignStore => ({ ...store, [fn]: () => never() })

  it('14. a store function that never answers gives StoreUnavailable (reason deadline) — not a hang — for each call of the service', async () => {
    const cases: ReadonlyArray<readonly [keyof CampaignStore, string]> = [
      ['findCommand', 'handle'],
      ['loadTail', 'handle'],
      ['append', 'handle'],
      ['loadTail', 'tick'],
      ['append', 'tick'],
      ['undelivered', 'dispatch'],
      ['claim', 'dispatch'],
      ['markDelivered', 'dispatch'],
      ['loadTail', 'fulfill'],
    ]
    for (const [fn, call] of cases) {
      const w = world()
      await published(w)
      w.clock.set(at('2000-01-02T00:00:00Z'))
      const service = makeService({ ...w.ports, store: hangingStore(w.store, fn) }, FAST)
      const r =
        call === 'handle'
          ? await service.handle(campaignId, 'd', decideCmd('approve', 'i1'))
          : call === 'tick'
            ? await service.tick(campaignId)
            : call === 'dispatch'
              ? await service.dispatch()
              : await service.fulfill(campaignId, rita)
      expect(E.isLeft(r) && r.left, `${fn} in ${call}`).toMatchObject({ code: 'StoreUnavailable', reason: 'deadline', message: `the store did not answer ${fn} within 20 ms` })
    }
  })

  it('14. the default deadline is 5,000 ms (fake timers: pending at 4,999 ms, StoreUnavailable at 5,000 ms)', async () => {
    const w = world()
    await published(w)
    vi.useFakeTimers()
    const service = makeService({ ...w.ports, store: hangingStore(w.store, 'loadTail') })
    let settled: E.Either<ServiceFailure, unknown> | undefined
    void service.tick(campaignId).then((r) => (settled = r))
    await vi.advanceTimersByTimeAsync(4_999)
    expect(settled).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(settled !== undefined && E.isLeft(settled) && settled.left).toMatchObject({ code: 'StoreUnavailable', reason: 'deadline' })
  })

  it('14. a notifier that never answers gives NotifierUnavailable; the pass stops there and a later dispatch delivers everything', async () => {
    let calls = 0
    const w = world(new InMemoryNotifier({ hang: () => calls++ === 0 }), FAST)
    await published(w)
    for (const minute of ['01', '02']) {
      w.clock.set(at(`2000-01-01T00:${minute}:00Z`))
      await w.service.handle(campaignId, `remind-${minute}`, { type: 'remind', actor: rita, view: 'reviewer', key: 'rick' })
    }
    const ids = w.store.outbox().map((e) => e.intent.id)
    expect(ids.length).toBeGreaterThan(1)
    const r = await w.service.dispatch()
    expect(E.isRight(r) && r.right).toEqual({
      delivered: [],
      failed: [{ intentId: ids[0], error: { code: 'NotifierUnavailable', reason: 'deadline', message: 'the notifier did not answer deliver within 20 ms' } }],
      deferred: ids.slice(1),
    })
    expect(w.store.outbox().every((e) => !e.delivered && e.claimedUntil === undefined)).toBe(true)
    const again = await w.service.dispatch()
    expect(E.isRight(again) && again.right).toEqual({ delivered: ids, failed: [], deferred: [] })
    expect(w.notifier.delivered.map((i) => i.id)).toEqual(ids)
  })

  it('14. a fulfiller that never answers leaves its item unavailable (FulfillmentUnavailable) and the pass goes on', async () => {
    const w = world()
    await published(w)
    await w.service.handle(campaignId, 'f', { type: 'setFulfillment', actor: actor('rita', 'administrator'), application: 'app', option: 'automatic' })
    await w.service.handle(campaignId, 'r', decideCmd('revoke', 'i1', 'i2'))
    await w.service.handle(campaignId, 'done', { type: 'complete', actor: rita, outstanding: 'keepAccess' })
    const executed: string[] = []
    const fulfiller: Fulfiller = { execute: async (a) => (executed.push(a.itemId), a.itemId === 'i1' ? never() : E.right('done')) }
    const service = makeService({ ...w.ports, fulfiller }, FAST)
    const r = await service.fulfill(campaignId, rita)
    expect(E.isRight(r) && [r.right.unavailable, r.right.recorded.map((h) => h.result._tag)]).toEqual([['i1'], ['accepted']])
    expect(executed).toEqual(['i1', 'i2'])
  })

  it('14. a clock that never answers, rejects or answers a non-instant gives ClockUnavailable', async () => {
    const clocks: ReadonlyArray<readonly [Clock, string]> = [
      [{ now: () => never() }, 'deadline'],
      [{ now: () => Promise.reject(new Error('ntp')) }, 'rejected'],
      [{ now: () => { throw new Error('ntp') } }, 'rejected'],
      [{ now: async () => Number.NaN as never }, 'malformed'],
      [{ now: async () => 1.5 as never }, 'malformed'],
    ]
    for (const [clock, reason] of clocks) {
      const w = world()
      await published(w)
      const service = makeService({ ...w.ports, clock }, FAST)
      for (const r of [await service.handle(campaignId, 'c', decideCmd('approve', 'i1')), await service.tick(campaignId), await service.dispatch()]) {
        expect(E.isLeft(r) && r.left).toMatchObject({ code: 'ClockUnavailable', reason })
      }
    }
  })

  it('14. rejected, thrown and malformed answers of any port are typed Lefts, never rejections', async () => {
    const w = world()
    await published(w)
    const notifier: Notifier = { deliver: () => Promise.resolve('sent' as never) }
    const variants: ReadonlyArray<readonly [Partial<Ports>, string]> = [
      [{ store: { ...w.store, loadTail: () => Promise.reject(new Error('boom')) } }, 'rejected'],
      [{ store: { ...w.store, loadTail: () => { throw new Error('boom') } } }, 'rejected'],
      [{ store: { ...w.store, loadTail: async () => ({ _tag: 'Right', right: { from: 0, events: 'nope', position: 0, versions: {}, snapshotPosition: 0 } }) as never } }, 'malformed'],
      // a tail that does not add up, or that follows a position the service holds no state of
      [{ store: { ...w.store, loadTail: async () => E.right({ from: 0, events: [], position: 3, versions: {}, snapshotPosition: 0 }) } }, 'malformed'],
      [{ store: { ...w.store, loadTail: async () => E.right({ from: 2, events: [], position: 2, versions: {}, snapshotPosition: 0 }) } }, 'malformed'],
      [{ store: { ...w.store, loadTail: async () => E.right({ from: -1, events: [], position: -1, versions: {}, snapshotPosition: 0 }) } }, 'malformed'],
      [{ store: { ...w.store, findCommand: async () => undefined as never } }, 'malformed'],
      [{ store: { ...w.store, append: async () => E.left({ code: 'Gremlins', message: '?' }) as never } }, 'malformed'],
    ]
    for (const [ports, reason] of variants) {
      const service = makeService({ ...w.ports, ...ports }, FAST)
      const r = await service.handle(campaignId, 'm', decideCmd('approve', 'i1'))
      expect(E.isLeft(r) && r.left).toMatchObject({ code: 'StoreUnavailable', reason })
    }
    const d = await makeService({ ...w.ports, notifier }, FAST).dispatch()
    expect(E.isRight(d) && d.right.failed[0]?.error).toMatchObject({ code: 'NotifierUnavailable', reason: 'malformed' })
  })

  it('14. events the core cannot read give a ServiceDefect, not a throw', async () => {
    const w = world()
    const store: CampaignStore = { ...w.store, loadTail: async () => E.right({ from: 0, events: [null, 42] as never, position: 2, versions: {}, snapshotPosition: 0 }) }
    const r = await makeService({ ...w.ports, store }, FAST).handle(campaignId, 'z', decideCmd('approve', 'i1'))
    expect(codeOf(r)).toBe('ServiceDefect')
  })
})

// -------------------------------------------------------------------------------------
// item 15
// -------------------------------------------------------------------------------------

describe('issue 8, item 15: clock skew', () => {
  it('15. a command refused because its clock went backwards is not recorded: a retry of the same id with a corrected time succeeds', async () => {
    const w = world()
    await published(w)
    w.clock.set(at('2000-01-01T02:00:00Z'))
    expect(E.isRight(await w.service.handle(campaignId, 'a', decideCmd('approve', 'i3')))).toBe(true)
    w.clock.set(at('2000-01-01T01:00:00Z')) // this service's clock is behind the campaign's
    const behind = await w.service.handle(campaignId, 'b', decideCmd('approve', 'i1'))
    expect(E.isLeft(behind) && behind.left).toMatchObject({ code: 'ClockSkew', kind: 'behindCampaign', at: at('2000-01-01T01:00:00Z'), reference: at('2000-01-01T02:00:00Z') })
    expect(await w.store.findCommand(campaignId, cmd('b'))).toEqual(E.right(undefined))
    const tick = await w.service.tick(campaignId)
    expect(E.isLeft(tick) && tick.left.code === 'ClockSkew' && tick.left.kind).toBe('behindCampaign')
    w.clock.set(at('2000-01-01T02:00:01Z'))
    const retry = await w.service.handle(campaignId, 'b', decideCmd('approve', 'i1'))
    expect(E.isRight(retry) && [retry.right.first, retry.right.result._tag]).toEqual([true, 'accepted'])
  })

  it("15. the same with the command's own `at`: older than the campaign's clock is refused unrecorded, a corrected `at` is accepted", async () => {
    const w = world()
    await published(w)
    w.clock.set(at('2000-01-01T00:10:00Z'))
    expect(E.isRight(await w.service.handle(campaignId, 'a', decideCmd('approve', 'i3')))).toBe(true)
    const old = await w.service.handle(campaignId, 'b', { ...decideCmd('approve', 'i1'), at: '2000-01-01T00:09:00Z' })
    expect(E.isLeft(old) && old.left.code === 'ClockSkew' && old.left.kind).toBe('behindCampaign')
    const fixed = await w.service.handle(campaignId, 'b', { ...decideCmd('approve', 'i1'), at: '2000-01-01T00:10:00Z' })
    expect(E.isRight(fixed) && [fixed.right.first, fixed.right.result._tag]).toEqual([true, 'accepted'])
  })

  it('15. a command dated beyond maxClockSkewMs ahead of the clock is refused (ClockSkew) and does not move the campaign clock; at the bound it is accepted', async () => {
    const w = world()
    await published(w)
    const clockBefore = stateOf(w.store)?.campaign.clock
    for (const future of ['2999-12-31T00:00:00Z', '2000-01-01T00:05:00.001Z']) {
      const r = await w.service.handle(campaignId, `f-${future}`, { type: 'extend', actor: rita, days: 1, cascade: true, at: future })
      expect(E.isLeft(r) && r.left).toMatchObject({ code: 'ClockSkew', kind: 'aheadOfClock', at: at(future), reference: T0 })
    }
    expect(stateOf(w.store)?.campaign.clock).toBe(clockBefore)
    const edge = await w.service.handle(campaignId, 'edge', { type: 'extend', actor: rita, days: 1, cascade: true, at: '2000-01-01T00:05:00Z' })
    expect(E.isRight(edge) && edge.right.result._tag).toBe('accepted')
  })

  it('15. maxClockSkewMs is configurable: 0 accepts only the clock’s own instant', async () => {
    const w = world(undefined, { maxClockSkewMs: 0 })
    await published(w)
    const late = await w.service.handle(campaignId, 'x', { ...decideCmd('approve', 'i1'), at: T0 + 1 })
    expect(E.isLeft(late) && late.left.code).toBe('ClockSkew')
    const now = await w.service.handle(campaignId, 'y', { ...decideCmd('approve', 'i1'), at: T0 })
    expect(E.isRight(now) && now.right.result._tag).toBe('accepted')
  })

  it('15. a redelivered command id is answered from its record before any clock check', async () => {
    const w = world()
    await published(w)
    const first = await w.service.handle(campaignId, 'once', decideCmd('approve', 'i1'))
    w.clock.set(at('2000-01-01T03:00:00Z'))
    const again = await w.service.handle(campaignId, 'once', { ...decideCmd('approve', 'i1'), at: T0 })
    if (E.isLeft(first)) throw new Error('first')
    expect(E.isRight(again) && [again.right.first, again.right.result]).toEqual([false, first.right.result])
  })
})

// -------------------------------------------------------------------------------------
// issue 9: the load path at the edge
// -------------------------------------------------------------------------------------

describe('issue 9: snapshots and tails from a store that misbehaves', () => {
  it('a saveSnapshot that never answers, rejects or answers nonsense costs at most one deadline: the command is recorded and answered', async () => {
    const variants: ReadonlyArray<CampaignStore['saveSnapshot']> = [() => never(), () => Promise.reject(new Error('disk full')), async () => 'saved' as never]
    for (const saveSnapshot of variants) {
      const w = world(undefined, { ...FAST, snapshotEvery: 1, snapshotEventsPerItem: 0 })
      await published(w)
      const service = makeService({ ...w.ports, store: { ...w.store, saveSnapshot } }, { ...FAST, snapshotEvery: 1, snapshotEventsPerItem: 0 })
      const r = await service.handle(campaignId, 'd', decideCmd('approve', 'i1'))
      expect(E.isRight(r) && r.right.result._tag).toBe('accepted')
      expect(E.isRight(await w.store.findCommand(campaignId, cmd('d')))).toBe(true)
    }
  })

  it('a snapshot answered with a position that is not where its events start is malformed, and nothing is recorded', async () => {
    const w = world()
    await published(w)
    const state = stateOf(w.store)
    if (state === undefined) throw new Error('setup')
    const n = w.store.eventsOf(campaignId).length
    const store: CampaignStore = { ...w.store, loadTail: async () => E.right({ snapshot: { position: 1, state }, from: 2, events: [], position: 2, versions: {}, snapshotPosition: 1 }) }
    const r = await makeService({ ...w.ports, store }, FAST).handle(campaignId, 'm', decideCmd('approve', 'i1'))
    expect(E.isLeft(r) && r.left).toMatchObject({ code: 'StoreUnavailable', reason: 'malformed' })
    expect(await w.store.findCommand(campaignId, cmd('m'))).toEqual(E.right(undefined))
    expect(w.store.eventsOf(campaignId).length).toBe(n)
  })

  it('a store whose log went back under a running service (a restored backup) is followed, not the state held', async () => {
    const w = world()
    await published(w)
    let current: InMemoryCampaignStore = w.store
    const swapping: CampaignStore = {
      loadTail: (...a) => current.loadTail(...a),
      saveSnapshot: (...a) => current.saveSnapshot(...a),
      loadCampaign: (...a) => current.loadCampaign(...a),
      loadPacket: (...a) => current.loadPacket(...a),
      append: (...a) => current.append(...a),
      loadChain: (...a) => current.loadChain(...a),
      findCommand: (...a) => current.findCommand(...a),
      tasksOf: (...a) => current.tasksOf(...a),
      undelivered: (...a) => current.undelivered(...a),
      claim: (...a) => current.claim(...a),
      release: (...a) => current.release(...a),
      markDelivered: (...a) => current.markDelivered(...a),
    }
    const service = makeService({ ...w.ports, store: swapping })
    expect(E.isRight(await service.handle(campaignId, 'a', decideCmd('approve', 'i1', 'i2')))).toBe(true)
    // the "backup": a store holding only the create event
    const backup = new InMemoryCampaignStore()
    const first = w.store.eventsOf(campaignId).filter((e) => e.event.type === 'CampaignCreated')
    await backup.append({ campaignId, writes: first.map((e) => ({ stream: e.stream, expected: { _tag: 'any' }, events: [e.event] })), outbox: [] })
    current = backup
    const r = await service.handle(campaignId, 'b', decideCmd('approve', 'i3'))
    // the campaign is a draft again in that store: the decision is refused, as a fresh service would refuse it
    expect(E.isRight(r) && r.right.result._tag).toBe('refused')
  })
})
