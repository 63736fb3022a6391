/**
 * Keeps `npm run bench` from rotting: the same harness at the smoke sizes,
 * in this process (no child processes, no files written). Every figure of
 * every group must be measured, the baseline must run beside it, and the
 * table, the verdicts, the plot and the performance page must render. No
 * time is asserted.
 */
import { describe, expect, it } from 'vitest'
import { plan, runHarness } from '../../bench/harness.js'
import type { Outcome } from '../../bench/harness.js'
import { stepsOf } from '../../bench/model.js'
import { markdown, rows, svgOf, textReport, verdicts } from '../../bench/report.js'

describe('bench smoke run (in-process, tiny sizes)', () => {
  let outcome: Outcome | undefined
  const run = async (): Promise<Outcome> => (outcome ??= await runHarness({ smoke: true, inProcess: true, totalBudgetMs: 120_000, log: () => undefined }))

  it('runs every group to the end', async () => {
    const o = await run()
    expect(o.groups.map((g) => `${g.group.kind} ${g.group.items}: ${g.status}${g.note === undefined ? '' : ` (${g.note})`}`)).toEqual(
      plan(true).map((g) => `${g.kind} ${g.items}: done`),
    )
  })

  it('measures every figure of every group, each with its baseline', async () => {
    const o = await run()
    const expected = plan(true).flatMap((g) => stepsOf(g.kind).flatMap((s) => s.ops.map((op) => `${op}@${g.items}`)))
    const got = o.measurements.map((m) => `${m.op}@${m.items}`)
    expect([...got].sort()).toEqual([...expected].sort())
    // the retained heap needs node --expose-gc, which vitest does not give
    const bad = o.measurements.filter((m) => !(m.op === 'retained' && m.status === 'skipped') && (m.status !== 'ok' || !(m.value > 0) || !Number.isFinite(m.value)))
    expect(bad).toEqual([])
    const withoutBaseline = o.measurements.filter((m) => m.op !== 'retained' && !(m.baseline !== undefined && m.baseline > 0))
    expect(withoutBaseline.map((m) => `${m.op}@${m.items}`)).toEqual([])
  })

  it('renders the table, the verdicts, the plot and the page', async () => {
    const o = await run()
    const text = textReport(o)
    for (const r of rows) expect(text).toContain(r.label)
    const vs = verdicts(o)
    expect(vs.length).toBeGreaterThanOrEqual(15)
    for (const v of vs) expect(['PASS', 'MISS']).toContain(v.verdict)
    // each growth verdict shows the baseline's growth over the same sizes beside the core's
    const growths = vs.filter((v) => v.target.includes('within 12× of'))
    expect(growths.length).toBe(6)
    for (const v of growths) expect(v.measured).toMatch(/^×\d+\.\d \(baseline ×\d+\.\d\)$/)
    const svg = svgOf(o, 'smoke')
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('create + publish')
    const md = markdown(o, 'smoke', 'img/performance.svg')
    expect(md).toContain('## Method')
    expect(md).toContain('![time against campaign size, log-log](img/performance.svg)')
  })
})
