// The CampaignStore contract on PGlite (PostgreSQL in process): part of test:unit.
import { describe, expect, it } from 'vitest'
import { campaignStoreContract } from '../../src/testing/contract.js'
import { pgliteOnce, storeOn, truncate } from './support.js'

const db = pgliteOnce()

describe('PostgresCampaignStore on PGlite', () => {
  campaignStoreContract(async () => {
    const d = await db()
    await truncate(d)
    return storeOn(d)
  }, { describe, it, expect })
})
