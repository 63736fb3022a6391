/**
 * The scenario file format, version 1 (SPEC §12): a campaign definition,
 * directory data, items and timed steps. A step is `{ at, as, do }` where
 * `do` is a command of the library WITHOUT `at` and `actor`: the runner takes
 * `at` from the step and builds the actor from `as` (a user id) and that
 * user's roles in the scenario's directory.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { arrayOf, named, oneOf, strict, taggedUnion, Text, WholeNumber } from '../shared/codec.js'
import type { Codec } from '../shared/codec.js'
import { ApplicationId, ItemId, UserId } from '../shared/ids.js'
import { Answers, Verdict } from '../review/attestation.js'
import { Directory } from '../review/directory.js'
import { Instant } from '../schedule/time.js'
import { ProgressView } from '../campaign/command.js'
import type {
  AbortCommand,
  CompleteCommand,
  CreateCommand,
  DecideCommand,
  EditCommand,
  ExtendCommand,
  ReassignCommand,
  RecordFulfillmentResultCommand,
  RemindCommand,
  SetFulfillmentCommand,
} from '../campaign/command.js'
import { AccessOutcome, CampaignDefinition, Scope } from '../campaign/definition.js'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * The command of a scenario step: a library command without `at` and
 * `actor`. `publish` carries nothing: its directory is the scenario's.
 *
 * @example
 * import { StepCommand } from 'access-review-core'
 * StepCommand.is({ type: 'decide', items: ['i1'], decision: 'approve' }) // true
 * StepCommand.is({ type: 'publish' }) // true
 *
 * @since 0.1.0
 * @category Scenario
 */
export const StepCommand: Codec<StepCommand> = named<StepCommand>()(taggedUnion('StepCommand', 'type', {
  create: named<CreateStep>()(strict('CreateStep', { type: t.literal('create'), definition: CampaignDefinition, items: Scope })),
  edit: named<EditStep>()(strict('EditStep', { type: t.literal('edit') }, { definition: CampaignDefinition, items: Scope })),
  publish: named<PublishStep>()(strict('PublishStep', { type: t.literal('publish') })),
  decide: named<DecideStep>()(strict(
    'DecideStep',
    { type: t.literal('decide'), items: arrayOf(ItemId, { min: 1, max: 10_000 }), decision: Verdict },
    { comment: Text(0, 5000), answers: Answers },
  )),
  reassign: named<ReassignStep>()(strict('ReassignStep', { type: t.literal('reassign'), item: ItemId, to: UserId })),
  extend: named<ExtendStep>()(strict('ExtendStep', { type: t.literal('extend'), days: WholeNumber(1, 3650), cascade: t.boolean })),
  remind: named<RemindStep>()(strict('RemindStep', { type: t.literal('remind'), view: ProgressView, key: Text(1, 500) })),
  complete: named<CompleteStep>()(strict('CompleteStep', { type: t.literal('complete') }, { outstanding: AccessOutcome })),
  abort: named<AbortStep>()(strict('AbortStep', { type: t.literal('abort') })),
  setFulfillment: named<SetFulfillmentStep>()(strict('SetFulfillmentStep', {
    type: t.literal('setFulfillment'),
    application: ApplicationId,
    option: oneOf(['automatic', 'ticket', 'manual']),
  })),
  recordFulfillmentResult: named<RecordFulfillmentResultStep>()(strict('RecordFulfillmentResultStep', {
    type: t.literal('recordFulfillmentResult'),
    item: ItemId,
    result: oneOf(['done', 'failed']),
  })),
}))

/** The fields of a command that a step supplies itself (`at` and `actor`). */
type Supplied = 'at' | 'actor'

/** A `create` step: {@link CreateCommand} without `at` and `actor`. @since 0.1.0 @category Scenario */
export interface CreateStep extends Omit<CreateCommand, Supplied> {
  readonly type: 'create'
}
/** An `edit` step: {@link EditCommand} without `at` and `actor`. @since 0.1.0 @category Scenario */
export interface EditStep extends Omit<EditCommand, Supplied> {
  readonly type: 'edit'
}
/** A `publish` step: it carries nothing, the directory is the scenario's. @since 0.1.0 @category Scenario */
export interface PublishStep {
  readonly type: 'publish'
}
/** A `decide` step: {@link DecideCommand} without `at` and `actor`. @since 0.1.0 @category Scenario */
export interface DecideStep extends Omit<DecideCommand, Supplied> {
  readonly type: 'decide'
}
/** A `reassign` step: {@link ReassignCommand} without `at` and `actor`. @since 0.1.0 @category Scenario */
export interface ReassignStep extends Omit<ReassignCommand, Supplied> {
  readonly type: 'reassign'
}
/** An `extend` step: {@link ExtendCommand} without `at` and `actor`. @since 0.1.0 @category Scenario */
export interface ExtendStep extends Omit<ExtendCommand, Supplied> {
  readonly type: 'extend'
}
/** A `remind` step: {@link RemindCommand} without `at` and `actor`. @since 0.1.0 @category Scenario */
export interface RemindStep extends Omit<RemindCommand, Supplied> {
  readonly type: 'remind'
}
/** A `complete` step: {@link CompleteCommand} without `at` and `actor`. @since 0.1.0 @category Scenario */
export interface CompleteStep extends Omit<CompleteCommand, Supplied> {
  readonly type: 'complete'
}
/** An `abort` step: {@link AbortCommand} without `at` and `actor`. @since 0.1.0 @category Scenario */
export interface AbortStep extends Omit<AbortCommand, Supplied> {
  readonly type: 'abort'
}
/** A `setFulfillment` step: {@link SetFulfillmentCommand} without `at` and `actor`. @since 0.1.0 @category Scenario */
export interface SetFulfillmentStep extends Omit<SetFulfillmentCommand, Supplied> {
  readonly type: 'setFulfillment'
}
/** A `recordFulfillmentResult` step: {@link RecordFulfillmentResultCommand} without `at` and `actor`. @since 0.1.0 @category Scenario */
export interface RecordFulfillmentResultStep extends Omit<RecordFulfillmentResultCommand, Supplied> {
  readonly type: 'recordFulfillmentResult'
}

/** @since 0.1.0 @category Scenario */
export type StepCommand =
  | CreateStep
  | EditStep
  | PublishStep
  | DecideStep
  | ReassignStep
  | ExtendStep
  | RemindStep
  | CompleteStep
  | AbortStep
  | SetFulfillmentStep
  | RecordFulfillmentResultStep

/**
 * One timed step: at instant `at`, user `as` sends command `do`.
 *
 * @example
 * import { Step } from 'access-review-core'
 * Step.is({ at: 1760040000000, as: 'rita', do: { type: 'publish' } }) // true
 *
 * @since 0.1.0
 * @category Scenario
 */
export const Step: Codec<Step> = named<Step>()(strict('Step', { at: Instant, as: UserId, do: StepCommand }))
/** @since 0.1.0 @category Scenario */
export interface Step {
  readonly at: Instant
  /** The user who sends the command; the actor's roles come from the scenario's directory. */
  readonly as: UserId
  readonly do: StepCommand
}

/**
 * The format version of scenario files this library reads.
 *
 * @example
 * import { ScenarioVersion } from 'access-review-core'
 * ScenarioVersion.is(1) // true
 *
 * @since 0.1.0
 * @category Scenario
 */
export const ScenarioVersion: Codec<1, 1> = named<1, 1>()(t.literal(1, 'the scenario format version 1'))

/**
 * A scenario file (version 1). The campaign is created at `createdAt` by
 * `createdBy` from `definition` and `items`; `steps` do everything else
 * (publish included); the run ends by advancing time to `until` when given.
 * `$schema` (a link to the JSON Schema, for editors), `title` and
 * `description` are free text and do not change the run.
 *
 * @example
 * import { Scenario } from 'access-review-core'
 * Scenario.is({ version: 2 }) // false
 *
 * @since 0.1.0
 * @category Scenario
 */
export const Scenario: Codec<Scenario> = named<Scenario>()(strict(
  'Scenario',
  {
    version: ScenarioVersion,
    createdAt: Instant,
    createdBy: UserId,
    definition: CampaignDefinition,
    directory: Directory,
    items: Scope,
    steps: arrayOf(Step, { max: 100_000 }),
  },
  { $schema: Text(0, 2000), title: Text(0, 500), description: Text(0, 10_000), until: Instant },
))
/** @since 0.1.0 @category Scenario */
export interface Scenario {
  readonly version: 1
  readonly createdAt: Instant
  readonly createdBy: UserId
  readonly definition: CampaignDefinition
  readonly directory: Directory
  readonly items: Scope
  readonly steps: ReadonlyArray<Step>
  /** A link to the JSON Schema, for editors. */
  readonly $schema?: string
  readonly title?: string
  readonly description?: string
  /** The run ends by advancing time to this instant. */
  readonly until?: Instant
}
