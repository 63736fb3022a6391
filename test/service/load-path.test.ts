// The service's load path (issue 9, D12): a command loads the state the
// service holds (or the store's latest snapshot) plus the events after it,
// never the whole log. A counting store wrapper measures what each load
// returns, so these checks count work instead of timing it.
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CampaignId, CampaignState, CampaignStore, ServiceCommand, ServiceOptions } from '../../src/index.js'
import { fold, makeService, packetItems, packetsOf } from '../../src/index.js'
import type { LoadedTail, TailRequest } from '../../src/ports/store.js'
import { aDefinition, aDirectory, actor, anItem, at, InMemoryCampaignStore, InMemoryFulfiller, InMemoryNotifier, itemId, TestClock } from '../../src/testing/index.js'
import { rita, T0 } from './fixture.js'

afterEach(() => {
  vi.restoreAllMocks()
})

const rick = actor('rick')
const PACKETS = 60
const definition = aDefinition({
  id: 'big',
  timing: { policy: 'deadline', dueAt: '2000-06-01T00:00:00Z' },
  reviewers: { order: ['riskManager'], count: 1 },
  riskManagers: ['rick'],
  autoComplete: true,
})
const campaignId: CampaignId = definition.id
const subject = (p: number): string => `s-${p}`
const item = (p: number, k: number): string => `i-${p}-${k}`
/** Ten items per packet: a packet stays open for nine decisions. */
const ITEMS = 10
const items = Array.from({ length: PACKETS }, (_, p) => Array.from({ length: ITEMS }, (_, k) => anItem(item(p, k), subject(p)))).flat()
const directory = aDirectory({
  users: [{ id: 'rick' }, ...Array.from({ length: PACKETS }, (_, p) => ({ id: `u-${p}` }))],
  subjects: Array.from({ length: PACKETS }, (_, p) => ({ id: subject(p), user: `u-${p}` })),
})

/** What a state says about its items and lifecycle. */
const project = (s: CampaignState | undefined) =>
  s === undefined ? undefined : { status: s.campaign.status, packets: packetsOf(s).map((p) => packetItems(p).map((i) => [i.spec.id, i.state._tag])) }

interface Counted {
  readonly store: CampaignStore
  /** Events each `loadTail` answered, in order. */
  readonly tails: number[]
  readonly requests: TailRequest[]
}

const counting = (inner: CampaignStore): Counted => {
  const tails: number[] = []
  const requests: TailRequest[] = []
  const loadTail = async (c: CampaignId, request: TailRequest) => {
    const r = await inner.loadTail(c, request)
    requests.push(request)
    if (E.isRight(r)) tails.push(r.right.events.length)
    return r
  }
  return { store: { ...inner, loadTail }, tails, requests }
}

const setup = async (options: ServiceOptions = {}, scope = items) => {
  const memory = new InMemoryCampaignStore()
  const counted = counting(memory)
  const clock = new TestClock(T0)
  const service = makeService({ store: counted.store, notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock }, options)
  for (const [id, c] of [
    ['create', { type: 'create', actor: rita, definition, items: scope }],
    ['publish', { type: 'publish', actor: rita, directory }],
  ] as const) {
    const r = await service.handle(campaignId, id, c)
    if (E.isLeft(r) || r.right.result._tag !== 'accepted') throw new Error(`setup ${id}: ${JSON.stringify(r)}`)
  }
  return { memory, ...counted, clock, service }
}

const decide = (p: number, k: number): ServiceCommand => ({ type: 'decide', actor: rick, items: [itemId(item(p, k))], decision: k % 2 === 0 ? 'approve' : 'revoke' })

const reassign = (p: number, k: number): ServiceCommand => ({ type: 'reassign', actor: rita, item: itemId(item(p, k)), to: 'u-0' as never })

/** Decision k of every packet, packet by packet: one round is PACKETS commands. */
const round = (k: number): ReadonlyArray<readonly [string, ServiceCommand]> => Array.from({ length: PACKETS }, (_, p) => [`d-${p}-${k}`, decide(p, k)] as const)

const accepted = (r: E.Either<unknown, { readonly result: { readonly _tag: string } }>): boolean => E.isRight(r) && r.right.result._tag === 'accepted'

describe('the load path: a command costs the events since the state held, not the log', () => {
  it('sequential decisions: every load after the first answers no event at all, however long the log', async () => {
    const w = await setup()
    const before = w.tails.length
    for (let k = 0; k < 6; k++) for (const [id, c] of round(k)) expect(accepted(await w.service.handle(campaignId, id, c))).toBe(true)
    const tails = w.tails.slice(before)
    expect(tails.length).toBe(6 * PACKETS)
    expect(Math.max(...tails)).toBe(0)
    expect(w.memory.eventsOf(campaignId).length).toBeGreaterThan(6 * PACKETS)
  })

  it('holding nothing (cachedCampaigns: 0), a load answers at most snapshotEvery events plus one command’s, early and late alike', async () => {
    const N = 25
    const w = await setup({ cachedCampaigns: 0, snapshotEvery: N, snapshotEventsPerItem: 0 })
    const perRound: number[] = []
    for (let k = 0; k < 6; k++) {
      const from = w.tails.length
      for (const [id, c] of round(k)) expect(accepted(await w.service.handle(campaignId, id, c))).toBe(true)
      perRound.push(Math.max(...w.tails.slice(from)))
    }
    // the log grew from ~70 to ~430 events; the longest tail stayed under N + a command's events
    expect(w.memory.eventsOf(campaignId).length).toBeGreaterThan(10 * N)
    expect(Math.max(...perRound)).toBeLessThan(N + 5)
    expect(perRound.at(-1)).toBeLessThanOrEqual((perRound[0] ?? 0) + 5)
    // each command's load started at the store's snapshot (nothing held, no `since`); the
    // packet's version was then asked for with `since` (nothing is held to name the packet first)
    expect(w.requests.filter((r) => r.since === undefined).length).toBeGreaterThanOrEqual(6 * PACKETS)
    expect(w.memory.conflicts).toBe(0)
  })

  it('8 concurrent workers on different packets: a load answers at most the events of the commands in flight; no conflicts', async () => {
    const w = await setup()
    const before = w.tails.length
    const conflictsBefore = w.memory.conflicts
    const WORKERS = 8
    for (let k = 0; k < 5; k++) {
      // worker j decides the packets j, j + 8, j + 16, … one after the other
      const rs = await Promise.all(
        Array.from({ length: WORKERS }, async (_, j) => {
          const out: boolean[] = []
          for (let p = j; p < PACKETS; p += WORKERS) out.push(accepted(await w.service.handle(campaignId, `d-${p}-${k}`, decide(p, k))))
          return out
        }),
      )
      expect(rs.flat().every(Boolean)).toBe(true)
    }
    expect(w.memory.conflicts).toBe(conflictsBefore)
    expect(Math.max(...w.tails.slice(before))).toBeLessThanOrEqual(WORKERS)
  })

  it('the in-memory store copies nothing per load: a load hands out the stored (frozen) events themselves', async () => {
    const w = await setup()
    for (const [id, c] of round(0)) await w.service.handle(campaignId, id, c)
    const clone = vi.spyOn(globalThis, 'structuredClone')
    const a = await w.memory.loadTail(campaignId, { streams: [] })
    const b = await w.memory.loadTail(campaignId, { streams: [] })
    const full = await w.memory.loadCampaign(campaignId)
    if (E.isLeft(a) || E.isLeft(b) || E.isLeft(full)) throw new Error('load')
    expect(a.right.events.length).toBeGreaterThan(PACKETS)
    expect(a.right.events.every((e, i) => e === b.right.events[i] && e === full.right.events[i] && Object.isFrozen(e))).toBe(true)
    expect(clone).not.toHaveBeenCalled()
  })
})

describe('snapshots', () => {
  it('are saved every snapshotEvery events, and each one is the fold of the events it covers', async () => {
    const N = 40
    const w = await setup({ snapshotEvery: N, snapshotEventsPerItem: 0 })
    const positions: number[] = []
    for (let k = 0; k < 4; k++) {
      for (const [id, c] of round(k)) {
        await w.service.handle(campaignId, id, c)
        const s = w.memory.snapshotOf(campaignId)
        if (s !== undefined && s.position !== positions.at(-1)) positions.push(s.position)
      }
    }
    const log = w.memory.eventsOf(campaignId).map((e) => e.event)
    expect(positions.length).toBeGreaterThanOrEqual(Math.floor(log.length / N) - 1)
    for (const [a, b] of positions.slice(1).map((p, i) => [positions[i] ?? 0, p] as const)) expect(b - a).toBeGreaterThanOrEqual(N)
    const last = w.memory.snapshotOf(campaignId)
    expect(last).toBeDefined()
    expect(log.length - (last?.position ?? 0)).toBeLessThanOrEqual(N)
    expect(project(last?.state)).toEqual(project(fold(undefined, log.slice(0, last?.position ?? 0))))
  })

  it('also wait for snapshotEventsPerItem events per item of the campaign (default 1): the gap grows with what a snapshot costs', async () => {
    // two packets of ten items: 20 items, a log of about 25 events after 18 single-item decisions
    const scope = items.slice(0, 2 * ITEMS)
    const run = async (options: ServiceOptions) => {
      const w = await setup(options, scope)
      const positions: number[] = []
      const note = () => {
        const s = w.memory.snapshotOf(campaignId)
        if (s !== undefined && s.position !== positions.at(-1)) positions.push(s.position)
      }
      note()
      for (let k = 0; k < ITEMS - 1; k++) {
        for (let p = 0; p < 2; p++) {
          expect(accepted(await w.service.handle(campaignId, `d-${p}-${k}`, decide(p, k)))).toBe(true)
          note()
        }
      }
      const log = w.memory.eventsOf(campaignId).map((e) => e.event)
      const gaps = positions.map((x, i) => x - (positions[i - 1] ?? 0))
      return { positions, gaps, log, last: w.memory.snapshotOf(campaignId) }
    }
    const N = 3
    const eventsOnly = await run({ snapshotEvery: N, snapshotEventsPerItem: 0 })
    const perItem = await run({ snapshotEvery: N })
    const twice = await run({ snapshotEvery: N, snapshotEventsPerItem: 2 })
    expect(eventsOnly.log.length).toBeGreaterThan(scope.length)
    expect(eventsOnly.log.length).toBeLessThan(2 * scope.length)
    // only snapshotEvery: a snapshot every N events or so
    expect(eventsOnly.positions.length).toBeGreaterThanOrEqual(Math.floor(eventsOnly.log.length / N) - 1)
    expect(Math.min(...eventsOnly.gaps)).toBeGreaterThanOrEqual(N)
    // one event per item (the default): at least 20 events between snapshots, and the last within 20 of the log's end
    expect(perItem.positions.length).toBe(1)
    expect(Math.min(...perItem.gaps)).toBeGreaterThanOrEqual(scope.length)
    expect(perItem.log.length - (perItem.positions.at(-1) ?? 0)).toBeLessThanOrEqual(scope.length)
    expect(project(perItem.last?.state)).toEqual(project(fold(undefined, perItem.log.slice(0, perItem.last?.position ?? 0))))
    // two per item: 40 events, more than the log holds, so none yet
    expect(twice.positions).toEqual([])
  })

  it('a service that starts later (another process) loads the latest snapshot and the events after it', async () => {
    const N = 30
    const w = await setup({ snapshotEvery: N, snapshotEventsPerItem: 0 })
    for (let k = 0; k < 3; k++) for (const [id, c] of round(k)) await w.service.handle(campaignId, id, c)
    const other = counting(w.memory)
    const later = makeService({ store: other.store, notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock: w.clock }, { snapshotEvery: N, snapshotEventsPerItem: 0 })
    expect(accepted(await later.handle(campaignId, 'late-1', decide(0, 3)))).toBe(true)
    expect(other.requests[0]?.since).toBeUndefined()
    expect(other.tails[0]).toBeLessThanOrEqual(N)
  })

  it('two services on one store see each other’s writes (the state held is only a starting point)', async () => {
    const w = await setup()
    const b = makeService({ store: w.memory, notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock: w.clock })
    expect(accepted(await b.handle(campaignId, 'b-1', decide(1, 0)))).toBe(true)
    expect(accepted(await w.service.handle(campaignId, 'a-1', decide(2, 0)))).toBe(true)
    // each now refuses to reassign what the other decided (only a pending item can be reassigned)
    const again = await w.service.handle(campaignId, 'a-2', reassign(1, 0))
    expect(E.isRight(again) && again.right.result._tag === 'refused' && again.right.result.error.code).toBe('ItemLocked')
    const bAgain = await b.handle(campaignId, 'b-2', reassign(2, 0))
    expect(E.isRight(bAgain) && bAgain.right.result._tag === 'refused' && bAgain.right.result.error.code).toBe('ItemLocked')
    // aborting through one service closes the campaign for the other
    w.clock.set(at('2000-01-01T00:01:00Z'))
    expect(accepted(await b.handle(campaignId, 'b-abort', { type: 'abort', actor: rita }))).toBe(true)
    const late = await w.service.handle(campaignId, 'a-3', decide(3, 0))
    expect(E.isRight(late) && late.right.result._tag).toBe('refused')
  })

  it('a store that keeps no snapshot, or fails to save one, costs no command, whether the service holds the campaign or not', async () => {
    const N = 5
    const variants = [async () => E.right(undefined), async () => E.left({ code: 'StoreUnavailable' as const, message: 'full' }), () => Promise.reject(new Error('boom'))]
    for (const [saveSnapshot, cachedCampaigns] of variants.flatMap((v) => [[v, 16], [v, 0]] as const)) {
      const memory = new InMemoryCampaignStore()
      let saves = 0
      const store: CampaignStore = { ...memory, saveSnapshot: (...args) => (saves++, (saveSnapshot as (...a: unknown[]) => ReturnType<CampaignStore["saveSnapshot"]>)(...args)) }
      const service = makeService({ store, notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock: new TestClock(T0) }, { snapshotEvery: N, snapshotEventsPerItem: 0, cachedCampaigns })
      expect(accepted(await service.handle(campaignId, 'create', { type: 'create', actor: rita, definition, items }))).toBe(true)
      expect(accepted(await service.handle(campaignId, 'publish', { type: 'publish', actor: rita, directory }))).toBe(true)
      for (const [id, c] of round(0)) expect(accepted(await service.handle(campaignId, id, c))).toBe(true)
      // the service remembers what it saved: one attempt per N events, not one per command
      expect(saves).toBeGreaterThan(0)
      expect(saves).toBeLessThanOrEqual(Math.ceil(memory.eventsOf(campaignId).length / N))
    }
  })

  it('a tail that starts at a snapshot is folded onto it (the store may answer a snapshot newer than `since`)', async () => {
    const w = await setup()
    for (const [id, c] of round(0)) await w.service.handle(campaignId, id, c)
    const log = w.memory.eventsOf(campaignId).map((e) => e.event)
    const at40 = fold(undefined, log.slice(0, 40))
    if (at40 === undefined) throw new Error('fold')
    // a store that always answers from its snapshot at 40, whatever `since` says
    const snapshotting: CampaignStore = {
      ...w.memory,
      loadTail: async (c, request): Promise<E.Either<never, LoadedTail>> => {
        const r = await w.memory.loadTail(c, { streams: request.streams })
        if (E.isLeft(r)) throw new Error('load')
        const events = w.memory.eventsOf(c).map((e) => e.event)
        return E.right({ ...r.right, snapshot: { position: 40, state: at40 }, from: 40, events: events.slice(40), snapshotPosition: 40 })
      },
    }
    const service = makeService({ store: snapshotting, notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock: w.clock })
    expect(accepted(await service.handle(campaignId, 'x-1', decide(5, 1)))).toBe(true)
    expect(accepted(await service.handle(campaignId, 'x-2', decide(6, 1)))).toBe(true)
    const refused = await service.handle(campaignId, 'x-3', reassign(5, 1))
    expect(E.isRight(refused) && refused.right.result._tag === 'refused' && refused.right.result.error.code).toBe('ItemLocked')
  })
})
