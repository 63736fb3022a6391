// The duplicate-id checks of the scope (scopeProblems) and of the directory
// (Directory's rules) find a repeat by one set operation per id (issue 9):
// each reports every entry whose id an earlier entry already had, at that
// entry's path, and nothing else.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scopeProblems } from '../../src/index.js'
import { Directory } from '../../src/review/directory.js'
import { decodeWith } from '../../src/shared/codec.js'
import { runs } from '../support/runs.js'

// the indexes whose id appeared before them, by the plainest reading
const repeats = (ids: ReadonlyArray<string>): number[] => ids.flatMap((id, i) => (ids.slice(0, i).includes(id) ? [i] : []))

// few distinct ids, so that repeats are common
const ids = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', '__proto__', 'toString'), { maxLength: 30 })

describe('duplicate ids', () => {
  it('scopeProblems reports exactly the items whose id was used before', () => {
    fc.assert(
      fc.property(ids, (xs) => {
        const items = xs.map((id) => ({ id, subject: 's', application: 'app', resource: 'r', entitlement: 'e' }))
        const got = scopeProblems(items as never).map((p) => p.path)
        expect(got).toEqual(repeats(xs).map((i) => `items[${i}].id`))
      }),
      { numRuns: runs(500) },
    )
  })

  it('the directory reports exactly the users and subjects whose id was used before', () => {
    fc.assert(
      fc.property(ids, ids, (us, ss) => {
        const r = decodeWith(Directory, { users: us.map((id) => ({ id })), subjects: ss.map((id) => ({ id })) })
        const want = [...repeats(us).map((i) => `users[${i}].id`), ...repeats(ss).map((i) => `subjects[${i}].id`)]
        if (want.length === 0) expect(r._tag).toBe('Right')
        else {
          expect(r._tag).toBe('Left')
          if (r._tag === 'Left') expect(r.left.map((p) => p.path)).toEqual(want)
        }
      }),
      { numRuns: runs(500) },
    )
  })
})
