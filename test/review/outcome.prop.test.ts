// T4 analogue — outcome laws of the multi-level chain.
//
// TESTING T4 is written for midPoint's outcome-combining strategies
// (oneDenyDenies, allMustAccept, …) over unordered response multisets. This
// library has one fixed strategy: a sequential chain where one revoke denies
// and approval needs every level in order. Permutation invariance does not
// apply (levels are ordered on purpose: a later level cannot act before an
// earlier one), and there is no "empty input" to combine (an item without
// decisions is simply pending at level 1). What does apply, and is checked
// here over random decision attempts, 10,000 runs:
// - adding a revoke never yields approve: an accepted revoke leaves the item
//   revoked at that level;
// - approved overall ⇒ the last decision of every level is approve (the
//   all-must-accept side of the chain);
// - a revoked item is never changed by a later level (locking), and every
//   refused attempt leaves the item as it was.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyDecision, checkDecision } from '../../src/review/item.js'
import type { DecisionContext } from '../../src/review/item.js'
import type { Item, UserId, Verdict } from '../../src/index.js'
import { anItem } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'

const reviewer = (level: number): UserId => `level-${level}` as UserId

const itemWith = (levels: number): Item => ({
  spec: anItem('i1', 's1'),
  levels: Array.from({ length: levels }, (_, k) => ({ source: 'users', tiers: [[reviewer(k + 1)]] })),
  state: { _tag: 'pending', level: 1 },
  decisions: [],
})

const ctx = (actor: UserId): DecisionContext => ({
  actor,
  subjectUser: 'subject' as UserId,
  allowSelfReview: false,
  reviseAfterClose: true,
  level: () => ({ tier: 0, closed: false }),
})

const attempts = fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom<Verdict>('approve', 'revoke')), { maxLength: 12 })

describe('outcome laws of the chain (T4 analogue)', () => {
  it('one revoke denies, approval needs every level, revoked items stay locked against later levels', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), attempts, (n, tries) => {
        let item = itemWith(n)
        for (const [level, verdict] of tries) {
          const before = item
          const r = checkDecision(item, ctx(reviewer(level)))
          if ('code' in r) {
            expect(item).toBe(before)
            if (before.state._tag === 'revoked' && level > before.state.level && level <= n) expect(r.code).toBe('ItemLocked')
            continue
          }
          item = applyDecision(item, { by: reviewer(level), level: r.level, tier: r.tier, decision: verdict, at: 0 as never })
          if (verdict === 'revoke') expect(item.state).toMatchObject({ _tag: 'revoked', level: r.level })
          if (before.state._tag === 'revoked') expect(r.level).toBe(before.state.level)
        }
        if (item.state._tag === 'approved') {
          for (let k = 1; k <= n; k++) {
            const last = [...item.decisions].reverse().find((d) => d.level === k)
            expect(last?.decision).toBe('approve')
          }
        }
        if (item.decisions.length === 0) expect(item.state).toEqual({ _tag: 'pending', level: 1 })
      }),
      { numRuns: runs(10_000) },
    )
  })
})
