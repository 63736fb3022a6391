// Issue 9: a publish keeps one copy of each distinct reviewer chain, so a
// campaign's memory grows with its distinct chains, not with items × levels ×
// tiers. Sharing must never merge chains that differ.
import { describe, expect, it } from 'vitest'
import { findItem, itemOf } from '../../src/campaign/state.js'
import { aDefinition, aDirectory, actor, anItem, at, run } from '../../src/testing/index.js'
import type { CampaignState } from '../../src/campaign/state.js'

const RITA = actor('rita', 'riskManager')
const directory = aDirectory({
  users: [{ id: 'mia' }, { id: 'max' }, { id: 'ann', manager: 'mia' }, { id: 'bob', manager: 'mia' }, { id: 'cy', manager: 'max' }, { id: 'rita' }, { id: 'olga' }, { id: 'dan' }],
  subjects: [{ id: 's-ann', user: 'ann' }, { id: 's-bob', user: 'bob' }, { id: 's-cy', user: 'cy' }],
  applications: [{ id: 'app', owners: ['olga'] }, { id: 'db', owners: ['dan'] }],
})
const items = [
  anItem('a1', 's-ann'),
  anItem('a2', 's-ann', { application: 'db' }),
  anItem('b1', 's-bob'),
  anItem('c1', 's-cy'),
]
const definition = aDefinition({ reviewers: { order: ['firstLineManager', 'applicationOwner'], count: 2 }, riskManagers: ['rita'] })

const published = (): CampaignState =>
  run([
    { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: RITA, definition, items },
    { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: RITA, directory },
  ]).state!

const levelsOf = (s: CampaignState, id: string) => findItem(s, id)!.item.levels

describe('publish shares identical reviewer chains', () => {
  it('items with the same chain hold the same array; different chains stay different', () => {
    const s = published()
    // ann's and bob's "app" items: manager mia, then owner olga
    expect(levelsOf(s, 'a1')).toBe(levelsOf(s, 'b1'))
    expect(levelsOf(s, 'a1')).toEqual([
      { source: 'firstLineManager', tiers: [['mia']] },
      { source: 'applicationOwner', tiers: [['olga']] },
    ])
    // a different owner, a different manager: not shared, and each keeps its own reviewers
    expect(levelsOf(s, 'a2')).not.toBe(levelsOf(s, 'a1'))
    expect(levelsOf(s, 'a2')[1]).toEqual({ source: 'applicationOwner', tiers: [['dan']] })
    expect(levelsOf(s, 'c1')).not.toBe(levelsOf(s, 'a1'))
    expect(levelsOf(s, 'c1')[0]).toEqual({ source: 'firstLineManager', tiers: [['max']] })
  })
})

describe('item ids that name Object.prototype members are ordinary keys of a packet', () => {
  it('__proto__, constructor and toString are published, found and decided like any id', () => {
    const ids = ['__proto__', 'constructor', 'toString']
    const { state } = run([
      { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: RITA, definition: aDefinition(), items: ids.map((id) => anItem(id, 's-ann')) },
      { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: RITA, directory },
      { type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: ['__proto__'] as never, decision: 'revoke' },
    ])
    const packet = findItem(state!, '__proto__')?.packet
    // the items are a list in the order of the packet's ids: no id is a key of any object
    expect(packet?.itemIds).toEqual(ids)
    expect(packet?.items.map((i) => i.spec.id)).toEqual(ids)
    expect(packet === undefined ? undefined : itemOf(packet, 'toString')?.spec.id).toBe('toString')
    expect(findItem(state!, '__proto__')?.item.state._tag).toBe('revoked')
    expect(findItem(state!, 'constructor')?.item.state._tag).toBe('pending')
  })
})
