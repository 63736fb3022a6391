/**
 * fast-check arbitraries of valid inputs: small campaign definitions (both
 * timing policies), directories, scopes and commands, over a small fixed cast
 * of users ({@link castUsers}). Every value is decoded with the public codecs,
 * so it is branded exactly as the core expects and `decode(encode(a))`
 * gives it back.
 *
 * fast-check is an optional peer dependency: install it to use this module.
 *
 * @packageDocumentation
 * @module access-review-core/testing/arbitraries
 */
import fc from 'fast-check'
import type * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { decodeWith } from '../shared/codec.js'
import type { ItemId, UserId } from '../shared/ids.js'
import { UserId as UserIdCodec } from '../shared/ids.js'
import { Instant, TimeZone } from '../schedule/time.js'
import type { Duration } from '../schedule/time.js'
import { Duration as DurationCodec, instantOfMillis } from '../schedule/time.js'
import { TimingPolicy } from '../schedule/policy.js'
import { DecisionPolicy } from '../review/attestation.js'
import { Directory } from '../review/directory.js'
import { ItemSpec } from '../review/item.js'
import { ReviewerPolicy } from '../review/reviewer.js'
import { CampaignDefinition, Scope } from '../campaign/definition.js'
import { Command } from '../campaign/command.js'

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const valid = <A>(codec: t.Decoder<unknown, A>, what: string) => (input: unknown): A => {
  const r = decodeWith(codec, input)
  if (E.isLeft(r)) throw new TypeError(`access-review-core/testing: an arbitrary built an invalid ${what}: ${r.left.map((p) => `${p.path}: expected ${p.expected}`).join('; ')}`)
  return r.right
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const FIRST = 1_577_836_800_000 // 2020-01-01T00:00:00Z
const LAST = 1_893_456_000_000 // 2030-01-01T00:00:00Z

const toInstant = (ms: number): Instant => {
  const r = instantOfMillis(ms)
  if (r === undefined) throw new RangeError(`access-review-core/testing: ${ms} is not a valid instant`)
  return r
}

// -------------------------------------------------------------------------------------
// cast
// -------------------------------------------------------------------------------------

/**
 * The fixed cast of users every arbitrary of this module draws from:
 * `rita` (riskManager, the campaigns' risk manager and owner), `adam`
 * (administrator), `mia` (manager of the subject users), `otto` (an
 * application and resource owner), `eve` (an escalation reviewer), `fred`
 * (the fallback reviewer) and `u1`–`u3`, the users of subjects `s1`–`s3`.
 * `u1` also owns the application `erp`, so that it is a candidate reviewer
 * of its own access (and must be dropped).
 *
 * @example
 * import { castUsers } from 'access-review-core/testing/arbitraries'
 * castUsers.riskManager // 'rita'
 *
 * @since 0.1.0
 * @category Arbitraries
 */
export const castUsers = {
  riskManager: 'rita',
  administrator: 'adam',
  manager: 'mia',
  owner: 'otto',
  escalation: 'eve',
  fallback: 'fred',
  subjectUsers: ['u1', 'u2', 'u3'],
  all: ['rita', 'adam', 'mia', 'otto', 'eve', 'fred', 'u1', 'u2', 'u3'],
} as const

const SUBJECTS = ['s1', 's2', 's3'] as const
const APPLICATIONS = ['crm', 'erp'] as const
const RESOURCES = ['r1', 'r2'] as const

/**
 * IANA zones used by the arbitraries: UTC, zones with DST, a 30-minute DST
 * zone and a 45-minute offset.
 * @example
 * import fc from 'fast-check'
 * import { isTimeZone } from 'access-review-core'
 * import { arbTimeZone } from 'access-review-core/testing/arbitraries'
 * fc.sample(arbTimeZone, { numRuns: 3, seed: 1 }).every((zone) => isTimeZone(zone)) // true
 * @since 0.1.0
 * @category Arbitraries
 */
export const arbTimeZone: fc.Arbitrary<TimeZone> = fc
  .constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu')
  .map(valid(TimeZone, 'time zone'))

/**
 * Instants (epoch milliseconds, whole minutes) from 2020 to 2030.
 * @example
 * import fc from 'fast-check'
 * import { Instant } from 'access-review-core'
 * import { arbInstant } from 'access-review-core/testing/arbitraries'
 * fc.sample(arbInstant, { numRuns: 3, seed: 1 }).every((at) => Instant.is(at) && at % 60_000 === 0) // true
 * @since 0.1.0
 * @category Arbitraries
 */
export const arbInstant: fc.Arbitrary<Instant> = fc
  .integer({ min: FIRST / MINUTE, max: LAST / MINUTE })
  .map((m) => toInstant(m * MINUTE))

/**
 * Valid durations: whole days, hours and/or minutes, at least one above zero.
 * @example
 * import fc from 'fast-check'
 * import { Duration } from 'access-review-core'
 * import { arbDuration } from 'access-review-core/testing/arbitraries'
 * const durations = fc.sample(arbDuration, { numRuns: 3, seed: 1 })
 * durations.every((d) => Duration.is(d) && (d.days ?? 0) + (d.hours ?? 0) + (d.minutes ?? 0) > 0) // true
 * @since 0.1.0
 * @category Arbitraries
 */
export const arbDuration: fc.Arbitrary<Duration> = fc
  .record(
    { days: fc.integer({ min: 0, max: 10 }), hours: fc.integer({ min: 0, max: 48 }), minutes: fc.integer({ min: 0, max: 120 }) },
    { requiredKeys: [] },
  )
  .filter((d) => (d.days ?? 0) + (d.hours ?? 0) + (d.minutes ?? 0) > 0)
  .map(valid(DurationCodec, 'duration'))

// -------------------------------------------------------------------------------------
// policies
// -------------------------------------------------------------------------------------

const days = (min: number, max: number) => fc.integer({ min, max }).map((d) => ({ days: d }))
const escalationReviewers = fc.constantFrom<unknown>('reviewerManager', { users: [castUsers.escalation] })

/**
 * Options of {@link arbTimingPolicy}.
 * @since 0.1.0
 * @category Arbitraries
 */
export interface TimingOptions {
  /** The earliest publish time the policy must allow (the `deadline` due date comes 3 to 14 days later). */
  readonly start: Instant
  /** Only this policy (default: either). */
  readonly policy?: 'deadline' | 'reviewerWindows'
}

/**
 * Timing policies of both kinds with 1 to 2 level timings of whole days:
 * `deadline` (due 3 to 14 days after `start`, optional escalation tier with an
 * open-ended last tier, optional escalation before the due date) and
 * `reviewerWindows` (1 to 3 days per tier, optional escalation tier,
 * optional `onLapse`).
 * @example
 * import fc from 'fast-check'
 * import { TimingPolicy } from 'access-review-core'
 * import { at } from 'access-review-core/testing'
 * import { arbTimingPolicy } from 'access-review-core/testing/arbitraries'
 * const start = at('2025-01-06T09:00:00Z')
 * fc.sample(arbTimingPolicy({ start }), { numRuns: 3, seed: 1 }).every((p) => TimingPolicy.is(p)) // true
 * fc.sample(arbTimingPolicy({ start, policy: 'deadline' }), { numRuns: 3, seed: 1 }).every((p) => p.policy === 'deadline' && p.dueAt > start) // true
 * @since 0.1.0
 * @category Arbitraries
 */
export const arbTimingPolicy = (options: TimingOptions): fc.Arbitrary<TimingPolicy> => {
  const deadlineLevel = fc.oneof(
    fc.constant({}),
    fc.record({ duration: days(1, 2), escalations: fc.tuple(fc.record({ reviewers: escalationReviewers })) }),
  )
  const deadline = fc.record(
    {
      policy: fc.constant('deadline'),
      dueAt: fc.integer({ min: 3 * 24, max: 14 * 24 }).map((h) => options.start + h * HOUR),
      levels: fc.array(deadlineLevel, { minLength: 1, maxLength: 2 }),
      escalateBeforeDue: fc.constantFrom('none', '1day', '2days'),
    },
    { requiredKeys: ['policy', 'dueAt'] },
  )
  const windowsLevel = fc.oneof(
    fc.record({ duration: days(1, 3) }),
    fc.record({ duration: days(1, 3), escalations: fc.tuple(fc.record({ duration: days(1, 2), reviewers: escalationReviewers })) }),
  )
  const windows = fc.record(
    {
      policy: fc.constant('reviewerWindows'),
      levels: fc.array(windowsLevel, { minLength: 1, maxLength: 2 }),
      onLapse: fc.constantFrom('expire', 'overdue'),
    },
    { requiredKeys: ['policy', 'levels'] },
  )
  const chosen = options.policy === 'deadline' ? deadline : options.policy === 'reviewerWindows' ? windows : fc.oneof(deadline, windows)
  return chosen.map(valid(TimingPolicy, 'timing policy'))
}

/**
 * Options of {@link arbReviewerPolicy}.
 * @since 0.1.0
 * @category Arbitraries
 */
export interface ReviewerPolicyOptions {
  /** Always name the fallback reviewer `fred` (so that publish always resolves). Default false. */
  readonly fallback?: boolean
  /** Never allow self-review. Default false (random). */
  readonly noSelfReview?: boolean
}

/**
 * Reviewer policies: an order of 1 to 3 distinct sources (first-line manager,
 * risk manager, application owner, resource owner, an explicit user list) and
 * a count from 1 to the order's length.
 * @example
 * import fc from 'fast-check'
 * import { ReviewerPolicy } from 'access-review-core'
 * import { arbReviewerPolicy } from 'access-review-core/testing/arbitraries'
 * fc.sample(arbReviewerPolicy(), { numRuns: 3, seed: 1 }).every((p) => ReviewerPolicy.is(p) && p.count <= p.order.length) // true
 * fc.sample(arbReviewerPolicy({ fallback: true }), { numRuns: 3, seed: 1 }).every((p) => (p.fallback ?? []).some((u) => u === 'fred')) // true
 * @since 0.1.0
 * @category Arbitraries
 */
export const arbReviewerPolicy = (options: ReviewerPolicyOptions = {}): fc.Arbitrary<ReviewerPolicy> =>
  fc
    .shuffledSubarray<unknown>(['firstLineManager', 'riskManager', 'applicationOwner', 'resourceOwner', { users: [castUsers.owner, castUsers.escalation] }], {
      minLength: 1,
      maxLength: 3,
    })
    .chain((order) =>
      fc.record(
        {
          order: fc.constant(order),
          count: fc.integer({ min: 1, max: order.length }),
          fallback: options.fallback === true ? fc.constant([castUsers.fallback]) : fc.constantFrom([castUsers.fallback], [], [castUsers.fallback, castUsers.administrator]),
          allowSelfReview: options.noSelfReview === true ? fc.constant(false) : fc.boolean(),
          distinctReviewers: fc.boolean(),
        },
        { requiredKeys: options.fallback === true ? ['order', 'count', 'fallback'] : ['order', 'count'] },
      ),
    )
    .map(valid(ReviewerPolicy, 'reviewer policy'))

/**
 * Options of {@link arbDecisionPolicy}.
 * @since 0.1.0
 * @category Arbitraries
 */
export interface DecisionPolicyOptions {
  /** Include attestation questions. Default true. */
  readonly attestation?: boolean
}

/**
 * Decision policies: a comment requirement and, optionally, up to two
 * attestation questions (yes/no, choice or free text).
 * @example
 * import fc from 'fast-check'
 * import { DecisionPolicy } from 'access-review-core'
 * import { arbDecisionPolicy } from 'access-review-core/testing/arbitraries'
 * fc.sample(arbDecisionPolicy(), { numRuns: 3, seed: 1 }).every((p) => DecisionPolicy.is(p)) // true
 * fc.sample(arbDecisionPolicy({ attestation: false }), { numRuns: 3, seed: 1 }).every((p) => (p.attestation ?? []).length === 0) // true
 * @since 0.1.0
 * @category Arbitraries
 */
export const arbDecisionPolicy = (options: DecisionPolicyOptions = {}): fc.Arbitrary<DecisionPolicy> => {
  const question = fc.record(
    {
      id: fc.constantFrom('q1', 'q2', 'still-needed'),
      text: fc.constantFrom('Is this access still needed?', 'Why?'),
      answer: fc.constantFrom('yesNo', 'text'),
      required: fc.boolean(),
      appliesTo: fc.constantFrom('approve', 'revoke', 'both'),
    },
    { requiredKeys: ['id', 'text', 'answer', 'required', 'appliesTo'] },
  )
  const choice = fc.record({
    id: fc.constant('reason'),
    text: fc.constant('Reason'),
    answer: fc.constant('choice'),
    required: fc.boolean(),
    appliesTo: fc.constantFrom('approve', 'revoke', 'both'),
    choices: fc.constantFrom(['role change'], ['role change', 'left team']),
  })
  return fc
    .record(
      {
        requireCommentOn: fc.constantFrom('none', 'revoke', 'approve', 'both'),
        attestation: options.attestation === false ? fc.constant([]) : fc.uniqueArray(fc.oneof(question, choice), { maxLength: 2, selector: (q) => q.id }),
      },
      { requiredKeys: [] },
    )
    .map(valid(DecisionPolicy, 'decision policy'))
}

// -------------------------------------------------------------------------------------
// scope and directory
// -------------------------------------------------------------------------------------

const itemSpecRaw = (id: string, subject: string) =>
  fc.record(
    {
      id: fc.constant(id),
      subject: fc.constant(subject),
      application: fc.constantFrom(...APPLICATIONS),
      resource: fc.constantFrom(...RESOURCES),
      entitlement: fc.constantFrom('read', 'write', 'admin'),
      requestedBy: fc.constantFrom(...castUsers.subjectUsers, castUsers.manager),
    },
    { requiredKeys: ['id', 'subject', 'application', 'resource', 'entitlement'] },
  )

/**
 * One item of subject `s1`–`s3` (application `crm` or `erp`, resource `r1`
 * or `r2`), sometimes from an access request.
 * @example
 * import fc from 'fast-check'
 * import { ItemSpec } from 'access-review-core'
 * import { arbItemSpec } from 'access-review-core/testing/arbitraries'
 * fc.sample(arbItemSpec, { numRuns: 3, seed: 1 }).every((i) => ItemSpec.is(i) && ['s1', 's2', 's3'].includes(i.subject)) // true
 * @since 0.1.0
 * @category Arbitraries
 */
export const arbItemSpec: fc.Arbitrary<ItemSpec> = fc
  .tuple(fc.integer({ min: 1, max: 99 }), fc.constantFrom(...SUBJECTS))
  .chain(([n, s]) => itemSpecRaw(`i-${n}`, s))
  .map(valid(ItemSpec, 'item'))

/**
 * Options of {@link arbScope}.
 * @since 0.1.0
 * @category Arbitraries
 */
export interface ScopeOptions {
  /** Subjects (1 to 3). Default 3. */
  readonly maxSubjects?: number
  /** Items per subject (at least 1). Default 3. */
  readonly maxItemsPerSubject?: number
}

/**
 * Scopes of 1 to 3 subjects with 1 to 3 items each, with unique item ids
 * (`i-<subject>-<n>`).
 * @example
 * import fc from 'fast-check'
 * import { arbScope } from 'access-review-core/testing/arbitraries'
 * const scopes = fc.sample(arbScope({ maxSubjects: 2 }), { numRuns: 3, seed: 1 })
 * scopes.every((items) => items.length >= 1 && new Set(items.map((i) => i.id)).size === items.length) // true
 * scopes.every((items) => new Set(items.map((i) => i.subject)).size <= 2) // true
 * @since 0.1.0
 * @category Arbitraries
 */
export const arbScope = (options: ScopeOptions = {}): fc.Arbitrary<Scope> => {
  const maxSubjects = Math.max(1, Math.min(3, options.maxSubjects ?? 3))
  const maxItems = Math.max(1, options.maxItemsPerSubject ?? 3)
  return fc
    .shuffledSubarray([...SUBJECTS], { minLength: 1, maxLength: maxSubjects })
    .chain((subjects) =>
      fc.tuple(
        ...subjects.map((s) =>
          fc.integer({ min: 1, max: maxItems }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => itemSpecRaw(`i-${s}-${k + 1}`, s)))),
        ),
      ),
    )
    .map((lists) => valid(Scope, 'scope')(lists.flat()))
}

/**
 * Directories over the cast: every cast user (the manager `mia` sometimes
 * inactive, reporting to `adam`), subjects `s1`–`s3` (`s2` and `s3` sometimes
 * unmapped), owners of `crm` (`otto`), `erp` (`u1`, sometimes also `otto`)
 * and of the resources.
 * @example
 * import fc from 'fast-check'
 * import { arbDirectory } from 'access-review-core/testing/arbitraries'
 * fc.sample(arbDirectory, { numRuns: 3, seed: 1 }).map((d) => d.users.length) // [9, 9, 9]
 * @since 0.1.0
 * @category Arbitraries
 */
export const arbDirectory: fc.Arbitrary<Directory> = fc
  .record({
    miaActive: fc.boolean(),
    s2Mapped: fc.boolean(),
    s3Mapped: fc.boolean(),
    erpOwners: fc.constantFrom(['u1'], ['u1', 'otto']),
    r2Owners: fc.constantFrom([], ['otto'], ['u2']),
  })
  .map((o) =>
    valid(Directory, 'directory')({
      users: [
        { id: 'rita', roles: ['riskManager'], name: 'Rita' },
        { id: 'adam', roles: ['administrator'] },
        { id: 'mia', manager: 'adam', ...(o.miaActive ? {} : { active: false }) },
        { id: 'otto' },
        { id: 'eve', active: true },
        { id: 'fred' },
        { id: 'u1', manager: 'mia' },
        { id: 'u2', manager: 'mia' },
        { id: 'u3', manager: 'mia' },
      ],
      subjects: [
        { id: 's1', user: 'u1' },
        { id: 's2', ...(o.s2Mapped ? { user: 'u2' } : {}) },
        { id: 's3', ...(o.s3Mapped ? { user: 'u3' } : {}), name: 'Third subject' },
      ],
      applications: [
        { id: 'crm', owners: ['otto'] },
        { id: 'erp', owners: o.erpOwners },
      ],
      resources: [
        { id: 'r1', owners: ['otto'] },
        { id: 'r2', owners: o.r2Owners },
      ],
    }),
  )

// -------------------------------------------------------------------------------------
// definitions
// -------------------------------------------------------------------------------------

/**
 * Options of {@link arbCampaignDefinition}.
 * @since 0.1.0
 * @category Arbitraries
 */
export interface DefinitionOptions extends TimingOptions {
  /** Always name the fallback reviewer and never allow self-review, so that publish always resolves. Default false. */
  readonly resolvable?: boolean
  /** Include attestation questions. Default true. */
  readonly attestation?: boolean
  /** Auto-complete: random when absent. */
  readonly autoComplete?: boolean
}

/**
 * Campaign definitions over the cast (owner and risk manager `rita`) with
 * either timing policy, a reviewer policy, a decision policy and the
 * optional settings (reminders, expired-item handling, auto-completion, link
 * template).
 * @example
 * import fc from 'fast-check'
 * import { CampaignDefinition } from 'access-review-core'
 * import { at } from 'access-review-core/testing'
 * import { arbCampaignDefinition } from 'access-review-core/testing/arbitraries'
 * const definitions = fc.sample(arbCampaignDefinition({ start: at('2025-01-06T09:00:00Z'), autoComplete: true }), { numRuns: 3, seed: 1 })
 * definitions.every((d) => CampaignDefinition.is(d) && d.autoComplete === true) // true
 * @since 0.1.0
 * @category Arbitraries
 */
export const arbCampaignDefinition = (options: DefinitionOptions): fc.Arbitrary<CampaignDefinition> =>
  fc
    .record(
      {
        id: fc.constantFrom('q3-review', 'c-1'),
        name: fc.constantFrom('Q3 access review', 'Quarterly review'),
        timeZone: arbTimeZone,
        owners: fc.constantFrom(['rita'], ['rita', 'adam']),
        reviewers: arbReviewerPolicy(options.resolvable === true ? { fallback: true, noSelfReview: true } : {}),
        timing: arbTimingPolicy(options),
        riskManagers: fc.constant(['rita']),
        decisions: arbDecisionPolicy(options.attestation === false ? { attestation: false } : {}),
        reminders: fc.oneof(
          fc.constantFrom({ kind: 'none' }, { kind: 'daily' }, { kind: 'weekly' }),
          fc.record({ kind: fc.constantFrom('everyDays', 'beforeDue'), days: fc.integer({ min: 1, max: 3 }) }),
        ),
        onExpiredItems: fc.constantFrom('keepAccess', 'revokeAccess'),
        autoComplete: options.autoComplete === undefined ? fc.boolean() : fc.constant(options.autoComplete),
        linkTemplate: fc.constant('https://iga.example/reviews?r={recipient}'),
      },
      {
        requiredKeys: [
          'id',
          'name',
          'timeZone',
          'owners',
          'reviewers',
          'timing',
          'riskManagers',
          ...(options.autoComplete === undefined ? [] : ['autoComplete' as const]),
        ],
      },
    )
    .map(valid(CampaignDefinition, 'campaign definition'))

/**
 * Everything a campaign needs: a definition, its scope, the directory to
 * publish with and the creation instant.
 * @since 0.1.0
 * @category Arbitraries
 */
export interface CampaignSetup {
  readonly definition: CampaignDefinition
  readonly items: Scope
  readonly directory: Directory
  readonly createdAt: Instant
}

/**
 * Options of {@link arbCampaignSetup}.
 * @since 0.1.0
 * @category Arbitraries
 */
export interface SetupOptions extends ScopeOptions {
  /** See {@link DefinitionOptions.resolvable}. Default true. */
  readonly resolvable?: boolean
  /** Include attestation questions. Default true. */
  readonly attestation?: boolean
  /** Only this timing policy (default: either). */
  readonly policy?: 'deadline' | 'reviewerWindows'
  /** Auto-complete: random when absent. */
  readonly autoComplete?: boolean
}

/**
 * A consistent campaign setup: with the default `resolvable: true`,
 * publishing the definition with the directory always resolves a reviewer
 * for every item (1 to 3 levels), and a `deadline` due date is 3 to 14 days
 * after `createdAt`.
 * @example
 * import fc from 'fast-check'
 * import { run, actor } from 'access-review-core/testing'
 * import { arbCampaignSetup } from 'access-review-core/testing/arbitraries'
 * const rita = actor('rita', 'riskManager')
 * const statuses = fc.sample(arbCampaignSetup(), { numRuns: 3, seed: 1 }).map(({ definition, items, directory, createdAt }) =>
 *   run([
 *     { type: 'create', at: createdAt, actor: rita, definition, items },
 *     { type: 'publish', at: createdAt, actor: rita, directory },
 *   ]).state?.campaign.status,
 * )
 * statuses // ['inProgress', 'inProgress', 'inProgress']
 * @since 0.1.0
 * @category Arbitraries
 */
export const arbCampaignSetup = (options: SetupOptions = {}): fc.Arbitrary<CampaignSetup> =>
  arbInstant.chain((createdAt) =>
    fc.record({
      definition: arbCampaignDefinition({
        start: createdAt,
        resolvable: options.resolvable !== false,
        ...(options.attestation === undefined ? {} : { attestation: options.attestation }),
        ...(options.policy === undefined ? {} : { policy: options.policy }),
        ...(options.autoComplete === undefined ? {} : { autoComplete: options.autoComplete }),
      }),
      items: arbScope(options),
      directory: arbDirectory,
      createdAt: fc.constant(createdAt),
    }),
  )

// -------------------------------------------------------------------------------------
// commands
// -------------------------------------------------------------------------------------

const actors = fc.constantFrom(
  { id: 'rita', roles: ['riskManager'] },
  { id: 'adam', roles: ['administrator'] },
  { id: 'mia', roles: [] },
)
const reviewerActors = fc.oneof(fc.constantFrom('rita', 'mia', 'otto', 'eve', 'fred'), fc.constantFrom(...castUsers.all)).map((id) => ({ id, roles: id === 'rita' ? ['riskManager'] : id === 'adam' ? ['administrator'] : [] }))

/**
 * Valid commands (they decode; the decider may still refuse them) about a
 * setup's campaign, at instant `at`: every command type, with actors from the
 * cast and item ids from the setup's scope (and sometimes an unknown one).
 * @example
 * import fc from 'fast-check'
 * import { Command } from 'access-review-core'
 * import { arbCampaignSetup, arbCommand } from 'access-review-core/testing/arbitraries'
 * const commands = fc.sample(arbCampaignSetup().chain((s) => arbCommand(s, s.createdAt)), { numRuns: 3, seed: 1 })
 * commands.every((c) => Command.is(c)) // true
 * @since 0.1.0
 * @category Arbitraries
 */
export const arbCommand = (setup: CampaignSetup, at: Instant): fc.Arbitrary<Command> => {
  const ids: ReadonlyArray<string> = [...setup.items.map((i) => i.id), 'i-unknown']
  const item = fc.constantFrom(...ids)
  const known = fc.constantFrom(...setup.items.map((i) => i.id))
  const base = { at: fc.constant(at), actor: actors }
  const decisions = setup.definition.decisions
  const answers = fc.dictionary(fc.constantFrom(...(decisions?.attestation ?? []).map((q) => q.id), 'q1'), fc.oneof(fc.boolean(), fc.constantFrom('yes', 'role change')), {
    maxKeys: 2,
    noNullPrototype: true,
  })
  const decide = fc.record(
    {
      type: fc.constant('decide'),
      at: fc.constant(at),
      actor: reviewerActors,
      items: fc.oneof({ arbitrary: fc.uniqueArray(known, { minLength: 1, maxLength: 2 }), weight: 9 }, fc.uniqueArray(item, { minLength: 1, maxLength: 3 })),
      decision: fc.constantFrom('approve', 'revoke'),
      comment: fc.constantFrom('ok', 'no longer needed', ''),
      answers,
    },
    { requiredKeys: ['type', 'at', 'actor', 'items', 'decision'] },
  )
  const raw = fc.oneof(
    { arbitrary: decide, weight: 12 },
    fc.record({ type: fc.constant('create'), ...base, definition: fc.constant(CampaignDefinition.encode(setup.definition)), items: fc.constant(Scope.encode(setup.items)) }),
    fc.record({ type: fc.constant('edit'), ...base, items: fc.constant(Scope.encode(setup.items)) }, { requiredKeys: ['type', 'at', 'actor'] }),
    fc.record({ type: fc.constant('publish'), ...base, directory: fc.constant(Directory.encode(setup.directory)) }),
    fc.record({ type: fc.constant('reassign'), ...base, item, to: fc.constantFrom(...castUsers.all) }),
    fc.record({ type: fc.constant('extend'), ...base, days: fc.integer({ min: 1, max: 4 }), cascade: fc.boolean() }),
    fc.record({ type: fc.constant('remind'), ...base, view: fc.constantFrom('integration', 'reviewer', 'resource'), key: fc.constantFrom(...APPLICATIONS, ...RESOURCES, ...castUsers.all) }),
    fc.record({ type: fc.constant('complete'), ...base, outstanding: fc.constantFrom('keepAccess', 'revokeAccess') }, { requiredKeys: ['type', 'at', 'actor'] }),
    fc.record({ type: fc.constant('abort'), ...base }),
    fc.record({ type: fc.constant('setFulfillment'), ...base, application: fc.constantFrom(...APPLICATIONS), option: fc.constantFrom('automatic', 'ticket', 'manual') }),
    fc.record({ type: fc.constant('recordFulfillmentResult'), ...base, item, result: fc.constantFrom('done', 'failed') }),
    // the commands of issue 10: forwarding, delegation, requests for information, submit
    fc.record(
      { type: fc.constant('reassign'), at: fc.constant(at), actor: reviewerActors, items: fc.uniqueArray(known, { minLength: 1, maxLength: 2 }), to: fc.constantFrom(...castUsers.all), comment: fc.constantFrom('on leave', 'not my team') },
      { requiredKeys: ['type', 'at', 'actor', 'items', 'to'] },
    ),
    fc.record({ type: fc.constant('delegate'), at: fc.constant(at), actor: reviewerActors, to: fc.constantFrom(...castUsers.all), items: fc.uniqueArray(known, { minLength: 1, maxLength: 2 }) }, { requiredKeys: ['type', 'at', 'actor', 'to'] }),
    fc.record({
      type: fc.constant('requestInfo'),
      at: fc.constant(at),
      actor: reviewerActors,
      items: fc.uniqueArray(known, { minLength: 1, maxLength: 2 }),
      from: fc.oneof(fc.constantFrom('subject', 'owner'), fc.constantFrom(...castUsers.all).map((user) => ({ user }))),
      question: fc.constantFrom('Still needed?', 'Which team?'),
    }),
    fc.record({ type: fc.constant('provideInfo'), at: fc.constant(at), actor: fc.oneof(reviewerActors, fc.constantFrom(...castUsers.all).map((id) => ({ id, roles: [] }))), items: fc.uniqueArray(known, { minLength: 1, maxLength: 2 }), answer: fc.constantFrom('yes', 'moved teams') }),
    fc.record({ type: fc.constant('submit'), at: fc.constant(at), actor: reviewerActors, packetId: fc.constantFrom(...setup.items.map((i) => i.subject)), level: fc.integer({ min: 1, max: 3 }) }),
  )
  return raw.map(valid(Command, 'command'))
}

/**
 * Options of {@link arbCommandHistory}.
 * @since 0.1.0
 * @category Arbitraries
 */
export interface HistoryOptions {
  /** The most commands after `create` and `publish`. Default 30. */
  readonly maxCommands?: number
  /** The longest pause between two commands, in hours. Default 36. */
  readonly maxPauseHours?: number
}

/**
 * A command history for a setup: `create` at `createdAt`, `publish` by the
 * risk manager a little later, then random commands ({@link arbCommand}) at
 * non-decreasing instants. Some of them will be refused, as in real life.
 * @example
 * import fc from 'fast-check'
 * import { arbCampaignSetup, arbCommandHistory } from 'access-review-core/testing/arbitraries'
 * const histories = fc.sample(arbCampaignSetup().chain((s) => arbCommandHistory(s, { maxCommands: 5 })), { numRuns: 3, seed: 1 })
 * histories.every((h) => h[0]?.type === 'create' && h[1]?.type === 'publish') // true
 * histories.every((h) => h.every((c, i) => i === 0 || c.at >= (h[i - 1]?.at ?? c.at))) // true
 * @since 0.1.0
 * @category Arbitraries
 */
export const arbCommandHistory = (setup: CampaignSetup, options: HistoryOptions = {}): fc.Arbitrary<ReadonlyArray<Command>> => {
  const t0 = setup.createdAt
  const rita = { id: 'rita', roles: ['riskManager'] }
  const create = valid(Command, 'command')({
    type: 'create',
    at: t0,
    actor: rita,
    definition: CampaignDefinition.encode(setup.definition),
    items: Scope.encode(setup.items),
  })
  const maxPause = (options.maxPauseHours ?? 36) * 60
  return fc
    .tuple(
      fc.integer({ min: 0, max: 12 * 60 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: maxPause }), arbCommand(setup, t0)), { maxLength: options.maxCommands ?? 30, size: 'max' }),
    )
    .map(([publishAfter, rest]) => {
      let at = t0 + publishAfter * MINUTE
      const publish = valid(Command, 'command')({ type: 'publish', at, actor: rita, directory: Directory.encode(setup.directory) })
      const out: Command[] = [create, publish]
      for (const [pause, c] of rest) {
        at += pause * MINUTE
        out.push({ ...c, at: toInstant(at) })
      }
      return out
    })
}

/**
 * The item ids of a scope (a helper for properties over a setup).
 * @example
 * import { anItem } from 'access-review-core/testing'
 * import { itemIdsOf } from 'access-review-core/testing/arbitraries'
 * itemIdsOf({ items: [anItem('i-s1-1', 's1'), anItem('i-s1-2', 's1')] }) // ['i-s1-1', 'i-s1-2']
 * @since 0.1.0
 * @category Arbitraries
 */
export const itemIdsOf = (setup: Pick<CampaignSetup, 'items'>): ReadonlyArray<ItemId> => setup.items.map((i) => i.id)

/**
 * A cast user id, branded (for building commands in properties).
 * @example
 * import { castUser } from 'access-review-core/testing/arbitraries'
 * castUser('rita') // 'rita' as a UserId
 * @since 0.1.0
 * @category Arbitraries
 */
export const castUser = (id: (typeof castUsers.all)[number]): UserId => valid(UserIdCodec, 'user id')(id)
