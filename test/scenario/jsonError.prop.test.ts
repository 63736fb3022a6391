import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pathSegment } from '../../src/shared/codec.js'
import { jsonDuplicateKey } from '../../src/scenario/jsonError.js'
import { runs } from '../support/runs.js'

// jsonDuplicateKey against a model: JSON written from a tree whose objects
// are lists of members (so a key may repeat), and the first repeated key in
// document order found by a recursive walk of that tree.

type Tree = null | boolean | number | string | { readonly items: ReadonlyArray<Tree> } | { readonly members: ReadonlyArray<readonly [string, Tree]> }

// few distinct keys, so that repeats are common; odd characters included
const keyArb = fc.constantFrom('a', 'b', 'as', '', 'a b', '"', '\\', 'é', '\u2028', '0', 'steps')
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 4 }),
    // string values that are also keys, and empty containers: a value must never count as a key
    keyArb,
    fc.constantFrom('a', ''),
    fc.constant({ members: [] }),
    fc.constant({ members: [] }),
    fc.constant({ items: [] }),
    fc.record({ items: fc.array(tie('tree'), { maxLength: 6 }) }),
    // lists of the few values that end a container and then repeat: ["a", {}, "a", {"a": {}}, "a"]
    fc.record({ items: fc.array(fc.constantFrom<Tree>('a', { members: [] }, { items: [] }, { members: [['a', { members: [] }]] }), { maxLength: 8 }) }),
    fc.record({ members: fc.array(fc.tuple(keyArb, tie('tree')), { maxLength: 5 }) }),
  ),
}))

// A key as JSON: plain, or with every character escaped as \uXXXX (the same key).
const keyText = (k: string, escape: boolean): string =>
  escape ? `"${[...k].map((c) => [...c].map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')).join('')}"` : JSON.stringify(k)

const write = (t: Tree, escape: boolean, space: string): string => {
  if (t === null || typeof t !== 'object') return JSON.stringify(t)
  if ('items' in t) return `[${space}${t.items.map((x) => write(x, escape, space)).join(`,${space}`)}${space}]`
  return `{${space}${t.members.map(([k, v], i) => `${keyText(k, escape && i % 2 === 1)}${space}:${space}${write(v, escape, space)}`).join(`,${space}`)}${space}}`
}

// The first key an object repeats, in document order: a member's key comes
// before its value, and a value before the next member.
const firstRepeat = (t: Tree, path: string): { path: string; key: string } | undefined => {
  if (t === null || typeof t !== 'object') return undefined
  const at = path === '' ? '$' : path
  if ('items' in t) {
    for (let i = 0; i < t.items.length; i++) {
      const found = firstRepeat(t.items[i] ?? null, path + pathSegment(String(i), true, path === ''))
      if (found !== undefined) return found
    }
    return undefined
  }
  const seen = new Set<string>()
  for (const [k, v] of t.members) {
    if (seen.has(k)) return { path: at, key: k }
    seen.add(k)
    const found = firstRepeat(v, path + pathSegment(k, false, path === ''))
    if (found !== undefined) return found
  }
  return undefined
}

describe('jsonDuplicateKey', () => {
  it('finds the first key an object repeats (escaped or not), with its path and the offset of its second occurrence', () => {
    fc.assert(
      fc.property(tree, fc.boolean(), fc.constantFrom('', ' ', '\n  '), (t, escape, space) => {
        const text = write(t, escape, space)
        JSON.parse(text) // the model writes JSON
        const expected = firstRepeat(t, '')
        const found = jsonDuplicateKey(text)
        if (expected === undefined) return found === undefined
        if (found === undefined || found.path !== expected.path || found.key !== expected.key) return false
        // the offset is the start of the repeated key's string
        const end = text.indexOf(':', found.offset)
        return JSON.parse(text.slice(found.offset, end)) === expected.key
      }),
      { numRuns: runs(3000) },
    )
  })

  it('finds nothing in what JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => jsonDuplicateKey(JSON.stringify(v)) === undefined && jsonDuplicateKey(JSON.stringify(v, null, 2)) === undefined),
      { numRuns: runs(1000) },
    )
  })

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', 'a', 'u', '0') }), (text) => {
        jsonDuplicateKey(text)
        return true
      }),
      { numRuns: runs(2000) },
    )
  })

  it('uses a set past 16 keys and still finds the repeat; an object deep in arrays gets its path', () => {
    const many = Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`).join(',')
    expect(jsonDuplicateKey(`{${many},"k3":0}`)).toEqual({ offset: many.length + 2, path: '$', key: 'k3' })
    expect(jsonDuplicateKey(`{${many},"k40":0}`)).toBeUndefined()
    // values are not keys, after an empty object or array too
    expect(jsonDuplicateKey('[{},"x",{},"x"]')).toBeUndefined()
    expect(jsonDuplicateKey('{"a":[{}],"b":"a","c":{},"d":"a"}')).toBeUndefined()
    expect(jsonDuplicateKey('{"steps":[{"as":"ann","as":"bob"}]}')).toEqual({ offset: 22, path: 'steps[0]', key: 'as' })
    expect(jsonDuplicateKey('[[1,[]],[{"x":{},"y":[{"z":1,"z":2}]}]]')).toEqual({ offset: 29, path: '[1][0].y[0]', key: 'z' })
    // 100,000 levels of nesting: no stack overflow
    expect(jsonDuplicateKey(`${'['.repeat(100_000)}{"a":1,"a":2}${']'.repeat(100_000)}`)?.key).toBe('a')
  })
})
