/**
 * The service shell (SPEC §11): decode → load (a snapshot or the state it
 * already holds, plus the events after it) → decide → append with expected
 * versions (retrying on a conflict by reloading and deciding again),
 * storing the notification intents in the outbox in the same append. Delivery
 * is a separate step (`dispatch`) that drains the outbox. The only impure
 * module of the library; it reaches the world only through its ports, each
 * call with a deadline, and never throws or rejects: every failure is a typed
 * `Left` (see docs/service-failures.md).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { Actor as ActorCodec, Command as CommandCodec } from '../campaign/command.js'
import type { Actor, Command } from '../campaign/command.js'
import { advance } from '../campaign/advance.js'
import { decide, execute } from '../campaign/decider.js'
import type { CampaignEvent } from '../campaign/event.js'
import { fold, streamOf } from '../campaign/event.js'
import type { NotificationIntent } from '../campaign/notification.js'
import type { CampaignState } from '../campaign/state.js'
import { findItem, packetItems } from '../campaign/state.js'
import { PMap } from '../shared/pmap.js'
import type { Problem } from '../shared/codec.js'
import { decodeWith, isPlainObject } from '../shared/codec.js'
import { DomainError } from '../shared/errors.js'
import type { ValidationFailedError } from '../shared/errors.js'
import type { CampaignId, CommandId, SubjectId } from '../shared/ids.js'
import { CampaignId as CampaignIdCodec, CommandId as CommandIdCodec } from '../shared/ids.js'
import type { Instant } from '../schedule/time.js'
import { Instant as InstantCodec, instantOfMillis } from '../schedule/time.js'
import type { Clock, ClockUnavailable } from '../ports/clock.js'
import type { Fulfiller, FulfillmentUnavailable } from '../ports/fulfiller.js'
import type { DeliveryFailed, Notifier, NotifierUnavailable } from '../ports/notifier.js'
import type { PortFailureReason } from '../ports/result.js'
import type {
  AppendError,
  Appended,
  AppendRequest,
  CampaignStore,
  CommandRecord,
  CommandResult,
  LoadedTail,
  OutboxEntry,
  StoreUnavailable,
  StreamId,
  StreamVersion,
  StreamWrite,
  VersionConflict,
} from '../ports/store.js'
import { configure } from './config.js'
import { askPort, describeThrown, eitherOf, within } from './guard.js'
import { fulfillmentCommandId } from './ids.js'
import type { PlannedAppend } from './streams.js'
import { campaignStream, localReadOf, packetStream, planWrites, witnessOf } from './streams.js'
import { Packets } from '../campaign/packets.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A command as the service takes it: a {@link Command} whose `at` may be left
 * out. Without `at` the service stamps the command with the Clock port's
 * `now`; with one (an ISO-8601 string or epoch milliseconds, when the caller
 * knows when the request was made) it must lie within `maxClockSkewMs` of
 * that `now`, else the command is refused with `ClockSkew` and not recorded.
 * `handle` takes `unknown` and decodes it: this type says what decodes.
 * @example
 * import type { ServiceCommand } from 'access-review-core'
 * import { actor } from 'access-review-core/testing'
 * const c: ServiceCommand = { type: 'abort', actor: actor('rita', 'riskManager') }
 * c.type // 'abort'
 * @since 0.1.0
 * @category Service and ports
 */
export type ServiceCommand = {
  readonly [K in Command['type']]: Omit<Extract<Command, { readonly type: K }>, 'at'> & { readonly at?: Instant | string }
}[Command['type']]

/**
 * The ports the service runs on. Real adapters are wired in one place: the
 * platform's composition root calls {@link makeService} once with them.
 * @example
 * import type { Ports } from 'access-review-core'
 * import { InMemoryCampaignStore, InMemoryNotifier, InMemoryFulfiller, TestClock, at } from 'access-review-core/testing'
 * const ports: Ports = {
 *   store: new InMemoryCampaignStore(),
 *   notifier: new InMemoryNotifier(),
 *   fulfiller: new InMemoryFulfiller(),
 *   clock: new TestClock(at('2000-01-01T00:00:00Z')),
 * }
 * @since 0.1.0
 * @category Service and ports
 */
export interface Ports {
  readonly store: CampaignStore
  readonly notifier: Notifier
  readonly fulfiller: Fulfiller
  readonly clock: Clock
}

/**
 * Tuning of the service. Every option is a whole number within its range
 * (bounds included); a missing option takes its default. `makeService`
 * decodes the options (unknown keys, `NaN`, `Infinity`, fractions and values
 * out of range are refused): see {@link InvalidServiceConfig}.
 *
 * | option | range | default |
 * | --- | --- | --- |
 * | `maxAttempts` | 1 – 100 | 8 |
 * | `claimMinutes` | 1 – 1,440 | 5 |
 * | `portTimeoutMs` | 1 – 300,000, and at most `claimMinutes` × 30,000 | 5,000 |
 * | `maxClockSkewMs` | 0 – 3,600,000 | 300,000 (5 minutes) |
 * | `snapshotEvery` | 1 – 1,000,000 | 1,000 |
 * | `snapshotEventsPerItem` | 0 – 1,000 | 1 |
 * | `cachedCampaigns` | 0 – 100,000 | 16 |
 * @example
 * import type { ServiceOptions } from 'access-review-core'
 * const options: ServiceOptions = { maxAttempts: 10, claimMinutes: 2, portTimeoutMs: 2_000, maxClockSkewMs: 60_000 }
 * options.portTimeoutMs // 2000
 * @since 0.1.0
 * @category Service and ports
 */
export interface ServiceOptions {
  /** Load-decide-append attempts per command before giving up on conflicts (1 to 100, default 8). */
  readonly maxAttempts?: number
  /** How long a sender holds an outbox entry it is delivering, in minutes (1 to 1,440, default 5). */
  readonly claimMinutes?: number
  /**
   * The deadline of every port call, in milliseconds (1 to 300,000, default
   * 5,000), and at most half of `claimMinutes` (a delivery and its
   * acknowledgement end before their claim): up to 150,000 with the default
   * claim of 5 minutes. A 1,000,000-item publish on PostgreSQL needs about a
   * minute (D28).
   */
  readonly portTimeoutMs?: number
  /** How far a command's own `at` may lie from the Clock port's `now`, in milliseconds (0 to 3,600,000, default 300,000). */
  readonly maxClockSkewMs?: number
  /** Save a snapshot when the store's latest one is this many events behind (1 to 1,000,000, default 1,000), and at least `snapshotEventsPerItem` events per item of the campaign. */
  readonly snapshotEvery?: number
  /**
   * Events per item of the campaign that the store's latest snapshot must
   * also be behind before a new one is saved (0 to 1,000, default 1; 0: only
   * `snapshotEvery` counts). A snapshot costs the whole campaign (the state of
   * 100,000 items is 172 MB of JSON for the PostgreSQL store, 1.4 s to encode
   * on a development machine), so with the default a campaign of 100,000
   * items is snapshotted every 100,000 events, not every 1,000: the cost of
   * snapshots per event stays the same at any campaign size, and a service
   * that starts cold folds at most about as many events as the campaign has
   * items after the snapshot it loads. @since 0.2.0
   */
  readonly snapshotEventsPerItem?: number
  /** How many campaigns' latest states the service keeps in memory between commands (0 to 100,000, default 16; 0 keeps none). */
  readonly cachedCampaigns?: number
}

/**
 * The options a service runs with: every {@link ServiceOptions} key, with its
 * default filled in. `service.config` holds them.
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { makeService, type ServiceSettings } from 'access-review-core'
 * import { InMemoryCampaignStore, InMemoryNotifier, InMemoryFulfiller, TestClock, at } from 'access-review-core/testing'
 * const service = makeService({ store: new InMemoryCampaignStore(), notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock: new TestClock(at('2000-01-01T00:00:00Z')) }, { maxAttempts: 3 })
 * const settings: ServiceSettings | undefined = E.isRight(service.config) ? service.config.right : undefined
 * settings // { maxAttempts: 3, claimMinutes: 5, portTimeoutMs: 5000, maxClockSkewMs: 300000, snapshotEvery: 1000, snapshotEventsPerItem: 1, cachedCampaigns: 16 }
 * @since 0.1.0
 * @category Service and ports
 */
export interface ServiceSettings {
  readonly maxAttempts: number
  readonly claimMinutes: number
  readonly portTimeoutMs: number
  readonly maxClockSkewMs: number
  readonly snapshotEvery: number
  readonly snapshotEventsPerItem: number
  readonly cachedCampaigns: number
}

/**
 * The service was built with options that do not decode or ports that lack
 * a function. `makeService` never throws: it returns a service whose
 * `config` is this `Left` and whose every call resolves to it, without
 * calling any port. `problems` lists every problem, at `options.<key>` or
 * `ports.<port>.<function>`.
 * @example
 * import { makeService } from 'access-review-core'
 * import { InMemoryCampaignStore, InMemoryNotifier, InMemoryFulfiller, TestClock, at } from 'access-review-core/testing'
 * const ports = { store: new InMemoryCampaignStore(), notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock: new TestClock(at('2000-01-01T00:00:00Z')) }
 * const service = makeService(ports, { maxAttempts: Number.NaN })
 * service.config._tag === 'Left' && service.config.left.problems // [{ path: 'options.maxAttempts', expected: 'a whole number from 1 to 100' }]
 * const r = await service.tick('c1')
 * r._tag === 'Left' && r.left.code // 'InvalidServiceConfig'
 * @since 0.1.0
 * @category Service and ports
 */
export interface InvalidServiceConfig {
  readonly code: 'InvalidServiceConfig'
  readonly message: string
  readonly problems: ReadonlyArray<Problem>
}

/**
 * A command or a tick whose instant does not fit the clocks it is checked
 * against; nothing was recorded, so the same command id can be sent again
 * (with a corrected `at`, or later):
 * - `aheadOfClock` / `behindClock`: the command's own `at` lies more than
 *   `maxClockSkewMs` after / before the Clock port's `now` (`reference`);
 * - `behindCampaign`: the instant (the command's `at`, or the Clock port's
 *   `now` for a command without one and for a tick) is older than the
 *   campaign's latest event (`reference`): this service's clock is behind the
 *   one that stamped that event.
 * @example
 * import type { ClockSkew } from 'access-review-core'
 * import { at } from 'access-review-core/testing'
 * const e: ClockSkew = { code: 'ClockSkew', message: 'ahead', kind: 'aheadOfClock', at: at('2099-01-01T00:00:00Z'), reference: at('2025-01-01T00:00:00Z') }
 * e.kind // 'aheadOfClock'
 * @since 0.1.0
 * @category Service and ports
 */
export interface ClockSkew {
  readonly code: 'ClockSkew'
  readonly message: string
  readonly kind: 'aheadOfClock' | 'behindClock' | 'behindCampaign'
  /** The instant refused. */
  readonly at: Instant
  /** What it was checked against: the Clock port's `now`, or the campaign's clock. */
  readonly reference: Instant
}

/**
 * Something threw inside the service (a defect of the library, or data from
 * the store the core could not read): the call resolves to this `Left`
 * instead of rejecting. Nothing that followed the throw was done; an append
 * is the last step of a command, so a command that met a defect was not
 * recorded.
 * @example
 * import type { ServiceDefect } from 'access-review-core'
 * const e: ServiceDefect = { code: 'ServiceDefect', message: 'the service failed unexpectedly: boom' }
 * e.code // 'ServiceDefect'
 * @since 0.1.0
 * @category Service and ports
 */
export interface ServiceDefect {
  readonly code: 'ServiceDefect'
  readonly message: string
}

/**
 * Why the service could not handle a call. Nothing is known to be recorded,
 * so sending the same command id again is safe (if an append that missed its
 * deadline was written after all, the retry is answered from its record):
 * - `ValidationFailed`: an argument did not decode (paths `campaignId`,
 *   `commandId`, `command.…`, `actor.…`);
 * - `InvalidServiceConfig`: `makeService` was given bad options or ports;
 * - `VersionConflict`: every attempt met a concurrent write;
 * - `StoreUnavailable` / `ClockUnavailable`: a port failed or missed its
 *   deadline (`reason` says which, when the service decided it);
 * - `ClockSkew`: the command's instant does not fit the clocks;
 * - `ServiceDefect`: something threw inside the service.
 * @example
 * import type { ServiceFailure } from 'access-review-core'
 * const retryLater = (f: ServiceFailure): boolean => ['VersionConflict', 'StoreUnavailable', 'ClockUnavailable', 'ClockSkew'].includes(f.code)
 * retryLater({ code: 'StoreUnavailable', message: 'down' }) // true
 * @since 0.1.0
 * @category Service and ports
 */
export type ServiceFailure =
  | ValidationFailedError
  | InvalidServiceConfig
  | VersionConflict
  | StoreUnavailable
  | ClockUnavailable
  | ClockSkew
  | ServiceDefect

/**
 * A handled command. `first` is false when `result` is the stored result of
 * an earlier delivery of the same command id (nothing was applied again), or
 * when the id was already used for a different command (then `result` is a
 * refusal with `DuplicateCommand` and nothing is recorded).
 * @example
 * import type { Handled } from 'access-review-core'
 * const accepted = (h: Handled): boolean => h.result._tag === 'accepted'
 * @since 0.1.0
 * @category Service and ports
 */
export interface Handled {
  readonly commandId: CommandId
  readonly first: boolean
  readonly result: CommandResult
  /** Load-decide-append attempts made (0 when answered from the record). */
  readonly attempts: number
}

/**
 * The result of a tick: the instant it advanced to and the time events it
 * appended.
 * @example
 * import type { Ticked } from 'access-review-core'
 * const quiet = (t: Ticked): boolean => t.events.length === 0
 * @since 0.1.0
 * @category Service and ports
 */
export interface Ticked {
  readonly at: Instant
  readonly events: ReadonlyArray<CampaignEvent>
  readonly attempts: number
}

/**
 * An intent whose delivery failed in a pass: the notifier said why
 * (`DeliveryFailed`), or did not answer in time, rejected or answered
 * nonsense (`NotifierUnavailable`). It stays in the outbox.
 * @example
 * import type { FailedDelivery } from 'access-review-core'
 * const f: FailedDelivery = { intentId: 'n-1', error: { code: 'DeliveryFailed', message: 'SMTP 451', retryable: true } }
 * f.error.code // 'DeliveryFailed'
 * @since 0.1.0
 * @category Service and ports
 */
export interface FailedDelivery {
  readonly intentId: string
  readonly error: DeliveryFailed | NotifierUnavailable
}

/**
 * What one pass over the outbox did.
 * @example
 * import type { DeliveryReport } from 'access-review-core'
 * const clean = (r: DeliveryReport): boolean => r.failed.length === 0 && r.deferred.length === 0
 * clean({ delivered: ['n-1'], failed: [], deferred: [] }) // true
 * @since 0.1.0
 * @category Service and ports
 */
export interface DeliveryReport {
  /** Intent ids delivered and marked delivered. */
  readonly delivered: ReadonlyArray<string>
  /** Intents whose delivery failed (they stay in the outbox). */
  readonly failed: ReadonlyArray<FailedDelivery>
  /** Intent ids not tried in this pass because the notifier was unavailable (they stay in the outbox). */
  readonly deferred: ReadonlyArray<string>
}

/**
 * What one fulfillment pass did: the results recorded, and the items whose
 * action could not run (tried again on the next pass). `refused` is set when
 * `actor` may not record results (or the campaign refuses them): then no
 * action was run at all.
 * @example
 * import type { FulfillmentReport } from 'access-review-core'
 * const pending = (r: FulfillmentReport): number => r.unavailable.length
 * pending({ recorded: [], unavailable: ['i1'] }) // 1
 * @since 0.1.0
 * @category Service and ports
 */
export interface FulfillmentReport {
  readonly recorded: ReadonlyArray<Handled>
  readonly unavailable: ReadonlyArray<string>
  readonly refused?: DomainError
}

/**
 * The service. Every function takes its arguments as `unknown` and decodes
 * them first (a caller's JSON can be passed as it is), calls each port with a
 * deadline, and resolves to an `Either`: it never throws and never rejects.
 * @example
 * import { makeService } from 'access-review-core'
 * import { InMemoryCampaignStore, InMemoryNotifier, InMemoryFulfiller, TestClock, at, actor, aDefinition, anItem } from 'access-review-core/testing'
 * const notifier = new InMemoryNotifier()
 * const service = makeService({ store: new InMemoryCampaignStore(), notifier, fulfiller: new InMemoryFulfiller(), clock: new TestClock(at('2025-01-02T09:00:00Z')) })
 * const rita = actor('rita', 'riskManager')
 * const definition = aDefinition({ id: 'c1' })
 * await service.handle('c1', 'cmd-1', { type: 'create', actor: rita, definition, items: [anItem('i1', 's-bob')] })
 * const abort = await service.handle('c1', 'cmd-2', { type: 'abort', actor: rita })
 * abort._tag === 'Right' && [abort.right.result._tag, abort.right.first] // ['accepted', true]
 * const again = await service.handle('c1', 'cmd-2', { type: 'abort', actor: rita }) // redelivered
 * again._tag === 'Right' && [again.right.result._tag, again.right.first] // ['accepted', false]
 * const bad = await service.handle('c1', 'cmd-3', { type: 'extend', actor: rita, days: -5, cascade: false })
 * bad._tag === 'Left' && bad.left.code // 'ValidationFailed'
 * notifier.delivered.length // 0
 * const sent = await service.dispatch() // delivery is its own step
 * sent._tag === 'Right' && sent.right.failed // []
 * @since 0.1.0
 * @category Service and ports
 */
export interface Service {
  /** The settings the service runs with, or why it cannot run (then every call resolves to that `Left`). */
  readonly config: E.Either<InvalidServiceConfig, ServiceSettings>
  /**
   * Decodes `campaignId`, `commandId` and `command` (a {@link ServiceCommand}),
   * then handles the command once per `commandId` (per campaign): a repeated
   * id is answered with the first result and applies nothing. Commits the
   * events, the outbox entries and the command record in one append and
   * returns; it delivers nothing (see `dispatch`).
   */
  readonly handle: (campaignId: unknown, commandId: unknown, command: unknown) => Promise<E.Either<ServiceFailure, Handled>>
  /** Advances the campaign to `clock.now()` and appends the time events (reminders go to the outbox). */
  readonly tick: (campaignId: unknown) => Promise<E.Either<ServiceFailure, Ticked>>
  /**
   * Delivers undelivered outbox entries (of one campaign, or all):
   * at-least-once, never twice unless an attempt failed. Each entry is
   * claimed for `claimMinutes` from the clock when it is claimed. A notifier
   * that misses its deadline ends the pass; the rest is `deferred`.
   */
  readonly dispatch: (campaignId?: unknown) => Promise<E.Either<ServiceFailure, DeliveryReport>>
  /**
   * Executes the open `automatic` actions of a completed campaign through the
   * Fulfiller and records each result as a `recordFulfillmentResult` command
   * by `actor` (command id `fulfill:` and a digest of the item id, so a
   * result is recorded once). Runs no action if `actor` could not record it.
   */
  readonly fulfill: (campaignId: unknown, actor: unknown) => Promise<E.Either<ServiceFailure, FulfillmentReport>>
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const canonical = (u: unknown): string => {
  if (Array.isArray(u)) return `[${u.map(canonical).join(',')}]`
  if (u !== null && typeof u === 'object') {
    const keys = Object.keys(u).sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((u as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(u) ?? 'null'
}

/**
 * The fingerprint of a command: its canonical JSON without `at`, so the
 * same command delivered twice (stamped at different instants) matches.
 * @example
 * import { fingerprintOf } from '../../src/service/service.js' // internal
 * fingerprintOf({ type: 'abort', actor: { id: 'rita', roles: [] } } as never) === fingerprintOf({ actor: { roles: [], id: 'rita' }, type: 'abort' } as never) // true
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const fingerprintOf = (command: ServiceCommand | Command): string => {
  const { at: _at, ...rest } = command as ServiceCommand & { at?: unknown }
  return canonical(rest)
}

// How many events the store's latest snapshot must be behind before a new one
// is saved: `snapshotEvery`, and `snapshotEventsPerItem` per item of the
// campaign (the items of its scope: what a snapshot's size follows).
const snapshotGap = (every: number, perItem: number, state: CampaignState): number => Math.max(every, perItem * state.campaign.scope.length)

// Sets `key` as the most recent entry of `map` (a Map keeps insertion order),
// dropping the least recent one when there are more than `max`.
const setRecent = <K, V>(map: Map<K, V>, key: K, value: V, max: number): void => {
  map.delete(key)
  map.set(key, value)
  if (map.size > max) {
    const oldest = map.keys().next()
    if (oldest.done !== true) map.delete(oldest.value)
  }
}

const intentsOf = (events: ReadonlyArray<CampaignEvent>): ReadonlyArray<NotificationIntent> =>
  events.flatMap((e) => (e.type === 'NotificationIssued' ? [e.intent] : []))

/** Puts `arg` in front of each problem's path (`days` → `command.days`, `$` → `command`). */
const under = (arg: string, problems: ReadonlyArray<Problem>): ReadonlyArray<Problem> =>
  problems.map((p) => ({ path: p.path === '$' ? arg : p.path.startsWith('[') ? `${arg}${p.path}` : `${arg}.${p.path}`, expected: p.expected }))

const validationFailed = (problems: ReadonlyArray<Problem>): ValidationFailedError => {
  const e = DomainError.validation(problems)
  return e.code === 'ValidationFailed' ? e : { code: 'ValidationFailed', message: e.message, problems }
}

// Any valid instant: it lets the Command codec decode a command sent without
// `at`; the decoded `at` is replaced before the command is used.
const PLACEHOLDER_AT = 946_684_800_000 // 2000-01-01T00:00:00Z

/**
 * Decodes a command as `handle` takes it: the {@link Command} codec (unknown
 * keys refused), `at` optional. Returns the command (its `at` to be stamped)
 * and the caller's `at`, if any. Never throws (a throwing getter is a problem
 * at `$`).
 * @example
 * import { decodeServiceCommand } from '../../src/service/service.js' // internal
 * decodeServiceCommand({ type: 'extend', actor: { id: 'rita', roles: ['riskManager'] }, days: -5, cascade: false })
 * // Left([{ path: 'days', expected: 'a whole number from 1 to 3650' }])
 * decodeServiceCommand({ type: 'launch' })._tag // 'Left'
 * const ok = decodeServiceCommand({ type: 'abort', actor: { id: 'rita', roles: [] }, at: '2025-01-02T09:00:00Z' })
 * ok._tag === 'Right' && ok.right.at // 1735808400000
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const decodeServiceCommand = (u: unknown): E.Either<ReadonlyArray<Problem>, { readonly command: Command; readonly at: Instant | undefined }> => {
  try {
    if (!isPlainObject(u)) {
      const r = decodeWith(CommandCodec, u)
      return E.left(E.isLeft(r) ? r.left : [{ path: '$', expected: 'a plain object (ServiceCommand)' }])
    }
    const given = Object.hasOwn(u, 'at') ? u['at'] : undefined
    const at = given === undefined ? E.right(undefined) : decodeWith(InstantCodec, given)
    const command = decodeWith(CommandCodec, { ...u, at: PLACEHOLDER_AT })
    if (E.isLeft(at) || E.isLeft(command)) return E.left([...(E.isLeft(at) ? under('at', at.left) : []), ...(E.isLeft(command) ? command.left : [])])
    return E.right({ command: command.right, at: at.right })
  } catch {
    return E.left([{ path: '$', expected: 'a decodable value (ServiceCommand)' }])
  }
}

const problemsOf = <A>(r: E.Either<ReadonlyArray<Problem>, A>): ReadonlyArray<Problem> => (E.isLeft(r) ? r.left : [])

const defect = (error: unknown): ServiceDefect => ({ code: 'ServiceDefect', message: `the service failed unexpectedly: ${describeThrown(error)}` })

/** Runs a service call: a throw anywhere becomes a `ServiceDefect`. */
const guarded = async <A>(body: () => Promise<E.Either<ServiceFailure, A>>): Promise<E.Either<ServiceFailure, A>> => {
  try {
    return await body()
  } catch (error) {
    return E.left(defect(error))
  }
}

const clockSkew = (kind: ClockSkew['kind'], at: Instant, reference: Instant): ClockSkew => ({
  code: 'ClockSkew',
  message:
    kind === 'behindCampaign'
      ? `${at} is older than the campaign's latest event (${reference}): this clock is behind the one that stamped it`
      : `${at} is more than the allowed skew ${kind === 'aheadOfClock' ? 'after' : 'before'} the clock's now (${reference})`,
  kind,
  at,
  reference,
})

// -------------------------------------------------------------------------------------
// port answers (shape only: the store's events are the service's own writes)
// -------------------------------------------------------------------------------------

const shaped =
  <A>(codec: t.Mixed): t.Is<A> =>
  (u): u is A =>
    codec.is(u)

const StoreUnavailableShape = t.type({ code: t.literal('StoreUnavailable'), message: t.string })
const VersionShape = t.union([t.type({ _tag: t.literal('noStream') }), t.type({ _tag: t.literal('exact'), version: t.number })])
const RecordShape = t.type({
  commandId: t.string,
  fingerprint: t.string,
  result: t.union([
    t.type({ _tag: t.literal('accepted'), at: t.number, events: t.UnknownArray }),
    t.type({ _tag: t.literal('refused'), at: t.number, error: t.type({ code: t.string, message: t.string }) }),
  ]),
})
const TailShape = t.intersection([
  t.type({ from: t.number, events: t.UnknownArray, position: t.number, versions: t.record(t.string, VersionShape), snapshotPosition: t.number }),
  t.partial({ snapshot: t.type({ position: t.number, state: t.type({ campaign: t.UnknownRecord }) }) }),
])
const answers = {
  loadTail: shaped<E.Either<StoreUnavailable, LoadedTail>>(eitherOf(StoreUnavailableShape, TailShape)),
  findCommand: shaped<E.Either<StoreUnavailable, CommandRecord | undefined>>(eitherOf(StoreUnavailableShape, t.union([t.undefined, RecordShape]))),
  append: shaped<E.Either<AppendError, Appended>>(
    eitherOf(
      t.union([
        StoreUnavailableShape,
        t.type({ code: t.literal('VersionConflict'), message: t.string, stream: t.string }),
        t.type({ code: t.literal('DuplicateCommand'), message: t.string, commandId: t.string, first: RecordShape }),
      ]),
      t.unknown,
    ),
  ),
  undelivered: shaped<E.Either<StoreUnavailable, ReadonlyArray<OutboxEntry>>>(
    eitherOf(StoreUnavailableShape, t.array(t.type({ campaignId: t.string, intent: t.type({ id: t.string }) }))),
  ),
  claim: shaped<E.Either<StoreUnavailable, boolean>>(eitherOf(StoreUnavailableShape, t.boolean)),
  done: shaped<E.Either<StoreUnavailable, void>>(eitherOf(StoreUnavailableShape, t.unknown)),
  deliver: shaped<E.Either<DeliveryFailed, void>>(
    eitherOf(t.type({ code: t.literal('DeliveryFailed'), message: t.string, retryable: t.boolean }), t.unknown),
  ),
  execute: shaped<E.Either<FulfillmentUnavailable, 'done' | 'failed'>>(
    eitherOf(t.type({ code: t.literal('FulfillmentUnavailable'), message: t.string }), t.keyof({ done: null, failed: null })),
  ),
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Builds the service over its ports. Never throws: the options are decoded
 * and the ports checked here, and if either is wrong the service's `config`
 * is an {@link InvalidServiceConfig} that every call resolves to.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { makeService } from 'access-review-core'
 * import { InMemoryCampaignStore, InMemoryNotifier, InMemoryFulfiller, TestClock, at, actor, aDefinition, anItem } from 'access-review-core/testing'
 * const notifier = new InMemoryNotifier()
 * const service = makeService(
 *   { store: new InMemoryCampaignStore(), notifier, fulfiller: new InMemoryFulfiller(), clock: new TestClock(at('2025-01-02T09:00:00Z')) },
 *   { portTimeoutMs: 2_000 },
 * )
 * E.isRight(service.config) // true
 * const definition = aDefinition()
 * const r = await service.handle(definition.id, 'cmd-1', { type: 'create', actor: actor('rita', 'riskManager'), definition, items: [anItem('i1', 's-bob')] })
 * E.isRight(r) && r.right.result._tag // 'accepted'
 * makeService({ store: new InMemoryCampaignStore(), notifier, fulfiller: new InMemoryFulfiller(), clock: new TestClock(at('2025-01-02T09:00:00Z')) }, { maxAttempts: Infinity }).config._tag // 'Left'
 * @since 0.1.0
 * @category Service and ports
 */
export const makeService = (ports: Ports, options: ServiceOptions = {}): Service => {
  const refusing = (failure: InvalidServiceConfig): Service => {
    const refuse = async (): Promise<E.Either<ServiceFailure, never>> => E.left(failure)
    return { config: E.left(failure), handle: refuse, tick: refuse, dispatch: refuse, fulfill: refuse }
  }
  const config = configure(ports, options)
  if (E.isLeft(config)) return refusing(config.left)
  try {
    // the adapters are read once, here: what was checked is what runs
    return running({ store: ports.store, notifier: ports.notifier, fulfiller: ports.fulfiller, clock: ports.clock }, config.right)
  } catch {
    const problems = [{ path: 'ports', expected: 'ports that can be read' }]
    return refusing({ code: 'InvalidServiceConfig', message: 'the service is not configured: ports: expected ports that can be read', problems })
  }
}

/** What a command read: the state (the fold of the first `position` events), the versions it asked for, and the latest snapshot known. */
interface Loaded {
  readonly state: CampaignState | undefined
  readonly position: number
  readonly versions: Readonly<Record<StreamId, StreamVersion>>
  readonly snapshotAt: number
}

/** The latest exact state the service holds of a campaign (the fold of its first `position` events). */
interface Held {
  readonly position: number
  readonly state: CampaignState
  /** The newest snapshot known to be in the store (or being saved). */
  snapshotAt: number
}

const isPosition = (n: number): boolean => Number.isSafeInteger(n) && n >= 0

const running = (ports: Ports, settings: ServiceSettings): Service => {
  const { store, notifier, fulfiller, clock } = ports
  const { maxAttempts, claimMinutes, portTimeoutMs: ms, maxClockSkewMs, snapshotEvery, snapshotEventsPerItem, cachedCampaigns } = settings

  // ------------------------------------------------------------- port calls

  const storeFailure = (reason: PortFailureReason, message: string): StoreUnavailable => ({ code: 'StoreUnavailable', message, reason })
  const askStore = <L, R>(what: string, invoke: () => unknown, answer: t.Is<E.Either<L, R>>) => askPort(ms, 'the store', what, invoke, answer, storeFailure)

  // The clock answers a plain instant, not an Either.
  const now = async (): Promise<E.Either<ClockUnavailable, Instant>> => {
    const fail = (reason: PortFailureReason, message: string): E.Either<ClockUnavailable, never> => E.left({ code: 'ClockUnavailable', message, reason })
    const outcome = await within(ms, () => clock.now())
    switch (outcome._tag) {
      case 'deadline':
        return fail('deadline', `the clock did not answer now within ${ms} ms`)
      case 'rejected':
        return fail('rejected', `the clock rejected now: ${describeThrown(outcome.error)}`)
      case 'answered':
        return InstantCodec.is(outcome.value) ? E.right(outcome.value) : fail('malformed', 'the clock answered now with something that is not an instant')
    }
  }

  // ------------------------------------------------------------- states held (D12)

  // A log only grows, so the fold of its first n events never changes: the
  // states held here (least recently used dropped first) stay true, and a
  // load asks the store only for the events after the one held.
  const held = new Map<CampaignId, Held>()

  const hold = (campaignId: CampaignId, position: number, state: CampaignState | undefined, snapshotAt: number, replace: boolean): void => {
    const h = held.get(campaignId)
    const snapshot = Math.max(snapshotAt, h?.snapshotAt ?? 0)
    if (h !== undefined && h.position > position && !replace) {
      h.snapshotAt = snapshot
      return
    }
    held.delete(campaignId)
    if (state === undefined || cachedCampaigns === 0) return
    setRecent(held, campaignId, { position, state, snapshotAt: snapshot }, cachedCampaigns)
  }

  // The position of the last snapshot this service tried to save, per
  // campaign, also for a campaign it does not hold (cachedCampaigns: 0, or
  // evicted): a save that fails (one that misses its port deadline, a full
  // disk) is tried again one gap later, not at every command. Bounded: the
  // oldest entry goes first.
  const tried = new Map<CampaignId, number>()
  const MAX_TRIED = 1_024

  /** Loads a campaign: the state held (or the store's snapshot) plus the events after it, and the versions of `streams`. */
  const load = async (campaignId: CampaignId, streams: ReadonlyArray<StreamId>): Promise<E.Either<StoreUnavailable, Loaded>> => {
    const h = held.get(campaignId)
    const answer = await askStore('loadTail', () => store.loadTail(campaignId, h === undefined ? { streams } : { since: h.position, streams }), answers.loadTail)
    if (E.isLeft(answer)) return answer
    const tail = answer.right
    let ok = isPosition(tail.from) && isPosition(tail.position) && isPosition(tail.snapshotPosition) && tail.position === tail.from + tail.events.length
    let base: CampaignState | undefined
    if (tail.snapshot !== undefined) {
      ok = ok && tail.snapshot.position === tail.from && tail.from > 0
      base = tail.snapshot.state
    } else if (tail.from !== 0) {
      ok = ok && h !== undefined && tail.from === h.position
      base = h?.state
    }
    if (!ok) return E.left(storeFailure('malformed', 'the store answered loadTail with events that do not follow the position it named'))
    // Concurrent commands of this service may have folded part of this tail meanwhile:
    // start from the newest state held within it, so each event is folded about once.
    let from = tail.from
    const now = held.get(campaignId)
    if (now !== undefined && now.position > from && now.position <= tail.position && (h === undefined || now.position >= h.position)) {
      base = now.state
      from = now.position
    }
    const events = from === tail.from ? tail.events : tail.events.slice(from - tail.from)
    const state = events.length === 0 ? base : fold(base, events)
    // a store that went back (a log replaced under a running service) replaces what is held
    hold(campaignId, tail.position, state, tail.snapshotPosition, h !== undefined && tail.position < h.position)
    return E.right({ state, position: tail.position, versions: tail.versions, snapshotAt: Math.max(tail.snapshotPosition, h?.snapshotAt ?? 0) })
  }

  /**
   * The streams a command asks the versions of: the campaign stream and,
   * when the state held maps its items to one packet, that packet and the
   * witness it would check if it closed the packet (see `localReadOf`).
   */
  const streamsToRead = (campaignId: CampaignId, command: Command): ReadonlyArray<StreamId> => {
    const campaign = campaignStream(campaignId)
    const state = held.get(campaignId)?.state
    const items = command.type === 'decide' ? command.items : command.type === 'reassign' ? (command.items ?? (command.item === undefined ? [] : [command.item])) : []
    if (state === undefined || items.length === 0) return [campaign]
    let packet: SubjectId | undefined
    for (const i of items) {
      const p = findItem(state, i)?.packet.id
      if (p === undefined || (packet !== undefined && p !== packet)) return [campaign]
      packet = p
    }
    if (packet === undefined) return [campaign]
    // a witness only for a decision that looks like it closes its packet's last pending items
    const decided = new Set<string>(items)
    const found = Packets.get(state.packets, packet)
    const closes = command.type === 'decide' && found !== undefined && packetItems(found).every((i) => i.state._tag !== 'pending' || decided.has(i.spec.id))
    const witness = closes ? witnessOf(state, packet) : undefined
    return [campaign, packetStream(campaignId, packet), ...(witness === undefined ? [] : [packetStream(campaignId, witness)])]
  }

  /**
   * The read point of a packet-local result whose versions were not all
   * asked for (nothing was held before the load, or the witness changed):
   * asks for them now. A version read now is the one at the load's position
   * unless an event was appended to that stream since; then the append
   * checks the whole campaign.
   */
  const readPoint = async (campaignId: CampaignId, commandType: string, after: CampaignState | undefined, events: ReadonlyArray<CampaignEvent>, loaded: Loaded): Promise<E.Either<StoreUnavailable, Loaded>> => {
    const local = localReadOf(campaignId, commandType, after, events)
    const missing = (local === undefined ? [] : [local.stream, ...(local.witness === undefined ? [] : [local.witness])]).filter((s) => !Object.hasOwn(loaded.versions, s))
    if (missing.length === 0) return E.right(loaded)
    const again = await askStore('loadTail', () => store.loadTail(campaignId, { since: loaded.position, streams: missing }), answers.loadTail)
    if (E.isLeft(again)) return again
    const tail = again.right
    if (tail.snapshot !== undefined || tail.from !== loaded.position) return E.right(loaded)
    const versions: Record<StreamId, StreamVersion> = { ...loaded.versions }
    for (const s of missing) {
      const v = Object.hasOwn(tail.versions, s) ? tail.versions[s] : undefined
      if (v !== undefined && tail.events.every((e) => streamOf(campaignId, e) !== s)) versions[s] = v
    }
    return E.right({ ...loaded, versions })
  }

  /**
   * Saves a snapshot when the store's latest one is `snapshotEvery` events or
   * more behind, and `snapshotEventsPerItem` events per item of the campaign
   * (a snapshot costs the whole state: the gap grows with it, so its cost per
   * event does not); a failure only means no snapshot.
   */
  const maybeSnapshot = async (campaignId: CampaignId, position: number, state: CampaignState | undefined, snapshotAt: number): Promise<void> => {
    const h = held.get(campaignId)
    const known = Math.max(snapshotAt, h?.snapshotAt ?? 0, tried.get(campaignId) ?? 0)
    if (state === undefined || position <= 0 || position - known < snapshotGap(snapshotEvery, snapshotEventsPerItem, state)) return
    if (h !== undefined) h.snapshotAt = Math.max(h.snapshotAt, position) // concurrent commands do not save it again
    setRecent(tried, campaignId, position, MAX_TRIED)
    await askStore('saveSnapshot', () => store.saveSnapshot(campaignId, { position, state }), answers.done)
  }

  /** After a successful append: holds the state after it if it is exact (nothing was appended in between), and saves a snapshot when due. */
  const settle = async (campaignId: CampaignId, loaded: Loaded, writes: ReadonlyArray<StreamWrite>, events: ReadonlyArray<CampaignEvent>, after: CampaignState | undefined, appended: Appended): Promise<void> => {
    const position: unknown = (appended as { readonly position?: unknown }).position
    if (events.length > 0 && typeof position === 'number' && isPosition(position)) {
      // the log before these events: what was loaded (nothing came in between), or a
      // state held at exactly that position (what came in between, folded by another command)
      const before = position - events.length
      const h = held.get(campaignId)
      const base = before === loaded.position ? loaded.state : h !== undefined && h.position === before ? h.state : undefined
      if (base !== undefined || before === 0) {
        // the events were stored in the order of the writes
        const stored = writes.flatMap((w) => w.events)
        const exact = before === loaded.position && stored.every((e, i) => e === events[i]) ? after : fold(base, stored)
        hold(campaignId, position, exact, loaded.snapshotAt, false)
        return maybeSnapshot(campaignId, position, exact, loaded.snapshotAt)
      }
    }
    return maybeSnapshot(campaignId, loaded.position, loaded.state, loaded.snapshotAt)
  }

  const appendRequest = (campaignId: CampaignId, plan: PlannedAppend, events: ReadonlyArray<CampaignEvent>, command?: CommandRecord): AppendRequest => ({
    campaignId,
    writes: plan.writes,
    ...(plan.expectedPosition === undefined ? {} : { expectedPosition: plan.expectedPosition }),
    outbox: intentsOf(events),
    ...(command === undefined ? {} : { command }),
  })

  // ------------------------------------------------------------- commands

  const answerRecorded = (commandId: CommandId, fingerprint: string, first: CommandRecord): Handled =>
    first.fingerprint === fingerprint
      ? { commandId, first: false, result: first.result, attempts: 0 }
      : { commandId, first: false, result: { _tag: 'refused', at: first.result.at, error: DomainError.duplicateCommand(commandId) }, attempts: 0 }

  /** One load-decide-append; a version conflict is returned for the caller to retry. */
  const attemptCommand = async (
    campaignId: CampaignId,
    commandId: CommandId,
    input: Command,
    given: Instant | undefined,
    fingerprint: string,
  ): Promise<E.Either<ServiceFailure, Handled>> => {
    const clockNow = await now()
    if (E.isLeft(clockNow)) return clockNow
    if (given !== undefined && given > clockNow.right + maxClockSkewMs) return E.left(clockSkew('aheadOfClock', given, clockNow.right))
    if (given !== undefined && given < clockNow.right - maxClockSkewMs) return E.left(clockSkew('behindClock', given, clockNow.right))
    const at = given ?? clockNow.right
    const command: Command = { ...input, at }
    const loaded = await load(campaignId, streamsToRead(campaignId, command))
    if (E.isLeft(loaded)) return loaded
    const { state } = loaded.right
    // A clock behind the campaign's is not a final answer: refused, not recorded.
    if (state !== undefined && command.type !== 'create' && at < state.campaign.clock) return E.left(clockSkew('behindCampaign', at, state.campaign.clock))
    const executed =
      command.type === 'create' && command.definition.id !== campaignId
        ? E.left(DomainError.validation([{ path: 'definition.id', expected: 'the campaign id the command is sent to' }]))
        : execute(command, state)
    const result: CommandResult = E.isLeft(executed) ? { _tag: 'refused', at, error: executed.left } : { _tag: 'accepted', at, events: executed.right.events }
    const events = E.isLeft(executed) ? [] : executed.right.events
    const after: CampaignState | undefined = E.isLeft(executed) ? state : executed.right.state
    let plan: PlannedAppend = { writes: [] }
    if (events.length > 0) {
      const read = await readPoint(campaignId, command.type, after, events, loaded.right)
      if (E.isLeft(read)) return read
      plan = planWrites(campaignId, command.type, after, events, read.right)
    }
    const appended = await askStore('append', () => store.append(appendRequest(campaignId, plan, events, { commandId, fingerprint, result })), answers.append)
    if (E.isLeft(appended)) {
      const e = appended.left
      return e.code === 'DuplicateCommand' ? E.right(answerRecorded(commandId, fingerprint, e.first)) : E.left(e)
    }
    await settle(campaignId, loaded.right, plan.writes, events, after, appended.right)
    return E.right({ commandId, first: true, result, attempts: 0 })
  }

  /** Handles a decoded command: answered from the record, or load-decide-append with retries on conflicts. */
  const handleDecoded = async (campaignId: CampaignId, commandId: CommandId, command: Command, given: Instant | undefined): Promise<E.Either<ServiceFailure, Handled>> => {
    const fingerprint = fingerprintOf(command)
    let failure: ServiceFailure = { code: 'ServiceDefect', message: 'no attempt was made' }
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const found = await askStore('findCommand', () => store.findCommand(campaignId, commandId), answers.findCommand)
      if (E.isLeft(found)) return found
      if (found.right !== undefined) return E.right(answerRecorded(commandId, fingerprint, found.right))
      const r = await attemptCommand(campaignId, commandId, command, given, fingerprint)
      if (E.isRight(r)) return E.right({ ...r.right, attempts: r.right.first ? attempt : 0 })
      if (r.left.code !== 'VersionConflict') return r
      failure = r.left
    }
    return E.left(failure)
  }

  const handle: Service['handle'] = (campaignIdU, commandIdU, commandU) =>
    guarded(async () => {
      const campaignId = decodeWith(CampaignIdCodec, campaignIdU)
      const commandId = decodeWith(CommandIdCodec, commandIdU)
      const command = decodeServiceCommand(commandU)
      if (E.isLeft(campaignId) || E.isLeft(commandId) || E.isLeft(command)) {
        return E.left(validationFailed([...under('campaignId', problemsOf(campaignId)), ...under('commandId', problemsOf(commandId)), ...under('command', problemsOf(command))]))
      }
      return handleDecoded(campaignId.right, commandId.right, command.right.command, command.right.at)
    })

  // ------------------------------------------------------------- time

  const tick: Service['tick'] = (campaignIdU) =>
    guarded(async () => {
      const decoded = decodeWith(CampaignIdCodec, campaignIdU)
      if (E.isLeft(decoded)) return E.left(validationFailed(under('campaignId', decoded.left)))
      const campaignId = decoded.right
      let failure: ServiceFailure = { code: 'ServiceDefect', message: 'no attempt was made' }
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const at = await now()
        if (E.isLeft(at)) return at
        const loaded = await load(campaignId, [])
        if (E.isLeft(loaded)) return loaded
        const { state } = loaded.right
        if (state === undefined) return E.right({ at: at.right, events: [], attempts: attempt })
        if (at.right < state.campaign.clock) return E.left(clockSkew('behindCampaign', at.right, state.campaign.clock))
        const { state: after, events } = advance(state, at.right)
        if (events.length === 0) {
          await maybeSnapshot(campaignId, loaded.right.position, state, loaded.right.snapshotAt)
          return E.right({ at: at.right, events, attempts: attempt })
        }
        const plan = planWrites(campaignId, 'tick', after, events, loaded.right)
        const appended = await askStore('append', () => store.append(appendRequest(campaignId, plan, events)), answers.append)
        if (E.isRight(appended)) {
          await settle(campaignId, loaded.right, plan.writes, events, after, appended.right)
          return E.right({ at: at.right, events, attempts: attempt })
        }
        if (appended.left.code === 'DuplicateCommand') return E.left(storeFailure('malformed', 'the store answered an append without a command id with DuplicateCommand'))
        if (appended.left.code !== 'VersionConflict') return E.left(appended.left)
        failure = appended.left
      }
      return E.left(failure)
    })

  // ------------------------------------------------------------- delivery

  const dispatch: Service['dispatch'] = (campaignIdU) =>
    guarded(async () => {
      let campaignId: CampaignId | undefined
      if (campaignIdU !== undefined) {
        const decoded = decodeWith(CampaignIdCodec, campaignIdU)
        if (E.isLeft(decoded)) return E.left(validationFailed(under('campaignId', decoded.left)))
        campaignId = decoded.right
      }
      const at = await now()
      if (E.isLeft(at)) return at
      const pending = await askStore('undelivered', () => store.undelivered(campaignId, at.right), answers.undelivered)
      if (E.isLeft(pending)) return pending
      const delivered: string[] = []
      const failed: FailedDelivery[] = []
      const deferred: string[] = []
      let notifierDown = false
      for (const entry of pending.right) {
        const id = entry.intent.id
        if (notifierDown) {
          deferred.push(id)
          continue
        }
        // each claim is timed from the clock when it is made, not when the pass
        // began: a pass longer than claimMinutes would otherwise claim its last
        // intents for less than claimMinutes, or for none at all, and a second
        // dispatcher could take one while this pass delivers it
        const claimAt = await now()
        if (E.isLeft(claimAt)) return claimAt
        const until = instantOfMillis(claimAt.right + claimMinutes * 60_000) ?? claimAt.right
        const claimed = await askStore('claim', () => store.claim(id, claimAt.right, until), answers.claim)
        if (E.isLeft(claimed)) return claimed
        if (!claimed.right) continue
        const sent = await askPort(ms, 'the notifier', 'deliver', () => notifier.deliver(entry.intent), answers.deliver, (reason, message): NotifierUnavailable => ({
          code: 'NotifierUnavailable',
          message,
          reason,
        }))
        const after = E.isRight(sent)
          ? await askStore('markDelivered', () => store.markDelivered(id), answers.done)
          : await askStore('release', () => store.release(id), answers.done)
        if (E.isLeft(after)) return after
        if (E.isRight(sent)) delivered.push(id)
        else {
          failed.push({ intentId: id, error: sent.left })
          if (sent.left.code === 'NotifierUnavailable') notifierDown = true
        }
      }
      return E.right({ delivered, failed, deferred })
    })

  // ------------------------------------------------------------- fulfillment

  const fulfill: Service['fulfill'] = (campaignIdU, actorU) =>
    guarded(async () => {
      const decodedId = decodeWith(CampaignIdCodec, campaignIdU)
      const decodedActor = decodeWith(ActorCodec, actorU)
      if (E.isLeft(decodedId) || E.isLeft(decodedActor)) return E.left(validationFailed([...under('campaignId', problemsOf(decodedId)), ...under('actor', problemsOf(decodedActor))]))
      const campaignId = decodedId.right
      const actor: Actor = decodedActor.right
      const loaded = await load(campaignId, [])
      if (E.isLeft(loaded)) return loaded
      const state = loaded.right.state
      const campaign = state?.campaign
      const open = (campaign?.completion?.plan ?? []).filter((a) => a.option === 'automatic' && campaign !== undefined && PMap.get(campaign.results.byItem, a.itemId) === undefined)
      const first = open[0]
      if (state === undefined || first === undefined) return E.right({ recorded: [], unavailable: [] })
      // Before any connector runs: would a result be recorded (actor's role, clocks)?
      const at = await now()
      if (E.isLeft(at)) return at
      if (at.right < state.campaign.clock) return E.left(clockSkew('behindCampaign', at.right, state.campaign.clock))
      const trial = decide({ type: 'recordFulfillmentResult', at: at.right, actor, item: first.itemId, result: 'done' }, state)
      if (E.isLeft(trial)) return E.right({ recorded: [], unavailable: [], refused: trial.left })
      const recorded: Handled[] = []
      const unavailable: string[] = []
      for (const action of open) {
        // every id the result needs is made before the connector runs
        const commandId = fulfillmentCommandId(action.itemId)
        if (commandId === undefined) return E.left(defect(new Error(`no command id for item ${action.itemId}`)))
        const outcome = await askPort(ms, 'the fulfiller', 'execute', () => fulfiller.execute(action), answers.execute, (reason, message): FulfillmentUnavailable => ({
          code: 'FulfillmentUnavailable',
          message,
          reason,
        }))
        if (E.isLeft(outcome)) {
          unavailable.push(action.itemId)
          continue
        }
        const h = await handleDecoded(campaignId, commandId, { type: 'recordFulfillmentResult', at: at.right, actor, item: action.itemId, result: outcome.right }, undefined)
        if (E.isLeft(h)) return h
        recorded.push(h.right)
      }
      return E.right({ recorded, unavailable })
    })

  return { config: E.right(settings), handle, tick, dispatch, fulfill }
}
