/**
 * The `Fulfiller` port: carries out fulfillment actions (remove access in
 * the application, open a ticket, ...).
 *
 * @since 0.1.0
 */
import type { FulfillmentAction, FulfillmentResult } from '../campaign/state.js'
import type { PortFailureReason, PortResult } from './result.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The fulfiller could not run the action at all (as opposed to running it
 * and reporting `failed`). The action stays open and is tried again. The
 * service makes one too, with a `reason`, when the fulfiller did not answer
 * within the deadline, rejected, or gave a malformed answer.
 *
 * @example
 * import type { FulfillmentUnavailable } from 'access-review-core'
 * const f: FulfillmentUnavailable = { code: 'FulfillmentUnavailable', message: 'connector offline' }
 * @since 0.1.0
 * @category Service and ports
 */
export interface FulfillmentUnavailable {
  readonly code: 'FulfillmentUnavailable'
  readonly message: string
  /** Set by the service when it, not the adapter, gave up on the call. */
  readonly reason?: PortFailureReason
}

/**
 * Executes one action of a completed campaign's fulfillment plan and reports
 * `done` or `failed`; the service records that result with a
 * `recordFulfillmentResult` command. Execution is at-least-once, so an
 * adapter must be idempotent on `action.itemId`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import type { Fulfiller } from 'access-review-core'
 * const fulfiller: Fulfiller = { execute: async (_action) => E.right('done') }
 * @since 0.1.0
 * @category Service and ports
 */
export interface Fulfiller {
  /** Executes `action` and reports its result. */
  readonly execute: (action: FulfillmentAction) => PortResult<FulfillmentUnavailable, FulfillmentResult>
}
