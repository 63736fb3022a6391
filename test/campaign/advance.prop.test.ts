// Properties of time (SPEC §5.6, §6; TESTING T10, T11): advance is
// idempotent and split-invariant with decisions interleaved (the state
// exactly; the events exactly, apart from periodic reminders that one
// advance coalesces, docs/limits.md, Reminders), windows are
// contiguous, extensions never shorten a window, cascade ON ends >= OFF ends,
// the due date moves by exactly `days` when the last level is extended, and
// nothing depends on luxon's default zone or the system clock.
//
// Campaigns are small on purpose (1–2 subjects, 1–4 items, 1–3 levels, 0–2
// escalation tiers) so that 10,000 runs of a property fit in a few seconds.
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { Settings } from 'luxon'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  activeReviewers,
  advance,
  calendarDaysBetween,
  decodeCommand,
  dueAtOf,
  execute,
  findItem,
  packetsOf,
  windowsOf,
} from '../../src/index.js'
import { clearTimeMemo } from '../../src/schedule/time.js'
import { lastLevelOf } from '../../src/campaign/state.js'
import type { CampaignEvent, CampaignState, Command, Instant, Packet, TimeZone, Window } from '../../src/index.js'
import { runs } from '../support/runs.js'
import { ZONES } from '../support/zones.js'

// -------------------------------------------------------------------------------------
// scenarios
// -------------------------------------------------------------------------------------


const FROM = Date.UTC(1990, 0, 1)
const TO = Date.UTC(2030, 0, 1)
const MINUTE = 60_000
const DAY = 86_400_000

type Dur = { days?: number; hours?: number }

interface Scenario {
  readonly zone: string
  readonly start: number
  readonly policy: 'reviewerWindows' | 'deadline'
  readonly dueInDays: number
  readonly escalateBeforeDue: 'none' | '1day' | '2days'
  readonly onLapse: 'expire' | 'overdue'
  readonly levels: ReadonlyArray<{ readonly duration: Dur; readonly escalations: ReadonlyArray<Dur> }>
  readonly reviewerLevels: number
  readonly subjects: ReadonlyArray<number>
  readonly reminders: 'none' | 'daily' | 'everyDays' | 'weekly' | 'beforeDue'
  readonly steps: ReadonlyArray<Step>
}

type Step =
  | { readonly kind: 'decide'; readonly gap: number; readonly item: number; readonly verdict: 'approve' | 'revoke'; readonly who: number }
  | { readonly kind: 'extend'; readonly gap: number; readonly days: number; readonly cascade: boolean }
  | { readonly kind: 'tick'; readonly gap: number }

const durArb = (daysOnly: boolean): fc.Arbitrary<Dur> =>
  daysOnly
    ? fc.integer({ min: 1, max: 3 }).map((days) => ({ days }))
    : fc.oneof(
        fc.integer({ min: 1, max: 3 }).map((days) => ({ days })),
        fc.integer({ min: 1, max: 60 }).map((hours) => ({ hours })),
        fc.record({ days: fc.integer({ min: 1, max: 2 }), hours: fc.integer({ min: 1, max: 23 }) }),
      )

const gapArb = fc.integer({ min: 0, max: 3 * 24 * 60 }).map((m) => m * MINUTE)

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('decide' as const), gap: gapArb, item: fc.nat(7), verdict: fc.constantFrom('approve' as const, 'revoke' as const), who: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extend' as const), gap: gapArb, days: fc.integer({ min: 1, max: 3 }), cascade: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), gap: gapArb }) },
)

const scenarioArb = (o: { daysOnly?: boolean; policy?: Scenario['policy'] } = {}): fc.Arbitrary<Scenario> =>
  fc.record({
    zone: fc.constantFrom(...ZONES),
    start: fc.integer({ min: FROM / MINUTE, max: TO / MINUTE }).map((m) => m * MINUTE),
    policy: o.policy === undefined ? fc.constantFrom('reviewerWindows' as const, 'reviewerWindows' as const, 'deadline' as const) : fc.constant(o.policy),
    dueInDays: fc.integer({ min: 1, max: 10 }),
    escalateBeforeDue: fc.constantFrom('none' as const, '1day' as const, '2days' as const),
    onLapse: fc.constantFrom('expire' as const, 'overdue' as const),
    levels: fc.array(fc.record({ duration: durArb(o.daysOnly ?? false), escalations: fc.array(durArb(o.daysOnly ?? false), { maxLength: 2 }) }), { minLength: 1, maxLength: 3 }),
    reviewerLevels: fc.integer({ min: 1, max: 3 }),
    subjects: fc.oneof(fc.tuple(fc.integer({ min: 1, max: 4 })), fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }))),
    reminders: fc.constantFrom('none' as const, 'daily' as const, 'everyDays' as const, 'weekly' as const, 'beforeDue' as const),
    steps: fc.array(stepArb, { maxLength: 6 }),
  })

const REVIEWERS = ['ana', 'ben', 'cal'] as const
const ESCALATION = ['eve', 'fay'] as const

const command = (u: Record<string, unknown>): Command => {
  const r = decodeCommand({ actor: { id: 'rita', roles: ['riskManager'] }, ...u })
  if (E.isLeft(r)) throw new Error(`command does not decode: ${JSON.stringify(r.left)}`)
  return r.right
}

const itemIds = (sc: Scenario): ReadonlyArray<string> => sc.subjects.flatMap((n, s) => Array.from({ length: n }, (_, i) => `s${s}-${i}`))

const timing = (sc: Scenario): Record<string, unknown> => {
  const levels = sc.levels.map((l) => {
    const tiers = [l.duration, ...l.escalations]
    // under deadline the last tier is open-ended
    const dur = (i: number): Dur | undefined => (sc.policy === 'deadline' && i === tiers.length - 1 ? undefined : tiers[i])
    const d0 = dur(0)
    return {
      ...(d0 === undefined ? {} : { duration: d0 }),
      escalations: l.escalations.map((_, j) => {
        const d = dur(j + 1)
        return { reviewers: j === 0 ? 'reviewerManager' : { users: [ESCALATION[j % 2]] }, ...(d === undefined ? {} : { duration: d }) }
      }),
    }
  })
  return sc.policy === 'deadline'
    ? { policy: 'deadline', dueAt: sc.start + sc.dueInDays * DAY, levels, escalateBeforeDue: sc.escalateBeforeDue }
    : { policy: 'reviewerWindows', levels, onLapse: sc.onLapse }
}

/** The published campaign of a scenario (created and published at `start`). */
const published = (sc: Scenario): CampaignState => {
  const items = itemIds(sc).map((id) => ({ id, subject: id.split('-')[0], application: 'crm', resource: 'db', entitlement: 'reader' }))
  const reminders = sc.reminders === 'everyDays' ? { kind: 'everyDays', days: 2 } : sc.reminders === 'beforeDue' ? { kind: 'beforeDue', days: 1 } : { kind: sc.reminders }
  const definition = {
    id: 'c1',
    name: 'prop',
    timeZone: sc.zone,
    owners: ['olga'],
    reviewers: { order: REVIEWERS.slice(0, sc.reviewerLevels).map((u) => ({ users: [u] })), count: sc.reviewerLevels },
    timing: timing(sc),
    reminders,
  }
  const directory = {
    users: [
      { id: 'ana', manager: 'max' },
      { id: 'ben', manager: 'mia' },
      { id: 'cal', manager: 'max' },
      { id: 'eve' },
      { id: 'fay' },
      { id: 'max' },
      { id: 'mia' },
      { id: 'olga' },
    ],
    subjects: sc.subjects.map((_, s) => ({ id: `s${s}` })),
  }
  const c = execute(command({ type: 'create', at: sc.start, definition, items }), undefined)
  if (E.isLeft(c)) throw new Error(`create refused: ${c.left.message}`)
  const p = execute(command({ type: 'publish', at: sc.start, directory }), c.right.state)
  if (E.isLeft(p)) throw new Error(`publish refused: ${p.left.message}`)
  return p.right.state
}

interface Run {
  state: CampaignState
  readonly events: CampaignEvent[]
  at: number
}

/** Applies one step; a refused command changes nothing. `split` inserts an advance at that fraction of the gap first. */
const applyStep = (r: Run, sc: Scenario, step: Step, split?: number): void => {
  const to = r.at + step.gap
  if (split !== undefined) {
    const mid = advance(r.state, (r.at + Math.floor(step.gap * split)) as Instant)
    r.state = mid.state
    r.events.push(...mid.events)
  }
  r.at = to
  let cmd: Command | undefined
  if (step.kind === 'tick') {
    const a = advance(r.state, to as Instant)
    r.state = a.state
    r.events.push(...a.events)
    return
  }
  if (step.kind === 'extend') cmd = command({ type: 'extend', at: to, days: step.days, cascade: step.cascade })
  else {
    const ids = itemIds(sc)
    const id = ids[step.item % ids.length] ?? ''
    // an active reviewer of the item at the command's instant, or a reviewer of another
    // tier of its level (refused); chosen on the advanced state so that both paths agree
    const found = findItem(advance(r.state, to as Instant).state, id)
    const item = found?.item
    const who = item === undefined ? [] : (item.levels[item.state.level - 1]?.tiers ?? []).flat()
    const active = found === undefined ? [] : activeReviewers(found.packet, found.item)
    const pool = [...active, ...who]
    const actor = pool.length === 0 ? REVIEWERS[step.who % REVIEWERS.length] : pool[step.who % pool.length]
    cmd = command({ type: 'decide', at: to, actor: { id: actor, roles: [] }, items: [id], decision: step.verdict })
  }
  const x = execute(cmd, r.state)
  if (E.isRight(x)) {
    r.state = x.right.state
    r.events.push(...x.right.events)
  }
}

const history = (sc: Scenario, splits?: ReadonlyArray<number | undefined>): Run => {
  const r: Run = { state: published(sc), events: [], at: sc.start }
  sc.steps.forEach((s, i) => applyStep(r, sc, s, splits?.[i]))
  return r
}

/** The periodic reminder slots of a list of events, in order. */
const slotsOf = (es: ReadonlyArray<CampaignEvent>): ReadonlyArray<number> => es.flatMap((e) => (e.type === 'ReminderSlotPassed' ? [e.slot] : []))

/**
 * The events without the periodic reminders of `slots`: each such
 * `ReminderSlotPassed` and the `campaignReminder` intents issued with it
 * (the events right after it, at its instant).
 */
const withoutSlots = (es: ReadonlyArray<CampaignEvent>, slots: ReadonlySet<number>): ReadonlyArray<CampaignEvent> => {
  const out: CampaignEvent[] = []
  let dropping: Instant | undefined
  for (const e of es) {
    if (dropping !== undefined && e.type === 'NotificationIssued' && e.intent.kind === 'campaignReminder' && e.at === dropping) continue
    dropping = undefined
    if (e.type === 'ReminderSlotPassed' && slots.has(e.slot)) {
      dropping = e.at
      continue
    }
    out.push(e)
  }
  return out
}

/**
 * Split invariance under reminder coalescing: `whole` (fewer advances) sends
 * the reminders of a subset of the slots `split` (more advances) sends, and
 * apart from the reminders of the other slots, which `whole` coalesced, the
 * events are exactly the same, in the same order.
 */
const expectSameUpToCoalescing = (split: ReadonlyArray<CampaignEvent>, whole: ReadonlyArray<CampaignEvent>): void => {
  const inSplit = new Set(slotsOf(split))
  for (const slot of slotsOf(whole)) expect(inSplit.has(slot)).toBe(true)
  const coalesced = new Set([...inSplit].filter((slot) => !slotsOf(whole).includes(slot)))
  expect(withoutSlots(split, coalesced)).toEqual(whole)
}

/** Windows keyed by level and tier. */
const byKey = (ws: ReadonlyArray<Window>): Map<string, Window> => new Map(ws.map((w) => [`${w.level}/${w.tier}`, w]))

const firstIncomplete = (p: Packet): number | undefined => {
  for (const c of p.clocks) {
    if (c.outcome === 'complete') continue
    return c.outcome === 'lapsed' ? undefined : c.level
  }
  return undefined
}

// -------------------------------------------------------------------------------------
// properties
// -------------------------------------------------------------------------------------

// Run counts: 10,000 per property, as the schedule issue asks. Calendar-day
// additions are remembered (src/schedule/time.ts), which made a run about
// three times cheaper; the whole file takes about a minute on the 2-core CI
// machine. The zone-independence property replays four full histories per
// run and clears that memo before each; it too runs 10,000 times (~36 s).
// FC_RUNS_SCALE raises them all for the nightly tier.
const N = runs(10_000)
const N_SPLIT = runs(10_000)
const N_SLOW = runs(10_000)

// Counterexamples found while writing these properties (pinned):
// - a revocation that ends a packet's flow pulls the derived due date earlier;
//   the wake-up memo kept the old, later due date, so a campaignOverdue was
//   issued only when advance happened to rescan (split-invariance broke);
// - an early-completed level 1 longer than level 2 kept the due date at level
//   1's configured end, after level 2 (and the packet) had already ended.
const START_1990 = 631152000000
const overdueRevocation: Scenario = {
  zone: 'UTC',
  start: START_1990,
  policy: 'reviewerWindows',
  dueInDays: 1,
  escalateBeforeDue: 'none',
  onLapse: 'overdue',
  levels: [{ duration: { hours: 2 }, escalations: [] }],
  reviewerLevels: 2,
  subjects: [1],
  reminders: 'none',
  steps: [{ kind: 'decide', gap: 7_260_000, item: 0, verdict: 'revoke', who: 0 }],
}
const longFirstLevel: Scenario = {
  ...overdueRevocation,
  onLapse: 'expire',
  levels: [
    { duration: { days: 2 }, escalations: [] },
    { duration: { days: 1 }, escalations: [] },
  ],
  steps: [{ kind: 'decide', gap: 0, item: 0, verdict: 'approve', who: 0 }],
}

describe('advance', () => {
  it('is idempotent: advance(advance(s, t), t) adds no events and gives the same state', () => {
    fc.assert(
      fc.property(scenarioArb(), fc.integer({ min: 0, max: 20 * 24 * 60 }), (sc, extra) => {
        const r = history(sc)
        const t = (r.at + extra * MINUTE) as Instant
        const once = advance(r.state, t)
        const twice = advance(once.state, t)
        expect(twice.events).toEqual([])
        expect(twice.state).toEqual(once.state)
      }),
      { numRuns: N },
    )
  })

  it('is split-invariant: advance(s, t1) then t2 gives the state of advance(s, t2), and its events but for coalesced reminders', () => {
    fc.assert(
      fc.property(scenarioArb(), fc.integer({ min: 0, max: 20 * 24 * 60 }), fc.integer({ min: 0, max: 20 * 24 * 60 }), (sc, a, b) => {
        const r = history(sc)
        const t1 = (r.at + Math.min(a, b) * MINUTE) as Instant
        const t2 = (r.at + Math.max(a, b) * MINUTE) as Instant
        const first = advance(r.state, t1)
        const second = advance(first.state, t2)
        const whole = advance(r.state, t2)
        expectSameUpToCoalescing([...first.events, ...second.events], whole.events)
        expect(second.state).toEqual(whole.state)
      }),
      { numRuns: N_SPLIT },
    )
  })

  it('is split-invariant with decisions interleaved: extra advances between commands change nothing but the reminders they stop coalescing', () => {
    fc.assert(
      fc.property(
        scenarioArb(),
        fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 0, max: 20 * 24 * 60 }),
        (sc, splits, extra) => {
          const plain = history(sc)
          const split = history(sc, splits)
          const end = (plain.at + extra * MINUTE) as Instant
          const p = advance(plain.state, end)
          const s = advance(split.state, end)
          expectSameUpToCoalescing([...split.events, ...s.events], [...plain.events, ...p.events])
          expect(s.state).toEqual(p.state)
        },
      ),
      { numRuns: N_SLOW, examples: [[overdueRevocation, [0.9917355371900827, undefined, undefined, undefined, undefined, undefined], 0]] },
    )
  })
})

describe('windows', () => {
  it('are contiguous: tier t+1 starts at tier t’s end; level k+1 starts at level k’s completion or end', () => {
    fc.assert(
      fc.property(scenarioArb(), fc.integer({ min: 0, max: 20 * 24 * 60 }), (sc, extra) => {
        const r = history(sc)
        const s = advance(r.state, (r.at + extra * MINUTE) as Instant).state
        for (const p of packetsOf(s)) {
          const ws = windowsOf(s, p)
          expect(ws[0]?.level).toBe(1)
          expect(ws[0]?.tier).toBe(0)
          expect(ws[0]?.start).toBe(sc.start)
          for (let i = 1; i < ws.length; i++) {
            const prev = ws[i - 1] as Window
            const w = ws[i] as Window
            if (w.level === prev.level) {
              expect(w.tier).toBe(prev.tier + 1)
              expect(w.start).toBe(prev.end)
            } else {
              expect(w.level).toBe(prev.level + 1)
              expect(w.tier).toBe(0)
              // Under deadline a level may still revise after it completed: a revoked item
              // approved later reaches level k+1 then, so level k+1 starts at or after it.
              if (sc.policy === 'deadline') expect(w.start).toBeGreaterThanOrEqual(prev.closedAt ?? prev.end ?? Infinity)
              else expect(w.start).toBe(prev.closedAt ?? prev.end)
            }
            if (w.end !== undefined) expect(w.end).toBeGreaterThan(w.start)
          }
        }
      }),
      { numRuns: N },
    )
  })
})

describe('extension', () => {
  const extended = (s: CampaignState, at: number, days: number, cascade: boolean): CampaignState | undefined => {
    const x = execute(command({ type: 'extend', at, days, cascade }), s)
    return E.isRight(x) ? x.right.state : undefined
  }

  it('never shortens a window: no window is lost, none starts or ends earlier', () => {
    fc.assert(
      fc.property(scenarioArb(), gapArb, fc.integer({ min: 1, max: 3 }), fc.boolean(), (sc, gap, days, cascade) => {
        const r = history(sc)
        const at = r.at + gap
        const before = advance(r.state, at as Instant).state
        const after = extended(r.state, at, days, cascade)
        if (after === undefined) return
        for (const p of packetsOf(before)) {
          const q = packetsOf(after).find((x) => x.id === p.id) as Packet
          const next = byKey(windowsOf(after, q))
          for (const w of windowsOf(before, p)) {
            const v = next.get(`${w.level}/${w.tier}`)
            expect(v).toBeDefined()
            if (v === undefined) continue
            expect(v.start).toBeGreaterThanOrEqual(w.start)
            if (w.end !== undefined) expect(v.end ?? Infinity).toBeGreaterThanOrEqual(w.end)
          }
        }
        const d0 = dueAtOf(before)
        if (d0 !== undefined) expect(dueAtOf(after) ?? -Infinity).toBeGreaterThanOrEqual(d0)
      }),
      { numRuns: N },
    )
  })

  it('cascade ON ends >= cascade OFF ends for the same input', () => {
    fc.assert(
      fc.property(scenarioArb(), gapArb, fc.integer({ min: 1, max: 3 }), (sc, gap, days) => {
        const r = history(sc)
        const at = r.at + gap
        const on = extended(r.state, at, days, true)
        const off = extended(r.state, at, days, false)
        if (on === undefined || off === undefined) return
        for (const p of packetsOf(off)) {
          const q = packetsOf(on).find((x) => x.id === p.id) as Packet
          const onWindows = byKey(windowsOf(on, q))
          for (const w of windowsOf(off, p)) {
            const v = onWindows.get(`${w.level}/${w.tier}`)
            if (v === undefined || w.end === undefined) continue
            expect(v.end ?? Infinity).toBeGreaterThanOrEqual(w.end)
          }
        }
        expect(dueAtOf(on) ?? 0).toBeGreaterThanOrEqual(dueAtOf(off) ?? 0)
      }),
      { numRuns: N },
    )
  })

  it('moves the due date by exactly `days` calendar days when the last level receives it', () => {
    let checked = 0
    fc.assert(
      fc.property(scenarioArb({ daysOnly: true }), gapArb, fc.integer({ min: 1, max: 3 }), fc.boolean(), (sc, gap, days, cascade) => {
        const zone = sc.zone as TimeZone
        const r = history(sc)
        const at = r.at + gap
        const before = advance(r.state, at as Instant).state
        const after = extended(r.state, at, days, cascade)
        if (after === undefined) return
        const d0 = dueAtOf(before)
        const d1 = dueAtOf(after)
        // Pacific/Apia skipped 2011-12-30: a day count across it is one short (pinned in timing.test.ts)
        const apiaSkip = sc.zone === 'Pacific/Apia' && d0 !== undefined && d0 < Date.UTC(2012, 0, 10) && d0 > Date.UTC(2011, 11, 1)
        if (apiaSkip) return
        if (sc.policy === 'deadline') {
          expect(calendarDaysBetween(d0 as Instant, d1 as Instant, zone)).toBe(days)
          checked++
          return
        }
        for (const p of packetsOf(before)) {
          const k = firstIncomplete(p)
          if (k === undefined || k !== lastLevelOf(p) || p.clocks.length === 0) continue
          const q = packetsOf(after).find((x) => x.id === p.id) as Packet
          if (q.clocks.length !== p.clocks.length) continue
          const e0 = windowsOf(before, p).at(-1)?.end
          const e1 = windowsOf(after, q).at(-1)?.end
          if (e0 === undefined || e1 === undefined) continue
          expect(calendarDaysBetween(e0, e1, zone)).toBe(days)
          checked++
        }
        if (packetsOf(before).length === 1 && d0 !== undefined && d1 !== undefined) {
          const p = packetsOf(before)[0] as Packet
          if (firstIncomplete(p) === lastLevelOf(p)) expect(calendarDaysBetween(d0, d1, zone)).toBe(days)
        }
      }),
      { numRuns: N_SLOW, examples: [[longFirstLevel, 0, 1, false]] },
    )
    expect(checked).toBeGreaterThan(N / 10)
  })
})

describe('zone and clock independence', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('gives the same events and state whatever luxon’s default zone and the system clock', () => {
    const defaults = ['UTC', 'Pacific/Apia', 'Australia/Lord_Howe', 'America/Santiago'] as const
    fc.assert(
      fc.property(
        scenarioArb(),
        fc.integer({ min: 0, max: 20 * 24 * 60 }),
        fc.date({ noInvalidDate: true, min: new Date(FROM), max: new Date(TO) }),
        (sc, extra, clock) => {
          const outcome = (): string => {
            clearTimeMemo() // every default zone must really compute, not reuse remembered results
            const r = history(sc)
            const a = advance(r.state, (r.at + extra * MINUTE) as Instant)
            return JSON.stringify({ events: [...r.events, ...a.events], state: a.state, windows: packetsOf(a.state).map((p) => windowsOf(a.state, p)) })
          }
          const saved = Settings.defaultZone
          try {
            let baseline: string | undefined
            vi.useFakeTimers({ toFake: ['Date'] })
            vi.setSystemTime(clock)
            for (const z of defaults) {
              Settings.defaultZone = z
              expect(Settings.defaultZone.name).toBe(z)
              const got = outcome()
              baseline ??= got
              expect(got).toBe(baseline)
            }
          } finally {
            Settings.defaultZone = saved
            vi.useRealTimers()
          }
        },
      ),
      // T11's figure (1,000 runs): each run computes the history four times,
      // once per default zone, with the time memo cleared; FC_RUNS_SCALE
      // raises it for the nightly tier (10,000 runs took 52 s on a slow day)
      { numRuns: runs(1_000) },
    )
  })
})
