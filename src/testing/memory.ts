/**
 * In-memory adapters of the ports, for tests and examples: an event store
 * with optimistic concurrency and an outbox, a notifier that records what
 * it delivers (and can fail, lose acknowledgements or hang on demand), a
 * fulfiller with scripted results, and a clock you set.
 *
 * Every call is atomic (JavaScript runs one callback at a time and these
 * adapters never await inside a call), which is exactly what the port
 * contracts ask of a real adapter's transactions.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { CampaignEvent } from '../campaign/event.js'
import { fold } from '../campaign/event.js'
import type { NotificationIntent } from '../campaign/notification.js'
import type { FulfillmentAction, FulfillmentResult } from '../campaign/state.js'
import { findItem } from '../campaign/state.js'
import { tasksOf } from '../campaign/views.js'
import type { CampaignId, CommandId, SubjectId, UserId } from '../shared/ids.js'
import type { Instant } from '../schedule/time.js'
import { instantOfMillis } from '../schedule/time.js'
import type { Clock } from '../ports/clock.js'
import type { Fulfiller, FulfillmentUnavailable } from '../ports/fulfiller.js'
import type { DeliveryFailed, Notifier } from '../ports/notifier.js'
import type { PortResult } from '../ports/result.js'
import { chainEvents } from '../ports/chain.js'
import type { ChainHead, ChainLink, StreamEvent } from '../ports/chain.js'
import type {
  AppendError,
  AppendRequest,
  Appended,
  CampaignSnapshot,
  CampaignStore,
  CommandRecord,
  LoadedCampaign,
  LoadedStream,
  LoadedTail,
  OutboxEntry,
  ReviewerTask,
  StoreUnavailable,
  StreamId,
  StreamVersion,
  TailRequest,
} from '../ports/store.js'
import { appendConflict, isPosition, versionOfCount } from '../ports/store.js'

// -------------------------------------------------------------------------------------
// store
// -------------------------------------------------------------------------------------

interface LoggedEvent {
  readonly stream: StreamId
  readonly event: CampaignEvent
}

interface CampaignLog {
  /** Every event with its stream, in append order (frozen). */
  readonly log: LoggedEvent[]
  /** The same events without their streams, for slices. */
  readonly events: CampaignEvent[]
  /** stream → its events in order (the version is the length minus one). */
  readonly streams: Map<StreamId, CampaignEvent[]>
  readonly commands: Map<string, CommandRecord>
  snapshot: CampaignSnapshot | undefined
  /** The hash chain: one link per event, in append order (frozen), and where it ends. */
  readonly links: ChainLink[]
  readonly heads: Map<StreamId, ChainHead>
}

/**
 * A copy of JSON-like data (plain objects, arrays, strings, numbers,
 * booleans, null), as a store that serialises to JSON would give it back:
 * keys whose value is `undefined` are left out. Several times faster than
 * `structuredClone` for the small records a store copies.
 */
const copyData = <A>(value: A): A => {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(copyData) as A
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = copyData(v)
  return out as A
}

/** A frozen copy of JSON-like data: nothing in it can change afterwards. */
const frozenCopy = <A>(value: A): A => {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as A
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = frozenCopy(v)
  return Object.freeze(out) as A
}

/**
 * A {@link CampaignStore} in memory. Events are copied once on the way in
 * (as JSON data, as a real store would serialise them) and frozen, so
 * a load returns the stored events themselves: loading never copies the
 * log, and nobody can change a stored event. Snapshots are kept by
 * reference (the latest one per campaign); `loadTail` answers from the
 * caller's `since` when it has one (the caller already holds that state, in
 * the same process), else from the latest snapshot.
 * @example
 * import { InMemoryCampaignStore } from 'access-review-core/testing'
 * const store = new InMemoryCampaignStore()
 * // await store.append({ campaignId, writes: [{ stream: 'campaign:c1', expected: { _tag: 'noStream' }, events }], outbox: [] })
 * @since 0.1.0
 * @category In-memory adapters
 */
export class InMemoryCampaignStore implements CampaignStore {
  readonly #campaigns = new Map<string, CampaignLog>()
  readonly #outbox = new Map<string, { campaignId: CampaignId; intent: NotificationIntent; delivered: boolean; attempts: number; claimedUntil?: Instant }>()
  /** Intent ids not delivered yet, in the order stored. */
  readonly #open = new Set<string>()
  /** How many appends were refused for a version conflict (for tests). */
  conflicts = 0

  #campaign(id: CampaignId): CampaignLog {
    let c = this.#campaigns.get(id)
    if (c === undefined) {
      c = { log: [], events: [], streams: new Map(), commands: new Map(), snapshot: undefined, links: [], heads: new Map() }
      this.#campaigns.set(id, c)
    }
    return c
  }

  /** The events after `since`, or the latest snapshot and the events after it; never copies an event or a state. */
  readonly loadTail = async (campaignId: CampaignId, request: TailRequest): PortResult<StoreUnavailable, LoadedTail> => {
    const c = this.#campaigns.get(campaignId)
    const versions: Record<StreamId, StreamVersion> = {}
    for (const s of request.streams) versions[s] = versionOfCount(c?.streams.get(s)?.length)
    if (c === undefined) return E.right({ from: 0, events: [], position: 0, versions, snapshotPosition: 0 })
    const position = c.events.length
    const snapshot = c.snapshot
    const snapshotPosition = snapshot?.position ?? 0
    const since = request.since
    if (isPosition(since) && since <= position) {
      return E.right({ from: since, events: c.events.slice(since), position, versions, snapshotPosition })
    }
    if (snapshot !== undefined) return E.right({ snapshot, from: snapshotPosition, events: c.events.slice(snapshotPosition), position, versions, snapshotPosition })
    return E.right({ from: 0, events: c.events.slice(), position, versions, snapshotPosition })
  }

  /** Keeps the snapshot (by reference) if it is newer than the one kept and within the log. */
  readonly saveSnapshot = async (campaignId: CampaignId, snapshot: CampaignSnapshot): PortResult<StoreUnavailable, void> => {
    const c = this.#campaigns.get(campaignId)
    const { position, state } = snapshot
    if (c !== undefined && isPosition(position) && position > (c.snapshot?.position ?? 0) && position <= c.events.length) {
      c.snapshot = Object.freeze({ position, state })
    }
    return E.right(undefined)
  }

  /** Loads every event of a campaign in append order with each stream's version (the stored, frozen events). */
  readonly loadCampaign = async (campaignId: CampaignId): PortResult<StoreUnavailable, LoadedCampaign> => {
    const c = this.#campaigns.get(campaignId)
    if (c === undefined) return E.right({ events: [], versions: {} })
    const versions: Record<StreamId, StreamVersion> = {}
    for (const [s, es] of c.streams) versions[s] = versionOfCount(es.length)
    return E.right({ events: c.events.slice(), versions })
  }

  /** Loads one packet's stream. */
  readonly loadPacket = async (campaignId: CampaignId, packetId: SubjectId): PortResult<StoreUnavailable, LoadedStream> => {
    const stream = `packet:${campaignId}:${packetId}`
    const events = this.#campaigns.get(campaignId)?.streams.get(stream)
    return E.right({ stream, events: events === undefined ? [] : events.slice(), version: versionOfCount(events?.length) })
  }

  /** Appends atomically (all checks, then all writes) or writes nothing. */
  readonly append = async (request: AppendRequest): PortResult<AppendError, Appended> => {
    const c = this.#campaign(request.campaignId)
    const cmd = request.command
    if (cmd !== undefined) {
      const first = c.commands.get(cmd.commandId)
      if (first !== undefined) {
        return E.left({ code: 'DuplicateCommand', message: `command ${cmd.commandId} was already handled`, commandId: cmd.commandId, first: copyData(first) })
      }
    }
    const conflict = appendConflict(request, (stream) => c.streams.get(stream)?.length ?? 0, c.events.length)
    if (conflict !== undefined) {
      this.conflicts++
      return E.left(conflict)
    }
    // the chain of the new events (frozen copies, in request order)
    const appended: StreamEvent[] = []
    for (const w of request.writes) for (const e of w.events) appended.push({ stream: w.stream, event: frozenCopy(e) })
    const heads: Record<StreamId, ChainHead> = {}
    for (const { stream } of appended) {
      const head = c.heads.get(stream)
      if (head !== undefined) Object.defineProperty(heads, stream, { value: head, enumerable: true })
    }
    const chained = chainEvents({ position: c.links.length, heads }, appended)
    if (E.isLeft(chained)) return E.left({ code: 'StoreUnavailable', message: `cannot store the events: ${chained.left.message}` })
    // writes
    for (const { stream: s, event } of appended) {
      let stream = c.streams.get(s)
      if (stream === undefined) {
        stream = []
        c.streams.set(s, stream)
      }
      c.log.push(Object.freeze({ stream: s, event }))
      c.events.push(event)
      stream.push(event)
    }
    for (const link of chained.right.links) c.links.push(Object.freeze(link))
    for (const [stream, head] of Object.entries(chained.right.tip.heads)) c.heads.set(stream, head)
    const versions: Record<StreamId, StreamVersion> = {}
    for (const w of request.writes) versions[w.stream] = versionOfCount(c.streams.get(w.stream)?.length)
    for (const intent of request.outbox) {
      if (!this.#outbox.has(intent.id)) {
        this.#outbox.set(intent.id, { campaignId: request.campaignId, intent: copyData(intent), delivered: false, attempts: 0 })
        this.#open.add(intent.id)
      }
    }
    if (cmd !== undefined) c.commands.set(cmd.commandId, copyData(cmd))
    return E.right({ versions, position: c.events.length })
  }

  /** Every link of a campaign's hash chain in append order (the stored, frozen links). */
  readonly loadChain = async (campaignId: CampaignId): PortResult<StoreUnavailable, ReadonlyArray<ChainLink>> =>
    E.right(this.#campaigns.get(campaignId)?.links.slice() ?? [])

  /** The record of a handled command. */
  readonly findCommand = async (campaignId: CampaignId, commandId: CommandId): PortResult<StoreUnavailable, CommandRecord | undefined> => {
    const r = this.#campaigns.get(campaignId)?.commands.get(commandId)
    return E.right(r === undefined ? undefined : copyData(r))
  }

  /** A reviewer's pending items over every campaign (each campaign from its snapshot plus the events after it). */
  readonly tasksOf = async (reviewer: UserId): PortResult<StoreUnavailable, ReadonlyArray<ReviewerTask>> => {
    const out: ReviewerTask[] = []
    for (const c of this.#campaigns.values()) {
      const from = c.snapshot?.position ?? 0
      const state = fold(c.snapshot?.state, from === 0 ? c.events : c.events.slice(from))
      if (state === undefined || state.campaign.status !== 'inProgress') continue
      for (const itemId of tasksOf(state, reviewer)) {
        const found = findItem(state, itemId)
        if (found !== undefined) out.push({ campaignId: state.campaign.id, packetId: found.packet.id, itemId })
      }
    }
    return E.right(out)
  }

  /** Undelivered, unclaimed entries in the order they were stored. */
  readonly undelivered = async (campaignId: CampaignId | undefined, now: Instant): PortResult<StoreUnavailable, ReadonlyArray<OutboxEntry>> => {
    const out: OutboxEntry[] = []
    for (const id of this.#open) {
      const e = this.#outbox.get(id)
      if (e === undefined || e.delivered || (campaignId !== undefined && e.campaignId !== campaignId)) continue
      if (e.claimedUntil !== undefined && e.claimedUntil > now) continue
      out.push(copyData(e))
    }
    return E.right(out)
  }

  /** Claims an undelivered entry (true for one caller only). */
  readonly claim = async (intentId: string, now: Instant, until: Instant): PortResult<StoreUnavailable, boolean> => {
    const e = this.#outbox.get(intentId)
    if (e === undefined || e.delivered || (e.claimedUntil !== undefined && e.claimedUntil > now)) return E.right(false)
    e.claimedUntil = until
    e.attempts++
    return E.right(true)
  }

  /** Gives up a claim. */
  readonly release = async (intentId: string): PortResult<StoreUnavailable, void> => {
    const e = this.#outbox.get(intentId)
    if (e !== undefined) delete e.claimedUntil
    return E.right(undefined)
  }

  /** Marks an entry delivered (idempotent). */
  readonly markDelivered = async (intentId: string): PortResult<StoreUnavailable, void> => {
    const e = this.#outbox.get(intentId)
    if (e !== undefined) {
      e.delivered = true
      delete e.claimedUntil
      this.#open.delete(intentId)
    }
    return E.right(undefined)
  }

  /** Every stored event of a campaign with its stream, in append order (for tests; the stored, frozen entries). */
  eventsOf(campaignId: CampaignId): ReadonlyArray<{ readonly stream: StreamId; readonly event: CampaignEvent }> {
    return this.#campaigns.get(campaignId)?.log ?? []
  }

  /** The latest snapshot kept for a campaign, if any (for tests). */
  snapshotOf(campaignId: CampaignId): CampaignSnapshot | undefined {
    return this.#campaigns.get(campaignId)?.snapshot
  }

  /** Every outbox entry in the order stored (for tests). */
  outbox(): ReadonlyArray<OutboxEntry> {
    return [...this.#outbox.values()]
  }
}

// -------------------------------------------------------------------------------------
// notifier
// -------------------------------------------------------------------------------------

/**
 * Fault injection for {@link InMemoryNotifier}; `attempt` counts calls for
 * the intent id, from 1.
 * @example
 * import type { NotifierFaults } from 'access-review-core/testing'
 * const flaky: NotifierFaults = { fail: (_intent, attempt) => attempt === 1 }
 * const hung: NotifierFaults = { hang: () => true } // for the service's deadline (portTimeoutMs)
 * @since 0.1.0
 * @category In-memory adapters
 */
export interface NotifierFaults {
  /** Refuse this attempt (nothing is delivered). */
  readonly fail?: (intent: NotificationIntent, attempt: number) => boolean
  /** Deliver, then report a failure (a lost acknowledgement): the retry is a duplicate the intent id absorbs. */
  readonly duplicate?: (intent: NotificationIntent, attempt: number) => boolean
  /** Never answer this attempt (a hung provider): nothing is delivered and the promise never settles. */
  readonly hang?: (intent: NotificationIntent, attempt: number) => boolean
}

/**
 * A {@link Notifier} that records every call and delivers each intent id
 * at most once (the id is the idempotency key).
 * @example
 * import { InMemoryNotifier } from 'access-review-core/testing'
 * const notifier = new InMemoryNotifier({ fail: (_i, attempt) => attempt === 1 })
 * // after the service retried: notifier.delivered has the intent once, notifier.calls twice
 * @since 0.1.0
 * @category In-memory adapters
 */
export class InMemoryNotifier implements Notifier {
  /** Every call, in order (intent ids). */
  readonly calls: string[] = []
  /** Calls that reported success, in order (intent ids). */
  readonly acknowledged: string[] = []
  /** What recipients received: each intent id once, in order of first delivery. */
  readonly delivered: NotificationIntent[] = []
  readonly #seen = new Set<string>()
  // calls per intent id: the attempt number without a scan of every call so far
  readonly #attempts = new Map<string, number>()
  readonly #faults: NotifierFaults

  constructor(faults: NotifierFaults = {}) {
    this.#faults = faults
  }

  /** Delivers (idempotent on the intent id), unless a fault says otherwise. */
  readonly deliver = async (intent: NotificationIntent): PortResult<DeliveryFailed, void> => {
    this.calls.push(intent.id)
    const attempt = (this.#attempts.get(intent.id) ?? 0) + 1
    this.#attempts.set(intent.id, attempt)
    if (this.#faults.hang?.(intent, attempt) === true) return new Promise<never>(() => undefined)
    if (this.#faults.fail?.(intent, attempt) === true) return E.left({ code: 'DeliveryFailed', message: `injected failure of ${intent.id}`, retryable: true })
    if (!this.#seen.has(intent.id)) {
      this.#seen.add(intent.id)
      this.delivered.push(structuredClone(intent))
    }
    if (this.#faults.duplicate?.(intent, attempt) === true) return E.left({ code: 'DeliveryFailed', message: `acknowledgement of ${intent.id} lost`, retryable: true })
    this.acknowledged.push(intent.id)
    return E.right(undefined)
  }
}

// -------------------------------------------------------------------------------------
// fulfiller
// -------------------------------------------------------------------------------------

/**
 * A {@link Fulfiller} with scripted results (default: every action `done`);
 * it records the actions it executed.
 * @example
 * import { InMemoryFulfiller } from 'access-review-core/testing'
 * const f = new InMemoryFulfiller((a) => (a.application === 'legacy' ? 'unavailable' : 'done'))
 * @since 0.1.0
 * @category In-memory adapters
 */
export class InMemoryFulfiller implements Fulfiller {
  /** Every action executed, in order. */
  readonly executed: FulfillmentAction[] = []
  readonly #script: (action: FulfillmentAction) => FulfillmentResult | 'unavailable'

  constructor(script: (action: FulfillmentAction) => FulfillmentResult | 'unavailable' = () => 'done') {
    this.#script = script
  }

  /** Runs the script for `action`. */
  readonly execute = async (action: FulfillmentAction): PortResult<FulfillmentUnavailable, FulfillmentResult> => {
    this.executed.push(action)
    const r = this.#script(action)
    return r === 'unavailable' ? E.left({ code: 'FulfillmentUnavailable', message: `no connector for ${action.application}` }) : E.right(r)
  }
}

// -------------------------------------------------------------------------------------
// clock
// -------------------------------------------------------------------------------------

/**
 * A {@link Clock} you set: it says `now` until told otherwise.
 * @example
 * import { TestClock, at } from 'access-review-core/testing'
 * const clock = new TestClock(at('2000-01-01T00:00:00Z'))
 * clock.advanceBy({ days: 1 })
 * // await clock.now() === at('2000-01-02T00:00:00Z')
 * @since 0.1.0
 * @category In-memory adapters
 */
export class TestClock implements Clock {
  #now: Instant

  constructor(start: Instant) {
    this.#now = start
  }

  /** The instant the clock is set to. */
  readonly now = async (): Promise<Instant> => this.#now

  /** Sets the clock. */
  set(at: Instant): void {
    this.#now = at
  }

  /** Moves the clock forward by a fixed length of time (days are 24 hours here). */
  advanceBy(by: { readonly days?: number; readonly hours?: number; readonly minutes?: number }): void {
    const ms = ((by.days ?? 0) * 24 * 60 + (by.hours ?? 0) * 60 + (by.minutes ?? 0)) * 60_000
    this.#now = instantOfMillis(this.#now + ms) ?? this.#now
  }
}

/**
 * A {@link Clock} stuck at one instant.
 * @example
 * import { fixedClock, at } from 'access-review-core/testing'
 * const clock = fixedClock(at('2000-01-01T00:00:00Z'))
 * // await clock.now() === 946684800000
 * @since 0.1.0
 * @category In-memory adapters
 */
export const fixedClock = (at: Instant): Clock => ({ now: async () => at })

