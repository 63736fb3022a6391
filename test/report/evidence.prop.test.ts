// The evidence report over 1,000 random histories (issue 11): byte-identical
// across two runs and across replay (through a store's chain, and through
// JSON as a database gives events back); every accepted decision exactly
// once and nothing else; totals equal to the item states; the CSV read back
// by csv-parse to the same cells.
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { CampaignEvent } from '../../src/campaign/event.js'
import { fold, streamOf } from '../../src/campaign/event.js'
import { findItem, itemCounts } from '../../src/campaign/state.js'
import type { EvidenceReport } from '../../src/report/evidence.js'
import { evidenceCsv, evidenceCsvRows, evidenceJson, evidenceReport } from '../../src/report/evidence.js'
import type { CampaignId } from '../../src/shared/ids.js'
import { InMemoryCampaignStore } from '../../src/testing/memory.js'
import { histories } from '../support/histories.js'
import { runs } from '../support/runs.js'

const must = (r: E.Either<{ readonly message: string }, EvidenceReport>): EvidenceReport => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const decisionKeys = (events: ReadonlyArray<CampaignEvent>): ReadonlyArray<string> =>
  events.flatMap((e) => (e.type === 'ItemsDecided' ? e.decisions.map((d) => JSON.stringify([d.itemId, d.level, d.tier, e.by, e.at, d.decision, d.comment ?? null])) : [])).sort()

const reportKeys = (r: EvidenceReport, events: ReadonlyArray<CampaignEvent>): ReadonlyArray<string> =>
  r.items.flatMap((i) => i.decisions.map((d) => JSON.stringify([i.itemId, d.level, d.tier, d.reviewer, (events[d.position] as CampaignEvent).at, d.decision, d.comment]))).sort()

describe('evidenceReport over random histories (issue 11)', () => {
  it('is byte-identical twice and after replay; every accepted decision once; totals equal the item states; the CSV reads back (1,000 runs)', async () => {
    let decisions = 0
    let refused = 0
    let revisions = 0
    await fc.assert(
      fc.asyncProperty(histories(30), async (h) => {
        const first = must(evidenceReport(h.events))
        const json = evidenceJson(first)
        const csv = evidenceCsv(first)
        const again = must(evidenceReport(h.events))
        expect(evidenceJson(again)).toBe(json)
        expect(evidenceCsv(again)).toBe(csv)
        // replayed as a database gives events back, and from a store's chain
        const fromJson = JSON.parse(JSON.stringify(h.events)) as ReadonlyArray<CampaignEvent>
        expect(evidenceJson(must(evidenceReport(fromJson)))).toBe(json)
        const store = new InMemoryCampaignStore()
        const campaignId = first.campaign.id as CampaignId
        const appended = await store.append({ campaignId, writes: h.events.map((e) => ({ stream: streamOf(campaignId, e), expected: { _tag: 'any' }, events: [e] })), outbox: [] })
        expect(E.isRight(appended)).toBe(true)
        const links = await store.loadChain(campaignId)
        const fromStore = must(evidenceReport(E.isRight(links) ? links.right : []))
        expect(evidenceJson(fromStore)).toBe(json)
        expect(evidenceCsv(fromStore)).toBe(csv)
        // every accepted decision exactly once, numbered 1..n in log order; refused commands left no record
        expect(reportKeys(first, h.events)).toEqual(decisionKeys(h.events))
        const sequences = first.items.flatMap((i) => i.decisions.map((d) => d.sequence)).sort((a, b) => a - b)
        expect(sequences).toEqual(sequences.map((_, k) => k + 1))
        expect(first.totals.decisions).toBe(sequences.length)
        // totals and outcomes equal the folded state
        const state = fold(undefined, h.events)
        if (state === undefined) return
        const counts = itemCounts(state)
        expect([first.totals.pending, first.totals.approved, first.totals.revoked, first.totals.expired]).toEqual([counts.pending, counts.approved, counts.revoked, counts.expired])
        expect(first.totals.items).toBe(state.campaign.scope.length)
        if (state.campaign.status !== 'draft') expect(first.totals.items).toBe(counts.total)
        for (const item of first.items) expect(item.outcome).toBe(findItem(state, item.itemId)?.item.state._tag ?? 'draft')
        // the CSV: a well-kept parser reads back exactly the cells written, one row per decision record (or per undecided item)
        const cells = parse(csv, { relax_column_count: false }) as string[][]
        expect(cells).toEqual(evidenceCsvRows(first))
        expect(cells.length - 1).toBe(first.items.reduce((n, i) => n + Math.max(1, i.decisions.length), 0))
        decisions += sequences.length
        refused += h.refusedDecides
        revisions += first.totals.revisions
      }),
      { numRuns: runs(1_000) },
    )
    // the histories are not trivial
    console.log(`evidence: ${runs(1_000)} histories, ${decisions} decisions, ${revisions} revisions, ${refused} refused decides`)
    expect(decisions / runs(1_000)).toBeGreaterThan(0.5)
    expect(revisions).toBeGreaterThan(0)
    expect(refused).toBeGreaterThan(0)
  })
})
