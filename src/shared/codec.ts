/**
 * House codec helpers: strict objects that reject unknown keys, finite and
 * whole numbers, tagged unions that report only the chosen branch, and a
 * reporter that names the JSON path and the expected shape of every problem
 * without ever echoing the received value.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { setOwn } from './record.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One decoding problem: where it is (a JSON path such as
 * `timing.levels[1].duration.days`, `$` for the root) and what was expected.
 * It never contains the received value.
 *
 * @example
 * import { decodeWith } from 'access-review-core'
 * import { WholeNumber } from '../../src/shared/codec.js' // internal
 * const r = decodeWith(WholeNumber(1), 1.5)
 * // r is Left([{ path: '$', expected: 'a whole number >= 1' }])
 *
 * @since 0.1.0
 * @category Decoding
 */
export interface Problem {
  readonly path: string
  readonly expected: string
}

/**
 * The structure of a codec built by the house constructors ({@link strict},
 * {@link arrayOf}, {@link taggedUnion}, {@link oneOf}, {@link FiniteNumber},
 * {@link WholeNumber}, {@link Text}), for tools that describe codecs, such as
 * the JSON Schema generator of scenario files.
 *
 * @example
 * import * as t from 'io-ts'
 * import { shapeOf, strict } from '../../src/shared/codec.js' // internal
 * shapeOf(strict('Point', { x: t.number }))?.kind // 'object'
 *
 * @since 0.1.0
 * @category Decoding
 * @internal
 */
export type CodecShape =
  | {
      readonly kind: 'object'
      readonly name: string
      readonly required: Readonly<Record<string, t.Mixed>>
      readonly optional: Readonly<Record<string, t.Mixed>>
    }
  | { readonly kind: 'array'; readonly item: t.Mixed; readonly min: number; readonly max: number }
  | { readonly kind: 'taggedUnion'; readonly name: string; readonly tag: string; readonly members: Readonly<Record<string, t.Mixed>> }
  | { readonly kind: 'enum'; readonly values: ReadonlyArray<string> }
  | { readonly kind: 'number'; readonly min: number; readonly max: number; readonly whole: boolean }
  | { readonly kind: 'text'; readonly min: number; readonly max: number }

const shapes = new WeakMap<object, CodecShape>()

const withShape = <C extends object>(codec: C, shape: CodecShape): C => {
  shapes.set(codec, shape)
  return codec
}

/**
 * The structure of a codec built by the house constructors, or `undefined`
 * for any other codec.
 *
 * @example
 * import { oneOf, shapeOf } from '../../src/shared/codec.js' // internal
 * shapeOf(oneOf(['a', 'b'])) // { kind: 'enum', values: ['a', 'b'] }
 *
 * @since 0.1.0
 * @category Decoding
 * @internal
 */
export const shapeOf = (codec: t.Decoder<unknown, unknown>): CodecShape | undefined => shapes.get(codec)

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * True when `u` is a plain object: its prototype is `Object.prototype` or
 * `null`. Arrays, dates, class instances and objects that inherit
 * properties from a custom prototype are not plain.
 *
 * @example
 * import { isPlainObject } from '../../src/shared/codec.js' // internal
 * isPlainObject({ a: 1 }) // true
 * isPlainObject(Object.create({ role: 'admin' })) // false
 *
 * @since 0.1.0
 * @category Decoding
 * @internal
 */
export const isPlainObject = (u: unknown): u is Record<string, unknown> => {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false
  const proto: unknown = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

/**
 * Reads an own property of a record, or `undefined`. Never returns an
 * inherited member such as `constructor` or `__proto__`.
 *
 * @example
 * import { lookup } from '../../src/shared/codec.js' // internal
 * lookup({ a: 1 }, 'a') // 1
 * lookup({ a: 1 }, 'constructor') // undefined
 *
 * @since 0.1.0
 * @category Decoding
 * @internal
 */
export const lookup = <A>(record: Readonly<Record<string, A>>, key: string): A | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The JSON form of a decoded type `A`, as its codec encodes it: every
 * branded value (ids, instants, time zones) becomes a string, arrays and
 * objects keep their shape. It is the input type of the builders in
 * `access-review-core/testing` and the output of a codec's `encode`.
 *
 * @example
 * import type { JsonOf, ItemSpec } from 'access-review-core'
 * const item: JsonOf<ItemSpec> = { id: 'i1', subject: 's1', application: 'github', resource: 'org', entitlement: 'owner' }
 * item.id // 'i1'
 *
 * @since 0.1.0
 * @category Decoding
 */
export type JsonOf<A> = A extends t.Brand<unknown>
  ? string
  : A extends string | number | boolean | null | undefined
    ? A
    : A extends ReadonlyArray<infer E>
      ? ReadonlyArray<JsonOf<E>>
      : { readonly [K in keyof A]: JsonOf<A[K]> }

/**
 * The type of a public codec: it decodes unknown input to `A` and encodes
 * `A` to `O` (by default its JSON form {@link JsonOf}). Declarations and
 * docs show `Codec<Command>` instead of the codec's structure.
 *
 * @example
 * import { Command, type Codec } from 'access-review-core'
 * const codec: Codec<Command> = Command
 * codec.name // 'Command'
 *
 * @since 0.1.0
 * @category Decoding
 */
export type Codec<A, O = JsonOf<A>> = t.Type<A, O, unknown>

/**
 * A record type with its `readonly` modifiers removed: a record under
 * construction whose optional fields are added one by one (in its own key
 * order, without a spread per field).
 * @example
 * import type { Writable } from '../../src/shared/codec.js' // internal
 * const r: Writable<{ readonly a: number; readonly b?: string }> = { a: 1 }
 * r.b = 'x'
 * r.b // 'x'
 * @since 0.2.0
 * @category Internals
 * @internal
 */
export type Writable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * One level of `T` written out: an intersection of object types (what io-ts
 * infers for a strict object) becomes one object type; union members are
 * flattened one by one; primitives, brands and arrays stay as they are.
 */
type Flat<T> = T extends t.Brand<unknown>
  ? T
  : T extends ReadonlyArray<unknown>
    ? T
    : T extends object
      ? { [K in keyof T]: T[K] }
      : T

/**
 * True when `A` and `B` agree in both directions: the same keys, optional
 * and readonly modifiers and property types, member by member (TypeScript's
 * identity relation, after flattening one level).
 */
type Agrees<A, B> = (<X>() => X extends Flat<A> ? 1 : 2) extends <X>() => X extends Flat<B> ? 1 : 2 ? true : false

/**
 * The extra argument of {@link named}: none when the codec agrees with the
 * named types both ways, an impossible one (a compile error naming the side
 * that differs) otherwise.
 */
type Agreement<A, O, C extends t.Mixed> =
  Agrees<t.TypeOf<C>, A> extends true
    ? Agrees<t.OutputOf<C>, O> extends true
      ? []
      : [encodedTypeDiffersFromTheNamedOne: never]
    : [decodedTypeDiffersFromTheNamedOne: never]

const namedCodecs = new WeakSet<object>()

/**
 * Annotates a codec with its named types, after checking at compile time
 * that the codec's decoded type and the named type `A` are assignable to each
 * other (and likewise its encoded type and `O`). Declarations and editor
 * hovers then show the name (`Command`) instead of the codec's expansion.
 * Internal: `isNamedCodec` lets a test prove every public codec went through it.
 * @internal
 */
export const named =
  <A, O = JsonOf<A>>() =>
  <C extends t.Mixed>(codec: C, ..._agrees: Agreement<A, O, C>): t.Type<A, O, unknown> => {
    namedCodecs.add(codec)
    return codec as unknown as t.Type<A, O, unknown>
  }

/** True when `codec` was annotated with {@link named}. Internal, for tests. @internal */
export const isNamedCodec = (codec: unknown): boolean => typeof codec === 'object' && codec !== null && namedCodecs.has(codec)

type Props = Record<string, t.Mixed>

/** The decoded type of a strict object with required props `R` and optional props `O`. @internal */
export type StrictOf<R extends Props, O extends Props> = {
  readonly [K in keyof R]: t.TypeOf<R[K]>
} & {
  readonly [K in keyof O]?: t.TypeOf<O[K]>
}

/** The encoded type of a strict object with required props `R` and optional props `O`. @internal */
export type StrictOutputOf<R extends Props, O extends Props> = {
  readonly [K in keyof R]: t.OutputOf<R[K]>
} & {
  readonly [K in keyof O]?: t.OutputOf<O[K]>
}

/**
 * A codec for a plain object with required and optional own properties;
 * any other key is rejected (not stripped), inherited properties are never
 * read, and an optional key that is present must hold a valid value
 * (`undefined` is not a value in JSON).
 *
 * @example
 * import * as t from 'io-ts'
 * import { decodeWith } from 'access-review-core'
 * import { strict } from '../../src/shared/codec.js' // internal
 * const Point = strict('Point', { x: t.number }, { label: t.string })
 * decodeWith(Point, { x: 1, isAdmin: true })
 * // Left([{ path: 'isAdmin', expected: 'no such key (allowed: x, label)' }])
 *
 * @since 0.1.0
 * @category Decoding
 * @internal
 */
export const strict = <R extends Props, O extends Props = Record<never, t.Mixed>>(
  name: string,
  required: R,
  optional?: O,
): t.Type<StrictOf<R, O>, StrictOutputOf<R, O>, unknown> => {
  const opt: Props = optional ?? {}
  const allowed = [...Object.keys(required), ...Object.keys(opt)]
  const allowedText = allowed.join(', ')
  // the props' entries once, not once per decoded object
  const requiredEntries = Object.entries(required)
  const optionalEntries = Object.entries(opt)
  const is = (u: unknown): u is StrictOf<R, O> => {
    if (!isPlainObject(u)) return false
    for (const k of Object.keys(u)) if (!allowed.includes(k)) return false
    for (const [k, c] of requiredEntries) if (!Object.hasOwn(u, k) || !c.is(u[k])) return false
    for (const [k, c] of optionalEntries) if (Object.hasOwn(u, k) && !c.is(u[k])) return false
    return true
  }
  const codec = new t.Type<StrictOf<R, O>, StrictOutputOf<R, O>, unknown>(
    name,
    is,
    (u, c) => {
      if (!isPlainObject(u)) return t.failure(u, c, `a plain object (${name})`)
      let errors: t.ValidationError[] | undefined
      const out: Record<string, unknown> = {}
      for (const k of Object.keys(u)) {
        if (!allowed.includes(k)) {
          ;(errors ??= []).push({ value: undefined, context: [...c, { key: k, type: t.never }], message: `no such key (allowed: ${allowedText})` })
        }
      }
      // required props, then optional ones (the decoded object's key order)
      for (let j = 0; j < requiredEntries.length + optionalEntries.length; j++) {
        const isRequired = j < requiredEntries.length
        const [k, codec] = (isRequired ? requiredEntries[j] : optionalEntries[j - requiredEntries.length]) as [string, t.Mixed]
        if (!Object.hasOwn(u, k)) {
          if (isRequired) (errors ??= []).push({ value: undefined, context: [...c, { key: k, type: codec }], message: `${describe(codec)} (required)` })
          continue
        }
        const v = u[k]
        const r = codec.validate(v, [...c, { key: k, type: codec, actual: v }])
        if (E.isLeft(r)) for (const e of r.left) (errors ??= []).push(e)
        else if (errors === undefined) setOwn(out, k, r.right)
      }
      return errors !== undefined ? t.failures(errors) : t.success(out as StrictOf<R, O>)
    },
    (a) => {
      const out: Record<string, unknown> = {}
      const src = a as Record<string, unknown>
      for (const [k, codec] of requiredEntries) out[k] = codec.encode(src[k])
      for (const [k, codec] of optionalEntries) if (Object.hasOwn(src, k) && src[k] !== undefined) out[k] = codec.encode(src[k])
      return out as StrictOutputOf<R, O>
    },
  )
  return withShape(codec, { kind: 'object', name, required, optional: opt })
}

/**
 * A readonly array codec with a readable name and an optional minimum and
 * maximum length.
 *
 * @example
 * import * as t from 'io-ts'
 * import { decodeWith } from 'access-review-core'
 * import { arrayOf } from '../../src/shared/codec.js' // internal
 * decodeWith(arrayOf(t.string, { min: 1 }), []) // Left: expected an array of string with at least 1 element
 *
 * @since 0.1.0
 * @category Decoding
 * @internal
 */
export const arrayOf = <C extends t.Mixed>(
  codec: C,
  bounds: { readonly min?: number; readonly max?: number } = {},
): t.Type<ReadonlyArray<t.TypeOf<C>>, ReadonlyArray<t.OutputOf<C>>, unknown> => {
  const min = bounds.min ?? 0
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER
  const base = t.readonlyArray(codec)
  const name = `an array of ${describe(codec)}${min > 0 ? ` with at least ${min} element${min === 1 ? '' : 's'}` : ''}`
  const array = new t.Type<ReadonlyArray<t.TypeOf<C>>, ReadonlyArray<t.OutputOf<C>>, unknown>(
    name,
    (u): u is ReadonlyArray<t.TypeOf<C>> => base.is(u) && u.length >= min && u.length <= max,
    (u, c) => {
      if (!Array.isArray(u)) return t.failure(u, c, name)
      if (u.length < min || u.length > max) return t.failure(u, c, name)
      const errors: t.ValidationError[] = []
      const out: unknown[] = []
      for (let i = 0; i < u.length; i++) {
        const r = codec.validate(u[i], [...c, { key: String(i), type: codec, actual: u[i] }])
        if (E.isLeft(r)) for (const e of r.left) errors.push(e)
        else out.push(r.right)
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out)
    },
    (as) => as.map((a) => codec.encode(a) as t.OutputOf<C>),
  )
  return withShape(array, { kind: 'array', item: codec, min, max })
}

/**
 * A union discriminated by a literal tag field. The tag is checked first;
 * only the chosen member is then decoded, so errors name that member's
 * fields instead of every branch of the union.
 *
 * @example
 * import { decodeWith } from 'access-review-core'
 * import { strict, taggedUnion } from '../../src/shared/codec.js' // internal
 * import * as t from 'io-ts'
 * const Shape = taggedUnion('Shape', 'kind', {
 *   dot: strict('Dot', { kind: t.literal('dot') }),
 *   box: strict('Box', { kind: t.literal('box'), side: t.number }),
 * })
 * decodeWith(Shape, { kind: 'box' }) // Left([{ path: 'side', ... }])
 *
 * @since 0.1.0
 * @category Decoding
 * @internal
 */
export const taggedUnion = <M extends Record<string, t.Mixed>>(
  name: string,
  tag: string,
  members: M,
): t.Type<t.TypeOf<M[keyof M]>, t.OutputOf<M[keyof M]>, unknown> => {
  const tags = Object.keys(members)
  const expected = `one of ${tags.map((x) => JSON.stringify(x)).join(' | ')}`
  const pick = (u: unknown): t.Mixed | undefined => {
    if (!isPlainObject(u) || !Object.hasOwn(u, tag)) return undefined
    const v = u[tag]
    return typeof v === 'string' && Object.hasOwn(members, v) ? members[v] : undefined
  }
  const union = new t.Type<t.TypeOf<M[keyof M]>, t.OutputOf<M[keyof M]>, unknown>(
    name,
    (u): u is t.TypeOf<M[keyof M]> => pick(u)?.is(u) === true,
    (u, c) => {
      if (!isPlainObject(u)) return t.failure(u, c, `a plain object (${name})`)
      const m = pick(u)
      if (m === undefined) {
        return t.failures([{ value: undefined, context: [...c, { key: tag, type: t.never }], message: expected }])
      }
      return m.validate(u, c) as t.Validation<t.TypeOf<M[keyof M]>>
    },
    (a) => {
      const m = pick(a)
      return (m === undefined ? a : m.encode(a)) as t.OutputOf<M[keyof M]>
    },
  )
  return withShape(union, { kind: 'taggedUnion', name, tag, members })
}

/**
 * A finite number (no `NaN`, no infinities) within optional bounds.
 *
 * @example
 * import { decodeWith } from 'access-review-core'
 * import { FiniteNumber } from '../../src/shared/codec.js' // internal
 * decodeWith(FiniteNumber(), Number.NaN) // Left
 *
 * @since 0.1.0
 * @category Decoding
 * @internal
 */
export const FiniteNumber = (min = -Number.MAX_VALUE, max = Number.MAX_VALUE): t.Type<number, number, unknown> => {
  const name = min === -Number.MAX_VALUE ? 'a finite number' : `a finite number >= ${min}`
  const is = (u: unknown): u is number => typeof u === 'number' && Number.isFinite(u) && u >= min && u <= max
  return withShape(new t.Type<number, number, unknown>(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c, name)), (a) => a), {
    kind: 'number',
    min,
    max,
    whole: false,
  })
}

/**
 * A whole number (a safe integer, not `-0`) between `min` and `max`.
 *
 * @example
 * import { decodeWith } from 'access-review-core'
 * import { WholeNumber } from '../../src/shared/codec.js' // internal
 * decodeWith(WholeNumber(1), 2) // Right(2)
 * decodeWith(WholeNumber(1), 1.5) // Left
 *
 * @since 0.1.0
 * @category Decoding
 * @internal
 */
export const WholeNumber = (min = 0, max = Number.MAX_SAFE_INTEGER): t.Type<number, number, unknown> => {
  const name = max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`
  const is = (u: unknown): u is number =>
    typeof u === 'number' && Number.isSafeInteger(u) && !Object.is(u, -0) && u >= min && u <= max
  return withShape(new t.Type<number, number, unknown>(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c, name)), (a) => a), {
    kind: 'number',
    min,
    max,
    whole: true,
  })
}

// An unpaired surrogate: in a `u` regex `\p{Cs}` matches a surrogate only
// when it is not half of a pair.
const LONE_SURROGATE = /\p{Cs}/u

/**
 * True when `s` is well-formed Unicode: no unpaired UTF-16 surrogate (such a
 * string makes `encodeURIComponent` throw and cannot be encoded as UTF-8).
 * The same test as `String.prototype.isWellFormed`, linear in the length.
 *
 * @example
 * import { isWellFormedText } from '../../src/shared/codec.js' // internal
 * isWellFormedText('caf\u00e9 \ud83d\ude00') // true
 * isWellFormedText('camp-\ud800') // false
 *
 * @since 0.1.0
 * @category Decoding
 * @internal
 */
export const isWellFormedText = (s: string): boolean => !LONE_SURROGATE.test(s)

/**
 * A string of `min` to `max` characters (UTF-16 code units) that is
 * well-formed Unicode (no unpaired surrogate).
 *
 * @example
 * import { decodeWith } from 'access-review-core'
 * import { Text } from '../../src/shared/codec.js' // internal
 * decodeWith(Text(1, 10), '') // Left: expected a string of 1 to 10 characters
 * decodeWith(Text(1, 10), 'a\ud800')._tag // 'Left'
 *
 * @since 0.1.0
 * @category Decoding
 * @internal
 */
export const Text = (min = 0, max = 10_000): t.Type<string, string, unknown> => {
  const name = `a string of ${min} to ${max} characters`
  const illFormed = `${name}, well-formed Unicode (no unpaired surrogate)`
  const sized = (u: unknown): u is string => typeof u === 'string' && u.length >= min && u.length <= max
  const is = (u: unknown): u is string => sized(u) && isWellFormedText(u)
  const validate = (u: unknown, c: t.Context): t.Validation<string> =>
    !sized(u) ? t.failure(u, c, name) : isWellFormedText(u) ? t.success(u) : t.failure(u, c, illFormed)
  return withShape(new t.Type<string, string, unknown>(name, is, validate, (a) => a), {
    kind: 'text',
    min,
    max,
  })
}

/**
 * A closed set of string literals, reported as `one of "a" | "b"`.
 *
 * @example
 * import { decodeWith } from 'access-review-core'
 * import { oneOf } from '../../src/shared/codec.js' // internal
 * decodeWith(oneOf(['approve', 'revoke']), 'deny') // Left
 *
 * @since 0.1.0
 * @category Decoding
 * @internal
 */
export const oneOf = <const L extends readonly [string, ...string[]]>(values: L): t.Type<L[number], L[number], unknown> => {
  const name = `one of ${values.map((v) => JSON.stringify(v)).join(' | ')}`
  const is = (u: unknown): u is L[number] => typeof u === 'string' && (values as readonly string[]).includes(u)
  return withShape(new t.Type<L[number], L[number], unknown>(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c, name)), (a) => a), {
    kind: 'enum',
    values,
  })
}

/**
 * A problem found by a cross-field rule of {@link withRules}: the path
 * segments below the checked value (`['users', 3, 'id']`) and the expected
 * shape. Like every problem, it never contains the received value.
 *
 * @example
 * import type { RuleProblem } from '../../src/shared/codec.js' // internal
 * const p: RuleProblem = { at: ['users', 3, 'id'], expected: 'a user id not already in the directory' }
 * p.at.length // 3
 *
 * @since 0.1.0
 * @category Decoding
 * @internal
 */
export interface RuleProblem {
  readonly at: ReadonlyArray<string | number>
  readonly expected: string
}

/**
 * A codec that decodes with `codec`, then checks the decoded value with
 * `rules` (rules across fields, such as unique ids). Each problem is
 * reported at its path below the value. The name and the structure of
 * `codec` (see {@link shapeOf}) are kept, so tools that describe codecs see
 * the same shape.
 *
 * @example
 * import * as t from 'io-ts'
 * import { decodeWith } from 'access-review-core'
 * import { arrayOf, strict, withRules } from '../../src/shared/codec.js' // internal
 * const Pair = withRules(strict('Pair', { xs: arrayOf(t.number) }), (p) => (p.xs.length === 2 ? [] : [{ at: ['xs'], expected: 'two numbers' }]))
 * decodeWith(Pair, { xs: [1] }) // Left([{ path: 'xs', expected: 'two numbers' }])
 * decodeWith(Pair, { xs: [1, 2] })._tag // 'Right'
 *
 * @since 0.1.0
 * @category Decoding
 * @internal
 */
export const withRules = <A, O>(codec: t.Type<A, O, unknown>, rules: (a: A) => ReadonlyArray<RuleProblem>): t.Type<A, O, unknown> => {
  const refined = new t.Type<A, O, unknown>(
    codec.name,
    (u): u is A => codec.is(u) && rules(u).length === 0,
    (u, c) => {
      const r = codec.validate(u, c)
      if (E.isLeft(r)) return r
      const problems = rules(r.right)
      if (problems.length === 0) return r
      return t.failures(
        problems.map((p) => ({
          value: undefined,
          context: [...c, ...p.at.map((key) => ({ key: String(key), type: t.never }))],
          message: p.expected,
        })),
      )
    },
    (a) => codec.encode(a),
  )
  const shape = shapeOf(codec)
  return shape === undefined ? refined : withShape(refined, shape)
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

const describe = (codec: t.Decoder<unknown, unknown>): string => codec.name

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/
const INDEX = /^\d+$/
const MAX_KEY = 64

// The first 64 characters of a key and `…` when it is longer; a surrogate
// pair is not split.
const cutKey = (key: string): string => {
  if (key.length <= MAX_KEY) return key
  const last = key.charCodeAt(MAX_KEY - 1)
  const end = last >= 0xd800 && last <= 0xdbff ? MAX_KEY - 1 : MAX_KEY
  return `${key.slice(0, end)}…`
}

// One path segment: `[1]` for an array index, `name` / `.name` for an
// identifier-like key, and `["odd key"]` (JSON-quoted) for any other key, so
// that keys such as `[`, `a.b`, `""` or `"0"` of an object cannot make a path
// ambiguous or empty. A key longer than 64 characters, whatever it is made of,
// is shown quoted and cut at 64 characters (`["aaaa…"]`): a path never echoes
// more than that of any key, and the cost does not grow with the key.
const segment = (key: string, parentValue: unknown, first: boolean): string => {
  if (key.length > MAX_KEY) return `[${JSON.stringify(cutKey(key))}]`
  if (INDEX.test(key) && (Array.isArray(parentValue) || parentValue === undefined)) return `[${key}]`
  if (IDENTIFIER.test(key)) return first ? key : `.${key}`
  return `[${JSON.stringify(key)}]`
}

/**
 * One segment of a problem's path, as `toProblems` writes it: `[1]` for an
 * index of an array, `name` (`.name` after another segment) for an
 * identifier-like key, `["odd key"]` for any other key (cut at 64
 * characters).
 * @example
 * import { pathSegment } from '../../src/shared/codec.js' // internal
 * pathSegment('steps', false, true) + pathSegment('3', true, false) + pathSegment('do', false, false) // 'steps[3].do'
 * @internal
 */
export const pathSegment = (key: string, inArray: boolean, first: boolean): string => segment(key, inArray ? [] : {}, first)

const pathOf = (context: t.Context): string => {
  let path = ''
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1]
    const entry = context[i]
    if (parent === undefined || entry === undefined) continue
    if (parent.type instanceof t.UnionType || parent.type instanceof t.IntersectionType) continue
    path += segment(entry.key, parent.actual, path === '')
  }
  return path === '' ? '$' : path
}

/**
 * Turns io-ts validation errors into {@link Problem}s: a JSON path and the
 * expected shape. The received value is never included. Never throws.
 *
 * @example
 * import * as t from 'io-ts'
 * import { toProblems } from 'access-review-core'
 * const r = t.string.decode(1)
 * if (r._tag === 'Left') toProblems(r.left) // [{ path: '$', expected: 'string' }]
 *
 * @since 0.1.0
 * @category Decoding
 */
export const toProblems = (errors: t.Errors): ReadonlyArray<Problem> => {
  const seen = new Set<string>()
  const out: Problem[] = []
  for (const e of errors) {
    const last = e.context[e.context.length - 1]
    const expected = e.message ?? (last === undefined ? 'a valid value' : describe(last.type))
    const p = { path: pathOf(e.context), expected }
    const key = `${p.path}\u0000${p.expected}`
    if (!seen.has(key)) {
      seen.add(key)
      out.push(p)
    }
  }
  return out
}

/**
 * Decodes `input` with `codec`, returning the value or the list of
 * {@link Problem}s. Never throws, whatever the input.
 *
 * @example
 * import * as t from 'io-ts'
 * import { decodeWith } from 'access-review-core'
 * decodeWith(t.string, 'ok') // Right('ok')
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeWith = <A>(codec: t.Decoder<unknown, A>, input: unknown): E.Either<ReadonlyArray<Problem>, A> => {
  try {
    const r = codec.decode(input)
    return E.isLeft(r) ? E.left(toProblems(r.left)) : E.right(r.right)
  } catch {
    return E.left([{ path: '$', expected: `a decodable value (${codec.name})` }])
  }
}
