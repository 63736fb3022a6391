/**
 * Stream names and the version checks of an append (which streams a command
 * writes and which ones it read).
 *
 * @since 0.1.0
 */
import type { CampaignEvent } from '../campaign/event.js'
import { streamOf } from '../campaign/event.js'
import type { CampaignState } from '../campaign/state.js'
import { packetItems, packetOrder } from '../campaign/state.js'
import type { CampaignId, SubjectId } from '../shared/ids.js'
import type { ExpectedVersion, StreamId, StreamVersion, StreamWrite } from '../ports/store.js'
import { Packets } from '../campaign/packets.js'

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

/**
 * The name under which a store reports a failed whole-campaign check
 * (`expectedPosition`): the campaign's log, `log:<campaignId>`.
 * @example
 * import { campaignLog } from '../../src/service/streams.js' // internal
 * campaignLog('q3' as never) // 'log:q3'
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const campaignLog = (campaignId: CampaignId): StreamId => `log:${campaignId}`

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
 * Where a command read the campaign: its position (the number of events the
 * state is the fold of) and the versions of the streams it asked for.
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export interface ReadPoint {
  readonly position: number
  readonly versions: Readonly<Record<StreamId, StreamVersion>>
}

/**
 * The checks and writes of one append: the stream writes and, unless the
 * result is packet-local, the whole-campaign check.
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export interface PlannedAppend {
  readonly writes: ReadonlyArray<StreamWrite>
  readonly expectedPosition?: number
}

const groupByStream = (campaignId: CampaignId, events: ReadonlyArray<CampaignEvent>): Map<StreamId, CampaignEvent[]> => {
  const byStream = new Map<StreamId, CampaignEvent[]>()
  for (const e of events) {
    const s = streamOf(campaignId, e)
    const list = byStream.get(s)
    if (list === undefined) byStream.set(s, [e])
    else list.push(e)
  }
  return byStream
}

/** How many packets a search for a witness looks at before giving up (then the whole campaign is checked). */
const WITNESS_PROBES = 256

const hashOf = (text: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

const hasPending = (state: CampaignState, packetId: SubjectId): boolean => {
  const packet = Packets.get(state.packets, packetId)
  return packet !== undefined && packetItems(packet).some((i) => i.state._tag === 'pending')
}

/**
 * A packet other than `packetId` that has a pending item in `state`, or
 * `undefined`: the first pending one among at most 256 packets picked by a
 * sequence of hashes of the packet's id (the same packets for the same id;
 * every packet of a campaign of at most 256). A decision that closes its packet checks
 * such a *witness* instead of the whole campaign (see {@link localReadOf}).
 * @example
 * import { witnessOf } from '../../src/service/streams.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem, subjectId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'ann', manager: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-ann', user: 'ann' }, { id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-ann'), anItem('i2', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * witnessOf(state, subjectId('s-ann')) // 's-bob'
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const witnessOf = (state: CampaignState, packetId: SubjectId): SubjectId | undefined => {
  if (state.pending === 0) return undefined
  const order = packetOrder(state)
  const n = order.length
  // scattered probes (not the next packets in order, which concurrent reviewers working
  // through the scope are likely closing too), the same ones for the same packet
  let h = hashOf(packetId)
  for (let k = 0; k < Math.min(n, WITNESS_PROBES); k++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0
    // a small campaign is scanned whole, from a hashed start
    const id = order[n <= WITNESS_PROBES ? (hashOf(packetId) + k) % n : h % n]
    if (id !== undefined && id !== packetId && hasPending(state, id)) return id
  }
  return undefined
}

/**
 * What a *packet-local* result read, or `undefined` when the result depends
 * on the whole campaign. A result is packet-local when it is a `decide` or
 * `reassign` whose events all belong to one packet's stream while the
 * campaign is in progress, and either
 * - the packet still has a pending item afterwards: then it read only its
 *   packet and the campaign stream (no timer of another packet or of the
 *   campaign fired, since those would write other streams, and the campaign
 *   cannot settle while this packet has a pending item); or
 * - it closed its packet's last pending item, and another packet (the
 *   `witness`) still has one: the campaign cannot settle while the witness
 *   is pending, so checking the witness's stream too is enough. Of two
 *   decisions closing the last two packets, each is the other's only
 *   witness, so they conflict and the second sees the campaign settle.
 * @example
 * import { execute } from 'access-review-core'
 * import { localReadOf } from '../../src/service/streams.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * const one = execute({ type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'approve' }, state)
 * one._tag === 'Right' && localReadOf(state.campaign.id, 'decide', one.right.state, one.right.events) // { stream: 'packet:c1:s-bob' }
 * const both = execute({ type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i1'), itemId('i2')], decision: 'approve' }, state)
 * both._tag === 'Right' && localReadOf(state.campaign.id, 'decide', both.right.state, both.right.events) // undefined
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const localReadOf = (
  campaignId: CampaignId,
  commandType: string,
  after: CampaignState | undefined,
  events: ReadonlyArray<CampaignEvent>,
): { readonly stream: StreamId; readonly witness?: StreamId } | undefined => {
  if (commandType !== 'decide' && commandType !== 'reassign') return undefined
  const first = events[0]
  if (after === undefined || after.campaign.status !== 'inProgress' || first === undefined || !('packetId' in first) || first.packetId === undefined) return undefined
  const stream = packetStream(campaignId, first.packetId)
  if (events.some((e) => streamOf(campaignId, e) !== stream)) return undefined
  if (Packets.get(after.packets, first.packetId) === undefined) return undefined
  if (hasPending(after, first.packetId)) return { stream }
  const witness = witnessOf(after, first.packetId)
  return witness === undefined ? undefined : { stream, witness: packetStream(campaignId, witness) }
}

/**
 * The append of a command's events: the events grouped by stream (in their
 * order), and the checks of what the result depends on:
 * - a packet-local result (see {@link localReadOf}) whose versions were
 *   read: its packet stream expected at the version read, and the campaign
 *   stream (status, definition, extensions) and the witness, if any,
 *   checked at the versions read. Two decisions on different packets never
 *   conflict (unless one closes its packet and picked the other's as its
 *   witness); two on the same packet always do.
 * - any other result: every stream of the campaign at once, with
 *   `expectedPosition` (no event was appended to the campaign since it was
 *   read); the written streams then expect `any`, since the position already
 *   covers them.
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
 * const read = { position: 4, versions: { 'campaign:c1': { _tag: 'exact', version: 2 }, 'packet:c1:s-bob': { _tag: 'exact', version: 0 } } } as const
 * const plan = r._tag === 'Right' ? planWrites(state.campaign.id, 'decide', r.right.state, r.right.events, read) : undefined
 * plan?.writes.map((w) => [w.stream, w.expected, w.events.length]) // [['packet:c1:s-bob', { _tag: 'exact', version: 0 }, 1], ['campaign:c1', { _tag: 'exact', version: 2 }, 0]]
 * plan?.expectedPosition // undefined
 * const abort = execute({ type: 'abort', at: at('2025-01-04T09:00:00Z'), actor: rita }, state)
 * const whole = abort._tag === 'Right' ? planWrites(state.campaign.id, 'abort', abort.right.state, abort.right.events, read) : undefined
 * whole?.expectedPosition // 4
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const planWrites = (
  campaignId: CampaignId,
  commandType: string,
  after: CampaignState | undefined,
  events: ReadonlyArray<CampaignEvent>,
  read: ReadPoint,
): PlannedAppend => {
  const byStream = groupByStream(campaignId, events)
  const has = (s: StreamId): boolean => Object.hasOwn(read.versions, s)
  const local = localReadOf(campaignId, commandType, after, events)
  const campaign = campaignStream(campaignId)
  if (local !== undefined && has(local.stream) && has(campaign) && (local.witness === undefined || has(local.witness))) {
    const writes: StreamWrite[] = [...byStream].map(([stream, es]) => ({ stream, expected: expectationOf(read.versions[stream]), events: es }))
    for (const s of [campaign, ...(local.witness === undefined ? [] : [local.witness])]) {
      if (!byStream.has(s)) writes.push({ stream: s, expected: expectationOf(read.versions[s]), events: [] })
    }
    return { writes }
  }
  return { writes: [...byStream].map(([stream, es]) => ({ stream, expected: { _tag: 'any' }, events: es })), expectedPosition: read.position }
}
