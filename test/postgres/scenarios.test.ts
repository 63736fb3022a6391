// Every example scenario through the service twice, on the in-memory store
// and on the PostgreSQL store (PGlite), with the same clock and the same
// calls: each step's tick, command and outbox delivery, then the tick at the
// scenario's end. Every answer (accepted with its events, refused with its
// error, the ticks' events, the delivery reports), the stored log and the
// intents the notifier received must be the same on both stores. The
// scenarios reach every kind of command, event and notification the
// examples use (expiry, escalation, delegation, questions, fulfillment),
// which the store contract's fixed events do not: the PostgreSQL store's
// outbox once could not read four kinds of intent back.
import { describe, expect, it } from 'vitest'
import { expectSameOnBothStores, readScenario, scenarioFiles } from './scenario-runs.js'
import { pgliteOnce, storeOn, truncate } from './support.js'

const db = pgliteOnce()

describe('the example scenarios through the service, in memory and on PostgreSQL (PGlite)', () => {
  it('finds the example scenarios', () => {
    expect(scenarioFiles.length).toBeGreaterThanOrEqual(20)
  })

  for (const file of scenarioFiles) {
    it(`${file}: the same answers, log and deliveries on both stores`, async () => {
      const d = await db()
      await truncate(d)
      const memory = await expectSameOnBothStores(await storeOn(d), readScenario(file))
      // non-trivial: the scenario was accepted and ran its steps
      expect(memory.answers[0]).toMatchObject(['create', { _tag: 'Right', right: { result: { _tag: 'accepted' } } }])
      expect(memory.delivered.length).toBeGreaterThan(0)
    }, 60_000)

    it(`${file}: the same again when every command is read back from a snapshot and the log after it`, async () => {
      const d = await db()
      await truncate(d)
      // a snapshot after every command, and no campaign held between commands: each loads from the store
      await expectSameOnBothStores(await storeOn(d), readScenario(file), { snapshotEvery: 1, snapshotEventsPerItem: 0, cachedCampaigns: 0 })
      const snapshots = await d.query<{ n: number }>('SELECT count(*)::int AS n FROM ar_snapshots')
      expect(snapshots.rows[0]?.n).toBe(1)
    }, 60_000)
  }
})
