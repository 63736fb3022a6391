/**
 * The `Clock` port: the only way the service learns the time.
 *
 * @since 0.1.0
 */
import type { Instant } from '../schedule/time.js'
import type { PortFailureReason } from './result.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Tells the current instant. The service stamps every command and every
 * `tick` with it and never reads the system clock, so a test clock set to
 * 2000-01-01 drives every timestamp, deadline and reminder (R31). A clock
 * is not expected to fail, so `now` returns a plain `Promise<Instant>`; the
 * service still gives it a deadline and checks the answer (see
 * {@link ClockUnavailable}).
 *
 * @example
 * import type { Clock } from 'access-review-core'
 * import { at } from 'access-review-core/testing'
 * const clock: Clock = { now: async () => at('2000-01-01T00:00:00Z') }
 * // await clock.now() === 946684800000
 * @since 0.1.0
 * @category Service and ports
 */
export interface Clock {
  /** The current instant. */
  readonly now: () => Promise<Instant>
}

/**
 * The Clock port did not answer within the service's deadline, rejected, or
 * answered with something that is not an {@link Instant}. The service did
 * nothing (no load, no append), so the call can simply be repeated.
 *
 * @example
 * import type { ClockUnavailable } from 'access-review-core'
 * const e: ClockUnavailable = { code: 'ClockUnavailable', message: 'the clock did not answer within 5000 ms', reason: 'deadline' }
 * e.reason // 'deadline'
 * @since 0.1.0
 * @category Service and ports
 */
export interface ClockUnavailable {
  readonly code: 'ClockUnavailable'
  readonly message: string
  readonly reason: PortFailureReason
}
