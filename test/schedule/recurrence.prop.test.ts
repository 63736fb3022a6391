import fc from 'fast-check'
import { isLeft } from 'fp-ts/lib/Either.js'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { decodeWith } from '../../src/shared/codec.js'
import { occurrences, Schedule } from '../../src/schedule/recurrence.js'
import { addDuration } from '../../src/schedule/time.js'
import type { Instant } from '../../src/schedule/time.js'
import { runs } from '../support/runs.js'
import { ZONES } from '../support/zones.js'

const EARLIEST = -30610224000000 as Instant
const MONTHS: Record<string, number> = { monthly: 1, quarterly: 3, semiannually: 6, annually: 12 }
const pad = (n: number, w = 2): string => String(n).padStart(w, '0')
const daysIn = (y: number, m: number): number => DateTime.fromObject({ year: y, month: m }, { zone: 'UTC' }).daysInMonth ?? 0

function decodeSchedule(input: unknown): Schedule {
  const r = decodeWith(Schedule, input)
  if (isLeft(r)) throw new Error(`invalid schedule fixture: ${JSON.stringify(r.left)}`)
  return r.right
}

const anchorArb = fc
  .record({
    year: fc.integer({ min: 1990, max: 2030 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.constantFrom(0, 15, 30, 45, 59),
  })
  .map((a) => ({ ...a, day: Math.min(a.day, daysIn(a.year, a.month)) }))

const positive = <T extends Record<string, number | undefined>>(d: T): boolean =>
  Object.values(d).reduce<number>((s, v) => s + (v ?? 0), 0) > 0
const frequencyArb = fc.oneof(
  fc.constantFrom('weekly', 'monthly', 'quarterly', 'semiannually', 'annually'),
  fc
    .record({ days: fc.integer({ min: 0, max: 40 }), hours: fc.integer({ min: 0, max: 48 }), minutes: fc.integer({ min: 0, max: 120 }) }, { requiredKeys: [] })
    .filter(positive)
    .map((every) => ({ every })),
)
const scheduleArb = fc
  .record({
    frequency: frequencyArb,
    anchor: anchorArb,
    timeZone: fc.constantFrom(...ZONES),
    duration: fc.record({ days: fc.integer({ min: 0, max: 60 }), hours: fc.integer({ min: 0, max: 48 }) }, { requiredKeys: [] }).filter(positive),
  })
  .map(({ anchor: a, ...rest }) => ({
    schedule: decodeSchedule({ ...rest, anchor: `${pad(a.year, 4)}-${pad(a.month)}-${pad(a.day)}T${pad(a.hour)}:${pad(a.minute)}` }),
    anchor: a,
  }))
// `from` around the anchor: before it, near it, decades after it.
const offsetArb = fc.integer({ min: -5 * 365 * 86_400_000, max: 40 * 365 * 86_400_000 })
const anchorMs = (s: Schedule): number => DateTime.fromISO(s.anchor, { zone: s.timeZone }).toMillis()
const countArb = fc.integer({ min: 0, max: 20 })

describe('occurrences properties', () => {
  it('starts strictly increase, are all >= from, and exactly count are listed', () => {
    fc.assert(
      fc.property(scheduleArb, offsetArb, countArb, ({ schedule }, off, count) => {
        const from = (anchorMs(schedule) + off) as Instant
        const os = occurrences(schedule, from, count)
        expect(os).toHaveLength(count)
        for (let i = 0; i < os.length; i++) {
          expect(os[i]!.start).toBeGreaterThanOrEqual(from)
          if (i > 0) {
            expect(os[i]!.start).toBeGreaterThan(os[i - 1]!.start)
            expect(os[i]!.index).toBeGreaterThan(os[i - 1]!.index)
          }
        }
      }),
      { numRuns: runs(2_000) },
    )
  })

  it('month-based: local day === min(anchor day, days in month) and local time === anchor time whenever that local time exists', () => {
    fc.assert(
      fc.property(
        scheduleArb.filter(({ schedule }) => typeof schedule.frequency === 'string' && schedule.frequency !== 'weekly'),
        offsetArb,
        fc.integer({ min: 1, max: 24 }),
        ({ schedule, anchor }, off, count) => {
          const step = MONTHS[schedule.frequency as string] ?? 0
          for (const o of occurrences(schedule, (anchorMs(schedule) + off) as Instant, count)) {
            const total = anchor.month - 1 + o.index * step
            const year = anchor.year + Math.floor(total / 12)
            const month = (total % 12) + 1
            const wanted = { year, month, day: Math.min(anchor.day, daysIn(year, month)), hour: anchor.hour, minute: anchor.minute }
            const probe = DateTime.fromObject(wanted, { zone: schedule.timeZone })
            const exists = probe.day === wanted.day && probe.hour === wanted.hour && probe.minute === wanted.minute
            const got = DateTime.fromMillis(o.start, { zone: schedule.timeZone })
            if (exists) {
              expect([got.year, got.month, got.day, got.hour, got.minute]).toEqual([wanted.year, wanted.month, wanted.day, wanted.hour, wanted.minute])
            } else {
              // luxon's probe did not find the local time: it is in a DST gap
              // (then it moves forward, never backward), or luxon's offset guess
              // missed it (seen: Pacific/Apia 2010-09-26T01:00, which exists;
              // luxon's fromObject gives 02:00), then it must be exact.
              expect(got.toFormat('yyyy-MM-dd HH:mm') >= DateTime.fromObject(wanted, { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm')).toBe(true)
            }
          }
        },
      ),
      {
        numRuns: runs(2_000),
        examples: [
          [
            {
              schedule: decodeSchedule({ frequency: 'semiannually', anchor: '2008-09-26T01:00', timeZone: 'Pacific/Apia', duration: { hours: 1 } }),
              anchor: { year: 2008, month: 9, day: 26, hour: 1, minute: 0 },
            },
            0,
            5,
          ],
        ],
      },
    )
  })

  it('due === addDuration(start, duration) in the schedule zone', () => {
    fc.assert(
      fc.property(scheduleArb, offsetArb, countArb, ({ schedule }, off, count) => {
        for (const o of occurrences(schedule, (anchorMs(schedule) + off) as Instant, count)) {
          expect(o.due).toBe(addDuration(o.start, schedule.duration, schedule.timeZone))
        }
      }),
      { numRuns: runs(2_000) },
    )
  })

  it('occurrences(s, from, n) is a prefix of occurrences(s, from, n + k)', () => {
    fc.assert(
      fc.property(scheduleArb, offsetArb, countArb, fc.integer({ min: 0, max: 10 }), ({ schedule }, off, n, k) => {
        const from = (anchorMs(schedule) + off) as Instant
        expect(occurrences(schedule, from, n + k).slice(0, n)).toEqual(occurrences(schedule, from, n))
      }),
      { numRuns: runs(2_000) },
    )
  })

  it('the index jump agrees with counting from the anchor (brute-force oracle)', () => {
    fc.assert(
      fc.property(scheduleArb, fc.integer({ min: -10, max: 30 }), fc.integer({ min: 1, max: 8 }), ({ schedule }, step, count) => {
        const all = occurrences(schedule, EARLIEST, 40)
        const pivot = all[Math.max(0, Math.min(all.length - 1, step))]
        fc.pre(pivot !== undefined)
        for (const from of [pivot!.start - 1, pivot!.start, pivot!.start + 1]) {
          const expected = all.filter((o) => o.start >= from).slice(0, count)
          fc.pre(expected.length === count)
          expect(occurrences(schedule, from as Instant, count)).toEqual(expected)
        }
      }),
      { numRuns: runs(2_000) },
    )
  })
})
