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
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InMemoryCampaignStore } from '../../src/testing/index.js'
import { runOn, scenarioDir, scenarioFiles } from './scenario-runs.js'
import type { RawScenario } from './scenario-runs.js'
import { pgliteOnce, storeOn, truncate } from './support.js'

const db = pgliteOnce()

describe('the example scenarios through the service, in memory and on PostgreSQL (PGlite)', () => {
  it('finds the example scenarios', () => {
    expect(scenarioFiles.length).toBeGreaterThanOrEqual(20)
  })

  for (const file of scenarioFiles) {
    it(`${file}: the same answers, log and deliveries on both stores`, async () => {
      const s = JSON.parse(readFileSync(join(scenarioDir, file), 'utf8')) as RawScenario
      const d = await db()
      await truncate(d)
      const memory = await runOn(new InMemoryCampaignStore(), s)
      const postgres = await runOn(await storeOn(d), s)
      // non-trivial: the scenario was accepted and ran its steps
      expect(memory.answers[0]).toMatchObject(['create', { _tag: 'Right', right: { result: { _tag: 'accepted' } } }])
      expect(memory.delivered.length).toBeGreaterThan(0)
      expect(postgres.answers).toEqual(memory.answers)
      expect(postgres.log).toEqual(memory.log)
      expect(postgres.delivered).toEqual(memory.delivered)
    }, 60_000)

    it(`${file}: the same again when every command is read back from a snapshot and the log after it`, async () => {
      const s = JSON.parse(readFileSync(join(scenarioDir, file), 'utf8')) as RawScenario
      const d = await db()
      await truncate(d)
      const memory = await runOn(new InMemoryCampaignStore(), s)
      // a snapshot after every command, and no campaign held between commands: each loads from the store
      const postgres = await runOn(await storeOn(d), s, { snapshotEvery: 1, snapshotEventsPerItem: 0, cachedCampaigns: 0 })
      const snapshots = await d.query<{ n: number }>('SELECT count(*)::int AS n FROM ar_snapshots')
      expect(snapshots.rows[0]?.n).toBe(1)
      expect(postgres.answers).toEqual(memory.answers)
      expect(postgres.log).toEqual(memory.log)
      expect(postgres.delivered).toEqual(memory.delivered)
    }, 60_000)
  }
})
