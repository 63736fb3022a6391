/**
 * The table of figures, the verdicts against the targets of issue 9, the
 * plot and docs/performance.md.
 */
import os from 'node:os'
import type { Outcome } from './harness.js'
import { opUnit, sizes } from './harness.js'
import type { Measurement, Op } from './model.js'
import type { Series } from './svg.js'
import { logLogPlot } from './svg.js'
import { fmtCount, fmtMs } from './timing.js'

export interface Row {
  readonly op: Op
  readonly label: string
}

/** The rows of the table, in order. */
export const rows: ReadonlyArray<Row> = [
  { op: 'publish', label: 'create + publish' },
  { op: 'publishHeap', label: 'peak heap, create + publish' },
  { op: 'retained', label: 'retained heap per item' },
  { op: 'bulk', label: 'bulk decisions (10k-item commands)' },
  { op: 'bulkYoung', label: 'bulk decisions, node --max-semi-space-size=64' },
  { op: 'bulkFloor', label: 'events floor: the baseline also building the events of the bulk decisions' },
  { op: 'onePacketDecide', label: 'one command deciding every item of one packet' },
  { op: 'onePacketExpire', label: 'one packet expiring (all its items)' },
  { op: 'single', label: 'single-item decision' },
  { op: 'idlePublishedWarm', label: 'advance, nothing due, after publish (warm)' },
  { op: 'idlePublishedCold', label: 'advance, nothing due, after publish (cold: folded)' },
  { op: 'idleDecidedWarm', label: 'advance, nothing due, after decisions (warm)' },
  { op: 'idleDecidedCold', label: 'advance, nothing due, after decisions (cold: folded)' },
  { op: 'lapse', label: 'advance, 10 % of packets lapsing' },
  { op: 'extend', label: 'extend with cascade (every packet)' },
  { op: 'progress', label: 'progress views (all three)' },
  { op: 'replay', label: 'replay: fold of the whole log' },
  { op: 'scenario', label: 'scenario report (--format json)' },
  { op: 'table', label: 'scenario report (--format table)' },
  { op: 'service', label: 'service: decision commands, 8 workers' },
  { op: 'pgService1', label: 'service on PostgreSQL, 1 worker (vs in-memory)' },
  { op: 'pgService2', label: 'service on PostgreSQL, 2 workers (vs in-memory)' },
  { op: 'pgService4', label: 'service on PostgreSQL, 4 workers (vs in-memory)' },
  { op: 'pgService8', label: 'service on PostgreSQL, 8 workers (vs in-memory)' },
]

const find = (o: Outcome, op: Op, items: number): Measurement | undefined => o.measurements.find((m) => m.op === op && m.items === items)

/** The figure as people read it. */
export const show = (m: Measurement): string => {
  const v = m.value
  switch (m.unit) {
    case 'ms':
      return fmtMs(v)
    case 'us':
      return fmtMs(v / 1000)
    case 'perSec':
      return `${fmtCount(v)}/s`
    case 'MB':
      return v >= 1024 ? `${(v / 1024).toFixed(2)} GB` : `${v.toFixed(0)} MB`
    case 'B':
      return v >= 10_240 ? `${(v / 1024).toFixed(1)} KB` : `${v.toFixed(0)} B`
  }
}

/** How many times the baseline's cost: time / baseline time, or baseline rate / rate. */
export const ratioOf = (m: Measurement): number | undefined => {
  if (m.baseline === undefined || !Number.isFinite(m.baseline) || !Number.isFinite(m.value) || m.baseline <= 0 || m.value <= 0) return undefined
  if (m.status !== 'ok' && m.status !== 'budget') return undefined
  if (m.unit === 'perSec') return m.baseline / m.value
  if (m.unit !== opUnit[m.op]) return undefined
  return m.value / m.baseline
}

const fmtRatio = (r: number): string => (r >= 100 ? `×${r.toFixed(0)}` : r >= 10 ? `×${r.toFixed(1)}` : `×${r.toFixed(2)}`)

export const cell = (m: Measurement | undefined): string => {
  if (m === undefined) return ''
  switch (m.status) {
    case 'skipped':
      return 'skipped'
    case 'notReached':
      return 'not reached'
    case 'error':
      return 'error'
    case 'budget': {
      const bound = m.unit === 'perSec' ? `< ${show(m)}` : `> ${show(m)}`
      const r = ratioOf(m)
      return r === undefined ? `${bound} (budget)` : `${bound} (>${fmtRatio(r)})`
    }
    case 'ok': {
      const r = ratioOf(m)
      return r === undefined ? show(m) : `${show(m)} (${fmtRatio(r)})`
    }
  }
}

/** Every size a figure was planned at, ascending. */
export const columns = (o: Outcome): number[] => [...new Set(o.measurements.map((m) => m.items))].sort((a, b) => a - b)

const sizeLabel = (n: number): string => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n))

// -------------------------------------------------------------------------------------
// verdicts
// -------------------------------------------------------------------------------------

export interface Verdict {
  readonly target: string
  readonly measured: string
  readonly verdict: 'PASS' | 'MISS'
  readonly why?: string
}

const notMeasured = (m: Measurement | undefined): string =>
  m === undefined ? 'not planned' : m.status === 'budget' ? `${cell(m)}` : `${m.status === 'notReached' ? 'not reached' : m.status}${m.note === undefined ? '' : `: ${m.note}`}`

export const verdicts = (o: Outcome): Verdict[] => {
  const z = sizes(o.smoke)
  const big = z.chain[z.chain.length - 1] ?? 0
  const mid = z.chain[z.chain.length - 2] ?? 0
  const small = z.chain[0] ?? 0
  const onePacket = z.onePacket[z.onePacket.length - 1] ?? 0
  const subjects20k = z.scenario[z.scenario.length - 1] ?? 0
  const scenarioSmall = z.scenario[z.scenario.length - 2] ?? 0
  const svcSize = z.service[z.service.length - 1] ?? 0
  const out: Verdict[] = []
  const n = (x: number): string => x.toLocaleString('en-US')
  const atMost = (target: string, m: Measurement | undefined, limit: number): void => {
    if (m?.status === 'ok') out.push({ target, measured: show(m), verdict: m.value <= limit ? 'PASS' : 'MISS' })
    else out.push({ target, measured: notMeasured(m), verdict: 'MISS', ...(m?.note === undefined ? {} : { why: m.note }) })
  }
  const atLeast = (target: string, m: Measurement | undefined, limit: number, beside = ''): void => {
    if (m?.status === 'ok') out.push({ target, measured: `${show(m)}${beside}`, verdict: m.value >= limit ? 'PASS' : 'MISS' })
    else out.push({ target, measured: notMeasured(m), verdict: 'MISS', ...(m?.note === undefined ? {} : { why: m.note }) })
  }
  atMost(`create + publish ≤ 3 s at ${n(big)} items`, find(o, 'publish', big), 3_000)
  atMost(`peak heap ≤ 1.5 GB at ${n(big)} items`, find(o, 'publishHeap', big), 1_536)
  {
    // beside it, what the hand-written baseline reaches when it also builds the core's events (no verdict of its own)
    const floor = find(o, 'bulkFloor', big)
    const beside = floor?.status === 'ok' ? ` (events floor ${show(floor)})` : ''
    atLeast(`bulk decisions ≥ 1,000,000 item-decisions/s at ${n(big)} items`, find(o, 'bulk', big), 1_000_000, beside)
  }
  atMost(`one ${n(onePacket)}-item command in one packet ≤ 20 ms`, find(o, 'onePacketDecide', onePacket), 20)
  {
    const a = find(o, 'single', small)
    const b = find(o, 'single', big)
    const target = `single-item decision at ${n(big)} items within 1.5× of ${n(small)} items`
    if (a?.status === 'ok' && b?.status === 'ok') {
      const r = b.value / a.value
      out.push({ target, measured: `${show(b)} / ${show(a)} = ×${r.toFixed(2)}`, verdict: r <= 1.5 ? 'PASS' : 'MISS' })
    } else out.push({ target, measured: notMeasured(b?.status === 'ok' ? a : b), verdict: 'MISS' })
  }
  {
    const ops: Op[] = ['idlePublishedWarm', 'idlePublishedCold', 'idleDecidedWarm', 'idleDecidedCold']
    const all = o.measurements.filter((m) => ops.includes(m.op))
    const measured = all.filter((m) => m.status === 'ok')
    const worst = measured.reduce<Measurement | undefined>((w, m) => (w === undefined || m.value > w.value ? m : w), undefined)
    const missing = all.filter((m) => m.status !== 'ok')
    const target = 'advance with nothing due ≤ 1 ms at every size (warm and cold)'
    if (worst === undefined) out.push({ target, measured: 'not measured', verdict: 'MISS' })
    else {
      const where = `worst ${show(worst)} (${rows.find((r) => r.op === worst.op)?.label ?? worst.op}, ${n(worst.items)} items)`
      const ok = worst.value <= 1 && missing.length === 0
      out.push({ target, measured: missing.length === 0 ? where : `${where}; ${missing.length} not measured`, verdict: ok ? 'PASS' : 'MISS' })
    }
  }
  const growth = (op: Op, what: string, limit = 12): void => {
    const a = find(o, op, mid)
    const b = find(o, op, big)
    const target = `${what}: ${n(big)} items within ${limit}× of ${n(mid)} items`
    const timeOf = (m: Measurement): number => (m.unit === 'perSec' ? (m.extra?.['ms'] ?? Number.NaN) : m.value)
    // the hand-written baseline's growth over the same two sizes, for comparison (the verdict is the core's)
    const baselineTimeOf = (m: Measurement): number =>
      m.baseline === undefined ? Number.NaN : m.unit === 'perSec' ? ((m.extra?.['items'] ?? Number.NaN) / m.baseline) * 1000 : m.baseline
    if (a?.status === 'ok' && b?.status === 'ok') {
      const r = timeOf(b) / timeOf(a)
      const base = baselineTimeOf(b) / baselineTimeOf(a)
      const measured = Number.isFinite(base) && base > 0 ? `×${r.toFixed(1)} (baseline ×${base.toFixed(1)})` : `×${r.toFixed(1)}`
      out.push({ target, measured, verdict: r <= limit ? 'PASS' : 'MISS' })
    } else if (a?.status === 'ok' && b?.status === 'budget' && b.unit === 'ms') {
      const r = b.value / a.value
      out.push({ target, measured: `> ×${r.toFixed(1)} (stopped at the budget)`, verdict: 'MISS' })
    } else out.push({ target, measured: notMeasured(a?.status === 'ok' ? b : a), verdict: 'MISS' })
  }
  growth('lapse', 'advance with 10 % of packets lapsing, linear in the lapsing packets')
  atMost(`extend with cascade over every packet ≤ 1 s at ${n(big)} items`, find(o, 'extend', big), 1_000)
  atMost(`scenario report (--format json) ≤ 2 s at ${n(subjects20k / 4)} subjects`, find(o, 'scenario', subjects20k), 2_000)
  atMost(`--format table ≤ 2 s at ${n(subjects20k / 4)} subjects`, find(o, 'table', subjects20k), 2_000)
  {
    const target = `scenario report linear in packets: ${n(subjects20k / 4)} subjects within 1.2× per packet of ${n(scenarioSmall / 4)}`
    const a = find(o, 'scenario', scenarioSmall)
    const b = find(o, 'scenario', subjects20k)
    if (a?.status === 'ok' && b?.status === 'ok') {
      const r = b.value / a.value / (subjects20k / scenarioSmall)
      out.push({ target, measured: `×${r.toFixed(2)} per packet`, verdict: r <= 1.2 ? 'PASS' : 'MISS' })
    } else out.push({ target, measured: notMeasured(a?.status === 'ok' ? b : a), verdict: 'MISS' })
  }
  atMost(`replay (fold) of the whole log ≤ 10 s at ${n(big)} items`, find(o, 'replay', big), 10_000)
  atLeast(`service ≥ 5,000 decision commands/s, 8 workers, ${n(svcSize)} items`, find(o, 'service', svcSize), 5_000)
  {
    const m = find(o, 'service', svcSize)
    const target = 'service flat as the log grows: last quarter of the commands ≥ 0.8 × the rate of the first quarter'
    const first = m?.extra?.['firstQuarterPerSec']
    const last = m?.extra?.['lastQuarterPerSec']
    if (m !== undefined && first !== undefined && last !== undefined && Number.isFinite(first) && Number.isFinite(last) && (m.samples ?? 0) >= 40) {
      out.push({ target, measured: `${fmtCount(last)}/s vs ${fmtCount(first)}/s`, verdict: last >= 0.8 * first && m.status === 'ok' ? 'PASS' : 'MISS', ...(m.status === 'ok' ? {} : { why: m.note ?? '' }) })
    } else out.push({ target, measured: m === undefined ? 'not measured' : `${m.samples} commands: too few to tell`, verdict: 'MISS' })
  }
  for (const op of ['publish', 'bulk', 'extend', 'progress', 'replay'] as const) growth(op, `${rows.find((r) => r.op === op)?.label ?? op} grows linearly`)
  return out
}

// -------------------------------------------------------------------------------------
// text
// -------------------------------------------------------------------------------------

const pad = (cells: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths: number[] = []
  for (const r of cells) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)))
  return cells.map((r) => r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - [...c].length)).join('  ').trimEnd()).join('\n')
}

export const figuresGrid = (o: Outcome): string[][] => {
  const cols = columns(o)
  const header = ['operation', ...cols.map(sizeLabel)]
  return [header, ...rows.map((r) => [r.label, ...cols.map((n) => cell(find(o, r.op, n)))])]
}

export const textReport = (o: Outcome): string => {
  const grid = figuresGrid(o)
  const header = grid[0] ?? []
  const rule = header.map((h) => '-'.repeat([...h].length))
  const vs = verdicts(o)
  const vgrid = [['target', 'measured', 'verdict'], ['------', '--------', '-------'], ...vs.map((v) => [v.target, v.measured, v.verdict])]
  const pass = vs.filter((v) => v.verdict === 'PASS').length
  return [
    `Figures (each with its cost as a multiple of the hand-written baseline in the same run; columns are campaign sizes in items)`,
    pad([header, rule, ...grid.slice(1)]),
    '',
    `Targets of issue 9: ${pass} PASS, ${vs.length - pass} MISS${o.smoke ? ' (smoke run: tiny sizes, the verdicts only exercise the code)' : ''}`,
    pad(vgrid),
    '',
    `Total ${(o.elapsedMs / 1000).toFixed(0)} s of a ${(o.totalBudgetMs / 1000).toFixed(0)} s budget.`,
  ].join('\n')
}

// -------------------------------------------------------------------------------------
// plot and markdown
// -------------------------------------------------------------------------------------

/** Time per operation against campaign size, for the plot. */
export const plotSeries = (o: Outcome): Series[] => {
  const timeOps: ReadonlyArray<readonly [Op, string]> = [
    ['publish', 'create + publish'],
    ['bulk', 'bulk decisions (whole stream)'],
    ['single', 'single decision'],
    ['idleDecidedCold', 'advance, nothing due (cold)'],
    ['lapse', 'advance, 10 % lapsing'],
    ['extend', 'extend with cascade'],
    ['progress', 'progress views'],
    ['replay', 'replay (fold)'],
    ['scenario', 'scenario report (json)'],
    ['table', 'scenario report (table)'],
    ['onePacketDecide', 'one packet, one command'],
  ]
  return timeOps.map(([op, name]) => ({
    name,
    points: o.measurements
      .filter((m) => m.op === op && (m.status === 'ok' || m.status === 'budget'))
      .flatMap((m) => {
        const y = m.unit === 'perSec' ? (m.status === 'ok' ? (m.extra?.['ms'] ?? Number.NaN) : Number.NaN) : m.unit === 'us' ? m.value / 1000 : m.value
        if (m.status === 'budget' && m.unit !== 'ms') return []
        return Number.isFinite(y) ? [{ x: m.items, y, lowerBound: m.status === 'budget' }] : []
      }),
  }))
}

export const svgOf = (o: Outcome, when: string): string => logLogPlot('access-review-core: time against campaign size (log-log)', plotSeries(o), { note: `npm run bench, ${when}; hollow points: lower bounds (stopped at the budget)` })

const mdTable = (grid: ReadonlyArray<ReadonlyArray<string>>, numeric = true): string => {
  const [head, ...body] = grid
  if (head === undefined) return ''
  const esc = (c: string): string => c.replace(/\|/g, '\\|')
  return [`| ${head.map(esc).join(' | ')} |`, `| ${head.map((_, i) => (i === 0 || !numeric ? '---' : '---:')).join(' | ')} |`, ...body.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n')
}

export const environment = (): string => {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  return `Node ${process.version} on ${os.platform()} ${os.arch()}, ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM`
}

export const markdown = (o: Outcome, when: string, svgPath: string): string => {
  const vs = verdicts(o)
  const pass = vs.filter((v) => v.verdict === 'PASS').length
  const notes = o.measurements.filter((m) => m.status !== 'ok' && m.status !== 'skipped' && m.note !== undefined)
  const stopped = o.groups.filter((g) => g.status !== 'done')
  return `---
title: Performance
---

# Performance

How the core's cost grows with the size of a campaign, measured from
outside through the public API only, and compared in the same run with a
hand-written baseline. \`npm run bench\` measures and rewrites this page;
\`npm test\` runs the complexity guard and a smoke run of the benchmark.

## Method

**The campaign.** N items = N/4 subjects × 4 items (one per application
\`app-0\` … \`app-3\`); three review levels (reviewer order
firstLineManager, riskManager, applicationOwner; count 3); \`reviewerWindows\`
timing with two escalation tiers per level (tier 0 seven days, fourteen for
level 3; tier 1 three days to the reviewer's manager; tier 2 two days to an
escalation desk); zone America/New_York, so the windows cross the change to
daylight saving time on 2025-03-09. First-line managers have 2,500 reports
each, so one manager's queue is one command of 10,000 items; two risk
managers; one owner per application. Inputs are plain JSON decoded by the
public codecs before any clock starts (\`bench/shape.ts\`).

**The decision stream.** Stream 1: every manager approves all of their
team's items at level 1 (one command of 10,000 items each). Stream 2: a risk
manager approves level 2 of 90 % of the packets in commands of 10,000 items.
The other 10 % lapse at level 2 (two escalations, then expiry) while level 3
of the others is still open: that is the "10 % lapsing" advance.

**What is timed** (\`bench/groups.ts\`), each at 1k, 10k, 100k and 1M items:

| figure | how |
| --- | --- |
| create + publish | \`execute\` of create then publish; median of up to 5 runs (3 at 1M); peak heap from V8's GC trace (\`--trace-gc\`) during those runs, decoded inputs included; the trace runs during the publish steps only, so no other figure pays for it |
| bulk decisions | both streams through \`execute\`, each command on the state the previous one returned; item-decisions per second |
| events floor | the baseline's bulk decisions again, each command also building by hand the events the core emits for it (\`BEvents\` in \`bench/baseline.ts\`: the same types, fields and strings, intent ids hashed over the same parts); the median of three runs after the core's; the bracket is its cost against the plain baseline; for information, printed beside the bulk target (see "Where the time goes") |
| bulk decisions, \`--max-semi-space-size=64\` | the same runs at 100k and 1M items, alone in a process whose young generation has semi-spaces of 64 MB instead of Node 20's 16 MB (the baseline in the same process); for information, no target depends on it (see "Where the time goes") |
| one packet | a separate campaign of one subject with 1k or 10k items: one command deciding all of them; and the packet's expiry (\`advance\` past its last tier); each the median of 9 runs after 3 warm-up runs (with 1 and 5, the 10k decision moved between 9 and 20 ms from run to run, depending on when V8 had optimised the code) |
| single-item decision | 1,000 decisions of one item each, chained, on packets spread over the campaign; time per decision |
| advance, nothing due | \`advance\` to an instant before every timer: warm (the state \`execute\` returned, asked before) and cold (the first call on a state \`fold\` rebuilt from the log) |
| advance, 10 % lapsing | \`advance\` of the decided state past the level-2 windows of the lapsing packets |
| extend | \`extend\` with \`cascade: true\` right after publish: every packet's windows move |
| progress views | \`progress\` by integration, reviewer and resource |
| replay | \`fold\` of the whole log (create, publish, both streams) |
| scenario report | the same campaign as a scenario file (publish, both streams, until the lapse): \`JSON.parse\` and the CLI's check for a key repeated in an object (25–35 ms of a one-pass scan of the 11 MB file at 20,000 subjects) + \`runScenario\` + \`JSON.stringify\` (the CLI's \`--format json\`) or the CLI's table renderer (\`--format table\`), without I/O; at 250, 2,500 and 20,000 subjects |
| service | \`makeService\` over the in-memory adapters: create and publish through \`handle\`, then 8 concurrent workers sending single-item decision commands (up to 20,000) |
| service on PostgreSQL | \`makeService\` over \`access-review-core/postgres\` (\`bench/postgres.ts\`), at 100k items: the campaign created and published through the service's \`handle\` (the publish is one append of 25,011 events, about 145 MB of JSON, 3.2–3.3 s: see [PostgreSQL](postgres.md), "Large campaigns"; the bench keeps a 30 s port deadline so that a slow run is measured rather than refused), then 1, 2, 4 and 8 concurrent workers (one service, a pool of 8 connections) sending single-item decision commands (500 per worker count); the bracket is the cost against the same commands on the in-memory store in the same run (in-memory rate ÷ PostgreSQL rate). \`npm run bench\` runs it on a private PostgreSQL server started by \`scripts/with-postgres.mjs\` (fsync off, on the same machine); without \`ACCESS_REVIEW_PG_URL\` (\`npm run bench:smoke\`) it runs on PGlite in process, whose one connection makes the workers take turns |

Times come from \`process.hrtime.bigint()\`; a figure is the median of its
runs after a warm-up where the size allows one. The bulk decisions and
replay are the median of three runs at every size, create + publish of
three at 1M and five below, extend, the lapse and the progress views of
five. At 1M items there is no warm-up: the first run pays what a process
pays once (compiling the code, indexing the scope), as the first of the
five runs at 100k does. Between two runs of one figure, what the run
before left behind (its state, its events) is dropped; before each run of
create + publish it is also collected, untimed, so that the peak heap is
one run's. (Until the seventh pass, 1M figures were one run for create +
publish and the bulk decisions, two for replay and three for the rest:
verdicts flipped between runs of the same code, below.) The runs of the bulk
decisions keep the state each command returns, not its events: a
platform's loop hands them to its store and drops them. The replay's log
is the lifecycle log and the events of both decision streams run again,
untimed, on the state it folds to, just before the replay (the same
commands on the same state: the same events). Until the eighth pass the
bulk step kept every event of its runs for the replay, and the lapse and
the views ran beside that log too (at 1M, millions of objects that every
collection of the bulk runs promoted and marked).

**The baseline** (\`bench/baseline.ts\`), run in the same process over the
same inputs and decision stream: a plain immutable reducer over a two-level
persistent array of packets (chunks of 1,024 packets under a chunk table;
a command copies the chunk table once, each touched chunk once and each
touched packet once), id → index maps built once at publish and shared by
every later state, and a persistent deadline index (deadline → chunked
bitset of packets) so that "nothing due" is one look and a lapse costs
O(lapsing packets). Its replay is a hand-written fold of the same event
log; its report builds one entry per item and the windows of every packet
from the same scenario text. It keeps no audit trail and sends no
notifications: it is a yardstick of what a design linear in its own work
costs on this machine, not a second implementation. Each cell shows the
figure and, in brackets, its cost as a multiple of the baseline's (time ÷
baseline time, or baseline rate ÷ rate).

**Budgets.** Each group of measurements runs in its own process (heap
limit 4 GB; 6 GB for scenario files; 10 GB at 1M items, so that the harness
itself never pushes the core against the limit) with a time budget per step,
per group and for the whole run (580 s, so that it ends in under 10 minutes). A step that overruns its budget
is stopped: its cell shows the time it had taken (\`> …\`) and counts as a
MISS; the steps after it in the same process are *not reached*, and a larger
size of a kind whose smaller size was stopped is *skipped*.

## Last run

${when}; ${environment()}; ${(o.elapsedMs / 1000).toFixed(0)} s in all.

${mdTable(figuresGrid(o))}

Columns are campaign sizes in items; the scenario rows run at 250, 2,500
and 20,000 subjects (1k, 10k and 80k items). In brackets: the cost as a
multiple of the baseline's in the same run.

![time against campaign size, log-log](${svgPath})

A growth target is the core's ratio; the baseline's ratio over the same two
sizes in the same run is shown beside it, in brackets, as a yardstick of
what the machine itself adds between 100k and 1M items (caches, collection).

### Targets (issue 9): ${pass} PASS, ${vs.length - pass} MISS

${mdTable([['target', 'measured', 'verdict'], ...vs.map((v) => [v.target, v.measured, v.verdict])], false)}
${
  notes.length === 0 && stopped.length === 0
    ? ''
    : `
### Stopped, failed and not reached

${[
  ...stopped.map((g) => `- ${g.group.kind}, ${g.group.items.toLocaleString('en-US')} items: ${g.status}${g.note === undefined ? '' : ` (${g.note})`}`),
  ...notes.filter((m) => m.status !== 'notReached').map((m) => `- ${rows.find((r) => r.op === m.op)?.label ?? m.op}, ${m.items.toLocaleString('en-US')} items: ${m.note ?? ''}`),
].join('\n')}
`
}
## Where the time goes

Profiles of the core at 100k and 1M items (V8 \`--cpu-prof\`, and the sampling
heap profiler counting collected objects too, 2026-11-29) show no single hot
path left. What separates 1M from ten times 100k is memory: at 100k items a
command's working set mostly fits in the processor's caches, at 1M every
probe of a large hash table and every hop into a large map is a cache miss,
and every major collection marks a heap ten times larger (970 MB at 1M
items after publish). The garbage collector takes a quarter of a bulk run at
100k items and up to half of a lapse at 1M, because the state is one
immutable object per item (its record, state and decision list) and one per
packet, and each command allocates new ones.

What the fifth pass changed (D21 in docs/decisions.md), from the last run of
the fourth pass to the last of the fifth (2026-11-29 03:16 → 05:28, same
machine):

- the fold reads what the decider computed from a log at a cursor instead of
  two hash maps, and builds the packets map measuring each node once instead
  of on every insert: extend 136 → 64.3 ms at 100k items, 2.15 s → 977 ms
  at 1M (now PASS); replay 500 → 303 ms at 100k, 8.49 → 5.56 s at 1M;
- the directory index is four maps instead of records (a record interns
  every id), and the scope's item ids are indexed once in typed arrays,
  serving both the create command's duplicate check and every later item
  lookup: create + publish 300 → 205 ms at 100k, 4.15 → 2.54 s at 1M (now
  PASS), peak heap 1.14 GB → 970 MB;
- \`advance\` no longer collects and orders the 90 % of the packets that lapse
  after the target instant: 10 % lapsing 150 → 65.6 ms at 100k, 2.33 →
  1.49 s at 1M;
- a packet's projected end is computed in one loop with its instants in
  local numbers (a visitor kept one heap number per window), and an
  extension shares its grant and planned lists among its events;
- a bulk command skips repeated ids in its loop and returns its own event
  list instead of a copy: 143 → 201 thousand item-decisions/s at 100k,
  118 → 143 at 1M; the scenario report 2.12 → 1.64 s at 20,000 subjects,
  \`--format table\` 2.16 → 1.59 s.

The method changed where it was uneven (D21): at 1M items extend, the lapse
and the progress views are the median of three runs instead of one cold run,
one packet's decision and expiry take three warm-up runs and nine samples,
the chain makes its bulk commands just before the bulk step and drops its
decided state before the replay. Figures still vary by 10 to 25 % between
runs of the same code on this machine, and a growth ratio divides two of
them: over the five full runs of this pass the PASS count went 10, 14, 13,
15 and 11. The last two ran the same core code ten minutes apart: the
lapse's ratio went from ×13.3 to ×22.7 (its 100k figure fell from 89.0 to
65.6 ms while its 1M figure rose from 1.18 to 1.49 s), and the ratios of
publish (×10.8 → ×12.4), bulk (×11.9 → ×14.1) and the views (×11.0 →
×15.1) changed verdict. A verdict within a quarter of its limit is not
stable.

The sixth pass (D22) changed the service, not the core. A snapshot costs
the whole campaign (the state of 100,000 items is 172 MB of JSON for the
PostgreSQL store), and the service saved one every 1,000 events at any
size; it now also waits for one event per item of the campaign
(\`snapshotEventsPerItem\`), and a snapshot read back is parsed without a
reviver. The PostgreSQL rows went from 97–110 commands/s with 1 to 8
workers (05:28) to 216–350/s in the two full runs of this pass, and the
100,000-item publish through the service took 4.3 s in a run of that group
alone (9.7 s when docs/postgres.md measured it). The core's code did not
change, yet both runs' core figures were slower than the 05:28 run's
(create + publish at 1M 2.54 → 3.14 s, extend at 1M 977 ms → 1.21 and
1.25 s, bulk at 1M 143 → 116 and 107 k/s). Builds of \`a49eba7\` (the core
of 05:28) and of this pass, run alternately afterwards, took the same time
as each other (create + publish at 1M: medians of 3.08 and 2.69 s over six
runs each; extend at 1M: 1.15 and 1.10 s over 21): the machine was slower
than at 05:28, not the code.

The sixth pass also found a quadratic path that no figure here measures
(D23): recording a fulfillment result scanned the whole plan and copied
every result so far, so the service's \`fulfill\` (one command per action)
cost P² for a plan of P items: 212 µs a result with a plan of 1,000 items,
4.0 ms with 64,000. The results are now a persistent map with their counts
(13 to 38 µs a result at those sizes), and the complexity guard records
every result of a plan of 1,000 and 4,000 items.

How far the present representation is from the bulk target was measured
directly (2026-11-29, on a build of \`a49eba7\` patched outside the
repository; both streams through \`execute\`, three passes each from the
published state, the second and third shown): at 100k items the full core decides 169–178 thousand
items per second; with the \`reviewAssigned\` notifications of the decision
commands left out, 232–234 k/s; with the packets' derived timing (next
lapse, projected end) left out of the fold, 220–228 k/s; with both left out,
247–306 k/s. At 1M items: 124–142 k/s in full, 182–208 k/s with both left
out. Both are part of what a campaign does, and even without them the rate is a quarter of
the target or less: what remains, 3.3 to 4.0 µs per item at 100k, is deciding and
folding one object per item and per packet (each item found through the
scope's index and its packet's record; a new item, decision list and state
per decided item; a new items record, clock list and packet per packet;
four to six events per packet folded into the state).

The lapse shows where the extra time at 1M goes (V8's \`--trace-gc-nvp\`,
three lapses of the decided state after a full collection, 2026-11-29).
Its allocation is linear in its work, about 20 KB per lapsing packet (two
escalations and the expiry, with their notifications), and so is the number
of young-generation collections it causes: 11 at 100k items, 88 at 1M. But
each costs more at 1M: 6.8 ms at 100k (5.7 ms of it copying the survivors),
15.0 ms at 1M, where the copying still takes 5.8 ms and the rest grows with
the old generation (1.4 GB, most of it free space left by earlier commands),
not with the lapse. Those collections were 87 ms of the 522 ms of the three
lapses at 100k and 1.34 s of 5.02 s at 1M: without them the lapse grew ×8.5
from 100k to 1M, with them ×9.6 in that process. The bench's ratio is larger
(×13 to ×23) mostly through its 100k figure: 65.6 to 107 ms in its runs,
against 86 to 137 ms for the same lapse after warm-up in two standalone
processes, while at 1M the two agree (1.18 to 1.56 s in the bench, 1.32 to
1.56 s standalone).

The seventh pass changed how the figures are sampled, not the core: the
1M figures that were one run (create + publish, the bulk decisions) or
two (replay) are now the median of three, extend, the lapse and the views
the median of five. Its first full run showed why one run is not
enough: with five runs instead of two at 100k, the 100k figures fell
(create + publish 262 → 181 ms) while the 1M ones barely moved (2.88 s for
three runs against 3.14 s for one), and four of the five growth ratios rose
(create + publish ×12.0 → ×15.9). Its run at 08:38 ended with 12 PASS,
against 11 in the sixth pass, on the same core code. Two further findings,
measured in standalone processes on the same build: a forced full
collection right before a timed run can slow that run (extend at 100k
beside a 2.4 GB heap of small objects: 243 ms after a forced collection,
140 ms without one, 77 to 97 ms beside no such heap), so the bench drops
what a previous run left but collects it only before create + publish,
whose peak heap must be one run's (with three runs and no collection in
between it read 1.55 GB instead of 969 MB); and a retained heap slows the
core only when it holds many objects: beside 10 or 20 million retained
two-field objects (up to 1.4 GB) extend at 100k took 70 to 76 ms, as
beside none; beside 40 million, 130 ms; beside one 1 GB \`Float64Array\`,
75 ms. A state with fewer, larger objects (below) would cost less at every
collection.

Where a dense packet vector would pay, measured on four extends at 1M items
(V8's sampling profiler started after the publish, 2026-11-29): of about
1.1 s each, the fold's \`step\` took 257 ms of its own time (finding each
event's packet: a lookup in the map of changes so far, then in the
packets' hash trie), writing the 250,000 new packets into the trie 210 ms
(\`insert\`, \`editable\`, \`seal\`, new nodes), collections 160 ms, and
listing the packets in scope order (\`packetsOf\`, one trie lookup per
packet) 80 ms, which every progress view pays as well. Skipping the two
lookups of \`step\` for events the command had already applied (a patched
build, trusting the command's own record of each packet it evolved) made
extend 15 % faster at 1M (1.18–1.23 → 1.00–1.05 s). A persistent vector
indexed by each packet's position in scope order (fixed at publish) would
make the scope-order listing a sequential read and the fold's writes
copies of the touched chunks; its cost is the garbage of a single-item
decision, which copies one chunk and the chunk table (a 32-way trie of
positions copies about 1.3 KB, chunks of 1,024 packets with their measures
about 24 KB).

That vector is D25, made in the same pass: the packets are kept in chunks
of 512 by their position in scope order. Its first two full runs (09:24,
and 09:42) both end with 14 PASS instead of 12. Against the
08:38 run: extend at 1M 1.19 s → 650 and 770 ms (within its target, ×11.2
from 100k in both), the progress views at 1M 983 → 501 and 484 ms, bulk
decisions at 1M 110 → 136 and 143 k/s, create + publish at 1M 2.49 →
2.33 and 2.06 s. The MISSes moved between the two runs: at 09:24 the
lapse's growth (×18.6: its 100k figure fell to 73 ms, more than its 1M
figure, 1.36 s) and the views' (×12.2); at 09:42 the scenario report (2.01
and 2.11 s, against 1.80 and 1.84 s at 09:24, for the same code) and the
growth of bulk (×12.7, ×15.7 at 09:24) and replay (×12.4, ×13.9 at 09:24).
An escalation then stopped evolving its packet a second time when the
campaign has no delegates (the evolved packet served only to hand items to
them): the run at 09:59 ended with 15 PASS and 4 MISS, the 10 % lapse at
87.7 ms and 1.06 s (×12.1, just over), bulk at 140 k/s (×15.3), replay
×13.9, and the scenario report at 1.73 and 1.75 s. The last run of that pass
(10:17, after the lapse stopped sorting packets the map already lists in
scope order) ends with 14 PASS and 5 MISS: the lapse passes (×11.7), but
create + publish at 1M took 2.75 s against 2.10 s at 09:59 for the same
code (×13.9 from 100k) and extend's ratio is ×12.1 (683 ms at 1M); bulk
(139 k/s, ×15.4) and replay (×15.1) miss as before. The ratios of the
lapse, extend, the views and create + publish have each passed and missed
in this pass's runs of the same code.

The eighth pass (D26) removed most hash probes from the fold. At 1M items,
a probe into the packets' positions (250,000 subjects) or the scope's item
index (a million ids) misses the processor's caches several times, and the
fold made four per packet event. It now keeps the packets it changes in a
draft of the packets map, looks each packet up once for its run of events,
and first tries the place after the one found last, since events and a
bulk command's items mostly come in scope order. Extend at 1M went from
722–817 to 531 ms, and the bulk decisions at 1M from 168–177 to 197–206
k/s, measured standalone. The bench also stopped keeping the bulk runs'
events (see the method above). Its first run with both changes (11:15)
ended with 14 PASS and 5 MISS: extend at 1M took 524 ms (×10.5), the
bulk decisions 174.5 k/s at 1M (×14.2, ×15.0 the run before), the lapse
839 ms (×14.1: its 100k figure was 59.4 ms), replay ×14.5 and the views
×12.3. What remains of the growth is collection: a scavenge at 1M costs
about three times as much per byte promoted as at 100k (21.9 against 5.8
ms for about 3 MB, replay, \`--trace-gc-nvp\`), because the old generation
it promotes into is ten times larger and more fragmented. At 1M the collector
takes 35 % of the bulk decisions against 24 % at 100k, and 40 % of the
replay against 17 %. The run at 11:33 (after a bulk command stopped
keeping one set of all its ids to find repeats) ended with 15 PASS and 4
MISS: the bulk decisions took 160.7 k/s at 1M against 251.3 k/s at 100k
(×15.6), the lapse 74.1 ms and 977 ms (×13.2), replay 363 ms and 5.07 s
(×14.0); extend (528 ms, ×10.4), the views (×10.7) and create + publish
(1.93 s, ×8.9) passed. The run at 12:07 (after each packet became one
object literal with its timing fields inside) also ended with 15 PASS and
4 MISS. Every figure at 1M was better than at 11:33: bulk 176.2 k/s, the
lapse 887 ms, replay 4.47 s, extend 463 ms, create + publish 1.76 s. But
the figures at 100k improved more (bulk 297.8 k/s, the lapse 48.8 ms,
replay 274 ms), so the three ratios that missed were wider: ×16.9, ×18.2
and ×16.3. A ratio of two figures that each vary by 10 to 25 % between
runs moves by more than either figure. The last run of that pass (12:21, after
the packets' finder learned to guess by its last step, for the lapse's
every tenth packet) ends with 14 PASS and 5 MISS on a slower machine
than at 12:07: create + publish took 327 ms at 100k against 182 ms, and
the scenario report 1.95 and 2.08 s against 1.44 and 1.46 s, for the same
code on both paths, so \`--format table\` misses its 2 s. The lapse took
831 ms at 1M, its best figure so far, and misses narrowly (×12.8 from 64.8
ms). Bulk took 162.8 k/s at 1M (×13.3) and replay 4.50 s (×14.7). Extend
(488 ms, ×8.1), the views (×10.3) and create + publish (×6.5) passed.

The ninth pass changed the method once more (D27 and D28 are its
PostgreSQL changes; the core did not change). The bench's child process
runs with V8's \`--trace-gc\` to read the peak heap of create + publish,
and the trace stayed on for every later step and in every other group;
with it, a standalone run of the bulk decisions at 1M was 7 to 10 % slower
(221 to 239 against 245 to 256 k/s). The chain group first turned it off
once its publish steps were measured (the runs at 13:05 and 14:00); the
child now runs it during those two steps only, so the one-packet, scenario
and service groups run without it too (the run on this page). At 13:05:
14 PASS and 5 MISS; the bulk decisions took 162.2 k/s at 1M, within the
eighth pass's range, against 279.0 k/s at 100k (×17.2); the lapse 48.6 and
816 ms (×16.8); replay 286 ms and 4.51 s (×15.8); and the views, which
passed at ×10.3 at 12:21 on the same core code, 34.1 and 455 ms (×13.3).
At 14:00: 15 PASS and 4 MISS; the lapse passed (86.6 and 783 ms, ×9.0),
the bulk decisions took 172.5 k/s at 1M against 248.8 k/s at 100k
(×14.4), replay 296 ms and 4.42 s (×14.9), the views 40.9 and 616 ms
(×15.1). The last run of that pass (14:23) ends with 16 PASS and 3 MISS: the
lapse (71.1 and 812 ms, ×11.4) and the views (42.3 and 458 ms, ×10.8)
pass; the bulk decisions took 172.4 k/s at 1M against 247.9 k/s at 100k
(×14.4) and replay 288 ms and 4.40 s (×15.3). Create + publish (1.70 to
1.78 s at 1M), extend (458 to 510 ms) and \`--format table\` (1.63 to
1.71 s) passed in all three runs.

The tenth pass changed no core code. The targets table now shows, beside
each growth ratio, the baseline's ratio over the same two sizes in the
same run, and the hand-written baseline misses every growth target, each
by more than the core: at 14:52 it grew ×15.9 (create + publish), ×24.0
(bulk), ×18.5 (extend), ×12.6 (the views), ×14.1 (replay) and ×21.1 (the
lapse) between 100k and 1M items, against the core's ×8.7, ×13.9, ×9.0,
×10.0, ×13.2 and ×10.5; at 14:23 (from that page's brackets), ×19.3, ×22.4, ×21.8, ×14.1, ×23.9 and
×26. A design whose work is linear in its input still pays, on this
machine, for its caches and its collector at 1M: the 12× bound measures
the machine as well as the code. The last run of that pass (15:05), on the same
core code as 14:52, ends with 14 PASS and 5 MISS. Its figures at 1M are
within the range of the pass's other runs (bulk 172.9 k/s, the lapse 799
ms, the views 481 ms, replay 4.47 s), but at 100k it was the fastest of
the three (bulk 292.6 k/s, the lapse 41.8 ms, the views 33.8 ms, replay
262 ms), so the lapse (×19.1) and the views (×14.2) miss besides the bulk
decisions (×16.9) and replay (×17.0); the baseline grew ×22.3, ×18.5,
×30.4 and ×26.9 over the same four. Over the pass's three runs (14:23,
14:52, 15:05) the figures at 1M moved by 4 to 15 % (bulk 172.4 to 185.5
k/s, the lapse 799 to 828 ms, the views 420 to 481 ms, replay 4.10 to
4.47 s) and those at 100k by 18 to 89 % (bulk 247.9 to 292.6 k/s, the
lapse 41.8 to 79.1 ms, the views 33.8 to 42.3 ms, replay 262 to 311 ms):
the verdicts that flip are decided by the smaller figure, where one
collection more or less within a run of 40 to 80 ms weighs most. The
service on PostgreSQL decided 342 commands a second with one worker (232
at 14:52, 291 at 14:23): the tasks projection no longer scans the
campaign's log for a packet its store does not hold
([PostgreSQL](postgres.md)); with 2 to 8 workers the two cores, shared
with the server, bound it as before (406 to 456 a second).

The eleventh pass changed no core code either: a decision on PostgreSQL
became eight round trips instead of eleven (the read of a packet the
store does not hold and the writes of its task rows joined the append's
other statements; [PostgreSQL](postgres.md), "Round trips"). The run on
this page (16:21) ends with 14 PASS and 5 MISS, the same five as at
15:05, each by less: the bulk decisions took 181.3 k/s at 1M against 264.1 k/s at
100k (×14.6; the baseline ×22.5), the lapse 62.6 and 831 ms (×13.3;
×25.5), the views 41.4 and 502 ms (×12.1; ×13.8) and replay 287 ms and
4.16 s (×14.5; ×17.8). Create + publish (1.77 s), extend (470 ms, ×11.3)
and \`--format table\` (1.60 s) pass as in every run of the tenth pass. The
service on PostgreSQL decided 378 commands a second with one worker and
497 to 502 with 2 to 8 (342 and 406 to 456 at 15:05): on one machine the
round trips cost little, and the two cores, shared with the server, bound
it; through a local proxy that adds about 1 ms each way,
\`bench/pg-latency.ts\` measures 40 to 47 decisions a second with one worker
and 70 to 85 with four, against 33 to 35 and 47 to 53 before.

The twelfth pass changed the core (D29, D30 in docs/decisions.md). A
packet's items are a list in the order of its ids instead of a record by
item id; a decide command's state is built from the packets its decider
evolved instead of folding its events again; levels settle on one copy of
the clocks; the packets of one command share their clocks, timing, decision
records, states and lists where those are equal; the decider makes one
object per packet where it made several. The sampling heap profiler counts
964 B allocated per item decision of the 100k bulk run, against 2,154 B at
the start of the pass, and the decided state keeps 196 B per item more than
the published one, against 550. The run on this page (18:02) ends with 14
PASS and 5 MISS: the bulk decisions took 834.6 k/s at 100k and 421.9 k/s at
1M (264.1 and 181.3 at 16:21; 1.03 M/s at 10k), replay 138 ms and 2.03 s
(287 ms and 4.16 s), the lapse 43.6 and 572 ms (62.6 and 831 ms), the views
12.6 and 247 ms (41.4 and 502 ms), create + publish 1.47 s at 1M (1.77 s).
Every figure at 1M improved, but those at 100k improved more, so the
growth ratios of the bulk decisions (×19.8) and the views (×19.7) miss by
more than before; the lapse (×13.1) and replay (×14.7) miss by less.

Before the pass, the same 100k-item campaign with 40 items per subject
instead of 4 (so that a command still decides 10,000 items) split the bulk
decisions' cost into about 2.0 µs per item and 7.0 µs per packet. The part
per packet is what a decision does once per packet however many of its
items it decides: the \`ItemsDecided\` event, the level that completes and
the next that opens (its windows computed), the \`reviewAssigned\`
notification with its hashed intent id. This pass cut mostly that part:
the events and the notification remain, the second walk of the events,
the copies per event and most objects per packet are gone.

What separates the bulk decisions at 1M from a million a second is now the
machine's memory more than the core's work. Run on its own with the
bench's flags, the 1M chain group's three runs of the bulk decisions took
658, 436 and 417 thousand item-decisions a second (the page shows the
median): the first promotes its new state into an old generation left
compact by the collection after publish, the next two into one holding the
dead state of the run before, and a 10,000-item command's median time
rises from 14.4 to 20.3 ms. On this page the same decisions reach 1.03 M/s
at 10k items and 834.6 k/s at 100k. What would close the gap at 1M is less memory
per decision kept and promoted (item status in columns, with \`Item\` and
\`Packet\` as views over them, looked like the step that remained; the
events floor of the fifteenth pass, below, shows that it is not), not less code
per decision. The growth ratios are bounded by the machine as much as by the
code: the baseline grew ×17.5 (bulk), ×12.2 (the views), ×23.6 (replay)
and ×26.6 (the lapse) between the same two sizes in the same run.

The fourteenth pass (D32 in docs/decisions.md) looked at the collections
of the bulk decisions at 1M items: they are scavenges of the young
generation, not marks of the large old one (V8's GC trace of a standalone
run: 110 scavenges took 2.67 s of 9.5 s, one mark-compact 0.12 s). A
10,000-item command returned about 5.5 MB of events and new state (2.4 MB
of it \`reviewAssigned\` intents; 5.0 and 1.6 MB once the intents' item
lists were of their exact length, 4.5 MB once the packets of a command
shared their decision records, later in the pass), all alive until it
returns, and Node 20's
semi-spaces of 16 MB fill every two commands or so, so each scavenge copies
most of the command in flight. With \`--max-semi-space-size=64\` the
collections of a run went from 83–93 and 1.8–3.2 s to 24–26 and under 1 s
(32 MB: no change; 128 and 256 MB: no more than 64). The row "bulk
decisions, node --max-semi-space-size=64" runs the bulk decisions again at
100k and 1M in a process started with that flag, the baseline beside them,
with no verdict: the targets are judged at Node's defaults. The pass ran
on a machine about three times slower than the one of the 18:02 run (the
baseline too), so its full run did not replace the page's table, which is
older than the row. In that run (356 s, 11 PASS and 8 MISS), the bulk
decisions at 1M took 182.3 k/s at the defaults (×4.77 the baseline) and
307.2 k/s with the flag (×2.77); at 100k, 242.3 and 291.1 k/s. After
the two changes to the intents and the decision records (D32), a second
run measured bulk at 1M at 190.6 k/s (×3.68) and 289.5 k/s with the flag
(×2.64), on a moment of the machine when its baseline was 701 k/s, not 870. docs/limits.md recommends the flag
for campaigns near the 1,000,000-item limit.

The fifteenth pass (D33) measured what the events of the bulk decisions
cost apart from the rest. The row "events floor" runs the baseline's bulk
decisions again, each command also building by hand the events the core
emits for it: per packet an \`ItemsDecided\` with a decision per item, the
level that completes and the one that starts, and a \`reviewAssigned\`
intent per reviewer of the next level with its hashed id (17,500 events in
a 10,000-item command). On the slow machine, in the chain group as the
bench runs it, the floor took 235.1 k/s at 100k and 172.5 k/s at 1M,
×3.95 and ×4.61 the plain baseline's time (928.2 and 794.7 k/s), and the
core 221.7 and 167.6 k/s, ×1.06 and ×1.03 the floor's. The core is at the
floor: what separates it from the baseline is the events it must emit, not
its state, and no representation of the items wins more than the few per
cent between the two. On this page's machine the baseline took 1.87 M/s at
1M; at the floor's ratio that is about 0.41 M/s, which is where the core
was (421.9 k/s). A million item-decisions a second at 1M items needs fewer
or smaller events per packet (one intent per recipient per command, or one
\`ItemsDecided\` per command), which changes what the log says.

## Running it

\`\`\`sh
npm run bench          # the full run (under 10 minutes; starts a private PostgreSQL server); rewrites this page and docs/img/performance.svg
npm run bench:smoke    # the same harness at tiny sizes, in seconds
\`\`\`

The complexity guard (\`test/complexity/guard.test.ts\`, part of
\`npm test\`) checks growth rather than absolute time: for each operation,
the median time at 4× the size is at most 8× the median at 1× (a linear
operation gives about 4×, a quadratic one 16×).
`
}
