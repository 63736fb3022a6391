// Issue 13, bad input: a database that does not connect, a schema of a newer
// version, an altered table, a missing schema — each a typed error naming its
// cause; the store never creates or drops a table (only migrate does).
import { PGlite } from '@electric-sql/pglite'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { checkSchema, migrate, migrations, openPostgresStore, PostgresCampaignStore, schemaVersion } from '../../src/postgres/index.js'
import { at } from '../../src/testing/index.js'

const code = (r: E.Either<{ readonly code: string }, unknown>): string => (E.isLeft(r) ? r.left.code : 'Right')
const tables = async (db: PGlite): Promise<string[]> =>
  ((await db.query(`SELECT tablename::text AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows as Array<{ t: string }>).map((r) => r.t)

describe('PostgreSQL store setup errors', () => {
  it('a URL that does not connect: ConnectionFailed with the cause, from migrate, checkSchema and openPostgresStore; the store methods answer StoreUnavailable', async () => {
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 2000 })
    try {
      for (const r of [await migrate(pool), await checkSchema(pool), await openPostgresStore(pool)]) {
        expect(E.isLeft(r) ? { code: r.left.code, cause: 'cause' in r.left ? r.left.cause : undefined } : r).toEqual({ code: 'ConnectionFailed', cause: 'ECONNREFUSED' })
      }
      const store = new PostgresCampaignStore(pool)
      const loaded = await store.loadCampaign('c1' as never)
      expect(E.isLeft(loaded) ? [loaded.left.code, loaded.left.message.includes('ECONNREFUSED')] : loaded).toEqual(['StoreUnavailable', true])
      const appended = await store.append({ campaignId: 'c1' as never, writes: [], outbox: [] })
      expect(code(appended)).toBe('StoreUnavailable')
      expect(code(await store.claim('n-1', at('2030-01-01T00:00:00Z'), at('2030-01-01T00:05:00Z')))).toBe('StoreUnavailable')
    } finally {
      await pool.end()
    }
  })

  it('no schema: SchemaNotMigrated, and neither opening nor using the store creates a table', async () => {
    const db = new PGlite()
    const opened = await openPostgresStore(db)
    expect(E.isLeft(opened) ? opened.left : opened).toMatchObject({ code: 'SchemaNotMigrated', found: 0, expected: schemaVersion() })
    const store = new PostgresCampaignStore(db)
    expect(code(await store.append({ campaignId: 'c1' as never, writes: [], outbox: [] }))).toBe('StoreUnavailable')
    expect(code(await store.loadTail('c1' as never, { streams: [] }))).toBe('StoreUnavailable')
    expect(await tables(db)).toEqual([])
    await db.close()
  })

  it('migrate is idempotent and records the version; a schema of a newer version is SchemaTooNew for the store and for migrate', async () => {
    const db = new PGlite()
    expect(await migrate(db)).toEqual(E.right({ from: 0, to: 3, applied: ['001_initial.sql', '002_chain.sql', '003_snapshot_parts.sql'] }))
    expect(await migrate(db)).toEqual(E.right({ from: 3, to: 3, applied: [] }))
    const recorded = (await db.query('SELECT version, name, checksum FROM ar_schema_migrations ORDER BY version')).rows
    expect(recorded).toEqual([
      { version: 1, name: '001_initial.sql', checksum: migrations()[0]?.checksum },
      { version: 2, name: '002_chain.sql', checksum: migrations()[1]?.checksum },
      { version: 3, name: '003_snapshot_parts.sql', checksum: migrations()[2]?.checksum },
    ])
    await db.query(`INSERT INTO ar_schema_migrations (version, name, checksum) VALUES (4, '004_future.sql', 'x')`)
    for (const r of [await openPostgresStore(db), await migrate(db)]) expect(E.isLeft(r) ? r.left : r).toMatchObject({ code: 'SchemaTooNew', found: 4, supported: 3 })
    await db.close()
  })

  it('an altered table is SchemaAltered naming the table and the difference (dropped, added or retyped column, dropped index)', async () => {
    const cases: ReadonlyArray<readonly [string, string, string]> = [
      ['ALTER TABLE ar_events DROP COLUMN type', 'ar_events', 'column type is missing'],
      ['ALTER TABLE ar_outbox ADD COLUMN note text', 'ar_outbox', 'column note is not part of schema version 3'],
      ['ALTER TABLE ar_commands ALTER COLUMN result TYPE text', 'ar_commands', 'column result is text not null, expected jsonb not null'],
      ['ALTER TABLE ar_events DROP CONSTRAINT ar_events_stream_version', 'ar_events', 'index ar_events_stream_version is missing'],
      ['DROP TABLE ar_reviewer_tasks', 'ar_reviewer_tasks', 'the table is missing'],
    ]
    const db = new PGlite()
    expect(E.isRight(await migrate(db))).toBe(true)
    expect(code(await openPostgresStore(db))).toBe('Right')
    for (const [sql, table, problem] of cases) {
      await db.exec('BEGIN')
      await db.query(sql)
      const r = await openPostgresStore(db)
      expect(E.isLeft(r) && r.left.code === 'SchemaAltered' ? [r.left.table, r.left.problems] : r).toEqual([table, [problem]])
      await db.exec('ROLLBACK')
    }
    // a shipped migration whose recorded text differs
    await db.query(`UPDATE ar_schema_migrations SET checksum = 'edited' WHERE version = 1`)
    const edited = await openPostgresStore(db)
    expect(E.isLeft(edited) ? [edited.left.code, edited.left.message.includes('001_initial.sql')] : edited).toEqual(['SchemaAltered', true])
    expect(code(await migrate(db))).toBe('SchemaAltered')
    await db.close()
  })

  it('a row that does not decode is StoreUnavailable naming the table, not a defect', async () => {
    const db = new PGlite()
    await migrate(db)
    await db.query(`INSERT INTO ar_events (campaign_id, log_index, stream, version, type, event) VALUES ('c1', 0, 'campaign:c1', 0, 'Nonsense', '{"type":"Nonsense","at":1}')`)
    await db.query(`INSERT INTO ar_campaigns (campaign_id, position) VALUES ('c1', 1)`)
    const store = new PostgresCampaignStore(db)
    const r = await store.loadCampaign('c1' as never)
    expect(E.isLeft(r) ? [r.left.code, r.left.message] : r).toEqual(['StoreUnavailable', 'postgres: a row of ar_events does not decode (event: an event with a known type)'])
    await db.close()
  })

  it('events stored without the hash chain (schema version 1 rows) are refused by loadChain and by an append to their stream, never given invented links', async () => {
    const db = new PGlite()
    await migrate(db)
    await db.query(`INSERT INTO ar_events (campaign_id, log_index, stream, version, type, event) VALUES ('old', 0, 'campaign:old', 0, 'CampaignAborted', '{"type":"CampaignAborted","at":1,"by":"rita"}')`)
    await db.query(`INSERT INTO ar_campaigns (campaign_id, position) VALUES ('old', 1)`)
    const store = new PostgresCampaignStore(db)
    const chain = await store.loadChain('old' as never)
    expect(E.isLeft(chain) ? [chain.left.code, chain.left.message.includes('without the hash chain')] : chain).toEqual(['StoreUnavailable', true])
    const appended = await store.append({
      campaignId: 'old' as never,
      writes: [{ stream: 'campaign:old', expected: { _tag: 'exact', version: 0 }, events: [{ type: 'CampaignOverdue', at: 2 as never }] }],
      outbox: [],
    })
    expect(E.isLeft(appended) ? appended.left.code : appended).toBe('StoreUnavailable')
    const count = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ar_events WHERE campaign_id = 'old'`)).rows[0]?.n
    expect(count).toBe(1)
    await db.close()
  })
})
