// Issue 13: crash safety on a real PostgreSQL server. A connection is
// killed (pg_terminate_backend) in the middle of an append, between an
// append and the dispatch of its intents, and in the middle of a dispatch
// (after the claim, before markDelivered): no intent is lost, and an
// append is all or nothing.
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NotificationIntent } from '../../../src/index.js'
import { makeService } from '../../../src/index.js'
import type { Notifier } from '../../../src/ports/notifier.js'
import { PostgresCampaignStore } from '../../../src/postgres/index.js'
import { aDefinition, aDirectory, actor, anItem, at, InMemoryFulfiller, TestClock } from '../../../src/testing/index.js'
import { cmd } from '../../service/fixture.js'
import { freshDatabase, storeOn, truncate } from '../support.js'

const rita = actor('rita', 'riskManager')
const subjects = Array.from({ length: 40 }, (_, k) => `s-${k}`)
const directory = aDirectory({
  users: [{ id: 'rick' }, { id: 'rita' }, ...[0, 1, 2, 3, 4].map((k) => ({ id: `m${k}` })), ...subjects.map((_, k) => ({ id: `u${k}`, manager: `m${k % 5}` }))],
  subjects: subjects.map((id, k) => ({ id, user: `u${k}` })),
})
const definition = (id: string) => aDefinition({ id, timing: { policy: 'deadline', dueAt: '2000-03-01T00:00:00Z' }, reviewers: { order: ['firstLineManager'], count: 1 } })
const items = subjects.flatMap((s) => [anItem(`${s}-a`, s), anItem(`${s}-b`, s)])

/** Records every delivery; `onDeliver` runs before each answers. */
class RecordingNotifier implements Notifier {
  readonly received: string[] = []
  onDeliver: (intent: NotificationIntent) => Promise<void> = async () => undefined
  readonly deliver = async (intent: NotificationIntent): Promise<E.Either<never, void>> => {
    this.received.push(intent.id)
    await this.onDeliver(intent)
    return E.right(undefined)
  }
}

let url = ''
const pools: pg.Pool[] = []
beforeAll(async () => {
  url = await freshDatabase('ar_crash')
})
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end().catch(() => undefined)))
})
/** A pool of one connection (so its backend is known); a killed connection is an error event, not a crash. */
const pool = (): pg.Pool => {
  const p = new pg.Pool({ connectionString: url, max: 1 })
  p.on('error', () => undefined)
  pools.push(p)
  return p
}
const backendOf = async (p: pg.Pool): Promise<number> => ((await p.query('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number }).pid
const kill = async (admin: pg.Pool, pid: number): Promise<void> => {
  await admin.query('SELECT pg_terminate_backend($1)', [pid])
}

const setup = async () => {
  const admin = pool()
  await storeOn(admin)
  await truncate(admin)
  const clock = new TestClock(at('2000-01-01T00:00:00Z'))
  const notifier = new RecordingNotifier()
  const serviceOn = (p: pg.Pool) => makeService({ store: new PostgresCampaignStore(p), notifier, fulfiller: new InMemoryFulfiller(), clock }, { portTimeoutMs: 10_000 })
  const q = async <A>(sql: string): Promise<A[]> => (await admin.query(sql)).rows as A[]
  return { admin, clock, notifier, serviceOn, q }
}

describe('crash safety on PostgreSQL', () => {
  it('a connection killed between the append and the dispatch loses no intent: another dispatcher delivers them all', async () => {
    const { admin, notifier, serviceOn, q } = await setup()
    const worker = pool()
    const service = serviceOn(worker)
    expect(E.isRight(await service.handle('crash-1', cmd('create'), { type: 'create', actor: rita, definition: definition('crash-1'), items }))).toBe(true)
    const published = await service.handle('crash-1', cmd('publish'), { type: 'publish', actor: rita, directory })
    expect(E.isRight(published) && published.right.result._tag).toBe('accepted')
    await kill(admin, await backendOf(worker)) // the worker dies before it dispatches
    const intents = await q<{ intent_id: string }>(`SELECT intent_id FROM ar_outbox WHERE campaign_id = 'crash-1' AND NOT delivered`)
    expect(intents.length).toBe(5) // one reviewAssigned per manager
    const report = await serviceOn(pool()).dispatch()
    expect(E.isRight(report) ? [...report.right.delivered].sort() : report).toEqual(intents.map((i) => i.intent_id).sort())
    expect(await q(`SELECT intent_id FROM ar_outbox WHERE NOT delivered`)).toEqual([])
    expect(new Set(notifier.received).size).toBe(intents.length)
  })

  it('a connection killed after the claim, before markDelivered: the claim lapses and the intent is delivered by the next pass', async () => {
    const { admin, clock, notifier, serviceOn, q } = await setup()
    const setupService = serviceOn(pool())
    await setupService.handle('crash-2', cmd('create'), { type: 'create', actor: rita, definition: definition('crash-2'), items })
    await setupService.handle('crash-2', cmd('publish'), { type: 'publish', actor: rita, directory })
    const dispatcher = pool()
    const pid = await backendOf(dispatcher)
    let killed = ''
    notifier.onDeliver = async (intent) => {
      if (killed === '') {
        killed = intent.id
        await kill(admin, pid) // the dispatcher's connection dies while it delivers
      }
    }
    const first = await serviceOn(dispatcher).dispatch()
    notifier.onDeliver = async () => undefined
    expect(killed).not.toBe('')
    // the killed one is still undelivered and claimed; nothing is lost
    const [row] = await q<{ delivered: boolean; claimed: boolean }>(`SELECT delivered, claimed_until IS NOT NULL AS claimed FROM ar_outbox WHERE intent_id = '${killed}'`)
    expect(row?.delivered === false || E.isRight(first)).toBe(true)
    clock.advanceBy({ minutes: 6 }) // past the claim (claimMinutes 5)
    const second = await serviceOn(pool()).dispatch()
    expect(E.isRight(second)).toBe(true)
    expect(await q(`SELECT intent_id FROM ar_outbox WHERE NOT delivered`)).toEqual([])
    const all = await q<{ intent_id: string }>(`SELECT intent_id FROM ar_outbox WHERE campaign_id = 'crash-2'`)
    expect([...new Set(notifier.received)].sort()).toEqual(all.map((r) => r.intent_id).sort())
  })

  it('a connection killed in the middle of an append writes nothing; the command sent again is applied once, with its intents', async () => {
    const { admin, notifier, serviceOn, q } = await setup()
    const worker = pool()
    const pid = await backendOf(worker)
    const service = serviceOn(worker)
    await service.handle('crash-3', cmd('create'), { type: 'create', actor: rita, definition: definition('crash-3'), items })
    const before = await q<{ n: number }>(`SELECT count(*)::int AS n FROM ar_events WHERE campaign_id = 'crash-3'`)
    // hold the outbox so the publish's append waits inside its transaction, then kill that connection
    const blocker = await pool().connect() // a connection of its own (admin keeps watching)
    await blocker.query('BEGIN')
    await blocker.query('LOCK TABLE ar_outbox IN ACCESS EXCLUSIVE MODE')
    const pending = service.handle('crash-3', cmd('publish'), { type: 'publish', actor: rita, directory })
    let waited = false
    for (let k = 0; k < 200 && !waited; k++) {
      const r = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`, [pid])
      waited = r.rows.length > 0
      if (!waited) await new Promise((res) => setTimeout(res, 25))
    }
    expect(waited).toBe(true)
    await kill(admin, pid)
    await blocker.query('ROLLBACK')
    blocker.release()
    const outcome = await pending
    // whatever the service answered (it may have retried on a new connection), the append is all or nothing
    const events = await q<{ n: number }>(`SELECT count(*)::int AS n FROM ar_events WHERE campaign_id = 'crash-3'`)
    const intents = await q<{ n: number }>(`SELECT count(*)::int AS n FROM ar_outbox WHERE campaign_id = 'crash-3'`)
    const recorded = await q(`SELECT command_id FROM ar_commands WHERE campaign_id = 'crash-3' AND command_id = 'publish'`)
    if (recorded.length === 0) {
      expect(E.isLeft(outcome)).toBe(true)
      expect([events[0]?.n, intents[0]?.n]).toEqual([before[0]?.n, 0])
    } else expect(intents[0]?.n).toBe(5)
    // the caller sends the command again: applied once, its intents stored and delivered
    const again = await serviceOn(pool()).handle('crash-3', cmd('publish'), { type: 'publish', actor: rita, directory })
    expect(E.isRight(again) && again.right.result._tag).toBe('accepted')
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM ar_outbox WHERE campaign_id = 'crash-3'`))[0]?.n).toBe(5)
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM ar_events WHERE campaign_id = 'crash-3' AND type = 'CampaignPublished'`))[0]?.n).toBe(1)
    const report = await serviceOn(pool()).dispatch('crash-3')
    expect(E.isRight(report) ? report.right.delivered.length : report).toBe(5)
    expect(new Set(notifier.received).size).toBe(5)
  })
})
