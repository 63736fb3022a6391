/**
 * Decoders of what the database answers: rows are input from outside the
 * process like any other, so every row is decoded before the store trusts
 * it (unknown columns refused), and a row that does not decode is a
 * `StoreUnavailable` naming the table, never a defect further on.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { CampaignEvent, CampaignEventType } from '../campaign/event.js'
import type { NotificationIntent } from '../campaign/notification.js'
import { notificationKindSet } from '../campaign/notification.js'
import { NO_RESULTS, withResult } from '../campaign/event.js'
import { Packets } from '../campaign/packets.js'
import type { PacketMap } from '../campaign/packets.js'
import { scopePositions } from '../campaign/state.js'
import type { CampaignState, FulfillmentResults, Packet } from '../campaign/state.js'
import type { Scope } from '../campaign/definition.js'
import type { CommandRecord, StoreUnavailable } from '../ports/store.js'
import { arrayOf, decodeWith, isPlainObject, strict } from '../shared/codec.js'
import { PMap } from '../shared/pmap.js'
import { CampaignId, CommandId, ItemId, SubjectId, UserId } from '../shared/ids.js'
import { Instant } from '../schedule/time.js'

// Every event type (the `satisfies` makes the compiler check the list is complete).
const eventTypes = {
  CampaignCreated: null,
  CampaignEdited: null,
  CampaignPublished: null,
  PacketOpened: null,
  ItemsDecided: null,
  LevelStarted: null,
  LevelCompleted: null,
  TierEscalated: null,
  PacketExpired: null,
  LevelOverdue: null,
  ReviewersAdded: null,
  ItemReassigned: null,
  CampaignExtended: null,
  PacketExtended: null,
  EscalatedBeforeDue: null,
  CampaignOverdue: null,
  ReminderSlotPassed: null,
  BeforeDueReminderSent: null,
  CampaignCompleted: null,
  CampaignAborted: null,
  CampaignExpired: null,
  FulfillmentOptionSet: null,
  FulfillmentResultRecorded: null,
  FulfillmentSummarized: null,
  NotificationIssued: null,
  InfoRequested: null,
  InfoProvided: null,
} satisfies Record<CampaignEventType, null>

/**
 * A stored event: a JSON object whose `type` is an event type and whose
 * `at` is an instant. (The core has no codec of every event's fields: the
 * store wrote what the decider made, and the unique stream/version and the
 * checked schema keep anyone else from writing.)
 * @internal
 */
export const StoredEvent = new t.Type<CampaignEvent, unknown, unknown>(
  'CampaignEvent',
  (u): u is CampaignEvent => isPlainObject(u) && typeof u['type'] === 'string' && Object.hasOwn(eventTypes, u['type']) && Instant.is(u['at']),
  (u, c) => {
    if (!isPlainObject(u) || typeof u['type'] !== 'string' || !Object.hasOwn(eventTypes, u['type'])) return t.failure(u, c, 'an event with a known type')
    return Instant.is(u['at']) ? t.success(u as unknown as CampaignEvent) : t.failure(u, c, 'an event with an instant `at`')
  },
  (a) => a,
)

/** A stored notification intent (every field, no other). @internal */
export const StoredIntent: t.Type<NotificationIntent, unknown, unknown> = strict('NotificationIntent', {
  id: t.string,
  kind: t.keyof(notificationKindSet),
  recipients: arrayOf(UserId),
  campaignId: CampaignId,
  itemIds: arrayOf(ItemId),
  at: Instant,
  summary: t.string,
  link: t.string,
}) as unknown as t.Type<NotificationIntent, unknown, unknown>

const StoredError = new t.Type<{ readonly code: string }, unknown, unknown>(
  'DomainError',
  (u): u is { readonly code: string } => isPlainObject(u) && typeof u['code'] === 'string',
  (u, c) => (isPlainObject(u) && typeof u['code'] === 'string' ? t.success(u as { readonly code: string }) : t.failure(u, c, 'an error with a code')),
  (a) => a,
)

/** A stored command record. @internal */
export const StoredRecord: t.Type<CommandRecord, unknown, unknown> = strict('CommandRecord', {
  commandId: CommandId,
  fingerprint: t.string,
  result: t.union([
    strict('CommandAccepted', { _tag: t.literal('accepted'), at: Instant, events: arrayOf(StoredEvent) }),
    strict('CommandRefused', { _tag: t.literal('refused'), at: Instant, error: StoredError }),
  ]),
}) as unknown as t.Type<CommandRecord, unknown, unknown>

// -------------------------------------------------------------------------------------
// rows
// -------------------------------------------------------------------------------------

/** `SELECT stream, event` rows. @internal */
export const EventRow = strict('ar_events row', { stream: t.string, event: StoredEvent })
/** `SELECT event` rows. @internal */
export const EventOnlyRow = strict('ar_events row', { event: StoredEvent })
/** `SELECT position` of ar_campaigns. @internal */
export const PositionRow = strict('ar_campaigns row', { position: t.number })
/**
 * A stored command record whose events are given by their places in the
 * campaign's log (`eventsAt`, in the record's order) instead of copied: how
 * the store keeps the record of a large append whose events it wrote
 * (docs/decisions.md, D18).
 * @internal
 */
export const StoredRecordRef = strict('CommandRecord (events by log index)', {
  commandId: CommandId,
  fingerprint: t.string,
  result: strict('CommandAccepted (events by log index)', { _tag: t.literal('accepted'), at: Instant, eventsAt: arrayOf(t.number) }),
})

/** A command row, either form (see {@link StoredRecordRef}). @internal */
export const CommandRow = strict('ar_commands row', { record: t.union([StoredRecord, StoredRecordRef]) })
/** `SELECT log_index, event` rows. @internal */
export const IndexedEventRow = strict('ar_events row', { log_index: t.number, event: StoredEvent })
/** An outbox row. @internal */
export const OutboxRow = strict('ar_outbox row', { campaign_id: CampaignId, intent: StoredIntent, attempts: t.number, claimed_until: t.union([t.null, Instant]) })
/** A task row. @internal */
export const TaskRowCodec = strict('ar_reviewer_tasks row', { campaign_id: CampaignId, packet_id: SubjectId, item_id: ItemId })
/** The command record, stream versions and the written packets' events after the states the store holds, as an append reads them under its lock. @internal */
export const ChecksRow = strict('append checks row', {
  record: t.union([t.null, StoredRecord, StoredRecordRef]),
  versions: t.array(strict('stream version', { stream: t.string, version: t.number, hash: t.union([t.null, t.string]) })),
  tails: t.array(EventRow),
})
/** A `loadChain` row. @internal */
export const LinkRow = strict('ar_events link row', {
  log_index: t.number,
  stream: t.string,
  version: t.number,
  prev: t.union([t.null, t.string]),
  hash: t.union([t.null, t.string]),
  event: StoredEvent,
})
/** What loadTail reads in its first statement. @internal */
export const HeadRow = strict('loadTail row', {
  position: t.number,
  snapshot_position: t.number,
  state: t.union([t.null, t.string]),
  parts: t.number,
  versions: t.array(strict('stream version', { stream: t.string, version: t.number })),
})
/** A row of `ar_snapshot_parts` as `loadTail` reads it. @internal */
export const PartRow = strict('ar_snapshot_parts row', { part: t.number, packets: t.string })
/** A `RETURNING` row of a claim. @internal */
export const ClaimedRow = strict('ar_outbox claim row', { claimed: t.boolean })

/** Decodes rows or answers a `StoreUnavailable` naming what did not decode. @internal */
export const rowsOf = <A>(codec: t.Decoder<unknown, A>, rows: ReadonlyArray<unknown>, what: string): E.Either<StoreUnavailable, ReadonlyArray<A>> => {
  const out: A[] = []
  for (const row of rows) {
    const r = decodeWith(codec, row)
    if (E.isLeft(r)) {
      const p = r.left[0]
      return E.left({ code: 'StoreUnavailable', message: `postgres: a row of ${what} does not decode${p === undefined ? '' : ` (${p.path === '' ? '' : `${p.path}: `}${p.expected})`}` })
    }
    out.push(r.right)
  }
  return E.right(out)
}

// -------------------------------------------------------------------------------------
// snapshots
// -------------------------------------------------------------------------------------

// A state is JSON data except for the ±Infinity measures of its maps and its
// packets map, which is written as its packets in scope order (its positions
// come from the scope, its measures from the packets).
const INF = '$access-review-core:+Infinity'
const NEG_INF = '$access-review-core:-Infinity'

// The packets map as JSON: its size and its packets (once, at the top of the
// state, rather than a test of every value of the state in the replacer).
const packetsJson = (m: PacketMap): { readonly size: number; readonly packets: ReadonlyArray<Packet> } => ({ size: m.size, packets: Packets.values(m) })

const replacer = (_k: string, v: unknown): unknown => (v === Number.POSITIVE_INFINITY ? INF : v === Number.NEGATIVE_INFINITY ? NEG_INF : v)

// A state as JSON text with `packets` in place of its packets map (inline, or a count of parts).
const stateText = (state: CampaignState, packets: unknown): string =>
  JSON.stringify({ campaign: state.campaign, packets, pending: state.pending, expired: state.expired }, replacer)

/** A state as one JSON text, its packets inline (what schema version 2 wrote; `decodeState` reads it). @internal */
export const encodeState = (state: CampaignState): string => stateText(state, packetsJson(state.packets))

/**
 * The most characters of packets' JSON in one part of a snapshot (32 MiB;
 * a JavaScript string holds at most 536,870,888 in Node 20). @internal
 */
export const SNAPSHOT_PART_CHARS = 32 * 1024 * 1024

/** A snapshot as the store writes it since schema version 3: its head and its parts. @internal */
export interface SnapshotText {
  /** The state without its packets: `packets` is `{ size, parts }`. */
  readonly head: string
  /** The packets in scope order, as JSON arrays of at most `partChars` characters (or one packet, if larger). */
  readonly parts: ReadonlyArray<string>
}

/**
 * A state as a head and parts (D27): the packets are written one at a time
 * and gathered into parts of at most `partChars` characters, so no text
 * holds the whole state (the state of 1,000,000 items is about 1.7 GB of
 * JSON). A state without packets has no part. @internal
 */
export const encodeSnapshot = (state: CampaignState, partChars: number = SNAPSHOT_PART_CHARS): SnapshotText => {
  const parts: string[] = []
  let pieces: string[] = []
  let chars = 0
  const close = (): void => {
    if (pieces.length === 0) return
    parts.push(`[${pieces.join(',')}]`)
    pieces = []
    chars = 0
  }
  const packets = Packets.values(state.packets)
  for (let i = 0; i < packets.length; i++) {
    const text = JSON.stringify(packets[i], replacer)
    if (chars > 0 && chars + text.length + 1 > partChars) close()
    pieces.push(text)
    chars += text.length + 1
  }
  close()
  return { head: stateText(state, { size: state.packets.size, parts: parts.length }), parts }
}

const SnapshotState = strict(
  'CampaignState',
  {
    campaign: t.type({ id: CampaignId, status: t.string }),
    packets: t.type({ size: t.number }),
    pending: t.number,
    expired: t.number,
  },
  {},
)

/**
 * The entries of a persistent map as JSON parsed it, in the map's own order
 * (a collision node's entries in theirs), or `undefined` for a tree that is
 * not one. Iterative: a tree from the database is input, and a deep one must
 * not overflow the stack.
 */
const parsedEntries = (map: unknown): Array<readonly [string, unknown]> | undefined => {
  if (!isPlainObject(map) || typeof map['size'] !== 'number') return undefined
  const out: Array<readonly [string, unknown]> = []
  const stack: unknown[] = map['root'] === undefined ? [] : [map['root']]
  while (stack.length > 0) {
    const n = stack.pop()
    if (!isPlainObject(n) || !Array.isArray(n['slots'])) return undefined
    const slots: ReadonlyArray<unknown> = n['slots']
    if (n['t'] === 1) {
      if (typeof n['key'] !== 'string') return undefined
      out.push([n['key'], n['value']])
    } else if (n['t'] === 0 || n['t'] === 2) {
      // the last slot is popped first: pushed in reverse, the entries come out in order
      for (let i = slots.length - 1; i >= 0; i--) stack.push(slots[i])
    } else return undefined
  }
  return out.length === map['size'] ? out : undefined
}

/**
 * The packets of a parsed state with their ids: a list of packets (written
 * since the packets are kept by position), or the entries of a persistent
 * map's tree (written before); `undefined` for anything else.
 */
const packetsOfParsed = (map: unknown, parts: ReadonlyArray<unknown> | undefined): Array<readonly [string, unknown]> | undefined => {
  // written since schema version 3: the packets in parts (`parts` counts them)
  const split = isPlainObject(map) && map['parts'] !== undefined
  if (!split && parts !== undefined && parts.length > 0) return undefined
  if (!isPlainObject(map) || (!split && !Array.isArray(map['packets']))) return parsedEntries(map)
  const lists: ReadonlyArray<unknown> = split ? (parts ?? []) : [map['packets']]
  if (split && map['parts'] !== lists.length) return undefined
  const out: Array<readonly [string, unknown]> = []
  for (const list of lists) {
    if (!Array.isArray(list)) return undefined
    for (const p of list as ReadonlyArray<unknown>) {
      if (!isPlainObject(p) || typeof p['id'] !== 'string') return undefined
      out.push([p['id'], p])
    }
  }
  return out.length === map['size'] ? out : undefined
}

/**
 * The fulfillment results of a parsed state, rebuilt with their counts:
 * from a map of results (since 0.2.0) or from a record by item id (written
 * by earlier versions); `undefined` for anything else.
 */
const revivedResults = (parsed: unknown): FulfillmentResults | undefined => {
  const entries = isPlainObject(parsed) && isPlainObject(parsed['byItem']) ? parsedEntries(parsed['byItem']) : isPlainObject(parsed) ? Object.entries(parsed) : undefined
  if (entries === undefined) return undefined
  let r = NO_RESULTS
  for (const [id, result] of entries) {
    if (result !== 'done' && result !== 'failed') return undefined
    r = withResult(r, id, result)
  }
  return r
}

/**
 * A packet's items as its state holds them: an array in the order of its
 * item ids, as written since D29, or from a record by item id (written
 * before); `undefined` for anything else.
 */
const revivedItems = (itemIds: unknown, items: unknown): unknown[] | undefined => {
  if (!Array.isArray(itemIds)) return undefined
  if (Array.isArray(items)) return items.length === itemIds.length ? items : undefined
  if (!isPlainObject(items)) return undefined
  const out = new Array<unknown>(itemIds.length)
  for (let k = 0; k < itemIds.length; k++) {
    const id: unknown = itemIds[k]
    if (typeof id !== 'string' || !Object.hasOwn(items, id)) return undefined
    out[k] = items[id]
  }
  return out
}

/**
 * The packets map and the active users rebuilt from the entries of their
 * parsed trees, each packet's items as an array (see `revivedItems`): a map as
 * JSON parsed it has the measures of the JSON (markers, not numbers). The measures are computed again from
 * the packets, as the fold computed them. Mutates `parsed` (freshly parsed
 * here, nobody else holds it).
 */
const revived = (parsed: Record<string, unknown>, parts: ReadonlyArray<unknown> | undefined): CampaignState | undefined => {
  const campaign = parsed['campaign']
  // the packets in scope order, in parts (since schema version 3) or inline
  // (since the packets were kept by position), or the entries of a trie (before)
  const packetEntries = packetsOfParsed(parsed['packets'], parts)
  const userEntries = isPlainObject(campaign) ? parsedEntries(campaign['activeUsers']) : undefined
  if (!isPlainObject(campaign) || packetEntries === undefined || userEntries === undefined) return undefined
  // the packets' places come from the scope (a packet of a subject outside it is kept apart)
  const scope: unknown = campaign['scope'] ?? []
  if (!Array.isArray(scope) || !scope.every(isPlainObject)) return undefined
  const packets = Packets.builder(Packets.empty(scopePositions(scope as unknown as Scope)))
  for (const [id, packet] of packetEntries) {
    const items = isPlainObject(packet) ? revivedItems(packet['itemIds'], packet['items']) : undefined
    if (!isPlainObject(packet) || items === undefined) return undefined
    packet['items'] = items
    packets.put(id, packet as unknown as Packet)
  }
  const users = PMap.builder(PMap.empty<true>())
  for (const [id] of userEntries) users.put(id, true)
  campaign['activeUsers'] = users.done()
  const results = revivedResults(campaign['results'])
  if (results === undefined) return undefined
  campaign['results'] = results
  parsed['packets'] = packets.done()
  return parsed as unknown as CampaignState
}

/**
 * A state from its JSON text, checked to be a state of `campaignId`. Parsed
 * without a reviver (a function called for every value of a state of
 * 100,000 items doubled the time): the infinity markers of the measures
 * stay strings in the parsed trees, which are rebuilt (see `revived`).
 * `parts` are the texts of its packets when they were written apart (since
 * schema version 3: `encodeSnapshot`); a head that counts parts is refused
 * without them, and one that counts none with them.
 * @internal
 */
export const decodeState = (text: string, campaignId: string, parts?: ReadonlyArray<string>): E.Either<StoreUnavailable, CampaignState> => {
  let parsed: unknown
  let parsedParts: unknown[] | undefined
  try {
    parsed = JSON.parse(text)
  } catch {
    return E.left({ code: 'StoreUnavailable', message: 'postgres: a snapshot of ar_snapshots is not JSON' })
  }
  if (parts !== undefined) {
    parsedParts = []
    for (let i = 0; i < parts.length; i++) {
      try {
        parsedParts.push(JSON.parse(parts[i] as string))
      } catch {
        return E.left({ code: 'StoreUnavailable', message: `postgres: part ${i} of a snapshot of ar_snapshot_parts is not JSON` })
      }
    }
  }
  const r = decodeWith(SnapshotState, parsed)
  const state = E.isRight(r) && r.right.campaign.id === campaignId && isPlainObject(parsed) ? revived(parsed, parsedParts) : undefined
  if (state === undefined) return E.left({ code: 'StoreUnavailable', message: `postgres: the snapshot of ${campaignId} in ar_snapshots is not a state of that campaign` })
  return E.right(state)
}
