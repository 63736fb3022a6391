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
import { arrayOf, decodeWith, oneOf, strict, taggedUnion, Text, WholeNumber } from '../shared/codec.js'
import { ApplicationId, ItemId, UserId } from '../shared/ids.js'
import { Answers, Verdict } from '../review/attestation.js'
import { Directory, Role } from '../review/directory.js'
import { Instant } from '../schedule/time.js'
import { AccessOutcome, CampaignDefinition, Scope } from './definition.js'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * The actor of a command.
 * @example
 * import { Actor } from 'access-review-core'
 * Actor.is({ id: 'rita', roles: ['riskManager'] }) // true
 * @since 0.1.0
 * @category Commands
 */
export const Actor = strict('Actor', { id: UserId, roles: arrayOf(Role) })
/** @since 0.1.0 @category Commands */
export type Actor = t.TypeOf<typeof Actor>

const base = { at: Instant, actor: Actor }

/**
 * The progress views a manual reminder can target.
 * @example
 * import { ProgressView } from 'access-review-core'
 * ProgressView.is('reviewer') // true
 * @since 0.1.0
 * @category Commands
 */
export const ProgressView = oneOf(['integration', 'reviewer', 'resource'])
/** @since 0.1.0 @category Commands */
export type ProgressView = t.TypeOf<typeof ProgressView>

/**
 * Every command, discriminated by `type`.
 * @example
 * import { Command, decodeWith } from 'access-review-core'
 * decodeWith(Command, { type: 'abort', at: '2025-10-10T09:00:00Z', actor: { id: 'rita', roles: ['riskManager'] } })._tag // 'Right'
 * @since 0.1.0
 * @category Commands
 */
export const Command = taggedUnion('Command', 'type', {
  create: strict('CreateCommand', { type: t.literal('create'), ...base, definition: CampaignDefinition, items: Scope }),
  edit: strict('EditCommand', { type: t.literal('edit'), ...base }, { definition: CampaignDefinition, items: Scope }),
  publish: strict('PublishCommand', { type: t.literal('publish'), ...base, directory: Directory }),
  decide: strict(
    'DecideCommand',
    { type: t.literal('decide'), ...base, items: arrayOf(ItemId, { min: 1, max: 10_000 }), decision: Verdict },
    { comment: Text(0, 5000), answers: Answers },
  ),
  reassign: strict('ReassignCommand', { type: t.literal('reassign'), ...base, item: ItemId, to: UserId }),
  extend: strict('ExtendCommand', { type: t.literal('extend'), ...base, days: WholeNumber(1, 3650), cascade: t.boolean }),
  remind: strict('RemindCommand', { type: t.literal('remind'), ...base, view: ProgressView, key: Text(1, 500) }),
  complete: strict('CompleteCommand', { type: t.literal('complete'), ...base }, { outstanding: AccessOutcome }),
  abort: strict('AbortCommand', { type: t.literal('abort'), ...base }),
  setFulfillment: strict('SetFulfillmentCommand', {
    type: t.literal('setFulfillment'),
    ...base,
    application: ApplicationId,
    option: oneOf(['automatic', 'ticket', 'manual']),
  }),
  recordFulfillmentResult: strict('RecordFulfillmentResultCommand', {
    type: t.literal('recordFulfillmentResult'),
    ...base,
    item: ItemId,
    result: oneOf(['done', 'failed']),
  }),
})
/** @since 0.1.0 @category Commands */
export type Command = t.TypeOf<typeof Command>

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
