// The decisions of one command are usually alike on every packet it touches
// (one user, one instant, one verdict), and the fold shares one decision
// record, new state and decision list among all those items, across packets
// (issue 9, D32). Sharing must never hand an item a record of another
// decision: events that differ in any one field (the user, the instant, the
// level, the tier, the verdict, the comment, the answers, on whose behalf,
// the second approver) get their own record.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ItemsDecided, Packet } from '../../src/index.js'
import { itemOf, packetsOf } from '../../src/index.js'
import { evolvePacket } from '../../src/campaign/event.js'
import type { ItemId, SubjectId, UserId } from '../../src/shared/ids.js'
import type { Instant } from '../../src/schedule/time.js'
import { actor, aDefinition, aDirectory, anItem, at, run } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'

const rita = actor('rita', 'riskManager')
const directory = aDirectory({
  users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }, { id: 'ann', manager: 'mia' }],
  subjects: [
    { id: 's-bob', user: 'bob' },
    { id: 's-ann', user: 'ann' },
  ],
})
const published = run([
  { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob'), anItem('i3', 's-ann'), anItem('i4', 's-ann')] },
  { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
]).state!
const packets = packetsOf(published)

// one decision's fields, drawn from small sets so that equal and nearly equal events are common
const answers = { q1: 'yes' }
const fields = fc.record({
  by: fc.constantFrom('mia', 'max') as fc.Arbitrary<UserId>,
  at: fc.constantFrom(at('2025-01-04T09:00:00Z'), at('2025-01-05T09:00:00Z')),
  level: fc.constantFrom(1, 2),
  tier: fc.constantFrom(0, 1),
  decision: fc.constantFrom('approve' as const, 'revoke' as const),
  comment: fc.constantFrom(undefined, 'ok', 'no'),
  answers: fc.constantFrom(undefined, answers, { q1: 'yes' }),
  onBehalfOf: fc.constantFrom(undefined, 'zoe' as UserId),
  needsApprovalBy: fc.constantFrom(undefined, 'max' as UserId),
})
type Fields = typeof fields extends fc.Arbitrary<infer A> ? A : never

// the optional fields a decision and its record carry, only when set
const optionals = (f: Fields): Record<string, unknown> => ({
  ...(f.comment === undefined ? {} : { comment: f.comment }),
  ...(f.answers === undefined ? {} : { answers: f.answers }),
  ...(f.onBehalfOf === undefined ? {} : { onBehalfOf: f.onBehalfOf }),
  ...(f.needsApprovalBy === undefined ? {} : { needsApprovalBy: f.needsApprovalBy }),
})

const eventOf = (p: Packet, f: Fields): ItemsDecided => ({
  type: 'ItemsDecided',
  at: f.at as Instant,
  packetId: p.id as SubjectId,
  by: f.by,
  decisions: p.itemIds.map((itemId) => ({
    itemId,
    level: f.level,
    tier: f.tier,
    decision: f.decision,
    ...optionals(f),
  })),
})

const recordOf = (f: Fields): Record<string, unknown> => ({
  by: f.by,
  level: f.level,
  tier: f.tier,
  decision: f.decision,
  at: f.at,
  ...optionals(f),
})

describe('decision records shared across the packets of a command', () => {
  it('every decided item gets a record of its own event’s fields, whatever was decided before', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(0, 1), fields), { minLength: 1, maxLength: 8 }), (steps) => {
        const current = packets.slice()
        for (const [k, f] of steps) {
          const p = current[k]!
          const next = evolvePacket(p, eventOf(p, f))
          current[k] = next
          for (const id of p.itemIds) {
            const item = itemOf(next, id as ItemId)!
            const last = item.decisions[item.decisions.length - 1]
            expect(last).toStrictEqual(recordOf(f))
            // the answers are the event's own object, not an equal one of another event
            expect(last?.answers).toBe(f.answers)
            expect(item.decisions.length).toBe((itemOf(p, id as ItemId)?.decisions.length ?? 0) + 1)
          }
        }
      }),
      { numRuns: runs(1_000) },
    )
  })

  it('two packets decided alike, one after the other, share the record, the state and the list', () => {
    const f: Fields = { by: 'mia' as UserId, at: at('2025-01-04T09:00:00Z'), level: 1, tier: 0, decision: 'approve', comment: undefined, answers: undefined, onBehalfOf: undefined, needsApprovalBy: undefined }
    const [p, q] = packets as [Packet, Packet]
    const a = itemOf(evolvePacket(p, eventOf(p, f)), p.itemIds[0] as ItemId)!
    const b = itemOf(evolvePacket(q, eventOf(q, f)), q.itemIds[1] as ItemId)!
    expect(b.decisions).toBe(a.decisions)
    expect(b.decisions[0]).toBe(a.decisions[0])
    expect(b.state).toBe(a.state)
  })
})
