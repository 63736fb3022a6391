// The packets map (src/shared/pmap.ts) against a plain Map: every key's value,
// the size, the least `lo` and greatest `hi` of the measures, the values at
// the least `lo`, whether keys are set one at a time (each map kept and
// checked: persistence) or many at once through a builder (whose nodes are
// written in place and measured once, when it is done: issue 9). Keys
// include pairs whose 32-bit hashes collide, and names of Object.prototype.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PMap } from '../../src/shared/pmap.js'
import type { Measure } from '../../src/shared/pmap.js'
import { runs } from '../support/runs.js'

// k4uzx/kf2ad and k4uzy/kf2ae share their FNV-1a hash (found by search)
const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'k4uzx', 'kf2ad', 'k4uzy', 'kf2ae', 'constructor', '__proto__', 'toString', '']
const measure = (v: number): Measure => ({ lo: v % 7 === 0 ? Number.POSITIVE_INFINITY : v, hi: v % 5 === 0 ? Number.NEGATIVE_INFINITY : v * 2 })

const op = fc.tuple(fc.constantFrom(...keys), fc.integer({ min: -50, max: 50 }))
// many keys beyond the fixed ones, so the trie has several levels
const wide = fc.array(fc.tuple(fc.nat({ max: 3000 }).map((n) => `p${n}`), fc.integer({ min: -50, max: 50 })), { maxLength: 400 })

const check = (m: PMap<number>, ref: ReadonlyMap<string, number>): void => {
  expect(m.size).toBe(ref.size)
  for (const k of [...keys, 'absent']) expect(PMap.get(m, k)).toBe(ref.get(k))
  for (const [k, v] of ref) expect(PMap.get(m, k)).toBe(v)
  const ms = [...ref.values()].map(measure)
  const lo = Math.min(Number.POSITIVE_INFINITY, ...ms.map((x) => x.lo))
  const hi = Math.max(Number.NEGATIVE_INFINITY, ...ms.map((x) => x.hi))
  expect(PMap.lo(m)).toBe(lo)
  expect(PMap.hi(m)).toBe(hi)
  if (Number.isFinite(lo)) {
    const want = [...ref.values()].filter((v) => measure(v).lo === lo).sort((x, y) => x - y)
    expect([...PMap.valuesWithLo(m, lo)].sort((x, y) => x - y)).toEqual(want)
  }
  expect([...PMap.values(m)].sort((x, y) => x - y)).toEqual([...ref.values()].sort((x, y) => x - y))
}

describe('PMap', () => {
  it('set, one key at a time: every map equals the plain map of its prefix, and earlier maps never change', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), wide, (ops, more) => {
        const all = [...ops, ...more]
        let m = PMap.empty<number>()
        const ref = new Map<string, number>()
        const kept: Array<[PMap<number>, Map<string, number>]> = []
        for (const [k, v] of all) {
          m = PMap.set(m, k, v, measure)
          ref.set(k, v)
          if (kept.length < 20) kept.push([m, new Map(ref)])
        }
        check(m, ref)
        for (const [old, r] of kept) check(old, r)
      }),
      { numRuns: runs(300) },
    )
  })

  it('a builder over any map equals the plain map, measured once when done, and leaves the map it started from unchanged', () => {
    fc.assert(
      fc.property(wide, fc.array(op, { maxLength: 60 }), wide, (first, ops, more) => {
        const base = PMap.fromEntries(first, measure)
        const baseRef = new Map(first)
        check(base, baseRef)
        const b = PMap.builder(base, measure)
        const ref = new Map(baseRef)
        for (const [k, v] of [...ops, ...more]) {
          b.put(k, v)
          ref.set(k, v)
        }
        check(b.done(), ref)
        check(base, baseRef)
      }),
      { numRuns: runs(300) },
    )
  })
})
