/**
 * The orchestrator: plans the groups of measurements, runs each in a child
 * process with a time budget (or in this process, for the smoke test),
 * stops a child that overruns a step's budget and records a MISS with the
 * time it had taken, and collects every figure.
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { runGroup } from './groups.js'
import type { Group, GroupKind, Measurement, Op, Reporter, Unit } from './model.js'
import { stepsOf } from './model.js'
import { msSince, now } from './timing.js'

export interface PlannedGroup extends Group {
  /** the least time worth giving this group; later groups keep this much in reserve */
  readonly minMs: number
}

export interface GroupOutcome {
  readonly group: Group
  readonly ms: number
  readonly status: 'done' | 'stopped' | 'killed' | 'failed' | 'skipped'
  readonly note?: string
}

export interface Outcome {
  readonly smoke: boolean
  readonly measurements: ReadonlyArray<Measurement>
  readonly groups: ReadonlyArray<GroupOutcome>
  readonly elapsedMs: number
  readonly totalBudgetMs: number
}

export interface HarnessOptions {
  readonly smoke: boolean
  readonly inProcess: boolean
  /** all groups together, ms */
  readonly totalBudgetMs: number
  readonly log: (line: string) => void
}

/** The sizes of the full run and of the smoke run. */
export const sizes = (smoke: boolean): { chain: number[]; bulkYoung: number[]; onePacket: number[]; scenario: number[]; service: number[]; servicePostgres: number[] } =>
  smoke
    ? { chain: [200, 800], bulkYoung: [800], onePacket: [100, 400], scenario: [200, 800], service: [200], servicePostgres: [200] }
    : { chain: [1_000, 10_000, 100_000, 1_000_000], bulkYoung: [100_000, 1_000_000], onePacket: [1_000, 10_000], scenario: [1_000, 10_000, 80_000], service: [10_000, 100_000], servicePostgres: [100_000] }

/**
 * The young generation the `bulkYoung` group runs with: V8's semi-spaces of
 * 64 MB (`--max-semi-space-size=64`) instead of Node 20's default of 16 MB.
 * The group measures what a platform gains by that flag; no target depends on it.
 */
export const YOUNG_SEMI_SPACE_MB = 64

/** The groups in the order they run: small first, the 1M campaign last but one, its bulk decisions with a larger young generation last. */
export const plan = (smoke: boolean): PlannedGroup[] => {
  const z = sizes(smoke)
  const g = (kind: GroupKind, items: number, budgetMs: number, minMs: number): PlannedGroup => ({ kind, items, budgetMs: smoke ? 30_000 : budgetMs, minMs: smoke ? 1_000 : minMs, smoke })
  if (smoke) {
    return [
      ...z.chain.map((n) => g('chain', n, 0, 0)),
      ...z.bulkYoung.map((n) => g('bulkYoung', n, 0, 0)),
      ...z.onePacket.flatMap((n) => [g('onePacketDecide', n, 0, 0), g('onePacketExpire', n, 0, 0)]),
      ...z.scenario.map((n) => g('scenario', n, 0, 0)),
      ...z.service.map((n) => g('service', n, 0, 0)),
      ...z.servicePostgres.map((n) => g('servicePostgres', n, 0, 0)),
    ]
  }
  return [
    g('chain', 1_000, 40_000, 10_000),
    g('chain', 10_000, 60_000, 15_000),
    g('onePacketDecide', 1_000, 20_000, 5_000),
    g('onePacketExpire', 1_000, 20_000, 5_000),
    g('onePacketDecide', 10_000, 30_000, 10_000),
    g('onePacketExpire', 10_000, 30_000, 10_000),
    g('scenario', 1_000, 20_000, 5_000),
    g('scenario', 10_000, 40_000, 10_000),
    g('service', 10_000, 40_000, 10_000),
    g('chain', 100_000, 150_000, 40_000),
    g('bulkYoung', 100_000, 40_000, 15_000),
    g('scenario', 80_000, 45_000, 15_000),
    g('service', 100_000, 90_000, 30_000),
    g('servicePostgres', 100_000, 210_000, 30_000),
    g('chain', 1_000_000, 420_000, 120_000),
    g('bulkYoung', 1_000_000, 150_000, 60_000),
  ]
}

export const opUnit: Record<Op, Unit> = {
  publish: 'ms',
  publishHeap: 'MB',
  retained: 'B',
  single: 'us',
  idlePublishedWarm: 'ms',
  idlePublishedCold: 'ms',
  extend: 'ms',
  bulk: 'perSec',
  bulkYoung: 'perSec',
  bulkFloor: 'perSec',
  lapse: 'ms',
  idleDecidedWarm: 'ms',
  idleDecidedCold: 'ms',
  progress: 'ms',
  replay: 'ms',
  onePacketDecide: 'ms',
  onePacketExpire: 'ms',
  scenario: 'ms',
  table: 'ms',
  service: 'perSec',
  pgService1: 'perSec',
  pgService2: 'perSec',
  pgService4: 'perSec',
  pgService8: 'perSec',
}

const key = (m: { op: Op; items: number }): string => `${m.op}@${m.items}`

/** Collects what a group reports; decides what a stop or a kill means for the figures not reported. */
class Collector implements Reporter {
  readonly results = new Map<string, Measurement>()
  readonly ended = new Set<string>()
  readonly progressOf = new Map<string, Record<string, number>>()
  readonly peakOf = new Map<string, number>()
  readonly startHeapOf = new Map<string, number>()
  current: { step: string; budgetMs: number; t0: bigint; peakMB: number } | undefined
  stopped: string | undefined

  constructor(readonly group: Group) {}

  start(step: string, budgetMs: number, heapMB = 0): void {
    this.startHeapOf.set(step, heapMB)
    this.current = { step, budgetMs, t0: now(), peakMB: heapMB }
  }
  progress(step: string, data: Readonly<Record<string, number>>): void {
    this.progressOf.set(step, { ...data })
  }
  result(m: Measurement): void {
    this.results.set(key(m), m)
  }
  end(step: string, heapMB = 0): void {
    if (this.current?.step === step) this.peakOf.set(step, Math.max(this.current.peakMB, heapMB))
    this.ended.add(step)
    this.current = undefined
  }
  stop(reason: string): void {
    this.stopped = reason
  }
  gc(beforeMB: number): void {
    if (this.current !== undefined) this.current.peakMB = Math.max(this.current.peakMB, beforeMB)
  }

  /** Every figure of the group: reported, bounded by a kill, or not reached. */
  finish(how: 'done' | 'killed' | 'failed', note?: string): Measurement[] {
    const g = this.group
    const out = new Map(this.results)
    const killed = this.current
    let reason = this.stopped
    for (const { step, ops } of stepsOf(g.kind)) {
      if (killed?.step === step && how !== 'done') {
        const elapsed = msSince(killed.t0)
        const p = this.progressOf.get(step)
        reason = how === 'killed' ? `${step} exceeded its budget of ${(killed.budgetMs / 1000).toFixed(0)} s` : `${step} failed`
        for (const op of ops) {
          if (out.has(`${op}@${g.items}`)) continue
          const unit = opUnit[op]
          const failed = how === 'failed'
          const base = { op, items: g.items, samples: 0, status: failed ? ('error' as const) : ('budget' as const) }
          if (unit === 'perSec' && p !== undefined) {
            const done = p['items'] ?? p['commands'] ?? 0
            const ms = p['ms'] ?? elapsed
            out.set(`${op}@${g.items}`, { ...base, value: (done / Math.max(ms, 1)) * 1000, unit, note: `${failed ? 'failed' : 'stopped at the budget'} after ${done} in ${(ms / 1000).toFixed(1)} s${note === undefined ? '' : `: ${note}`}` })
          } else {
            out.set(`${op}@${g.items}`, { ...base, value: elapsed, unit: 'ms', note: `${failed ? 'failed' : 'still running when stopped'} after ${(elapsed / 1000).toFixed(1)} s${note === undefined ? '' : `: ${note}`}` })
          }
        }
        continue
      }
      for (const op of ops) {
        if (out.has(`${op}@${g.items}`)) continue
        out.set(`${op}@${g.items}`, { op, items: g.items, value: Number.NaN, unit: opUnit[op], samples: 0, status: 'notReached', note: reason ?? note ?? 'not reached' })
      }
    }
    // the peak heap of publish, from the GC trace (inputs included)
    if (g.kind === 'chain') {
      const k = `publishHeap@${g.items}`
      const m = out.get(k)
      const core = this.peakOf.get('publish') ?? (killed?.step === 'publish' ? killed.peakMB : undefined)
      // the baseline ran while the core's published state was still held: count only what it added to the heap at its start
      const basePeak = this.peakOf.get('publishBaseline')
      const base = basePeak === undefined ? undefined : basePeak - (this.startHeapOf.get('publishBaseline') ?? 0) + (this.startHeapOf.get('publish') ?? 0)
      if (core !== undefined && core > 0) {
        const finished = this.peakOf.has('publish')
        out.set(k, {
          op: 'publishHeap',
          items: g.items,
          value: Math.max(core, m?.status === 'ok' ? m.value : 0),
          unit: 'MB',
          samples: 1,
          status: finished ? 'ok' : 'budget',
          ...(base === undefined ? (m?.baseline === undefined ? {} : { baseline: m.baseline }) : { baseline: base }),
          note: finished ? 'peak heap used during create + publish (V8 GC trace; the decoded inputs included)' : 'peak heap used until publish was stopped',
        })
      }
    }
    return [...out.values()]
  }
}

const GC_LINE = /ms: .*?([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/

const childPath = fileURLToPath(new URL('./child.ts', import.meta.url))
const root = fileURLToPath(new URL('..', import.meta.url))

const runChild = (group: Group, log: (s: string) => void): Promise<{ measurements: Measurement[]; outcome: GroupOutcome }> =>
  new Promise((resolve) => {
    const t0 = now()
    const c = new Collector(group)
    const heapLimit = group.items >= 1_000_000 ? 10_240 : group.kind === 'scenario' ? 6_144 : 4_096
    const young = group.kind === 'bulkYoung' ? [`--max-semi-space-size=${YOUNG_SEMI_SPACE_MB}`] : []
    const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', '--trace-gc', `--max-old-space-size=${heapLimit}`, ...young, childPath, JSON.stringify(group)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let timer: NodeJS.Timeout | undefined
    let killedAt: string | undefined
    let failure: string | undefined
    let stderr = ''
    const arm = (budgetMs: number): void => {
      if (timer !== undefined) clearTimeout(timer)
      // a step may overrun its budget a little (it checks the clock between units of work), never the group's
      const delay = Math.min(budgetMs + Math.max(5_000, budgetMs * 0.2), group.budgetMs - msSince(t0) + 5_000)
      timer = setTimeout(
        () => {
          killedAt = c.current?.step
          child.kill('SIGKILL')
        },
        Math.max(1_000, delay),
      )
    }
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4_000)
    })
    const lines = createInterface({ input: child.stdout })
    lines.on('line', (line) => {
      if (!line.startsWith('@@')) {
        const gc = GC_LINE.exec(line)
        if (gc !== null) c.gc(Number(gc[1]))
        return
      }
      const tag = line.slice(2, 3)
      const body = line.length > 4 ? (JSON.parse(line.slice(4), (_k, v: unknown) => (v === null ? Number.NaN : v)) as Record<string, unknown>) : {}
      switch (tag) {
        case 'S':
          c.start(String(body['step']), Number(body['budgetMs']), Number(body['heapMB']))
          arm(Number(body['budgetMs']))
          break
        case 'P':
          c.progress(String(body['step']), body as Record<string, number>)
          break
        case 'R':
          c.result(body as unknown as Measurement)
          break
        case 'E':
          c.end(String(body['step']), Number(body['heapMB']))
          if (timer !== undefined) clearTimeout(timer)
          timer = undefined
          break
        case 'X':
          c.stop(String(body['reason']))
          break
        case 'F':
          failure = String(body['message'])
          break
        default:
          break
      }
    })
    child.on('close', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer)
      const ms = msSince(t0)
      if (killedAt !== undefined) {
        log(`  ${label(group)}: ${killedAt} exceeded its budget; stopped after ${(ms / 1000).toFixed(1)} s`)
        resolve({ measurements: c.finish('killed'), outcome: { group, ms, status: 'killed', note: `${killedAt} exceeded its budget` } })
        return
      }
      if (code !== 0 || failure !== undefined) {
        const oom = /heap out of memory|Allocation failed|NewFillerObject|Reached heap limit/.test(stderr)
        const why = failure ?? (oom ? `ran out of memory (heap limit ${heapLimit / 1024} GB)` : `exit ${code ?? signal ?? '?'}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`)
        const first = `${c.current === undefined ? '' : `${c.current.step}: `}${why.split('\n')[0] ?? why}`
        log(`  ${label(group)}: failed in ${first}`)
        resolve({ measurements: c.finish('failed', why.split('\n')[0]), outcome: { group, ms, status: 'failed', note: first } })
        return
      }
      resolve({ measurements: c.finish('done'), outcome: { group, ms, status: c.stopped === undefined ? 'done' : 'stopped', ...(c.stopped === undefined ? {} : { note: c.stopped }) } })
    })
  })

const runInProcess = async (group: Group): Promise<{ measurements: Measurement[]; outcome: GroupOutcome }> => {
  const t0 = now()
  const c = new Collector(group)
  try {
    await runGroup(group, c)
    return { measurements: c.finish('done'), outcome: { group, ms: msSince(t0), status: c.stopped === undefined ? 'done' : 'stopped', ...(c.stopped === undefined ? {} : { note: c.stopped }) } }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    return { measurements: c.finish('failed', why), outcome: { group, ms: msSince(t0), status: 'failed', note: why } }
  }
}

export const label = (g: Group): string => `${g.kind} ${g.items.toLocaleString('en-US')} items`

/** Runs the plan within the total budget and returns every figure. */
export const runHarness = async (o: HarnessOptions): Promise<Outcome> => {
  const t0 = now()
  const groups = plan(o.smoke)
  const measurements: Measurement[] = []
  const outcomes: GroupOutcome[] = []
  // a kind whose smaller size was stopped in its first measured step is not run at larger sizes
  const hopeless = new Map<GroupKind, string>()
  for (let i = 0; i < groups.length; i++) {
    const planned = groups[i]!
    const reserve = groups.slice(i + 1).reduce((n, g) => n + g.minMs, 0)
    const left = o.totalBudgetMs - msSince(t0) - reserve
    const budgetMs = Math.min(planned.budgetMs, left)
    const group: Group = { kind: planned.kind, items: planned.items, budgetMs, smoke: planned.smoke }
    const skip = hopeless.get(planned.kind) ?? (budgetMs < planned.minMs ? 'no time left in the total budget' : undefined)
    if (skip !== undefined) {
      o.log(`  ${label(group)}: skipped (${skip})`)
      outcomes.push({ group, ms: 0, status: 'skipped', note: skip })
      for (const { ops } of stepsOf(group.kind)) {
        for (const op of ops) measurements.push({ op, items: group.items, value: Number.NaN, unit: opUnit[op], samples: 0, status: 'skipped', note: skip })
      }
      continue
    }
    o.log(`  ${label(group)} (budget ${(budgetMs / 1000).toFixed(0)} s) …`)
    const r = o.inProcess ? await runInProcess(group) : await runChild(group, o.log)
    outcomes.push(r.outcome)
    for (const m of r.measurements) measurements.push(m)
    const firstOps = stepsOf(group.kind).find((s) => s.ops.length > 0)?.ops ?? []
    const first = r.measurements.find((m) => m.op === firstOps[0])
    if (first !== undefined && (first.status === 'budget' || first.status === 'notReached' || first.status === 'error')) {
      hopeless.set(planned.kind, `${label(group)}: ${first.op} ${first.status === 'budget' ? 'exceeded its budget' : 'was not measured'}`)
    }
  }
  return { smoke: o.smoke, measurements, groups: outcomes, elapsedMs: msSince(t0), totalBudgetMs: o.totalBudgetMs }
}
