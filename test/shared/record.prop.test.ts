// A packet's items record is built as a V8 dictionary (shared/record.ts) so
// that copying and reading it costs the same at any campaign size. The mode
// must be invisible: same keys, same order, same prototype, same JSON, deep
// equal to the plain object built from the same entries.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { copyRecord, hashedRecord, setOwn } from '../../src/shared/record.js'
import { runs } from '../support/runs.js'

// keys as item ids come: any text, integer-like ones and the names of Object.prototype's members included
const key = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.nat({ max: 50 }).map(String),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '\u0000a', '\u0000b'),
)
const entries = fc.array(fc.tuple(key, fc.integer()), { maxLength: 30 })

const plainOf = (es: ReadonlyArray<readonly [string, number]>): Record<string, number> => {
  const r: Record<string, number> = {}
  for (const [k, v] of es) Object.defineProperty(r, k, { value: v, enumerable: true, writable: true, configurable: true })
  return r
}

describe('hashed records', () => {
  it('hold the same own keys in the same order, the same prototype and the same JSON as plain objects', () => {
    fc.assert(
      fc.property(entries, (es) => {
        const r = hashedRecord<number>()
        for (const [k, v] of es) setOwn(r, k, v)
        const plain = plainOf(es)
        expect(Object.getPrototypeOf(r)).toBe(Object.prototype)
        expect(Object.keys(r)).toEqual(Object.keys(plain))
        expect(JSON.stringify(r)).toBe(JSON.stringify(plain))
        expect(r).toStrictEqual(plain)
        const copy = copyRecord(r)
        expect(copy).not.toBe(r)
        expect(Object.keys(copy)).toEqual(Object.keys(plain))
        expect(JSON.stringify(copy)).toBe(JSON.stringify(plain))
        expect(copy).toStrictEqual(plain)
        // a copy of a plain object (a decoded state) keeps its order too
        expect(Object.keys(copyRecord(plain))).toEqual(Object.keys(plain))
      }),
      { numRuns: runs(2_000) },
    )
  })

  it('keep `__proto__` an own key, never the prototype setter', () => {
    const r = hashedRecord<number>()
    setOwn(r, '__proto__', 1)
    expect(Object.hasOwn(r, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype)
    const copy = copyRecord(r)
    expect(Object.hasOwn(copy, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.keys(hashedRecord())).toEqual([])
  })
})
