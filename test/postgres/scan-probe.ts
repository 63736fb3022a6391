// Shared by the scan-cost tests (PGlite and server). A decision on
// PostgreSQL reads what its packet needs, not the campaign (house rule 6). Every statement the store sends while the service handles
// one decision command is run first under EXPLAIN ANALYZE (inside a
// savepoint that is rolled back, when it runs in a transaction), and the
// rows its scans of the campaign's tables touched are counted: the count must
// not grow with the campaign. Before this test, the reviewer-tasks
// projection read the stream of a packet it did not hold through a JSON list
// joined laterally, which the planner flattened into a hash join over a scan
// of every event of the campaign once the table had statistics.
import * as E from 'fp-ts/lib/Either.js'
import { expect } from 'vitest'
import { makeService } from '../../src/index.js'
import type { PgliteLike, PgPoolLike, PooledConnection, PostgresDriver, SqlQueryable } from '../../src/postgres/index.js'
import { InMemoryFulfiller, InMemoryNotifier, TestClock } from '../../src/testing/index.js'
import { CAMPAIGN_ID, definitionJson, directoryJson, instant, itemId, itemsJson, managerOf, rita, shapeOf, T, userOf } from '../../bench/shape.js'
import { storeOn, truncate } from './support.js'

const TRACKED = new Set(['ar_events', 'ar_reviewer_tasks', 'ar_commands', 'ar_outbox', 'ar_snapshots', 'ar_snapshot_parts'])
const SCANS = new Set(['Seq Scan', 'Index Scan', 'Index Only Scan', 'Bitmap Heap Scan'])

interface PlanNode {
  readonly 'Node Type': string
  readonly 'Relation Name'?: string
  readonly 'Actual Rows': number
  readonly 'Actual Loops': number
  readonly 'Rows Removed by Filter'?: number
  readonly 'Rows Removed by Index Recheck'?: number
  readonly Plans?: ReadonlyArray<PlanNode>
}

/** Rows touched by the scans of the tracked tables in one plan: those returned and those filtered out. */
const rowsScanned = (plan: PlanNode): number => {
  let n = 0
  const walk = (p: PlanNode): void => {
    if (SCANS.has(p['Node Type']) && TRACKED.has(p['Relation Name'] ?? '')) {
      n += (p['Actual Rows'] + (p['Rows Removed by Filter'] ?? 0) + (p['Rows Removed by Index Recheck'] ?? 0)) * p['Actual Loops']
    }
    for (const c of p.Plans ?? []) walk(c)
  }
  walk(plan)
  return n
}

export interface Probe {
  on: boolean
  rows: number
  statements: Array<{ readonly sql: string; readonly rows: number }>
}

const CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i

/** Runs `sql` once under EXPLAIN ANALYZE (rolled back inside a transaction) and adds the rows its scans touched. */
const measurer =
  (probe: Probe) =>
  async (q: SqlQueryable, sql: string, params: Array<unknown> | undefined, inTransaction: boolean): Promise<void> => {
    if (!probe.on || CONTROL.test(sql)) return
    // outside a transaction only reads are measured (a write would run twice)
    if (!inTransaction && !/^\s*SELECT\b/i.test(sql)) return
    if (inTransaction) await q.query('SAVEPOINT scan_probe')
    const r = await q.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params)
    if (inTransaction) await q.query('ROLLBACK TO SAVEPOINT scan_probe')
    const row = r.rows[0] as Record<string, unknown>
    const cell = row['QUERY PLAN']
    const plans = (typeof cell === 'string' ? JSON.parse(cell) : cell) as ReadonlyArray<{ readonly Plan: PlanNode }>
    const rows = plans.reduce((n, p) => n + rowsScanned(p.Plan), 0)
    probe.rows += rows
    probe.statements.push({ sql: sql.replace(/\s+/g, ' ').slice(0, 100), rows })
  }

/** A PGlite database, with every statement measured first while `probe.on`. */
export const probedPglite = (d: PgliteLike, probe: Probe): PgliteLike => {
  const measure = measurer(probe)
  const wrap = (q: SqlQueryable, inTransaction: boolean): SqlQueryable => ({
    query: async (sql, params) => {
      await measure(q, sql, params, inTransaction)
      return q.query(sql, params)
    },
  })
  return { ...wrap(d, false), transaction: (body) => d.transaction((tx) => body(wrap(tx, true))) }
}

/** A pool, with every statement measured first while `probe.on` (a connection is in a transaction between its BEGIN and its COMMIT or ROLLBACK). */
export const probedPool = (pool: PgPoolLike, probe: Probe): PgPoolLike => {
  const measure = measurer(probe)
  return {
    query: async (sql, params) => {
      await measure(pool, sql, params, false)
      return pool.query(sql, params)
    },
    connect: async (): Promise<PooledConnection> => {
      const c = await pool.connect()
      let inTransaction = false
      return {
        query: async (sql, params) => {
          await measure(c, sql, params, inTransaction)
          const r = await c.query(sql, params)
          if (/^\s*BEGIN\b/i.test(sql)) inTransaction = true
          else if (/^\s*(COMMIT|ROLLBACK)\b/i.test(sql)) inTransaction = false
          return r
        },
        release: (error) => c.release(error),
      }
    },
  }
}

/** The rows the store's statements scan while a warm service handles a single-item decision, a whole-packet decision, a reassignment, a question and its answer, a tick with nothing due and the delivery of the notifications, on a campaign of `subjects` packets of 4 items. */
export const scannedByCommands = async <D extends PostgresDriver>(d: D, probed: (d: D, probe: Probe) => D, subjects: number): Promise<Probe> => {
  // migrated (a new database) and emptied (a database shared by the file's tests)
  const store = await storeOn(d)
  await truncate(d)
  const shape = shapeOf(subjects * 4, 50)
  const clock = new TestClock(instant(T.created))
  const ports = { notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock }
  const accepted = async (svc: ReturnType<typeof makeService>, id: string, c: unknown): Promise<void> => {
    const h = await svc.handle(CAMPAIGN_ID, id, c)
    if (!(E.isRight(h) && h.right.result._tag === 'accepted')) throw new Error(`${id} was not accepted: ${JSON.stringify(h).slice(0, 300)}`)
  }
  const first = makeService({ store, ...ports })
  await accepted(first, 'create', { type: 'create', actor: rita, definition: definitionJson(), items: itemsJson(shape) })
  clock.set(instant(T.published))
  await accepted(first, 'publish', { type: 'publish', actor: rita, directory: directoryJson(shape) })
  // a store holds other campaigns: 5,000 delivered intents of another, so that the outbox is
  // not so small that the planner reads all of it rather than its index (it is at 1,600 packets)
  await d.query(
    `INSERT INTO ar_outbox (campaign_id, intent_id, intent, delivered) SELECT 'elsewhere', 'n-' || g, '{}'::jsonb, true FROM generate_series(1, 5000) AS g`,
  )
  // statistics, as autovacuum would have gathered them on a server
  await d.query('ANALYZE')
  // a second service on a second store: its store holds no packet, so the decision's packet is read from its stream
  const probe: Probe = { on: false, rows: 0, statements: [] }
  const second = makeService({ store: await storeOn(probed(d, probe)), ...ports })
  clock.set(instant(T.single))
  const decide = (k: number): unknown => ({ type: 'decide', actor: { id: managerOf(k, 50), roles: [] }, items: [itemId(k, 0)], decision: 'approve' })
  const decideAll = (k: number): unknown => ({ type: 'decide', actor: { id: managerOf(k, 50), roles: [] }, items: [0, 1, 2, 3].map((j) => itemId(k, j)), decision: 'approve' })
  const done = <A>(what: string, r: E.Either<unknown, A>): void => {
    if (E.isLeft(r)) throw new Error(`${what} failed: ${JSON.stringify(r.left).slice(0, 300)}`)
  }
  // the first command loads the campaign (a cold start costs the campaign), and the
  // publish's intents are delivered (one per manager: they grow with the campaign)
  await accepted(second, 'warm', decide(0))
  done('dispatch', await second.dispatch(CAMPAIGN_ID))
  probe.on = true
  // measured: one item; a whole packet (its level completes: level 2 is assigned and notified);
  // a reassignment, a question and its answer; a tick with nothing due; the delivery of the notifications
  await accepted(second, 'one item', decide(subjects - 1))
  await accepted(second, 'one packet', decideAll(subjects - 2))
  const k = subjects - 3
  await accepted(second, 'reassign', { type: 'reassign', actor: { id: managerOf(k, 50), roles: [] }, items: [itemId(k, 0)], to: 'director', comment: 'on leave' })
  await accepted(second, 'ask', { type: 'requestInfo', actor: { id: managerOf(k, 50), roles: [] }, items: [itemId(k, 1)], from: 'subject', question: 'still needed?' })
  await accepted(second, 'answer', { type: 'provideInfo', actor: { id: userOf(k), roles: [] }, items: [itemId(k, 1)], answer: 'yes' })
  done('tick', await second.tick(CAMPAIGN_ID))
  done('dispatch', await second.dispatch(CAMPAIGN_ID))
  probe.on = false
  return probe
}

/** Expects the probes of a small and a large campaign to have measured the same statements, each scanning as many rows, and something. */
export const expectSameScans = (small: Probe, large: Probe): void => {
  // non-trivial: the commands' statements were measured and read their packets' rows
  expect(small.statements.length).toBeGreaterThanOrEqual(5)
  expect(small.rows).toBeGreaterThan(0)
  expect({ rows: large.rows, statements: large.statements }).toEqual({ rows: small.rows, statements: small.statements })
}
