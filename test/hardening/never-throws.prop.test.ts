// Issue 8, "nothing throws on any input that decodes": for arbitrary ids drawn
// from the full UTF-16 range (lone surrogates, C0/C1 controls, bidi marks,
// 200-unit lengths), whatever the decoders accept, every public function that
// takes the decoded values returns a value: execute/decide/advance, the views,
// both renderers, runScenario, and the CLI's report rendering (tables, SVG).
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { CampaignState, Command, ScenarioReport } from '../../src/index.js'
import {
  advance,
  decide,
  decodeCommand,
  displayStatus,
  execute,
  nextWake,
  packetsOf,
  packetTimeline,
  progress,
  renderChat,
  renderEmail,
  runScenario,
  tasksOf,
} from '../../src/index.js'
import { reportTables, stepLabels } from '../../src/cli/table.js'
import { timelineSvg } from '../../src/cli/svg.js'
import { runs } from '../support/runs.js'

/** Hostile id candidates: any UTF-16 units (lone surrogates included), controls, bidi marks, long ones. */
// Mostly ids the decoders accept (any well-formed Unicode, bidi marks, emoji,
// 200 units) so the functions after decoding are exercised; some refused ones.
const hostileId = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), weight: 10 },
  { arbitrary: fc.string({ unit: fc.constantFrom('\u202e', '\u200f', '\ud83d\ude00', 'a', '/', '?', '%', '&', '<', '"', ' ', '\u00a0'), minLength: 1, maxLength: 8 }), weight: 10 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 195, maxLength: 205 }), weight: 3 },
  { arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'javascript:alert(1)'), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), weight: 1 },
  { arbitrary: fc.string({ unit: fc.constantFrom('\u0000', '\u0085', '\u009f', '\ud800', '\udc00', 'a'), minLength: 1, maxLength: 6 }), weight: 1 },
)

const ids = fc.record({ campaign: hostileId, manager: hostileId, user: hostileId, subject: hostileId, item: hostileId, app: hostileId, resource: hostileId })

const scenarioOf = (i: Readonly<Record<string, string>>): unknown => ({
  version: 1,
  createdAt: '2025-01-02T09:00:00Z',
  createdBy: 'rita',
  definition: {
    id: i['campaign'],
    name: i['campaign'],
    timeZone: 'Europe/Berlin',
    owners: ['rita'],
    riskManagers: ['rita'],
    reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 },
    timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 }, escalations: [{ duration: { days: 1 }, reviewers: 'reviewerManager' }] }] },
    reminders: { kind: 'daily' },
  },
  directory: {
    users: [{ id: 'rita', roles: ['riskManager'] }, { id: i['manager'] }, { id: i['user'], manager: i['manager'] }],
    subjects: [{ id: i['subject'], user: i['user'] }],
  },
  items: [{ id: i['item'], subject: i['subject'], application: i['app'], resource: i['resource'], entitlement: i['resource'] }],
  steps: [
    { at: '2025-01-03T09:00:00Z', as: 'rita', do: { type: 'publish' } },
    { at: '2025-01-04T09:00:00Z', as: i['manager'], do: { type: 'decide', items: [i['item']], decision: 'approve', comment: i['app'] } },
    { at: '2025-01-04T10:00:00Z', as: 'rita', do: { type: 'remind', view: 'reviewer', key: i['manager'] } },
    { at: '2025-01-05T09:00:00Z', as: 'rita', do: { type: 'extend', days: 1, cascade: true } },
    { at: '2025-01-05T10:00:00Z', as: 'rita', do: { type: 'reassign', item: i['item'], to: i['manager'] } },
  ],
  until: '2025-01-20T00:00:00Z',
})

const rita = { id: 'rita', roles: ['riskManager'] }

/** Drives the same campaign through decodeCommand/execute and exercises every view and renderer on the way. */
const drive = (i: Record<string, string>): void => {
  const commands: unknown[] = [
    { type: 'create', at: '2025-01-02T09:00:00Z', actor: rita, definition: (scenarioOf(i) as { definition: unknown }).definition, items: (scenarioOf(i) as { items: unknown }).items },
    { type: 'publish', at: '2025-01-03T09:00:00Z', actor: rita, directory: (scenarioOf(i) as { directory: unknown }).directory },
    { type: 'decide', at: '2025-01-04T09:00:00Z', actor: { id: i['manager'], roles: [] }, items: [i['item']], decision: 'revoke', comment: i['user'] },
    { type: 'complete', at: '2025-01-09T09:00:00Z', actor: rita, outstanding: 'revokeAccess' },
  ]
  let state: CampaignState | undefined
  for (const raw of commands) {
    const c = decodeCommand(raw)
    if (E.isLeft(c)) continue
    decide(c.right, state)
    const r = execute(c.right as Command, state)
    if (E.isLeft(r)) continue
    state = r.right.state
    for (const e of r.right.events) {
      if (e.type !== 'NotificationIssued') continue
      renderEmail(e.intent, { campaignName: i['campaign'] ?? '', baseUrl: 'https://iga.example/' })
      renderChat(e.intent, { campaignName: i['campaign'] ?? '' })
    }
    if (state === undefined) continue
    const wake = nextWake(state)
    if (wake !== undefined) advance(state, wake)
    displayStatus(state, state.campaign.clock)
    for (const view of ['integration', 'reviewer', 'resource'] as const) progress(state, view)
    for (const p of packetsOf(state)) packetTimeline(state, p.id)
    tasksOf(state, i['manager'] ?? '')
  }
}

const cliRender = (scenario: unknown, report: ScenarioReport): void => {
  reportTables(report, stepLabels(scenario))
  timelineSvg(report, 'scenario')
}

describe('nothing throws after decoding (issue 8)', () => {
  it('for hostile ids, every public function on the decoded values returns a value (10,000 runs)', () => {
    let accepted = 0
    fc.assert(
      fc.property(ids, (i) => {
        const scenario = scenarioOf(i)
        let report: E.Either<unknown, ScenarioReport> | undefined
        expect(() => {
          report = runScenario(scenario)
          drive(i)
          if (report !== undefined && E.isRight(report)) {
            accepted++
            cliRender(scenario, report.right)
            JSON.stringify(report.right)
          }
        }).not.toThrow()
      }),
      { numRuns: runs(10_000) },
    )
    // the property must exercise the accepted side too, not only refusals
    expect(accepted).toBeGreaterThan(runs(10_000) / 5)
  })
})
