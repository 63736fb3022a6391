// Snapshots in parts (schema version 3, D27): the PostgreSQL store writes a
// state's packets apart from the rest, a few tens of megabytes a row, so that
// no one text holds the state of a large campaign. Here the parts are made
// small (a store's `snapshotPartChars`) so that a campaign of 30 subjects has
// several; the contract suite (pglite.test.ts, and the server's) runs every
// other snapshot through the default parts.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { CampaignEvent } from '../../src/campaign/event.js'
import { fold, streamOf } from '../../src/campaign/event.js'
import type { CampaignState } from '../../src/campaign/state.js'
import { Packets } from '../../src/campaign/packets.js'
import { encodeState } from '../../src/postgres/codecs.js'
import { PostgresCampaignStore } from '../../src/postgres/index.js'
import type { CampaignId } from '../../src/shared/ids.js'
import { aDefinition, aDirectory, actor, anItem, at, itemId, run } from '../../src/testing/builders.js'
import { pgliteOnce, storeOn, truncate } from './support.js'

const db = pgliteOnce()
const SUBJECTS = 30

// 30 subjects with 2 items each, published, one packet decided
const campaign = (): { readonly id: CampaignId; readonly events: ReadonlyArray<CampaignEvent>; readonly state: CampaignState } => {
  const rita = actor('rita', 'riskManager')
  const ids = Array.from({ length: SUBJECTS }, (_, k) => k)
  const directory = aDirectory({
    users: [{ id: 'mia' }, ...ids.map((k) => ({ id: `u${k}`, manager: 'mia' }))],
    subjects: ids.map((k) => ({ id: `s${k}`, user: `u${k}` })),
  })
  const items = ids.flatMap((k) => [anItem(`i${k}a`, `s${k}`), anItem(`i${k}b`, `s${k}`)])
  const out = run([
    { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items },
    { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
    { type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i0a'), itemId('i0b')], decision: 'approve' },
  ])
  if (out.state === undefined || out.results.some((r) => !r.ok)) throw new Error('the fixture did not run')
  const events = out.results.flatMap((r) => (r.ok ? r.events : []))
  return { id: out.state.campaign.id, events, state: out.state }
}

const appendAll = async (store: PostgresCampaignStore, id: CampaignId, events: ReadonlyArray<CampaignEvent>): Promise<void> => {
  const r = await store.append({ campaignId: id, writes: events.map((e) => ({ stream: streamOf(id, e), expected: { _tag: 'any' }, events: [e] })), outbox: [] })
  if (E.isLeft(r)) throw new Error(r.left.message)
}

// an emptied database holding the fixture's log, and a store over it with parts of `partChars`
const fresh = async (partChars?: number) => {
  const d = await db()
  await truncate(d)
  await storeOn(d)
  const store = new PostgresCampaignStore(d, partChars)
  const fixture = campaign()
  await appendAll(store, fixture.id, fixture.events)
  return { d, store, ...fixture }
}

const partRows = async (id: string): Promise<ReadonlyArray<{ readonly position: number; readonly part: number; readonly chars: number }>> =>
  (await (await db()).query('SELECT position, part, length(packets) AS chars FROM ar_snapshot_parts WHERE campaign_id = $1 ORDER BY part', [id])).rows as never

describe('snapshots in parts (PostgreSQL store, PGlite)', () => {
  it('a state is kept as a head and parts of at most snapshotPartChars characters, and loadTail reads back the same state', async () => {
    const { d, store, id, events, state } = await fresh(2_000)
    expect(E.isRight(await store.saveSnapshot(id, { position: events.length, state }))).toBe(true)
    const rows = await partRows(id)
    // the 30 packets do not fit one part of 2,000 characters; each part is within the bound
    expect(rows.length).toBeGreaterThan(3)
    expect(rows.map((r) => r.part)).toEqual(rows.map((_, k) => k))
    for (const r of rows) expect([r.position, r.chars <= 2_000]).toEqual([events.length, true])
    const head = (await d.query('SELECT parts, length(state) AS chars FROM ar_snapshots WHERE campaign_id = $1', [id])).rows[0] as { parts: number; chars: number }
    expect(head.parts).toBe(rows.length)
    const tail = await store.loadTail(id, { streams: [] })
    if (E.isLeft(tail)) throw new Error(tail.left.message)
    expect([tail.right.from, tail.right.snapshot?.position, tail.right.events]).toEqual([events.length, events.length, []])
    expect(tail.right.snapshot?.state).toEqual(state)
    const back = tail.right.snapshot?.state
    expect(back === undefined ? [] : Packets.values(back.packets).map((p) => p.id)).toEqual(Packets.values(state.packets).map((p) => p.id))
    // a store with the default parts reads the same rows
    const other = await storeOn(d)
    const again = await other.loadTail(id, { streams: [] })
    expect(E.isRight(again) ? again.right.snapshot?.state : again).toEqual(state)
  })

  it('a newer snapshot replaces the parts of the one kept; an older one changes nothing', async () => {
    const { d, store: small, id, events, state } = await fresh(2_000)
    const large = new PostgresCampaignStore(d, 1_000_000)
    const published = fold(undefined, events.slice(0, events.length - 3))
    if (published === undefined) throw new Error('no state')
    expect(E.isRight(await small.saveSnapshot(id, { position: events.length - 3, state: published }))).toBe(true)
    const many = (await partRows(id)).length
    expect(many).toBeGreaterThan(3)
    // newer, in one part: the parts of the snapshot before are gone
    expect(E.isRight(await large.saveSnapshot(id, { position: events.length, state }))).toBe(true)
    expect((await partRows(id)).map((r) => [r.position, r.part])).toEqual([[events.length, 0]])
    // older again: refused quietly, the parts stay
    expect(E.isRight(await small.saveSnapshot(id, { position: events.length - 3, state: published }))).toBe(true)
    expect((await partRows(id)).map((r) => [r.position, r.part])).toEqual([[events.length, 0]])
    const tail = await small.loadTail(id, { streams: [] })
    expect(E.isRight(tail) ? tail.right.snapshot?.state : tail).toEqual(state)
  })

  it('a snapshot whose parts are not all there (replaced between two reads) is not used: the log is folded from its start', async () => {
    const { d, store, id, events, state } = await fresh(2_000)
    // the last part missing, one in the middle missing, one numbered out of place
    for (const change of [
      'DELETE FROM ar_snapshot_parts WHERE campaign_id = $1 AND part = (SELECT max(part) FROM ar_snapshot_parts)',
      'DELETE FROM ar_snapshot_parts WHERE campaign_id = $1 AND part = 1',
      'UPDATE ar_snapshot_parts SET part = 99 WHERE campaign_id = $1 AND part = 1',
    ]) {
      await d.query('DELETE FROM ar_snapshots WHERE campaign_id = $1', [id])
      expect(E.isRight(await store.saveSnapshot(id, { position: events.length, state }))).toBe(true)
      await d.query(change, [id])
      const tail = await store.loadTail(id, { streams: [] })
      if (E.isLeft(tail)) throw new Error(tail.left.message)
      expect([tail.right.from, tail.right.snapshot, tail.right.events.length, tail.right.snapshotPosition]).toEqual([0, undefined, events.length, events.length])
      expect(fold(undefined, tail.right.events)).toEqual(state)
    }
    // a part that is not JSON is refused, never thrown or trusted
    await d.query('DELETE FROM ar_snapshots WHERE campaign_id = $1', [id])
    expect(E.isRight(await store.saveSnapshot(id, { position: events.length, state }))).toBe(true)
    await d.query(`UPDATE ar_snapshot_parts SET packets = '[{' WHERE campaign_id = $1 AND part = 0`, [id])
    const broken = await store.loadTail(id, { streams: [] })
    expect(E.isLeft(broken) ? [broken.left.code, broken.left.message.includes('part 0')] : broken).toEqual(['StoreUnavailable', true])
  })

  it('a snapshot written under schema version 2 (the packets inline, no parts) is still read', async () => {
    const { d, store, id, events, state } = await fresh()
    await d.query('INSERT INTO ar_snapshots (campaign_id, position, state) VALUES ($1, $2, $3)', [id, events.length, encodeState(state)])
    const tail = await store.loadTail(id, { streams: [] })
    expect(E.isRight(tail) ? [tail.right.from, tail.right.snapshot?.state] : tail).toEqual([events.length, state])
    expect(await partRows(id)).toEqual([])
  })
})
