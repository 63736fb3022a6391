// withTiming remembers the timing it computed last (a one-entry memo: the
// packets of a bulk command share their clock objects, see startLevel). The
// memo must answer only for the very same inputs: each test below times two
// packets that share their clocks and differ in one other input, one right
// after the other, and expects the second to be computed, not remembered.
import { describe, expect, it } from 'vitest'
import { openedPacket, withTiming } from '../../src/campaign/event.js'
import type { Packet } from '../../src/campaign/state.js'
import { aDefinition, anItem, at } from '../../src/testing/index.js'
import { closeClock, startLevel } from '../../src/schedule/window.js'
import type { CampaignDefinition } from '../../src/campaign/definition.js'

const windows = (days: number): CampaignDefinition =>
  aDefinition({
    reviewers: { order: ['firstLineManager', 'riskManager', 'applicationOwner'], count: 3 },
    timing: { policy: 'reviewerWindows', levels: [{ duration: { days } }, { duration: { days } }, { duration: { days } }] },
  })

const T0 = at('2025-01-06T09:00:00Z')
const levels = (n: number) => [{ source: 'riskManager' as const, tiers: [['rick']] }, { source: 'riskManager' as const, tiers: [['rita']] }, { source: 'riskManager' as const, tiers: [['ron']] }].slice(0, n)
const packet = (n: number): Packet => openedPacket({ type: 'PacketOpened', at: T0, packetId: 's1' as never, items: [{ spec: anItem('i1', 's1'), levels: levels(n) as never }] })

describe('the timing memo', () => {
  it('packets of one start share their first clock, and a close of the same clock at the same instant is shared too', () => {
    const a = packet(3)
    const b = packet(3)
    expect(a.clocks[0]).toBe(b.clocks[0])
    expect(closeClock(a.clocks[0]!, 'complete', T0)).toBe(closeClock(b.clocks[0]!, 'complete', T0))
    expect(startLevel(2, T0, 0)).not.toBe(startLevel(2, T0, 1))
  })

  it('computes again for other extension days planned, the same clocks', () => {
    const def = windows(7)
    const plain = packet(3)
    const planned: Packet = { ...plain, plannedExtra: [0, 5, 0] }
    const first = withTiming(plain, def).projectedEndAt
    const second = withTiming(planned, def).projectedEndAt
    expect(second! - first!).toBe(5 * 86_400_000)
  })

  it('computes again for another deepest level, the same clocks', () => {
    const def = windows(7)
    const deep = withTiming(packet(3), def).projectedEndAt
    const shallow = withTiming(packet(1), def).projectedEndAt
    expect(deep! - shallow!).toBe(14 * 86_400_000)
  })

  it('computes again for another definition, the same clocks', () => {
    const p = packet(3)
    const week = withTiming(p, windows(7)).nextLapseAt
    const fortnight = withTiming(p, windows(14)).nextLapseAt
    expect(fortnight! - week!).toBe(7 * 86_400_000)
  })
})
