/**
 * The bench's events floor (`BEvents`, D33) is a yardstick only if it builds
 * what the core emits: for every command of both decision streams of a
 * small bench campaign, its events equal the core's, field for field, but
 * for the 16 hex digits of the intent ids (its hash is its own). A floor
 * that built fewer or smaller events would flatter the core.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { CampaignEvent, CampaignState, Command } from '../../src/index.js'
import { execute } from '../../src/index.js'
import type { BState } from '../../bench/baseline.js'
import { BEvents, bDecide, bPublish } from '../../bench/baseline.js'
import { instant, lifecycleCommands, shapeOf, streams, T } from '../../bench/shape.js'

const ok = (c: Command, s: CampaignState | undefined): { state: CampaignState; events: ReadonlyArray<CampaignEvent> } => {
  const r = execute(c, s)
  if (E.isLeft(r)) throw new Error(`${c.type}: ${r.left.code}`)
  return r.right
}

// an intent id is `<kind>-<16 hex digits>`: the digits differ, the rest must not
const withoutHash = (events: ReadonlyArray<object>): unknown =>
  JSON.parse(JSON.stringify(events), (key: string, value: unknown) => (key === 'id' && typeof value === 'string' ? value.replace(/-[0-9a-f]{16}$/, '-#') : value))

describe('the events floor of the bench (BEvents)', () => {
  it('builds the events the core emits for each bulk command (800 items, both streams)', () => {
    const shape = shapeOf(800)
    const { create, publish } = lifecycleCommands(shape)
    let s = ok(publish, ok(create, undefined).state).state
    let b: BState = bPublish(create, publish)
    const st = streams(shape)
    const batches = [...st.stream1, ...st.stream2]
    expect(batches.length).toBeGreaterThan(1)
    let compared = 0
    for (const batch of batches) {
      const core = ok(batch.command, s)
      s = core.state
      const floor = new BEvents()
      b = bDecide(b, batch.actor, batch.itemIds, true, instant(batch.level === 1 ? T.stream1 : T.stream2), floor)
      expect(floor.list.length).toBe(core.events.length)
      expect(withoutHash(floor.list)).toEqual(withoutHash(core.events))
      compared += core.events.length
    }
    // both kinds of level change happened: level 1 → 2 (two risk managers) and 2 → 3 (one owner per item)
    expect(compared).toBeGreaterThan(5 * 200)
  })

  it('makes intent ids of the core form, distinct per intent', () => {
    const shape = shapeOf(800)
    const { create, publish } = lifecycleCommands(shape)
    const b = bPublish(create, publish)
    const first = streams(shape).stream1[0]
    if (first === undefined) throw new Error('no command')
    const floor = new BEvents()
    bDecide(b, first.actor, first.itemIds, true, instant(T.stream1), floor)
    const ids = (floor.list as Array<{ type: string; intent?: { id: string } }>).flatMap((e) => (e.intent === undefined ? [] : [e.intent.id]))
    expect(ids.length).toBeGreaterThan(0)
    for (const id of ids) expect(id).toMatch(/^reviewAssigned-[0-9a-f]{16}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
