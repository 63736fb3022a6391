// The CampaignStore contract on a real PostgreSQL server (npm run test:postgres).
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { campaignStoreContract } from '../../../src/testing/contract.js'
import { freshDatabase, storeOn, truncate } from '../support.js'

let pool: pg.Pool | undefined

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await freshDatabase('ar_contract'), max: 8 })
})
afterAll(async () => {
  await pool?.end()
})

describe('PostgresCampaignStore on a PostgreSQL server', () => {
  campaignStoreContract(async () => {
    if (pool === undefined) throw new Error('no pool')
    const store = await storeOn(pool)
    await truncate(pool)
    return store
  }, { describe, it, expect })
})
