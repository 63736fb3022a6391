import { assertNoPoisoning, restoreGlobals } from '@fast-check/poisoning'
import fc from 'fast-check'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { afterEach, describe, expect, it } from 'vitest'
import { arrayOf, decodeWith, FiniteNumber, oneOf, strict, taggedUnion, Text, toProblems, WholeNumber } from '../../src/shared/codec.js'
import { runs } from '../support/runs.js'

// Codecs without transformations (decoded value === input shape), so `is`
// and `decode` must agree exactly (R22).
const Inner = strict('Inner', { x: FiniteNumber() })
const Record_ = strict('Record', { name: Text(1, 20), n: WholeNumber() }, { tags: arrayOf(oneOf(['a', 'b'])), inner: Inner })
const Cmd = taggedUnion('Cmd', 'kind', {
  approve: strict('Approve', { kind: t.literal('approve'), n: WholeNumber() }),
  revoke: strict('Revoke', { kind: t.literal('revoke'), reason: Text(1, 20) }),
})
const KEYS = ['name', 'n', 'tags', 'inner', 'x', 'kind', 'reason', '__proto__', 'constructor', 'toString', '0', ''] as const

const MARKER = 'ZQXJ'
const marked = fc.string({ maxLength: 12 }).map((s) => MARKER + s)
const leaf = fc.oneof(
  marked,
  fc.constantFrom('a', 'b', 'approve', 'revoke', 'ok'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
)
const validRecord = fc.record(
  {
    name: fc.string({ minLength: 1, maxLength: 20 }),
    n: fc.nat(),
    tags: fc.array(fc.constantFrom('a' as const, 'b' as const)),
    inner: fc.record({ x: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
  },
  { requiredKeys: ['name', 'n'] },
)
const inputs = fc.oneof(
  fc.anything(),
  fc.anything({ key: fc.constantFrom(...KEYS), values: [leaf], maxDepth: 3, withNullPrototype: true }),
  validRecord,
  validRecord.chain((r) => fc.constantFrom(...KEYS).chain((k) => leaf.map((v) => ({ ...r, [k]: v })))),
  fc.record({ kind: fc.constantFrom('approve', 'revoke', 'other'), n: fc.nat(), reason: marked }, { requiredKeys: ['kind'] }),
)

// Node materialises some globals lazily (AbortController, ...) on first use.
const ignoredRootRegex = /^(__vitest.*|__VITEST.*|__coverage__|AbortController|AbortSignal)$/
afterEach(() => {
  restoreGlobals({ ignoredRootRegex })
})

describe('codec properties', () => {
  it('R22: is(x) === isRight(decode(x)) for strict objects and tagged unions', () => {
    fc.assert(
      fc.property(inputs, (u) => {
        expect(Record_.is(u)).toBe(isRight(Record_.decode(u)))
        expect(Cmd.is(u)).toBe(isRight(Cmd.decode(u)))
      }),
      { numRuns: runs(10_000) },
    )
    assertNoPoisoning({ ignoredRootRegex })
  })

  it('decoding never throws, every Left has a path, no value is echoed, a Right has only allowed keys', () => {
    fc.assert(
      fc.property(inputs, (u) => {
        const cases: ReadonlyArray<readonly [t.Decoder<unknown, object>, ReadonlyArray<string>]> = [
          [Record_, ['name', 'n', 'tags', 'inner']],
          [Cmd, ['kind', 'n', 'reason']],
        ]
        for (const [codec, allowed] of cases) {
          expect(() => codec.decode(u)).not.toThrow()
          const r = decodeWith(codec, u)
          if (isLeft(r)) {
            expect(r.left.length).toBeGreaterThan(0)
            for (const p of r.left) expect(p.path.length).toBeGreaterThan(0)
            expect(JSON.stringify(r.left)).not.toContain(MARKER)
          } else {
            for (const k of Object.keys(r.right)) expect(allowed).toContain(k)
          }
        }
      }),
      { numRuns: runs(10_000) },
    )
    assertNoPoisoning({ ignoredRootRegex })
  })

  it('R16: a valid record plus one unknown key is rejected with that key as the path', () => {
    fc.assert(
      fc.property(validRecord, fc.string({ minLength: 1, maxLength: 10 }).filter((k) => /^[A-Za-z_]\w*$/.test(k) && !['name', 'n', 'tags', 'inner'].includes(k)), leaf, (r, k, v) => {
        const input: Record<string, unknown> = { ...r }
        Object.defineProperty(input, k, { value: v, enumerable: true, writable: true, configurable: true })
        const d = decodeWith(Record_, input)
        expect(isLeft(d)).toBe(true)
        if (isLeft(d)) expect(d.left).toContainEqual({ path: k, expected: 'no such key (allowed: name, n, tags, inner)' })
      }),
      { numRuns: runs(10_000) },
    )
  })

  it('valid records decode to an equal value and encode back', () => {
    fc.assert(
      fc.property(validRecord, (r) => {
        const d = decodeWith(Record_, r)
        expect(d).toEqual({ _tag: 'Right', right: r })
        if (isRight(d)) expect(Record_.encode(d.right)).toEqual(r)
      }),
      { numRuns: runs(10_000) },
    )
  })

  it('R21: toProblems never throws on any error list', () => {
    const entry = fc.record(
      { key: fc.string(), type: fc.constantFrom<t.Decoder<unknown, unknown>>(t.string, t.number, Record_, Cmd, t.never), actual: fc.anything() },
      { requiredKeys: ['key', 'type'] },
    )
    const error = fc.record(
      { value: fc.anything(), context: fc.array(entry, { maxLength: 5 }), message: fc.constantFrom('a whole number >= 1', undefined) },
      { requiredKeys: ['value', 'context'] },
    )
    fc.assert(
      fc.property(fc.array(error, { maxLength: 5 }), (errors) => {
        const ps = toProblems(errors as t.Errors)
        for (const p of ps) {
          expect(typeof p.path).toBe('string')
          expect(p.path.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: runs(10_000) },
    )
  })
})
