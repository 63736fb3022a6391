/**
 * Interning: one copy of each distinct immutable value.
 * @since 0.2.0
 */

/**
 * A function that returns, for each value, the first value it was given with
 * the same key (`keyOf`), so that equal immutable values share one object.
 * Used at publish for reviewer chains and resolution traces, which many items
 * have in common (issue 9: memory grows with the distinct values, not with
 * the items).
 * @example
 * import { interner } from '../../src/shared/intern.js' // internal
 * const share = interner((xs: ReadonlyArray<string>) => xs.join('\u0001'))
 * const a = share(['mia'])
 * share(['mia']) === a // true
 * share(['max']) === a // false
 * @since 0.2.0
 * @category Internals
 * @internal
 */
export const interner = <A>(keyOf: (a: A) => string): ((a: A) => A) => {
  const seen = new Map<string, A>()
  return (a) => {
    const key = keyOf(a)
    const first = seen.get(key)
    if (first !== undefined) return first
    seen.set(key, a)
    return a
  }
}
