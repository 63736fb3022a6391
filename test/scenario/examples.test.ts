import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { ScenarioReport } from '../../src/index.js'
import { runScenario } from '../../src/index.js'

// Every worked example in examples/scenarios/ runs and gives exactly the
// report its description promises: states, levels, windows with exact
// instants, step codes and the key notifications.

const dir = fileURLToPath(new URL('../../examples/scenarios/', import.meta.url))
const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as Record<string, unknown>

const report = (input: unknown): ScenarioReport => {
  const r = runScenario(input)
  if (r._tag === 'Left') throw new Error(`scenario refused: ${JSON.stringify(r.left)}`)
  return r.right
}
const run = (name: string): ScenarioReport => report(load(name))

const item = (r: ScenarioReport, id: string) => {
  const i = r.items[id]
  if (i === undefined) throw new Error(`no item ${id}`)
  return i
}
const windows = (r: ScenarioReport, packet: string) =>
  (r.windows[packet] ?? []).map((w) => [w.level, w.tier, w.reviewers.join(','), w.start, w.end, w.closedAt ?? '-', w.status])
const codes = (r: ScenarioReport) => r.steps.map((s) => (s.ok ? 'ok' : s.code))
const notes = (r: ScenarioReport) => r.notifications.map((n) => [n.kind, n.recipients.join(','), n.itemIds.join(','), n.at])

const NY = (s: string): string => `2025-10-${s}:00-04:00`

describe('examples/scenarios', () => {
  it('every example file is covered by a test below', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort()
    expect(files).toEqual([...covered].sort())
  })

  it('every example declares the schema, a title and a description, and runs with every instant in the campaign zone', () => {
    for (const name of covered) {
      const s = load(name)
      expect(s['$schema']).toBe('../../docs/scenario.schema.json')
      expect(typeof s['title']).toBe('string')
      expect(typeof s['description']).toBe('string')
      const text = JSON.stringify(run(name))
      const instants = text.match(/\d{4}-\d{2}-\d{2}T[^"]*/g) ?? []
      expect(instants.length).toBeGreaterThan(0)
      for (const i of instants) expect(i).toMatch(/-04:00$/)
    }
  })
})

const covered: string[] = []
const example = (name: string, title: string, body: (r: ScenarioReport) => void): void => {
  covered.push(name)
  it(`${name}: ${title}`, () => body(run(name)))
}

describe('reviewer order FLM, RM, AO (SPEC §3 table)', () => {
  // ana: mapped, manager lee; s-bot: unmapped; kai: mapped without a manager.
  const levelsOf = (r: ScenarioReport, packet: string) => (r.windows[packet] ?? []).map((w) => w.reviewers.join(','))
  example('reviewer-order-count-1', 'count 1: FLM when there is a manager, else RM', (r) => {
    expect(levelsOf(r, 's-ana')).toEqual(['lee'])
    expect(levelsOf(r, 's-bot')).toEqual(['rosa'])
    expect(levelsOf(r, 's-kai')).toEqual(['rosa'])
    expect(r.campaign.dueAt).toBe(NY('11T16:00'))
  })
  example('reviewer-order-count-2', 'count 2: FLM, RM with a manager; RM, AO without', (r) => {
    expect(levelsOf(r, 's-ana')).toEqual(['lee', 'rosa'])
    expect(levelsOf(r, 's-bot')).toEqual(['rosa', 'olga'])
    expect(levelsOf(r, 's-kai')).toEqual(['rosa', 'olga'])
    expect(windows(r, 's-ana')).toEqual([
      [1, 0, 'lee', NY('09T16:00'), NY('11T16:00'), '-', 'active'],
      [2, 0, 'rosa', NY('11T16:00'), NY('13T16:00'), '-', 'upcoming'],
    ])
  })
  example('reviewer-order-count-3', 'count 3: FLM, RM, AO with a manager; RM, AO (count adjusted to 2) without', (r) => {
    expect(levelsOf(r, 's-ana')).toEqual(['lee', 'rosa', 'olga'])
    expect(levelsOf(r, 's-bot')).toEqual(['rosa', 'olga'])
    expect(levelsOf(r, 's-kai')).toEqual(['rosa', 'olga'])
    expect(r.campaign.dueAt).toBe(NY('15T16:00'))
    expect(notes(r)).toEqual([
      ['reviewAssigned', 'lee', 'ana-crm', NY('09T16:00')],
      ['reviewAssigned', 'rosa', 'bot-crm,kai-crm', NY('09T16:00')],
    ])
    for (const id of ['ana-crm', 'bot-crm', 'kai-crm']) expect(item(r, id)).toEqual({ state: 'pending', level: 1, tier: 0, decisions: [] })
  })
})

describe('multi-level decisions (SPEC §4)', () => {
  example('progression-a-b-c', 'A → B → C: each approval moves the item on and locks the earlier level', (r) => {
    expect(codes(r)).toEqual(['ok', 'NotEligibleReviewer', 'ok', 'ItemLocked', 'ok', 'ok', 'ok', 'ItemLocked'])
    const i = item(r, 'dev-payroll')
    expect(i.state).toBe('revoked')
    expect(i.level).toBe(3)
    expect(i.decisions.map((d) => [d.by, d.level, d.decision, d.at])).toEqual([
      ['amy', 1, 'approve', NY('09T12:00')],
      ['ben', 2, 'approve', NY('10T10:00')],
      ['cleo', 3, 'approve', NY('13T15:00')],
      ['cleo', 3, 'revoke', NY('14T08:00')],
    ])
    expect(notes(r).map((n) => n[1])).toEqual(['amy', 'ben', 'cleo'])
    expect(windows(r, 's-dev')).toEqual([
      [1, 0, 'amy', NY('09T09:00'), null, NY('09T12:00'), 'done'],
      [2, 0, 'ben', NY('09T12:00'), null, NY('10T10:00'), 'done'],
      [3, 0, 'cleo', NY('10T10:00'), null, NY('13T15:00'), 'done'],
    ])
  })

  example('revocation-two-levels', 'level 2 acts on the kept items only', (r) => {
    expect(codes(r)).toEqual(['ok', 'ok', 'ok', 'ItemLocked', 'ItemLocked', 'ok'])
    const refused = r.steps[3]
    expect(refused !== undefined && !refused.ok ? refused.items : undefined).toEqual([{ itemId: 'w4', code: 'ItemLocked' }])
    for (const id of ['w1', 'w2', 'w3']) expect([item(r, id).state, item(r, id).level]).toEqual(['approved', 2])
    for (const id of ['w4', 'w5']) {
      expect(item(r, id)).toEqual({ state: 'revoked', level: 1, tier: 0, decisions: [{ by: 'lee', level: 1, tier: 0, decision: 'revoke', at: NY('10T10:05') }] })
    }
    expect(notes(r)[1]).toEqual(['reviewAssigned', 'olga', 'w1,w2,w3', NY('10T10:00')])
  })

  example('revocation-three-levels', 'level 3 acts on the items both earlier levels kept', (r) => {
    expect(codes(r)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ItemLocked', 'ItemLocked', 'ok'])
    expect(Object.entries(r.items).map(([id, i]) => [id, i.state, i.level])).toEqual([
      ['w1', 'approved', 3],
      ['w2', 'approved', 3],
      ['w3', 'approved', 3],
      ['w4', 'revoked', 2],
      ['w5', 'revoked', 1],
      ['w6', 'revoked', 1],
    ])
    expect(notes(r).map((n) => [n[1], n[2]])).toEqual([
      ['lee', 'w1,w2,w3,w4,w5,w6'],
      ['olga', 'w1,w2,w3,w4'],
      ['rosa', 'w1,w2,w3'],
    ])
  })
})

describe('windows (SPEC §5.2)', () => {
  example('early-completion', 'level 2 starts when level 1 completes (10-10 10:00)', (r) => {
    expect(windows(r, 's-ezra')).toEqual([
      [1, 0, 'milo', NY('09T16:00'), NY('11T16:00'), NY('10T10:00'), 'done'],
      [2, 0, 'rosa', NY('10T10:00'), NY('12T10:00'), '-', 'active'],
    ])
    expect(r.campaign.dueAt).toBe(NY('12T10:00'))
    expect(notes(r)[1]).toEqual(['reviewAssigned', 'rosa', 'ledger-read,ledger-post', NY('10T10:00')])
  })
  example('immediate-completion', 'level 2 starts two hours after launch and keeps its two days', (r) => {
    expect(windows(r, 's-ezra')).toEqual([
      [1, 0, 'milo', NY('09T16:00'), NY('11T16:00'), NY('09T18:00'), 'done'],
      [2, 0, 'rosa', NY('09T18:00'), NY('11T18:00'), '-', 'active'],
    ])
    expect([item(r, 'ledger-read').state, item(r, 'ledger-read').level]).toEqual(['pending', 2])
  })
})

describe('escalation and expiry (SPEC §5.3–5.5)', () => {
  example('escalation-chain', 'tiers lapse at +2 and +4 days, the packet and campaign expire at +6', (r) => {
    expect(windows(r, 's-tess')).toEqual([
      [1, 0, 'nora', NY('09T16:00'), NY('11T16:00'), '-', 'lapsed'],
      [1, 1, 'hugo', NY('11T16:00'), NY('13T16:00'), '-', 'lapsed'],
      [1, 2, 'ivan', NY('13T16:00'), NY('15T16:00'), '-', 'lapsed'],
    ])
    expect(codes(r)).toEqual(['ok', 'NotEligibleReviewer', 'CampaignNotActive'])
    expect(item(r, 'tess-badge')).toEqual({ state: 'expired', level: 1, tier: 2, decisions: [] })
    expect(r.campaign).toMatchObject({ status: 'expired', displayStatus: 'expired' })
    expect(notes(r)).toEqual([
      ['reviewAssigned', 'nora', 'tess-badge', NY('09T16:00')],
      ['reviewEscalated', 'hugo', 'tess-badge', NY('11T16:00')],
      ['reviewEscalated', 'ivan', 'tess-badge', NY('13T16:00')],
      // expiry is not silent: the lapsed tier and the owner, then the owner for the campaign
      ['reviewExpired', 'ivan', 'tess-badge', NY('15T16:00')],
      ['reviewExpired', 'rosa', 'tess-badge', NY('15T16:00')],
      ['campaignExpired', 'rosa', '', NY('15T16:00')],
    ])
  })
  it('escalation-chain at launch: two levels × three two-day tiers project the due date 12 days out', () => {
    const s = load('escalation-chain')
    const first = (s['steps'] as unknown[]).slice(0, 1)
    const r = report({ ...s, steps: first, until: NY('09T16:00') })
    expect(r.campaign.dueAt).toBe(NY('21T16:00'))
    expect(windows(r, 's-tess').map((w) => [w[0], w[1], w[3], w[4], w[6]])).toEqual([
      [1, 0, NY('09T16:00'), NY('11T16:00'), 'active'],
      [1, 1, NY('11T16:00'), NY('13T16:00'), 'upcoming'],
      [1, 2, NY('13T16:00'), NY('15T16:00'), 'upcoming'],
      [2, 0, NY('15T16:00'), NY('17T16:00'), 'upcoming'],
      [2, 1, NY('17T16:00'), NY('19T16:00'), 'upcoming'],
      [2, 2, NY('19T16:00'), NY('21T16:00'), 'upcoming'],
    ])
  })

  example('nine-items-escalation', 'four decided before escalation: the escalation tier gets the other five', (r) => {
    const escalated = r.notifications.filter((n) => n.kind === 'reviewEscalated')
    expect(escalated).toEqual([{ kind: 'reviewEscalated', recipients: ['ivan'], itemIds: ['r5', 'r6', 'r7', 'r8', 'r9'], at: NY('11T16:00') }])
    expect(codes(r)).toEqual(['ok', 'ok', 'ok', 'NotEligibleReviewer', 'ok'])
    expect(['r1', 'r2', 'r3', 'r4'].map((id) => [item(r, id).state, item(r, id).tier, item(r, id).decisions[0]?.by])).toEqual([
      ['approved', 0, 'nora'],
      ['approved', 0, 'nora'],
      ['approved', 0, 'nora'],
      ['revoked', 0, 'nora'],
    ])
    for (const id of ['r5', 'r6', 'r7', 'r8', 'r9']) expect([item(r, id).state, item(r, id).tier, item(r, id).decisions[0]?.by]).toEqual(['approved', 1, 'ivan'])
    expect(windows(r, 's-tess')).toEqual([
      [1, 0, 'nora', NY('09T16:00'), NY('11T16:00'), '-', 'lapsed'],
      [1, 1, 'ivan', NY('11T16:00'), NY('13T16:00'), NY('12T10:00'), 'done'],
    ])
  })

  example('expiry-single-subject', 'the campaign expires when its only packet lapses; it can still be completed', (r) => {
    expect(codes(r)).toEqual(['ok', 'ok', 'CampaignNotActive', 'ok'])
    expect(item(r, 'ledger-read')).toMatchObject({ state: 'revoked', level: 1 })
    expect(item(r, 'ledger-post')).toEqual({ state: 'expired', level: 1, tier: 0, decisions: [] })
    expect(windows(r, 's-ezra')).toEqual([[1, 0, 'milo', NY('09T16:00'), NY('11T16:00'), '-', 'lapsed']])
    expect(r.campaign).toMatchObject({ status: 'completed', displayStatus: 'completed' })
    expect(notes(r).filter((n) => n[0] === 'campaignCompleted').map((n) => [n[1], n[3]])).toEqual([
      ['rosa', NY('12T09:00')],
      ['milo', NY('12T09:00')],
    ])
  })
  it('expiry-single-subject before completion: the campaign is expired at the lapse instant', () => {
    const s = load('expiry-single-subject')
    const r = report({ ...s, steps: (s['steps'] as unknown[]).slice(0, 2), until: NY('11T16:00') })
    expect(r.campaign).toMatchObject({ status: 'expired', displayStatus: 'expired' })
    const before = report({ ...s, steps: (s['steps'] as unknown[]).slice(0, 2), until: NY('11T15:59') })
    expect(before.campaign).toMatchObject({ status: 'inProgress', displayStatus: 'inProgress' })
  })
})

describe('cascade extension (SPEC §6 rows)', () => {
  const L1_DONE = [1, 0, 'milo', NY('09T16:00'), NY('11T16:00'), NY('10T10:00'), 'done']
  example('cascade-off-level1-complete', 'OFF, level 1 complete: level 2 gets +2 days', (r) => {
    expect(windows(r, 's-ezra')).toEqual([L1_DONE, [2, 0, 'rosa', NY('10T10:00'), NY('14T10:00'), '-', 'active']])
    expect(codes(r)).toEqual(['ok', 'ok', 'ok'])
  })
  example('cascade-on-level1-complete', 'ON, level 1 complete: level 2 gets +2 days', (r) => {
    expect(windows(r, 's-ezra')).toEqual([L1_DONE, [2, 0, 'rosa', NY('10T10:00'), NY('14T10:00'), '-', 'active']])
  })
  example('cascade-on-three-levels', 'ON, level 1 complete, three levels: levels 2 and 3 get +2 days', (r) => {
    expect(windows(r, 's-ezra')).toEqual([
      L1_DONE,
      [2, 0, 'rosa', NY('10T10:00'), NY('14T10:00'), '-', 'active'],
      [3, 0, 'olga', NY('14T10:00'), NY('18T10:00'), '-', 'upcoming'],
    ])
    expect(r.campaign.dueAt).toBe(NY('18T10:00'))
  })
  example('cascade-on-level2-acting', 'ON, level 2 acting, level 1 complete: level 2 gets +2 days', (r) => {
    expect(windows(r, 's-ezra')).toEqual([L1_DONE, [2, 0, 'rosa', NY('10T10:00'), NY('14T10:00'), '-', 'active']])
    expect(item(r, 'ledger-read').state).toBe('approved')
  })
  example('cascade-off-not-started', 'OFF, nobody acted: L1 10-11 → 10-15, L2 10-15 → 10-17', (r) => {
    expect(windows(r, 's-ezra')).toEqual([
      [1, 0, 'milo', NY('11T09:00'), NY('15T09:00'), '-', 'active'],
      [2, 0, 'rosa', NY('15T09:00'), NY('17T09:00'), '-', 'upcoming'],
    ])
    expect(r.campaign.dueAt).toBe(NY('17T09:00'))
  })
  example('cascade-on-not-started', 'ON, nobody acted: L1 10-11 → 10-15, L2 10-15 → 10-19', (r) => {
    expect(windows(r, 's-ezra')).toEqual([
      [1, 0, 'milo', NY('11T09:00'), NY('15T09:00'), '-', 'active'],
      [2, 0, 'rosa', NY('15T09:00'), NY('19T09:00'), '-', 'upcoming'],
    ])
    expect(r.campaign.dueAt).toBe(NY('19T09:00'))
  })
  example('cascade-off-level1-partial', 'OFF, level 1 partial, level 2 acting: level 1 only', (r) => {
    expect(windows(r, 's-ezra')).toEqual([
      [1, 0, 'milo', NY('09T16:00'), NY('13T16:00'), '-', 'active'],
      [2, 0, 'rosa', NY('13T16:00'), NY('15T16:00'), '-', 'upcoming'],
    ])
    expect(item(r, 'ledger-read')).toMatchObject({ state: 'approved', level: 2 })
  })
  example('cascade-on-level1-partial', 'ON, level 1 partial, level 2 acting: levels 1 and 2', (r) => {
    expect(windows(r, 's-ezra')).toEqual([
      [1, 0, 'milo', NY('09T16:00'), NY('13T16:00'), '-', 'active'],
      [2, 0, 'rosa', NY('13T16:00'), NY('17T16:00'), '-', 'upcoming'],
    ])
  })
})

describe('availability and separation of duties (issue 10)', () => {
  example('delegation', "a directory delegation and the delegate command: decisions on the absent reviewers' behalf", (r) => {
    expect(codes(r)).toEqual(['ok', 'ok', 'NotEligibleReviewer', 'ok', 'ok', 'ok'])
    expect(item(r, 'sven-ledger').decisions.map((d) => [d.by, d.level, d.onBehalfOf])).toEqual([
      ['tara', 1, 'mona'],
      ['kurt', 2, 'vic'],
    ])
    expect(notes(r).map((n) => n[1])).toEqual(['tara', 'vic', 'kurt'])
  })
  example('request-info', 'a question to the subject, a refused answer by the owner, an answer, then a revoke', (r) => {
    expect(codes(r)).toEqual(['ok', 'ok', 'NotEligibleReviewer', 'ok', 'ok'])
    expect(r.items['sven-ledger']).toMatchObject({ state: 'pending', infoRequested: true })
    expect(r.items['sven-payroll']?.infoRequests?.[0]).toMatchObject({ asked: ['sven'], answeredBy: 'sven', answeredAt: NY('04T08:30') })
    expect(r.items['sven-payroll']?.infoRequested).toBeUndefined()
  })
  example('insight-escalation', "a flagged reviewer's approval waits for the manager's manager; a revoke does not", (r) => {
    expect(codes(r)).toEqual(['ok', 'ok', 'NotEligibleReviewer', 'NotEligibleReviewer', 'ok', 'ok', 'ok'])
    expect(item(r, 'sven-ledger').decisions.map((d) => [d.by, d.level])).toEqual([
      ['mona', 1],
      ['lena', 1],
      ['vic', 2],
    ])
    expect(item(r, 'sven-payroll')).toMatchObject({ state: 'revoked', level: 1 })
  })
})
