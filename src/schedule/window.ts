/**
 * The clocks of a packet's levels and the windows they give (SPEC §5.2–§5.4,
 * §6). Pure time math over plain inputs: this module knows levels, tiers,
 * durations and extensions, and nothing about items or reviewers.
 *
 * @since 0.1.0
 */
import type { TimingPolicy } from './policy.js'
import { tierDurations } from './policy.js'
import type { Duration, Instant, TimeZone } from './time.js'
import { addDurationDays, instantOfMillis } from './time.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How a level ended: every item that reached it was decided (`complete`),
 * its last tier lapsed and the packet expired (`lapsed`), or its last tier
 * lapsed and the items stay actionable (`overdue`, not closed).
 * @since 0.1.0
 * @category Time and windows
 */
export type LevelOutcome = 'complete' | 'lapsed' | 'overdue'

/**
 * The clock of one started level of a packet.
 * @since 0.1.0
 * @category Time and windows
 */
export interface LevelClock {
  /** 1-based level number. */
  readonly level: number
  /** The active tier (0 is the primary tier). */
  readonly tier: number
  /** The start of each tier that has started, tier 0 first. */
  readonly tierStarts: ReadonlyArray<Instant>
  /** Extension days granted to each tier (index = tier). */
  readonly extraDays: ReadonlyArray<number>
  /** When the level completed or lapsed (not set while `overdue`). */
  readonly closedAt?: Instant
  readonly outcome?: LevelOutcome
}

/**
 * The status of a window: `done` (its level completed in it), `active`,
 * `upcoming` (projected), or `lapsed` (its time ran out).
 * @since 0.1.0
 * @category Time and windows
 */
export type WindowStatus = 'done' | 'active' | 'upcoming' | 'lapsed'

/**
 * One window of a packet's timeline. `end` is absent for the open-ended
 * last tier of a `deadline` level; `closedAt` is when the level completed
 * inside this window.
 * @since 0.1.0
 * @category Time and windows
 */
export interface Window {
  readonly level: number
  readonly tier: number
  readonly start: Instant
  readonly end?: Instant
  readonly closedAt?: Instant
  readonly status: WindowStatus
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Starts a level's clock at `at`, tier 0, with `extraDays0` days already
 * granted to tier 0 by a cascade extension made before the level started.
 * @example
 * import { startLevel } from '../../src/schedule/window.js' // internal
 * startLevel(2, 0 as never, 0).tier // 0
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const startLevel = (level: number, at: Instant, extraDays0: number): LevelClock => {
  // the packets of one command or publish start their levels at one instant:
  // they share one clock (a value, never written) instead of one each
  const last = lastStarted
  if (last !== undefined && last.level === level && last.tierStarts[0] === at && last.extraDays[0] === extraDays0) return last
  const clock: LevelClock = { level, tier: 0, tierStarts: [at], extraDays: [extraDays0] }
  lastStarted = clock
  return clock
}

// The clock `startLevel` made last, and the one `closeClock` made last with
// its inputs: one-entry memos of pure functions (they change no result; the
// same values are shared, as equal values may be).
let lastStarted: LevelClock | undefined
let lastClosed: { readonly from: LevelClock; readonly outcome: LevelOutcome; readonly at: Instant; readonly clock: LevelClock } | undefined

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

const plus = (at: Instant, d: Duration | undefined, extraDays: number, zone: TimeZone): Instant | undefined =>
  d === undefined ? undefined : addDurationDays(at, d, extraDays, zone)

/**
 * The end of tier `tier` of a started level, or `undefined` when that tier is
 * open-ended or has not started.
 * @example
 * import { type TimeZone, type TimingPolicy } from 'access-review-core'
 * import { startLevel, tierEnd } from '../../src/schedule/window.js' // internal
 * import { at } from 'access-review-core/testing'
 * const policy: TimingPolicy = { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] }
 * const clock = startLevel(1, at('2025-01-03T09:00:00Z'), 1) // one extension day granted before it started
 * // start + 2 days + 1 extension day
 * tierEnd(policy, 'UTC' as TimeZone, clock, 0) === at('2025-01-06T09:00:00Z') // true
 * tierEnd(policy, 'UTC' as TimeZone, clock, 1) // undefined
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const tierEnd = (p: TimingPolicy, zone: TimeZone, clock: LevelClock, tier: number): Instant | undefined => {
  const start = clock.tierStarts[tier]
  if (start === undefined) return undefined
  return plus(start, tierDurations(p, clock.level)[tier], clock.extraDays[tier] ?? 0, zone)
}

/**
 * The instant at which the active tier of an open level lapses, if any.
 * @example
 * import { type TimeZone, type TimingPolicy } from 'access-review-core'
 * import { nextLapse, startLevel } from '../../src/schedule/window.js' // internal
 * import { at } from 'access-review-core/testing'
 * const policy: TimingPolicy = { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] }
 * const clock = startLevel(1, at('2025-01-03T09:00:00Z'), 0)
 * nextLapse(policy, 'UTC' as TimeZone, clock) === at('2025-01-05T09:00:00Z') // true
 * // a closed level never lapses
 * nextLapse(policy, 'UTC' as TimeZone, { ...clock, outcome: 'complete', closedAt: at('2025-01-04T09:00:00Z') }) // undefined
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const nextLapse = (p: TimingPolicy, zone: TimeZone, clock: LevelClock): Instant | undefined =>
  clock.outcome === undefined ? tierEnd(p, zone, clock, clock.tier) : undefined

/**
 * The number of tiers of a level under a policy.
 * @example
 * import { tierCount } from '../../src/schedule/window.js' // internal
 * tierCount({ policy: 'reviewerWindows', levels: [{ duration: { days: 1 } }] }, 1) // 1
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const tierCount = (p: TimingPolicy, level: number): number => tierDurations(p, level).length

/**
 * The whole days of a configured duration (hours and minutes count in
 * whole 24-hour days), used to bound extensions.
 * @example
 * import { wholeDaysOf } from '../../src/schedule/window.js' // internal
 * wholeDaysOf({ days: 2, hours: 30 }) // 3
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const wholeDaysOf = (d: Duration): number =>
  (d.days ?? 0) + Math.floor(((d.hours ?? 0) * 60 + (d.minutes ?? 0)) / 1440)

/**
 * The clock of the first level that has not completed, unless the packet
 * lapsed (expired): the level whose timers can still fire.
 * @example
 * import { openClock, startLevel } from '../../src/schedule/window.js' // internal
 * openClock([startLevel(1, 0 as never, 0)])?.level // 1
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const openClock = (clocks: ReadonlyArray<LevelClock>): LevelClock | undefined => {
  for (const c of clocks) {
    if (c.outcome === 'complete') continue
    return c.outcome === 'lapsed' ? undefined : c
  }
  return undefined
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Moves a level to its next tier at `at` (the end of the lapsed tier).
 * @example
 * import { escalateClock, startLevel } from '../../src/schedule/window.js' // internal
 * escalateClock(startLevel(1, 0 as never, 0), 5 as never).tier // 1
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const escalateClock = (clock: LevelClock, at: Instant): LevelClock =>
  clockWith(clock, clock.tier + 1, [...clock.tierStarts, at], [...clock.extraDays.slice(0, clock.tier + 1), clock.extraDays[clock.tier + 1] ?? 0], clock.outcome, clock.closedAt)

/**
 * Closes a level with an outcome at `at` (`overdue` leaves it open).
 * @example
 * import { closeClock, startLevel } from '../../src/schedule/window.js' // internal
 * closeClock(startLevel(1, 0 as never, 0), 'complete', 9 as never).outcome // 'complete'
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const closeClock = (clock: LevelClock, outcome: LevelOutcome, at: Instant): LevelClock => {
  const last = lastClosed
  if (last !== undefined && last.from === clock && last.outcome === outcome && last.at === at) return last.clock
  const closed = clockWith(clock, clock.tier, clock.tierStarts, clock.extraDays, outcome, outcome === 'overdue' ? clock.closedAt : at)
  lastClosed = { from: clock, outcome, at, clock: closed }
  return closed
}

/**
 * Opens again a level that went overdue (an extension moved its end past
 * now): the same tiers, without an outcome.
 * @example
 * import { closeClock, reopenClock, startLevel } from '../../src/schedule/window.js' // internal
 * reopenClock(closeClock(startLevel(1, 0 as never, 0), 'overdue', 9 as never)).outcome // undefined
 * @since 0.2.0
 * @category Time and windows
 * @internal
 */
export const reopenClock = (clock: LevelClock): LevelClock => clockWith(clock, clock.tier, clock.tierStarts, clock.extraDays, undefined, undefined)

/**
 * Grants `days` extra days to a tier of a level.
 * @example
 * import { grantDays, startLevel } from '../../src/schedule/window.js' // internal
 * grantDays(startLevel(1, 0 as never, 0), 0, 2).extraDays // [2]
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const grantDays = (clock: LevelClock, tier: number, days: number): LevelClock => {
  const extra = [...clock.extraDays]
  while (extra.length <= tier) extra.push(0)
  extra[tier] = (extra[tier] ?? 0) + days
  return clockWith(clock, clock.tier, clock.tierStarts, extra, clock.outcome, clock.closedAt)
}

// A clock as one literal of one key order (the order the spreads it replaces
// gave: `outcome` before `closedAt`), not a spread plus fields: clocks are
// rebuilt on every level event, and V8 copies spreads of objects whose
// optional fields vary by a slow generic path.
const clockWith = (
  clock: LevelClock,
  tier: number,
  tierStarts: ReadonlyArray<Instant>,
  extraDays: ReadonlyArray<number>,
  outcome: LevelOutcome | undefined,
  closedAt: Instant | undefined,
): LevelClock => {
  if (outcome === undefined) return closedAt === undefined ? { level: clock.level, tier, tierStarts, extraDays } : { level: clock.level, tier, tierStarts, extraDays, closedAt }
  return closedAt === undefined ? { level: clock.level, tier, tierStarts, extraDays, outcome } : { level: clock.level, tier, tierStarts, extraDays, outcome, closedAt }
}

// -------------------------------------------------------------------------------------
// timeline
// -------------------------------------------------------------------------------------

/**
 * The windows of a packet: every started tier of every started level, then
 * the projection of what has not started (remaining tiers of the open level,
 * then every tier of each later level up to `lastLevel`, each starting where
 * the previous one is projected to end). `plannedExtra[i]` is the extension
 * days already granted to tier 0 of level i+1 before it started.
 *
 * @example
 * import { toIsoUtc, type TimeZone, type TimingPolicy } from 'access-review-core'
 * import { packetWindows, startLevel } from '../../src/schedule/window.js' // internal
 * import { at } from 'access-review-core/testing'
 * const policy: TimingPolicy = { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] }
 * // level 1 started on 2025-01-03 at 09:00; level 2 is projected after it
 * const windows = packetWindows(policy, 'UTC' as TimeZone, [startLevel(1, at('2025-01-03T09:00:00Z'), 0)], [], 2)
 * windows.map((w) => [w.level, w.status, toIsoUtc(w.start)]) // [[1, 'active', '2025-01-03T09:00:00.000Z'], [2, 'upcoming', '2025-01-05T09:00:00.000Z']]
 * windows[1]?.end === at('2025-01-07T09:00:00Z') // true
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const packetWindows = (
  p: TimingPolicy,
  zone: TimeZone,
  clocks: ReadonlyArray<LevelClock>,
  plannedExtra: ReadonlyArray<number>,
  lastLevel: number,
): ReadonlyArray<Window> => {
  const out: Window[] = []
  walkWindows(p, zone, clocks, plannedExtra, lastLevel, (level, tier, start, end, closedAt, status) => {
    out.push(
      end === undefined
        ? closedAt === undefined
          ? { level, tier, start, status }
          : { level, tier, start, closedAt, status }
        : closedAt === undefined
          ? { level, tier, start, end, status }
          : { level, tier, start, end, closedAt, status },
    )
  })
  return out
}

/** Receives the windows of a packet in order (see {@link walkWindows}). */
type WindowVisitor = (level: number, tier: number, start: Instant, end: Instant | undefined, closedAt: Instant | undefined, status: WindowStatus) => void

// The walk behind `packetWindows` and `packetProjectedEnd`: each window in
// order, without building it, so that the fold (which needs only the
// projected end, for every packet event) allocates nothing per window.
const walkWindows = (
  p: TimingPolicy,
  zone: TimeZone,
  clocks: ReadonlyArray<LevelClock>,
  plannedExtra: ReadonlyArray<number>,
  lastLevel: number,
  emit: WindowVisitor,
): void => {
  let cursor: Instant | undefined
  let stopped = false
  for (const clock of clocks) {
    const durations = tierDurations(p, clock.level)
    for (let tier = 0; tier <= clock.tier; tier++) {
      const start = clock.tierStarts[tier]
      if (start === undefined) continue
      const end = tierEnd(p, zone, clock, tier)
      const isActive = tier === clock.tier
      const status: WindowStatus = !isActive
        ? 'lapsed'
        : clock.outcome === 'complete'
          ? 'done'
          : clock.outcome === 'lapsed' || clock.outcome === 'overdue'
            ? 'lapsed'
            : 'active'
      emit(clock.level, tier, start, end, isActive && clock.outcome === 'complete' ? clock.closedAt : undefined, status)
      cursor = isActive && clock.outcome === 'complete' ? clock.closedAt : end
    }
    if (clock.outcome === 'lapsed') stopped = true
    if (clock.outcome === undefined) {
      // project the remaining tiers of the open level
      for (let tier = clock.tier + 1; tier < durations.length; tier++) {
        if (cursor === undefined) break
        const end = plus(cursor, durations[tier], clock.extraDays[tier] ?? 0, zone)
        emit(clock.level, tier, cursor, end, undefined, 'upcoming')
        cursor = end
      }
    }
  }
  if (stopped) return
  for (let level = clocks.length + 1; level <= lastLevel; level++) {
    const durations = tierDurations(p, level)
    for (let tier = 0; tier < durations.length; tier++) {
      if (cursor === undefined) return
      const end = plus(cursor, durations[tier], tier === 0 ? (plannedExtra[level - 1] ?? 0) : 0, zone)
      emit(level, tier, cursor, end, undefined, 'upcoming')
      cursor = end
    }
  }
}

// The later of two instants, NaN standing for none.
const later = (a: number, b: number): number => (b > a || a !== a ? b : a)

/**
 * `projectedEnd(packetWindows(…))` without building the windows: what the
 * fold computes for every packet event.
 * @example
 * import { type TimeZone, type TimingPolicy } from 'access-review-core'
 * import { packetProjectedEnd, startLevel } from '../../src/schedule/window.js' // internal
 * import { at } from 'access-review-core/testing'
 * const policy: TimingPolicy = { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }, { duration: { days: 3 } }] }
 * const clock = startLevel(1, at('2025-01-03T09:00:00Z'), 0)
 * packetProjectedEnd(policy, 'UTC' as TimeZone, [clock], [], 2) === at('2025-01-08T09:00:00Z') // true
 * @since 0.2.0
 * @category Time and windows
 * @internal
 */
export const packetProjectedEnd = (
  p: TimingPolicy,
  zone: TimeZone,
  clocks: ReadonlyArray<LevelClock>,
  plannedExtra: ReadonlyArray<number>,
  lastLevel: number,
): Instant | undefined => {
  // The walk of `walkWindows` and the rule of `projectedEndRule`, written out
  // in one loop: the fold computes this for every packet it touches, and a
  // visitor and a rule object held each window's instants in closures, one
  // heap number per instant (half of what an extension of every packet
  // allocated). "None" is NaN here. A property test (replay) checks this
  // against projectedEnd(packetWindows(…)).
  // each window's early end is taken once the next window comes (a window is
  // known not to be the last only then); the last one is taken at its end
  let best = Number.NaN
  let lastEnd = Number.NaN
  let lastEarly = Number.NaN
  let cursor = Number.NaN
  let stopped = false
  for (const clock of clocks) {
    const durations = tierDurations(p, clock.level)
    for (let tier = 0; tier <= clock.tier; tier++) {
      const start = clock.tierStarts[tier]
      if (start === undefined) continue
      const end = tierEnd(p, zone, clock, tier) ?? Number.NaN
      const done = tier === clock.tier && clock.outcome === 'complete'
      best = later(best, lastEarly)
      lastEnd = end
      lastEarly = done ? (clock.closedAt ?? end) : end
      cursor = done ? (clock.closedAt ?? Number.NaN) : end
    }
    if (clock.outcome === 'lapsed') stopped = true
    if (clock.outcome === undefined) {
      // the remaining tiers of the open level
      for (let tier = clock.tier + 1; tier < durations.length; tier++) {
        const from = instantOfMillis(cursor)
        if (from === undefined) break
        best = later(best, lastEarly)
        lastEnd = lastEarly = cursor = plus(from, durations[tier], clock.extraDays[tier] ?? 0, zone) ?? Number.NaN
      }
    }
  }
  if (!stopped) {
    for (let level = clocks.length + 1; level <= lastLevel && cursor === cursor; level++) {
      const durations = tierDurations(p, level)
      for (let tier = 0; tier < durations.length; tier++) {
        const from = instantOfMillis(cursor)
        if (from === undefined) break
        best = later(best, lastEarly)
        lastEnd = lastEarly = cursor = plus(from, durations[tier], tier === 0 ? (plannedExtra[level - 1] ?? 0) : 0, zone) ?? Number.NaN
      }
    }
  }
  best = later(best, lastEnd)
  return instantOfMillis(best)
}

// The rule of `projectedEnd`, fed one window at a time: the latest end of
// any window, where a `done` window that another follows ends at its
// completion (a window is known not to be the last only when the next one
// comes, so each is taken one window behind).
const projectedEndRule = (): { see: (end: Instant | undefined, closedAt: Instant | undefined, status: WindowStatus) => void; result: () => Instant | undefined } => {
  let best: Instant | undefined
  let seen = false
  let lastEnd: Instant | undefined
  let lastEarly: Instant | undefined
  const take = (e: Instant | undefined): void => {
    if (e !== undefined && (best === undefined || e > best)) best = e
  }
  return {
    see: (end, closedAt, status) => {
      if (seen) take(lastEarly)
      seen = true
      lastEnd = end
      lastEarly = status === 'done' ? (closedAt ?? end) : end
    },
    result: () => {
      if (seen) take(lastEnd)
      return best
    },
  }
}

/**
 * The projected end of a packet: the end of its last window. A completed
 * last level ends at the end of the tier it completed in; an earlier level
 * that completed early ends at its completion (the next level started then).
 * @example
 * import { projectedEnd } from '../../src/schedule/window.js' // internal
 * projectedEnd([]) // undefined
 * @since 0.1.0
 * @category Time and windows
 * @internal
 */
export const projectedEnd = (windows: ReadonlyArray<Window>): Instant | undefined => {
  const end = projectedEndRule()
  for (const w of windows) end.see(w.end, w.closedAt, w.status)
  return end.result()
}
