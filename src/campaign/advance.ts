/**
 * Time advances only through `advance(state, to)` (SPEC §5.6): tier lapses,
 * escalations, expirations, overdue marks, escalation before the due date
 * and reminders, applied in instant order. Idempotent and split-invariant
 * in state; in events too, except that periodic reminders missed in one
 * advance are coalesced into one (docs/limits.md, Reminders).
 *
 * @since 0.1.0
 */
import type { ItemId, UserId } from '../shared/ids.js'
import { lookup } from '../shared/codec.js'
import type { Item } from '../review/item.js'
import { decidedAtOtherLevel, reviewersOf } from '../review/item.js'
import { completesOnSubmit, escalateBeforeDueDays } from '../schedule/policy.js'
import type { Instant } from '../schedule/time.js'
import { addDays, instantOfMillis, LATEST_INSTANT } from '../schedule/time.js'
import type { LevelClock, Window } from '../schedule/window.js'
import { openClock, packetWindows, tierCount } from '../schedule/window.js'
import type { CampaignEvent } from './event.js'
import { evolve, evolvePacket, fold } from './event.js'
import { completionEvents, delegationEvents, groupByRecipient, notify, notifyInto, settleLevels } from './rules.js'
import type { CampaignState, Packet } from './state.js'
import { itemOf, lastLevelOf, packetItems, packetPosition, packetsOf, pendingByReviewer } from './state.js'
import { Packets } from './packets.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The result of advancing: the new state and the events that got it there
 * (notifications included, as `NotificationIssued` events).
 * @since 0.1.0
 * @category Decider
 */
export interface Advanced {
  readonly state: CampaignState
  readonly events: ReadonlyArray<CampaignEvent>
}

// -------------------------------------------------------------------------------------
// timeline
// -------------------------------------------------------------------------------------


/**
 * The windows of a packet (started, then projected).
 * @example
 * import { windowsOf, packetsOf } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'rick' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * // two levels (mia, then rick), 2 days each
 * const definition = aDefinition({ reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 }, timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] } })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition, items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * packetsOf(state).flatMap((p) => windowsOf(state, p)).map((w) => `L${w.level} ${w.status}`) // ['L1 active', 'L2 upcoming']
 * @since 0.1.0
 * @category Decider
 */
export const windowsOf = (s: CampaignState, p: Packet): ReadonlyArray<Window> =>
  packetWindows(s.campaign.definition.timing, s.campaign.definition.timeZone, p.clocks, p.plannedExtra, lastLevelOf(p))

/**
 * The campaign due date: the configured one (moved by extensions) under
 * `deadline`; under `reviewerWindows` the latest projected end over all
 * packets. `undefined` before publish.
 * @example
 * import { dueAtOf } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const definition = aDefinition({ timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 3 } }] } })
 * const draft = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition, items: [anItem('i1', 's-bob')] }]).state!
 * dueAtOf(draft) // undefined
 * const state = run([{ type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory }], draft).state!
 * dueAtOf(state) === at('2025-01-06T09:00:00Z') // true
 * @since 0.1.0
 * @category Decider
 */
export const dueAtOf = (s: CampaignState): Instant | undefined => {
  const c = s.campaign
  if (c.definition.timing.policy === 'deadline') return c.dueAt ?? (c.status === 'draft' ? c.definition.timing.dueAt : undefined)
  if (c.publishedAt === undefined) return undefined
  // the greatest projected end of any packet, kept by the packets map
  return instantOfMillis(s.packets.hi)
}


// -------------------------------------------------------------------------------------
// timers
// -------------------------------------------------------------------------------------

type Timer =
  | { readonly kind: 'lapse'; readonly at: Instant; readonly packet: Packet; readonly clock: LevelClock }
  | { readonly kind: 'escalateBeforeDue'; readonly at: Instant }
  | { readonly kind: 'overdue'; readonly at: Instant; readonly dueAt: Instant }
  | { readonly kind: 'reminder'; readonly at: Instant; readonly slot: number }
  | { readonly kind: 'beforeDue'; readonly at: Instant; readonly dueAt: Instant }

const periodDays = (s: CampaignState): number => {
  const r = s.campaign.definition.reminders
  if (r === undefined) return 0
  switch (r.kind) {
    case 'daily':
      return 1
    case 'weekly':
      return 7
    case 'everyDays':
      return r.days
    default:
      return 0
  }
}

// The instant of periodic reminder slot `n` (slot 1 is one period after
// publish), or `undefined` past the range of instants (a slot that would fall
// after it is clamped to the latest instant: there are no more slots).
const slotAt = (s: CampaignState, published: Instant, period: number, n: number): Instant | undefined => {
  const at = addDays(published, n * period, s.campaign.definition.timeZone)
  return at >= LATEST_INSTANT ? undefined : at
}

const campaignTimers = (s: CampaignState): ReadonlyArray<Timer> => {
  const c = s.campaign
  const zone = c.definition.timeZone
  const out: Timer[] = []
  const due = dueAtOf(s)
  const timing = c.definition.timing
  if (timing.policy === 'deadline' && due !== undefined && !c.escalatedBeforeDue) {
    const x = escalateBeforeDueDays(timing.escalateBeforeDue)
    if (x > 0) out.push({ kind: 'escalateBeforeDue', at: maxI(addDays(due, -x, zone), c.clock) })
  }
  if (due !== undefined && !c.overdueNotified) out.push({ kind: 'overdue', at: maxI(due, c.clock), dueAt: due })
  const published = c.publishedAt
  if (published !== undefined) {
    const period = periodDays(s)
    const at = period > 0 ? slotAt(s, published, period, c.reminderSlot) : undefined
    if (at !== undefined) out.push({ kind: 'reminder', at, slot: c.reminderSlot })
    const r = c.definition.reminders
    if (r?.kind === 'beforeDue' && due !== undefined && c.beforeDueSentFor !== due) {
      const at = addDays(due, -r.days, zone)
      if (at >= addDays(published, 1, zone) && at >= c.clock) out.push({ kind: 'beforeDue', at, dueAt: due })
    }
  }
  return out
}

const maxI = (a: Instant, b: Instant): Instant => (a > b ? a : b)

// The packets whose open tier lapses first, all at the same instant, in scope
// order: read from the packets map's least next lapse; only the chunks that
// hold such a packet are scanned.
const packetTimers = (s: CampaignState): ReadonlyArray<Timer> => {
  const first = s.packets.lo
  if (!Number.isFinite(first)) return []
  const out: Array<Extract<Timer, { kind: 'lapse' }>> = []
  for (const p of Packets.valuesWithLo(s.packets, first)) {
    const clock = openClock(p.clocks)
    if (clock !== undefined && p.nextLapseAt !== undefined) out.push({ kind: 'lapse', at: p.nextLapseAt, packet: p, clock })
  }
  const n = out.length
  // the packets map lists the packets of the scope in scope order already;
  // only packets of subjects outside the scope (a hand-written log) sort
  // first, by position -1
  if (n <= 1 || s.packets.others.size === 0) return out
  // scope order, each packet's position looked up once: a stable sort by
  // position as one numeric sort of (position + 1) · n + index, with no
  // comparator call per comparison (a lapse of 25,000 packets at once sorted
  // them by a comparator in a third of its time)
  const keys = new Float64Array(n)
  for (let i = 0; i < n; i++) keys[i] = (packetPosition(s, (out[i] as Extract<Timer, { kind: 'lapse' }>).packet.id) + 1) * n + i
  keys.sort()
  const sorted: Array<Extract<Timer, { kind: 'lapse' }>> = new Array(n)
  for (let j = 0; j < n; j++) sorted[j] = out[(keys[j] as number) % n] as Extract<Timer, { kind: 'lapse' }>
  return sorted
}

// -------------------------------------------------------------------------------------
// firing
// -------------------------------------------------------------------------------------

const lapseEvents = (s: CampaignState, p: Packet, clock: LevelClock, at: Instant): ReadonlyArray<CampaignEvent> => {
  const { timing } = s.campaign.definition
  const k = clock.level
  const items = packetItems(p)
  const pendingAtK = items.filter((i) => i.state._tag === 'pending' && i.state.level === k)
  if (pendingAtK.length === 0) {
    // the window of a level that waited for `submit` ended: it completes, and the next level starts
    const done: CampaignEvent = { type: 'LevelCompleted', at, packetId: p.id, level: k }
    return prepended(done, settleLevels(evolvePacket(p, done), at, (level) => completesOnSubmit(timing, level)))
  }
  const ids = pendingAtK.map((i) => i.spec.id)
  if (clock.tier + 1 < tierCount(timing, k)) {
    const tier = clock.tier + 1
    const escalated: CampaignEvent = { type: 'TierEscalated', at, packetId: p.id, level: k, tier, itemIds: ids }
    // the new tier is assigned now: delegates whose period holds take over
    const handed: CampaignEvent[] = []
    // the escalated packet is needed only to hand items to delegates: a
    // campaign without any does not make it (the fold applies the event, as
    // it applies every other; with it the 10 % lapse took 10 % longer)
    let q = s.campaign.delegates === undefined ? p : evolvePacket(p, escalated)
    const pairs: Array<readonly [ReadonlyArray<UserId>, ItemId]> = []
    // indexed loops (see `advance`)
    for (let n = 0; n < pendingAtK.length; n++) {
      const i = pendingAtK[n] as Item
      let item = i
      const es = delegationEvents(s.campaign, q, i, k, tier, at)
      for (let j = 0; j < es.length; j++) {
        const e = es[j] as CampaignEvent
        q = evolvePacket(q, e)
        handed.push(e)
        item = itemOf(q, i.spec.id) ?? item
      }
      pairs.push([reviewersOf(item, k, tier), i.spec.id])
    }
    const out: CampaignEvent[] = [escalated]
    for (let j = 0; j < handed.length; j++) out.push(handed[j] as CampaignEvent)
    return notifyInto(out, s.campaign, 'reviewEscalated', at, groupByRecipient(pairs), { packetId: p.id, discriminator: `L${k}T${tier}` })
  }
  if (timing.policy === 'reviewerWindows' && timing.onLapse !== 'overdue') {
    const all = items.filter((i) => i.state._tag === 'pending').map((i) => i.spec.id)
    // one notice per recipient: the reviewers of the lapsed tier (their items)
    // and the owners (every item of the packet that expired)
    const pairs: Array<readonly [ReadonlyArray<UserId>, ItemId]> = pendingAtK.map((i) => [reviewersOf(i, k, clock.tier), i.spec.id] as const)
    for (const id of all) pairs.push([s.campaign.definition.owners, id])
    return prepended(
      { type: 'PacketExpired', at, packetId: p.id, level: k, itemIds: all },
      notify(s.campaign, 'reviewExpired', at, groupByRecipient(pairs), { packetId: p.id, discriminator: `L${k}` }),
    )
  }
  return prepended(
    { type: 'LevelOverdue', at, packetId: p.id, level: k, itemIds: ids },
    notify(s.campaign, 'reviewOverdue', at, groupByRecipient(pendingAtK.map((i) => [reviewersOf(i, k, clock.tier), i.spec.id] as const)), {
      packetId: p.id,
      discriminator: `L${k}`,
    }),
  )
}

// `[first, ...rest]` without the iterator protocol (a lapse of 25,000 packets makes one per packet and tier)
const prepended = (first: CampaignEvent, rest: ReadonlyArray<CampaignEvent>): CampaignEvent[] => {
  const out = new Array<CampaignEvent>(rest.length + 1)
  out[0] = first
  for (let i = 0; i < rest.length; i++) out[i + 1] = rest[i] as CampaignEvent
  return out
}

// With distinctReviewers, a manager who reviews or decided another level of
// the item is not added to this one.
const reviewsOtherLevel = (i: Item, user: UserId, level: number): boolean =>
  decidedAtOtherLevel(i, user, level) !== undefined || i.levels.some((lv, j) => j + 1 !== level && lv.tiers.some((ts) => ts.includes(user)))

const escalateBeforeDueEvents = (s: CampaignState, at: Instant): ReadonlyArray<CampaignEvent> => {
  const events: CampaignEvent[] = [{ type: 'EscalatedBeforeDue', at }]
  const pairs: Array<readonly [ReadonlyArray<UserId>, ItemId]> = []
  const managers = s.campaign.managers
  for (const p of packetsOf(s)) {
    const additions: Array<{ itemId: ItemId; level: number; tier: number; users: ReadonlyArray<UserId> }> = []
    for (const i of packetItems(p)) {
      if (i.state._tag !== 'pending') continue
      const k = i.state.level
      const tier = p.clocks[k - 1]?.tier ?? 0
      const reviewers = reviewersOf(i, k, tier)
      const distinct = s.campaign.definition.reviewers.distinctReviewers !== false
      const added = [...new Set(reviewers.flatMap((r) => lookup(managers, r) ?? []))].filter(
        (m) => m !== p.subjectUser && !reviewers.includes(m) && !(distinct && reviewsOtherLevel(i, m, k)),
      )
      if (added.length === 0) continue
      additions.push({ itemId: i.spec.id, level: k, tier, users: added })
      pairs.push([[...reviewers, ...added], i.spec.id])
    }
    if (additions.length > 0) events.push({ type: 'ReviewersAdded', at, packetId: p.id, additions })
  }
  return [...events, ...notify(s.campaign, 'reviewEscalated', at, groupByRecipient(pairs), { discriminator: 'beforeDue' })]
}

const fire = (s: CampaignState, t: Timer): ReadonlyArray<CampaignEvent> => {
  switch (t.kind) {
    case 'lapse':
      return lapseEvents(s, t.packet, t.clock, t.at)
    case 'escalateBeforeDue':
      return escalateBeforeDueEvents(s, t.at)
    case 'overdue': {
      const pending = pendingByReviewer(s)
      return [
        { type: 'CampaignOverdue', at: t.at },
        ...notify(s.campaign, 'campaignOverdue', t.at, pending),
        ...(s.campaign.definition.timing.policy === 'deadline' ? notify(s.campaign, 'reviewOverdue', t.at, pending, { discriminator: 'due' }) : []),
      ]
    }
    case 'reminder':
      return [
        { type: 'ReminderSlotPassed', at: t.at, slot: t.slot },
        ...notify(s.campaign, 'campaignReminder', t.at, pendingByReviewer(s), { discriminator: `slot-${t.slot}` }),
      ]
    case 'beforeDue':
      return [
        { type: 'BeforeDueReminderSent', at: t.at, dueAt: t.dueAt },
        ...notify(s.campaign, 'campaignReminder', t.at, pendingByReviewer(s), { discriminator: 'beforeDue' }),
      ]
  }
}

/**
 * The events that end the campaign by itself at `at`: auto-completion when
 * every item is final and `autoComplete` is on; otherwise `CampaignExpired`
 * when no item is pending and at least one expired (SPEC §5.5).
 * @example
 * import { evolve } from 'access-review-core'
 * import { settleCampaign } from '../../src/campaign/advance.js' // internal
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId, subjectId, userId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition({ autoComplete: true }), items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * const t = at('2025-01-04T09:00:00Z')
 * settleCampaign(state, t) // []
 * const decided = evolve(state, { type: 'ItemsDecided', at: t, packetId: subjectId('s-bob'), by: userId('mia'), decisions: [{ itemId: itemId('i1'), level: 1, tier: 0, decision: 'approve' }] })!
 * settleCampaign(decided, t).map((e) => e.type) // ['CampaignCompleted', 'NotificationIssued', 'NotificationIssued']
 * @since 0.1.0
 * @category Decider
 * @internal
 */
export const settleCampaign = (s: CampaignState, at: Instant): ReadonlyArray<CampaignEvent> => {
  if (s.campaign.status !== 'inProgress') return []
  if (s.campaign.definition.autoComplete === true && s.pending === 0) return completionEvents(s, at, undefined, undefined)
  if (s.pending === 0 && s.expired > 0) {
    const owners = new Map(s.campaign.definition.owners.map((u) => [u, [] as ReadonlyArray<ItemId>]))
    return [{ type: 'CampaignExpired', at }, ...notify(s.campaign, 'campaignExpired', at, owners, { count: s.expired })]
  }
  return []
}

const earliest = (timers: ReadonlyArray<Timer>): Instant | undefined => {
  let next: Instant | undefined
  for (const t of timers) if (next === undefined || t.at < next) next = t.at
  return next
}

/**
 * The earliest instant at which `advance` has something to do, or
 * `undefined` when nothing is scheduled (remembered per state).
 * @example
 * import { nextWake } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition({ reminders: { kind: 'daily' } }), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * // the first daily reminder is due one day after publish
 * nextWake(state) === at('2025-01-04T09:00:00Z') // true
 * @since 0.1.0
 * @category Decider
 */
export const nextWake = (s: CampaignState): Instant | undefined => {
  if (s.campaign.status !== 'inProgress') return undefined
  const lapse = instantOfMillis(s.packets.lo)
  const others = earliest(campaignTimers(s))
  if (lapse === undefined) return others
  return others === undefined || lapse < others ? lapse : others
}

/**
 * Applies every time-driven transition up to and including instant `to`.
 * Timers due at the same instant fire in a fixed order: packet lapses (in
 * scope order), then the campaign's own (escalation before the due date,
 * overdue, reminders). Nothing happens once the campaign is completed,
 * aborted or expired.
 *
 * Periodic reminder slots that all fell due before `to`, with no other
 * timer between them, are coalesced: one `ReminderSlotPassed` for the latest
 * of them and one reminder per reviewer, not one per slot (see
 * docs/limits.md, Reminders). Advancing in several steps that land between
 * slots sends the reminders of those slots; the state is the same either way.
 *
 * @example
 * import { advance } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * // the campaign is due 2025-03-31 and nothing was decided
 * const later = advance(state, at('2025-04-01T00:00:00Z'))
 * later.events.map((e) => e.type) // ['CampaignOverdue', 'NotificationIssued', 'NotificationIssued']
 * advance(later.state, at('2025-04-01T00:00:00Z')).events // []
 * @since 0.1.0
 * @category Decider
 */
export const advance = (s0: CampaignState, to: Instant): Advanced => {
  const wake = nextWake(s0)
  if (wake === undefined || wake > to) return { state: s0, events: [] }
  let s = s0
  const events: CampaignEvent[] = []
  const push = (es: ReadonlyArray<CampaignEvent>): void => {
    for (const e of es) {
      s = evolve(s, e) ?? s
      events.push(e)
    }
  }
  for (let guard = 0; guard < 200_000 && s.campaign.status === 'inProgress'; guard++) {
    const others = campaignTimers(s)
    const othersAt = earliest(others)
    // the packets whose lapse comes first are collected only when that lapse
    // is due and no other timer comes before it: when the lapsing packets are
    // a tenth of the campaign, the rest lapse later, and collecting (and
    // ordering) them only to find them past `to` cost more than the lapse
    const lo = instantOfMillis(s.packets.lo)
    const lapses = lo !== undefined && lo <= to && (othersAt === undefined || lo <= othersAt) ? packetTimers(s) : []
    const lapseAt = lapses.length > 0 ? lo : undefined
    const next = lapseAt === undefined ? othersAt : othersAt === undefined || lapseAt <= othersAt ? lapseAt : othersAt
    if (next === undefined || next > to) break
    const at = next
    const due = lapses.filter((t) => t.at === at)
    if (due.length > 0) {
      // The lapses of one instant touch one packet each and read nothing
      // else that another of them changes (the campaign's fields other than
      // its clock, which no lapse reads), so each one's events are found on
      // the state before any of them and all are folded at once: every
      // lapsing packet is written into the packets map once, timed once.
      const fired: CampaignEvent[] = []
      // each timer holds its packet as `s` has it (packetTimers read them from `s` above)
      // indexed loops: this loop runs once per lapsing packet before it is
      // optimised, and `for … of` there allocates an iterator result per element
      for (let i = 0; i < due.length; i++) {
        const es = fire(s, due[i] as Timer)
        for (let j = 0; j < es.length; j++) fired.push(es[j] as CampaignEvent)
      }
      s = fold(s, fired) ?? s
      for (let i = 0; i < fired.length; i++) events.push(fired[i] as CampaignEvent)
      push(settleCampaign(s, at))
      continue
    }
    const t = others.find((x) => x.at === at)
    if (t === undefined) continue
    push(fire(s, t.kind === 'reminder' ? coalesced(s, t, to, others, lo) : t))
  }
  return { state: s, events }
}

// Periodic reminders that fell due while time was not advanced are
// coalesced (docs/limits.md, Reminders): the reminder timer of slot k is
// fired as the latest slot j >= k that is due by `to` and comes before every
// other timer (a slot at the same instant as a lapse, the escalation before
// the due date or the overdue mark comes after it; one at the instant of the
// `beforeDue` reminder comes before it). Slots k..j-1 send nothing: one
// `ReminderSlotPassed` (slot j) and one reminder per reviewer. The pending
// items are the same at every slot of the run, since no other timer fires in
// between. Found by doubling then bisection: O(log(j - k)) slot instants.
const coalesced = (
  s: CampaignState,
  t: Extract<Timer, { kind: 'reminder' }>,
  to: Instant,
  timers: ReadonlyArray<Timer>,
  lapseAt: Instant | undefined,
): Extract<Timer, { kind: 'reminder' }> => {
  const published = s.campaign.publishedAt
  const period = periodDays(s)
  if (published === undefined || period <= 0) return t
  // slots must be strictly earlier than the first packet lapse and every other non-reminder timer
  let before: number = lapseAt ?? Number.POSITIVE_INFINITY
  let notAfter: number = to // slots may be at the same instant
  for (const x of timers) {
    if (x.kind === 'beforeDue') notAfter = Math.min(notAfter, x.at)
    else if (x.kind !== 'reminder') before = Math.min(before, x.at)
  }
  const fits = (n: number): Instant | undefined => {
    const at = slotAt(s, published, period, n)
    return at !== undefined && at < before && at <= notAfter ? at : undefined
  }
  // the largest slot that fits (slot instants never decrease with n): the
  // slot `lo` fits, the slot `hi` does not
  let lo = t.slot
  let loAt: Instant = t.at
  let hi = lo + 1
  for (let step = 1; ; step *= 2) {
    const at = fits(lo + step)
    if (at === undefined) {
      hi = lo + step
      break
    }
    lo += step
    loAt = at
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2)
    const at = fits(mid)
    if (at === undefined) hi = mid
    else {
      lo = mid
      loAt = at
    }
  }
  return lo === t.slot ? t : { kind: 'reminder', at: loAt, slot: lo }
}
