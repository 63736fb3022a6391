// SPEC §8 conformance: the plan's contents and options, idempotent results,
// and the summary kinds.
import { describe, expect, it } from 'vitest'
import { ADA, decideAs, intents, refuse, run, sent, setup, types } from './world.js'
import type { World } from './world.js'

const START = '2025-10-09T16:00:00+02:00'
const timing = { policy: 'reviewerWindows', levels: [{ duration: { days: 5 } }] }

const world = (): World => {
  const w = setup({
    start: START,
    timing,
    levels: 1,
    items: [
      { id: 'crm-1', subject: 'sam', application: 'crm' },
      { id: 'crm-2', subject: 'sam', application: 'crm' },
      { id: 'hr-1', subject: 'sue', application: 'hr' },
      { id: 'git-1', subject: 'sue', application: 'git' },
      { id: 'git-2', subject: 'sue', application: 'git' },
    ],
  })
  run(w, { type: 'setFulfillment', at: '2025-10-09T17:00:00+02:00', actor: ADA, application: 'crm', option: 'automatic' })
  run(w, { type: 'setFulfillment', at: '2025-10-09T17:00:00+02:00', actor: ADA, application: 'hr', option: 'ticket' })
  decideAs(w, 'ana', '2025-10-10T09:00:00+02:00', ['crm-1', 'hr-1', 'git-1'], 'revoke')
  decideAs(w, 'ana', '2025-10-10T09:00:00+02:00', ['crm-2'])
  return w
}

const plan = (w: World): ReadonlyArray<string> => (w.state.campaign.completion?.plan ?? []).map((a) => `${a.itemId} ${a.application} ${a.option} ${a.reason}`)

const record = (w: World, item: string, result: 'done' | 'failed', when = '2025-10-11T09:00:00+02:00') =>
  run(w, { type: 'recordFulfillmentResult', at: when, item, result })

describe('§8 the fulfillment plan', () => {
  it('one action per revoked item with its application option (manual by default); outstanding items under revokeAccess; approved items never', () => {
    const w = world()
    run(w, { type: 'complete', at: '2025-10-11T08:00:00+02:00', outstanding: 'revokeAccess' })
    expect(plan(w)).toEqual(['crm-1 crm automatic revoked', 'hr-1 hr ticket revoked', 'git-1 git manual revoked', 'git-2 git manual outstanding'])
    const a = w.state.campaign.completion?.plan[0]
    expect(a).toMatchObject({ subject: 'sam', resource: 'crm-db', entitlement: 'reader' })
  })

  it('keepAccess leaves outstanding items out; an option set after completion does not change the plan', () => {
    const w = world()
    run(w, { type: 'complete', at: '2025-10-11T08:00:00+02:00', outstanding: 'keepAccess' })
    run(w, { type: 'setFulfillment', at: '2025-10-11T08:30:00+02:00', actor: ADA, application: 'git', option: 'automatic' })
    expect(plan(w)).toEqual(['crm-1 crm automatic revoked', 'hr-1 hr ticket revoked', 'git-1 git manual revoked'])
  })

  it('no fulfillment before completion: results are refused while in progress', () => {
    const w = world()
    expect(refuse(w, { type: 'recordFulfillmentResult', at: '2025-10-11T09:00:00+02:00', item: 'crm-1', result: 'done' }).code).toBe('InvalidTransition')
  })
})

describe('§8 results', () => {
  const completed = (): World => {
    const w = world()
    run(w, { type: 'complete', at: '2025-10-11T08:00:00+02:00', outstanding: 'keepAccess' })
    return w
  }

  it('all done → accessDeprovisioned per item (subject user and owners), then one deprovisioningSucceeded to the owners', () => {
    const w = completed()
    const first = record(w, 'crm-1', 'done')
    expect(sent(first, 'accessDeprovisioned')).toEqual(['olga: crm-1', 'sam-user: crm-1'])
    expect(types(first)).toEqual(['FulfillmentResultRecorded'])
    record(w, 'hr-1', 'done')
    const last = record(w, 'git-1', 'done')
    expect(types(last)).toEqual(['FulfillmentResultRecorded', 'FulfillmentSummarized'])
    expect(sent(last, 'deprovisioningSucceeded')).toEqual(['olga: crm-1,hr-1,git-1'])
    expect(intents(w.log).filter((n) => n.kind.startsWith('deprovisioning'))).toHaveLength(1)
  })

  it('some failed → deprovisioningPartial; none done → deprovisioningFailed', () => {
    const partial = completed()
    record(partial, 'crm-1', 'done')
    record(partial, 'hr-1', 'failed')
    const p = record(partial, 'git-1', 'done')
    expect(intents(p).map((n) => n.kind)).toEqual(['accessDeprovisioned', 'accessDeprovisioned', 'deprovisioningPartial'])
    const failed = completed()
    record(failed, 'crm-1', 'failed')
    record(failed, 'hr-1', 'failed')
    const f = record(failed, 'git-1', 'failed')
    expect(intents(f).map((n) => n.kind)).toEqual(['deprovisioningFailed'])
    expect(intents(failed.log, 'accessDeprovisioned')).toEqual([])
  })

  it('recording the same result twice is idempotent: no event, no notification, state unchanged', () => {
    const w = completed()
    record(w, 'crm-1', 'done')
    const before = w.state
    expect(record(w, 'crm-1', 'done', '2025-10-11T10:00:00+02:00')).toEqual([])
    expect(w.state).toEqual(before)
    // also after the summary: a repeated result summarises nothing again
    record(w, 'hr-1', 'done')
    record(w, 'git-1', 'failed')
    expect(record(w, 'git-1', 'failed', '2025-10-11T11:00:00+02:00')).toEqual([])
    expect(intents(w.log).filter((n) => n.kind.startsWith('deprovisioning'))).toHaveLength(1)
  })

  it('the summary follows the latest results: a successful retry after a failed run sends the new outcome once', () => {
    const w = completed()
    record(w, 'crm-1', 'failed')
    record(w, 'hr-1', 'failed')
    expect(intents(record(w, 'git-1', 'failed')).map((n) => n.kind)).toEqual(['deprovisioningFailed'])
    const retry = record(w, 'crm-1', 'done', '2025-10-12T09:00:00+02:00')
    expect(types(retry)).toEqual(['FulfillmentResultRecorded', 'FulfillmentSummarized'])
    expect(intents(retry).map((n) => n.kind)).toEqual(['accessDeprovisioned', 'accessDeprovisioned', 'deprovisioningPartial'])
    record(w, 'hr-1', 'done', '2025-10-12T10:00:00+02:00') // still partial: no new summary
    expect(intents(w.log).filter((n) => n.kind.startsWith('deprovisioning')).map((n) => n.kind)).toEqual(['deprovisioningFailed', 'deprovisioningPartial'])
    record(w, 'git-1', 'done', '2025-10-12T11:00:00+02:00')
    expect(w.state.campaign.resultsSummary).toBe('deprovisioningSucceeded')
    expect(intents(w.log).filter((n) => n.kind.startsWith('deprovisioning')).map((n) => n.kind)).toEqual([
      'deprovisioningFailed',
      'deprovisioningPartial',
      'deprovisioningSucceeded',
    ])
  })

  it('an item that is not in the plan is refused (UnknownItem), approved or unknown alike', () => {
    const w = completed()
    expect(refuse(w, { type: 'recordFulfillmentResult', at: '2025-10-11T09:00:00+02:00', item: 'crm-2', result: 'done' }).code).toBe('UnknownItem')
    expect(refuse(w, { type: 'recordFulfillmentResult', at: '2025-10-11T09:00:00+02:00', item: 'nope', result: 'done' }).code).toBe('UnknownItem')
  })

  it('an aborted campaign never fulfils anything', () => {
    const w = world()
    run(w, { type: 'abort', at: '2025-10-11T08:00:00+02:00' })
    expect(w.state.campaign.completion).toBeUndefined()
    expect(refuse(w, { type: 'recordFulfillmentResult', at: '2025-10-11T09:00:00+02:00', item: 'crm-1', result: 'done' }).code).toBe('InvalidTransition')
  })
})
