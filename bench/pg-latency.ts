/**
 * Decisions per second through the service on PostgreSQL with a network
 * between them: a local TCP proxy delays every chunk each way by DELAY_MS
 * (default 0.5; Node's timers make that about 1 ms, so a round trip of
 * about 2 ms). A campaign of ITEMS items (default 40,000; `bench/shape.ts`)
 * is published by a first service over a direct pool, then a second
 * service, through the proxy and on a store that holds no packet, sends
 * 800 single-item decisions on packets spread over the campaign with 1,
 * then 4, then 1, then 4 workers (one pool of 8 connections). Not part of
 * `npm run bench`; run it with
 * `node scripts/with-postgres.mjs -- node --import tsx bench/pg-latency.ts`
 * (see docs/postgres.md, "Round trips").
 */
import net from 'node:net'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { makeService } from '../src/index.js'
import { migrate, openPostgresStore } from '../src/postgres/index.js'
import type { PostgresCampaignStore, PostgresDriver } from '../src/postgres/index.js'
import { InMemoryFulfiller, InMemoryNotifier, TestClock } from '../src/testing/index.js'
import { freshDatabase } from './postgres.js'
import { CAMPAIGN_ID, definitionJson, directoryJson, instant, itemId, itemsJson, managerOf, rita, shapeOf, T } from './shape.js'

/** A proxy to `target` that delays every chunk by `delayMs` each way; answers its URL. */
const delayingProxy = async (target: URL, delayMs: number): Promise<URL> => {
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname)
    const relay = (from: net.Socket, to: net.Socket): void => {
      from.on('data', (chunk) => setTimeout(() => to.write(chunk), delayMs))
    }
    relay(client, upstream)
    relay(upstream, client)
    const close = (): void => {
      client.destroy()
      upstream.destroy()
    }
    for (const s of [client, upstream]) s.on('close', close).on('error', close)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.unref()
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port')
  const url = new URL(target.toString())
  url.hostname = '127.0.0.1'
  url.port = String(address.port)
  return url
}

const main = async (): Promise<void> => {
  const serverUrl = process.env['ACCESS_REVIEW_PG_URL'] ?? ''
  if (serverUrl === '') throw new Error('ACCESS_REVIEW_PG_URL is not set: run through scripts/with-postgres.mjs')
  const items = Number(process.env['ITEMS'] ?? 40_000)
  const delayMs = Number(process.env['DELAY_MS'] ?? 0.5)
  const url = await freshDatabase(serverUrl, 'ar_latency')
  const direct = new pg.Pool({ connectionString: url.toString(), max: 8 })
  const delayed = new pg.Pool({ connectionString: (await delayingProxy(url, delayMs)).toString(), max: 8 })
  const storeOn = async (db: PostgresDriver): Promise<PostgresCampaignStore> => {
    const s = await openPostgresStore(db)
    if (E.isLeft(s)) throw new Error(`open: ${s.left.message}`)
    return s.right
  }
  try {
    const m = await migrate(direct)
    if (E.isLeft(m)) throw new Error(`migrate: ${m.left.message}`)
    const shape = shapeOf(items)
    const clock = new TestClock(instant(T.created))
    const ports = { notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock }
    const first = makeService({ store: await storeOn(direct), ...ports }, { portTimeoutMs: 30_000 })
    await first.handle(CAMPAIGN_ID, 'create', { type: 'create', actor: rita, definition: definitionJson(), items: itemsJson(shape) })
    clock.set(instant(T.published))
    const published = await first.handle(CAMPAIGN_ID, 'publish', { type: 'publish', actor: rita, directory: directoryJson(shape) })
    if (E.isLeft(published)) throw new Error(`publish: ${published.left.message}`)
    await direct.query('ANALYZE')
    clock.set(instant(T.single))
    const service = makeService({ store: await storeOn(delayed), ...ports })
    let k = 0
    const decide = async (id: string): Promise<void> => {
      // packets spread over the campaign, one item of each at a time
      const s = (k * 7_919) % shape.subjects
      k++
      const r = await service.handle(CAMPAIGN_ID, id, { type: 'decide', actor: { id: managerOf(s), roles: [] }, items: [itemId(s, k % 4)], decision: 'approve' })
      if (E.isLeft(r) || r.right.result._tag !== 'accepted') throw new Error(`decision ${id} was not accepted: ${JSON.stringify(r).slice(0, 300)}`)
    }
    await decide('warm-up')
    for (const workers of [1, 4, 1, 4]) {
      const each = 800 / workers
      const t0 = performance.now()
      await Promise.all(
        Array.from({ length: workers }, async (_, w) => {
          for (let i = 0; i < each; i++) await decide(`d-${workers}-${w}-${i}-${k}`)
        }),
      )
      const perSecond = 800 / ((performance.now() - t0) / 1000)
      console.log(`${workers} worker(s): ${perSecond.toFixed(0)} decisions/s (${items} items, ${delayMs} ms delay each way)`)
    }
  } finally {
    await delayed.end()
    await direct.end()
  }
}

await main()
