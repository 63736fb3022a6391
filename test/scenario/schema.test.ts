import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as t from 'io-ts'
import { CampaignId, Command, decodeWith, Instant, Scenario, scenarioJsonSchema, StepCommand } from '../../src/index.js'
import { jsonSchemaOf } from '../../src/scenario/schema.js'
import { shapeOf, strict } from '../../src/shared/codec.js'
import { runs } from '../support/runs.js'
import { validScenario } from './arbitrary.js'

// The JSON Schema of scenario files is generated from the codecs; this file
// proves that the committed schema is the generated one and that schema and
// codec agree: valid scenarios pass both, mutated ones fail both, and the
// annotations of the hand-written codecs (instants, ids) hold the codecs'
// bounds: instants from 1970-01-01T00:00:00Z to 2999-12-31T23:59:59.999Z,
// ids without control characters (C0, DEL, C1). The one difference the
// schema documents: a JSON Schema pattern cannot portably refuse an unpaired
// surrogate, so only the id codec does.

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

  it('checkpoints and the final expect: the examples pass both; a path outside the report, an empty expect or an expect in a step with do fail both', () => {
    const dir = fileURLToPath(new URL('../../examples/scenarios/', import.meta.url))
    const s = JSON.parse(readFileSync(`${dir}early-completion.json`, 'utf8')) as Record<string, Json> & { steps: Array<Record<string, Json>> }
    expect(s.steps.some((x) => 'expect' in x) && 'expect' in s).toBe(true)
    expect([schemaOk(s), codecOk(s)]).toEqual([true, true])
    const bad: ReadonlyArray<(u: typeof s) => void> = [
      (u) => void (u['expect'] = { 'report.status': 'inProgress' }),
      (u) => void (u['expect'] = {}),
      (u) => void (u.steps[1] = { at: '2025-10-09T16:00:00-04:00', expect: { 'campaign.status': 'draft' }, as: 'rosa' }),
      (u) => void (u.steps[1] = { at: '2025-10-09T16:00:00-04:00' }),
    ]
    for (const change of bad) {
      const u = clone(s)
      change(u)
      expect([schemaOk(u), codecOk(u)]).toEqual([false, false])
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

  describe('the annotations of instants and ids', () => {
    // The annotations alone, through a holder codec: the schema of a field
    // is exactly the annotation of its codec.
    const holder = jsonSchemaOf(strict('Holder', { at: Instant, id: CampaignId }))
    if (holder._tag === 'Left') throw new Error(`schema generation failed: ${holder.left.join(', ')}`)
    const validateHolder = ajv.compile(holder.right)
    const both = (field: 'at' | 'id', value: unknown): readonly [boolean, boolean] => {
      const u = { at: 0, id: 'c1', [field]: value }
      return [validateHolder(u) === true, decodeWith(strict('Holder', { at: Instant, id: CampaignId }), u)._tag === 'Right']
    }
    const EARLIEST = 0
    const LATEST = 32503679999999 // 2999-12-31T23:59:59.999Z

    it('instants: epoch milliseconds 0 to 32503679999999 pass both, one outside fails both', () => {
      expect(new Date(LATEST).toISOString()).toBe('2999-12-31T23:59:59.999Z')
      for (const ms of [EARLIEST, 1, 1_760_040_000_000, LATEST - 1, LATEST]) expect([ms, ...both('at', ms)]).toEqual([ms, true, true])
      for (const ms of [-1, LATEST + 1, -30610224000000, 253402300799999, 1.5]) expect([ms, ...both('at', ms)]).toEqual([ms, false, false])
    })

    it('instants: date-time strings at the bounds pass both, years outside 1969 to 3000 fail both', () => {
      const inRange = [
        '1970-01-01T00:00:00Z',
        '1970-01-01T00:00:00.000Z',
        '2999-12-31T23:59:59.999Z',
        '1969-12-31T23:30:00-01:00', // 1970-01-01T00:30:00Z
        '3000-01-01T00:30:00+01:00', // 2999-12-31T23:30:00Z
        '2025-10-09T16:00:00-04:00',
      ]
      for (const s of inRange) expect([s, ...both('at', s)]).toEqual([s, true, true])
      const outOfRange = ['1968-12-31T23:59:59Z', '3001-01-01T00:00:00Z', '1000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '0000-01-01T00:00:00Z']
      for (const s of outOfRange) expect([s, ...both('at', s)]).toEqual([s, false, false])
      // years 1969 and 3000 reach the schema; the codec checks the instant
      for (const s of ['1969-12-31T23:59:59.999Z', '3000-01-01T00:00:00Z', '1970-01-01T00:30:00+01:00']) expect([s, ...both('at', s)]).toEqual([s, true, false])
    })

    it('instants: for any whole number or date-time string, the schema accepts whatever the codec accepts, and they agree on numbers', () => {
      const year = fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0'))
      const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'))
      const offset = fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), two(23), two(59)).map(([sign, h, m]) => `${sign}${h}:${m}`))
      const text = fc.tuple(year, two(12), two(28), two(23), two(59), two(59), offset).map(([y, mo, d, h, mi, se, o]) => `${y}-${mo === '00' ? '01' : mo}-${d === '00' ? '01' : d}T${h}:${mi}:${se}${o}`)
      const millis = fc.oneof(fc.integer({ min: -2 * LATEST, max: 2 * LATEST }), fc.integer({ min: -5, max: 5 }), fc.integer({ min: LATEST - 5, max: LATEST + 5 }))
      fc.assert(
        fc.property(fc.oneof(text, millis), (value) => {
          const [schema, codec] = both('at', value)
          if (codec) expect(schema, String(value)).toBe(true)
          if (typeof value === 'number') expect(schema, String(value)).toBe(codec)
          else if (Number(value.slice(0, 4)) < 1969 || Number(value.slice(0, 4)) > 3000) expect([value, schema, codec]).toEqual([value, false, false])
        }),
        { numRuns: runs(2000) },
      )
    })

    it('ids: C0, DEL and C1 controls fail both; spaces, U+00A0, bidi marks and surrogate pairs pass both', () => {
      for (const id of ['c-\u0000', 'c-\u001f', 'c-\u007f', 'c-\u0080', 'c-\u0085', 'c-\u009f', '\u009f', '', 'x'.repeat(201)]) expect([id, ...both('id', id)]).toEqual([id, false, false])
      for (const id of ['c 1', 'c-\u00a0', 'c-\u00a1', 'c-\u200f', 'c-\u202e', 'c-\ud83d\ude00', 'x'.repeat(200)]) expect([id, ...both('id', id)]).toEqual([id, true, true])
    })

    it('ids: an unpaired surrogate is refused by the codec only, as the description says', () => {
      for (const id of ['c-\ud800', 'c-\udfff', '\ude00x', 'x\ud83d']) expect([id, ...both('id', id)]).toEqual([id, true, false])
      const definitions = holder.right['definitions'] as { Holder: { properties: { id: { description: string } } } }
      expect(definitions.Holder.properties.id.description).toMatch(/unpaired surrogate/)
      const scenarioIds = JSON.stringify(schema).match(/"description":"A [a-z ]+ id \([^"]*\)"/g) ?? []
      expect(scenarioIds.length).toBeGreaterThan(0)
      for (const d of scenarioIds) expect(d).toMatch(/unpaired surrogate/)
    })

    it('ids: for any string, schema and codec agree unless it holds an unpaired surrogate', () => {
      const lone = /\p{Cs}/u
      const anyId = fc.oneof(
        fc.string({ maxLength: 12, unit: 'binary' }),
        fc.string({ maxLength: 12, unit: fc.integer({ min: 0, max: 0x2ff }).map((c) => String.fromCharCode(c)) }),
        fc.string({ maxLength: 6, unit: fc.constantFrom('a', '\u0085', '\u009f', '\u00a0', '\u007f', '\ud800', '\udc00', '\ud83d\ude00') }),
        fc.string({ minLength: 198, maxLength: 202, unit: 'grapheme-ascii' }),
      )
      fc.assert(
        fc.property(anyId, (id) => {
          const [schema, codec] = both('id', id)
          if (lone.test(id)) expect(codec).toBe(false)
          else expect(schema, JSON.stringify(id)).toBe(codec)
        }),
        { numRuns: runs(2000) },
      )
    })

    it('in a whole scenario: a campaign id with a C1 control, or an instant outside the range, fails both', () => {
      fc.assert(
        fc.property(validScenario, fc.constantFrom<readonly [Path, Json]>([['definition', 'id'], 'q1-\u0085'], [['createdAt'], -1], [['createdAt'], '1000-01-01T00:00:00Z'], [['until'], '9999-12-31T23:59:59Z']), (s, [path, value]) => {
          const u = clone(s) as unknown as Json
          let exists = true
          setAt(u, path, (parent, key) => {
            if (parent === null || typeof parent !== 'object' || !Object.hasOwn(parent, key)) exists = false
            else (parent as Record<string, Json>)[key as string] = value
          })
          if (!exists) return
          expect([schemaOk(u), codecOk(u)]).toEqual([false, false])
        }),
        { numRuns: runs(100) },
      )
    })
  })
})
