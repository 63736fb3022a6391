/**
 * The packets of a campaign by their position in scope order (issue 9): a
 * persistent vector of chunks of 512 packets, indexed by positions assigned
 * once per scope and shared by every state of the campaign. Listing the
 * packets in scope order reads the chunks in turn (no lookup per packet); a
 * packet is found by its position (one map lookup, then two array reads);
 * an update copies the chunk it touches and the chunk table, and a batch of
 * updates (`builder`) copies each touched chunk once. Each chunk keeps the
 * least next lapse and the greatest projected end of its packets, and the
 * map keeps them for all chunks, so that the next wake-up and the derived
 * due date are read, not scanned.
 *
 * @since 0.2.0
 */
import type { Packet } from './state.js'
import { PMap } from '../shared/pmap.js'
import type { Measure } from '../shared/pmap.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One chunk of a {@link PacketMap}: up to 512 packets at consecutive
 * positions, with each one's measures (`los`: next lapse, `his`: projected
 * end; `Infinity` / `-Infinity` for none) and their least and greatest.
 * @since 0.2.0
 * @category Internals
 */
export interface PacketChunk {
  readonly packets: ReadonlyArray<Packet | undefined>
  readonly los: ReadonlyArray<number>
  readonly his: ReadonlyArray<number>
  readonly lo: number
  readonly hi: number
  readonly count: number
}

/**
 * The packets of a campaign: `positions` gives each subject of the scope its
 * place (shared by every state of the campaign), `chunks` holds the packets
 * by place, `others` the packets of subjects outside the scope (none, unless
 * a log says otherwise), `lo` the least next lapse and `hi` the greatest
 * projected end of all packets.
 * @since 0.2.0
 * @category Internals
 */
export interface PacketMap {
  readonly size: number
  readonly lo: number
  readonly hi: number
  readonly positions: ReadonlyMap<string, number>
  readonly chunks: ReadonlyArray<PacketChunk | undefined>
  readonly others: PMap<Packet>
}

/**
 * Sets many packets at once: `put` each, then `done` for the new map. The
 * chunks it copies are written in place and measured once, in `done`; the
 * map it started from is never changed.
 * @since 0.2.0
 * @category Internals
 */
export interface PacketMapBuilder {
  /** Sets the packet of `id` (a later put of an id wins). */
  readonly put: (id: string, packet: Packet) => void
  /** The map with every put applied (the builder is not used afterwards). */
  readonly done: () => PacketMap
}

/**
 * A working copy of a packets map for a fold (`Packets.draft`): `get` reads
 * the packet of an id as the draft holds it, `set` replaces it, and `done`
 * passes each packet set once through `finish` (in the order first set) and
 * gives the new map. Each id is looked up in the positions once for a `get`
 * followed by `set`s of the same id, and each touched chunk is copied once;
 * the map the draft started from is never changed.
 * @since 0.2.0
 * @category Internals
 */
export interface PacketMapDraft {
  /** The packet of `id` as the draft holds it now, or `undefined`. */
  readonly get: (id: string) => Packet | undefined
  /** Replaces the packet of `id` (finished by `done`). */
  readonly set: (id: string, packet: Packet) => void
  /** The map with every packet set, each passed once through `finish` (the draft is not used afterwards). */
  readonly done: (finish: (p: Packet) => Packet) => PacketMap
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const BITS = 9
const SIZE = 1 << BITS
const MASK = SIZE - 1

interface MutableChunk {
  packets: Array<Packet | undefined>
  los: number[]
  his: number[]
  lo: number
  hi: number
  count: number
}

// What the map keeps of a packet outside the scope: its next lapse and its projected end.
const packetMeasure = (p: Packet): Measure => ({ lo: p.nextLapseAt ?? Number.POSITIVE_INFINITY, hi: p.projectedEndAt ?? Number.NEGATIVE_INFINITY })

const newChunk = (length: number): MutableChunk => ({
  packets: new Array<Packet | undefined>(length).fill(undefined),
  // arrays of numbers only: V8 keeps them as unboxed doubles (and, unlike typed arrays, they can be frozen)
  los: new Array<number>(length).fill(Number.POSITIVE_INFINITY),
  his: new Array<number>(length).fill(Number.NEGATIVE_INFINITY),
  lo: Number.POSITIVE_INFINITY,
  hi: Number.NEGATIVE_INFINITY,
  count: 0,
})

const copyChunk = (c: PacketChunk): MutableChunk => ({ packets: c.packets.slice(), los: c.los.slice(), his: c.his.slice(), lo: c.lo, hi: c.hi, count: c.count })

// The length of chunk `k` of a map of `n` positions: the last one may be shorter.
const chunkLength = (n: number, k: number): number => Math.min(SIZE, n - k * SIZE)

const remeasure = (c: MutableChunk): void => {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  const { los, his } = c
  for (let i = 0; i < los.length; i++) {
    const l = los[i] as number
    const h = his[i] as number
    if (l < lo) lo = l
    if (h > hi) hi = h
  }
  c.lo = lo
  c.hi = hi
}

const bounds = (chunks: ReadonlyArray<PacketChunk | undefined>, others: PMap<Packet>): { readonly lo: number; readonly hi: number } => {
  let lo = PMap.lo(others)
  let hi = PMap.hi(others)
  for (let k = 0; k < chunks.length; k++) {
    const c = chunks[k]
    if (c === undefined) continue
    if (c.lo < lo) lo = c.lo
    if (c.hi > hi) hi = c.hi
  }
  return { lo, hi }
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

const empty = (positions: ReadonlyMap<string, number>): PacketMap => ({
  size: 0,
  lo: Number.POSITIVE_INFINITY,
  hi: Number.NEGATIVE_INFINITY,
  positions,
  chunks: new Array<PacketChunk | undefined>(Math.ceil(positions.size / SIZE)).fill(undefined),
  others: PMap.empty(),
})

// Each position's id, for the guesses of `positionFinder` (built once per positions map).
const idsByPosition = new WeakMap<ReadonlyMap<string, number>, ReadonlyArray<string | undefined>>()
const idsOf = (positions: ReadonlyMap<string, number>): ReadonlyArray<string | undefined> => {
  const known = idsByPosition.get(positions)
  if (known !== undefined) return known
  const ids = new Array<string | undefined>(positions.size).fill(undefined)
  positions.forEach((at, id) => {
    ids[at] = id
  })
  idsByPosition.set(positions, ids)
  return ids
}

// The position of an id, or -1 outside the scope; for a walk that mostly
// goes in scope order (a command's events, a replayed log, a bulk command's
// items, the packets of a lapse): the id asked last, then the position as
// far after it as the last step went (a lapse of every tenth packet steps
// by ten), then the position after it are tried before the positions map.
// At a million items that map holds 250,000 subjects, far beyond the
// processor's caches, so each probe costs several cache misses; a guess is
// one read of the id that the packet's own place keeps.
const positionFinder = (positions: ReadonlyMap<string, number>): ((id: string) => number) => {
  const ids = idsOf(positions)
  let lastId: string | undefined
  let lastAt = -1
  let stride = 1
  return (id) => {
    if (id === lastId) return lastAt
    const far = lastAt + stride
    const next = lastAt + 1
    const at = ids[far] === id ? far : ids[next] === id ? next : (positions.get(id) ?? -1)
    stride = at > lastAt ? at - lastAt : 1
    lastAt = at
    lastId = id
    return at
  }
}

// The packet kept at a position of the scope, or `undefined`.
const packetAt = (chunks: ReadonlyArray<PacketChunk | undefined>, at: number): Packet | undefined => chunks[at >> BITS]?.packets[at & MASK]

const get = (m: PacketMap, id: string): Packet | undefined => {
  const at = m.positions.get(id)
  return at === undefined ? PMap.get(m.others, id) : packetAt(m.chunks, at)
}

// A draft (see `PacketMapDraft`). Positions are found by `positionFinder`
// (a fold's events on one packet come together, and its packets mostly in
// scope order), and the places set are marked per copied chunk instead of
// kept in a map by id.
const draft = (m: PacketMap): PacketMapDraft => {
  let chunks: Array<PacketChunk | undefined> | undefined
  // the chunks this draft made, each with a mark per place set
  const owned = new Map<MutableChunk, Uint8Array>()
  // the positions set, in the order first set
  const order: number[] = []
  let others: Map<string, Packet> | undefined
  let size = m.size
  const n = m.positions.size
  const positionOf = positionFinder(m.positions)
  return {
    get: (id) => {
      const at = positionOf(id)
      if (at < 0) return others?.get(id) ?? PMap.get(m.others, id)
      return packetAt(chunks ?? m.chunks, at)
    },
    set: (id, packet) => {
      const at = positionOf(id)
      if (at < 0) {
        ;(others ??= new Map()).set(id, packet)
        return
      }
      chunks ??= m.chunks.slice()
      const k = at >> BITS
      const i = at & MASK
      let c = chunks[k] as MutableChunk | undefined
      let marks = c === undefined ? undefined : owned.get(c)
      if (c === undefined || marks === undefined) {
        c = c === undefined ? newChunk(chunkLength(n, k)) : copyChunk(c)
        marks = new Uint8Array(c.packets.length)
        owned.set(c, marks)
        chunks[k] = c
      }
      if (marks[i] === 0) {
        marks[i] = 1
        order.push(at)
      }
      if (c.packets[i] === undefined) {
        c.count++
        size++
      }
      c.packets[i] = packet
    },
    done: (finish) => {
      const all = chunks ?? m.chunks
      for (let j = 0; j < order.length; j++) {
        const at = order[j] as number
        const c = all[at >> BITS] as MutableChunk
        const i = at & MASK
        const q = finish(c.packets[i] as Packet)
        c.packets[i] = q
        c.los[i] = q.nextLapseAt ?? Number.POSITIVE_INFINITY
        c.his[i] = q.projectedEndAt ?? Number.NEGATIVE_INFINITY
      }
      owned.forEach((_, c) => remeasure(c))
      let rest = m.others
      if (others !== undefined) {
        const b = PMap.builder(m.others, packetMeasure)
        others.forEach((p, id) => b.put(id, finish(p)))
        rest = b.done()
      }
      if (chunks === undefined && others === undefined) return m
      const { lo, hi } = bounds(all, rest)
      return { size: size + rest.size - m.others.size, lo, hi, positions: m.positions, chunks: all, others: rest }
    },
  }
}

// A builder is a draft whose packets are kept as they were put.
const builder = (m: PacketMap): PacketMapBuilder => {
  const d = draft(m)
  return { put: d.set, done: () => d.done(asPut) }
}

const asPut = (p: Packet): Packet => p

const set = (m: PacketMap, id: string, packet: Packet): PacketMap => {
  const b = builder(m)
  b.put(id, packet)
  return b.done()
}

const fromEntries = (positions: ReadonlyMap<string, number>, entries: Iterable<readonly [string, Packet]>): PacketMap => {
  const b = builder(empty(positions))
  for (const [id, p] of entries) b.put(id, p)
  return b.done()
}

// The packets at positions, in order (`keep` chooses chunks and, by their measures, places), then the others.
const collect = (m: PacketMap, chunkKept: (c: PacketChunk) => boolean, kept: (c: PacketChunk, i: number) => boolean, others: ReadonlyArray<Packet>): ReadonlyArray<Packet> => {
  const out: Packet[] = []
  for (let k = 0; k < m.chunks.length; k++) {
    const c = m.chunks[k]
    if (c === undefined || c.count === 0 || !chunkKept(c)) continue
    const ps = c.packets
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i]
      if (p !== undefined && kept(c, i)) out.push(p)
    }
  }
  for (const p of others) out.push(p)
  return out
}

const always = (): boolean => true

/**
 * Operations on {@link PacketMap}.
 * @example
 * import { Packets } from '../../src/campaign/packets.js' // internal
 * const positions = new Map([['s1', 0], ['s2', 1]])
 * const p = (id: string, lapse: number) => ({ id, itemIds: [], items: {}, clocks: [], plannedExtra: [], nextLapseAt: lapse }) as never
 * const m = Packets.set(Packets.set(Packets.empty(positions), 's2', p('s2', 7)), 's1', p('s1', 5))
 * Packets.values(m).map((x) => x.id) // ['s1', 's2']
 * ;[m.size, m.lo] // [2, 5]
 * Packets.valuesWithLo(m, 5).map((x) => x.id) // ['s1']
 * Packets.get(m, 's3') // undefined
 * @since 0.2.0
 * @category Internals
 * @internal
 */
export const Packets = {
  /** The map of no packet over `positions`. */
  empty,
  /** The packet of an id, or `undefined`. */
  get,
  /** A new map with the packet of `id` set; the map it came from is unchanged. */
  set,
  /** A builder that sets many packets of `m` at once (see {@link PacketMapBuilder}). */
  builder,
  /** A working copy of `m` for a fold (see {@link PacketMapDraft}). */
  draft,
  /** `get` for many ids of one map, mostly in scope order (each guessed after the one before, then looked up). */
  finder: (m: PacketMap): ((id: string) => Packet | undefined) => {
    const positionOf = positionFinder(m.positions)
    return (id) => {
      const at = positionOf(id)
      return at < 0 ? PMap.get(m.others, id) : packetAt(m.chunks, at)
    }
  },
  /** A map of the entries over `positions` (a later entry wins). */
  fromEntries,
  /** Every packet: those of the scope in scope order, then any other. */
  values: (m: PacketMap): ReadonlyArray<Packet> => collect(m, always, always, PMap.values(m.others)),
  /** The packets of the scope in scope order. */
  inOrder: (m: PacketMap): ReadonlyArray<Packet> => collect(m, always, always, []),
  /** The packets whose next lapse is `at` (in scope order, then any other). */
  valuesWithLo: (m: PacketMap, at: number): ReadonlyArray<Packet> =>
    collect(
      m,
      (c) => c.lo <= at,
      (c, i) => c.los[i] === at,
      PMap.valuesWithLo(m.others, at),
    ),
} as const
