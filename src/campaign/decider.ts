/**
 * The decider (SPEC §2, §4, §6, §8, §11): `decide(command, state)` returns a
 * typed error or the events the command causes, after first advancing the
 * state to the command's instant. A refused command changes nothing.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { ItemId, SubjectId, UserId } from '../shared/ids.js'
import type { ItemProblem } from '../shared/errors.js'
import { DomainError } from '../shared/errors.js'
import { PMap } from '../shared/pmap.js'
import { lookup } from '../shared/codec.js'
import type { Writable } from '../shared/codec.js'
import { missingFields } from '../review/attestation.js'
import type { Delegation, DirectoryIndex, DirectoryUser } from '../review/directory.js'
import { indexDirectory, isActiveUser, managerOf } from '../review/directory.js'
import type { DelegationRules } from '../review/delegation.js'
import { delegateOf, substituteTier, substitutions } from '../review/delegation.js'
import type { DecisionContext, Item, LevelStatus } from '../review/item.js'
import { checkDecision, otherLevelOf, reviewersOf } from '../review/item.js'
import type { ReviewLevel } from '../review/reviewer.js'
import { itemKey, resolveItem, subjectKey, subjectUser, usersNamed } from '../review/reviewer.js'
import { newCollector, sharedTraces, traceOf } from '../review/trace.js'
import { interner } from '../shared/intern.js'
import type { LeftOutUser, ResolutionTrace } from '../review/trace.js'
import { completesOnSubmit, escalationsOf, tierDurations } from '../schedule/policy.js'
import { addDays, calendarDaysBetween, instantOfMillis } from '../schedule/time.js'
import { grantDays, tierEnd, wholeDaysOf } from '../schedule/window.js'
import { advance, settleCampaign } from './advance.js'
import type { Command } from './command.js'
import { scopeProblems } from './definition.js'
import type { CampaignEvent, DecidedItem, DecidedPackets, ExtensionGrant, OpenedItem, PlannedExtension } from './event.js'
import { afterDecided, applyEvent, evolvePacket, fold, timed, withEvolveMemo, withResult } from './event.js'
import { completionEvents, delegationEvents, delegationRules, groupByRecipient, notify, notifyEveryone, notifyInto, RecipientLists, settleLevels, settledInto } from './rules.js'
import type { CampaignState, FoundItem, FulfillmentAction, Packet } from './state.js'
import { activeReviewers, activeTierOf, findItem, isPacketSettled, itemFinder, itemCounts, itemLocator, itemOf, itemSlot, lastLevelOf, levelStatus, packetItems, packetsOf, pendingByReviewer } from './state.js'
import { setOwn } from '../shared/record.js'
import { Packets } from './packets.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>
/**
 * What `decide` returns: a typed error, or the events of the command.
 * @since 0.1.0
 * @category Decider
 */
export type DecideResult = E.Either<DomainError, ReadonlyArray<CampaignEvent>>
type Result = DecideResult

const ok = (events: ReadonlyArray<CampaignEvent>): Result => E.right(events)
const fail = (e: DomainError): Result => E.left(e)

const MANAGERS = 'riskManager or administrator'
const isManager = (c: Command): boolean => c.actor.roles.includes('riskManager') || c.actor.roles.includes('administrator')

// -------------------------------------------------------------------------------------
// lifecycle
// -------------------------------------------------------------------------------------

const create = (s: CampaignState | undefined, c: Cmd<'create'>): Result => {
  if (s !== undefined) return fail(DomainError.invalidTransition(s.campaign.status, 'create'))
  if (!isManager(c)) return fail(DomainError.notAuthorized('create', MANAGERS))
  const problems = scopeProblems(c.items)
  if (problems.length > 0) return fail(DomainError.validation(problems))
  return ok([{ type: 'CampaignCreated', at: c.at, by: c.actor.id, definition: c.definition, items: c.items }])
}

const edit = (s: CampaignState, c: Cmd<'edit'>): Result => {
  if (s.campaign.status !== 'draft') return fail(DomainError.invalidTransition(s.campaign.status, 'edit'))
  if (!isManager(c)) return fail(DomainError.notAuthorized('edit', MANAGERS))
  const definition = c.definition ?? s.campaign.definition
  const items = c.items ?? s.campaign.scope
  const problems = [
    ...scopeProblems(items),
    ...(definition.id === s.campaign.id ? [] : [{ path: 'definition.id', expected: 'the id of the campaign being edited' }]),
  ]
  if (problems.length > 0) return fail(DomainError.validation(problems))
  return ok([{ type: 'CampaignEdited', at: c.at, by: c.actor.id, definition, items }])
}

/**
 * Reviewer chains are the same for many items (a team's manager, the risk
 * managers, an application's owner): one publish keeps one copy of each
 * distinct chain, so that a campaign's memory grows with its distinct chains,
 * not with items × levels × tiers (issue 9: 2.4 KB → 0.6 KB retained per item
 * at 100k items). Chains are immutable, so sharing them is safe.
 */
const sharedLevels = (): ((levels: ReadonlyArray<ReviewLevel>, key: string) => ReadonlyArray<ReviewLevel>) => interner()

/**
 * The bucket of a trace for {@link sharedTraces}: its chain's key, and the
 * users it left out (a source can be skipped the same way for many
 * subjects, e.g. for their different inactive managers, and land on the
 * same chain), so that a bucket holds one trace in practice.
 */
const traceBucket = (chain: string, t: ResolutionTrace): string => {
  let key = chain
  for (const step of t.sources) for (const l of step.leftOut) key += '\u0006' + l.user
  if (t.fallback !== undefined) for (const l of t.fallback.leftOut) key += '\u0006' + l.user
  for (const step of t.tiers) for (const l of step.leftOut) key += '\u0006' + l.user
  return key
}

/** Every field of a level is in the key: adding one to `ReviewLevel` fails to compile here until `chainKey` covers it. */
const KEYED_FIELDS: { readonly [K in keyof Required<ReviewLevel>]: true } = { source: true, tiers: true, onBehalfOf: true }
void KEYED_FIELDS

/** A text that identifies a chain (ids hold no C0 control characters, so these separate them). */
const chainKey = (levels: ReadonlyArray<ReviewLevel>): string => {
  let key = ''
  for (const level of levels) {
    key += level.source + '\u0001'
    for (const tier of level.tiers) {
      for (const u of tier) key += u + '\u0003'
      key += '\u0002'
    }
    if (level.onBehalfOf !== undefined) {
      for (const [delegate, original] of Object.entries(level.onBehalfOf)) key += delegate + '\u0005' + original + '\u0003'
    }
    key += '\u0004'
  }
  return key
}

/**
 * A publish-time trace with level 1's delegations written in: each original
 * reviewer whose delegate took the assignment is left out as `delegated`,
 * and the delegate is chosen in their place (the trace is shared, so a new
 * one is made).
 */
const delegatedIn = (t: ResolutionTrace, subs: ReadonlyArray<{ readonly original: UserId; readonly delegate: UserId }>): ResolutionTrace => {
  const by = new Map(subs.map((x) => [x.original, x.delegate]))
  const swap = <S extends { readonly chosen: ReadonlyArray<UserId>; readonly leftOut: ReadonlyArray<LeftOutUser> }>(step: S): S => ({
    ...step,
    chosen: step.chosen.map((u) => by.get(u) ?? u),
    leftOut: step.leftOut.concat(subs.map((x) => ({ user: x.original, reason: 'delegated' as const }))),
  })
  const i = t.sources.findIndex((x) => x.level === 1)
  if (i >= 0) return { ...t, sources: t.sources.map((x, k) => (k === i ? swap(x) : x)) }
  return t.fallback === undefined ? t : { ...t, fallback: swap(t.fallback) }
}

const publish = (s: CampaignState, c: Cmd<'publish'>): Result => {
  const campaign = s.campaign
  if (campaign.status !== 'draft') return fail(DomainError.invalidTransition(campaign.status, 'publish'))
  if (!isManager(c)) return fail(DomainError.notAuthorized('publish', MANAGERS))
  const def = campaign.definition
  if (def.timing.policy === 'deadline' && def.timing.dueAt <= c.at) {
    return fail(DomainError.validation([{ path: 'definition.timing.dueAt', expected: 'an instant after the publish time' }]))
  }
  const directory = indexDirectory(c.directory)
  const ctx = {
    policy: def.reviewers,
    riskManagers: def.riskManagers ?? [],
    directory,
    escalations: (level: number) => escalationsOf(def.timing, level).map((e) => e.reviewers),
  }
  const packets = new Map<SubjectId, OpenedItem[]>()
  const unresolved: ItemProblem[] = []
  const shared = sharedLevels()
  const sharedTrace = sharedTraces()
  // Items whose subjects share a manager (and the application or resource
  // the order asks about) resolve alike, unless the subject's user is one of
  // the users their resolution names: such items reuse the first one's
  // levels and trace instead of resolving again (issue 9: resolution was
  // 40 % of a publish).
  const resolved = new Map<string, { readonly levels: ReadonlyArray<ReviewLevel>; readonly trace: ResolutionTrace; readonly named: ReadonlySet<UserId> }>()
  // a subject's items usually come together: its user, the subject's part of
  // the resolution key and its packet's list are looked up once for them
  let subject: SubjectId | undefined
  let user: UserId | undefined
  let userKey = ''
  let list: OpenedItem[] | undefined
  for (const spec of campaign.scope) {
    if (spec.subject !== subject) {
      subject = spec.subject
      user = subjectUser(directory, subject)
      userKey = subjectKey(ctx, user)
      list = packets.get(subject)
    }
    const memoKey = userKey + itemKey(ctx.policy.order, spec)
    const known = resolved.get(memoKey)
    let opened: OpenedItem
    if (known !== undefined && (user === undefined || !known.named.has(user))) opened = { spec, levels: known.levels, trace: known.trace }
    else {
      const collector = newCollector()
      const r = resolveItem(ctx, spec, collector)
      if (r._tag === 'unresolved') {
        unresolved.push({ itemId: spec.id, code: 'NoReviewerAvailable', message: `${spec.id}: ${r.reason}` })
        continue
      }
      const key = chainKey(r.levels)
      const levels = shared(r.levels, key)
      const t = traceOf(collector)
      const trace = sharedTrace(t, traceBucket(key, t))
      opened = { spec, levels, trace }
      if (known === undefined) {
        const named = usersNamed(trace, levels, def.reviewers.fallback ?? [])
        if (user === undefined || !named.has(user)) resolved.set(memoKey, { levels, trace, named })
      }
    }
    if (list === undefined) {
      list = [opened]
      packets.set(spec.subject, list)
    } else list.push(opened)
  }
  if (unresolved.length > 0) return fail(DomainError.items(unresolved))
  // delegation: level 1's first tier is assigned now; a delegate whose period holds takes it over
  const delegates: Record<string, Delegation> = {}
  for (const u of c.directory.users) {
    if (u.delegate !== undefined) setOwn(delegates, u.id, u.delegate)
  }
  const delegating = Object.keys(delegates).length > 0
  if (delegating) {
    for (const [packetId, list] of packets) {
      const rules: DelegationRules = {
        delegates,
        isActive: (u) => isActiveUser(directory, u),
        subjectUser: subjectUser(directory, packetId),
        allowSelfReview: def.reviewers.allowSelfReview === true,
        distinctReviewers: def.reviewers.distinctReviewers !== false,
      }
      list.forEach((it, n) => {
        const first = it.levels[0]
        if (first === undefined) return
        const subs = substitutions(rules, { levels: it.levels, decisions: [] }, 1, first.tiers[0] ?? [], c.at)
        if (subs.length === 0) return
        const levels = [substituteTier(first, 0, subs), ...it.levels.slice(1)]
        const delegated = it.trace === undefined ? undefined : delegatedIn(it.trace, subs)
        const trace = delegated === undefined ? undefined : sharedTrace(delegated, traceBucket(chainKey(levels), delegated))
        list[n] = { spec: it.spec, levels, ...(trace === undefined ? {} : { trace }) }
      })
    }
  }
  const reviewers = new Set<UserId>()
  for (const list of packets.values()) for (const it of list) for (const lv of it.levels) for (const ts of lv.tiers) for (const u of ts) reviewers.add(u)
  const managers: Record<string, UserId> = {}
  for (const r of reviewers) {
    const m = managerOf(directory, r)
    if (m !== undefined && isActiveUser(directory, m)) {
      setOwn(managers, r, m)
    }
  }
  const events: CampaignEvent[] = [
    {
      type: 'CampaignPublished',
      at: c.at,
      by: c.actor.id,
      managers,
      activeUsers: c.directory.users.filter((u) => u.active !== false).map((u) => u.id),
      ...(def.timing.policy === 'deadline' ? { dueAt: def.timing.dueAt } : {}),
      ...(delegating ? { delegates } : {}),
      ...secondApproversOf(def.riskInsights ?? [], c.directory.users, directory),
    },
  ]
  const assigned: Array<readonly [ReadonlyArray<UserId>, ItemId]> = []
  for (const [packetId, list] of packets) {
    const user = subjectUser(directory, packetId)
    events.push({ type: 'PacketOpened', at: c.at, packetId, ...(user === undefined ? {} : { subjectUser: user }), items: list })
    for (const it of list) assigned.push([it.levels[0]?.tiers[0] ?? [], it.spec.id])
  }
  return ok([...events, ...notify(campaign, 'reviewAssigned', c.at, groupByRecipient(assigned), { discriminator: 'publish' })])
}

// Reviewer-insight escalation: each user flagged with an insight the
// definition names → their manager, or the manager's manager when the manager
// is flagged too (up the chain to the first unflagged active manager).
const secondApproversOf = (
  insights: ReadonlyArray<string>,
  users: ReadonlyArray<DirectoryUser>,
  directory: DirectoryIndex,
): { readonly secondApprovers?: Readonly<Record<string, UserId>> } => {
  if (insights.length === 0) return {}
  const named = new Set(insights)
  const flagged = new Set(users.filter((u) => (u.insights ?? []).some((i) => named.has(i))).map((u) => u.id))
  if (flagged.size === 0) return {}
  const out: Record<string, UserId> = {}
  for (const u of flagged) {
    let m = managerOf(directory, u)
    const seen = new Set<UserId>([u])
    while (m !== undefined && flagged.has(m) && !seen.has(m)) {
      seen.add(m)
      m = managerOf(directory, m)
    }
    if (m !== undefined && !flagged.has(m) && isActiveUser(directory, m)) {
      setOwn(out, u, m)
    }
  }
  return { secondApprovers: out }
}

// The second approver of an approval by `actor` on an item of `subjectUser`:
// undefined when the actor carries no named insight (no second approval);
// null when they do but nobody else may give it (the approval is refused).
const secondApproverFor = (s: CampaignState, actor: UserId, subject: UserId | undefined): UserId | null | undefined => {
  const c = s.campaign
  const all = c.secondApprovers
  if (all === undefined || !Object.hasOwn(all, actor)) return undefined
  const ok = (u: UserId | undefined): u is UserId => u !== undefined && u !== actor && u !== subject
  const first = lookup(all, actor)
  if (ok(first)) return first
  // no manager to ask (or the manager is the subject): a risk manager gives it
  return (c.definition.riskManagers ?? []).find((u) => ok(u) && !Object.hasOwn(all, u)) ?? null
}

const activeOnly = (s: CampaignState, command: string): DomainError | undefined =>
  s.campaign.status === 'inProgress' ? undefined : DomainError.campaignNotActive(s.campaign.status, command)

const complete = (s: CampaignState, c: Cmd<'complete'>): Result => {
  const status = s.campaign.status
  if (status === 'draft') return fail(DomainError.invalidTransition(status, 'complete'))
  if (status === 'completed' || status === 'aborted') return fail(DomainError.campaignNotActive(status, 'complete'))
  if (!isManager(c)) return fail(DomainError.notAuthorized('complete', MANAGERS))
  const pending = itemCounts(s).pending
  if (pending > 0 && c.outstanding === undefined) return fail(DomainError.outstandingReviews(pending))
  return ok(completionEvents(s, c.at, c.actor.id, pending > 0 ? c.outstanding : undefined))
}

const abort = (s: CampaignState, c: Cmd<'abort'>): Result => {
  const status = s.campaign.status
  if (status === 'completed' || status === 'aborted') return fail(DomainError.campaignNotActive(status, 'abort'))
  if (!isManager(c)) return fail(DomainError.notAuthorized('abort', MANAGERS))
  return ok([{ type: 'CampaignAborted', at: c.at, by: c.actor.id }, ...(status === 'draft' ? [] : notifyEveryone(s, 'campaignAborted', c.at))])
}

const setFulfillment = (s: CampaignState, c: Cmd<'setFulfillment'>): Result => {
  if (!c.actor.roles.includes('administrator')) return fail(DomainError.notAuthorized('setFulfillment', 'administrator'))
  return ok([{ type: 'FulfillmentOptionSet', at: c.at, by: c.actor.id, application: c.application, option: c.option }])
}

// The item ids of a fulfillment plan, indexed once per plan (a plan never
// changes once the campaign completed): each result's command looks its item
// up instead of scanning the plan.
const planIndexes = new WeakMap<ReadonlyArray<FulfillmentAction>, ReadonlySet<string>>()
const planIndex = (plan: ReadonlyArray<FulfillmentAction>): ReadonlySet<string> => {
  const known = planIndexes.get(plan)
  if (known !== undefined) return known
  const index = new Set<string>()
  for (const a of plan) index.add(a.itemId)
  planIndexes.set(plan, index)
  return index
}

const recordResult = (s: CampaignState, c: Cmd<'recordFulfillmentResult'>): Result => {
  const campaign = s.campaign
  if (campaign.status !== 'completed' || campaign.completion === undefined) {
    return fail(DomainError.invalidTransition(campaign.status, 'recordFulfillmentResult'))
  }
  if (!isManager(c)) return fail(DomainError.notAuthorized('recordFulfillmentResult', MANAGERS))
  const plan = campaign.completion.plan
  if (!planIndex(plan).has(c.item)) {
    return fail(DomainError.items([{ itemId: c.item, code: 'UnknownItem', message: `${c.item} is not in the fulfillment plan` }]))
  }
  // O(log n) with the counts kept beside the results: recording a plan of P results costs P log P, not P²
  const results = withResult(campaign.results, c.item, c.result)
  if (results === campaign.results) return ok([])
  const events: CampaignEvent[] = [{ type: 'FulfillmentResultRecorded', at: c.at, itemId: c.item, result: c.result }]
  if (c.result === 'done') {
    const found = findItem(s, c.item)
    const to = [...new Set([...(found?.packet.subjectUser === undefined ? [] : [found.packet.subjectUser]), ...campaign.definition.owners])]
    for (const e of notify(campaign, 'accessDeprovisioned', c.at, new Map(to.map((u) => [u, [c.item]])))) events.push(e)
  }
  // only items of the plan have results: every one has one when there are as many as the plan
  if (results.byItem.size === plan.length) {
    const { done, failed } = results
    const kind = failed === 0 ? 'deprovisioningSucceeded' : done === 0 ? 'deprovisioningFailed' : 'deprovisioningPartial'
    // the summary follows the latest results: a retry that changes the outcome is reported again
    if (kind !== campaign.resultsSummary) {
      const owners = new Map(campaign.definition.owners.map((u) => [u, plan.map((a) => a.itemId)]))
      events.push({ type: 'FulfillmentSummarized', at: c.at, kind })
      for (const e of notify(campaign, kind, c.at, owners, { count: failed === 0 ? done : failed })) events.push(e)
    }
  }
  return ok(events)
}

// -------------------------------------------------------------------------------------
// review
// -------------------------------------------------------------------------------------

const onBehalfOf = (item: Item, level: number, actor: UserId): UserId | undefined => {
  const map = item.levels[level - 1]?.onBehalfOf
  return map === undefined ? undefined : lookup(map, actor)
}

// The problem of an id that names no item of the campaign.
const unknownItem = (id: string): ItemProblem => ({ itemId: id, code: 'UnknownItem', message: `${id} is not an item of this campaign` })

// The item with its packet, or `undefined` with an `UnknownItem` problem added (bulk commands report every item).
const findOrReport = (find: (id: string) => FoundItem | undefined, id: string, problems: ItemProblem[]): FoundItem | undefined => {
  const found = find(id)
  if (found === undefined) problems.push(unknownItem(id))
  return found
}

// The decisions of one command on one packet, and the context they are
// checked in: one object per packet (a bulk command decides many items of
// few packets), whose `level` remembers the status of the level last asked
// (the items of one packet checked in a row are mostly at the same level),
// and which places of the packet the command listed (an id listed twice is
// decided once: its first place counts), as bits for a packet of up to 31
// items and in a set for a larger one.
class PacketDecisions implements DecisionContext {
  // the decisions, in a list of the most the command can make in the packet
  // (its items, or the ids the command lists from here on, whichever is less):
  // a list grown by pushes has room for 17, and the event keeps its list
  private readonly decided: DecidedItem[]
  private count = 0
  private listedBits = 0
  private listedSet: Set<number> | undefined
  private lastLevel = 0
  private last: LevelStatus | undefined

  constructor(
    readonly packet: Packet,
    readonly actor: UserId,
    readonly subjectUser: UserId | undefined,
    readonly allowSelfReview: boolean,
    readonly distinctReviewers: boolean,
    readonly reviseAfterClose: boolean,
    readonly completesOnSubmit: (level: number) => boolean,
    capacity: number,
  ) {
    this.decided = new Array<DecidedItem>(capacity)
  }

  /** Adds a decision. */
  add(d: DecidedItem): void {
    this.decided[this.count++] = d
  }

  /** The decisions, in a list of their exact length. */
  decisions(): DecidedItem[] {
    return this.count === this.decided.length ? this.decided : this.decided.slice(0, this.count)
  }

  level(k: number): LevelStatus {
    if (this.last === undefined || k !== this.lastLevel) {
      this.last = levelStatus(this.packet, k)
      this.lastLevel = k
    }
    return this.last
  }

  /** Marks the place `k` as listed; false when the command listed it before. */
  list(k: number): boolean {
    if (k < 31 && this.packet.itemIds.length <= 31) {
      const bit = 1 << k
      if ((this.listedBits & bit) !== 0) return false
      this.listedBits |= bit
      return true
    }
    const set = (this.listedSet ??= new Set())
    const before = set.size
    return set.add(k).size > before
  }
}

// A decide command: its events, or a refusal.
const decideItems = (s: CampaignState, c: Cmd<'decide'>): Result => {
  const r = decideAndEvolve(s, c)
  return E.isLeft(r) ? r : ok(r.right.events)
}

// A decide command's events with the packets they leave, as the decider
// evolved them on the way (`run` builds the state from these: afterDecided).
interface DecidedItems {
  readonly events: ReadonlyArray<CampaignEvent>
  readonly packets: DecidedPackets
}

const decideAndEvolve = (s: CampaignState, c: Cmd<'decide'>): E.Either<DomainError, DecidedItems> => {
  const inactive = activeOnly(s, 'decide')
  if (inactive !== undefined) return E.left(inactive)
  const def = s.campaign.definition
  const reviseAfterClose = def.timing.policy === 'deadline'
  const problems: ItemProblem[] = []
  const byPacket = new Map<SubjectId, PacketDecisions>()
  // the same entries in the order their packets came (walked by index: no iterator per packet)
  const entries: PacketDecisions[] = []
  // an id listed twice is decided once (its first place counts): the places
  // of a packet are checked for repeats within its entry, unknown ids in a
  // set of their own (a set of every id of a 10,000-item command, grown as
  // it filled, was a twentieth of a bulk decision)
  let unknown: Set<string> | undefined
  let entry: PacketDecisions | undefined
  const missing = missingFields(def.decisions, c.decision, c.comment, c.answers)
  const allowSelfReview = def.reviewers.allowSelfReview === true
  const distinctReviewers = def.reviewers.distinctReviewers !== false
  const onSubmit = (k: number): boolean => completesOnSubmit(def.timing, k)
  // each item's place in its packet, without an object per item
  const locate = itemLocator(s)
  const ids = c.items
  for (let at = 0; at < ids.length; at++) {
    const id = ids[at]
    if (id === undefined) continue
    const k = locate.find(id)
    const packet = locate.packet
    const item = k < 0 || packet === undefined ? undefined : packet.items[k]
    if (packet === undefined || item === undefined) {
      const before = (unknown ??= new Set()).size
      if (unknown.add(id).size > before) problems.push(unknownItem(id))
      continue
    }
    if (entry === undefined || entry.packet !== packet) {
      entry = byPacket.get(packet.id)
      if (entry === undefined) {
        entry = new PacketDecisions(packet, c.actor.id, packet.subjectUser, allowSelfReview, distinctReviewers, reviseAfterClose, onSubmit, Math.min(packet.itemIds.length, ids.length - at))
        byPacket.set(packet.id, entry)
        entries.push(entry)
      }
    }
    if (!entry.list(k)) continue
    const r = checkDecision(item, entry)
    if ('code' in r) {
      problems.push(r)
      continue
    }
    if (missing.length > 0) {
      problems.push({ itemId: id, code: 'MissingAttestation', message: `${id}: missing ${missing.join(', ')}`, missing })
      continue
    }
    // an approval by a reviewer flagged with a named insight waits for a second approval (a revoke does not)
    const second = c.decision === 'approve' && !(item.state._tag === 'pending' && item.state.secondApprover !== undefined)
      ? secondApproverFor(s, c.actor.id, packet.subjectUser)
      : undefined
    if (second === null) {
      problems.push({ itemId: id, code: 'NotEligibleReviewer', message: `${id}: ${c.actor.id} carries a risk insight and nobody may give the second approval` })
      continue
    }
    // the optional fields in the order of DecidedItem, without a spread per field
    const d: Writable<DecidedItem> = { itemId: id, level: r.level, tier: r.tier, decision: c.decision }
    if (c.comment !== undefined) d.comment = c.comment
    if (c.answers !== undefined) d.answers = c.answers
    const original = onBehalfOf(item, r.level, c.actor.id)
    if (original !== undefined) d.onBehalfOf = original
    if (second !== undefined) d.needsApprovalBy = second
    entry.add(d)
  }
  if (problems.length > 0) return E.left(DomainError.items(problems))
  const events: CampaignEvent[] = []
  const before: Packet[] = []
  const changed: Packet[] = []
  for (let n = 0; n < entries.length; n++) {
    const entry = entries[n] as PacketDecisions
    const packet = entry.packet
    const decisions = entry.decisions()
    // (an entry without decisions listed only refused items: the command was refused above)
    if (decisions.length === 0) continue
    const decided: CampaignEvent = { type: 'ItemsDecided', at: c.at, packetId: packet.id, by: c.actor.id, decisions }
    events.push(decided)
    // the packets are evolved here and not folded again (run: afterDecided), so nothing is remembered for a fold
    let p = settledInto(events, applyEvent(packet, decided), c.at, onSubmit)
    // the items moved to a new level or to a second approver, by recipient (filled as they move: no list of pairs)
    let moved: RecipientLists | undefined
    for (let m = 0; m < decisions.length; m++) {
      const d = decisions[m] as DecidedItem
      const slot = itemSlot(p.itemIds, d.itemId)
      const after = slot < 0 ? undefined : p.items[slot]
      if (after === undefined || after.state._tag !== 'pending') continue
      if (after.state.secondApprover !== undefined) {
        (moved ??= new RecipientLists()).add([after.state.secondApprover], d.itemId) // the manager is asked for the second approval
        continue
      }
      if (after.state.level <= d.level) continue
      // the next level's reviewers are assigned now: delegates whose period holds take over
      const level = after.state.level
      let item = after
      for (const e of delegationEvents(s.campaign, p, after, level, activeTierOf(p, level), c.at)) {
        p = applyEvent(p, e)
        events.push(e)
        item = itemOf(p, d.itemId) ?? item
      }
      (moved ??= new RecipientLists()).add(activeReviewers(p, item), d.itemId)
    }
    if (moved !== undefined) notifyInto(events, s.campaign, 'reviewAssigned', c.at, moved.byRecipient, { packetId: packet.id })
    before.push(packet)
    changed.push(p)
  }
  return E.right({ events, packets: { before, after: changed } })
}

// The items a reassignment or delegation hands over: every check for every
// item first (all or nothing), then one `ItemReassigned` per item.
interface HandOver {
  readonly command: 'reassign' | 'delegate'
  readonly ids: ReadonlyArray<ItemId>
  readonly to: UserId
  /** A reviewer handing over their own items (replaced in the tier), or undefined for a manager. */
  readonly reviewer: UserId | undefined
  readonly delegation: boolean
  readonly comment?: string
}

const handOver = (s: CampaignState, c: Command, h: HandOver): Result => {
  const problems: ItemProblem[] = []
  const def = s.campaign.definition
  const events: CampaignEvent[] = []
  const assigned: Array<readonly [ReadonlyArray<UserId>, ItemId, SubjectId]> = []
  const ids = [...new Set(h.ids)]
  const find = itemFinder(s)
  for (const id of ids) {
    const found = findOrReport(find, id, problems)
    if (found === undefined) continue
    const { packet, item } = found
    if (item.state._tag !== 'pending') {
      problems.push({ itemId: id, code: 'ItemLocked', message: `${id} is ${item.state._tag}; only a pending item can be reassigned` })
      continue
    }
    if (h.reviewer !== undefined && !activeReviewers(packet, item).includes(h.reviewer)) {
      problems.push({ itemId: id, code: 'NotEligibleReviewer', message: `${id}: ${h.reviewer} is not a reviewer of its active tier` })
      continue
    }
    if (h.to === packet.subjectUser && def.reviewers.allowSelfReview !== true) {
      problems.push({ itemId: id, code: 'SelfReview', message: `${id} cannot be reassigned to its subject` })
      continue
    }
    if (PMap.get(s.campaign.activeUsers, h.to) === undefined) {
      problems.push({ itemId: id, code: 'NotEligibleReviewer', message: `${h.to} is not an active user of the directory given at publish` })
      continue
    }
    const level = item.state.level
    if (def.reviewers.distinctReviewers !== false) {
      const other = otherLevelOf(item, h.to, level)
      if (other !== undefined) {
        problems.push({ itemId: id, code: 'NotEligibleReviewer', message: `${id} cannot be reassigned to ${h.to}, a reviewer of level ${other} (distinct reviewers)` })
        continue
      }
    }
    const tier = Math.min(levelStatus(packet, level).tier, (item.levels[level - 1]?.tiers.length ?? 1) - 1)
    // a reassignment to a user whose delegation holds goes to the delegate (who acts on their behalf)
    const delegate = h.delegation ? undefined : delegateOf(delegationRules(s.campaign, packet), item, level, h.to, c.at)
    const to = delegate ?? h.to
    events.push({
      type: 'ItemReassigned',
      at: c.at,
      packetId: packet.id,
      by: c.actor.id,
      itemId: id,
      level,
      tier,
      to,
      ...(h.reviewer === undefined ? {} : { replaces: h.reviewer }),
      ...(h.delegation && h.reviewer !== undefined ? { onBehalfOf: lookup(item.levels[level - 1]?.onBehalfOf ?? {}, h.reviewer) ?? h.reviewer } : {}),
      ...(delegate === undefined ? {} : { onBehalfOf: h.to }),
      ...(h.comment === undefined ? {} : { comment: h.comment }),
    })
    assigned.push([[to], id, packet.id])
  }
  if (problems.length > 0) return fail(DomainError.items(problems))
  const byPacket = new Map<SubjectId, Array<readonly [ReadonlyArray<UserId>, ItemId]>>()
  for (const [users, id, packetId] of assigned) {
    const list = byPacket.get(packetId)
    if (list === undefined) byPacket.set(packetId, [[users, id]])
    else list.push([users, id])
  }
  for (const [packetId, pairs] of byPacket) {
    for (const e of notify(s.campaign, 'reviewAssigned', c.at, groupByRecipient(pairs), { packetId, discriminator: h.command })) events.push(e)
  }
  return ok(events)
}

const WHO_REASSIGNS = 'riskManager, administrator, or the active reviewer of every listed item'

const reassign = (s: CampaignState, c: Cmd<'reassign'>): Result => {
  const inactive = activeOnly(s, 'reassign')
  if (inactive !== undefined) return fail(inactive)
  const ids = c.items ?? (c.item === undefined ? [] : [c.item])
  if (ids.length === 0 || (c.items !== undefined && c.item !== undefined)) {
    return fail(DomainError.validation([{ path: 'items', expected: 'either item or items (1 to 10,000 item ids), not both' }]))
  }
  if (isManager(c)) return handOver(s, c, { command: 'reassign', ids, to: c.to, reviewer: undefined, delegation: false, ...(c.comment === undefined ? {} : { comment: c.comment }) })
  // a reviewer forwarding their own work: of at least one listed item, with a reason
  const reviews = ids.some((id) => {
    const found = findItem(s, id)
    return found !== undefined && activeReviewers(found.packet, found.item).includes(c.actor.id)
  })
  if (!reviews) return fail(DomainError.notAuthorized('reassign', WHO_REASSIGNS))
  if (c.comment === undefined || c.comment.trim() === '') {
    return fail(DomainError.validation([{ path: 'comment', expected: 'a comment (a reviewer who forwards items says why) (required)' }]))
  }
  return handOver(s, c, { command: 'reassign', ids, to: c.to, reviewer: c.actor.id, delegation: false, comment: c.comment })
}

const delegateItems = (s: CampaignState, c: Cmd<'delegate'>): Result => {
  const inactive = activeOnly(s, 'delegate')
  if (inactive !== undefined) return fail(inactive)
  if (c.to === c.actor.id) return fail(DomainError.validation([{ path: 'to', expected: 'another user than the one who delegates' }]))
  // all: every pending item of which the actor is an active reviewer (O(items of the campaign), once per delegation)
  const ids = c.items ?? (pendingByReviewer(s).get(c.actor.id) ?? [])
  if (ids.length === 0) return fail(DomainError.nothingPending(`the reviews of ${c.actor.id}`))
  return handOver(s, c, { command: 'delegate', ids, to: c.to, reviewer: c.actor.id, delegation: true })
}

// -------------------------------------------------------------------------------------
// more information
// -------------------------------------------------------------------------------------

const requestInfo = (s: CampaignState, c: Cmd<'requestInfo'>): Result => {
  const inactive = activeOnly(s, 'requestInfo')
  if (inactive !== undefined) return fail(inactive)
  const owners = s.campaign.definition.owners
  const problems: ItemProblem[] = []
  const byPacket = new Map<SubjectId, { asked: ReadonlyArray<UserId>; ids: ItemId[] }>()
  const find = itemFinder(s)
  for (const id of [...new Set(c.items)]) {
    const found = findOrReport(find, id, problems)
    if (found === undefined) continue
    const { packet, item } = found
    if (item.state._tag !== 'pending') {
      problems.push({ itemId: id, code: 'ItemLocked', message: `${id} is ${item.state._tag}; questions are for pending items` })
      continue
    }
    if (!activeReviewers(packet, item).includes(c.actor.id)) {
      problems.push({ itemId: id, code: 'NotEligibleReviewer', message: `${id}: only a reviewer of its active tier may ask about it` })
      continue
    }
    const from = c.from
    const asked = from === 'subject' ? (packet.subjectUser === undefined ? [] : [packet.subjectUser]) : from === 'owner' ? owners : [from.user]
    if (asked.length === 0) {
      problems.push({ itemId: id, code: 'NotEligibleReviewer', message: `${id}: its subject has no user to ask` })
      continue
    }
    if (asked.includes(c.actor.id)) {
      problems.push({ itemId: id, code: 'NotEligibleReviewer', message: `${id}: a reviewer does not ask themselves` })
      continue
    }
    const entry = byPacket.get(packet.id) ?? { asked, ids: [] }
    entry.ids.push(id)
    byPacket.set(packet.id, entry)
  }
  if (problems.length > 0) return fail(DomainError.items(problems))
  const events: CampaignEvent[] = []
  for (const [packetId, { asked, ids }] of byPacket) {
    events.push({ type: 'InfoRequested', at: c.at, packetId, by: c.actor.id, itemIds: ids, asked, question: c.question })
    for (const e of notify(s.campaign, 'infoRequested', c.at, new Map(asked.map((u) => [u, ids])), { packetId })) events.push(e)
  }
  return ok(events)
}

const provideInfo = (s: CampaignState, c: Cmd<'provideInfo'>): Result => {
  const inactive = activeOnly(s, 'provideInfo')
  if (inactive !== undefined) return fail(inactive)
  const problems: ItemProblem[] = []
  const byPacket = new Map<SubjectId, Array<readonly [ReadonlyArray<UserId>, ItemId]>>()
  const find = itemFinder(s)
  for (const id of [...new Set(c.items)]) {
    const found = findOrReport(find, id, problems)
    if (found === undefined) continue
    const list = found.item.infoRequests ?? []
    const open = list[list.length - 1]
    if (open === undefined || open.answer !== undefined) {
      problems.push({ itemId: id, code: 'ItemLocked', message: `${id} has no open question` })
      continue
    }
    if (!open.asked.includes(c.actor.id)) {
      problems.push({ itemId: id, code: 'NotEligibleReviewer', message: `${id}: only the users asked may answer` })
      continue
    }
    const pairs = byPacket.get(found.packet.id) ?? []
    pairs.push([[open.by], id])
    byPacket.set(found.packet.id, pairs)
  }
  if (problems.length > 0) return fail(DomainError.items(problems))
  const events: CampaignEvent[] = []
  for (const [packetId, pairs] of byPacket) {
    events.push({ type: 'InfoProvided', at: c.at, packetId, by: c.actor.id, itemIds: pairs.map(([, id]) => id), answer: c.answer })
    for (const e of notify(s.campaign, 'infoProvided', c.at, groupByRecipient(pairs), { packetId })) events.push(e)
  }
  return ok(events)
}

const submit = (s: CampaignState, c: Cmd<'submit'>): Result => {
  const inactive = activeOnly(s, 'submit')
  if (inactive !== undefined) return fail(inactive)
  const timing = s.campaign.definition.timing
  if (!completesOnSubmit(timing, c.level)) {
    return fail(DomainError.validation([{ path: 'level', expected: "a level whose timing says completeOn: 'submit'" }]))
  }
  const packet = Packets.get(s.packets, c.packetId)
  if (packet === undefined) return fail(DomainError.validation([{ path: 'packetId', expected: 'the subject of a packet of this campaign' }]))
  const clock = packet.clocks[c.level - 1]
  if (clock === undefined || clock.outcome !== undefined) {
    return fail(DomainError.validation([{ path: 'level', expected: 'a level open for this packet (started, not yet completed or lapsed)' }]))
  }
  const items = packetItems(packet)
  const reviewer = items.some((i) => i.levels.length >= c.level && i.state.level >= c.level && reviewersOf(i, c.level, clock.tier).includes(c.actor.id))
  if (!reviewer) return fail(DomainError.notAuthorized('submit', `a reviewer of the active tier of level ${c.level} of this packet`))
  const pending = items.filter((i) => i.state._tag === 'pending' && i.state.level === c.level).length
  if (pending > 0) return fail(DomainError.outstandingReviews(pending))
  const done: CampaignEvent = { type: 'LevelCompleted', at: c.at, packetId: packet.id, level: c.level, submittedBy: c.actor.id }
  return ok([done, ...settleLevels(evolvePacket(packet, done), c.at, (level) => completesOnSubmit(timing, level))])
}

// -------------------------------------------------------------------------------------
// extension
// -------------------------------------------------------------------------------------

const firstIncomplete = (p: Packet): number | undefined => {
  for (const c of p.clocks) {
    if (c.outcome === 'complete') continue
    return c.outcome === 'lapsed' ? undefined : c.level
  }
  return undefined
}

const extend = (s: CampaignState, c: Cmd<'extend'>): Result => {
  const inactive = activeOnly(s, 'extend')
  if (inactive !== undefined) return fail(inactive)
  if (!isManager(c)) return fail(DomainError.notAuthorized('extend', MANAGERS))
  const campaign = s.campaign
  const { timing, timeZone } = campaign.definition
  if (timing.policy === 'deadline') {
    const due = campaign.dueAt ?? timing.dueAt
    const original = campaign.publishedAt === undefined ? 0 : calendarDaysBetween(campaign.publishedAt, timing.dueAt, timeZone)
    if (c.days > original) return fail(DomainError.extensionTooLong(original))
    const dueAt = addDays(due, c.days, timeZone)
    return ok([{ type: 'CampaignExtended', at: c.at, by: c.actor.id, days: c.days, cascade: c.cascade, dueAt, resetsOverdue: dueAt > c.at }])
  }
  const events: CampaignEvent[] = []
  const grantLists = new Map<number, ReadonlyArray<ExtensionGrant>>()
  const sharedGrants = (level: number, tier: number): ReadonlyArray<ExtensionGrant> => {
    // one number names the pair (at most 20 levels and 11 tiers: docs/limits.md)
    const key = level * 65_536 + tier
    let list = grantLists.get(key)
    if (list === undefined) {
      list = [{ level, tier, days: c.days }]
      grantLists.set(key, list)
    }
    return list
  }
  // the later levels, at the list's exact length
  const plannedLists = new Map<number, ReadonlyArray<PlannedExtension>>()
  const sharedPlanned = (from: number, later: number): ReadonlyArray<PlannedExtension> => {
    const key = from * 65_536 + later
    let list = plannedLists.get(key)
    if (list === undefined) {
      const out = new Array<PlannedExtension>(later)
      for (let n = 0; n < later; n++) out[n] = { level: from + 1 + n, days: c.days }
      list = out
      plannedLists.set(key, list)
    }
    return list
  }
  let maxDays = Number.MAX_SAFE_INTEGER
  // the new due date: the latest projected end of any packet once extended
  // (each extended packet evolved and timed here is looked up, not redone,
  // by the fold that follows the decision)
  let due = Number.NEGATIVE_INFINITY
  for (const p of packetsOf(s)) {
    const k = firstIncomplete(p)
    const clock = k === undefined ? undefined : p.clocks[k - 1]
    if (k === undefined || clock === undefined || isPacketSettled(p)) {
      if (p.projectedEndAt !== undefined && p.projectedEndAt > due) due = p.projectedEndAt
      continue
    }
    // the grant and planned lists are the same for every packet at the same
    // level and tier: one list each, shared by the events (never written)
    const grants = sharedGrants(k, clock.tier)
    const activeDuration = tierDurations(timing, k)[clock.tier]
    if (activeDuration !== undefined) maxDays = Math.min(maxDays, wholeDaysOf(activeDuration))
    // the later levels, at the list's exact length (one list per packet of the campaign)
    const later = c.cascade ? Math.max(0, lastLevelOf(p) - k) : 0
    const planned = sharedPlanned(k, later)
    for (let n = 0; n < later; n++) {
      const d0 = tierDurations(timing, k + 1 + n)[0]
      if (d0 !== undefined) maxDays = Math.min(maxDays, wholeDaysOf(d0))
    }
    // only an overdue level can reopen: its new end is computed only then
    const newEnd = clock.outcome === 'overdue' ? tierEnd(timing, timeZone, grantDays(clock, clock.tier, c.days), clock.tier) : undefined
    const reopened = newEnd !== undefined && newEnd > c.at
    const extended: CampaignEvent = { type: 'PacketExtended', at: c.at, packetId: p.id, grants, planned, reopened }
    events.push(extended)
    const end = timed(evolvePacket(p, extended), campaign.definition).projectedEndAt
    if (end !== undefined && end > due) due = end
  }
  if (c.days > maxDays) return fail(DomainError.extensionTooLong(maxDays))
  // passing the new due date notifies again only when that date is still ahead (as `dueAtOf` reads it)
  const dueAt = instantOfMillis(due)
  return ok([{ type: 'CampaignExtended', at: c.at, by: c.actor.id, days: c.days, cascade: c.cascade, resetsOverdue: dueAt !== undefined && dueAt > c.at }, ...events])
}

// -------------------------------------------------------------------------------------
// reminders
// -------------------------------------------------------------------------------------

const rowKey = (view: Cmd<'remind'>['view'], item: Item, reviewer: UserId): string =>
  view === 'integration' ? item.spec.application : view === 'resource' ? item.spec.resource : reviewer

const remind = (s: CampaignState, c: Cmd<'remind'>): Result => {
  const inactive = activeOnly(s, 'remind')
  if (inactive !== undefined) return fail(inactive)
  if (!isManager(c)) return fail(DomainError.notAuthorized('remind', MANAGERS))
  const pairs: Array<readonly [ReadonlyArray<UserId>, ItemId]> = []
  for (const p of packetsOf(s)) {
    for (const item of packetItems(p)) {
      const reviewers = activeReviewers(p, item).filter((r) => rowKey(c.view, item, r) === c.key)
      if (reviewers.length > 0) pairs.push([reviewers, item.spec.id])
    }
  }
  if (pairs.length === 0) return fail(DomainError.nothingPending(`${c.view} ${c.key}`))
  return ok(notify(s.campaign, 'campaignReminder', c.at, groupByRecipient(pairs), { discriminator: `manual:${c.view}:${c.key}` }))
}

// -------------------------------------------------------------------------------------
// decide
// -------------------------------------------------------------------------------------

const handle = (s: CampaignState, c: Command): Result => {
  switch (c.type) {
    case 'create':
      return create(s, c)
    case 'edit':
      return edit(s, c)
    case 'publish':
      return publish(s, c)
    case 'decide':
      return decideItems(s, c)
    case 'reassign':
      return reassign(s, c)
    case 'delegate':
      return delegateItems(s, c)
    case 'requestInfo':
      return requestInfo(s, c)
    case 'provideInfo':
      return provideInfo(s, c)
    case 'submit':
      return submit(s, c)
    case 'extend':
      return extend(s, c)
    case 'remind':
      return remind(s, c)
    case 'complete':
      return complete(s, c)
    case 'abort':
      return abort(s, c)
    case 'setFulfillment':
      return setFulfillment(s, c)
    case 'recordFulfillmentResult':
      return recordResult(s, c)
  }
}

/**
 * Decides a command against a state: first advances to the command's
 * instant, then applies the command's rules. Returns every event (time
 * events first, then the command's, then any self-completion), or a typed
 * error and nothing else. A command older than the campaign's latest event
 * is refused (`ValidationFailed` at `at`).
 *
 * @example
 * import { decide } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * const ok = decide({ type: 'abort', at: at('2025-01-04T09:00:00Z'), actor: rita }, state)
 * ok._tag === 'Right' && ok.right.map((e) => e.type) // ['CampaignAborted', 'NotificationIssued', 'NotificationIssued']
 * const refused = decide({ type: 'abort', at: at('2025-01-04T09:00:00Z'), actor: actor('bob') }, state)
 * refused._tag === 'Left' && refused.left.code // 'NotAuthorized'
 * @since 0.1.0
 * @category Decider
 */
export const decide = (command: Command, state: CampaignState | undefined): DecideResult => {
  const r = withEvolveMemo(() => run(command, state))
  return E.isLeft(r) ? r : E.right(r.right.events)
}

// decide and fold together: the state after the command is computed once,
// on the way, and `execute` returns it instead of folding the events again
const run = (command: Command, state: CampaignState | undefined): E.Either<DomainError, Executed> => {
  if (command.type === 'create') {
    const r = create(state, command)
    if (E.isLeft(r)) return r
    const created = fold(undefined, r.right)
    return created === undefined ? E.left(DomainError.invalidTransition('none', 'create')) : E.right({ state: created, events: r.right })
  }
  if (state === undefined) return E.left(DomainError.invalidTransition('none', command.type))
  if (command.at < state.campaign.clock) {
    return E.left(DomainError.validation([{ path: 'at', expected: 'an instant not before the campaign\'s latest event' }]))
  }
  const advanced = advance(state, command.at)
  let own: ReadonlyArray<CampaignEvent>
  let after: CampaignState
  if (command.type === 'decide') {
    // the decider evolved every packet its events touch: the state is built
    // from those packets, not by folding the events again (afterDecided)
    const d = decideAndEvolve(advanced.state, command)
    if (E.isLeft(d)) return d
    own = d.right.events
    after = afterDecided(advanced.state, command.at, d.right.packets, own.length)
  } else {
    const r = handle(advanced.state, command)
    if (E.isLeft(r)) return r
    own = r.right
    after = fold(advanced.state, own) ?? advanced.state
  }
  const tail = command.type === 'decide' ? settleCampaign(after, command.at) : []
  const final = tail.length === 0 ? after : (fold(after, tail) ?? after)
  // the command's own list when nothing came before or after it (a bulk command's list is long)
  const events = advanced.events.length === 0 && tail.length === 0 ? own : [...advanced.events, ...own, ...tail]
  return E.right({ state: final, events })
}

/**
 * The result of executing a command: the new state and the events.
 * @since 0.1.0
 * @category Decider
 */
export interface Executed {
  readonly state: CampaignState
  readonly events: ReadonlyArray<CampaignEvent>
}

/**
 * Decides and folds in one step.
 * @example
 * import { execute } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * const r = execute({ type: 'abort', at: at('2025-01-04T09:00:00Z'), actor: rita }, state)
 * r._tag === 'Right' && r.right.state.campaign.status // 'aborted'
 * const late = execute({ type: 'abort', at: at('2025-01-01T09:00:00Z'), actor: rita }, state) // older than the latest event
 * late._tag === 'Left' && late.left.code // 'ValidationFailed'
 * @since 0.1.0
 * @category Decider
 */
export const execute = (command: Command, state: CampaignState | undefined): E.Either<DomainError, Executed> => withEvolveMemo(() => run(command, state))

