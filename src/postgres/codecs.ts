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
import type { CampaignState } from '../campaign/state.js'
import type { CommandRecord, StoreUnavailable } from '../ports/store.js'
import { arrayOf, decodeWith, isPlainObject, strict } from '../shared/codec.js'
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
  kind: t.keyof({
    reviewAssigned: null,
    reviewEscalated: null,
    reviewOverdue: null,
    accessRequestDenied: null,
    campaignReminder: null,
    campaignOverdue: null,
    campaignAborted: null,
    campaignCompleted: null,
    accessDeprovisioned: null,
    deprovisioningFailed: null,
    deprovisioningPartial: null,
    deprovisioningSucceeded: null,
  }),
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
/** The command record and stream versions an append reads under its lock. @internal */
export const ChecksRow = strict('append checks row', {
  record: t.union([t.null, StoredRecord, StoredRecordRef]),
  versions: t.array(strict('stream version', { stream: t.string, version: t.number, hash: t.union([t.null, t.string]) })),
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
  versions: t.array(strict('stream version', { stream: t.string, version: t.number })),
})
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

// A state is JSON data except for the ±Infinity measures of its packets map.
const INF = '$access-review-core:+Infinity'
const NEG_INF = '$access-review-core:-Infinity'

/** A state as JSON text. @internal */
export const encodeState = (state: CampaignState): string =>
  JSON.stringify(state, (_k, v: unknown) => (v === Number.POSITIVE_INFINITY ? INF : v === Number.NEGATIVE_INFINITY ? NEG_INF : v))

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

/** A state from its JSON text, checked to be a state of `campaignId`. @internal */
export const decodeState = (text: string, campaignId: string): E.Either<StoreUnavailable, CampaignState> => {
  let parsed: unknown
  try {
    parsed = JSON.parse(text, (_k, v: unknown) => (v === INF ? Number.POSITIVE_INFINITY : v === NEG_INF ? Number.NEGATIVE_INFINITY : v))
  } catch {
    return E.left({ code: 'StoreUnavailable', message: 'postgres: a snapshot of ar_snapshots is not JSON' })
  }
  const r = decodeWith(SnapshotState, parsed)
  if (E.isLeft(r) || r.right.campaign.id !== campaignId) return E.left({ code: 'StoreUnavailable', message: `postgres: the snapshot of ${campaignId} in ar_snapshots is not a state of that campaign` })
  return E.right(parsed as CampaignState)
}
