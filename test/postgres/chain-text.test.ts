// The PostgreSQL store chains events as their canonical JSON text, hashed as
// UTF-8: a log with text beyond ASCII (an accent, CJK, an emoji: two, three and
// four bytes a character) written by the store verifies with verifyLog, as an
// auditor would check it from loadChain.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { CampaignEvent } from '../../src/campaign/event.js'
import { verifyLog } from '../../src/ports/chain.js'
import { pgliteOnce, storeOn, truncate } from './support.js'

const db = pgliteOnce()

describe('the PostgreSQL store\'s hash chain', () => {
  it('a log with text beyond ASCII, chained by the store, verifies with the package\'s own hash', async () => {
    const d = await db()
    await truncate(d)
    const store = await storeOn(d)
    const decided = (comment: string, at: number): CampaignEvent =>
      ({ type: 'ItemsDecided', at, packetId: 's-zoe', by: 'mia', decisions: [{ itemId: 'i1', level: 1, tier: 0, decision: 'approve', comment }] }) as unknown as CampaignEvent
    const events = [decided('Zoë still needs it', 1), decided('東京のチーム', 2), decided('ok 👍', 3)]
    const appended = await store.append({ campaignId: 'q3' as never, writes: [{ stream: 'packet:q3:s-zoe', expected: { _tag: 'noStream' }, events }], outbox: [] })
    expect(E.isRight(appended)).toBe(true)
    const links = await store.loadChain('q3' as never)
    if (E.isLeft(links)) throw new Error(links.left.message)
    expect(links.right.map((l) => l.event)).toEqual(events)
    expect(E.isRight(verifyLog(links.right))).toBe(true)
  })
})
