// SPEC §2 conformance: overdue never blocks, nothing changes after completion
// or abort (not even time), and refused commands change nothing.
import { describe, expect, it } from 'vitest'
import { advance, displayStatus } from '../../src/index.js'
import { at, decideAs, refuse, run, setup, tick } from './world.js'

const START = '2025-10-09T16:00:00+02:00'
const deadline = () =>
  setup({ start: START, timing: { policy: 'deadline', dueAt: '2025-10-12T16:00:00+02:00' }, items: [{ id: 'i1', subject: 'sam' }, { id: 'i2', subject: 'sam' }, { id: 'i3', subject: 'sam' }] })

describe('§2 overdue never blocks', () => {
  it('after the due date every in-progress command is still accepted', () => {
    const w = deadline()
    const late = '2025-10-20T09:00:00+02:00'
    tick(w, late)
    expect(displayStatus(w.state, at(late))).toBe('overdue')
    decideAs(w, 'ana', '2025-10-20T09:01:00+02:00', ['i1'])
    decideAs(w, 'ben', '2025-10-20T09:02:00+02:00', ['i1'], 'revoke')
    run(w, { type: 'reassign', at: '2025-10-20T09:03:00+02:00', item: 'i2', to: 'cal' })
    decideAs(w, 'cal', '2025-10-20T09:04:00+02:00', ['i2'])
    run(w, { type: 'remind', at: '2025-10-20T09:05:00+02:00', view: 'reviewer', key: 'ana' })
    expect(w.state.campaign.status).toBe('inProgress')
  })
})

describe('§2 frozen after completion or abort', () => {
  it.each(['complete', 'abort'] as const)('after %s: time does nothing and every command is refused with the state unchanged', (how) => {
    const w = setup({
      start: START,
      timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 1 }, escalations: [{ duration: { days: 1 }, reviewers: { users: ['eve'] } }] }] },
      items: [{ id: 'i1', subject: 'sam' }, { id: 'i2', subject: 'sam' }],
      definition: { reminders: { kind: 'daily' } },
    })
    decideAs(w, 'ana', '2025-10-09T17:00:00+02:00', ['i1'])
    run(w, how === 'complete' ? { type: 'complete', at: '2025-10-09T18:00:00+02:00', outstanding: 'keepAccess' } : { type: 'abort', at: '2025-10-09T18:00:00+02:00' })
    const frozen = w.state
    const later = advance(frozen, at('2026-01-01T00:00:00+01:00'))
    expect(later.events).toEqual([])
    expect(later.state).toBe(frozen)
    const when = '2025-10-10T09:00:00+02:00'
    const commands: ReadonlyArray<Record<string, unknown>> = [
      { type: 'decide', at: when, actor: { id: 'ben', roles: [] }, items: ['i1'], decision: 'revoke' },
      { type: 'decide', at: when, actor: { id: 'ana', roles: [] }, items: ['i2'], decision: 'approve' },
      { type: 'reassign', at: when, item: 'i2', to: 'cal' },
      { type: 'extend', at: when, days: 1, cascade: true },
      { type: 'remind', at: when, view: 'reviewer', key: 'ana' },
      { type: 'complete', at: when, outstanding: 'revokeAccess' },
      { type: 'abort', at: when },
      { type: 'edit', at: when },
      { type: 'publish', at: when, directory: { users: [], subjects: [] } },
    ]
    for (const c of commands) {
      const e = refuse(w, c)
      expect(['CampaignNotActive', 'InvalidTransition']).toContain(e.code)
      expect(w.state).toBe(frozen)
    }
  })
})
