// A decide command finds each item by its place in its packet and checks
// repeats by place: as bits for a packet of up to 31 items, in a set for a
// larger one; a packet of more than 16 items finds ids through an index of
// its ids, a smaller one by a scan. Around each of those sizes, a command
// that lists ids of two packets in any order, with repeats, decides each
// listed item once, in the order of its first place, and nothing else.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ItemId } from '../../src/shared/ids.js'
import { execute, itemOf, packetsOf } from '../../src/index.js'
import type { CampaignEvent } from '../../src/index.js'
import { aDefinition, aDirectory, actor, anItem, at, run } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'

const RITA = actor('rita', 'riskManager')
const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'ann', manager: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-ann', user: 'ann' }, { id: 's-bob', user: 'bob' }] })
// sizes on both sides of 16 (scan or index) and 31 (bits or set)
const size = fc.constantFrom(1, 2, 15, 16, 17, 30, 31, 32, 40)

const published = (ann: number, bob: number) => {
  const items = [...Array.from({ length: ann }, (_, k) => anItem(`a${k}`, 's-ann')), ...Array.from({ length: bob }, (_, k) => anItem(`b${k}`, 's-bob'))]
  return run([
    { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: RITA, definition: aDefinition(), items },
    { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: RITA, directory },
  ]).state!
}

const firstSeen = (ids: ReadonlyArray<string>): string[] => ids.filter((id, i) => ids.indexOf(id) === i)

describe('a decide command, by place in the packet', () => {
  it('decides each listed item once, in the order of its first place, at any packet size', () => {
    fc.assert(
      fc.property(
        size,
        size,
        fc.array(fc.tuple(fc.boolean(), fc.nat()), { minLength: 1, maxLength: 80 }),
        (ann, bob, picks) => {
          const state = published(ann, bob)
          const listed = picks.map(([isAnn, n]) => (isAnn ? `a${n % ann}` : `b${n % bob}`))
          const r = execute({ type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: listed as ItemId[], decision: 'approve' }, state)
          if (r._tag === 'Left') throw new Error(r.left.message)
          const decided = r.right.events.flatMap((e: CampaignEvent) => (e.type === 'ItemsDecided' ? [[e.packetId as string, e.decisions.map((d) => d.itemId as string)] as const] : []))
          const want = (prefix: string, packet: string) => {
            const ids = firstSeen(listed.filter((id) => id.startsWith(prefix)))
            return ids.length === 0 ? [] : [[packet, ids] as const]
          }
          // the packets in the order the command first names them
          const order = firstSeen(listed.map((id) => (id.startsWith('a') ? 'a' : 'b')))
          expect(decided).toEqual(order.flatMap((p) => want(p, p === 'a' ? 's-ann' : 's-bob')))
          // exactly the listed items are approved (one level: the manager's), each with one decision; the others wait
          for (const p of packetsOf(r.right.state)) {
            for (const id of p.itemIds) {
              const item = itemOf(p, id)
              expect([item?.state._tag, item?.decisions.length]).toEqual(listed.includes(id) ? ['approved', 1] : ['pending', 0])
            }
          }
        },
      ),
      { numRuns: runs(300) },
    )
  })
})
