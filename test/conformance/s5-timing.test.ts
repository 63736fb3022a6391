// SPEC §5 conformance: windows when items have different numbers of levels,
// a level no item reaches, escalation after some items moved on, a decision
// after an `overdue` lapse, campaign expiry over several subjects, and what
// expired items mean at completion.
import { describe, expect, it } from 'vitest'
import { dueAtOf, tasksOf } from '../../src/index.js'
import { decideAs, fmt, itemState, itemsOf, refuse, run, sent, setup, tick, tryDecide, types, windows } from './world.js'

const START = '2025-10-09T16:00:00+02:00'
const twoDays = { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] }

// ana, then the application owner, then cal. The crm owner is ben; hr has no
// owner, so an hr item has two levels (ana, cal) and a crm item three.
const mixed = (timing: Record<string, unknown> = twoDays) =>
  setup({
    start: START,
    timing,
    reviewers: { order: [{ users: ['ana'] }, 'applicationOwner', { users: ['cal'] }], count: 3 },
    applications: [{ id: 'crm', owners: ['ben'] }],
    items: [
      { id: 'crm-1', subject: 'sam', application: 'crm' },
      { id: 'hr-1', subject: 'sam', application: 'hr' },
    ],
  })

describe('§5.2 windows when the items of a packet have different level counts', () => {
  it('level 2 is one window for both items; level 3 starts when the crm item leaves level 2', () => {
    const w = mixed()
    expect(windows(w, 'sam')).toEqual([
      'L1T0 2025-10-09T16:00:00+02:00 → 2025-10-11T16:00:00+02:00 active',
      'L2T0 2025-10-11T16:00:00+02:00 → 2025-10-13T16:00:00+02:00 upcoming',
      'L3T0 2025-10-13T16:00:00+02:00 → 2025-10-15T16:00:00+02:00 upcoming',
    ])
    decideAs(w, 'ana', '2025-10-10T10:00:00+02:00', ['crm-1', 'hr-1'])
    expect(tasksOf(w.state, 'ben')).toEqual(['crm-1'])
    expect(tasksOf(w.state, 'cal')).toEqual(['hr-1'])
    // hr-1 is at its last level: cal approves it overall; level 2 is still open for crm-1
    decideAs(w, 'cal', '2025-10-10T12:00:00+02:00', ['hr-1'])
    expect(itemState(w, 'hr-1')).toBe('approved@L2')
    expect(windows(w, 'sam')[1]).toBe('L2T0 2025-10-10T10:00:00+02:00 → 2025-10-12T10:00:00+02:00 active')
    decideAs(w, 'ben', '2025-10-11T09:00:00+02:00', ['crm-1'])
    expect(itemState(w, 'crm-1')).toBe('pending@L3')
    expect(windows(w, 'sam')).toEqual([
      'L1T0 2025-10-09T16:00:00+02:00 → 2025-10-11T16:00:00+02:00 closed 2025-10-10T10:00:00+02:00 done',
      'L2T0 2025-10-10T10:00:00+02:00 → 2025-10-12T10:00:00+02:00 closed 2025-10-11T09:00:00+02:00 done',
      'L3T0 2025-10-11T09:00:00+02:00 → 2025-10-13T09:00:00+02:00 active',
    ])
    expect(fmt(w, dueAtOf(w.state))).toBe('2025-10-13T09:00:00+02:00')
    // level 2 completed for the packet: cal may no longer revise hr-1 (reviewerWindows)
    expect(tryDecide(w, 'cal', '2025-10-11T10:00:00+02:00', ['hr-1'], 'revoke').code).toBe('NotEligibleReviewer')
    expect(tasksOf(w.state, 'cal')).toEqual(['crm-1'])
  })

  it('a level that no item reaches never starts and is not projected; the due date stops at the last level reached', () => {
    const w = mixed()
    decideAs(w, 'ana', '2025-10-10T10:00:00+02:00', ['crm-1', 'hr-1'])
    decideAs(w, 'cal', '2025-10-10T11:00:00+02:00', ['hr-1'])
    const es = decideAs(w, 'ben', '2025-10-10T12:00:00+02:00', ['crm-1'], 'revoke')
    expect(types(es)).toEqual(['ItemsDecided', 'LevelCompleted'])
    expect(windows(w, 'sam')).toEqual([
      'L1T0 2025-10-09T16:00:00+02:00 → 2025-10-11T16:00:00+02:00 closed 2025-10-10T10:00:00+02:00 done',
      'L2T0 2025-10-10T10:00:00+02:00 → 2025-10-12T10:00:00+02:00 closed 2025-10-10T12:00:00+02:00 done',
    ])
    // a completed last level counts until the end of the tier it completed in (docs/timing.md)
    expect(fmt(w, dueAtOf(w.state))).toBe('2025-10-12T10:00:00+02:00')
    // nothing is left to time: no lapse, no escalation, no notification to anyone
    const later = tick(w, '2025-10-20T00:00:00+02:00')
    expect(types(later)).toEqual(['CampaignOverdue'])
    expect(later.filter((e) => e.type === 'NotificationIssued')).toEqual([])
  })

  it('a level whose every item was decided before it started runs zero-length, and the next level starts at once', () => {
    const w = mixed()
    // crm-1 moves through level 2 while level 1 is still open because of hr-1
    decideAs(w, 'ana', '2025-10-09T17:00:00+02:00', ['crm-1'])
    decideAs(w, 'ben', '2025-10-09T18:00:00+02:00', ['crm-1'])
    expect(itemState(w, 'crm-1')).toBe('pending@L3')
    const es = decideAs(w, 'ana', '2025-10-10T08:00:00+02:00', ['hr-1'], 'revoke')
    expect(types(es)).toEqual(['ItemsDecided', 'LevelCompleted', 'LevelStarted', 'LevelCompleted', 'LevelStarted'])
    expect(windows(w, 'sam')).toEqual([
      'L1T0 2025-10-09T16:00:00+02:00 → 2025-10-11T16:00:00+02:00 closed 2025-10-10T08:00:00+02:00 done',
      'L2T0 2025-10-10T08:00:00+02:00 → 2025-10-12T08:00:00+02:00 closed 2025-10-10T08:00:00+02:00 done',
      'L3T0 2025-10-10T08:00:00+02:00 → 2025-10-12T08:00:00+02:00 active',
    ])
  })
})

describe('§5.3 escalation after some items were approved at that level', () => {
  it('only the items still undecided at the level are escalated; items that moved on stay with the next level', () => {
    const w = setup({
      start: START,
      timing: {
        policy: 'reviewerWindows',
        levels: [{ duration: { days: 2 }, escalations: [{ duration: { days: 2 }, reviewers: { users: ['eve'] } }] }, { duration: { days: 2 } }],
      },
      items: itemsOf('sam', 3),
    })
    decideAs(w, 'ana', '2025-10-10T09:00:00+02:00', ['sam-1', 'sam-2'])
    decideAs(w, 'ben', '2025-10-10T11:00:00+02:00', ['sam-1'])
    expect(itemState(w, 'sam-1')).toBe('approved@L2')
    const es = tick(w, '2025-10-11T16:00:00+02:00')
    expect(types(es)).toEqual(['TierEscalated'])
    const escalated = es.find((e) => e.type === 'TierEscalated')
    expect(escalated?.type === 'TierEscalated' ? escalated.itemIds : []).toEqual(['sam-3'])
    expect(sent(es, 'reviewEscalated')).toEqual(['eve: sam-3'])
    // level 2 keeps acting on what reached it, before its window starts
    expect(tasksOf(w.state, 'ben')).toEqual(['sam-2'])
    expect(tasksOf(w.state, 'eve')).toEqual(['sam-3'])
    decideAs(w, 'ben', '2025-10-11T17:00:00+02:00', ['sam-2'], 'revoke')
    decideAs(w, 'eve', '2025-10-12T10:00:00+02:00', ['sam-3'])
    expect(windows(w, 'sam')).toEqual([
      'L1T0 2025-10-09T16:00:00+02:00 → 2025-10-11T16:00:00+02:00 lapsed',
      'L1T1 2025-10-11T16:00:00+02:00 → 2025-10-13T16:00:00+02:00 closed 2025-10-12T10:00:00+02:00 done',
      'L2T0 2025-10-12T10:00:00+02:00 → 2025-10-14T10:00:00+02:00 active',
    ])
  })
})

describe('§5.5 lapse under onLapse overdue, then decisions', () => {
  it('deciding part of an overdue level keeps it open (no second reviewOverdue); deciding the rest starts the next level then', () => {
    const w = setup({ start: START, timing: { ...twoDays, onLapse: 'overdue' }, items: itemsOf('sam', 2) })
    const lapse = tick(w, '2025-10-11T16:00:00+02:00')
    expect(types(lapse)).toEqual(['LevelOverdue'])
    expect(sent(lapse, 'reviewOverdue')).toEqual(['ana: sam-1,sam-2'])
    const first = decideAs(w, 'ana', '2025-10-12T09:00:00+02:00', ['sam-1'])
    expect(types(first)).toEqual(['ItemsDecided'])
    expect(tasksOf(w.state, 'ana')).toEqual(['sam-2'])
    expect(tasksOf(w.state, 'ben')).toEqual(['sam-1'])
    expect(sent(tick(w, '2025-10-13T09:00:00+02:00'), 'reviewOverdue')).toEqual([])
    const second = decideAs(w, 'ana', '2025-10-13T10:00:00+02:00', ['sam-2'])
    expect(types(second)).toEqual(['ItemsDecided', 'LevelCompleted', 'LevelStarted'])
    expect(windows(w, 'sam')).toEqual([
      'L1T0 2025-10-09T16:00:00+02:00 → 2025-10-11T16:00:00+02:00 closed 2025-10-13T10:00:00+02:00 done',
      'L2T0 2025-10-13T10:00:00+02:00 → 2025-10-15T10:00:00+02:00 active',
    ])
    expect(w.log.filter((e) => e.type === 'NotificationIssued' && e.intent.kind === 'reviewOverdue')).toHaveLength(1)
  })
})

describe('§5.5 the campaign expires over several subjects', () => {
  const twoSubjects = (definition: Record<string, unknown> = {}) =>
    setup({ start: START, timing: twoDays, items: [...itemsOf('sam', 2), ...itemsOf('sue', 2)], levels: 1, definition })

  it('an expired packet and a pending one: the campaign expires at the decision that leaves nothing pending', () => {
    const w = twoSubjects()
    decideAs(w, 'ana', '2025-10-10T09:00:00+02:00', ['sue-1'], 'revoke')
    // both packets share one window and both still have pending items at its end
    expect(types(tick(w, '2025-10-11T16:00:00+02:00'))).toEqual(['PacketExpired', 'PacketExpired', 'CampaignExpired'])
    expect(w.state.campaign.status).toBe('expired')
    expect(['sam-1', 'sam-2', 'sue-1', 'sue-2'].map((id) => itemState(w, id))).toEqual(['expired@L1', 'expired@L1', 'revoked@L1', 'expired@L1'])
  })

  it('a fully decided packet does not keep the campaign from expiring when the other packet lapses', () => {
    const w = twoSubjects()
    run(w, { type: 'extend', at: '2025-10-10T10:00:00+02:00', days: 2, cascade: false })
    decideAs(w, 'ana', '2025-10-10T11:00:00+02:00', ['sam-1', 'sam-2'])
    expect(tick(w, '2025-10-13T15:59:00+02:00')).toEqual([])
    expect(types(tick(w, '2025-10-13T16:00:00+02:00'))).toEqual(['PacketExpired', 'CampaignExpired'])
    expect(w.state.campaign.status).toBe('expired')
  })

  it('a decision that leaves nothing pending after another packet expired makes the campaign expired at that instant', () => {
    const w = setup({
      start: START,
      timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }, { duration: { days: 4 } }] },
      items: [...itemsOf('sam', 1), ...itemsOf('sue', 1)],
    })
    decideAs(w, 'ana', '2025-10-10T09:00:00+02:00', ['sue-1'])
    expect(types(tick(w, '2025-10-11T16:00:00+02:00'))).toEqual(['PacketExpired'])
    expect(w.state.campaign.status).toBe('inProgress')
    const es = decideAs(w, 'ben', '2025-10-12T09:00:00+02:00', ['sue-1'], 'revoke')
    expect(types(es)).toEqual(['ItemsDecided', 'LevelCompleted', 'CampaignExpired'])
    expect(fmt(w, w.state.campaign.endedAt)).toBe('2025-10-12T09:00:00+02:00')
    expect(refuse(w, { type: 'decide', at: '2025-10-12T09:30:00+02:00', actor: { id: 'ben', roles: [] }, items: ['sue-1'], decision: 'approve' }).code).toBe(
      'CampaignNotActive',
    )
  })

  it('with autoComplete the same decision completes the campaign instead (autoComplete wins over expiry)', () => {
    const w = setup({
      start: START,
      timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }, { duration: { days: 4 } }] },
      items: [...itemsOf('sam', 1), ...itemsOf('sue', 1)],
      definition: { autoComplete: true, onExpiredItems: 'revokeAccess' },
    })
    decideAs(w, 'ana', '2025-10-10T09:00:00+02:00', ['sue-1'])
    tick(w, '2025-10-11T16:00:00+02:00')
    const es = decideAs(w, 'ben', '2025-10-12T09:00:00+02:00', ['sue-1'], 'revoke')
    expect(types(es)).toEqual(['ItemsDecided', 'LevelCompleted', 'CampaignCompleted'])
    expect(w.state.campaign.status).toBe('completed')
    expect(w.state.campaign.completion?.plan.map((a) => `${a.itemId}:${a.reason}`)).toEqual(['sam-1:expired', 'sue-1:revoked'])
  })

  it('autoComplete on a lapse that expires the last pending items completes the campaign at the lapse', () => {
    const w = setup({ start: START, timing: twoDays, items: itemsOf('sam', 2), levels: 1, definition: { autoComplete: true } })
    const es = tick(w, '2025-10-11T16:00:00+02:00')
    expect(types(es)).toEqual(['PacketExpired', 'CampaignCompleted'])
    // onExpiredItems defaults to keepAccess: expired items are not de-provisioned
    expect(w.state.campaign.completion?.plan).toEqual([])
  })
})

describe('§5.5 onExpiredItems at completion', () => {
  it.each([
    [undefined, []],
    ['keepAccess', []],
    ['revokeAccess', ['sam-1:expired', 'sam-2:expired']],
  ] as const)('onExpiredItems %s → plan %j (approved-at-level-1 items that expired included)', (policy, plan) => {
    const w = setup({
      start: START,
      timing: twoDays,
      items: itemsOf('sam', 2),
      definition: policy === undefined ? {} : { onExpiredItems: policy },
    })
    decideAs(w, 'ana', '2025-10-10T09:00:00+02:00', ['sam-1'])
    tick(w, '2025-10-11T16:00:00+02:00')
    expect(w.state.campaign.status).toBe('expired')
    run(w, { type: 'complete', at: '2025-10-12T09:00:00+02:00' })
    expect(w.state.campaign.completion?.plan.map((a) => `${a.itemId}:${a.reason}`)).toEqual(plan)
  })
})
