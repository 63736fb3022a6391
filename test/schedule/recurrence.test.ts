import { isLeft } from 'fp-ts/lib/Either.js'
import { Settings } from 'luxon'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeWith } from '../../src/shared/codec.js'
import { occurrences, Schedule } from '../../src/schedule/recurrence.js'
import { formatInstant, parseInstant } from '../../src/schedule/time.js'
import type { Instant } from '../../src/schedule/time.js'

// Assertions on zones with DST rules stay in years up to 2025 (R14); later
// years are only asserted in UTC.

const at = (iso: string): Instant => {
  const ms = parseInstant(iso)
  if (ms === undefined) throw new Error(`bad fixture ${iso}`)
  return ms
}
const schedule = (input: unknown): Schedule => {
  const r = decodeWith(Schedule, input)
  if (isLeft(r)) throw new Error(`bad fixture ${JSON.stringify(r.left)}`)
  return r.right
}
const EARLIEST = 0 as Instant
const starts = (s: Schedule, from: Instant, n: number): ReadonlyArray<string> =>
  occurrences(s, from, n).map((o) => formatInstant(o.start, s.timeZone))

const originalNow = Settings.now
afterEach(() => {
  Settings.now = originalNow
})

describe('Schedule codec', () => {
  const valid = { frequency: 'monthly', anchor: '2024-01-31T09:00', timeZone: 'Europe/Berlin', duration: { days: 14 } }
  it('decodes every frequency', () => {
    for (const frequency of ['weekly', 'monthly', 'quarterly', 'semiannually', 'annually', { every: { days: 10 } }, { every: { hours: 36 } }]) {
      expect(decodeWith(Schedule, { ...valid, frequency })).toEqual({ _tag: 'Right', right: { ...valid, frequency } })
    }
  })
  it.each([
    ['an unknown key', { ...valid, owner: 'x' }, 'owner'],
    ['an unknown key inside every', { ...valid, frequency: { every: { days: 1 }, at: 1 } }, 'frequency.at'],
    ['an unknown frequency', { ...valid, frequency: 'daily' }, 'frequency'],
    ['a number as frequency', { ...valid, frequency: 7 }, 'frequency'],
    ['an empty every', { ...valid, frequency: { every: {} } }, 'frequency.every'],
    ['a fractional every', { ...valid, frequency: { every: { days: 1.5 } } }, 'frequency.every.days'],
    ['an anchor with an offset', { ...valid, anchor: '2024-01-31T09:00Z' }, 'anchor'],
    ['an anchor with seconds', { ...valid, anchor: '2024-01-31T09:00:00' }, 'anchor'],
    ['an anchor on a missing day', { ...valid, anchor: '2023-02-29T09:00' }, 'anchor'],
    ['an anchor at 24:00', { ...valid, anchor: '2024-01-31T24:00' }, 'anchor'],
    ['a date-only anchor', { ...valid, anchor: '2024-01-31' }, 'anchor'],
    ['a bogus zone', { ...valid, timeZone: 'America/Blorp' }, 'timeZone'],
    ['a zero duration', { ...valid, duration: { days: 0 } }, 'duration'],
    ['a missing duration', { frequency: 'weekly', anchor: '2024-01-31T09:00', timeZone: 'UTC' }, 'duration'],
  ])('rejects %s, naming its path', (_, input, path) => {
    const r = decodeWith(Schedule, input)
    expect(isLeft(r)).toBe(true)
    if (isLeft(r)) expect(r.left.map((p) => p.path)).toContain(path)
  })
})

describe('occurrences', () => {
  it('weekly across a DST change keeps 09:00 local (one week is 167 real hours)', () => {
    const s = schedule({ frequency: 'weekly', anchor: '2025-03-03T09:00', timeZone: 'America/New_York', duration: { days: 5 } })
    const os = occurrences(s, EARLIEST, 3)
    expect(os.map((o) => formatInstant(o.start, s.timeZone))).toEqual([
      '2025-03-03T09:00:00-05:00',
      '2025-03-10T09:00:00-04:00',
      '2025-03-17T09:00:00-04:00',
    ])
    expect(os.map((o) => formatInstant(o.due, s.timeZone))).toEqual([
      '2025-03-08T09:00:00-05:00',
      '2025-03-15T09:00:00-04:00',
      '2025-03-22T09:00:00-04:00',
    ])
    const [a, b] = os
    expect(b!.start - a!.start).toBe(167 * 3_600_000)
  })

  it('monthly from Jan 31 clamps to the month end and never drifts (R8): Feb 29, Mar 31, Apr 30', () => {
    const s = schedule({ frequency: 'monthly', anchor: '2024-01-31T09:00', timeZone: 'Europe/Berlin', duration: { days: 14 } })
    expect(starts(s, EARLIEST, 5)).toEqual([
      '2024-01-31T09:00:00+01:00',
      '2024-02-29T09:00:00+01:00',
      '2024-03-31T09:00:00+02:00',
      '2024-04-30T09:00:00+02:00',
      '2024-05-31T09:00:00+02:00',
    ])
    expect(occurrences(s, EARLIEST, 3).map((o) => o.index)).toEqual([0, 1, 2])
  })

  it('quarterly and semiannually clamp from the anchor too', () => {
    const q = schedule({ frequency: 'quarterly', anchor: '2024-11-30T08:30', timeZone: 'Asia/Kolkata', duration: { days: 30 } })
    expect(starts(q, EARLIEST, 5)).toEqual([
      '2024-11-30T08:30:00+05:30',
      '2025-02-28T08:30:00+05:30',
      '2025-05-30T08:30:00+05:30',
      '2025-08-30T08:30:00+05:30',
      '2025-11-30T08:30:00+05:30',
    ])
    const h = schedule({ frequency: 'semiannually', anchor: '2023-08-31T10:00', timeZone: 'UTC', duration: { days: 30 } })
    expect(starts(h, EARLIEST, 4)).toEqual(['2023-08-31T10:00:00Z', '2024-02-29T10:00:00Z', '2024-08-31T10:00:00Z', '2025-02-28T10:00:00Z'])
  })

  it('annually from Feb 29 gives Feb 28 in common years and Feb 29 again in 2028', () => {
    const s = schedule({ frequency: 'annually', anchor: '2024-02-29T12:00', timeZone: 'UTC', duration: { days: 30 } })
    expect(starts(s, EARLIEST, 5)).toEqual([
      '2024-02-29T12:00:00Z',
      '2025-02-28T12:00:00Z',
      '2026-02-28T12:00:00Z',
      '2027-02-28T12:00:00Z',
      '2028-02-29T12:00:00Z',
    ])
  })

  it('every {days: 10} counts calendar days from the anchor, across DST', () => {
    const s = schedule({ frequency: { every: { days: 10 } }, anchor: '2025-03-01T12:00', timeZone: 'America/New_York', duration: { hours: 8 } })
    const os = occurrences(s, EARLIEST, 3)
    expect(os.map((o) => formatInstant(o.start, s.timeZone))).toEqual([
      '2025-03-01T12:00:00-05:00',
      '2025-03-11T12:00:00-04:00',
      '2025-03-21T12:00:00-04:00',
    ])
    expect(os.map((o) => o.due - o.start)).toEqual([8 * 3_600_000, 8 * 3_600_000, 8 * 3_600_000])
  })

  it('every {hours: 36} is exact elapsed time', () => {
    const s = schedule({ frequency: { every: { hours: 36 } }, anchor: '2025-03-08T12:00', timeZone: 'America/New_York', duration: { hours: 1 } })
    expect(starts(s, EARLIEST, 3)).toEqual(['2025-03-08T12:00:00-05:00', '2025-03-10T01:00:00-04:00', '2025-03-11T13:00:00-04:00'])
  })

  it('lists only occurrences starting at or after `from` (a start equal to `from` is included)', () => {
    const s = schedule({ frequency: 'monthly', anchor: '2024-01-31T09:00', timeZone: 'Europe/Berlin', duration: { days: 14 } })
    const os = occurrences(s, at('2024-03-31T09:00:00+02:00'), 2)
    expect(os.map((o) => o.index)).toEqual([2, 3])
    expect(occurrences(s, at('2024-03-31T09:00:01+02:00'), 1).map((o) => o.index)).toEqual([3])
  })

  it('a local anchor time in a DST gap moves forward by the gap, only on the day it does not exist', () => {
    const s = schedule({ frequency: 'weekly', anchor: '2025-03-09T02:30', timeZone: 'America/New_York', duration: { days: 1 } })
    expect(starts(s, EARLIEST, 2)).toEqual(['2025-03-09T03:30:00-04:00', '2025-03-16T02:30:00-04:00'])
  })

  it('an ambiguous local time is the earlier instant, whatever the clock (R3)', () => {
    const s = schedule({ frequency: 'annually', anchor: '2017-11-05T01:30', timeZone: 'America/New_York', duration: { days: 1 } })
    const baseline = starts(s, EARLIEST, 1)
    expect(baseline).toEqual(['2017-11-05T01:30:00-04:00'])
    for (const fixed of [0, 1509859800000, 1509863400000, 1720000000000]) {
      Settings.now = () => fixed
      expect(starts(s, EARLIEST, 1)).toEqual(baseline)
    }
  })

  it('a daily schedule skips the day that Pacific/Apia did not have (2011-12-30): indices skip, starts stay increasing', () => {
    const s = schedule({ frequency: { every: { days: 1 } }, anchor: '2011-12-28T09:00', timeZone: 'Pacific/Apia', duration: { hours: 2 } })
    const os = occurrences(s, EARLIEST, 4)
    expect(os.map((o) => [o.index, formatInstant(o.start, s.timeZone)])).toEqual([
      [0, '2011-12-28T09:00:00-10:00'],
      [1, '2011-12-29T09:00:00-10:00'],
      // index 2 (12-30) moved forward to 12-31 and coincides with index 3, which is left out
      [2, '2011-12-31T09:00:00+14:00'],
      [4, '2012-01-01T09:00:00+14:00'],
    ])
  })

  it('from far in the future jumps there directly and agrees with counting from the anchor', () => {
    const s = schedule({ frequency: 'monthly', anchor: '2024-01-31T09:00', timeZone: 'UTC', duration: { days: 14 } })
    const t0 = performance.now()
    const far = occurrences(s, at('2900-03-01T00:00:00Z'), 3)
    expect(performance.now() - t0).toBeLessThan(200)
    expect(far.map((o) => formatInstant(o.start, s.timeZone))).toEqual(['2900-03-31T09:00:00Z', '2900-04-30T09:00:00Z', '2900-05-31T09:00:00Z'])
    expect(far[0]!.index).toBe((2900 - 2024) * 12 + 2)
    // Brute force oracle over 60 years.
    const all = occurrences(s, EARLIEST, 720)
    const from = at('2071-07-15T00:00:00Z')
    expect(occurrences(s, from, 5)).toEqual(all.filter((o) => o.start >= from).slice(0, 5))
  })

  it('stops at the year 2999 (the latest instant)', () => {
    const s = schedule({ frequency: 'annually', anchor: '2997-06-01T00:00', timeZone: 'UTC', duration: { days: 1 } })
    expect(starts(s, EARLIEST, 10)).toEqual(['2997-06-01T00:00:00Z', '2998-06-01T00:00:00Z', '2999-06-01T00:00:00Z'])
  })

  it('count must be a whole number from 0 to 10000; anything else gives [] and nothing throws', () => {
    const s = schedule({ frequency: { every: { minutes: 1 } }, anchor: '2025-01-01T00:00', timeZone: 'UTC', duration: { minutes: 1 } })
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 10_001, -0]) expect(occurrences(s, EARLIEST, bad)).toEqual([])
    const t0 = performance.now()
    const many = occurrences(s, EARLIEST, 10_000)
    expect(many).toHaveLength(10_000)
    expect(many[9_999]!.index).toBe(9_999)
    expect(performance.now() - t0).toBeLessThan(2_000)
  })

  it('an undecoded schedule gives [] instead of throwing', () => {
    const bad = { frequency: 'daily', anchor: 'x', timeZone: 'Nowhere', duration: {} } as unknown as Schedule
    expect(occurrences(bad, EARLIEST, 3)).toEqual([])
    expect(occurrences(null as unknown as Schedule, EARLIEST, 3)).toEqual([])
  })
})
