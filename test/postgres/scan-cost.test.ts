// A decision on PostgreSQL scans as many rows on a large campaign as on a
// small one (house rule 6), on PGlite; test/postgres/server/scan-cost.test.ts
// checks the same on a PostgreSQL server. How rows are counted: scan-probe.ts.
import { describe, it } from 'vitest'
import { expectSameScans, probedPglite, scannedByCommands } from './scan-probe.js'
import { pgliteOnce } from './support.js'

const db = pgliteOnce()

describe('the PostgreSQL store, cost per decision (PGlite)', () => {
  it('a decision, a whole packet\'s decision, a reassignment, a question and its answer, a tick and a delivery scan as many rows of the store\'s tables on 1,600 packets as on 200', async () => {
    const d = await db()
    const small = await scannedByCommands(d, probedPglite, 200)
    const large = await scannedByCommands(d, probedPglite, 1_600)
    expectSameScans(small, large)
  }, 120_000)
})
