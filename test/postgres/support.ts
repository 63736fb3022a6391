// Shared by the PostgreSQL tests: a migrated database emptied between tests.
import { PGlite } from '@electric-sql/pglite'
import type pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { migrate, openPostgresStore, type PostgresCampaignStore, type PostgresDriver } from '../../src/postgres/index.js'

export const TABLES = ['ar_campaigns', 'ar_events', 'ar_commands', 'ar_outbox', 'ar_snapshots', 'ar_snapshot_parts', 'ar_reviewer_tasks'] as const

/** Empties every table of the store (the schema stays). */
export const truncate = async (db: PostgresDriver): Promise<void> => {
  await db.query(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY`)
}

/** Migrates (idempotent) and opens the store, or throws. */
export const storeOn = async (db: PostgresDriver): Promise<PostgresCampaignStore> => {
  const m = await migrate(db)
  if (E.isLeft(m)) throw new Error(`migrate failed: ${m.left.message}`)
  const s = await openPostgresStore(db)
  if (E.isLeft(s)) throw new Error(`open failed: ${s.left.message}`)
  return s.right
}

/** One PGlite database for a test file, migrated on first use. */
export const pgliteOnce = (): (() => Promise<PGlite>) => {
  let db: Promise<PGlite> | undefined
  return () => {
    db ??= (async () => {
      const d = new PGlite()
      await storeOn(d)
      return d
    })()
    return db
  }
}

/** The URL of the PostgreSQL server the server tests run against (scripts/with-postgres.mjs sets it). */
export const serverUrl = (): string => {
  const url = process.env['ACCESS_REVIEW_PG_URL']
  if (url === undefined || url === '') {
    throw new Error('ACCESS_REVIEW_PG_URL is not set: run the PostgreSQL server tests through `npm run test:postgres` (scripts/with-postgres.mjs starts a server)')
  }
  return url
}

/**
 * A new, empty database on the test server for one test file (files run in
 * parallel): dropped first if a previous run left it. Answers its URL.
 */
export const freshDatabase = async (name: string): Promise<string> => {
  const pg = (await import('pg')).default
  const admin = new pg.Client({ connectionString: serverUrl() })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(serverUrl())
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * A pool of `max` connections on a fresh database of the test server, for
 * one test file: opened before its tests, closed after them. Call it at the
 * top of the file; the answer gives the pool (and throws before it is open).
 */
export const serverPool = (name: string, max: number): (() => pg.Pool) => {
  let pool: pg.Pool | undefined
  beforeAll(async () => {
    const { Pool } = (await import('pg')).default
    pool = new Pool({ connectionString: await freshDatabase(name), max })
  })
  afterAll(async () => {
    await pool?.end()
  })
  return () => {
    if (pool === undefined) throw new Error(`the pool on ${name} is not open (serverPool opens it before the file's tests)`)
    return pool
  }
}
