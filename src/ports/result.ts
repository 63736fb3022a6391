/**
 * The shape every port function returns: a `Promise` of an `Either`. A port
 * never rejects for an expected failure; it resolves to a `Left` carrying a
 * typed error (see D10 in docs/decisions.md for why not `TaskEither`).
 *
 * @since 0.1.0
 */
import type { Either } from 'fp-ts/lib/Either.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The result of a port call: resolves to `Left<E>` on an expected failure and
 * to `Right<A>` on success. A rejected promise is a defect of the adapter.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import type { PortResult } from 'access-review-core'
 * const ping = async (): PortResult<never, 'pong'> => E.right('pong')
 * // await ping() deep-equals { _tag: 'Right', right: 'pong' }
 * @since 0.1.0
 * @category Service and ports
 */
export type PortResult<E, A> = Promise<Either<E, A>>

/**
 * Why the service reports a port as unavailable when the adapter itself did
 * not say so: the call did not settle within the service's deadline
 * (`portTimeoutMs`), its promise was rejected (or it threw), or it answered
 * with something that is not the port's `Either`. Absent when the adapter
 * resolved to the `Left` itself.
 *
 * @example
 * import type { PortFailureReason } from 'access-review-core'
 * const retrySoon = (r: PortFailureReason | undefined): boolean => r === 'deadline'
 * retrySoon('deadline') // true
 * @since 0.1.0
 * @category Service and ports
 */
export type PortFailureReason = 'deadline' | 'rejected' | 'malformed'
