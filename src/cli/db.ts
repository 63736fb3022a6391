/**
 * `access-review db migrate --url URL`: applies the PostgreSQL store's
 * migrations (access-review-core/postgres, `migrate`) to the database at
 * URL. Needs the `pg` package (an optional peer dependency of
 * access-review-core), loaded only by this command.
 *
 * Exit codes: 0 the schema is up to date (applied now or before), 2 bad
 * usage, a database that does not connect, a schema newer than this release
 * or altered, or a failed migration (nothing of it is kept).
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { migrate } from '../postgres/schema.js'

/** The lines to print on standard error and the exit code, or the lines of a success. @internal */
export interface DbOutcome {
  readonly code: 0 | 2
  readonly lines: ReadonlyArray<string>
}

/** Runs `db SUBCOMMAND` with `--url`. @internal */
export const dbCommand = async (sub: string | undefined, url: string | undefined): Promise<DbOutcome> => {
  if (sub !== 'migrate') return { code: 2, lines: [`access-review: db takes one subcommand: migrate (got ${JSON.stringify((sub ?? '').slice(0, 40))})`] }
  if (url === undefined || url === '') return { code: 2, lines: ['access-review: db migrate needs --url postgres://USER@HOST:PORT/DATABASE'] }
  let Pool: typeof import('pg').Pool
  try {
    Pool = (await import('pg')).default.Pool
  } catch {
    return { code: 2, lines: ['access-review: db migrate needs the pg package (an optional peer dependency): npm install pg'] }
  }
  const pool = new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 10_000 })
  pool.on('error', () => undefined)
  try {
    const r = await migrate(pool)
    if (E.isLeft(r)) return { code: 2, lines: [`access-review: db migrate: ${r.left.code}: ${r.left.message}`] }
    const { from, to, applied } = r.right
    return {
      code: 0,
      lines: applied.length === 0 ? [`schema version ${to}: up to date`] : [`schema version ${from} -> ${to}: applied ${applied.join(', ')}`],
    }
  } finally {
    await pool.end().catch(() => undefined)
  }
}
