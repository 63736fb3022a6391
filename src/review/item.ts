/**
 * Items and the decision rules of a multi-level review (SPEC §4): who may act
 * on an item, how an approval moves it to the next level, how a revoke locks
 * it, and how a level revises its own decisions.
 *
 * @since 0.1.0
 */
import { named, strict, Text } from '../shared/codec.js'
import type { Codec } from '../shared/codec.js'
import type { ItemProblem } from '../shared/errors.js'
import { ApplicationId, ItemId, ResourceId, SubjectId, UserId } from '../shared/ids.js'
import type { Instant } from '../schedule/time.js'
import type { Answers, Verdict } from './attestation.js'
import type { ReviewLevel } from './reviewer.js'
import type { ResolutionTrace } from './trace.js'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * One access of one subject: the unit that gets a decision.
 * `requestedBy` marks an item that came from an access request.
 * @example
 * import { ItemSpec } from 'access-review-core'
 * ItemSpec.is({ id: 'i1', subject: 's1', application: 'github', resource: 'org', entitlement: 'owner' }) // true
 * @since 0.1.0
 * @category Decisions
 */
export const ItemSpec: Codec<ItemSpec> = named<ItemSpec>()(strict(
  'ItemSpec',
  { id: ItemId, subject: SubjectId, application: ApplicationId, resource: ResourceId, entitlement: Text(1, 500) },
  { requestedBy: UserId },
))
/** @since 0.1.0 @category Decisions */
export interface ItemSpec {
  readonly id: ItemId
  readonly subject: SubjectId
  readonly application: ApplicationId
  readonly resource: ResourceId
  readonly entitlement: string
  /** Set on an item that came from an access request: who asked for it. */
  readonly requestedBy?: UserId
}

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The state of an item. `approved`, `revoked` and `expired` are final;
 * `approved`/`revoked` may still be revised by the level and tier that made
 * them while the revision rule allows.
 * @since 0.1.0
 * @category Decisions
 */
export type ItemState = PendingState | ApprovedState | RevokedState | ExpiredState

/** Waiting for a decision at `level` (its active tier is in the packet's clock). @since 0.1.0 @category Decisions */
export interface PendingState {
  readonly _tag: 'pending'
  readonly level: number
  /**
   * Set after an approval by a reviewer flagged with a risk insight: only
   * this user (their manager) may now decide the item at this level.
   * @since 0.2.0
   */
  readonly secondApprover?: UserId
}
/** Approved at the last level: the access is kept. @since 0.1.0 @category Decisions */
export interface ApprovedState {
  readonly _tag: 'approved'
  readonly level: number
  readonly tier: number
  readonly by: UserId
  readonly at: Instant
}
/** Revoked at `level`: no later level may act on it. @since 0.1.0 @category Decisions */
export interface RevokedState {
  readonly _tag: 'revoked'
  readonly level: number
  readonly tier: number
  readonly by: UserId
  readonly at: Instant
}
/** Its packet's last tier lapsed at `level` under the `expire` policy. @since 0.1.0 @category Decisions */
export interface ExpiredState {
  readonly _tag: 'expired'
  readonly level: number
  readonly at: Instant
}

/**
 * An audit record of an accepted decision. Never rewritten; a revision adds
 * a record.
 * @since 0.1.0
 * @category Decisions
 */
export interface DecisionRecord {
  readonly by: UserId
  readonly level: number
  readonly tier: number
  readonly decision: Verdict
  readonly at: Instant
  readonly comment?: string
  readonly answers?: Answers
  /** Set when `by` decided as the delegate of this reviewer. @since 0.2.0 */
  readonly onBehalfOf?: UserId
  /** Set on an approval that needs a second approval by this user (reviewer-insight escalation). @since 0.2.0 */
  readonly needsApprovalBy?: UserId
}

/**
 * A request for more information on an item: who asked whom, what, and the
 * answer once given. Part of the item's trail; the item stays pending.
 * @since 0.2.0
 * @category Decisions
 */
export interface InfoRequest {
  readonly by: UserId
  readonly at: Instant
  /** The users asked (the subject's user, the owners, or one named user). */
  readonly asked: ReadonlyArray<UserId>
  readonly question: string
  readonly answer?: InfoAnswer
}
/** The answer to a request for more information. @since 0.2.0 @category Decisions */
export interface InfoAnswer {
  readonly by: UserId
  readonly at: Instant
  readonly text: string
}

/**
 * An item under review: what it is, its reviewer chain, its state and its
 * decisions.
 * @since 0.1.0
 * @category Decisions
 */
export interface Item {
  readonly spec: ItemSpec
  readonly levels: ReadonlyArray<ReviewLevel>
  readonly state: ItemState
  readonly decisions: ReadonlyArray<DecisionRecord>
  /** How the reviewer chain was resolved at publish (see `explainAssignment`). */
  readonly trace?: ResolutionTrace
  /** Requests for more information, oldest first (absent when none). @since 0.2.0 */
  readonly infoRequests?: ReadonlyArray<InfoRequest>
}

/**
 * True when the item's latest request for more information is unanswered.
 * @example
 * import { isInfoRequested } from 'access-review-core'
 * isInfoRequested({ infoRequests: [] }) // false
 * @since 0.2.0
 * @category Decisions
 */
export const isInfoRequested = (item: Pick<Item, 'infoRequests'>): boolean => {
  const list = item.infoRequests ?? []
  const last = list[list.length - 1]
  return last !== undefined && last.answer === undefined
}

/**
 * What the packet tells the decision rules about one level.
 * @since 0.1.0
 * @category Decisions
 */
export interface LevelStatus {
  /** The active tier of the level (0 before the level's window starts). */
  readonly tier: number
  /** The level completed for the packet or lapsed. */
  readonly closed: boolean
}

/**
 * The context of a decision on an item.
 * @since 0.1.0
 * @category Decisions
 * @internal
 */
export interface DecisionContext {
  readonly actor: UserId
  readonly subjectUser: UserId | undefined
  readonly allowSelfReview: boolean
  /** Whether a closed level may still revise (false under `reviewerWindows`). */
  readonly reviseAfterClose: boolean
  /** With `distinctReviewers` (the default): nobody decides the same item at two levels. @since 0.2.0 */
  readonly distinctReviewers?: boolean
  /** The packet's view of a level (its active tier, whether it closed). */
  readonly level: (level: number) => LevelStatus
  /**
   * Levels that complete on a reviewer's submit (`completeOn: 'submit'`):
   * until such a level closes for the packet, its reviewers may revise an
   * approval that moved the item on, while the next level has not decided
   * the item. @since 0.2.0
   */
  readonly completesOnSubmit?: (level: number) => boolean
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * True for `approved`, `revoked` and `expired`.
 * @example
 * import { isFinal } from 'access-review-core'
 * isFinal({ _tag: 'pending', level: 1 }) // false
 * @since 0.1.0
 * @category Decisions
 */
export const isFinal = (s: ItemState): boolean => s._tag !== 'pending'

/**
 * The reviewers of a level's tier for an item (empty when out of range).
 * @example
 * import { reviewersOf } from 'access-review-core'
 * reviewersOf({ levels: [{ source: 'riskManager', tiers: [['rm']] }] } as never, 1, 0) // ['rm']
 * @since 0.1.0
 * @category Decisions
 */
export const reviewersOf = (item: Pick<Item, 'levels'>, level: number, tier: number): ReadonlyArray<UserId> => {
  const lv = item.levels[level - 1]
  if (lv === undefined) return []
  return lv.tiers[Math.min(tier, lv.tiers.length - 1)] ?? []
}

const isReviewerOfLevel = (item: Item, level: number, actor: UserId): boolean =>
  (item.levels[level - 1]?.tiers ?? []).some((ts) => ts.includes(actor))

/**
 * The level (other than `level`) at which `user` decided `item`, if any.
 * @example
 * import { decidedAtOtherLevel } from '../../src/review/item.js' // internal
 * import { anItem, at, userId } from 'access-review-core/testing'
 * const item = { spec: anItem('i1', 's-bob'), levels: [], state: { _tag: 'pending', level: 2 } as const, decisions: [{ by: userId('mia'), level: 1, tier: 0, decision: 'approve' as const, at: at('2025-01-04T09:00:00Z') }] }
 * decidedAtOtherLevel(item, userId('mia'), 2) // 1
 * decidedAtOtherLevel(item, userId('mia'), 1) // undefined
 * @since 0.2.0
 * @category Decisions
 * @internal
 */
export const decidedAtOtherLevel = (item: Pick<Item, 'decisions'>, user: UserId, level: number): number | undefined => {
  for (const d of item.decisions) if (d.by === user && d.level !== level) return d.level
  return undefined
}

/**
 * The other level (than `level`) at which `user` reviews (any tier) or
 * decided `item`, if any: with distinct reviewers such a user is never
 * assigned the item at `level`.
 * @example
 * import { otherLevelOf } from '../../src/review/item.js' // internal
 * import { anItem, userId } from 'access-review-core/testing'
 * const item = { spec: anItem('i1', 's-bob'), levels: [{ source: 'firstLineManager', tiers: [[userId('mia')]] }, { source: 'riskManager', tiers: [[userId('rick')]] }], state: { _tag: 'pending', level: 1 } as const, decisions: [] }
 * otherLevelOf(item, userId('rick'), 1) // 2
 * otherLevelOf(item, userId('zoe'), 1) // undefined
 * @since 0.2.0
 * @category Decisions
 * @internal
 */
export const otherLevelOf = (item: Pick<Item, 'levels' | 'decisions'>, user: UserId, level: number): number | undefined => {
  const decided = decidedAtOtherLevel(item, user, level)
  if (decided !== undefined) return decided
  for (let k = 1; k <= item.levels.length; k++) {
    if (k !== level && (item.levels[k - 1]?.tiers ?? []).some((ts) => ts.includes(user))) return k
  }
  return undefined
}

const problem = (item: Item, code: ItemProblem['code'], message: string): ItemProblem => ({ itemId: item.spec.id, code, message })

/**
 * Checks whether `ctx.actor` may decide on `item` now (SPEC §4). Returns the
 * acting level and tier, or why not.
 *
 * @example
 * import { type Item } from 'access-review-core'
 * import { applyDecision, checkDecision, type DecisionContext } from '../../src/review/item.js' // internal
 * import { anItem, at, userId } from 'access-review-core/testing'
 * // two levels: mia, then rick; the subject is bob
 * const item: Item = { spec: anItem('i1', 's-bob'), levels: [{ source: 'firstLineManager', tiers: [[userId('mia')]] }, { source: 'riskManager', tiers: [[userId('rick')]] }], state: { _tag: 'pending', level: 1 }, decisions: [] }
 * const by = (actor: string): DecisionContext => ({ actor: userId(actor), subjectUser: userId('bob'), allowSelfReview: false, reviseAfterClose: false, level: () => ({ tier: 0, closed: false }) })
 * checkDecision(item, by('mia')) // { level: 1, tier: 0 }
 * const moved = applyDecision(item, { by: userId('mia'), level: 1, tier: 0, decision: 'approve', at: at('2025-01-04T09:00:00Z') })
 * checkDecision(moved, by('rick')) // { level: 2, tier: 0 }
 * const late = checkDecision(moved, by('mia'))
 * 'code' in late && late.code // 'ItemLocked'
 * @since 0.1.0
 * @category Decisions
 * @internal
 */
export const checkDecision = (
  item: Item,
  ctx: DecisionContext,
): { readonly level: number; readonly tier: number } | ItemProblem => {
  const s = item.state
  if (!ctx.allowSelfReview && ctx.subjectUser !== undefined && ctx.actor === ctx.subjectUser) {
    return problem(item, 'SelfReview', `${item.spec.id}: a subject may not review their own access`)
  }
  if (s._tag === 'expired') return problem(item, 'ItemLocked', `${item.spec.id} expired at level ${s.level}`)
  const r = checkRules(item, ctx)
  if ('code' in r || ctx.distinctReviewers === false) return r
  // whatever route made the actor a reviewer here (publish, escalation,
  // reassignment, delegation), a decider of another level may not decide again
  const other = decidedAtOtherLevel(item, ctx.actor, r.level)
  return other === undefined ? r : problem(item, 'NotEligibleReviewer', `${item.spec.id}: already decided at level ${other}; one user may not decide an item at two levels`)
}

const checkRules = (
  item: Item,
  ctx: DecisionContext,
): { readonly level: number; readonly tier: number } | ItemProblem => {
  const s = item.state
  if (s._tag === 'expired') return problem(item, 'ItemLocked', `${item.spec.id} expired at level ${s.level}`)
  const lv = ctx.level(s.level)
  const activeTier = Math.min(lv.tier, (item.levels[s.level - 1]?.tiers.length ?? 1) - 1)
  if (s._tag === 'pending' && s.secondApprover !== undefined) {
    // awaiting the second approval of a flagged reviewer's approval: only that approver acts
    if (ctx.actor === s.secondApprover && (!lv.closed || ctx.reviseAfterClose)) return { level: s.level, tier: activeTier }
    return problem(item, 'NotEligibleReviewer', `${item.spec.id}: awaits the second approval of ${s.secondApprover}`)
  }
  if (s._tag === 'pending') {
    if (!lv.closed || ctx.reviseAfterClose) {
      if (reviewersOf(item, s.level, activeTier).includes(ctx.actor)) return { level: s.level, tier: activeTier }
    }
    const revisable = revisableUntilSubmit(item, ctx)
    if (revisable !== undefined) return revisable
    for (let j = 1; j < s.level; j++) {
      if (isReviewerOfLevel(item, j, ctx.actor)) {
        return problem(item, 'ItemLocked', `${item.spec.id} moved on to level ${s.level}; level ${j} can no longer change it`)
      }
    }
    return problem(item, 'NotEligibleReviewer', `${item.spec.id}: not a reviewer of the active tier of level ${s.level}`)
  }
  // approved (at the last level) or revoked (at level s.level): only the same level and tier may revise
  const mayRevise = s.tier === activeTier && (!lv.closed || ctx.reviseAfterClose)
  if (mayRevise && reviewersOf(item, s.level, s.tier).includes(ctx.actor)) return { level: s.level, tier: s.tier }
  for (let j = 1; j <= item.levels.length; j++) {
    if (j !== s.level && isReviewerOfLevel(item, j, ctx.actor)) {
      const what = s._tag === 'revoked' ? `revoked at level ${s.level} by ${s.by}` : `approved at level ${s.level}`
      return problem(item, 'ItemLocked', `${item.spec.id} was ${what}; level ${j} cannot act on it`)
    }
  }
  return problem(item, 'NotEligibleReviewer', `${item.spec.id}: only the tier that decided it may revise it, while its window is open`)
}

// Under `completeOn: 'submit'` (issue 10) a level's decisions stay revisable
// until the level completes for the packet. An approval below the last level
// moves the item on at once, so its reviewer may still revise it while
// (a) that level is open for the packet, (b) the tier that approved is still
// its active tier, and (c) the next level has not decided the item.
const revisableUntilSubmit = (item: Item, ctx: DecisionContext): { readonly level: number; readonly tier: number } | undefined => {
  const s = item.state
  if (s._tag !== 'pending' || ctx.completesOnSubmit === undefined) return undefined
  const j = s.level - 1
  if (j < 1 || !ctx.completesOnSubmit(j)) return undefined
  const last = item.decisions[item.decisions.length - 1]
  if (last === undefined || last.level !== j || last.decision !== 'approve') return undefined
  const lv = ctx.level(j)
  if (lv.closed || lv.tier !== last.tier) return undefined
  return reviewersOf(item, j, last.tier).includes(ctx.actor) ? { level: j, tier: last.tier } : undefined
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

const PENDING: ReadonlyArray<ItemState> = Array.from({ length: 33 }, (_, level) => ({ _tag: 'pending', level }) as const)

/**
 * The state of an item pending at `level` with no second approver. Such
 * states are plain values: one object per level serves every item (one
 * allocation less per decision that moves an item on, and per published item).
 * @example
 * import { pendingAt } from '../../src/review/item.js' // internal
 * pendingAt(2) // { _tag: 'pending', level: 2 }
 * pendingAt(2) === pendingAt(2) // true
 * @since 0.2.0
 * @category Decisions
 * @internal
 */
export const pendingAt = (level: number): ItemState => PENDING[level] ?? { _tag: 'pending', level }

// itemWith copies every field of an item: adding one to `Item` fails to compile here until it keeps it.
const COPIED_FIELDS: { readonly [K in keyof Required<Item>]: true } = { spec: true, levels: true, state: true, decisions: true, trace: true, infoRequests: true }
void COPIED_FIELDS

/**
 * Applies an accepted decision: approving at level k < n moves the item to
 * level k+1; approving at the last level approves it overall; revoking
 * revokes it at the acting level. The record is appended to the audit trail.
 *
 * @example
 * import { type Item } from 'access-review-core'
 * import { applyDecision } from '../../src/review/item.js' // internal
 * import { anItem, at, userId } from 'access-review-core/testing'
 * // two levels: mia, then rick
 * const item: Item = { spec: anItem('i1', 's-bob'), levels: [{ source: 'firstLineManager', tiers: [[userId('mia')]] }, { source: 'riskManager', tiers: [[userId('rick')]] }], state: { _tag: 'pending', level: 1 }, decisions: [] }
 * const moved = applyDecision(item, { by: userId('mia'), level: 1, tier: 0, decision: 'approve', at: at('2025-01-04T09:00:00Z') })
 * moved.state // { _tag: 'pending', level: 2 }
 * const revoked = applyDecision(moved, { by: userId('rick'), level: 2, tier: 0, decision: 'revoke', at: at('2025-01-05T09:00:00Z') })
 * revoked.state // { _tag: 'revoked', level: 2, tier: 0, by: 'rick', at: 1736067600000 }
 * revoked.decisions.map((d) => `${d.by} ${d.decision}`) // ['mia approve', 'rick revoke']
 * @since 0.1.0
 * @category Decisions
 * @internal
 */
export const applyDecision = (item: Item, r: DecisionRecord, shared?: SharedDecision): Item => {
  const n = item.levels.length
  // the items of one event decided alike share the state and the list (see SharedDecision)
  if (shared !== undefined && shared.record === r && shared.prior === item.decisions && shared.levels === n && shared.list !== undefined && shared.state !== undefined) {
    return itemWith(item, shared.state, shared.list)
  }
  const state: ItemState =
    r.decision === 'revoke'
      ? { _tag: 'revoked', level: r.level, tier: r.tier, by: r.by, at: r.at }
      : r.needsApprovalBy !== undefined
        ? { _tag: 'pending', level: r.level, secondApprover: r.needsApprovalBy }
        : r.level < n
        ? pendingAt(r.level + 1)
        : { _tag: 'approved', level: r.level, tier: r.tier, by: r.by, at: r.at }
  // an array copy of the exact length (a push onto a copy reserves 16 more
  // slots, kept for as long as the item lives): this runs once per decided item
  const list = appended(item.decisions, r)
  if (shared !== undefined) {
    shared.record = r
    shared.prior = item.decisions
    shared.levels = n
    shared.state = state
    shared.list = list
  }
  return itemWith(item, state, list)
}

/**
 * What {@link applyDecision} made last, for the next item of the same event:
 * an item with the same decision list before, the same number of levels and
 * the same record gets the same new state and the same new list (both are
 * values, never written). The items of a packet decided by one command
 * usually share all three, so a packet keeps one record, one list and one
 * state for them instead of one each (issue 9: a third of what a bulk
 * decision kept per item).
 * @since 0.2.0
 * @category Decisions
 * @internal
 */
export interface SharedDecision {
  record: DecisionRecord | undefined
  prior: ReadonlyArray<DecisionRecord> | undefined
  levels: number
  state: ItemState | undefined
  list: ReadonlyArray<DecisionRecord> | undefined
}

/**
 * The item with another state and decision list, built as one literal in
 * the item's own key order (a spread of an item takes V8's generic path,
 * and a decision or an expiry makes one per item).
 * @example
 * import { itemWith } from '../../src/review/item.js' // internal
 * import { anItem, at } from 'access-review-core/testing'
 * const item = { spec: anItem('i1', 's-bob'), levels: [], state: { _tag: 'pending', level: 1 } as const, decisions: [] }
 * itemWith(item, { _tag: 'expired', level: 1, at: at('2025-01-04T09:00:00Z') }, item.decisions).state._tag // 'expired'
 * @since 0.2.0
 * @category Decisions
 * @internal
 */
export const itemWith = (item: Item, state: ItemState, decisions: ReadonlyArray<DecisionRecord>): Item => {
  if (item.infoRequests !== undefined) return { ...item, state, decisions }
  const trace = item.trace
  return trace === undefined ? { spec: item.spec, levels: item.levels, state, decisions } : { spec: item.spec, levels: item.levels, state, decisions, trace }
}

// `[...list, x]` of the exact length, without the iterator protocol (the
// usual lengths are 0 and 1: an item is decided once per level)
const appended = <A>(list: ReadonlyArray<A>, x: A): ReadonlyArray<A> => {
  const n = list.length
  if (n === 0) return [x]
  if (n === 1) return [list[0] as A, x]
  const out = new Array<A>(n + 1)
  for (let k = 0; k < n; k++) out[k] = list[k] as A
  out[n] = x
  return out
}

/**
 * The level an item is at (pending, decided or expired).
 * @example
 * import { levelOf } from '../../src/review/item.js' // internal
 * levelOf({ _tag: 'pending', level: 2 }) // 2
 * @since 0.1.0
 * @category Decisions
 * @internal
 */
export const levelOf = (s: ItemState): number => s.level
