// Issue 13: the service on a real PostgreSQL server under concurrency.
// 8 workers, each with its own connection and its own service (as 8
// processes would), send 1,000 commands each to one campaign: decisions on
// packets of their own and on packets all of them share, extensions and
// ticks. Then 4 dispatchers deliver the outbox concurrently. Checked: no
// lost update, no duplicate event, contiguous versions, every intent
// delivered exactly once, the stored state equal to the fold of the log,
// and the tasks projection equal to the tasks of that state.
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CampaignEvent, NotificationIntent, ServiceCommand } from '../../../src/index.js'
import { fold, itemCounts, makeService, packetItems, packetsOf, tasksOf, verifyLog } from '../../../src/index.js'
import type { Notifier } from '../../../src/ports/notifier.js'
import { PostgresCampaignStore } from '../../../src/postgres/index.js'
import { aDefinition, aDirectory, actor, anItem, at, InMemoryFulfiller, itemId, TestClock } from '../../../src/testing/index.js'
import { freshDatabase, storeOn } from '../support.js'
import { cmd } from '../../service/fixture.js'

const WORKERS = 8
// 8 connections × 1,000 commands (issue 13), about 75 s on 2 cores;
// PG_CONCURRENCY_COMMANDS=N runs 8 × N (docs/postgres.md has the figures).
const PER_WORKER = Number(process.env['PG_CONCURRENCY_COMMANDS'] ?? 1000)
const DISPATCHERS = 4
const OWN_PACKETS = 6 // per worker
const SHARED_PACKETS = 6
const ITEMS_PER_PACKET = 120

const rita = actor('rita', 'riskManager')
const rick = actor('rick')
const campaignId = 'load-c1'
const subject = (k: number): string => `s-${String(k).padStart(3, '0')}`
const packetCount = WORKERS * OWN_PACKETS + SHARED_PACKETS
const item = (packet: number, k: number): string => `${subject(packet)}-i${k}`
const definition = aDefinition({
  id: campaignId,
  timing: { policy: 'deadline', dueAt: '2000-03-01T00:00:00Z' },
  reviewers: { order: ['riskManager'], count: 1 },
  riskManagers: ['rick'],
  reminders: { kind: 'daily' },
})
const T0 = at('2000-01-01T00:00:00Z')

/** A notifier that counts every delivery per intent id (a real provider would send each call). */
class CountingNotifier implements Notifier {
  readonly calls = new Map<string, number>()
  readonly deliver = async (intent: NotificationIntent): Promise<E.Either<never, void>> => {
    this.calls.set(intent.id, (this.calls.get(intent.id) ?? 0) + 1)
    await new Promise((r) => setTimeout(r, 0))
    return E.right(undefined)
  }
}

const pools: pg.Pool[] = []
let url = ''
beforeAll(async () => {
  url = await freshDatabase('ar_concurrency')
})
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()))
})
const pool = (max: number): pg.Pool => {
  const p = new pg.Pool({ connectionString: url, max })
  pools.push(p)
  return p
}

describe('the service on PostgreSQL, concurrently', () => {
  it(`${WORKERS} connections × ${PER_WORKER} commands on one campaign: no lost update, no duplicate, contiguous versions, exactly-once delivery, state = fold of the log`, async () => {
    const admin = pool(2)
    await storeOn(admin)
    const clock = new TestClock(T0)
    const notifier = new CountingNotifier()
    // snapshots every 1,000 events whatever the campaign's size (snapshotEventsPerItem: 0),
    // so that the load path checked below starts from one saved under concurrency
    const serviceOn = (p: pg.Pool) => makeService({ store: new PostgresCampaignStore(p), notifier, fulfiller: new InMemoryFulfiller(), clock }, { maxAttempts: 100, portTimeoutMs: 30_000, snapshotEventsPerItem: 0 })

    // setup: create and publish through the service
    const setup = serviceOn(admin)
    const items = Array.from({ length: packetCount }, (_, p) => Array.from({ length: ITEMS_PER_PACKET }, (_, k) => anItem(item(p, k), subject(p)))).flat()
    const directory = aDirectory({
      users: [{ id: 'rick' }, { id: 'rita' }, ...Array.from({ length: packetCount }, (_, p) => ({ id: `u${p}` }))],
      subjects: Array.from({ length: packetCount }, (_, p) => ({ id: subject(p), user: `u${p}` })),
    })
    for (const [id, c] of [
      ['create', { type: 'create', actor: rita, definition, items }],
      ['publish', { type: 'publish', actor: rita, directory }],
    ] as const) {
      const r = await setup.handle(campaignId, cmd(id), c)
      expect(E.isRight(r) && r.right.result._tag).toBe('accepted')
    }

    // the plan of each worker: decisions on its own packets and on the shared ones, extensions, ticks
    type Step = { readonly kind: 'decide'; readonly item: string; readonly shared: boolean } | { readonly kind: 'extend' } | { readonly kind: 'tick' }
    const sharedNext = { k: 0 }
    const plans: Step[][] = Array.from({ length: WORKERS }, () => [])
    const ownNext = Array.from({ length: WORKERS }, () => 0)
    for (let k = 0; k < PER_WORKER; k++) {
      for (let w = 0; w < WORKERS; w++) {
        const r = (k * 7 + w * 3) % 20
        const plan = plans[w] as Step[]
        if (r === 0) plan.push({ kind: 'extend' })
        else if (r === 1) plan.push({ kind: 'tick' })
        else if (r < 8) {
          const n = sharedNext.k++
          plan.push({ kind: 'decide', item: item(WORKERS * OWN_PACKETS + (n % SHARED_PACKETS), Math.floor(n / SHARED_PACKETS) % ITEMS_PER_PACKET), shared: true })
        } else {
          const n = ownNext[w] ?? 0
          ownNext[w] = n + 1
          plan.push({ kind: 'decide', item: item(w * OWN_PACKETS + (n % OWN_PACKETS), Math.floor(n / OWN_PACKETS) % ITEMS_PER_PACKET), shared: false })
        }
      }
    }

    const accepted: Array<{ readonly id: string; readonly events: ReadonlyArray<CampaignEvent> }> = []
    const failures: string[] = []
    let tickEvents = 0
    const tickLog: CampaignEvent[] = []
    let retries = 0
    let ticks = 0
    const started = performance.now()
    await Promise.all(
      plans.map(async (plan, w) => {
        const service = serviceOn(pool(1))
        for (const [k, step] of plan.entries()) {
          const id = `w${w}-${k}`
          if (step.kind === 'tick') {
            if (w === 0 && k % 40 === 1) clock.advanceBy({ hours: 6 })
            let r = await service.tick(campaignId)
            // a caller retries what the service gave up on after maxAttempts conflicts
            for (let retry = 0; retry < 20 && E.isLeft(r) && r.left.code === 'VersionConflict'; retry++) {
              retries++
              r = await service.tick(campaignId)
            }
            if (E.isLeft(r)) failures.push(`${id}: ${r.left.code} ${r.left.message}`)
            else {
              tickEvents += r.right.events.length
              for (const e of r.right.events) tickLog.push(e)
              ticks++
            }
            continue
          }
          const c: ServiceCommand =
            step.kind === 'extend'
              ? { type: 'extend', actor: rita, days: 1, cascade: k % 2 === 0 }
              : { type: 'decide', actor: rick, items: [itemId(step.item)], decision: k % 3 === 0 ? 'revoke' : 'approve' }
          let r = await service.handle(campaignId, cmd(id), c)
          for (let retry = 0; retry < 20 && E.isLeft(r) && r.left.code === 'VersionConflict'; retry++) {
            retries++
            r = await service.handle(campaignId, cmd(id), c)
          }
          if (E.isLeft(r)) failures.push(`${id}: ${r.left.code} ${r.left.message}`)
          else if (r.right.result._tag === 'accepted') accepted.push({ id, events: r.right.result.events })
        }
      }),
    )
    const seconds = (performance.now() - started) / 1000
    console.log(`${WORKERS}×${PER_WORKER} commands in ${seconds.toFixed(1)} s (${((WORKERS * PER_WORKER) / seconds).toFixed(0)}/s), ${accepted.length} accepted, ${ticks} ticks, ${retries} retries by the caller after ${100} conflicts, ${failures.length} failed`)
    const kinds = new Map<string, number>()
    for (const f of failures) {
      const k = f.replace(/^\S+: /, '').slice(0, 90)
      kinds.set(k, (kinds.get(k) ?? 0) + 1)
    }
    expect([...kinds]).toEqual([])

    // the log: contiguous positions, contiguous versions per stream, no duplicate
    const q = async <A>(sql: string): Promise<A[]> => (await admin.query(sql)).rows as A[]
    const [log] = await q<{ n: number; lo: number; hi: number }>(`SELECT count(*)::int AS n, min(log_index) AS lo, max(log_index) AS hi FROM ar_events WHERE campaign_id = '${campaignId}'`)
    expect(log).toEqual({ n: (log?.hi ?? -2) + 1, lo: 0, hi: (log?.n ?? 0) - 1 })
    const gaps = await q(`SELECT stream FROM ar_events WHERE campaign_id = '${campaignId}' GROUP BY stream HAVING min(version) <> 0 OR max(version) <> count(*) - 1`)
    expect(gaps).toEqual([])
    const [pos] = await q<{ position: number }>(`SELECT position FROM ar_campaigns WHERE campaign_id = '${campaignId}'`)
    expect(pos?.position).toBe(log?.n)

    // no lost update: every accepted command's events are in the log, and nothing else is
    const store = new PostgresCampaignStore(admin)
    const loaded = await store.loadCampaign(campaignId as never)
    if (E.isLeft(loaded)) throw new Error(loaded.left.message)
    const events = loaded.right.events
    const setupEvents = 0 // counted below from the records
    const records = await q<{ command_id: string; result: { result: { _tag: string; events?: CampaignEvent[] } } }>(`SELECT command_id, result FROM ar_commands WHERE campaign_id = '${campaignId}'`)
    const recorded = new Map(records.map((r) => [r.command_id, r.result.result]))
    for (const a of accepted) expect(recorded.get(a.id)?.events?.length).toBe(a.events.length)
    const fromCommands = records.reduce((n, r) => n + (r.result.result.events?.length ?? 0), setupEvents)
    expect(events.length).toBe(fromCommands + tickEvents)
    // no lost and no duplicate event: the log is exactly the events of the accepted commands and ticks (as multisets)
    const count = (es: ReadonlyArray<CampaignEvent>, sign: number, into: Map<string, number>): void => {
      for (const e of es) into.set(JSON.stringify(e), (into.get(JSON.stringify(e)) ?? 0) + sign)
    }
    const balance = new Map<string, number>()
    count(events, 1, balance)
    for (const r of records) count(r.result.result.events ?? [], -1, balance)
    count(tickLog, -1, balance)
    expect([...balance.values()].filter((n) => n !== 0).length).toBe(0)
    const state = fold(undefined, events)
    if (state === undefined) throw new Error('no state')
    const finalItems = new Map(packetsOf(state).flatMap((p) => packetItems(p).map((i) => [i.spec.id as string, i] as const)))
    for (const a of accepted) {
      for (const e of a.events) if (e.type === 'ItemsDecided') for (const d of e.decisions) expect(finalItems.get(d.itemId)?.decisions.some((x) => x.at === e.at && x.decision === d.decision)).toBe(true)
    }

    // the load path (snapshot + tail) gives the fold of the whole log; the projection its tasks
    const tail = await store.loadTail(campaignId as never, { streams: [] })
    if (E.isLeft(tail)) throw new Error(tail.left.message)
    expect(tail.right.snapshot?.position).toBeGreaterThan(0)
    const viaTail = fold(tail.right.snapshot?.state, tail.right.events)
    expect(viaTail === undefined ? undefined : itemCounts(viaTail)).toEqual(itemCounts(state))
    expect(viaTail === undefined ? [] : packetsOf(viaTail).map((p) => packetItems(p).map((i) => [i.spec.id, i.state, i.decisions]))).toEqual(
      packetsOf(state).map((p) => packetItems(p).map((i) => [i.spec.id, i.state, i.decisions])),
    )
    // the hash chain: one link per event, in log order, and it verifies
    const chain = await store.loadChain(campaignId as never)
    expect(E.isRight(chain) ? chain.right.map((l) => l.event) : chain).toEqual(events)
    expect(E.isRight(chain) ? E.isRight(verifyLog(chain.right)) : chain).toBe(true)
    const tasks = await store.tasksOf(rick.id)
    expect(E.isRight(tasks) ? tasks.right.map((t) => t.itemId).sort() : tasks).toEqual(state.campaign.status === 'inProgress' ? [...tasksOf(state, rick.id)].sort() : [])

    // 4 dispatchers at once: every intent delivered exactly once
    const outbox = await q<{ intent_id: string }>(`SELECT intent_id FROM ar_outbox`)
    expect(outbox.length).toBeGreaterThan(0)
    const reports = await Promise.all(Array.from({ length: DISPATCHERS }, () => serviceOn(pool(1)).dispatch()))
    for (const r of reports) expect(E.isRight(r) ? r.right.failed : r).toEqual([])
    const deliveredByReports = reports.flatMap((r) => (E.isRight(r) ? r.right.delivered : []))
    expect(deliveredByReports.length).toBe(outbox.length)
    expect([...notifier.calls.values()].every((n) => n === 1)).toBe(true)
    expect([...notifier.calls.keys()].sort()).toEqual(outbox.map((o) => o.intent_id).sort())
    const [open] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM ar_outbox WHERE NOT delivered`)
    expect(open?.n).toBe(0)
  }, 120_000 + PER_WORKER * 400)
})
