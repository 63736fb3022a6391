// The CampaignStore contract on a real PostgreSQL server (npm run test:postgres).
import { describe, expect, it } from 'vitest'
import { campaignStoreContract } from '../../../src/testing/contract.js'
import { serverPool, storeOn, truncate } from '../support.js'

const pool = serverPool('ar_contract', 8)

describe('PostgresCampaignStore on a PostgreSQL server', () => {
  campaignStoreContract(async () => {
    const store = await storeOn(pool())
    await truncate(pool())
    return store
  }, { describe, it, expect })
})
