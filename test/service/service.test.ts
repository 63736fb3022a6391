import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { CampaignEvent, CampaignStore, Notifier, Service } from '../../src/index.js'
import { campaignStream, fold, fulfillmentResultOf, makeService, packetStream, streamOf } from '../../src/index.js'
import { planWrites } from '../../src/service/streams.js'
import { at, InMemoryNotifier, subjectId } from '../../src/testing/index.js'
import { campaignId, cmd, decideCmd, definition, directory, items, published, rita, T0, world } from './fixture.js'

const eventsOf = (w: ReturnType<typeof world>): ReadonlyArray<CampaignEvent> => w.store.eventsOf(campaignId).map((e) => e.event)
const stateOf = (w: ReturnType<typeof world>) => fold(undefined, eventsOf(w))

// -------------------------------------------------------------------------------------
// streams
// -------------------------------------------------------------------------------------

describe('streams', () => {
  it('campaignStream and packetStream name streams as streamOf does', () => {
    expect(campaignStream(campaignId)).toBe(streamOf(campaignId, { type: 'CampaignOverdue', at: T0 }))
    expect(packetStream(campaignId, subjectId('s-a'))).toBe(streamOf(campaignId, { type: 'LevelStarted', at: T0, packetId: subjectId('s-a'), level: 1 }))
  })

  it('a packet-local decision writes its packet stream and checks only the campaign stream; any other result checks the whole campaign', async () => {
    const w = world()
    await published(w)
    const loaded = await w.store.loadTail(campaignId, { streams: ['campaign:svc', 'packet:svc:s-a'] })
    if (E.isLeft(loaded)) throw new Error('load')
    const state = fold(undefined, loaded.right.events)
    const events: ReadonlyArray<CampaignEvent> = [{ type: 'ItemsDecided', at: T0, packetId: subjectId('s-a'), by: rita.id, decisions: [] }]
    const plan = planWrites(campaignId, 'decide', state, events, loaded.right)
    expect(plan.writes.map((x) => [x.stream, x.expected._tag, x.events.length])).toEqual([
      ['packet:svc:s-a', 'exact', 1],
      ['campaign:svc', 'exact', 0],
    ])
    expect(plan.expectedPosition).toBeUndefined()
    // Not local for a campaign-wide command: the whole campaign is checked at the position read.
    const whole = planWrites(campaignId, 'extend', state, events, loaded.right)
    expect(whole.writes.map((x) => [x.stream, x.expected._tag, x.events.length])).toEqual([['packet:svc:s-a', 'any', 1]])
    expect(whole.expectedPosition).toBe(loaded.right.position)
    // Local, but the packet's version was not read: the whole campaign is checked too.
    expect(planWrites(campaignId, 'decide', state, events, { position: 9, versions: {} }).expectedPosition).toBe(9)
  })
})

// -------------------------------------------------------------------------------------
// handle
// -------------------------------------------------------------------------------------

describe('handle', () => {
  it('R31: a clock at 2000-01-01 drives every timestamp (events, intents, deliveries)', async () => {
    const w = world()
    await published(w)
    await w.service.dispatch()
    const events = eventsOf(w)
    expect(events.length).toBeGreaterThan(3)
    expect(new Set(events.map((e) => e.at))).toEqual(new Set([T0]))
    expect(w.notifier.delivered.length).toBeGreaterThan(0)
    expect(new Set(w.notifier.delivered.map((i) => i.at))).toEqual(new Set([T0]))
    expect(stateOf(w)?.campaign.publishedAt).toBe(T0)
    // Reminders follow the port too: one day later, one reminder slot.
    w.clock.set(at('2000-01-02T00:00:00Z'))
    const t = await w.service.tick(campaignId)
    expect(E.isRight(t) && t.right.events.filter((e) => e.type === 'ReminderSlotPassed').map((e) => e.at)).toEqual([at('2000-01-02T00:00:00Z')])
  })

  it('stamps `at` from the clock when the command has none', async () => {
    const w = world()
    await published(w)
    w.clock.set(at('2000-01-01T05:00:00Z'))
    const r = await w.service.handle(campaignId, cmd('d1'), decideCmd('approve', 'i1'))
    expect(E.isRight(r) && r.right.result.at).toBe(at('2000-01-01T05:00:00Z'))
  })

  it("keeps a command's own `at` within maxClockSkewMs of the clock (ISO or epoch ms), refuses one outside without recording it", async () => {
    const w = world()
    await published(w)
    w.clock.set(at('2000-01-01T05:00:00Z'))
    const inside = await w.service.handle(campaignId, cmd('d1'), { ...decideCmd('approve', 'i1'), at: '2000-01-01T04:56:00Z' })
    expect(E.isRight(inside) && inside.right.result.at).toBe(at('2000-01-01T04:56:00Z'))
    const old = await w.service.handle(campaignId, cmd('d2'), { ...decideCmd('approve', 'i2'), at: at('1999-01-01T00:00:00Z') })
    expect(E.isLeft(old) && old.left).toMatchObject({ code: 'ClockSkew', kind: 'behindClock', at: at('1999-01-01T00:00:00Z'), reference: at('2000-01-01T05:00:00Z') })
    expect(await w.store.findCommand(campaignId, cmd('d2'))).toEqual(E.right(undefined))
    const bad = await w.service.handle(campaignId, cmd('d3'), { ...decideCmd('approve', 'i2'), at: 'yesterday' })
    expect(E.isLeft(bad) && bad.left.code === 'ValidationFailed' && bad.left.problems.map((p) => p.path)).toEqual(['command.at'])
  })

  it('a refusal is a recorded result, not a failure, and writes no event', async () => {
    const w = world()
    await published(w)
    const before = eventsOf(w).length
    const r = await w.service.handle(campaignId, cmd('bad'), decideCmd('approve', 'nope'))
    expect(E.isRight(r) && r.right.result._tag === 'refused' && r.right.result.error.code).toBe('UnknownItem')
    expect(eventsOf(w).length).toBe(before)
  })

  it('create must be sent to the campaign id of its definition', async () => {
    const w = world()
    const r = await w.service.handle(cmd('other') as never, cmd('c'), { type: 'create', actor: rita, definition, items })
    expect(E.isRight(r) && r.right.result._tag === 'refused' && r.right.result.error.code).toBe('ValidationFailed')
  })
})

// -------------------------------------------------------------------------------------
// idempotent commands (R33)
// -------------------------------------------------------------------------------------

describe('idempotent commands (R33)', () => {
  it('the same command id twice has one effect and answers the first result', async () => {
    const w = world()
    await published(w)
    const first = await w.service.handle(campaignId, cmd('d1'), decideCmd('revoke', 'i1'))
    const events = eventsOf(w).length
    const deliveries = w.notifier.calls.length
    w.clock.set(at('2000-01-01T01:00:00Z'))
    const again = await w.service.handle(campaignId, cmd('d1'), decideCmd('revoke', 'i1'))
    expect(E.isRight(first) && first.right.first).toBe(true)
    expect(E.isRight(again) && again.right.first).toBe(false)
    expect(E.isRight(again) && E.isRight(first) && again.right.result).toEqual(E.isRight(first) && first.right.result)
    expect(eventsOf(w).length).toBe(events)
    expect(w.notifier.calls.length).toBe(deliveries)
  })

  it('the same command id sent concurrently five times has one effect', async () => {
    const w = world()
    await published(w)
    const before = eventsOf(w).length
    const rs = await Promise.all([1, 2, 3, 4, 5].map(() => w.service.handle(campaignId, cmd('d1'), decideCmd('approve', 'i3'))))
    expect(rs.filter((r) => E.isRight(r) && r.right.first).length).toBe(1)
    expect(new Set(rs.map((r) => JSON.stringify(E.isRight(r) && r.right.result))).size).toBe(1)
    expect(eventsOf(w).filter((e) => e.type === 'ItemsDecided').length).toBe(1)
    expect(eventsOf(w).length).toBeGreaterThan(before)
  })

  it('a refused first result is answered again even when the command would now be accepted', async () => {
    const w = world()
    await published(w)
    const abort = { type: 'abort', actor: { id: rita.id, roles: [] } } as const
    const first = await w.service.handle(campaignId, cmd('a1'), abort)
    expect(E.isRight(first) && first.right.result._tag).toBe('refused')
    const again = await w.service.handle(campaignId, cmd('a1'), abort)
    expect(E.isRight(again) && again.right.result).toEqual(E.isRight(first) && first.right.result)
    expect(stateOf(w)?.campaign.status).toBe('inProgress')
  })

  it('an id reused for a different command is refused with DuplicateCommand and applies nothing', async () => {
    const w = world()
    await published(w)
    await w.service.handle(campaignId, cmd('d1'), decideCmd('approve', 'i1'))
    const events = eventsOf(w).length
    const r = await w.service.handle(campaignId, cmd('d1'), decideCmd('revoke', 'i2'))
    expect(E.isRight(r) && r.right.result._tag === 'refused' && r.right.result.error).toMatchObject({ code: 'DuplicateCommand', commandId: 'd1' })
    expect(eventsOf(w).length).toBe(events)
  })
})

// -------------------------------------------------------------------------------------
// versions and retries
// -------------------------------------------------------------------------------------

describe('versions and retries', () => {
  it('two decisions on different packets never conflict; two on the same packet do, and the loser retries', async () => {
    const w = world()
    await published(w)
    const rs = await Promise.all([
      w.service.handle(campaignId, cmd('a'), decideCmd('approve', 'i1')),
      w.service.handle(campaignId, cmd('b'), decideCmd('approve', 'i3')),
      w.service.handle(campaignId, cmd('c'), decideCmd('approve', 'i5')),
    ])
    expect(w.store.conflicts).toBe(0)
    expect(rs.map((r) => E.isRight(r) && r.right.attempts)).toEqual([1, 1, 1])
    const same = await Promise.all([
      w.service.handle(campaignId, cmd('d'), decideCmd('approve', 'i2')),
      w.service.handle(campaignId, cmd('e'), decideCmd('revoke', 'i2')),
    ])
    expect(w.store.conflicts).toBe(1)
    expect(same.map((r) => E.isRight(r) && r.right.attempts)).toEqual([1, 2])
  })

  it('decisions that settle their packets check every packet: two last decisions racing still auto-complete the campaign', async () => {
    const w = world()
    await published(w)
    await w.service.handle(campaignId, cmd('pre'), decideCmd('approve', 'i1', 'i2'))
    await w.service.handle(campaignId, cmd('pre2'), decideCmd('approve', 'i3'))
    await w.service.handle(campaignId, cmd('pre3'), decideCmd('approve', 'i5'))
    const conflicts = w.store.conflicts
    const rs = await Promise.all([
      w.service.handle(campaignId, cmd('last-b'), decideCmd('approve', 'i4')),
      w.service.handle(campaignId, cmd('last-c'), decideCmd('revoke', 'i6')),
    ])
    expect(rs.map((r) => E.isRight(r) && r.right.result._tag)).toEqual(['accepted', 'accepted'])
    expect(w.store.conflicts).toBe(conflicts + 1)
    expect(stateOf(w)?.campaign.status).toBe('completed')
    expect(eventsOf(w).filter((e) => e.type === 'CampaignCompleted').length).toBe(1)
  })

  it('gives up after maxAttempts with the last VersionConflict and records nothing', async () => {
    const w = world()
    await published(w)
    const conflicting: CampaignStore = {
      ...w.store,
      append: async (req) => (req.writes.length === 0 ? w.store.append(req) : E.left({ code: 'VersionConflict', message: 'busy', stream: 'campaign:svc', expected: { _tag: 'exact', version: 0 }, actual: { _tag: 'exact', version: 1 } })),
    }
    const { makeService } = await import('../../src/index.js')
    const service = makeService({ ...w.ports, store: conflicting }, { maxAttempts: 3 })
    const r = await service.handle(campaignId, cmd('x'), decideCmd('approve', 'i1'))
    expect(E.isLeft(r) && r.left).toMatchObject({ code: 'VersionConflict', expected: { _tag: 'exact', version: 0 }, actual: { _tag: 'exact', version: 1 } })
    expect(await w.store.findCommand(campaignId, cmd('x'))).toEqual(E.right(undefined))
  })
})

// -------------------------------------------------------------------------------------
// outbox and delivery
// -------------------------------------------------------------------------------------

describe('outbox', () => {
  it('every intent of the events is stored in the outbox with them and delivered once', async () => {
    const w = world()
    await published(w)
    expect(w.notifier.calls).toEqual([])
    const r = await w.service.dispatch()
    expect(E.isRight(r) && r.right.failed).toEqual([])
    const intents = eventsOf(w).flatMap((e) => (e.type === 'NotificationIssued' ? [e.intent.id] : []))
    expect(intents.length).toBeGreaterThan(0)
    expect(w.store.outbox().map((e) => [e.intent.id, e.delivered])).toEqual(intents.map((id) => [id, true]))
    expect(w.notifier.calls).toEqual(intents)
  })

  it('a failed delivery stays in the outbox and is retried (at-least-once), then never again', async () => {
    const w = world(new InMemoryNotifier({ fail: (_i, attempt) => attempt === 1 }))
    await published(w)
    const ids = w.store.outbox().map((e) => e.intent.id)
    const first = await w.service.dispatch()
    expect(E.isRight(first) && first.right.failed.map((f) => [f.intentId, f.error.code])).toEqual(ids.map((id) => [id, 'DeliveryFailed']))
    expect(w.store.outbox().every((e) => !e.delivered)).toBe(true)
    const r = await w.service.dispatch()
    expect(E.isRight(r) && r.right).toEqual({ delivered: ids, failed: [], deferred: [] })
    const again = await w.service.dispatch()
    expect(E.isRight(again) && again.right).toEqual({ delivered: [], failed: [], deferred: [] })
    expect(w.notifier.calls).toEqual([...ids, ...ids])
    expect(w.notifier.acknowledged).toEqual(ids)
  })

  it('a pass that outlasts claimMinutes claims each intent from the clock at its claim: a second dispatcher never delivers one the first is delivering', async () => {
    // Every delivery takes 3 minutes of the clock (claimMinutes 5). While the
    // first pass delivers its third intent, a second service over the same
    // store and notifier dispatches. A claim timed from the start of the first
    // pass would have run out by then (6 minutes after it), and the second
    // dispatcher would deliver the same intent a second time.
    const w = world()
    await published(w)
    // a daily reminder for each of four days: five intents in all
    for (const day of ['03', '04', '05', '06']) {
      w.clock.set(at(`2000-01-${day}T12:00:00Z`))
      await w.service.tick(campaignId)
    }
    const ids = w.store.outbox().map((e) => e.intent.id)
    expect(ids.length).toBeGreaterThanOrEqual(4)
    const second = makeService({ ...w.ports, notifier: w.notifier })
    const secondPasses: Array<Awaited<ReturnType<Service['dispatch']>>> = []
    let deliveries = 0
    const slow: Notifier = {
      deliver: async (intent) => {
        w.clock.advanceBy({ minutes: 3 })
        deliveries++
        if (deliveries === 3) secondPasses.push(await second.dispatch())
        return w.notifier.deliver(intent)
      },
    }
    const first = makeService({ ...w.ports, notifier: slow })
    const r = await first.dispatch()
    expect(E.isRight(r) && r.right.failed).toEqual([])
    expect(secondPasses.length).toBe(1)
    // every intent was sent once, by one of the two dispatchers
    expect([...w.notifier.calls].sort()).toEqual([...ids].sort())
    expect(w.store.outbox().every((e) => e.delivered)).toBe(true)
  })

  it('a lost acknowledgement makes a retry that the intent id absorbs', async () => {
    const w = world(new InMemoryNotifier({ duplicate: (_i, attempt) => attempt === 1 }))
    await published(w)
    await w.service.dispatch()
    await w.service.dispatch()
    const ids = w.store.outbox().map((e) => e.intent.id)
    expect(w.notifier.calls.length).toBe(2 * ids.length)
    expect(w.notifier.delivered.map((i) => i.id)).toEqual(ids)
  })

  it('no reminder after the campaign is completed (tick after complete)', async () => {
    const w = world()
    await published(w)
    w.clock.set(at('2000-01-03T12:00:00Z'))
    await w.service.tick(campaignId)
    const r = await w.service.handle(campaignId, cmd('done'), { type: 'complete', actor: rita, outstanding: 'keepAccess' })
    expect(E.isRight(r) && r.right.result._tag).toBe('accepted')
    await w.service.dispatch()
    const reminders = () => w.notifier.delivered.filter((i) => i.kind === 'campaignReminder').length
    const before = reminders()
    expect(before).toBeGreaterThan(0)
    for (const day of ['2000-01-05', '2000-01-20', '2000-03-01']) {
      w.clock.set(at(`${day}T00:00:00Z`))
      const t = await w.service.tick(campaignId)
      expect(E.isRight(t) && t.right.events).toEqual([])
      await w.service.dispatch()
    }
    expect(reminders()).toBe(before)
  })
})

// -------------------------------------------------------------------------------------
// fulfillment
// -------------------------------------------------------------------------------------

describe('fulfill', () => {
  it('executes the automatic actions of a completed campaign once and records their results', async () => {
    const w = world()
    await published(w)
    await w.service.handle(campaignId, cmd('f'), { type: 'setFulfillment', actor: { id: rita.id, roles: ['administrator'] }, application: 'app' as never, option: 'automatic' })
    await w.service.handle(campaignId, cmd('r'), decideCmd('revoke', 'i1'))
    await w.service.handle(campaignId, cmd('done'), { type: 'complete', actor: rita, outstanding: 'keepAccess' })
    const r = await w.service.fulfill(campaignId, rita)
    expect(E.isRight(r) && r.right.recorded.map((h) => h.result._tag)).toEqual(['accepted'])
    expect(w.fulfiller.executed.map((a) => a.itemId)).toEqual(['i1'])
    const after = stateOf(w)
    expect(after === undefined ? undefined : [fulfillmentResultOf(after, 'i1'), after.campaign.results.byItem.size, after.campaign.results.done]).toEqual(['done', 1, 1])
    const again = await w.service.fulfill(campaignId, rita)
    expect(E.isRight(again) && again.right.recorded).toEqual([])
    expect(w.fulfiller.executed.length).toBe(1)
    expect(directory.users.length).toBe(5)
  })
})
