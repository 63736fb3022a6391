/**
 * A pure SVG Gantt chart of review windows: one lane per packet (or per
 * scenario case), one bar per window coloured by its status, a marker where
 * a level completed early, and a time axis with day ticks. Times come in as
 * epoch milliseconds and the caller formats them (no time library here).
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One window to draw: a level and tier, its start, its end (absent for an
 * open-ended tier), when its level completed inside it, its status and its
 * reviewers. The shape of a packet timeline window, with plain numbers.
 * @since 0.1.0
 * @category Scenario
 */
export interface TimelineSvgWindow {
  readonly level: number
  readonly tier: number
  readonly start: number
  readonly end?: number
  readonly closedAt?: number
  readonly status: 'done' | 'active' | 'upcoming' | 'lapsed'
  readonly reviewers: ReadonlyArray<string>
}

/**
 * One lane of the chart: a label and its windows.
 * @since 0.1.0
 * @category Scenario
 */
export interface TimelineSvgRow {
  readonly label: string
  readonly windows: ReadonlyArray<TimelineSvgWindow>
}

/**
 * The input of {@link renderTimelineSvg}. `zone` is shown in the axis caption;
 * `formatTime` formats the tick labels and tooltips (pass one that formats in
 * the campaign zone); `now` draws a vertical marker.
 * @since 0.1.0
 * @category Scenario
 */
export interface TimelineSvgInput {
  /** The chart title. */
  readonly title: string
  /** The zone the times are shown in (a caption under the axis). */
  readonly zone: string
  /** One lane per row, top to bottom. */
  readonly rows: ReadonlyArray<TimelineSvgRow>
  /** Draws a `now` line at this instant (epoch ms). */
  readonly now?: number
  /** Formats an instant (epoch ms) for tick labels and tooltips. */
  readonly formatTime: (ms: number) => string
}

// -------------------------------------------------------------------------------------
// layout
// -------------------------------------------------------------------------------------

const WIDTH = 960
const LABEL_W = 210
const RIGHT = 46
const TOP = 58
const LANE_H = 46
const BAR_H = 26
const AXIS_H = 46
const LEGEND_H = 36
const DAY = 86_400_000

const COLORS: Readonly<Record<TimelineSvgWindow['status'], { readonly fill: string; readonly stroke: string; readonly text: string }>> = {
  done: { fill: '#2e7d32', stroke: '#1b5e20', text: '#ffffff' },
  active: { fill: '#1565c0', stroke: '#0d47a1', text: '#ffffff' },
  upcoming: { fill: 'url(#hatch)', stroke: '#607d8b', text: '#263238' },
  lapsed: { fill: '#c62828', stroke: '#8e0000', text: '#ffffff' },
}

const STATUSES: ReadonlyArray<TimelineSvgWindow['status']> = ['done', 'active', 'upcoming', 'lapsed']

/**
 * Escapes `& < > " '` and replaces what XML 1.0 does not allow in a document
 * (C0 controls but tab, LF and CR; unpaired surrogates; U+FFFE and U+FFFF)
 * by U+FFFD, so any text makes a well-formed document.
 */
const escapeXml = (s: string): string =>
  s
    // eslint-disable-next-line no-control-regex -- matching the controls XML forbids is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'))

/**
 * The instants the chart accepts: finite epoch milliseconds within the range
 * of a JavaScript `Date` (±8.64e15 ms, about ±273,790 years). Outside it, an
 * instant is clamped to the range; a non-finite one (NaN, ±Infinity) counts
 * as absent.
 */
const MAX_MS = 8.64e15

/** `t` clamped to ±{@link MAX_MS}, or `undefined` when it is absent or not finite. */
const finite = (t: number | undefined): number | undefined =>
  t === undefined || !Number.isFinite(t) ? undefined : Math.min(MAX_MS, Math.max(-MAX_MS, t))

/** At most this many ticks on the time axis, whatever the span. */
const MAX_TICKS = 13

/** The first `max` characters of `s`, without cutting a surrogate pair in two. */
const cut = (s: string, max: number): string => {
  const last = s.charCodeAt(max - 1)
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max)
}

const n = (x: number): string => String(Math.round(x * 10) / 10)

/** A window to draw, with its instants finite and clamped (`end` and `closedAt` absent when they are not finite). */
interface Drawn {
  readonly w: TimelineSvgWindow
  readonly start: number
  readonly end: number | undefined
  readonly closedAt: number | undefined
}

const windowLabel = (w: TimelineSvgWindow): string => (w.tier === 0 ? `L${w.level}` : `L${w.level}·T${w.tier}`)

// -------------------------------------------------------------------------------------
// render
// -------------------------------------------------------------------------------------

/**
 * Renders windows as a standalone SVG document (a Gantt chart): one lane per
 * row, one `rect.bar` per window (done green, active blue, upcoming hatched
 * with a dashed outline, lapsed red), the unused rest of an early-completed
 * window as a faint outline with a marker at `closedAt`, `L<level>·T<tier>`
 * inside each bar, day ticks labelled with `formatTime`, an optional `now`
 * line and a legend. Every text is XML-escaped; the output depends only on
 * the input.
 *
 * Bounded work on any input: the axis has at most 13 ticks whatever the
 * span; instants are clamped to ±8.64e15 ms (the range of a `Date`); a
 * non-finite instant (NaN, ±Infinity) counts as absent — a window without a
 * finite `start` is not drawn, a non-finite `end` is open-ended, a non-finite
 * `closedAt` or `now` is not drawn.
 *
 * @example
 * import { renderTimelineSvg } from 'access-review-core'
 * const svg = renderTimelineSvg({
 *   title: 'Early completion',
 *   zone: 'UTC',
 *   formatTime: (ms) => `${ms / 3_600_000} h`,
 *   rows: [{ label: 'sam', windows: [
 *     { level: 1, tier: 0, start: 0, end: 172_800_000, closedAt: 64_800_000, status: 'done', reviewers: ['ana'] },
 *     { level: 2, tier: 0, start: 64_800_000, end: 237_600_000, status: 'active', reviewers: ['ben'] },
 *   ] }],
 * })
 * svg.startsWith('<svg') // true
 * @since 0.1.0
 * @category Scenario
 */
export const renderTimelineSvg = (input: TimelineSvgInput): string => {
  // every instant finite and clamped; a window without a finite start is not drawn
  const now = finite(input.now)
  const rows = input.rows.map((r) => ({
    label: r.label,
    windows: r.windows.flatMap((w): Drawn[] => {
      const start = finite(w.start)
      if (start === undefined) return []
      const end = finite(w.end)
      const closedAt = finite(w.closedAt)
      return [{ w, start, end, closedAt }]
    }),
  }))
  // the span, by a loop (a spread of every instant into Math.min overflows the stack)
  let lo0 = Infinity
  let hi0 = -Infinity
  let open = false
  const see = (t: number | undefined): void => {
    if (t === undefined) return
    if (t < lo0) lo0 = t
    if (t > hi0) hi0 = t
  }
  for (const r of rows) {
    for (const d of r.windows) {
      see(d.start)
      see(d.end)
      see(d.closedAt)
      if (d.end === undefined) open = true
    }
  }
  see(now)
  if (lo0 === Infinity) {
    lo0 = 0
    hi0 = DAY
  }
  // open-ended windows run a day past the last known instant
  const lo = lo0
  const hi = Math.max(hi0 + (open ? DAY : 0), lo + DAY)
  const plotW = WIDTH - LABEL_W - RIGHT
  const x = (t: number): number => LABEL_W + ((t - lo) / (hi - lo)) * plotW
  const lanes = Math.max(rows.length, 1)
  const axisY = TOP + lanes * LANE_H
  const height = axisY + AXIS_H + LEGEND_H
  const out: string[] = []

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${n(height)}" viewBox="0 0 ${WIDTH} ${n(height)}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${escapeXml(input.title)}</title>`,
    '<defs>',
    '<pattern id="hatch" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">',
    '<rect width="8" height="8" fill="#eceff1"/>',
    '<line x1="0" y1="0" x2="0" y2="8" stroke="#90a4ae" stroke-width="3"/>',
    '</pattern>',
    '</defs>',
    `<rect width="${WIDTH}" height="${n(height)}" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="16" font-weight="bold" fill="#212121">${escapeXml(input.title)}</text>`,
  )

  // day ticks and grid: at most MAX_TICKS, whatever the span (lo and hi are finite)
  const span = hi - lo
  const step = DAY * Math.max(1, Math.ceil(span / DAY / (MAX_TICKS - 1)))
  out.push('<g class="axis">')
  out.push(`<line x1="${LABEL_W}" y1="${n(axisY)}" x2="${WIDTH - RIGHT}" y2="${n(axisY)}" stroke="#424242"/>`)
  for (let k = 0; k < MAX_TICKS; k++) {
    const t = lo + k * step
    if (!(t <= hi)) break
    const tx = x(t)
    out.push(
      `<line class="grid" x1="${n(tx)}" y1="${TOP - 6}" x2="${n(tx)}" y2="${n(axisY)}" stroke="#e0e0e0"/>`,
      `<line x1="${n(tx)}" y1="${n(axisY)}" x2="${n(tx)}" y2="${n(axisY + 5)}" stroke="#424242"/>`,
      `<text class="tick" x="${n(tx)}" y="${n(axisY + 18)}" text-anchor="middle" font-size="10" fill="#424242">${escapeXml(input.formatTime(t))}</text>`,
    )
  }
  out.push(`<text x="${WIDTH - RIGHT}" y="${n(axisY + 34)}" text-anchor="end" font-size="10" fill="#757575">${escapeXml(`times in ${input.zone}`)}</text>`)
  out.push('</g>')

  // lanes
  rows.forEach((row, i) => {
    const laneY = TOP + i * LANE_H
    const barY = laneY + (LANE_H - BAR_H) / 2
    out.push(`<g class="lane">`)
    if (i % 2 === 1) out.push(`<rect class="stripe" x="0" y="${n(laneY)}" width="${WIDTH}" height="${LANE_H}" fill="#fafafa"/>`)
    const label = row.label.length > 30 ? `${cut(row.label, 29)}…` : row.label
    out.push(`<text x="16" y="${n(laneY + LANE_H / 2 + 4)}" fill="#212121"><title>${escapeXml(row.label)}</title>${escapeXml(label)}</text>`)
    // the unused rest of early-completed windows, under the bars
    for (const { w, end, closedAt } of row.windows) {
      if (closedAt === undefined || end === undefined || end <= closedAt) continue
      out.push(
        `<rect class="unused" x="${n(x(closedAt))}" y="${n(barY + BAR_H - 6)}" width="${n(x(end) - x(closedAt))}" height="6" fill="none" stroke="${COLORS[w.status].stroke}" stroke-dasharray="3 2" opacity="0.6"/>`,
      )
    }
    for (const { w, start, end, closedAt } of row.windows) {
      const c = COLORS[w.status]
      const visibleEnd = closedAt ?? end ?? hi
      const x0 = x(start)
      const width = Math.max(x(visibleEnd) - x0, 2)
      const dashed = w.status === 'upcoming' || end === undefined
      const tip = `${windowLabel(w)} ${w.status}: ${input.formatTime(start)} → ${end === undefined ? 'open-ended' : input.formatTime(end)}${
        closedAt === undefined ? '' : `, completed ${input.formatTime(closedAt)}`
      }${w.reviewers.length === 0 ? '' : `; reviewers ${w.reviewers.join(', ')}`}`
      out.push(
        `<g class="window">`,
        `<title>${escapeXml(tip)}</title>`,
        `<rect class="bar ${w.status}" x="${n(x0)}" y="${n(barY)}" width="${n(width)}" height="${BAR_H}" rx="3" fill="${c.fill}" stroke="${c.stroke}"${dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
      )
      if (width >= 22) {
        out.push(`<text x="${n(x0 + width / 2)}" y="${n(barY + BAR_H / 2 + 4)}" text-anchor="middle" font-size="11" font-weight="bold" fill="${c.text}">${escapeXml(windowLabel(w))}</text>`)
      }
      if (closedAt !== undefined) {
        const cx = x(closedAt)
        out.push(
          `<line class="closed" x1="${n(cx)}" y1="${n(barY - 5)}" x2="${n(cx)}" y2="${n(barY + BAR_H + 5)}" stroke="#000000" stroke-width="2"/>`,
          `<path d="M ${n(cx)} ${n(barY - 10)} l 5 5 l -5 5 l -5 -5 z" fill="#ffb300" stroke="#000000"/>`,
        )
      }
      out.push('</g>')
    }
    out.push('</g>')
  })
  if (rows.length === 0) out.push(`<text x="${LABEL_W}" y="${TOP + LANE_H / 2}" fill="#757575">no windows</text>`)

  if (now !== undefined) {
    const nx = x(now)
    out.push(
      `<g class="now"><line x1="${n(nx)}" y1="${TOP - 10}" x2="${n(nx)}" y2="${n(axisY)}" stroke="#ff6f00" stroke-width="1.5" stroke-dasharray="4 3"/>`,
      `<text x="${n(nx)}" y="${TOP - 14}" text-anchor="middle" font-size="10" fill="#ff6f00">now</text></g>`,
    )
  }

  // legend
  const ly = axisY + AXIS_H + 8
  out.push('<g class="legend">')
  let lx = LABEL_W
  for (const s of STATUSES) {
    const c = COLORS[s]
    out.push(
      `<rect class="legend-swatch" x="${lx}" y="${n(ly)}" width="18" height="12" rx="2" fill="${c.fill}" stroke="${c.stroke}"${s === 'upcoming' ? ' stroke-dasharray="3 2"' : ''}/>`,
      `<text x="${lx + 24}" y="${n(ly + 10)}" fill="#212121">${s}</text>`,
    )
    lx += 100
  }
  out.push(
    `<path d="M ${lx + 9} ${n(ly - 2)} l 5 5 l -5 5 l -5 -5 z" fill="#ffb300" stroke="#000000"/>`,
    `<text x="${lx + 20}" y="${n(ly + 10)}" fill="#212121">level completed (rest of window unused)</text>`,
  )
  out.push('</g>')
  out.push('</svg>')
  return out.join('\n') + '\n'
}
