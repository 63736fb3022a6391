/**
 * Delegation (absent reviewers): while a user's delegation period holds, a
 * review assigned to them goes to their delegate instead, unless the
 * delegate may not review the item; then the user keeps it.
 *
 * @since 0.2.0
 */
import { lookup } from '../shared/codec.js'
import type { UserId } from '../shared/ids.js'
import type { Instant } from '../schedule/time.js'
import type { Delegation } from './directory.js'
import type { Item } from './item.js'
import { otherLevelOf } from './item.js'
import type { ReviewLevel } from './reviewer.js'
import { setOwn } from '../shared/record.js'

/**
 * What decides whether a delegate may take a review over.
 * @since 0.2.0
 * @category Directory
 * @internal
 */
export interface DelegationRules {
  /** The delegations of the directory given at publish, by delegating user. */
  readonly delegates: Readonly<Record<string, Delegation>>
  readonly isActive: (user: UserId) => boolean
  readonly subjectUser: UserId | undefined
  readonly allowSelfReview: boolean
  readonly distinctReviewers: boolean
}

/**
 * One reviewer replaced by their delegate.
 * @since 0.2.0
 * @category Directory
 * @internal
 */
export interface Substitution {
  readonly original: UserId
  readonly delegate: UserId
}

/**
 * The delegate who takes `user`'s new assignment of `item` at `level` at
 * instant `at`, or `undefined` when the user keeps it: no delegation, the
 * period does not hold, or the delegate is inactive, the subject (unless
 * self-review is allowed), or (with distinct reviewers) a reviewer or
 * decider of another level of the item.
 * @example
 * import { delegateOf } from '../../src/review/delegation.js' // internal
 * import { anItem, at, userId } from 'access-review-core/testing'
 * const item = { spec: anItem('i1', 's-bob'), levels: [{ source: 'firstLineManager', tiers: [[userId('mia')]] }], state: { _tag: 'pending', level: 1 } as const, decisions: [] }
 * const rules = { delegates: { mia: { to: userId('tara'), from: at('2026-01-01T00:00:00Z'), until: at('2026-02-01T00:00:00Z') } }, isActive: () => true, subjectUser: userId('bob'), allowSelfReview: false, distinctReviewers: true }
 * delegateOf(rules, item, 1, userId('mia'), at('2026-01-15T00:00:00Z')) // 'tara'
 * delegateOf(rules, item, 1, userId('mia'), at('2026-02-01T00:00:00Z')) // undefined
 * @since 0.2.0
 * @category Directory
 * @internal
 */
export const delegateOf = (
  rules: DelegationRules,
  item: Pick<Item, 'levels' | 'decisions'>,
  level: number,
  user: UserId,
  at: Instant,
): UserId | undefined => {
  const d = lookup(rules.delegates, user)
  if (d === undefined || at < d.from || at >= d.until) return undefined
  const to = d.to
  if (!rules.isActive(to)) return undefined
  if (!rules.allowSelfReview && to === rules.subjectUser) return undefined
  if (rules.distinctReviewers && otherLevelOf(item, to, level) !== undefined) return undefined
  return to
}

/**
 * The substitutions of a tier's reviewers at `at`.
 * @example
 * import { substitutions } from '../../src/review/delegation.js' // internal
 * import { anItem, at, userId } from 'access-review-core/testing'
 * const item = { spec: anItem('i1', 's-bob'), levels: [{ source: 'firstLineManager', tiers: [[userId('mia'), userId('max')]] }], state: { _tag: 'pending', level: 1 } as const, decisions: [] }
 * const rules = { delegates: { mia: { to: userId('tara'), from: at('2026-01-01T00:00:00Z'), until: at('2026-02-01T00:00:00Z') } }, isActive: () => true, subjectUser: userId('bob'), allowSelfReview: false, distinctReviewers: true }
 * substitutions(rules, item, 1, [userId('mia'), userId('max')], at('2026-01-15T00:00:00Z')) // [{ original: 'mia', delegate: 'tara' }]
 * @since 0.2.0
 * @category Directory
 * @internal
 */
export const substitutions = (
  rules: DelegationRules,
  item: Pick<Item, 'levels' | 'decisions'>,
  level: number,
  users: ReadonlyArray<UserId>,
  at: Instant,
): ReadonlyArray<Substitution> => {
  const out: Substitution[] = []
  for (const u of users) {
    const delegate = delegateOf(rules, item, level, u, at)
    if (delegate !== undefined) out.push({ original: u, delegate })
  }
  return out
}

/**
 * A level with substitutions applied to one tier, recording who each
 * delegate acts for.
 * @example
 * import { substituteTier } from '../../src/review/delegation.js' // internal
 * import { userId } from 'access-review-core/testing'
 * const lv = substituteTier({ source: 'firstLineManager', tiers: [[userId('mia')]] }, 0, [{ original: userId('mia'), delegate: userId('tara') }])
 * lv.tiers // [['tara']]
 * lv.onBehalfOf // { tara: 'mia' }
 * @since 0.2.0
 * @category Directory
 * @internal
 */
export const substituteTier = (lv: ReviewLevel, tier: number, subs: ReadonlyArray<Substitution>): ReviewLevel => {
  if (subs.length === 0) return lv
  const by = new Map(subs.map((x) => [x.original, x.delegate]))
  const tiers = lv.tiers.map((ts, t) => (t !== tier ? ts : [...new Set(ts.map((u) => by.get(u) ?? u))]))
  const onBehalfOf: Record<string, UserId> = { ...(lv.onBehalfOf ?? {}) }
  for (const x of subs) setOwn(onBehalfOf, x.delegate, x.original)
  return { ...lv, tiers, onBehalfOf }
}
