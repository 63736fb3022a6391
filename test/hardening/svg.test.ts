import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TimelineSvgInput, TimelineSvgRow, TimelineSvgWindow } from '../../src/report/svg.js'
import { renderTimelineSvg } from '../../src/report/svg.js'
import { runs } from '../support/runs.js'

// Issue 8, items 2 and 7: renderTimelineSvg does bounded work on any input —
// no spread of every instant into Math.min/Math.max (a stack overflow past
// ~125k instants), no tick loop that never ends on a non-finite instant.

const DAY = 86_400_000
const MAX_MS = 8.64e15
const MAX_TICKS = 13

const svgOf = (rows: ReadonlyArray<TimelineSvgRow>, over: Partial<TimelineSvgInput> = {}): string =>
  renderTimelineSvg({ title: 't', zone: 'UTC', formatTime: (ms) => String(ms), rows, ...over })

const ticks = (svg: string): number => svg.match(/class="tick"/g)?.length ?? 0
const bars = (svg: string): number => svg.match(/class="bar /g)?.length ?? 0

const win = (over: Partial<TimelineSvgWindow> = {}): TimelineSvgWindow => ({ level: 1, tier: 0, start: 0, end: DAY, status: 'active', reviewers: ['ana'], ...over })

/** Characters XML 1.0 does not allow in a document (besides markup): C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex -- looking for the controls XML forbids is the point
const xmlForbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

describe('issue 8, item 2: no stack overflow on many windows', () => {
  it('2. an SVG with 150,000 windows renders without throwing', () => {
    const windows = Array.from({ length: 150_000 }, (_, i) => win({ start: i * 60_000, end: i * 60_000 + 30_000, closedAt: i * 60_000 + 20_000, status: 'done' }))
    const svg = svgOf([{ label: 'many', windows }])
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
    expect(bars(svg)).toBe(150_000)
    expect(ticks(svg)).toBeLessThanOrEqual(MAX_TICKS)
  })

  it('2. an SVG with 150,000 lanes renders without throwing', () => {
    const rows = Array.from({ length: 150_000 }, (_, i) => ({ label: `p${i}`, windows: [win({ start: i * 1000 })] }))
    const svg = svgOf(rows, { now: 5 })
    expect(bars(svg)).toBe(150_000)
  })
})

describe('issue 8, item 7: non-finite instants never make the axis loop', () => {
  it('7. renderTimelineSvg({ now: Infinity }) returns, with no now line', () => {
    for (const now of [Infinity, -Infinity, NaN]) {
      const svg = svgOf([{ label: 'a', windows: [win()] }], { now })
      expect(ticks(svg)).toBeGreaterThan(0)
      expect(ticks(svg)).toBeLessThanOrEqual(MAX_TICKS)
      expect(svg).not.toContain('class="now"')
      expect(svg).not.toMatch(/NaN|Infinity/)
      expect(bars(svg)).toBe(1)
    }
  })

  it('7. a window ending at infinity (or NaN) is drawn open-ended; one starting at a non-finite instant is not drawn', () => {
    for (const end of [Infinity, -Infinity, NaN]) {
      const svg = svgOf([{ label: 'a', windows: [win({ end })] }])
      expect(bars(svg)).toBe(1)
      expect(svg).toContain('open-ended')
      expect(svg).not.toMatch(/NaN|Infinity/)
    }
    for (const start of [Infinity, -Infinity, NaN]) {
      const svg = svgOf([{ label: 'a', windows: [win({ start }), win({ start: 0, status: 'done' })] }])
      expect(bars(svg)).toBe(1)
      expect(svg).not.toMatch(/NaN|Infinity/)
    }
    const closed = svgOf([{ label: 'a', windows: [win({ closedAt: Infinity }), win({ closedAt: NaN })] }])
    expect(closed).not.toContain('class="closed"')
    expect(closed).not.toMatch(/NaN|Infinity/)
  })

  it('7. the widest finite span still has at most 13 ticks', () => {
    for (const [lo, hi] of [
      [-Number.MAX_VALUE, Number.MAX_VALUE],
      [-1e300, 1e300],
      [-MAX_MS, MAX_MS],
      [0, Number.MIN_VALUE],
      [MAX_MS, MAX_MS],
    ] as const) {
      const svg = svgOf([{ label: 'a', windows: [win({ start: lo, end: hi })] }], { now: hi })
      expect(ticks(svg)).toBeGreaterThan(0)
      expect(ticks(svg)).toBeLessThanOrEqual(MAX_TICKS)
      expect(svg).not.toMatch(/NaN|Infinity/)
    }
  })

  it('7. instants are clamped to ±8.64e15 ms: just inside is kept, just outside is clamped', () => {
    const seen: number[] = []
    const formatTime = (ms: number): string => {
      seen.push(ms)
      return ''
    }
    svgOf([{ label: 'a', windows: [win({ start: MAX_MS - 2 * DAY, end: MAX_MS - 1 })] }], { formatTime })
    expect(seen).toContain(MAX_MS - 1)
    seen.length = 0
    svgOf([{ label: 'a', windows: [win({ start: MAX_MS - 2 * DAY, end: MAX_MS + 1 })] }], { formatTime })
    expect(seen).toContain(MAX_MS)
    expect(seen.filter((t) => t > MAX_MS)).toEqual([])
    seen.length = 0
    svgOf([{ label: 'a', windows: [win({ start: -MAX_MS - 1, end: -MAX_MS + DAY })] }], { formatTime })
    expect(seen).toContain(-MAX_MS)
    expect(seen.filter((t) => t < -MAX_MS)).toEqual([])
  })

  it('7. the tick count is bounded just inside and just outside a span of 12 days', () => {
    // 12 days: a tick a day, 13 ticks; one millisecond more: a tick every two days
    expect(ticks(svgOf([{ label: 'a', windows: [win({ start: 0, end: 12 * DAY })] }]))).toBe(13)
    expect(ticks(svgOf([{ label: 'a', windows: [win({ start: 0, end: 12 * DAY + 1 })] }]))).toBe(7)
  })
})

describe('issue 8: renderTimelineSvg on arbitrary numbers and text', () => {
  const instant = fc.oneof(fc.double(), fc.integer({ min: -MAX_MS, max: MAX_MS }), fc.constantFrom(Infinity, -Infinity, NaN, MAX_MS, -MAX_MS, MAX_MS + 1, 0))
  const text = fc.string({ unit: 'binary', maxLength: 40 })
  const window: fc.Arbitrary<TimelineSvgWindow> = fc.record(
    {
      level: fc.integer({ min: 1, max: 9 }),
      tier: fc.integer({ min: 0, max: 3 }),
      start: instant,
      end: instant,
      closedAt: instant,
      status: fc.constantFrom('done', 'active', 'upcoming', 'lapsed'),
      reviewers: fc.array(text, { maxLength: 3 }),
    },
    { requiredKeys: ['level', 'tier', 'start', 'status', 'reviewers'] },
  )
  const rows = fc.array(fc.record({ label: text, windows: fc.array(window, { maxLength: 5 }) }), { maxLength: 4 })

  it('never throws, draws at most 13 ticks, prints no NaN or Infinity and only characters XML allows', () => {
    fc.assert(
      fc.property(rows, fc.option(instant, { nil: undefined }), text, (rs, now, title) => {
        const svg = renderTimelineSvg({ title, zone: 'UTC', rows: rs, formatTime: () => '', ...(now === undefined ? {} : { now }) })
        expect(ticks(svg)).toBeGreaterThan(0)
        expect(ticks(svg)).toBeLessThanOrEqual(MAX_TICKS)
        expect(svg).not.toMatch(/NaN|Infinity/)
        expect(svg).not.toMatch(xmlForbidden)
        expect(bars(svg)).toBe(rs.reduce((n, r) => n + r.windows.filter((w) => Number.isFinite(w.start)).length, 0))
      }),
      { numRuns: runs(3_000) },
    )
  })
})
