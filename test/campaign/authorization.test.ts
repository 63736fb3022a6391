import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isLeft } from 'fp-ts/lib/Either.js'
import type { Role } from '../../src/review/directory.js'
import type { Instant } from '../../src/schedule/time.js'
import { addDays } from '../../src/schedule/time.js'
import type { Command, CommandType } from '../../src/campaign/command.js'
import { commandTypes } from '../../src/campaign/command.js'
import { decide, execute } from '../../src/campaign/decider.js'
import { advance } from '../../src/campaign/advance.js'
import { reviewersOf } from '../../src/review/item.js'
import type { CampaignEvent } from '../../src/campaign/event.js'
import type { CampaignState } from '../../src/campaign/state.js'
import { findItem, packetItems, packetsOf } from '../../src/campaign/state.js'
import type { DefinitionInput, DirectoryInput } from '../../src/testing/index.js'
import { aDefinition, aDirectory, actor, anItem, at, itemId, userId } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'
import { must } from '../support/must.js'

// -------------------------------------------------------------------------------------
// T12: roles × commands × relationship of the actor to the item
// -------------------------------------------------------------------------------------
// Each relationship is a small campaign with one item `i1` of one subject and
// an actor standing in that relationship to the subject. Role-checked
// commands depend on the roles the command carries (the embedding platform
// authenticates the actor and vouches for the roles); decide depends only on
// whether the actor is an eligible reviewer of the item's active tier.

type Relationship = 'self' | 'manager' | 'managerIsSelf' | 'groupMember' | 'soleMemberGroup' | 'unrelated' | 'deactivated'
type RoleSet = 'none' | 'riskManager' | 'administrator' | 'both'

interface Scenario {
  readonly actor: string
  readonly subject: string
  readonly reviewers: DefinitionInput['reviewers']
  /** The reviewers the item must have at level 1 tier 0 after publish. */
  readonly expectedReviewers: ReadonlyArray<string>
}

const users: DirectoryInput['users'] = [
  { id: 'alice' },
  { id: 'bob', manager: 'alice' },
  { id: 'max', manager: 'max' },
  { id: 'gina' },
  { id: 'hal' },
  { id: 'solo' },
  { id: 'fay' },
  { id: 'uma' },
  { id: 'carl', manager: 'dan' },
  { id: 'dan', active: false },
  { id: 'rick' },
  { id: 'nora' },
  { id: 'adam' },
]
const directory = aDirectory({
  users,
  subjects: ['bob', 'max', 'gina', 'solo', 'carl'].map((u) => ({ id: `s-${u}`, user: u })),
})

const SCENARIOS: Record<Relationship, Scenario> = {
  self: { actor: 'bob', subject: 's-bob', reviewers: { order: ['firstLineManager'], count: 1 }, expectedReviewers: ['alice'] },
  manager: { actor: 'alice', subject: 's-bob', reviewers: { order: ['firstLineManager'], count: 1 }, expectedReviewers: ['alice'] },
  managerIsSelf: { actor: 'max', subject: 's-max', reviewers: { order: ['firstLineManager', 'riskManager'], count: 1 }, expectedReviewers: ['rick'] },
  groupMember: { actor: 'hal', subject: 's-gina', reviewers: { order: [{ users: ['gina', 'hal'] }], count: 1 }, expectedReviewers: ['hal'] },
  soleMemberGroup: { actor: 'solo', subject: 's-solo', reviewers: { order: [{ users: ['solo'] }], count: 1, fallback: ['fay'] }, expectedReviewers: ['fay'] },
  unrelated: { actor: 'uma', subject: 's-bob', reviewers: { order: ['firstLineManager'], count: 1 }, expectedReviewers: ['alice'] },
  deactivated: { actor: 'dan', subject: 's-carl', reviewers: { order: ['firstLineManager', 'riskManager'], count: 1 }, expectedReviewers: ['rick'] },
}
const RELATIONSHIPS = Object.keys(SCENARIOS) as ReadonlyArray<Relationship>

const ROLE_SETS: Record<RoleSet, ReadonlyArray<Role>> = {
  none: [],
  riskManager: ['riskManager'],
  administrator: ['administrator'],
  both: ['riskManager', 'administrator'],
}

// --- the declarative policy --------------------------------------------------------

type Rule = 'managers' | 'administrators' | 'eligibleReviewer' | 'levelReviewer' | 'managersOrReviewer' | 'ownReviews' | 'activeReviewer' | 'asked'
const WHO: Record<CommandType, Rule> = {
  create: 'managers',
  edit: 'managers',
  publish: 'managers',
  decide: 'eligibleReviewer',
  reassign: 'managersOrReviewer',
  delegate: 'ownReviews',
  requestInfo: 'activeReviewer',
  provideInfo: 'asked',
  submit: 'levelReviewer',
  extend: 'managers',
  remind: 'managers',
  complete: 'managers',
  abort: 'managers',
  setFulfillment: 'administrators',
  recordFulfillmentResult: 'managers',
}
const DECIDE: Record<Relationship, 'ok' | 'SelfReview' | 'NotEligibleReviewer'> = {
  self: 'SelfReview',
  manager: 'ok',
  managerIsSelf: 'SelfReview',
  groupMember: 'ok',
  soleMemberGroup: 'SelfReview',
  unrelated: 'NotEligibleReviewer',
  deactivated: 'NotEligibleReviewer',
}
const expectedOf = (roles: RoleSet, type: CommandType, rel: Relationship): string => {
  switch (WHO[type]) {
    case 'managers':
      return roles === 'none' ? 'NotAuthorized' : 'ok'
    case 'administrators':
      return roles === 'administrator' || roles === 'both' ? 'ok' : 'NotAuthorized'
    case 'eligibleReviewer':
      return DECIDE[rel]
    case 'managersOrReviewer':
      // a risk manager or administrator, or the item's active reviewer forwarding their own work
      return roles !== 'none' || SCENARIOS[rel].expectedReviewers.includes(SCENARIOS[rel].actor) ? 'ok' : 'NotAuthorized'
    case 'ownReviews':
      // anyone may delegate their own pending reviews; someone with none has nothing to hand over
      return SCENARIOS[rel].expectedReviewers.includes(SCENARIOS[rel].actor) ? 'ok' : 'NothingPending'
    case 'activeReviewer':
      // only a reviewer of the item's active tier asks about it, whatever the roles
      return SCENARIOS[rel].expectedReviewers.includes(SCENARIOS[rel].actor) ? 'ok' : 'NotEligibleReviewer'
    case 'asked':
      // the question went to the relationship's actor (or to nora when the actor is the reviewer)
      return SCENARIOS[rel].expectedReviewers.includes(SCENARIOS[rel].actor) ? 'NotEligibleReviewer' : 'ok'
    case 'levelReviewer':
      // submit: only a reviewer of the level's active tier, whatever the roles
      return SCENARIOS[rel].expectedReviewers.includes(SCENARIOS[rel].actor) ? 'ok' : 'NotAuthorized'
  }
}

// --- campaigns in the status each command needs -------------------------------------

const ADMIN = actor('adam', 'administrator')
const day = (d: number): Instant => at(`2025-01-${String(d).padStart(2, '0')}T09:00:00Z`)

const createOf = (sc: Scenario, who = ADMIN, when = day(2)): Command => ({
  type: 'create',
  at: when,
  actor: who,
  definition: aDefinition({ reviewers: sc.reviewers, riskManagers: ['rick'] }),
  items: [anItem('i1', sc.subject)],
})


interface Built {
  readonly draft: CampaignState
  readonly active: CampaignState
  readonly completed: CampaignState
  /** A `completeOn: 'submit'` campaign whose level-1 reviewer decided i1: the level waits for `submit`. */
  readonly decided: CampaignState
  /** The active campaign after the reviewer asked the relationship's actor (or nora) about i1. */
  readonly asked: CampaignState
}
const built = new Map<Relationship, Built>()
const statesOf = (rel: Relationship): Built => {
  const cached = built.get(rel)
  if (cached !== undefined) return cached
  const sc = SCENARIOS[rel]
  const draft = must([createOf(sc)])
  const active = must([{ type: 'publish', at: day(6), actor: ADMIN, directory }], draft)
  const completed = must([{ type: 'complete', at: day(8), actor: ADMIN, outstanding: 'revokeAccess' }], active)
  const submitting = must([{
    type: 'create',
    at: day(2),
    actor: ADMIN,
    definition: aDefinition({ reviewers: sc.reviewers, riskManagers: ['rick'], timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 30 }, completeOn: 'submit' }] } }),
    items: [anItem('i1', sc.subject)],
  }, { type: 'publish', at: day(6), actor: ADMIN, directory }])
  const decided = must([{ type: 'decide', at: day(7), actor: actor(sc.expectedReviewers[0] ?? ''), items: [itemId('i1')], decision: 'revoke' }], submitting)
  const reviewer = sc.expectedReviewers[0] ?? ''
  const asked = must(
    [{ type: 'requestInfo', at: day(7), actor: actor(reviewer), items: [itemId('i1')], from: { user: userId(sc.expectedReviewers.includes(sc.actor) ? 'nora' : sc.actor) }, question: 'Still needed?' }],
    active,
  )
  const b = { draft, active, completed, decided, asked }
  built.set(rel, b)
  return b
}

/** The state a command is sent to (the status where it is valid) and the command itself. */
const cellOf = (rel: Relationship, roles: RoleSet, type: CommandType): { state: CampaignState | undefined; command: Command } => {
  const sc = SCENARIOS[rel]
  const who = actor(sc.actor, ...ROLE_SETS[roles])
  const s = statesOf(rel)
  const now = day(10)
  switch (type) {
    case 'create':
      return { state: undefined, command: createOf(sc, who, now) }
    case 'edit':
      return { state: s.draft, command: { type: 'edit', at: now, actor: who, items: [anItem('i1', sc.subject), anItem('i2', sc.subject)] } }
    case 'publish':
      return { state: s.draft, command: { type: 'publish', at: now, actor: who, directory } }
    case 'decide':
      return { state: s.active, command: { type: 'decide', at: now, actor: who, items: [itemId('i1')], decision: 'revoke' } }
    case 'reassign':
      return { state: s.active, command: { type: 'reassign', at: now, actor: who, item: itemId('i1'), to: userId('nora'), comment: 'away until May' } }
    case 'delegate':
      return { state: s.active, command: { type: 'delegate', at: now, actor: who, to: userId('nora') } }
    case 'requestInfo':
      return { state: s.active, command: { type: 'requestInfo', at: now, actor: who, items: [itemId('i1')], from: 'owner', question: 'Who approved this?' } }
    case 'provideInfo':
      return { state: s.asked, command: { type: 'provideInfo', at: now, actor: who, items: [itemId('i1')], answer: 'The project lead' } }
    case 'submit':
      return { state: s.decided, command: { type: 'submit', at: now, actor: who, packetId: sc.subject as never, level: 1 } }
    case 'extend':
      return { state: s.active, command: { type: 'extend', at: now, actor: who, days: 5, cascade: true } }
    case 'remind':
      return { state: s.active, command: { type: 'remind', at: now, actor: who, view: 'reviewer', key: sc.expectedReviewers[0] ?? '' } }
    case 'complete':
      return { state: s.active, command: { type: 'complete', at: now, actor: who, outstanding: 'keepAccess' } }
    case 'abort':
      return { state: s.active, command: { type: 'abort', at: now, actor: who } }
    case 'setFulfillment':
      return { state: s.active, command: { type: 'setFulfillment', at: now, actor: who, application: 'app' as never, option: 'ticket' } }
    case 'recordFulfillmentResult':
      return { state: s.completed, command: { type: 'recordFulfillmentResult', at: now, actor: who, item: itemId('i1'), result: 'done' } }
  }
}

describe('T12: the relationship fixtures are what they claim', () => {
  for (const rel of RELATIONSHIPS) {
    it(`${rel}: level 1 is ${SCENARIOS[rel].expectedReviewers.join(', ')}`, () => {
      const item = findItem(statesOf(rel).active, 'i1')?.item
      expect(item?.levels.map((l) => l.tiers[0])).toEqual([SCENARIOS[rel].expectedReviewers])
    })
  }
})

describe('T12: authorization matrix (roles × commands × relationship), exhaustive', () => {
  const roleSets = Object.keys(ROLE_SETS) as ReadonlyArray<RoleSet>
  it('covers every command type', () => {
    expect(Object.keys(WHO).sort()).toEqual([...commandTypes].sort())
  })
  for (const type of commandTypes) {
    for (const roles of roleSets) {
      it(`${type} by roles=${roles}, for every relationship`, () => {
        for (const rel of RELATIONSHIPS) {
          const { state, command } = cellOf(rel, roles, type)
          const before = structuredClone(state)
          const r = execute(command, state)
          const got = isLeft(r) ? r.left.code : 'ok'
          expect({ rel, got }).toEqual({ rel, got: expectedOf(roles, type, rel) })
          if (isLeft(r)) {
            // every denial is a typed error (a code from the union and a message), and nothing changed
            expect(typeof r.left.message).toBe('string')
            expect(isLeft(decide(command, state))).toBe(true)
          }
          expect(state).toEqual(before)
        }
      })
    }
  }
})

describe('T12: one Denied and one Allowed example per command', () => {
  const examples: ReadonlyArray<{ type: CommandType; allowed: [RoleSet, Relationship]; denied: [RoleSet, Relationship, string] }> = [
    { type: 'create', allowed: ['riskManager', 'unrelated'], denied: ['none', 'manager', 'NotAuthorized'] },
    { type: 'edit', allowed: ['administrator', 'unrelated'], denied: ['none', 'unrelated', 'NotAuthorized'] },
    { type: 'publish', allowed: ['both', 'unrelated'], denied: ['none', 'manager', 'NotAuthorized'] },
    { type: 'decide', allowed: ['none', 'manager'], denied: ['both', 'self', 'SelfReview'] },
    // since issue 10 the active reviewer (alice, the manager) may forward her own item: an unrelated user may not
    { type: 'reassign', allowed: ['riskManager', 'unrelated'], denied: ['none', 'unrelated', 'NotAuthorized'] },
    { type: 'delegate', allowed: ['none', 'manager'], denied: ['both', 'unrelated', 'NothingPending'] },
    { type: 'submit', allowed: ['none', 'manager'], denied: ['both', 'unrelated', 'NotAuthorized'] },
    { type: 'extend', allowed: ['administrator', 'unrelated'], denied: ['none', 'groupMember', 'NotAuthorized'] },
    { type: 'remind', allowed: ['riskManager', 'unrelated'], denied: ['none', 'manager', 'NotAuthorized'] },
    { type: 'complete', allowed: ['administrator', 'unrelated'], denied: ['none', 'manager', 'NotAuthorized'] },
    { type: 'abort', allowed: ['riskManager', 'unrelated'], denied: ['none', 'manager', 'NotAuthorized'] },
    { type: 'setFulfillment', allowed: ['administrator', 'unrelated'], denied: ['riskManager', 'unrelated', 'NotAuthorized'] },
    { type: 'recordFulfillmentResult', allowed: ['riskManager', 'unrelated'], denied: ['none', 'self', 'NotAuthorized'] },
  ]
  for (const ex of examples) {
    it(`${ex.type} — Allowed: roles=${ex.allowed[0]}, actor ${ex.allowed[1]}`, () => {
      const { state, command } = cellOf(ex.allowed[1], ex.allowed[0], ex.type)
      const r = execute(command, state)
      expect(isLeft(r) ? r.left.code : 'ok').toBe('ok')
    })
    it(`${ex.type} — Denied: roles=${ex.denied[0]}, actor ${ex.denied[1]} → ${ex.denied[2]}`, () => {
      const { state, command } = cellOf(ex.denied[1], ex.denied[0], ex.type)
      const before = structuredClone(state)
      const r = execute(command, state)
      expect(isLeft(r) ? r.left.code : 'ok').toBe(ex.denied[2])
      expect(state).toEqual(before)
    })
  }
  it('the roles a decider holds do not make them a reviewer (an administrator unrelated to the item)', () => {
    const { state, command } = cellOf('unrelated', 'both', 'decide')
    const r = execute(command, state)
    expect(isLeft(r) ? r.left.code : 'ok').toBe('NotEligibleReviewer')
  })
  it('reassigning to the subject is refused whoever asks (SelfReview)', () => {
    for (const rel of RELATIONSHIPS) {
      const s = statesOf(rel).active
      const subjectUser = packetsOf(s)[0]?.subjectUser
      if (subjectUser === undefined) continue
      const r = execute({ type: 'reassign', at: day(10), actor: actor('adam', 'administrator', 'riskManager'), item: itemId('i1'), to: subjectUser }, s)
      expect(isLeft(r) ? r.left.code : 'ok').toBe('SelfReview')
    }
  })
})

// -------------------------------------------------------------------------------------
// T13: separation of duties over histories with reassign, escalation and fallback
// -------------------------------------------------------------------------------------
// Order (firstLineManager, applicationOwner), two levels, fallback [zed, rick]
// (or [rick]). bob's manager alice reviews bob; alice's, fay's and rick's
// manager is bob, so a "reviewerManager" escalation of bob's items would reach
// bob himself. "app" is owned by bob alone, "db" by bob and fay. sam is
// unmapped (his item goes to the owner bob); zed is his own manager and his
// item's application has no owner, so it falls back — and the fallback lists
// zed himself.

// The subjects and applications of the separation-of-duties campaigns (with and without delegations).
const SOD_SUBJECTS = [{ id: 's-bob', user: 'bob' }, { id: 's-fay', user: 'fay' }, { id: 's-zed', user: 'zed' }, { id: 's-sam' }]
const SOD_APPLICATIONS = [
  { id: 'app', owners: ['bob'] },
  { id: 'db', owners: ['bob', 'fay'] },
]
const sodDirectory = aDirectory({
  users: [
    { id: 'alice', manager: 'bob' },
    { id: 'bob', manager: 'alice' },
    { id: 'fay', manager: 'bob' },
    { id: 'nora' },
    { id: 'rick', manager: 'bob' },
    { id: 'zed', manager: 'zed' },
    { id: 'adam' },
  ],
  subjects: SOD_SUBJECTS,
  applications: SOD_APPLICATIONS,
})
const SOD_USERS = ['alice', 'bob', 'fay', 'nora', 'rick', 'zed'] as const
const SOD_ITEMS = ['b1', 'b2', 'f1', 's1', 'z1'] as const

const timings: ReadonlyArray<DefinitionInput['timing']> = [
  {
    policy: 'reviewerWindows',
    onLapse: 'overdue',
    levels: [
      {
        duration: { days: 2 },
        escalations: [
          { duration: { days: 2 }, reviewers: 'reviewerManager' },
          { duration: { days: 2 }, reviewers: { users: ['bob', 'fay', 'nora'] } },
        ],
      },
    ],
  },
  {
    policy: 'deadline',
    dueAt: '2025-01-20T09:00:00Z',
    escalateBeforeDue: '1week',
    levels: [{ duration: { days: 3 }, escalations: [{ reviewers: 'reviewerManager' }] }],
  },
]

// The same people with delegations and risk insights (issue 10; alice is
// flagged "sod-risk" and bob, her manager, is a subject: rick, the risk
// manager, gives her second approvals; fay's "travel" is not a named insight): some periods cover the whole
// campaign, some end mid-way; some delegates are subjects or reviewers of
// another level of the same item (they must never take those items over).
const delegatedDirectory = aDirectory({
  users: [
    { id: 'alice', manager: 'bob', insights: ['sod-risk'], delegate: { to: 'fay', from: '2025-01-01T00:00:00Z', until: '2025-01-09T00:00:00Z' } },
    { id: 'bob', manager: 'alice', delegate: { to: 'zed', from: '2025-01-01T00:00:00Z', until: '2025-02-01T00:00:00Z' } },
    { id: 'fay', manager: 'bob', insights: ['travel'], delegate: { to: 'rick', from: '2025-01-07T00:00:00Z', until: '2025-01-12T00:00:00Z' } },
    { id: 'nora', delegate: { to: 'bob', from: '2025-01-01T00:00:00Z', until: '2025-02-01T00:00:00Z' } },
    { id: 'rick', manager: 'bob', delegate: { to: 'alice', from: '2025-01-08T00:00:00Z', until: '2025-02-01T00:00:00Z' } },
    { id: 'zed', manager: 'zed', delegate: { to: 'nora', from: '2025-01-01T00:00:00Z', until: '2025-01-10T00:00:00Z' } },
    { id: 'adam' },
  ],
  subjects: SOD_SUBJECTS,
  applications: SOD_APPLICATIONS,
})

const sodCampaign = (timing: DefinitionInput['timing'], withSubjectInFallback: boolean, directory = sodDirectory): CampaignState =>
  must(
    [
      {
        type: 'create',
        at: day(2),
        actor: ADMIN,
        definition: aDefinition({
          reviewers: { order: ['firstLineManager', 'applicationOwner'], count: 2, fallback: withSubjectInFallback ? ['zed', 'rick'] : ['rick'] },
          riskManagers: ['rick'],
          riskInsights: ['sod-risk'],
          timing,
        }),
        items: [
          anItem('b1', 's-bob'),
          anItem('b2', 's-bob', { application: 'db' }),
          anItem('f1', 's-fay'),
          anItem('s1', 's-sam'),
          anItem('z1', 's-zed', { application: 'orphan' }),
        ],
      },
      { type: 'publish', at: day(6), actor: ADMIN, directory },
    ],
  )

type Step =
  | { readonly kind: 'work'; readonly item: string; readonly pick: number; readonly decision: 'approve' | 'revoke'; readonly wait: number }
  | { readonly kind: 'delegate'; readonly who: string; readonly to: string; readonly wait: number }
  | { readonly kind: 'decide'; readonly who: string; readonly items: ReadonlyArray<string>; readonly decision: 'approve' | 'revoke'; readonly wait: number }
  | { readonly kind: 'reassign'; readonly item: string; readonly to: string; readonly wait: number }
  | { readonly kind: 'extend'; readonly days: number; readonly wait: number }

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('decide' as const),
    who: fc.constantFrom(...SOD_USERS),
    // mostly single items, so that a wrong pick does not sink the whole (atomic) bulk decision
    items: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...SOD_ITEMS).map((i) => [i]) },
      { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...SOD_ITEMS), { minLength: 2, maxLength: 2 }) },
    ),
    decision: fc.constantFrom('approve' as const, 'revoke' as const),
    wait: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({ kind: fc.constant('reassign' as const), item: fc.constantFrom(...SOD_ITEMS), to: fc.constantFrom(...SOD_USERS), wait: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('delegate' as const), who: fc.constantFrom(...SOD_USERS), to: fc.constantFrom(...SOD_USERS), wait: fc.integer({ min: 0, max: 2 }) }),
  // an adversary: anyone named anywhere on the item, or who decided it, tries to decide it
  fc.record({
    kind: fc.constant('work' as const),
    item: fc.constantFrom(...SOD_ITEMS),
    pick: fc.nat({ max: 20 }),
    decision: fc.constantFrom('approve' as const, 'revoke' as const),
    wait: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({ kind: fc.constant('extend' as const), days: fc.integer({ min: 1, max: 2 }), wait: fc.integer({ min: 0, max: 2 }) }),
)

const SUBJECT_OF: Readonly<Record<string, string>> = { b1: 'bob', b2: 'bob', f1: 'fay', z1: 'zed' }
const REVIEW_KINDS = new Set(['reviewAssigned', 'reviewEscalated', 'reviewOverdue', 'campaignReminder'])

/** Every SoD violation in a history: decisions by the subject, tiers naming the subject, assignments or review notifications to the subject. */
const violations = (s: CampaignState, events: ReadonlyArray<CampaignEvent>): ReadonlyArray<string> => {
  const out: string[] = []
  for (const p of packetsOf(s)) {
    for (const i of packetItems(p)) {
      if (p.subjectUser === undefined) continue
      for (const d of i.decisions) if (d.by === p.subjectUser) out.push(`${i.spec.id}: decided by its subject`)
      // distinct reviewers (the default): nobody decides the same item at two levels, by any route
      for (const d of i.decisions) if (i.decisions.some((o) => o.by === d.by && o.level !== d.level)) out.push(`${i.spec.id}: ${d.by} decided at two levels`)
      i.levels.forEach((l, k) => l.tiers.forEach((t, j) => t.includes(p.subjectUser as never) && out.push(`${i.spec.id}: L${k + 1}T${j} names the subject`)))
    }
  }
  for (const e of events) {
    if (e.type === 'ItemReassigned' && SUBJECT_OF[e.itemId] === e.to) out.push(`${e.itemId}: reassigned to its subject`)
    if (e.type === 'ReviewersAdded') for (const a of e.additions) if (a.users.some((u) => SUBJECT_OF[a.itemId] === u)) out.push(`${a.itemId}: escalated to its subject`)
    if (e.type === 'NotificationIssued' && REVIEW_KINDS.has(e.intent.kind)) {
      for (const id of e.intent.itemIds) if (e.intent.recipients.some((r) => SUBJECT_OF[id] === r)) out.push(`${id}: ${e.intent.kind} sent to its subject`)
    }
  }
  return out
}

const replay = (s0: CampaignState, steps: ReadonlyArray<Step>): { state: CampaignState; events: CampaignEvent[]; accepted: number; ineligible: string[] } => {
  const ineligible: string[] = []
  let s = s0
  let now = day(6)
  let accepted = 0
  const events: CampaignEvent[] = []
  for (const step of steps) {
    now = addDays(now, step.wait, s.campaign.definition.timeZone)
    const who = actor('adam', 'administrator', 'riskManager')
    const named = (id: string): ReadonlyArray<string> => {
      const it = findItem(s, id)?.item
      const second = it?.state._tag === 'pending' && it.state.secondApprover !== undefined ? [it.state.secondApprover] : []
      return it === undefined ? [] : [...new Set([...it.levels.flatMap((l) => l.tiers.flat()), ...it.decisions.map((d) => d.by), ...second])]
    }
    const c: Command =
      step.kind === 'work'
        ? { type: 'decide', at: now, actor: actor(named(step.item)[step.pick % Math.max(1, named(step.item).length)] ?? 'nobody'), items: [itemId(step.item)], decision: step.decision }
        : step.kind === 'decide'
        ? { type: 'decide', at: now, actor: actor(step.who), items: step.items.map(itemId), decision: step.decision }
        : step.kind === 'reassign'
          ? { type: 'reassign', at: now, actor: who, item: itemId(step.item), to: userId(step.to) }
          : step.kind === 'delegate'
            ? { type: 'delegate', at: now, actor: actor(step.who), to: userId(step.to) }
            : { type: 'extend', at: now, actor: who, days: step.days, cascade: true }
    const r = execute(c, s)
    if (isLeft(r)) continue
    accepted++
    // every decision's `by` was a reviewer of the acting level and tier at that instant
    const advanced = advance(s, now).state
    for (const e of r.right.events) {
      if (e.type !== 'ItemsDecided') continue
      for (const d of e.decisions) {
        const before = findItem(advanced, d.itemId)?.item
        const second = before?.state._tag === 'pending' ? before.state.secondApprover : undefined
        if (before === undefined || !(reviewersOf(before, d.level, d.tier).includes(e.by) || second === e.by)) ineligible.push(`${d.itemId}: ${e.by} was not a reviewer of L${d.level}T${d.tier}`)
      }
    }
    s = r.right.state
    events.push(...r.right.events)
  }
  return { state: s, events, accepted, ineligible }
}

describe('T13: separation of duties', () => {
  it('publish never assigns a subject, even when the fallback and every escalation point at them', () => {
    for (const timing of timings) {
      for (const withSubject of [true, false]) {
        const s = sodCampaign(timing, withSubject)
        expect(violations(s, [])).toEqual([])
        const levels = (id: string): ReadonlyArray<ReadonlyArray<ReadonlyArray<string>>> => findItem(s, id)?.item.levels.map((l) => l.tiers) ?? []
        // b1: alice; the owner of "app" is bob himself → skipped. Escalation: alice's manager is bob → the fallback
        expect(levels('b1')).toEqual([[['alice'], withSubject ? ['zed', 'rick'] : ['rick'], ...(timing.policy === 'reviewerWindows' ? [['fay', 'nora']] : [])]])
        // b2: alice, then fay (the owners of "db" minus bob)
        expect(levels('b2').map((l) => l[0])).toEqual([['alice'], ['fay']])
        // z1: R27 + no owner → the fallback, without zed
        expect(findItem(s, 'z1')?.item.levels.map((l) => [l.source, l.tiers[0]])).toEqual([['fallback', ['rick']]])
      }
    }
  })

  it('a fixed history: reassign to the subject refused, escalations skip the subject, the subject cannot decide', () => {
    const s0 = sodCampaign(timings[1] as DefinitionInput['timing'], true)
    const r = replay(s0, [
      { kind: 'reassign', item: 'b1', to: 'bob', wait: 0 }, // refused: SelfReview
      { kind: 'decide', who: 'bob', items: ['b1'], decision: 'approve', wait: 1 }, // refused: SelfReview
      { kind: 'reassign', item: 'f1', to: 'nora', wait: 0 },
      { kind: 'decide', who: 'alice', items: ['b1', 'b2'], decision: 'approve', wait: 1 },
      // day 14: b2's level-2 tier escalated on day 11 (fay's manager is bob → the fallback,
      // zed and rick, who are level-1 reviewers of b2 → distinct reviewers keep fay's tier),
      // and the before-due escalation ran on day 13 (fay's manager is bob → not added to b2)
      { kind: 'decide', who: 'bob', items: ['b2'], decision: 'approve', wait: 6 }, // refused: SelfReview
      { kind: 'decide', who: 'rick', items: ['b2'], decision: 'revoke', wait: 0 }, // refused: a level-1 reviewer
      { kind: 'decide', who: 'fay', items: ['b2'], decision: 'revoke', wait: 0 },
    ])
    expect(r.accepted).toBe(3)
    expect(r.events.some((e) => e.type === 'EscalatedBeforeDue')).toBe(true)
    expect(violations(r.state, r.events)).toEqual([])
    expect(findItem(r.state, 'b2')?.item.levels[0]?.tiers).toEqual([['alice'], ['zed', 'rick']])
    expect(findItem(r.state, 'b2')?.item.levels[1]?.tiers).toEqual([['fay'], ['fay']])
    expect(findItem(r.state, 'b2')?.item.decisions.map((d) => [d.by, d.level, d.tier])).toEqual([
      ['alice', 1, 0],
      ['fay', 2, 1],
    ])
  })

  it('no history ever records a decision by a subject or an assignment to one', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1), fc.boolean(), fc.array(stepArb, { maxLength: 20 }), (t, fb, steps) => {
        const r = replay(sodCampaign(timings[t] as DefinitionInput['timing'], fb), steps)
        expect(violations(r.state, r.events)).toEqual([])
      }),
      { numRuns: runs(300) },
    )
  })

  it('issue 10: over random definitions, with and without delegations and insights, nobody decides an item at two levels or as its subject, and every decider was a reviewer of the acting tier (10,000 histories)', () => {
    // a random definition: a reviewer order (a subset of the sources, in any order), a count, a timing
    // (with reviewerManager escalations), a fallback, insights named or not; and one of the two directories
    const windowsTiming: DefinitionInput['timing'] = {
      policy: 'reviewerWindows',
      levels: [{ duration: { days: 1 }, escalations: [{ duration: { days: 1 }, reviewers: 'reviewerManager' }, { duration: { days: 2 }, reviewers: { users: ['rick', 'nora'] } }] }],
    }
    const allTimings = [...timings, windowsTiming]
    const definitionArb = fc.record({
      // biased towards two levels with shared people (b2: alice, then fay; escalations reach bob's reports)
      order: fc.oneof(
        { weight: 3, arbitrary: fc.constant<ReadonlyArray<'firstLineManager' | 'applicationOwner' | 'riskManager'>>(['firstLineManager', 'applicationOwner']) },
        { weight: 1, arbitrary: fc.constant<ReadonlyArray<'firstLineManager' | 'applicationOwner' | 'riskManager'>>(['applicationOwner', 'firstLineManager', 'riskManager']) },
        { weight: 2, arbitrary: fc.uniqueArray(fc.constantFrom('firstLineManager' as const, 'applicationOwner' as const, 'riskManager' as const), { minLength: 1, maxLength: 3 }) },
      ),
      countPick: fc.oneof(fc.constant(2), fc.nat({ max: 2 })),
      timing: fc.nat({ max: allTimings.length - 1 }),
      fallback: fc.constantFrom(['rick'], ['zed', 'rick'], ['nora', 'alice']),
      insights: fc.boolean(),
      delegated: fc.boolean(),
    })
    const cache = new Map<string, CampaignState>()
    const campaignOf = (d: typeof definitionArb extends fc.Arbitrary<infer T> ? T : never): CampaignState => {
      const key = JSON.stringify(d)
      const known = cache.get(key)
      if (known !== undefined) return known
      const state = must([
        {
          type: 'create',
          at: day(2),
          actor: ADMIN,
          definition: aDefinition({
            reviewers: { order: d.order, count: 1 + (d.countPick % d.order.length), fallback: d.fallback },
            riskManagers: ['rick'],
            ...(d.insights ? { riskInsights: ['sod-risk'] } : {}),
            timing: allTimings[d.timing] as DefinitionInput['timing'],
          }),
          items: SOD_ITEMS.map((id) => anItem(id, SUBJECT_OF[id] === undefined ? 's-sam' : `s-${SUBJECT_OF[id]}`, id === 'b2' ? { application: 'db' } : id === 'z1' ? { application: 'orphan' } : {})),
        },
        { type: 'publish', at: day(6), actor: ADMIN, directory: d.delegated ? delegatedDirectory : sodDirectory },
      ])
      cache.set(key, state)
      return state
    }
    fc.assert(
      fc.property(definitionArb, fc.array(stepArb, { maxLength: 12 }), (d, steps) => {
        const r = replay(campaignOf(d), steps)
        expect(violations(r.state, r.events)).toEqual([])
        expect(r.ineligible).toEqual([])
      }),
      { numRuns: runs(10_000) },
    )
  })
})
