// Tamper evidence (issue 11): over random histories stored as the service
// stores them (one stream per `streamOf`), changing, removing, reordering or
// inserting any one event is found by verifyLog at that position; the
// links before it verify.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { CampaignEvent } from '../../src/campaign/event.js'
import { streamOf } from '../../src/campaign/event.js'
import type { ChainLink } from '../../src/ports/chain.js'
import { GENESIS_HASH, chainEvents, verifyLog } from '../../src/ports/chain.js'
import type { CampaignId } from '../../src/shared/ids.js'
import { histories } from '../support/histories.js'
import { runs } from '../support/runs.js'

const campaignId = 'c-chain' as CampaignId

const chainOf = (events: ReadonlyArray<CampaignEvent>): ReadonlyArray<ChainLink> => {
  const r = chainEvents({ position: 0, heads: {} }, events.map((event) => ({ stream: streamOf(campaignId, event), event })))
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right.links
}

type Tamper =
  | { readonly kind: 'change'; readonly at: number; readonly field: 'at' | 'type' | 'extra' | 'position' | 'prev' | 'hash' | 'stream' | 'version' }
  | { readonly kind: 'remove'; readonly at: number }
  | { readonly kind: 'swap'; readonly at: number; readonly other: number }
  | { readonly kind: 'insert'; readonly at: number; readonly copyOf: number }

const arbTamper = (n: number): fc.Arbitrary<Tamper> =>
  fc.oneof(
    fc.record({ kind: fc.constant('change' as const), at: fc.nat(n - 1), field: fc.constantFrom('at' as const, 'type' as const, 'extra' as const, 'position' as const, 'prev' as const, 'hash' as const, 'stream' as const, 'version' as const) }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat(n - 1) }),
    fc.tuple(fc.nat(n - 1), fc.nat(n - 1)).filter(([a, b]) => a !== b).map(([a, b]) => ({ kind: 'swap' as const, at: Math.min(a, b), other: Math.max(a, b) })),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(n), copyOf: fc.nat(n - 1) }),
  )

const flipHex = (h: string): string => (h[0] === '0' ? `1${h.slice(1)}` : `0${h.slice(1)}`)

const changed = (l: ChainLink, field: Extract<Tamper, { kind: 'change' }>['field']): ChainLink => {
  switch (field) {
    case 'at':
      return { ...l, event: { ...l.event, at: (l.event.at + 1) as never } }
    case 'type':
      return { ...l, event: { ...l.event, type: l.event.type === 'CampaignOverdue' ? 'CampaignExpired' : 'CampaignOverdue' } as CampaignEvent }
    case 'extra':
      return { ...l, event: { ...l.event, note: 'edited' } as unknown as CampaignEvent }
    case 'position':
      return { ...l, position: l.position + 1 }
    case 'prev':
      return { ...l, prev: flipHex(l.prev) }
    case 'hash':
      return { ...l, hash: flipHex(l.hash) }
    case 'stream':
      return { ...l, stream: `${l.stream}x` }
    case 'version':
      return { ...l, version: l.version + 1 }
  }
}

const apply = (links: ReadonlyArray<ChainLink>, t: Tamper): ReadonlyArray<ChainLink> => {
  const out = links.slice()
  switch (t.kind) {
    case 'change':
      out[t.at] = changed(links[t.at]!, t.field)
      return out
    case 'remove':
      out.splice(t.at, 1)
      return out
    case 'swap':
      out[t.at] = links[t.other]!
      out[t.other] = links[t.at]!
      return out
    case 'insert':
      out.splice(t.at, 0, links[t.copyOf]!)
      return out
  }
}

const cases = histories(30)
  .filter((h) => h.events.length >= 2)
  .chain((h) => {
    const links = chainOf(h.events)
    return fc.tuple(fc.constant(links), arbTamper(links.length))
  })

describe('the hash chain (issue 11)', () => {
  it('an untouched log verifies, and ends at the heads its chaining returned', () => {
    fc.assert(
      fc.property(histories(30), (h) => {
        const r = chainEvents({ position: 0, heads: {} }, h.events.map((event) => ({ stream: streamOf(campaignId, event), event })))
        expect(E.isRight(r)).toBe(true)
        if (E.isLeft(r)) return
        // chained in any split, the links are the same
        const cut = Math.floor(r.right.links.length / 2)
        const first = chainEvents({ position: 0, heads: {} }, r.right.links.slice(0, cut).map((l) => ({ stream: l.stream, event: l.event })))
        const second = E.isRight(first) ? chainEvents(first.right.tip, r.right.links.slice(cut).map((l) => ({ stream: l.stream, event: l.event }))) : first
        expect(E.isRight(first) && E.isRight(second) ? first.right.links.concat(second.right.links) : undefined).toEqual(r.right.links)
        const v = verifyLog(r.right.links, r.right.tip.heads)
        expect(E.isRight(v) ? v.right : v).toEqual({ position: h.events.length, heads: r.right.tip.heads })
      }),
      { numRuns: runs(200) },
    )
  })

  it('changing, removing, reordering or inserting any one event is found at that position (1,000 runs)', () => {
    const kinds = new Map<string, number>()
    fc.assert(
      fc.property(cases, ([links, tamper]) => {
        kinds.set(tamper.kind, (kinds.get(tamper.kind) ?? 0) + 1)
        const heads = verifyLog(links)
        if (E.isLeft(heads)) expect.fail('the untouched log must verify')
        const tampered = apply(links, tamper)
        // the heads an auditor holds (from the store or an evidence report) catch changes at the end
        const r = verifyLog(tampered, E.isRight(heads) ? heads.right.heads : {})
        if (E.isRight(r)) expect.fail(`${JSON.stringify(tamper)} was not detected`)
        const found = E.isLeft(r) ? r.left.position : -1
        // the links before the reported one hold
        expect(E.isRight(verifyLog(tampered.slice(0, found)))).toBe(true)
        if (tamper.kind === 'insert') {
          // a copy of the link that was at this very position is a valid link there: the break is the next one
          const valid = tamper.copyOf === tamper.at
          expect(found).toBe(valid ? tamper.at + 1 : tamper.at)
        } else expect(found).toBe(tamper.at)
      }),
      { numRuns: runs(1_000) },
    )
    expect([...kinds.keys()].sort()).toEqual(['change', 'insert', 'remove', 'swap'])
  })

  it('a log that is not links is refused as malformed at its position, never thrown', () => {
    const good = chainOf([{ type: 'CampaignOverdue', at: 1 as never }])
    for (const bad of [null, 1, 'x', [], { ...good[0], hash: 'zz' }, { ...good[0], position: -1 }, { ...good[0], event: null }, { ...good[0], event: { type: 'CampaignOverdue', at: Number.NaN } }]) {
      const r = verifyLog(good.concat([bad as never]))
      expect(E.isLeft(r) ? [r.left.code, r.left.position, r.left.reason] : r).toEqual(['ChainBroken', 1, expect.stringMatching(/malformed|position/)])
    }
    expect(good[0]?.prev).toBe(GENESIS_HASH)
    const nan = chainEvents({ position: 0, heads: {} }, [{ stream: 's', event: { type: 'CampaignOverdue', at: Number.NaN as never } }])
    expect(E.isLeft(nan) && nan.left.reason).toBe('malformed')
  })
})
