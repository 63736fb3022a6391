// Random command histories through the service on a PostgreSQL server and on
// the in-memory store: the same answers, log and deliveries (see
// ../histories.test.ts, which runs more of them on PGlite; the server adds
// the pg driver's own type conversions and the server's planner).
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { runs } from '../../support/runs.js'
import { expectSameHistoryOnBothStores, historyCases } from '../history-runs.js'
import { serverPool, storeOn, truncate } from '../support.js'

const pool = serverPool('ar_histories', 4)

describe('random histories through the service, in memory and on a PostgreSQL server', () => {
  it('property: the same answers, log and deliveries on both stores', async () => {
    await fc.assert(
      fc.asyncProperty(historyCases, async (c) => {
        const store = await storeOn(pool())
        await truncate(pool())
        await expectSameHistoryOnBothStores(store, c)
      }),
      { numRuns: runs(40) },
    )
  }, 240_000)
})
