import { assertNoPoisoning, restoreGlobals } from '@fast-check/poisoning'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { afterEach, describe, expect, it } from 'vitest'
import { arrayOf, decodeWith, FiniteNumber, oneOf, strict, taggedUnion, Text, toProblems, WholeNumber } from '../../src/shared/codec.js'

const Role = strict('Role', { user: Text(1, 50), role: oneOf(['admin', 'member']) })

const Decision = taggedUnion('Decision', 'kind', {
  approve: strict('Approve', { kind: t.literal('approve'), comment: Text(0, 100) }),
  revoke: strict('Revoke', { kind: t.literal('revoke'), reason: Text(1, 100) }),
})

// Vitest's own globals may change between tests; ignore nothing else.
const ignoredRootRegex = /^(__vitest.*|__VITEST.*|__coverage__)$/
afterEach(() => {
  restoreGlobals({ ignoredRootRegex })
})

describe('strict objects', () => {
  it('R16: rejects an unknown key (not stripped), naming the key', () => {
    expect(decodeWith(Role, { user: 'u1', role: 'member', isAdmin: true })).toEqual({
      _tag: 'Left',
      left: [{ path: 'isAdmin', expected: 'no such key (allowed: user, role)' }],
    })
  })

  it('reports a missing required key and accepts a valid object', () => {
    expect(decodeWith(Role, { user: 'u1' })).toEqual({ _tag: 'Left', left: [{ path: 'role', expected: 'one of "admin" | "member" (required)' }] })
    expect(decodeWith(Role, { user: 'u1', role: 'admin' })).toEqual({ _tag: 'Right', right: { user: 'u1', role: 'admin' } })
  })

  it('R18: an object with inherited properties is rejected (own keys of a plain object only)', () => {
    const inherited = Object.create({ role: 'admin' }) as Record<string, unknown>
    inherited['user'] = 'u1'
    expect(decodeWith(Role, inherited)).toEqual({ _tag: 'Left', left: [{ path: '$', expected: 'a plain object (Role)' }] })
    expect(Role.is(inherited)).toBe(false)
  })

  it('R19: an own "__proto__" key from JSON.parse is rejected and no global is changed', () => {
    const input: unknown = JSON.parse('{"__proto__":{"isAdmin":true},"user":"u1","role":"member"}')
    const r = decodeWith(Role, input)
    expect(r).toEqual({ _tag: 'Left', left: [{ path: '__proto__', expected: 'no such key (allowed: user, role)' }] })
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined()
    assertNoPoisoning({ ignoredRootRegex })
  })

  it('a null-prototype object with valid fields is accepted: it is a plain record (JSON never makes one, fast-check v4 can)', () => {
    const bare = Object.assign(Object.create(null) as object, { user: 'u1', role: 'member' })
    const r = decodeWith(Role, bare)
    expect(r).toEqual({ _tag: 'Right', right: { user: 'u1', role: 'member' } })
    if (isRight(r)) expect(Object.getPrototypeOf(r.right)).toBe(Object.prototype)
    expect(Role.is(bare)).toBe(true)
  })

  it.each([[null], [[]], ['x'], [new Date(0)], [new Map()]])('rejects the non-record %o', (input) => {
    expect(decodeWith(Role, input)).toEqual({ _tag: 'Left', left: [{ path: '$', expected: 'a plain object (Role)' }] })
  })

  it('an optional key that is present must be valid (undefined is not a value)', () => {
    const P = strict('P', { x: WholeNumber() }, { label: Text(1, 5) })
    expect(isRight(decodeWith(P, { x: 1 }))).toBe(true)
    expect(decodeWith(P, { x: 1, label: undefined })).toEqual({ _tag: 'Left', left: [{ path: 'label', expected: 'a string of 1 to 5 characters' }] })
  })
})

describe('tagged unions', () => {
  it('R17: the fields of two branches together are rejected', () => {
    expect(decodeWith(Decision, { kind: 'approve', comment: 'ok', reason: 'no' })).toEqual({
      _tag: 'Left',
      left: [{ path: 'reason', expected: 'no such key (allowed: kind, comment)' }],
    })
  })
  it('an unknown or missing tag names the tag', () => {
    const tagProblem = { _tag: 'Left', left: [{ path: 'kind', expected: 'one of "approve" | "revoke"' }] }
    expect(decodeWith(Decision, { kind: 'maybe' })).toEqual(tagProblem)
    expect(decodeWith(Decision, { comment: 'x' })).toEqual(tagProblem)
    expect(decodeWith(Decision, { kind: 'constructor' })).toEqual(tagProblem)
    expect(decodeWith(Decision, { kind: 'toString' })).toEqual(tagProblem)
  })
  it('only the chosen branch is reported', () => {
    expect(decodeWith(Decision, { kind: 'revoke' })).toEqual({ _tag: 'Left', left: [{ path: 'reason', expected: 'a string of 1 to 100 characters (required)' }] })
  })
})

describe('numbers (R20)', () => {
  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [Number.NEGATIVE_INFINITY], [2 ** 60], [-0], [1.5], [-1], ['1'], [1n]])(
    'WholeNumber rejects %s',
    (n) => {
      expect(decodeWith(WholeNumber(), n)).toEqual({ _tag: 'Left', left: [{ path: '$', expected: 'a whole number >= 0' }] })
    },
  )
  it('WholeNumber accepts safe integers within bounds', () => {
    expect(decodeWith(WholeNumber(1, 10), 10)).toEqual({ _tag: 'Right', right: 10 })
    expect(decodeWith(WholeNumber(1, 10), 11)).toEqual({ _tag: 'Left', left: [{ path: '$', expected: 'a whole number from 1 to 10' }] })
    expect(isRight(decodeWith(WholeNumber(), Number.MAX_SAFE_INTEGER))).toBe(true)
  })
  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [Number.NEGATIVE_INFINITY], ['1'], [1n], [null]])('FiniteNumber rejects %s', (n) => {
    expect(isLeft(decodeWith(FiniteNumber(), n))).toBe(true)
  })
  it('FiniteNumber accepts 2**60 and 1.5 (finite, not counted: use WholeNumber for counts) and -0 (documented)', () => {
    expect(decodeWith(FiniteNumber(), 2 ** 60)).toEqual({ _tag: 'Right', right: 2 ** 60 })
    expect(decodeWith(FiniteNumber(), 1.5)).toEqual({ _tag: 'Right', right: 1.5 })
    expect(isRight(decodeWith(FiniteNumber(), -0))).toBe(true)
    expect(isLeft(decodeWith(FiniteNumber(0, 1), 2))).toBe(true)
  })
})

describe('problems: paths and redaction (R21)', () => {
  const Leaf = strict('Leaf', { c: WholeNumber(1) })
  const Nested = strict('Nested', { a: strict('Mid', { b: arrayOf(Leaf) }) })

  it('formats nested paths as a.b[1].c', () => {
    expect(decodeWith(Nested, { a: { b: [{ c: 1 }, { c: 0 }] } })).toEqual({
      _tag: 'Left',
      left: [{ path: 'a.b[1].c', expected: 'a whole number >= 1' }],
    })
  })

  it('quotes keys that are not identifiers so that paths stay unambiguous', () => {
    const r = decodeWith(Role, { user: 'u1', role: 'admin', 'a.b': 1, '[': 2, '0': 3, '': 4, $: 5 })
    expect(isLeft(r) ? r.left.map((p) => p.path).sort() : []).toEqual(['["$"]', '[""]', '["0"]', '["["]', '["a.b"]'].sort())
  })

  it('never prints a received value: a secret in a wrong field, a bigint', () => {
    const secret = 'hunter2-SECRET-4711'
    const r = decodeWith(Nested, { a: { b: [{ c: secret }, { c: 12345678901234567890n }], extra: secret } })
    expect(isLeft(r)).toBe(true)
    const text = JSON.stringify(r)
    expect(text).not.toContain('SECRET')
    expect(text).not.toContain('12345678901234567890')
    expect(isLeft(r) ? r.left : []).toEqual([
      { path: 'a.extra', expected: 'no such key (allowed: b)' },
      { path: 'a.b[0].c', expected: 'a whole number >= 1' },
      { path: 'a.b[1].c', expected: 'a whole number >= 1' },
    ])
  })

  it('toProblems never throws on odd errors (bigint values, empty contexts, no message)', () => {
    const errors: t.Errors = [
      { value: 10n, context: [] },
      { value: Symbol('s'), context: [{ key: '', type: t.string, actual: 10n }] },
      { value: { toString: () => { throw new Error('boom') } }, context: [{ key: '', type: t.string }, { key: 'x', type: t.number, actual: 1n }] },
    ]
    expect(toProblems(errors)).toEqual([
      { path: '$', expected: 'a valid value' },
      { path: '$', expected: 'string' },
      { path: 'x', expected: 'number' },
    ])
  })

  it('decodeWith of a codec whose validate throws returns a Left, never throws', () => {
    const Boom = new t.Type<string, string, unknown>(
      'Boom',
      (u): u is string => typeof u === 'string',
      () => {
        throw new Error('boom')
      },
      (a) => a,
    )
    expect(decodeWith(Boom, 'x')).toEqual({ _tag: 'Left', left: [{ path: '$', expected: 'a decodable value (Boom)' }] })
    expect(decodeWith(strict('Wrap', { inner: Boom }), { inner: 'x' })).toEqual({ _tag: 'Left', left: [{ path: '$', expected: 'a decodable value (Wrap)' }] })
  })
})
