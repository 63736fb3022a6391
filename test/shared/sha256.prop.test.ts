// The pure SHA-256 of the chain equals node:crypto's on any text, and the
// FIPS 180-4 examples (also across the 55/56/64-byte padding edges).
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../src/shared/sha256.js'
import { runs } from '../support/runs.js'

const reference = (s: string): string => createHash('sha256').update(Buffer.from(new TextEncoder().encode(s))).digest('hex')

describe('sha256Hex', () => {
  it('keeps the FIPS 180-4 examples', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1')
  })

  it('equals node:crypto at every length around the block edges', () => {
    for (let n = 0; n <= 200; n++) expect(sha256Hex('x'.repeat(n))).toBe(reference('x'.repeat(n)))
  })

  it('equals node:crypto on any UTF-16 text (lone surrogates encoded as U+FFFD)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(sha256Hex(s)).toBe(reference(s))
      }),
      { numRuns: runs(1_000) },
    )
  })
})
