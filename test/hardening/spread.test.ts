import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { reportTables, table } from '../../src/cli/table.js'
import type { ReportItem, ScenarioReport } from '../../src/scenario/run.js'

// Issue 8, item 2: a spread of an unbounded array into a call
// (`xs.push(...ys)`, `Math.max(...xs)`) throws a RangeError (stack overflow)
// past ~125k elements. src/ has none (the lint rule in eslint.config.js), and
// the renderers that hit it take 150,000 rows.

const root = fileURLToPath(new URL('../..', import.meta.url))

describe('issue 8, item 2: no spread of an unbounded array into a call', () => {
  it('2. a report table with 150,000 rows renders without throwing', () => {
    const rows = Array.from({ length: 150_000 }, (_, i) => [`item-${i}`, i % 7 === 0 ? 'a-much-longer-cell' : 'x', String(i)])
    const out = table(['item', 'state', 'n'], rows)
    const lines = out.split('\n')
    expect(lines).toHaveLength(150_002)
    // the widest cell of each column sets its width
    expect(lines[0]).toBe(`${'item'.padEnd('item-149999'.length)}  ${'state'.padEnd('a-much-longer-cell'.length)}  n`)
    expect(lines[2]).toBe(`${'item-0'.padEnd(11)}  ${'a-much-longer-cell'}  0`)
  })

  it('2. the report tables of a report with 150,000 items render without throwing', () => {
    const items: Record<string, ReportItem> = {}
    for (let i = 0; i < 150_000; i++) items[`i-${i}`] = { state: 'pending', level: 1, tier: 0, decisions: [] }
    const report = {
      campaign: { status: 'inProgress', displayStatus: 'inProgress', dueAt: null, timeZone: 'UTC', at: '2025-10-09T16:00:00Z' },
      items,
      windows: {},
      steps: [],
      notifications: [],
    } as unknown as ScenarioReport
    const out = reportTables(report)
    expect(out).toContain('i-149999')
    expect(out.split('\n').filter((l) => l.startsWith('i-'))).toHaveLength(150_000)
  })

  it('2. src/ has no spread argument and no .apply( outside the documented exemptions (the lint rule)', { timeout: 60_000 }, async () => {
    const eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.js') })
    const results = await eslint.lintFiles(['src/**/*.ts'])
    const spreads = results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId === 'no-restricted-syntax' && /overflows? the stack/.test(m.message)).map((m) => `${r.filePath}:${m.line}`),
    )
    expect(spreads).toEqual([])
  })
})
