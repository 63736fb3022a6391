import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as t from 'io-ts'
import { decodeCommand, decodeWith, Directory, toProblems } from '../../src/index.js'
import { strict } from '../../src/shared/codec.js'
import { runs } from '../support/runs.js'

// Issue 8, item 9: an unknown key of 10 MB made of letters was echoed whole
// in the problem path (only odd keys were cut). Every key a path shows is now
// cut at 64 characters, whatever it is made of; a cut key is shown quoted
// with `…`. docs/limits.md, Decoding problems.

const ALLOWED = 'no such key (allowed: users, subjects, applications, resources)'
const cut = (key: string): string => `[${JSON.stringify(`${key.slice(0, 64)}…`)}]`

describe('issue 8, item 9: every echoed key is cut to 64 characters', () => {
  it('9. a 10 MB unknown key made of letters is echoed cut to 64 characters, in linear time', () => {
    const key = 'a'.repeat(10_000_000)
    const t0 = performance.now()
    const r = decodeWith(Directory, { users: [], subjects: [], [key]: 1 })
    expect(performance.now() - t0).toBeLessThan(2_000)
    expect(r).toEqual({ _tag: 'Left', left: [{ path: cut(key), expected: ALLOWED }] })
    // nested, inside a command
    const c = decodeCommand({ type: 'publish', at: '2025-10-09T16:00:00Z', actor: { id: 'rita', roles: [] }, directory: { users: [{ id: 'a', [key]: true }], subjects: [] } })
    expect(c._tag === 'Left' && c.left).toEqual([{ path: `directory.users[0]${cut(key)}`, expected: 'no such key (allowed: id, active, manager, roles, name, delegate, insights)' }])
  })

  it('9. keys of any kind (identifier-like, digits, odd) are shown whole up to 64 characters and cut beyond', () => {
    const P = strict('P', { x: t.number })
    const pathOf = (key: string): string => {
      const r = decodeWith(P, { x: 1, [key]: 0 })
      return r._tag === 'Left' ? (r.left[0]?.path ?? '') : ''
    }
    expect(pathOf('b'.repeat(64))).toBe('b'.repeat(64))
    expect(pathOf('b'.repeat(65))).toBe(cut('b'.repeat(65)))
    expect(pathOf('7'.repeat(64))).toBe(`[${JSON.stringify('7'.repeat(64))}]`)
    expect(pathOf('7'.repeat(65))).toBe(cut('7'.repeat(65)))
    expect(pathOf(`${'a.b'.repeat(21)}c`)).toBe(`[${JSON.stringify(`${'a.b'.repeat(21)}c`)}]`)
    expect(pathOf('a.b'.repeat(40))).toBe(cut('a.b'.repeat(40)))
    // a cut never splits a surrogate pair
    const emoji = `${'x'.repeat(63)}${'\ud83d\ude00'.repeat(10)}`
    expect(pathOf(emoji)).toBe(`[${JSON.stringify(`${'x'.repeat(63)}…`)}]`)
    // toProblems on hand-made errors cuts too (an array index of 10 MB digits, say)
    const digits = '9'.repeat(10_000_000)
    const problems = toProblems([{ value: undefined, context: [{ key: '', type: t.never }, { key: 'xs', type: t.never }, { key: digits, type: t.never }], message: 'x' }])
    expect(problems).toEqual([{ path: `xs${cut(digits)}`, expected: 'x' }])
  })

  it('9. property: no problem path shows more than 64 characters of any key', () => {
    const longKey = fc.oneof(
      fc.string({ minLength: 65, maxLength: 300 }),
      fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{64,200}$/),
      fc.stringMatching(/^\d{65,200}$/),
    )
    const P = strict('P', { inner: strict('Q', { y: t.number }) })
    fc.assert(
      fc.property(longKey, fc.boolean(), (key, nested) => {
        const input = nested ? { inner: { y: 1, [key]: 0 } } : { inner: { y: 1 }, [key]: 0 }
        const r = decodeWith(P, input)
        if (r._tag === 'Right') throw new Error('an unknown key was accepted')
        for (const p of r.left) {
          expect(p.path.includes(key.slice(0, 65))).toBe(false)
          expect(p.path.length).toBeLessThanOrEqual('inner'.length + 2 * 64 + 8)
        }
      }),
      { numRuns: runs(1_000) },
    )
  })
})
