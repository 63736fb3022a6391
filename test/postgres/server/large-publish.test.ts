// A large publish through the service on a real PostgreSQL server: one
// append of 10,000 events (about 58 MB of JSON at 40,000 items), within the
// service's default port deadline (5 s). Before the append wrote its events
// a few hundred rows a statement and kept a large record by reference (D18),
// the append of this publish took 8.4 s on the 2-core development machine
// (the publish failed with `deadline`); now about 1.4 s. Checked: the publish
// is accepted, the chain verifies and holds exactly its events, the tasks
// projection holds every item for its reviewer, and the repeated command,
// findCommand and a duplicate append answer the record (stored by log
// index) with the same events.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { makeService, verifyLog } from '../../../src/index.js'
import type { CampaignId, CommandRecord, CommandResult } from '../../../src/index.js'
import { canonicalJson } from '../../../src/ports/chain.js'
import { InMemoryFulfiller, InMemoryNotifier, TestClock } from '../../../src/testing/index.js'
import { CAMPAIGN_ID, definitionJson, directoryJson, instant, itemsJson, rita, shapeOf, T } from '../../../bench/shape.js'
import { storeOn, serverPool } from '../support.js'

const ITEMS = 40_000

/** Each value's canonical JSON: equal values have equal texts (compared as strings, not by a deep walk of 58 MB). */
const texts = (values: ReadonlyArray<unknown>): string[] => values.map((v) => canonicalJson(v) ?? '')

const pool = serverPool('ar_large_publish', 4)

describe('a large publish on PostgreSQL', () => {
  it(`publishes ${ITEMS.toLocaleString('en')} items through the service within the default port deadline, with a verified chain`, async () => {
    const store = await storeOn(pool())
    const shape = shapeOf(ITEMS)
    const clock = new TestClock(instant(T.created))
    // the default options: portTimeoutMs 5,000
    const service = makeService({ store, notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock })
    const created = await service.handle(CAMPAIGN_ID, 'create', { type: 'create', actor: rita, definition: definitionJson(), items: itemsJson(shape) })
    expect(E.isRight(created) && created.right.result._tag).toBe('accepted')
    clock.set(instant(T.published))
    const publish = { type: 'publish', actor: rita, directory: directoryJson(shape) }
    const published = await service.handle(CAMPAIGN_ID, 'publish', publish)
    if (E.isLeft(published)) throw new Error(`publish failed: ${published.left.code}: ${published.left.message}`)
    const result = published.right.result
    if (result._tag !== 'accepted') throw new Error(`publish refused: ${result.error.code}`)
    expect(result.events.filter((e) => e.type === 'PacketOpened').length).toBe(shape.subjects)

    // the chain: every event of the log, verified to the heads
    const campaignId = CAMPAIGN_ID as CampaignId
    const chain = await store.loadChain(campaignId)
    if (E.isLeft(chain)) throw new Error(chain.left.message)
    expect(chain.right.length).toBe(1 + result.events.length)
    expect(verifyLog(chain.right)._tag).toBe('Right')
    // the log after the creation holds exactly the publish's events (compared as canonical JSON, whatever the key order)
    const expected = texts(result.events)
    const balance = new Map<string, number>()
    for (const t of expected) balance.set(t, (balance.get(t) ?? 0) + 1)
    for (const t of texts(chain.right.slice(1).map((l) => l.event))) balance.set(t, (balance.get(t) ?? 0) - 1)
    expect([...balance.values()].filter((n) => n !== 0)).toEqual([])

    // the projection: each item waits for its subject's manager (level 1); m0 manages the first team
    const [tasks] = (await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM ar_reviewer_tasks WHERE campaign_id = $1`, [campaignId])).rows
    expect(tasks?.n).toBe(ITEMS)
    const mine = await store.tasksOf('m0' as never)
    expect(E.isRight(mine) && mine.right.length).toBe(Math.min(shape.subjects, shape.teamSubjects) * 4)

    // the record: the repeated command is answered from it, with the same events
    const again = await service.handle(CAMPAIGN_ID, 'publish', publish)
    if (E.isLeft(again)) throw new Error(again.left.message)
    expect(again.right.first).toBe(false)
    const sameResult = (r: CommandResult | undefined): void => {
      expect(r?._tag === 'accepted' && r.at).toBe(result.at)
      expect(r?._tag === 'accepted' ? texts(r.events) : []).toEqual(expected)
    }
    sameResult(again.right.result)
    const found = await store.findCommand(campaignId, 'publish' as never)
    if (E.isLeft(found)) throw new Error(found.left.message)
    sameResult(found.right?.result)
    // and the same command id appended again is a DuplicateCommand carrying the first record
    const record: CommandRecord = { commandId: 'publish' as never, fingerprint: 'x', result }
    const duplicate = await store.append({ campaignId, writes: [], outbox: [], command: record })
    expect(E.isLeft(duplicate) && duplicate.left.code).toBe('DuplicateCommand')
    if (E.isLeft(duplicate) && duplicate.left.code === 'DuplicateCommand') sameResult(duplicate.left.first.result)
  })
})
