// `access-review evidence` and `access-review explain` (issue 11): both
// evidence formats for every example scenario, the same bytes twice and equal
// to the library's own output; explain; exit codes and usage errors.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import * as E from 'fp-ts/lib/Either.js'
import { parse as parseYaml } from 'yaml'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { evidenceCsv, evidenceJson, evidenceReport } from '../../src/report/evidence.js'
import { Scenario } from '../../src/scenario/format.js'
import { runDecodedScenario } from '../../src/scenario/run.js'
import { decodeWith } from '../../src/shared/codec.js'
import { cliCommand } from '../support/cli.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const [node, cliBundle] = cliCommand()
const scenarios = join(root, 'examples', 'scenarios')
const examples = readdirSync(scenarios)
  .filter((f) => /\.(json|ya?ml)$/.test(f))
  .sort()

/** Runs the CLI in this process (a fresh instance of src/cli/main.ts each time): its exit code and standard output. */
let instance = 0
const cliInProcess = async (...args: string[]): Promise<{ readonly code: number | undefined; readonly stdout: string }> => {
  const argv = process.argv
  const chunks: string[] = []
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (chunks.push(String(s)), true))
  process.argv = ['node', 'access-review', ...args]
  process.exitCode = undefined
  try {
    instance++
    await import(/* @vite-ignore */ `../../src/cli/main.ts?instance=${instance}`)
    for (let i = 0; i < 1_000 && process.exitCode === undefined; i++) await new Promise((r) => setTimeout(r, 2))
    return { code: process.exitCode === undefined ? undefined : Number(process.exitCode), stdout: chunks.join('') }
  } finally {
    write.mockRestore()
    process.argv = argv
  }
}
afterEach(() => {
  process.exitCode = undefined
})

const libraryOutput = (file: string): { readonly json: string; readonly csv: string } => {
  const text = readFileSync(join(scenarios, file), 'utf8')
  const decoded = decodeWith(Scenario, file.endsWith('.json') ? JSON.parse(text) : parseYaml(text))
  const ran = E.isLeft(decoded) ? decoded : runDecodedScenario(decoded.right)
  if (E.isLeft(ran)) throw new Error(`${file}: invalid`)
  const report = evidenceReport(ran.right.events)
  if (E.isLeft(report)) throw new Error(`${file}: ${report.left.message}`)
  return { json: evidenceJson(report.right), csv: evidenceCsv(report.right) }
}

describe('access-review evidence', { timeout: 120_000 }, () => {
  it('prints both formats for every example scenario: the library’s bytes, the same twice', async () => {
    expect(examples.length).toBeGreaterThan(30)
    for (const file of examples) {
      const expected = libraryOutput(file)
      const json = await cliInProcess('evidence', join(scenarios, file))
      expect([file, json.code]).toEqual([file, 0])
      expect(json.stdout).toBe(expected.json)
      const report = JSON.parse(json.stdout) as { format: string; items: unknown[]; chain: { heads: Record<string, unknown> } }
      expect(report.format).toBe('access-review-evidence/1')
      expect(report.items.length).toBeGreaterThan(0)
      expect(Object.keys(report.chain.heads).length).toBeGreaterThan(1)
      const csv = await cliInProcess('evidence', join(scenarios, file), '--format', 'csv')
      expect([file, csv.code]).toEqual([file, 0])
      expect(csv.stdout).toBe(expected.csv)
      expect((parse(csv.stdout) as string[][]).length).toBeGreaterThan(1)
      expect((await cliInProcess('evidence', join(scenarios, file), '--format=csv')).stdout).toBe(csv.stdout)
    }
  })

  it('the YAML and JSON forms of an example give the same evidence', () => {
    for (const file of examples.filter((f) => f.endsWith('.yaml'))) {
      const twin = file.replace(/\.yaml$/, '.json')
      if (examples.includes(twin)) expect(libraryOutput(file)).toEqual(libraryOutput(twin))
    }
  })
})

describe('access-review evidence and explain as a process', { timeout: 60_000 }, () => {
  const cli = (...args: string[]) => {
    const r = spawnSync(node, [cliBundle, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000, input: '' })
    return { code: r.status, stdout: r.stdout, stderr: r.stderr }
  }

  it('explain prints the resolution of an item; an unknown item or a bad --format exits 2', () => {
    const file = join(scenarios, 'reviewer-order-count-2.json')
    const r = cli('explain', file, 'bot-crm')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('1. firstLineManager: named nobody -> skipped (subjectUnmapped)')
    const unknown = cli('explain', file, 'nope')
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, `${file}: nope: no such item in the campaign`])
    const bad = cli('evidence', file, '--format', 'table')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--format of evidence must be json or csv')
  })
})
