/**
 * An index of the ids of a list (a campaign's scope): id → position, and the
 * positions whose id came earlier in the list. Open addressing over typed
 * arrays (a 32-bit FNV-1a hash and the position of each slot), sized once
 * for the list: a million ids cost two arrays of 2^21 numbers and one probe
 * sequence each, not a million entries of a growing hash map (issue 9: the
 * scope's duplicate check was a tenth of a million-item create + publish,
 * and its item → subject map took 0.4 s to build).
 *
 * @since 0.2.0
 */
import { hashOf as fnv1a32 } from './pmap.js'

/**
 * The positions of a list's ids.
 * @since 0.2.0
 * @category Internals
 * @internal
 */
export interface IdIndex {
  /** The position of the last entry with this id, or -1. */
  readonly positionOf: (id: string) => number
  /** The positions whose id an earlier entry already had, in list order. */
  readonly repeats: ReadonlyArray<number>
}

// the persistent maps' hash (src/shared/pmap.ts), as a signed 32-bit number (what an Int32Array holds)
const hashOf = (key: string): number => fnv1a32(key) | 0

const build = (list: ReadonlyArray<{ readonly id: string }>): IdIndex => {
  // a power of two at least twice the length: probe sequences stay short
  let size = 16
  while (size < list.length * 2) size *= 2
  const mask = size - 1
  // slot → position + 1 (0: empty), and slot → the hash of its id
  const slots = new Int32Array(size)
  const hashes = new Int32Array(size)
  const repeats: number[] = []
  const slotOf = (id: string, h: number): number => {
    let slot = h & mask
    for (;;) {
      const at = slots[slot] as number
      if (at === 0 || ((hashes[slot] as number) === h && (list[at - 1] as { readonly id: string }).id === id)) return slot
      slot = (slot + 1) & mask
    }
  }
  for (let i = 0; i < list.length; i++) {
    const id = (list[i] as { readonly id: string }).id
    const h = hashOf(id)
    const slot = slotOf(id, h)
    if (slots[slot] !== 0) repeats.push(i)
    slots[slot] = i + 1
    hashes[slot] = h
  }
  return {
    positionOf: (id) => (slots[slotOf(id, hashOf(id))] as number) - 1,
    repeats,
  }
}

// A scope never changes, and its index serves every later state: built once per list.
const known = new WeakMap<object, IdIndex>()

/**
 * The index of a list's ids, built the first time it is asked for (the same
 * list object gives the same index).
 * @example
 * import { idIndex } from '../../src/shared/idindex.js' // internal
 * const ix = idIndex([{ id: 'a' }, { id: 'b' }, { id: 'a' }])
 * ix.positionOf('a') // 2
 * ix.positionOf('c') // -1
 * ix.repeats // [2]
 * @since 0.2.0
 * @category Internals
 * @internal
 */
export const idIndex = (list: ReadonlyArray<{ readonly id: string }>): IdIndex => {
  let ix = known.get(list)
  if (ix === undefined) {
    ix = build(list)
    known.set(list, ix)
  }
  return ix
}
