/**
 * The service shell (SPEC §11): load → decide → append with expected
 * versions (retrying on a conflict by reloading and deciding again) → store
 * the notification intents in the outbox in the same append → deliver →
 * mark delivered. The only impure module of the library; it reaches the
 * world only through its ports.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { advance } from '../campaign/advance.js'
import type { Actor, Command } from '../campaign/command.js'
import { decide } from '../campaign/decider.js'
import type { CampaignEvent } from '../campaign/event.js'
import { fold } from '../campaign/event.js'
import type { NotificationIntent } from '../campaign/notification.js'
import type { CampaignState } from '../campaign/state.js'
import { DomainError } from '../shared/errors.js'
import type { CampaignId, CommandId } from '../shared/ids.js'
import { CommandId as CommandIdCodec } from '../shared/ids.js'
import type { Instant } from '../schedule/time.js'
import { instantOfMillis } from '../schedule/time.js'
import type { Clock } from '../ports/clock.js'
import type { Fulfiller } from '../ports/fulfiller.js'
import type { Notifier } from '../ports/notifier.js'
import type { AppendError, CampaignStore, CommandRecord, CommandResult, StoreUnavailable, VersionConflict } from '../ports/store.js'
import { planWrites } from './streams.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A command as the service takes it: the service stamps `at` with the Clock
 * port (an `at` present on the value is replaced).
 * @example
 * import type { ServiceCommand } from 'access-review-core'
 * import { actor } from 'access-review-core/testing'
 * const c: ServiceCommand = { type: 'abort', actor: actor('rita', 'riskManager') }
 * @since 0.1.0
 * @category Service and ports
 */
export type ServiceCommand = { readonly [K in Command['type']]: Omit<Extract<Command, { readonly type: K }>, 'at'> }[Command['type']]

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
 * Tuning of the service.
 * @example
 * import type { ServiceOptions } from 'access-review-core'
 * const options: ServiceOptions = { maxAttempts: 10, claimMinutes: 2 }
 * @since 0.1.0
 * @category Service and ports
 */
export interface ServiceOptions {
  /** Load-decide-append attempts per command before giving up on conflicts (default 8). */
  readonly maxAttempts?: number
  /** How long a sender holds an outbox entry it is delivering (default 5 minutes). */
  readonly claimMinutes?: number
}

/**
 * Why the service could not handle a command or a tick: the store was
 * unavailable, or every attempt met a version conflict. Nothing was recorded,
 * so sending the same command id again is safe.
 * @example
 * import type { ServiceFailure } from 'access-review-core'
 * const retryLater = (f: ServiceFailure): boolean => f.code === 'VersionConflict'
 * @since 0.1.0
 * @category Service and ports
 */
export type ServiceFailure = VersionConflict | StoreUnavailable

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
 * What one pass over the outbox did.
 * @example
 * import type { DeliveryReport } from 'access-review-core'
 * const clean = (r: DeliveryReport): boolean => r.failed.length === 0
 * @since 0.1.0
 * @category Service and ports
 */
export interface DeliveryReport {
  /** Intent ids delivered and marked delivered. */
  readonly delivered: ReadonlyArray<string>
  /** Intent ids whose delivery failed (they stay in the outbox). */
  readonly failed: ReadonlyArray<string>
}

/**
 * What one fulfillment pass did: the results recorded, and the items whose
 * action could not run (tried again on the next pass).
 * @example
 * import type { FulfillmentReport } from 'access-review-core'
 * const pending = (r: FulfillmentReport): number => r.unavailable.length
 * @since 0.1.0
 * @category Service and ports
 */
export interface FulfillmentReport {
  readonly recorded: ReadonlyArray<Handled>
  readonly unavailable: ReadonlyArray<string>
}

/**
 * The service.
 * @example
 * import { makeService, type CampaignId, type CommandId, type Service } from 'access-review-core'
 * import { InMemoryCampaignStore, InMemoryNotifier, InMemoryFulfiller, TestClock, at, actor, aDefinition, anItem } from 'access-review-core/testing'
 * const service: Service = makeService({ store: new InMemoryCampaignStore(), notifier: new InMemoryNotifier(), fulfiller: new InMemoryFulfiller(), clock: new TestClock(at('2025-01-02T09:00:00Z')) })
 * const rita = actor('rita', 'riskManager')
 * await service.handle('c1' as CampaignId, 'cmd-1' as CommandId, { type: 'create', actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob')] })
 * const abort = await service.handle('c1' as CampaignId, 'cmd-2' as CommandId, { type: 'abort', actor: rita })
 * abort._tag === 'Right' && [abort.right.result._tag, abort.right.first] // ['accepted', true]
 * const again = await service.handle('c1' as CampaignId, 'cmd-2' as CommandId, { type: 'abort', actor: rita }) // redelivered
 * again._tag === 'Right' && [again.right.result._tag, again.right.first] // ['accepted', false]
 * @since 0.1.0
 * @category Service and ports
 */
export interface Service {
  /**
   * Handles a command once per `commandId` (per campaign): a repeated id is
   * answered with the first result and applies nothing. Then delivers the
   * campaign's pending outbox.
   */
  readonly handle: (campaignId: CampaignId, commandId: CommandId, command: ServiceCommand) => Promise<E.Either<ServiceFailure, Handled>>
  /** Advances the campaign to `clock.now()` and appends the time events; then delivers the outbox. */
  readonly tick: (campaignId: CampaignId) => Promise<E.Either<ServiceFailure, Ticked>>
  /** Delivers undelivered outbox entries (of one campaign, or all): at-least-once, never twice unless an attempt failed. */
  readonly deliver: (campaignId?: CampaignId) => Promise<E.Either<StoreUnavailable, DeliveryReport>>
  /**
   * Executes the open `automatic` actions of a completed campaign through the
   * Fulfiller and records each result as a `recordFulfillmentResult` command
   * by `actor` (command id `fulfill:<itemId>`, so a result is recorded once).
   */
  readonly fulfill: (campaignId: CampaignId, actor: Actor) => Promise<E.Either<ServiceFailure, FulfillmentReport>>
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
export const fingerprintOf = (command: ServiceCommand): string => {
  const { at: _at, ...rest } = command as ServiceCommand & { at?: unknown }
  return canonical(rest)
}

const intentsOf = (events: ReadonlyArray<CampaignEvent>): ReadonlyArray<NotificationIntent> =>
  events.flatMap((e) => (e.type === 'NotificationIssued' ? [e.intent] : []))

const fulfillId = (itemId: string): CommandId => {
  const r = CommandIdCodec.decode(`fulfill:${itemId}`)
  if (E.isLeft(r)) throw new TypeError('access-review-core: an item id too long for a command id')
  return r.right
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Builds the service over its ports.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { makeService, CommandId } from 'access-review-core'
 * import { InMemoryCampaignStore, InMemoryNotifier, InMemoryFulfiller, TestClock, at, actor, aDefinition, anItem } from 'access-review-core/testing'
 * const service = makeService({
 *   store: new InMemoryCampaignStore(),
 *   notifier: new InMemoryNotifier(),
 *   fulfiller: new InMemoryFulfiller(),
 *   clock: new TestClock(at('2025-01-02T09:00:00Z')),
 * })
 * const definition = aDefinition()
 * const r = await service.handle(definition.id, 'cmd-1' as CommandId, { type: 'create', actor: actor('rita', 'riskManager'), definition, items: [anItem('i1', 's-bob')] })
 * E.isRight(r) && r.right.result._tag // 'accepted'
 * @since 0.1.0
 * @category Service and ports
 */
export const makeService = (ports: Ports, options: ServiceOptions = {}): Service => {
  const { store, notifier, fulfiller, clock } = ports
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8)
  const claimMinutes = options.claimMinutes ?? 5

  const deliver = async (campaignId?: CampaignId): Promise<E.Either<StoreUnavailable, DeliveryReport>> => {
    const now = await clock.now()
    const pending = await store.undelivered(campaignId, now)
    if (E.isLeft(pending)) return pending
    const delivered: string[] = []
    const failed: string[] = []
    for (const entry of pending.right) {
      const id = entry.intent.id
      const claimed = await store.claim(id, now, instantOfMillis(now + claimMinutes * 60_000) ?? now)
      if (E.isLeft(claimed)) return claimed
      if (!claimed.right) continue
      let sent: E.Either<unknown, void>
      try {
        sent = await notifier.deliver(entry.intent)
      } catch (e) {
        sent = E.left(e)
      }
      const after = E.isRight(sent) ? await store.markDelivered(id) : await store.release(id)
      if (E.isLeft(after)) return after
      ;(E.isRight(sent) ? delivered : failed).push(id)
    }
    return E.right({ delivered, failed })
  }

  const load = async (campaignId: CampaignId) => {
    const loaded = await store.loadCampaign(campaignId)
    return E.isLeft(loaded) ? loaded : E.right({ ...loaded.right, state: fold(undefined, loaded.right.events) })
  }

  const answerRecorded = (commandId: CommandId, fingerprint: string, first: CommandRecord): Handled =>
    first.fingerprint === fingerprint
      ? { commandId, first: false, result: first.result, attempts: 0 }
      : { commandId, first: false, result: { _tag: 'refused', at: first.result.at, error: DomainError.duplicateCommand(commandId) }, attempts: 0 }

  const attemptCommand = async (
    campaignId: CampaignId,
    commandId: CommandId,
    input: ServiceCommand,
    fingerprint: string,
  ): Promise<E.Either<AppendError, Handled>> => {
    const at = await clock.now()
    const command = { ...input, at } as Command
    const loaded = await load(campaignId)
    if (E.isLeft(loaded)) return loaded
    const { state, versions } = loaded.right
    const decided =
      command.type === 'create' && command.definition.id !== campaignId
        ? E.left(DomainError.validation([{ path: 'definition.id', expected: 'the campaign id the command is sent to' }]))
        : decide(command, state)
    const result: CommandResult = E.isLeft(decided) ? { _tag: 'refused', at, error: decided.left } : { _tag: 'accepted', at, events: decided.right }
    const events = E.isLeft(decided) ? [] : decided.right
    const after: CampaignState | undefined = events.length === 0 ? state : fold(state, events)
    const appended = await store.append({
      campaignId,
      writes: events.length === 0 ? [] : planWrites(campaignId, command.type, after, events, versions),
      outbox: intentsOf(events),
      command: { commandId, fingerprint, result },
    })
    if (E.isLeft(appended)) return appended.left.code === 'DuplicateCommand' ? E.right(answerRecorded(commandId, fingerprint, appended.left.first)) : appended
    return E.right({ commandId, first: true, result, attempts: 0 })
  }

  const handle: Service['handle'] = async (campaignId, commandId, input) => {
    const fingerprint = fingerprintOf(input)
    let conflict: VersionConflict | undefined
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const found = await store.findCommand(campaignId, commandId)
      if (E.isLeft(found)) return found
      if (found.right !== undefined) return E.right(answerRecorded(commandId, fingerprint, found.right))
      const r = await attemptCommand(campaignId, commandId, input, fingerprint)
      if (E.isRight(r)) {
        if (r.right.first && r.right.result._tag === 'accepted' && intentsOf(r.right.result.events).length > 0) await deliver(campaignId)
        return E.right({ ...r.right, attempts: r.right.first ? attempt : 0 })
      }
      if (r.left.code !== 'VersionConflict') return E.left(r.left as StoreUnavailable)
      conflict = r.left
    }
    return E.left(conflict as VersionConflict)
  }

  const tick: Service['tick'] = async (campaignId) => {
    let conflict: VersionConflict | undefined
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const at = await clock.now()
      const loaded = await load(campaignId)
      if (E.isLeft(loaded)) return loaded
      const { state, versions } = loaded.right
      if (state === undefined || at < state.campaign.clock) return E.right({ at, events: [], attempts: attempt })
      const { state: after, events } = advance(state, at)
      if (events.length === 0) return E.right({ at, events, attempts: attempt })
      const appended = await store.append({ campaignId, writes: planWrites(campaignId, 'tick', after, events, versions), outbox: intentsOf(events) })
      if (E.isRight(appended)) {
        if (intentsOf(events).length > 0) await deliver(campaignId)
        return E.right({ at, events, attempts: attempt })
      }
      if (appended.left.code !== 'VersionConflict') return E.left(appended.left as StoreUnavailable)
      conflict = appended.left
    }
    return E.left(conflict as VersionConflict)
  }

  const fulfill: Service['fulfill'] = async (campaignId, actor) => {
    const loaded = await load(campaignId)
    if (E.isLeft(loaded)) return loaded
    const campaign = loaded.right.state?.campaign
    const plan = campaign?.completion?.plan ?? []
    const recorded: Handled[] = []
    const unavailable: string[] = []
    for (const action of plan) {
      if (action.option !== 'automatic' || campaign === undefined || Object.hasOwn(campaign.results, action.itemId)) continue
      let outcome: E.Either<unknown, 'done' | 'failed'>
      try {
        outcome = await fulfiller.execute(action)
      } catch (e) {
        outcome = E.left(e)
      }
      if (E.isLeft(outcome)) {
        unavailable.push(action.itemId)
        continue
      }
      const h = await handle(campaignId, fulfillId(action.itemId), { type: 'recordFulfillmentResult', actor, item: action.itemId, result: outcome.right })
      if (E.isLeft(h)) return h
      recorded.push(h.right)
    }
    return E.right({ recorded, unavailable })
  }

  return { handle, tick, deliver, fulfill }
}
