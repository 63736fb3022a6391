// stableHash computes FNV-1a 64 with 16-bit limbs (no BigInt); notification
// ids in stored logs depend on it, so it must equal the BigInt definition.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { intentHash, stableHash, stableHashOfParts } from '../../src/campaign/notification.js'
import { runs } from '../support/runs.js'

const reference = (s: string): string => {
  let h = 0xcbf29ce484222325n
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i))
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return h.toString(16).padStart(16, '0')
}

describe('stableHash', () => {
  it('equals the BigInt FNV-1a 64 definition on any UTF-16 string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(stableHash(s)).toBe(reference(s))
      }),
      { numRuns: runs(10_000) },
    )
  })

  it('keeps the known values', () => {
    expect(stableHash('')).toBe('cbf29ce484222325')
    expect(stableHash('a')).toBe('af63dc4c8601ec8c')
  })

  // notification ids hash their parts as fed, without joining them first
  it('hashes parts as the hash of the parts joined with U+0000', () => {
    const parts = fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { maxLength: 6 })
    fc.assert(
      fc.property(parts, parts, (head, tail) => {
        expect(stableHashOfParts(head, tail)).toBe(reference([...head, ...tail].join('\u0000')))
      }),
      { numRuns: runs(5_000) },
    )
    expect(stableHashOfParts([], [])).toBe('cbf29ce484222325')
    expect(stableHashOfParts(['', ''])).toBe(reference('\u0000'))
  })

  // an intent's id hashes its five parts and its items with one reused hash object
  it('hashes an intent as the hash of its parts joined with U+0000, call after call', () => {
    const part = fc.string({ unit: 'binary', maxLength: 20 })
    const intent = fc.tuple(part, part, part, part, part, fc.array(part, { maxLength: 6 }))
    fc.assert(
      fc.property(fc.array(intent, { minLength: 1, maxLength: 4 }), (intents) => {
        // several in a row: each starts from the offset basis, whatever the one before left
        for (const [campaign, kind, recipient, at, discriminator, items] of intents) {
          expect(intentHash(campaign, kind, recipient, at, discriminator, items)).toBe(reference([campaign, kind, recipient, at, discriminator, ...items].join('\u0000')))
        }
      }),
      { numRuns: runs(3_000) },
    )
  })
})
