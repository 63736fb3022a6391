/**
 * Domain errors: every refusal is one of these values, each with a stable
 * `code`. Nothing in the core throws on bad input.
 *
 * @since 0.1.0
 */
import type { Problem } from './codec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Why one item of a (bulk) command was refused.
 * @since 0.1.0
 * @category Errors
 */
export interface ItemProblem {
  readonly itemId: string
  readonly code: 'NotEligibleReviewer' | 'SelfReview' | 'ItemLocked' | 'UnknownItem' | 'MissingAttestation' | 'NoReviewerAvailable'
  readonly message: string
  /** For `MissingAttestation`: the missing fields (`comment`, `answers.<questionId>`). */
  readonly missing?: ReadonlyArray<string>
}

/**
 * Every refusal of the library. `code` is stable and safe to branch on;
 * `message` is for people.
 *
 * @example
 * import { DomainError } from 'access-review-core'
 * const e = DomainError.notAuthorized('publish', 'riskManager or administrator')
 * e.code // 'NotAuthorized'
 *
 * @since 0.1.0
 * @category Errors
 */
export type DomainError =
  | ValidationFailedError
  | NotAuthorizedError
  | NotEligibleReviewerError
  | SelfReviewError
  | ItemLockedError
  | UnknownItemError
  | MissingAttestationError
  | CampaignNotActiveError
  | InvalidTransitionError
  | OutstandingReviewsError
  | ExtensionTooLongError
  | NothingPendingError
  | NoReviewerAvailableError
  | VersionConflictError
  | DuplicateCommandError

/**
 * `ValidationFailed`: The input did not decode: every problem, with its path and the expected shape.
 * @since 0.1.0
 * @category Errors
 */
export interface ValidationFailedError {
  readonly code: 'ValidationFailed'
  readonly message: string
  readonly problems: ReadonlyArray<Problem>
}

/**
 * `NotAuthorized`: The actor lacks the role the command needs.
 * @since 0.1.0
 * @category Errors
 */
export interface NotAuthorizedError {
  readonly code: 'NotAuthorized'
  readonly message: string
}

/**
 * `NotEligibleReviewer`: The actor is not a reviewer of the active tier of these items (or the target of a reassign is not eligible).
 * @since 0.1.0
 * @category Errors
 */
export interface NotEligibleReviewerError {
  readonly code: 'NotEligibleReviewer'
  readonly message: string
  readonly items: ReadonlyArray<ItemProblem>
}

/**
 * `SelfReview`: The actor is the subject of these items and self-review is off.
 * @since 0.1.0
 * @category Errors
 */
export interface SelfReviewError {
  readonly code: 'SelfReview'
  readonly message: string
  readonly items: ReadonlyArray<ItemProblem>
}

/**
 * `ItemLocked`: These items are locked: revoked at an earlier level, or moved past the actor's level.
 * @since 0.1.0
 * @category Errors
 */
export interface ItemLockedError {
  readonly code: 'ItemLocked'
  readonly message: string
  readonly items: ReadonlyArray<ItemProblem>
}

/**
 * `UnknownItem`: No such items in the campaign.
 * @since 0.1.0
 * @category Errors
 */
export interface UnknownItemError {
  readonly code: 'UnknownItem'
  readonly message: string
  readonly items: ReadonlyArray<ItemProblem>
}

/**
 * `MissingAttestation`: A required comment or attestation answer is missing.
 * @since 0.1.0
 * @category Errors
 */
export interface MissingAttestationError {
  readonly code: 'MissingAttestation'
  readonly message: string
  readonly items: ReadonlyArray<ItemProblem>
}

/**
 * `CampaignNotActive`: The command is refused in the campaign's status.
 * @since 0.1.0
 * @category Errors
 */
export interface CampaignNotActiveError {
  readonly code: 'CampaignNotActive'
  readonly message: string
  readonly status: string
}

/**
 * `InvalidTransition`: The command is not possible from the campaign's status.
 * @since 0.1.0
 * @category Errors
 */
export interface InvalidTransitionError {
  readonly code: 'InvalidTransition'
  readonly message: string
  readonly from: string
  readonly command: string
}

/**
 * `OutstandingReviews`: Completion is refused: items are not final and no `outstanding` outcome was named.
 * @since 0.1.0
 * @category Errors
 */
export interface OutstandingReviewsError {
  readonly code: 'OutstandingReviews'
  readonly message: string
  readonly outstanding: number
}

/**
 * `ExtensionTooLong`: An extension may not exceed the shortest original window that receives it.
 * @since 0.1.0
 * @category Errors
 */
export interface ExtensionTooLongError {
  readonly code: 'ExtensionTooLong'
  readonly message: string
  readonly maxDays: number
}

/**
 * `NothingPending`: A manual reminder found nothing pending in the chosen row.
 * @since 0.1.0
 * @category Errors
 */
export interface NothingPendingError {
  readonly code: 'NothingPending'
  readonly message: string
}

/**
 * `NoReviewerAvailable`: Publish is refused: no reviewer source nor fallback resolved for these items.
 * @since 0.1.0
 * @category Errors
 */
export interface NoReviewerAvailableError {
  readonly code: 'NoReviewerAvailable'
  readonly message: string
  readonly items: ReadonlyArray<ItemProblem>
}

/**
 * `VersionConflict`: The stream moved on since it was read (optimistic concurrency).
 * @since 0.1.0
 * @category Errors
 */
export interface VersionConflictError {
  readonly code: 'VersionConflict'
  readonly message: string
  readonly expected: number
  readonly actual: number
}

/**
 * `DuplicateCommand`: The command id was already handled.
 * @since 0.1.0
 * @category Errors
 */
export interface DuplicateCommandError {
  readonly code: 'DuplicateCommand'
  readonly message: string
  readonly commandId: string
}

/**
 * The stable error codes.
 * @example
 * import type { ErrorCode } from 'access-review-core'
 * const c: ErrorCode = 'ItemLocked'
 * c // 'ItemLocked'
 * @since 0.1.0
 * @category Errors
 */
export type ErrorCode = DomainError['code']

/**
 * Every error code, in the order of the specification.
 * @example
 * import { errorCodes } from 'access-review-core'
 * errorCodes.includes('ItemLocked') // true
 * @since 0.1.0
 * @category Errors
 */
export const errorCodes: ReadonlyArray<ErrorCode> = [
  'ValidationFailed',
  'NotAuthorized',
  'NotEligibleReviewer',
  'SelfReview',
  'ItemLocked',
  'UnknownItem',
  'CampaignNotActive',
  'InvalidTransition',
  'OutstandingReviews',
  'ExtensionTooLong',
  'NothingPending',
  'MissingAttestation',
  'NoReviewerAvailable',
  'VersionConflict',
  'DuplicateCommand',
]

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const itemsError = (items: ReadonlyArray<ItemProblem>): DomainError => {
  const first = items[0]
  const code = first?.code ?? 'UnknownItem'
  const message =
    items.length === 1 && first !== undefined
      ? first.message
      : `${items.length} items refused: ${items.map((i) => `${i.itemId} (${i.code})`).join(', ')}`
  return { code, message, items } as DomainError
}

/**
 * Constructors for {@link DomainError}.
 *
 * @example
 * import { DomainError } from 'access-review-core'
 * DomainError.validation([{ path: 'days', expected: 'a whole number >= 1' }]).code // 'ValidationFailed'
 *
 * @since 0.1.0
 * @category Errors
 */
export const DomainError = {
  /** A `ValidationFailed` error listing every decoding {@link Problem}. */
  validation: (problems: ReadonlyArray<Problem>): DomainError => ({
    code: 'ValidationFailed',
    message: problems.map((p) => `${p.path}: expected ${p.expected}`).join('; '),
    problems,
  }),
  /** A `NotAuthorized` error: `command` may only be done by `who`. */
  notAuthorized: (command: string, who: string): DomainError => ({
    code: 'NotAuthorized',
    message: `${command} may only be done by ${who}`,
  }),
  /** Groups item problems; the error's code is the first problem's code. */
  items: itemsError,
  /** A `CampaignNotActive` error: `command` is refused while the campaign is in `status`. */
  campaignNotActive: (status: string, command: string): DomainError => ({
    code: 'CampaignNotActive',
    message: `${command} is refused: the campaign is ${status}`,
    status,
  }),
  /** An `InvalidTransition` error: `command` is not possible from `from`. */
  invalidTransition: (from: string, command: string): DomainError => ({
    code: 'InvalidTransition',
    message: `${command} is not possible from ${from}`,
    from,
    command,
  }),
  /** An `OutstandingReviews` error: `outstanding` items are not final yet. */
  outstandingReviews: (outstanding: number): DomainError => ({
    code: 'OutstandingReviews',
    message: `${outstanding} item(s) are not final; complete with keepAccess or revokeAccess to settle them`,
    outstanding,
  }),
  /** An `ExtensionTooLong` error: an extension may not exceed `maxDays` days. */
  extensionTooLong: (maxDays: number): DomainError => ({
    code: 'ExtensionTooLong',
    message: `an extension may not exceed ${maxDays} day(s), the shortest original duration of a window that receives it`,
    maxDays,
  }),
  /** A `NothingPending` error: nothing is pending in `what`. */
  nothingPending: (what: string): DomainError => ({ code: 'NothingPending', message: `nothing is pending in ${what}` }),
  /** A `VersionConflict` error: the stream is at `actual`, not at `expected`. */
  versionConflict: (expected: number, actual: number): DomainError => ({
    code: 'VersionConflict',
    message: `expected version ${expected} but the stream is at ${actual}`,
    expected,
    actual,
  }),
  /** A `DuplicateCommand` error: the command was already handled. */
  duplicateCommand: (commandId: string): DomainError => ({
    code: 'DuplicateCommand',
    message: `command ${commandId} was already handled`,
    commandId,
  }),
} as const
