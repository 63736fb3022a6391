/**
 * The state of a campaign: a small campaign aggregate (definition, status,
 * counters and flags) and one aggregate per packet (one subject's items and
 * the clocks of its levels). A decision touches one packet only.
 *
 * @since 0.1.0
 */
import type { CampaignId, ItemId, SubjectId, UserId } from '../shared/ids.js'
import { PMap } from '../shared/pmap.js'
import type { PacketMap } from './packets.js'
import { Packets } from './packets.js'
import { idIndex } from '../shared/idindex.js'
import type { Delegation } from '../review/directory.js'
import type { Item, LevelStatus } from '../review/item.js'
import { isFinal, reviewersOf } from '../review/item.js'
import type { LevelClock } from '../schedule/window.js'
import type { Instant } from '../schedule/time.js'
import type { AccessOutcome, CampaignDefinition, Scope } from './definition.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The stored status of a campaign. `overdue` is not stored: it is derived
 * from the clock by `displayStatus`.
 * @since 0.1.0
 * @category Events and state
 */
export type CampaignStatus = 'draft' | 'inProgress' | 'completed' | 'aborted' | 'expired'

/**
 * How revoked access of an application integration is fulfilled.
 * @since 0.1.0
 * @category Events and state
 */
export type FulfillmentOption = 'automatic' | 'ticket' | 'manual'

/**
 * One action of the fulfillment plan.
 * @since 0.1.0
 * @category Events and state
 */
export interface FulfillmentAction {
  readonly itemId: ItemId
  readonly subject: SubjectId
  readonly application: string
  readonly resource: string
  readonly entitlement: string
  readonly option: FulfillmentOption
  readonly reason: 'revoked' | 'expired' | 'outstanding'
}

/**
 * The outcome of a campaign's fulfillment once every action has a result.
 * @since 0.1.0
 * @category Events and state
 */
export type FulfillmentSummaryKind = 'deprovisioningSucceeded' | 'deprovisioningPartial' | 'deprovisioningFailed'

/**
 * The result of one fulfillment action.
 * @since 0.1.0
 * @category Events and state
 */
export type FulfillmentResult = 'done' | 'failed'

/**
 * The fulfillment results recorded so far: the latest result of each item
 * of the plan, and how many of them are `done` and `failed`. A persistent
 * map with its counts kept beside it, so that recording one result costs the
 * same whatever the size of the plan (issue 9: a record copied per result
 * made recording a plan of P results cost P²). Read one with
 * {@link fulfillmentResultOf}.
 * @since 0.2.0
 * @category Events and state
 */
export interface FulfillmentResults {
  readonly byItem: PMap<FulfillmentResult>
  readonly done: number
  readonly failed: number
}

/**
 * One extension of the campaign.
 * @since 0.1.0
 * @category Events and state
 */
export interface ExtensionRecord {
  readonly at: Instant
  readonly days: number
  readonly cascade: boolean
}

/**
 * How and when the campaign was completed, with its fulfillment plan.
 * @since 0.1.0
 * @category Events and state
 */
export interface Completion {
  readonly at: Instant
  readonly outstanding?: AccessOutcome
  readonly plan: ReadonlyArray<FulfillmentAction>
}

/**
 * How many items of a campaign are in each state.
 * @since 0.1.0
 * @category Events and state
 */
export interface ItemCounts {
  readonly total: number
  readonly pending: number
  readonly approved: number
  readonly revoked: number
  readonly expired: number
}

/**
 * The latest fulfillment result recorded for an item, or `undefined` (none
 * yet, or not in the fulfillment plan). O(log n).
 * @example
 * import { fulfillmentResultOf } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const { state } = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 *   { type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'revoke', comment: 'left the team' },
 *   { type: 'complete', at: at('2025-01-05T09:00:00Z'), actor: rita },
 *   { type: 'recordFulfillmentResult', at: at('2025-01-06T09:00:00Z'), actor: rita, item: itemId('i1'), result: 'done' },
 * ])
 * fulfillmentResultOf(state!, 'i1') // 'done'
 * fulfillmentResultOf(state!, 'i2') // undefined
 * @since 0.2.0
 * @category Events and state
 */
export const fulfillmentResultOf = (s: CampaignState, itemId: string): FulfillmentResult | undefined => PMap.get(s.campaign.results.byItem, itemId)

/**
 * An item found by {@link findItem}, with its packet.
 * @since 0.1.0
 * @category Events and state
 */
export interface FoundItem {
  readonly packet: Packet
  readonly item: Item
}

/**
 * The campaign aggregate.
 * @since 0.1.0
 * @category Events and state
 */
export interface Campaign {
  readonly id: CampaignId
  readonly definition: CampaignDefinition
  readonly scope: Scope
  readonly status: CampaignStatus
  readonly createdAt: Instant
  /** The latest instant of any event: commands may not be older. */
  readonly clock: Instant
  readonly publishedAt?: Instant
  readonly endedAt?: Instant
  /** `deadline` timing: the configured due date moved by extensions. */
  readonly dueAt?: Instant
  /** Managers of reviewers at publish (for `escalateBeforeDue`). */
  readonly managers: Readonly<Record<string, UserId>>
  /** The delegations of the directory given at publish, by delegating user. @since 0.2.0 */
  readonly delegates?: Readonly<Record<string, Delegation>>
  /** Users flagged with a risk insight of the definition → their second approver (reviewer-insight escalation). @since 0.2.0 */
  readonly secondApprovers?: Readonly<Record<string, UserId>>
  /** The active users of the directory at publish (who reassignment may choose). */
  readonly activeUsers: PMap<true>
  readonly extensions: ReadonlyArray<ExtensionRecord>
  readonly fulfillment: Readonly<Record<string, FulfillmentOption>>
  readonly overdueNotified: boolean
  readonly escalatedBeforeDue: boolean
  /** The next periodic reminder slot (1 is the day after publish). */
  readonly reminderSlot: number
  /** The due date a `beforeDue` reminder was sent for. */
  readonly beforeDueSentFor?: Instant
  readonly completion?: Completion
  /** The results recorded after completion (see {@link fulfillmentResultOf}). Before 0.2.0, a record by item id. */
  readonly results: FulfillmentResults
  /** The last fulfillment summary sent (it is sent again when the outcome changes). */
  readonly resultsSummary?: FulfillmentSummaryKind
}

/**
 * A packet: all items of one subject, with the clocks of its levels.
 * @since 0.1.0
 * @category Events and state
 */
export interface Packet {
  readonly id: SubjectId
  readonly subjectUser?: UserId
  readonly itemIds: ReadonlyArray<ItemId>
  /**
   * The items, in the order of `itemIds` (the item at index k has the id
   * `itemIds[k]`). Read one by id with {@link itemOf}. Until D29 (issue 9,
   * docs/decisions.md), a record by item id: an array is copied and read
   * without hashing, and is a fifth of the record's size.
   */
  readonly items: ReadonlyArray<Item>
  /** Clocks of the started levels; index = level - 1. */
  readonly clocks: ReadonlyArray<LevelClock>
  /** Extension days granted to tier 0 of levels not started; index = level - 1. */
  readonly plannedExtra: ReadonlyArray<number>
  /**
   * Derived by the fold from the clocks and the timing policy: when the open
   * tier lapses next (absent when no tier is open or the last tier of a
   * `deadline` level is open-ended). The campaign's packets map keeps the
   * least of them at its root, so the next wake-up is read, not scanned.
   */
  readonly nextLapseAt?: Instant
  /**
   * Derived by the fold (`reviewerWindows` timing): when the packet's last
   * reachable window ends. The greatest of them is the campaign's due date.
   */
  readonly projectedEndAt?: Instant
}

/**
 * The whole state: the campaign aggregate and its packets.
 * @since 0.1.0
 * @category Events and state
 */
export interface CampaignState {
  readonly campaign: Campaign
  /** Packets by subject id, measured by their next lapse and projected end (see {@link Packet}). */
  readonly packets: PacketMap
  /** Items pending now, kept by the fold so that checks need not scan. */
  readonly pending: number
  /** Items expired now, kept by the fold. */
  readonly expired: number
}

/**
 * The packet ids of a campaign in scope order (a subject's packet comes where
 * its first item is).
 * @example
 * import { packetOrder } from '../../src/campaign/state.js' // internal
 * import { run, actor, at, aDefinition, anItem } from 'access-review-core/testing'
 * const items = [anItem('i1', 's-ann'), anItem('i2', 's-bob'), anItem('i3', 's-ann')]
 * const state = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: actor('rita', 'riskManager'), definition: aDefinition(), items }]).state!
 * packetOrder(state) // ['s-ann', 's-bob']
 * @since 0.1.0
 * @category Events and state
 * @internal
 */
export const packetOrder = (s: CampaignState): ReadonlyArray<SubjectId> => packetIndex(s.campaign.scope).order

/**
 * The position of a packet in scope order (O(1) after the first call for a scope).
 * @internal
 */
export const packetPosition = (s: CampaignState, id: SubjectId): number => packetIndex(s.campaign.scope).position.get(id) ?? -1

/**
 * The position of each subject of a scope in scope order (computed once per scope): the places of a {@link PacketMap}.
 * @internal
 */
export const scopePositions = (scope: Scope): ReadonlyMap<string, number> => packetIndex(scope).position

/** What a scope determines once and for all about its packets: their order. */
interface PacketIndex {
  readonly order: ReadonlyArray<SubjectId>
  readonly position: ReadonlyMap<string, number>
}

// A scope never changes once published (edit is for drafts only), and the
// same array is shared by every later state: its indexes are computed once
// per scope (and once more after a state is deserialised), never per
// command. The packet order is built here when first needed; each item's
// subject is found through the scope's id index (src/shared/idindex.ts),
// which the create command's duplicate check builds: a view or an extension
// needs only the first.
const packetIndexes = new WeakMap<Scope, PacketIndex>()

const packetIndex = (scope: Scope): PacketIndex => {
  const known = packetIndexes.get(scope)
  if (known !== undefined) return known
  const position = new Map<string, number>()
  const order: SubjectId[] = []
  // a subject's items usually come together: the subject of the item before
  // is not looked up again (a million-item scope is 250,000 subjects)
  let last: string | undefined
  for (const i of scope) {
    if (i.subject !== last && !position.has(i.subject)) {
      position.set(i.subject, order.length)
      order.push(i.subject)
    }
    last = i.subject
  }
  const index = { order, position }
  packetIndexes.set(scope, index)
  return index
}

/**
 * The packets of a campaign in scope order.
 * @example
 * import { packetsOf } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'ann', manager: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-ann', user: 'ann' }, { id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-ann'), anItem('i2', 's-bob'), anItem('i3', 's-ann')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * packetsOf(state).map((p) => p.id) // ['s-ann', 's-bob']
 * @since 0.1.0
 * @category Events and state
 */
export const packetsOf = (s: CampaignState): ReadonlyArray<Packet> => {
  // the packets are kept by their position in scope order: one read of the chunks in turn
  return Packets.inOrder(s.packets)
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The items of a packet, in scope order.
 * @example
 * import { packetItems, packetsOf } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'ann', manager: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-ann', user: 'ann' }, { id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-ann'), anItem('i2', 's-bob'), anItem('i3', 's-ann')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * packetsOf(state).map((p) => packetItems(p).map((i) => i.spec.id)) // [['i1', 'i3'], ['i2']]
 * @since 0.1.0
 * @category Events and state
 */
export const packetItems = (p: Packet): ReadonlyArray<Item> => p.items

/**
 * The status of a level of a packet as the decision rules see it.
 * @example
 * import { levelStatus, packetsOf } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'rick' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const definition = aDefinition({ reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 } }) // mia, then rick
 * const packet = packetsOf(run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition, items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 *   { type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'approve' },
 * ]).state!)[0]!
 * levelStatus(packet, 1) // { tier: 0, closed: true }
 * levelStatus(packet, 2) // { tier: 0, closed: false }
 * @since 0.1.0
 * @category Events and state
 */
export const levelStatus = (p: Packet, level: number): LevelStatus => {
  const c = p.clocks[level - 1]
  return { tier: activeTierOf(p, level), closed: c?.closedAt !== undefined }
}

/**
 * The active tier of a level (0 before its window starts), without a status object.
 * @example
 * import { activeTierOf, packetsOf } from '../../src/campaign/state.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * activeTierOf(packetsOf(state)[0]!, 1) // 0
 * @since 0.2.0
 * @category Events and state
 * @internal
 */
export const activeTierOf = (p: Packet, level: number): number => p.clocks[level - 1]?.tier ?? 0

/**
 * The reviewers who may act on a pending item now (its level's active tier).
 * @example
 * import { activeReviewers, findItem } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'rick' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const definition = aDefinition({ reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 } }) // mia, then rick
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition, items: [anItem('i1', 's-bob'), anItem('i2', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 *   { type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'approve' },
 * ]).state!
 * const { packet, item } = findItem(state, 'i1')! // at level 2 already, while i2 waits at level 1
 * activeReviewers(packet, item) // ['rick']
 * @since 0.1.0
 * @category Events and state
 */
export const activeReviewers = (p: Packet, item: Item): ReadonlyArray<UserId> => {
  if (item.state._tag !== 'pending') return []
  if (item.state.secondApprover !== undefined) return [item.state.secondApprover]
  return reviewersOf(item, item.state.level, activeTierOf(p, item.state.level))
}

/**
 * The pending items of the campaign grouped by active reviewer, in a stable
 * order (reviewers by first appearance).
 * @example
 * import { pendingByReviewer } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'max' }, { id: 'ann', manager: 'mia' }, { id: 'bob', manager: 'max' }], subjects: [{ id: 's-ann', user: 'ann' }, { id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-ann'), anItem('i2', 's-bob'), anItem('i3', 's-ann')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * Array.from(pendingByReviewer(state)) // [['mia', ['i1', 'i3']], ['max', ['i2']]]
 * @since 0.1.0
 * @category Events and state
 */
export const pendingByReviewer = (s: CampaignState): ReadonlyMap<UserId, ReadonlyArray<ItemId>> => {
  const out = new Map<UserId, ItemId[]>()
  for (const p of packetsOf(s)) {
    for (const item of packetItems(p)) {
      for (const r of activeReviewers(p, item)) {
        const list = out.get(r)
        if (list === undefined) out.set(r, [item.spec.id])
        else list.push(item.spec.id)
      }
    }
  }
  return out
}

/**
 * Counts of items by state over the whole campaign.
 * @example
 * import { itemCounts } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'ann', manager: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-ann', user: 'ann' }, { id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-ann'), anItem('i2', 's-bob'), anItem('i3', 's-ann')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 *   { type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'revoke' },
 * ]).state!
 * itemCounts(state) // { total: 3, pending: 2, approved: 0, revoked: 1, expired: 0 }
 * @since 0.1.0
 * @category Events and state
 */
export const itemCounts = (s: CampaignState): ItemCounts => {
  let pending = 0
  let approved = 0
  let revoked = 0
  let expired = 0
  for (const p of packetsOf(s)) {
    for (const item of packetItems(p)) {
      const tag = item.state._tag
      if (tag === 'pending') pending++
      else if (tag === 'approved') approved++
      else if (tag === 'revoked') revoked++
      else expired++
    }
  }
  return { total: pending + approved + revoked + expired, pending, approved, revoked, expired }
}

/**
 * The deepest level any item of the packet can still reach.
 * @example
 * import { packetsOf } from 'access-review-core'
 * import { lastLevelOf } from '../../src/campaign/state.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'rick' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const definition = aDefinition({ reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 } }) // mia, then rick
 * const published = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition, items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * packetsOf(published).map(lastLevelOf) // [2]
 * const revoked = run([{ type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'revoke' }], published).state! // a revoke is final
 * packetsOf(revoked).map(lastLevelOf) // [1]
 * @since 0.1.0
 * @category Events and state
 * @internal
 */
export const lastLevelOf = (p: Packet): number => {
  let n = 0
  const items = p.items
  for (let k = 0; k < items.length; k++) {
    const i = items[k] as Item
    const reachable = i.state._tag === 'pending' ? i.levels.length : i.state.level
    if (reachable > n) n = reachable
  }
  return n
}

/**
 * True when every item of the packet is final (approved, revoked or expired).
 * @example
 * import { isPacketSettled, packetsOf } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'ann', manager: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-ann', user: 'ann' }, { id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-ann'), anItem('i2', 's-bob'), anItem('i3', 's-ann')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 *   { type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i1'), itemId('i3')], decision: 'approve' },
 * ]).state!
 * packetsOf(state).map(isPacketSettled) // [true, false]
 * @since 0.1.0
 * @category Events and state
 */
export const isPacketSettled = (p: Packet): boolean => {
  const items = p.items
  for (let k = 0; k < items.length; k++) if (!isFinal((items[k] as Item).state)) return false
  return true
}

/**
 * The place of an item id in a packet's `itemIds` (and `items`), or -1.
 * A short list is scanned; a long one is looked up in an index built the
 * first time it is asked and shared by every later state (a packet's ids
 * never change once it is opened). An id listed twice is found at its first
 * place.
 * @example
 * import { itemSlot } from '../../src/campaign/state.js' // internal
 * itemSlot(['i1', 'i2'] as never, 'i2') // 1
 * itemSlot(['i1', 'i2'] as never, 'i9') // -1
 * @since 0.2.0
 * @category Events and state
 * @internal
 */
export const itemSlot = (itemIds: ReadonlyArray<ItemId>, id: string): number => {
  const n = itemIds.length
  if (n <= SCANNED_SLOTS) {
    for (let k = 0; k < n; k++) if (itemIds[k] === id) return k
    return -1
  }
  let index = slotIndexes.get(itemIds)
  if (index === undefined) {
    const built = new Map<string, number>()
    for (let k = 0; k < n; k++) {
      const key = itemIds[k] as string
      if (!built.has(key)) built.set(key, k)
    }
    slotIndexes.set(itemIds, built)
    index = built
  }
  return index.get(id) ?? -1
}

/** How many ids a packet may have for `itemSlot` to scan them rather than index them. */
const SCANNED_SLOTS = 16

// The index of each long packet's ids, by the (never written) ids array.
const slotIndexes = new WeakMap<ReadonlyArray<ItemId>, ReadonlyMap<string, number>>()

/**
 * The item of a packet with this id, or `undefined`.
 * @example
 * import { itemOf, packetsOf } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 *   { type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i2')], decision: 'revoke' },
 * ]).state!
 * const packet = packetsOf(state)[0]!
 * itemOf(packet, 'i2')?.state._tag // 'revoked'
 * itemOf(packet, 'i9') // undefined
 * @since 0.2.0
 * @category Events and state
 */
export const itemOf = (p: Packet, id: string): Item | undefined => {
  const k = itemSlot(p.itemIds, id)
  return k < 0 ? undefined : p.items[k]
}

/**
 * Finds an item and its packet.
 * @example
 * import { findItem } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'ann', manager: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-ann', user: 'ann' }, { id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-ann'), anItem('i2', 's-bob'), anItem('i3', 's-ann')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 *   { type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'approve' },
 * ]).state!
 * findItem(state, 'i1')?.packet.id // 's-ann'
 * findItem(state, 'i1')?.item.state // { _tag: 'approved', level: 1, tier: 0, by: 'mia', at: 1735981200000 }
 * findItem(state, 'i9') // undefined
 * @since 0.1.0
 * @category Events and state
 */
export const findItem = (s: CampaignState, itemId: string): FoundItem | undefined => itemFinder(s)(itemId)

/**
 * {@link findItem} for many items of one state: the scope's index is looked
 * up once, not once per item (a bulk command finds thousands).
 * @example
 * import { itemFinder } from '../../src/campaign/state.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'ann', manager: 'mia' }], subjects: [{ id: 's-ann', user: 'ann' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-ann'), anItem('i2', 's-ann')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * const find = itemFinder(state)
 * ;['i1', 'i2', 'i9'].map((id) => find(id)?.packet.id) // ['s-ann', 's-ann', undefined]
 * @since 0.2.0
 * @category Events and state
 * @internal
 */
export const itemFinder = (s: CampaignState): ((itemId: string) => FoundItem | undefined) => {
  const locate = itemLocator(s)
  return (itemId) => {
    const k = locate.find(itemId)
    const packet = locate.packet
    const item = k < 0 || packet === undefined ? undefined : packet.items[k]
    return packet === undefined || item === undefined ? undefined : { packet, item }
  }
}

/**
 * Where {@link itemLocator} found an item: its packet (after a `find` that
 * answered a place) and its place there.
 * @since 0.2.0
 * @category Events and state
 * @internal
 */
export interface ItemLocator {
  /** The place of the item in its packet's `itemIds` and `items`, or -1 (no such item); the packet is then in `packet`. */
  readonly find: (itemId: string) => number
  /** The packet of the item found last (undefined before the first). */
  readonly packet: Packet | undefined
}

/**
 * {@link itemFinder} without an object per item found: `find` answers the
 * item's place in its packet and leaves the packet in `packet`, for a bulk
 * command that finds thousands of items and keeps none of the answers.
 * @example
 * import { itemLocator } from '../../src/campaign/state.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'ann', manager: 'mia' }], subjects: [{ id: 's-ann', user: 'ann' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-ann'), anItem('i2', 's-ann')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * const locate = itemLocator(state)
 * ;[locate.find('i2'), locate.packet?.id, locate.find('i9')] // [1, 's-ann', -1]
 * @since 0.2.0
 * @category Events and state
 * @internal
 */
export const itemLocator = (s: CampaignState): ItemLocator => {
  // each item's subject, through the scope's id index (src/shared/idindex.ts)
  const scope = s.campaign.scope
  const ids = idIndex(scope)
  // a bulk command's items mostly come in scope order: the entry after the
  // one found last is tried before the index (a probe into the index of a
  // million ids is a few cache misses; see also `Packets.finder`); only for
  // a scope without repeated ids, where an id has one entry. Within the
  // packet, the place after the one found last is tried first too.
  const guess = ids.repeats.length === 0
  let last = -1
  let lastSlot = -1
  const packetOf = Packets.finder(s.packets)
  const out: { find: (itemId: string) => number; packet: Packet | undefined } = {
    packet: undefined,
    find: (itemId) => {
      const next = last + 1
      const at = guess && scope[next]?.id === itemId ? next : ids.positionOf(itemId)
      last = at
      const pid = scope[at]?.subject
      if (pid === undefined) return -1
      const before = out.packet
      const packet = before !== undefined && before.id === pid ? before : packetOf(pid)
      if (packet === undefined) return -1
      out.packet = packet
      const itemIds = packet.itemIds
      const k = packet === before && itemIds[lastSlot + 1] === itemId ? lastSlot + 1 : itemSlot(itemIds, itemId)
      lastSlot = k
      return k
    },
  }
  return out
}
