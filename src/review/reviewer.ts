/**
 * Reviewer resolution at publish (SPEC §3): walk the reviewer order, resolve
 * each source against the directory, drop inactive users, the subject and
 * (with `distinctReviewers`) users of earlier levels, skip empty sources,
 * take the first `count` as levels, and fall back when none is left.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { arrayOf, named, oneOf, strict } from '../shared/codec.js'
import type { Codec } from '../shared/codec.js'
import type { JsonOf } from '../shared/codec.js'
import type { ItemId, SubjectId } from '../shared/ids.js'
import { UserId } from '../shared/ids.js'
import type { EscalationReviewers } from '../schedule/policy.js'
import type { DirectoryIndex } from './directory.js'
import { isActiveUser, managerOf } from './directory.js'
import type { ItemSpec } from './item.js'
import type { LeftOutUser, Picks, ResolutionTrace, SkipReason, TraceCollector } from './trace.js'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const NamedSource = named<NamedSource>()(oneOf(['firstLineManager', 'riskManager', 'applicationOwner', 'resourceOwner']))
const UserListSource = named<UserListSource>()(strict('UserListSource', { users: arrayOf(UserId, { min: 1 }) }))

/**
 * A reviewer source named by its role in the directory.
 * @since 0.1.0
 * @category Reviewers
 */
export type NamedSource = 'firstLineManager' | 'riskManager' | 'applicationOwner' | 'resourceOwner'

/**
 * An explicit list of reviewers (at least one user).
 * @example
 * import type { UserListSource } from 'access-review-core'
 * const auditors: UserListSource = { users: [] }
 * auditors.users.length // 0
 * @since 0.1.0
 * @category Reviewers
 */
export interface UserListSource {
  readonly users: ReadonlyArray<UserId>
}

/**
 * Where a level's reviewers come from.
 * @example
 * import { ReviewerSource } from 'access-review-core'
 * ReviewerSource.is('firstLineManager') // true
 * ReviewerSource.is({ users: ['zoe'] }) // true
 * @since 0.1.0
 * @category Reviewers
 */
export const ReviewerSource: Codec<ReviewerSource> = named<ReviewerSource>()(new t.Type<ReviewerSource, JsonOf<ReviewerSource>, unknown>(
  'ReviewerSource',
  (u): u is ReviewerSource => NamedSource.is(u) || UserListSource.is(u),
  (u, c) => (typeof u === 'string' ? NamedSource.validate(u, c) : UserListSource.validate(u, c)),
  (a) => (typeof a === 'string' ? a : UserListSource.encode(a)),
))
/** @since 0.1.0 @category Reviewers */
export type ReviewerSource = NamedSource | UserListSource

/**
 * The reviewer policy of a campaign.
 * @example
 * import { ReviewerPolicy } from 'access-review-core'
 * ReviewerPolicy.is({ order: ['firstLineManager', 'riskManager'], count: 1 }) // true
 * @since 0.1.0
 * @category Reviewers
 */
export const ReviewerPolicy: Codec<ReviewerPolicy> = named<ReviewerPolicy>()(strict(
  'ReviewerPolicy',
  { order: arrayOf(ReviewerSource, { min: 1, max: 20 }), count: t.number },
  { fallback: arrayOf(UserId), allowSelfReview: t.boolean, distinctReviewers: t.boolean },
))
/** @since 0.1.0 @category Reviewers */
export interface ReviewerPolicy {
  /** Reviewer sources in order, no duplicates. */
  readonly order: ReadonlyArray<ReviewerSource>
  /** How many levels: 1 to the length of `order` (fewer when sources resolve to nobody). */
  readonly count: number
  /** Reviewers used as a single level when no source resolves to anyone. */
  readonly fallback?: ReadonlyArray<UserId>
  /** May the subject's own user review it? Default false. */
  readonly allowSelfReview?: boolean
  /** May one user decide the same item at two levels? Default true (no). */
  readonly distinctReviewers?: boolean
}

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One level of an item's reviewer chain: the source it came from (`fallback`
 * when the fallback reviewers were used) and the reviewers of each tier.
 * @since 0.1.0
 * @category Reviewers
 */
export interface ReviewLevel {
  readonly source: string
  readonly tiers: ReadonlyArray<ReadonlyArray<UserId>>
  /** Delegates of this level → the reviewer each one acts for. @since 0.2.0 */
  readonly onBehalfOf?: Readonly<Record<string, UserId>>
}

/**
 * The inputs of resolution besides the directory.
 * @since 0.1.0
 * @category Reviewers
 * @internal
 */
export interface ResolutionContext {
  readonly policy: ReviewerPolicy
  readonly riskManagers: ReadonlyArray<UserId>
  readonly directory: DirectoryIndex
  /** Escalation tiers of level k (1-based). */
  readonly escalations: (level: number) => ReadonlyArray<EscalationReviewers>
}

/**
 * The result of resolving one item: its levels, or why it has none.
 * @since 0.1.0
 * @category Reviewers
 * @internal
 */
export type Resolution = Resolved | Unresolved

/** An item's reviewer chain, level 1 first. @since 0.1.0 @category Reviewers @internal */
export interface Resolved {
  readonly _tag: 'resolved'
  readonly levels: ReadonlyArray<ReviewLevel>
}
/** No source nor fallback resolved for the item; `reason` says why. @since 0.1.0 @category Reviewers @internal */
export interface Unresolved {
  readonly _tag: 'unresolved'
  readonly itemId: ItemId
  readonly reason: string
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * A readable label of a source (`users` lists are `users`).
 * @example
 * import { sourceLabel } from 'access-review-core'
 * sourceLabel({ users: ['a'] as never }) // 'users'
 * @since 0.1.0
 * @category Reviewers
 */
export const sourceLabel = (s: ReviewerSource): string => (typeof s === 'string' ? s : 'users')

/**
 * The user a subject is mapped to, if any.
 * @example
 * import { indexDirectory } from '../../src/review/directory.js' // internal
 * import { subjectUser } from '../../src/review/reviewer.js' // internal
 * subjectUser(indexDirectory({ users: [], subjects: [{ id: 's' as never, user: 'u' as never }] }), 's') // 'u'
 * @since 0.1.0
 * @category Reviewers
 * @internal
 */
export const subjectUser = (d: DirectoryIndex, subject: SubjectId | string): UserId | undefined => d.subjects.get(subject)?.user

const unique = (xs: ReadonlyArray<UserId>): ReadonlyArray<UserId> => [...new Set(xs)]

/** The users a source names, and why it names nobody when that is a rule of the source (`firstLineManager`). */
interface Candidates {
  readonly users: ReadonlyArray<UserId>
  readonly skipped?: SkipReason
}

const candidates = (ctx: ResolutionContext, source: ReviewerSource, item: ItemSpec): Candidates => {
  const d = ctx.directory
  if (typeof source !== 'string') return { users: source.users }
  switch (source) {
    case 'firstLineManager': {
      const user = subjectUser(d, item.subject)
      if (user === undefined) return { users: [], skipped: 'subjectUnmapped' }
      const m = managerOf(d, user)
      if (m !== undefined) return { users: [m] }
      // managerOf answers no manager for a user named as their own manager
      return { users: [], skipped: d.users.get(user)?.manager === user ? 'managerIsSubject' : 'noManager' }
    }
    case 'riskManager':
      return { users: ctx.riskManagers }
    case 'applicationOwner':
      return { users: d.applications.get(item.application) ?? [] }
    case 'resourceOwner':
      return { users: d.resources.get(item.resource) ?? [] }
  }
}

/**
 * Keeps the users that may review an item of `subject`: active, and not the
 * subject's own user unless self-review is allowed. With `leftOut`, each
 * user left out is written there with the reason.
 * @example
 * import { eligibleReviewers } from '../../src/review/reviewer.js' // internal
 * import { indexDirectory } from '../../src/review/directory.js' // internal
 * const d = indexDirectory({ users: [{ id: 'a' as never }, { id: 'b' as never }], subjects: [{ id: 's' as never, user: 'a' as never }] })
 * eligibleReviewers(d, 's', false, ['a', 'b'] as never) // ['b']
 * @since 0.1.0
 * @category Reviewers
 * @internal
 */
export const eligibleReviewers = (
  d: DirectoryIndex,
  subject: SubjectId | string,
  allowSelfReview: boolean,
  users: ReadonlyArray<UserId>,
  leftOut?: LeftOutUser[],
): ReadonlyArray<UserId> => {
  const self = subjectUser(d, subject)
  const kept: UserId[] = []
  for (const u of users) {
    const reason: SkipReason | undefined = !isActiveUser(d, u) ? 'inactive' : !allowSelfReview && u === self ? 'selfReview' : undefined
    if (reason === undefined) kept.push(u)
    else leftOut?.push({ user: u, reason })
  }
  return unique(kept)
}

// -------------------------------------------------------------------------------------
// resolution
// -------------------------------------------------------------------------------------

const escalationTier = (
  ctx: ResolutionContext,
  item: ItemSpec,
  spec: EscalationReviewers,
  tier0: ReadonlyArray<UserId>,
  previous: ReadonlyArray<UserId>,
  step: { readonly trace: TraceCollector; readonly level: number; readonly tier: number } | undefined,
  taken: ReadonlySet<UserId>,
): ReadonlyArray<UserId> => {
  const raw = spec === 'reviewerManager' ? tier0.flatMap((r) => managerOf(ctx.directory, r) ?? []) : spec.users
  const allow = ctx.policy.allowSelfReview === true
  const leftOut: LeftOutUser[] | undefined = step === undefined ? undefined : []
  // with distinctReviewers, a user of another level never joins this one (SPEC §3, issue 10)
  const free = (us: ReadonlyArray<UserId>): ReadonlyArray<UserId> =>
    us.filter((u) => {
      if (!taken.has(u)) return true
      leftOut?.push({ user: u, reason: 'usedAtOtherLevel' })
      return false
    })
  const chosen = free(eligibleReviewers(ctx.directory, item.subject, allow, raw, leftOut))
  const fallback = chosen.length > 0 ? chosen : free(eligibleReviewers(ctx.directory, item.subject, allow, ctx.policy.fallback ?? [], leftOut))
  const used = chosen.length > 0 ? 'rule' : fallback.length > 0 ? 'fallback' : 'previousTier'
  const result = used === 'previousTier' ? previous : fallback
  if (step !== undefined) {
    step.trace.tiers.push({ level: step.level, tier: step.tier, rule: spec === 'reviewerManager' ? 'reviewerManager' : 'users', candidates: unique(raw), chosen: result, leftOut: leftOut ?? [], used })
  }
  return result
}

const withTiers = (
  ctx: ResolutionContext,
  item: ItemSpec,
  level: number,
  source: string,
  tier0: ReadonlyArray<UserId>,
  taken: ReadonlySet<UserId>,
  trace: TraceCollector | undefined,
): ReviewLevel => {
  const tiers: Array<ReadonlyArray<UserId>> = [tier0]
  for (const spec of ctx.escalations(level)) {
    tiers.push(escalationTier(ctx, item, spec, tier0, tiers[tiers.length - 1] ?? tier0, trace === undefined ? undefined : { trace, level, tier: tiers.length }, taken))
  }
  return { source, tiers }
}

/**
 * Resolves the reviewer levels of one item (SPEC §3). With `trace`, every
 * step (each source, the fallback, each escalation tier) is written there
 * as it is taken, so the trace is the resolution's own account.
 *
 * @example
 * import { resolveItem } from '../../src/review/reviewer.js' // internal
 * import { indexDirectory } from '../../src/review/directory.js' // internal
 * const directory = indexDirectory({
 *   users: [{ id: 'rm' as never }, { id: 'bob' as never }],
 *   subjects: [{ id: 's-bob' as never, user: 'bob' as never }],
 * })
 * const r = resolveItem(
 *   { policy: { order: ['firstLineManager', 'riskManager'], count: 1 }, riskManagers: ['rm' as never], directory, escalations: () => [] },
 *   { id: 'i1', subject: 's-bob', application: 'app', resource: 'res', entitlement: 'admin' } as never,
 * )
 * // bob has no manager, so the single level is the risk manager:
 * // r = { _tag: 'resolved', levels: [{ source: 'riskManager', tiers: [['rm']] }] }
 * @since 0.1.0
 * @category Reviewers
 * @internal
 */
export const resolveItem = (ctx: ResolutionContext, item: ItemSpec, trace?: TraceCollector): Resolution => {
  const { policy, directory } = ctx
  const allow = policy.allowSelfReview === true
  const distinct = policy.distinctReviewers !== false
  const used = new Set<UserId>()
  const heads: Array<{ readonly source: string; readonly tier0: ReadonlyArray<UserId> }> = []
  for (const source of policy.order) {
    if (heads.length >= policy.count) {
      if (trace === undefined) break
      trace.sources.push({ source: sourceLabel(source), skipped: 'countReached', candidates: [], chosen: [], leftOut: [] })
      continue
    }
    const named = candidates(ctx, source, item)
    const leftOut: LeftOutUser[] | undefined = trace === undefined ? undefined : []
    const set = eligibleReviewers(directory, item.subject, allow, named.users, leftOut).filter((u) => {
      if (!(distinct && used.has(u))) return true
      leftOut?.push({ user: u, reason: 'usedAtEarlierLevel' })
      return false
    })
    if (set.length === 0) {
      trace?.sources.push({ source: sourceLabel(source), skipped: named.skipped ?? leftOut?.[0]?.reason ?? 'noCandidates', candidates: unique(named.users), chosen: [], leftOut: leftOut ?? [] })
      continue
    }
    for (const u of set) used.add(u)
    trace?.sources.push({ source: sourceLabel(source), level: heads.length + 1, candidates: unique(named.users), chosen: set, leftOut: leftOut ?? [] })
    heads.push({ source: sourceLabel(source), tier0: set })
  }
  if (heads.length > 0) {
    // escalation tiers come second: with distinctReviewers they avoid every
    // user of every other level (earlier and later tiers alike)
    const levels: ReviewLevel[] = []
    const owner = new Map<UserId, number>()
    heads.forEach((h, i) => {
      for (const u of h.tier0) owner.set(u, i)
    })
    heads.forEach((h, i) => {
      const taken = new Set<UserId>()
      if (distinct) for (const [u, j] of owner) if (j !== i) taken.add(u)
      const lv = withTiers(ctx, item, i + 1, h.source, h.tier0, taken, trace)
      if (distinct) for (const ts of lv.tiers) for (const u of ts) if (!owner.has(u)) owner.set(u, i)
      levels.push(lv)
    })
    return { _tag: 'resolved', levels }
  }
  const leftOut: LeftOutUser[] | undefined = trace === undefined ? undefined : []
  const fallback = eligibleReviewers(directory, item.subject, allow, policy.fallback ?? [], leftOut)
  if (fallback.length > 0) {
    if (trace !== undefined) trace.fallback = { reason: 'fallbackUsed', candidates: unique(policy.fallback ?? []), chosen: fallback, leftOut: leftOut ?? [] }
    return { _tag: 'resolved', levels: [withTiers(ctx, item, 1, 'fallback', fallback, new Set(), trace)] }
  }
  return {
    _tag: 'unresolved',
    itemId: item.id,
    reason: 'no source of the reviewer order and no fallback reviewer is an active user other than the subject',
  }
}

/**
 * What of an item's subject and specification its resolution can depend on,
 * apart from the subject's user being one of the users the resolution
 * names: the subject's user's manager (or that it has none, names itself, or
 * is unmapped) and, when the order asks their owners, the application and
 * the resource. Two items with the same key resolve alike unless the subject
 * user of one of them appears in the resolution (see {@link usersNamed}).
 * `user` is the subject's user, when the caller has looked it up already.
 * @example
 * import { resolutionKey } from '../../src/review/reviewer.js' // internal
 * import { indexDirectory } from '../../src/review/directory.js' // internal
 * const directory = indexDirectory({ users: [{ id: 'mia' as never }, { id: 'bob' as never, manager: 'mia' as never }, { id: 'ann' as never, manager: 'mia' as never }], subjects: [{ id: 's-bob' as never, user: 'bob' as never }, { id: 's-ann' as never, user: 'ann' as never }] })
 * const ctx = { policy: { order: ['firstLineManager'], count: 1 }, riskManagers: [], directory, escalations: () => [] } as never
 * const key = (subject: string) => resolutionKey(ctx, { id: 'i', subject, application: 'app', resource: 'r', entitlement: 'e' } as never)
 * key('s-bob') === key('s-ann') // true: both report to mia
 * @since 0.2.0
 * @category Reviewers
 * @internal
 */
export const resolutionKey = (ctx: ResolutionContext, item: ItemSpec, user: UserId | undefined = subjectUser(ctx.directory, item.subject)): string =>
  subjectKey(ctx, user) + itemKey(ctx.policy.order, item)

/**
 * The part of {@link resolutionKey} that depends on the subject's user only
 * (the same for every item of a subject: publish computes it once per subject).
 * @example
 * import { subjectKey } from '../../src/review/reviewer.js' // internal
 * import { indexDirectory } from '../../src/review/directory.js' // internal
 * const directory = indexDirectory({ users: [{ id: 'mia' as never }, { id: 'bob' as never, manager: 'mia' as never }], subjects: [] })
 * const ctx = { policy: { order: ['firstLineManager'], count: 1 }, riskManagers: [], directory, escalations: () => [] } as never
 * subjectKey(ctx, 'bob' as never) // 'mia'
 * @since 0.2.0
 * @category Reviewers
 * @internal
 */
export const subjectKey = (ctx: ResolutionContext, user: UserId | undefined): string => {
  const manager = user === undefined ? undefined : ctx.directory.users.get(user)?.manager
  return user === undefined ? '\u0000unmapped' : manager === undefined ? '\u0000none' : manager === user ? '\u0000self' : manager
}

/**
 * The part of {@link resolutionKey} that depends on the item: its
 * application and resource, when `order` asks their owners.
 * @example
 * import { itemKey } from '../../src/review/reviewer.js' // internal
 * itemKey(['firstLineManager'], { id: 'i', subject: 's', application: 'app', resource: 'r', entitlement: 'e' } as never) // ''
 * @since 0.2.0
 * @category Reviewers
 * @internal
 */
export const itemKey = (order: ReadonlyArray<ReviewerSource>, item: ItemSpec): string => {
  let key = ''
  if (order.includes('applicationOwner')) key += '\u0001' + item.application
  if (order.includes('resourceOwner')) key += '\u0002' + item.resource
  return key
}

/**
 * Every user a resolution named, kept or left out (its trace, its levels)
 * and the fallback reviewers: the users whose being the subject's user could
 * change the resolution of an item with the same {@link resolutionKey}.
 * @example
 * import { usersNamed } from '../../src/review/reviewer.js' // internal
 * const named = usersNamed({ sources: [{ source: 'riskManager', level: 1, candidates: ['rm', 'bob'] as never, chosen: ['rm'] as never, leftOut: [{ user: 'bob' as never, reason: 'selfReview' }] }], tiers: [] }, [{ source: 'riskManager', tiers: [['rm' as never]] }], [])
 * Array.from(named) // ['rm', 'bob']
 * @since 0.2.0
 * @category Reviewers
 * @internal
 */
export const usersNamed = (trace: ResolutionTrace, levels: ReadonlyArray<ReviewLevel>, fallback: ReadonlyArray<UserId>): ReadonlySet<UserId> => {
  const out = new Set<UserId>()
  const step = (x: Picks): void => {
    for (const u of x.candidates) out.add(u)
    for (const u of x.chosen) out.add(u)
    for (const l of x.leftOut) out.add(l.user)
  }
  for (const x of trace.sources) step(x)
  if (trace.fallback !== undefined) step(trace.fallback)
  for (const x of trace.tiers) step(x)
  for (const lv of levels) for (const ts of lv.tiers) for (const u of ts) out.add(u)
  for (const u of fallback) out.add(u)
  return out
}
