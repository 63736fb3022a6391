/**
 * A persistent (immutable, structurally shared) string-keyed map: a hash
 * array mapped trie (HAMT) with 32-way branching over a 32-bit FNV-1a hash.
 * Setting one key copies only the path to it (at most 7 nodes of at most 32
 * slots), so updating one entry of a large map costs the same as updating
 * one of a small one; building a map from many entries at once
 * (`fromEntries`) costs one insert each, without copies. The campaign keeps
 * its active users and fulfillment results in one (its packets are kept by
 * position instead: src/campaign/packets.ts, D25).
 *
 * Every node also keeps two aggregates of its subtree, the least `lo` and the
 * greatest `hi` of the values' measures, when the map is built with a
 * measure (the packets of subjects outside the scope are kept in one so
 * measured), so that the least and greatest are read from the root instead
 * of a scan.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A persistent map from string keys to values.
 * @since 0.1.0
 * @category Internals
 */
export interface PMap<V> {
  readonly size: number
  readonly root: PMapNode<V> | undefined
}

/**
 * A node of a {@link PMap}: a branch (`t` 0: a bitmap of the occupied 5-bit
 * slots and their nodes), a leaf (`t` 1: one entry) or a collision (`t` 2:
 * entries whose keys share one hash, in `slots`). `lo`/`hi` aggregate the
 * measures below it. Every node has every field (one object shape keeps
 * property reads fast).
 * @since 0.1.0
 * @category Internals
 */
export interface PMapNode<V> {
  readonly t: 0 | 1 | 2
  readonly hash: number
  readonly key: string
  readonly value: V | undefined
  readonly bitmap: number
  readonly slots: ReadonlyArray<PMapNode<V>>
  readonly lo: number
  readonly hi: number
}

/**
 * The two numbers a map aggregates for a value: the map keeps the least `lo`
 * and the greatest `hi` of its values. `Infinity` / `-Infinity` mean "none".
 * @since 0.1.0
 * @category Internals
 */
export interface Measure {
  readonly lo: number
  readonly hi: number
}

const NONE: Measure = { lo: Number.POSITIVE_INFINITY, hi: Number.NEGATIVE_INFINITY }
const unmeasured = (): Measure => NONE

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/** A node under construction: only nodes created by the current batch are ever written. */
interface Mutable<V> {
  t: 0 | 1 | 2
  hash: number
  key: string
  value: V | undefined
  bitmap: number
  slots: Array<PMapNode<V>>
  lo: number
  hi: number
}

/**
 * The nodes one batch of updates created: those (and only those) may be
 * written in place by later updates of the same batch.
 * @since 0.1.0
 * @category Internals
 */
export type Batch = Set<object>

const BITS = 5
const MASK = 31
const NO_SLOTS: ReadonlyArray<never> = []

/**
 * The 32-bit FNV-1a hash of a string's UTF-16 code units, unsigned (the
 * scope's id index's and the persistent maps' hash).
 * @example
 * import { hashOf } from '../../src/shared/pmap.js' // internal
 * hashOf('') // 2166136261
 * hashOf('k4uzx') === hashOf('kf2ad') // true (a collision the tests use)
 * @since 0.2.0
 * @category Internals
 * @internal
 */
export const hashOf = (key: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

const popcount = (x: number): number => {
  let v = x - ((x >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 63
}

const fragment = (hash: number, shift: number): number => (hash >>> shift) & MASK

const node = <V>(
  t: 0 | 1 | 2,
  hash: number,
  key: string,
  value: V | undefined,
  bitmap: number,
  slots: Array<PMapNode<V>>,
  batch: Batch | undefined,
): Mutable<V> => {
  const n: Mutable<V> = { t, hash, key, value, bitmap, slots, lo: Number.POSITIVE_INFINITY, hi: Number.NEGATIVE_INFINITY }
  if (batch !== undefined && t !== 1) batch.add(n)
  return n
}

const remeasure = <V>(n: Mutable<V>): Mutable<V> => {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  const slots = n.slots
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i] as PMapNode<V>
    if (s.lo < lo) lo = s.lo
    if (s.hi > hi) hi = s.hi
  }
  n.lo = lo
  n.hi = hi
  return n
}

const leaf = <V>(hash: number, key: string, value: V, measure: (v: V) => Measure): PMapNode<V> => {
  const n = node<V>(1, hash, key, value, 0, NO_SLOTS as unknown as Array<PMapNode<V>>, undefined)
  const m = measure(value)
  n.lo = m.lo
  n.hi = m.hi
  return n
}

// A node of this batch to write into: the node itself when the batch owns it, a copy otherwise.
const editable = <V>(n: PMapNode<V>, batch: Batch | undefined): Mutable<V> =>
  batch !== undefined && batch.has(n) ? (n as Mutable<V>) : node(n.t, n.hash, n.key, n.value, n.bitmap, n.slots.slice(), batch)

// A node written by an update, measured now; a node of a batch is measured
// once, when its builder is done (`seal`): measuring a node reads every
// child, and a build of 250,000 entries would read each path's children once
// per entry below it.
const measured = <V>(n: Mutable<V>, batch: Batch | undefined): Mutable<V> => (batch === undefined ? remeasure(n) : n)

// Two nodes with different hashes (or equal ones: a collision) under one new subtree.
const join = <V>(a: PMapNode<V>, b: PMapNode<V>, shift: number, batch: Batch | undefined): PMapNode<V> => {
  if (a.hash === b.hash) {
    const leaves = a.t === 2 ? [...a.slots, b] : [a, b]
    return measured(node<V>(2, a.hash, '', undefined, 0, leaves, batch), batch)
  }
  const fa = fragment(a.hash, shift)
  const fb = fragment(b.hash, shift)
  if (fa === fb) return measured(node<V>(0, 0, '', undefined, 1 << fa, [join(a, b, shift + BITS, batch)], batch), batch)
  return measured(node<V>(0, 0, '', undefined, (1 << fa) | (1 << fb), fa < fb ? [a, b] : [b, a], batch), batch)
}

// The node with leaf `l` set; `added.value` tells whether the key was new.
// `batch`: see `PMapBuilder` (its nodes are written in place, measured when it is done).
const insert = <V>(n: PMapNode<V>, l: PMapNode<V>, shift: number, added: { value: boolean }, batch: Batch | undefined): PMapNode<V> => {
  if (n.t === 1) {
    if (n.key === l.key) return l
    added.value = true
    return join(n, l, shift, batch)
  }
  if (n.t === 2) {
    if (n.hash !== l.hash) {
      added.value = true
      return join(n, l, shift, batch)
    }
    const e = editable(n, batch)
    const i = e.slots.findIndex((x) => x.key === l.key)
    if (i < 0) {
      added.value = true
      e.slots.push(l)
    } else e.slots[i] = l
    return measured(e, batch)
  }
  const bit = 1 << fragment(l.hash, shift)
  const i = popcount(n.bitmap & (bit - 1))
  const e = editable(n, batch)
  if ((n.bitmap & bit) === 0) {
    added.value = true
    e.slots.splice(i, 0, l)
    e.bitmap = n.bitmap | bit
  } else {
    const child = e.slots[i] as PMapNode<V>
    e.slots[i] = insert(child, l, shift + BITS, added, batch)
  }
  return measured(e, batch)
}

// Measures the nodes of `batch` under `n`, children before parents, each once.
const seal = <V>(n: PMapNode<V> | undefined, batch: Batch): void => {
  if (n === undefined || n.t === 1 || !batch.has(n)) return
  const slots = n.slots
  for (let i = 0; i < slots.length; i++) seal(slots[i], batch)
  remeasure(n as Mutable<V>)
}

const find = <V>(root: PMapNode<V> | undefined, key: string): PMapNode<V> | undefined => {
  const hash = hashOf(key)
  let n = root
  let shift = 0
  while (n !== undefined) {
    if (n.t === 1) return n.key === key ? n : undefined
    if (n.t === 2) return n.hash === hash ? n.slots.find((x) => x.key === key) : undefined
    const bit = 1 << fragment(hash, shift)
    if ((n.bitmap & bit) === 0) return undefined
    n = n.slots[popcount(n.bitmap & (bit - 1))]
    shift += BITS
  }
  return undefined
}

const collect = <V>(n: PMapNode<V> | undefined, keep: (n: PMapNode<V>) => boolean, out: V[]): void => {
  if (n === undefined || !keep(n)) return
  if (n.t === 1) out.push(n.value as V)
  else for (const s of n.slots) collect(s, keep, out)
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const empty = <V>(): PMap<V> => ({ size: 0, root: undefined })

const get = <V>(m: PMap<V>, key: string): V | undefined => find(m.root, key)?.value

// One update: the nodes on the path are copied, never written (many updates
// at once go through a builder).
const set = <V>(m: PMap<V>, key: string, value: V, measure: (v: V) => Measure = unmeasured): PMap<V> => {
  const l = leaf(hashOf(key), key, value, measure)
  if (m.root === undefined) return { size: 1, root: l }
  const added = { value: false }
  const root = insert(m.root, l, 0, added, undefined)
  return { size: added.value ? m.size + 1 : m.size, root }
}

/**
 * Sets many keys of a map at once: `put` each entry, then `done` for the
 * new map. The nodes the builder creates are written in place and measured
 * once, in `done`; the map it started from is never changed.
 * @example
 * import { PMap } from '../../src/shared/pmap.js' // internal
 * const b = PMap.builder(PMap.empty<number>())
 * b.put('a', 1)
 * b.put('a', 2)
 * PMap.get(b.done(), 'a') // 2
 * @since 0.2.0
 * @category Internals
 */
export interface PMapBuilder<V> {
  /** Sets `key` to `value` (a later put of a key wins). */
  readonly put: (key: string, value: V) => void
  /** The map with every put applied (the builder is not used afterwards). */
  readonly done: () => PMap<V>
}

const builder = <V>(m: PMap<V>, measure: (v: V) => Measure = unmeasured): PMapBuilder<V> => {
  const batch: Batch = new Set()
  let root = m.root
  let size = m.size
  const added = { value: false }
  return {
    put: (key, value) => {
      const l = leaf(hashOf(key), key, value, measure)
      if (root === undefined) {
        root = l
        size = 1
        return
      }
      added.value = false
      root = insert(root, l, 0, added, batch)
      if (added.value) size++
    },
    done: () => {
      seal(root, batch)
      return { size, root }
    },
  }
}

const fromEntries = <V>(entries: Iterable<readonly [string, V]>, measure: (v: V) => Measure = unmeasured): PMap<V> => {
  const b = builder(empty<V>(), measure)
  for (const [k, v] of entries) b.put(k, v)
  return b.done()
}

const values = <V>(m: PMap<V>): ReadonlyArray<V> => {
  const out: V[] = []
  collect(m.root, () => true, out)
  return out
}

const lo = <V>(m: PMap<V>): number => m.root?.lo ?? Number.POSITIVE_INFINITY

const hi = <V>(m: PMap<V>): number => m.root?.hi ?? Number.NEGATIVE_INFINITY

// Every value whose measure's `lo` is `at`, visiting only the subtrees whose
// least `lo` is at most `at`: O(k log n) for k such values.
const valuesWithLo = <V>(m: PMap<V>, at: number): ReadonlyArray<V> => {
  const out: V[] = []
  collect(m.root, (n) => (n.t === 1 ? n.lo === at : n.lo <= at), out)
  return out
}

/**
 * Operations on {@link PMap}.
 * @example
 * import { PMap } from '../../src/shared/pmap.js' // internal
 * const m = PMap.set(PMap.empty<number>(), 'a', 1)
 * PMap.get(m, 'a') // 1
 * PMap.get(m, 'constructor') // undefined
 * const timed = PMap.fromEntries([['p', 5], ['q', 3]], (v) => ({ lo: v, hi: v }))
 * const bounds = [PMap.lo(timed), PMap.hi(timed)]
 * bounds // [3, 5]
 * PMap.valuesWithLo(timed, 3) // [3]
 * const b = PMap.builder(timed, (v) => ({ lo: v, hi: v }))
 * b.put('r', 1)
 * b.put('p', 9)
 * const more = b.done()
 * ;[PMap.lo(more), PMap.hi(more), more.size] // [1, 9, 3]
 * PMap.get(timed, 'p') // 5 (unchanged)
 * @since 0.1.0
 * @category Internals
 */
export const PMap = {
  /** The empty map. */
  empty,
  /** The value of a key, or `undefined` (never an inherited member). */
  get,
  /** A new map with `key` set to `value` (measured with `measure`, if the map aggregates one); the map it came from is unchanged. */
  set,
  /** A map of the entries (a later entry wins over an earlier one with the same key). */
  fromEntries,
  /** A builder that sets many keys of `m` at once (see {@link PMapBuilder}). */
  builder,
  /** Every value, in trie order. */
  values,
  /** The least `lo` of the values' measures (`Infinity` when none). */
  lo,
  /** The greatest `hi` of the values' measures (`-Infinity` when none). */
  hi,
  /** The values whose measure's `lo` equals `at`. */
  valuesWithLo,
} as const
