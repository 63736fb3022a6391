/**
 * Expectations of scenario files: checkpoints and the final `expect` name
 * fields of the report by path (`campaign.status`, `items.<id>.state`,
 * `windows.<subject>[1].end`, `steps[3].code`,
 * `notifications[kind=reviewEscalated]`) with expected values. This module
 * holds the path language, the shape of the report that paths are checked
 * against before anything runs, the codec of expectations and the matching
 * of expected values against a report.
 *
 * @since 0.2.0
 */
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { Codec } from '../shared/codec.js'
import { isPlainObject, named, toProblems } from '../shared/codec.js'
import type { Problem } from '../shared/codec.js'
import { errorCodes } from '../shared/errors.js'
import { notificationKinds } from '../campaign/notification.js'
import { Instant, parseInstant } from '../schedule/time.js'
import { setOwn } from '../shared/record.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An expected value: plain JSON. An object matches the fields it names
 * (a partial object), an array matches element by element with the same
 * length, an instant matches the same instant whatever offset either side
 * is written with, and `null` matches a field that is `null` or absent.
 * @since 0.2.0
 * @category Scenario
 * @example
 * import type { ExpectedValue } from 'access-review-core'
 * const v: ExpectedValue = { state: 'pending', level: 2 }
 */
export type ExpectedValue = null | boolean | number | string | ReadonlyArray<ExpectedValue> | ExpectedObject

/**
 * An expected object: the fields it names, each with its expected value.
 * @since 0.2.0
 * @category Scenario
 * @example
 * import type { ExpectedObject } from 'access-review-core'
 * const o: ExpectedObject = { status: 'active', end: '2025-10-14T10:00:00-04:00' }
 */
export interface ExpectedObject {
  readonly [field: string]: ExpectedValue
}

/**
 * What a checkpoint (or the final `expect` of a scenario) expects: report
 * paths, each with its expected value.
 * @since 0.2.0
 * @category Scenario
 * @example
 * import type { Expectations } from 'access-review-core'
 * const e: Expectations = { 'campaign.status': 'inProgress', 'items.ledger-read.state': 'pending' }
 */
export interface Expectations {
  readonly [path: string]: ExpectedValue
}

// -------------------------------------------------------------------------------------
// the shape of a report
// -------------------------------------------------------------------------------------

/** @internal */
export type Desc =
  | { readonly kind: 'object'; readonly name: string; readonly fields: Readonly<Record<string, Field>> }
  | { readonly kind: 'record'; readonly of: 'item' | 'packet'; readonly value: Desc }
  | { readonly kind: 'array'; readonly item: Desc; readonly steps?: true }
  | { readonly kind: 'instant' }
  | { readonly kind: 'enum'; readonly values: ReadonlyArray<string> }
  | { readonly kind: 'text' }
  | { readonly kind: 'whole' }
  | { readonly kind: 'boolean' }

/** @internal */
export interface Field {
  readonly desc: Desc
  /** `null` in the report when it has no value (`dueAt`, `end`). */
  readonly nullable?: true
  /** Left out of the report when it has no value (`closedAt`, `code`). */
  readonly optional?: true
}

const f = (desc: Desc, more: { readonly nullable?: true; readonly optional?: true } = {}): Field => ({ desc, ...more })
const obj = (name: string, fields: Readonly<Record<string, Field>>): Desc => ({ kind: 'object', name, fields })
const INSTANT: Desc = { kind: 'instant' }
const TEXT: Desc = { kind: 'text' }
const WHOLE: Desc = { kind: 'whole' }
const BOOLEAN: Desc = { kind: 'boolean' }
const oneOfValues = (values: ReadonlyArray<string>): Desc => ({ kind: 'enum', values })
const list = (item: Desc): Desc => ({ kind: 'array', item })

const CAMPAIGN_STATUSES = ['draft', 'inProgress', 'completed', 'aborted', 'expired']
const DISPLAY_STATUSES = ['draft', 'inProgress', 'overdue', 'completed', 'aborted', 'expired']
const ITEM_STATES = ['draft', 'pending', 'approved', 'revoked', 'expired']
const VERDICTS = ['approve', 'revoke']
const WINDOW_STATUSES = ['done', 'active', 'upcoming', 'lapsed']

const ITEM = obj('an item', {
  state: f(oneOfValues(ITEM_STATES)),
  level: f(WHOLE),
  tier: f(WHOLE),
  decisions: f(list(obj('a decision', {
    by: f(TEXT),
    level: f(WHOLE),
    tier: f(WHOLE),
    decision: f(oneOfValues(VERDICTS)),
    at: f(INSTANT),
    onBehalfOf: f(TEXT, { optional: true }),
  }))),
  infoRequested: f(BOOLEAN, { optional: true }),
  awaitingApprovalBy: f(TEXT, { optional: true }),
  infoRequests: f(list(obj('a request for more information', {
    by: f(TEXT),
    at: f(INSTANT),
    asked: f(list(TEXT)),
    question: f(TEXT),
    answer: f(TEXT, { optional: true }),
    answeredBy: f(TEXT, { optional: true }),
    answeredAt: f(INSTANT, { optional: true }),
  })), { optional: true }),
})
const WINDOW = obj('a window', {
  level: f(WHOLE),
  tier: f(WHOLE),
  reviewers: f(list(TEXT)),
  start: f(INSTANT),
  end: f(INSTANT, { nullable: true }),
  closedAt: f(INSTANT, { optional: true }),
  status: f(oneOfValues(WINDOW_STATUSES)),
})
const STEP = obj('a step', {
  index: f(WHOLE),
  ok: f(BOOLEAN),
  code: f(oneOfValues(errorCodes), { optional: true }),
  items: f(list(obj('a refused item', { itemId: f(TEXT), code: f(oneOfValues(errorCodes)) })), { optional: true }),
})
const NOTIFICATION = obj('a notification', {
  kind: f(oneOfValues(notificationKinds)),
  recipients: f(list(TEXT)),
  itemIds: f(list(TEXT)),
  at: f(INSTANT),
})

/**
 * The shape of a scenario report, as paths see it.
 * @internal
 */
export const REPORT: Desc = obj('the report', {
  campaign: f(
    obj('campaign', {
      status: f(oneOfValues(CAMPAIGN_STATUSES)),
      displayStatus: f(oneOfValues(DISPLAY_STATUSES)),
      dueAt: f(INSTANT, { nullable: true }),
      timeZone: f(TEXT),
      at: f(INSTANT),
    }),
  ),
  items: f({ kind: 'record', of: 'item', value: ITEM }),
  windows: f({ kind: 'record', of: 'packet', value: list(WINDOW) }),
  steps: f({ kind: 'array', item: STEP, steps: true }),
  notifications: f(list(NOTIFICATION)),
})

// -------------------------------------------------------------------------------------
// paths
// -------------------------------------------------------------------------------------

/**
 * One segment of a report path: a field or an id (`.status`,
 * `["odd id"]`), a position (`[1]`), or a filter (`[kind=reviewEscalated]`).
 * @internal
 */
export type Segment =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'filter'; readonly field: string; readonly value: string; readonly quoted: boolean }

/** The longest path, in UTF-16 code units. */
export const MAX_PATH = 1000
/** The most paths in one checkpoint (or the final `expect`). */
export const MAX_PATHS = 1000
/** The most mismatches reported for one path. */
export const MAX_MISMATCHES = 100

// A bare key: anything but `.`, `[`, `]`, `"`, white space and control
// characters (\p{Cc}: U+0000–U+001F and U+007F–U+009F).
const BARE_CHAR = /[^.[\]"\s\p{Cc}]/u
const BARE = /^[^.[\]"\s\p{Cc}]+$/u

/** The JSON string literal starting at `i` (a `"`), and the offset after it. */
const jsonStringAt = (s: string, i: number): { readonly value: string; readonly end: number } | undefined => {
  let j = i + 1
  while (j < s.length) {
    const c = s[j]
    if (c === '\\') j += 2
    else if (c === '"') break
    else j++
  }
  if (j >= s.length) return undefined
  try {
    const value: unknown = JSON.parse(s.slice(i, j + 1))
    return typeof value === 'string' ? { value, end: j + 1 } : undefined
  } catch {
    return undefined
  }
}

const SYNTAX = 'a report path such as campaign.status, items.<id>.state, windows.<subject>[0].end, steps[2].code or notifications[kind=reviewAssigned]'

/**
 * Parses a report path, or says what was expected (never quoting the path).
 * @example
 * import { parsePath } from '../../src/scenario/expect.js' // internal
 * parsePath('windows.s-ezra[1].end')._tag // 'Right'
 * parsePath('windows..end')._tag // 'Left'
 * @internal
 */
export const parsePath = (s: string): E.Either<string, ReadonlyArray<Segment>> => {
  if (s.length === 0 || s.length > MAX_PATH) return E.left(`${SYNTAX}, 1 to ${MAX_PATH} characters`)
  const out: Segment[] = []
  let i = 0
  const bare = (): string => {
    const start = i
    while (i < s.length && BARE_CHAR.test(s[i] ?? '')) {
      const c = s.charCodeAt(i)
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1
    }
    return s.slice(start, i)
  }
  const at = (what: string): E.Either<string, never> => E.left(`${SYNTAX}: ${what} at character ${i + 1}`)
  const first = bare()
  if (first === '') return at('a field name')
  out.push({ kind: 'key', key: first })
  while (i < s.length) {
    const c = s[i]
    if (c === '.') {
      i++
      const key = bare()
      if (key === '') return at('a name after "."')
      out.push({ kind: 'key', key })
      continue
    }
    if (c !== '[') return at('".", "[" or the end')
    i++
    const d = s[i]
    if (d === '"') {
      const str = jsonStringAt(s, i)
      if (str === undefined) return at('a JSON string')
      i = str.end
      if (s[i] !== ']') return at('"]"')
      i++
      out.push({ kind: 'key', key: str.value })
      continue
    }
    if (d !== undefined && d >= '0' && d <= '9') {
      const m = /^(0|[1-9][0-9]{0,8})\]/.exec(s.slice(i, i + 11))
      if (m?.[1] === undefined) return at('a position from 0 to 999999999 and "]"')
      i += m[0].length
      out.push({ kind: 'index', index: Number(m[1]) })
      continue
    }
    const m = /^([A-Za-z][A-Za-z0-9]*)=/.exec(s.slice(i, i + 40))
    if (m?.[1] === undefined) return at('a position, a JSON string or a filter field=value')
    i += m[0].length
    const field = m[1]
    if (s[i] === '"') {
      const str = jsonStringAt(s, i)
      if (str === undefined) return at('a JSON string')
      i = str.end
      if (s[i] !== ']') return at('"]"')
      i++
      out.push({ kind: 'filter', field, value: str.value, quoted: true })
      continue
    }
    const value = bare()
    if (value === '') return at('a value after "="')
    if (s[i] !== ']') return at('"]"')
    i++
    out.push({ kind: 'filter', field, value, quoted: false })
  }
  return E.right(out)
}

/** A key as a path segment: `.key` when it is bare, else `["key"]`. */
const keySegment = (key: string): string => (BARE.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)

/**
 * Writes segments back as a path (the canonical spelling).
 * @example
 * import { parsePath, printPath } from '../../src/scenario/expect.js' // internal
 * const p = parsePath('items["a.b"].state')
 * p._tag === 'Right' ? printPath(p.right) : '' // 'items["a.b"].state'
 * @internal
 */
export const printPath = (segments: ReadonlyArray<Segment>): string => {
  let out = ''
  for (const s of segments) {
    if (s.kind === 'index') out += `[${s.index}]`
    else if (s.kind === 'filter') out += `[${s.field}=${s.quoted || !BARE.test(s.value) ? JSON.stringify(s.value) : s.value}]`
    else out += out === '' && BARE.test(s.key) ? s.key : keySegment(s.key)
  }
  return out
}

// -------------------------------------------------------------------------------------
// compiling a path against the report's shape
// -------------------------------------------------------------------------------------

/** An id a path (or an expected value) names, checked against the scenario before it runs. @internal */
export interface Ref {
  readonly kind: 'item' | 'packet' | 'step'
  readonly id: string
  /** Where in the expected value (below the path), for values that name ids by their keys. */
  readonly at: ReadonlyArray<string | number>
}

/** A filter ready to test an element. @internal */
type Test = (element: unknown) => boolean

/** A compiled step of a path. @internal */
export type Step =
  | { readonly kind: 'field'; readonly key: string }
  | { readonly kind: 'entry'; readonly key: string; readonly of: 'item' | 'packet' }
  | { readonly kind: 'step'; readonly index: number }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'filter'; readonly test: Test; readonly text: string }

/** A path compiled against the report's shape. @internal */
export interface CompiledPath {
  readonly path: string
  readonly steps: ReadonlyArray<Step>
  readonly desc: Desc
  /** The last step names a field that may be `null` or absent. */
  readonly field: Field
  readonly refs: ReadonlyArray<Ref>
}

const fieldNames = (d: Desc & { readonly kind: 'object' }): string => Object.keys(d.fields).join(', ')

const describeDesc = (d: Desc): string => {
  switch (d.kind) {
    case 'object':
      return `${d.name} (an object with ${fieldNames(d)})`
    case 'record':
      return d.of === 'item' ? 'the items by item id' : 'the windows by packet (subject id)'
    case 'array':
      return 'a list'
    case 'instant':
      return 'an instant'
    case 'enum':
      return 'a name'
    case 'text':
      return 'a text'
    case 'whole':
      return 'a number'
    case 'boolean':
      return 'true or false'
  }
}

/** Parses a bare or quoted filter value for a field of shape `d`, or undefined when it cannot match that field. */
const filterTest = (field: Field, name: string, value: string, quoted: boolean): Test | string => {
  const d = field.desc
  const own = (e: unknown): unknown => (isPlainObject(e) && Object.hasOwn(e, name) ? e[name] : undefined)
  if (!quoted && value === 'null') {
    if (field.nullable !== true && field.optional !== true) return `a value of ${name} (it is never null or absent)`
    return (e) => {
      const v = own(e)
      return v === null || v === undefined
    }
  }
  switch (d.kind) {
    case 'instant': {
      const ms = instantOfText(value)
      if (ms === undefined) return 'an instant (ISO-8601 with Z or an offset, or epoch milliseconds)'
      return (e) => {
        const v = own(e)
        return typeof v === 'string' && parseInstant(v) === ms
      }
    }
    case 'enum':
      if (!d.values.includes(value)) return `one of ${d.values.join(', ')}`
      return (e) => own(e) === value
    case 'text':
      return (e) => own(e) === value
    case 'whole': {
      if (quoted || !/^(0|[1-9][0-9]{0,14})$/.test(value)) return 'a whole number'
      const n = Number(value)
      return (e) => own(e) === n
    }
    case 'boolean':
      if (quoted || (value !== 'true' && value !== 'false')) return 'true or false'
      return (e) => own(e) === (value === 'true')
    case 'array':
      if (d.item.kind !== 'text') return 'a field holding a name, a number, an instant or a list of ids'
      return (e) => {
        const v = own(e)
        return Array.isArray(v) && v.includes(value)
      }
    default:
      return 'a field holding a name, a number, an instant or a list of ids'
  }
}

/** An instant written as ISO-8601 text with an offset or as epoch milliseconds. */
const instantOfText = (text: string): number | undefined => {
  if (/^[0-9]{1,15}$/.test(text)) {
    const r = Instant.decode(Number(text))
    return E.isRight(r) ? r.right : undefined
  }
  return parseInstant(text)
}

/**
 * Compiles a path against the shape of the report, or says what was
 * expected where it goes wrong (naming only the valid part before it).
 * @example
 * import { compilePath } from '../../src/scenario/expect.js' // internal
 * compilePath('campaign.status')._tag // 'Right'
 * compilePath('campaign.stauts')._tag // 'Left'
 * @internal
 */
export const compilePath = (path: string): E.Either<string, CompiledPath> => {
  const parsed = parsePath(path)
  if (E.isLeft(parsed)) return parsed
  const segments = parsed.right
  const steps: Step[] = []
  const refs: Ref[] = []
  let desc: Desc = REPORT
  let field: Field = f(REPORT)
  let stepsList = false
  for (let k = 0; k < segments.length; k++) {
    const s = segments[k]
    if (s === undefined) break
    const before = k === 0 ? 'the report' : printPath(segments.slice(0, k))
    if (s.kind === 'key') {
      if (desc.kind === 'object') {
        const next = Object.hasOwn(desc.fields, s.key) ? desc.fields[s.key] : undefined
        if (next === undefined) return E.left(`a field of ${before}: ${fieldNames(desc)}`)
        steps.push({ kind: 'field', key: s.key })
        field = next
        desc = next.desc
        stepsList = desc.kind === 'array' && desc.steps === true
        continue
      }
      if (desc.kind === 'record') {
        steps.push({ kind: 'entry', key: s.key, of: desc.of })
        refs.push({ kind: desc.of, id: s.key, at: [] })
        field = f(desc.value, { optional: true })
        desc = desc.value
        stepsList = false
        continue
      }
      return E.left(`${describeDesc(desc)} after ${before}: ${desc.kind === 'array' ? 'a position [n] or a filter [field=value]' : 'nothing more'}`)
    }
    if (desc.kind !== 'array') return E.left(`${describeDesc(desc)} after ${before}: ${desc.kind === 'object' || desc.kind === 'record' ? '.name' : 'nothing more'}, not [...]`)
    if (s.kind === 'index') {
      if (stepsList) {
        steps.push({ kind: 'step', index: s.index })
        refs.push({ kind: 'step', id: String(s.index), at: [] })
      } else steps.push({ kind: 'index', index: s.index })
      field = f(desc.item, { optional: true })
      desc = desc.item
      stepsList = false
      continue
    }
    const item = desc.item
    if (item.kind !== 'object') return E.left(`a position [n] after ${before} (a list of ${describeDesc(item)}s cannot be filtered)`)
    const target = Object.hasOwn(item.fields, s.field) ? item.fields[s.field] : undefined
    if (target === undefined) return E.left(`a filter on a field of ${item.name} after ${before}: ${fieldNames(item)}`)
    const test = filterTest(target, s.field, s.value, s.quoted)
    if (typeof test === 'string') return E.left(`a filter value after ${before}[${s.field}=: ${test}`)
    steps.push({ kind: 'filter', test, text: printPath([s]) })
    desc = list(item)
    field = f(desc)
    stepsList = false
  }
  return E.right({ path, steps, desc, field, refs })
}

// -------------------------------------------------------------------------------------
// expected values against the report's shape
// -------------------------------------------------------------------------------------

interface ValueProblem {
  readonly at: ReadonlyArray<{ readonly key: string; readonly actual: unknown }>
  readonly expected: string
}

/**
 * Checks an expected value against the shape it is compared with, and
 * copies it (plain JSON only). Collects problems and the ids it names.
 */
const checkValue = (
  u: unknown,
  desc: Desc,
  at: ReadonlyArray<{ readonly key: string; readonly actual: unknown }>,
  problems: ValueProblem[],
  refs: Ref[],
  ids: ReadonlyArray<string | number>,
): ExpectedValue => {
  if (u === null) return null
  const bad = (expected: string): ExpectedValue => {
    problems.push({ at, expected })
    return null
  }
  switch (desc.kind) {
    case 'instant':
      if (typeof u === 'string' ? parseInstant(u) !== undefined : E.isRight(Instant.decode(u))) return u as string | number
      return bad('an instant: ISO-8601 with Z or an offset, or epoch milliseconds (or null)')
    case 'enum':
      return typeof u === 'string' && desc.values.includes(u) ? u : bad(`one of ${desc.values.map((v) => JSON.stringify(v)).join(' | ')} (or null)`)
    case 'text':
      return typeof u === 'string' && u.length <= 10_000 ? u : bad('a string of at most 10000 characters (or null)')
    case 'whole':
      return typeof u === 'number' && Number.isSafeInteger(u) && u >= 0 && !Object.is(u, -0) ? u : bad('a whole number (or null)')
    case 'boolean':
      return typeof u === 'boolean' ? u : bad('true or false (or null)')
    case 'array': {
      if (!Array.isArray(u)) return bad(`a list of ${describeDesc(desc.item)} (or null)`)
      const out: ExpectedValue[] = []
      for (let i = 0; i < u.length; i++) out.push(checkValue(u[i], desc.item, [...at, { key: String(i), actual: u[i] }], problems, refs, [...ids, i]))
      return out
    }
    case 'object': {
      if (!isPlainObject(u)) return bad(`${describeDesc(desc)}: the fields to match (or null)`)
      const out: Record<string, ExpectedValue> = {}
      for (const k of Object.keys(u)) {
        const next = Object.hasOwn(desc.fields, k) ? desc.fields[k] : undefined
        if (next === undefined) {
          problems.push({ at: [...at, { key: k, actual: undefined }], expected: `a field of ${desc.name}: ${fieldNames(desc)}` })
          continue
        }
        setOwn(out, k, checkValue(u[k], next.desc, [...at, { key: k, actual: u[k] }], problems, refs, [...ids, k]))
      }
      return out
    }
    case 'record': {
      if (!isPlainObject(u)) return bad(`${describeDesc(desc)}: an object by id (or null)`)
      const out: Record<string, ExpectedValue> = {}
      for (const k of Object.keys(u)) {
        refs.push({ kind: desc.of, id: k, at: [...ids, k] })
        setOwn(out, k, checkValue(u[k], desc.value, [...at, { key: k, actual: u[k] }], problems, refs, [...ids, k]))
      }
      return out
    }
  }
}

// -------------------------------------------------------------------------------------
// the codec
// -------------------------------------------------------------------------------------

const EXPECTATIONS = `an object of 1 to ${MAX_PATHS} report paths, each with its expected value`

/**
 * The codec of expectations: 1 to 1000 report paths, each checked against
 * the shape of the report (a path that names nothing in a report is
 * refused), each with an expected value of the right kind for its field.
 * Whether the ids a path names exist is checked with the whole scenario.
 *
 * @example
 * import { decodeWith, Expectations } from 'access-review-core'
 * decodeWith(Expectations, { 'campaign.status': 'inProgress' })._tag // 'Right'
 * decodeWith(Expectations, { 'campaign.stauts': 'inProgress' })._tag // 'Left'
 *
 * @since 0.2.0
 * @category Scenario
 */
export const Expectations: Codec<Expectations, Expectations> = named<Expectations, Expectations>()(
  new t.Type<Expectations, Expectations, unknown>(
    'Expectations',
    (u): u is Expectations => expectationsProblems(u).problems.length === 0,
    (u, c) => {
      const r = expectationsProblems(u)
      if (r.problems.length === 0) return t.success(r.value)
      return t.failures(
        r.problems.map((p) => ({
          value: undefined,
          context: [...c, ...p.at.map((e) => ({ key: e.key, type: t.never, actual: e.actual }))],
          message: p.expected,
        })),
      )
    },
    (a) => a,
  ),
)

const expectationsProblems = (u: unknown): { readonly value: Expectations; readonly problems: ReadonlyArray<ValueProblem> } => {
  const problems: ValueProblem[] = []
  if (!isPlainObject(u)) return { value: {}, problems: [{ at: [], expected: EXPECTATIONS }] }
  const keys = Object.keys(u)
  if (keys.length === 0 || keys.length > MAX_PATHS) return { value: {}, problems: [{ at: [], expected: EXPECTATIONS }] }
  const out: Record<string, ExpectedValue> = {}
  for (const k of keys) {
    const compiled = compilePath(k)
    const at = [{ key: k, actual: u[k] }]
    if (E.isLeft(compiled)) {
      problems.push({ at: [{ key: k, actual: undefined }], expected: compiled.left })
      continue
    }
    const value = checkValue(u[k], compiled.right.desc, at, problems, [], [])
    setOwn(out, k, value)
  }
  return { value: out, problems }
}

/**
 * The ids the paths of decoded expectations name (items, packets, steps),
 * with the problem path of each, for the whole-scenario checks.
 * @internal
 */
export const refsOf = (expect: Expectations): ReadonlyArray<{ readonly ref: Ref; readonly key: string }> => {
  const out: Array<{ readonly ref: Ref; readonly key: string }> = []
  for (const k of Object.keys(expect)) {
    const compiled = compilePath(k)
    if (E.isLeft(compiled)) continue
    for (const ref of compiled.right.refs) out.push({ ref, key: k })
    const refs: Ref[] = []
    checkValue(expect[k], compiled.right.desc, [], [], refs, [])
    for (const ref of refs) out.push({ ref, key: k })
  }
  return out
}

/**
 * Problems at paths below a given context (for the whole-scenario checks),
 * rendered like every decoding problem.
 * @internal
 */
export const problemsAt = (context: ReadonlyArray<string | number>, items: ReadonlyArray<{ readonly at: ReadonlyArray<string | number>; readonly expected: string }>): ReadonlyArray<Problem> =>
  toProblems(
    items.map((p) => {
      const keys = [...context, ...p.at]
      const entries: t.ContextEntry[] = [{ key: '', type: t.never }]
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]
        const next = keys[i + 1]
        // a number is a position: its parent is an array for the path renderer
        entries.push({ key: String(key), type: t.never, actual: typeof next === 'number' ? [] : {} })
      }
      return { value: undefined, context: entries, message: p.expected }
    }),
  )

// -------------------------------------------------------------------------------------
// matching
// -------------------------------------------------------------------------------------

/**
 * A report as paths read it: each part is computed when a path names it,
 * so a checkpoint costs what it reads.
 * @internal
 */
export interface ReportReader {
  readonly campaign: () => unknown
  readonly items: () => unknown
  readonly item: (id: string) => unknown
  readonly windows: () => unknown
  readonly packetWindows: (id: string) => unknown
  /** The report's list of step outcomes (one per command step so far). */
  readonly steps: () => ReadonlyArray<unknown>
  /** The outcome of the step at this position of the file's `steps`. */
  readonly step: (index: number) => unknown
  readonly notifications: () => ReadonlyArray<unknown>
}

/**
 * One place where a checked path does not hold: the path (the checked path,
 * or a field inside it), the expected value and the report's value, absent
 * when the report has nothing there.
 * @since 0.2.0
 * @category Scenario
 * @example
 * import type { CheckMismatch } from 'access-review-core'
 * const m: CheckMismatch = { path: 'windows.s-ezra[1].end', expected: '2025-10-14T10:00:00-04:00', actual: '2025-10-12T10:00:00-04:00' }
 */
export interface CheckMismatch {
  readonly path: string
  readonly expected: ExpectedValue
  readonly actual?: ExpectedValue
}

const own = (u: unknown, key: string): unknown => (isPlainObject(u) && Object.hasOwn(u, key) ? u[key] : undefined)

/** The value a compiled path names in a report (undefined when absent), and whether a list is the report's own list of steps. */
const resolve = (reader: ReportReader, compiled: CompiledPath): { readonly value: unknown; readonly stepsList: boolean } => {
  const steps = compiled.steps
  let value: unknown
  let k = 0
  const head = steps[0]
  const next = steps[1]
  if (head?.kind !== 'field') return { value: undefined, stepsList: false }
  switch (head.key) {
    case 'campaign':
      value = reader.campaign()
      k = 1
      break
    case 'items':
      if (next?.kind === 'entry') {
        value = reader.item(next.key)
        k = 2
      } else {
        value = reader.items()
        k = 1
      }
      break
    case 'windows':
      if (next?.kind === 'entry') {
        value = reader.packetWindows(next.key)
        k = 2
      } else {
        value = reader.windows()
        k = 1
      }
      break
    case 'steps':
      if (next?.kind === 'step') {
        value = reader.step(next.index)
        k = 2
      } else {
        value = reader.steps()
        k = 1
      }
      break
    case 'notifications':
      value = reader.notifications()
      k = 1
      break
    default:
      return { value: undefined, stepsList: false }
  }
  let stepsList = head.key === 'steps' && k === 1
  for (; k < steps.length; k++) {
    const s = steps[k]
    if (s === undefined || value === undefined || value === null) return { value: undefined, stepsList: false }
    stepsList = false
    switch (s.kind) {
      case 'field':
      case 'entry':
        value = own(value, s.key)
        break
      case 'index':
      case 'step':
        value = Array.isArray(value) ? (value as ReadonlyArray<unknown>)[s.index] : undefined
        break
      case 'filter':
        value = Array.isArray(value) ? (value as ReadonlyArray<unknown>).filter(s.test) : undefined
        break
    }
  }
  return { value, stepsList }
}

const sameInstant = (expected: ExpectedValue, actual: unknown): boolean => {
  if (typeof actual !== 'string') return false
  if (expected === actual) return true
  const e = typeof expected === 'number' ? expected : typeof expected === 'string' ? parseInstant(expected) : undefined
  return e !== undefined && parseInstant(actual) === e
}

/** The report's value as plain JSON for a mismatch (undefined when absent). */
const shown = (actual: unknown): ExpectedValue | undefined => (actual === undefined ? undefined : (actual as ExpectedValue))

const compare = (expected: ExpectedValue, actual: unknown, desc: Desc, path: string, stepsList: boolean, out: CheckMismatch[]): void => {
  if (out.length >= MAX_MISMATCHES) return
  const mismatch = (): void => {
    const a = shown(actual)
    out.push(a === undefined ? { path, expected } : { path, expected, actual: a })
  }
  if (expected === null) {
    if (actual !== null && actual !== undefined) mismatch()
    return
  }
  if (actual === undefined || actual === null) return mismatch()
  switch (desc.kind) {
    case 'instant':
      if (!sameInstant(expected, actual)) mismatch()
      return
    case 'enum':
    case 'text':
    case 'whole':
    case 'boolean':
      if (expected !== actual) mismatch()
      return
    case 'array': {
      if (!Array.isArray(expected) || !Array.isArray(actual) || expected.length !== actual.length) return mismatch()
      const xs = expected as ReadonlyArray<ExpectedValue>
      const ys = actual as ReadonlyArray<unknown>
      for (let i = 0; i < xs.length; i++) {
        const y = ys[i]
        const label = stepsList && typeof own(y, 'index') === 'number' ? `[${String(own(y, 'index'))}]` : `[${i}]`
        compare(xs[i] ?? null, y, desc.item, `${path}${label}`, false, out)
      }
      return
    }
    case 'object':
    case 'record': {
      if (!isPlainObject(expected) || !isPlainObject(actual)) return mismatch()
      for (const k of Object.keys(expected)) {
        const d = desc.kind === 'object' ? desc.fields[k]?.desc : desc.value
        if (d === undefined) continue
        compare(expected[k] ?? null, own(actual, k), d, `${path}${keySegment(k)}`, desc.kind === 'object' && k === 'steps', out)
      }
      return
    }
  }
}

/**
 * Checks one compiled path with its expected value against a report:
 * the mismatches, empty when it holds.
 * @internal
 */
export const checkPath = (reader: ReportReader, compiled: CompiledPath, expected: ExpectedValue): ReadonlyArray<CheckMismatch> => {
  const { value, stepsList } = resolve(reader, compiled)
  const out: CheckMismatch[] = []
  compare(expected, value, compiled.desc, compiled.path, stepsList, out)
  return out
}
