/**
 * The measurements, grouped by what they share (a group runs in one child
 * process, or in-process for the smoke test). Everything goes through the
 * public API: execute, advance, fold, progress, runScenario, makeService with
 * the in-memory adapters, and the CLI's table renderer.
 */
import { getHeapSpaceStatistics } from 'node:v8'
import * as E from 'fp-ts/lib/Either.js'
import type { CampaignEvent, CampaignState, Command, Executed, ScenarioReport } from '../src/index.js'
import { advance, execute, fold, makeService, progress, runScenario } from '../src/index.js'
import { InMemoryCampaignStore, InMemoryFulfiller, InMemoryNotifier, TestClock } from '../src/testing/index.js'
import { reportTables, stepLabels } from '../src/cli/table.js'
import { jsonDuplicateKey } from '../src/scenario/jsonError.js'
import type { BState } from './baseline.js'
import { BEvents, bAdvance, bDecide, bExtend, bFold, bProgress, bPublish, bScenarioReport, bTable } from './baseline.js'
import type { Group, Measurement, Op, Reporter, Unit } from './model.js'
import {
  CAMPAIGN_ID,
  definitionJson,
  directoryJson,
  extendCommand,
  instant,
  itemId,
  itemsJson,
  lapsingPackets,
  lifecycleCommands,
  managerOf,
  onePacketCommands,
  rita,
  scenarioText,
  shapeOf,
  singleDecisions,
  streams,
  T,
} from './shape.js'
import type { Batch } from './shape.js'
import { collect, msSince, now, sample, timed } from './timing.js'
import { servicePostgres } from './postgres.js'

const MB = 1024 * 1024

export const ex = (c: Command, s: CampaignState | undefined): Executed => {
  const r = execute(c, s)
  if (E.isLeft(r)) throw new Error(`the core refused a bench command (${c.type}): ${r.left.code}: ${r.left.message.slice(0, 300)}`)
  return r.right
}

const countOf = (events: ReadonlyArray<CampaignEvent>, type: CampaignEvent['type']): number => {
  let n = 0
  for (const e of events) if (e.type === type) n++
  return n
}

/** The default budget of a step, before the group's remaining budget caps it. */
const stepBudget = (g: Group, step: string): number => {
  if (g.smoke) return 20_000
  if (step === 'table') return 20_000
  // creating and publishing the 100k-item campaign on both stores (not a measured figure)
  if (step === 'pgSetup') return 120_000
  if (step === 'scenario') return 30_000
  if (g.items <= 10_000) return 30_000
  if (g.items <= 100_000) return step === 'bulk' || step === 'replay' ? 60_000 : 45_000
  switch (step) {
    case 'inputs':
    case 'bulkInputs':
    case 'replayInputs':
      return 60_000
    case 'publish':
      return 90_000
    case 'bulk':
      return 200_000
    case 'replay':
      return 90_000
    default:
      return 60_000
  }
}

const heapMB = (): number => process.memoryUsage().heapUsed / MB

const fail = (message: string): never => {
  throw new Error(message)
}

class Stop extends Error {}

const bench = (g: Group, r: Reporter): { step: (name: string, f: (budgetMs: number) => void) => void; stepAsync: (name: string, f: (budgetMs: number) => Promise<void>) => Promise<void>; m: (op: Op, value: number, unit: Unit, rest?: Partial<Measurement>) => void } => {
  const t0 = now()
  const budgetOf = (name: string): number => {
    const left = g.budgetMs - msSince(t0)
    if (left <= 0) {
      r.stop(`the group's time budget was spent before ${name}`)
      throw new Stop()
    }
    return Math.max(1, Math.min(stepBudget(g, name), left))
  }
  return {
    step: (name, f) => {
      const b = budgetOf(name)
      collect()
      r.start(name, b)
      f(b)
      r.end(name)
    },
    stepAsync: async (name, f) => {
      const b = budgetOf(name)
      collect()
      r.start(name, b)
      await f(b)
      r.end(name)
    },
    m: (op, value, unit, rest = {}) => r.result({ op, items: g.items, value, unit, samples: 1, status: 'ok', ...rest }),
  }
}

/** Runs one group; a Stop (budget) ends it quietly, anything else propagates. */
export const runGroup = async (g: Group, r: Reporter): Promise<void> => {
  try {
    switch (g.kind) {
      case 'chain':
        return chain(g, r)
      case 'bulkYoung':
        return bulkYoung(g, r)
      case 'onePacketDecide':
      case 'onePacketExpire':
        return onePacket(g, r)
      case 'scenario':
        return scenario(g, r)
      case 'service':
        return await service(g, r)
      case 'servicePostgres':
        return await servicePostgres(g, r, bench(g, r))
    }
  } catch (e) {
    if (e instanceof Stop) return
    throw e
  }
}

/**
 * The bulk decisions: every batch through `execute`, each command on the
 * state the one before returned; `each` runs after every command (progress,
 * the budget) with the item-decisions and milliseconds so far.
 */
const bulkRun = (from: CampaignState, batches: ReadonlyArray<Batch>, each: (done: number, ms: number) => void): { ms: number; state: CampaignState } => {
  let s = from
  let ms = 0
  let done = 0
  for (const b of batches) {
    const t = timed(() => ex(b.command, s))
    ms += t.ms
    s = t.value.state
    done += b.itemIds.length
    each(done, ms)
  }
  return { ms, state: s }
}

/**
 * The timed runs of the bulk decisions: one untimed run first at small sizes,
 * then up to three while the step's budget allows; each run starts from the
 * published state and drops the decided state of the run before (dropped,
 * not collected: a forced full collection leaves sweeping that the next
 * timed run would pay for). The median time and the last run's state.
 */
const bulkRuns = (
  runOnce: (measured: boolean) => { ms: number; state: CampaignState },
  small: boolean,
  elapsed: () => number,
  budget: number,
): { ms: number; samples: number; state: CampaignState } => {
  if (small) runOnce(false)
  const runs: number[] = []
  let last: { ms: number; state: CampaignState } | undefined = runOnce(true)
  runs.push(last.ms)
  while (runs.length < 3 && elapsed() + last.ms < budget * 0.6) {
    // the decided state of the run before is dropped first
    last = undefined
    last = runOnce(true)
    runs.push(last.ms)
  }
  runs.sort((a, b) => a - b)
  return { ms: runs[runs.length >> 1] ?? Number.NaN, samples: runs.length, state: last.state }
}

/**
 * The baseline over the same decision stream: the median of three runs, and
 * the state the last left. With `events`, each command also builds the
 * events the core emits for it (`BEvents`: the events floor), dropped when
 * the next command runs, as the bulk runs drop the core's.
 */
const baselineBulk = (from: BState, batches: ReadonlyArray<Batch>, events = false): { ms: number; state: BState } => {
  const runs: number[] = []
  let state = from
  for (let i = 0; i < 3; i++) {
    let bs = from
    runs.push(timed(() => {
      for (const b of batches) bs = bDecide(bs, b.actor, b.itemIds, true, instant(b.level === 1 ? T.stream1 : T.stream2), events ? new BEvents() : undefined)
    }).ms)
    state = bs
  }
  runs.sort((a, b) => a - b)
  return { ms: runs[runs.length >> 1] ?? Number.NaN, state }
}

// -------------------------------------------------------------------------------------
// the campaign chain: publish, single decisions, idle advance, extend, bulk, lapse, views, replay
// -------------------------------------------------------------------------------------

const chain = (g: Group, r: Reporter): void => {
  const { step, m } = bench(g, r)
  const big = g.items >= 1_000_000
  const shape = shapeOf(g.items)
  let inputs: ReturnType<typeof lifecycleCommands> | undefined
  const nSingle = Math.min(1_000, shape.subjects)
  let singles: ReturnType<typeof singleDecisions> = []
  let warmSingles: ReturnType<typeof singleDecisions> = []
  step('inputs', () => {
    inputs = lifecycleCommands(shape)
    singles = singleDecisions(shape, nSingle)
    warmSingles = singleDecisions(shape, Math.min(200, shape.subjects), nSingle)
  })
  if (inputs === undefined) throw new Error('no inputs')
  // what the chain holds is dropped as soon as no later step needs it, so that
  // the heap at 1M items is the core's, not the harness's
  const held: { create?: Command; publish?: Command; batches: Batch[]; published?: CampaignState; lifecycleLog: CampaignEvent[] } = {
    create: inputs.create,
    publish: inputs.publish,
    // the bulk commands are made just before the bulk step (see there)
    batches: [],
    lifecycleLog: [],
  }
  inputs = undefined
  const create = (): Command => held.create ?? fail('create was dropped')
  const publish = (): Command => held.publish ?? fail('publish was dropped')
  const pub = (): CampaignState => held.published ?? fail('the published state was dropped')

  // create + publish
  let s0: CampaignState | undefined
  let publishMs = Number.NaN
  let publishSamples = 0
  let heapAfter = 0
  step('publish', (budget) => {
    collect()
    const before = heapMB()
    const out = sample(
      () => {
        const c = ex(create(), undefined)
        const p = ex(publish(), c.state)
        s0 = p.state
        held.lifecycleLog = [...c.events, ...p.events]
        heapAfter = Math.max(heapAfter, heapMB())
      },
      {
        warmup: g.items <= 10_000 ? 1 : 0,
        max: big ? 3 : 5,
        budgetMs: budget,
        // the state and log of the run before are collected before the next
        // run: the peak heap is one run's, not one run's plus the garbage of another
        between: () => {
          s0 = undefined
          held.lifecycleLog = []
          collect()
        },
      },
    )
    publishMs = out.ms
    publishSamples = out.samples.length
    const retained = (heapMB() - before) * MB
    m('publish', publishMs, 'ms', { samples: publishSamples })
    if (collect()) m('retained', ((heapMB() - before) * MB) / shape.items, 'B', { note: 'heap retained by the published state and its events, per item' })
    else m('retained', retained / shape.items, 'B', { status: 'skipped', note: 'needs node --expose-gc' })
  })
  if (s0 === undefined) throw new Error('no published state')
  held.published = s0
  s0 = undefined

  let b0: BState | undefined
  step('publishBaseline', (budget) => {
    collect()
    let bHeap = 0
    const out = sample(
      () => {
        b0 = bPublish(create(), publish())
        bHeap = Math.max(bHeap, heapMB())
      },
      {
        warmup: g.items <= 10_000 ? 1 : 0,
        max: big ? 3 : 5,
        budgetMs: budget,
        between: () => {
          b0 = undefined
          collect()
        },
      },
    )
    m('publish', publishMs, 'ms', { samples: publishSamples, baseline: out.ms })
    m('publishHeap', heapAfter, 'MB', { baseline: bHeap, note: 'heap used right after publish (no GC trace)' })
  })
  if (b0 === undefined) throw new Error('no baseline state')
  const base0: BState = b0
  delete held.create
  delete held.publish

  // single-item decisions, each on the state the previous one produced
  step('single', (budget) => {
    const run = (list: typeof singles): void => {
      let s = pub()
      for (const d of list) s = ex(d.command, s).state
    }
    for (let i = 0; i < 3; i++) run(warmSingles)
    const core = sample(() => run(singles), { warmup: 1, max: 5, budgetMs: budget * 0.8 })
    const at = instant(T.single)
    const brun = (list: typeof singles): void => {
      let s = base0
      for (const d of list) s = bDecide(s, managerOf(d.subject), [d.itemId], true, at)
    }
    brun(warmSingles)
    const base = sample(() => brun(singles), { warmup: 1, max: 5, budgetMs: budget * 0.2 })
    m('single', (core.ms * 1000) / singles.length, 'us', { samples: core.samples.length, baseline: (base.ms * 1000) / singles.length, extra: { decisions: singles.length } })
  })

  // advance with nothing due after publish: warm (the state execute returned) and cold (folded from the log)
  step('idlePublished', (budget) => {
    const to = instant(T.idleAfterPublish)
    const check = (events: ReadonlyArray<CampaignEvent>): void => {
      if (events.length > 0) throw new Error(`advance to ${T.idleAfterPublish} was expected to find nothing due, got ${events.length} events`)
    }
    check(advance(pub(), to).events)
    const reps = 200
    const warm = sample(
      () => {
        const s = pub()
        for (let i = 0; i < reps; i++) advance(s, to)
      },
      { warmup: 1, max: 5, budgetMs: budget * 0.2 },
    )
    const base = sample(
      () => {
        for (let i = 0; i < reps; i++) bAdvance(base0, to)
      },
      { warmup: 1, max: 5, budgetMs: 1_000 },
    )
    m('idlePublishedWarm', warm.ms / reps, 'ms', { samples: warm.samples.length, baseline: base.ms / reps })
    const cold: number[] = []
    const t0 = now()
    while (cold.length < (big ? 1 : 5) && (cold.length === 0 || msSince(t0) < budget * 0.5)) {
      const folded = fold(undefined, held.lifecycleLog)
      if (folded === undefined) throw new Error('fold gave no state')
      const t = timed(() => advance(folded, to))
      check(t.value.events)
      cold.push(t.ms)
    }
    cold.sort((a, b) => a - b)
    m('idlePublishedCold', cold[cold.length >> 1] ?? Number.NaN, 'ms', { samples: cold.length, baseline: base.ms / reps, note: 'the first advance on a state folded from the create and publish events' })
  })

  // extend with cascade over every packet
  step('extend', (budget) => {
    const c = extendCommand()
    let lastRun: Executed | undefined
    const core = sample(() => void (lastRun = ex(c, pub())), {
      warmup: g.items <= 10_000 ? 1 : 0,
      max: 5,
      budgetMs: budget * 0.8,
      // the run before is dropped (not collected: a forced full collection
      // leaves sweeping that the next timed run would pay for)
      between: () => {
        lastRun = undefined
      },
    })
    const extended = lastRun === undefined ? 0 : countOf(lastRun.events, 'PacketExtended')
    lastRun = undefined
    if (extended !== shape.subjects) throw new Error(`extend was expected to extend ${shape.subjects} packets, extended ${extended}`)
    const base = sample(() => void bExtend(base0, 1), { warmup: 1, max: 5, budgetMs: budget * 0.2 })
    m('extend', core.ms, 'ms', { samples: core.samples.length, baseline: base.ms })
  })

  // bulk decisions: stream 1 (managers, level 1) and stream 2 (rita, level 2), 10,000 items a command
  let decided: CampaignState | undefined
  // the events of the decisions are not kept by the timed runs: a user's loop
  // hands them to a store and drops them, and a harness that kept 200
  // commands' events (millions of objects at 1M) would charge their promotion
  // and marking to the core; the replay step makes its log anew (see there)
  // the decision streams are made here, not with the other inputs: at 1M
  // items their 200 commands of 10,000 ids would otherwise be live through
  // publish, extend and the other steps before, and every major collection
  // of those steps would mark them (the harness's, not the core's)
  let batches: Batch[] = []
  let total = 0
  step('bulkInputs', () => {
    const st = streams(shape)
    held.batches = [...st.stream1, ...st.stream2]
    batches = held.batches
    total = batches.reduce((n, b) => n + b.itemIds.length, 0)
  })
  let bDecided: BState | undefined
  step('bulk', (budget) => {
    const t0 = now()
    const small = g.items <= 10_000
    const runOnce = (measured: boolean): { ms: number; state: CampaignState } =>
      bulkRun(pub(), batches, (done, ms) => {
        if (!measured) return
        r.progress('bulk', { items: done, ms })
        if (msSince(t0) > budget * 0.9) {
          m('bulk', (done / ms) * 1000, 'perSec', {
            status: 'budget',
            note: `stopped at the budget after ${done} of ${total} item-decisions (${(ms / 1000).toFixed(1)} s)`,
            extra: { ms, items: done },
          })
          r.end('bulk')
          r.stop('bulk decisions missed their budget')
          throw new Stop()
        }
      })
    const { ms, samples, state } = bulkRuns(runOnce, small, () => msSince(t0), budget)
    decided = state
    // the baseline over the same stream
    const base = baselineBulk(base0, batches)
    bDecided = base.state
    const bm = base.ms
    m('bulk', (total / ms) * 1000, 'perSec', { samples, baseline: (total / bm) * 1000, extra: { ms, items: total, commands: batches.length } })
    // the events floor: the baseline building the same commands' events
    const fm = baselineBulk(base0, batches, true).ms
    m('bulkFloor', (total / fm) * 1000, 'perSec', { samples: 3, baseline: (total / bm) * 1000, extra: { ms: fm, items: total, coreMs: ms } })
  })
  // no later step needs the published state or the commands (the lifecycle
  // log is kept for the replay's log: it shares most of its objects with the
  // decided state)
  delete held.published
  held.batches = []
  batches.length = 0
  if (decided === undefined || bDecided === undefined) throw new Error('no decided state')
  // the decided state, dropped before the replay (which folds the log into a state of its own)
  let heldDecided: CampaignState | undefined = decided
  decided = undefined
  const sD = (): CampaignState => heldDecided ?? fail('the decided state was dropped')
  const bD: BState = bDecided

  // advance with 10 % of the packets lapsing (two escalations and the expiry of each)
  step('lapse', (budget) => {
    const to = instant(T.lapse)
    const lapsing = lapsingPackets(shape)
    let lastRun: ReturnType<typeof advance> | undefined
    const core = sample(() => void (lastRun = advance(sD(), to)), {
      warmup: g.items <= 10_000 ? 1 : 0,
      max: 5,
      budgetMs: budget * 0.8,
      // the run before is dropped (not collected: a forced full collection
      // leaves sweeping that the next timed run would pay for)
      between: () => {
        lastRun = undefined
      },
    })
    const expired = lastRun === undefined ? 0 : countOf(lastRun.events, 'PacketExpired')
    lastRun = undefined
    if (expired !== lapsing) throw new Error(`the lapse was expected to expire ${lapsing} packets, expired ${expired}`)
    const base = sample(() => void bAdvance(bD, to), { warmup: 1, max: 5, budgetMs: budget * 0.2 })
    m('lapse', core.ms, 'ms', {
      samples: core.samples.length,
      baseline: base.ms,
      extra: { lapsingPackets: lapsing, usPerLapsingPacket: (core.ms * 1000) / Math.max(1, lapsing) },
    })
  })

  step('idleDecided', (budget) => {
    const to = instant(T.idleAfterDecisions)
    if (advance(sD(), to).events.length > 0) throw new Error(`advance to ${T.idleAfterDecisions} was expected to find nothing due`)
    const reps = 200
    const warm = sample(
      () => {
        for (let i = 0; i < reps; i++) advance(sD(), to)
      },
      { warmup: 1, max: 5, budgetMs: budget * 0.5 },
    )
    const base = sample(
      () => {
        for (let i = 0; i < reps; i++) bAdvance(bD, to)
      },
      { warmup: 1, max: 5, budgetMs: 1_000 },
    )
    m('idleDecidedWarm', warm.ms / reps, 'ms', { samples: warm.samples.length, baseline: base.ms / reps })
  })

  step('progress', (budget) => {
    const views = (): void => {
      const s = sD()
      progress(s, 'integration')
      progress(s, 'reviewer')
      progress(s, 'resource')
    }
    const core = sample(views, { warmup: g.items <= 100_000 ? 1 : 0, max: 5, budgetMs: budget * 0.8 })
    const base = sample(() => void bProgress(bD), { warmup: 1, max: 5, budgetMs: budget * 0.2 })
    m('progress', core.ms, 'ms', { samples: core.samples.length, baseline: base.ms, note: 'the three progress views (integration, reviewer, resource)' })
  })

  // replay: fold of the whole log; the first advance (nothing due) on each folded state is the cold figure.
  // No later step needs the decided state: it is dropped, so that the heap the
  // replay's collections mark is the log and the state the fold builds, not
  // a second million-item state the harness kept
  heldDecided = undefined
  // the replay's log: the lifecycle log, then the events of both decision
  // streams run again on the state it folds to (the same commands on the same
  // state: the same events as the bulk step's, made here so that no step
  // before kept them)
  const log: CampaignEvent[] = []
  step('replayInputs', () => {
    let s = fold(undefined, held.lifecycleLog) ?? fail('the lifecycle log folds to no state')
    for (const e of held.lifecycleLog) log.push(e)
    held.lifecycleLog = []
    const st = streams(shape)
    for (const b of [...st.stream1, ...st.stream2]) {
      const r = ex(b.command, s)
      s = r.state
      for (const e of r.events) log.push(e)
    }
    if (countOf(log, 'ItemsDecided') === 0) throw new Error('the replay log holds no decision')
  })
  step('replay', (budget) => {
    const to = instant(T.idleAfterDecisions)
    const folds: number[] = []
    const colds: number[] = []
    const t0 = now()
    while (folds.length < 3 && (folds.length === 0 || msSince(t0) + (folds[0] ?? 0) < budget * 0.7)) {
      const f = timed(() => fold(undefined, log))
      if (f.value === undefined) throw new Error('fold gave no state')
      folds.push(f.ms)
      const folded = f.value
      const a = timed(() => advance(folded, to))
      if (a.value.events.length > 0) throw new Error('advance on the folded state was expected to find nothing due')
      colds.push(a.ms)
      collect()
    }
    const base = sample(() => void bFold(log), { warmup: 0, max: 3, budgetMs: budget * 0.2 })
    folds.sort((a, b) => a - b)
    colds.sort((a, b) => a - b)
    m('replay', folds[folds.length >> 1] ?? Number.NaN, 'ms', { samples: folds.length, baseline: base.ms, extra: { events: log.length } })
    m('idleDecidedCold', colds[colds.length >> 1] ?? Number.NaN, 'ms', {
      samples: colds.length,
      baseline: timed(() => bAdvance(bD, to)).ms,
      note: 'the first advance on a state folded from the whole log',
    })
  })
}

// -------------------------------------------------------------------------------------
// the bulk decisions again, in a process with a larger young generation
// -------------------------------------------------------------------------------------

/** The semi-space of the young generation this process runs with, in MB (half of V8's new space). */
const semiSpaceMB = (): number => (getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0) / 2 / MB

/**
 * The bulk step of the chain (both decision streams through `execute`, each
 * command on the state the one before returned; the median of three runs,
 * the baseline's three runs beside it), on its own in a process that the
 * harness starts with `--max-semi-space-size` (bench/harness.ts). A 10,000-item
 * command's events and new state (about 4.5 MB) are alive until it returns:
 * with semi-spaces of 16 MB, the collector copies most of one command's
 * output at each scavenge. The figure says what a platform gains by the flag.
 */
const bulkYoung = (g: Group, r: Reporter): void => {
  const { step, m } = bench(g, r)
  const shape = shapeOf(g.items)
  let published: CampaignState | undefined
  let base0: BState | undefined
  let batches: Batch[] = []
  step('inputs', () => {
    const { create, publish } = lifecycleCommands(shape)
    published = ex(publish, ex(create, undefined).state).state
    base0 = bPublish(create, publish)
    const st = streams(shape)
    batches = [...st.stream1, ...st.stream2]
  })
  const pub = published ?? fail('no published state')
  const b0 = base0 ?? fail('no baseline state')
  published = undefined
  base0 = undefined
  const total = batches.reduce((n, b) => n + b.itemIds.length, 0)
  step('bulk', (budget) => {
    const t0 = now()
    const runOnce = (measured: boolean): { ms: number; state: CampaignState } =>
      bulkRun(pub, batches, (done, ms) => {
        if (measured) r.progress('bulk', { items: done, ms })
      })
    const { ms, samples } = bulkRuns(runOnce, g.items <= 10_000, () => msSince(t0), budget)
    const bm = baselineBulk(b0, batches).ms
    const semiSpace = semiSpaceMB()
    m('bulkYoung', (total / ms) * 1000, 'perSec', {
      samples,
      baseline: (total / bm) * 1000,
      note: `semi-spaces of ${semiSpace.toFixed(0)} MB`,
      extra: { ms, items: total, commands: batches.length, semiSpaceMB: semiSpace },
    })
  })
}

// -------------------------------------------------------------------------------------
// one packet of many items: one bulk decision, or its expiry
// -------------------------------------------------------------------------------------

const onePacket = (g: Group, r: Reporter): void => {
  const { step, m } = bench(g, r)
  const k = Math.min(10_000, g.items)
  let c: ReturnType<typeof onePacketCommands> | undefined
  let p0: CampaignState | undefined
  let b0: BState | undefined
  step('inputs', () => {
    c = onePacketCommands(k)
    p0 = ex(c.publish, ex(c.create, undefined).state).state
    b0 = bPublish(c.create, c.publish)
  })
  if (c === undefined || p0 === undefined || b0 === undefined) throw new Error('no inputs')
  const { decide } = c
  const state = p0
  const base0 = b0
  if (g.kind === 'onePacketDecide') {
    step('onePacketDecide', (budget) => {
      const core = sample(() => void ex(decide, state), { warmup: 3, max: 9, budgetMs: budget * 0.9 })
      const ids = decide.type === 'decide' ? decide.items : []
      const base = sample(() => void bDecide(base0, 'm-big', ids, true, instant(T.stream1)), { warmup: 1, max: 5, budgetMs: budget * 0.1 })
      m('onePacketDecide', core.ms, 'ms', { samples: core.samples.length, baseline: base.ms, extra: { itemsInPacket: k } })
    })
  } else {
    step('onePacketExpire', (budget) => {
      const to = instant(T.onePacketExpired)
      const first = advance(state, to)
      if (countOf(first.events, 'PacketExpired') !== 1) throw new Error('the packet was expected to expire')
      const core = sample(() => void advance(state, to), { warmup: 3, max: 9, budgetMs: budget * 0.9 })
      const base = sample(() => void bAdvance(base0, to), { warmup: 1, max: 5, budgetMs: budget * 0.1 })
      m('onePacketExpire', core.ms, 'ms', { samples: core.samples.length, baseline: base.ms, extra: { itemsInPacket: k } })
    })
  }
}

// -------------------------------------------------------------------------------------
// scenario report (--format json) and --format table
// -------------------------------------------------------------------------------------

const scenario = (g: Group, r: Reporter): void => {
  const { step, m } = bench(g, r)
  const shape = shapeOf(g.items)
  let text = ''
  step('inputs', () => {
    text = scenarioText(shape)
  })
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN
  let last: { input: unknown; report: ScenarioReport } | undefined
  let R = Number.NaN
  step('scenario', (budget) => {
    const run: number[] = []
    const json: number[] = []
    const t0 = now()
    const once = (): void => {
      last = undefined
      const t = timed(() => {
        const input: unknown = JSON.parse(text)
        // the CLI refuses a JSON object that names a key twice (JSON.parse keeps the last)
        if (jsonDuplicateKey(text) !== undefined) throw new Error('the bench scenario repeats a key')
        const report = runScenario(input)
        if (E.isLeft(report)) throw new Error(`the bench scenario does not run: ${JSON.stringify(report.left.slice(0, 3))}`)
        return { input, report: report.right }
      })
      const j = timed(() => JSON.stringify(t.value.report, null, 2))
      run.push(t.ms)
      json.push(j.ms)
      last = t.value
    }
    if (g.items <= 10_000) once() // warm-up
    run.length = 0
    json.length = 0
    while (run.length < 5 && (run.length === 0 || msSince(t0) + 2 * (run[0] ?? 0) < budget * 0.8)) once()
    R = med(run)
    const J = med(json)
    const base = sample(() => void JSON.stringify(bScenarioReport(text), null, 2), { warmup: 0, max: 3, budgetMs: budget * 0.1 })
    m('scenario', R + J, 'ms', {
      samples: run.length,
      baseline: base.ms,
      extra: { runMs: R, jsonMs: J, bytes: text.length, subjects: shape.subjects },
      note: 'JSON.parse and the repeated-key check + runScenario + JSON.stringify (the CLI with --format json, without I/O)',
    })
  })
  // the table renderer on the last report (a separate step: it may fail on its own)
  step('table', (budget) => {
    const report = last
    if (report === undefined) throw new Error('no report')
    const tables: number[] = []
    const t0 = now()
    while (tables.length < 5 && (tables.length === 0 || msSince(t0) + 2 * (tables[0] ?? 0) < budget * 0.8)) {
      tables.push(timed(() => reportTables(report.report, stepLabels(report.input))).ms)
    }
    const Tb = med(tables)
    const base = sample(() => void bTable(bScenarioReport(text)), { warmup: 0, max: 3, budgetMs: budget * 0.1 })
    m('table', R + Tb, 'ms', {
      samples: tables.length,
      baseline: base.ms,
      extra: { runMs: R, tableMs: Tb, subjects: shape.subjects },
      note: 'JSON.parse and the repeated-key check + runScenario + reportTables (the CLI with --format table, without I/O)',
    })
  })
}

// -------------------------------------------------------------------------------------
// the service: 8 concurrent workers sending single-item decisions
// -------------------------------------------------------------------------------------

const WORKERS = 8

const service = async (g: Group, r: Reporter): Promise<void> => {
  const { step, stepAsync, m } = bench(g, r)
  const shape = shapeOf(g.items)
  let items: ReturnType<typeof itemsJson> = []
  let directory: ReturnType<typeof directoryJson> | undefined
  step('inputs', () => {
    items = itemsJson(shape)
    directory = directoryJson(shape)
  })
  const clock = new TestClock(instant(T.created))
  const store = new InMemoryCampaignStore()
  const svc = makeService({ store, notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock })
  const accepted = async (commandId: string, c: unknown): Promise<boolean> => {
    const h = await svc.handle(CAMPAIGN_ID, commandId, c)
    return E.isRight(h) && h.right.result._tag === 'accepted'
  }
  await stepAsync('serviceSetup', async () => {
    if (!(await accepted('create', { type: 'create', actor: rita, definition: definitionJson(), items }))) throw new Error('the service refused create')
    clock.set(instant(T.published))
    if (!(await accepted('publish', { type: 'publish', actor: rita, directory }))) throw new Error('the service refused publish')
    items = []
  })
  await stepAsync('service', async (budget) => {
    clock.set(instant(T.single))
    // warm-up: the last subjects, item 1, not counted
    const warm = Math.min(Math.floor(shape.subjects / 4), g.smoke ? 8 : 200)
    for (let k = shape.subjects - warm; k < shape.subjects; k++) {
      if (!(await accepted(`w-${k}`, { type: 'decide', actor: { id: managerOf(k), roles: [] }, items: [itemId(k, 1)], decision: 'approve' }))) throw new Error('the service refused a warm-up decision')
    }
    const max = Math.min(shape.subjects, g.smoke ? 200 : 20_000)
    const done: number[] = []
    let failures = 0
    const t0 = now()
    const worker = async (w: number): Promise<void> => {
      for (let k = w; k < max; k += WORKERS) {
        if (msSince(t0) > budget * 0.8) return
        const ok = await accepted(`d-${k}`, { type: 'decide', actor: { id: managerOf(k), roles: [] }, items: [itemId(k, 0)], decision: 'approve' })
        if (!ok) failures++
        done.push(msSince(t0))
        if (done.length % 64 === 0) r.progress('service', { commands: done.length, ms: msSince(t0) })
      }
    }
    const workers: Array<Promise<void>> = []
    for (let w = 0; w < WORKERS; w++) workers.push(worker(w))
    await Promise.all(workers)
    const elapsed = msSince(t0)
    const n = done.length
    const q = Math.max(1, Math.floor(n / 4))
    const rate = (a: number, b: number): number => ((b - a) / Math.max(1e-9, (done[b - 1] ?? 0) - (a === 0 ? 0 : (done[a - 1] ?? 0)))) * 1000
    const first = n >= 4 ? rate(0, q) : Number.NaN
    const last = n >= 4 ? rate(n - q, n) : Number.NaN
    // the baseline: the reducer's cost of the same single-item decision commands
    const [create, publish] = lifecycle(shape)
    const b0 = bPublish(create, publish)
    const at = instant(T.single)
    const count = Math.min(n > 0 ? n : 1, 2_000)
    const bt = timed(() => {
      let s = b0
      for (let k = 0; k < count; k++) s = bDecide(s, managerOf(k), [itemId(k, 0)], true, at)
    })
    m('service', (n / elapsed) * 1000, 'perSec', {
      samples: n,
      status: n < max ? 'budget' : 'ok',
      baseline: (count / bt.ms) * 1000,
      extra: { commands: n, ms: elapsed, failures, firstQuarterPerSec: first, lastQuarterPerSec: last, conflicts: store.conflicts },
      ...(n < max ? { note: `${n} of ${max} commands within the budget` } : {}),
    })
    if (failures > 0) throw new Error(`${failures} service commands were not accepted`)
  })
}

const lifecycle = (shape: ReturnType<typeof shapeOf>): [Command, Command] => {
  const l = lifecycleCommands(shape)
  return [l.create, l.publish]
}
