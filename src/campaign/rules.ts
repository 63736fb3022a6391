/**
 * Shared rules of the deciders: level settlement of a packet, notification
 * batching, assigned reviewers, the fulfillment plan and auto-completion.
 *
 * @since 0.1.0
 */
import type { ItemId, SubjectId, UserId } from '../shared/ids.js'
import { lookup } from '../shared/codec.js'
import { PMap } from '../shared/pmap.js'
import { pushUnique } from '../shared/unique.js'
import type { DelegationRules } from '../review/delegation.js'
import { substitutions } from '../review/delegation.js'
import type { Item } from '../review/item.js'
import { isFinal, reviewersOf } from '../review/item.js'
import type { Instant } from '../schedule/time.js'
import type { LevelClock } from '../schedule/window.js'
import { closeClock, startLevel } from '../schedule/window.js'
import type { CampaignEvent } from './event.js'
import { packetWithClocks } from './event.js'
import type { NotificationKind } from './notification.js'
import { intentOf } from './notification.js'
import type { Campaign, CampaignState, FulfillmentAction, Packet } from './state.js'
import { itemCounts, levelStatus, packetItems, packetsOf } from './state.js'

// -------------------------------------------------------------------------------------
// levels
// -------------------------------------------------------------------------------------

/**
 * The events that settle a packet's levels at `at` (SPEC §5.2): the first
 * open level completes when no item is pending at it, and the next level
 * that some item has reached starts at that moment. A level for which
 * `held` is true (`completeOn: 'submit'`) does not complete here.
 * @example
 * import { packetsOf } from 'access-review-core'
 * import { settleLevels } from '../../src/campaign/rules.js' // internal
 * import { evolvePacket } from '../../src/campaign/event.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId, userId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'rick' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const definition = aDefinition({ reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 } }) // mia, then rick
 * const packet = packetsOf(run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition, items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!)[0]! // i1 waits for mia at level 1
 * settleLevels(packet, at('2025-01-04T09:00:00Z')) // []
 * const decided = evolvePacket(packet, { type: 'ItemsDecided', at: at('2025-01-04T09:00:00Z'), packetId: packet.id, by: userId('mia'), decisions: [{ itemId: itemId('i1'), level: 1, tier: 0, decision: 'approve' }] }) // mia approves
 * settleLevels(decided, at('2025-01-04T09:00:00Z')).map((e) => e.type) // ['LevelCompleted', 'LevelStarted']
 * @since 0.1.0
 * @category Decider
 * @internal
 */
export const settleLevels = (packet: Packet, at: Instant, held: (level: number) => boolean = () => false): ReadonlyArray<CampaignEvent> => {
  const events: CampaignEvent[] = []
  settledInto(events, packet, at, held)
  return events
}

/**
 * {@link settleLevels}, its events pushed onto `out` (a command's own list:
 * no list per packet), answering the packet they make (a decider that goes
 * on with the packet need not apply them again). The events only start
 * and complete levels, so the packet is made once, with one copy of its
 * clocks, not once per event; it equals the packet the events make one by
 * one (T5 checks the state a decision leaves against the fold of its events).
 * @example
 * import { packetsOf } from 'access-review-core'
 * import { settledInto } from '../../src/campaign/rules.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const packet = packetsOf(run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!)[0]!
 * const out: unknown[] = []
 * settledInto(out as never, packet, at('2025-01-04T09:00:00Z'), () => false) === packet // true
 * out.length // 0
 * @since 0.2.0
 * @category Decider
 * @internal
 */
export const settledInto = (out: CampaignEvent[], packet: Packet, at: Instant, held: (level: number) => boolean): Packet => {
  // the levels some pending item waits at, and the deepest level any item
  // reached, in one pass over the items and without a collection per packet:
  // levels 1–30 as bits, any deeper ones in a set
  let pendingBits = 0
  let pendingDeep: Set<number> | undefined
  let deepest = 0
  const items = packet.items
  for (let n = 0; n < items.length; n++) {
    const i = items[n] as Item
    const level = i.state.level
    if (i.state._tag === 'pending') {
      if (level >= 1 && level <= 30) pendingBits |= 1 << level
      else (pendingDeep ??= new Set()).add(level)
    }
    const reach = Math.min(i.levels.length, level)
    if (reach > deepest) deepest = reach
  }
  // the clocks, copied at the first change (a level started past the end
  // makes a copy one longer: every list is of its exact length, which a
  // write past the end would not keep) and changed in place after it
  let clocks: LevelClock[] | undefined
  for (let k = 1; k <= 1000; k++) {
    const c = (clocks ?? packet.clocks)[k - 1]
    if (c?.outcome === 'complete') continue
    if (c?.outcome === 'lapsed') break
    const pendingAtK = k >= 1 && k <= 30 ? (pendingBits & (1 << k)) !== 0 : pendingDeep?.has(k) === true
    if (c === undefined) {
      if (deepest < k) break
      out.push({ type: 'LevelStarted', at, packetId: packet.id, level: k })
      // as the event makes it (evolvePacket): the level's clock, with the days planned for it
      const started = startLevel(k, at, packet.plannedExtra[k - 1] ?? 0)
      const from: ReadonlyArray<LevelClock> = clocks ?? packet.clocks
      if (k > from.length) {
        const longer = new Array<LevelClock>(k)
        for (let j = 0; j < from.length; j++) longer[j] = from[j] as LevelClock
        clocks = longer
      } else {
        clocks ??= packet.clocks.slice()
      }
      clocks[k - 1] = started
    }
    // a `completeOn: 'submit'` level waits for `submit` or the end of its window
    if (pendingAtK || held(k)) break
    out.push({ type: 'LevelCompleted', at, packetId: packet.id, level: k })
    const open = (clocks ?? packet.clocks)[k - 1]
    if (open !== undefined) {
      clocks ??= packet.clocks.slice()
      clocks[k - 1] = closeClock(open, 'complete', at)
    }
  }
  return clocks === undefined ? packet : packetWithClocks(packet, clocks)
}

// -------------------------------------------------------------------------------------
// delegation
// -------------------------------------------------------------------------------------

/**
 * The delegation rules of a packet of the campaign.
 * @example
 * import { packetsOf } from 'access-review-core'
 * import { delegationRules } from '../../src/campaign/rules.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * delegationRules(state.campaign, packetsOf(state)[0]!).subjectUser // 'bob'
 * @since 0.2.0
 * @category Decider
 * @internal
 */
export const delegationRules = (c: Campaign, p: Packet): DelegationRules => ({
  delegates: c.delegates ?? {},
  isActive: (u) => PMap.get(c.activeUsers, u) !== undefined,
  subjectUser: p.subjectUser,
  allowSelfReview: c.definition.reviewers.allowSelfReview === true,
  distinctReviewers: c.definition.reviewers.distinctReviewers !== false,
})

/**
 * The `ItemReassigned` events that hand the new assignment of a tier (on
 * escalation, or when an item reaches its next level) to the delegates of
 * its reviewers whose delegation holds at `at`.
 * @example
 * import { packetsOf } from 'access-review-core'
 * import { delegationEvents } from '../../src/campaign/rules.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * const p = packetsOf(state)[0]!
 * delegationEvents(state.campaign, p, p.items[0]!, 1, 0, at('2025-01-04T09:00:00Z')) // [] (nobody delegates)
 * @since 0.2.0
 * @category Decider
 * @internal
 */
export const delegationEvents = (c: Campaign, p: Packet, item: Item, level: number, tier: number, at: Instant): ReadonlyArray<CampaignEvent> => {
  // asked for every item that moves to a new tier or level: no list is made when nobody delegates
  if (c.delegates === undefined) return NO_EVENTS
  return substitutions(delegationRules(c, p), item, level, reviewersOf(item, level, tier), at).map((x) => ({
    type: 'ItemReassigned' as const,
    at,
    packetId: p.id,
    by: x.original,
    itemId: item.spec.id,
    level,
    tier: Math.min(tier, (item.levels[level - 1]?.tiers.length ?? 1) - 1),
    to: x.delegate,
    replaces: x.original,
    onBehalfOf: x.original,
  }))
}

/** The empty list of events (shared: lists of events are never written). */
const NO_EVENTS: ReadonlyArray<CampaignEvent> = []

// -------------------------------------------------------------------------------------
// notifications
// -------------------------------------------------------------------------------------

/**
 * Groups item ids by recipient, keeping first-seen order.
 * @example
 * import { groupByRecipient } from '../../src/campaign/rules.js' // internal
 * groupByRecipient([[['a'], 'i1'], [['a', 'b'], 'i2']] as never).get('a' as never) // ['i1', 'i2']
 * @since 0.1.0
 * @category Decider
 * @internal
 */
export const groupByRecipient = (
  pairs: ReadonlyArray<readonly [ReadonlyArray<UserId>, ItemId]>,
): ReadonlyMap<UserId, ReadonlyArray<ItemId>> => {
  const out = new RecipientLists()
  // indexed loops, no destructuring: no iterator result per pair in code not yet optimised
  for (let n = 0; n < pairs.length; n++) {
    const pair = pairs[n] as readonly [ReadonlyArray<UserId>, ItemId]
    out.add(pair[0], pair[1])
  }
  return out.byRecipient
}

/**
 * Item ids by recipient, filled one item at a time (what
 * {@link groupByRecipient} does for a list of pairs, for a decider that
 * assigns items as it goes): recipients in first-seen order, each item once
 * per recipient.
 * @example
 * import { RecipientLists } from '../../src/campaign/rules.js' // internal
 * const lists = new RecipientLists().add(['a'] as never, 'i1' as never).add(['a', 'b'] as never, 'i2' as never).add(['a'] as never, 'i1' as never)
 * lists.byRecipient.get('a' as never) // ['i1', 'i2']
 * @since 0.2.0
 * @category Decider
 * @internal
 */
export class RecipientLists {
  readonly byRecipient = new Map<UserId, ItemId[]>()
  // a recipient's few items are checked for repeats by a scan, many by a set (shared/unique.ts)
  private seen: Map<UserId, Set<ItemId>> | undefined

  /** Adds an item to the list of each of its users. */
  add(users: ReadonlyArray<UserId>, id: ItemId): this {
    for (let k = 0; k < users.length; k++) {
      const u = users[k]
      if (u === undefined) continue
      const l = this.byRecipient.get(u)
      if (l === undefined) {
        this.byRecipient.set(u, [id])
        continue
      }
      const known = this.seen?.get(u)
      const next = pushUnique(l, id, known)
      if (next !== known && next !== undefined) (this.seen ??= new Map()).set(u, next)
    }
    return this
  }
}

const summaries: Record<NotificationKind, (n: number, name: string) => string> = {
  reviewAssigned: (n, name) => `${n} item(s) are waiting for your review in "${name}"`,
  reviewEscalated: (n, name) => `${n} item(s) were escalated to you in "${name}"`,
  reviewOverdue: (n, name) => `${n} item(s) assigned to you in "${name}" are overdue`,
  accessRequestDenied: (n, name) => `${n} access request item(s) you made were revoked in "${name}"`,
  campaignReminder: (n, name) => `Reminder: ${n} item(s) are waiting for your review in "${name}"`,
  campaignOverdue: (n, name) => `"${name}" is past its due date; ${n} item(s) still wait for you`,
  campaignAborted: (_n, name) => `"${name}" was aborted; no access will change`,
  campaignCompleted: (_n, name) => `"${name}" was completed`,
  accessDeprovisioned: (n, name) => `${n} revoked access item(s) were removed after "${name}"`,
  deprovisioningFailed: (n, name) => `De-provisioning after "${name}" failed for all ${n} item(s)`,
  deprovisioningPartial: (n, name) => `De-provisioning after "${name}" failed for ${n} item(s)`,
  deprovisioningSucceeded: (n, name) => `All ${n} de-provisioning action(s) after "${name}" succeeded`,
  reviewExpired: (n, name) => `${n} item(s) in "${name}" expired without a decision`,
  campaignExpired: (n, name) => `"${name}" expired: ${n} item(s) were never decided`,
  infoRequested: (n, name) => `A reviewer asks you for information on ${n} item(s) in "${name}"`,
  infoProvided: (n, name) => `Your question on ${n} item(s) in "${name}" was answered`,
}

// The summary of the last intent made, remembered: the intents of one command
// (one per packet) usually share their kind, count and campaign name.
let lastSummary: { readonly kind: NotificationKind; readonly n: number; readonly name: string; readonly text: string } | undefined
const summaryOf = (kind: NotificationKind, n: number, name: string): string => {
  const last = lastSummary
  if (last !== undefined && last.kind === kind && last.n === n && last.name === name) return last.text
  const text = summaries[kind](n, name)
  lastSummary = { kind, n, name, text }
  return text
}

/**
 * `NotificationIssued` events, one per recipient.
 * @example
 * import { notify } from '../../src/campaign/rules.js' // internal
 * import { run, actor, at, aDefinition, anItem, itemId, userId } from 'access-review-core/testing'
 * const { campaign } = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: actor('rita', 'riskManager'), definition: aDefinition(), items: [anItem('i1', 's-bob')] }]).state!
 * const byRecipient = new Map([[userId('mia'), [itemId('i1')]], [userId('max'), [itemId('i1')]]])
 * const events = notify(campaign, 'reviewAssigned', at('2025-01-03T09:00:00Z'), byRecipient)
 * events.map((e) => (e.type === 'NotificationIssued' ? e.intent.recipients : [])) // [['mia'], ['max']]
 * events.map((e) => (e.type === 'NotificationIssued' ? e.intent.summary : ''))[0] // '1 item(s) are waiting for your review in "Quarterly access review"'
 * @since 0.1.0
 * @category Decider
 * @internal
 */
export const notify = (
  campaign: Campaign,
  kind: NotificationKind,
  at: Instant,
  byRecipient: ReadonlyMap<UserId, ReadonlyArray<ItemId>>,
  opts: NotifyOptions = {},
): ReadonlyArray<CampaignEvent> => notifyInto([], campaign, kind, at, byRecipient, opts)

/** Options of {@link notify}: the packet of the events, the discriminator of their ids, the count in their summary. */
interface NotifyOptions {
  readonly packetId?: SubjectId
  readonly discriminator?: string
  readonly count?: number
}

/**
 * {@link notify}, the events pushed onto `out` (a command's own list of
 * events: no list per call), which it returns.
 * @example
 * import { notifyInto } from '../../src/campaign/rules.js' // internal
 * import { run, actor, at, aDefinition, anItem, itemId, userId } from 'access-review-core/testing'
 * const { campaign } = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: actor('rita', 'riskManager'), definition: aDefinition(), items: [anItem('i1', 's-bob')] }]).state!
 * const events = notifyInto([], campaign, 'reviewAssigned', at('2025-01-03T09:00:00Z'), new Map([[userId('mia'), [itemId('i1')]]]))
 * events.length // 1
 * @since 0.2.0
 * @category Decider
 * @internal
 */
export const notifyInto = (
  out: CampaignEvent[],
  campaign: Campaign,
  kind: NotificationKind,
  at: Instant,
  byRecipient: ReadonlyMap<UserId, ReadonlyArray<ItemId>>,
  opts: NotifyOptions = {},
): CampaignEvent[] => {
  // literals of one key order, not spreads of optional fields (one event per recipient of every packet a command touches)
  const packetId = opts.packetId
  let prev: ReadonlyArray<ItemId> | undefined
  byRecipient.forEach((list, recipient) => {
    const itemIds = exactIds(list, prev)
    prev = itemIds
    const summary = summaryOf(kind, opts.count ?? itemIds.length, campaign.definition.name)
    const intent = intentOf(campaign.id, kind, recipient, itemIds, at, summary, campaign.definition.linkTemplate, opts.discriminator)
    out.push(packetId === undefined ? { type: 'NotificationIssued', at, intent } : { type: 'NotificationIssued', at, packetId, intent })
  })
  return out
}

// The items of an intent in a list of their exact length. A list built by
// pushes keeps room for more (one grown from 1 to 4 items has 17 slots), and
// an intent lives as long as its event: at 1M items, 2,500 packets of a
// 10,000-item command each notify two reviewers. Recipients of the same
// items (the reviewers of one tier) share one list; lists are never written.
const exactIds = (list: ReadonlyArray<ItemId>, prev: ReadonlyArray<ItemId> | undefined): ReadonlyArray<ItemId> => {
  if (prev !== undefined && prev.length === list.length) {
    let k = 0
    while (k < list.length && prev[k] === list[k]) k++
    if (k === list.length) return prev
  }
  return list.slice()
}

/**
 * The reviewers assigned anything in the campaign: every tier that became
 * active for a level an item reached.
 * @example
 * import { assignedReviewers } from '../../src/campaign/rules.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'rick' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const definition = aDefinition({ reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 } }) // mia, then rick
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition, items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * assignedReviewers(state) // ['mia']
 * const approved = run([{ type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'approve' }], state).state!
 * assignedReviewers(approved) // ['mia', 'rick']
 * @since 0.1.0
 * @category Decider
 * @internal
 */
export const assignedReviewers = (s: CampaignState): ReadonlyArray<UserId> => {
  const out = new Set<UserId>()
  for (const p of packetsOf(s)) {
    for (const item of packetItems(p)) {
      for (let k = 1; k <= Math.min(item.state.level, item.levels.length); k++) {
        const top = levelStatus(p, k).tier
        for (let t = 0; t <= top; t++) for (const u of reviewersOf(item, k, t)) out.add(u)
      }
    }
  }
  return [...out]
}

/**
 * One notification of `kind` to each owner and assigned reviewer.
 * @example
 * import { notifyEveryone } from '../../src/campaign/rules.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * // the owner (`owner`) and the assigned reviewer (`mia`), one event each
 * const events = notifyEveryone(state, 'campaignAborted', at('2025-01-04T09:00:00Z'))
 * events.map((e) => (e.type === 'NotificationIssued' ? e.intent.recipients : [])) // [['owner'], ['mia']]
 * @since 0.1.0
 * @category Decider
 * @internal
 */
export const notifyEveryone = (s: CampaignState, kind: NotificationKind, at: Instant): ReadonlyArray<CampaignEvent> => {
  const people = [...new Set([...s.campaign.definition.owners, ...assignedReviewers(s)])]
  return notify(s.campaign, kind, at, new Map(people.map((u) => [u, []])), { count: itemCounts(s).total })
}

// -------------------------------------------------------------------------------------
// completion
// -------------------------------------------------------------------------------------

const action = (c: Campaign, item: Item, reason: FulfillmentAction['reason']): FulfillmentAction => ({
  itemId: item.spec.id,
  subject: item.spec.subject,
  application: item.spec.application,
  resource: item.spec.resource,
  entitlement: item.spec.entitlement,
  option: lookup(c.fulfillment, item.spec.application) ?? 'manual',
  reason,
})

/**
 * The fulfillment plan at completion (SPEC §8): one action per revoked
 * item, plus expired items under `onExpiredItems: revokeAccess`, plus
 * outstanding items when completion said `revokeAccess`.
 * @example
 * import { fulfillmentPlan } from '../../src/campaign/rules.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 *   { type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'revoke' },
 * ]).state!
 * fulfillmentPlan(state, 'keepAccess').map((a) => [a.itemId, a.reason, a.option]) // [['i1', 'revoked', 'manual']]
 * fulfillmentPlan(state, 'revokeAccess').map((a) => [a.itemId, a.reason]) // [['i1', 'revoked'], ['i2', 'outstanding']]
 * @since 0.1.0
 * @category Decider
 * @internal
 */
export const fulfillmentPlan = (s: CampaignState, outstanding: 'keepAccess' | 'revokeAccess' | undefined): ReadonlyArray<FulfillmentAction> => {
  const c = s.campaign
  const out: FulfillmentAction[] = []
  for (const p of packetsOf(s)) {
    for (const item of packetItems(p)) {
      const tag = item.state._tag
      if (tag === 'revoked') out.push(action(c, item, 'revoked'))
      else if (tag === 'expired' && c.definition.onExpiredItems === 'revokeAccess') out.push(action(c, item, 'expired'))
      else if (tag === 'pending' && outstanding === 'revokeAccess') out.push(action(c, item, 'outstanding'))
    }
  }
  return out
}

/**
 * The events of completing the campaign at `at`: `CampaignCompleted` with the
 * plan, `campaignCompleted` to owners and reviewers, and
 * `accessRequestDenied` to requesters of revoked items.
 * @example
 * import { completionEvents } from '../../src/campaign/rules.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId, userId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob', { requestedBy: 'bob' })] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 *   { type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i2')], decision: 'revoke' },
 * ]).state!
 * const events = completionEvents(state, at('2025-01-05T09:00:00Z'), userId('rita'), 'keepAccess')
 * const what = events.map((e) => (e.type === 'NotificationIssued' ? `${e.intent.kind} ${e.intent.recipients.join()}` : e.type))
 * what // ['CampaignCompleted', 'campaignCompleted owner', 'campaignCompleted mia', 'accessRequestDenied bob']
 * @since 0.1.0
 * @category Decider
 * @internal
 */
export const completionEvents = (
  s: CampaignState,
  at: Instant,
  by: UserId | undefined,
  outstanding: 'keepAccess' | 'revokeAccess' | undefined,
): ReadonlyArray<CampaignEvent> => {
  const plan = fulfillmentPlan(s, outstanding)
  const denied: Array<readonly [ReadonlyArray<UserId>, ItemId]> = []
  for (const p of packetsOf(s)) {
    for (const item of packetItems(p)) {
      if (item.state._tag === 'revoked' && item.spec.requestedBy !== undefined) denied.push([[item.spec.requestedBy], item.spec.id])
    }
  }
  return [
    {
      type: 'CampaignCompleted',
      at,
      ...(by === undefined ? {} : { by }),
      ...(outstanding === undefined ? {} : { outstanding }),
      plan,
    },
    ...notifyEveryone(s, 'campaignCompleted', at),
    ...notify(s.campaign, 'accessRequestDenied', at, groupByRecipient(denied)),
  ]
}

/**
 * True when every item of the campaign is final.
 * @example
 * import { allFinal } from '../../src/campaign/rules.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const published = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * allFinal(published) // false
 * const decided = run([{ type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i1'), itemId('i2')], decision: 'approve' }], published).state!
 * allFinal(decided) // true
 * @since 0.1.0
 * @category Decider
 * @internal
 */
export const allFinal = (s: CampaignState): boolean => packetsOf(s).every((p) => packetItems(p).every((i) => isFinal(i.state)))
