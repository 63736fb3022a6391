/**
 * The schema of the PostgreSQL store: its migrations (plain SQL files in
 * the package's `migrations/` folder), `migrate` (the only code that
 * creates tables), and the check the store runs before it serves.
 *
 * @since 0.2.0
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { decodeWith } from '../shared/codec.js'
import type { PostgresDriver, SqlQueryable } from './driver.js'
import { inTransaction, Refusal } from './driver.js'
import type { ConnectionFailed, MigrationFailed, PostgresSetupError, SchemaAltered, SchemaTooNew } from './errors.js'
import { causeOf, isConnectionError, messageOf } from './errors.js'

// -------------------------------------------------------------------------------------
// migrations
// -------------------------------------------------------------------------------------

/**
 * A migration: its version (the number its file name starts with), file
 * name, SQL text and the SHA-256 of that text (recorded when applied).
 * @example
 * import { migrations } from 'access-review-core/postgres'
 * migrations().map((m) => [m.version, m.name]) // [[1, '001_initial.sql'], [2, '002_chain.sql'], [3, '003_snapshot_parts.sql']]
 * @since 0.2.0
 * @category PostgreSQL store
 */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
  readonly checksum: string
}

// dist/postgres.js and src/postgres/schema.ts both find the package's migrations/ folder.
const migrationsDir = (): string => {
  for (const rel of ['../migrations/', '../../migrations/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url))
    if (existsSync(`${dir}001_initial.sql`)) return dir
  }
  throw new Error('access-review-core/postgres: the migrations/ folder of the package is missing')
}

let cached: ReadonlyArray<Migration> | undefined

/**
 * The migrations shipped with the package, in version order (read once
 * from the package's `migrations/` folder).
 * @example
 * import { migrations } from 'access-review-core/postgres'
 * migrations()[0]?.sql.includes('CREATE TABLE ar_events') // true
 * @since 0.2.0
 * @category PostgreSQL store
 */
export const migrations = (): ReadonlyArray<Migration> => {
  if (cached !== undefined) return cached
  const dir = migrationsDir()
  const out: Migration[] = []
  for (const name of readdirSync(dir).sort()) {
    const m = /^(\d{3})_[a-z0-9_]+\.sql$/.exec(name)
    if (m === null) continue
    const sql = readFileSync(`${dir}${name}`, 'utf8')
    out.push({ version: Number(m[1]), name, sql, checksum: createHash('sha256').update(sql).digest('hex') })
  }
  cached = out
  return out
}

/**
 * The schema version this release of the library runs on (the last
 * migration it ships).
 * @example
 * import { schemaVersion } from 'access-review-core/postgres'
 * schemaVersion() // 3
 * @since 0.2.0
 * @category PostgreSQL store
 */
export const schemaVersion = (): number => migrations().at(-1)?.version ?? 0

/** The statements of a migration file (no statement of ours holds a `;` inside). */
const statements = (sql: string): ReadonlyArray<string> =>
  sql
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')

// -------------------------------------------------------------------------------------
// the recorded version
// -------------------------------------------------------------------------------------

const HISTORY = 'ar_schema_migrations'
const AppliedRow = t.strict({ version: t.number, name: t.string, checksum: t.string })

const appliedMigrations = async (db: SqlQueryable): Promise<E.Either<SchemaAltered, ReadonlyArray<t.TypeOf<typeof AppliedRow>>>> => {
  const exists = await db.query(`SELECT to_regclass('${HISTORY}') IS NOT NULL AS present`)
  if ((exists.rows[0] as { present?: unknown } | undefined)?.present !== true) return E.right([])
  const rows = await db.query(`SELECT version, name, checksum FROM ${HISTORY} ORDER BY version`)
  const decoded = decodeWith(t.array(AppliedRow), rows.rows)
  return E.isLeft(decoded)
    ? E.left({ code: 'SchemaAltered', message: `${HISTORY} does not hold what migrate records`, table: HISTORY, problems: decoded.left.map((p) => `${p.path}: ${p.expected}`) })
    : E.right(decoded.right)
}

const tooNew = (found: number): SchemaTooNew => ({
  code: 'SchemaTooNew',
  message: `the database's schema version ${found} is newer than the version ${schemaVersion()} this release of access-review-core runs on: upgrade the library`,
  found,
  supported: schemaVersion(),
})

/** An applied migration whose recorded text differs from the shipped one. */
const changedMigration = (applied: ReadonlyArray<t.TypeOf<typeof AppliedRow>>): SchemaAltered | undefined => {
  for (const a of applied) {
    const shipped = migrations().find((m) => m.version === a.version)
    if (shipped !== undefined && shipped.checksum !== a.checksum) {
      const problem = `migration ${a.name} was applied with another text (checksum ${a.checksum.slice(0, 12)}, shipped ${shipped.checksum.slice(0, 12)})`
      return { code: 'SchemaAltered', message: problem, table: HISTORY, problems: [problem] }
    }
  }
  return undefined
}

const connectionFailed = (e: unknown): ConnectionFailed => ({ code: 'ConnectionFailed', message: `cannot reach the database: ${messageOf(e)}`, cause: causeOf(e) })

// -------------------------------------------------------------------------------------
// migrate
// -------------------------------------------------------------------------------------

/**
 * What `migrate` did: the schema version before and after, and the
 * migrations it applied (none when the schema was up to date).
 * @example
 * import type { MigrationReport } from 'access-review-core/postgres'
 * const r: MigrationReport = { from: 0, to: 3, applied: ['001_initial.sql', '002_chain.sql', '003_snapshot_parts.sql'] }
 * r.applied.length // 3
 * @since 0.2.0
 * @category PostgreSQL store
 */
export interface MigrationReport {
  readonly from: number
  readonly to: number
  readonly applied: ReadonlyArray<string>
}

/**
 * Brings the database's schema to {@link schemaVersion}: applies the
 * shipped migrations it has not applied yet, in one transaction, and
 * records each (version, file, checksum) in `ar_schema_migrations`.
 * Idempotent (a second run applies nothing) and safe to run from several
 * processes at once (they take an advisory lock in turn). Refuses a schema
 * newer than this release (`SchemaTooNew`) or whose applied migrations
 * changed (`SchemaAltered`); a database that does not answer is
 * `ConnectionFailed`. Never rejects.
 * @example
 * import { PGlite } from '@electric-sql/pglite'
 * import { migrate } from 'access-review-core/postgres'
 * const db = new PGlite()
 * const first = await migrate(db)
 * first._tag === 'Right' && first.right // { from: 0, to: 3, applied: ['001_initial.sql', '002_chain.sql', '003_snapshot_parts.sql'] }
 * const again = await migrate(db)
 * again._tag === 'Right' && again.right // { from: 3, to: 3, applied: [] }
 * @since 0.2.0
 * @category PostgreSQL store
 */
export const migrate = async (driver: PostgresDriver): Promise<E.Either<PostgresSetupError, MigrationReport>> => {
  let current = ''
  try {
    const report = await inTransaction(driver, 'write', async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('access-review-core:migrate'))`)
      await tx.query(
        `CREATE TABLE IF NOT EXISTS ${HISTORY} (version integer NOT NULL, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (version))`,
      )
      const applied = await appliedMigrations(tx)
      if (E.isLeft(applied)) throw new Refusal(applied.left)
      const from = applied.right.at(-1)?.version ?? 0
      if (from > schemaVersion()) throw new Refusal(tooNew(from))
      const changed = changedMigration(applied.right)
      if (changed !== undefined) throw new Refusal(changed)
      const done: string[] = []
      for (const m of migrations()) {
        if (m.version <= from) continue
        current = m.name
        for (const statement of statements(m.sql)) await tx.query(statement)
        await tx.query(`INSERT INTO ${HISTORY} (version, name, checksum) VALUES ($1, $2, $3)`, [m.version, m.name, m.checksum])
        done.push(m.name)
      }
      return { from, to: Math.max(from, schemaVersion()), applied: done }
    })
    return E.right(report)
  } catch (e) {
    if (e instanceof Refusal) return E.left(e.value as PostgresSetupError)
    if (isConnectionError(e)) return E.left(connectionFailed(e))
    const failed: MigrationFailed = { code: 'MigrationFailed', message: `${current === '' ? 'migrate' : current}: ${messageOf(e)}`, migration: current }
    return E.left(failed)
  }
}

// -------------------------------------------------------------------------------------
// check
// -------------------------------------------------------------------------------------

/** The columns (name → type, nullability) each table has at the current schema version. */
const expectedColumns: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  ar_campaigns: { campaign_id: 'text not null', position: 'integer not null', status: 'text not null' },
  ar_events: { campaign_id: 'text not null', log_index: 'integer not null', stream: 'text not null', version: 'integer not null', type: 'text not null', event: 'jsonb not null', prev: 'text null', hash: 'text null' },
  ar_commands: { campaign_id: 'text not null', command_id: 'text not null', fingerprint: 'text not null', result: 'jsonb not null' },
  ar_outbox: {
    campaign_id: 'text not null',
    intent_id: 'text not null',
    seq: 'bigint not null',
    intent: 'jsonb not null',
    delivered: 'boolean not null',
    attempts: 'integer not null',
    claimed_until: 'bigint null',
  },
  ar_snapshots: { campaign_id: 'text not null', position: 'integer not null', state: 'text not null', parts: 'integer not null' },
  ar_snapshot_parts: { campaign_id: 'text not null', position: 'integer not null', part: 'integer not null', packets: 'text not null' },
  ar_reviewer_tasks: { campaign_id: 'text not null', packet_id: 'text not null', item_id: 'text not null', reviewer: 'text not null' },
}

/** The indexes the store relies on (a platform may add its own). */
const expectedIndexes: Readonly<Record<string, ReadonlyArray<string>>> = {
  ar_campaigns: ['ar_campaigns_pkey'],
  ar_events: ['ar_events_pkey', 'ar_events_stream_version'],
  ar_commands: ['ar_commands_pkey'],
  ar_outbox: ['ar_outbox_pkey', 'ar_outbox_intent', 'ar_outbox_open'],
  ar_snapshots: ['ar_snapshots_pkey'],
  ar_snapshot_parts: ['ar_snapshot_parts_pkey'],
  ar_reviewer_tasks: ['ar_reviewer_tasks_pkey', 'ar_reviewer_tasks_reviewer'],
}

const ColumnRow = t.strict({ table_name: t.string, column_name: t.string, data_type: t.string, is_nullable: t.string })
const IndexRow = t.strict({ tablename: t.string, indexname: t.string })

const alteredTable = async (db: SqlQueryable): Promise<SchemaAltered | undefined> => {
  const tables = Object.keys(expectedColumns)
  const cols = decodeWith(
    t.array(ColumnRow),
    (
      await db.query(
        `SELECT table_name::text AS table_name, column_name::text AS column_name, data_type::text AS data_type, is_nullable::text AS is_nullable
           FROM information_schema.columns WHERE table_schema = current_schema() AND table_name::text = ANY (string_to_array($1, ','))`,
        [tables.join(',')],
      )
    ).rows,
  )
  const idx = decodeWith(
    t.array(IndexRow),
    (await db.query(`SELECT tablename::text AS tablename, indexname::text AS indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename::text = ANY (string_to_array($1, ','))`, [tables.join(',')])).rows,
  )
  if (E.isLeft(cols) || E.isLeft(idx)) return { code: 'SchemaAltered', message: 'the catalog answered an unexpected shape', table: '', problems: [] }
  for (const table of tables) {
    const want = expectedColumns[table] ?? {}
    const have = new Map(cols.right.filter((c) => c.table_name === table).map((c) => [c.column_name, `${c.data_type} ${c.is_nullable === 'YES' ? 'null' : 'not null'}`]))
    const problems: string[] = []
    if (have.size === 0) problems.push('the table is missing')
    else {
      for (const [name, type] of Object.entries(want)) {
        const found = have.get(name)
        if (found === undefined) problems.push(`column ${name} is missing`)
        else if (found !== type) problems.push(`column ${name} is ${found}, expected ${type}`)
      }
      for (const name of have.keys()) if (!(name in want)) problems.push(`column ${name} is not part of schema version ${schemaVersion()}`)
      const indexes = new Set(idx.right.filter((i) => i.tablename === table).map((i) => i.indexname))
      for (const name of expectedIndexes[table] ?? []) if (!indexes.has(name)) problems.push(`index ${name} is missing`)
    }
    if (problems.length > 0) return { code: 'SchemaAltered', message: `${table}: ${problems.join('; ')}`, table, problems }
  }
  return undefined
}

/**
 * Checks that the database holds exactly the schema this release runs on:
 * recorded version equal to {@link schemaVersion} (`SchemaNotMigrated` if
 * lower or missing, `SchemaTooNew` if higher), applied migrations
 * unchanged, and every table with its columns and indexes as the
 * migrations made them (`SchemaAltered` names the difference). A database
 * that does not answer is `ConnectionFailed`. Never rejects, never writes.
 * @example
 * import { PGlite } from '@electric-sql/pglite'
 * import { checkSchema, migrate } from 'access-review-core/postgres'
 * const db = new PGlite()
 * const before = await checkSchema(db)
 * before._tag === 'Left' && before.left.code // 'SchemaNotMigrated'
 * await migrate(db)
 * const after = await checkSchema(db)
 * after._tag === 'Right' && after.right // 3
 * @since 0.2.0
 * @category PostgreSQL store
 */
export const checkSchema = async (driver: PostgresDriver): Promise<E.Either<PostgresSetupError, number>> => {
  try {
    const applied = await appliedMigrations(driver)
    if (E.isLeft(applied)) return applied
    const found = applied.right.at(-1)?.version ?? 0
    if (found > schemaVersion()) return E.left(tooNew(found))
    if (found < schemaVersion()) {
      return E.left({
        code: 'SchemaNotMigrated',
        message: found === 0 ? 'the database has no access-review-core schema: run migrate (access-review db migrate --url ...) first' : `the database's schema version ${found} is older than ${schemaVersion()}: run migrate`,
        found,
        expected: schemaVersion(),
      })
    }
    const changed = changedMigration(applied.right)
    if (changed !== undefined) return E.left(changed)
    const altered = await alteredTable(driver)
    return altered === undefined ? E.right(found) : E.left(altered)
  } catch (e) {
    if (isConnectionError(e)) return E.left(connectionFailed(e))
    return E.left({ code: 'ConnectionFailed', message: `the database refused the schema check: ${messageOf(e)}`, cause: causeOf(e) })
  }
}
