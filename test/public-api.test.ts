// The public surface is a reviewed list. Each entry point's runtime exports
// must equal the committed list in test/public-api.json: adding or removing
// an export is a decision made in review (update the list in the same change).
// Every io-ts codec among them must have gone through `named` (src/shared/codec.ts),
// the compile-time check that the codec and its named interface agree both ways.
import { readFileSync } from 'node:fs'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import * as main from '../src/index.js'
import * as testing from '../src/testing/index.js'
import * as arbitraries from '../src/testing/arbitraries.js'
import * as scenarioTesting from '../src/testing/scenarios.js'
import * as postgres from '../src/postgres/index.js'
import { isNamedCodec } from '../src/shared/codec.js'

interface Committed {
  readonly [entryPoint: string]: ReadonlyArray<string>
}

const committed = JSON.parse(readFileSync(new URL('./public-api.json', import.meta.url), 'utf8')) as Committed

const entryPoints: Readonly<Record<string, object>> = {
  'access-review-core': main,
  'access-review-core/testing': testing,
  'access-review-core/testing/arbitraries': arbitraries,
  'access-review-core/testing/scenarios': scenarioTesting,
  'access-review-core/postgres': postgres,
}

describe('the public API', () => {
  for (const [name, module] of Object.entries(entryPoints)) {
    it(`${name} exports exactly the committed list`, () => {
      const actual = Object.keys(module).sort()
      expect(actual).toEqual([...(committed[name] ?? [])].sort())
    })
  }

  it('every exported codec was annotated with its named type (named<A>())', () => {
    const codecs = Object.entries(main).filter(([, v]) => v instanceof t.Type)
    expect(codecs.length).toBeGreaterThan(40)
    const unnamed = codecs.filter(([, v]) => !isNamedCodec(v)).map(([k]) => k)
    expect(unnamed).toEqual([])
  })

  it('no function is PascalCase: PascalCase values are codecs or constructor namespaces', () => {
    const pascalFunctions = Object.entries(main)
      .filter(([k, v]) => /^[A-Z]/.test(k) && typeof v === 'function' && !(v instanceof t.Type))
      .map(([k]) => k)
    expect(pascalFunctions).toEqual([])
  })

  it('internals named in the API review stay internal', () => {
    const internals = ['clearTimeMemo', 'rememberWake', 'knownWake', 'lookup', 'isPlainObject', 'stableHash', 'shapeOf', 'escapeHtml', 'escapeMrkdwn', 'packetWindows', 'Text', 'WholeNumber', 'strict', 'named']
    expect(internals.filter((n) => Object.hasOwn(main, n))).toEqual([])
  })
})
