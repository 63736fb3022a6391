import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { DateTime, Settings } from 'luxon'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeWith } from '../../src/shared/codec.js'
import {
  addDays,
  addDuration,
  calendarDaysBetween,
  Duration,
  formatInstant,
  Instant,
  instantOfLocal,
  localDate,
  parseInstant,
  TimeZone,
} from '../../src/schedule/time.js'

// Every assertion below is about dates up to 2025: no test asserts time-zone
// rules of the future, which may still change (R14).

const at = (iso: string): Instant => {
  const ms = parseInstant(iso)
  if (ms === undefined) throw new Error(`bad fixture ${iso}`)
  return ms
}
const zone = (name: string): TimeZone => {
  const r = decodeWith(TimeZone, name)
  if (isLeft(r)) throw new Error(`bad fixture zone ${name}`)
  return r.right
}
const HOUR = 3_600_000
const NY = zone('America/New_York')

const originalZone = Settings.defaultZone
const originalNow = Settings.now
afterEach(() => {
  Settings.defaultZone = originalZone
  Settings.now = originalNow
})

describe('Instant codec', () => {
  it('decodes ISO-8601 strings with Z or an offset, and epoch milliseconds', () => {
    expect(decodeWith(Instant, '2025-10-09T20:00:00Z')).toEqual({ _tag: 'Right', right: 1760040000000 })
    expect(decodeWith(Instant, '2025-10-09T16:00:00-04:00')).toEqual({ _tag: 'Right', right: 1760040000000 })
    expect(decodeWith(Instant, '2025-10-10T01:45+05:45')).toEqual({ _tag: 'Right', right: 1760040000000 })
    expect(decodeWith(Instant, '2025-10-09T20:00:00.250Z')).toEqual({ _tag: 'Right', right: 1760040000250 })
    expect(decodeWith(Instant, 1760040000000)).toEqual({ _tag: 'Right', right: 1760040000000 })
    expect(decodeWith(Instant, 0)).toEqual({ _tag: 'Right', right: 0 })
    // the range of instants: 1970-01-01T00:00:00Z to 2999-12-31T23:59:59.999Z (docs/limits.md)
    expect(decodeWith(Instant, 32503679999999)).toEqual({ _tag: 'Right', right: 32503679999999 })
    expect(decodeWith(Instant, '2999-12-31T23:59:59.999Z')).toEqual({ _tag: 'Right', right: 32503679999999 })
  })

  it('encodes to ISO in UTC and decodes back', () => {
    const a = at('2024-02-29T23:59:59.999+01:00')
    expect(Instant.encode(a)).toBe('2024-02-29T22:59:59.999Z')
    expect(decodeWith(Instant, Instant.encode(a))).toEqual({ _tag: 'Right', right: a })
  })

  const rejected: ReadonlyArray<readonly [string, unknown]> = [
    ['offset-less date-time (R11)', '2024-06-01T09:00:00'],
    ['offset-less without seconds', '2024-06-01T09:00'],
    ['date only (R10)', '2024-06-01'],
    ['time only (R10)', '09:24'],
    ['two digits (R10)', '20'],
    ['year only (R10)', '2016'],
    ['ordinal date (R10)', '2016-200'],
    ['week date (R10)', '2016-W21-3'],
    ['garbage (R9)', 'garbage'],
    ['empty string', ''],
    ['no such day', '2023-02-29T10:00Z'],
    ['hour 24 (luxon would roll to the next day)', '2016-01-01T24:00Z'],
    ['offset minutes above 59 (luxon would normalise)', '2016-01-01T10:00+05:99'],
    ['offset hours above 23', '2016-01-01T10:00+24:00'],
    ['offset without colon', '2016-01-01T10:00+0530'],
    ['lower-case z', '2016-01-01T10:00z'],
    ['leap second', '2016-12-31T23:59:60Z'],
    ['10k-character string', '2'.repeat(10_000)],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['-0', -0],
    ['fraction', 1.5],
    ['bigint', 10n],
    ['Date object', new Date(0)],
    ['null', null],
    ['undefined', undefined],
    ['object', { ms: 0 }],
  ]
  it.each(rejected)('rejects %s with a path and the expected shape, never the value', (_, input) => {
    const r = decodeWith(Instant, input)
    expect(r).toEqual({
      _tag: 'Left',
      left: [{ path: '$', expected: 'an ISO-8601 date-time with Z or an offset (or epoch milliseconds)' }],
    })
  })

  const outOfRange: ReadonlyArray<readonly [string, unknown]> = [
    ['year before 1000', '0999-12-31T00:00Z'],
    ['before 1970-01-01 (an offset)', '1970-01-01T00:30:00+01:00'],
    ['after 2999-12-31', '3000-01-01T00:00:00Z'],
    ['above 9999-12-31', 253402300800000],
    ['above 2999-12-31', 32503680000000],
    ['below 1000-01-01', -30610224000001],
    ['below 1970-01-01', -1],
  ]
  it.each(outOfRange)('rejects %s as out of range, with a path and the expected range, never the value', (_, input) => {
    const r = decodeWith(Instant, input)
    expect(r).toEqual({
      _tag: 'Left',
      left: [{ path: '$', expected: 'an instant from 1970-01-01T00:00:00Z to 2999-12-31T23:59:59.999Z' }],
    })
  })

  it('is() accepts only decoded values (numbers): an ISO string decodes but is not an Instant yet', () => {
    expect(Instant.is(0)).toBe(true)
    expect(Instant.is('2025-10-09T20:00:00Z')).toBe(false)
    expect(isRight(Instant.decode('2025-10-09T20:00:00Z'))).toBe(true)
  })
})

describe('TimeZone codec (R13)', () => {
  it.each(['UTC', 'Europe/Berlin', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Asia/Kathmandu', 'Etc/GMT+5'])(
    'accepts %s',
    (name) => {
      expect(decodeWith(TimeZone, name)).toEqual({ _tag: 'Right', right: name })
    },
  )
  it.each([
    'America/Blorp',
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
    '',
    'Europe/Berlin[constructor]',
    'local',
    'system',
    'default',
    '+05:00',
    'Europe/Berlin ',
    'x'.repeat(10_000),
  ])('rejects %j', (name) => {
    expect(decodeWith(TimeZone, name)).toEqual({ _tag: 'Left', left: [{ path: '$', expected: 'an IANA time zone name' }] })
  })
  it.each([[1], [null], [{}], [['UTC']]])('rejects the non-string %j', (input) => {
    expect(isLeft(decodeWith(TimeZone, input))).toBe(true)
  })
})

describe('Duration codec (R12)', () => {
  it('accepts whole, positive parts', () => {
    expect(decodeWith(Duration, { days: 2 })).toEqual({ _tag: 'Right', right: { days: 2 } })
    expect(decodeWith(Duration, { days: 0, hours: 1, minutes: 30 })).toEqual({
      _tag: 'Right',
      right: { days: 0, hours: 1, minutes: 30 },
    })
  })
  it.each([
    ['Infinity', { days: Number.POSITIVE_INFINITY }, 'days'],
    ['NaN', { days: Number.NaN }, 'days'],
    ['1.5', { days: 1.5 }, 'days'],
    ['1e9', { days: 1e9 }, 'days'],
    ['-1', { hours: -1 }, 'hours'],
    ['-0', { minutes: -0 }, 'minutes'],
    ['a string', { days: '2' }, 'days'],
    ['undefined for a present key', { days: undefined, hours: 1 }, 'days'],
    ['an unknown key', { days: 1, weeks: 1 }, 'weeks'],
  ])('rejects %s naming the key', (_, input, path) => {
    const r = decodeWith(Duration, input)
    expect(isLeft(r)).toBe(true)
    if (isLeft(r)) expect(r.left.map((p) => p.path)).toContain(path)
  })
  it.each([
    ['{}', {}],
    ['all zeros', { days: 0, hours: 0, minutes: 0 }],
  ])('rejects %s: a duration must be above zero', (_, input) => {
    expect(decodeWith(Duration, input)).toEqual({
      _tag: 'Left',
      left: [{ path: '$', expected: 'a duration with at least one of days, hours, minutes above zero' }],
    })
  })
})

describe('addDuration and calendar days: pinned pitfalls', () => {
  it('R1: "1 day" keeps the wall-clock time across spring-forward; "24 hours" does not', () => {
    const start = at('2017-03-11T10:00:00-05:00')
    expect(formatInstant(addDuration(start, { days: 1 }, NY), NY)).toBe('2017-03-12T10:00:00-04:00')
    expect(formatInstant(addDuration(start, { hours: 24 }, NY), NY)).toBe('2017-03-12T11:00:00-04:00')
  })

  it('SPEC §5 example: 2 days from 2025-03-08 16:00 New York ends 2025-03-10 16:00 local, 47 real hours', () => {
    const start = at('2025-03-08T16:00:00-05:00')
    const end = addDuration(start, { days: 2 }, NY)
    expect(formatInstant(end, NY)).toBe('2025-03-10T16:00:00-04:00')
    expect(end - start).toBe(47 * HOUR)
  })

  it('days first, then exact time', () => {
    const start = at('2025-03-08T16:00:00-05:00')
    expect(formatInstant(addDuration(start, { days: 1, hours: 2, minutes: 30 }, NY), NY)).toBe('2025-03-09T18:30:00-04:00')
  })

  it('R2: a day addition landing in the spring-forward gap moves forward by the gap; +1d−1d is not the identity', () => {
    const start = at('2017-03-11T02:30:00-05:00')
    const next = addDuration(start, { days: 1 }, NY)
    // 02:30 does not exist on 2017-03-12 in New York: it becomes 03:30.
    expect(formatInstant(next, NY)).toBe('2017-03-12T03:30:00-04:00')
    const back = addDays(next, -1, NY)
    expect(formatInstant(back, NY)).toBe('2017-03-11T03:30:00-05:00')
    expect(back).not.toBe(start)
  })

  it('R3: the two instants of an ambiguous local time stay distinct and results do not depend on Settings.now', () => {
    const first = at('2017-11-05T01:30:00-04:00')
    const second = at('2017-11-05T01:30:00-05:00')
    expect(second - first).toBe(HOUR)
    const compute = (): ReadonlyArray<string | number> => [
      formatInstant(first, NY),
      formatInstant(second, NY),
      addDuration(first, { days: 1 }, NY),
      addDuration(second, { hours: 1 }, NY),
      calendarDaysBetween(first, second, NY),
    ]
    const baseline = compute()
    expect(baseline.slice(0, 2)).toEqual(['2017-11-05T01:30:00-04:00', '2017-11-05T01:30:00-05:00'])
    for (const fixed of [0, 1509859800000, 1720000000000]) {
      Settings.now = () => fixed
      expect(compute()).toEqual(baseline)
    }
  })

  it('R4: a day addition onto the Sao Paulo midnight DST date lands on that date (01:00, as midnight does not exist)', () => {
    const sp = zone('America/Sao_Paulo')
    const start = at('2018-11-03T00:00:00-03:00')
    const next = addDays(start, 1, sp)
    expect(localDate(next, sp)).toBe('2018-11-04')
    expect(formatInstant(next, sp)).toBe('2018-11-04T01:00:00-02:00')
    expect(calendarDaysBetween(start, next, sp)).toBe(1)
    const noon = addDuration(at('2018-11-02T12:00:00-03:00'), { days: 2 }, sp)
    expect(formatInstant(noon, sp)).toBe('2018-11-04T12:00:00-02:00')
  })

  it('R5: calendar days between 2021-10-15Z and 2021-11-15Z in Europe/Andorra is 31, not a fraction', () => {
    expect(calendarDaysBetween(at('2021-10-15T00:00:00Z'), at('2021-11-15T00:00:00Z'), zone('Europe/Andorra'))).toBe(31)
  })

  it('R6: in Pacific/Apia 2011-12-30 does not exist; 2011-12-29 + 1 day is 2011-12-31, strictly later', () => {
    const apia = zone('Pacific/Apia')
    const start = at('2011-12-29T10:00:00-10:00')
    const next = addDays(start, 1, apia)
    expect(formatInstant(next, apia)).toBe('2011-12-31T10:00:00+14:00')
    expect(next).toBeGreaterThan(start)
    // Documented: the skipped day makes this one-day addition span two calendar days.
    expect(calendarDaysBetween(start, next, apia)).toBe(2)
  })

  it('R7: hours and minutes are exact across the 30-minute DST shifts of Australia/Lord_Howe', () => {
    const lh = zone('Australia/Lord_Howe')
    const spring = at('2023-10-01T01:00:00+10:30')
    const a = addDuration(spring, { hours: 2 }, lh)
    expect(a - spring).toBe(2 * HOUR)
    expect(formatInstant(a, lh)).toBe('2023-10-01T03:30:00+11:00')
    const autumn = at('2023-04-02T01:00:00+11:00')
    const b = addDuration(autumn, { minutes: 90 }, lh)
    expect(b - autumn).toBe(90 * 60_000)
    expect(formatInstant(b, lh)).toBe('2023-04-02T02:00:00+10:30')
    // One calendar day across the spring shift is 23.5 real hours.
    expect(addDays(at('2023-09-30T12:00:00+10:30'), 1, lh) - at('2023-09-30T12:00:00+10:30')).toBe(23.5 * HOUR)
  })
})

describe('instantOfLocal and day additions far across a date-line change', () => {
  it('keeps the wall-clock time across Apia\'s 2011 date-line change near a DST end (luxon plus alone gave 05:00)', () => {
    const apia = zone('Pacific/Apia')
    const start = at('2010-12-06T04:00:00-10:00')
    expect(formatInstant(addDays(start, 1944, apia), apia)).toBe('2016-04-02T04:00:00+14:00')
  })
  it('resolves local times: gap forward, ambiguous earlier, and refuses impossible fields', () => {
    const local = { year: 2017, month: 3, day: 12, hour: 2, minute: 30 }
    expect(formatInstant(instantOfLocal(local, NY)!, NY)).toBe('2017-03-12T03:30:00-04:00')
    expect(formatInstant(instantOfLocal({ ...local, month: 11, day: 5, hour: 1 }, NY)!, NY)).toBe('2017-11-05T01:30:00-04:00')
    expect(formatInstant(instantOfLocal({ year: 2010, month: 9, day: 26, hour: 1, minute: 0 }, zone('Pacific/Apia'))!, zone('Pacific/Apia'))).toBe(
      '2010-09-26T01:00:00-10:00',
    )
    for (const bad of [{ ...local, day: 30, month: 2 }, { ...local, hour: 24 }, { ...local, minute: 1.5 }, { ...local, year: 999 }, { ...local, second: 60 }]) {
      expect(instantOfLocal(bad, NY)).toBeUndefined()
    }
  })
})

describe('formatInstant and localDate', () => {
  const a = at('2025-10-09T20:00:00Z')
  it.each([
    ['UTC', '2025-10-09T20:00:00Z'],
    ['America/New_York', '2025-10-09T16:00:00-04:00'],
    ['Asia/Kathmandu', '2025-10-10T01:45:00+05:45'],
    ['Asia/Kolkata', '2025-10-10T01:30:00+05:30'],
    ['Australia/Lord_Howe', '2025-10-10T07:00:00+11:00'],
  ])('formats in %s with its offset', (name, expected) => {
    expect(formatInstant(a, zone(name))).toBe(expected)
  })
  it('keeps non-zero milliseconds', () => {
    expect(formatInstant(at('2025-10-09T20:00:00.007Z'), zone('Asia/Kathmandu'))).toBe('2025-10-10T01:45:00.007+05:45')
  })
  it('gives the local date of the zone', () => {
    expect(localDate(a, zone('Asia/Kolkata'))).toBe('2025-10-10')
    expect(localDate(a, NY)).toBe('2025-10-09')
  })
})

describe('zone independence guard (R15)', () => {
  it('setting luxon Settings.defaultZone really changes the zone seen by luxon inside a test', () => {
    const before = DateTime.local().zoneName
    const target = before === 'Pacific/Apia' ? 'Australia/Lord_Howe' : 'Pacific/Apia'
    try {
      Settings.defaultZone = target
      expect(DateTime.local().zoneName).toBe(target)
      expect(DateTime.local().zoneName).not.toBe(before)
    } finally {
      Settings.defaultZone = originalZone
    }
    expect(DateTime.local().zoneName).toBe(before)
  })

  it('results are the same under another default zone', () => {
    const start = at('2025-03-08T16:00:00-05:00')
    const baseline = [addDuration(start, { days: 2 }, NY), formatInstant(start, NY), localDate(start, NY)]
    for (const z of ['UTC', 'Pacific/Apia', 'Australia/Lord_Howe', 'America/Sao_Paulo']) {
      try {
        Settings.defaultZone = z
        expect([addDuration(start, { days: 2 }, NY), formatInstant(start, NY), localDate(start, NY)]).toEqual(baseline)
      } finally {
        Settings.defaultZone = originalZone
      }
    }
  })
})
