/**
 * The campaign definition: the composition of the reviewer, decision and
 * timing policies, plus owners, time zone, reminders and completion options.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { Problem } from '../shared/codec.js'
import { arrayOf, decodeWith, named, oneOf, strict, taggedUnion, Text, WholeNumber } from '../shared/codec.js'
import type { Codec } from '../shared/codec.js'
import type { JsonOf } from '../shared/codec.js'
import { CampaignId, UserId } from '../shared/ids.js'
import { idIndex } from '../shared/idindex.js'
import { attestationProblems, DecisionPolicy } from '../review/attestation.js'
import { ItemSpec } from '../review/item.js'
import { ReviewerPolicy, sourceLabel } from '../review/reviewer.js'
import { TimingPolicy } from '../schedule/policy.js'
import { TimeZone } from '../schedule/time.js'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * The reminder schedule: none, daily, every N days, weekly, or once N days
 * before the due date. Scheduled reminders start the day after publish.
 * @example
 * import { Reminders } from 'access-review-core'
 * Reminders.is({ kind: 'everyDays', days: 3 }) // true
 * @since 0.1.0
 * @category Definition
 */
export const Reminders: Codec<Reminders> = named<Reminders>()(taggedUnion('Reminders', 'kind', {
  none: named<NoReminders>()(strict('NoReminders', { kind: t.literal('none') })),
  daily: named<DailyReminders>()(strict('DailyReminders', { kind: t.literal('daily') })),
  weekly: named<WeeklyReminders>()(strict('WeeklyReminders', { kind: t.literal('weekly') })),
  everyDays: named<EveryDaysReminders>()(strict('EveryDaysReminders', { kind: t.literal('everyDays'), days: WholeNumber(1, 365) })),
  beforeDue: named<BeforeDueReminders>()(strict('BeforeDueReminders', { kind: t.literal('beforeDue'), days: WholeNumber(1, 365) })),
}))
/** @since 0.1.0 @category Definition */
export type Reminders = NoReminders | DailyReminders | WeeklyReminders | EveryDaysReminders | BeforeDueReminders

/** No scheduled reminders. @since 0.1.0 @category Definition */
export interface NoReminders {
  readonly kind: 'none'
}
/** A reminder every day after publish. @since 0.1.0 @category Definition */
export interface DailyReminders {
  readonly kind: 'daily'
}
/** A reminder every week after publish. @since 0.1.0 @category Definition */
export interface WeeklyReminders {
  readonly kind: 'weekly'
}
/** A reminder every `days` days after publish (1 to 365). @since 0.1.0 @category Definition */
export interface EveryDaysReminders {
  readonly kind: 'everyDays'
  readonly days: number
}
/** One reminder `days` days before the due date (1 to 365). @since 0.1.0 @category Definition */
export interface BeforeDueReminders {
  readonly kind: 'beforeDue'
  readonly days: number
}

/**
 * What to do with expired or outstanding items at completion.
 * @example
 * import { AccessOutcome } from 'access-review-core'
 * AccessOutcome.is('keepAccess') // true
 * @since 0.1.0
 * @category Definition
 */
export const AccessOutcome: Codec<AccessOutcome> = named<AccessOutcome>()(oneOf(['keepAccess', 'revokeAccess']))
/** @since 0.1.0 @category Definition */
export type AccessOutcome = 'keepAccess' | 'revokeAccess'

/**
 * The shape of a campaign definition without its cross-field rules (for the
 * JSON Schema generator); use {@link CampaignDefinition} to decode.
 * @internal
 */
export const CampaignDefinitionShape: Codec<CampaignDefinition> = named<CampaignDefinition>()(strict(
  'CampaignDefinition',
  {
    id: CampaignId,
    name: Text(1, 200),
    timeZone: TimeZone,
    owners: arrayOf(UserId, { min: 1 }),
    reviewers: ReviewerPolicy,
    timing: TimingPolicy,
  },
  {
    riskManagers: arrayOf(UserId),
    riskInsights: arrayOf(Text(1, 100), { max: 50 }),
    decisions: DecisionPolicy,
    reminders: Reminders,
    onExpiredItems: AccessOutcome,
    autoComplete: t.boolean,
    linkTemplate: Text(1, 2000),
  },
))

/**
 * A campaign definition: who reviews (reviewer policy), until when (timing
 * policy), what a decision needs, reminders and completion options.
 * @since 0.1.0
 * @category Definition
 */
export interface CampaignDefinition {
  readonly id: CampaignId
  readonly name: string
  /** The IANA zone in which calendar days, reminders and reports are computed. */
  readonly timeZone: TimeZone
  readonly owners: ReadonlyArray<UserId>
  readonly reviewers: ReviewerPolicy
  readonly timing: TimingPolicy
  readonly riskManagers?: ReadonlyArray<UserId>
  /**
   * Risk insights (free-form names the directory flags users with): an
   * approval by a reviewer carrying one needs a second approval by their
   * manager before the item moves on.
   * @since 0.2.0
   */
  readonly riskInsights?: ReadonlyArray<string>
  readonly decisions?: DecisionPolicy
  readonly reminders?: Reminders
  /** What completion does with expired items (default `keepAccess`). */
  readonly onExpiredItems?: AccessOutcome
  /** Complete the campaign by itself once every item is final (default false). */
  readonly autoComplete?: boolean
  /** The task link of notifications, with `{campaignId}` and `{recipient}` placeholders. */
  readonly linkTemplate?: string
}

const definitionProblems = (d: CampaignDefinition): ReadonlyArray<Problem> => {
  const out: Problem[] = []
  const order = d.reviewers.order
  const n = order.length
  if (!Number.isSafeInteger(d.reviewers.count) || d.reviewers.count < 1 || d.reviewers.count > n) {
    out.push({ path: 'reviewers.count', expected: `a whole number from 1 to ${n} (the length of reviewers.order)` })
  }
  const seen = new Set<string>()
  order.forEach((s, i) => {
    const key = typeof s === 'string' ? s : `users:${[...s.users].sort().join(',')}`
    if (seen.has(key)) out.push({ path: `reviewers.order[${i}]`, expected: `a source not already in the order (${sourceLabel(s)} repeats)` })
    seen.add(key)
  })
  const timing = d.timing
  const levels = timing.levels ?? []
  levels.forEach((lv, i) => {
    const escalations = lv.escalations ?? []
    if (timing.policy === 'reviewerWindows') {
      if (lv.duration === undefined) out.push({ path: `timing.levels[${i}].duration`, expected: 'a duration (every tier has one under reviewerWindows) (required)' })
      escalations.forEach((e, j) => {
        if (e.duration === undefined) out.push({ path: `timing.levels[${i}].escalations[${j}].duration`, expected: 'a duration (every tier has one under reviewerWindows) (required)' })
      })
    } else {
      if (lv.completeOn === 'submit') out.push({ path: `timing.levels[${i}].completeOn`, expected: "'allDecided' (completeOn: 'submit' needs reviewerWindows timing, whose windows end)" })
      const tiers = [lv.duration, ...escalations.map((e) => e.duration)]
      tiers.forEach((dur, j) => {
        const path = j === 0 ? `timing.levels[${i}].duration` : `timing.levels[${i}].escalations[${j - 1}].duration`
        if (j === tiers.length - 1 && dur !== undefined) out.push({ path, expected: 'no duration: under deadline the last tier is open-ended' })
        if (j < tiers.length - 1 && dur === undefined) out.push({ path, expected: 'a duration (an escalation trigger) (required)' })
      })
    }
  })
  for (const p of attestationProblems(d.decisions?.attestation ?? [], 'decisions.attestation')) out.push(p)
  if (d.linkTemplate !== undefined && !/^[^\s]+$/.test(d.linkTemplate)) out.push({ path: 'linkTemplate', expected: 'a URL template without spaces' })
  return out
}

/**
 * The codec of campaign definitions: unknown keys rejected at every depth,
 * plus the cross-field rules (count within the order, no repeated source,
 * durations where the timing policy needs them).
 *
 * @example
 * import { CampaignDefinition, decodeWith } from 'access-review-core'
 * const r = decodeWith(CampaignDefinition, {
 *   id: 'q3', name: 'Q3 review', timeZone: 'Europe/Berlin', owners: ['olga'],
 *   reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 },
 *   timing: { policy: 'deadline', dueAt: '2025-10-31T17:00:00+01:00' },
 * })
 * // r is Right
 * @since 0.1.0
 * @category Definition
 */
export const CampaignDefinition: Codec<CampaignDefinition> = named<CampaignDefinition>()(new t.Type<CampaignDefinition, JsonOf<CampaignDefinition>, unknown>(
  'CampaignDefinition',
  (u): u is CampaignDefinition => CampaignDefinitionShape.is(u) && definitionProblems(u).length === 0,
  (u, c) => {
    const r = CampaignDefinitionShape.validate(u, c)
    if (E.isLeft(r)) return r
    const problems = definitionProblems(r.right)
    if (problems.length === 0) return r
    return t.failures(problems.map((p) => ({ value: undefined, context: [...c, ...p.path.split(/\.|\[|\]\.?/).filter((k) => k !== '').map((key) => ({ key, type: t.never }))], message: p.expected })))
  },
  (a) => CampaignDefinitionShape.encode(a),
))

/**
 * The scope of a campaign: its items.
 * @example
 * import { Scope } from 'access-review-core'
 * Scope.is([]) // true
 * @since 0.1.0
 * @category Definition
 */
export const Scope: Codec<Scope> = named<Scope>()(arrayOf(ItemSpec, { max: 1_000_000 }))
/** @since 0.1.0 @category Definition */
export type Scope = ReadonlyArray<ItemSpec>

/**
 * Checks a scope: item ids are unique.
 * @example
 * import { scopeProblems } from 'access-review-core'
 * scopeProblems([]) // []
 * @since 0.1.0
 * @category Definition
 */
export const scopeProblems = (items: Scope, path = 'items'): ReadonlyArray<Problem> =>
  // the scope's id index, which later finds each item's subject (built once per scope)
  idIndex(items).repeats.map((i) => ({ path: `${path}[${i}].id`, expected: 'an item id not already used in the scope' }))

/**
 * Decodes a campaign definition from unknown input.
 * @example
 * import { decodeDefinition } from 'access-review-core'
 * decodeDefinition({})._tag // 'Left'
 * @since 0.1.0
 * @category Definition
 */
export const decodeDefinition = (u: unknown): E.Either<ReadonlyArray<Problem>, CampaignDefinition> => decodeWith(CampaignDefinition, u)
