// The PostgreSQL store keeps the states of the packets it wrote or read, to
// bring the reviewer-tasks rows up to date from the events after them (the
// append reads those events under the campaign's lock). A held state that is
// not a prefix of its stream (the log lost events the store had seen, as
// after a database was restored from an older backup) is never evolved: the
// append is refused with StoreUnavailable, nothing is written, the held
// states of the packets are forgotten, and the command sent again is applied
// with the rows of its packet rebuilt from the whole stream.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { makeService } from '../../src/index.js'
import { InMemoryFulfiller, InMemoryNotifier, TestClock } from '../../src/testing/index.js'
import { CAMPAIGN_ID, definitionJson, directoryJson, instant, itemId, itemsJson, managerOf, rita, shapeOf, T } from '../../bench/shape.js'
import { pgliteOnce, storeOn, truncate } from './support.js'

const db = pgliteOnce()

describe('the packet states a PostgreSQL store holds', () => {
  it('a held state ahead of its stream refuses the append (StoreUnavailable, nothing written) and is forgotten; the command sent again is applied', async () => {
    const d = await db()
    await truncate(d)
    const shape = shapeOf(8 * 4, 4)
    const clock = new TestClock(instant(T.created))
    const ports = { notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock }
    const lifecycle = async (svc: ReturnType<typeof makeService>, tag: string): Promise<void> => {
      clock.set(instant(T.created))
      expect(await svc.handle(CAMPAIGN_ID, `create-${tag}`, { type: 'create', actor: rita, definition: definitionJson(), items: itemsJson(shape) })).toMatchObject({ _tag: 'Right' })
      clock.set(instant(T.published))
      expect(await svc.handle(CAMPAIGN_ID, `publish-${tag}`, { type: 'publish', actor: rita, directory: directoryJson(shape) })).toMatchObject({ _tag: 'Right' })
    }
    const decide = (j: number): unknown => ({ type: 'decide', actor: { id: managerOf(0, 4), roles: [] }, items: [itemId(0, j)], decision: 'approve' })
    // store A writes the campaign and two decisions on packet s0: it holds s0 at version 2
    const a = await storeOn(d)
    const first = makeService({ store: a, ...ports }, { cachedCampaigns: 0 })
    await lifecycle(first, 'a')
    clock.set(instant(T.single))
    expect(await first.handle(CAMPAIGN_ID, 'd0', decide(0))).toMatchObject({ _tag: 'Right', right: { result: { _tag: 'accepted' } } })
    expect(await first.handle(CAMPAIGN_ID, 'd1', decide(1))).toMatchObject({ _tag: 'Right', right: { result: { _tag: 'accepted' } } })
    // the database goes back to before the decisions: the campaign written anew, s0 at version 0
    await truncate(d)
    await lifecycle(makeService({ store: await storeOn(d), ...ports }), 'b')
    const before = await d.query<{ n: number }>('SELECT count(*)::int AS n FROM ar_events')
    // store A's held s0 (version 2) is ahead of the stream (version 0)
    clock.set(instant(T.single))
    const refused = await first.handle(CAMPAIGN_ID, 'd2', decide(2))
    expect(E.isLeft(refused) && refused.left.code).toBe('StoreUnavailable')
    expect(E.isLeft(refused) && refused.left.message).toContain('not a prefix of its stream')
    expect((await d.query<{ n: number }>('SELECT count(*)::int AS n FROM ar_events')).rows).toEqual(before.rows)
    // sent again: applied, and the tasks of s0 are those of the campaign's state
    expect(await first.handle(CAMPAIGN_ID, 'd2', decide(2))).toMatchObject({ _tag: 'Right', right: { result: { _tag: 'accepted' } } })
    const rows = await d.query<{ item_id: string; reviewer: string }>("SELECT item_id, reviewer FROM ar_reviewer_tasks WHERE packet_id = 's0' ORDER BY item_id, reviewer")
    // items 0 and 1 were decided only in the lost history: they wait for the manager again, with
    // item 3; item 2 waits at level 2 for the risk managers
    const level2 = ['rick', 'rita']
    expect(rows.rows).toEqual([
      ...[0, 1].map((j) => ({ item_id: itemId(0, j), reviewer: managerOf(0, 4) })),
      ...level2.map((reviewer) => ({ item_id: itemId(0, 2), reviewer })),
      { item_id: itemId(0, 3), reviewer: managerOf(0, 4) },
    ])
  })
})
