import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { scenarioCases } from '../../src/testing/scenarios.js'

// scenarioCases (access-review-core/testing/scenarios): a folder of scenario
// files as test cases, each with its name and result; never throws, and a
// wrong path is a failing case rather than no case at all.

const tmp = mkdtempSync(join(tmpdir(), 'access-review-cases-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
const early = readFileSync(new URL('../../examples/scenarios/early-completion.yaml', import.meta.url), 'utf8')

// The three lines a user writes: every example of this repository, one test each.
for (const c of scenarioCases('examples/scenarios')) it(`examples/scenarios/${c.name}`, () => expect(c.failures).toEqual([]))

describe('scenarioCases', () => {
  it('lists a folder recursively in name order, with names relative to it, computing results when read', () => {
    const d = join(tmp, 'tree')
    mkdirSync(join(d, 'b', 'c'), { recursive: true })
    writeFileSync(join(d, 'b', 'c', 'deep.yaml'), early)
    writeFileSync(join(d, 'a.yml'), early)
    writeFileSync(join(d, 'notes.txt'), 'not a scenario')
    writeFileSync(join(d, '.hidden.yaml'), 'broken: [')
    symlinkSync(join(d, 'b'), join(d, 'loop'))
    const cases = scenarioCases(d)
    expect(cases.map((c) => c.name)).toEqual(['a.yml', 'b/c/deep.yaml'])
    expect(cases.map((c) => c.file)).toEqual([join(d, 'a.yml'), join(d, 'b', 'c', 'deep.yaml')])
    for (const c of cases) {
      expect(c.result._tag).toBe('Right')
      expect(c.result).toBe(c.result)
      expect(c.failures).toEqual([])
    }
    expect(scenarioCases(pathToFileURL(`${d}/`)).map((c) => c.name)).toEqual(['a.yml', 'b/c/deep.yaml'])
  })

  it('a failed check and an invalid file are cases with their failures', () => {
    const d = join(tmp, 'mixed')
    mkdirSync(d)
    writeFileSync(join(d, 'fails.yaml'), early.replace('"campaign.dueAt": 2025-10-12T10:00:00-04:00', '"campaign.dueAt": 2025-10-12T11:00:00-04:00'))
    writeFileSync(join(d, 'invalid.json'), '{ "version": 1, }')
    const [fails, invalid] = scenarioCases(d)
    expect(fails?.result._tag === 'Right' && fails.result.right.holds).toBe(false)
    expect(fails?.failures).toEqual([
      'expect at 2025-10-10T12:00:00-04:00 (after step 2): campaign.dueAt: expected "2025-10-12T11:00:00-04:00", actual "2025-10-12T10:00:00-04:00"',
    ])
    expect(invalid?.result._tag).toBe('Left')
    expect(invalid?.failures).toEqual(['invalid.json:1:17: $: expected a JSON document (Expected double-quoted property name)'])
  })

  it('a missing folder, an empty folder or a single file', () => {
    const missing = scenarioCases(join(tmp, 'nope'))
    expect(missing.map((c) => [c.name, c.failures.length])).toEqual([[join(tmp, 'nope'), 1]])
    expect(missing[0]?.failures[0]).toMatch(/ENOENT/)
    const empty = join(tmp, 'empty')
    mkdirSync(empty)
    expect(scenarioCases(empty)[0]?.failures[0]).toMatch(/no scenario files/)
    const file = join(tmp, 'one.yaml')
    writeFileSync(file, early)
    expect(scenarioCases(file).map((c) => [c.name, c.failures])).toEqual([[file, []]])
  })

  it('refuses a file over the size limit it is given', () => {
    const file = join(tmp, 'big.yaml')
    writeFileSync(file, early)
    expect(scenarioCases(file, { maxBytes: 100 })[0]?.failures[0]).toMatch(/larger than the limit of 100 bytes \(maxBytes\)/)
    expect(scenarioCases(file, { maxBytes: -5 })[0]?.failures).toEqual([])
  })
})
