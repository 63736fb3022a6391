/**
 * Recurring campaigns: a schedule (frequency, local anchor, zone, duration)
 * and the pure `occurrences` function that lists the start and due instants
 * of its campaigns. Month arithmetic is always computed from the anchor and
 * clamped to the end of the month; the anchor's local wall-clock time is kept
 * across DST.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { isPlainObject, named, oneOf, strict, WholeNumber } from '../shared/codec.js'
import type { Codec } from '../shared/codec.js'
import type { JsonOf } from '../shared/codec.js'
import { addDuration, civilFromDays, Duration, instantOfLocal, instantOfMillis, TimeZone } from './time.js'
import type { Civil, Instant } from './time.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** @since 0.1.0 @category Recurring campaigns */
export interface LocalDateTimeBrand {
  readonly LocalDateTime: unique symbol
}

/**
 * A local wall-clock date-time `YYYY-MM-DDTHH:mm` without offset (years
 * 1970 to 2999, the years of instants). It means a time in the schedule's
 * zone.
 * @since 0.1.0
 * @category Recurring campaigns
 */
export type LocalDateTime = t.Branded<string, LocalDateTimeBrand>

/**
 * The calendar frequencies of a schedule.
 * @since 0.1.0
 * @category Recurring campaigns
 */
export type CalendarFrequency = 'weekly' | 'monthly' | 'quarterly' | 'semiannually' | 'annually'

/**
 * How often a schedule recurs: a calendar frequency or a fixed duration
 * (`days` are calendar days counted from the anchor, `hours`/`minutes` exact).
 * @since 0.1.0
 * @category Recurring campaigns
 */
export type Frequency = CalendarFrequency | EveryFrequency

/**
 * A fixed-period frequency: one occurrence every `every`.
 * @example
 * import type { EveryFrequency } from 'access-review-core'
 * const tenDays: EveryFrequency = { every: { days: 10 } }
 * tenDays.every.days // 10
 * @since 0.1.0
 * @category Recurring campaigns
 */
export interface EveryFrequency {
  readonly every: Duration
}

/**
 * A recurring campaign schedule.
 *
 * @example
 * import { decodeWith, Schedule } from 'access-review-core'
 * const monthly = decodeWith(Schedule, { frequency: 'monthly', anchor: '2024-01-31T09:00', timeZone: 'Europe/Berlin', duration: { days: 14 } })
 * monthly._tag // 'Right'
 * // the anchor is a local date-time, without an offset
 * const withOffset = decodeWith(Schedule, { frequency: 'monthly', anchor: '2024-01-31T09:00+01:00', timeZone: 'Europe/Berlin', duration: { days: 14 } })
 * withOffset._tag === 'Left' && withOffset.left.map((p) => p.path) // ['anchor']
 *
 * @since 0.1.0
 * @category Recurring campaigns
 */
export interface Schedule {
  readonly frequency: Frequency
  readonly anchor: LocalDateTime
  readonly timeZone: TimeZone
  readonly duration: Duration
}

/**
 * One occurrence of a schedule: its index counted from the anchor
 * (occurrence 0 starts at the anchor), its start and its due instant.
 *
 * @example
 * import { occurrences, decodeWith, Schedule, toIsoUtc, type Occurrence } from 'access-review-core'
 * import { at } from 'access-review-core/testing'
 * const schedule = decodeWith(Schedule, { frequency: 'monthly', anchor: '2024-01-31T09:00', timeZone: 'Europe/Berlin', duration: { days: 14 } })
 * const next: ReadonlyArray<Occurrence> = schedule._tag === 'Right' ? occurrences(schedule.right, at('2024-03-15T00:00:00Z'), 1) : []
 * next.map((o) => o.index) // [2]
 * next.map((o) => [toIsoUtc(o.start), toIsoUtc(o.due)]) // [['2024-03-31T07:00:00.000Z', '2024-04-14T07:00:00.000Z']]
 *
 * @since 0.1.0
 * @category Recurring campaigns
 */
export interface Occurrence {
  readonly index: number
  readonly start: Instant
  readonly due: Instant
}

// -------------------------------------------------------------------------------------
// civil date helpers (pure integer arithmetic, no Date objects)
// -------------------------------------------------------------------------------------

interface Parts extends Civil {
  readonly hour: number
  readonly minute: number
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
const daysFromCivil = ({ year, month, day }: Civil): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}


const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/
// The years of instants (see `Instant`): a schedule can neither start nor run past them.
const MIN_YEAR = 1970
const MAX_YEAR = 2999

const parseLocal = (s: string): Parts | undefined => {
  const m = LOCAL.exec(s)
  if (m === null) return undefined
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number]
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (hour > 23 || minute > 59) return undefined
  return { year, month, day, hour, minute }
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * The codec of local date-times `YYYY-MM-DDTHH:mm` (no seconds, no offset).
 *
 * @example
 * import { LocalDateTime, decodeWith } from 'access-review-core'
 * decodeWith(LocalDateTime, '2024-01-31T09:00') // Right
 * decodeWith(LocalDateTime, '2024-02-30T09:00') // Left: no such date
 * decodeWith(LocalDateTime, '3000-01-01T00:00')._tag // 'Left'
 *
 * @since 0.1.0
 * @category Recurring campaigns
 */
export const LocalDateTime: Codec<LocalDateTime, string> = named<LocalDateTime, string>()(new t.Type<LocalDateTime, string, unknown>(
  'a local date-time YYYY-MM-DDTHH:mm (no offset, years 1970 to 2999)',
  (u): u is LocalDateTime => typeof u === 'string' && parseLocal(u) !== undefined,
  (u, c) => (typeof u === 'string' && parseLocal(u) !== undefined ? t.success(u as LocalDateTime) : t.failure(u, c)),
  (a) => a,
))

const CALENDAR = ['weekly', 'monthly', 'quarterly', 'semiannually', 'annually'] as const
const CalendarFrequencyCodec = oneOf(CALENDAR)
const Every = named<EveryFrequency>()(strict('Every', { every: Duration }))
const FREQUENCY_NAME = `${CalendarFrequencyCodec.name} or { every: duration }`

/**
 * The codec of frequencies: one of the calendar frequencies, or
 * `{ every: Duration }` (unknown keys rejected).
 *
 * @example
 * import { Frequency, decodeWith } from 'access-review-core'
 * decodeWith(Frequency, 'quarterly') // Right
 * decodeWith(Frequency, { every: { days: 10 } }) // Right
 *
 * @since 0.1.0
 * @category Recurring campaigns
 */
export const Frequency: Codec<Frequency, JsonOf<Frequency>> = named<Frequency, JsonOf<Frequency>>()(new t.Type<Frequency, JsonOf<Frequency>, unknown>(
  FREQUENCY_NAME,
  (u): u is Frequency => CalendarFrequencyCodec.is(u) || Every.is(u),
  (u, c) => {
    if (typeof u === 'string') return CalendarFrequencyCodec.validate(u, c)
    if (isPlainObject(u)) return Every.validate(u, c)
    return t.failure(u, c, FREQUENCY_NAME)
  },
  (a) => (typeof a === 'string' ? a : Every.encode(a)),
))

/**
 * The codec of schedules: `{ frequency, anchor, timeZone, duration }`,
 * unknown keys rejected.
 *
 * @example
 * import { Schedule, decodeWith } from 'access-review-core'
 * decodeWith(Schedule, { frequency: 'monthly', anchor: '2024-01-31T09:00', timeZone: 'Europe/Berlin', duration: { days: 14 } }) // Right
 *
 * @since 0.1.0
 * @category Recurring campaigns
 */
export const Schedule: Codec<Schedule> = named<Schedule>()(strict('Schedule', {
  frequency: Frequency,
  anchor: LocalDateTime,
  timeZone: TimeZone,
  duration: Duration,
}))

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

const MAX_COUNT = 10_000
const Count = WholeNumber(0, MAX_COUNT)
const DAY_MS = 86_400_000
const AVG_MONTH_MS = 2_629_746_000 // 365.2425 days / 12

// The instant of a local time in the zone (see `instantOfLocal`: a time in a
// DST gap moves forward, an ambiguous time takes the earlier instant).
const localToInstant = (p: Parts, zone: TimeZone): Instant | undefined =>
  p.year > MAX_YEAR ? undefined : instantOfLocal(p, zone)

/** The start of occurrence `n` as a function, and a first guess for the index at `from`. */
interface Plan {
  readonly start: (n: number) => Instant | undefined
  readonly guess: (from: Instant, anchorAt: Instant) => number
}

const stepMonths = (f: CalendarFrequency): number =>
  f === 'monthly' ? 1 : f === 'quarterly' ? 3 : f === 'semiannually' ? 6 : f === 'annually' ? 12 : 0

const planOf = (s: Schedule, a: Parts): Plan | undefined => {
  const zone = s.timeZone
  const f = s.frequency
  const months = typeof f === 'string' ? stepMonths(f) : 0
  if (months > 0) {
    return {
      start: (n) => {
        const total = a.month - 1 + n * months
        const year = a.year + Math.floor(total / 12)
        const month = (total % 12) + 1
        if (year > MAX_YEAR) return undefined
        return localToInstant({ year, month, day: Math.min(a.day, daysInMonth(year, month)), hour: a.hour, minute: a.minute }, zone)
      },
      guess: (from, at) => Math.floor((from - at) / (AVG_MONTH_MS * months)),
    }
  }
  const days = f === 'weekly' ? 7 : typeof f === 'string' ? 0 : (f.every.days ?? 0)
  const exact = typeof f === 'string' ? 0 : ((f.every.hours ?? 0) * 60 + (f.every.minutes ?? 0)) * 60_000
  if (days <= 0 && exact <= 0) return undefined
  const anchorDay = daysFromCivil(a)
  const maxDay = daysFromCivil({ year: MAX_YEAR, month: 12, day: 31 })
  return {
    start: (n) => {
      const day = anchorDay + n * days
      if (day > maxDay) return undefined
      const local = localToInstant({ ...civilFromDays(day), hour: a.hour, minute: a.minute }, zone)
      if (local === undefined) return undefined
      const ms = local + n * exact
      return instantOfMillis(ms)
    },
    guess: (from, at) => Math.floor((from - at) / (days * DAY_MS + exact)),
  }
}

/**
 * The first `count` occurrences of a schedule whose start is at or after
 * `from`, in order.
 *
 * - Occurrence `n` of a monthly, quarterly, semiannual or annual schedule is
 *   the anchor plus `n × step` months, computed from the anchor and clamped
 *   to the month's last day (Jan 31 → Feb 29 → Mar 31 → Apr 30, never
 *   drifting to the 28th), at the anchor's local wall-clock time.
 * - `weekly` is `n × 7` calendar days; `{ every }` is `n × days` calendar
 *   days from the anchor plus `n × (hours, minutes)` of exact time.
 * - The local time is kept across DST. A local time that falls in a DST gap
 *   moves forward by the gap (02:30 → 03:30); an ambiguous local time is the
 *   earlier instant. When a whole local day does not exist (Pacific/Apia,
 *   2011-12-30) and a daily schedule lands on it, that occurrence moves to
 *   the next day and coincides with the next one; only the first of the two
 *   indices is listed, so starts are strictly increasing and indices may skip.
 * - due = start ⊕ duration in the schedule's zone (`addDuration`).
 * - `count` must be a whole number from 0 to 10000; any other count, or a
 *   schedule that was not decoded, gives `[]` (nothing throws). Occurrences
 *   that start after 2999-12-31T23:59:59.999Z (the latest instant) are not
 *   listed; a due date past it is that latest instant.
 *
 * The work is O(count): the first index at or after `from` is estimated
 * arithmetically and corrected by a few steps.
 *
 * @example
 * import { occurrences, decodeWith, formatInstant, Schedule } from 'access-review-core'
 * import { at } from 'access-review-core/testing'
 * // monthly from 2024-01-31T09:00 Europe/Berlin: short months take their last day, 09:00 local across DST
 * const schedule = decodeWith(Schedule, { frequency: 'monthly', anchor: '2024-01-31T09:00', timeZone: 'Europe/Berlin', duration: { days: 14 } })
 * const starts = schedule._tag === 'Right' ? occurrences(schedule.right, at('2024-01-01T00:00:00Z'), 4).map((o) => formatInstant(o.start, schedule.right.timeZone)) : []
 * starts // ['2024-01-31T09:00:00+01:00', '2024-02-29T09:00:00+01:00', '2024-03-31T09:00:00+02:00', '2024-04-30T09:00:00+02:00']
 *
 * @since 0.1.0
 * @category Recurring campaigns
 */
export const occurrences = (schedule: Schedule, from: Instant, count: number): ReadonlyArray<Occurrence> => {
  if (!Count.is(count) || count === 0) return []
  if (!Schedule.is(schedule) || typeof from !== 'number' || !Number.isFinite(from)) return []
  const a = parseLocal(schedule.anchor)
  if (a === undefined) return []
  const plan = planOf(schedule, a)
  if (plan === undefined) return []
  const anchorAt = plan.start(0)
  if (anchorAt === undefined) return []

  // First index whose start is >= from. `start` is non-decreasing in n, so
  // the estimate is corrected by stepping back, then forward; both loops take
  // a few steps because local offsets differ from UTC by at most a day.
  let n = Math.max(0, plan.guess(from, anchorAt) - 2)
  for (;;) {
    if (n === 0) break
    const prev = plan.start(n - 1)
    if (prev === undefined || prev < from) break
    n -= 1
  }
  for (;;) {
    const s = plan.start(n)
    if (s === undefined) return []
    if (s >= from) break
    n += 1
  }

  const out: Occurrence[] = []
  let last = Number.NEGATIVE_INFINITY
  // A skipped local day can make two consecutive indices coincide; the bound
  // keeps the loop finite whatever happens.
  for (let guard = 0; out.length < count && guard < count * 2 + 8; guard++, n++) {
    const start = plan.start(n)
    if (start === undefined) break
    if (start <= last) continue
    last = start
    out.push({ index: n, start, due: addDuration(start, schedule.duration, schedule.timeZone) })
  }
  return out
}
