// Issue 10, the four defects, each pinned by examples: distinct reviewers on
// every route, expiry notices, `completeOn: 'submit'` levels, and
// `multiChoice` attestation questions. Fixtures are our own: mona manages
// sven (subject s-sven), vic is the application owner of "ledger", and kurt
// manages both mona and vic.
import { describe, expect, it } from 'vitest'
import { isLeft } from 'fp-ts/lib/Either.js'
import { decodeDefinition } from '../../src/campaign/definition.js'
import { decodeWith } from '../../src/shared/codec.js'
import { Directory } from '../../src/review/directory.js'
import { execute } from '../../src/campaign/decider.js'
import { advance } from '../../src/campaign/advance.js'
import type { Command, InfoSource } from '../../src/campaign/command.js'
import type { CampaignEvent } from '../../src/campaign/event.js'
import { fold } from '../../src/campaign/event.js'
import type { CampaignState } from '../../src/campaign/state.js'
import { findItem } from '../../src/campaign/state.js'
import { renderChat, renderEmail } from '../../src/campaign/render.js'
import type { DefinitionInput } from '../../src/testing/index.js'
import { aDefinition, aDirectory, actor, anItem, at, itemId, userId } from '../../src/testing/index.js'
import { must } from '../support/must.js'

const ROSA = actor('rosa', 'riskManager')
const directory = aDirectory({
  users: [{ id: 'kurt' }, { id: 'mona', manager: 'kurt' }, { id: 'vic', manager: 'kurt' }, { id: 'sven', manager: 'mona' }, { id: 'tara' }, { id: 'rosa' }],
  subjects: [{ id: 's-sven', user: 'sven' }],
  applications: [{ id: 'ledger', owners: ['vic'] }],
})
const items = [anItem('L1', 's-sven', { application: 'ledger' }), anItem('L2', 's-sven', { application: 'ledger' })]
const day = (d: number): ReturnType<typeof at> => at(`2026-03-${String(d).padStart(2, '0')}T08:00:00Z`)

const campaign = (def: Partial<DefinitionInput>): CampaignState =>
  must([
    { type: 'create', at: day(1), actor: ROSA, definition: aDefinition({ owners: ['rosa'], riskManagers: ['rosa'], timing: { policy: 'deadline', dueAt: '2026-06-30T00:00:00Z' }, ...def }), items },
    { type: 'publish', at: day(2), actor: ROSA, directory },
  ])

const send = (s: CampaignState, c: Command): { readonly state: CampaignState; readonly events: ReadonlyArray<CampaignEvent> } => {
  const r = execute(c, s)
  if (isLeft(r)) throw new Error(`refused: ${r.left.code} ${r.left.message}`)
  return r.right
}
const refusal = (s: CampaignState, c: Command): string => {
  const before = structuredClone(s)
  const r = execute(c, s)
  expect(s).toEqual(before)
  return isLeft(r) ? r.left.code : 'accepted'
}
const approve = (who: string, when: number, ...ids: string[]): Command => ({ type: 'decide', at: day(when), actor: actor(who), items: ids.map(itemId), decision: 'approve' })
const revoke = (who: string, when: number, ...ids: string[]): Command => ({ type: 'decide', at: day(when), actor: actor(who), items: ids.map(itemId), decision: 'revoke' })
const notices = (es: ReadonlyArray<CampaignEvent>, kind: string): ReadonlyArray<string> =>
  es.flatMap((e) => (e.type === 'NotificationIssued' && e.intent.kind === kind ? [`${e.intent.recipients.join()}: ${e.intent.itemIds.join()}`] : [])).sort()

describe('defect 1: distinct reviewers hold on every route', () => {
  const twoLevels: Partial<DefinitionInput> = { reviewers: { order: ['firstLineManager', 'applicationOwner'], count: 2, fallback: ['tara'] } }

  it('a reviewerManager escalation tier never resolves to a reviewer of another level (falls back instead)', () => {
    // level 1: mona (escalation → her manager kurt); level 2: vic (escalation → his manager kurt, taken by level 1 → the fallback tara)
    const s = campaign({
      ...twoLevels,
      timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 }, escalations: [{ duration: { days: 2 }, reviewers: 'reviewerManager' }] }] },
    })
    expect(findItem(s, 'L1')?.item.levels.map((l) => l.tiers)).toEqual([[['mona'], ['kurt']], [['vic'], ['tara']]])
  })

  it('with distinctReviewers: false the escalation may reach the same user at two levels (opt-out kept)', () => {
    const s = campaign({
      reviewers: { ...twoLevels.reviewers!, distinctReviewers: false },
      timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 }, escalations: [{ duration: { days: 2 }, reviewers: 'reviewerManager' }] }] },
    })
    expect(findItem(s, 'L1')?.item.levels.map((l) => l.tiers)).toEqual([[['mona'], ['kurt']], [['vic'], ['kurt']]])
  })

  it('reassigning a level-2 item to its level-1 approver is refused, and so is a level-1 item to the level-2 reviewer', () => {
    const s0 = campaign(twoLevels)
    const s1 = send(s0, approve('mona', 3, 'L1')).state // L1 now waits for vic at level 2
    expect(refusal(s1, { type: 'reassign', at: day(4), actor: ROSA, item: itemId('L1'), to: userId('mona') })).toBe('NotEligibleReviewer')
    expect(refusal(s1, { type: 'reassign', at: day(4), actor: ROSA, item: itemId('L2'), to: userId('vic') })).toBe('NotEligibleReviewer')
    // anyone else is fine
    expect(refusal(s1, { type: 'reassign', at: day(4), actor: ROSA, item: itemId('L1'), to: userId('tara') })).toBe('accepted')
  })

  it('the decision rule is the backstop: a level-1 decider cannot decide at level 2 even when named there', () => {
    const s0 = campaign({ ...twoLevels, reviewers: { ...twoLevels.reviewers!, distinctReviewers: false } })
    const s1 = send(s0, approve('mona', 3, 'L1')).state
    // without distinct reviewers, reassigning to mona is allowed and she may decide again
    const s2 = send(s1, { type: 'reassign', at: day(4), actor: ROSA, item: itemId('L1'), to: userId('mona') }).state
    expect(refusal(s2, approve('mona', 5, 'L1'))).toBe('accepted')
    // with distinct reviewers (the default) no command names her there; even a
    // stored assignment that did (folded directly) is refused at the decision
    const d1 = send(campaign(twoLevels), approve('mona', 3, 'L1')).state
    const forced = fold(d1, [{ type: 'ItemReassigned', at: day(4), packetId: 's-sven' as never, by: userId('rosa'), itemId: itemId('L1'), level: 2, tier: 0, to: userId('mona') }])
    expect(forced === undefined ? 'none' : refusal(forced, approve('mona', 5, 'L1'))).toBe('NotEligibleReviewer')
  })
})

describe('defect 2: expiry is not silent', () => {
  it('a lapsed packet sends reviewExpired to the lapsed tier and the owners, one intent each; the campaign sends campaignExpired to the owners', () => {
    const s0 = campaign({ timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] } })
    const { events } = advance(s0, day(5))
    expect(events.filter((e) => e.type !== 'NotificationIssued').map((e) => e.type)).toEqual(['PacketExpired', 'CampaignExpired'])
    expect(notices(events, 'reviewExpired')).toEqual(['mona: L1,L2', 'rosa: L1,L2'])
    expect(notices(events, 'campaignExpired')).toEqual(['rosa: '])
  })

  it('an owner who is also the lapsed reviewer gets one reviewExpired, not two', () => {
    const s0 = campaign({ owners: ['mona'], timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] } })
    expect(notices(advance(s0, day(5)).events, 'reviewExpired')).toEqual(['mona: L1,L2'])
  })

  it('email and chat renderers have words for both kinds', () => {
    const s0 = campaign({ timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] } })
    const intents = advance(s0, day(5)).events.flatMap((e) => (e.type === 'NotificationIssued' ? [e.intent] : []))
    const ctx = { campaignName: 'Ledger review', baseUrl: 'https://iga.example' }
    const titles = intents.map((i) => renderEmail(i, ctx).subject)
    expect(titles).toContain('Ledger review: Review expired')
    expect(titles).toContain('Ledger review: Campaign expired')
    for (const i of intents) expect(renderChat(i, ctx).text.length).toBeGreaterThan(0)
  })
})

describe("defect 3: completeOn: 'submit'", () => {
  const submitting: Partial<DefinitionInput> = { timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 5 }, completeOn: 'submit' }] } }
  const submit = (who: string, when: number, level = 1): Command => ({ type: 'submit', at: day(when), actor: actor(who), packetId: 's-sven' as never, level })

  it('decisions stay revisable after the last one until the reviewer submits; then a revision is refused', () => {
    const s1 = send(campaign(submitting), approve('mona', 3, 'L1', 'L2')).state
    expect(s1.packets && findItem(s1, 'L1')?.packet.clocks[0]?.outcome).toBeUndefined()
    const s2 = send(s1, revoke('mona', 3, 'L2')).state // a minute later: revised
    expect(findItem(s2, 'L2')?.item.state._tag).toBe('revoked')
    const { state: s3, events } = send(s2, submit('mona', 4))
    expect(events.map((e) => e.type)).toEqual(['LevelCompleted'])
    expect(events[0]?.type === 'LevelCompleted' && events[0].submittedBy).toBe('mona')
    expect(refusal(s3, approve('mona', 4, 'L2'))).toBe('NotEligibleReviewer')
  })

  it('an approval that moved the item on to the next level stays revisable by its reviewer until the level completes, unless the next level decided it first', () => {
    const twoLevels: Partial<DefinitionInput> = {
      reviewers: { order: ['firstLineManager', 'applicationOwner'], count: 2 },
      timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 5 }, completeOn: 'submit' }, { duration: { days: 5 } }] },
    }
    const s1 = send(campaign(twoLevels), approve('mona', 3, 'L1', 'L2')).state
    expect(findItem(s1, 'L1')?.item.state).toEqual({ _tag: 'pending', level: 2 })
    // mona spots a mistake before submitting: L1 is revoked at level 1
    const s2 = send(s1, revoke('mona', 3, 'L1')).state
    expect(findItem(s2, 'L1')?.item.state).toMatchObject({ _tag: 'revoked', level: 1, by: 'mona' })
    expect(findItem(s2, 'L1')?.item.decisions.map((d) => [d.by, d.level, d.decision])).toEqual([
      ['mona', 1, 'approve'],
      ['mona', 1, 'revoke'],
    ])
    // the next level decided L2 first: level 1 can no longer change it
    const s3 = send(s2, approve('vic', 3, 'L2')).state
    expect(refusal(s3, revoke('mona', 3, 'L2'))).toBe('ItemLocked')
    // after the submit, nothing of level 1 is revisable
    const s4 = send(send(s1, submit('mona', 4)).state, approve('vic', 4, 'L2')).state
    expect(refusal(s4, revoke('mona', 4, 'L1'))).toBe('ItemLocked')
  })

  it('under the default (allDecided) the level closes at the last decision, as before', () => {
    const s1 = send(campaign({ timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 5 } }] } }), approve('mona', 3, 'L1', 'L2')).state
    expect(refusal(s1, revoke('mona', 3, 'L2'))).toBe('NotEligibleReviewer')
  })

  it('submit is refused while an item is pending, from a non-reviewer, for a level that is not submit, or after it', () => {
    const s0 = campaign(submitting)
    expect(refusal(s0, submit('mona', 3))).toBe('OutstandingReviews')
    const s1 = send(s0, approve('mona', 3, 'L1', 'L2')).state
    expect(refusal(s1, submit('tara', 3))).toBe('NotAuthorized')
    expect(refusal(s1, submit('sven', 3))).toBe('NotAuthorized')
    expect(refusal(s1, { type: 'submit', at: day(3), actor: actor('mona'), packetId: 's-nobody' as never, level: 1 })).toBe('ValidationFailed')
    const s2 = send(s1, submit('mona', 3)).state
    expect(refusal(s2, submit('mona', 3))).toBe('ValidationFailed')
  })

  it('without a submit, the end of the window completes the level and starts the next one', () => {
    const s0 = campaign({
      reviewers: { order: ['firstLineManager', 'applicationOwner'], count: 2 },
      timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 }, completeOn: 'submit' }, { duration: { days: 2 } }] },
    })
    const s1 = send(s0, approve('mona', 3, 'L1', 'L2')).state
    const { state, events } = advance(s1, day(4))
    expect(events.map((e) => e.type)).toEqual(['LevelCompleted', 'LevelStarted'])
    expect(findItem(state, 'L1')?.packet.clocks.map((c) => c.outcome)).toEqual(['complete', undefined])
  })

  it("completeOn: 'submit' needs reviewerWindows timing (a typed error with its path)", () => {
    const r = decodeDefinition({ ...aDefinition(), timing: { policy: 'deadline', dueAt: '2026-04-01T00:00:00Z', levels: [{ completeOn: 'submit' }] } })
    expect(isLeft(r) && r.left.map((p) => p.path)).toEqual(['timing.levels[0].completeOn'])
  })
})

describe('defect 4: multiChoice questions', () => {
  const attested = (q: Record<string, unknown>): Partial<DefinitionInput> => ({
    decisions: { attestation: [{ id: 'why', text: 'Why is it still needed?', answer: 'multiChoice', required: true, appliesTo: 'approve', choices: ['audit', 'oncall', 'project'], ...q }] },
  })
  const decideWith = (answer: unknown): Command => ({ type: 'decide', at: day(3), actor: actor('mona'), items: [itemId('L1')], decision: 'approve', answers: { why: answer as never } })

  it('accepts a list of distinct choices within min and max', () => {
    const s = campaign(attested({ minSelections: 2, maxSelections: 3 }))
    expect(refusal(s, decideWith(['audit', 'oncall']))).toBe('accepted')
    expect(refusal(s, decideWith(['audit', 'oncall', 'project']))).toBe('accepted')
  })

  it('refuses too few, too many, repeated, unknown choices and a single string (MissingAttestation at answers.why)', () => {
    const s = campaign(attested({ minSelections: 2, maxSelections: 2 }))
    for (const bad of [['audit'], ['audit', 'oncall', 'project'], ['audit', 'audit'], ['audit', 'golf'], 'audit', []]) {
      const r = execute(decideWith(bad), s)
      expect(isLeft(r) && r.left.code === 'MissingAttestation' && r.left.items?.[0]?.missing).toEqual(['answers.why'])
    }
  })

  it('defaults: at least one selection, at most every choice', () => {
    const s = campaign(attested({}))
    expect(refusal(s, decideWith([]))).toBe('MissingAttestation')
    expect(refusal(s, decideWith(['audit', 'oncall', 'project']))).toBe('accepted')
  })

  it('bounds that do not fit the choices are refused when the definition is decoded, with their paths', () => {
    const bad = (q: Record<string, unknown>): ReadonlyArray<string> => {
      const r = decodeDefinition({ ...aDefinition(), ...attested(q) })
      return isLeft(r) ? r.left.map((p) => p.path) : []
    }
    expect(bad({ maxSelections: 4 })).toEqual(['decisions.attestation[0].maxSelections'])
    expect(bad({ minSelections: 3, maxSelections: 2 })).toEqual(['decisions.attestation[0].minSelections'])
    const noChoices = decodeDefinition({ ...aDefinition(), decisions: { attestation: [{ id: 'q', text: 'Which?', answer: 'multiChoice', required: true, appliesTo: 'both' }] } })
    expect(isLeft(noChoices) && noChoices.left.map((p) => p.path)).toEqual(['decisions.attestation[0].choices'])
    const single = decodeDefinition({ ...aDefinition(), decisions: { attestation: [{ id: 'q', text: 'Ok?', answer: 'yesNo', required: true, appliesTo: 'both', maxSelections: 1 }] } })
    expect(isLeft(single) && single.left.map((p) => p.path)).toEqual(['decisions.attestation[0].maxSelections'])
  })
})

describe('reassignment of many items, by managers and by the active reviewer', () => {
  const twoSubjects = aDirectory({
    users: [{ id: 'kurt' }, { id: 'mona', manager: 'kurt' }, { id: 'sven', manager: 'mona' }, { id: 'ida', manager: 'mona' }, { id: 'tara' }, { id: 'rosa' }],
    subjects: [{ id: 's-sven', user: 'sven' }, { id: 's-ida', user: 'ida' }],
  })
  const start = (): CampaignState =>
    must([
      {
        type: 'create',
        at: day(1),
        actor: ROSA,
        definition: aDefinition({ owners: ['rosa'], riskManagers: ['rosa'], timing: { policy: 'deadline', dueAt: '2026-06-30T00:00:00Z' } }),
        items: [anItem('S1', 's-sven'), anItem('S2', 's-sven'), anItem('I1', 's-ida')],
      },
      { type: 'publish', at: day(2), actor: ROSA, directory: twoSubjects },
    ])

  it('a risk manager moves several items of several packets at once; tara is told once per packet', () => {
    const { state, events } = send(start(), { type: 'reassign', at: day(3), actor: ROSA, items: [itemId('S1'), itemId('I1')], to: userId('tara') })
    expect(['S1', 'S2', 'I1'].map((id) => findItem(state, id)?.item.levels[0]?.tiers[0])).toEqual([['tara'], ['mona'], ['tara']])
    expect(notices(events, 'reviewAssigned')).toEqual(['tara: I1', 'tara: S1'])
  })

  it('the active reviewer forwards her own items with a comment; without one it is refused', () => {
    const s0 = start()
    const forward = { type: 'reassign', at: day(3), actor: actor('mona'), items: [itemId('S1'), itemId('S2')], to: userId('tara') } as const
    expect(refusal(s0, forward)).toBe('ValidationFailed')
    const { state, events } = send(s0, { ...forward, comment: 'on leave until April' })
    expect(findItem(state, 'S1')?.item.levels[0]?.tiers[0]).toEqual(['tara'])
    expect(events.flatMap((e) => (e.type === 'ItemReassigned' ? [`${e.itemId} ${e.replaces ?? ''} ${e.comment ?? ''}`] : []))).toEqual([
      'S1 mona on leave until April',
      'S2 mona on leave until April',
    ])
  })

  it('someone who reviews none of the items may not forward them', () => {
    expect(refusal(start(), { type: 'reassign', at: day(3), actor: actor('tara'), items: [itemId('S1')], to: userId('kurt'), comment: 'please' })).toBe('NotAuthorized')
  })

  it('all or nothing: items in different states are refused item by item, and nothing moves', () => {
    const s1 = send(start(), revoke('mona', 3, 'S2')).state
    const r = execute({ type: 'reassign', at: day(4), actor: ROSA, items: [itemId('S1'), itemId('S2'), itemId('nope')], to: userId('tara') }, s1)
    expect(isLeft(r) && r.left.code === 'ItemLocked' && r.left.items?.map((i) => `${i.itemId} ${i.code}`)).toEqual(['S2 ItemLocked', 'nope UnknownItem'])
    expect(findItem(s1, 'S1')?.item.levels[0]?.tiers[0]).toEqual(['mona'])
  })

  it('neither item nor items, or both: a typed error at items', () => {
    const r = execute({ type: 'reassign', at: day(3), actor: ROSA, to: userId('tara') }, start())
    expect(isLeft(r) && r.left.code === 'ValidationFailed' && r.left.problems.map((p) => p.path)).toEqual(['items'])
  })
})

describe('delegation of pending reviews', () => {
  it('a reviewer hands all her pending items to a delegate, who decides on her behalf', () => {
    const s0 = campaign({})
    const { state: s1, events } = send(s0, { type: 'delegate', at: day(3), actor: actor('mona'), to: userId('tara') })
    expect(notices(events, 'reviewAssigned')).toEqual(['tara: L1,L2'])
    const s2 = send(s1, approve('tara', 4, 'L1')).state
    expect(findItem(s2, 'L1')?.item.decisions.map((d) => [d.by, d.onBehalfOf])).toEqual([['tara', 'mona']])
    // mona no longer holds them
    expect(refusal(s2, approve('mona', 4, 'L2'))).toBe('NotEligibleReviewer')
  })

  it('listed items only', () => {
    const s1 = send(campaign({}), { type: 'delegate', at: day(3), actor: actor('mona'), to: userId('tara'), items: [itemId('L2')] }).state
    expect(['L1', 'L2'].map((id) => findItem(s1, id)?.item.levels[0]?.tiers[0])).toEqual([['mona'], ['tara']])
  })

  it('a delegation to oneself, to the subject, or with nothing pending is refused; nothing changes', () => {
    const s0 = campaign({})
    const self = execute({ type: 'delegate', at: day(3), actor: actor('mona'), to: userId('mona') }, s0)
    expect(isLeft(self) && self.left.code === 'ValidationFailed' && self.left.problems.map((p) => p.path)).toEqual(['to'])
    expect(refusal(s0, { type: 'delegate', at: day(3), actor: actor('mona'), to: userId('sven') })).toBe('SelfReview')
    expect(refusal(s0, { type: 'delegate', at: day(3), actor: actor('tara'), to: userId('kurt') })).toBe('NothingPending')
  })

  it('a delegate who already decided the item at another level is refused (distinct reviewers)', () => {
    const s0 = campaign({ reviewers: { order: ['firstLineManager', 'applicationOwner'], count: 2 } })
    const s1 = send(s0, approve('mona', 3, 'L1')).state // L1 waits for vic at level 2
    expect(refusal(s1, { type: 'delegate', at: day(4), actor: actor('vic'), to: userId('mona') })).toBe('NotEligibleReviewer')
  })
})

describe('delegation periods in the directory', () => {
  const withDelegates = (delegates: Record<string, { to: string; from: number; until: number }>): ReturnType<typeof aDirectory> =>
    aDirectory({
      users: [{ id: 'kurt' }, { id: 'mona', manager: 'kurt' }, { id: 'vic', manager: 'kurt' }, { id: 'sven', manager: 'mona' }, { id: 'tara' }, { id: 'rosa' }].map((u) => {
        const d = delegates[u.id]
        return d === undefined ? u : { ...u, delegate: { to: d.to, from: `2026-03-${String(d.from).padStart(2, '0')}T00:00:00Z`, until: `2026-03-${String(d.until).padStart(2, '0')}T00:00:00Z` } }
      }),
      subjects: [{ id: 's-sven', user: 'sven' }],
      applications: [{ id: 'ledger', owners: ['vic'] }],
    })
  const start = (dir: ReturnType<typeof aDirectory>, def: Partial<DefinitionInput> = {}): CampaignState =>
    must([
      { type: 'create', at: day(1), actor: ROSA, definition: aDefinition({ owners: ['rosa'], riskManagers: ['rosa'], timing: { policy: 'deadline', dueAt: '2026-06-30T00:00:00Z' }, ...def }), items },
      { type: 'publish', at: day(2), actor: ROSA, directory: dir },
    ])

  it('at publish the delegate takes the assignment; her decisions record by and onBehalfOf', () => {
    const s0 = start(withDelegates({ mona: { to: 'tara', from: 1, until: 20 } }))
    expect(findItem(s0, 'L1')?.item.levels[0]?.tiers[0]).toEqual(['tara'])
    const s1 = send(s0, approve('tara', 3, 'L1')).state
    expect(findItem(s1, 'L1')?.item.decisions.map((d) => [d.by, d.onBehalfOf])).toEqual([['tara', 'mona']])
    expect(refusal(s1, approve('mona', 3, 'L2'))).toBe('NotEligibleReviewer')
  })

  it('a delegate who is the subject does not take it: the reviewer keeps it', () => {
    const s0 = start(withDelegates({ mona: { to: 'sven', from: 1, until: 20 } }))
    expect(findItem(s0, 'L1')?.item.levels[0]?.tiers[0]).toEqual(['mona'])
  })

  it('a delegate who reviews another level of the item does not take it (distinct reviewers)', () => {
    const s0 = start(withDelegates({ mona: { to: 'vic', from: 1, until: 20 } }), { reviewers: { order: ['firstLineManager', 'applicationOwner'], count: 2 } })
    expect(findItem(s0, 'L1')?.item.levels.map((l) => l.tiers[0])).toEqual([['mona'], ['vic']])
  })

  it('a period that ends mid-campaign: assignments made after it stay with the reviewer', () => {
    const timing: DefinitionInput['timing'] = { policy: 'reviewerWindows', levels: [{ duration: { days: 2 }, escalations: [{ duration: { days: 2 }, reviewers: { users: ['vic'] } }] }] }
    // the escalation to vic happens on day 4: a period until day 3 is over, one until day 5 holds
    const ended = advance(start(withDelegates({ vic: { to: 'tara', from: 1, until: 3 } }), { timing }), day(4))
    expect(findItem(ended.state, 'L1')?.item.levels[0]?.tiers[1]).toEqual(['vic'])
    expect(notices(ended.events, 'reviewEscalated')).toEqual(['vic: L1,L2'])
    const holds = advance(start(withDelegates({ vic: { to: 'tara', from: 1, until: 5 } }), { timing }), day(4))
    expect(findItem(holds.state, 'L1')?.item.levels[0]?.tiers[1]).toEqual(['tara'])
    expect(notices(holds.events, 'reviewEscalated')).toEqual(['tara: L1,L2'])
  })

  it('when an item reaches its next level, that level is assigned to the delegate', () => {
    const s0 = start(withDelegates({ vic: { to: 'tara', from: 1, until: 20 } }), { reviewers: { order: ['firstLineManager', 'applicationOwner'], count: 2 } })
    expect(findItem(s0, 'L1')?.item.levels[1]?.tiers[0]).toEqual(['vic']) // not assigned yet
    const { state, events } = send(s0, approve('mona', 3, 'L1'))
    expect(findItem(state, 'L1')?.item.levels[1]?.tiers[0]).toEqual(['tara'])
    expect(notices(events, 'reviewAssigned')).toEqual(['tara: L1'])
  })

  it('a reassignment to a user whose period holds goes to the delegate', () => {
    const s0 = start(withDelegates({ kurt: { to: 'tara', from: 1, until: 20 } }))
    const { state, events } = send(s0, { type: 'reassign', at: day(3), actor: ROSA, item: itemId('L1'), to: userId('kurt') })
    expect(findItem(state, 'L1')?.item.levels[0]?.tiers[0]).toEqual(['tara'])
    expect(events.flatMap((e) => (e.type === 'ItemReassigned' ? [[e.to, e.onBehalfOf]] : []))).toEqual([['tara', 'kurt']])
  })

  it('a delegation to oneself or ending before it starts is refused with its path', () => {
    const r = decodeWith(Directory, {
      users: [
        { id: 'mona', delegate: { to: 'mona', from: '2026-03-01T00:00:00Z', until: '2026-03-05T00:00:00Z' } },
        { id: 'vic', delegate: { to: 'tara', from: '2026-03-05T00:00:00Z', until: '2026-03-01T00:00:00Z' } },
      ],
      subjects: [],
    })
    expect(isLeft(r) && r.left.map((p) => p.path)).toEqual(['users[0].delegate.to', 'users[1].delegate.until'])
  })
})

describe('requesting more information', () => {
  const ask = (who: string, when: number, from: InfoSource, ...ids: string[]): Command => ({
    type: 'requestInfo',
    at: day(when),
    actor: actor(who),
    items: ids.map(itemId),
    from,
    question: 'Is the ledger still used for month-end?',
  })
  const answer = (who: string, when: number, ...ids: string[]): Command => ({ type: 'provideInfo', at: day(when), actor: actor(who), items: ids.map(itemId), answer: 'Yes, every month-end' })

  it('the reviewer asks the subject; items stay pending and show infoRequested; the answer is in the trail; both are notified', () => {
    const { state: s1, events: asked } = send(campaign({}), ask('mona', 3, 'subject', 'L1', 'L2'))
    expect(notices(asked, 'infoRequested')).toEqual(['sven: L1,L2'])
    expect(findItem(s1, 'L1')?.item.state._tag).toBe('pending')
    const { state: s2, events: answered } = send(s1, answer('sven', 4, 'L1'))
    expect(notices(answered, 'infoProvided')).toEqual(['mona: L1'])
    expect(findItem(s2, 'L1')?.item.infoRequests).toEqual([
      { by: 'mona', at: day(3), asked: ['sven'], question: 'Is the ledger still used for month-end?', answer: { by: 'sven', at: day(4), text: 'Yes, every month-end' } },
    ])
    // the subject answering is not a decision: the reviewer still decides
    expect(refusal(s2, approve('sven', 4, 'L1'))).toBe('SelfReview')
    expect(refusal(s2, approve('mona', 4, 'L1'))).toBe('accepted')
  })

  it('the clock keeps running: an open question does not stop expiry', () => {
    const s1 = send(campaign({ timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] } }), ask('mona', 3, { user: userId('kurt') }, 'L1')).state
    expect(advance(s1, day(5)).state.campaign.status).toBe('expired')
  })

  it('bad input: provideInfo by someone not asked, on an item without a question, a request by a non-reviewer: typed errors, nothing changes', () => {
    const s1 = send(campaign({}), ask('mona', 3, 'owner', 'L1')).state // the owner is rosa
    expect(refusal(s1, answer('sven', 4, 'L1'))).toBe('NotEligibleReviewer')
    expect(refusal(s1, answer('rosa', 4, 'L2'))).toBe('ItemLocked')
    expect(refusal(s1, ask('tara', 4, 'owner', 'L2'))).toBe('NotEligibleReviewer')
    expect(refusal(s1, answer('rosa', 4, 'L1'))).toBe('accepted')
  })
})

describe('reviewer-insight escalation', () => {
  // mona (level 1) is flagged "sod-risk"; her manager kurt gives the second approval
  const flagged = (flags: Record<string, ReadonlyArray<string>>, extraUsers: ReadonlyArray<{ id: string; manager?: string }> = []): ReturnType<typeof aDirectory> =>
    aDirectory({
      users: [{ id: 'lena' }, { id: 'kurt', manager: 'lena' }, { id: 'mona', manager: 'kurt' }, { id: 'vic', manager: 'kurt' }, { id: 'sven', manager: 'mona' }, { id: 'tara' }, { id: 'rosa' }, ...extraUsers].map((u) =>
        flags[u.id] === undefined ? u : { ...u, insights: [...(flags[u.id] ?? [])] },
      ),
      subjects: [{ id: 's-sven', user: 'sven' }],
      applications: [{ id: 'ledger', owners: ['vic'] }],
    })
  const start = (dir: ReturnType<typeof aDirectory>, def: Partial<DefinitionInput> = {}): CampaignState =>
    must([
      {
        type: 'create',
        at: day(1),
        actor: ROSA,
        definition: aDefinition({ owners: ['rosa'], riskManagers: ['rosa'], riskInsights: ['sod-risk'], timing: { policy: 'deadline', dueAt: '2026-06-30T00:00:00Z' }, ...def }),
        items,
      },
      { type: 'publish', at: day(2), actor: ROSA, directory: dir },
    ])

  it("a flagged reviewer's approval waits for the manager's second approval before the item moves on", () => {
    const s0 = start(flagged({ mona: ['sod-risk'] }), { reviewers: { order: ['firstLineManager', 'applicationOwner'], count: 2 } })
    const { state: s1, events } = send(s0, approve('mona', 3, 'L1'))
    expect(findItem(s1, 'L1')?.item.state).toEqual({ _tag: 'pending', level: 1, secondApprover: 'kurt' })
    expect(notices(events, 'reviewAssigned')).toEqual(['kurt: L1'])
    expect(refusal(s1, approve('vic', 3, 'L1'))).toBe('NotEligibleReviewer') // level 2 waits too
    const s2 = send(s1, approve('kurt', 4, 'L1')).state
    expect(findItem(s2, 'L1')?.item.state).toEqual({ _tag: 'pending', level: 2 })
    expect(findItem(s2, 'L1')?.item.decisions.map((d) => [d.by, d.level, d.decision, d.needsApprovalBy])).toEqual([
      ['mona', 1, 'approve', 'kurt'],
      ['kurt', 1, 'approve', undefined],
    ])
  })

  it('a revoke needs no second approval', () => {
    const s1 = send(start(flagged({ mona: ['sod-risk'] })), revoke('mona', 3, 'L1')).state
    expect(findItem(s1, 'L1')?.item.state._tag).toBe('revoked')
  })

  it("when the manager is flagged too, the manager's manager gives it", () => {
    const s1 = send(start(flagged({ mona: ['sod-risk'], kurt: ['sod-risk'] })), approve('mona', 3, 'L1')).state
    expect(findItem(s1, 'L1')?.item.state).toEqual({ _tag: 'pending', level: 1, secondApprover: 'lena' })
    expect(refusal(s1, approve('kurt', 3, 'L1'))).toBe('NotEligibleReviewer')
    expect(findItem(send(s1, approve('lena', 3, 'L1')).state, 'L1')?.item.state._tag).toBe('approved')
  })

  it('an insight the definition does not name changes nothing', () => {
    const s1 = send(start(flagged({ mona: ['travel'] })), approve('mona', 3, 'L1')).state
    expect(findItem(s1, 'L1')?.item.state._tag).toBe('approved')
  })

  it('the second approver may revoke instead', () => {
    const s1 = send(start(flagged({ mona: ['sod-risk'] })), approve('mona', 3, 'L1')).state
    expect(findItem(send(s1, revoke('kurt', 4, 'L1')).state, 'L1')?.item.state).toMatchObject({ _tag: 'revoked', by: 'kurt' })
  })
})
