/**
 * Audit evidence: `evidenceReport` builds, from a campaign's event log
 * alone, what an auditor asks for each access (who reviewed it and why that
 * person, what they decided and when, what changed afterwards, what was
 * removed) and the chain heads that tie the export to the store;
 * `evidenceJson` and `evidenceCsv` write it, byte for byte the same for the
 * same log. See docs/evidence.md.
 *
 * @since 0.2.0
 */
import canonicalize from 'canonicalize'
import * as E from 'fp-ts/lib/Either.js'
import type { CampaignCreated, CampaignEvent, CampaignEventType } from '../campaign/event.js'
import { evolve, streamOf } from '../campaign/event.js'
import type { CampaignState, FulfillmentOption, FulfillmentResult } from '../campaign/state.js'
import { findItem, itemCounts } from '../campaign/state.js'
import { chainEvents, verifyLog } from '../ports/chain.js'
import type { ChainBroken, ChainHead, ChainLink, StreamEvent } from '../ports/chain.js'
import type { StreamId } from '../ports/store.js'
import type { Verdict } from '../review/attestation.js'
import type { ReviewLevel } from '../review/reviewer.js'
import type { ResolutionTrace } from '../review/trace.js'
import { PMap } from '../shared/pmap.js'
import { LIBRARY_VERSION } from '../shared/version.js'
import type { CampaignId } from '../shared/ids.js'
import type { Instant, TimeZone } from '../schedule/time.js'
import { formatInstant, toIsoUtc } from '../schedule/time.js'
import { csvText, neutraliseCell } from './csv.js'
import { setOwn } from '../shared/record.js'
import { Packets } from '../campaign/packets.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An instant twice: in the campaign's zone (ISO-8601 with its offset) and in UTC.
 * @example
 * import type { EvidenceInstant } from 'access-review-core'
 * const i: EvidenceInstant = { local: '2025-10-10T10:00:00+02:00', utc: '2025-10-10T08:00:00.000Z' }
 * @since 0.2.0
 * @category Evidence
 */
export interface EvidenceInstant {
  readonly local: string
  readonly utc: string
}

/**
 * One decision record: `sequence` numbers the decisions of the campaign in
 * log order (from 1), `position` is the event's place in the log (from 0),
 * `revises` the sequence of the earlier decision of the same item and level
 * it replaced. `onBehalfOf` names the reviewer a delegate acted for.
 * @example
 * import type { EvidenceDecision } from 'access-review-core'
 * const isRevision = (d: EvidenceDecision) => d.revises !== null
 * @since 0.2.0
 * @category Evidence
 */
export interface EvidenceDecision {
  readonly sequence: number
  readonly position: number
  readonly at: EvidenceInstant
  readonly reviewer: string
  readonly onBehalfOf: string | null
  readonly level: number
  readonly tier: number
  readonly decision: Verdict
  readonly comment: string | null
  readonly answers: Readonly<Record<string, boolean | string>> | null
  readonly revises: number | null
}

/**
 * A move of an item to the next escalation tier of a level.
 * @example
 * import type { EvidenceEscalation } from 'access-review-core'
 * const tierOf = (e: EvidenceEscalation) => e.tier
 * @since 0.2.0
 * @category Evidence
 */
export interface EvidenceEscalation {
  readonly position: number
  readonly at: EvidenceInstant
  readonly level: number
  readonly tier: number
}

/**
 * A change of an item's reviewers after publish: `reassigned` (the active
 * tier moved to `users`, by `by`) or `added` (`users` added to a tier
 * before the due date).
 * @example
 * import type { EvidenceReviewerChange } from 'access-review-core'
 * const who = (c: EvidenceReviewerChange) => c.users.join(', ')
 * @since 0.2.0
 * @category Evidence
 */
export interface EvidenceReviewerChange {
  readonly position: number
  readonly at: EvidenceInstant
  readonly kind: 'reassigned' | 'added'
  readonly by: string | null
  readonly level: number
  readonly tier: number
  readonly users: ReadonlyArray<string>
}

/**
 * A request for more information on an item, or its answer (issue 10), in
 * log order: `question` (by the reviewer who asked; `asked` are the users
 * asked) or `answer` (by the user who answered; `asked` is empty).
 * @example
 * import type { EvidenceInformation } from 'access-review-core'
 * const asked = (x: EvidenceInformation) => (x.kind === 'question' ? x.asked.join(', ') : '')
 * @since 0.2.0
 * @category Evidence
 */
export interface EvidenceInformation {
  readonly position: number
  readonly at: EvidenceInstant
  readonly kind: 'question' | 'answer'
  readonly by: string
  readonly asked: ReadonlyArray<string>
  readonly text: string
}

/**
 * An extension as it reached one packet: who extended the campaign, by how
 * many days, with cascade or not, and when the packet's open window ended
 * before and after (null when no window was open).
 * @example
 * import type { EvidenceExtension } from 'access-review-core'
 * const days = (e: EvidenceExtension) => e.days
 * @since 0.2.0
 * @category Evidence
 */
export interface EvidenceExtension {
  readonly position: number
  readonly at: EvidenceInstant
  readonly by: string
  readonly days: number
  readonly cascade: boolean
  readonly windowEndBefore: EvidenceInstant | null
  readonly windowEndAfter: EvidenceInstant | null
}

/**
 * An extension of the campaign, with its due date before and after (null
 * when the campaign has no due date of its own).
 * @example
 * import type { EvidenceCampaignExtension } from 'access-review-core'
 * const days = (e: EvidenceCampaignExtension) => e.days
 * @since 0.2.0
 * @category Evidence
 */
export interface EvidenceCampaignExtension {
  readonly position: number
  readonly at: EvidenceInstant
  readonly by: string
  readonly days: number
  readonly cascade: boolean
  readonly dueBefore: EvidenceInstant | null
  readonly dueAfter: EvidenceInstant | null
}

/**
 * What fulfillment did for an item: the planned action (`reason` and
 * `option`), and the result recorded (null while none).
 * @example
 * import type { EvidenceFulfillment } from 'access-review-core'
 * const removed = (f: EvidenceFulfillment) => f.result === 'done'
 * @since 0.2.0
 * @category Evidence
 */
export interface EvidenceFulfillment {
  readonly reason: 'revoked' | 'expired' | 'outstanding'
  readonly option: FulfillmentOption
  readonly result: FulfillmentResult | null
  readonly resultAt: EvidenceInstant | null
}

/**
 * Everything the log says about one item (access).
 * @example
 * import type { EvidenceItem } from 'access-review-core'
 * const last = (i: EvidenceItem) => i.decisions[i.decisions.length - 1]?.decision
 * @since 0.2.0
 * @category Evidence
 */
export interface EvidenceItem {
  readonly itemId: string
  readonly subject: string
  readonly application: string
  readonly resource: string
  readonly entitlement: string
  /** The reviewer chain as resolved at publish (null before publish). */
  readonly reviewers: ReadonlyArray<ReviewLevel> | null
  /** How the chain was resolved (null before publish, or for a log written before 0.2.0). */
  readonly resolution: ResolutionTrace | null
  readonly decisions: ReadonlyArray<EvidenceDecision>
  readonly escalations: ReadonlyArray<EvidenceEscalation>
  readonly reviewerChanges: ReadonlyArray<EvidenceReviewerChange>
  /** Requests for more information and their answers, in log order. */
  readonly information: ReadonlyArray<EvidenceInformation>
  readonly extensions: ReadonlyArray<EvidenceExtension>
  /** The item's final state: `draft` when the campaign was never published. */
  readonly outcome: 'draft' | 'pending' | 'approved' | 'revoked' | 'expired'
  readonly outcomeAt: EvidenceInstant | null
  readonly fulfillment: EvidenceFulfillment | null
}

/**
 * The campaign-level facts of a report.
 * @example
 * import type { EvidenceCampaign } from 'access-review-core'
 * const ended = (c: EvidenceCampaign) => c.endedAt !== null
 * @since 0.2.0
 * @category Evidence
 */
export interface EvidenceCampaign {
  readonly id: string
  readonly name: string
  readonly timeZone: TimeZone
  readonly status: string
  readonly createdAt: EvidenceInstant
  readonly createdBy: string
  readonly publishedAt: EvidenceInstant | null
  readonly publishedBy: string | null
  readonly dueAt: EvidenceInstant | null
  readonly endedAt: EvidenceInstant | null
  readonly endedBy: string | null
  /** The campaign's definition as published (as last created or edited), keys sorted. */
  readonly definition: unknown
  readonly extensions: ReadonlyArray<EvidenceCampaignExtension>
}

/**
 * Campaign totals: items by final state, decision records, and fulfillment.
 * @example
 * import type { EvidenceTotals } from 'access-review-core'
 * const decided = (t: EvidenceTotals) => t.approved + t.revoked
 * @since 0.2.0
 * @category Evidence
 */
export interface EvidenceTotals {
  /** Every item of the scope (a draft campaign's items are in no other count). */
  readonly items: number
  readonly pending: number
  readonly approved: number
  readonly revoked: number
  readonly expired: number
  readonly decisions: number
  readonly revisions: number
  readonly fulfillmentActions: number
  readonly fulfillmentDone: number
  readonly fulfillmentFailed: number
}

/**
 * The chain the report was made from: the log's number of events and the
 * head (version and hash) of each stream, streams sorted. An auditor checks
 * an export against the store by comparing these with `verifyLog` over the
 * store's links (docs/evidence.md).
 * @example
 * import type { EvidenceChain } from 'access-review-core'
 * const streams = (c: EvidenceChain) => Object.keys(c.heads)
 * @since 0.2.0
 * @category Evidence
 */
export interface EvidenceChain {
  readonly events: number
  readonly heads: Readonly<Record<StreamId, ChainHead>>
}

/**
 * The evidence of one campaign, from its event log alone.
 * @example
 * import type { EvidenceReport } from 'access-review-core'
 * const revoked = (r: EvidenceReport) => r.items.filter((i) => i.outcome === 'revoked').map((i) => i.itemId)
 * @since 0.2.0
 * @category Evidence
 */
export interface EvidenceReport {
  readonly format: 'access-review-evidence/1'
  readonly libraryVersion: string
  readonly campaign: EvidenceCampaign
  readonly items: ReadonlyArray<EvidenceItem>
  readonly totals: EvidenceTotals
  readonly chain: EvidenceChain
}

/**
 * A log that does not fold: `empty`, `unknownEvent` (not an event of this
 * library), `outOfOrder` (older than the event before it), `notAFold` (the
 * first event is not `CampaignCreated`, or an event cannot apply to the
 * state before it). `position` is the 0-based place of the event.
 * @example
 * import type { InvalidLog } from 'access-review-core'
 * const e: InvalidLog = { code: 'InvalidLog', position: 0, reason: 'notAFold', message: 'event 0: the log does not start with CampaignCreated' }
 * @since 0.2.0
 * @category Evidence
 */
export interface InvalidLog {
  readonly code: 'InvalidLog'
  readonly position: number
  readonly reason: 'empty' | 'unknownEvent' | 'outOfOrder' | 'notAFold'
  readonly message: string
}

/**
 * Why no report could be made: a log that does not fold, or (for stored
 * links) a broken chain.
 * @example
 * import type { EvidenceError } from 'access-review-core'
 * const where = (e: EvidenceError) => e.position
 * @since 0.2.0
 * @category Evidence
 */
export type EvidenceError = InvalidLog | ChainBroken

// -------------------------------------------------------------------------------------
// building
// -------------------------------------------------------------------------------------

const EVENT_TYPES: Readonly<Record<CampaignEventType, true>> = {
  CampaignCreated: true,
  CampaignEdited: true,
  CampaignPublished: true,
  PacketOpened: true,
  ItemsDecided: true,
  LevelStarted: true,
  LevelCompleted: true,
  TierEscalated: true,
  PacketExpired: true,
  LevelOverdue: true,
  ReviewersAdded: true,
  ItemReassigned: true,
  CampaignExtended: true,
  PacketExtended: true,
  EscalatedBeforeDue: true,
  CampaignOverdue: true,
  ReminderSlotPassed: true,
  BeforeDueReminderSent: true,
  CampaignCompleted: true,
  CampaignAborted: true,
  CampaignExpired: true,
  FulfillmentOptionSet: true,
  FulfillmentResultRecorded: true,
  FulfillmentSummarized: true,
  NotificationIssued: true,
  InfoRequested: true,
  InfoProvided: true,
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

const invalid = (position: number, reason: InvalidLog['reason'], what: string): InvalidLog => ({ code: 'InvalidLog', position, reason, message: `event ${position}: ${what}` })

/** JSON data with every object's keys in sorted order (RFC 8785 order), or null when it has no JSON form. */
const sortedJson = (u: unknown): unknown => {
  try {
    const text = canonicalize(u)
    return text === undefined ? null : (JSON.parse(text) as unknown)
  } catch {
    return null
  }
}

interface ItemLedger {
  readonly decisions: EvidenceDecision[]
  readonly escalations: EvidenceEscalation[]
  readonly reviewerChanges: EvidenceReviewerChange[]
  readonly information: EvidenceInformation[]
  readonly extensions: EvidenceExtension[]
  /** Sequence of the latest decision per level, for `revises`. */
  readonly lastAtLevel: Map<number, number>
  fulfillmentAt: Instant | undefined
}

const newLedger = (): ItemLedger => ({ decisions: [], escalations: [], reviewerChanges: [], information: [], extensions: [], lastAtLevel: new Map(), fulfillmentAt: undefined })

/** The events of the input and, for stored links, the heads of the verified chain. */
const eventsOf = (
  log: ReadonlyArray<CampaignEvent> | ReadonlyArray<ChainLink>,
): E.Either<EvidenceError, { readonly events: ReadonlyArray<unknown>; readonly heads: Readonly<Record<StreamId, ChainHead>> | undefined }> => {
  const first: unknown = log[0]
  if (!(isRecord(first) && 'hash' in first && 'event' in first)) return E.right({ events: log, heads: undefined })
  const verified = verifyLog(log as ReadonlyArray<ChainLink>)
  if (E.isLeft(verified)) return verified
  return E.right({ events: (log as ReadonlyArray<ChainLink>).map((l) => l.event), heads: verified.right.heads })
}

/**
 * Builds the evidence report of a campaign from its log alone: plain events
 * in log order, or the store's chain links (`loadChain`), which are verified
 * first. Pure and linear in the log's size. A log that does not fold is an
 * {@link InvalidLog} naming the event's position, a broken chain a
 * `ChainBroken`; nothing throws. The chain heads of plain events are those
 * the events get when stored one stream per `streamOf`, as the service
 * stores them.
 * @example
 * import { evidenceReport } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const events = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory: aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] }) },
 *   { type: 'decide', at: at('2025-01-03T10:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'revoke', comment: 'left the team' },
 * ]).results.flatMap((r) => (r.ok ? r.events : []))
 * const report = evidenceReport(events)
 * report._tag === 'Right' && report.right.items[0]?.decisions.map((d) => [d.reviewer, d.decision, d.at.utc])
 * // [['mia', 'revoke', '2025-01-03T10:00:00.000Z']]
 * report._tag === 'Right' && report.right.totals.revoked // 1
 * const bad = evidenceReport([events[1]!, events[0]!])
 * bad._tag === 'Left' && [bad.left.code, bad.left.position] // ['InvalidLog', 0]
 * @since 0.2.0
 * @category Evidence
 */
export const evidenceReport = (log: ReadonlyArray<CampaignEvent> | ReadonlyArray<ChainLink>): E.Either<EvidenceError, EvidenceReport> => {
  const input = eventsOf(log)
  if (E.isLeft(input)) return input
  const events = input.right.events
  if (events.length === 0) return E.left(invalid(0, 'empty', 'the log has no event'))
  // 1. fold, checking each event
  let state: CampaignState | undefined
  let clock = Number.NEGATIVE_INFINITY
  const ledgers = new Map<string, ItemLedger>()
  const ledgerOf = (itemId: string): ItemLedger => {
    let l = ledgers.get(itemId)
    if (l === undefined) {
      l = newLedger()
      ledgers.set(itemId, l)
    }
    return l
  }
  const opened = new Map<string, { readonly levels: ReadonlyArray<ReviewLevel>; readonly trace: ResolutionTrace | undefined }>()
  const campaignExtensions: EvidenceCampaignExtension[] = []
  let lastExtension: { readonly by: string; readonly days: number; readonly cascade: boolean } | undefined
  let sequence = 0
  let revisions = 0
  let publishedBy: string | undefined
  let endedBy: string | undefined
  const stamp = (at: Instant, zone: TimeZone): EvidenceInstant => ({ local: formatInstant(at, zone), utc: toIsoUtc(at) })
  for (let position = 0; position < events.length; position++) {
    const raw = events[position]
    if (!isRecord(raw) || typeof raw['type'] !== 'string' || !Object.hasOwn(EVENT_TYPES, raw['type'])) return E.left(invalid(position, 'unknownEvent', 'not an event of access-review-core'))
    const at = raw['at']
    if (typeof at !== 'number' || !Number.isSafeInteger(at)) return E.left(invalid(position, 'unknownEvent', 'an event without a valid instant `at`'))
    if (at < clock) return E.left(invalid(position, 'outOfOrder', 'older than the event before it'))
    const e = raw as unknown as CampaignEvent
    if ((state === undefined) !== (e.type === 'CampaignCreated')) {
      return E.left(invalid(position, 'notAFold', state === undefined ? 'the log does not start with CampaignCreated' : 'a second CampaignCreated'))
    }
    const before = state
    let next: CampaignState | undefined
    try {
      next = evolve(state, e)
    } catch {
      next = undefined
    }
    if (next === undefined) return E.left(invalid(position, 'notAFold', `${e.type} does not apply to the state before it`))
    state = next
    clock = at
    const zone = state.campaign.definition.timeZone
    const when = stamp(e.at, zone)
    // an event of the right type whose fields are not (a hand-edited log) is refused, not thrown
    try {
      switch (e.type) {
        case 'CampaignPublished':
          publishedBy = e.by
          break
        case 'PacketOpened':
          for (const it of e.items) opened.set(it.spec.id, { levels: it.levels, trace: it.trace })
          break
        case 'ItemsDecided':
          for (const d of e.decisions) {
            const ledger = ledgerOf(d.itemId)
            sequence++
            const revises = ledger.lastAtLevel.get(d.level)
            if (revises !== undefined) revisions++
            ledger.lastAtLevel.set(d.level, sequence)
            ledger.decisions.push({
              sequence,
              position,
              at: when,
              reviewer: e.by,
              onBehalfOf: d.onBehalfOf ?? null,
              level: d.level,
              tier: d.tier,
              decision: d.decision,
              comment: d.comment ?? null,
              answers: d.answers === undefined ? null : (sortedJson(d.answers) as Readonly<Record<string, boolean | string>> | null),
              revises: revises ?? null,
            })
          }
          break
        case 'TierEscalated':
          for (const id of e.itemIds) ledgerOf(id).escalations.push({ position, at: when, level: e.level, tier: e.tier })
          break
        case 'ItemReassigned':
          ledgerOf(e.itemId).reviewerChanges.push({ position, at: when, kind: 'reassigned', by: e.by, level: e.level, tier: e.tier, users: [e.to] })
          break
        case 'InfoRequested':
          for (const id of e.itemIds) ledgerOf(id).information.push({ position, at: when, kind: 'question', by: e.by, asked: e.asked, text: e.question })
          break
        case 'InfoProvided':
          for (const id of e.itemIds) ledgerOf(id).information.push({ position, at: when, kind: 'answer', by: e.by, asked: [], text: e.answer })
          break
        case 'ReviewersAdded':
          for (const a of e.additions) ledgerOf(a.itemId).reviewerChanges.push({ position, at: when, kind: 'added', by: null, level: a.level, tier: a.tier, users: a.users })
          break
        case 'CampaignExtended': {
          lastExtension = { by: e.by, days: e.days, cascade: e.cascade }
          const dueBefore = before?.campaign.dueAt
          campaignExtensions.push({
            position,
            at: when,
            by: e.by,
            days: e.days,
            cascade: e.cascade,
            dueBefore: dueBefore === undefined ? null : stamp(dueBefore, zone),
            dueAfter: e.dueAt === undefined ? null : stamp(e.dueAt, zone),
          })
          break
        }
        case 'PacketExtended': {
          const endBefore = before === undefined ? undefined : Packets.get(before.packets, e.packetId)?.nextLapseAt
          const packet = Packets.get(state.packets, e.packetId)
          const endAfter = packet?.nextLapseAt
          const ext = lastExtension ?? { by: '', days: 0, cascade: false }
          for (const id of packet?.itemIds ?? []) {
            ledgerOf(id).extensions.push({
              position,
              at: when,
              by: ext.by,
              days: ext.days,
              cascade: ext.cascade,
              windowEndBefore: endBefore === undefined ? null : stamp(endBefore, zone),
              windowEndAfter: endAfter === undefined ? null : stamp(endAfter, zone),
            })
          }
          break
        }
        case 'CampaignCompleted':
          endedBy = e.by
          break
        case 'CampaignAborted':
          endedBy = e.by
          break
        case 'FulfillmentResultRecorded':
          ledgerOf(e.itemId).fulfillmentAt = e.at
          break
        default:
          break
      }
    } catch {
      return E.left(invalid(position, 'notAFold', `${e.type} does not apply to the state before it`))
    }
  }
  if (state === undefined) return E.left(invalid(0, 'empty', 'the log has no event'))
  const final = state
  const c = final.campaign
  const zone = c.definition.timeZone
  const stampOf = (at: Instant | undefined): EvidenceInstant | null => (at === undefined ? null : stamp(at, zone))
  // 2. the items, in scope order
  const plan = new Map((c.completion?.plan ?? []).map((a) => [a.itemId as string, a]))
  let done = 0
  let failed = 0
  const items: EvidenceItem[] = c.scope.map((spec) => {
    const ledger = ledgers.get(spec.id) ?? newLedger()
    const found = findItem(final, spec.id)
    const st = found?.item.state
    const publishedWith = opened.get(spec.id)
    const action = plan.get(spec.id)
    const result = PMap.get(c.results.byItem, spec.id)
    if (result === 'done') done++
    if (result === 'failed') failed++
    return {
      itemId: spec.id,
      subject: spec.subject,
      application: spec.application,
      resource: spec.resource,
      entitlement: spec.entitlement,
      // data copied from events has its keys sorted, so a store that reorders keys (jsonb) changes nothing
      reviewers: publishedWith === undefined ? null : (sortedJson(publishedWith.levels) as ReadonlyArray<ReviewLevel> | null),
      resolution: publishedWith?.trace === undefined ? null : (sortedJson(publishedWith.trace) as ResolutionTrace | null),
      decisions: ledger.decisions,
      escalations: ledger.escalations,
      reviewerChanges: ledger.reviewerChanges,
      information: ledger.information,
      extensions: ledger.extensions,
      outcome: st === undefined ? 'draft' : st._tag,
      outcomeAt: st === undefined || st._tag === 'pending' ? null : stampOf(st.at),
      fulfillment:
        action === undefined ? null : { reason: action.reason, option: action.option, result: result ?? null, resultAt: stampOf(ledger.fulfillmentAt) },
    }
  })
  const counts = itemCounts(final)
  // 3. the chain
  const chain = chainOf(c.id, events as ReadonlyArray<CampaignEvent>, input.right.heads)
  if (E.isLeft(chain)) return chain
  return E.right({
    format: 'access-review-evidence/1',
    libraryVersion: LIBRARY_VERSION,
    campaign: {
      id: c.id,
      name: c.definition.name,
      timeZone: zone,
      status: c.status,
      createdAt: stamp(c.createdAt, zone),
      createdBy: (events[0] as CampaignCreated).by,
      publishedAt: stampOf(c.publishedAt),
      publishedBy: publishedBy ?? null,
      dueAt: stampOf(c.dueAt),
      endedAt: stampOf(c.endedAt),
      endedBy: endedBy ?? null,
      definition: sortedJson(c.definition),
      extensions: campaignExtensions,
    },
    items,
    totals: {
      items: items.length,
      pending: counts.pending,
      approved: counts.approved,
      revoked: counts.revoked,
      expired: counts.expired,
      decisions: sequence,
      revisions,
      fulfillmentActions: plan.size,
      fulfillmentDone: done,
      fulfillmentFailed: failed,
    },
    chain: chain.right,
  })
}

/** The chain heads, streams sorted: of the stored links, or of the events chained one stream per `streamOf`. */
const chainOf = (
  campaignId: CampaignId,
  events: ReadonlyArray<CampaignEvent>,
  stored: Readonly<Record<StreamId, ChainHead>> | undefined,
): E.Either<ChainBroken, EvidenceChain> => {
  let heads = stored
  if (heads === undefined) {
    const chained = chainEvents({ position: 0, heads: {} }, events.map((event): StreamEvent => ({ stream: streamOf(campaignId, event), event })))
    if (E.isLeft(chained)) return chained
    heads = chained.right.tip.heads
  }
  const sorted: Record<StreamId, ChainHead> = {}
  for (const s of Object.keys(heads).sort()) {
    const h = heads[s]
    if (h !== undefined) setOwn(sorted, s, { version: h.version, hash: h.hash })
  }
  return E.right({ events: events.length, heads: sorted })
}

// -------------------------------------------------------------------------------------
// formats
// -------------------------------------------------------------------------------------

/**
 * The report as JSON: two-space indented, keys in a fixed order (the
 * definition's and answers' keys sorted), ending with a newline. The same
 * log always gives the same bytes.
 * @example
 * import { evidenceJson, evidenceReport } from 'access-review-core'
 * import { run, actor, at, aDefinition, anItem } from 'access-review-core/testing'
 * const events = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: actor('rita', 'riskManager'), definition: aDefinition(), items: [anItem('i1', 's-bob')] }]).results.flatMap((r) => (r.ok ? r.events : []))
 * const report = evidenceReport(events)
 * report._tag === 'Right' && JSON.parse(evidenceJson(report.right)).totals.items // 1
 * @since 0.2.0
 * @category Evidence
 */
export const evidenceJson = (report: EvidenceReport): string => `${JSON.stringify(report, null, 2)}\n`

/**
 * The columns of the CSV export, in order.
 * @example
 * import { EVIDENCE_CSV_COLUMNS } from 'access-review-core'
 * EVIDENCE_CSV_COLUMNS[0] // 'campaign_id'
 * @since 0.2.0
 * @category Evidence
 */
export const EVIDENCE_CSV_COLUMNS: ReadonlyArray<string> = [
  'campaign_id',
  'item_id',
  'subject',
  'application',
  'resource',
  'entitlement',
  'reviewers_at_publish',
  'sequence',
  'level',
  'tier',
  'reviewer',
  'on_behalf_of',
  'decided_at_local',
  'decided_at_utc',
  'decision',
  'comment',
  'answers',
  'revises',
  'outcome',
  'outcome_at_utc',
  'fulfillment',
  'fulfillment_result',
]

const chainText = (levels: ReadonlyArray<ReviewLevel> | null): string =>
  levels === null ? '' : levels.map((lv, i) => `${i + 1}:${lv.source}=${(lv.tiers[0] ?? []).join('|')}`).join('; ')

/**
 * The cells of the CSV export, header first, every cell neutralised: one
 * row per decision record, in item order then decision order; an item with
 * no decision has one row with empty decision cells, so every item appears.
 * @example
 * import { evidenceCsvRows } from '../../src/report/evidence.js' // internal
 * const rows = (r: Parameters<typeof evidenceCsvRows>[0]) => evidenceCsvRows(r).length
 * @since 0.2.0
 * @category Evidence
 * @internal
 */
export const evidenceCsvRows = (report: EvidenceReport): ReadonlyArray<ReadonlyArray<string>> => {
  const rows: Array<ReadonlyArray<string>> = [EVIDENCE_CSV_COLUMNS]
  const campaignId = report.campaign.id
  for (const item of report.items) {
    const head = [campaignId, item.itemId, item.subject, item.application, item.resource, item.entitlement, chainText(item.reviewers)]
    const f = item.fulfillment
    const tail = [item.outcome, item.outcomeAt?.utc ?? '', f === null ? '' : `${f.reason}:${f.option}`, f?.result ?? '']
    const decisions: ReadonlyArray<EvidenceDecision | undefined> = item.decisions.length === 0 ? [undefined] : item.decisions
    for (const d of decisions) {
      const middle =
        d === undefined
          ? ['', '', '', '', '', '', '', '', '', '', '']
          : [
              String(d.sequence),
              String(d.level),
              String(d.tier),
              d.reviewer,
              d.onBehalfOf ?? '',
              d.at.local,
              d.at.utc,
              d.decision,
              d.comment ?? '',
              d.answers === null ? '' : JSON.stringify(d.answers),
              d.revises === null ? '' : String(d.revises),
            ]
      rows.push(head.concat(middle, tail).map(neutraliseCell))
    }
  }
  return rows
}

/**
 * The report as CSV (RFC 4180: a header, one record per decision record,
 * CRLF line ends, fields quoted when they hold a comma, a quote or a line
 * break). A cell a spreadsheet would run as a formula (starting with `=`,
 * `+`, `-`, `@`, tab or CR) is prefixed with `'`. The same log always gives
 * the same bytes.
 * @example
 * import { evidenceCsv, evidenceReport } from 'access-review-core'
 * import { run, actor, at, aDefinition, anItem } from 'access-review-core/testing'
 * const events = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: actor('rita', 'riskManager'), definition: aDefinition(), items: [anItem('i1', 's-bob')] }]).results.flatMap((r) => (r.ok ? r.events : []))
 * const report = evidenceReport(events)
 * report._tag === 'Right' && evidenceCsv(report.right).split('\r\n').length // 3
 * @since 0.2.0
 * @category Evidence
 */
export const evidenceCsv = (report: EvidenceReport): string => csvText(evidenceCsvRows(report))
