/**
 * access-review-core: the pure domain core of user access review campaigns.
 *
 * The public surface is this reviewed list (test/public-api.test.ts holds
 * the runtime names it must export): a new export is a decision, not a side
 * effect of adding a module. Internals (codec constructors, memo tables,
 * window arithmetic, escaping) stay in their modules.
 *
 * @packageDocumentation
 * @module access-review-core
 */

// Decoding
export { decodeWith, toProblems } from './shared/codec.js'
export type { Codec, JsonOf, Problem } from './shared/codec.js'

// Identifiers
export { ApplicationId, CampaignId, CommandId, ItemId, ResourceId, SubjectId, UserId } from './shared/ids.js'
export type {
  ApplicationIdBrand,
  CampaignIdBrand,
  CommandIdBrand,
  ItemIdBrand,
  ResourceIdBrand,
  SubjectIdBrand,
  UserIdBrand,
} from './shared/ids.js'

// Errors
export { DomainError, errorCodes } from './shared/errors.js'
export type {
  CampaignNotActiveError,
  DuplicateCommandError,
  ErrorCode,
  ExtensionTooLongError,
  InvalidTransitionError,
  ItemLockedError,
  ItemProblem,
  MissingAttestationError,
  NoReviewerAvailableError,
  NotAuthorizedError,
  NotEligibleReviewerError,
  NothingPendingError,
  OutstandingReviewsError,
  SelfReviewError,
  UnknownItemError,
  ValidationFailedError,
  VersionConflictError,
} from './shared/errors.js'
export type { Batch, Measure, PMap, PMapBuilder, PMapNode } from './shared/pmap.js'
export type { PacketChunk, PacketMap } from './campaign/packets.js'

// Time and windows
export {
  addDays,
  addDuration,
  calendarDaysBetween,
  Duration,
  formatInstant,
  Instant,
  instantOfLocal,
  instantOfMillis,
  isTimeZone,
  localDate,
  parseInstant,
  TimeZone,
  toIsoUtc,
} from './schedule/time.js'
export type { InstantBrand, LocalParts, TimeZoneBrand } from './schedule/time.js'
export type { LevelClock, LevelOutcome, Window, WindowStatus } from './schedule/window.js'

// Timing policies
export {
  completesOnSubmit,
  DeadlineTiming,
  EscalateBeforeDue,
  EscalationReviewers,
  EscalationTier,
  levelTiming,
  LevelTiming,
  ReviewerWindowsTiming,
  tierDurations,
  TimingPolicy,
} from './schedule/policy.js'
export type { EscalationUsers } from './schedule/policy.js'

// Recurring campaigns
export { Frequency, LocalDateTime, occurrences, Schedule } from './schedule/recurrence.js'
export type { CalendarFrequency, EveryFrequency, LocalDateTimeBrand, Occurrence } from './schedule/recurrence.js'

// Directory
export { ApplicationOwners, Delegation, Directory, DirectorySubject, DirectoryUser, ResourceOwners, Role } from './review/directory.js'

// Decisions
export { Answers, attestationProblems, DecisionPolicy, missingFields, Question, selectionBounds, Verdict } from './review/attestation.js'
export type { SelectionBounds } from './review/attestation.js'
export { isFinal, isInfoRequested, ItemSpec, reviewersOf } from './review/item.js'
export type {
  ApprovedState,
  DecisionRecord,
  InfoAnswer,
  InfoRequest,
  ExpiredState,
  Item,
  ItemState,
  LevelStatus,
  PendingState,
  RevokedState,
} from './review/item.js'

// Reviewers
export { ReviewerPolicy, ReviewerSource, sourceLabel } from './review/reviewer.js'
export type { NamedSource, ReviewLevel, UserListSource } from './review/reviewer.js'
export type { FallbackStep, LeftOutUser, ResolutionTrace, SkipReason, SourceStep, TierStep } from './review/trace.js'
export { explainAssignment, explanationLines } from './report/explain.js'
export type { AssignmentExplanation } from './report/explain.js'

// Definition
export { AccessOutcome, CampaignDefinition, decodeDefinition, Reminders, Scope, scopeProblems } from './campaign/definition.js'
export type {
  BeforeDueReminders,
  DailyReminders,
  EveryDaysReminders,
  NoReminders,
  WeeklyReminders,
} from './campaign/definition.js'

// Commands
export { Actor, Command, commandTypes, decodeCommand, InfoSource, ProgressView } from './campaign/command.js'
export type {
  AbortCommand,
  CommandBase,
  CommandType,
  CompleteCommand,
  CreateCommand,
  DecideCommand,
  EditCommand,
  ExtendCommand,
  PublishCommand,
  ReassignCommand,
  SubmitCommand,
  DelegateCommand,
  RequestInfoCommand,
  ProvideInfoCommand,
  InfoUser,
  RecordFulfillmentResultCommand,
  RemindCommand,
  SetFulfillmentCommand,
} from './campaign/command.js'

// Events and state
export { evolve, fold, streamOf } from './campaign/event.js'
export type {
  BeforeDueReminderSent,
  CampaignAborted,
  CampaignCompleted,
  CampaignCreated,
  CampaignEdited,
  CampaignEvent,
  CampaignEventType,
  CampaignExpired,
  CampaignExtended,
  CampaignOverdue,
  CampaignPublished,
  DecidedItem,
  EscalatedBeforeDue,
  ExtensionGrant,
  FulfillmentOptionSet,
  FulfillmentResultRecorded,
  FulfillmentSummarized,
  InfoProvided,
  InfoRequested,
  ItemReassigned,
  ItemsDecided,
  LevelCompleted,
  LevelOverdue,
  LevelStarted,
  NotificationIssued,
  OpenedItem,
  PacketExpired,
  PacketExtended,
  PacketOpened,
  PlannedExtension,
  ReminderSlotPassed,
  ReviewerAddition,
  ReviewersAdded,
  TierEscalated,
} from './campaign/event.js'
export {
  activeReviewers,
  findItem,
  fulfillmentResultOf,
  isPacketSettled,
  itemCounts,
  itemOf,
  levelStatus,
  packetItems,
  packetsOf,
  pendingByReviewer,
} from './campaign/state.js'
export type {
  Campaign,
  CampaignState,
  CampaignStatus,
  Completion,
  ExtensionRecord,
  FoundItem,
  FulfillmentAction,
  FulfillmentOption,
  FulfillmentResult,
  FulfillmentResults,
  FulfillmentSummaryKind,
  ItemCounts,
  Packet,
} from './campaign/state.js'

// Decider
export { decide, execute } from './campaign/decider.js'
export type { DecideResult, Executed } from './campaign/decider.js'
export { advance, dueAtOf, nextWake, windowsOf } from './campaign/advance.js'
export type { Advanced } from './campaign/advance.js'

// Views
export { displayStatus, packetTimeline, progress, tasksOf } from './campaign/views.js'
export type { DisplayStatus, ProgressRow, TimelineWindow } from './campaign/views.js'

// Notifications
export { DEFAULT_LINK_TEMPLATE, notificationKinds, renderLink } from './campaign/notification.js'
export type { NotificationIntent, NotificationKind } from './campaign/notification.js'
export { absoluteLink, renderChat, renderEmail } from './campaign/render.js'
export type {
  RenderContext,
  RenderedEmail,
  SlackActionsBlock,
  SlackButton,
  SlackMessage,
  SlackSectionBlock,
  SlackText,
} from './campaign/render.js'

// Scenario
export { Checkpoint, isCheckpoint, Scenario, ScenarioStep, ScenarioVersion, Step, StepCommand } from './scenario/format.js'
export type {
  AbortStep,
  CompleteStep,
  CreateStep,
  DecideStep,
  EditStep,
  ExtendStep,
  PublishStep,
  ReassignStep,
  SubmitStep,
  DelegateStep,
  RequestInfoStep,
  ProvideInfoStep,
  RecordFulfillmentResultStep,
  RemindStep,
  SetFulfillmentStep,
} from './scenario/format.js'
export { checkScenario, runDecodedScenario, runScenario, runScenarioJson } from './scenario/run.js'
export { Expectations } from './scenario/expect.js'
export type { CheckMismatch, ExpectedObject, ExpectedValue } from './scenario/expect.js'
export { checkScenarioText, runScenarioYaml, scenarioFormatOf } from './scenario/text.js'
export type { ScenarioProblem, ScenarioTextFormat } from './scenario/text.js'
export type {
  ReportDecision,
  ReportInfoRequest,
  ReportItem,
  ReportItemState,
  ReportNotification,
  ReportItemRefusal,
  ReportStep,
  ReportStepAccepted,
  ReportStepRefused,
  ReportWindow,
  ScenarioCheck,
  ScenarioReport,
  ScenarioRun,
  ScenarioVerdict,
} from './scenario/run.js'
export { scenarioJsonSchema } from './scenario/schema.js'
export type { JsonSchema } from './scenario/schema.js'
export { renderTimelineSvg } from './report/svg.js'
export type { TimelineSvgInput, TimelineSvgRow, TimelineSvgWindow } from './report/svg.js'

// Evidence
export { EVIDENCE_CSV_COLUMNS, evidenceCsv, evidenceJson, evidenceReport } from './report/evidence.js'
export type {
  EvidenceCampaign,
  EvidenceCampaignExtension,
  EvidenceChain,
  EvidenceDecision,
  EvidenceError,
  EvidenceEscalation,
  EvidenceExtension,
  EvidenceFulfillment,
  EvidenceInformation,
  EvidenceInstant,
  EvidenceItem,
  EvidenceReport,
  EvidenceReviewerChange,
  EvidenceTotals,
  InvalidLog,
} from './report/evidence.js'
export { chainEvents, GENESIS_HASH, linkHash, verifyLog } from './ports/chain.js'
export type { ChainBreakReason, ChainBroken, Chained, ChainHead, ChainLink, ChainTip, StreamEvent } from './ports/chain.js'
export { LIBRARY_VERSION } from './shared/version.js'

// Service and ports
export type { PortFailureReason, PortResult } from './ports/result.js'
export type { Clock, ClockUnavailable } from './ports/clock.js'
export type { DeliveryFailed, Notifier, NotifierUnavailable } from './ports/notifier.js'
export type { Fulfiller, FulfillmentUnavailable } from './ports/fulfiller.js'
export type {
  AnyVersion,
  AppendError,
  Appended,
  AppendRequest,
  CampaignSnapshot,
  CampaignStore,
  CommandAccepted,
  CommandAlreadyHandled,
  CommandRecord,
  CommandRefused,
  CommandResult,
  ExactVersion,
  ExpectedVersion,
  LoadedCampaign,
  LoadedStream,
  LoadedTail,
  NoStream,
  OutboxEntry,
  ReviewerTask,
  StoreUnavailable,
  StreamId,
  StreamVersion,
  StreamWrite,
  TailRequest,
  VersionConflict,
} from './ports/store.js'
export { campaignStream, packetStream } from './service/streams.js'
export { makeService } from './service/service.js'
export type {
  ClockSkew,
  DeliveryReport,
  FailedDelivery,
  InvalidServiceConfig,
  ServiceDefect,
  ServiceSettings,
  FulfillmentReport,
  Handled,
  Ports,
  Service,
  ServiceCommand,
  ServiceFailure,
  ServiceOptions,
  Ticked,
} from './service/service.js'
