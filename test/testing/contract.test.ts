import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { CampaignEvent, CampaignStore } from '../../src/index.js'
import type { LoadedTail } from '../../src/ports/store.js'
import { campaignStoreContract, InMemoryCampaignStore, InMemoryNotifier, notifierContract } from '../../src/testing/index.js'

// The exported contract suites, run against the in-memory adapters (a
// platform runs the same suites against its own adapters).
campaignStoreContract(() => new InMemoryCampaignStore(), { describe, it, expect })

notifierContract(
  async () => {
    const notifier = new InMemoryNotifier()
    return { notifier, received: async () => notifier.delivered.map((i) => i.id) }
  },
  { describe, it, expect },
)

// A contract that cannot fail is a defect: a store that ignores expected
// versions, and a notifier that does not deduplicate, must fail it.
describe('the contracts catch broken adapters', () => {
  const collect = (): { api: Parameters<typeof campaignStoreContract>[1]; run: () => Promise<ReadonlyArray<string>> } => {
    const tests: Array<{ name: string; body: () => Promise<void> }> = []
    const api = {
      describe: (_name: string, body: () => void) => body(),
      it: (name: string, body: () => Promise<void>) => void tests.push({ name, body }),
      expect: (actual: unknown) => ({
        toBe: (e: unknown) => expect(actual).toBe(e),
        toEqual: (e: unknown) => expect(actual).toEqual(e),
      }),
    }
    const run = async (): Promise<ReadonlyArray<string>> => {
      const failed: string[] = []
      for (const t of tests) {
        try {
          await t.body()
        } catch {
          failed.push(t.name)
        }
      }
      return failed
    }
    return { api, run }
  }

  it('a store that ignores expected versions fails the matrix and the race', async () => {
    const { api, run } = collect()
    campaignStoreContract(() => {
      const s = new InMemoryCampaignStore()
      return { ...s, append: (r) => s.append({ ...r, writes: r.writes.map((w) => ({ ...w, expected: { _tag: 'any' } })) }) }
    }, api)
    const failed = await run()
    expect(failed.filter((n) => n.includes('conflict')).length).toBeGreaterThanOrEqual(5)
    expect(failed).not.toContain('expected-version matrix: any on an existing stream succeeds')
  })

  const loadPathCases = (failed: ReadonlyArray<string>): ReadonlyArray<string> => failed.filter((n) => n.startsWith('loadTail') || n.includes('snapshot') || n.includes('load returns'))

  it('a store that ignores expectedPosition fails the whole-campaign cases, and only those', async () => {
    const { api, run } = collect()
    campaignStoreContract(() => {
      const s = new InMemoryCampaignStore()
      return { ...s, append: ({ expectedPosition: _ignored, ...r }) => s.append(r) }
    }, api)
    expect([...(await run())].sort()).toEqual([
      'concurrent appends to different streams with the same expectedPosition: exactly one wins',
      'expectedPosition: the number of events read passes; a lower or higher one conflicts on log:<campaign> and writes nothing',
    ])
  })

  it('a store that keeps no snapshot fails the snapshot cases', async () => {
    const { api, run } = collect()
    campaignStoreContract(() => {
      const s = new InMemoryCampaignStore()
      return { ...s, saveSnapshot: async () => E.right(undefined) }
    }, api)
    expect(loadPathCases(await run()).length).toBe(2)
  })

  it('a store that answers the whole log whatever `since` says fails the load path', async () => {
    const { api, run } = collect()
    campaignStoreContract(() => {
      const s = new InMemoryCampaignStore()
      return { ...s, loadTail: async (c, request) => E.map((t: { readonly from: number }) => ({ ...t, from: request.since ?? t.from }))(await s.loadTail(c, { streams: request.streams })) } as CampaignStore
    }, api)
    expect(loadPathCases(await run())).toContain('loadTail: from the start, every event in append order, the position and the versions of the asked streams only; with `since`, the events after it')
  })

  it('a store whose loads hand out its own mutable events fails "what a load returns cannot change the stored events"', async () => {
    const { api, run } = collect()
    campaignStoreContract(() => {
      const s = new InMemoryCampaignStore()
      // one mutable copy per stored event, handed out by every load
      const copies = new WeakMap<CampaignEvent, CampaignEvent>()
      const leaky = (events: ReadonlyArray<CampaignEvent>): CampaignEvent[] =>
        events.map((e) => {
          const copy = copies.get(e) ?? structuredClone(e)
          copies.set(e, copy)
          return copy
        })
      return { ...s, loadTail: async (c, request) => E.map((t: LoadedTail) => ({ ...t, events: leaky(t.events) }))(await s.loadTail(c, request)) }
    }, api)
    expect(loadPathCases(await run())).toEqual(['what a load returns cannot change the stored events'])
  })

  it('a notifier that does not deduplicate fails the idempotency cases', async () => {
    const { api, run } = collect()
    notifierContract(async () => {
      const received: string[] = []
      return {
        notifier: { deliver: async (i) => (received.push(i.id), { _tag: 'Right', right: undefined }) },
        received: async () => received,
      }
    }, api)
    expect(await run()).toEqual(['the same intent delivered twice is received once', 'the same intent delivered concurrently is received once'])
  })
})
