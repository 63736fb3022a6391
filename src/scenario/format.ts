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
import { arrayOf, isPlainObject, named, oneOf, strict, taggedUnion, Text, WholeNumber } from '../shared/codec.js'
import type { Codec, JsonOf } from '../shared/codec.js'
import { ApplicationId, ItemId, SubjectId, UserId } from '../shared/ids.js'
import { Answers, Verdict } from '../review/attestation.js'
import { Directory } from '../review/directory.js'
import { Instant } from '../schedule/time.js'
import { InfoSource, ProgressView } from '../campaign/command.js'
import type {
  AbortCommand,
  CompleteCommand,
  CreateCommand,
  DecideCommand,
  EditCommand,
  ExtendCommand,
  ReassignCommand,
  SubmitCommand,
  DelegateCommand,
  RequestInfoCommand,
  ProvideInfoCommand,
  RecordFulfillmentResultCommand,
  RemindCommand,
  SetFulfillmentCommand,
} from '../campaign/command.js'
import { AccessOutcome, CampaignDefinition, Scope } from '../campaign/definition.js'
import { Expectations } from './expect.js'

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
  reassign: named<ReassignStep>()(strict(
    'ReassignStep',
    { type: t.literal('reassign'), to: UserId },
    { item: ItemId, items: arrayOf(ItemId, { min: 1, max: 10_000 }), comment: Text(0, 5000) },
  )),
  delegate: named<DelegateStep>()(strict('DelegateStep', { type: t.literal('delegate'), to: UserId }, { items: arrayOf(ItemId, { min: 1, max: 10_000 }) })),
  requestInfo: named<RequestInfoStep>()(strict('RequestInfoStep', {
    type: t.literal('requestInfo'),
    items: arrayOf(ItemId, { min: 1, max: 10_000 }),
    from: InfoSource,
    question: Text(1, 5000),
  })),
  provideInfo: named<ProvideInfoStep>()(strict('ProvideInfoStep', { type: t.literal('provideInfo'), items: arrayOf(ItemId, { min: 1, max: 10_000 }), answer: Text(1, 5000) })),
  submit: named<SubmitStep>()(strict('SubmitStep', { type: t.literal('submit'), packetId: SubjectId, level: WholeNumber(1, 20) })),
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
/** A `delegate` step: {@link DelegateCommand} without `at` and `actor`. @since 0.2.0 @category Scenario */
export interface DelegateStep extends Omit<DelegateCommand, Supplied> {
  readonly type: 'delegate'
}
/** A `requestInfo` step: {@link RequestInfoCommand} without `at` and `actor`. @since 0.2.0 @category Scenario */
export interface RequestInfoStep extends Omit<RequestInfoCommand, Supplied> {
  readonly type: 'requestInfo'
}
/** A `provideInfo` step: {@link ProvideInfoCommand} without `at` and `actor`. @since 0.2.0 @category Scenario */
export interface ProvideInfoStep extends Omit<ProvideInfoCommand, Supplied> {
  readonly type: 'provideInfo'
}
/** A `submit` step: {@link SubmitCommand} without `at` and `actor`. @since 0.2.0 @category Scenario */
export interface SubmitStep extends Omit<SubmitCommand, Supplied> {
  readonly type: 'submit'
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
  | SubmitStep
  | DelegateStep
  | RequestInfoStep
  | ProvideInfoStep
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
 * A checkpoint: at instant `at` (after time advances to it), the report so
 * far must match `expect`, report paths with expected values (see
 * {@link Expectations}). A checkpoint does not change the run: its report
 * is the one the file would give if it ended at `at`.
 *
 * @example
 * import { Checkpoint, decodeWith } from 'access-review-core'
 * decodeWith(Checkpoint, { at: '2025-10-11T16:00:00-04:00', expect: { 'campaign.status': 'inProgress' } })._tag // 'Right'
 * decodeWith(Checkpoint, { at: '2025-10-11T16:00:00-04:00', expect: { 'campaign.stauts': 'inProgress' } })._tag // 'Left'
 *
 * @since 0.2.0
 * @category Scenario
 */
export const Checkpoint: Codec<Checkpoint> = named<Checkpoint>()(strict('Checkpoint', { at: Instant, expect: Expectations }))
/** @since 0.2.0 @category Scenario */
export interface Checkpoint {
  readonly at: Instant
  /** Report paths, each with its expected value. */
  readonly expect: Expectations
}

/**
 * One entry of a scenario's `steps`: a command {@link Step} (`{ at, as, do }`)
 * or a {@link Checkpoint} (`{ at, expect }`). An entry with an `expect` key
 * is a checkpoint; any other is a command step.
 *
 * @example
 * import { ScenarioStep } from 'access-review-core'
 * ScenarioStep.is({ at: 1760040000000, as: 'rita', do: { type: 'publish' } }) // true
 * ScenarioStep.is({ at: 1760040000000, expect: { 'campaign.status': 'draft' } }) // true
 *
 * @since 0.2.0
 * @category Scenario
 */
export const ScenarioStep: Codec<ScenarioStep> = named<ScenarioStep>()(
  new t.Type<ScenarioStep, JsonOf<ScenarioStep>, unknown>(
    'ScenarioStep',
    (u): u is ScenarioStep => (isCheckpointInput(u) ? Checkpoint.is(u) : Step.is(u)),
    (u, c) => (isCheckpointInput(u) ? Checkpoint.validate(u, c) : Step.validate(u, c)),
    (a) => (isCheckpoint(a) ? Checkpoint.encode(a) : Step.encode(a)),
  ),
)
/** @since 0.2.0 @category Scenario */
export type ScenarioStep = Step | Checkpoint

const isCheckpointInput = (u: unknown): boolean => isPlainObject(u) && Object.hasOwn(u, 'expect')

/**
 * True when a scenario step is a checkpoint.
 *
 * @example
 * import { isCheckpoint } from 'access-review-core'
 * import type { ScenarioStep } from 'access-review-core'
 * const checkpoints = (steps: ReadonlyArray<ScenarioStep>) => steps.filter(isCheckpoint)
 *
 * @since 0.2.0
 * @category Scenario
 */
export const isCheckpoint = (s: ScenarioStep): s is Checkpoint => Object.hasOwn(s, 'expect')

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
 * `description` are free text and do not change the run. Checkpoints among
 * the steps and the final `expect` state what the report must show; they
 * are checked by `checkScenario` and do not change the run either.
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
    steps: arrayOf(ScenarioStep, { max: 100_000 }),
  },
  { $schema: Text(0, 2000), title: Text(0, 500), description: Text(0, 10_000), until: Instant, expect: Expectations },
))
/** @since 0.1.0 @category Scenario */
export interface Scenario {
  readonly version: 1
  readonly createdAt: Instant
  readonly createdBy: UserId
  readonly definition: CampaignDefinition
  readonly directory: Directory
  readonly items: Scope
  /** Command steps and checkpoints, in time order. */
  readonly steps: ReadonlyArray<ScenarioStep>
  /** A link to the JSON Schema, for editors. */
  readonly $schema?: string
  readonly title?: string
  readonly description?: string
  /** The run ends by advancing time to this instant. */
  readonly until?: Instant
  /** What the final report must match (checked at `until`). */
  readonly expect?: Expectations
}
