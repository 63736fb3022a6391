// Shared fixture of the service tests: a campaign of three packets reviewed
// by rick, created and published through the service at 2000-01-01 (R31).
import * as E from 'fp-ts/lib/Either.js'
import type { CampaignId, CommandId, ItemId } from '../../src/index.js'
import { CommandId as CommandIdCodec, makeService } from '../../src/index.js'
import type { Ports, Service, ServiceCommand, ServiceOptions } from '../../src/index.js'
import { aDefinition, aDirectory, actor, anItem, at, InMemoryCampaignStore, InMemoryFulfiller, InMemoryNotifier, itemId, TestClock } from '../../src/testing/index.js'

export const T0 = at('2000-01-01T00:00:00Z')
export const rita = actor('rita', 'riskManager')
export const rick = actor('rick')
export const definition = aDefinition({
  id: 'svc',
  timing: { policy: 'deadline', dueAt: '2000-02-01T00:00:00Z' },
  reviewers: { order: ['riskManager'], count: 1 },
  riskManagers: ['rick'],
  reminders: { kind: 'daily' },
  autoComplete: true,
})
export const campaignId: CampaignId = definition.id
export const packets = { 's-a': ['i1', 'i2'], 's-b': ['i3', 'i4'], 's-c': ['i5', 'i6'] } as const
export const items = Object.entries(packets).flatMap(([s, ids]) => ids.map((i) => anItem(i, s)))
export const directory = aDirectory({
  users: [{ id: 'rick' }, { id: 'mia' }, { id: 'ann' }, { id: 'ben' }, { id: 'cy' }],
  subjects: [
    { id: 's-a', user: 'ann' },
    { id: 's-b', user: 'ben' },
    { id: 's-c', user: 'cy' },
  ],
})

export const cmd = (id: string): CommandId => {
  const r = CommandIdCodec.decode(id)
  if (E.isLeft(r)) throw new TypeError(id)
  return r.right
}
export const ids = (...xs: ReadonlyArray<string>): [ItemId, ...ItemId[]] => xs.map(itemId) as [ItemId, ...ItemId[]]
export const decideCmd = (decision: 'approve' | 'revoke', ...xs: ReadonlyArray<string>): ServiceCommand => ({ type: 'decide', actor: rick, items: ids(...xs), decision })

export interface World {
  readonly store: InMemoryCampaignStore
  readonly notifier: InMemoryNotifier
  readonly fulfiller: InMemoryFulfiller
  readonly clock: TestClock
  readonly service: Service
  readonly ports: Ports
}

export const world = (notifier = new InMemoryNotifier(), options: ServiceOptions = {}): World => {
  const store = new InMemoryCampaignStore()
  const fulfiller = new InMemoryFulfiller()
  const clock = new TestClock(T0)
  const ports = { store, notifier, fulfiller, clock }
  return { store, notifier, fulfiller, clock, ports, service: makeService(ports, options) }
}

/** Creates and publishes the campaign through the service; throws if either is not accepted. */
export const published = async (w: World): Promise<void> => {
  for (const [id, c] of [
    ['setup-create', { type: 'create', actor: rita, definition, items }],
    ['setup-publish', { type: 'publish', actor: rita, directory }],
  ] as const) {
    const r = await w.service.handle(campaignId, cmd(id), c)
    if (E.isLeft(r) || r.right.result._tag !== 'accepted') throw new Error(`setup ${id} failed: ${JSON.stringify(r)}`)
  }
}
