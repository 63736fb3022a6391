// `access-review db migrate --url` against the real server: applies, then is
// idempotent; the schema version is recorded.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { freshDatabase } from '../support.js'

const root = join(__dirname, '..', '..', '..')
const cli = (...args: string[]) => {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('access-review db migrate', () => {
  it('migrates a server database, then answers up to date; a URL that does not connect exits 2 naming the cause', async () => {
    const url = await freshDatabase('ar_cli')
    expect(cli('db', 'migrate', '--url', url)).toEqual({ code: 0, stdout: 'schema version 0 -> 3: applied 001_initial.sql, 002_chain.sql, 003_snapshot_parts.sql\n', stderr: '' })
    expect(cli('db', 'migrate', '--url', url)).toEqual({ code: 0, stdout: 'schema version 3: up to date\n', stderr: '' })
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      expect((await client.query('SELECT version, name FROM ar_schema_migrations ORDER BY version')).rows).toEqual([
        { version: 1, name: '001_initial.sql' },
        { version: 2, name: '002_chain.sql' },
        { version: 3, name: '003_snapshot_parts.sql' },
      ])
    } finally {
      await client.end()
    }
    const refused = cli('db', 'migrate', '--url', 'postgres://nobody@127.0.0.1:1/none')
    expect([refused.code, refused.stderr]).toEqual([2, 'access-review: db migrate: ConnectionFailed: cannot reach the database: connect ECONNREFUSED 127.0.0.1:1\n'])
    expect(cli('db', 'migrate').code).toBe(2)
  })
})
