import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { junitXml, xmlText } from '../../src/cli/junit.js'
import { runs } from '../support/runs.js'
import { cliCommand } from '../support/cli.js'

// `access-review test FILE|DIR...`: one line per scenario, the failed checks
// with path, expected, actual and the step they came after; exit 0 when
// every check holds, 1 when one fails, 2 when a file is invalid or missing;
// --reporter junit writes JUnit XML, read back here with fast-xml-parser.

const root = fileURLToPath(new URL('../../', import.meta.url))
const [node, cliBundle] = cliCommand()
const examples = join(root, 'examples', 'scenarios')
const tmp = mkdtempSync(join(tmpdir(), 'access-review-test-cmd-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const cli = (...args: string[]) => {
  const r = spawnSync(node, [cliBundle, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const MARK = 'MARKER-cli-test-3e9'
const early = readFileSync(join(examples, 'early-completion.yaml'), 'utf8')

/** A folder with one passing, one failing and (optionally) one invalid scenario. */
const folder = (name: string, invalid: boolean): string => {
  const d = join(tmp, name)
  mkdirSync(join(d, 'nested'), { recursive: true })
  copyFileSync(join(examples, 'cascade-on-not-started.json'), join(d, 'passing.json'))
  // the final expect says level 3; the item is at level 2
  writeFileSync(join(d, 'nested', 'failing.yaml'), early.replace(/("items\.ledger-read": \{ state: pending, level: )2/, '$13'))
  writeFileSync(join(d, 'README.md'), 'not a scenario')
  if (invalid) writeFileSync(join(d, 'invalid.yaml'), `version: 1\nversion: 2\nsecret: ${MARK}\n`)
  return d
}

interface Junit {
  testsuites: {
    tests: string
    failures: string
    errors: string
    testsuite: { testcase: Array<{ name: string; classname: string; file: string; failure?: { message: string; '#text': string }; error?: { message: string; '#text': string } }> }
  }
}
const parseJunit = (xml: string): Junit => {
  expect(XMLValidator.validate(xml)).toBe(true)
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(xml) as Junit
}

describe('access-review test', { timeout: 120_000 }, () => {
  it('passes the examples: one line per scenario, exit 0', () => {
    const r = cli('test', 'examples/scenarios')
    expect([r.code, r.stderr]).toEqual([0, ''])
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines.filter((l) => /^PASS {5}examples\/scenarios\/\S+\.(json|yaml) {2}\(\d+ checks?\)$/.test(l)).length).toBe(44)
    expect(lines[lines.length - 1]).toBe('44 scenarios: 44 passed, 0 failed, 0 invalid')
  })

  it('exit 1 when a check fails, naming the checkpoint, the step it came after, the path, expected and actual', () => {
    const d = folder('failing', false)
    const r = cli('test', d)
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`PASS     ${join(d, 'passing.json')}  (4 checks)`)
    expect(r.stdout).toContain(`FAIL     ${join(d, 'nested', 'failing.yaml')}  (1 of 7 checks failed)`)
    expect(r.stdout).toContain('    expect at 2025-10-10T12:00:00-04:00 (after step 2): items.ledger-read\n      at items.ledger-read.level\n        expected 3\n        actual   2\n')
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('2 scenarios: 1 passed, 1 failed, 0 invalid')
    expect(r.stdout).not.toContain('README')
  })

  it('exit 2 when a file is invalid (path and line:column, never the value), and for a missing path', () => {
    const d = folder('invalid', true)
    const r = cli('test', d)
    expect(r.code).toBe(2)
    expect(r.stdout).toContain(`INVALID  ${join(d, 'invalid.yaml')}  (1 problem)`)
    expect(r.stdout).toContain(`    ${join(d, 'invalid.yaml')}:2:1: $: expected a mapping whose keys are unique (a key is repeated here)`)
    expect(r.stdout).not.toContain(MARK)
    const missing = cli('test', join(tmp, 'no-such-dir'), join(examples, 'early-completion.json'))
    expect(missing.code).toBe(2)
    expect(missing.stdout).toContain(`ERROR    ${join(tmp, 'no-such-dir')}: cannot read it: ENOENT: no such file or directory`)
    expect(missing.stdout).toContain('PASS')
    const empty = join(tmp, 'empty')
    mkdirSync(empty)
    expect(cli('test', empty)).toMatchObject({ code: 2, stdout: expect.stringContaining('no scenario files (.json, .yaml, .yml) in this directory') as unknown })
  })

  it('a path that names nothing in the report is a file error (exit 2), not a silent pass', () => {
    const file = join(tmp, 'typo.yaml')
    writeFileSync(file, early.replace('"campaign.dueAt": 2025-10-12', '"campaign.due": 2025-10-12'))
    const r = cli('test', file)
    expect(r.code).toBe(2)
    expect(r.stdout).toMatch(/typo\.yaml:\d+:\d+: expect\["campaign\.due"\]: expected a field of campaign: status, displayStatus, dueAt, timeZone, at/)
  })

  it('usage errors exit 2', () => {
    expect(cli('test').code).toBe(2)
    expect(cli('test', 'examples/scenarios', '--reporter', 'tap').code).toBe(2)
    expect(cli('test', '-').code).toBe(2)
  })

  it('--reporter junit writes JUnit XML that a standard parser reads back', () => {
    const d = folder('junit', true)
    const r = cli('test', d, join(tmp, 'missing.yaml'), '--reporter', 'junit')
    expect(r.code).toBe(2)
    const doc = parseJunit(r.stdout)
    expect([doc.testsuites.tests, doc.testsuites.failures, doc.testsuites.errors]).toEqual(['4', '1', '2'])
    const cases = doc.testsuites.testsuite.testcase
    expect(cases.map((c) => c.name)).toEqual(['invalid.yaml', 'failing.yaml', 'passing.json', 'missing.yaml'])
    expect(cases[0]?.error?.message).toBe('invalid scenario file (1 problem)')
    expect(cases[1]?.failure?.message).toBe('1 of 7 checks failed')
    expect(cases[1]?.failure?.['#text']).toContain('expect at 2025-10-10T12:00:00-04:00 (after step 2): items.ledger-read.level: expected 3, actual 2')
    expect(cases[1]?.classname).toBe(join(d, 'nested'))
    expect(cases[2]?.failure).toBeUndefined()
    expect(cases[3]?.error?.message).toBe('cannot read it: ENOENT: no such file or directory')
    expect(r.stdout).not.toContain(MARK)
    const ok = cli('test', 'examples/scenarios', '--reporter', 'junit')
    expect(ok.code).toBe(0)
    const all = parseJunit(ok.stdout)
    expect([all.testsuites.tests, all.testsuites.failures, all.testsuites.errors]).toEqual(['44', '0', '0'])
  })
})

describe('access-review run with YAML', { timeout: 120_000 }, () => {
  it('prints the same report for the YAML and the JSON form', () => {
    const yaml = cli('run', 'examples/scenarios/escalation-chain.yaml', '--format', 'table')
    const json = cli('run', 'examples/scenarios/escalation-chain.json', '--format', 'table')
    expect([yaml.code, yaml.stderr]).toEqual([0, ''])
    expect(yaml.stdout).toBe(json.stdout)
  })

  it('names the line and column of YAML and decoding problems (exit 2)', () => {
    const dup = join(tmp, 'dup.yaml')
    writeFileSync(dup, 'version: 1\nversion: 1\n')
    expect(cli('run', dup)).toEqual({ code: 2, stdout: '', stderr: `${dup}:2:1: invalid YAML: expected a mapping whose keys are unique (a key is repeated here)\n` })
    const bad = join(tmp, 'bad-user.yaml')
    writeFileSync(bad, early.replace('as: milo', 'as: nobody'))
    const line = early.split('\n').findIndex((l) => l.includes('as: milo')) + 1
    const r = cli('run', bad)
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`${bad}: invalid scenario (1 problem)\n  ${bad}:${line}:9: steps[2].as: expected a user id of directory.users\n`)
  })
})

describe('JUnit XML text', () => {
  it('is well-formed whatever the names, messages and values hold', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), (name, expected) => {
        const xml = junitXml([
          { file: `dir/${name}.yaml`, seconds: 0.5, result: { _tag: 'Left', left: [{ path: `steps[0].expect[${JSON.stringify(name)}]`, expected, line: 1, column: 2 }] } },
          { file: name, seconds: Number.NaN, result: { _tag: 'Right', right: { report: { campaign: { status: 'draft', displayStatus: 'draft', dueAt: null, timeZone: 'UTC' as never, at: '' }, items: {}, windows: {}, steps: [], notifications: [] }, holds: false, checks: [{ source: 'expect', at: name, path: name, expected, ok: false, mismatches: [{ path: name, expected, actual: [name] }] }] } } },
        ])
        expect(XMLValidator.validate(xml)).toBe(true)
        const doc = parseJunit(xml)
        expect(doc.testsuites.testsuite.testcase.length).toBe(2)
      }),
      { numRuns: runs(500) },
    )
    expect(xmlText('a<b>&"\'\u0000\ud800')).toBe('a&lt;b&gt;&amp;&quot;&apos;\\u0000\\uD800')
  })
})
