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
import { arrayOf, oneOf, strict, taggedUnion, Text, WholeNumber } from '../shared/codec.js'
import { ApplicationId, ItemId, UserId } from '../shared/ids.js'
import { Answers, Verdict } from '../review/attestation.js'
import { Directory } from '../review/directory.js'
import { Instant } from '../schedule/time.js'
import { ProgressView } from '../campaign/command.js'
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
export const StepCommand = taggedUnion('StepCommand', 'type', {
  create: strict('CreateStep', { type: t.literal('create'), definition: CampaignDefinition, items: Scope }),
  edit: strict('EditStep', { type: t.literal('edit') }, { definition: CampaignDefinition, items: Scope }),
  publish: strict('PublishStep', { type: t.literal('publish') }),
  decide: strict(
    'DecideStep',
    { type: t.literal('decide'), items: arrayOf(ItemId, { min: 1, max: 10_000 }), decision: Verdict },
    { comment: Text(0, 5000), answers: Answers },
  ),
  reassign: strict('ReassignStep', { type: t.literal('reassign'), item: ItemId, to: UserId }),
  extend: strict('ExtendStep', { type: t.literal('extend'), days: WholeNumber(1, 3650), cascade: t.boolean }),
  remind: strict('RemindStep', { type: t.literal('remind'), view: ProgressView, key: Text(1, 500) }),
  complete: strict('CompleteStep', { type: t.literal('complete') }, { outstanding: AccessOutcome }),
  abort: strict('AbortStep', { type: t.literal('abort') }),
  setFulfillment: strict('SetFulfillmentStep', {
    type: t.literal('setFulfillment'),
    application: ApplicationId,
    option: oneOf(['automatic', 'ticket', 'manual']),
  }),
  recordFulfillmentResult: strict('RecordFulfillmentResultStep', {
    type: t.literal('recordFulfillmentResult'),
    item: ItemId,
    result: oneOf(['done', 'failed']),
  }),
})
/** @since 0.1.0 @category Scenario */
export type StepCommand = t.TypeOf<typeof StepCommand>

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
export const Step = strict('Step', { at: Instant, as: UserId, do: StepCommand })
/** @since 0.1.0 @category Scenario */
export type Step = t.TypeOf<typeof Step>

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
export const ScenarioVersion = t.literal(1, 'the scenario format version 1')

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
export const Scenario = strict(
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
)
/** @since 0.1.0 @category Scenario */
export type Scenario = t.TypeOf<typeof Scenario>
