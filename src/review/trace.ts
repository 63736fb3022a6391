/**
 * The resolution trace: how an item's reviewer chain was built at publish
 * (SPEC §3), recorded by the resolver itself as it runs (`resolveItem` with
 * a collector), kept in the `PacketOpened` event and in the item, and shown
 * by `explainAssignment`.
 *
 * @since 0.2.0
 */
import type { UserId } from '../shared/ids.js'
import { bucketInterner } from '../shared/intern.js'

/**
 * Why a source was skipped or a user left out:
 * - `subjectUnmapped`: `firstLineManager` for a subject mapped to no user;
 * - `noManager`: the subject's user has no manager in the directory;
 * - `managerIsSubject`: the manager named is the subject's own user;
 * - `noCandidates`: the source names nobody (no owner, no risk manager);
 * - `inactive`: the user is inactive or not in the directory;
 * - `selfReview`: the user is the subject's own user (and self-review is off);
 * - `usedAtEarlierLevel`: the user reviews an earlier level (distinct reviewers);
 * - `usedAtOtherLevel`: an escalation tier left out a user who reviews another
 *   level of the item, earlier or later (distinct reviewers);
 * - `delegated`: the user delegated their reviews (set by delegation);
 * - `countReached`: the reviewer count was reached before this source;
 * - `fallbackUsed`: no source resolved, the fallback reviewers were used.
 *
 * A source whose users were all left out is skipped for the reason of its
 * first user.
 * @example
 * import type { SkipReason } from 'access-review-core'
 * const r: SkipReason = 'usedAtEarlierLevel'
 * @since 0.2.0
 * @category Reviewers
 */
export type SkipReason =
  | 'subjectUnmapped'
  | 'noManager'
  | 'managerIsSubject'
  | 'noCandidates'
  | 'inactive'
  | 'selfReview'
  | 'usedAtEarlierLevel'
  | 'usedAtOtherLevel'
  | 'delegated'
  | 'countReached'
  | 'fallbackUsed'

/**
 * A user a source named but resolution left out, and why.
 * @example
 * import type { LeftOutUser } from 'access-review-core'
 * const l: LeftOutUser = { user: 'bob' as never, reason: 'selfReview' }
 * @since 0.2.0
 * @category Reviewers
 */
export interface LeftOutUser {
  readonly user: UserId
  readonly reason: SkipReason
}

/**
 * One source of the reviewer order, as resolution walked it: the users it
 * named (`candidates`), those it kept (`chosen`) and those it left out;
 * `level` when it became a level, `skipped` when it did not.
 * @example
 * import type { SourceStep } from 'access-review-core'
 * const s: SourceStep = { source: 'firstLineManager', skipped: 'subjectUnmapped', candidates: [], chosen: [], leftOut: [] }
 * @since 0.2.0
 * @category Reviewers
 */
export interface SourceStep {
  readonly source: string
  readonly level?: number
  readonly skipped?: SkipReason
  readonly candidates: ReadonlyArray<UserId>
  readonly chosen: ReadonlyArray<UserId>
  readonly leftOut: ReadonlyArray<LeftOutUser>
}

/**
 * The fallback reviewers, when no source resolved (`reason` is `fallbackUsed`).
 * @example
 * import type { FallbackStep } from 'access-review-core'
 * const f: FallbackStep = { reason: 'fallbackUsed', candidates: ['zoe' as never], chosen: ['zoe' as never], leftOut: [] }
 * @since 0.2.0
 * @category Reviewers
 */
export interface FallbackStep {
  readonly reason: 'fallbackUsed'
  readonly candidates: ReadonlyArray<UserId>
  readonly chosen: ReadonlyArray<UserId>
  readonly leftOut: ReadonlyArray<LeftOutUser>
}

/**
 * One escalation tier of a level: its rule (`reviewerManager`: the managers
 * of tier 0; `users`: named users), whom it named and kept, and what was
 * used: the rule's users, the fallback reviewers (when the rule kept
 * nobody), or the previous tier's reviewers (when neither did).
 * @example
 * import type { TierStep } from 'access-review-core'
 * const t: TierStep = { level: 1, tier: 1, rule: 'reviewerManager', candidates: [], chosen: ['rm' as never], leftOut: [], used: 'fallback' }
 * @since 0.2.0
 * @category Reviewers
 */
export interface TierStep {
  readonly level: number
  readonly tier: number
  readonly rule: 'reviewerManager' | 'users'
  readonly candidates: ReadonlyArray<UserId>
  readonly chosen: ReadonlyArray<UserId>
  readonly leftOut: ReadonlyArray<LeftOutUser>
  readonly used: 'rule' | 'fallback' | 'previousTier'
}

/**
 * How one item's reviewer chain was built: every source of the order in
 * order, the fallback when it was used, and every escalation tier.
 * @example
 * import type { ResolutionTrace } from 'access-review-core'
 * const skippedSources = (t: ResolutionTrace) => t.sources.filter((s) => s.skipped !== undefined).length
 * @since 0.2.0
 * @category Reviewers
 */
export interface ResolutionTrace {
  readonly sources: ReadonlyArray<SourceStep>
  readonly fallback?: FallbackStep
  readonly tiers: ReadonlyArray<TierStep>
}

/**
 * What the resolver writes its steps into (one per item); `traceOf` reads
 * the trace out.
 * @since 0.2.0
 * @category Reviewers
 * @internal
 */
export interface TraceCollector {
  readonly sources: SourceStep[]
  readonly tiers: TierStep[]
  fallback: FallbackStep | undefined
}

/**
 * A new, empty collector.
 * @example
 * import { newCollector } from '../../src/review/trace.js' // internal
 * newCollector().sources.length // 0
 * @since 0.2.0
 * @category Reviewers
 * @internal
 */
export const newCollector = (): TraceCollector => ({ sources: [], tiers: [], fallback: undefined })

/**
 * The trace a collector holds.
 * @example
 * import { newCollector, traceOf } from '../../src/review/trace.js' // internal
 * traceOf(newCollector()) // { sources: [], tiers: [] }
 * @since 0.2.0
 * @category Reviewers
 * @internal
 */
export const traceOf = (c: TraceCollector): ResolutionTrace =>
  c.fallback === undefined ? { sources: c.sources, tiers: c.tiers } : { sources: c.sources, fallback: c.fallback, tiers: c.tiers }

/**
 * A function that answers one copy of each distinct trace (traces repeat
 * across items: a team's manager, the same owners), so that a campaign's
 * memory grows with its distinct traces, as with its distinct reviewer
 * chains. Traces are immutable, so sharing them is safe. `bucket` is any
 * text that equal traces share (publish passes the key of the item's
 * reviewer chain, which it has computed anyway): traces are compared field
 * by field only within their bucket, so sharing costs no serialisation
 * (issue 9: `JSON.stringify` of every trace was a third of a publish).
 * @example
 * import { sharedTraces } from '../../src/review/trace.js' // internal
 * const share = sharedTraces()
 * const a = share({ sources: [], tiers: [] }, 'k')
 * share({ sources: [], tiers: [] }, 'k') === a // true
 * share({ sources: [], tiers: [{ level: 1, tier: 1, rule: 'users', candidates: [], chosen: [], leftOut: [], used: 'previousTier' }] }, 'k') === a // false
 * @since 0.2.0
 * @category Reviewers
 * @internal
 */
export const sharedTraces = (): ((trace: ResolutionTrace, bucket: string) => ResolutionTrace) => bucketInterner(sameTrace)

// Every field of every step is compared: adding a field to one of these
// types fails to compile here until `sameTrace` compares it too.
const COMPARED: {
  readonly trace: { readonly [K in keyof Required<ResolutionTrace>]: true }
  readonly source: { readonly [K in keyof Required<SourceStep>]: true }
  readonly fallback: { readonly [K in keyof Required<FallbackStep>]: true }
  readonly tier: { readonly [K in keyof Required<TierStep>]: true }
  readonly leftOut: { readonly [K in keyof Required<LeftOutUser>]: true }
} = {
  trace: { sources: true, fallback: true, tiers: true },
  source: { source: true, level: true, skipped: true, candidates: true, chosen: true, leftOut: true },
  fallback: { reason: true, candidates: true, chosen: true, leftOut: true },
  tier: { level: true, tier: true, rule: true, candidates: true, chosen: true, leftOut: true, used: true },
  leftOut: { user: true, reason: true },
}
void COMPARED

// Two arrays equal element by element under `same`.
const sameArrays = <S>(a: ReadonlyArray<S>, b: ReadonlyArray<S>, same: (x: S, y: S) => boolean): boolean => {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]
    const y = b[i]
    if (x === undefined || y === undefined || !same(x, y)) return false
  }
  return true
}

const sameUser = (x: UserId, y: UserId): boolean => x === y
const sameLeftOut = (x: LeftOutUser, y: LeftOutUser): boolean => x.user === y.user && x.reason === y.reason

/**
 * The users every kind of step names, keeps and leaves out.
 * @since 0.2.0
 * @category Reviewers
 * @internal
 */
export interface Picks {
  readonly candidates: ReadonlyArray<UserId>
  readonly chosen: ReadonlyArray<UserId>
  readonly leftOut: ReadonlyArray<LeftOutUser>
}

const samePicks = (a: Picks, b: Picks): boolean =>
  sameArrays(a.candidates, b.candidates, sameUser) && sameArrays(a.chosen, b.chosen, sameUser) && sameArrays(a.leftOut, b.leftOut, sameLeftOut)

const sameSource = (a: SourceStep, b: SourceStep): boolean => a.source === b.source && a.level === b.level && a.skipped === b.skipped && samePicks(a, b)

const sameTier = (a: TierStep, b: TierStep): boolean => a.level === b.level && a.tier === b.tier && a.rule === b.rule && a.used === b.used && samePicks(a, b)

const sameFallback = (a: FallbackStep | undefined, b: FallbackStep | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.reason === b.reason && samePicks(a, b))

/**
 * True when two traces are equal field by field (what sharing them needs).
 * @example
 * import { sameTrace } from '../../src/review/trace.js' // internal
 * sameTrace({ sources: [], tiers: [] }, { sources: [], tiers: [] }) // true
 * @since 0.2.0
 * @category Reviewers
 * @internal
 */
export const sameTrace = (a: ResolutionTrace, b: ResolutionTrace): boolean =>
  a === b || (sameArrays(a.sources, b.sources, sameSource) && sameArrays(a.tiers, b.tiers, sameTier) && sameFallback(a.fallback, b.fallback))
