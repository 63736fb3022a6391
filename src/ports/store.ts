/**
 * The `CampaignStore` port: an event store with optimistic concurrency, a
 * record of handled commands and a transactional outbox.
 *
 * Streams: one stream for the campaign aggregate (`campaign:<campaignId>`)
 * and one per packet (`packet:<campaignId>:<packetId>`); `streamOf` in the
 * core names the stream of an event. A stream's version is the 0-based
 * number of its last event (a stream with one event is at version 0); a
 * stream with no event does not exist (`noStream`), so "0" never means
 * "new" (R32).
 *
 * Positions: the events of a campaign, over all its streams, in the order
 * they were appended, form its log; a campaign's *position* is the number of
 * events in its log. A snapshot is a state with the position it is the fold
 * of, and `loadTail` answers a snapshot (or a position the caller already
 * holds the state of) plus the events after it, so that loading costs the
 * events since then, not the whole log (D12 in docs/decisions.md).
 *
 * @since 0.1.0
 */
import type { CampaignEvent } from '../campaign/event.js'
import type { ChainLink } from './chain.js'
import type { NotificationIntent } from '../campaign/notification.js'
import type { CampaignState } from '../campaign/state.js'
import type { DomainError } from '../shared/errors.js'
import type { CampaignId, CommandId, ItemId, SubjectId, UserId } from '../shared/ids.js'
import type { Instant } from '../schedule/time.js'
import type { PortFailureReason, PortResult } from './result.js'

// -------------------------------------------------------------------------------------
// versions
// -------------------------------------------------------------------------------------

/**
 * The name of a stream: `campaign:<campaignId>` or
 * `packet:<campaignId>:<packetId>` (see `streamOf`).
 * @example
 * import type { StreamId } from 'access-review-core'
 * const s: StreamId = 'packet:q3:s-bob'
 * @since 0.1.0
 * @category Service and ports
 */
export type StreamId = string

/**
 * What an append expects of a stream (R32: a tagged union, no numeric
 * sentinels). `noStream`: the stream has no event yet. `exact`: its last
 * event has this version. `any`: no check.
 * @example
 * import type { ExpectedVersion } from 'access-review-core'
 * const first: ExpectedVersion = { _tag: 'noStream' }
 * const next: ExpectedVersion = { _tag: 'exact', version: 0 }
 * @since 0.1.0
 * @category Service and ports
 */
export type ExpectedVersion = NoStream | ExactVersion | AnyVersion

/** The stream has no event yet. @since 0.1.0 @category Service and ports */
export interface NoStream {
  readonly _tag: 'noStream'
}
/** The stream's last event has version `version` (0-based). @since 0.1.0 @category Service and ports */
export interface ExactVersion {
  readonly _tag: 'exact'
  readonly version: number
}
/** No check of the stream's version. @since 0.1.0 @category Service and ports */
export interface AnyVersion {
  readonly _tag: 'any'
}

/**
 * Where a stream is now: absent, or at the version of its last event.
 * @example
 * import type { StreamVersion } from 'access-review-core'
 * const v: StreamVersion = { _tag: 'exact', version: 3 } // four events
 * @since 0.1.0
 * @category Service and ports
 */
export type StreamVersion = NoStream | ExactVersion

// -------------------------------------------------------------------------------------
// errors
// -------------------------------------------------------------------------------------

/**
 * An append was refused because a stream is not where the caller expected;
 * nothing of the append was written. `stream` is the first stream (in the
 * order of the request) that failed its check. When the whole-campaign check
 * (`expectedPosition`) failed, `stream` is the campaign's log,
 * `log:<campaignId>`, and `expected` / `actual` are positions written as the
 * version of that log (the number of its last event, `noStream` for an empty
 * log): expected position 12 is `{ _tag: 'exact', version: 11 }`.
 * @example
 * import type { VersionConflict } from 'access-review-core'
 * const c: VersionConflict = {
 *   code: 'VersionConflict',
 *   message: 'packet:q3:s-bob: expected version 2, found 3',
 *   stream: 'packet:q3:s-bob',
 *   expected: { _tag: 'exact', version: 2 },
 *   actual: { _tag: 'exact', version: 3 },
 * }
 * @since 0.1.0
 * @category Service and ports
 */
export interface VersionConflict {
  readonly code: 'VersionConflict'
  readonly message: string
  readonly stream: StreamId
  readonly expected: ExpectedVersion
  readonly actual: StreamVersion
}

/**
 * An append carried a command id the store already holds for this campaign;
 * nothing of the append was written, and `first` is the stored record.
 * @example
 * import type { CommandAlreadyHandled, CommandRecord, CampaignId, CommandId } from 'access-review-core'
 * import { InMemoryCampaignStore, at } from 'access-review-core/testing'
 * const record: CommandRecord = { commandId: 'cmd-1' as CommandId, fingerprint: '{"type":"abort"}', result: { _tag: 'accepted', at: at('2025-01-04T09:00:00Z'), events: [] } }
 * const store = new InMemoryCampaignStore()
 * await store.append({ campaignId: 'c1' as CampaignId, writes: [], outbox: [], command: record })
 * const again = await store.append({ campaignId: 'c1' as CampaignId, writes: [], outbox: [], command: record })
 * if (again._tag === 'Left' && again.left.code === 'DuplicateCommand') {
 *   const e: CommandAlreadyHandled = again.left
 *   e.first.result._tag // 'accepted'
 * }
 * @since 0.1.0
 * @category Service and ports
 */
export interface CommandAlreadyHandled {
  readonly code: 'DuplicateCommand'
  readonly message: string
  readonly commandId: CommandId
  readonly first: CommandRecord
}

/**
 * The store could not be reached or failed; nothing is known to be written
 * (an append that missed its deadline may still have been written: sending
 * the same command id again is answered from its record if it was). The
 * service makes one too, with a `reason`, when the store did not answer
 * within the deadline, rejected, or gave a malformed answer.
 * @example
 * import type { StoreUnavailable } from 'access-review-core'
 * const e: StoreUnavailable = { code: 'StoreUnavailable', message: 'connection reset' }
 * const late: StoreUnavailable = { code: 'StoreUnavailable', message: 'the store did not answer append within 5000 ms', reason: 'deadline' }
 * late.reason // 'deadline'
 * @since 0.1.0
 * @category Service and ports
 */
export interface StoreUnavailable {
  readonly code: 'StoreUnavailable'
  readonly message: string
  /** Set by the service when it, not the adapter, gave up on the call. */
  readonly reason?: PortFailureReason
}

/**
 * Every way an append can be refused.
 * @example
 * import type { AppendError } from 'access-review-core'
 * const retryable = (e: AppendError): boolean => e.code === 'VersionConflict'
 * @since 0.1.0
 * @category Service and ports
 */
export type AppendError = VersionConflict | CommandAlreadyHandled | StoreUnavailable

// -------------------------------------------------------------------------------------
// the checks every store makes
// -------------------------------------------------------------------------------------

/**
 * The version of a stream holding `count` events (`noStream` for none).
 * @example
 * import { versionOfCount } from '../../src/ports/store.js' // internal
 * versionOfCount(0) // { _tag: 'noStream' }
 * versionOfCount(3) // { _tag: 'exact', version: 2 }
 * @since 0.2.0
 * @category Service and ports
 * @internal
 */
export const versionOfCount = (count: number | undefined): StreamVersion => (count === undefined || count === 0 ? { _tag: 'noStream' } : { _tag: 'exact', version: count - 1 })

/**
 * A log position: a safe integer, not negative.
 * @example
 * import { isPosition } from '../../src/ports/store.js' // internal
 * isPosition(0) // true
 * isPosition(-1) // false
 * @since 0.2.0
 * @category Service and ports
 * @internal
 */
export const isPosition = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0

const matches = (expected: ExpectedVersion, actual: StreamVersion): boolean =>
  expected._tag === 'any' || (expected._tag === 'noStream' ? actual._tag === 'noStream' : actual._tag === 'exact' && actual.version === expected.version)

const showVersion = (v: ExpectedVersion | StreamVersion): string => (v._tag === 'exact' ? `version ${v.version}` : v._tag)

/**
 * The optimistic-concurrency checks of an append, the same for every store:
 * each write against its stream's count (`countOf`, before the append) plus
 * the earlier writes of the same request to that stream, then the request's
 * `expectedPosition` against the campaign's `position`. The first failure,
 * or `undefined` when the append may go ahead.
 * @example
 * import { appendConflict } from '../../src/ports/store.js' // internal
 * const request = { campaignId: 'c1' as never, writes: [{ stream: 'campaign:c1', expected: { _tag: 'exact' as const, version: 0 }, events: [] }], outbox: [] }
 * appendConflict(request, () => 1, 1) // undefined
 * appendConflict(request, () => 2, 2)?.message // 'campaign:c1: expected version 0, found version 1'
 * @since 0.2.0
 * @category Service and ports
 * @internal
 */
export const appendConflict = (request: AppendRequest, countOf: (stream: StreamId) => number, position: number): VersionConflict | undefined => {
  const after = new Map<StreamId, number>()
  for (const w of request.writes) {
    const count = after.get(w.stream) ?? countOf(w.stream)
    const actual = versionOfCount(count)
    if (!matches(w.expected, actual)) {
      return { code: 'VersionConflict', message: `${w.stream}: expected ${showVersion(w.expected)}, found ${showVersion(actual)}`, stream: w.stream, expected: w.expected, actual }
    }
    if (w.events.length > 0) after.set(w.stream, count + w.events.length)
  }
  const expectedPosition = request.expectedPosition
  if (expectedPosition === undefined || expectedPosition === position) return undefined
  return {
    code: 'VersionConflict',
    message: `log:${request.campaignId}: expected position ${expectedPosition}, found ${position}`,
    stream: `log:${request.campaignId}`,
    expected: isPosition(expectedPosition) && expectedPosition > 0 ? { _tag: 'exact', version: expectedPosition - 1 } : { _tag: 'noStream' },
    actual: versionOfCount(position),
  }
}

// -------------------------------------------------------------------------------------
// records
// -------------------------------------------------------------------------------------

/**
 * What a command did, as first handled: accepted with its events, or refused
 * with its error. A repeated command id is answered with this record.
 * @example
 * import type { CommandResult } from 'access-review-core'
 * const isAccepted = (r: CommandResult): boolean => r._tag === 'accepted'
 * @since 0.1.0
 * @category Service and ports
 */
export type CommandResult = CommandAccepted | CommandRefused

/** The command was accepted and appended these events. @since 0.1.0 @category Service and ports */
export interface CommandAccepted {
  readonly _tag: 'accepted'
  readonly at: Instant
  readonly events: ReadonlyArray<CampaignEvent>
}
/** The command was refused with this error; nothing was appended. @since 0.1.0 @category Service and ports */
export interface CommandRefused {
  readonly _tag: 'refused'
  readonly at: Instant
  readonly error: DomainError
}

/**
 * A handled command: its id, a fingerprint of its content (to tell a
 * repeated delivery from an id reused for another command) and its result.
 * @example
 * import type { CommandRecord, CampaignId, CommandId } from 'access-review-core'
 * import { InMemoryCampaignStore, at } from 'access-review-core/testing'
 * const record: CommandRecord = { commandId: 'cmd-1' as CommandId, fingerprint: '{"type":"abort"}', result: { _tag: 'accepted', at: at('2025-01-04T09:00:00Z'), events: [] } }
 * const store = new InMemoryCampaignStore()
 * await store.append({ campaignId: 'c1' as CampaignId, writes: [], outbox: [], command: record })
 * const found = await store.findCommand('c1' as CampaignId, 'cmd-1' as CommandId)
 * found._tag === 'Right' && found.right?.result // { _tag: 'accepted', at: 1735981200000, events: [] }
 * @since 0.1.0
 * @category Service and ports
 */
export interface CommandRecord {
  readonly commandId: CommandId
  readonly fingerprint: string
  readonly result: CommandResult
}

/**
 * Events to add to one stream, after checking the stream's version. An
 * empty `events` list only checks the version (a read dependency).
 * @example
 * import type { StreamWrite } from 'access-review-core'
 * const check: StreamWrite = { stream: 'campaign:q3', expected: { _tag: 'exact', version: 4 }, events: [] }
 * @since 0.1.0
 * @category Service and ports
 */
export interface StreamWrite {
  readonly stream: StreamId
  readonly expected: ExpectedVersion
  readonly events: ReadonlyArray<CampaignEvent>
}

/**
 * One atomic append: every version check passes and everything is written
 * (events in request order, outbox entries, command record), or nothing is.
 * @example
 * import type { AppendRequest, CampaignId } from 'access-review-core'
 * import { InMemoryCampaignStore, run, actor, at, aDefinition, anItem } from 'access-review-core/testing'
 * const events = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: actor('rita', 'riskManager'), definition: aDefinition(), items: [anItem('i1', 's-bob')] }]).results.flatMap((r) => (r.ok ? r.events : []))
 * const request: AppendRequest = { campaignId: 'c1' as CampaignId, writes: [{ stream: 'campaign:c1', expected: { _tag: 'noStream' }, events }], outbox: [] }
 * const store = new InMemoryCampaignStore()
 * const first = await store.append(request)
 * first._tag === 'Right' && first.right.versions // { 'campaign:c1': { _tag: 'exact', version: 0 } }
 * const again = await store.append(request) // the stream exists now: nothing is written
 * again._tag === 'Left' && again.left.code // 'VersionConflict'
 * @since 0.1.0
 * @category Service and ports
 */
export interface AppendRequest {
  readonly campaignId: CampaignId
  readonly writes: ReadonlyArray<StreamWrite>
  /**
   * A check of every stream of the campaign at once: the append is refused
   * (`VersionConflict` on `log:<campaignId>`) unless the campaign holds
   * exactly this many events, that is, unless no event was appended to any
   * of its streams since it was read at this position. Checked after
   * `writes`. Leave it out to check only the streams in `writes`.
   */
  readonly expectedPosition?: number
  /** Intents to deliver; an intent id already in the outbox is not added again. */
  readonly outbox: ReadonlyArray<NotificationIntent>
  /** The command this append answers; its id must be new for the campaign. */
  readonly command?: CommandRecord
}

/**
 * A successful append: the versions of the written streams, and the
 * campaign's position after it (the number of events in its log).
 * @example
 * import { streamOf, type CampaignId } from 'access-review-core'
 * import { InMemoryCampaignStore, run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const events = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).results.flatMap((r) => (r.ok ? r.events : []))
 * const campaignId = 'c1' as CampaignId
 * const appended = await new InMemoryCampaignStore().append({ campaignId, writes: events.map((e) => ({ stream: streamOf(campaignId, e), expected: { _tag: 'any' }, events: [e] })), outbox: [] })
 * // three events on the campaign stream (versions 0 to 2), one on the packet's
 * appended._tag === 'Right' && appended.right.versions // { 'campaign:c1': { _tag: 'exact', version: 2 }, 'packet:c1:s-bob': { _tag: 'exact', version: 0 } }
 * appended._tag === 'Right' && appended.right.position // 4
 * @since 0.1.0
 * @category Service and ports
 */
export interface Appended {
  readonly versions: Readonly<Record<StreamId, StreamVersion>>
  /** The number of events of the campaign (all streams) after this append. */
  readonly position: number
}

/**
 * A whole campaign: every event of every stream in the order they were
 * appended (the order the fold needs), and each stream's version. This is
 * the full load, for views, exports and migrations; the service loads with
 * `loadTail` (a snapshot plus the events after it).
 * @example
 * import { fold, type CampaignId } from 'access-review-core'
 * import { InMemoryCampaignStore, run, actor, at, aDefinition, anItem } from 'access-review-core/testing'
 * const events = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: actor('rita', 'riskManager'), definition: aDefinition(), items: [anItem('i1', 's-bob')] }]).results.flatMap((r) => (r.ok ? r.events : []))
 * const store = new InMemoryCampaignStore()
 * await store.append({ campaignId: 'c1' as CampaignId, writes: [{ stream: 'campaign:c1', expected: { _tag: 'noStream' }, events }], outbox: [] })
 * const loaded = await store.loadCampaign('c1' as CampaignId)
 * loaded._tag === 'Right' && fold(undefined, loaded.right.events)?.campaign.status // 'draft'
 * loaded._tag === 'Right' && loaded.right.versions // { 'campaign:c1': { _tag: 'exact', version: 0 } }
 * @since 0.1.0
 * @category Service and ports
 */
export interface LoadedCampaign {
  readonly events: ReadonlyArray<CampaignEvent>
  readonly versions: Readonly<Record<StreamId, StreamVersion>>
}

/**
 * A campaign's state with the number of events it is the fold of: `state`
 * is `fold(undefined, log.slice(0, position))`, where `log` is every event of
 * the campaign in append order. Because a log only grows, a snapshot stays
 * true forever; the state is immutable and is kept by reference (an
 * in-memory store never copies it; a database store serialises it).
 * @example
 * import { fold, type CampaignId } from 'access-review-core'
 * import { InMemoryCampaignStore, run, actor, at, aDefinition, anItem } from 'access-review-core/testing'
 * const events = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: actor('rita', 'riskManager'), definition: aDefinition(), items: [anItem('i1', 's-bob')] }]).results.flatMap((r) => (r.ok ? r.events : []))
 * const store = new InMemoryCampaignStore()
 * const c1 = 'c1' as CampaignId
 * await store.append({ campaignId: c1, writes: [{ stream: 'campaign:c1', expected: { _tag: 'noStream' }, events }], outbox: [] })
 * const state = fold(undefined, events)!
 * await store.saveSnapshot(c1, { position: events.length, state })
 * const loaded = await store.loadTail(c1, { streams: [] })
 * loaded._tag === 'Right' && loaded.right.snapshot?.state === state // true
 * @since 0.1.0
 * @category Service and ports
 */
export interface CampaignSnapshot {
  /** How many events of the campaign's log (all streams, in append order) `state` is the fold of; at least 1. */
  readonly position: number
  readonly state: CampaignState
}

/**
 * What `loadTail` is asked: where the caller's state is, if it has one, and
 * the streams whose versions it needs.
 * @example
 * import { InMemoryCampaignStore } from 'access-review-core/testing'
 * const store = new InMemoryCampaignStore()
 * // the service asks for the campaign stream and the packets its command will write
 * const r = await store.loadTail('c1' as never, { since: 0, streams: ['campaign:c1', 'packet:c1:s-bob'] })
 * r._tag === 'Right' && r.right.versions // { 'campaign:c1': { _tag: 'noStream' }, 'packet:c1:s-bob': { _tag: 'noStream' } }
 * @since 0.1.0
 * @category Service and ports
 */
export interface TailRequest {
  /**
   * A position the caller holds the state of (it folded the first `since`
   * events): the answer may then carry only the events after it. Left out,
   * or beyond the campaign's log, the answer starts at the latest snapshot.
   */
  readonly since?: number
  /** Streams whose current versions the caller needs (each one is answered, `noStream` if it has no event). */
  readonly streams: ReadonlyArray<StreamId>
}

/**
 * The answer of `loadTail`: the events of the campaign after position
 * `from`, where `from` is the position of `snapshot` when there is one, else
 * the caller's `since`, else 0; so the state now is
 * `fold(snapshot?.state ?? stateAt(since), events)`, at `position`
 * (`from + events.length`, the campaign's number of events). `versions` are
 * those of the asked streams at that same position (one atomic read).
 * @example
 * import { fold, type CampaignId } from 'access-review-core'
 * import { InMemoryCampaignStore, run, actor, at, aDefinition, anItem } from 'access-review-core/testing'
 * const events = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: actor('rita', 'riskManager'), definition: aDefinition(), items: [anItem('i1', 's-bob')] }]).results.flatMap((r) => (r.ok ? r.events : []))
 * const store = new InMemoryCampaignStore()
 * await store.append({ campaignId: 'c1' as CampaignId, writes: [{ stream: 'campaign:c1', expected: { _tag: 'noStream' }, events }], outbox: [] })
 * const all = await store.loadTail('c1' as CampaignId, { streams: ['campaign:c1'] })
 * all._tag === 'Right' && [all.right.from, all.right.position, all.right.snapshotPosition] // [0, 1, 0]
 * all._tag === 'Right' && fold(undefined, all.right.events)?.campaign.status // 'draft'
 * const none = await store.loadTail('c1' as CampaignId, { since: 1, streams: [] }) // the caller is up to date
 * none._tag === 'Right' && [none.right.from, none.right.events.length] // [1, 0]
 * @since 0.1.0
 * @category Service and ports
 */
export interface LoadedTail {
  /** The state the events follow, when the answer starts at a snapshot (then `from` is its position). */
  readonly snapshot?: CampaignSnapshot
  /** The position the events follow: `snapshot.position`, or the caller's `since`, or 0. */
  readonly from: number
  /** The events of the campaign after `from`, in append order. */
  readonly events: ReadonlyArray<CampaignEvent>
  /** The campaign's number of events: `from + events.length`. */
  readonly position: number
  /** The version of each asked stream at `position`. */
  readonly versions: Readonly<Record<StreamId, StreamVersion>>
  /** The position of the latest snapshot the store keeps (0 for none), returned or not: the caller saves a new one when it is far behind. */
  readonly snapshotPosition: number
}

/**
 * One stream: its events and its version.
 * @example
 * import type { CampaignId } from 'access-review-core'
 * import { InMemoryCampaignStore, subjectId } from 'access-review-core/testing'
 * const loaded = await new InMemoryCampaignStore().loadPacket('c1' as CampaignId, subjectId('s-bob'))
 * // a packet with no event has no stream yet
 * loaded._tag === 'Right' && loaded.right // { stream: 'packet:c1:s-bob', events: [], version: { _tag: 'noStream' } }
 * @since 0.1.0
 * @category Service and ports
 */
export interface LoadedStream {
  readonly stream: StreamId
  readonly events: ReadonlyArray<CampaignEvent>
  readonly version: StreamVersion
}

/**
 * An item waiting for a reviewer ("my tasks").
 * @example
 * import { streamOf, type CampaignId } from 'access-review-core'
 * import { InMemoryCampaignStore, run, actor, at, aDefinition, aDirectory, anItem, userId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const events = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).results.flatMap((r) => (r.ok ? r.events : []))
 * const store = new InMemoryCampaignStore()
 * await store.append({ campaignId: 'c1' as CampaignId, writes: events.map((e) => ({ stream: streamOf('c1' as CampaignId, e), expected: { _tag: 'any' }, events: [e] })), outbox: [] })
 * const tasks = await store.tasksOf(userId('mia'))
 * tasks._tag === 'Right' && tasks.right // [{ campaignId: 'c1', packetId: 's-bob', itemId: 'i1' }]
 * @since 0.1.0
 * @category Service and ports
 */
export interface ReviewerTask {
  readonly campaignId: CampaignId
  readonly packetId: SubjectId
  readonly itemId: ItemId
}

/**
 * A notification intent in the outbox. `claimedUntil` is set while a sender
 * holds the intent (see `claim`).
 * @example
 * import type { CampaignId } from 'access-review-core'
 * import { InMemoryCampaignStore, run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const intents = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).results.flatMap((r) => (r.ok ? r.events : [])).flatMap((e) => (e.type === 'NotificationIssued' ? [e.intent] : []))
 * const store = new InMemoryCampaignStore()
 * await store.append({ campaignId: 'c1' as CampaignId, writes: [], outbox: intents })
 * const entries = await store.undelivered(undefined, at('2025-01-03T09:00:00Z'))
 * entries._tag === 'Right' && entries.right.map((e) => [e.intent.kind, e.intent.recipients, e.delivered, e.attempts]) // [['reviewAssigned', ['mia'], false, 0]]
 * @since 0.1.0
 * @category Service and ports
 */
export interface OutboxEntry {
  readonly campaignId: CampaignId
  readonly intent: NotificationIntent
  readonly delivered: boolean
  /** How many times the entry was claimed for delivery. */
  readonly attempts: number
  readonly claimedUntil?: Instant
}

// -------------------------------------------------------------------------------------
// port
// -------------------------------------------------------------------------------------

/**
 * Stores the events of campaigns with optimistic concurrency, the record of
 * handled commands, and the outbox of notification intents. Every function
 * resolves to an `Either` (D10). Run `campaignStoreContract` from
 * `access-review-core/testing` against an adapter to check it.
 *
 * @example
 * import type { CampaignStore } from 'access-review-core'
 * import { InMemoryCampaignStore } from 'access-review-core/testing'
 * const store: CampaignStore = new InMemoryCampaignStore()
 * @since 0.1.0
 * @category Service and ports
 */
export interface CampaignStore {
  /**
   * The service's load path: the latest snapshot (or the caller's `since`)
   * and the events after it, the campaign's position and the versions of the
   * asked streams, read atomically. It must cost the events after `from`
   * plus the asked streams, not the whole log (an unknown campaign answers
   * position 0, no events, and `noStream` for every asked stream). With a
   * valid `since` the answer starts at `since`, or at a snapshot newer than
   * `since`; without one it starts at the latest snapshot kept, or at 0.
   */
  readonly loadTail: (campaignId: CampaignId, request: TailRequest) => PortResult<StoreUnavailable, LoadedTail>
  /**
   * Keeps a snapshot if it is newer than the one kept and within the log
   * (`0 < position <= ` the campaign's number of events); otherwise keeps
   * the one it has. The caller guarantees that `state` is the fold of the
   * first `position` events.
   */
  readonly saveSnapshot: (campaignId: CampaignId, snapshot: CampaignSnapshot) => PortResult<StoreUnavailable, void>
  /** Every event of the campaign in append order, with every stream's version (no events and no versions for an unknown campaign): the full load, O(log). */
  readonly loadCampaign: (campaignId: CampaignId) => PortResult<StoreUnavailable, LoadedCampaign>
  /** One packet's stream and its version. */
  readonly loadPacket: (campaignId: CampaignId, packetId: SubjectId) => PortResult<StoreUnavailable, LoadedStream>
  /**
   * Appends atomically: checks the command id, every `writes[i].expected`
   * and `expectedPosition`, then writes all events (in request order, after
   * every event already stored), the outbox entries and the command record;
   * or writes nothing. Stored events are never changed afterwards.
   * Each stored event is a link of its stream's hash chain: inside the
   * append, the store calls `chainEvents(tip, events)` (src/ports/chain.ts)
   * with the campaign's position and the heads of the written streams, and
   * the events in request order, and keeps the returned links and tip.
   */
  readonly append: (request: AppendRequest) => PortResult<AppendError, Appended>
  /**
   * Every stored link of the campaign's hash chain, in append order (none
   * for an unknown campaign): the events of `loadCampaign` with their
   * positions, streams, versions and hashes, as `chainEvents` made them;
   * `verifyLog` holds on it. O(log).
   */
  readonly loadChain: (campaignId: CampaignId) => PortResult<StoreUnavailable, ReadonlyArray<ChainLink>>
  /** The record of a handled command, if any. */
  readonly findCommand: (campaignId: CampaignId, commandId: CommandId) => PortResult<StoreUnavailable, CommandRecord | undefined>
  /** The items waiting for `reviewer` now, over every campaign ("my tasks"). */
  readonly tasksOf: (reviewer: UserId) => PortResult<StoreUnavailable, ReadonlyArray<ReviewerTask>>
  /** Undelivered outbox entries (of one campaign, or all) not claimed past `now`, in the order they were stored. */
  readonly undelivered: (campaignId: CampaignId | undefined, now: Instant) => PortResult<StoreUnavailable, ReadonlyArray<OutboxEntry>>
  /**
   * Claims an undelivered entry until `until`: `true` for exactly one of
   * several concurrent callers; `false` if it is delivered or claimed past
   * `now`. A claim that expires (a sender that crashed) can be taken again.
   */
  readonly claim: (intentId: string, now: Instant, until: Instant) => PortResult<StoreUnavailable, boolean>
  /** Gives up a claim after a failed delivery, so the entry is undelivered again. */
  readonly release: (intentId: string) => PortResult<StoreUnavailable, void>
  /** Marks an entry delivered (idempotent; an unknown id is ignored). */
  readonly markDelivered: (intentId: string) => PortResult<StoreUnavailable, void>
}
