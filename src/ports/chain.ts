/**
 * The hash chain of a campaign's stored events (tamper evidence). Each
 * stored event is a {@link ChainLink}: the event, its place (position in
 * the campaign's log, stream, version in the stream), the hash of its
 * predecessor in its stream and its own hash, SHA-256 over the RFC 8785
 * canonical JSON of everything else. A store calls {@link chainEvents} on
 * every append; {@link verifyLog} walks a stored log and names the first
 * link that does not hold.
 *
 * Pure and synchronous: canonical JSON by `canonicalize` (RFC 8785), SHA-256
 * in plain TypeScript (docs/decisions.md, D14), so it runs in browsers too.
 *
 * @since 0.2.0
 */
import canonicalize from 'canonicalize'
import * as E from 'fp-ts/lib/Either.js'
import type { CampaignEvent } from '../campaign/event.js'
import { lookup } from '../shared/codec.js'
import { setOwn } from '../shared/record.js'
import { sha256Hex, sha256HexOf } from '../shared/sha256.js'
import type { StreamId } from './store.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The `prev` of the first event of a stream: 64 zeros.
 * @example
 * import { GENESIS_HASH } from 'access-review-core'
 * GENESIS_HASH.length // 64
 * @since 0.2.0
 * @category Evidence
 */
export const GENESIS_HASH = '0000000000000000000000000000000000000000000000000000000000000000'

/**
 * One stored event with its place and its hashes. `hash` is SHA-256 (hex)
 * of the RFC 8785 canonical JSON of `{ event, position, prev, stream,
 * version }`; `prev` is the `hash` of the previous event of the same stream
 * ({@link GENESIS_HASH} for its first event).
 * @example
 * import { chainEvents, type ChainLink } from 'access-review-core'
 * const chained = chainEvents({ position: 0, heads: {} }, [{ stream: 'campaign:q3', event: { type: 'CampaignOverdue', at: 0 as never } }])
 * const link: ChainLink | undefined = chained._tag === 'Right' ? chained.right.links[0] : undefined
 * link?.version // 0
 * @since 0.2.0
 * @category Evidence
 */
export interface ChainLink {
  /** 0-based place of the event in the campaign's log (all streams, in append order). */
  readonly position: number
  readonly stream: StreamId
  /** 0-based place of the event in its stream (the stream's version after it). */
  readonly version: number
  /** The hash of the previous event of the stream. */
  readonly prev: string
  /** The hash of this link. */
  readonly hash: string
  readonly event: CampaignEvent
}

/**
 * The last link of one stream: its version and hash.
 * @example
 * import type { ChainHead } from 'access-review-core'
 * const head: ChainHead = { version: 0, hash: 'ab'.repeat(32) }
 * @since 0.2.0
 * @category Evidence
 */
export interface ChainHead {
  readonly version: number
  readonly hash: string
}

/**
 * Where a campaign's chain ends: its number of events and the head of each
 * stream (a store needs the heads of the streams it writes, at least).
 * @example
 * import type { ChainTip } from 'access-review-core'
 * const empty: ChainTip = { position: 0, heads: {} }
 * @since 0.2.0
 * @category Evidence
 */
export interface ChainTip {
  readonly position: number
  readonly heads: Readonly<Record<StreamId, ChainHead>>
}

/**
 * An event to append to a stream.
 * @example
 * import type { StreamEvent } from 'access-review-core'
 * const e: StreamEvent = { stream: 'campaign:q3', event: { type: 'CampaignOverdue', at: 0 as never } }
 * @since 0.2.0
 * @category Evidence
 */
export interface StreamEvent {
  readonly stream: StreamId
  readonly event: CampaignEvent
}

/**
 * The links of an append and the tip after it: its position, and the heads
 * of the streams the append wrote (only those: the store merges them into
 * the heads it keeps).
 * @example
 * import type { Chained } from 'access-review-core'
 * const count = (c: Chained) => c.links.length
 * @since 0.2.0
 * @category Evidence
 */
export interface Chained {
  readonly links: ReadonlyArray<ChainLink>
  readonly tip: ChainTip
}

/**
 * Why a link does not hold: `malformed` (not a link: a field missing or of
 * the wrong type, or an event that has no canonical JSON), `position` (it
 * is not at its recorded place in the log: an event removed, inserted or
 * moved), `version` (not the next version of its stream), `prev` (does not
 * name the hash of its stream's previous link), `hash` (its content was
 * changed), `head` (the log ends elsewhere than the expected heads: an
 * event removed from or added at the end).
 * @example
 * import type { ChainBreakReason } from 'access-review-core'
 * const r: ChainBreakReason = 'hash'
 * @since 0.2.0
 * @category Evidence
 */
export type ChainBreakReason = 'malformed' | 'position' | 'version' | 'prev' | 'hash' | 'head'

/**
 * The first link of a log that does not hold. `position` is its 0-based
 * index in the log given (the log's length for `head`).
 * @example
 * import type { ChainBroken } from 'access-review-core'
 * const e: ChainBroken = { code: 'ChainBroken', position: 3, stream: 'packet:q3:s-bob', reason: 'prev', message: 'event 3 (packet:q3:s-bob): prev is not the hash of the previous event of its stream' }
 * @since 0.2.0
 * @category Evidence
 */
export interface ChainBroken {
  readonly code: 'ChainBroken'
  readonly position: number
  /** The link's stream, when it has one. */
  readonly stream?: StreamId
  readonly reason: ChainBreakReason
  readonly message: string
}

// -------------------------------------------------------------------------------------
// hashing
// -------------------------------------------------------------------------------------

/** Thrown by {@link canonicalData} on a value that is not plain JSON data: the caller falls back to `canonicalize`. */
const NOT_PLAIN: unique symbol = Symbol('not plain JSON data')

const isPlainProto = (o: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(o)
  return proto === Object.prototype || proto === null
}

/**
 * RFC 8785 canonical JSON of plain JSON data (strings, finite numbers,
 * booleans, null, dense arrays, plain objects whose `undefined` members are
 * left out), as `canonicalize` writes it (keys sorted by UTF-16 code units,
 * numbers and strings as `JSON.stringify` writes them), in one pass with no
 * intermediate strings per member. Anything else (a `toJSON`, a function,
 * a symbol, a non-finite number, a sparse array, a class instance) throws
 * {@link NOT_PLAIN}, so the caller can use `canonicalize` itself and answer
 * exactly what it answers.
 */
const canonicalData = (u: unknown): string => {
  switch (typeof u) {
    case 'string':
      return quoted(u)
    case 'number':
      if (!Number.isFinite(u)) throw NOT_PLAIN
      return JSON.stringify(u)
    case 'boolean':
      return u ? 'true' : 'false'
    case 'object': {
      if (u === null) return 'null'
      if (!isPlainProto(u) && !(Array.isArray(u) && Object.getPrototypeOf(u) === Array.prototype)) throw NOT_PLAIN
      const o = u as Record<string, unknown>
      if (typeof o['toJSON'] === 'function') throw NOT_PLAIN
      if (Array.isArray(u)) {
        let out = '['
        for (let i = 0; i < u.length; i++) {
          const v: unknown = u[i]
          if (v === undefined && !(i in u)) throw NOT_PLAIN
          if (i > 0) out += ','
          out += v === undefined || typeof v === 'symbol' ? 'null' : canonicalData(v)
        }
        return `${out}]`
      }
      const keys = Object.keys(o).sort()
      let out = '{'
      for (const k of keys) {
        const v = o[k]
        if (v === undefined || typeof v === 'symbol') continue
        out += out.length === 1 ? memberName(k) : `,${memberName(k)}`
        out += canonicalData(v)
      }
      return `${out}}`
    }
    default:
      throw NOT_PLAIN
  }
}

/** `JSON.stringify` of a string, without a call when it needs no escape (most ids). */
const quoted = (s: string): string => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s)
  }
  return `"${s}"`
}

/** `"name":` of a member: the few names of events, written once. */
const names = new Map<string, string>()
const memberName = (k: string): string => {
  const known = names.get(k)
  if (known !== undefined) return known
  const text = `${JSON.stringify(k)}:`
  if (names.size < 4096) names.set(k, text)
  return text
}

/**
 * The RFC 8785 canonical JSON of a value, or undefined when it has none (a
 * non-finite number, a cycle, a value `canonicalize` writes as nothing).
 * Plain JSON data is written in one pass; anything else by `canonicalize`.
 * @example
 * import { canonicalJson } from '../../src/ports/chain.js' // internal
 * canonicalJson({ b: [1, 'x'], a: null }) // '{"a":null,"b":[1,"x"]}'
 * canonicalJson(Number.NaN) // undefined
 * @since 0.2.0
 * @category Evidence
 * @internal
 */
export const canonicalJson = (u: unknown): string | undefined => {
  try {
    return canonicalData(u)
  } catch (e) {
    if (e !== NOT_PLAIN) return undefined
  }
  try {
    return canonicalize(u)
  } catch {
    return undefined
  }
}

/** A safe integer (what a link's position and version are): written the same by `JSON.stringify` and RFC 8785. */
const isSafe = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n)

/**
 * The canonical JSON of a link's content, `{ event, position, prev, stream,
 * version }` (keys in RFC 8785 order), from the canonical JSON of its event:
 * the event is written once, and the same text can be stored.
 */
const linkText = (eventText: string, position: number, prev: string, stream: string, version: number): string => linkParts(eventText, position, prev, stream, version).join('')

/** {@link linkText} in parts (hashed one after the other: the link's text is never built). */
const linkParts = (eventText: string, position: number, prev: string, stream: string, version: number): ReadonlyArray<string> => [
  '{"event":',
  eventText,
  `,"position":${position},"prev":${JSON.stringify(prev)},"stream":${JSON.stringify(stream)},"version":${version}}`,
]

/** The canonical JSON (RFC 8785) of a link's content, or undefined when it has none (a non-finite number, a cycle). */
const canonicalContent = (event: unknown, position: number, prev: string, stream: string, version: number): string | undefined => {
  if (isSafe(position) && isSafe(version) && typeof prev === 'string' && typeof stream === 'string') {
    const eventText = canonicalJson(event)
    if (eventText !== undefined) return linkText(eventText, position, prev, stream, version)
  }
  try {
    return canonicalize({ event, position, prev, stream, version })
  } catch {
    return undefined
  }
}

/**
 * The hash of a link's content (SHA-256 hex over the RFC 8785 canonical
 * JSON of `{ event, position, prev, stream, version }`), or undefined when
 * the event has no canonical JSON.
 * @example
 * import { linkHash, GENESIS_HASH } from 'access-review-core'
 * linkHash({ position: 0, stream: 'campaign:q3', version: 0, prev: GENESIS_HASH, event: { type: 'CampaignOverdue', at: 0 as never } })?.length // 64
 * @since 0.2.0
 * @category Evidence
 */
export const linkHash = (link: Omit<ChainLink, 'hash'>): string | undefined => {
  const text = canonicalContent(link.event, link.position, link.prev, link.stream, link.version)
  return text === undefined ? undefined : sha256Hex(text)
}

// -------------------------------------------------------------------------------------
// chaining
// -------------------------------------------------------------------------------------

/**
 * Chains the events of one append after `tip`: the function every store
 * calls, inside the append's transaction, with the campaign's position and
 * the heads of the streams it writes (a stream absent from `tip.heads` is
 * new), then stores the links and merges the returned tip (its position,
 * and the new heads of the written streams) into what it keeps. Linear in
 * the events' size, whatever the number of streams. An event with no canonical JSON (a non-finite number) is
 * refused as `malformed`, naming its position.
 * @example
 * import { chainEvents, verifyLog } from 'access-review-core'
 * const overdue = { type: 'CampaignOverdue', at: 0 as never } as const
 * const first = chainEvents({ position: 0, heads: {} }, [{ stream: 'campaign:q3', event: overdue }])
 * if (first._tag === 'Right') {
 *   const second = chainEvents(first.right.tip, [{ stream: 'campaign:q3', event: overdue }])
 *   if (second._tag === 'Right') {
 *     second.right.links[0]?.prev === first.right.links[0]?.hash // true
 *     second.right.tip.position // 2
 *     second.right.tip.heads['campaign:q3']?.version // 1
 *     verifyLog([...first.right.links, ...second.right.links])._tag // 'Right'
 *   }
 * }
 * @since 0.2.0
 * @category Evidence
 */
export const chainEvents = (tip: ChainTip, events: ReadonlyArray<StreamEvent>): E.Either<ChainBroken, Chained> => {
  const chain = chainer(tip)
  const links: ChainLink[] = []
  for (const { stream, event } of events) {
    const link = chain.next(stream, event)
    if (E.isLeft(link)) return link
    links.push(link.right.link)
  }
  return E.right({ links, tip: chain.tip() })
}

/**
 * A link and the canonical JSON of its event (valid JSON of the event: a
 * store can store that text instead of serialising the event again).
 * @example
 * import type { TextLink } from '../../src/ports/chain.js' // internal
 * const size = (l: TextLink): number => l.eventText.length
 * @since 0.2.0
 * @category Evidence
 * @internal
 */
export interface TextLink {
  readonly link: ChainLink
  readonly eventText: string
}

/**
 * {@link chainEvents} one event at a time (a store can chain a large append
 * in parts, and store each part while it chains the next): `next` links an
 * event after those linked so far, and answers its canonical JSON too;
 * `tip` is the tip after them (its heads: the written streams only).
 * Linking the events of `chainEvents(tip, events)` one by one gives the
 * same links and tip. `hashOf` is the SHA-256 of texts one after the other
 * as 64 lowercase hex digits ({@link sha256HexOf}, portable JavaScript, by
 * default); a Node-only store may pass `node:crypto`'s, which gives the
 * same digests faster.
 * @example
 * import { chainer } from '../../src/ports/chain.js' // internal
 * const chain = chainer({ position: 0, heads: {} })
 * const first = chain.next('campaign:q3', { type: 'CampaignOverdue', at: 0 as never })
 * first._tag === 'Right' && first.right.eventText // '{"at":0,"type":"CampaignOverdue"}'
 * chain.tip().position // 1
 * @since 0.2.0
 * @category Evidence
 * @internal
 */
export const chainer = (
  tip: ChainTip,
  hashOf: (texts: ReadonlyArray<string>) => string = sha256HexOf,
): { readonly next: (stream: StreamId, event: CampaignEvent) => E.Either<ChainBroken, TextLink>; readonly tip: () => ChainTip } => {
  // only the written streams' heads are read and returned: the cost is the append's, not the campaign's
  const heads: Record<StreamId, ChainHead> = {}
  let position = tip.position
  const next = (stream: StreamId, event: CampaignEvent): E.Either<ChainBroken, TextLink> => {
    const head = lookup(heads, stream) ?? lookup(tip.heads, stream)
    const version = head === undefined ? 0 : head.version + 1
    const prev = head === undefined ? GENESIS_HASH : head.hash
    const eventText = isSafe(position) && typeof stream === 'string' ? canonicalJson(event) : undefined
    if (eventText === undefined) return E.left(broken(position, 'malformed', stream))
    const hash = hashOf(linkParts(eventText, position, prev, stream, version))
    setOwn(heads, stream, { version, hash })
    const link: ChainLink = { position, stream, version, prev, hash, event }
    position++
    return E.right({ link, eventText })
  }
  return { next, tip: () => ({ position, heads }) }
}

const messages: Readonly<Record<ChainBreakReason, string>> = {
  malformed: 'is not a chain link (a field is missing or has the wrong type, or the event has no canonical JSON)',
  position: 'is not at the position it records (an event was removed, inserted or moved)',
  version: 'is not the next version of its stream',
  prev: 'does not carry the hash of the previous event of its stream',
  hash: 'does not match its hash (its content was changed)',
  head: 'the log does not end at the expected heads (an event was removed from or added at the end)',
}

const broken = (position: number, reason: ChainBreakReason, stream: StreamId | undefined): ChainBroken => ({
  code: 'ChainBroken',
  position,
  ...(stream === undefined ? {} : { stream }),
  reason,
  message: reason === 'head' ? `end of log (${position} events): ${messages.head}` : `event ${position}${stream === undefined ? '' : ` (${stream})`} ${messages[reason]}`,
})

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)
const isIndex = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0
const isHash = (u: unknown): u is string => typeof u === 'string' && /^[0-9a-f]{64}$/.test(u)

/**
 * Checks a stored log link by link, in order, and answers the first link
 * that does not hold (see {@link ChainBreakReason}), or the tip the log ends
 * at. With `expected` (the heads an auditor holds, e.g. from an evidence
 * report or the store), the log must also end exactly there, which catches
 * an event removed from or added at the end of a stream. Never throws, even
 * on values that are not links. Linear in the log's size.
 * @example
 * import { chainEvents, verifyLog, type StreamEvent } from 'access-review-core'
 * const e = (at: number): StreamEvent => ({ stream: 'campaign:q3', event: { type: 'CampaignOverdue', at: at as never } })
 * const chained = chainEvents({ position: 0, heads: {} }, [e(1), e(2), e(3)])
 * if (chained._tag === 'Right') {
 *   const links = chained.right.links
 *   verifyLog(links)._tag // 'Right'
 *   const edited = links.map((l, i) => (i === 1 ? { ...l, event: { type: 'CampaignOverdue' as const, at: 9 as never } } : l))
 *   const r = verifyLog(edited)
 *   r._tag === 'Left' && [r.left.position, r.left.reason] // [1, 'hash']
 *   const cut = verifyLog(links.slice(0, 2), chained.right.tip.heads)
 *   cut._tag === 'Left' && [cut.left.position, cut.left.reason] // [2, 'head']
 * }
 * @since 0.2.0
 * @category Evidence
 */
export const verifyLog = (links: ReadonlyArray<ChainLink>, expected?: Readonly<Record<StreamId, ChainHead>>): E.Either<ChainBroken, ChainTip> => {
  const heads: Record<StreamId, ChainHead> = {}
  let position = 0
  for (const raw of links as ReadonlyArray<unknown>) {
    if (!isRecord(raw)) return E.left(broken(position, 'malformed', undefined))
    const stream = raw['stream']
    if (typeof stream !== 'string') return E.left(broken(position, 'malformed', undefined))
    const { position: at, version, prev, hash, event } = raw
    if (!isIndex(at) || !isIndex(version) || !isHash(prev) || !isHash(hash) || !isRecord(event)) return E.left(broken(position, 'malformed', stream))
    if (at !== position) return E.left(broken(position, 'position', stream))
    const head = lookup(heads, stream)
    if (version !== (head === undefined ? 0 : head.version + 1)) return E.left(broken(position, 'version', stream))
    if (prev !== (head === undefined ? GENESIS_HASH : head.hash)) return E.left(broken(position, 'prev', stream))
    const actual = linkHash({ position: at, stream, version, prev, event: event as unknown as CampaignEvent })
    if (actual === undefined) return E.left(broken(position, 'malformed', stream))
    if (actual !== hash) return E.left(broken(position, 'hash', stream))
    setOwn(heads, stream, { version, hash })
    position++
  }
  if (expected !== undefined && !sameHeads(heads, expected)) return E.left(broken(position, 'head', undefined))
  return E.right({ position, heads })
}

const sameHeads = (a: Readonly<Record<string, ChainHead>>, b: Readonly<Record<string, ChainHead>>): boolean => {
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  for (const k of keys) {
    const x = lookup(a, k)
    const y = isRecord(b) ? lookup(b, k) : undefined
    if (x === undefined || y === undefined || x.version !== y.version || x.hash !== y.hash) return false
  }
  return true
}
