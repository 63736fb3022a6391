import { describe, expect, it } from 'vitest'
import { renderTimelineSvg } from '../../src/index.js'
import type { TimelineSvgInput } from '../../src/index.js'

const H = 3_600_000
const DAY = 24 * H

/** A tiny well-formedness check: every tag closes in order, attributes are quoted, no raw `<` or `&` in text. */
const balanced = (svg: string): boolean => {
  const stack: string[] = []
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g
  let last = 0
  for (let m = tag.exec(svg); m !== null; m = tag.exec(svg)) {
    const text = svg.slice(last, m.index)
    if (/[<>]/.test(text) || /&(?!(?:amp|lt|gt|quot|apos);)/.test(text)) return false
    last = tag.lastIndex
    const [, close, name, , self] = m
    if (self === '/') continue
    if (close === '/') {
      if (stack.pop() !== name) return false
    } else stack.push(name ?? '')
  }
  return stack.length === 0 && !/[<>]/.test(svg.slice(last))
}

const input = (over: Partial<TimelineSvgInput> = {}): TimelineSvgInput => ({
  title: 'Early completion',
  zone: 'Europe/Berlin',
  formatTime: (ms) => `day ${ms / DAY}`,
  rows: [
    {
      label: 'sam',
      windows: [
        { level: 1, tier: 0, start: 0, end: 2 * DAY, closedAt: 18 * H, status: 'done', reviewers: ['ana'] },
        { level: 2, tier: 0, start: 18 * H, end: 18 * H + 2 * DAY, status: 'active', reviewers: ['ben'] },
      ],
    },
    {
      label: 'sue',
      windows: [
        { level: 1, tier: 0, start: 0, end: 2 * DAY, status: 'lapsed', reviewers: ['ana'] },
        { level: 1, tier: 1, start: 2 * DAY, end: 4 * DAY, status: 'active', reviewers: ['eve'] },
        { level: 1, tier: 2, start: 4 * DAY, end: 6 * DAY, status: 'upcoming', reviewers: ['fay'] },
      ],
    },
  ],
  ...over,
})

const count = (s: string, re: RegExp): number => [...s.matchAll(re)].length

describe('renderTimelineSvg', () => {
  it('is a well-formed SVG document', () => {
    const svg = renderTimelineSvg(input())
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(balanced(svg)).toBe(true)
    // the checker itself rejects broken markup
    expect(balanced('<svg><g></svg>')).toBe(false)
    expect(balanced('<svg><text>a < b</text></svg>')).toBe(false)
    expect(balanced('<svg><text>a & b</text></svg>')).toBe(false)
  })

  it('draws one bar per window, coloured by status', () => {
    const svg = renderTimelineSvg(input())
    expect(count(svg, /<rect class="bar /g)).toBe(5)
    expect(count(svg, /class="bar done"/g)).toBe(1)
    expect(count(svg, /class="bar active"/g)).toBe(2)
    expect(count(svg, /class="bar lapsed"/g)).toBe(1)
    expect(count(svg, /class="bar upcoming"[^>]*fill="url\(#hatch\)"[^>]*stroke-dasharray/g)).toBe(1)
  })

  it('marks an early completion and labels levels and tiers inside the bars', () => {
    const svg = renderTimelineSvg(input())
    expect(count(svg, /class="closed"/g)).toBe(1)
    expect(count(svg, /class="unused"/g)).toBe(1)
    for (const label of ['>L1<', '>L2<', '>L1·T1<', '>L1·T2<']) expect(svg).toContain(label)
  })

  it('has a legend with every status and day ticks labelled by formatTime', () => {
    const svg = renderTimelineSvg(input())
    expect(count(svg, /class="legend-swatch"/g)).toBe(4)
    for (const s of ['done', 'active', 'upcoming', 'lapsed']) expect(svg).toContain(`>${s}</text>`)
    for (const d of [0, 1, 2, 3, 4, 5, 6]) expect(svg).toContain(`>day ${d}</text>`)
    expect(svg).toContain('times in Europe/Berlin')
  })

  it('escapes every text: title, labels, reviewers, zone and tick labels', () => {
    const nasty = `<script>&"x"</script>`
    const svg = renderTimelineSvg(
      input({
        title: nasty,
        zone: nasty,
        formatTime: () => nasty,
        rows: [{ label: nasty, windows: [{ level: 1, tier: 0, start: 0, end: DAY, status: 'active', reviewers: [nasty] }] }],
      }),
    )
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('&lt;script&gt;&amp;&quot;x&quot;&lt;/script&gt;')
    expect(balanced(svg)).toBe(true)
  })

  it('draws open-ended windows and a now line; an empty chart is still well formed', () => {
    const svg = renderTimelineSvg(input({ now: 30 * H, rows: [{ label: 'deadline', windows: [{ level: 1, tier: 1, start: DAY, status: 'active', reviewers: [] }] }] }))
    expect(count(svg, /<rect class="bar active"[^>]*stroke-dasharray/g)).toBe(1)
    expect(svg).toContain('open-ended')
    expect(svg).toContain('>now</text>')
    const empty = renderTimelineSvg(input({ rows: [] }))
    expect(balanced(empty)).toBe(true)
    expect(empty).toContain('no windows')
  })

  it('depends only on its input', () => {
    expect(renderTimelineSvg(input())).toBe(renderTimelineSvg(input()))
  })
})
