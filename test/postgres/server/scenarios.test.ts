// The example scenarios through the service on a PostgreSQL server and on the
// in-memory store: the same answers, log and deliveries (see
// ../scenarios.test.ts, which runs them on PGlite; the server adds the pg
// driver's own type conversions and the server's planner).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InMemoryCampaignStore } from '../../../src/testing/index.js'
import { runOn, scenarioDir, scenarioFiles } from '../scenario-runs.js'
import type { RawScenario } from '../scenario-runs.js'
import { freshDatabase, storeOn, truncate } from '../support.js'

let pool: pg.Pool | undefined
beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await freshDatabase('ar_scenarios'), max: 4 })
})
afterAll(async () => {
  await pool?.end()
})

describe('the example scenarios through the service, in memory and on a PostgreSQL server', () => {
  for (const file of scenarioFiles) {
    it(`${file}: the same answers, log and deliveries on both stores`, async () => {
      if (pool === undefined) throw new Error('no pool')
      const s = JSON.parse(readFileSync(join(scenarioDir, file), 'utf8')) as RawScenario
      const store = await storeOn(pool)
      await truncate(pool)
      const memory = await runOn(new InMemoryCampaignStore(), s)
      const postgres = await runOn(store, s)
      expect(postgres.answers).toEqual(memory.answers)
      expect(postgres.log).toEqual(memory.log)
      expect(postgres.delivered).toEqual(memory.delivered)
    })
  }
})
