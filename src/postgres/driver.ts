/**
 * The few things the PostgreSQL store needs of a database driver: a query,
 * and a transaction. A `pg` `Pool` and a PGlite instance both fit as they
 * are (a pool hands out a connection per transaction; PGlite, one
 * connection in process, runs one transaction at a time).
 *
 * @since 0.2.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Something that runs one SQL statement with positional parameters (`$1`,
 * `$2`, ...) and answers its rows: a `pg` `Pool` or `PoolClient`, a PGlite
 * instance or transaction.
 * @example
 * import type { PGlite } from '@electric-sql/pglite'
 * import type { Pool } from 'pg'
 * import type { SqlQueryable } from 'access-review-core/postgres'
 * const fromPglite = (db: PGlite): SqlQueryable => db
 * const fromPool = (pool: Pool): SqlQueryable => pool
 * const fake: SqlQueryable = { query: async () => ({ rows: [{ n: 42 }] }) }
 * const r = await fake.query('select $1::int + 1 as n', [41])
 * r.rows // [{ n: 42 }]
 * @since 0.2.0
 * @category PostgreSQL store
 */
export interface SqlQueryable {
  /** Runs one statement; the rows come back as plain objects keyed by column name. */
  readonly query: (text: string, params?: Array<unknown>) => Promise<{ readonly rows: ReadonlyArray<unknown> }>
}

/**
 * A `pg` `Pool` (or anything with its `connect`): each transaction runs on
 * a connection of its own, released afterwards.
 * @example
 * import type { Pool } from 'pg'
 * import type { PgPoolLike } from 'access-review-core/postgres'
 * const asDriver = (pool: Pool): PgPoolLike => pool // a pg Pool fits as it is
 * const usesPool = (pool: PgPoolLike): boolean => typeof pool.connect === 'function'
 * usesPool({ query: async () => ({ rows: [] }), connect: async () => ({ query: async () => ({ rows: [] }), release: () => undefined }) }) // true
 * @since 0.2.0
 * @category PostgreSQL store
 */
export interface PgPoolLike extends SqlQueryable {
  /** A connection of the pool, for one transaction. */
  readonly connect: () => Promise<PooledConnection>
}

/**
 * A connection taken from a {@link PgPoolLike} (a `pg` `PoolClient`).
 * @example
 * import type { PoolClient } from 'pg'
 * import type { PooledConnection } from 'access-review-core/postgres'
 * const asConnection = (client: PoolClient): PooledConnection => client
 * typeof asConnection // 'function'
 * @since 0.2.0
 * @category PostgreSQL store
 */
export interface PooledConnection extends SqlQueryable {
  /** Gives the connection back to the pool; `release(true)` (or an error) destroys it instead. */
  readonly release: (error?: Error | boolean) => void
}

/**
 * A PGlite instance (or anything with its `transaction`): the callback runs
 * in one transaction, committed when it resolves and rolled back when it
 * throws.
 * @example
 * import type { PGlite } from '@electric-sql/pglite'
 * import type { PgliteLike } from 'access-review-core/postgres'
 * const asDriver = (db: PGlite): PgliteLike => db // PGlite fits as it is
 * typeof asDriver // 'function'
 * @since 0.2.0
 * @category PostgreSQL store
 */
export interface PgliteLike extends SqlQueryable {
  /** Runs `body` in a transaction. */
  readonly transaction: <A>(body: (tx: SqlQueryable) => Promise<A>) => Promise<A>
}

/**
 * The database the store runs on: a `pg` `Pool` (a PostgreSQL server, 15 or
 * later) or a PGlite instance (PostgreSQL in process, no server).
 * @example
 * import type { PGlite } from '@electric-sql/pglite'
 * import type { Pool } from 'pg'
 * import type { PostgresDriver } from 'access-review-core/postgres'
 * const embedded = (db: PGlite): PostgresDriver => db
 * const server = (pool: Pool): PostgresDriver => pool
 * typeof embedded // 'function'
 * typeof server // 'function'
 * @since 0.2.0
 * @category PostgreSQL store
 */
export type PostgresDriver = PgPoolLike | PgliteLike

/** How a transaction starts. @internal */
export type TxMode = 'write' | 'snapshot'

/** A failure the body chose (a typed refusal): the transaction rolls back and the value is answered. @internal */
export class Refusal<A> {
  constructor(readonly value: A) {}
}

const isPool = (d: PostgresDriver): d is PgPoolLike => typeof (d as Partial<PgPoolLike>).connect === 'function'

/**
 * Runs `body` in one transaction on `driver`: `snapshot` is a read-only
 * repeatable-read transaction (one consistent view for several reads).
 * Throws what the body or the driver throws; a thrown {@link Refusal} rolls
 * back too.
 * @internal
 */
export const inTransaction = async <A>(driver: PostgresDriver, mode: TxMode, body: (tx: SqlQueryable) => Promise<A>): Promise<A> => {
  if (!isPool(driver)) {
    // PGlite runs one transaction at a time: every read is consistent, and
    // a snapshot needs no isolation level of its own.
    return driver.transaction(body)
  }
  const client = await driver.connect()
  let broken = false
  // A pg client emits 'error' when its connection dies while it is checked
  // out (the server restarted, the backend was terminated); unheard, that
  // event would crash the process. The failed query rejects anyway, and the
  // client is then destroyed instead of returned to the pool.
  const events = client as { on?: (event: 'error', f: (e: unknown) => void) => unknown; off?: (event: 'error', f: (e: unknown) => void) => unknown }
  const onError = (): void => {
    broken = true
  }
  events.on?.('error', onError)
  try {
    await client.query(mode === 'snapshot' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN')
    const out = await body(client)
    await client.query('COMMIT')
    return out
  } catch (e) {
    try {
      await client.query('ROLLBACK')
    } catch {
      broken = true
    }
    throw e
  } finally {
    events.off?.('error', onError)
    client.release(broken)
  }
}
