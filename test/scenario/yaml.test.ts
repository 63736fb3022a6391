import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ScenarioProblem } from '../../src/index.js'
import { checkScenarioText, runScenarioJson, runScenarioYaml, scenarioFormatOf } from '../../src/index.js'
import { MAX_ALIAS_NODES, parseScenarioText } from '../../src/scenario/text.js'
import { runs } from '../support/runs.js'

// YAML scenario files: the same scenario in YAML and JSON gives the same
// report, byte for byte; YAML is read strictly (one document, unique keys,
// no tags, bounded aliases) and every problem names the line and column as
// well as the path; nothing throws.

const dir = fileURLToPath(new URL('../../examples/scenarios/', import.meta.url))
const read = (name: string): string => readFileSync(`${dir}${name}`, 'utf8')
const MARK = 'MARKER-yaml-77c'

const problems = (text: string): ReadonlyArray<ScenarioProblem> => {
  const r = runScenarioYaml(text)
  if (r._tag === 'Right') throw new Error('expected a refusal')
  return r.left
}
const at = (p: ScenarioProblem | undefined): string => `${p?.line ?? '?'}:${p?.column ?? '?'} ${p?.path ?? ''}`

describe('YAML and JSON forms of the examples', () => {
  const names = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort()

  it('every example exists in both forms', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual(names)
    expect(names.length).toBeGreaterThan(15)
  })

  for (const name of names) {
    it(`${name}: the YAML file is the JSON file, and their reports are byte-identical`, () => {
      const yaml = parseScenarioText(read(`${name}.yaml`), 'yaml')
      if (yaml._tag === 'Left') throw new Error(JSON.stringify(yaml.left))
      expect(yaml.right.value).toEqual(JSON.parse(read(`${name}.json`)))
      const a = runScenarioYaml(read(`${name}.yaml`))
      const b = runScenarioJson(read(`${name}.json`))
      if (a._tag === 'Left' || b._tag === 'Left') throw new Error('refused')
      expect(JSON.stringify(a.right, null, 2)).toBe(JSON.stringify(b.right, null, 2))
      const checked = checkScenarioText(read(`${name}.yaml`), 'yaml')
      if (checked._tag === 'Left') throw new Error('refused')
      expect(checked.right.holds).toBe(true)
      expect(checked.right.checks.length).toBeGreaterThan(0)
    })
  }

  it('the YAML examples carry comments', () => {
    for (const name of names) expect(read(`${name}.yaml`).split('\n').filter((l) => /^\s*# /.test(l)).length, name).toBeGreaterThan(3)
  })
})

describe('YAML is read strictly', () => {
  it('reads YAML 1.2 core: yes and dates stay strings, comments are ignored', () => {
    const r = parseScenarioText('# a comment\na: yes  # trailing\nb: 2025-10-09\nc: 2025-10-09T16:00:00-04:00\nd: 0x10\ne: ~\n', 'yaml')
    expect(r._tag === 'Right' ? r.right.value : r.left).toEqual({ a: 'yes', b: '2025-10-09', c: '2025-10-09T16:00:00-04:00', d: 16, e: null })
  })

  it('refuses duplicate keys at the repeated key', () => {
    const ps = problems('version: 1\ntitle: a\nversion: 1\n')
    expect(ps).toEqual([{ path: '$', expected: 'a mapping whose keys are unique (a key is repeated here)', line: 3, column: 1 }])
  })

  it('refuses tags, standard or custom', () => {
    for (const text of ['version: !!int 1\n', 'title: !secret x\n', 'items: !!seq []\n', `note: !!binary ${MARK}\n`]) {
      const ps = problems(text)
      expect(ps.length, text).toBe(1)
      expect(ps[0]?.expected, text).toMatch(/no YAML tags/)
      expect(ps[0]?.line, text).toBe(1)
      expect(JSON.stringify(ps)).not.toContain(MARK)
    }
  })

  it('refuses aliases that expand beyond the limit, a recursive alias and an unknown one; small aliases are fine', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...['b', 'c', 'd', 'e'].map((k, i) => `${k}: &${k} [${Array.from({ length: 10 }, () => `*${'abcd'[i]}`).join(', ')}]`)].join('\n')
    expect(problems(laughs)[0]?.expected).toBe(`YAML aliases that add at most ${MAX_ALIAS_NODES} nodes to the document in all`)
    const billion = Array.from({ length: 30 }, (_, i) => (i === 0 ? 'l0: &l0 [x, x]' : `l${i}: &l${i} [*l${i - 1}, *l${i - 1}]`)).join('\n')
    expect(problems(billion)[0]?.expected).toMatch(/YAML aliases that add at most/)
    expect(at(problems('a: &a [1, *a]\n')[0])).toBe('1:11 $')
    expect(problems('a: &a [1, *a]\n')[0]?.expected).toMatch(/recursive alias/)
    expect(problems('a: *nowhere\n')[0]?.expected).toMatch(/an alias of an anchor defined before it/)
    const small = parseScenarioText('level: &l { duration: { days: 2 } }\nlevels: [*l, *l]\n', 'yaml')
    expect(small._tag === 'Right' ? small.right.value : small.left).toEqual({ level: { duration: { days: 2 } }, levels: [{ duration: { days: 2 } }, { duration: { days: 2 } }] })
  })

  it('refuses several documents, a mapping as key, bad indentation and deep nesting, with a position and no excerpt', () => {
    expect(at(problems('version: 1\n---\nversion: 1\n')[0])).toBe('2:1 $')
    expect(problems('? [a, b]\n: x\n')[0]?.expected).toMatch(/mapping key that is a plain value/)
    expect(problems(`a:\n  b: ${MARK}\n c: 2\n`)[0]?.expected).toMatch(/indentation/)
    expect(problems(`a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`)[0]?.expected).toMatch(/nested less deeply/)
    expect(JSON.stringify(problems(`a:\n  b: ${MARK}\n c: 2\n`))).not.toContain(MARK)
  })

  it('names the line and column of decoding problems, in YAML and in JSON', () => {
    const yaml = read('early-completion.yaml').replace('createdBy: rosa', `createdBy: rosa\ncolour: ${MARK}`).replace('as: milo', 'as: nobody')
    const r = checkScenarioText(yaml, 'yaml')
    expect(r._tag).toBe('Left')
    if (r._tag === 'Left') {
      const lines = yaml.split('\n')
      const colour = lines.findIndex((l) => l.startsWith('colour:')) + 1
      const nobody = lines.findIndex((l) => l.includes('as: nobody')) + 1
      expect(r.left.map((p) => [p.path, p.line, p.column])).toEqual([['colour', colour, 1]])
      expect(JSON.stringify(r.left)).not.toContain(MARK)
      const fixed = checkScenarioText(yaml.replace(`colour: ${MARK}\n`, ''), 'yaml')
      expect(fixed._tag === 'Left' ? fixed.left.map((p) => [p.path, p.line, p.column]) : []).toEqual([['steps[2].as', nobody - 1, 9]])
    }
    const json = read('early-completion.json').replace('"as": "milo"', '"as": "nobody"')
    const j = checkScenarioText(json, 'json')
    const line = json.split('\n').findIndex((l) => l.includes('"as": "nobody"')) + 1
    expect(j._tag === 'Left' ? j.left.map((p) => [p.path, p.line, p.column]) : []).toEqual([['steps[2].as', line, 13]])
    const twice = checkScenarioText('{\n  "version": 1,\n  "note": "a",\n  "v\\u0065rsion": 1\n}', 'json')
    expect(twice._tag === 'Left' ? twice.left : []).toEqual([{ path: '$', expected: 'an object whose keys are unique (version is repeated)', line: 4, column: 3 }])
    const syntax = checkScenarioText('{\n  "version": 1,\n  oops\n}', 'json')
    expect(syntax._tag === 'Left' ? syntax.left : []).toEqual([{ path: '$', expected: expect.stringMatching(/^a JSON document \(/) as unknown, line: 3, column: 3 }])
  })

  it('takes the format from the file name', () => {
    expect(['a.yaml', 'a.YML', 'dir.yaml/a.json', 'a'].map(scenarioFormatOf)).toEqual(['yaml', 'yaml', 'json', 'json'])
  })

  it('never throws on any text, and a refusal always names a path', () => {
    const yamlish = fc.array(fc.constantFrom('a', ':', ' ', '\n', '-', '[', ']', '{', '}', '&x', '*x', '!t', '#', '"', "'", '?', '|', '>', '\t', '---', '%YAML 1.1', '1', 'true', '\u00e9'), { maxLength: 40 }).map((xs) => xs.join(''))
    fc.assert(
      fc.property(fc.oneof(fc.string(), yamlish, fc.jsonValue().map((v) => JSON.stringify(v))), (text) => {
        for (const format of ['yaml', 'json'] as const) {
          const r = checkScenarioText(text, format)
          if (r._tag === 'Left') for (const p of r.left) expect(p.path.length).toBeGreaterThan(0)
        }
        expect(() => runScenarioYaml(text)).not.toThrow()
      }),
      { numRuns: runs(2_000) },
    )
  })
})
