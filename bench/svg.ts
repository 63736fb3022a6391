/**
 * A small SVG writer: a log-log plot of time against campaign size, one
 * line per operation. Measured points are filled; a point that is only a
 * lower bound (the step was stopped at its budget) is hollow with an arrow.
 */

export interface Point {
  readonly x: number
  readonly y: number
  readonly lowerBound: boolean
}

export interface Series {
  readonly name: string
  readonly points: ReadonlyArray<Point>
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22', '#393b79', '#637939']

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const decades = (lo: number, hi: number): number[] => {
  const out: number[] = []
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e)
  return out
}

const fmtX = (x: number): string => (x >= 1e6 ? `${x / 1e6}M` : x >= 1e3 ? `${x / 1e3}k` : String(x))
const fmtY = (ms: number): string => (ms >= 1000 ? `${ms / 1000} s` : ms >= 1 ? `${ms} ms` : ms >= 0.001 ? `${ms * 1000} µs` : `${ms * 1e6} ns`)

/** A log-log plot (x: items, y: milliseconds). */
export const logLogPlot = (title: string, series: ReadonlyArray<Series>, o: { readonly width?: number; readonly height?: number; readonly note?: string } = {}): string => {
  const W = o.width ?? 860
  const H = o.height ?? 560
  const left = 70
  const right = 250
  const top = 40
  const bottom = 60
  const pts = series.flatMap((s) => s.points).filter((p) => p.x > 0 && p.y > 0 && Number.isFinite(p.y))
  const xs = pts.map((p) => p.x)
  const ys = pts.map((p) => p.y)
  const xLo = 10 ** Math.floor(Math.log10(Math.min(...xs, 1_000)))
  const xHi = 10 ** Math.ceil(Math.log10(Math.max(...xs, 1_000_000)))
  const yLo = 10 ** Math.floor(Math.log10(Math.min(...ys, 1)))
  const yHi = 10 ** Math.ceil(Math.log10(Math.max(...ys, 1_000)))
  const px = (x: number): number => left + ((Math.log10(x) - Math.log10(xLo)) / (Math.log10(xHi) - Math.log10(xLo))) * (W - left - right)
  const py = (y: number): number => H - bottom - ((Math.log10(y) - Math.log10(yLo)) / (Math.log10(yHi) - Math.log10(yLo))) * (H - top - bottom)
  const out: string[] = []
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`)
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`)
  out.push(`<text x="${left}" y="22" font-size="15" font-weight="bold">${esc(title)}</text>`)
  for (const x of decades(xLo, xHi)) {
    out.push(`<line x1="${px(x).toFixed(1)}" y1="${top}" x2="${px(x).toFixed(1)}" y2="${H - bottom}" stroke="#e5e5e5"/>`)
    out.push(`<text x="${px(x).toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle">${fmtX(x)}</text>`)
  }
  for (const y of decades(yLo, yHi)) {
    out.push(`<line x1="${left}" y1="${py(y).toFixed(1)}" x2="${W - right}" y2="${py(y).toFixed(1)}" stroke="#e5e5e5"/>`)
    out.push(`<text x="${left - 6}" y="${(py(y) + 4).toFixed(1)}" text-anchor="end">${esc(fmtY(y))}</text>`)
  }
  out.push(`<rect x="${left}" y="${top}" width="${W - left - right}" height="${H - top - bottom}" fill="none" stroke="#999"/>`)
  out.push(`<text x="${(left + W - right) / 2}" y="${H - 18}" text-anchor="middle">items in the campaign (log)</text>`)
  out.push(`<text x="16" y="${(top + H - bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(top + H - bottom) / 2})">time (log)</text>`)
  // a dashed slope-1 guide through the lower left: linear growth is parallel to it
  const g0 = { x: xLo, y: yLo * 10 }
  const g1 = { x: xHi, y: g0.y * (xHi / xLo) }
  const clip = g1.y > yHi ? { x: g0.x * (yHi / g0.y), y: yHi } : g1
  out.push(`<line x1="${px(g0.x).toFixed(1)}" y1="${py(g0.y).toFixed(1)}" x2="${px(clip.x).toFixed(1)}" y2="${py(clip.y).toFixed(1)}" stroke="#aaa" stroke-dasharray="6 4"/>`)
  out.push(`<text x="${(px(clip.x) - 4).toFixed(1)}" y="${(py(clip.y) + 14).toFixed(1)}" text-anchor="end" fill="#888">linear</text>`)
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length] ?? '#000'
    const ps = s.points.filter((p) => p.x > 0 && p.y > 0 && Number.isFinite(p.y)).sort((a, b) => a.x - b.x)
    if (ps.length > 1) out.push(`<polyline fill="none" stroke="${colour}" stroke-width="1.8" points="${ps.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`)
    for (const p of ps) {
      const cx = px(p.x).toFixed(1)
      const cy = py(p.y).toFixed(1)
      if (p.lowerBound) {
        out.push(`<circle cx="${cx}" cy="${cy}" r="4" fill="#fff" stroke="${colour}" stroke-width="1.8"/>`)
        out.push(`<path d="M${cx} ${(py(p.y) - 6).toFixed(1)} l0 -10 m-4 4 l4 -4 l4 4" fill="none" stroke="${colour}" stroke-width="1.5"/>`)
      } else {
        out.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${colour}"/>`)
      }
    }
    const ly = top + 8 + i * 20
    out.push(`<line x1="${W - right + 16}" y1="${ly}" x2="${W - right + 40}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`)
    out.push(`<circle cx="${W - right + 28}" cy="${ly}" r="3.5" fill="${colour}"/>`)
    out.push(`<text x="${W - right + 46}" y="${ly + 4}">${esc(s.name)}</text>`)
  })
  const ly = top + 8 + series.length * 20 + 10
  out.push(`<circle cx="${W - right + 28}" cy="${ly}" r="4" fill="#fff" stroke="#333" stroke-width="1.5"/>`)
  out.push(`<text x="${W - right + 46}" y="${ly + 4}">stopped at its budget (≥)</text>`)
  if (o.note !== undefined) out.push(`<text x="${left}" y="${H - 2}" fill="#666" font-size="11">${esc(o.note)}</text>`)
  out.push('</svg>')
  return `${out.join('\n')}\n`
}
