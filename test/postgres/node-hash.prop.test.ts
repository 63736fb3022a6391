// The PostgreSQL store chains its appends with node:crypto's SHA-256
// (`sha256HexOfNode`) instead of the portable one: the digests, and so the
// links, must be the same for any texts, lone surrogates and surrogate pairs
// split between two texts included.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { CampaignEvent } from '../../src/index.js'
import { chainer } from '../../src/ports/chain.js'
import type { StreamId } from '../../src/ports/store.js'
import { sha256HexOfNode } from '../../src/postgres/store.js'
import { sha256HexOf } from '../../src/shared/sha256.js'
import { runs } from '../support/runs.js'

describe('sha256HexOfNode', () => {
  it('gives the digests of the portable sha256HexOf for any texts', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 200 }), { maxLength: 6 }), (texts) => {
        expect(sha256HexOfNode(texts)).toBe(sha256HexOf(texts))
      }),
      {
        numRuns: runs(1_000),
        // a pair split between two texts, a lone low and a lone high surrogate, nothing at all
        examples: [[['a\ud83d', '\ude00b']], [['\udc00']], [['x\ud800']], [[]], [['', '']]],
      },
    )
  })

  it('links events as the default chainer does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('campaign:c', 'packet:c:s-1', 'packet:c:s-\ud800'), fc.string({ unit: 'binary', maxLength: 40 })), { maxLength: 8 }), (writes) => {
        const portable = chainer({ position: 0, heads: {} })
        const node = chainer({ position: 0, heads: {} }, sha256HexOfNode)
        for (const [stream, text] of writes) {
          const event = { type: 'CampaignOverdue', at: 0, note: text } as unknown as CampaignEvent
          const a = portable.next(stream as StreamId, event)
          const b = node.next(stream as StreamId, event)
          expect(E.isRight(a) && E.isRight(b)).toBe(true)
          if (E.isRight(a) && E.isRight(b)) expect(b.right.link).toEqual(a.right.link)
        }
        expect(node.tip()).toEqual(portable.tip())
      }),
      { numRuns: runs(300) },
    )
  })
})
