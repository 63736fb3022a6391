// Issue 10 in the CLI's table report: an open question, a pending second
// approval and decisions made on someone's behalf are shown beside the item.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runScenarioYaml } from '../../src/scenario/text.js'
import { reportTables } from '../../src/cli/table.js'

const tables = (name: string): string => {
  const text = readFileSync(fileURLToPath(new URL(`../../examples/scenarios/${name}.yaml`, import.meta.url)), 'utf8')
  const r = runScenarioYaml(text)
  if (r._tag === 'Left') throw new Error(JSON.stringify(r.left))
  return reportTables(r.right)
}
const itemLine = (out: string, id: string): string => out.split('\n').find((l) => l.startsWith(`${id} `)) ?? ''

describe('the table report shows availability and SoD fields', () => {
  it('an open question', () => {
    expect(itemLine(tables('request-info'), 'sven-ledger')).toMatch(/^sven-ledger\s+pending, info requested\s/)
  })
  it('decisions on behalf of an absent reviewer', () => {
    expect(itemLine(tables('delegation'), 'sven-ledger')).toContain('approve by tara for mona (L1T0')
  })
  it('a pending second approval', () => {
    const out = tables('insight-escalation')
    expect(itemLine(out, 'sven-ledger')).toContain('approve by lena (L1T0')
    expect(itemLine(out, 'sven-payroll')).toMatch(/^sven-payroll\s+revoked\s/)
  })
})
