/**
 * Plain-text tables of a scenario report, for the `access-review` CLI and
 * the demo: aligned columns, no colours, no I/O.
 */
import type { ScenarioReport } from '../scenario/run.js'

/** A few facts about each step of the scenario, to label the step rows. */
export interface StepLabel {
  readonly at: string
  readonly as: string
  readonly type: string
}

/** Renders rows as aligned columns with a header and a rule under it. */
export const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  // the widest cell of each column, by a loop (a spread of every row into Math.max overflows the stack)
  const widths = headers.map((h) => h.length)
  for (const r of rows) {
    for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i] ?? 0, (r[i] ?? '').length)
  }
  // The last column is never padded: it may hold one very long cell (the
  // items of a notification to every reviewer), and padding every row to it
  // would make the table quadratic in the number of items.
  const last = headers.length - 1
  const line = (cells: ReadonlyArray<string>): string =>
    cells
      .map((c, i) => (i >= last ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
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

/** The whole report as readable sections: campaign, items, windows, steps, notifications. */
export const reportTables = (report: ScenarioReport, labels: ReadonlyArray<StepLabel> = []): string => {
  const c = report.campaign
  const parts: string[] = []
  parts.push(
    `Campaign  status ${c.status}, shown as ${c.displayStatus} at ${shortInstant(c.at)}; due ${shortInstant(c.dueAt)} (${c.timeZone})`,
  )
  parts.push(
    'Items\n' +
      table(
        ['item', 'state', 'level', 'tier', 'decisions'],
        Object.entries(report.items).map(([id, i]) => [
          id,
          // issue 10: an open question and a second approval show beside the state
          [i.state, ...(i.infoRequested === true ? ['info requested'] : []), ...(i.awaitingApprovalBy === undefined ? [] : [`awaits ${i.awaitingApprovalBy}`])].join(', '),
          String(i.level),
          String(i.tier),
          i.decisions
            .map((d) => `${d.decision} by ${d.by}${d.onBehalfOf === undefined ? '' : ` for ${d.onBehalfOf}`} (L${d.level}T${d.tier}, ${shortInstant(d.at)})`)
            .join('; ') || '-',
        ]),
      ),
  )
  const windowRows = Object.entries(report.windows).flatMap(([packet, ws]) =>
    ws.map((w) => [packet, String(w.level), String(w.tier), w.reviewers.join(',') || '-', shortInstant(w.start), shortInstant(w.end), shortInstant(w.closedAt), w.status]),
  )
  parts.push('Windows\n' + table(['packet', 'level', 'tier', 'reviewers', 'start', 'end', 'closed', 'status'], windowRows))
  parts.push(
    'Steps\n' +
      table(
        ['#', 'at', 'as', 'command', 'result'],
        report.steps.map((s) => {
          const l = labels[s.index]
          return [String(s.index), shortInstant(l?.at), l?.as ?? '?', l?.type ?? '?', s.ok ? 'ok' : `refused: ${s.code}`]
        }),
      ),
  )
  parts.push(
    'Notifications\n' +
      table(
        ['at', 'kind', 'to', 'items'],
        report.notifications.map((n) => [shortInstant(n.at), n.kind, n.recipients.join(','), n.itemIds.join(',')]),
      ),
  )
  return `${parts.join('\n\n')}\n`
}
