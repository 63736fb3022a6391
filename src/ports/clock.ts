/**
 * The `Clock` port: the only way the service learns the time.
 *
 * @since 0.1.0
 */
import type { Instant } from '../schedule/time.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Tells the current instant. The service stamps every command and every
 * `tick` with it and never reads the system clock, so a test clock set to
 * 2000-01-01 drives every timestamp, deadline and reminder (R31). A clock
 * cannot fail, so `now` returns a plain `Promise<Instant>`.
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
