/**
 * Lists without repeats, in first-seen order, built one value at a time.
 *
 * Most such lists are short (the reviewers of one window, the items of one
 * packet for one recipient): a scan of the list is cheaper than a set for
 * them. Past {@link SCAN_LIMIT} values a set is kept beside the list, so a
 * long list costs O(values), never O(values²).
 *
 * @since 0.2.0
 */

/**
 * How many values a list is scanned for repeats before a set takes over.
 * @example
 * import { SCAN_LIMIT } from '../../src/shared/unique.js' // internal
 * SCAN_LIMIT // 16
 * @since 0.2.0
 * @category Internals
 * @internal
 */
export const SCAN_LIMIT = 16

/**
 * Appends `x` to `list` unless it is there already. `seen` is the set the
 * previous call returned for this list (`undefined` at first); the call
 * returns the set to pass next time (`undefined` while the list is short).
 * @example
 * import { pushUnique } from '../../src/shared/unique.js' // internal
 * const list: string[] = []
 * let seen: Set<string> | undefined
 * for (const x of ['mia', 'rick', 'mia']) seen = pushUnique(list, x, seen)
 * list // ['mia', 'rick']
 * @since 0.2.0
 * @category Internals
 * @internal
 */
export const pushUnique = <A>(list: A[], x: A, seen: Set<A> | undefined): Set<A> | undefined => {
  if (seen !== undefined) {
    if (!seen.has(x)) {
      seen.add(x)
      list.push(x)
    }
    return seen
  }
  if (list.includes(x)) return undefined
  list.push(x)
  return list.length > SCAN_LIMIT ? new Set(list) : undefined
}
