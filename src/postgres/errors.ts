/**
 * Typed errors of setting up the PostgreSQL store: a database that does not
 * connect, a schema that is missing, newer than this library, or altered.
 * Like every error of the library they are values with a stable `code`.
 *
 * @since 0.2.0
 */
import type { StoreUnavailable } from '../ports/store.js'

/**
 * The database could not be reached (refused, unknown host, wrong password,
 * no such database...). `cause` is the driver's error code when it has one
 * (`ECONNREFUSED`, `28P01`, `3D000`, ...).
 * @example
 * import type { ConnectionFailed } from 'access-review-core/postgres'
 * const e: ConnectionFailed = { code: 'ConnectionFailed', message: 'connect ECONNREFUSED 127.0.0.1:1', cause: 'ECONNREFUSED' }
 * e.cause // 'ECONNREFUSED'
 * @since 0.2.0
 * @category PostgreSQL store
 */
export interface ConnectionFailed {
  readonly code: 'ConnectionFailed'
  readonly message: string
  readonly cause: string
}

/**
 * The database holds a schema version this library does not know (a newer
 * release migrated it): the store refuses to run on it.
 * @example
 * import type { SchemaTooNew } from 'access-review-core/postgres'
 * const e: SchemaTooNew = { code: 'SchemaTooNew', message: 'schema version 7 is newer than 1', found: 7, supported: 1 }
 * e.found > e.supported // true
 * @since 0.2.0
 * @category PostgreSQL store
 */
export interface SchemaTooNew {
  readonly code: 'SchemaTooNew'
  readonly message: string
  readonly found: number
  readonly supported: number
}

/**
 * The schema is missing or older than this library: run `migrate` (or
 * `access-review db migrate --url ...`) first. The store never creates a
 * table itself.
 * @example
 * import type { SchemaNotMigrated } from 'access-review-core/postgres'
 * const e: SchemaNotMigrated = { code: 'SchemaNotMigrated', message: 'no schema: run migrate first', found: 0, expected: 1 }
 * e.found // 0
 * @since 0.2.0
 * @category PostgreSQL store
 */
export interface SchemaNotMigrated {
  readonly code: 'SchemaNotMigrated'
  readonly message: string
  readonly found: number
  readonly expected: number
}

/**
 * A table of the store is not what its migrations made: a column missing,
 * added or of another type, an index the store relies on dropped, or an
 * applied migration whose text changed. `problems` names each difference.
 * @example
 * import type { SchemaAltered } from 'access-review-core/postgres'
 * const e: SchemaAltered = { code: 'SchemaAltered', message: 'ar_events: column version is missing', table: 'ar_events', problems: ['column version is missing'] }
 * e.table // 'ar_events'
 * @since 0.2.0
 * @category PostgreSQL store
 */
export interface SchemaAltered {
  readonly code: 'SchemaAltered'
  readonly message: string
  readonly table: string
  readonly problems: ReadonlyArray<string>
}

/**
 * A migration failed part way: its transaction was rolled back, so the
 * schema is as it was before the call.
 * @example
 * import type { MigrationFailed } from 'access-review-core/postgres'
 * const e: MigrationFailed = { code: 'MigrationFailed', message: '001_initial.sql: permission denied for schema public', migration: '001_initial.sql' }
 * e.migration // '001_initial.sql'
 * @since 0.2.0
 * @category PostgreSQL store
 */
export interface MigrationFailed {
  readonly code: 'MigrationFailed'
  readonly message: string
  readonly migration: string
}

/**
 * Every way opening or migrating the PostgreSQL store can fail.
 * @example
 * import type { PostgresSetupError } from 'access-review-core/postgres'
 * const mustMigrate = (e: PostgresSetupError): boolean => e.code === 'SchemaNotMigrated'
 * mustMigrate({ code: 'SchemaNotMigrated', message: 'no schema', found: 0, expected: 1 }) // true
 * @since 0.2.0
 * @category PostgreSQL store
 */
export type PostgresSetupError = ConnectionFailed | SchemaTooNew | SchemaNotMigrated | SchemaAltered | MigrationFailed

/** The driver's error code (`pg` and PGlite set `code`), or its name. @internal */
export const causeOf = (e: unknown): string => {
  if (typeof e === 'object' && e !== null) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && code !== '') return code
    const errors = (e as { errors?: unknown }).errors
    if (Array.isArray(errors) && errors.length > 0) return causeOf(errors[0])
    const name = (e as { name?: unknown }).name
    if (typeof name === 'string') return name
  }
  return 'unknown'
}

/** The driver's message, one line. @internal */
export const messageOf = (e: unknown): string => {
  const m = e instanceof Error ? e.message : String(e)
  const one = m === '' && typeof e === 'object' && e !== null && Array.isArray((e as { errors?: unknown }).errors) ? messageOf((e as { errors: unknown[] }).errors[0]) : m
  return one.split('\n')[0] ?? ''
}

/** A driver failure as the port's error. @internal */
export const unavailable = (operation: string, e: unknown): StoreUnavailable => ({
  code: 'StoreUnavailable',
  message: `postgres ${operation} failed (${causeOf(e)}): ${messageOf(e)}`,
})

/** Codes of a server that is not there or refuses us (not an error of a statement). @internal */
export const isConnectionError = (e: unknown): boolean => {
  const c = causeOf(e)
  return /^(E[A-Z]+|08...|28...|3D000|57P0[1-3]|53300)$/.test(c) || c === 'AggregateError'
}
