// Evidence report (issue 11): CSV with hostile user text read back by a
// well-kept parser (csv-parse), formula neutralisation, instants in the
// campaign's zone and UTC, extensions and fulfillment, and bad logs as typed
// errors naming the position (nothing throws).
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { CampaignEvent } from '../../src/campaign/event.js'
import { streamOf } from '../../src/campaign/event.js'
import { chainEvents } from '../../src/ports/chain.js'
import { neutraliseCell } from '../../src/report/csv.js'
import type { EvidenceReport } from '../../src/report/evidence.js'
import { EVIDENCE_CSV_COLUMNS, evidenceCsv, evidenceCsvRows, evidenceJson, evidenceReport } from '../../src/report/evidence.js'
import type { CampaignId } from '../../src/shared/ids.js'
import { LIBRARY_VERSION } from '../../src/shared/version.js'
import { aDefinition, aDirectory, actor, anItem, at, itemId, run } from '../../src/testing/builders.js'
import type { Command } from '../../src/campaign/command.js'
import { runs } from '../support/runs.js'

const rita = actor('rita', 'riskManager')
const directory = aDirectory({
  users: [{ id: 'rita', roles: ['riskManager'] }, { id: 'mia' }, { id: 'bob', manager: 'mia' }, { id: 'ann', manager: 'mia' }],
  subjects: [
    { id: 's-bob', user: 'bob' },
    { id: 's-ann', user: 'ann' },
  ],
})

const eventsOf = (steps: ReadonlyArray<Command>): ReadonlyArray<CampaignEvent> => {
  const r = run(steps)
  const refused = r.results.filter((x) => !x.ok)
  if (refused.length > 0) throw new Error(`refused: ${JSON.stringify(refused)}`)
  return r.results.flatMap((x) => (x.ok ? x.events : []))
}

const must = (r: E.Either<{ readonly message: string }, EvidenceReport>): EvidenceReport => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const FORMULA = /^[=+\-@\t\r]/

const hostile = (entitlement: string, comment: string): ReadonlyArray<CampaignEvent> =>
  eventsOf([
    { type: 'create', at: at('2025-03-01T09:00:00Z'), actor: rita, definition: aDefinition({ timeZone: 'Europe/Berlin', riskManagers: ['rita'] }), items: [anItem('i1', 's-bob', { entitlement }), anItem('i2', 's-ann')] },
    { type: 'publish', at: at('2025-03-02T09:00:00Z'), actor: rita, directory },
    { type: 'decide', at: at('2025-03-03T09:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'revoke', comment },
  ])

describe('evidence CSV (issue 11)', () => {
  it('reads back to the same cells with commas, quotes, line breaks, non-ASCII text and formula prefixes in user text', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
      fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '"', ',', '\n', '\r\n', ' '), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 })).map(([p, s]) => p + s),
      fc.constantFrom('=HYPERLINK("http://x","y")', '+1+1', '-2', '@SUM(A1)', 'a,b', 'say "hi"', 'line1\nline2', 'crlf\r\nx', 'Zürich — 東京 🚀', '\t=1'),
    )
    fc.assert(
      fc.property(text.filter((s) => s.trim().length > 0), text, (entitlement, comment) => {
        const report = must(evidenceReport(hostile(entitlement, comment)))
        const csv = evidenceCsv(report)
        const cells = parse(csv) as string[][]
        expect(cells).toEqual(evidenceCsvRows(report))
        expect(cells[0]).toEqual(EVIDENCE_CSV_COLUMNS)
        // no cell a spreadsheet would run, and the user's text is there behind the neutralising quote
        for (const row of cells) for (const cell of row) expect(FORMULA.test(cell)).toBe(false)
        const row = cells[1] ?? []
        expect(row[EVIDENCE_CSV_COLUMNS.indexOf('entitlement')]).toBe(neutraliseCell(entitlement))
        expect(row[EVIDENCE_CSV_COLUMNS.indexOf('comment')]).toBe(neutraliseCell(comment))
        // and JSON keeps the text as it was
        expect((JSON.parse(evidenceJson(report)) as EvidenceReport).items[0]?.decisions[0]?.comment).toBe(comment)
      }),
      { numRuns: runs(300) },
    )
  })

  it('neutralises exactly the formula prefixes', () => {
    for (const p of ['=', '+', '-', '@', '\t', '\r']) expect(neutraliseCell(`${p}x`)).toBe(`'${p}x`)
    for (const s of ['', 'x', ' =x', "'=x", '1-2']) expect(neutraliseCell(s)).toBe(s)
  })
})

describe('evidenceReport (issue 11)', () => {
  const full = eventsOf([
    { type: 'create', at: at('2025-03-01T09:00:00Z'), actor: rita, definition: aDefinition({ timeZone: 'Europe/Berlin', riskManagers: ['rita'], reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 }, timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] } }), items: [anItem('i1', 's-bob'), anItem('i3', 's-bob'), anItem('i2', 's-ann')] },
    { type: 'publish', at: at('2025-03-02T09:00:00Z'), actor: rita, directory },
    { type: 'decide', at: at('2025-03-03T09:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'revoke' },
    { type: 'decide', at: at('2025-03-03T10:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'revoke', comment: 'left the team' },
    { type: 'extend', at: at('2025-03-03T10:30:00Z'), actor: rita, days: 2, cascade: true },
    { type: 'decide', at: at('2025-03-03T11:00:00Z'), actor: actor('mia'), items: [itemId('i3')], decision: 'approve' },
    { type: 'decide', at: at('2025-03-03T12:00:00Z'), actor: rita, items: [itemId('i3')], decision: 'approve' },
    { type: 'complete', at: at('2025-03-05T09:00:00Z'), actor: rita, outstanding: 'revokeAccess' },
    { type: 'recordFulfillmentResult', at: at('2025-03-06T09:00:00Z'), actor: rita, item: itemId('i1'), result: 'done' },
  ])

  it('tells per item who decided what and when (zone and UTC), revisions, extensions, the outcome and fulfillment; totals; the version and the chain', () => {
    const r = must(evidenceReport(full))
    expect(r.libraryVersion).toBe(LIBRARY_VERSION)
    expect(r.campaign.timeZone).toBe('Europe/Berlin')
    expect(r.campaign.publishedAt).toEqual({ local: '2025-03-02T10:00:00+01:00', utc: '2025-03-02T09:00:00.000Z' })
    const [i1, i3, i2] = r.items
    expect(i1?.decisions.map((d) => [d.sequence, d.reviewer, d.level, d.decision, d.comment, d.revises, d.at.local])).toEqual([
      [1, 'mia', 1, 'revoke', null, null, '2025-03-03T10:00:00+01:00'],
      [2, 'mia', 1, 'revoke', 'left the team', 1, '2025-03-03T11:00:00+01:00'],
    ])
    expect(i3?.decisions.map((d) => [d.sequence, d.reviewer, d.level, d.decision])).toEqual([
      [3, 'mia', 1, 'approve'],
      [4, 'rita', 2, 'approve'],
    ])
    expect(i1?.resolution?.sources.map((s) => [s.source, s.level])).toEqual([
      ['firstLineManager', 1],
      ['riskManager', 2],
    ])
    expect(i1?.outcome).toBe('revoked')
    expect(i1?.fulfillment).toEqual({ reason: 'revoked', option: 'manual', result: 'done', resultAt: { local: '2025-03-06T10:00:00+01:00', utc: '2025-03-06T09:00:00.000Z' } })
    expect(i3?.fulfillment).toBe(null)
    expect(i2?.outcome).toBe('pending')
    expect(i2?.fulfillment?.reason).toBe('outstanding')
    // the extension as it reached each packet: its open window ended two days later
    expect(i2?.extensions.map((e) => [e.by, e.days, e.cascade, e.windowEndBefore?.local, e.windowEndAfter?.local])).toEqual([['rita', 2, true, '2025-03-04T10:00:00+01:00', '2025-03-06T10:00:00+01:00']])
    // under reviewerWindows the campaign has no due date of its own
    expect(r.campaign.extensions.map((e) => [e.by, e.days, e.cascade, e.dueBefore, e.dueAfter])).toEqual([['rita', 2, true, null, null]])
    expect(r.totals).toEqual({ items: 3, pending: 1, approved: 1, revoked: 1, expired: 0, decisions: 4, revisions: 1, fulfillmentActions: 2, fulfillmentDone: 1, fulfillmentFailed: 0 })
    expect(r.chain.events).toBe(full.length)
    expect(Object.keys(r.chain.heads)).toEqual(['campaign:c1', 'packet:c1:s-ann', 'packet:c1:s-bob'])
    const chained = chainEvents({ position: 0, heads: {} }, full.map((event) => ({ stream: streamOf('c1' as CampaignId, event), event })))
    expect(E.isRight(chained) && chained.right.tip.heads['campaign:c1']).toEqual(r.chain.heads['campaign:c1'])
  })

  it('a log that does not fold is a typed error naming the position; nothing throws', () => {
    const [created, published] = full
    const cases: ReadonlyArray<readonly [ReadonlyArray<unknown>, string, number]> = [
      [[], 'empty', 0],
      [[null], 'unknownEvent', 0],
      [[created, { type: 'Nope', at: 1 }], 'unknownEvent', 1],
      [[created, 'x'], 'unknownEvent', 1],
      [[created, { type: 'CampaignOverdue' }], 'unknownEvent', 1],
      [[published, created], 'notAFold', 0],
      [[created, created], 'notAFold', 1],
      [[created, { ...published, at: 0 }], 'outOfOrder', 1],
      [[created, { type: 'PacketOpened', at: (published as CampaignEvent).at, packetId: 's-bob', items: 7 }], 'notAFold', 1],
      [[created, published, { type: 'ItemsDecided', at: (published as CampaignEvent).at, packetId: 's-bob', by: 'mia', decisions: null }], 'notAFold', 2],
    ]
    for (const [log, reason, position] of cases) {
      const r = evidenceReport(log as ReadonlyArray<CampaignEvent>)
      expect(E.isLeft(r) ? [r.left.code, r.left.reason, r.left.position] : r).toEqual(['InvalidLog', reason, position])
    }
  })

  it('stored links are verified first: a broken chain is ChainBroken at its position', () => {
    const chained = chainEvents({ position: 0, heads: {} }, full.map((event) => ({ stream: streamOf('c1' as CampaignId, event), event })))
    const links = E.isRight(chained) ? chained.right.links : []
    expect(evidenceJson(must(evidenceReport(links)))).toBe(evidenceJson(must(evidenceReport(full))))
    const edited = links.map((l, i) => (i === 2 ? { ...l, event: { ...l.event, at: (l.event.at + 1) as never } } : l))
    const r = evidenceReport(edited)
    expect(E.isLeft(r) ? [r.left.code, r.left.position] : r).toEqual(['ChainBroken', 2])
  })
})

describe('requests for more information in the evidence (issues 10 and 11)', () => {
  it('each question and answer is on the items it was about, in log order', async () => {
    const { readFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { parse: parseYaml } = await import('yaml')
    const { Scenario } = await import('../../src/scenario/format.js')
    const { runDecodedScenario } = await import('../../src/scenario/run.js')
    const { decodeWith } = await import('../../src/shared/codec.js')
    const text = readFileSync(join(__dirname, '..', '..', 'examples', 'scenarios', 'request-info.yaml'), 'utf8')
    const decoded = decodeWith(Scenario, parseYaml(text))
    const ran = E.isLeft(decoded) ? decoded : runDecodedScenario(decoded.right)
    if (E.isLeft(ran)) throw new Error('request-info.yaml does not run')
    const report = evidenceReport(ran.right.events)
    if (E.isLeft(report)) throw new Error(report.left.message)
    const info = (id: string) => report.right.items.find((i) => i.itemId === id)?.information.map((x) => [x.kind, x.by, x.asked, x.text])
    expect(info('sven-payroll')).toEqual([
      ['question', 'mona', ['sven'], 'Do you still use these for month-end?'],
      // rosa's answer ("I think so") was refused (she was not asked): refused commands leave no evidence
      ['answer', 'sven', [], 'No, I moved to sales in January'],
    ])
    expect(info('sven-ledger')).toEqual([['question', 'mona', ['sven'], 'Do you still use these for month-end?']])
  })
})
