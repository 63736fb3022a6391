// Records keyed by ids (shared/record.ts): `setOwn` writes every key as an
// own enumerable data property, whatever its text: the record has the same
// keys, order, prototype and JSON as one built with defineProperty.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { setOwn } from '../../src/shared/record.js'
import { runs } from '../support/runs.js'

// keys as ids come: any text, integer-like ones and the names of Object.prototype's members included
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

describe('records set by setOwn', () => {
  it('hold the same own keys in the same order, the same prototype and the same JSON as objects built with defineProperty', () => {
    fc.assert(
      fc.property(entries, (es) => {
        const r: Record<string, number> = {}
        for (const [k, v] of es) setOwn(r, k, v)
        const plain = plainOf(es)
        expect(Object.getPrototypeOf(r)).toBe(Object.prototype)
        expect(Object.keys(r)).toEqual(Object.keys(plain))
        expect(JSON.stringify(r)).toBe(JSON.stringify(plain))
        expect(r).toStrictEqual(plain)
      }),
      { numRuns: runs(2_000) },
    )
  })

  it('keep `__proto__` an own key, never the prototype setter', () => {
    const r: Record<string, number> = {}
    setOwn(r, '__proto__', 1)
    expect(Object.hasOwn(r, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype)
    expect(Object.keys(r)).toEqual(['__proto__'])
  })
})
