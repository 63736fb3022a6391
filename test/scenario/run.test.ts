import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Problem, ScenarioReport } from '../../src/index.js'
import { runScenario, runScenarioJson } from '../../src/index.js'

// The runner: bad input is refused before anything runs, with every problem
// named by path and never echoing a value; refused steps are recorded and
// the run goes on; every command of the library can be a step.

const MARK = 'MARKER-7f3a-secret'
// early-completion.json without its checkpoints and final expect: commands only
const base = (): Record<string, unknown> => {
  const s = JSON.parse(readFileSync(fileURLToPath(new URL('../../examples/scenarios/early-completion.json', import.meta.url)), 'utf8')) as Record<string, unknown>
  const { expect: _expect, ...rest } = s
  return { ...rest, steps: (s['steps'] as Array<Record<string, unknown>>).filter((step) => !('expect' in step)) }
}

const problems = (input: unknown): ReadonlyArray<Problem> => {
  const r = runScenario(input)
  if (r._tag === 'Right') throw new Error('expected a refusal')
  return r.left
}
const report = (input: unknown): ScenarioReport => {
  const r = runScenario(input)
  if (r._tag === 'Left') throw new Error(`refused: ${JSON.stringify(r.left)}`)
  return r.right
}
const withoutUntil = (): Record<string, unknown> => {
  const { until: _u, ...rest } = base()
  return rest
}
const paths = (ps: ReadonlyArray<Problem>) => ps.map((p) => p.path)

describe('runScenarioJson', () => {
  it('refuses text that is not JSON at path $', () => {
    expect(runScenarioJson(`{ "version": 1, ${MARK}`)).toEqual({ _tag: 'Left', left: [{ path: '$', expected: 'a JSON document' }] })
    expect(runScenarioJson('')).toEqual({ _tag: 'Left', left: [{ path: '$', expected: 'a JSON document' }] })
  })
  it('runs JSON text', () => {
    const r = runScenarioJson(JSON.stringify(base()))
    expect(r._tag).toBe('Right')
  })
  it('refuses an object that names a key twice (JSON.parse would keep the last value), at the object, naming the key', () => {
    const text = JSON.stringify(base()).replace('"version":1', '"version":1,"version":1')
    expect(text).toContain('"version":1,"version":1')
    expect(runScenarioJson(text)).toEqual({ _tag: 'Left', left: [{ path: '$', expected: 'an object whose keys are unique (version is repeated)' }] })
    // a step that says two things: "approve" then "revoke" of one decision
    const step = JSON.stringify(base()).replace('"decision":"approve"', '"decision":"approve","decision":"revoke"')
    expect(step).toContain('"decision":"revoke"')
    const r = runScenarioJson(step)
    expect(r._tag === 'Left' ? r.left.map((p) => p.expected) : []).toEqual(['an object whose keys are unique (decision is repeated)'])
    expect(r._tag === 'Left' ? r.left[0]?.path : '').toMatch(/^steps\[\d+\]\.do$/)
  })
})

describe('runScenario refuses bad input before anything runs', () => {
  it('refuses non-objects at $', () => {
    for (const u of [null, 1, 'x', [], true]) expect(paths(problems(u))).toEqual(['$'])
  })

  it('lists every problem at once, by path, without echoing values', () => {
    const s = base()
    const steps = s['steps'] as Array<Record<string, unknown>>
    const input = {
      ...s,
      version: 2,
      extraTopLevel: MARK,
      createdAt: '2025-10-08T09:00:00',
      definition: { ...(s['definition'] as object), name: 42, secretKey: MARK },
      steps: [{ ...steps[0], at: `${MARK}T` }, { ...steps[1], do: { type: 'decide', items: ['ledger-read'], decision: MARK, note: MARK } }],
    }
    const ps = problems(input)
    expect(paths(ps).sort()).toEqual(
      [
        'version',
        'extraTopLevel',
        'createdAt',
        'definition.name',
        'definition.secretKey',
        'steps[0].at',
        'steps[1].do.decision',
        'steps[1].do.note',
      ].sort(),
    )
    expect(ps.find((p) => p.path === 'version')?.expected).toBe('the scenario format version 1')
    expect(ps.find((p) => p.path === 'createdAt')?.expected).toMatch(/offset/)
    expect(ps.find((p) => p.path === 'extraTopLevel')?.expected).toMatch(/^no such key/)
    expect(JSON.stringify(ps)).not.toContain(MARK)
  })

  it('refuses a wrong or missing version', () => {
    expect(problems({ ...base(), version: '1' })).toEqual([{ path: 'version', expected: 'the scenario format version 1' }])
    const { version: _v, ...rest } = base()
    expect(paths(problems(rest))).toEqual(['version'])
  })

  it('refuses offset-less and date-only instants everywhere', () => {
    const s = base()
    const steps = s['steps'] as Array<Record<string, unknown>>
    const ps = problems({ ...s, until: '2025-10-12', steps: [{ ...steps[0], at: '2025-10-09T16:00:00' }, steps[1]] })
    expect(paths(ps).sort()).toEqual(['steps[0].at', 'until'])
  })

  it('refuses unknown users and items in steps, named by path, without echoing them', () => {
    const s = base()
    const at = (h: string) => `2025-10-10T${h}:00-04:00`
    const input = {
      ...s,
      steps: [
        { at: at('09:00'), as: `${MARK}-user`, do: { type: 'publish' } },
        { at: at('10:00'), as: 'milo', do: { type: 'decide', items: ['ledger-read', `${MARK}-item`], decision: 'approve' } },
        { at: at('11:00'), as: 'rosa', do: { type: 'reassign', item: `${MARK}-item2`, to: `${MARK}-user2` } },
        { at: at('12:00'), as: 'rosa', do: { type: 'recordFulfillmentResult', item: `${MARK}-item3`, result: 'done' } },
      ],
    }
    const ps = problems(input)
    expect(paths(ps)).toEqual(['steps[0].as', 'steps[1].do.items[1]', 'steps[2].do.item', 'steps[2].do.to', 'steps[3].do.item'])
    expect(JSON.stringify(ps)).not.toContain(MARK)
  })

  it('refuses steps out of order, an until before the last step, a creator without the role and duplicate items', () => {
    const s = base()
    const steps = s['steps'] as Array<Record<string, unknown>>
    const items = s['items'] as unknown[]
    const ps = problems({
      ...s,
      createdBy: 'milo',
      items: [...items, items[0]],
      steps: [steps[1], steps[0]],
      until: '2025-10-01T00:00:00Z',
    })
    expect(paths(ps)).toEqual(['items[2].id', 'createdBy', 'steps[1].at', 'until'])
    expect(paths(problems({ ...s, createdBy: 'nobody' }))).toEqual(['createdBy'])
  })

  it('refuses a definition that breaks a codec-only rule (count beyond the order)', () => {
    const s = base()
    const d = s['definition'] as Record<string, unknown>
    const ps = problems({ ...s, definition: { ...d, reviewers: { order: ['firstLineManager'], count: 2 } } })
    expect(paths(ps)).toEqual(['definition.reviewers.count'])
  })
})

describe('runScenario runs every step', () => {
  const at = (d: string) => `2025-10-${d}:00-04:00`

  it('records a refused step with its code and goes on', () => {
    const s = withoutUntil()
    const r = report({
      ...s,
      steps: [
        { at: at('09T15:00'), as: 'milo', do: { type: 'decide', items: ['ledger-read'], decision: 'approve' } },
        { at: at('09T16:00'), as: 'milo', do: { type: 'publish' } },
        { at: at('09T16:00'), as: 'rosa', do: { type: 'publish' } },
        { at: at('09T17:00'), as: 'ezra', do: { type: 'decide', items: ['ledger-read'], decision: 'approve' } },
        { at: at('09T18:00'), as: 'milo', do: { type: 'decide', items: ['ledger-read'], decision: 'revoke' } },
      ],
    })
    expect(r.steps).toEqual([
      { index: 0, ok: false, code: 'CampaignNotActive' },
      { index: 1, ok: false, code: 'NotAuthorized' },
      { index: 2, ok: true },
      { index: 3, ok: false, code: 'SelfReview', items: [{ itemId: 'ledger-read', code: 'SelfReview' }] },
      { index: 4, ok: true },
    ])
    expect(r.items['ledger-read']).toMatchObject({ state: 'revoked', level: 1, tier: 0 })
    expect(r.campaign.at).toBe(at('09T18:00'))
  })

  it('reports the items of a campaign never published as draft, with no windows', () => {
    const r = report({ ...base(), steps: [], until: at('20T00:00') })
    expect(r.campaign).toEqual({ status: 'draft', displayStatus: 'draft', dueAt: null, timeZone: 'America/New_York', at: at('20T00:00') })
    expect(r.items).toEqual({
      'ledger-read': { state: 'draft', level: 0, tier: 0, decisions: [] },
      'ledger-post': { state: 'draft', level: 0, tier: 0, decisions: [] },
    })
    expect(r.windows).toEqual({})
    expect(r.notifications).toEqual([])
  })

  it('takes displayStatus at until: overdue after the due date', () => {
    const s = base()
    const r = report({ ...s, definition: { ...(s['definition'] as object), timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }], onLapse: 'overdue' } }, until: at('20T09:00') })
    expect(r.campaign.status).toBe('inProgress')
    expect(r.campaign.displayStatus).toBe('overdue')
    expect(r.notifications.map((n) => n.kind)).toContain('campaignOverdue')
  })

  it('runs every command of the library as a step', () => {
    const s = withoutUntil()
    const d = s['definition'] as Record<string, unknown>
    const items = s['items'] as unknown[]
    const dir = s['directory'] as Record<string, unknown>
    const r = report({
      ...s,
      directory: { ...dir, users: [...(dir['users'] as unknown[]), { id: 'ada', roles: ['administrator'] }, { id: 'pia' }] },
      steps: [
        { at: at('08T10:00'), as: 'rosa', do: { type: 'create', definition: d, items } },
        { at: at('08T11:00'), as: 'rosa', do: { type: 'edit', definition: { ...d, name: 'Renamed review' } } },
        { at: at('08T12:00'), as: 'ada', do: { type: 'setFulfillment', application: 'ledger', option: 'ticket' } },
        { at: at('09T16:00'), as: 'rosa', do: { type: 'publish' } },
        { at: at('09T17:00'), as: 'rosa', do: { type: 'reassign', item: 'ledger-post', to: 'pia' } },
        { at: at('09T18:00'), as: 'rosa', do: { type: 'remind', view: 'reviewer', key: 'pia' } },
        { at: at('09T19:00'), as: 'rosa', do: { type: 'extend', days: 1, cascade: true } },
        { at: at('10T09:00'), as: 'milo', do: { type: 'decide', items: ['ledger-read'], decision: 'revoke', comment: 'not needed' } },
        { at: at('10T10:00'), as: 'rosa', do: { type: 'complete' } },
        { at: at('10T11:00'), as: 'rosa', do: { type: 'complete', outstanding: 'keepAccess' } },
        { at: at('10T12:00'), as: 'rosa', do: { type: 'recordFulfillmentResult', item: 'ledger-read', result: 'done' } },
        { at: at('10T13:00'), as: 'rosa', do: { type: 'abort' } },
      ],
    })
    expect(r.steps.map((x) => (x.ok ? 'ok' : x.code))).toEqual([
      'InvalidTransition',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'OutstandingReviews',
      'ok',
      'ok',
      'CampaignNotActive',
    ])
    expect(r.campaign.status).toBe('completed')
    const kinds = r.notifications.map((n) => n.kind)
    for (const k of ['reviewAssigned', 'campaignReminder', 'campaignCompleted', 'accessDeprovisioned', 'deprovisioningSucceeded']) expect(kinds).toContain(k)
    expect(r.notifications.find((n) => n.kind === 'campaignReminder')).toEqual({ kind: 'campaignReminder', recipients: ['pia'], itemIds: ['ledger-post'], at: at('09T18:00') })
  })
})
