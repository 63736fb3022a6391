// The samples of docs/evidence.md are real output: each block after a
// `<!-- sample: … -->` marker equals what the library (the CLI's code path)
// gives for that example scenario today.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { parse as parseYaml } from 'yaml'
import { describe, expect, it } from 'vitest'
import { evidenceCsv, evidenceJson, evidenceReport } from '../../src/report/evidence.js'
import { explainAssignment, explanationLines } from '../../src/report/explain.js'
import { Scenario } from '../../src/scenario/format.js'
import { runDecodedScenario } from '../../src/scenario/run.js'
import type { ScenarioRun } from '../../src/scenario/run.js'
import { decodeWith } from '../../src/shared/codec.js'

const root = join(__dirname, '..', '..')
const doc = readFileSync(join(root, 'docs', 'evidence.md'), 'utf8')

const runOf = (file: string): ScenarioRun => {
  const text = readFileSync(join(root, file), 'utf8')
  const decoded = decodeWith(Scenario, file.endsWith('.json') ? JSON.parse(text) : parseYaml(text))
  const ran = E.isLeft(decoded) ? decoded : runDecodedScenario(decoded.right)
  if (E.isLeft(ran)) throw new Error(`${file}: invalid`)
  return ran.right
}

const output = (what: string, file: string, arg: string | undefined): string => {
  const ran = runOf(file)
  if (what === 'explain') {
    const e = explainAssignment(ran.state, arg ?? '')
    if (E.isLeft(e)) throw new Error(e.left.message)
    return `${explanationLines(e.right).join('\n')}\n`
  }
  const report = evidenceReport(ran.events)
  if (E.isLeft(report)) throw new Error(report.left.message)
  // the document shows CSV line ends as plain newlines
  return arg === 'csv' ? evidenceCsv(report.right).replace(/\r\n/g, '\n') : evidenceJson(report.right)
}

const samples = [...doc.matchAll(/<!-- sample: (\S+) (?:(json|csv) )?(\S+)(?: (\S+))? -->\n```\w*\n([\s\S]*?)```/g)]

describe('docs/evidence.md samples', () => {
  it('has the three samples', () => {
    expect(samples.map((m) => [m[1], m[2] ?? null])).toEqual([
      ['explain', null],
      ['evidence', 'json'],
      ['evidence', 'csv'],
    ])
  })
  for (const m of samples) {
    const [, what = '', format, file = '', item, shown = ''] = m
    it(`${what} ${format ?? ''} ${file} ${item ?? ''} is today's output`, () => {
      expect(shown).toBe(output(what, file, what === 'explain' ? item : format))
    })
  }
})
