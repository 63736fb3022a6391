// The bounded-input rule (issue 8): each documented size limit (docs/limits.md,
// "Sizes") is tested just inside (accepted) and just outside (refused with a
// path). Instants, ids, file size: see time-range, ids and cli tests.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { CampaignDefinition, decodeCommand, decodeWith, Directory, Scenario, Scope } from '../../src/index.js'
import type { Problem } from '../../src/index.js'

const rita = { id: 'rita', roles: ['riskManager'] }
const at = '2025-01-04T09:00:00Z'
const definition = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'q1',
  name: 'Q1',
  timeZone: 'UTC',
  owners: ['rita'],
  reviewers: { order: ['riskManager'], count: 1 },
  timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] },
  ...over,
})
const ids = (n: number, prefix = 'i'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`)
const paths = (r: E.Either<ReadonlyArray<Problem>, unknown>): ReadonlyArray<string> => (E.isLeft(r) ? r.left.map((p) => p.path) : [])

describe('size limits, just inside and just outside', () => {
  it('items per decide command: 10,000 accepted, 10,001 refused at items', () => {
    const cmd = (n: number): unknown => ({ type: 'decide', at, actor: rita, items: ids(n), decision: 'approve' })
    expect(E.isRight(decodeCommand(cmd(10_000)))).toBe(true)
    expect(paths(decodeCommand(cmd(10_001)))).toEqual(['items'])
  })

  it('items per campaign: 1,000,000 accepted, 1,000,001 refused at $', () => {
    const item = (i: number): unknown => ({ id: `i${i}`, subject: `s${i >> 2}`, application: 'a', resource: 'r', entitlement: 'e' })
    const inside = Array.from({ length: 1_000_000 }, (_, i) => item(i))
    expect(E.isRight(decodeWith(Scope, inside))).toBe(true)
    inside.push(item(1_000_000))
    expect(paths(decodeWith(Scope, inside))).toEqual(['$'])
  })

  it('steps per scenario: 100,000 accepted, 100,001 refused at steps', () => {
    const scenario = (n: number): unknown => ({
      version: 1,
      createdAt: '2025-01-02T09:00:00Z',
      createdBy: 'rita',
      definition: definition(),
      directory: { users: [rita], subjects: [] },
      items: [],
      steps: Array.from({ length: n }, () => ({ at, as: 'rita', do: { type: 'abort' } })),
    })
    expect(E.isRight(decodeWith(Scenario, scenario(100_000)))).toBe(true)
    expect(paths(decodeWith(Scenario, scenario(100_001)))).toEqual(['steps'])
  })

  it('extension days: 3,650 accepted, 3,651 and 0 refused at days', () => {
    const cmd = (days: number): unknown => ({ type: 'extend', at, actor: rita, days, cascade: false })
    expect(E.isRight(decodeCommand(cmd(3_650)))).toBe(true)
    expect(paths(decodeCommand(cmd(3_651)))).toEqual(['days'])
    expect(paths(decodeCommand(cmd(0)))).toEqual(['days'])
  })

  it('reviewer sources: 20 accepted, 21 refused at reviewers.order', () => {
    const order = (n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ users: [`u${i}`] }))
    expect(E.isRight(decodeWith(CampaignDefinition, definition({ reviewers: { order: order(20), count: 1 } })))).toBe(true)
    expect(paths(decodeWith(CampaignDefinition, definition({ reviewers: { order: order(21), count: 1 } })))).toEqual(['reviewers.order'])
  })

  it('levels of a timing policy: 20 accepted, 21 refused at timing.levels', () => {
    const levels = (n: number): unknown[] => Array.from({ length: n }, () => ({ duration: { days: 1 } }))
    expect(E.isRight(decodeWith(CampaignDefinition, definition({ timing: { policy: 'reviewerWindows', levels: levels(20) } })))).toBe(true)
    expect(paths(decodeWith(CampaignDefinition, definition({ timing: { policy: 'reviewerWindows', levels: levels(21) } })))).toEqual(['timing.levels'])
  })

  it('attestation questions: 50 accepted, 51 refused at decisions.attestation', () => {
    const qs = (n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ id: `q${i}`, text: 'Still needed?', answer: 'yesNo', required: false, appliesTo: 'both' }))
    expect(E.isRight(decodeWith(CampaignDefinition, definition({ decisions: { attestation: qs(50) } })))).toBe(true)
    expect(paths(decodeWith(CampaignDefinition, definition({ decisions: { attestation: qs(51) } })))).toEqual(['decisions.attestation'])
  })

  it('a comment: 5,000 characters accepted, 5,001 refused at comment', () => {
    const cmd = (n: number): unknown => ({ type: 'decide', at, actor: rita, items: ['i1'], decision: 'revoke', comment: 'x'.repeat(n) })
    expect(E.isRight(decodeCommand(cmd(5_000)))).toBe(true)
    expect(paths(decodeCommand(cmd(5_001)))).toEqual(['comment'])
  })

  it('items per reassign, delegate, requestInfo and provideInfo command (issue 10): 10,000 accepted, 10,001 refused at items', () => {
    const shapes: ReadonlyArray<(items: string[]) => unknown> = [
      (items) => ({ type: 'reassign', at, actor: rita, items, to: 'nora' }),
      (items) => ({ type: 'delegate', at, actor: rita, to: 'nora', items }),
      (items) => ({ type: 'requestInfo', at, actor: rita, items, from: 'subject', question: 'Still used?' }),
      (items) => ({ type: 'provideInfo', at, actor: rita, items, answer: 'Yes' }),
    ]
    for (const shape of shapes) {
      expect(E.isRight(decodeCommand(shape(ids(10_000))))).toBe(true)
      expect(paths(decodeCommand(shape(ids(10_001))))).toEqual(['items'])
    }
  })

  it('a question or an answer for more information: 5,000 characters accepted, 5,001 refused at question / answer', () => {
    const ask = (n: number): unknown => ({ type: 'requestInfo', at, actor: rita, items: ['i1'], from: 'owner', question: 'x'.repeat(n) })
    const answer = (n: number): unknown => ({ type: 'provideInfo', at, actor: rita, items: ['i1'], answer: 'x'.repeat(n) })
    expect(E.isRight(decodeCommand(ask(5_000)))).toBe(true)
    expect(paths(decodeCommand(ask(5_001)))).toEqual(['question'])
    expect(E.isRight(decodeCommand(answer(5_000)))).toBe(true)
    expect(paths(decodeCommand(answer(5_001)))).toEqual(['answer'])
  })

  it('choices of a question: 50 accepted, 51 refused at decisions.attestation[0].choices', () => {
    const q = (n: number): unknown => ({ id: 'q1', text: 'Which?', answer: 'multiChoice', required: true, appliesTo: 'approve', choices: ids(n, 'c'), minSelections: 1, maxSelections: 2 })
    expect(E.isRight(decodeWith(CampaignDefinition, definition({ decisions: { attestation: [q(50)] } })))).toBe(true)
    expect(paths(decodeWith(CampaignDefinition, definition({ decisions: { attestation: [q(51)] } })))).toEqual(['decisions.attestation[0].choices'])
  })

  it('risk insights named by a definition, and insights of one directory user: 50 accepted, 51 refused', () => {
    expect(E.isRight(decodeWith(CampaignDefinition, definition({ riskInsights: ids(50, 'r') })))).toBe(true)
    expect(paths(decodeWith(CampaignDefinition, definition({ riskInsights: ids(51, 'r') })))).toEqual(['riskInsights'])
    const dir = (n: number): unknown => ({ users: [{ id: 'u1', insights: ids(n, 'r') }], subjects: [] })
    expect(E.isRight(decodeWith(Directory, dir(50)))).toBe(true)
    expect(paths(decodeWith(Directory, dir(51)))).toEqual(['users[0].insights'])
  })
})
