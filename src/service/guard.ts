/**
 * How the service calls a port: with a deadline, catching a rejection (or a
 * synchronous throw), and checking that the answer has the port's shape
 * before anything reads it. Whatever the adapter does, a call settles within
 * the deadline with a value the service can branch on.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { PortFailureReason } from '../ports/result.js'

// -------------------------------------------------------------------------------------
// deadline
// -------------------------------------------------------------------------------------

/**
 * How a port call ended: it answered (with anything), missed its deadline,
 * or rejected / threw.
 * @example
 * import type { CallOutcome } from '../../src/service/guard.js' // internal
 * const late: CallOutcome = { _tag: 'deadline' }
 * late._tag // 'deadline'
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export type CallOutcome =
  | { readonly _tag: 'answered'; readonly value: unknown }
  | { readonly _tag: 'deadline' }
  | { readonly _tag: 'rejected'; readonly error: unknown }

/**
 * Runs `invoke` and settles with its outcome, or with `deadline` after `ms`
 * milliseconds, whichever comes first. Never rejects: a synchronous throw and
 * a rejected promise are both `rejected`. The timer is cleared as soon as the
 * call settles; a call that settles after its deadline is ignored.
 * @example
 * import { within } from '../../src/service/guard.js' // internal
 * await within(10, async () => 42) // { _tag: 'answered', value: 42 }
 * await within(10, () => new Promise(() => undefined)) // { _tag: 'deadline' }
 * const thrown = await within(10, () => { throw new Error('boom') })
 * thrown._tag // 'rejected'
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const within = (ms: number, invoke: () => unknown): Promise<CallOutcome> =>
  new Promise<CallOutcome>((resolve) => {
    let settled = false
    const settle = (outcome: CallOutcome): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(outcome)
    }
    const timer = setTimeout(() => settle({ _tag: 'deadline' }), ms)
    try {
      Promise.resolve(invoke()).then(
        (value) => settle({ _tag: 'answered', value }),
        (error: unknown) => settle({ _tag: 'rejected', error }),
      )
    } catch (error) {
      settle({ _tag: 'rejected', error })
    }
  })

/**
 * A short, safe description of a thrown value: an `Error`'s message cut to
 * 200 characters, or the value's type. Never throws (a hostile `message`
 * getter is caught).
 * @example
 * import { describeThrown } from '../../src/service/guard.js' // internal
 * describeThrown(new Error('connection reset')) // 'connection reset'
 * describeThrown(42) // 'a number'
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const describeThrown = (error: unknown): string => {
  try {
    if (error instanceof Error && typeof error.message === 'string') return error.message.length > 200 ? `${error.message.slice(0, 200)}…` : error.message
  } catch {
    // fall through to the type
  }
  return error === null ? 'null' : `a${/^[aeiou]/.test(typeof error) ? 'n' : ''} ${typeof error}`
}

// -------------------------------------------------------------------------------------
// answers
// -------------------------------------------------------------------------------------

/**
 * An `Either` whose `Left` is checked by `left` and whose `Right` by `right`
 * (the shape of every port answer).
 * @example
 * import * as t from 'io-ts'
 * import { eitherOf } from '../../src/service/guard.js' // internal
 * eitherOf(t.string, t.boolean).is({ _tag: 'Right', right: true }) // true
 * eitherOf(t.string, t.boolean).is({ _tag: 'Right', right: 'yes' }) // false
 * eitherOf(t.string, t.boolean).is(undefined) // false
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const eitherOf = <L extends t.Mixed, R extends t.Mixed>(left: L, right: R) =>
  t.union([t.type({ _tag: t.literal('Left'), left }), t.type({ _tag: t.literal('Right'), right })])

/**
 * A port failure of one kind, made by the service: `fail(reason, message)`.
 * @example
 * import type { MakeFailure } from '../../src/service/guard.js' // internal
 * import type { StoreUnavailable } from 'access-review-core'
 * const fail: MakeFailure<StoreUnavailable> = (reason, message) => ({ code: 'StoreUnavailable', message, reason })
 * fail('deadline', 'late').reason // 'deadline'
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export type MakeFailure<F> = (reason: PortFailureReason, message: string) => F

/**
 * Calls a port function with a deadline and checks its answer: the answer
 * if it passes `answer`, else the failure `fail` makes (`deadline`,
 * `rejected` or `malformed`). `what` names the call in messages.
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as t from 'io-ts'
 * import { askPort, eitherOf } from '../../src/service/guard.js' // internal
 * const fail = (reason: string, message: string) => ({ code: 'StoreUnavailable' as const, message, reason })
 * const isAnswer = (u: unknown): u is E.Either<string, boolean> => eitherOf(t.string, t.boolean).is(u)
 * const ok = await askPort(10, 'the store', 'claim', () => Promise.resolve(E.right(true)), isAnswer, fail)
 * ok // { _tag: 'Right', right: true }
 * const bad = await askPort(10, 'the store', 'claim', () => Promise.resolve('yes'), isAnswer, fail)
 * bad // { _tag: 'Left', left: { code: 'StoreUnavailable', message: 'the store answered claim with something that is not its Either', reason: 'malformed' } }
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const askPort = async <L, R, F>(
  ms: number,
  port: string,
  what: string,
  invoke: () => unknown,
  answer: t.Is<E.Either<L, R>>,
  fail: MakeFailure<F>,
): Promise<E.Either<L | F, R>> => {
  const outcome = await within(ms, invoke)
  switch (outcome._tag) {
    case 'deadline':
      return E.left(fail('deadline', `${port} did not answer ${what} within ${ms} ms`))
    case 'rejected':
      return E.left(fail('rejected', `${port} rejected ${what}: ${describeThrown(outcome.error)}`))
    case 'answered': {
      let ok = false
      try {
        ok = answer(outcome.value)
      } catch {
        ok = false
      }
      return ok ? (outcome.value as E.Either<L, R>) : E.left(fail('malformed', `${port} answered ${what} with something that is not its Either`))
    }
  }
}
