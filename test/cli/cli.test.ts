import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

// The access-review CLI, run from source with tsx in a child process:
// exit codes 0/2, JSON and table output, the --svg file, problems on stderr.

const root = fileURLToPath(new URL('../../', import.meta.url))
const tsx = join(root, 'node_modules', '.bin', 'tsx')
const example = join(root, 'examples', 'scenarios', 'early-completion.json')
const tmp = mkdtempSync(join(tmpdir(), 'access-review-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const cli = (...args: string[]) => {
  const r = spawnSync(tsx, ['src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

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
    expect(report.steps).toEqual([
      { index: 0, ok: true },
      { index: 1, ok: true },
    ])
    expect(report.windows['s-ezra']).toHaveLength(2)
    expect(cli('run', example, '--format', 'json').stdout).toBe(r.stdout)
  })

  it('prints readable tables with --format table', () => {
    const r = cli('run', example, '--format', 'table')
    expect(r.code).toBe(0)
    for (const section of ['Campaign', 'Items', 'Windows', 'Steps', 'Notifications']) expect(r.stdout).toContain(section)
    expect(r.stdout).toMatch(/s-ezra\s+1\s+0\s+milo\s+2025-10-09 16:00 -04:00\s+2025-10-11 16:00 -04:00\s+2025-10-10 10:00 -04:00\s+done/)
    expect(r.stdout).toMatch(/1\s+2025-10-10 10:00 -04:00\s+milo\s+decide\s+ok/)
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
    expect([a.code, a.stderr.includes('$: expected a JSON document')]).toEqual([2, true])
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
