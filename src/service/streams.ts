/**
 * Stream names and the version checks of an append (which streams a command
 * writes and which ones it read).
 *
 * @since 0.1.0
 */
import type { CampaignEvent } from '../campaign/event.js'
import { streamOf } from '../campaign/event.js'
import type { CampaignState } from '../campaign/state.js'
import { packetItems } from '../campaign/state.js'
import { PMap } from '../shared/pmap.js'
import type { CampaignId, SubjectId } from '../shared/ids.js'
import type { ExpectedVersion, StreamId, StreamVersion, StreamWrite } from '../ports/store.js'

// -------------------------------------------------------------------------------------
// names
// -------------------------------------------------------------------------------------

/**
 * The stream of a campaign aggregate (the same name `streamOf` gives).
 * @example
 * import { campaignStream } from 'access-review-core'
 * campaignStream('q3' as never) // 'campaign:q3'
 * @since 0.1.0
 * @category Service and ports
 */
export const campaignStream = (campaignId: CampaignId): StreamId => `campaign:${campaignId}`

/**
 * The stream of one packet (the same name `streamOf` gives).
 * @example
 * import { packetStream } from 'access-review-core'
 * packetStream('q3' as never, 's-bob' as never) // 'packet:q3:s-bob'
 * @since 0.1.0
 * @category Service and ports
 */
export const packetStream = (campaignId: CampaignId, packetId: SubjectId): StreamId => `packet:${campaignId}:${packetId}`

// -------------------------------------------------------------------------------------
// planning
// -------------------------------------------------------------------------------------

/**
 * The expectation that a stream is still where it was when it was read.
 * @example
 * import { expectationOf } from '../../src/service/streams.js' // internal
 * expectationOf({ _tag: 'exact', version: 3 }) // { _tag: 'exact', version: 3 }
 * expectationOf(undefined) // { _tag: 'noStream' }
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const expectationOf = (v: StreamVersion | undefined): ExpectedVersion =>
  v === undefined || v._tag === 'noStream' ? { _tag: 'noStream' } : { _tag: 'exact', version: v.version }

/**
 * The stream writes of a command's events: the events grouped by stream (in
 * their order), each stream expected at the version it was read at, plus
 * version checks (writes without events) on the streams the result depends
 * on:
 * - always the campaign stream (status, definition, extensions);
 * - every stream of the campaign unless the result is *packet-local*: a
 *   `decide` or `reassign` whose events all belong to one packet which still
 *   has a pending item afterwards. Such a result read only that packet and the
 *   campaign stream (no timer of another packet or of the campaign fired, and
 *   the campaign cannot settle while the packet has a pending item), so two
 *   decisions on different packets never conflict, while two on the same
 *   packet always do.
 * @example
 * import { execute } from 'access-review-core'
 * import { planWrites } from '../../src/service/streams.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * const r = execute({ type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'approve' }, state) // i2 still pending: packet-local
 * const versions = { 'campaign:c1': { _tag: 'exact', version: 2 }, 'packet:c1:s-bob': { _tag: 'exact', version: 0 } } as const
 * const writes = r._tag === 'Right' ? planWrites(state.campaign.id, 'decide', r.right.state, r.right.events, versions) : []
 * writes.map((w) => [w.stream, w.expected, w.events.length]) // [['packet:c1:s-bob', { _tag: 'exact', version: 0 }, 1], ['campaign:c1', { _tag: 'exact', version: 2 }, 0]]
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const planWrites = (
  campaignId: CampaignId,
  commandType: string,
  after: CampaignState | undefined,
  events: ReadonlyArray<CampaignEvent>,
  versions: Readonly<Record<StreamId, StreamVersion>>,
): ReadonlyArray<StreamWrite> => {
  const byStream = new Map<StreamId, CampaignEvent[]>()
  for (const e of events) {
    const s = streamOf(campaignId, e)
    const list = byStream.get(s)
    if (list === undefined) byStream.set(s, [e])
    else list.push(e)
  }
  const read = new Set<StreamId>([campaignStream(campaignId)])
  if (!isPacketLocal(campaignId, commandType, after, events, byStream)) for (const s of Object.keys(versions)) read.add(s)
  const versionOf = (s: StreamId): StreamVersion | undefined => (Object.hasOwn(versions, s) ? versions[s] : undefined)
  const writes: StreamWrite[] = [...byStream].map(([stream, es]) => ({ stream, expected: expectationOf(versionOf(stream)), events: es }))
  for (const s of read) if (!byStream.has(s)) writes.push({ stream: s, expected: expectationOf(versionOf(s)), events: [] })
  return writes
}

const isPacketLocal = (
  campaignId: CampaignId,
  commandType: string,
  after: CampaignState | undefined,
  events: ReadonlyArray<CampaignEvent>,
  byStream: ReadonlyMap<StreamId, ReadonlyArray<CampaignEvent>>,
): boolean => {
  if (commandType !== 'decide' && commandType !== 'reassign') return false
  if (byStream.size !== 1 || after === undefined) return false
  const first = events[0]
  if (first === undefined || !('packetId' in first) || first.packetId === undefined) return false
  if (!byStream.has(packetStream(campaignId, first.packetId))) return false
  const packet = PMap.get(after.packets, first.packetId)
  return packet !== undefined && after.campaign.status === 'inProgress' && packetItems(packet).some((i) => i.state._tag === 'pending')
}
