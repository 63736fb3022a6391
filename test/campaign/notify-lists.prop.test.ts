// notifyInto gives each intent its recipient's items in a list of their own
// exact length (a list grown by pushes keeps spare slots for as long as the
// intent lives), and lets the next recipient of the very same items share
// that list (issue 9, D32). The lists must still be the recipients' own: a
// list equal only in length, or equal to an earlier but not the previous
// recipient's, must not be taken for another.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { notify } from '../../src/campaign/rules.js'
import type { ItemId, UserId } from '../../src/shared/ids.js'
import { actor, aDefinition, anItem, at, run } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'

const { campaign } = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: actor('rita', 'riskManager'), definition: aDefinition(), items: [anItem('i1', 's-bob')] }]).state!

const item = fc.constantFrom('i1', 'i2', 'i3').map((s) => s as ItemId)
// small alphabets, so that equal and nearly equal lists of the same length are common
const lists = fc.array(fc.array(item, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 })

describe('notify: the item lists of the intents', () => {
  it('each intent lists its recipient’s items, in a list not the caller’s; the next recipient of equal items shares it', () => {
    let shared = 0
    let unshared = 0
    fc.assert(
      fc.property(lists, (ls) => {
        const given = ls.map((l) => [...l])
        const byRecipient = new Map<UserId, ItemId[]>(given.map((l, k) => [`u${k}` as UserId, l]))
        const events = notify(campaign, 'reviewAssigned', at('2025-01-03T09:00:00Z'), byRecipient)
        const intents = events.map((e) => (e.type === 'NotificationIssued' ? e.intent : undefined))
        expect(intents.length).toBe(ls.length)
        for (let k = 0; k < ls.length; k++) {
          const intent = intents[k]!
          const mine = ls[k]!
          expect(intent.recipients).toEqual([`u${k}`])
          expect(intent.itemIds).toEqual(mine)
          expect(intent.itemIds).not.toBe(given[k])
          if (k === 0) continue
          const before = ls[k - 1]!
          const same = before.length === mine.length && before.every((x, j) => x === mine[j])
          if (same) {
            expect(intent.itemIds).toBe(intents[k - 1]!.itemIds)
            shared++
          } else {
            expect(intent.itemIds).not.toBe(intents[k - 1]!.itemIds)
            unshared++
          }
        }
        // the caller may write its lists afterwards: the intents keep what they were given
        const copies = intents.map((i) => [...i!.itemIds])
        for (const l of given) l.push('i9' as ItemId)
        intents.forEach((i, k) => expect(i!.itemIds).toEqual(copies[k]))
      }),
      { numRuns: runs(500) },
    )
    expect(shared).toBeGreaterThan(0)
    expect(unshared).toBeGreaterThan(0)
  })
})
