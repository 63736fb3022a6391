/**
 * Instants, time zones and durations. Instants are absolute (epoch
 * milliseconds, branded); durations in `days` are calendar days in the
 * campaign's IANA zone (wall-clock time kept across DST), while `hours` and
 * `minutes` are exact elapsed time. luxon is used here and never appears in
 * a public type.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { DateTime, IANAZone } from 'luxon'
import { named, strict, WholeNumber } from '../shared/codec.js'
import type { Codec } from '../shared/codec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** @since 0.1.0 @category Time and windows */
export interface InstantBrand {
  readonly Instant: unique symbol
}

/**
 * An absolute instant: epoch milliseconds, branded so that only valid,
 * decoded values reach the core. The earliest is 1970-01-01T00:00:00.000Z
 * (epoch 0), the latest 2999-12-31T23:59:59.999Z: years 1970 to 2999 in UTC.
 * @since 0.1.0
 * @category Time and windows
 */
export type Instant = t.Branded<number, InstantBrand>

/** @since 0.1.0 @category Time and windows */
export interface TimeZoneBrand {
  readonly TimeZone: unique symbol
}

/**
 * A valid IANA time zone name such as `Europe/Berlin` or `UTC`.
 * @since 0.1.0
 * @category Time and windows
 */
export type TimeZone = t.Branded<string, TimeZoneBrand>

/**
 * A duration: `days` are calendar days in the campaign zone, `hours` and
 * `minutes` are exact elapsed time. At least one part is above zero.
 * @since 0.1.0
 * @category Time and windows
 */
export interface Duration {
  readonly days?: number
  readonly hours?: number
  readonly minutes?: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const MIN_MS = 0 // 1970-01-01T00:00:00.000Z
const MAX_MS = 32503679999999 // 2999-12-31T23:59:59.999Z

/**
 * The earliest instant: 1970-01-01T00:00:00.000Z (epoch 0).
 * @example
 * import { EARLIEST_INSTANT } from '../../src/schedule/time.js' // internal
 * EARLIEST_INSTANT // 0
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const EARLIEST_INSTANT: Instant = MIN_MS as Instant

/**
 * The latest instant: 2999-12-31T23:59:59.999Z. Adding a duration never goes
 * past it (the sum is clamped to it).
 * @example
 * import { LATEST_INSTANT, toIsoUtc } from '../../src/schedule/time.js' // internal
 * toIsoUtc(LATEST_INSTANT) // '2999-12-31T23:59:59.999Z'
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const LATEST_INSTANT: Instant = MAX_MS as Instant

const isInstantNumber = (u: unknown): u is Instant =>
  typeof u === 'number' && Number.isSafeInteger(u) && !Object.is(u, -0) && u >= MIN_MS && u <= MAX_MS

// Hours 00-23 (no `24:00`), minutes and seconds 00-59, offsets up to ±23:59:
// luxon alone would read `T24:00` as the next day and `+05:99` as `+06:39`.
const ISO = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/

/**
 * Parses an ISO-8601 date-time that carries `Z` or an offset. A date-only,
 * time-only, week or ordinal date, or offset-less string gives `undefined`,
 * and so does an instant outside 1970-01-01T00:00:00Z to
 * 2999-12-31T23:59:59.999Z.
 *
 * @example
 * import { parseInstant } from 'access-review-core'
 * parseInstant('2025-10-09T16:00:00-04:00') // 1760040000000
 * parseInstant('2025-10-09T16:00:00') // undefined
 * parseInstant('1969-12-31T23:59:59.999Z') // undefined
 * parseInstant('3000-01-01T00:00:00Z') // undefined
 *
 * @since 0.1.0
 * @category Time and windows
 */
export const parseInstant = (s: string): Instant | undefined => {
  const ms = parseMillis(s)
  return isInstantNumber(ms) ? ms : undefined
}

// The epoch milliseconds of an ISO-8601 date-time with `Z` or an offset,
// whatever its year, or `undefined` when the text is not one.
const parseMillis = (s: string): number | undefined => {
  if (s.length > 40 || !ISO.test(s)) return undefined
  const dt = DateTime.fromISO(s, { setZone: true })
  return dt.isValid ? dt.toMillis() : undefined
}

const OUT_OF_RANGE = 'an instant from 1970-01-01T00:00:00Z to 2999-12-31T23:59:59.999Z'

/**
 * The codec of instants. Decodes an ISO-8601 string with `Z` or an offset,
 * or a whole number of epoch milliseconds, from 1970-01-01T00:00:00Z to
 * 2999-12-31T23:59:59.999Z inclusive; encodes to an ISO string in UTC.
 *
 * @example
 * import { Instant, decodeWith } from 'access-review-core'
 * decodeWith(Instant, '2025-10-09T20:00:00Z') // Right(1760040000000)
 * decodeWith(Instant, '2025-10-09') // Left: expected an ISO-8601 date-time with Z or an offset (or epoch milliseconds)
 * decodeWith(Instant, '3000-01-01T00:00:00Z') // Left: expected an instant from 1970-01-01T00:00:00Z to 2999-12-31T23:59:59.999Z
 * decodeWith(Instant, -1)._tag // 'Left'
 *
 * @since 0.1.0
 * @category Time and windows
 */
export const Instant: Codec<Instant, string> = named<Instant, string>()(new t.Type<Instant, string, unknown>(
  'an ISO-8601 date-time with Z or an offset (or epoch milliseconds)',
  isInstantNumber,
  (u, c) => {
    const ms = typeof u === 'string' ? parseMillis(u) : u
    if (isInstantNumber(ms)) return t.success(ms)
    // a well-formed date-time or whole number, but outside the range
    const wellFormed = typeof ms === 'number' && Number.isSafeInteger(ms) && !Object.is(ms, -0)
    return wellFormed ? t.failure(u, c, OUT_OF_RANGE) : t.failure(u, c)
  },
  (a) => toIsoUtc(a),
))

/**
 * Makes an instant from epoch milliseconds, or `undefined` when it is not a
 * whole number from 0 (1970-01-01T00:00:00Z) to 32503679999999
 * (2999-12-31T23:59:59.999Z), the range of the {@link Instant} codec.
 *
 * @example
 * import { instantOfMillis } from 'access-review-core'
 * instantOfMillis(0) // 0
 * instantOfMillis(-1) // undefined
 * instantOfMillis(32503680000000) // undefined
 *
 * @since 0.1.0
 * @category Time and windows
 */
export const instantOfMillis = (ms: number): Instant | undefined => (isInstantNumber(ms) ? ms : undefined)

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,3}$/
const zoneOk = new Map<string, boolean>()

/**
 * True when `name` is a valid IANA time zone name.
 *
 * @example
 * import { isTimeZone } from 'access-review-core'
 * isTimeZone('America/New_York') // true
 * isTimeZone('America/Blorp') // false
 *
 * @since 0.1.0
 * @category Time and windows
 */
export const isTimeZone = (name: unknown): name is TimeZone => {
  if (typeof name !== 'string' || name.length > 64 || !ZONE_NAME.test(name)) return false
  const known = zoneOk.get(name)
  if (known !== undefined) return known
  let ok = false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name }).format(0)
    ok = IANAZone.isValidZone(name)
  } catch {
    ok = false
  }
  // Bounded cache: arbitrary input must not grow memory without limit.
  if (zoneOk.size >= 1024) zoneOk.clear()
  zoneOk.set(name, ok)
  return ok
}

/**
 * The codec of IANA time zone names.
 *
 * @example
 * import { TimeZone, decodeWith } from 'access-review-core'
 * decodeWith(TimeZone, 'Europe/Berlin') // Right('Europe/Berlin')
 * decodeWith(TimeZone, 'constructor') // Left
 *
 * @since 0.1.0
 * @category Time and windows
 */
export const TimeZone: Codec<TimeZone, string> = named<TimeZone, string>()(new t.Type<TimeZone, string, unknown>(
  'an IANA time zone name',
  isTimeZone,
  (u, c) => (isTimeZone(u) ? t.success(u) : t.failure(u, c)),
  (a) => a,
))

const DurationShape = strict('Duration', {}, { days: WholeNumber(0, 3660), hours: WholeNumber(0, 87840), minutes: WholeNumber(0, 5270400) })

const isPositive = (d: Duration): boolean => (d.days ?? 0) + (d.hours ?? 0) + (d.minutes ?? 0) > 0

/**
 * The codec of durations: `{ days?, hours?, minutes? }`, whole numbers, at
 * least one above zero.
 *
 * @example
 * import { Duration, decodeWith } from 'access-review-core'
 * decodeWith(Duration, { days: 2 }) // Right({ days: 2 })
 * decodeWith(Duration, { days: 1.5 }) // Left([{ path: 'days', ... }])
 *
 * @since 0.1.0
 * @category Time and windows
 */
export const Duration: Codec<Duration> = named<Duration>()(new t.Type<Duration, Duration, unknown>(
  'a duration ({ days?, hours?, minutes? }, at least one above zero)',
  (u): u is Duration => DurationShape.is(u) && isPositive(u),
  (u, c) => {
    const r = DurationShape.validate(u, c)
    if (r._tag === 'Left') return r
    return isPositive(r.right) ? t.success(r.right) : t.failure(u, c, 'a duration with at least one of days, hours, minutes above zero')
  },
  (a) => a,
))

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

const inZone = (at: Instant, zone: TimeZone): DateTime => DateTime.fromMillis(at, { zone })

const clamp = (ms: number): Instant => (ms > MAX_MS ? (MAX_MS as Instant) : ms < MIN_MS ? (MIN_MS as Instant) : (ms as Instant))

const DAY_MS = 86_400_000
const ianaZones = new Map<string, IANAZone>()
const ianaZone = (name: TimeZone): IANAZone => {
  let z = ianaZones.get(name)
  if (z === undefined) {
    if (ianaZones.size >= 256) ianaZones.clear()
    z = IANAZone.create(name)
    ianaZones.set(name, z)
  }
  return z
}

// The offset of a zone at an instant, in minutes: what luxon's
// `IANAZone.offset` answers, computed the way luxon does where
// `formatToParts` is missing (its `hackyOffset`): the instant formatted in
// the zone by an en-US `Intl.DateTimeFormat` with the era, the fields read
// back, the offset the difference. `format` costs about a third of
// `formatToParts` (5.0 against 14.6 µs a call on the 2-core development
// machine), and calendar-day additions ask for four offsets each. A text
// that does not read as expected, or a zone Intl does not know, falls back
// to luxon. `test/schedule/zone-offset.prop.test.ts` checks the two agree.
const OFFSET_TEXT = /^(\d+)\/(\d+)\/(\d+) (AD|BC),? (\d+):(\d+):(\d+)$/
const offsetFormats = new Map<string, Intl.DateTimeFormat | null>()
const offsetFormat = (name: TimeZone): Intl.DateTimeFormat | null => {
  let f = offsetFormats.get(name)
  if (f === undefined) {
    if (offsetFormats.size >= 256) offsetFormats.clear()
    try {
      f = ianaZone(name).isValid
        ? new Intl.DateTimeFormat('en-US', { hour12: false, timeZone: name, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', era: 'short' })
        : null
    } catch {
      f = null
    }
    offsetFormats.set(name, f)
  }
  return f
}

/**
 * The offset of `zone` at the instant `ms` (epoch milliseconds), in
 * minutes; NaN when the zone is not valid or `ms` is not a time.
 * @example
 * import { zoneOffset } from '../../src/schedule/time.js' // internal
 * zoneOffset('America/New_York' as never, Date.UTC(2025, 0, 15)) // -300
 * zoneOffset('America/New_York' as never, Date.UTC(2025, 6, 15)) // -240
 * @since 0.2.0
 * @category Time and windows
 * @internal
 */
export const zoneOffset = (zone: TimeZone, ms: number): number => {
  if (!(Math.abs(ms) <= 8.64e15)) return Number.NaN
  const f = offsetFormat(zone)
  const m = f === null ? null : OFFSET_TEXT.exec(f.format(ms))
  if (m === null) return ianaZone(zone).offset(ms)
  const year = m[4] === 'BC' ? 1 - Number(m[3]) : Number(m[3])
  // years 0–99 would be read as 1900–1999 by Date.UTC: 400 years later, less the 146,097 days of 400 Gregorian years
  const cycle = year >= 0 && year < 100
  const hour = Number(m[5])
  const asUTC = Date.UTC(cycle ? year + 400 : year, Number(m[1]) - 1, Number(m[2]), hour === 24 ? 0 : hour, Number(m[6]), Number(m[7])) - (cycle ? 146_097 * DAY_MS : 0)
  // the instant to the whole second below it, as luxon does (Intl drops the milliseconds)
  const t = Math.trunc(ms)
  const over = t % 1000
  return (asUTC - (t - (over >= 0 ? over : 1000 + over))) / 60_000
}

// The instant (epoch ms, maybe out of range or NaN) whose local wall-clock
// time in `zone` is `local` (a local time written as UTC epoch ms). Computed
// from the zone's offsets only: luxon's own resolution (`fromObject`, `plus`)
// starts from a guessed offset (the current clock, or the source instant's
// offset) and can miss by an hour when that guess is a day off (Pacific/Apia
// around its 2011 date-line change) and depends on `Settings.now` for
// ambiguous times.
// - a local time that exists once gives that instant;
// - an ambiguous local time (clocks set back) gives the earlier instant;
// - a local time in a gap moves forward by the gap (02:30 → 03:30, a skipped
//   day → the next day), using the offset in force before the gap.
const resolveLocal = (local: number, zoneName: TimeZone): number => {
  const offsetAt = (ms: number): number => zoneOffset(zoneName, ms) * 60_000
  const before = offsetAt(local - 2 * DAY_MS)
  const after = offsetAt(local + 2 * DAY_MS)
  if (before === after) {
    const u = local - before
    if (u + offsetAt(u) === local) return u
  }
  let best: number | undefined
  for (const o of [before, after, offsetAt(local - before), offsetAt(local - after)]) {
    const u = local - o
    if (Number.isFinite(u) && u + offsetAt(u) === local && (best === undefined || u < best)) best = u
  }
  return best ?? local - before
}

/**
 * A local wall-clock date-time: calendar fields as people write them.
 * @since 0.1.0
 * @category Time and windows
 */
export interface LocalParts {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second?: number
  readonly millisecond?: number
}

/**
 * The instant of a local wall-clock time in a zone, or `undefined` when the
 * fields are not whole numbers in range or the result is out of range.
 * A time that exists once gives that instant; an ambiguous time (clocks set
 * back) gives the earlier instant; a time in a DST gap moves forward by the
 * gap (02:30 on a spring-forward night becomes 03:30). The result depends on
 * the inputs only, never on luxon's `Settings` or the clock.
 *
 * @example
 * import { instantOfLocal, formatInstant, type TimeZone } from 'access-review-core'
 * const ny = 'America/New_York' as TimeZone
 * // 02:30 does not exist on the spring-forward night: it moves to 03:30
 * const t = instantOfLocal({ year: 2017, month: 3, day: 12, hour: 2, minute: 30 }, ny)
 * t === undefined ? undefined : formatInstant(t, ny) // '2017-03-12T03:30:00-04:00'
 * instantOfLocal({ year: 2025, month: 2, day: 30, hour: 9, minute: 0 }, ny) // undefined
 *
 * @since 0.1.0
 * @category Time and windows
 */
export const instantOfLocal = (p: LocalParts, zone: TimeZone): Instant | undefined => {
  const second = p.second ?? 0
  const millisecond = p.millisecond ?? 0
  const fields = [p.year, p.month, p.day, p.hour, p.minute, second, millisecond]
  if (!fields.every((n) => Number.isSafeInteger(n) && n >= 0)) return undefined
  if (p.year < 1000 || p.year > 9999 || p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || second > 59 || millisecond > 999) return undefined
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, second, millisecond)
  const check = DateTime.fromMillis(local, { zone: 'UTC' })
  if (check.day !== p.day) return undefined // no such date (February 30)
  return instantOfMillis(resolveLocal(local, zone))
}

// Local wall-clock time of `at` in `zone`, as UTC epoch ms, moved by `days`
// calendar days (a local time written as UTC moves by whole days of 24 hours;
// truncated to the millisecond, as a Date of it would be)
const shiftLocal = (at: Instant, days: number, zone: TimeZone): number => Math.trunc(at + zoneOffset(zone, at) * 60_000) + days * DAY_MS

const clampResolved = (ms: number): Instant => (Number.isNaN(ms) ? (MAX_MS as Instant) : clamp(ms))

/**
 * Adds a duration in a zone: calendar days first (local wall-clock time
 * kept; a local time that falls in a DST gap moves forward by the gap, an
 * ambiguous one takes the earlier instant), then exact hours and minutes.
 *
 * @example
 * import { addDuration, formatInstant, type TimeZone } from 'access-review-core'
 * import { at } from 'access-review-core/testing'
 * const ny = 'America/New_York' as TimeZone
 * // 2 days from 2025-03-08 16:00 New York, across the spring-forward night:
 * const start = at('2025-03-08T16:00:00-05:00')
 * const end = addDuration(start, { days: 2 }, ny)
 * formatInstant(end, ny) // '2025-03-10T16:00:00-04:00'
 * const realHours = (end - start) / 3_600_000
 * realHours // 47
 *
 * @since 0.1.0
 * @category Time and windows
 */
export const addDuration = (at: Instant, d: Duration, zone: TimeZone): Instant => addDurationDays(at, d, 0, zone)

/**
 * {@link addDuration} of `d` with `extraDays` more calendar days, without
 * building the longer duration (windows extended by days compute this for
 * every packet).
 * @example
 * import { addDurationDays } from '../../src/schedule/time.js' // internal
 * import { at } from 'access-review-core/testing'
 * addDurationDays(at('2025-01-03T09:00:00Z'), { days: 2, hours: 1 }, 1, 'UTC' as never) === at('2025-01-06T10:00:00Z') // true
 * @since 0.2.0
 * @category Time and windows
 * @internal
 */
export const addDurationDays = (at: Instant, d: Duration, extraDays: number, zone: TimeZone): Instant => {
  const days = (d.days ?? 0) + extraDays
  const base = days !== 0 ? addDays(at, days, zone) : at
  const exact = ((d.hours ?? 0) * 60 + (d.minutes ?? 0)) * 60_000
  return clamp(base + exact)
}

/**
 * Adds whole calendar days in a zone (negative days go back), keeping the
 * local wall-clock time (DST gap: forward; ambiguous: earlier instant).
 *
 * @example
 * import { addDays, formatInstant, type TimeZone } from 'access-review-core'
 * import { at } from 'access-review-core/testing'
 * const berlin = 'Europe/Berlin' as TimeZone
 * // one calendar day keeps 09:00 local, although the offset changes overnight
 * formatInstant(addDays(at('2025-03-29T09:00:00+01:00'), 1, berlin), berlin) // '2025-03-30T09:00:00+02:00'
 *
 * @since 0.1.0
 * @category Time and windows
 */
export const addDays = (at: Instant, days: number, zone: TimeZone): Instant => {
  if (days === 0) return at
  const known = dayMemo.get(zone)?.get(days)?.get(at)
  if (known !== undefined) return known
  const out = clampResolved(resolveLocal(shiftLocal(at, days, zone), zone))
  if (dayMemoSize >= DAY_MEMO_MAX) clearTimeMemo()
  memoOf(memoOf(dayMemo, zone), days).set(at, out)
  dayMemoSize++
  return out
}

// Calendar-day additions are pure and the deciders ask for the same ones
// again and again (every timer scan recomputes the windows), so their
// results are remembered; the memo is bounded and never changes a result.
// Keyed zone → days → instant, so that a look-up builds no string.
const DAY_MEMO_MAX = 50_000
const dayMemo = new Map<string, Map<number, Map<number, Instant>>>()
let dayMemoSize = 0
const memoOf = <K, V>(m: Map<K, Map<number, V>>, k: K): Map<number, V> => {
  let inner = m.get(k)
  if (inner === undefined) {
    inner = new Map()
    m.set(k, inner)
  }
  return inner
}

/**
 * Forgets the remembered calendar-day additions. Only tests need it: a test
 * that compares results under different luxon settings clears the memo so
 * that every setting really computes.
 * @example
 * import { clearTimeMemo } from '../../src/schedule/time.js' // internal
 * clearTimeMemo()
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const clearTimeMemo = (): void => {
  dayMemo.clear()
  dayMemoSize = 0
}

/**
 * Adds two durations part by part.
 *
 * @example
 * import { sumDurations } from '../../src/schedule/time.js' // internal
 * sumDurations({ days: 2 }, { days: 1, hours: 3 }) // { days: 3, hours: 3, minutes: 0 }
 *
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const sumDurations = (a: Duration, b: Duration): Required<Duration> => ({
  days: (a.days ?? 0) + (b.days ?? 0),
  hours: (a.hours ?? 0) + (b.hours ?? 0),
  minutes: (a.minutes ?? 0) + (b.minutes ?? 0),
})

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * Formats an instant as ISO-8601 with the zone's offset at that instant,
 * without milliseconds when they are zero.
 *
 * @example
 * import { formatInstant, type TimeZone } from 'access-review-core'
 * import { at } from 'access-review-core/testing'
 * formatInstant(at('2025-10-09T20:00:00Z'), 'America/New_York' as TimeZone) // '2025-10-09T16:00:00-04:00'
 *
 * @since 0.1.0
 * @category Time and windows
 */
export const formatInstant = (at: Instant, zone: TimeZone): string =>
  inZone(at, zone).toISO({ suppressMilliseconds: true }) ?? toIsoUtc(at)

/**
 * Formats an instant as ISO-8601 in UTC (`…Z`).
 *
 * @example
 * import { toIsoUtc, type Instant } from 'access-review-core'
 * toIsoUtc(0 as Instant) // '1970-01-01T00:00:00.000Z'
 *
 * @since 0.1.0
 * @category Time and windows
 */
export const toIsoUtc = (at: Instant): string => {
  // the intents of one command share its instant: the last one formatted is remembered
  if (at === lastIso.at) return lastIso.text
  // instants are whole milliseconds from 1970 to 2999: formatted by
  // arithmetic (a notification id formats one per intent, and luxon costs
  // microseconds each); anything else goes through luxon as before
  if (Number.isInteger(at) && at >= 0 && at < MAX_FAST_ISO) {
    const text = fastIsoUtc(at)
    lastIso = { at, text }
    return text
  }
  const dt = DateTime.fromMillis(at, { zone: 'UTC' })
  return dt.toISO() ?? String(at)
}

// A one-entry memo of a pure function (it changes no result).
let lastIso: { readonly at: number; readonly text: string } = { at: Number.NaN, text: '' }

/** 10000-01-01T00:00:00Z: below it a year has four digits. */
const MAX_FAST_ISO = 253402300800000

const pad2 = (n: number): string => (n < 10 ? '0' + String(n) : String(n))

/**
 * A proleptic Gregorian calendar date.
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export interface Civil {
  readonly year: number
  readonly month: number
  readonly day: number
}

/**
 * The proleptic Gregorian date of a count of days from 1970-01-01
 * (H. Hinnant's algorithm: pure integer arithmetic, no Date objects).
 * @example
 * import { civilFromDays } from '../../src/schedule/time.js' // internal
 * civilFromDays(0) // { year: 1970, month: 1, day: 1 }
 * civilFromDays(11_016) // { year: 2000, month: 2, day: 29 }
 * @since 0.2.0
 * @category Time and windows
 * @internal
 */
export const civilFromDays = (z0: number): Civil => {
  const z = z0 + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

// The civil date of the instant's day, then the time of day.
const fastIsoUtc = (ms: number): string => {
  const days = Math.floor(ms / 86_400_000)
  let rest = ms - days * 86_400_000
  const { year, month, day } = civilFromDays(days)
  const hours = Math.floor(rest / 3_600_000)
  rest -= hours * 3_600_000
  const minutes = Math.floor(rest / 60_000)
  rest -= minutes * 60_000
  const seconds = Math.floor(rest / 1000)
  const millis = rest - seconds * 1000
  const mmm = millis < 10 ? '00' + String(millis) : millis < 100 ? '0' + String(millis) : String(millis)
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${mmm}Z`
}

/**
 * The local calendar date (`YYYY-MM-DD`) of an instant in a zone.
 *
 * @example
 * import { localDate, type TimeZone } from 'access-review-core'
 * import { at } from 'access-review-core/testing'
 * const t = at('2025-10-09T20:00:00Z')
 * localDate(t, 'UTC' as TimeZone) // '2025-10-09'
 * localDate(t, 'Asia/Kolkata' as TimeZone) // '2025-10-10'
 *
 * @since 0.1.0
 * @category Time and windows
 */
export const localDate = (at: Instant, zone: TimeZone): string => inZone(at, zone).toISODate() ?? ''

/**
 * Whole calendar days from `a` to `b` in a zone, counted on local dates
 * (never a fraction, whatever DST does in between).
 *
 * @example
 * import { calendarDaysBetween, type TimeZone } from 'access-review-core'
 * import { at } from 'access-review-core/testing'
 * // 31 local dates apart, although the clocks went back in between
 * calendarDaysBetween(at('2025-10-15T12:00:00Z'), at('2025-11-15T12:00:00Z'), 'Europe/Andorra' as TimeZone) // 31
 *
 * @since 0.1.0
 * @category Time and windows
 */
export const calendarDaysBetween = (a: Instant, b: Instant, zone: TimeZone): number => {
  const da = inZone(a, zone).startOf('day')
  const db = inZone(b, zone).startOf('day')
  const ua = Date.UTC(da.year, da.month - 1, da.day)
  const ub = Date.UTC(db.year, db.month - 1, db.day)
  return Math.round((ub - ua) / 86_400_000)
}

/**
 * True when a duration has only calendar days (no exact part).
 *
 * @example
 * import { isWholeDays } from '../../src/schedule/time.js' // internal
 * isWholeDays({ days: 2 }) // true
 *
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const isWholeDays = (d: Duration): boolean => (d.hours ?? 0) === 0 && (d.minutes ?? 0) === 0
