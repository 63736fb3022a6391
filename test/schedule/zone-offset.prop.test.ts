// zoneOffset reads a zone's offset from Intl's format() instead of luxon's
// formatToParts (src/schedule/time.ts): it must answer what luxon's
// IANAZone.offset answers, for every zone of the testing plan and a few with
// odd histories, at any instant a Date can hold, and around the zones'
// transitions (T10).
import fc from 'fast-check'
import { IANAZone } from 'luxon'
import { describe, expect, it, vi } from 'vitest'
import type { TimeZone } from '../../src/index.js'
import { zoneOffset } from '../../src/schedule/time.js'
import { runs } from '../support/runs.js'
import { ZONES as PLAN_ZONES } from '../support/zones.js'

// the testing plan's zones, and a few with odd histories: local mean time
// before 1900 (offsets in seconds), a date-line change, a 45-minute offset
const ZONES = [...PLAN_ZONES, 'Europe/Amsterdam', 'Pacific/Kiritimati', 'Australia/Eucla', 'Africa/Monrovia'] as const

const luxon = (zone: string, ms: number): number => IANAZone.create(zone).offset(ms)
const same = (zone: string, ms: number): void => {
  const a = zoneOffset(zone as TimeZone, ms)
  const b = luxon(zone, ms)
  expect(Object.is(a, b) || a === b, `${zone} at ${ms}: ${a} against luxon's ${b}`).toBe(true)
}

describe('zoneOffset', () => {
  it('answers what luxon answers, at instants from 1969 to 3000', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: -2 * 86_400_000, max: 32_503_680_000_000 + 2 * 86_400_000 }), (zone, ms) => same(zone, ms)),
      { numRuns: runs(10_000) },
    )
  })

  it('answers what luxon answers a second either side of the hours of 1970-2040 (where transitions fall)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 613_608 }), fc.integer({ min: -1_000, max: 1_000 }), fc.constantFrom(0, 15, 30, 45), (zone, hour, delta, minute) => {
        same(zone, hour * 3_600_000 + minute * 60_000 + delta)
      }),
      { numRuns: runs(10_000) },
    )
  })

  it('answers what luxon answers at any instant a Date can hold, and NaN beyond', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.oneof(fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }), fc.double({ noNaN: false })), (zone, ms) => same(zone, ms)),
      // years 0–99 (read as 1900–1999 by Date.UTC) and 1 BC, at the last millisecond of a year and at its first
      { numRuns: runs(2_000), examples: [['UTC', -59_011_459_200_001], ['UTC', -59_011_459_200_000], ['UTC', -62_135_596_800_001], ['Europe/Berlin', -61_000_000_000_000]] },
    )
  })

  it('reads the offsets from Intl itself, not through luxon, for every zone of the list', () => {
    const spy = vi.spyOn(IANAZone.prototype, 'offset')
    try {
      for (const zone of ZONES) for (let k = 0; k < 50; k++) zoneOffset(zone as TimeZone, k * 637_000_000_123)
      expect(spy).not.toHaveBeenCalled()
    } finally {
      spy.mockRestore()
    }
  })

  it('is NaN for a zone that is not one, as luxon', () => {
    expect(zoneOffset('Not/A_Zone' as TimeZone, 0)).toBeNaN()
    expect(luxon('Not/A_Zone', 0)).toBeNaN()
  })
})
