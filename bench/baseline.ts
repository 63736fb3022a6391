/**
 * The hand-written immutable baseline every figure is compared with, run in
 * the same process over the same inputs and the same decision stream.
 *
 * A plain reducer over a two-level persistent array of packets: chunks of
 * 1,024 packets under a chunk table. A command groups its items by packet,
 * copies the chunk table once, each touched chunk once and each touched
 * packet once (a packet is a status byte per item, its active level and tier
 * and its deadline). The id → index maps are built once at publish and
 * shared by every later state. Timers are a persistent index: deadline →
 * a chunked bitset of packets (copy-on-write per command, like the packets),
 * so "nothing due" is one look at the smallest deadline and a lapse costs
 * O(lapsing packets).
 *
 * It is a yardstick, not a second implementation: no audit trail, no
 * notifications, no attestations, fixed 24-hour days. It does the same
 * shape of work a design linear in its own work must do, so the ratio
 * "core / baseline" says how far a figure is from such a design.
 */
import type { CampaignEvent, Command } from '../src/index.js'

const CHUNK_BITS = 10
const CHUNK = 1 << CHUNK_BITS
const DAY = 86_400_000

export const PENDING = 0
export const MOVED = 1
export const APPROVED = 2
export const REVOKED = 3
export const EXPIRED = 4

/** Tier durations in days of levels 1, 2, 3 (as in bench/shape.ts). */
const TIERS: ReadonlyArray<ReadonlyArray<number>> = [
  [7, 3, 2],
  [7, 3, 2],
  [14, 3, 2],
]
const LEVELS = 3

export interface BPacket {
  readonly status: Uint8Array
  /** active level (1-based); 0 when the packet has nothing pending */
  readonly level: number
  readonly tier: number
  readonly deadline: number
  readonly pending: number
}

/** Built once at publish, shared by every later state (ids never change). */
export interface BIndex {
  readonly itemOf: Map<string, number>
  readonly itemPacket: Int32Array
  readonly itemSlot: Int32Array
  readonly itemOwner: ReadonlyArray<string>
  readonly itemApp: ReadonlyArray<string>
  /** item index → item id (the events name items by id) */
  readonly itemIds: ReadonlyArray<string>
  /** the campaign's id and name (the events' notifications name them) */
  readonly campaignId: string
  readonly campaignName: string
  readonly packetOf: Map<string, number>
  readonly packetIds: ReadonlyArray<string>
  readonly reviewer1: ReadonlyArray<string>
  readonly riskManagers: ReadonlySet<string>
  readonly packetItems: ReadonlyArray<Int32Array>
}

interface Bucket {
  readonly chunks: ReadonlyArray<Int32Array | undefined>
  readonly count: number
}

export interface BState {
  readonly ix: BIndex
  readonly table: ReadonlyArray<ReadonlyArray<BPacket>>
  readonly timers: ReadonlyMap<number, Bucket>
  readonly packets: number
}

// -------------------------------------------------------------------------------------
// transient editing of one command (copy on first touch)
// -------------------------------------------------------------------------------------

class Edit {
  readonly table: Array<ReadonlyArray<BPacket>>
  readonly #copied = new Set<number>()
  readonly timers: Map<number, Bucket>
  readonly #buckets = new Map<number, { chunks: Array<Int32Array | undefined>; count: number; copied: Set<number> }>()

  constructor(readonly s: BState) {
    this.table = s.table.slice()
    this.timers = new Map(s.timers)
  }

  get(p: number): BPacket {
    const chunk = this.table[p >> CHUNK_BITS]
    const packet = chunk?.[p & (CHUNK - 1)]
    if (packet === undefined) throw new RangeError(`baseline: no packet ${p}`)
    return packet
  }

  set(p: number, packet: BPacket): void {
    const ci = p >> CHUNK_BITS
    let chunk = this.table[ci]
    if (chunk === undefined) throw new RangeError(`baseline: no chunk ${ci}`)
    if (!this.#copied.has(ci)) {
      chunk = chunk.slice()
      this.table[ci] = chunk
      this.#copied.add(ci)
    }
    ;(chunk as BPacket[])[p & (CHUNK - 1)] = packet
  }

  #bucket(deadline: number): { chunks: Array<Int32Array | undefined>; count: number; copied: Set<number> } {
    let b = this.#buckets.get(deadline)
    if (b === undefined) {
      const old = this.timers.get(deadline)
      b = { chunks: old === undefined ? [] : old.chunks.slice(), count: old?.count ?? 0, copied: new Set() }
      this.#buckets.set(deadline, b)
    }
    return b
  }

  #flip(deadline: number, p: number, on: boolean): void {
    if (!Number.isFinite(deadline)) return
    const b = this.#bucket(deadline)
    const ci = p >> CHUNK_BITS
    let words = b.chunks[ci]
    if (!b.copied.has(ci)) {
      words = words === undefined ? new Int32Array(CHUNK >> 5) : words.slice()
      b.chunks[ci] = words
      b.copied.add(ci)
    }
    if (words === undefined) throw new RangeError('baseline: bitset')
    const bit = 1 << (p & 31)
    const w = (p & (CHUNK - 1)) >> 5
    const was = (words[w]! & bit) !== 0
    if (was === on) return
    words[w] = on ? words[w]! | bit : words[w]! & ~bit
    b.count += on ? 1 : -1
  }

  move(p: number, from: number, to: number): void {
    if (from === to) return
    this.#flip(from, p, false)
    this.#flip(to, p, true)
  }

  done(): BState {
    for (const [d, b] of this.#buckets) {
      if (b.count === 0) this.timers.delete(d)
      else this.timers.set(d, { chunks: b.chunks, count: b.count })
    }
    return { ix: this.s.ix, table: this.table, timers: this.timers, packets: this.s.packets }
  }
}

const tierEnd = (level: number, tier: number, start: number): number => start + (TIERS[level - 1]?.[tier] ?? 0) * DAY

// -------------------------------------------------------------------------------------
// publish
// -------------------------------------------------------------------------------------

/** Builds the index and the packets from the same decoded create and publish commands the core gets. */
export const bPublish = (create: Command, publish: Command): BState => {
  if (create.type !== 'create' || publish.type !== 'publish') throw new TypeError('baseline: create and publish expected')
  const at = publish.at
  const managers = new Map<string, string>()
  for (const u of publish.directory.users) if (u.manager !== undefined) managers.set(u.id, u.manager)
  const subjectUser = new Map<string, string>()
  for (const s of publish.directory.subjects) if (s.user !== undefined) subjectUser.set(s.id, s.user)
  const owners = new Map<string, string>()
  for (const a of publish.directory.applications ?? []) owners.set(a.id, a.owners[0] ?? '')
  const items = create.items
  const n = items.length
  const itemOf = new Map<string, number>()
  const itemPacket = new Int32Array(n)
  const itemSlot = new Int32Array(n)
  const itemOwner: string[] = new Array<string>(n)
  const itemApp: string[] = new Array<string>(n)
  const itemIds: string[] = new Array<string>(n)
  const packetOf = new Map<string, number>()
  const packetIds: string[] = []
  const reviewer1: string[] = []
  const sizes: number[] = []
  for (let g = 0; g < n; g++) {
    const it = items[g]!
    let p = packetOf.get(it.subject)
    if (p === undefined) {
      p = packetIds.length
      packetOf.set(it.subject, p)
      packetIds.push(it.subject)
      reviewer1.push(managers.get(subjectUser.get(it.subject) ?? '') ?? '')
      sizes.push(0)
    }
    itemOf.set(it.id, g)
    itemPacket[g] = p
    itemSlot[g] = sizes[p]!
    sizes[p] = sizes[p]! + 1
    itemOwner[g] = owners.get(it.application) ?? ''
    itemApp[g] = it.application
    itemIds[g] = it.id
  }
  const packetItems = sizes.map((k) => new Int32Array(k))
  for (let g = 0; g < n; g++) packetItems[itemPacket[g]!]![itemSlot[g]!] = g
  // the reviewAssigned notifications of publish: items per reviewer
  const assigned = new Map<string, number>()
  for (let p = 0; p < packetIds.length; p++) assigned.set(reviewer1[p]!, (assigned.get(reviewer1[p]!) ?? 0) + sizes[p]!)
  const ix: BIndex = {
    itemOf,
    itemPacket,
    itemSlot,
    itemOwner,
    itemApp,
    itemIds,
    campaignId: create.definition.id,
    campaignName: create.definition.name,
    packetOf,
    packetIds,
    reviewer1,
    riskManagers: new Set(create.definition.riskManagers ?? []),
    packetItems,
  }
  const deadline = tierEnd(1, 0, at)
  const table: BPacket[][] = []
  const words: Array<Int32Array | undefined> = []
  for (let p = 0; p < packetIds.length; p++) {
    const ci = p >> CHUNK_BITS
    const chunk = table[ci] ?? (table[ci] = [])
    chunk.push({ status: new Uint8Array(sizes[p]!), level: 1, tier: 0, deadline, pending: sizes[p]! })
    const w = words[ci] ?? (words[ci] = new Int32Array(CHUNK >> 5))
    w[(p & (CHUNK - 1)) >> 5] = w[(p & (CHUNK - 1)) >> 5]! | (1 << (p & 31))
  }
  return { ix, table, timers: new Map([[deadline, { chunks: words, count: packetIds.length }]]), packets: packetIds.length }
}

// -------------------------------------------------------------------------------------
// decisions
// -------------------------------------------------------------------------------------

const mayDecide = (ix: BIndex, packet: BPacket, p: number, g: number, actor: string): boolean =>
  packet.level === 1 ? ix.reviewer1[p] === actor : packet.level === 2 ? ix.riskManagers.has(actor) : ix.itemOwner[g] === actor

/**
 * One decide command: all its items, one copy per touched packet and chunk,
 * one chunk-table copy. With `out`, it also pushes there the events the core
 * emits for the same decisions, built by hand (see {@link BEvents}).
 */
export const bDecide = (s: BState, actor: string, itemIds: ReadonlyArray<string>, approve: boolean, at: number, out?: BEvents): BState => {
  const ix = s.ix
  const byPacket = new Map<number, number[]>()
  for (const id of itemIds) {
    const g = ix.itemOf.get(id)
    if (g === undefined) throw new RangeError(`baseline: unknown item ${id}`)
    const p = ix.itemPacket[g]!
    const list = byPacket.get(p)
    if (list === undefined) byPacket.set(p, [g])
    else list.push(g)
  }
  const edit = new Edit(s)
  for (const [p, gs] of byPacket) {
    const old = edit.get(p)
    const status = old.status.slice()
    let pending = old.pending
    for (const g of gs) {
      const slot = ix.itemSlot[g]!
      if (status[slot] !== PENDING || !mayDecide(ix, old, p, g, actor)) throw new RangeError(`baseline: ${actor} may not decide item ${g}`)
      status[slot] = !approve ? REVOKED : old.level < LEVELS ? MOVED : APPROVED
      pending--
    }
    let next: BPacket = { status, level: old.level, tier: old.tier, deadline: old.deadline, pending }
    if (pending === 0) {
      let moved = 0
      for (let i = 0; i < status.length; i++) {
        if (status[i] === MOVED) {
          status[i] = PENDING
          moved++
        }
      }
      next = moved > 0 ? { status, level: old.level + 1, tier: 0, deadline: tierEnd(old.level + 1, 0, at), pending: moved } : { status, level: 0, tier: 0, deadline: Infinity, pending: 0 }
    }
    if (out !== undefined) out.decided(ix, p, gs, old, next, actor, approve, at)
    edit.move(p, old.deadline, next.deadline)
    edit.set(p, next)
  }
  return edit.done()
}

/**
 * The events of a decide command as the core emits them, built by hand over
 * the baseline's state: per touched packet an `ItemsDecided` with one
 * decision per item; when the packet's level closes, `LevelCompleted` and
 * (items moving on) `LevelStarted`, and one `reviewAssigned`
 * `NotificationIssued` per reviewer of the next level, naming its items,
 * with an id hashed over the intent's parts (64 bits: {@link Hash64}). Same shapes, same strings; no checks, no state of its own. With
 * {@link bDecide}, it measures how far a design that keeps the core's events
 * can get: the "events floor" of the bulk decisions (docs/performance.md).
 */
export class BEvents {
  readonly list: object[] = []
  #atIso = ''
  #at = Number.NaN
  readonly #summaries = new Map<number, string>()
  readonly #links = new Map<string, string>()
  readonly #recipients = new Map<string, ReadonlyArray<string>>()

  decided(ix: BIndex, p: number, gs: ReadonlyArray<number>, old: BPacket, next: BPacket, actor: string, approve: boolean, at: number): void {
    const packetId = ix.packetIds[p]!
    const decisions = new Array<object>(gs.length)
    for (let k = 0; k < gs.length; k++) decisions[k] = { itemId: ix.itemIds[gs[k]!]!, level: old.level, tier: old.tier, decision: approve ? 'approve' : 'revoke' }
    this.list.push({ type: 'ItemsDecided', at, packetId, by: actor, decisions })
    if (next.level === old.level) return
    this.list.push({ type: 'LevelCompleted', at, packetId, level: old.level })
    if (next.level === 0) return
    this.list.push({ type: 'LevelStarted', at, packetId, level: next.level })
    const items = ix.packetItems[p]!
    const moved: string[] = []
    for (let i = 0; i < items.length; i++) if (next.status[i] === PENDING) moved.push(ix.itemIds[items[i]!]!)
    if (next.level === 2) {
      // every risk manager gets every item (one list for all)
      for (const r of ix.riskManagers) this.#notify(ix, at, packetId, r, moved)
      return
    }
    const byOwner = new Map<string, string[]>()
    for (let i = 0; i < items.length; i++) {
      if (next.status[i] !== PENDING) continue
      const g = items[i]!
      const owner = ix.itemOwner[g]!
      const list = byOwner.get(owner)
      if (list === undefined) byOwner.set(owner, [ix.itemIds[g]!])
      else list.push(ix.itemIds[g]!)
    }
    byOwner.forEach((list, owner) => this.#notify(ix, at, packetId, owner, list))
  }

  #notify(ix: BIndex, at: number, packetId: string, recipient: string, itemIds: ReadonlyArray<string>): void {
    if (at !== this.#at) {
      this.#at = at
      this.#atIso = new Date(at).toISOString()
    }
    const n = itemIds.length
    let summary = this.#summaries.get(n)
    if (summary === undefined) this.#summaries.set(n, (summary = `${n} item(s) are waiting for your review in "${ix.campaignName}"`))
    let link = this.#links.get(recipient)
    if (link === undefined) this.#links.set(recipient, (link = `/campaigns/${encodeURIComponent(ix.campaignId)}/reviews?reviewer=${encodeURIComponent(recipient)}`))
    let recipients = this.#recipients.get(recipient)
    if (recipients === undefined) this.#recipients.set(recipient, (recipients = [recipient]))
    HASH.reset()
    HASH.feed(ix.campaignId, false)
    HASH.feed('reviewAssigned', true)
    HASH.feed(recipient, true)
    HASH.feed(this.#atIso, true)
    HASH.feed('', true)
    for (let i = 0; i < itemIds.length; i++) HASH.feed(itemIds[i]!, true)
    const id = `reviewAssigned-${HASH.hex()}`
    const intent = { id, kind: 'reviewAssigned', recipients, campaignId: ix.campaignId, itemIds, at, summary, link }
    this.list.push({ type: 'NotificationIssued', at, packetId, intent })
  }
}

/** Two 32-bit FNV-1a lanes over UTF-16 code units, a separator between parts; 16 hex digits. */
class Hash64 {
  a = 0
  b = 0
  reset(): void {
    this.a = 0x811c9dc5
    this.b = 0x01000193
  }
  feed(text: string, separator: boolean): void {
    let a = this.a
    let b = this.b
    if (separator) {
      a = Math.imul(a, 0x01000193)
      b = Math.imul(b ^ 0x9e37, 0x01000193)
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      a = Math.imul(a ^ c, 0x01000193)
      b = Math.imul(b ^ c, 0x01000193)
    }
    this.a = a
    this.b = b
  }
  hex(): string {
    const { a, b } = this
    const d = (x: number): number => (x < 10 ? 48 + x : 87 + x)
    return String.fromCharCode(
      d((a >>> 28) & 15), d((a >>> 24) & 15), d((a >>> 20) & 15), d((a >>> 16) & 15), d((a >>> 12) & 15), d((a >>> 8) & 15), d((a >>> 4) & 15), d(a & 15),
      d((b >>> 28) & 15), d((b >>> 24) & 15), d((b >>> 20) & 15), d((b >>> 16) & 15), d((b >>> 12) & 15), d((b >>> 8) & 15), d((b >>> 4) & 15), d(b & 15),
    )
  }
}

const HASH = new Hash64()

// -------------------------------------------------------------------------------------
// time
// -------------------------------------------------------------------------------------

const earliest = (s: { readonly timers: ReadonlyMap<number, Bucket> }): number => {
  let min = Infinity
  for (const d of s.timers.keys()) if (d < min) min = d
  return min
}

/** Fires every deadline up to `to`: escalates a tier or expires the packet. Returns the state and the lapses fired. */
export const bAdvance = (s: BState, to: number): { state: BState; fired: number } => {
  if (earliest(s) > to) return { state: s, fired: 0 }
  let state = s
  let fired = 0
  for (;;) {
    const d = earliest(state)
    if (d > to) break
    const bucket = state.timers.get(d)
    if (bucket === undefined) break
    const edit = new Edit(state)
    bucket.chunks.forEach((words, ci) => {
      if (words === undefined) return
      for (let w = 0; w < words.length; w++) {
        let bits = words[w]!
        while (bits !== 0) {
          const low = bits & -bits
          const p = (ci << CHUNK_BITS) | (w << 5) | (31 - Math.clz32(low))
          bits ^= low
          const old = edit.get(p)
          fired++
          if (old.tier < (TIERS[old.level - 1]?.length ?? 1) - 1) {
            const next = { ...old, tier: old.tier + 1, deadline: tierEnd(old.level, old.tier + 1, d) }
            edit.move(p, d, next.deadline)
            edit.set(p, next)
          } else {
            const status = old.status.slice()
            for (let i = 0; i < status.length; i++) if (status[i] === PENDING) status[i] = EXPIRED
            edit.move(p, d, Infinity)
            edit.set(p, { status, level: 0, tier: 0, deadline: Infinity, pending: 0 })
          }
        }
      }
    })
    state = edit.done()
  }
  return { state, fired }
}

/** Extends every window by `days` (cascade): every packet and the timer index are rebuilt. */
export const bExtend = (s: BState, days: number): BState => {
  const timers = new Map<number, { chunks: Array<Int32Array | undefined>; count: number }>()
  const table = s.table.map((chunk, ci) =>
    chunk.map((old, i) => {
      if (!Number.isFinite(old.deadline)) return old
      const deadline = old.deadline + days * DAY
      const p = (ci << CHUNK_BITS) | i
      const b = timers.get(deadline) ?? { chunks: [], count: 0 }
      timers.set(deadline, b)
      const words = b.chunks[ci] ?? (b.chunks[ci] = new Int32Array(CHUNK >> 5))
      words[i >> 5] = words[i >> 5]! | (1 << (p & 31))
      b.count++
      return { ...old, deadline }
    }),
  )
  return { ix: s.ix, table, timers, packets: s.packets }
}

// -------------------------------------------------------------------------------------
// views
// -------------------------------------------------------------------------------------

export interface BRow {
  total: number
  pending: number
  approved: number
  revoked: number
  expired: number
}

/** The three progress views in one pass: by application, by resource (here: application/slot), by reviewer. */
export const bProgress = (s: BState): { integration: Map<string, BRow>; reviewer: Map<string, BRow>; resource: Map<string, BRow> } => {
  const ix = s.ix
  const integration = new Map<string, BRow>()
  const reviewer = new Map<string, BRow>()
  const resource = new Map<string, BRow>()
  const row = (m: Map<string, BRow>, k: string): BRow => {
    let r = m.get(k)
    if (r === undefined) {
      r = { total: 0, pending: 0, approved: 0, revoked: 0, expired: 0 }
      m.set(k, r)
    }
    return r
  }
  const count = (r: BRow, st: number): void => {
    r.total++
    if (st === PENDING) r.pending++
    else if (st === APPROVED || st === MOVED) r.approved++
    else if (st === REVOKED) r.revoked++
    else r.expired++
  }
  s.table.forEach((chunk, ci) =>
    chunk.forEach((packet, i) => {
      const p = (ci << CHUNK_BITS) | i
      const gs = ix.packetItems[p]!
      for (let slot = 0; slot < gs.length; slot++) {
        const g = gs[slot]!
        const st = packet.status[slot]!
        count(row(integration, ix.itemApp[g]!), st)
        count(row(resource, `${ix.itemApp[g]!}/${slot}`), st)
        const who = packet.level === 1 ? ix.reviewer1[p]! : packet.level === 2 ? 'risk managers' : ix.itemOwner[g]!
        count(row(reviewer, who), st)
      }
    }),
  )
  return { integration, reviewer, resource }
}

// -------------------------------------------------------------------------------------
// replay
// -------------------------------------------------------------------------------------

/** A hand-written fold of the core's event log (mutable: replay keeps only the final state). */
export const bFold = (events: ReadonlyArray<CampaignEvent>): { packets: number; items: number; decided: number } => {
  const where = new Map<string, number>()
  const packets: Array<{ status: Uint8Array; level: number; tier: number }> = []
  const packetOf = new Map<string, number>()
  let decided = 0
  for (const e of events) {
    switch (e.type) {
      case 'PacketOpened': {
        const p = packets.length
        packetOf.set(e.packetId, p)
        e.items.forEach((it, slot) => where.set(it.spec.id, p * 65_536 + slot))
        packets.push({ status: new Uint8Array(e.items.length), level: 1, tier: 0 })
        break
      }
      case 'ItemsDecided':
        for (const d of e.decisions) {
          const w = where.get(d.itemId)
          if (w === undefined) continue
          const packet = packets[Math.floor(w / 65_536)]!
          packet.status[w % 65_536] = d.decision === 'revoke' ? REVOKED : d.level < LEVELS ? MOVED : APPROVED
          decided++
        }
        break
      case 'LevelStarted': {
        const packet = packets[packetOf.get(e.packetId) ?? -1]
        if (packet === undefined) break
        packet.level = e.level
        packet.tier = 0
        for (let i = 0; i < packet.status.length; i++) if (packet.status[i] === MOVED) packet.status[i] = PENDING
        break
      }
      case 'TierEscalated': {
        const packet = packets[packetOf.get(e.packetId) ?? -1]
        if (packet !== undefined) packet.tier = e.tier
        break
      }
      case 'PacketExpired':
        for (const id of e.itemIds) {
          const w = where.get(id)
          if (w !== undefined) packets[Math.floor(w / 65_536)]!.status[w % 65_536] = EXPIRED
        }
        break
      default:
        break
    }
  }
  return { packets: packets.length, items: where.size, decided }
}

// -------------------------------------------------------------------------------------
// scenario report and table
// -------------------------------------------------------------------------------------

interface ScenarioJson {
  readonly createdAt: string
  readonly items: ReadonlyArray<{ readonly id: string; readonly subject: string }>
  readonly steps: ReadonlyArray<{ readonly at: string; readonly as: string; readonly do: { readonly type: string; readonly items?: ReadonlyArray<string> } }>
}

export interface BReport {
  readonly items: Record<string, { state: string; level: number; tier: number; decisions: Array<{ decision: string; by: string; level: number; at: string }> }>
  readonly windows: Record<string, Array<{ level: number; tier: number; start: string; end: string; status: string }>>
}

/** Parses the scenario text and builds a report of the same size: one entry per item, the windows of every packet. */
export const bScenarioReport = (text: string): BReport => {
  const sc = JSON.parse(text) as ScenarioJson
  const items: BReport['items'] = {}
  const subjectOf = new Map<string, string>()
  const started = new Map<string, number[]>()
  for (const it of sc.items) {
    items[it.id] = { state: 'pending', level: 1, tier: 0, decisions: [] }
    subjectOf.set(it.id, it.subject)
  }
  let published = Date.parse(sc.createdAt)
  for (const step of sc.steps) {
    const at = Date.parse(step.at)
    if (step.do.type === 'publish') published = at
    for (const id of step.do.items ?? []) {
      const r = items[id]
      if (r === undefined) continue
      r.decisions.push({ decision: 'approve', by: step.as, level: r.level, at: step.at })
      const subject = subjectOf.get(id) ?? ''
      const s = started.get(subject) ?? [published]
      if (s.length === r.level) s.push(at)
      started.set(subject, s)
      r.level++
    }
  }
  const windows: BReport['windows'] = {}
  for (const [subject, s] of started) {
    const ws: BReport['windows'][string] = []
    s.forEach((start, i) => {
      let t0 = start
      for (let tier = 0; tier < (TIERS[i]?.length ?? 0); tier++) {
        const end = tierEnd(i + 1, tier, t0)
        ws.push({ level: i + 1, tier, start: new Date(t0).toISOString(), end: new Date(end).toISOString(), status: i + 1 < s.length ? 'closed' : 'open' })
        t0 = end
      }
    })
    windows[subject] = ws
  }
  return { items, windows }
}

/** Renders the report's items and windows as aligned text columns. */
export const bTable = (r: BReport): string => {
  const rows: string[][] = []
  for (const [id, it] of Object.entries(r.items)) rows.push([id, it.state, String(it.level), String(it.tier), it.decisions.map((d) => `${d.decision} by ${d.by} (L${d.level}, ${d.at})`).join('; ')])
  for (const [p, ws] of Object.entries(r.windows)) for (const w of ws) rows.push([p, String(w.level), String(w.tier), w.start, w.end, w.status])
  const widths: number[] = []
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)))
  return rows.map((row) => row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')).join('\n')
}
