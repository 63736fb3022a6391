/**
 * Timing policies (SPEC §5.1): `deadline` (an explicit due date; tiers may
 * escalate; the last tier is open-ended) and `reviewerWindows` (every tier of
 * every level has a duration; levels run one after the other per packet).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { arrayOf, named, oneOf, strict, taggedUnion } from '../shared/codec.js'
import type { Codec } from '../shared/codec.js'
import { UserId } from '../shared/ids.js'
import { Duration, Instant } from './time.js'
import type { JsonOf } from '../shared/codec.js'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Who reviews an escalation tier: explicit users, or the manager of the
 * level's tier-0 reviewer(s).
 * @example
 * import { EscalationReviewers } from 'access-review-core'
 * EscalationReviewers.is({ users: ['erin'] }) // true
 * EscalationReviewers.is('reviewerManager') // true
 * @since 0.1.0
 * @category Timing policies
 */
export const EscalationReviewers: Codec<EscalationReviewers> = named<EscalationReviewers>()(new t.Type<
  EscalationReviewers,
  JsonOf<EscalationReviewers>,
  unknown
>(
  'EscalationReviewers ("reviewerManager" or { users: [...] })',
  (u): u is EscalationReviewers => u === 'reviewerManager' || UsersShape.is(u),
  (u, c) => (u === 'reviewerManager' ? t.success(u) : typeof u === 'string' ? t.failure(u, c, 'one of "reviewerManager" | { users: [...] }') : UsersShape.validate(u, c)),
  (a) => (a === 'reviewerManager' ? a : UsersShape.encode(a)),
))
const UsersShape = named<EscalationUsers>()(strict('EscalationUsers', { users: arrayOf(UserId, { min: 1 }) }))

/**
 * Explicit escalation reviewers: at least one user.
 * @example
 * import type { EscalationUsers } from 'access-review-core'
 * const tier: EscalationUsers = { users: [] }
 * tier.users.length // 0
 * @since 0.1.0
 * @category Timing policies
 */
export interface EscalationUsers {
  readonly users: ReadonlyArray<UserId>
}

/** @since 0.1.0 @category Timing policies */
export type EscalationReviewers = 'reviewerManager' | EscalationUsers

/**
 * An escalation tier: its reviewers and, unless it is the open-ended last
 * tier of a `deadline` level, its duration.
 * @example
 * import { EscalationTier } from 'access-review-core'
 * EscalationTier.is({ duration: { days: 2 }, reviewers: 'reviewerManager' }) // true
 * @since 0.1.0
 * @category Timing policies
 */
export const EscalationTier: Codec<EscalationTier> = named<EscalationTier>()(strict('EscalationTier', { reviewers: EscalationReviewers }, { duration: Duration }))
/** @since 0.1.0 @category Timing policies */
export interface EscalationTier {
  readonly reviewers: EscalationReviewers
  readonly duration?: Duration
}

/**
 * The timing of one level: tier 0's duration and the escalation tiers.
 * @example
 * import { LevelTiming } from 'access-review-core'
 * LevelTiming.is({ duration: { days: 2 } }) // true
 * @since 0.1.0
 * @category Timing policies
 */
export const LevelTiming: Codec<LevelTiming> = named<LevelTiming>()(strict('LevelTiming', {}, {
  duration: Duration,
  escalations: arrayOf(EscalationTier, { max: 10 }),
  completeOn: oneOf(['allDecided', 'submit']),
}))
/** @since 0.1.0 @category Timing policies */
export interface LevelTiming {
  readonly duration?: Duration
  readonly escalations?: ReadonlyArray<EscalationTier>
  /**
   * When the level completes for a packet (`reviewerWindows` only): as soon
   * as no item is pending at it (`allDecided`, the default), or when one of
   * its reviewers sends `submit` or its window ends (`submit`): decisions
   * can be revised until then.
   * @since 0.2.0
   */
  readonly completeOn?: 'allDecided' | 'submit'
}

/**
 * How long before the due date the managers of reviewers with pending
 * items are added to their tier (`deadline` timing).
 * @example
 * import { EscalateBeforeDue } from 'access-review-core'
 * EscalateBeforeDue.is('2days') // true
 * @since 0.1.0
 * @category Timing policies
 */
export const EscalateBeforeDue: Codec<EscalateBeforeDue> = named<EscalateBeforeDue>()(oneOf(['none', '1day', '2days', '3days', '1week']))
/** @since 0.1.0 @category Timing policies */
export type EscalateBeforeDue = 'none' | '1day' | '2days' | '3days' | '1week'

/**
 * `deadline` timing: an explicit due date.
 * @example
 * import { DeadlineTiming } from 'access-review-core'
 * DeadlineTiming.is({ policy: 'deadline', dueAt: 1760040000000 }) // true
 * @since 0.1.0
 * @category Timing policies
 */
export const DeadlineTiming: Codec<DeadlineTiming> = named<DeadlineTiming>()(strict(
  'DeadlineTiming',
  { policy: t.literal('deadline'), dueAt: Instant },
  { levels: arrayOf(LevelTiming, { min: 1, max: 20 }), escalateBeforeDue: EscalateBeforeDue },
))
/** @since 0.1.0 @category Timing policies */
export interface DeadlineTiming {
  readonly policy: 'deadline'
  readonly dueAt: Instant
  readonly levels?: ReadonlyArray<LevelTiming>
  readonly escalateBeforeDue?: EscalateBeforeDue
}

/**
 * `reviewerWindows` timing: every tier of every level has a duration.
 * `levels[i]` times level i+1; levels beyond the list use the last entry.
 * @example
 * import { ReviewerWindowsTiming } from 'access-review-core'
 * ReviewerWindowsTiming.is({ policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] }) // true
 * @since 0.1.0
 * @category Timing policies
 */
export const ReviewerWindowsTiming: Codec<ReviewerWindowsTiming> = named<ReviewerWindowsTiming>()(strict(
  'ReviewerWindowsTiming',
  { policy: t.literal('reviewerWindows'), levels: arrayOf(LevelTiming, { min: 1, max: 20 }) },
  { onLapse: oneOf(['expire', 'overdue']) },
))
/** @since 0.1.0 @category Timing policies */
export interface ReviewerWindowsTiming {
  readonly policy: 'reviewerWindows'
  readonly levels: ReadonlyArray<LevelTiming>
  /** What a lapsed last tier does to its items: `expire` them (the default) or leave them pending as `overdue`. */
  readonly onLapse?: 'expire' | 'overdue'
}

/**
 * A timing policy.
 * @example
 * import { TimingPolicy } from 'access-review-core'
 * TimingPolicy.is({ policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] }) // true
 * @since 0.1.0
 * @category Timing policies
 */
export const TimingPolicy: Codec<TimingPolicy> = named<TimingPolicy>()(taggedUnion('TimingPolicy', 'policy', {
  deadline: DeadlineTiming,
  reviewerWindows: ReviewerWindowsTiming,
}))
/** @since 0.1.0 @category Timing policies */
export type TimingPolicy = DeadlineTiming | ReviewerWindowsTiming

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The timing of level `level` (1-based): `levels[level-1]`, or the last
 * entry for deeper levels, or `undefined` when the policy has none.
 * @example
 * import { levelTiming } from 'access-review-core'
 * levelTiming({ policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] }, 3) // { duration: { days: 2 } }
 * @since 0.1.0
 * @category Timing policies
 */
export const levelTiming = (p: TimingPolicy, level: number): LevelTiming | undefined => {
  const levels = p.levels ?? []
  return levels[Math.min(level, levels.length) - 1]
}

/**
 * The durations of the tiers of a level, tier 0 first. Under `deadline`
 * the last tier has no duration (open-ended).
 * @example
 * import { tierDurations } from 'access-review-core'
 * tierDurations({ policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] }, 1) // [{ days: 2 }]
 * @since 0.1.0
 * @category Timing policies
 */
export const tierDurations = (p: TimingPolicy, level: number): ReadonlyArray<Duration | undefined> => {
  // remembered per policy object and level: every timing of every packet asks
  // (a policy is immutable data, so the same object always gives the same tiers)
  let byLevel = durationsOf.get(p)
  if (byLevel === undefined) {
    byLevel = []
    durationsOf.set(p, byLevel)
  }
  const known = byLevel[level]
  if (known !== undefined) return known
  const lt = levelTiming(p, level)
  const all = [lt?.duration, ...(lt?.escalations ?? []).map((e) => e.duration)]
  const tiers = p.policy === 'deadline' ? all.map((d, i) => (i === all.length - 1 ? undefined : d)) : all
  // levels past the policy's own (the last one's timing applies) are remembered up to a bound
  if (Number.isInteger(level) && level >= 0 && level <= MAX_REMEMBERED_LEVEL) byLevel[level] = tiers
  return tiers
}

const durationsOf = new WeakMap<TimingPolicy, Array<ReadonlyArray<Duration | undefined>>>()
const MAX_REMEMBERED_LEVEL = 64

/**
 * True when level `level` completes on `submit` (or at the end of its
 * window) rather than when its last item is decided.
 * @example
 * import { completesOnSubmit } from 'access-review-core'
 * completesOnSubmit({ policy: 'reviewerWindows', levels: [{ duration: { days: 2 }, completeOn: 'submit' }] }, 1) // true
 * completesOnSubmit({ policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] }, 1) // false
 * @since 0.2.0
 * @category Timing policies
 */
export const completesOnSubmit = (p: TimingPolicy, level: number): boolean => levelTiming(p, level)?.completeOn === 'submit'

/**
 * The escalation tiers of a level (tiers 1..m).
 * @example
 * import { escalationsOf } from '../../src/schedule/policy.js' // internal
 * escalationsOf({ policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] }, 1) // []
 * @since 0.1.0
 * @category Timing policies
 * @internal
 */
export const escalationsOf = (p: TimingPolicy, level: number): ReadonlyArray<EscalationTier> =>
  levelTiming(p, level)?.escalations ?? []

/**
 * The number of days before the due date of an `escalateBeforeDue` option.
 * @example
 * import { escalateBeforeDueDays } from '../../src/schedule/policy.js' // internal
 * escalateBeforeDueDays('1week') // 7
 * @since 0.1.0
 * @category Timing policies
 * @internal
 */
export const escalateBeforeDueDays = (o: EscalateBeforeDue | undefined): number =>
  o === '1day' ? 1 : o === '2days' ? 2 : o === '3days' ? 3 : o === '1week' ? 7 : 0
