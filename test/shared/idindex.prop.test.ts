// The scope's id index (src/shared/idindex.ts) against the plainest reading:
// an id's position is the last entry with that id (-1 when none), and the
// repeats are the entries whose id came earlier. Ids include a pair whose
// 32-bit FNV-1a hashes collide, names of Object.prototype and the empty
// string; lists up to a few thousand ids, so that probe sequences wrap.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { idIndex } from '../../src/shared/idindex.js'
import { runs } from '../support/runs.js'

const few: fc.Arbitrary<string> = fc.constantFrom('a', 'b', 'c', 'k4uzx', 'kf2ad', 'k4uzy', 'kf2ae', '__proto__', 'constructor', '')
const many = fc.nat({ max: 4000 }).map((n) => `i-${n}`)
const lists = fc.oneof(fc.array(few, { maxLength: 40 }), fc.array(many, { maxLength: 3000 }))

describe('idIndex', () => {
  it('finds the last entry of every id and nothing else, and lists the repeats in order', () => {
    fc.assert(
      fc.property(lists, (ids) => {
        const list = ids.map((id) => ({ id }))
        const ix = idIndex(list)
        for (const id of new Set([...ids, 'absent', 'i-4001', 'kf2af'])) expect(ix.positionOf(id)).toBe(ids.lastIndexOf(id))
        const seen = new Set<string>()
        const repeats: number[] = []
        ids.forEach((id, i) => {
          if (seen.has(id)) repeats.push(i)
          seen.add(id)
        })
        expect(ix.repeats).toEqual(repeats)
        expect(idIndex(list)).toBe(ix) // built once per list
      }),
      { numRuns: runs(200) },
    )
  })
})
