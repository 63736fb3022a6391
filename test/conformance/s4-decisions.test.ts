// SPEC §4 conformance: revision under deadline timing, revision and
// escalation tiers, attestation questions that apply to one verdict only.
import { describe, expect, it } from 'vitest'
import { tasksOf } from '../../src/index.js'
import { decideAs, itemState, refuse, sent, setup, tick, tryDecide } from './world.js'

const START = '2025-10-09T16:00:00+02:00'

describe('§4 revision under deadline timing', () => {
  const deadline = (extra: Record<string, unknown> = {}) =>
    setup({ start: START, timing: { policy: 'deadline', dueAt: '2025-10-12T16:00:00+02:00', ...extra }, items: [{ id: 'i1', subject: 'sam' }, { id: 'i2', subject: 'sam' }] })

  it('level 1 revises its revoke to approve after its level completed and past the due date: the item reaches level 2 then', () => {
    const w = deadline()
    decideAs(w, 'ana', '2025-10-10T09:00:00+02:00', ['i1', 'i2'], 'revoke')
    tick(w, '2025-10-15T09:00:00+02:00')
    const es = decideAs(w, 'ana', '2025-10-15T10:00:00+02:00', ['i1'])
    expect(itemState(w, 'i1')).toBe('pending@L2')
    expect(sent(es, 'reviewAssigned')).toEqual(['ben: i1'])
    expect(tasksOf(w.state, 'ben')).toEqual(['i1'])
    // once it moved on, level 1 is locked out of it
    expect(tryDecide(w, 'ana', '2025-10-15T11:00:00+02:00', ['i1'], 'revoke').code).toBe('ItemLocked')
    // level 2 approves; only level 2 may change that to revoke, even later
    decideAs(w, 'ben', '2025-10-15T12:00:00+02:00', ['i1'])
    decideAs(w, 'ben', '2025-10-16T12:00:00+02:00', ['i1'], 'revoke')
    expect(itemState(w, 'i1')).toBe('revoked@L2')
    expect(tryDecide(w, 'ana', '2025-10-16T13:00:00+02:00', ['i1']).code).toBe('ItemLocked')
  })

  it('a tier that lapsed (escalated) can no longer revise what it decided, even under deadline', () => {
    const w = setup({
      start: START,
      timing: { policy: 'deadline', dueAt: '2025-10-20T16:00:00+02:00', levels: [{ duration: { days: 1 }, escalations: [{ reviewers: { users: ['eve'] } }] }] },
      items: [{ id: 'i1', subject: 'sam' }, { id: 'i2', subject: 'sam' }],
      levels: 1,
    })
    decideAs(w, 'ana', '2025-10-10T09:00:00+02:00', ['i1'])
    tick(w, '2025-10-10T16:00:00+02:00')
    expect(tasksOf(w.state, 'eve')).toEqual(['i2'])
    expect(tryDecide(w, 'ana', '2025-10-10T17:00:00+02:00', ['i1'], 'revoke').code).toBe('NotEligibleReviewer')
    expect(tryDecide(w, 'eve', '2025-10-10T17:00:00+02:00', ['i1'], 'revoke').code).toBe('NotEligibleReviewer')
    decideAs(w, 'eve', '2025-10-10T17:00:00+02:00', ['i2'], 'revoke')
    expect(itemState(w, 'i1')).toBe('approved@L1')
  })
})

describe('§4 attestation questions apply to approve, revoke or both', () => {
  const world = () =>
    setup({
      start: START,
      timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] },
      items: [{ id: 'i1', subject: 'sam' }, { id: 'i2', subject: 'sam' }],
      levels: 1,
      definition: {
        decisions: {
          attestation: [
            { id: 'why', text: 'Why remove it?', answer: 'text', required: true, appliesTo: 'revoke' },
            { id: 'used', text: 'Still used?', answer: 'yesNo', required: true, appliesTo: 'approve' },
            { id: 'sure', text: 'Checked?', answer: 'yesNo', required: true, appliesTo: 'both' },
          ],
        },
      },
    })
  const decide = (decision: 'approve' | 'revoke', answers: Record<string, unknown>) => ({
    type: 'decide',
    at: '2025-10-10T09:00:00+02:00',
    actor: { id: 'ana', roles: [] },
    items: ['i1', 'i2'],
    decision,
    answers,
  })

  it('revoke needs why and sure, not used; approve needs used and sure, not why; every item names the missing fields', () => {
    const w = world()
    const r = refuse(w, decide('revoke', { sure: true }))
    expect(r.code).toBe('MissingAttestation')
    expect('items' in r ? r.items.map((p) => `${p.itemId}:${(p.missing ?? []).join('|')}`) : []).toEqual(['i1:answers.why', 'i2:answers.why'])
    const a = refuse(w, decide('approve', { why: 'gone' }))
    expect('items' in a ? a.items.map((p) => (p.missing ?? []).join('|')) : []).toEqual(['answers.used|answers.sure', 'answers.used|answers.sure'])
    expect(itemState(w, 'i1')).toBe('pending@L1')
  })
})
