/**
 * Commands: what actors ask of a campaign. Each carries the instant it
 * happens (`at`) and the actor (`actor`: id and roles, as the platform
 * authenticated them).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import type * as E from 'fp-ts/lib/Either.js'
import type { Problem } from '../shared/codec.js'
import { arrayOf, decodeWith, named, oneOf, strict, taggedUnion, Text, WholeNumber } from '../shared/codec.js'
import type { Codec, JsonOf } from '../shared/codec.js'
import { ApplicationId, ItemId, SubjectId, UserId } from '../shared/ids.js'
import { Answers, Verdict } from '../review/attestation.js'
import { Directory, Role } from '../review/directory.js'
import { Instant } from '../schedule/time.js'
import { AccessOutcome, CampaignDefinition, Scope } from './definition.js'
import type { FulfillmentOption } from './state.js'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * The actor of a command: who sends it, with the roles your platform
 * authenticated (not the directory's).
 * @example
 * import { Actor } from 'access-review-core'
 * Actor.is({ id: 'rita', roles: ['riskManager'] }) // true
 * @since 0.1.0
 * @category Commands
 */
export const Actor: Codec<Actor> = named<Actor>()(strict('Actor', { id: UserId, roles: arrayOf(Role) }))
/** @since 0.1.0 @category Commands */
export interface Actor {
  readonly id: UserId
  readonly roles: ReadonlyArray<Role>
}

const base = { at: Instant, actor: Actor }

/**
 * The progress views a manual reminder can target.
 * @example
 * import { ProgressView } from 'access-review-core'
 * ProgressView.is('reviewer') // true
 * @since 0.1.0
 * @category Commands
 */
export const ProgressView: Codec<ProgressView> = named<ProgressView>()(oneOf(['integration', 'reviewer', 'resource']))
/** @since 0.1.0 @category Commands */
export type ProgressView = 'integration' | 'reviewer' | 'resource'

/**
 * The fields every command carries: when it happens and who sends it.
 * @example
 * import type { CommandBase } from 'access-review-core'
 * const keys: ReadonlyArray<keyof CommandBase> = ['at', 'actor']
 * keys.length // 2
 * @since 0.1.0
 * @category Commands
 */
export interface CommandBase {
  /** The instant the command happens; time advances to it first. */
  readonly at: Instant
  readonly actor: Actor
}

/** Creates a draft campaign from a definition and its items. @since 0.1.0 @category Commands */
export interface CreateCommand extends CommandBase {
  readonly type: 'create'
  readonly definition: CampaignDefinition
  readonly items: Scope
}
/** Replaces the definition and/or the items of a draft. @since 0.1.0 @category Commands */
export interface EditCommand extends CommandBase {
  readonly type: 'edit'
  readonly definition?: CampaignDefinition
  readonly items?: Scope
}
/** Publishes a draft: resolves reviewers against `directory` and starts the windows. @since 0.1.0 @category Commands */
export interface PublishCommand extends CommandBase {
  readonly type: 'publish'
  readonly directory: Directory
}
/** Approves or revokes items (1 to 10,000, all or nothing), with an optional comment and attestation answers. @since 0.1.0 @category Commands */
export interface DecideCommand extends CommandBase {
  readonly type: 'decide'
  readonly items: ReadonlyArray<ItemId>
  readonly decision: Verdict
  readonly comment?: string
  readonly answers?: Answers
}
/**
 * Moves the active tier of items to another user: one `item`, or many
 * `items` (all or nothing). A risk manager or administrator replaces the
 * tier; the active reviewer of every listed item may forward their own work
 * (they alone are replaced in the tier), with a `comment` (required).
 * @since 0.1.0
 * @category Commands
 */
export interface ReassignCommand extends CommandBase {
  readonly type: 'reassign'
  readonly item?: ItemId
  /** Many items at once (1 to 10,000). @since 0.2.0 */
  readonly items?: ReadonlyArray<ItemId>
  readonly to: UserId
  /** Why a reviewer forwards (required from a reviewer). @since 0.2.0 */
  readonly comment?: string
}
/**
 * A reviewer hands their pending items of the campaign (all, or the listed
 * `items`) to another user, who decides on their behalf; the same rules as
 * a reassignment apply (not the subject, an active user, not a reviewer of
 * another level of the item).
 * @since 0.2.0
 * @category Commands
 */
export interface DelegateCommand extends CommandBase {
  readonly type: 'delegate'
  readonly to: UserId
  readonly items?: ReadonlyArray<ItemId>
}
const InfoRole = oneOf(['subject', 'owner'])
const InfoUser = named<InfoUser>()(strict('InfoUser', { user: UserId }))

/**
 * Whom a request for more information asks: the subject's own user, the
 * campaign owners, or one named user.
 * @example
 * import { InfoSource } from 'access-review-core'
 * InfoSource.is('subject') // true
 * InfoSource.is({ user: 'olga' }) // true
 * @since 0.2.0
 * @category Commands
 */
export const InfoSource: Codec<InfoSource> = named<InfoSource>()(new t.Type<InfoSource, JsonOf<InfoSource>, unknown>(
  'InfoSource',
  (u): u is InfoSource => InfoRole.is(u) || InfoUser.is(u),
  (u, c) => (typeof u === 'string' ? InfoRole.validate(u, c) : InfoUser.validate(u, c)),
  (a) => (typeof a === 'string' ? a : InfoUser.encode(a)),
))
/** @since 0.2.0 @category Commands */
export type InfoSource = 'subject' | 'owner' | InfoUser
/** One named user asked for more information. @since 0.2.0 @category Commands */
export interface InfoUser {
  readonly user: UserId
}
/**
 * A reviewer asks for more information on pending items they review; the
 * items stay pending and the clock keeps running.
 * @since 0.2.0
 * @category Commands
 */
export interface RequestInfoCommand extends CommandBase {
  readonly type: 'requestInfo'
  readonly items: ReadonlyArray<ItemId>
  readonly from: InfoSource
  readonly question: string
}
/** The user asked answers a request for more information on items. @since 0.2.0 @category Commands */
export interface ProvideInfoCommand extends CommandBase {
  readonly type: 'provideInfo'
  readonly items: ReadonlyArray<ItemId>
  readonly answer: string
}
/**
 * Completes a `completeOn: 'submit'` level for one packet (a subject's items):
 * sent by a reviewer of that level once none of the packet's items is
 * pending at it. Decisions of the level can no longer be revised.
 * @since 0.2.0
 * @category Commands
 */
export interface SubmitCommand extends CommandBase {
  readonly type: 'submit'
  /** The packet: the subject whose items the reviewer decided. */
  readonly packetId: SubjectId
  readonly level: number
}
/** Extends the campaign by `days` (1 to 3,650), cascading to later windows or not. @since 0.1.0 @category Commands */
export interface ExtendCommand extends CommandBase {
  readonly type: 'extend'
  readonly days: number
  readonly cascade: boolean
}
/** Sends a manual reminder to the reviewers of one row (`key`) of a progress view. @since 0.1.0 @category Commands */
export interface RemindCommand extends CommandBase {
  readonly type: 'remind'
  readonly view: ProgressView
  readonly key: string
}
/** Completes the campaign; `outstanding` says what to do with items not yet final. @since 0.1.0 @category Commands */
export interface CompleteCommand extends CommandBase {
  readonly type: 'complete'
  readonly outstanding?: AccessOutcome
}
/** Aborts the campaign: nothing is fulfilled. @since 0.1.0 @category Commands */
export interface AbortCommand extends CommandBase {
  readonly type: 'abort'
}
/** Sets the fulfillment option of an application integration (administrators only). @since 0.1.0 @category Commands */
export interface SetFulfillmentCommand extends CommandBase {
  readonly type: 'setFulfillment'
  readonly application: ApplicationId
  readonly option: FulfillmentOption
}
/** Records the result of one fulfillment action. @since 0.1.0 @category Commands */
export interface RecordFulfillmentResultCommand extends CommandBase {
  readonly type: 'recordFulfillmentResult'
  readonly item: ItemId
  readonly result: 'done' | 'failed'
}

/**
 * Every command, discriminated by `type`.
 * @example
 * import { Command, decodeWith } from 'access-review-core'
 * decodeWith(Command, { type: 'abort', at: '2025-10-10T09:00:00Z', actor: { id: 'rita', roles: ['riskManager'] } })._tag // 'Right'
 * @since 0.1.0
 * @category Commands
 */
export const Command: Codec<Command> = named<Command>()(taggedUnion('Command', 'type', {
  create: named<CreateCommand>()(strict('CreateCommand', { type: t.literal('create'), ...base, definition: CampaignDefinition, items: Scope })),
  edit: named<EditCommand>()(strict('EditCommand', { type: t.literal('edit'), ...base }, { definition: CampaignDefinition, items: Scope })),
  publish: named<PublishCommand>()(strict('PublishCommand', { type: t.literal('publish'), ...base, directory: Directory })),
  decide: named<DecideCommand>()(strict(
    'DecideCommand',
    { type: t.literal('decide'), ...base, items: arrayOf(ItemId, { min: 1, max: 10_000 }), decision: Verdict },
    { comment: Text(0, 5000), answers: Answers },
  )),
  reassign: named<ReassignCommand>()(strict(
    'ReassignCommand',
    { type: t.literal('reassign'), ...base, to: UserId },
    { item: ItemId, items: arrayOf(ItemId, { min: 1, max: 10_000 }), comment: Text(0, 5000) },
  )),
  delegate: named<DelegateCommand>()(strict('DelegateCommand', { type: t.literal('delegate'), ...base, to: UserId }, { items: arrayOf(ItemId, { min: 1, max: 10_000 }) })),
  requestInfo: named<RequestInfoCommand>()(strict('RequestInfoCommand', {
    type: t.literal('requestInfo'),
    ...base,
    items: arrayOf(ItemId, { min: 1, max: 10_000 }),
    from: InfoSource,
    question: Text(1, 5000),
  })),
  provideInfo: named<ProvideInfoCommand>()(strict('ProvideInfoCommand', {
    type: t.literal('provideInfo'),
    ...base,
    items: arrayOf(ItemId, { min: 1, max: 10_000 }),
    answer: Text(1, 5000),
  })),
  submit: named<SubmitCommand>()(strict('SubmitCommand', { type: t.literal('submit'), ...base, packetId: SubjectId, level: WholeNumber(1, 20) })),
  extend: named<ExtendCommand>()(strict('ExtendCommand', { type: t.literal('extend'), ...base, days: WholeNumber(1, 3650), cascade: t.boolean })),
  remind: named<RemindCommand>()(strict('RemindCommand', { type: t.literal('remind'), ...base, view: ProgressView, key: Text(1, 500) })),
  complete: named<CompleteCommand>()(strict('CompleteCommand', { type: t.literal('complete'), ...base }, { outstanding: AccessOutcome })),
  abort: named<AbortCommand>()(strict('AbortCommand', { type: t.literal('abort'), ...base })),
  setFulfillment: named<SetFulfillmentCommand>()(strict('SetFulfillmentCommand', {
    type: t.literal('setFulfillment'),
    ...base,
    application: ApplicationId,
    option: oneOf(['automatic', 'ticket', 'manual']),
  })),
  recordFulfillmentResult: named<RecordFulfillmentResultCommand>()(strict('RecordFulfillmentResultCommand', {
    type: t.literal('recordFulfillmentResult'),
    ...base,
    item: ItemId,
    result: oneOf(['done', 'failed']),
  })),
}))
/** @since 0.1.0 @category Commands */
export type Command =
  | CreateCommand
  | EditCommand
  | PublishCommand
  | DecideCommand
  | ReassignCommand
  | DelegateCommand
  | RequestInfoCommand
  | ProvideInfoCommand
  | SubmitCommand
  | ExtendCommand
  | RemindCommand
  | CompleteCommand
  | AbortCommand
  | SetFulfillmentCommand
  | RecordFulfillmentResultCommand

/**
 * The command type names.
 * @since 0.1.0
 * @category Commands
 */
export type CommandType = Command['type']

/**
 * Every command type, in lifecycle order.
 * @example
 * import { commandTypes } from 'access-review-core'
 * commandTypes[0] // 'create'
 * @since 0.1.0
 * @category Commands
 */
export const commandTypes: ReadonlyArray<CommandType> = [
  'create',
  'edit',
  'publish',
  'decide',
  'reassign',
  'delegate',
  'requestInfo',
  'provideInfo',
  'submit',
  'extend',
  'remind',
  'complete',
  'abort',
  'setFulfillment',
  'recordFulfillmentResult',
]

/**
 * Decodes a command from unknown input (never throws).
 * @example
 * import { decodeCommand } from 'access-review-core'
 * decodeCommand({ type: 'nope' })._tag // 'Left'
 * @since 0.1.0
 * @category Commands
 */
export const decodeCommand = (u: unknown): E.Either<ReadonlyArray<Problem>, Command> => decodeWith(Command, u)
