/**
 * Events and the fold that applies them. State is a fold of events, so the
 * event log is the audit trail and replay is exact. Packet events carry the
 * packet id and touch only that packet.
 *
 * @since 0.1.0
 */
import type { CampaignId, ItemId, SubjectId, UserId } from '../shared/ids.js'
import type { Writable } from '../shared/codec.js'
import { PMap } from '../shared/pmap.js'
import type { Answers, Verdict } from '../review/attestation.js'
import type { DecisionRecord, Item, ItemSpec, SharedDecision } from '../review/item.js'
import { applyDecision, itemWith, pendingAt } from '../review/item.js'
import type { ReviewLevel } from '../review/reviewer.js'
import type { ResolutionTrace } from '../review/trace.js'
import type { Delegation } from '../review/directory.js'
import type { Instant } from '../schedule/time.js'
import { closeClock, escalateClock, grantDays, nextLapse, openClock, packetProjectedEnd, reopenClock, startLevel } from '../schedule/window.js'
import type { AccessOutcome, CampaignDefinition, Scope } from './definition.js'
import type { NotificationIntent } from './notification.js'
import type { Campaign, CampaignState, FulfillmentAction, FulfillmentOption, FulfillmentResult, FulfillmentResults, FulfillmentSummaryKind, Packet } from './state.js'
import { itemSlot, lastLevelOf, scopePositions } from './state.js'
import { Packets } from './packets.js'
import type { PacketMap, PacketMapDraft } from './packets.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One decision inside an `ItemsDecided` event.
 * @since 0.1.0
 * @category Events and state
 */
export interface DecidedItem {
  readonly itemId: ItemId
  readonly level: number
  readonly tier: number
  readonly decision: Verdict
  readonly comment?: string
  readonly answers?: Answers
  /** Set when the decider acts as the delegate of this reviewer. @since 0.2.0 */
  readonly onBehalfOf?: UserId
  /** Set on an approval by a flagged reviewer: the item waits for this user's second approval. @since 0.2.0 */
  readonly needsApprovalBy?: UserId
}

/**
 * Every event of the library. `at` is when it happened; packet events carry
 * `packetId`.
 * @since 0.1.0
 * @category Events and state
 */
export type CampaignEvent =
  | CampaignCreated
  | CampaignEdited
  | CampaignPublished
  | PacketOpened
  | ItemsDecided
  | LevelStarted
  | LevelCompleted
  | TierEscalated
  | PacketExpired
  | LevelOverdue
  | ReviewersAdded
  | ItemReassigned
  | InfoRequested
  | InfoProvided
  | CampaignExtended
  | PacketExtended
  | EscalatedBeforeDue
  | CampaignOverdue
  | ReminderSlotPassed
  | BeforeDueReminderSent
  | CampaignCompleted
  | CampaignAborted
  | CampaignExpired
  | FulfillmentOptionSet
  | FulfillmentResultRecorded
  | FulfillmentSummarized
  | NotificationIssued

/**
 * One item of a `PacketOpened` event: its spec and its reviewer chain.
 * @since 0.1.0
 * @category Events and state
 */
export interface OpenedItem {
  readonly spec: ItemSpec
  readonly levels: ReadonlyArray<ReviewLevel>
  /** How `levels` were resolved (absent in logs written before 0.2.0). */
  readonly trace?: ResolutionTrace
}

/**
 * Users added to one tier of one item (`ReviewersAdded`).
 * @since 0.1.0
 * @category Events and state
 */
export interface ReviewerAddition {
  readonly itemId: ItemId
  readonly level: number
  readonly tier: number
  readonly users: ReadonlyArray<UserId>
}

/**
 * Days granted to a running tier by an extension (`PacketExtended`).
 * @since 0.1.0
 * @category Events and state
 */
export interface ExtensionGrant {
  readonly level: number
  readonly tier: number
  readonly days: number
}

/**
 * Days added to a level not yet started, applied when it starts (`PacketExtended`).
 * @since 0.1.0
 * @category Events and state
 */
export interface PlannedExtension {
  readonly level: number
  readonly days: number
}

/**
 * A draft campaign was created.
 * @since 0.1.0
 * @category Events and state
 */
export interface CampaignCreated {
  readonly type: 'CampaignCreated'
  readonly at: Instant
  readonly by: UserId
  readonly definition: CampaignDefinition
  readonly items: Scope
}

/**
 * A draft campaign's definition or items were replaced.
 * @since 0.1.0
 * @category Events and state
 */
export interface CampaignEdited {
  readonly type: 'CampaignEdited'
  readonly at: Instant
  readonly by: UserId
  readonly definition: CampaignDefinition
  readonly items: Scope
}

/**
 * The campaign was published: reviewers resolved, windows started.
 * @since 0.1.0
 * @category Events and state
 */
export interface CampaignPublished {
  readonly type: 'CampaignPublished'
  readonly at: Instant
  readonly by: UserId
  readonly dueAt?: Instant
  readonly managers: Readonly<Record<string, UserId>>
  /** The active users of the directory at publish: the users that reassignment may choose. */
  readonly activeUsers: ReadonlyArray<UserId>
  /** The delegations of the directory, by delegating user (absent when none). @since 0.2.0 */
  readonly delegates?: Readonly<Record<string, Delegation>>
  /** Users flagged with a risk insight of the definition → their second approver (absent when none). @since 0.2.0 */
  readonly secondApprovers?: Readonly<Record<string, UserId>>
}

/**
 * A packet (all items of one subject) was opened at publish, with each item's reviewer chain.
 * @since 0.1.0
 * @category Events and state
 */
export interface PacketOpened {
  readonly type: 'PacketOpened'
  readonly at: Instant
  readonly packetId: SubjectId
  readonly subjectUser?: UserId
  readonly items: ReadonlyArray<OpenedItem>
}

/**
 * Items of one packet were approved or revoked by one reviewer.
 * @since 0.1.0
 * @category Events and state
 */
export interface ItemsDecided {
  readonly type: 'ItemsDecided'
  readonly at: Instant
  readonly packetId: SubjectId
  readonly by: UserId
  readonly decisions: ReadonlyArray<DecidedItem>
}

/**
 * A level of a packet started (its window opened).
 * @since 0.1.0
 * @category Events and state
 */
export interface LevelStarted {
  readonly type: 'LevelStarted'
  readonly at: Instant
  readonly packetId: SubjectId
  readonly level: number
}

/**
 * A level of a packet completed (every item moved on or was decided).
 * @since 0.1.0
 * @category Events and state
 */
export interface LevelCompleted {
  readonly type: 'LevelCompleted'
  readonly at: Instant
  readonly packetId: SubjectId
  readonly level: number
  /** Set when a reviewer completed the level with `submit` (`completeOn: 'submit'`). @since 0.2.0 */
  readonly submittedBy?: UserId
}

/**
 * Items of a packet moved to the next escalation tier of their level.
 * @since 0.1.0
 * @category Events and state
 */
export interface TierEscalated {
  readonly type: 'TierEscalated'
  readonly at: Instant
  readonly packetId: SubjectId
  readonly level: number
  readonly tier: number
  readonly itemIds: ReadonlyArray<ItemId>
}

/**
 * A packet's last tier lapsed under the `expire` policy: its pending items expired.
 * @since 0.1.0
 * @category Events and state
 */
export interface PacketExpired {
  readonly type: 'PacketExpired'
  readonly at: Instant
  readonly packetId: SubjectId
  readonly level: number
  readonly itemIds: ReadonlyArray<ItemId>
}

/**
 * A packet's last tier lapsed under the `overdue` policy: its items stay pending.
 * @since 0.1.0
 * @category Events and state
 */
export interface LevelOverdue {
  readonly type: 'LevelOverdue'
  readonly at: Instant
  readonly packetId: SubjectId
  readonly level: number
  readonly itemIds: ReadonlyArray<ItemId>
}

/**
 * Reviewers were added to tiers (escalation before the due date).
 * @since 0.1.0
 * @category Events and state
 */
export interface ReviewersAdded {
  readonly type: 'ReviewersAdded'
  readonly at: Instant
  readonly packetId: SubjectId
  readonly additions: ReadonlyArray<ReviewerAddition>
}

/**
 * A reviewer asked for more information on items of a packet.
 * @since 0.2.0
 * @category Events and state
 */
export interface InfoRequested {
  readonly type: 'InfoRequested'
  readonly at: Instant
  readonly packetId: SubjectId
  readonly by: UserId
  readonly itemIds: ReadonlyArray<ItemId>
  readonly asked: ReadonlyArray<UserId>
  readonly question: string
}

/**
 * A user who was asked answered a request for more information.
 * @since 0.2.0
 * @category Events and state
 */
export interface InfoProvided {
  readonly type: 'InfoProvided'
  readonly at: Instant
  readonly packetId: SubjectId
  readonly by: UserId
  readonly itemIds: ReadonlyArray<ItemId>
  readonly answer: string
}

/**
 * An item's active tier was moved to another user.
 * @since 0.1.0
 * @category Events and state
 */
export interface ItemReassigned {
  readonly type: 'ItemReassigned'
  readonly at: Instant
  readonly packetId: SubjectId
  readonly by: UserId
  readonly itemId: ItemId
  readonly level: number
  readonly tier: number
  readonly to: UserId
  /**
   * Set when a reviewer forwarded or delegated their own item: `to` takes
   * this reviewer's place in the tier (the other reviewers stay). Without
   * it, `to` replaces the whole tier (a risk manager's reassignment).
   * @since 0.2.0
   */
  readonly replaces?: UserId
  /** Set by a delegation: `to` decides on behalf of this reviewer. @since 0.2.0 */
  readonly onBehalfOf?: UserId
  /** The reason a reviewer gave for forwarding. @since 0.2.0 */
  readonly comment?: string
}

/**
 * The campaign was extended by a number of days.
 * @since 0.1.0
 * @category Events and state
 */
export interface CampaignExtended {
  readonly type: 'CampaignExtended'
  readonly at: Instant
  readonly by: UserId
  readonly days: number
  readonly cascade: boolean
  readonly dueAt?: Instant
  /** The new due date is after `at`: passing it will notify again. */
  readonly resetsOverdue: boolean
}

/**
 * A packet's windows were extended (cascade extension).
 * @since 0.1.0
 * @category Events and state
 */
export interface PacketExtended {
  readonly type: 'PacketExtended'
  readonly at: Instant
  readonly packetId: SubjectId
  readonly grants: ReadonlyArray<ExtensionGrant>
  readonly planned: ReadonlyArray<PlannedExtension>
  readonly reopened: boolean
}

/**
 * The managers of reviewers with pending items were added before the due date.
 * @since 0.1.0
 * @category Events and state
 */
export interface EscalatedBeforeDue {
  readonly type: 'EscalatedBeforeDue'
  readonly at: Instant
}

/**
 * The campaign passed its due date.
 * @since 0.1.0
 * @category Events and state
 */
export interface CampaignOverdue {
  readonly type: 'CampaignOverdue'
  readonly at: Instant
}

/**
 * A scheduled reminder slot passed.
 * @since 0.1.0
 * @category Events and state
 */
export interface ReminderSlotPassed {
  readonly type: 'ReminderSlotPassed'
  readonly at: Instant
  readonly slot: number
}

/**
 * The reminder before the due date was sent.
 * @since 0.1.0
 * @category Events and state
 */
export interface BeforeDueReminderSent {
  readonly type: 'BeforeDueReminderSent'
  readonly at: Instant
  readonly dueAt: Instant
}

/**
 * The campaign was completed, with its fulfillment plan.
 * @since 0.1.0
 * @category Events and state
 */
export interface CampaignCompleted {
  readonly type: 'CampaignCompleted'
  readonly at: Instant
  readonly by?: UserId
  readonly outstanding?: AccessOutcome
  readonly plan: ReadonlyArray<FulfillmentAction>
}

/**
 * The campaign was aborted.
 * @since 0.1.0
 * @category Events and state
 */
export interface CampaignAborted {
  readonly type: 'CampaignAborted'
  readonly at: Instant
  readonly by: UserId
}

/**
 * The campaign expired: every packet lapsed.
 * @since 0.1.0
 * @category Events and state
 */
export interface CampaignExpired {
  readonly type: 'CampaignExpired'
  readonly at: Instant
}

/**
 * The fulfillment option of an application integration was set.
 * @since 0.1.0
 * @category Events and state
 */
export interface FulfillmentOptionSet {
  readonly type: 'FulfillmentOptionSet'
  readonly at: Instant
  readonly by: UserId
  readonly application: string
  readonly option: FulfillmentOption
}

/**
 * The result of a fulfillment action was recorded.
 * @since 0.1.0
 * @category Events and state
 */
export interface FulfillmentResultRecorded {
  readonly type: 'FulfillmentResultRecorded'
  readonly at: Instant
  readonly itemId: ItemId
  readonly result: FulfillmentResult
}

/**
 * A fulfillment summary was issued.
 * @since 0.1.0
 * @category Events and state
 */
export interface FulfillmentSummarized {
  readonly type: 'FulfillmentSummarized'
  readonly at: Instant
  readonly kind: FulfillmentSummaryKind
}

/**
 * A notification intent was issued (one recipient).
 * @since 0.1.0
 * @category Events and state
 */
export interface NotificationIssued {
  readonly type: 'NotificationIssued'
  readonly at: Instant
  readonly packetId?: SubjectId
  readonly intent: NotificationIntent
}

/**
 * The event type names.
 * @since 0.1.0
 * @category Events and state
 */
export type CampaignEventType = CampaignEvent['type']

// -------------------------------------------------------------------------------------
// evolve
// -------------------------------------------------------------------------------------


/**
 * A packet with some of its fields replaced, built as one object literal in
 * the packet's own key order. Spreading objects whose optional fields vary
 * (`{ ...p, items }`) takes V8's slow generic path: in a replay that was a
 * sixth of the time (issue 9).
 */
const packetWith = (
  p: Packet,
  change: { readonly items?: Packet['items']; readonly clocks?: Packet['clocks']; readonly plannedExtra?: Packet['plannedExtra'] },
): Packet => rebuildPacket(p, change.items ?? p.items, change.clocks ?? p.clocks, change.plannedExtra ?? p.plannedExtra, p.nextLapseAt, p.projectedEndAt)

/**
 * A packet with other clocks (see `packetWith`).
 * @example
 * import { openedPacket, packetWithClocks } from '../../src/campaign/event.js' // internal
 * import { anItem, at } from 'access-review-core/testing'
 * const p = openedPacket({ type: 'PacketOpened', at: at('2025-01-03T09:00:00Z'), packetId: 's-bob' as never, items: [{ spec: anItem('i1', 's-bob'), levels: [] }] })
 * packetWithClocks(p, []).clocks // []
 * @since 0.2.0
 * @category Events and state
 * @internal
 */
export const packetWithClocks = (p: Packet, clocks: Packet['clocks']): Packet => packetWith(p, { clocks })

// Every field of a packet is rebuilt: adding one to `Packet` fails to compile here until `rebuildPacket` keeps it.
const REBUILT_FIELDS: { readonly [K in keyof Required<Packet>]: true } = {
  id: true,
  subjectUser: true,
  itemIds: true,
  items: true,
  clocks: true,
  plannedExtra: true,
  nextLapseAt: true,
  projectedEndAt: true,
}
void REBUILT_FIELDS

const rebuildPacket = (
  p: Packet,
  items: Packet['items'],
  clocks: Packet['clocks'],
  plannedExtra: Packet['plannedExtra'],
  nextLapseAt: Instant | undefined,
  projectedEndAt: Instant | undefined,
): Packet => {
  // one literal per combination of the optional fields: every field is then
  // kept in the object itself (fields added to a literal afterwards go to a
  // separate property array, one more heap object per packet: issue 9)
  const id = p.id
  const itemIds = p.itemIds
  const u = p.subjectUser
  if (nextLapseAt !== undefined) {
    if (projectedEndAt !== undefined) {
      return u === undefined
        ? { id, itemIds, items, clocks, plannedExtra, nextLapseAt, projectedEndAt }
        : { id, subjectUser: u, itemIds, items, clocks, plannedExtra, nextLapseAt, projectedEndAt }
    }
    return u === undefined ? { id, itemIds, items, clocks, plannedExtra, nextLapseAt } : { id, subjectUser: u, itemIds, items, clocks, plannedExtra, nextLapseAt }
  }
  if (projectedEndAt !== undefined) {
    return u === undefined ? { id, itemIds, items, clocks, plannedExtra, projectedEndAt } : { id, subjectUser: u, itemIds, items, clocks, plannedExtra, projectedEndAt }
  }
  return u === undefined ? { id, itemIds, items, clocks, plannedExtra } : { id, subjectUser: u, itemIds, items, clocks, plannedExtra }
}

// Copies the items once and applies `f` to each listed item: a batch of k
// decisions in a packet of n items costs O(n + k), not O(n·k). An items
// array the running fold owns (see `ownedItems`) is updated in place.
const updateItems = (p: Packet, ids: ReadonlyArray<ItemId>, f: (i: Item, index: number) => Item): Packet => {
  let items: Item[] | undefined
  const itemIds = p.itemIds
  for (let index = 0; index < ids.length; index++) {
    const id = ids[index]
    const k = id === undefined ? -1 : itemSlot(itemIds, id)
    if (k < 0) continue
    items ??= writableItems(p)
    items[k] = f(items[k] as Item, index)
  }
  return items === undefined ? p : withWrittenItems(p, items)
}

// The items of a packet to write into: the array itself when the running fold
// owns it (see `ownedItems`), else a copy.
const writableItems = (p: Packet): Item[] => (ownedItems?.has(p.items) === true ? (p.items as Item[]) : p.items.slice())

// The packet with the items `writableItems` gave, written; a copy becomes the running fold's own.
const withWrittenItems = (p: Packet, items: Item[]): Packet => {
  if (items !== p.items) ownedItems?.add(items)
  return packetWith(p, { items })
}

// While a fold replays events that no decider has evolved (no evolve memo:
// a replay, a load, an advance), nothing outside the fold has seen the items
// arrays it creates: the packets holding them live only in its draft of the
// packets map (and in states it never returns) until it returns. Such an
// array is updated in place by the next event of its packet instead of
// being copied again (a packet's items are copied once per fold, not once
// per event). A new set per fold: an array is never owned once its fold has
// returned.
let ownedItems: WeakSet<object> | undefined

const setClock = (p: Packet, level: number, f: (c: NonNullable<Packet['clocks'][number]>) => Packet['clocks'][number]): Packet => {
  const c = p.clocks[level - 1]
  if (c === undefined) return p
  const clocks = p.clocks.slice()
  clocks[level - 1] = f(c)
  return packetWith(p, { clocks })
}

const tally = (p: Packet): { pending: number; expired: number } => {
  let pending = 0
  let expired = 0
  const items = p.items
  for (let k = 0; k < items.length; k++) {
    const tag = (items[k] as Item).state._tag
    if (tag === 'pending') pending++
    else if (tag === 'expired') expired++
  }
  return { pending, expired }
}

/**
 * The packet with its derived timing fields brought up to date: the next
 * lapse of its open tier and (under `reviewerWindows`) the end of its last
 * reachable window. O(items of the packet).
 * @internal
 */
export const withTiming = (p: Packet, def: CampaignDefinition): Packet => {
  const windows = def.timing.policy === 'reviewerWindows'
  const lastLevel = windows ? lastLevelOf(p) : 0
  let lapse: Instant | undefined
  let end: Instant | undefined
  const known = lastTiming
  if (known !== undefined && known.def === def && known.plannedExtra === p.plannedExtra && known.lastLevel === lastLevel && sameClocks(known.clocks, p.clocks)) {
    lapse = known.lapse
    end = known.end
  } else {
    const clock = openClock(p.clocks)
    lapse = clock === undefined ? undefined : nextLapse(def.timing, def.timeZone, clock)
    end = windows ? packetProjectedEnd(def.timing, def.timeZone, p.clocks, p.plannedExtra, lastLevel) : undefined
    lastTiming = { def, clocks: p.clocks, plannedExtra: p.plannedExtra, lastLevel, lapse, end }
  }
  if (p.nextLapseAt === lapse && p.projectedEndAt === end) return p
  return rebuildPacket(p, p.items, p.clocks, p.plannedExtra, lapse, end)
}

// The timing `withTiming` computed last, with what it depends on: the
// definition, the clocks (the same clock objects: the packets of one command
// share the clocks it starts and closes, see `startLevel`), the extension
// days planned and the deepest reachable level. A one-entry memo of a pure
// function: a bulk command times thousands of packets whose clocks are the
// same values.
let lastTiming:
  | {
      readonly def: CampaignDefinition
      readonly clocks: Packet['clocks']
      readonly plannedExtra: Packet['plannedExtra']
      readonly lastLevel: number
      readonly lapse: Instant | undefined
      readonly end: Instant | undefined
    }
  | undefined

const sameClocks = (a: Packet['clocks'], b: Packet['clocks']): boolean => {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false
  return true
}

const withCampaign = (s: CampaignState, f: (c: Campaign) => Campaign): CampaignState => ({ campaign: f(s.campaign), packets: s.packets, pending: s.pending, expired: s.expired })

/**
 * No fulfillment result yet (shared: states are never written).
 * @example
 * import { NO_RESULTS } from '../../src/campaign/event.js' // internal
 * ;[NO_RESULTS.byItem.size, NO_RESULTS.done, NO_RESULTS.failed] // [0, 0, 0]
 * @since 0.2.0
 * @category Events and state
 * @internal
 */
export const NO_RESULTS: FulfillmentResults = { byItem: PMap.empty(), done: 0, failed: 0 }

/**
 * The results with one more (or a changed) result: O(log n), the counts kept.
 * @example
 * import { withResult } from '../../src/campaign/event.js' // internal
 * import { PMap } from '../../src/shared/pmap.js' // internal
 * const one = withResult({ byItem: PMap.empty(), done: 0, failed: 0 }, 'i1', 'failed')
 * const retried = withResult(one, 'i1', 'done')
 * ;[retried.byItem.size, retried.done, retried.failed] // [1, 1, 0]
 * withResult(retried, 'i1', 'done') === retried // true
 * @since 0.2.0
 * @category Events and state
 * @internal
 */
export const withResult = (r: FulfillmentResults, itemId: string, result: FulfillmentResult): FulfillmentResults => {
  const before = PMap.get(r.byItem, itemId)
  if (before === result) return r
  const count = (k: FulfillmentResult): number => (result === k ? 1 : 0) - (before === k ? 1 : 0)
  return { byItem: PMap.set(r.byItem, itemId, result), done: r.done + count('done'), failed: r.failed + count('failed') }
}

const created = (e: Extract<CampaignEvent, { type: 'CampaignCreated' }>): CampaignState => ({
  campaign: {
    id: e.definition.id,
    definition: e.definition,
    scope: e.items,
    status: 'draft',
    createdAt: e.at,
    clock: e.at,
    managers: {},
    activeUsers: PMap.empty(),
    extensions: [],
    fulfillment: {},
    overdueNotified: false,
    escalatedBeforeDue: false,
    reminderSlot: 1,
    results: NO_RESULTS,
  },
  packets: Packets.empty(scopePositions(e.items)),
  pending: 0,
  expired: 0,
})

// Shared by every new item (items are never mutated): one object each, not one per item.
const NO_DECISIONS: ReadonlyArray<DecisionRecord> = []

/**
 * The packet a `PacketOpened` event opens: its items pending at level 1 and
 * level 1's clock started, without the derived timing fields (the fold adds
 * them with `withTiming`). Also used by stores that project one packet's
 * stream (the PostgreSQL tasks projection).
 * @example
 * import { openedPacket } from '../../src/campaign/event.js' // internal
 * import { anItem, at } from 'access-review-core/testing'
 * const p = openedPacket({ type: 'PacketOpened', at: at('2025-01-03T09:00:00Z'), packetId: 's-bob' as never, items: [{ spec: anItem('i1', 's-bob'), levels: [] }] })
 * p.itemIds // ['i1']
 * p.items[0]?.state // { _tag: 'pending', level: 1 }
 * @since 0.2.0
 * @category Events and state
 * @internal
 */
export const openedPacket = (e: Extract<CampaignEvent, { type: 'PacketOpened' }>): Packet => {
  // exact length (kept for the packet's life), not grown by pushes
  const itemIds: ItemId[] = e.items.map((it) => it.spec.id)
  const items = new Array<Item>(e.items.length)
  for (let k = 0; k < e.items.length; k++) {
    const it = e.items[k] as OpenedItem
    items[k] =
      it.trace === undefined
        ? { spec: it.spec, levels: it.levels, state: pendingAt(1), decisions: NO_DECISIONS }
        : { spec: it.spec, levels: it.levels, state: pendingAt(1), decisions: NO_DECISIONS, trace: it.trace }
  }
  const clocks = [startLevel(1, e.at, 0)]
  ownedItems?.add(items)
  return e.subjectUser === undefined
    ? { id: e.packetId, itemIds, items, clocks, plannedExtra: NO_EXTRA }
    : { id: e.packetId, subjectUser: e.subjectUser, itemIds, items, clocks, plannedExtra: NO_EXTRA }
}

/** The extension days of a packet no extension reached (shared: arrays of a state are never written). */
const NO_EXTRA: ReadonlyArray<number> = []

const openPacket = (s: CampaignState, e: Extract<CampaignEvent, { type: 'PacketOpened' }>, work: FoldWork | undefined): CampaignState => {
  const pending = s.pending + e.items.length
  if (work !== undefined) {
    draftOf(work, s.packets).set(e.packetId, openedPacket(e))
    return { campaign: s.campaign, packets: s.packets, pending, expired: s.expired }
  }
  const packet = withTiming(openedPacket(e), s.campaign.definition)
  return { campaign: s.campaign, packets: Packets.set(s.packets, e.packetId, packet), pending, expired: s.expired }
}

const reassignLevel = (lv: ReviewLevel, e: ItemReassigned): ReviewLevel => {
  const replaces = e.replaces
  const tiers = lv.tiers.map((ts, t) =>
    t !== e.tier ? ts : replaces === undefined ? [e.to] : [...new Set(ts.map((u) => (u === replaces ? e.to : u)))],
  )
  if (e.onBehalfOf === undefined) return { ...lv, tiers }
  return { ...lv, tiers, onBehalfOf: { ...(lv.onBehalfOf ?? {}), [e.to]: e.onBehalfOf } }
}

/**
 * Applies a packet event to its packet (cost: the packet's items). Other
 * events leave the packet as it is. The derived timing fields are brought up
 * to date by `evolve`, not here.
 * @example
 * import { packetsOf } from 'access-review-core'
 * import { evolvePacket } from '../../src/campaign/event.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const packet = packetsOf(run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!)[0]!
 * const closed = evolvePacket(packet, { type: 'LevelCompleted', at: at('2025-01-04T09:00:00Z'), packetId: packet.id, level: 1 })
 * closed.clocks[0]?.outcome // 'complete'
 * packet.clocks[0]?.outcome // undefined
 * @since 0.1.0
 * @category Events and state
 * @internal
 */
export const evolvePacket = (p: Packet, e: CampaignEvent): Packet => {
  const out = applyPacketEvent(p, e)
  evolveMemo?.record(e, p, out)
  return out
}

/**
 * The packet an event makes, like {@link evolvePacket} but not remembered
 * for a fold: for a decider whose events are not folded again (a decide
 * command: see `afterDecided`).
 * @example
 * import { applyEvent, openedPacket } from '../../src/campaign/event.js' // internal
 * import { anItem, at } from 'access-review-core/testing'
 * const p = openedPacket({ type: 'PacketOpened', at: at('2025-01-03T09:00:00Z'), packetId: 's-bob' as never, items: [{ spec: anItem('i1', 's-bob'), levels: [] }] })
 * applyEvent(p, { type: 'LevelCompleted', at: at('2025-01-04T09:00:00Z'), packetId: 's-bob' as never, level: 1 }).clocks[0]?.outcome // 'complete'
 * @since 0.2.0
 * @category Events and state
 * @internal
 */
export const applyEvent = (p: Packet, e: CampaignEvent): Packet => applyPacketEvent(p, e)

/**
 * What a decider computed while a command ran, in the order it computed it:
 * a packet evolved by an event (key: the event, input: the packet) or a
 * packet timed under a definition (key: the packet, input: the definition).
 * The fold that follows the decision asks for the same values in the same
 * order, so a lookup is one comparison at a cursor; a lookup out of that
 * order (a value the decider did not compute, or computed in another order)
 * goes through an index of the log built the first time it is needed. Only
 * the decider records, only the fold looks up: a decider's own values are
 * never looked up by hashing (issue 9: in an extension of 250,000 packets,
 * the hash maps this replaces were an eighth of the time).
 * @example
 * import { Remembered } from '../../src/campaign/event.js' // internal
 * const log = new Remembered<string, number, string>()
 * log.record('a', 1, 'A')
 * log.record('b', 2, 'B')
 * log.find('a', 1) // 'A'
 * log.find('b', 3) // undefined (recorded for another input)
 * log.find('c', 1) // undefined (never recorded)
 * @since 0.2.0
 * @category Events and state
 * @internal
 */
export class Remembered<K, I, V> {
  private readonly keys: K[] = []
  private readonly inputs: I[] = []
  private readonly outputs: V[] = []
  private next = 0
  private index: Map<K, number> | undefined

  /** Appends one computed value. */
  record(key: K, input: I, output: V): void {
    this.index?.set(key, this.keys.length)
    this.keys.push(key)
    this.inputs.push(input)
    this.outputs.push(output)
  }

  /** The value recorded under `key` for this very `input`, or `undefined`. */
  find(key: K, input: I): V | undefined {
    const n = this.keys.length
    if (n === 0) return undefined
    let i = this.next
    if (i >= n || this.keys[i] !== key || this.inputs[i] !== input) {
      // out of order: the latest value recorded under the key
      if (this.index === undefined) {
        this.index = new Map()
        for (let k = 0; k < n; k++) this.index.set(this.keys[k] as K, k)
      }
      const at = this.index.get(key)
      if (at === undefined || this.inputs[at] !== input) return undefined
      i = at
    }
    this.next = i + 1
    return this.outputs[i]
  }
}

// While a command runs, the decider applies its own packet events to see
// their effect (settling levels, for one), and the fold that follows applies
// the same events to the same packets again. Within one `run` the second
// application is looked up instead (keyed by the event and checked against
// the very packet it was applied to), so a 10,000-item decision copies its
// packet once, not twice. The log lives only for the run: nothing retains
// old packets afterwards.
let evolveMemo: Remembered<CampaignEvent, Packet, Packet> | undefined

// The same holds for the derived timing of those packets: a command whose
// decider folds its own events (extend, to learn the new due date) would
// otherwise compute every packet's windows twice.
let timingMemo: Remembered<Packet, CampaignDefinition, Packet> | undefined

// In a fold: the packet an event makes, as the decider computed it if it did.
const evolveInFold = (p: Packet, e: CampaignEvent): Packet => evolveMemo?.find(e, p) ?? applyPacketEvent(p, e)

// In a fold: the timed packet, as the decider computed it if it did.
const timeInFold = (p: Packet, def: CampaignDefinition): Packet => timingMemo?.find(p, def) ?? withTiming(p, def)

/**
 * `withTiming`, recorded for the fold that follows when a command runs
 * (`withEvolveMemo`), so that the fold does not time the packet again.
 * @internal
 */
export const timed = (p: Packet, def: CampaignDefinition): Packet => {
  const out = withTiming(p, def)
  timingMemo?.record(p, def, out)
  return out
}

/**
 * Runs `f` with packet evolution remembered for its duration (see `evolvePacket`).
 * @internal
 */
export const withEvolveMemo = <A>(f: () => A): A => {
  const outer = evolveMemo
  const outerTiming = timingMemo
  evolveMemo = new Remembered()
  timingMemo = new Remembered()
  try {
    return f()
  } finally {
    evolveMemo = outer
    timingMemo = outerTiming
  }
}

// A packet with the decisions of an event applied (`updateItems` over the
// decisions themselves: no list of ids and no function per event). Items decided alike share one
// record (and, through `SHARED`, one new state and decision list): a
// decision whose fields equal the one before reuses its record. The one
// before may be of the event before, on another packet: the events of one
// command (one per packet) are usually decided alike by one user at one
// instant, so their packets share one record, state and list too (D32).
const decidedPacket = (p: Packet, e: ItemsDecided): Packet => {
  let items: Item[] | undefined
  const ds = e.decisions
  for (let k = 0; k < ds.length; k++) {
    const d = ds[k] as DecidedItem
    const slot = itemSlot(p.itemIds, d.itemId)
    if (slot < 0) continue
    items ??= writableItems(p)
    items[slot] = applyDecision(items[slot] as Item, recordOf(e, d), SHARED)
  }
  return items === undefined ? p : withWrittenItems(p, items)
}

// What the last decision applied made: its event's user and instant, the
// decision, its record, and (filled by `applyDecision`) the state and list
// it gave an item. Values only, never written: sharing them changes no
// result, and the next decision alike, of any packet, reuses them.
let lastBy: UserId | undefined
let lastAt: Instant | undefined
let lastDecided: DecidedItem | undefined
let lastRecord: DecisionRecord | undefined
const SHARED: SharedDecision = { record: undefined, prior: undefined, levels: 0, state: undefined, list: undefined }

// The record of a decision: the last one made when every field is equal.
const recordOf = (e: ItemsDecided, d: DecidedItem): DecisionRecord => {
  if (lastRecord !== undefined && lastDecided !== undefined && lastBy === e.by && lastAt === e.at && decidedAlike(lastDecided, d)) return lastRecord
  // the optional fields in the order of DecisionRecord, without a spread per field
  const r: Writable<DecisionRecord> = { by: e.by, level: d.level, tier: d.tier, decision: d.decision, at: e.at }
  if (d.comment !== undefined) r.comment = d.comment
  if (d.answers !== undefined) r.answers = d.answers
  if (d.onBehalfOf !== undefined) r.onBehalfOf = d.onBehalfOf
  if (d.needsApprovalBy !== undefined) r.needsApprovalBy = d.needsApprovalBy
  lastBy = e.by
  lastAt = e.at
  lastDecided = d
  lastRecord = r
  return r
}

// Two decisions that make the same record when their events share the user and the instant (every field but the item id equal).
const decidedAlike = (a: DecidedItem, b: DecidedItem): boolean =>
  a.level === b.level &&
  a.tier === b.tier &&
  a.decision === b.decision &&
  a.comment === b.comment &&
  a.answers === b.answers &&
  a.onBehalfOf === b.onBehalfOf &&
  a.needsApprovalBy === b.needsApprovalBy

const applyPacketEvent = (p: Packet, e: CampaignEvent): Packet => {
  switch (e.type) {
    case 'ItemsDecided':
      return decidedPacket(p, e)
    case 'LevelStarted': {
      const clock = startLevel(e.level, e.at, p.plannedExtra[e.level - 1] ?? 0)
      // the next level's clock is appended: an array of the exact length (writing
      // past the end of a copy would reserve 16 more slots for the packet's life)
      if (e.level - 1 === p.clocks.length) return packetWith(p, { clocks: [...p.clocks, clock] })
      const clocks = p.clocks.slice()
      clocks[e.level - 1] = clock
      return packetWith(p, { clocks })
    }
    case 'LevelCompleted':
      return setClock(p, e.level, (c) => closeClock(c, 'complete', e.at))
    case 'TierEscalated':
      return setClock(p, e.level, (c) => escalateClock(c, e.at))
    case 'PacketExpired': {
      const closed = setClock(p, e.level, (c) => closeClock(c, 'lapsed', e.at))
      return updateItems(closed, e.itemIds, (i) => itemWith(i, { _tag: 'expired', level: i.state.level, at: e.at }, i.decisions))
    }
    case 'LevelOverdue':
      return setClock(p, e.level, (c) => closeClock(c, 'overdue', e.at))
    case 'ReviewersAdded':
      return updateItems(
        p,
        e.additions.map((a) => a.itemId),
        (i, k) => {
          const a = e.additions[k] as ReviewerAddition
          return {
            ...i,
            levels: i.levels.map((lv, n) =>
              n !== a.level - 1
                ? lv
                : { ...lv, tiers: lv.tiers.map((ts, t) => (t !== a.tier ? ts : [...ts, ...a.users.filter((u) => !ts.includes(u))])) },
            ),
          }
        },
      )
    case 'ItemReassigned':
      return updateItems(p, [e.itemId], (i) => ({
        ...i,
        levels: i.levels.map((lv, k) => (k !== e.level - 1 ? lv : reassignLevel(lv, e))),
      }))
    case 'InfoRequested':
      return updateItems(p, e.itemIds, (i) => ({
        ...i,
        infoRequests: [...(i.infoRequests ?? []), { by: e.by, at: e.at, asked: e.asked, question: e.question }],
      }))
    case 'InfoProvided':
      return updateItems(p, e.itemIds, (i) => {
        const list = i.infoRequests ?? []
        const last = list[list.length - 1]
        if (last === undefined) return i
        return { ...i, infoRequests: [...list.slice(0, -1), { ...last, answer: { by: e.by, at: e.at, text: e.answer } }] }
      })
    case 'PacketExtended': {
      // one copy of the clocks (only if a granted level has a clock) and a
      // planned-extra list of its exact length: an extension with cascade
      // touches every packet of the campaign
      let clocks: Array<Packet['clocks'][number]> | undefined
      for (const g of e.grants) {
        const c = (clocks ?? p.clocks)[g.level - 1]
        if (c === undefined) continue
        clocks ??= p.clocks.slice()
        clocks[g.level - 1] = grantDays(c, g.tier, g.days)
      }
      if (e.reopened) {
        for (const g of e.grants) {
          const c = (clocks ?? p.clocks)[g.level - 1]
          if (c === undefined || c.outcome !== 'overdue') continue
          clocks ??= p.clocks.slice()
          clocks[g.level - 1] = reopenClock(c)
        }
      }
      let length = p.plannedExtra.length
      for (const pl of e.planned) if (pl.level > length) length = pl.level
      const plannedExtra = new Array<number>(length)
      for (let i = 0; i < length; i++) plannedExtra[i] = p.plannedExtra[i] ?? 0
      for (const pl of e.planned) plannedExtra[pl.level - 1] = (plannedExtra[pl.level - 1] ?? 0) + pl.days
      return packetWith(p, clocks === undefined ? { plannedExtra } : { clocks, plannedExtra })
    }
    default:
      return p
  }
}

/**
 * In a fold, the packets its events change, kept in a draft of the packets
 * map (`Packets.draft`) and finished with their derived timing once, at the
 * end of the fold, instead of once per event (no event's handler reads the
 * timing fields or the map's measures): a command's three events on a packet
 * compute its windows once, and each packet is looked up by its id once for
 * its run of events, not once per event (at a million items every such
 * lookup is a cache miss).
 */
interface FoldWork {
  draft: PacketMapDraft | undefined
}

// The fold's draft, opened on the state's packets map at its first packet event.
const draftOf = (work: FoldWork, packets: PacketMap): PacketMapDraft => (work.draft ??= Packets.draft(packets))

// The state with the packets of the fold's draft finished and written (the draft is closed).
const settleDraft = (s: CampaignState, work: FoldWork): CampaignState => {
  const d = work.draft
  if (d === undefined) return s
  work.draft = undefined
  const def = s.campaign.definition
  const packets = d.done((p) => timeInFold(p, def))
  return packets === s.packets ? s : { campaign: s.campaign, packets, pending: s.pending, expired: s.expired }
}

// One event applied to the state; `work`: in a fold, where its packets are
// kept until the fold writes them into the packets map.
const step = (s: CampaignState | undefined, e: CampaignEvent, work: FoldWork | undefined): CampaignState | undefined => {
  if (e.type === 'CampaignCreated') {
    if (work !== undefined) work.draft = undefined
    return created(e)
  }
  if (s === undefined) return undefined
  const t = e.at > s.campaign.clock ? withCampaign(s, (c) => ({ ...c, clock: e.at })) : s
  switch (e.type) {
    case 'CampaignEdited': {
      // a new scope places its packets anew (a campaign in draft has none;
      // a fold first writes the packets it changed, timed as they were)
      const u = work === undefined ? t : settleDraft(t, work)
      const positions = scopePositions(e.items)
      const packets = u.packets.size === 0 ? Packets.empty(positions) : Packets.fromEntries(positions, Packets.values(u.packets).map((p) => [p.id, p] as const))
      return { campaign: { ...u.campaign, definition: e.definition, scope: e.items, id: e.definition.id }, packets, pending: u.pending, expired: u.expired }
    }
    case 'CampaignPublished':
      return withCampaign(t, (c) => ({
        ...c,
        status: 'inProgress',
        publishedAt: e.at,
        managers: e.managers,
        activeUsers: PMap.fromEntries(e.activeUsers.map((u) => [u, true as const] as const)),
        ...(e.dueAt === undefined ? {} : { dueAt: e.dueAt }),
        ...(e.delegates === undefined ? {} : { delegates: e.delegates }),
        ...(e.secondApprovers === undefined ? {} : { secondApprovers: e.secondApprovers }),
      }))
    case 'CampaignExtended':
      return withCampaign(t, (c) => ({
        ...c,
        extensions: [...c.extensions, { at: e.at, days: e.days, cascade: e.cascade }],
        overdueNotified: e.resetsOverdue ? false : c.overdueNotified,
        escalatedBeforeDue: e.dueAt === undefined ? c.escalatedBeforeDue : false,
        ...(e.dueAt === undefined ? {} : { dueAt: e.dueAt }),
      }))
    case 'EscalatedBeforeDue':
      return withCampaign(t, (c) => ({ ...c, escalatedBeforeDue: true }))
    case 'CampaignOverdue':
      return withCampaign(t, (c) => ({ ...c, overdueNotified: true }))
    case 'ReminderSlotPassed':
      return withCampaign(t, (c) => ({ ...c, reminderSlot: Math.max(c.reminderSlot, e.slot + 1) }))
    case 'BeforeDueReminderSent':
      return withCampaign(t, (c) => ({ ...c, beforeDueSentFor: e.dueAt }))
    case 'CampaignCompleted':
      return withCampaign(t, (c) => ({
        ...c,
        status: 'completed',
        endedAt: e.at,
        completion: { at: e.at, plan: e.plan, ...(e.outstanding === undefined ? {} : { outstanding: e.outstanding }) },
      }))
    case 'CampaignAborted':
      return withCampaign(t, (c) => ({ ...c, status: 'aborted', endedAt: e.at }))
    case 'CampaignExpired':
      return withCampaign(t, (c) => ({ ...c, status: 'expired', endedAt: e.at }))
    case 'FulfillmentOptionSet':
      return withCampaign(t, (c) => ({ ...c, fulfillment: { ...c.fulfillment, [e.application]: e.option } }))
    case 'FulfillmentResultRecorded':
      return withCampaign(t, (c) => ({ ...c, results: withResult(c.results, e.itemId, e.result) }))
    case 'FulfillmentSummarized':
      return withCampaign(t, (c) => ({ ...c, resultsSummary: e.kind }))
    case 'NotificationIssued':
      return t
    case 'PacketOpened':
      return openPacket(t, e, work)
    default: {
      const d = work === undefined ? undefined : draftOf(work, t.packets)
      const p = d === undefined ? Packets.get(t.packets, e.packetId) : d.get(e.packetId)
      if (p === undefined) return t
      // only decisions and expiries change an item's state: the counts are taken
      // before the event, since a record the fold owns is updated in place
      const before = e.type === 'ItemsDecided' || e.type === 'PacketExpired' ? tally(p) : undefined
      let packets = t.packets
      let q: Packet
      if (d === undefined) {
        q = timeInFold(evolveInFold(p, e), t.campaign.definition)
        packets = Packets.set(t.packets, e.packetId, q)
      } else {
        q = evolveInFold(p, e)
        d.set(e.packetId, q)
      }
      if (before === undefined) return packets === t.packets ? t : { campaign: t.campaign, packets, pending: t.pending, expired: t.expired }
      const after = tally(q)
      return { campaign: t.campaign, packets, pending: t.pending + after.pending - before.pending, expired: t.expired + after.expired - before.expired }
    }
  }
}

/**
 * Applies one event to the state. The first event must be
 * `CampaignCreated`; any other event on no state gives no state.
 *
 * @example
 * import { evolve } from 'access-review-core'
 * evolve(undefined, { type: 'CampaignAborted', at: 0 as never, by: 'a' as never }) // undefined
 * @since 0.1.0
 * @category Events and state
 */
export const evolve = (s: CampaignState | undefined, e: CampaignEvent): CampaignState | undefined => step(s, e, undefined)

/**
 * Folds events onto a state. The same as applying `evolve` to each event in
 * turn, but the intermediate states are never seen: each packet the events
 * touch is timed and written into the packets map once, at the end, each
 * touched chunk copied once and then written in place (without the garbage
 * of a copy per event). The input state is never changed.
 * @example
 * import { fold } from 'access-review-core'
 * fold(undefined, []) // undefined
 * @since 0.1.0
 * @category Events and state
 */
export const fold = (s: CampaignState | undefined, events: ReadonlyArray<CampaignEvent>): CampaignState | undefined => {
  const work: FoldWork = { draft: undefined }
  let state = s
  const outerOwned = ownedItems
  // under a decider's memo the packets were seen by the decider: nothing is owned
  ownedItems = evolveMemo === undefined ? new WeakSet() : undefined
  try {
    // an indexed loop: no iterator result per event, even before the loop is optimised
    for (let i = 0; i < events.length; i++) state = step(state, events[i] as CampaignEvent, work)
  } finally {
    ownedItems = outerOwned
  }
  // each chunk of the packets map the events touched is copied once, written in place and measured once
  return state === undefined ? state : settleDraft(state, work)
}

/**
 * The packets a decide command changed: each as it was (`before`) and as
 * its events leave it (`after`, before its derived timing), in the order the
 * command listed them.
 * @since 0.2.0
 * @category Events and state
 * @internal
 */
export interface DecidedPackets {
  readonly before: ReadonlyArray<Packet>
  readonly after: ReadonlyArray<Packet>
}

/**
 * The state after a decide command whose decider already evolved every
 * packet its events touch: what `fold(s, events)` gives, without walking the
 * events again. A decide command's events are packet events of the packets
 * it lists (decisions, the levels they settle, the delegates who take over)
 * and notifications, which change no state; so the fold's state is the
 * campaign with its clock at the command's instant, each packet as the
 * decider left it and timed once, and the counts moved by each packet's
 * change. T5 (`test/campaign/replay.prop.test.ts`) checks at every accepted
 * command of 1,000 random histories that the state `execute` answers equals
 * the fold of the events.
 * @example
 * import { afterDecided } from '../../src/campaign/event.js' // internal
 * import { run, actor, at, aDefinition, anItem } from 'access-review-core/testing'
 * const state = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: actor('rita', 'riskManager'), definition: aDefinition(), items: [anItem('i1', 's-bob')] }]).state!
 * afterDecided(state, at('2025-01-02T09:00:00Z'), { before: [], after: [] }, 0) === state // true (no events)
 * @since 0.2.0
 * @category Events and state
 * @internal
 */
export const afterDecided = (s: CampaignState, at: Instant, d: DecidedPackets, events: number): CampaignState => {
  if (events === 0) return s
  const campaign = at > s.campaign.clock ? { ...s.campaign, clock: at } : s.campaign
  if (d.after.length === 0) return { campaign, packets: s.packets, pending: s.pending, expired: s.expired }
  const draft = Packets.draft(s.packets)
  let pending = s.pending
  let expired = s.expired
  for (let k = 0; k < d.after.length; k++) {
    const q = d.after[k] as Packet
    const p = d.before[k] as Packet
    const b = tally(p)
    const a = tally(q)
    pending += a.pending - b.pending
    expired += a.expired - b.expired
    draft.set(q.id, q)
  }
  const def = s.campaign.definition
  return { campaign, packets: draft.done((p) => timeInFold(p, def)), pending, expired }
}

/**
 * The id of the stream an event belongs to: its packet, or the campaign.
 * @example
 * import { streamOf } from 'access-review-core'
 * streamOf('q3' as never, { type: 'CampaignOverdue', at: 0 as never }) // 'campaign:q3'
 * @since 0.1.0
 * @category Events and state
 */
export const streamOf = (campaignId: CampaignId, e: CampaignEvent): string =>
  'packetId' in e && e.packetId !== undefined ? `packet:${campaignId}:${e.packetId}` : `campaign:${campaignId}`
