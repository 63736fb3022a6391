// groupByRecipient (one intent per recipient) keeps each recipient's items in
// first-seen order without repeats; it scans short lists and keeps a set for
// long ones (issue 9), so lists are generated on both sides of that switch.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { groupByRecipient } from '../../src/campaign/rules.js'
import type { ItemId, UserId } from '../../src/shared/ids.js'
import { SCAN_LIMIT } from '../../src/shared/unique.js'
import { runs } from '../support/runs.js'

const reference = (pairs: ReadonlyArray<readonly [ReadonlyArray<UserId>, ItemId]>): Map<UserId, ItemId[]> => {
  const out = new Map<UserId, ItemId[]>()
  for (const [users, id] of pairs) {
    for (const u of users) {
      const l = out.get(u) ?? []
      if (!out.has(u)) out.set(u, l)
      if (!new Set(l).has(id)) l.push(id)
    }
  }
  return out
}

const user = fc.constantFrom('ann', 'bob', 'cy', 'dee').map((u) => u as UserId)
// up to 40 distinct items, so one recipient's list can pass the scan limit (16 entries)
const item = fc.nat({ max: 39 }).map((n) => `i${n}` as ItemId)
const pairs = fc.array(fc.tuple(fc.array(user, { minLength: 1, maxLength: 3 }), item), { maxLength: 120, size: 'max' })

describe('groupByRecipient', () => {
  it('equals the set-based grouping: every recipient, its items first seen first, no repeats', () => {
    let long = 0
    fc.assert(
      fc.property(pairs, (ps) => {
        const got = groupByRecipient(ps)
        const want = reference(ps)
        expect([...got.keys()]).toEqual([...want.keys()])
        for (const [u, ids] of want) expect(got.get(u)).toEqual(ids)
        if ([...want.values()].some((ids) => ids.length > SCAN_LIMIT)) long++
      }),
      { numRuns: runs(2_000) },
    )
    // the generator reaches the long lists
    expect(long).toBeGreaterThan(runs(2_000) / 20)
  })
})
