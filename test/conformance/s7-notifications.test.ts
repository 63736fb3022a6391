// SPEC §7 conformance: deterministic ids, recipients of the campaign-wide
// kinds, reminders once per slot with decisions in between, manual reminders.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { execute, formatInstant } from '../../src/index.js'
import type { Instant, TimeZone } from '../../src/index.js'
import { at, cmd, decideAs, fmt, intents, itemsOf, refuse, run, sent, setup, tick } from './world.js'

const START = '2025-10-09T16:00:00+02:00'
const twoDays = { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] }

describe('§7.1 notification ids', () => {
  it('the same state and command give the same ids; distinct intents of one history never share an id', () => {
    const a = setup({ start: START, timing: twoDays, items: itemsOf('sam', 2) })
    const b = setup({ start: START, timing: twoDays, items: itemsOf('sam', 2) })
    expect(intents(a.log).map((n) => n.id)).toEqual(intents(b.log).map((n) => n.id))
    const c = cmd({ type: 'decide', at: '2025-10-10T09:00:00+02:00', actor: { id: 'ana', roles: [] }, items: ['sam-1'], decision: 'approve' })
    const r1 = execute(c, a.state)
    const r2 = execute(c, a.state)
    if (E.isLeft(r1) || E.isLeft(r2)) throw new Error('refused')
    expect(intents(r1.right.events).map((n) => n.id)).toEqual(intents(r2.right.events).map((n) => n.id))
    // a whole history: assignment, reminders, escalation-free lapse to overdue, manual reminders, completion
    const w = setup({ start: START, timing: { ...twoDays, onLapse: 'overdue' }, items: [...itemsOf('sam', 2), ...itemsOf('sue', 1)], definition: { reminders: { kind: 'daily' } } })
    decideAs(w, 'ana', '2025-10-10T09:00:00+02:00', ['sam-1'])
    run(w, { type: 'remind', at: '2025-10-10T10:00:00+02:00', view: 'reviewer', key: 'ana' })
    run(w, { type: 'remind', at: '2025-10-10T11:00:00+02:00', view: 'reviewer', key: 'ana' })
    tick(w, '2025-10-14T00:00:00+02:00')
    run(w, { type: 'complete', at: '2025-10-14T09:00:00+02:00', outstanding: 'keepAccess' })
    const ids = intents(w.log).map((n) => n.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(intents(w.log).every((n) => n.recipients.length === 1)).toBe(true)
  })

  it('the link is built from the template with the recipient', () => {
    const w = setup({ start: START, timing: twoDays, items: itemsOf('sam', 1), levels: 1, definition: { linkTemplate: 'https://iga.example/c/{campaignId}/tasks?u={recipient}' } })
    expect(intents(w.log, 'reviewAssigned').map((n) => n.link)).toEqual(['https://iga.example/c/q4/tasks?u=ana'])
  })
})

describe('§7.1 recipients of the campaign-wide kinds', () => {
  it('campaignAborted goes to the owners and every assigned reviewer (escalation tiers included), not to levels never reached', () => {
    const w = setup({
      start: START,
      timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 }, escalations: [{ duration: { days: 2 }, reviewers: { users: ['eve'] } }] }] },
      items: itemsOf('sam', 1),
    })
    tick(w, '2025-10-11T16:00:00+02:00')
    const es = run(w, { type: 'abort', at: '2025-10-12T09:00:00+02:00' })
    expect(intents(es, 'campaignAborted').map((n) => n.recipients.join()).sort()).toEqual(['ana', 'eve', 'olga'])
  })

  it('campaignCompleted to owners and assigned reviewers; accessRequestDenied to the requester of each revoked requested item only', () => {
    const w = setup({
      start: START,
      timing: twoDays,
      items: [
        { id: 'r1', subject: 'sam', requestedBy: 'max' },
        { id: 'r2', subject: 'sam', requestedBy: 'max' },
        { id: 'r3', subject: 'sam', requestedBy: 'mia' },
        { id: 'p1', subject: 'sam' },
      ],
      levels: 1,
    })
    decideAs(w, 'ana', '2025-10-10T09:00:00+02:00', ['r1', 'r2', 'p1'], 'revoke')
    decideAs(w, 'ana', '2025-10-10T09:05:00+02:00', ['r3'])
    // nothing is sent to requesters before completion
    expect(intents(w.log, 'accessRequestDenied')).toEqual([])
    const es = run(w, { type: 'complete', at: '2025-10-10T10:00:00+02:00' })
    expect(sent(es, 'accessRequestDenied')).toEqual(['max: r1,r2'])
    expect(intents(es, 'campaignCompleted').map((n) => n.recipients.join()).sort()).toEqual(['ana', 'olga'])
  })
})

describe('§7.1 scheduled reminders', () => {
  it('everyDays 2: one reminder per slot to reviewers pending at that slot when time is advanced past each slot; missed slots coalesced', () => {
    const hourly = Array.from({ length: 24 * 7 }, (_, h) => formatInstant((at(START) + h * 3_600_000) as Instant, 'UTC' as TimeZone))
    const histories = [[], ['2025-10-10T00:00:00+02:00', '2025-10-11T00:00:00+02:00', '2025-10-12T00:00:00+02:00', '2025-10-13T00:00:00+02:00'], hourly]
    const DECISION = '2025-10-12T10:00:00+02:00'
    const logs = histories.map((ticks) => {
      const w = setup({
        start: START,
        timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 30 } }] },
        items: [...itemsOf('sam', 1), ...itemsOf('sue', 1)],
        reviewers: { order: ['firstLineManager'], count: 1 },
        definition: { reminders: { kind: 'everyDays', days: 2 } },
      })
      for (const t of ticks.filter((x) => at(x) < at(DECISION))) tick(w, t)
      decideAs(w, 'max', DECISION, ['sam-1'])
      for (const t of ticks.filter((x) => at(x) > at(DECISION))) tick(w, t)
      tick(w, '2025-10-16T00:00:00+02:00')
      return intents(w.log, 'campaignReminder').map((n) => `${fmt(w, n.at)} ${n.recipients.join()}: ${n.itemIds.join()}`)
    })
    // slots at publish + 2, 4 and 6 days; sam-1 was decided between the first and the second
    expect(logs[2]).toEqual([
      '2025-10-11T16:00:00+02:00 max: sam-1,sue-1',
      '2025-10-13T16:00:00+02:00 max: sue-1',
      '2025-10-15T16:00:00+02:00 max: sue-1',
    ])
    // advanced only by the decision and on 10-16 (or daily, until 10-13 00:00): the slots of
    // 10-13 and 10-15 fell due while nothing advanced time, so one reminder, for 10-15
    expect(logs[0]).toEqual(['2025-10-11T16:00:00+02:00 max: sam-1,sue-1', '2025-10-15T16:00:00+02:00 max: sue-1'])
    expect(logs[1]).toEqual(logs[0])
  })
})

describe('§7.3 manual reminders', () => {
  const world = () =>
    setup({
      start: START,
      timing: twoDays,
      items: [
        { id: 'a1', subject: 'sam', application: 'crm', resource: 'db' },
        { id: 'a2', subject: 'sue', application: 'crm', resource: 'db' },
        { id: 'b1', subject: 'sue', application: 'hr', resource: 'payroll' },
      ],
      reviewers: { order: ['applicationOwner'], count: 1 },
      applications: [
        { id: 'crm', owners: ['ana', 'ben'] },
        { id: 'hr', owners: ['cal'] },
      ],
    })

  it('by integration: one campaignReminder per reviewer with pending items in that row, listing those items', () => {
    const w = world()
    const es = run(w, { type: 'remind', at: '2025-10-10T09:00:00+02:00', view: 'integration', key: 'crm' })
    expect(sent(es, 'campaignReminder')).toEqual(['ana: a1,a2', 'ben: a1,a2'])
    expect(sent(run(w, { type: 'remind', at: '2025-10-10T09:00:00+02:00', view: 'resource', key: 'payroll' }), 'campaignReminder')).toEqual(['cal: b1'])
    expect(sent(run(w, { type: 'remind', at: '2025-10-10T09:00:00+02:00', view: 'reviewer', key: 'ben' }), 'campaignReminder')).toEqual(['ben: a1,a2'])
  })

  it('a row with nothing pending (all decided, or unknown) is refused with NothingPending', () => {
    const w = world()
    decideAs(w, 'cal', '2025-10-10T09:00:00+02:00', ['b1'])
    expect(refuse(w, { type: 'remind', at: '2025-10-10T09:30:00+02:00', view: 'integration', key: 'hr' }).code).toBe('NothingPending')
    expect(refuse(w, { type: 'remind', at: '2025-10-10T09:30:00+02:00', view: 'reviewer', key: 'cal' }).code).toBe('NothingPending')
    expect(refuse(w, { type: 'remind', at: '2025-10-10T09:30:00+02:00', view: 'resource', key: 'nowhere' }).code).toBe('NothingPending')
    // a reviewer whose decided item is the only thing they had is not reminded through their integration row either
    decideAs(w, 'ana', '2025-10-10T09:40:00+02:00', ['a1'])
    expect(sent(run(w, { type: 'remind', at: '2025-10-10T09:45:00+02:00', view: 'integration', key: 'crm' }), 'campaignReminder')).toEqual(['ana: a2', 'ben: a2'])
  })
})
