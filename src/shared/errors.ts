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
  | { readonly code: 'ValidationFailed'; readonly message: string; readonly problems: ReadonlyArray<Problem> }
  | { readonly code: 'NotAuthorized'; readonly message: string }
  | { readonly code: 'NotEligibleReviewer'; readonly message: string; readonly items: ReadonlyArray<ItemProblem> }
  | { readonly code: 'SelfReview'; readonly message: string; readonly items: ReadonlyArray<ItemProblem> }
  | { readonly code: 'ItemLocked'; readonly message: string; readonly items: ReadonlyArray<ItemProblem> }
  | { readonly code: 'UnknownItem'; readonly message: string; readonly items: ReadonlyArray<ItemProblem> }
  | { readonly code: 'MissingAttestation'; readonly message: string; readonly items: ReadonlyArray<ItemProblem> }
  | { readonly code: 'CampaignNotActive'; readonly message: string; readonly status: string }
  | { readonly code: 'InvalidTransition'; readonly message: string; readonly from: string; readonly command: string }
  | { readonly code: 'OutstandingReviews'; readonly message: string; readonly outstanding: number }
  | { readonly code: 'ExtensionTooLong'; readonly message: string; readonly maxDays: number }
  | { readonly code: 'NothingPending'; readonly message: string }
  | { readonly code: 'NoReviewerAvailable'; readonly message: string; readonly items: ReadonlyArray<ItemProblem> }
  | { readonly code: 'VersionConflict'; readonly message: string; readonly expected: number; readonly actual: number }
  | { readonly code: 'DuplicateCommand'; readonly message: string; readonly commandId: string }

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
