/**
 * access-review-core/postgres: a `CampaignStore` over PostgreSQL — a
 * server (15 or later) through `pg` (an optional peer dependency), or PGlite
 * in process — with its migrations. See docs/postgres.md.
 *
 * ```ts
 * import pg from 'pg'
 * import { migrate, openPostgresStore } from 'access-review-core/postgres'
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
 * await migrate(pool) // or: access-review db migrate --url "$DATABASE_URL"
 * const store = await openPostgresStore(pool) // Either<PostgresSetupError, PostgresCampaignStore>
 * ```
 *
 * @packageDocumentation
 * @module access-review-core/postgres
 */
export type { PgliteLike, PgPoolLike, PooledConnection, PostgresDriver, SqlQueryable } from './driver.js'
export type { ConnectionFailed, MigrationFailed, PostgresSetupError, SchemaAltered, SchemaNotMigrated, SchemaTooNew } from './errors.js'
export { checkSchema, migrate, migrations, schemaVersion } from './schema.js'
export type { Migration, MigrationReport } from './schema.js'
export { openPostgresStore, PostgresCampaignStore } from './store.js'
