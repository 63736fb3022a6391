/**
 * The service on PostgreSQL (issue 13): commands per second with 1, 2, 4
 * and 8 workers on one campaign, each as a ratio to the same commands on
 * the in-memory store in the same run. The store runs on the server named
 * by ACCESS_REVIEW_PG_URL (`npm run bench` starts one with
 * scripts/with-postgres.mjs), or on PGlite in this process when it is not
 * set (`npm run bench:smoke`, the smoke test): PGlite has one connection,
 * so its workers take turns.
 */
import { PGlite } from '@electric-sql/pglite'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { makeService } from '../src/index.js'
import type { CampaignStore } from '../src/index.js'
import { migrate, PostgresCampaignStore } from '../src/postgres/index.js'
import type { PostgresDriver } from '../src/postgres/index.js'
import { InMemoryCampaignStore, InMemoryFulfiller, InMemoryNotifier, TestClock } from '../src/testing/index.js'
import type { Group, Op, Reporter } from './model.js'
import { CAMPAIGN_ID, definitionJson, directoryJson, instant, itemId, itemsJson, managerOf, rita, shapeOf, T } from './shape.js'
import { msSince, now } from './timing.js'

/** The worker counts measured, and the op of each. */
export const pgWorkers: ReadonlyArray<readonly [number, Op]> = [
  [1, 'pgService1'],
  [2, 'pgService2'],
  [4, 'pgService4'],
  [8, 'pgService8'],
]

/** Which database the group runs on. */
export const pgBackend = (): 'server' | 'PGlite' => ((process.env['ACCESS_REVIEW_PG_URL'] ?? '') === '' ? 'PGlite' : 'server')

interface Db {
  readonly driver: PostgresDriver
  readonly close: () => Promise<void>
}

/** A new, empty database `name` on the server at `url` (dropped first if a run left it); answers its URL. */
export const freshDatabase = async (url: string, name: string): Promise<URL> => {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const u = new URL(url)
  u.pathname = `/${name}`
  return u
}

const openDb = async (): Promise<Db> => {
  const url = process.env['ACCESS_REVIEW_PG_URL'] ?? ''
  if (url === '') {
    const db = new PGlite()
    return { driver: db, close: () => db.close() }
  }
  // a database of its own, new each run
  const u = await freshDatabase(url, 'ar_bench')
  const pool = new pg.Pool({ connectionString: u.toString(), max: 8 })
  pool.on('error', () => undefined)
  return { driver: pool, close: () => pool.end() }
}

type Stepper = {
  readonly stepAsync: (name: string, f: (budgetMs: number) => Promise<void>) => Promise<void>
  readonly m: (op: Op, value: number, unit: 'perSec', rest?: Record<string, unknown>) => void
}

/** The group: setup on both stores, then each worker count on both. */
export const servicePostgres = async (g: Group, r: Reporter, { stepAsync, m }: Stepper): Promise<void> => {
  const shape = shapeOf(g.items)
  const db = await openDb()
  try {
    const migrated = await migrate(db.driver)
    if (E.isLeft(migrated)) throw new Error(`migrate: ${migrated.left.message}`)
    const clock = new TestClock(instant(T.created))
    const stores: Record<'pg' | 'memory', CampaignStore> = { pg: new PostgresCampaignStore(db.driver), memory: new InMemoryCampaignStore() }
    const services = {
      pg: makeService({ store: stores.pg, notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock }, { portTimeoutMs: 30_000, maxAttempts: 100 }),
      memory: makeService({ store: stores.memory, notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock }),
    }
    const accepted = async (on: 'pg' | 'memory', commandId: string, c: unknown): Promise<boolean> => {
      const h = await services[on].handle(CAMPAIGN_ID, commandId, c)
      return E.isRight(h) && h.right.result._tag === 'accepted'
    }
    await stepAsync('pgSetup', async () => {
      const items = itemsJson(shape)
      const directory = directoryJson(shape)
      // create and publish through the service on both stores; on PostgreSQL the
      // publish of 100k items is one append of about 25,000 events (145 MB of
      // JSON), within the default port deadline (docs/postgres.md, "Large campaigns")
      for (const on of ['memory', 'pg'] as const) {
        clock.set(instant(T.created))
        if (!(await accepted(on, 'create', { type: 'create', actor: rita, definition: definitionJson(), items }))) throw new Error(`${on}: the service refused create`)
        clock.set(instant(T.published))
        const t0 = now()
        if (!(await accepted(on, 'publish', { type: 'publish', actor: rita, directory }))) throw new Error(`${on}: the service refused publish`)
        r.progress('pgSetup', { [on === 'pg' ? 'pgPublishMs' : 'memoryPublishMs']: msSince(t0), items: shape.items })
      }
    })
    await stepAsync('pgService', async (budget) => {
      clock.set(instant(T.single))
      const t0 = now()
      // each worker count decides its own slice of the subjects (item 0, level 1): no command repeats another
      const per = Math.max(2, Math.floor(Math.min(shape.subjects, g.smoke ? 160 : 8_000) / (2 * pgWorkers.length)))
      let next = 0
      const run = async (on: 'pg' | 'memory', workers: number, count: number, share: number): Promise<{ n: number; ms: number; failures: number }> => {
        const from = next
        next += count
        let failures = 0
        let n = 0
        const start = now()
        const worker = async (w: number): Promise<void> => {
          for (let k = from + w; k < from + count; k += workers) {
            if (msSince(t0) > budget * share) return
            if (!(await accepted(on, `${on}-${workers}-${k}`, { type: 'decide', actor: { id: managerOf(k), roles: [] }, items: [itemId(k, 0)], decision: 'approve' }))) failures++
            n++
          }
        }
        const all: Array<Promise<void>> = []
        for (let w = 0; w < workers; w++) all.push(worker(w))
        await Promise.all(all)
        return { n, ms: msSince(start), failures }
      }
      let k = 0
      for (const [workers, op] of pgWorkers) {
        k++
        const memory = await run('memory', workers, per, (k - 0.5) / pgWorkers.length)
        const onPg = await run('pg', workers, per, k / pgWorkers.length)
        r.progress('pgService', { workers, commands: onPg.n, ms: onPg.ms })
        m(op, (onPg.n / Math.max(1e-9, onPg.ms)) * 1000, 'perSec', {
          samples: onPg.n,
          status: onPg.n < per ? 'budget' : 'ok',
          baseline: (memory.n / Math.max(1e-9, memory.ms)) * 1000,
          extra: { commands: onPg.n, ms: onPg.ms, failures: onPg.failures + memory.failures, workers },
          note: `${pgBackend()}${onPg.n < per ? `; ${onPg.n} of ${per} commands within the budget` : ''}`,
        })
        if (onPg.failures + memory.failures > 0) throw new Error(`${onPg.failures + memory.failures} service commands were not accepted (${workers} workers)`)
      }
    })
  } finally {
    await db.close()
  }
}
