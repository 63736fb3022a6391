import { describe, expect, it } from 'vitest'
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
