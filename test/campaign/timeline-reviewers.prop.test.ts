// timelineReviewers (issue 9: packetTimeline and the scenario report share
// it) keeps a small union in an array and a large one in a Set: either way
// it must equal the union of the items' reviewers in first-seen order.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { timelineReviewers } from '../../src/campaign/views.js'
import { reviewersOf } from '../../src/review/item.js'
import type { Item } from '../../src/review/item.js'
import type { UserId } from '../../src/shared/ids.js'
import { runs } from '../support/runs.js'

type Levels = Pick<Item, 'levels'>

const reference = (items: ReadonlyArray<Levels>, level: number, tier: number): ReadonlyArray<UserId> => {
  const seen = new Set<UserId>()
  for (const i of items) if (i.levels.length >= level) for (const u of reviewersOf(i, level, tier)) seen.add(u)
  return [...seen]
}

// few distinct users (repeats) or many (a union past the array's limit)
const user = fc.oneof(fc.constantFrom('mia', 'rick', 'olga'), fc.integer({ min: 0, max: 60 }).map((n) => `u${n}`)).map((u) => u as UserId)
const tiers = fc.array(fc.array(user, { maxLength: 12 }), { minLength: 1, maxLength: 3 })
const item: fc.Arbitrary<Levels> = fc
  .array(tiers, { maxLength: 3 })
  .map((ls) => ({ levels: ls.map((ts) => ({ source: 'riskManager', tiers: ts })) }) as unknown as Levels)

describe('timelineReviewers', () => {
  it('is the union of the reviewers of the tier over the items with the level, first seen first', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }), (items, level, tier) => {
        expect(timelineReviewers(items, level, tier)).toEqual(reference(items, level, tier))
      }),
      { numRuns: runs(2_000) },
    )
  })

  it('keeps a union larger than the array limit without duplicates', () => {
    const many = Array.from({ length: 40 }, (_, k) => `u${k % 25}` as UserId)
    const items = [{ levels: [{ source: 'riskManager', tiers: [many] }] }, { levels: [{ source: 'riskManager', tiers: [many.slice().reverse()] }] }] as unknown as ReadonlyArray<Levels>
    expect(timelineReviewers(items, 1, 0)).toEqual(Array.from({ length: 25 }, (_, k) => `u${k}`))
  })
})
