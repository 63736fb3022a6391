/**
 * Interning: one copy of each distinct immutable value.
 * @since 0.2.0
 */

/**
 * A function that returns, for each value, the first value it was given with
 * the same key, so that equal immutable values share one object. The caller
 * passes the key (it often needs it for something else too). Used at publish
 * for reviewer chains, which many items have in common (issue 9: memory grows
 * with the distinct values, not with the items).
 * @example
 * import { interner } from '../../src/shared/intern.js' // internal
 * const share = interner<ReadonlyArray<string>>()
 * const a = share(['mia'], 'mia')
 * share(['mia'], 'mia') === a // true
 * share(['max'], 'max') === a // false
 * @since 0.2.0
 * @category Internals
 * @internal
 */
export const interner = <A>(): ((a: A, key: string) => A) => {
  const seen = new Map<string, A>()
  return (a, key) => {
    const first = seen.get(key)
    if (first !== undefined) return first
    seen.set(key, a)
    return a
  }
}

/**
 * How many distinct values a bucket of {@link bucketInterner} keeps.
 * @example
 * import { BUCKET_LIMIT } from '../../src/shared/intern.js' // internal
 * BUCKET_LIMIT // 16
 * @since 0.2.0
 * @category Internals
 * @internal
 */
export const BUCKET_LIMIT = 16

/**
 * Like {@link interner}, for values whose full key would cost more to build
 * than to compare: each value comes with a `bucket` text that equal values
 * share, and is compared with `same` only against the values of its bucket
 * (usually one). The bucket text is typically a key the caller has built
 * anyway. A bucket keeps at most {@link BUCKET_LIMIT} values: a value
 * that matches none of them is answered as it is, unshared, so that the
 * cost per value stays bounded however badly the buckets are chosen.
 * @example
 * import { bucketInterner } from '../../src/shared/intern.js' // internal
 * const share = bucketInterner((a: { n: number }, b: { n: number }) => a.n === b.n)
 * const a = share({ n: 1 }, 'odd')
 * share({ n: 1 }, 'odd') === a // true
 * share({ n: 3 }, 'odd') === a // false
 * @since 0.2.0
 * @category Internals
 * @internal
 */
export const bucketInterner = <A>(same: (a: A, b: A) => boolean): ((a: A, bucket: string) => A) => {
  const seen = new Map<string, A[]>()
  return (a, bucket) => {
    const known = seen.get(bucket)
    if (known === undefined) {
      seen.set(bucket, [a])
      return a
    }
    for (const b of known) if (same(a, b)) return b
    if (known.length < BUCKET_LIMIT) known.push(a)
    return a
  }
}
