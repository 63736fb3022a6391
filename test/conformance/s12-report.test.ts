// SPEC §12 / §10 conformance: report instants carry the campaign zone's
// offset in force at each instant (across a DST change), and a refused
// scenario names paths without echoing values.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { runScenario } from '../../src/index.js'

const scenario = (overrides: Record<string, unknown> = {}) => ({
  version: 1,
  createdAt: '2025-10-24T08:00:00Z',
  createdBy: 'rita',
  definition: {
    id: 'dst',
    name: 'DST review',
    timeZone: 'Europe/Berlin',
    owners: ['rita'],
    reviewers: { order: [{ users: ['ana'] }, { users: ['ben'] }], count: 2 },
    timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] },
  },
  directory: { users: [{ id: 'rita', roles: ['riskManager'] }, { id: 'ana' }, { id: 'ben' }], subjects: [{ id: 'sam' }] },
  items: [{ id: 'i1', subject: 'sam', application: 'crm', resource: 'db', entitlement: 'reader' }],
  steps: [
    { at: '2025-10-24T08:00:00Z', as: 'rita', do: { type: 'publish' } },
    { at: '2025-10-25T08:00:00Z', as: 'ana', do: { type: 'decide', items: ['i1'], decision: 'approve' } },
    { at: '2025-10-27T08:00:00Z', as: 'ben', do: { type: 'decide', items: ['i1'], decision: 'approve' } },
  ],
  until: '2025-10-28T08:00:00Z',
  ...overrides,
})

describe('§12 report instants', () => {
  it('are ISO-8601 with the Berlin offset of each instant: +02:00 before 10-26 03:00, +01:00 after', () => {
    const r = runScenario(scenario())
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    const report = r.right
    expect(report.items['i1']?.decisions.map((d) => d.at)).toEqual(['2025-10-25T10:00:00+02:00', '2025-10-27T09:00:00+01:00'])
    expect(report.windows['sam']?.map((w) => `${w.level} ${w.start} ${w.end} ${w.status}`)).toEqual([
      '1 2025-10-24T10:00:00+02:00 2025-10-26T10:00:00+01:00 done',
      '2 2025-10-25T10:00:00+02:00 2025-10-27T10:00:00+01:00 done',
    ])
    expect(report.campaign.dueAt).toBe('2025-10-27T10:00:00+01:00')
    expect(report.notifications.map((n) => n.at)).toEqual(['2025-10-24T10:00:00+02:00', '2025-10-25T10:00:00+02:00'])
  })
})

describe('§10 refusals name the path and never echo the value', () => {
  it('a bad duration deep in the timing policy', () => {
    const marker = 'SECRET-7731'
    const bad = scenario()
    const r = runScenario({
      ...bad,
      definition: { ...bad.definition, timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }, { duration: { days: marker } }] } },
      items: [{ id: 'i1', subject: 'sam', application: 'crm', resource: 'db', entitlement: 'reader', note: marker }],
    })
    if (E.isRight(r)) throw new Error('accepted')
    expect(JSON.stringify(r.left)).not.toContain(marker)
    const paths = r.left.map((p) => p.path)
    expect(paths.some((p) => p.includes('levels[1]') && p.includes('duration') && p.includes('days'))).toBe(true)
    expect(paths.some((p) => p.includes('items[0]') && p.includes('note'))).toBe(true)
  })
})
