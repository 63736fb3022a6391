import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { cliCommand } from '../support/cli.js'

// The access-review CLI, run from source (bundled once per test run by
// test/support/cli-bundle.ts) in a child process:
// exit codes 0/2, JSON and table output, the --svg file, problems on stderr.

const root = fileURLToPath(new URL('../../', import.meta.url))
const [node, cliBundle] = cliCommand()
const example = join(root, 'examples', 'scenarios', 'early-completion.json')
const tmp = mkdtempSync(join(tmpdir(), 'access-review-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const cliWithInput = (input: string, ...args: string[]) => {
  const r = spawnSync(node, [cliBundle, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000, input })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const cli = (...args: string[]) => cliWithInput('', ...args)
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
const isRoot = process.getuid?.() === 0

describe('access-review run', { timeout: 60_000 }, () => {
  it('prints the report as JSON by default and exits 0', () => {
    const r = cli('run', example)
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout) as { campaign: unknown; steps: unknown; windows: Record<string, unknown[]> }
    expect(report.campaign).toEqual({
      status: 'inProgress',
      displayStatus: 'inProgress',
      dueAt: '2025-10-12T10:00:00-04:00',
      timeZone: 'America/New_York',
      at: '2025-10-10T12:00:00-04:00',
    })
    // steps[1] of the file is a checkpoint: it has no outcome
    expect(report.steps).toEqual([
      { index: 0, ok: true },
      { index: 2, ok: true },
    ])
    expect(report.windows['s-ezra']).toHaveLength(2)
    expect(cli('run', example, '--format', 'json').stdout).toBe(r.stdout)
  })

  it('prints readable tables with --format table', () => {
    const r = cli('run', example, '--format', 'table')
    expect(r.code).toBe(0)
    for (const section of ['Campaign', 'Items', 'Windows', 'Steps', 'Notifications']) expect(r.stdout).toContain(section)
    expect(r.stdout).toMatch(/s-ezra\s+1\s+0\s+milo\s+2025-10-09 16:00 -04:00\s+2025-10-11 16:00 -04:00\s+2025-10-10 10:00 -04:00\s+done/)
    expect(r.stdout).toMatch(/2\s+2025-10-10 10:00 -04:00\s+milo\s+decide\s+ok/)
  })

  it('writes the packet timelines as SVG with --svg', () => {
    const out = join(tmp, 'timeline.svg')
    const r = cli('run', example, '--svg', out)
    expect(r.code).toBe(0)
    const svg = readFileSync(out, 'utf8')
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
    expect(svg).toContain('s-ezra')
    expect(svg.match(/class="bar/g)?.length).toBe(2)
  })

  it('exits 2 with every problem by path on stderr, no stack trace, no echoed value', () => {
    const bad = join(tmp, 'bad.json')
    writeFileSync(bad, JSON.stringify({ version: 2, createdAt: '2025-10-08T09:00:00', secret: 'MARKER-cli-9b1' }))
    const r = cli('run', bad)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('version: expected the scenario format version 1')
    expect(r.stderr).toContain('createdAt: expected')
    expect(r.stderr).toContain('secret: expected no such key')
    expect(r.stderr).not.toContain('MARKER-cli-9b1')
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
  })

  it('exits 2 on text that is not JSON, a missing file and bad usage', () => {
    const notJson = join(tmp, 'not.json')
    writeFileSync(notJson, '{ "version": 1,')
    const a = cli('run', notJson)
    expect([a.code, a.stderr]).toEqual([2, `${notJson}:1:16: invalid JSON: Expected double-quoted property name\n`])
    const b = cli('run', join(tmp, 'missing.json'))
    expect([b.code, b.stderr.includes('cannot read the file')]).toEqual([2, true])
    expect(cli().code).toBe(2)
    expect(cli('run', example, '--format', 'yaml').code).toBe(2)
    expect(cli('run', example, '--bogus').code).toBe(2)
  })

  it('prints the JSON Schema with `schema`', () => {
    const r = cli('schema')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(root, 'docs', 'scenario.schema.json'), 'utf8')))
  })
})

describe('access-review help and --version', { timeout: 60_000 }, () => {
  it('prints the usage on stdout and exits 0 with help, --help and -h', () => {
    for (const arg of ['help', '--help', '-h']) {
      const r = cli(arg)
      expect([arg, r.code, r.stderr]).toEqual([arg, 0, ''])
      expect(r.stdout.startsWith('Usage:\n')).toBe(true)
      expect(r.stdout).toContain('access-review run FILE [--format json|table] [--svg OUT]')
      expect(r.stdout).toContain('- reads it from standard input')
      expect(r.stdout).toContain('access-review help   (or --help, -h)')
      expect(r.stdout).toContain('access-review --version')
      expect(r.stdout).toContain('Exit codes: 0 success, 2 invalid input or usage, 1 internal error.')
    }
    expect(cli('run', example, '--help').code).toBe(0)
  })

  it('still refuses bad usage with exit 2 and the reason', () => {
    const extra = cli('help', 'run')
    expect([extra.code, extra.stdout]).toEqual([2, ''])
    expect(extra.stderr).toContain('access-review: help takes no arguments')
    const unknown = cli('frobnicate')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('access-review: unknown command "frobnicate"')
    expect(unknown.stderr).toContain('Usage:')
    const none = cli()
    expect([none.code, none.stderr.startsWith('access-review: missing command\nUsage:')]).toEqual([2, true])
  })

  it('prints the package version with --version and exits 0', () => {
    expect(packageJson.version).toMatch(/^\d+\.\d+\.\d+/)
    const r = cli('--version')
    expect(r).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' })
  })
})

describe('access-review run - (standard input)', { timeout: 60_000 }, () => {
  it('reads the scenario from standard input', () => {
    const fromFile = cli('run', example, '--format', 'table')
    const fromStdin = cliWithInput(readFileSync(example, 'utf8'), 'run', '-', '--format', 'table')
    expect(fromStdin.code).toBe(0)
    expect(fromStdin.stderr).toBe('')
    expect(fromStdin.stdout).toBe(fromFile.stdout)
    expect(fromStdin.stdout).toContain('Notifications')
  })

  it('names standard input as <stdin> in problems', () => {
    const invalid = cliWithInput(JSON.stringify({ version: 2 }), 'run', '-')
    expect(invalid.code).toBe(2)
    expect(invalid.stderr).toContain('<stdin>: invalid scenario')
    expect(invalid.stderr).toContain('version: expected the scenario format version 1')
    const empty = cliWithInput('', 'run', '-')
    expect([empty.code, empty.stderr]).toEqual([2, '<stdin>:1:1: invalid JSON: Unexpected end of JSON input\n'])
  })
})

describe('access-review run: JSON syntax errors', { timeout: 60_000 }, () => {
  it('names the line and column of the error', () => {
    const file = join(tmp, 'syntax.json')
    writeFileSync(file, '{\n  "version": 1,\n  "createdAt": oops\n}\n')
    const r = cli('run', file)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`${file}:3:16: invalid JSON: Unexpected token 'o'\n`)
  })

  it('names the place of an unexpected token (no position in the parser message) and never echoes the input', () => {
    const secret = 'MARKER-json-4f2'
    const text = `{\r\n  "note": "${secret} ${'x'.repeat(5000)}",\r\n  "steps": [1, 2, 3, @]\r\n}`
    const r = cliWithInput(text, 'run', '-')
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`<stdin>:3:22: invalid JSON: Unexpected token '@'\n`)
    expect(r.stderr).not.toContain(secret)
    expect(r.stderr).not.toContain('steps')
  })

  it('refuses an object that names a key twice, at the second key, without echoing a value', () => {
    const secret = 'MARKER-json-dup'
    const text = `{\n  "version": 1,\n  "note": "${secret}",\n  "note": "other"\n}`
    const r = cliWithInput(text, 'run', '-')
    expect([r.code, r.stdout]).toEqual([2, ''])
    expect(r.stderr).toBe('<stdin>:4:3: invalid JSON: $: expected an object whose keys are unique (note is repeated)\n')
    expect(r.stderr).not.toContain(secret)
  })

  it('uses the position of the parser message when it has one', () => {
    const r = cliWithInput('{"version": 1}\n\n  {"again": true}', 'run', '-')
    expect([r.code, r.stderr]).toEqual([2, '<stdin>:3:3: invalid JSON: Unexpected non-whitespace character after JSON\n'])
  })
})

describe('access-review run: unreadable files', { timeout: 60_000 }, () => {
  it('says ENOENT for a missing file', () => {
    const missing = join(tmp, 'missing.json')
    const r = cli('run', missing)
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `${missing}: cannot read the file: ENOENT: no such file or directory\n`])
  })

  it('says EISDIR for a directory', () => {
    const r = cli('run', tmp)
    expect([r.code, r.stderr]).toEqual([2, `${tmp}: cannot read the file: EISDIR: is a directory\n`])
  })

  it.skipIf(isRoot)('says EACCES for a file it may not read', () => {
    const locked = join(tmp, 'locked.json')
    writeFileSync(locked, '{}')
    chmodSync(locked, 0o000)
    const r = cli('run', locked)
    expect([r.code, r.stderr]).toEqual([2, `${locked}: cannot read the file: EACCES: permission denied\n`])
  })
})

describe('access-review run --svg: an unwritable output', { timeout: 60_000 }, () => {
  it('is a usage error (exit 2) with the reason, not an internal error', () => {
    const inDirectory = cli('run', example, '--svg', tmp)
    expect([inDirectory.code, inDirectory.stdout, inDirectory.stderr]).toEqual([2, '', `${tmp}: cannot write the SVG file: EISDIR: is a directory\n`])
    const noParent = join(tmp, 'no-such-dir', 'out.svg')
    const b = cli('run', example, '--svg', noParent)
    expect([b.code, b.stderr]).toEqual([2, `${noParent}: cannot write the SVG file: ENOENT: no such file or directory\n`])
    const underFile = join(example, 'out.svg')
    const c = cli('run', example, '--svg', underFile)
    expect([c.code, c.stderr]).toEqual([2, `${underFile}: cannot write the SVG file: ENOTDIR: not a directory\n`])
    expect(`${inDirectory.stderr}${b.stderr}${c.stderr}`).not.toContain('internal error')
  })

  it.skipIf(isRoot)('says EACCES for a directory it may not write', () => {
    const readOnly = join(tmp, 'read-only')
    mkdirSync(readOnly)
    chmodSync(readOnly, 0o500)
    const out = join(readOnly, 'out.svg')
    const r = cli('run', example, '--svg', out)
    expect([r.code, r.stderr]).toEqual([2, `${out}: cannot write the SVG file: EACCES: permission denied\n`])
  })
})
