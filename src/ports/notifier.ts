/**
 * The `Notifier` port: delivers notification intents (email, chat, ...).
 *
 * @since 0.1.0
 */
import type { NotificationIntent } from '../campaign/notification.js'
import type { PortFailureReason, PortResult } from './result.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Why a delivery failed. `retryable: false` still leaves the intent in the
 * outbox (the service retries every undelivered intent); it is for logs and
 * alerts.
 *
 * @example
 * import type { DeliveryFailed } from 'access-review-core'
 * const f: DeliveryFailed = { code: 'DeliveryFailed', message: 'SMTP 451', retryable: true }
 * @since 0.1.0
 * @category Service and ports
 */
export interface DeliveryFailed {
  readonly code: 'DeliveryFailed'
  readonly message: string
  readonly retryable: boolean
}

/**
 * The notifier did not answer within the service's deadline
 * (`portTimeoutMs`), rejected, or answered with something that is not a
 * `DeliveryFailed` or a success. Made by the service, never by an adapter
 * (an adapter that knows why it failed says `DeliveryFailed`). The intent
 * stays in the outbox and the pass over the outbox stops there: the rest is
 * left for the next `dispatch`.
 *
 * @example
 * import type { NotifierUnavailable } from 'access-review-core'
 * const e: NotifierUnavailable = { code: 'NotifierUnavailable', message: 'the notifier did not answer within 5000 ms', reason: 'deadline' }
 * e.code // 'NotifierUnavailable'
 * @since 0.1.0
 * @category Service and ports
 */
export interface NotifierUnavailable {
  readonly code: 'NotifierUnavailable'
  readonly message: string
  readonly reason: PortFailureReason
}

/**
 * Delivers one intent. Delivery is at-least-once: the service calls
 * `deliver` again for an intent whose earlier attempt failed (or whose
 * success was never acknowledged), so an adapter must treat `intent.id` as
 * the idempotency key and deliver each id to its recipient at most once
 * (for example by passing it as the provider's idempotency key or message
 * id). Run `notifierContract` from `access-review-core/testing` against an
 * adapter to check this.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import type { Notifier } from 'access-review-core'
 * const sent = new Set<string>()
 * const notifier: Notifier = {
 *   deliver: async (intent) => {
 *     sent.add(intent.id) // a set: the id is the idempotency key
 *     return E.right(undefined)
 *   },
 * }
 * @since 0.1.0
 * @category Service and ports
 */
export interface Notifier {
  /** Delivers `intent` to its recipient (idempotent on `intent.id`). */
  readonly deliver: (intent: NotificationIntent) => PortResult<DeliveryFailed, void>
}
