import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runScenario, runScenarioJson } from '../../src/index.js'
import { runs } from '../support/runs.js'
import { validScenario } from './arbitrary.js'

// runScenario never throws, whatever the input; refusals always name a
// path; valid scenarios always run to a report with one outcome per step.

const MARK = 'zqMARKERqz'

describe('runScenario (properties)', () => {
  it('never throws on any JSON value, and a refusal always names a non-empty path', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (u) => {
        const r = runScenario(u)
        if (r._tag === 'Left') {
          expect(r.left.length).toBeGreaterThan(0)
          for (const p of r.left) expect(p.path.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: runs(2_000) },
    )
  })

  it('never throws on anything (prototypes, symbols, bigint, dates...)', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }), (u) => {
        expect(() => runScenario(u)).not.toThrow()
      }),
      { numRuns: runs(2_000) },
    )
  })

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(() => runScenarioJson(text)).not.toThrow()
      }),
      { numRuns: runs(2_000) },
    )
  })

  it('runs every valid scenario to a report with one outcome per step, instants in the campaign zone', () => {
    fc.assert(
      fc.property(validScenario, (s) => {
        const r = runScenario(s)
        if (r._tag === 'Left') throw new Error(JSON.stringify(r.left))
        expect(r.right.steps.map((x) => x.index)).toEqual(s.steps.map((_, i) => i))
        expect(Object.keys(r.right.items).sort()).toEqual(s.items.map((i) => i.id).sort())
        for (const n of r.right.notifications) expect(n.at).toMatch(/(Z|[+-]\d{2}:\d{2})$/)
      }),
      { numRuns: runs(300) },
    )
  })

  it('refuses a valid scenario with a marker value in an unknown key or an unknown step user, never echoing it', () => {
    fc.assert(
      fc.property(validScenario, fc.constantFrom('top', 'step-user', 'step-key'), (s, where) => {
        const u = JSON.parse(JSON.stringify(s)) as Record<string, unknown>
        const steps = u['steps'] as Array<Record<string, unknown>>
        if (where === 'top') u[`k${MARK}`] = MARK
        else if (steps[0] === undefined) return
        else if (where === 'step-user') steps[0]['as'] = MARK
        else steps[0]['x'] = MARK
        const r = runScenario(u)
        expect(r._tag).toBe('Left')
        if (r._tag === 'Left') {
          const text = JSON.stringify(r.left.map((p) => p.expected))
          expect(text).not.toContain(MARK)
          expect(r.left.map((p) => p.path)).toContain(where === 'top' ? `k${MARK}` : where === 'step-user' ? 'steps[0].as' : 'steps[0].x')
        }
      }),
      { numRuns: runs(300) },
    )
  })
})
