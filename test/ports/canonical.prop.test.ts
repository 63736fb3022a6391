// The chain's one-pass canonical JSON equals `canonicalize` (RFC 8785) on any
// value, so every link hash is what it was; a link hashed from its parts
// equals the hash of its whole canonical text; chaining one event at a time
// gives the links and tip of chainEvents.
import canonicalize from 'canonicalize'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { CampaignEvent } from '../../src/campaign/event.js'
import { canonicalJson, chainer, chainEvents, GENESIS_HASH, linkHash } from '../../src/ports/chain.js'
import { sha256Hex, sha256HexOf } from '../../src/shared/sha256.js'
import { runs } from '../support/runs.js'

const reference = (u: unknown): string | undefined => {
  try {
    return canonicalize(u)
  } catch {
    return undefined
  }
}

describe('canonicalJson', () => {
  it('equals canonicalize on JSON data, any string and any value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withSparseArray: true, withNullPrototype: true }), (json, text, any) => {
        expect(canonicalJson(json)).toBe(reference(json))
        expect(canonicalJson(text)).toBe(reference(text))
        expect(canonicalJson(any)).toBe(reference(any))
      }),
      { numRuns: runs(2_000) },
    )
  })

  it('answers undefined where canonicalize throws, and follows toJSON', () => {
    expect(canonicalJson(Number.NaN)).toBeUndefined()
    expect(canonicalJson({ a: Number.POSITIVE_INFINITY })).toBeUndefined()
    expect(canonicalJson({ b: 1, a: { toJSON: () => 'x' } })).toBe('{"a":"x","b":1}')
    expect(canonicalJson({ b: undefined, a: [undefined, -0] })).toBe('{"a":[null,0]}')
  })
})

describe('the chain hashes a link from its parts', () => {
  it('sha256HexOf of parts is sha256Hex of their concatenation', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 100 }), { maxLength: 5 }), (parts) => {
        expect(sha256HexOf(parts)).toBe(sha256Hex(parts.join('')))
      }),
      { numRuns: runs(1_000) },
    )
  })

  it('links equal the hash of the canonical JSON of { event, position, prev, stream, version }, and chainer equals chainEvents', () => {
    const arbEvent = fc.dictionary(fc.string(), fc.jsonValue()).map((o) => ({ ...o, type: 'CampaignOverdue', at: 1 }) as unknown as CampaignEvent)
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('campaign:c', 'packet:c:s1', '__proto__', 'x"y'), arbEvent), { maxLength: 8 }), fc.nat(1000), (events, start) => {
        const streamEvents = events.map(([stream, event]) => ({ stream, event }))
        const whole = chainEvents({ position: start, heads: {} }, streamEvents)
        if (E.isLeft(whole)) throw new Error(whole.left.message)
        const chain = chainer({ position: start, heads: {} })
        for (const [i, { stream, event }] of streamEvents.entries()) {
          const link = whole.right.links[i]
          if (link === undefined) throw new Error('missing link')
          const text = reference({ event, position: link.position, prev: link.prev, stream, version: link.version })
          expect(link.hash).toBe(sha256Hex(text ?? ''))
          expect(linkHash({ position: link.position, stream, version: link.version, prev: link.prev, event })).toBe(link.hash)
          const one = chain.next(stream, event)
          expect(E.isRight(one) && one.right.link).toEqual(link)
          expect(E.isRight(one) && one.right.eventText).toBe(reference(event))
        }
        expect(chain.tip()).toEqual(whole.right.tip)
        expect(whole.right.links[0]?.prev ?? GENESIS_HASH).toBe(GENESIS_HASH)
      }),
      { numRuns: runs(500) },
    )
  })
})
