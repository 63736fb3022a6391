/**
 * A small persistent (immutable, structurally shared) string-keyed map:
 * 1,024 buckets chosen by a 32-bit FNV-1a hash. Setting one key copies the
 * bucket table and one bucket, so updating one packet of a large campaign
 * does not copy every packet.
 *
 * @since 0.1.0
 */
import { lookup } from './codec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

const BUCKETS = 1024

/**
 * A persistent map from string keys to values.
 * @since 0.1.0
 * @category Internals
 */
export interface PMap<V> {
  readonly size: number
  readonly buckets: ReadonlyArray<Readonly<Record<string, V>> | undefined>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const empty = <V>(): PMap<V> => ({ size: 0, buckets: [] })

const bucketOf = (key: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0) % BUCKETS
}

const get = <V>(m: PMap<V>, key: string): V | undefined => {
  const b = m.buckets[bucketOf(key)]
  return b === undefined ? undefined : lookup(b, key)
}

const set = <V>(m: PMap<V>, key: string, value: V): PMap<V> => {
  const i = bucketOf(key)
  const old = m.buckets[i]
  const had = old !== undefined && Object.hasOwn(old, key)
  const bucket: Record<string, V> = { ...(old ?? {}) }
  Object.defineProperty(bucket, key, { value, enumerable: true, writable: true, configurable: true })
  const buckets = [...m.buckets]
  while (buckets.length <= i) buckets.push(undefined)
  buckets[i] = bucket
  return { size: had ? m.size : m.size + 1, buckets }
}

const values = <V>(m: PMap<V>): ReadonlyArray<V> => m.buckets.flatMap((b) => (b === undefined ? [] : Object.values(b)))

/**
 * Operations on {@link PMap}.
 * @example
 * import { PMap } from '../../src/shared/pmap.js' // internal
 * const m = PMap.set(PMap.empty<number>(), 'a', 1)
 * PMap.get(m, 'a') // 1
 * PMap.get(m, 'constructor') // undefined
 * @since 0.1.0
 * @category Internals
 */
export const PMap = {
  /** The empty map. */
  empty,
  /** The value of a key, or `undefined` (never an inherited member). */
  get,
  /** A new map with `key` set to `value`. */
  set,
  /** Every value, in bucket order. */
  values,
} as const
