// A decision on a PostgreSQL server scans as many rows of the campaign's
// tables on a large campaign as on a small one (house rule 6): the server's
// planner, with the statistics ANALYZE gathers, is the one that turned the
// tasks projection's read of one packet into a scan of the campaign's log.
// How rows are counted: ../scan-probe.ts.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probedPool, scannedByOneDecision } from '../scan-probe.js'
import { freshDatabase } from '../support.js'

let pool: pg.Pool | undefined
beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await freshDatabase('ar_scan_cost'), max: 4 })
})
afterAll(async () => {
  await pool?.end()
})

describe('the PostgreSQL store, cost per decision (server)', () => {
  it('a decision, a whole packet\'s decision, a reassignment, a question and its answer, a tick and a delivery scan as many rows of the store\'s tables on 4,000 packets as on 500', async () => {
    if (pool === undefined) throw new Error('no pool')
    const small = await scannedByOneDecision(pool, probedPool, 500)
    const large = await scannedByOneDecision(pool, probedPool, 4_000)
    expect(small.statements.length).toBeGreaterThanOrEqual(5)
    expect(small.rows).toBeGreaterThan(0)
    expect({ rows: large.rows, statements: large.statements }).toEqual({ rows: small.rows, statements: small.statements })
  })
})
