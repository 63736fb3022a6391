// The example scenarios through the service on a PostgreSQL server and on the
// in-memory store: the same answers, log and deliveries (see
// ../scenarios.test.ts, which runs them on PGlite; the server adds the pg
// driver's own type conversions and the server's planner).
import { describe, it } from 'vitest'
import { expectSameOnBothStores, readScenario, scenarioFiles } from '../scenario-runs.js'
import { serverPool, storeOn, truncate } from '../support.js'

const pool = serverPool('ar_scenarios', 4)

describe('the example scenarios through the service, in memory and on a PostgreSQL server', () => {
  for (const file of scenarioFiles) {
    it(`${file}: the same answers, log and deliveries on both stores`, async () => {
      const store = await storeOn(pool())
      await truncate(pool())
      await expectSameOnBothStores(store, readScenario(file))
    })
  }
})
