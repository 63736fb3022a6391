import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as t from 'io-ts'
import { Command, decodeWith, Scenario, scenarioJsonSchema, StepCommand } from '../../src/index.js'
import { jsonSchemaOf } from '../../src/scenario/schema.js'
import { shapeOf, strict } from '../../src/shared/codec.js'
import { runs } from '../support/runs.js'
import { validScenario } from './arbitrary.js'

// The JSON Schema of scenario files is generated from the codecs; this file
// proves that the committed schema is the generated one and that schema and
// codec agree: valid scenarios pass both, mutated ones fail both.

const generated = scenarioJsonSchema()
if (generated._tag === 'Left') throw new Error(`schema generation failed: ${generated.left.join(', ')}`)
const schema = generated.right
const ajv = new Ajv({ allErrors: true, strict: false })
const validate = ajv.compile(schema)
const codecOk = (u: unknown): boolean => decodeWith(Scenario, u)._tag === 'Right'
const schemaOk = (u: unknown): boolean => validate(u) === true

const clone = <A>(a: A): A => JSON.parse(JSON.stringify(a)) as A

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Path = ReadonlyArray<string | number>

/** Every node of a JSON value with its path (answers records are skipped: they accept any key). */
const nodes = (v: Json, path: Path = []): Array<{ path: Path; value: Json }> => {
  const out = [{ path, value: v }]
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...nodes(x, [...path, i])))
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'answers') out.push(...nodes(x, [...path, k]))
  return out
}
const setAt = (root: Json, path: Path, f: (parent: Json, key: string | number) => void): void => {
  let cur: Json | undefined = root
  for (const k of path.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, k)) return f(null, '')
    cur = (cur as Record<string, Json>)[k as string]
  }
  const last = path[path.length - 1]
  if (last !== undefined && cur !== undefined) f(cur, last)
}

describe('scenario JSON Schema', () => {
  it('is generated from the codecs and committed as docs/scenario.schema.json', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../docs/scenario.schema.json', import.meta.url)), 'utf8')
    expect(committed).toBe(`${JSON.stringify(schema, null, 2)}\n`)
  })

  it('describes every house codec and refuses a codec it cannot describe', () => {
    const opaque = new t.Type<string, string, unknown>('Opaque', t.string.is, t.string.validate, t.string.encode)
    const r = jsonSchemaOf(strict('Holder', { x: opaque }))
    expect(r).toEqual({ _tag: 'Left', left: ['Opaque'] })
    const ok = jsonSchemaOf(strict('Point', { x: t.number }, { label: t.string }))
    expect(ok._tag).toBe('Right')
    if (ok._tag === 'Right') {
      expect(ok.right['definitions']).toEqual({
        Point: { type: 'object', properties: { x: { type: 'number' }, label: { type: 'string' } }, required: ['x'], additionalProperties: false },
      })
    }
  })

  it('lists every step command of the library (the Command union minus at and actor)', () => {
    const cmd = shapeOf(Command)
    const step = shapeOf(StepCommand)
    if (cmd?.kind !== 'taggedUnion' || step?.kind !== 'taggedUnion') throw new Error('not tagged unions')
    expect(Object.keys(step.members).sort()).toEqual(Object.keys(cmd.members).sort())
    for (const [tag, member] of Object.entries(cmd.members)) {
      const c = shapeOf(member)
      const s = shapeOf(step.members[tag] as t.Mixed)
      if (c?.kind !== 'object' || s?.kind !== 'object') throw new Error(`${tag} is not an object`)
      const without = (keys: ReadonlyArray<string>) => keys.filter((k) => k !== 'at' && k !== 'actor' && !(tag === 'publish' && k === 'directory')).sort()
      expect(without(Object.keys(s.required)), tag).toEqual(without(Object.keys(c.required)))
      expect(without(Object.keys(s.optional)), tag).toEqual(without(Object.keys(c.optional)))
    }
  })

  it('accepts every example scenario, as the codec does', () => {
    const dir = fileURLToPath(new URL('../../examples/scenarios/', import.meta.url))
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'))
    expect(files.length).toBeGreaterThan(10)
    for (const f of files) {
      const u: unknown = JSON.parse(readFileSync(`${dir}${f}`, 'utf8'))
      expect([f, schemaOk(u), codecOk(u)]).toEqual([f, true, true])
    }
  })

  it('valid generated scenarios pass both the schema and the codec', () => {
    fc.assert(
      fc.property(validScenario, (s) => {
        expect(codecOk(s)).toBe(true)
        expect(schemaOk(s), JSON.stringify(validate.errors)).toBe(true)
      }),
      { numRuns: runs(300) },
    )
  })

  it('an unknown key anywhere fails both', () => {
    fc.assert(
      fc.property(validScenario, fc.nat(), (s, pick) => {
        const u = clone(s) as unknown as Json
        const objects = nodes(u).filter((n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value))
        const target = objects[pick % objects.length]
        if (target === undefined) return
        ;(target.value as Record<string, Json>)['zzUnknownKey'] = 'MARKER-unknown'
        expect([schemaOk(u), codecOk(u)]).toEqual([false, false])
      }),
      { numRuns: runs(300) },
    )
  })

  it('a value replaced by null anywhere fails both', () => {
    fc.assert(
      fc.property(validScenario, fc.nat(), (s, pick) => {
        const u = clone(s) as unknown as Json
        const all = nodes(u).filter((n) => n.path.length > 0)
        const target = all[pick % all.length]
        if (target === undefined) return
        setAt(u, target.path, (parent, key) => {
          ;(parent as Record<string, Json>)[key as string] = null
        })
        expect([schemaOk(u), codecOk(u)]).toEqual([false, false])
      }),
      { numRuns: runs(300) },
    )
  })

  it('a dropped required key fails both', () => {
    const required: ReadonlyArray<Path> = [
      ['version'], ['createdAt'], ['createdBy'], ['definition'], ['directory'], ['items'], ['steps'],
      ['definition', 'timeZone'], ['definition', 'owners'], ['definition', 'reviewers', 'order'], ['definition', 'timing', 'policy'],
      ['directory', 'users'], ['directory', 'subjects'], ['items', 0, 'id'], ['items', 0, 'entitlement'],
      ['steps', 0, 'at'], ['steps', 0, 'as'], ['steps', 0, 'do'], ['steps', 0, 'do', 'type'],
    ]
    fc.assert(
      fc.property(validScenario, fc.constantFrom(...required), (s, path) => {
        const u = clone(s) as unknown as Json
        let exists = true
        setAt(u, path, (parent, key) => {
          if (parent === null || typeof parent !== 'object' || !Object.hasOwn(parent, key)) exists = false
          else delete (parent as Record<string, Json>)[key as string]
        })
        if (!exists) return
        expect([schemaOk(u), codecOk(u)]).toEqual([false, false])
      }),
      { numRuns: runs(300) },
    )
  })

  it('an offset-less instant, a date-only instant or a wrong version fails both', () => {
    const bad: ReadonlyArray<readonly [Path, Json]> = [
      [['createdAt'], '2025-10-09T16:00:00'],
      [['createdAt'], '2025-10-09'],
      [['until'], '16:00'],
      [['steps', 0, 'at'], '2025-10-09T16:00'],
      [['version'], 2],
      [['version'], '1'],
      [['steps', 0, 'do', 'type'], 'launch'],
    ]
    fc.assert(
      fc.property(validScenario, fc.constantFrom(...bad), (s, [path, value]) => {
        const u = clone(s) as unknown as Json
        let exists = true
        setAt(u, path, (parent, key) => {
          if (parent === null || typeof parent !== 'object' || !Object.hasOwn(parent, key)) exists = false
          else (parent as Record<string, Json>)[key as string] = value
        })
        if (!exists) return
        expect([schemaOk(u), codecOk(u)]).toEqual([false, false])
      }),
      { numRuns: runs(300) },
    )
  })
})
