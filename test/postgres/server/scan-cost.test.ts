// A decision on a PostgreSQL server scans as many rows of the campaign's
// tables on a large campaign as on a small one (house rule 6): the server's
// planner, with the statistics ANALYZE gathers, is the one that turned the
// tasks projection's read of one packet into a scan of the campaign's log.
// How rows are counted: ../scan-probe.ts.
import { describe, it } from 'vitest'
import { expectSameScans, probedPool, scannedByCommands } from '../scan-probe.js'
import { serverPool } from '../support.js'

const pool = serverPool('ar_scan_cost', 4)

describe('the PostgreSQL store, cost per decision (server)', () => {
  it('a decision, a whole packet\'s decision, a reassignment, a question and its answer, a tick and a delivery scan as many rows of the store\'s tables on 4,000 packets as on 500', async () => {
    const small = await scannedByCommands(pool(), probedPool, 500)
    const large = await scannedByCommands(pool(), probedPool, 4_000)
    expectSameScans(small, large)
  })
})
