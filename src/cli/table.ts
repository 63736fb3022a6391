/**
 * Plain-text tables of a scenario report, for the `access-review` CLI and
 * the demo: aligned columns, no colours, no I/O.
 */
import type { ReportItem, ScenarioReport } from '../scenario/run.js'

/** A few facts about each step of the scenario, to label the step rows. */
export interface StepLabel {
  readonly at: string
  readonly as: string
  readonly type: string
}

// One line of a table: the cells, each but the last column padded to its
// width, two spaces apart, trailing whitespace trimmed. The last column is
// never padded: it may hold one very long cell (the items of a notification
// to every reviewer), and padding every row to it would make the table
// quadratic in the number of items.
const lineOf = (cells: ReadonlyArray<string>, widths: ReadonlyArray<number>): string => {
  const last = widths.length - 1
  let line = ''
  let piece = ''
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] ?? ''
    piece = i >= last ? c : c.padEnd(widths[i] ?? 0)
    line = i === 0 ? piece : `${line}  ${piece}`
  }
  // trimming flattens the line: skip it when the line cannot end in whitespace
  const end = piece.length === 0 ? 0 : piece.charCodeAt(piece.length - 1)
  return end > 32 && end < 127 ? line : line.trimEnd()
}

// The lines of a long text, joined a chunk at a time: the lines of a chunk
// are short-lived (joined into one flat string when the chunk is full), so
// a table of 100,000 rows does not keep a million small strings alive until
// the end (the collector copies what lives, issue 9). A chunk of 256 KiB
// or more goes to the large-object space, where it is never copied.
const CHUNK = 1 << 18
class Lines {
  private readonly chunks: string[] = []
  private pending: string[] = []
  private size = 0
  push(line: string): void {
    this.pending.push(line)
    this.size += line.length + 1
    if (this.size >= CHUNK) this.flush()
  }
  private flush(): void {
    if (this.pending.length === 0) return
    this.chunks.push(this.pending.join('\n'))
    this.pending = []
    this.size = 0
  }
  /** Every line, joined by newlines. */
  text(): string {
    this.flush()
    return this.chunks.join('\n')
  }
}

// The rows of a table, given one by one to `row` (called twice: once for
// the widths, once for the lines, so no row is kept).
type Rows = (row: (cells: ReadonlyArray<string>) => void) => void

// Appends a table to `out`: header, rule, one line per row.
const pushTable = (out: Lines, headers: ReadonlyArray<string>, rows: Rows): void => {
  // the widest cell of each column, by a loop (a spread of every row into Math.max overflows the stack)
  const widths = headers.map((h) => h.length)
  rows((cells) => {
    for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i] ?? 0, (cells[i] ?? '').length)
  })
  out.push(lineOf(headers, widths))
  out.push(lineOf(widths.map((w) => '-'.repeat(w)), widths))
  rows((cells) => out.push(lineOf(cells, widths)))
}

/** Renders rows as aligned columns with a header and a rule under it. */
export const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const out = new Lines()
  pushTable(out, headers, (row) => {
    for (const r of rows) row(r)
  })
  return out.text()
}

/** `2025-10-09T16:00:00-04:00` → `2025-10-09 16:00 -04:00` (shorter, still exact to the minute). */
export const shortInstant = (iso: string | null | undefined): string => {
  if (iso === null || iso === undefined) return '-'
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(iso)
  if (m === null) return iso
  const seconds = m[3] === undefined || m[3] === '00' ? '' : `:${m[3]}`
  return `${m[1]} ${m[2]}${seconds} ${m[4] === 'Z' ? 'UTC' : m[4]}`
}

/** Reads the labels of the steps from a parsed scenario file (best effort; missing fields show as `?`). */
export const stepLabels = (scenario: unknown): ReadonlyArray<StepLabel> => {
  const steps = typeof scenario === 'object' && scenario !== null && Array.isArray((scenario as { steps?: unknown }).steps) ? (scenario as { steps: unknown[] }).steps : []
  return steps.map((s) => {
    const o = typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : {}
    const d = typeof o['do'] === 'object' && o['do'] !== null ? (o['do'] as Record<string, unknown>) : {}
    const at = o['at']
    return {
      at: typeof at === 'string' ? at : typeof at === 'number' ? String(at) : '?',
      as: typeof o['as'] === 'string' ? o['as'] : '?',
      type: typeof d['type'] === 'string' ? d['type'] : '?',
    }
  })
}

// Most instants of a report repeat (window bounds, decisions of one step):
// each is shortened once per rendering, up to this many distinct ones.
const SHORT_MEMO = 8192

/** The whole report as readable sections: campaign, items, windows, steps, notifications. */
export const reportTables = (report: ScenarioReport, labels: ReadonlyArray<StepLabel> = []): string => {
  const memo = new Map<string, string>()
  const short = (iso: string | null | undefined): string => {
    if (iso === null || iso === undefined) return '-'
    let text = memo.get(iso)
    if (text === undefined) {
      text = shortInstant(iso)
      if (memo.size < SHORT_MEMO) memo.set(iso, text)
    }
    return text
  }
  const c = report.campaign
  const out = new Lines()
  out.push(`Campaign  status ${c.status}, shown as ${c.displayStatus} at ${short(c.at)}; due ${short(c.dueAt)} (${c.timeZone})`)
  out.push('')
  out.push('Items')
  const itemIds = Object.keys(report.items)
  pushTable(out, ['item', 'state', 'level', 'tier', 'decisions'], (row) => {
    for (const id of itemIds) {
      const i = report.items[id] as ReportItem
      // issue 10: an open question and a second approval show beside the state
      let state: string = i.state
      if (i.infoRequested === true) state += ', info requested'
      if (i.awaitingApprovalBy !== undefined) state += `, awaits ${i.awaitingApprovalBy}`
      let decisions = ''
      for (const d of i.decisions) {
        const text = `${d.decision} by ${d.by}${d.onBehalfOf === undefined ? '' : ` for ${d.onBehalfOf}`} (L${d.level}T${d.tier}, ${short(d.at)})`
        decisions = decisions === '' ? text : `${decisions}; ${text}`
      }
      row([id, state, String(i.level), String(i.tier), decisions === '' ? '-' : decisions])
    }
  })
  out.push('')
  out.push('Windows')
  const packets = Object.keys(report.windows)
  pushTable(out, ['packet', 'level', 'tier', 'reviewers', 'start', 'end', 'closed', 'status'], (row) => {
    for (const packet of packets) {
      for (const w of report.windows[packet] ?? []) {
        row([packet, String(w.level), String(w.tier), w.reviewers.join(',') || '-', short(w.start), short(w.end), short(w.closedAt), w.status])
      }
    }
  })
  out.push('')
  out.push('Steps')
  pushTable(out, ['#', 'at', 'as', 'command', 'result'], (row) => {
    for (const s of report.steps) {
      const l = labels[s.index]
      row([String(s.index), short(l?.at), l?.as ?? '?', l?.type ?? '?', s.ok ? 'ok' : `refused: ${s.code}`])
    }
  })
  out.push('')
  out.push('Notifications')
  pushTable(out, ['at', 'kind', 'to', 'items'], (row) => {
    for (const n of report.notifications) row([short(n.at), n.kind, n.recipients.join(','), n.itemIds.join(',')])
  })
  // the report ends with a newline
  out.push('')
  return out.text()
}
