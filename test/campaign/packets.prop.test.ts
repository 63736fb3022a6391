// The packets map (src/campaign/packets.ts) against a model: a plain Map by
// id, listed in scope order (the positions), then the packets of ids outside
// the scope in first-set order. Random batches of sets, through `set` and
// through `builder` and through a fold's `draft`, on scopes that fill one chunk, several, and a last
// short one; every map reached is checked, and every earlier map must be
// unchanged (persistence).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PacketMap } from '../../src/campaign/packets.js'
import { Packets } from '../../src/campaign/packets.js'
import type { Packet } from '../../src/campaign/state.js'
import { runs } from '../support/runs.js'

const packet = (id: string, lapse: number | undefined, end: number | undefined, tag: number): Packet =>
  ({
    id,
    itemIds: [],
    items: {},
    clocks: [],
    plannedExtra: [tag],
    ...(lapse === undefined ? {} : { nextLapseAt: lapse }),
    ...(end === undefined ? {} : { projectedEndAt: end }),
  }) as unknown as Packet

interface Model {
  readonly byId: ReadonlyMap<string, Packet>
}

const check = (m: PacketMap, model: Model, order: ReadonlyArray<string>): void => {
  const positions = new Set(order)
  const inScope = order.flatMap((id) => {
    const p = model.byId.get(id)
    return p === undefined ? [] : [p]
  })
  const others = [...model.byId.values()].filter((p) => !positions.has(p.id))
  expect(m.size).toBe(model.byId.size)
  expect(Packets.inOrder(m)).toEqual(inScope)
  // the packets of the scope first, in its order; then the others (in the order of their own map)
  expect(Packets.values(m).slice(0, inScope.length)).toEqual(inScope)
  expect(new Set(Packets.values(m).slice(inScope.length))).toEqual(new Set(others))
  for (const [id, p] of model.byId) expect(Packets.get(m, id)).toBe(p)
  expect(Packets.get(m, 'nobody')).toBeUndefined()
  // one finder asked in scope order (its guesses hold), every third (by its last step), backwards (they fail), repeated and unknown ids
  const find = Packets.finder(m)
  const asked = [...order, 'nobody', ...order.filter((_, i) => i % 3 === 2), ...[...order].reverse(), ...order.slice(0, 3), ...order.slice(0, 3), ...model.byId.keys()]
  for (const id of asked) expect(find(id)).toBe(model.byId.get(id))
  const all = [...model.byId.values()]
  const lo = all.reduce((x, p) => Math.min(x, p.nextLapseAt ?? Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY)
  const hi = all.reduce((x, p) => Math.max(x, p.projectedEndAt ?? Number.NEGATIVE_INFINITY), Number.NEGATIVE_INFINITY)
  expect([m.lo, m.hi]).toEqual([lo, hi])
  if (Number.isFinite(lo)) {
    const due = new Set(all.filter((p) => p.nextLapseAt === lo))
    expect(new Set(Packets.valuesWithLo(m, lo))).toEqual(due)
    expect(Packets.valuesWithLo(m, lo).slice(0, [...due].filter((p) => positions.has(p.id)).length)).toEqual(inScope.filter((p) => due.has(p)))
  }
}

describe('the packets map', () => {
  it('agrees with a map by id, in scope order, with its measures; an earlier map never changes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_300 }),
        fc.array(
          fc.record({
            via: fc.constantFrom('set', 'builder', 'draft'),
            finishShift: fc.integer({ min: 0, max: 5 }),
            sets: fc.array(fc.record({ at: fc.nat(1_400), lapse: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), end: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }) }), { maxLength: 40 }),
          }),
          { maxLength: 6 },
        ),
        (n, batches) => {
          // positions 0 … n-1 in scope order; ids at n or more are outside the scope
          const order = Array.from({ length: n }, (_, i) => `s${(i * 7919) % 100_003}`)
          const positions = new Map(order.map((id, i) => [id, i]))
          const idAt = (k: number): string => (k < n ? (order[k] as string) : `x${k}`)
          let m = Packets.empty(positions)
          let model: Model = { byId: new Map() }
          const seen: Array<{ readonly m: PacketMap; readonly model: Model; readonly listed: ReadonlyArray<Packet> }> = []
          let tag = 0
          for (const b of batches) {
            const byId = new Map(model.byId)
            const builder = b.via === 'builder' ? Packets.builder(m) : undefined
            const draft = b.via === 'draft' ? Packets.draft(m) : undefined
            const firstSet: string[] = []
            for (const s of b.sets) {
              const p = packet(idAt(s.at), s.lapse, s.end, tag++)
              if (draft !== undefined) {
                // a draft reads what it holds: the packet set last, else the map's
                expect(draft.get(p.id)).toBe(byId.get(p.id))
                if (!firstSet.includes(p.id)) firstSet.push(p.id)
                draft.set(p.id, p)
                expect(draft.get(p.id)).toBe(p)
              }
              byId.set(p.id, p)
              if (builder !== undefined) builder.put(p.id, p)
              else if (draft === undefined) m = Packets.set(m, p.id, p)
            }
            if (builder !== undefined) m = builder.done()
            if (draft !== undefined) {
              // `done` finishes each packet set once (the scope's in the order first set,
              // then the others), and measures the finished packet
              const finished: string[] = []
              m = draft.done((p) => {
                finished.push(p.id)
                const q = packet(p.id, p.nextLapseAt === undefined ? undefined : p.nextLapseAt + b.finishShift, p.projectedEndAt, tag++)
                byId.set(p.id, q)
                return q
              })
              const scoped = firstSet.filter((id) => positions.has(id))
              expect(finished).toEqual([...scoped, ...firstSet.filter((id) => !positions.has(id))])
            }
            model = { byId }
            check(m, model, order)
            seen.push({ m, model, listed: Packets.values(m) })
          }
          // persistence: every map reached is as it was
          for (const s of seen) {
            expect(Packets.values(s.m)).toEqual(s.listed)
            check(s.m, s.model, order)
          }
        },
      ),
      { numRuns: runs(200) },
    )
  })

  it('fromEntries is the same as a builder; an empty builder gives the map back', () => {
    const positions = new Map([
      ['a', 0],
      ['b', 1],
    ])
    const pa = packet('a', 3, 9, 0)
    const pz = packet('z', 1, undefined, 1)
    const m = Packets.fromEntries(positions, [
      ['a', pa],
      ['z', pz],
    ])
    expect([m.size, m.lo, m.hi, Packets.values(m)]).toEqual([2, 1, 9, [pa, pz]])
    expect(Packets.inOrder(m)).toEqual([pa])
    expect(Packets.builder(m).done()).toEqual(m)
    // a draft that set nothing gives the very map back
    const d = Packets.draft(m)
    expect(d.get('a')).toBe(pa)
    expect(d.get('z')).toBe(pz)
    expect(d.done((p) => p)).toBe(m)
  })
})
