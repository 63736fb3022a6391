// Snapshots of the PostgreSQL store as JSON text (D22): a state written and
// read back is the same state, and goes on exactly as the original does; a
// text that is not a state of the campaign is refused, never thrown.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { advance } from '../../src/campaign/advance.js'
import { decodeState, encodeSnapshot, encodeState } from '../../src/postgres/codecs.js'
import type { Instant } from '../../src/schedule/time.js'
import { PMap } from '../../src/shared/pmap.js'
import { Packets } from '../../src/campaign/packets.js'
import { histories } from '../support/histories.js'
import type { History } from '../support/histories.js'
import { runs } from '../support/runs.js'

const DAY = 86_400_000

// half of them with absence delegations in the directory (campaign.delegates)
const states: fc.Arbitrary<History> = fc.boolean().chain((delegations) => histories(30, { delegations }))

const refused = (text: string, campaignId = 'q3'): string | undefined => {
  const r = decodeState(text, campaignId)
  return E.isLeft(r) ? r.left.code : undefined
}

describe('snapshot codec', () => {
  it('property: decode(encode(s)) equals s, the packets map\'s least lapse and greatest end included, and advancing both gives the same events and states', () => {
    fc.assert(
      fc.property(states, fc.integer({ min: 0, max: 400 }), (h, days) => {
        const s = h.state
        if (s === undefined) return
        const back = decodeState(encodeState(s), s.campaign.id)
        if (E.isLeft(back)) throw new Error(back.left.message)
        expect(back.right).toEqual(s)
        expect([back.right.packets.lo, back.right.packets.hi, back.right.packets.size]).toEqual([s.packets.lo, s.packets.hi, s.packets.size])
        expect(Packets.values(back.right.packets).map((p) => p.id)).toEqual(Packets.values(s.packets).map((p) => p.id))
        const to = (s.campaign.clock + days * DAY) as Instant
        expect(advance(back.right, to)).toEqual(advance(s, to))
      }),
      { numRuns: runs(100) },
    )
  })

  it('property: a state written as a head and parts (schema version 3, D27) reads back as the same state, each part within its bound unless it holds one packet', () => {
    fc.assert(
      fc.property(states, fc.integer({ min: 1, max: 6_000 }), (h, partChars) => {
        const s = h.state
        if (s === undefined) return
        const { head, parts } = encodeSnapshot(s, partChars)
        const packets = Packets.values(s.packets)
        expect(parts.length === 0).toBe(packets.length === 0)
        const counts = parts.map((p) => (JSON.parse(p) as unknown[]).length)
        expect(counts.reduce((a, b) => a + b, 0)).toBe(packets.length)
        parts.forEach((p, k) => {
          if (counts[k] !== 1) expect(p.length).toBeLessThanOrEqual(partChars)
        })
        // the head holds no packet
        expect((JSON.parse(head) as { packets: unknown }).packets).toEqual({ size: packets.length, parts: parts.length })
        const back = decodeState(head, s.campaign.id, parts)
        if (E.isLeft(back)) throw new Error(back.left.message)
        expect(back.right).toEqual(s)
        expect([back.right.packets.lo, back.right.packets.hi, back.right.packets.size]).toEqual([s.packets.lo, s.packets.hi, s.packets.size])
        expect(Packets.values(back.right.packets).map((p) => p.id)).toEqual(packets.map((p) => p.id))
        // the default bound: one part for a small campaign
        expect(encodeSnapshot(s).parts.length).toBe(packets.length === 0 ? 0 : 1)
      }),
      { numRuns: runs(100) },
    )
  })

  it('parts that do not match their head are refused with StoreUnavailable, never thrown', () => {
    const campaign = { id: 'q3', status: 'inProgress', activeUsers: { size: 0 }, results: {} }
    const packet = (id: string): object => ({ id, itemIds: [], items: {}, clocks: [], plannedExtra: [] })
    const head = (size: number, parts: number): string => JSON.stringify({ campaign, packets: { size, parts }, pending: 0, expired: 0 })
    const part = (...ids: string[]): string => JSON.stringify(ids.map(packet))
    const code = (h: string, parts?: ReadonlyArray<string>): string => {
      const r = decodeState(h, 'q3', parts)
      return E.isLeft(r) ? r.left.code : 'decoded'
    }
    expect(code(head(3, 2), [part('s1', 's2'), part('s3')])).toBe('decoded')
    expect(code(head(0, 0))).toBe('decoded')
    expect(code(head(0, 0), [])).toBe('decoded')
    // a part missing, one too many, none given, a size that does not match
    expect(code(head(3, 2), [part('s1', 's2')])).toBe('StoreUnavailable')
    expect(code(head(3, 2), [part('s1', 's2'), part('s3'), part()])).toBe('StoreUnavailable')
    expect(code(head(3, 2))).toBe('StoreUnavailable')
    expect(code(head(4, 2), [part('s1', 's2'), part('s3')])).toBe('StoreUnavailable')
    // parts given to a head with its packets inline
    expect(code(JSON.stringify({ campaign, packets: { size: 1, packets: [packet('s1')] }, pending: 0, expired: 0 }), [part('s2')])).toBe('StoreUnavailable')
    // a part that is not JSON, not a list, or lists something other than packets
    expect(code(head(1, 1), ['[{'])).toBe('StoreUnavailable')
    expect(code(head(1, 1), [JSON.stringify(packet('s1'))])).toBe('StoreUnavailable')
    expect(code(head(1, 1), ['["s1"]'])).toBe('StoreUnavailable')
    expect(code(head(1, 1), [JSON.stringify([{ ...packet('s1'), items: 'none' }])])).toBe('StoreUnavailable')
    expect(code(head(1, 1), [JSON.stringify([{ ...packet('s1'), items: [{}] }])])).toBe('StoreUnavailable')
  })

  it('a snapshot of another campaign, or not a state at all, is refused with StoreUnavailable', () => {
    const state = { campaign: { id: 'q3', status: 'inProgress', activeUsers: { size: 0 }, results: {} }, packets: { size: 0 }, pending: 0, expired: 0 }
    const text = (s: unknown): string => JSON.stringify(s)
    expect(refused(text(state))).toBeUndefined()
    expect(refused(text(state), 'q4')).toBe('StoreUnavailable')
    expect(refused('{')).toBe('StoreUnavailable')
    expect(refused('null')).toBe('StoreUnavailable')
    const leaf = (key: unknown, value: unknown) => ({ t: 1, hash: 0, key, value, bitmap: 0, slots: [], lo: 0, hi: 0 })
    const packet = { id: 's1', itemIds: [], items: {}, clocks: [], plannedExtra: [] }
    const withPackets = (packets: unknown) => text({ ...state, packets })
    expect(refused(withPackets({ size: 1, root: leaf('s1', packet) }))).toBeUndefined()
    // a node of an unknown kind, a leaf without a string key, a size that does not match, a packet without items
    expect(refused(withPackets({ size: 1, root: { ...leaf('s1', packet), t: 7 } }))).toBe('StoreUnavailable')
    expect(refused(withPackets({ size: 1, root: leaf(1, packet) }))).toBe('StoreUnavailable')
    expect(refused(withPackets({ size: 2, root: leaf('s1', packet) }))).toBe('StoreUnavailable')
    expect(refused(withPackets({ size: 1, root: leaf('s1', { ...packet, items: undefined }) }))).toBe('StoreUnavailable')
    // items as a list (written since D29) must be as long as the packet's ids
    expect(refused(withPackets({ size: 1, root: leaf('s1', { ...packet, items: [] }) }))).toBeUndefined()
    expect(refused(withPackets({ size: 1, root: leaf('s1', { ...packet, items: [{}] }) }))).toBe('StoreUnavailable')
    expect(refused(text({ ...state, campaign: { ...state.campaign, activeUsers: { size: 1, root: 'x' } } }))).toBe('StoreUnavailable')
    // written since the packets are kept by position: the packets as a list (ids from the packets)
    expect(refused(withPackets({ size: 1, packets: [packet] }))).toBeUndefined()
    expect(refused(withPackets({ size: 2, packets: [packet] }))).toBe('StoreUnavailable')
    expect(refused(withPackets({ size: 1, packets: [{ ...packet, id: 7 }] }))).toBe('StoreUnavailable')
    expect(refused(withPackets({ size: 1, packets: ['s1'] }))).toBe('StoreUnavailable')
    expect(refused(text({ ...state, campaign: { ...state.campaign, scope: 'all' }, packets: { size: 1, packets: [packet] } }))).toBe('StoreUnavailable')
    // a tree 10,000 levels deep (written by hand: JSON.stringify itself recurses) is walked without recursion
    const DEPTH = 10_000
    const deep = `${'{"t":0,"hash":0,"key":"","bitmap":1,"lo":0,"hi":0,"slots":['.repeat(DEPTH)}${text(leaf('s1', packet))}${']}'.repeat(DEPTH)}`
    const deepState = (size: number): string => `{"campaign":${text(state.campaign)},"packets":{"size":${size},"root":${deep}},"pending":0,"expired":0}`
    expect(refused(deepState(1))).toBeUndefined()
    expect(refused(deepState(2))).toBe('StoreUnavailable')
  })

  it('fulfillment results written before 0.2.0 (a record by item id) are read as results with their counts; anything else there is refused', () => {
    const campaign = (results: unknown) => ({ id: 'q3', status: 'completed', activeUsers: { size: 0 }, results })
    const text = (results: unknown): string => JSON.stringify({ campaign: campaign(results), packets: { size: 0 }, pending: 0, expired: 0 })
    const old = decodeState(text({ i1: 'done', i2: 'failed', i3: 'done' }), 'q3')
    if (E.isLeft(old)) throw new Error(old.left.message)
    const r = old.right.campaign.results
    expect([PMap.get(r.byItem, 'i1'), PMap.get(r.byItem, 'i2'), r.byItem.size, r.done, r.failed]).toEqual(['done', 'failed', 3, 2, 1])
    // the counts of a new snapshot are computed again from its entries, not trusted
    const written = JSON.parse(encodeState(old.right)) as { campaign: { results: { done: number } } }
    written.campaign.results.done = 99
    const again = decodeState(JSON.stringify(written), 'q3')
    expect(E.isRight(again) ? [again.right.campaign.results.done, again.right.campaign.results.failed] : again).toEqual([2, 1])
    expect(refused(text({ i1: 'maybe' }))).toBe('StoreUnavailable')
    expect(refused(text('done'))).toBe('StoreUnavailable')
    expect(refused(text({ byItem: { size: 2, root: { t: 1, hash: 0, key: 'i1', value: 'done', bitmap: 0, slots: [], lo: 0, hi: 0 } }, done: 1, failed: 0 }))).toBe('StoreUnavailable')
  })

  it('property: any JSON text is decoded or refused, never thrown', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        const r = decodeState(text, 'q3')
        expect(E.isLeft(r) ? r.left.code : 'decoded').toMatch(/^(StoreUnavailable|decoded)$/)
      }),
      { numRuns: runs(300) },
    )
  })

  it('items written as a record by item id (before D29) are read as a list in the order of the packet ids, also an id named like a member of Object.prototype', () => {
    const item = (id: string) => ({ spec: { id }, levels: [], state: { _tag: 'pending', level: 1 }, decisions: [] })
    const decoded = (itemIds: ReadonlyArray<string>, items: object) => {
      const packet = { id: 's1', itemIds, items, clocks: [], plannedExtra: [] }
      const text = JSON.stringify({ campaign: { id: 'q3', status: 'inProgress', activeUsers: { size: 0 }, results: {} }, packets: { size: 1, root: { t: 1, hash: 0, key: 's1', value: packet, bitmap: 0, slots: [], lo: 0, hi: 0 } }, pending: itemIds.length, expired: 0 })
      const r = decodeState(text, 'q3')
      return E.isLeft(r) ? r.left.code : Packets.get(r.right.packets, 's1')?.items
    }
    const record = JSON.parse('{"__proto__": 1}') as Record<string, unknown>
    record['__proto__'] = item('__proto__')
    expect(decoded(['__proto__'], record)).toEqual([item('__proto__')])
    // the list follows the ids, not the order of the record's keys
    expect(decoded(['i2', 'i1'], { i1: item('i1'), i2: item('i2') })).toEqual([item('i2'), item('i1')])
    // a record without an item of the packet, or ids that are not a list of strings
    expect(decoded(['i1', 'i3'], { i1: item('i1'), i2: item('i2') })).toBe('StoreUnavailable')
    expect(decoded(['toString'], {})).toBe('StoreUnavailable')
    expect(decoded('i1' as never, { i1: item('i1') })).toBe('StoreUnavailable')
    expect(decoded([1] as never, { 1: item('i1') })).toBe('StoreUnavailable')
  })

})
