import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Problem, ScenarioVerdict } from '../../src/index.js'
import { checkScenario, decodeWith, Expectations } from '../../src/index.js'
import { compilePath, parsePath, printPath } from '../../src/scenario/expect.js'
import { runs } from '../support/runs.js'

// Checkpoints and the final `expect`: the path language, what is refused
// before anything runs (a path that names nothing in a report is a problem
// of the file, listing the path), and how expected values match.

const MARK = 'MARKER-expect-5d1'
const NY = (s: string): string => `2025-10-${s}:00-04:00`

// early-completion without its checkpoints and final expect: publish at 10-09 16:00, milo decides both items at 10-10 10:00
const base = (): Record<string, unknown> & { steps: Array<Record<string, unknown>> } => {
  const s = JSON.parse(readFileSync(fileURLToPath(new URL('../../examples/scenarios/early-completion.json', import.meta.url)), 'utf8')) as Record<string, unknown>
  const { expect: _e, ...rest } = s
  return { ...rest, steps: (s['steps'] as Array<Record<string, unknown>>).filter((x) => !('expect' in x)) }
}
/** The base scenario with a checkpoint before step `k` and an optional final expect. */
const withCheckpoint = (k: number, at: string, expectations: Record<string, unknown>, final?: Record<string, unknown>): unknown => {
  const s = base()
  s.steps.splice(k, 0, { at, expect: expectations })
  return final === undefined ? s : { ...s, expect: final }
}
const verdict = (u: unknown): ScenarioVerdict => {
  const r = checkScenario(u)
  if (r._tag === 'Left') throw new Error(`refused: ${JSON.stringify(r.left)}`)
  return r.right
}
const problems = (u: unknown): ReadonlyArray<Problem> => {
  const r = checkScenario(u)
  if (r._tag === 'Right') throw new Error('expected a refusal')
  return r.left
}

describe('report paths', () => {
  it('parse fields, ids, positions, quoted keys and filters, and print back', () => {
    for (const p of ['campaign.status', 'items.ledger-read.state', 'windows.s-ezra[1].end', 'steps[3].code', 'notifications[kind=reviewEscalated][0].at', 'items["a.b"].decisions[0].by', 'notifications[recipients="a]b"]']) {
      const parsed = parsePath(p)
      expect(parsed._tag, p).toBe('Right')
      if (parsed._tag === 'Right') expect(printPath(parsed.right)).toBe(p)
    }
    for (const p of ['', 'campaign.', '.status', 'windows..end', 'steps[', 'steps[01]', 'steps[-1]', 'steps[1', 'items["a', 'notifications[kind=]', 'campaign status', 'x'.repeat(1001)]) {
      expect(parsePath(p)._tag, JSON.stringify(p.slice(0, 20))).toBe('Left')
    }
  })

  it('print then parse is the identity on any segments', () => {
    const key = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom('a', 'b', '.', '[', ']', '"', ' ', '-', '\u00e9', '=', '\\') })
    const segment = fc.oneof(
      key.map((k) => ({ kind: 'key' as const, key: k })),
      fc.nat({ max: 999_999_999 }).map((index) => ({ kind: 'index' as const, index })),
      fc.tuple(fc.constantFrom('kind', 'by', 'ok'), key).map(([field, value]) => ({ kind: 'filter' as const, field, value, quoted: true })),
    )
    fc.assert(
      fc.property(fc.constantFrom('items', 'windows', 'steps'), fc.array(segment, { maxLength: 5 }), (top, rest) => {
        const segments = [{ kind: 'key' as const, key: top }, ...rest]
        const printed = printPath(segments)
        const back = parsePath(printed)
        expect(back._tag).toBe('Right')
        if (back._tag === 'Right') expect(printPath(back.right)).toBe(printed)
      }),
      { numRuns: runs(1_000) },
    )
  })

  it('are checked against the shape of the report, naming only the valid part before the mistake', () => {
    const bad: ReadonlyArray<readonly [string, RegExp]> = [
      ['campaign.stauts', /^a field of campaign: status, displayStatus, dueAt, timeZone, at$/],
      ['report.status', /^a field of the report: campaign, items, windows, steps, notifications$/],
      ['campaign[0]', /not \[\.\.\.\]/],
      ['items.a.state.value', /nothing more/],
      ['windows.s-ezra.end', /a position \[n\] or a filter/],
      ['notifications[color=red]', /a filter on a field of a notification/],
      ['notifications[kind=reviewEscalatd]', /one of reviewAssigned, reviewEscalated/],
      ['steps[ok=maybe]', /true or false/],
      ['items.a.decisions[at=2025-10-10]', /an instant/],
      ['windows.s-ezra[level=one]', /a whole number/],
      ['windows.s-ezra[0].reviewers[name=x]', /cannot be filtered/],
    ]
    for (const [path, expected] of bad) {
      const r = compilePath(path)
      expect(r._tag, path).toBe('Left')
      if (r._tag === 'Left') expect(r.left, path).toMatch(expected)
    }
    for (const path of ['windows.s-ezra[closedAt=null]', 'notifications[recipients=milo][0].itemIds[1]', 'steps[ok=false][0].items[0].code', 'items.x.decisions[by=milo][0].at', 'windows.s-ezra[end=2025-10-12T14:00:00Z]']) {
      expect(compilePath(path)._tag, path).toBe('Right')
    }
  })
})

describe('Expectations (the codec)', () => {
  it('refuses values of the wrong kind for their field, by path, never echoing them', () => {
    const r = decodeWith(Expectations, {
      'campaign.dueAt': `2025-10-12 ${MARK}`,
      'campaign.status': MARK,
      'items.x': { state: 'pending', colour: MARK },
      'windows.s-ezra': [{ level: 'one' }],
      'steps[0].ok': 'yes',
    })
    expect(r._tag).toBe('Left')
    if (r._tag === 'Left') {
      expect(r.left.map((p) => p.path).sort()).toEqual(
        ['["campaign.dueAt"]', '["campaign.status"]', '["items.x"].colour', '["windows.s-ezra"][0].level', '["steps[0].ok"]'].sort(),
      )
      expect(JSON.stringify(r.left)).not.toContain(MARK)
    }
  })

  it('refuses an empty object and more than 1000 paths', () => {
    expect(decodeWith(Expectations, {})._tag).toBe('Left')
    expect(decodeWith(Expectations, Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`items.i${i}.state`, 'pending'])))._tag).toBe('Left')
    expect(decodeWith(Expectations, Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`items.i${i}.state`, 'pending'])))._tag).toBe('Right')
  })

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true }), fc.string(), (u, k) => {
        expect(() => decodeWith(Expectations, u)).not.toThrow()
        expect(() => decodeWith(Expectations, { [k]: u })).not.toThrow()
      }),
      { numRuns: runs(1_000) },
    )
  })
})

describe('checkpoint paths that name nothing in the scenario are problems of the file', () => {
  it('an unknown item, packet or step, listing the path', () => {
    const ps = problems(
      withCheckpoint(1, NY('09T17:00'), { 'items.nope.state': 'pending', 'windows.s-nobody[0].status': 'active', 'steps[1].ok': true, 'steps[7].ok': true, items: { ghost: { state: 'pending' } } }, { 'steps[1].ok': true }),
    )
    expect(ps.map((p) => p.path)).toEqual([
      'steps[1].expect["items.nope.state"]',
      'steps[1].expect["windows.s-nobody[0].status"]',
      'steps[1].expect["steps[1].ok"]',
      'steps[1].expect["steps[7].ok"]',
      'steps[1].expect.items.ghost',
      'expect["steps[1].ok"]',
    ])
    expect(ps[0]?.expected).toMatch(/an item id of the scenario/)
    expect(ps[1]?.expected).toMatch(/subject id of an item/)
    expect(ps[2]?.expected).toMatch(/command step before this checkpoint/)
  })

  it('a checkpoint out of time order is refused like a step', () => {
    expect(problems(withCheckpoint(2, NY('09T12:00'), { 'campaign.status': 'inProgress' })).map((p) => p.path)).toEqual(['steps[2].at'])
  })
})

describe('matching', () => {
  it('a partial object matches the fields it names; instants match whatever their offset', () => {
    const v = verdict(
      withCheckpoint(1, NY('09T16:00'), {
        'windows.s-ezra[0]': { status: 'active', end: '2025-10-11T20:00:00Z' },
        'windows.s-ezra[1].start': 1760212800000,
        'campaign.dueAt': '2025-10-13T22:00:00+02:00',
        'items.ledger-read': { state: 'pending' },
        'windows.s-ezra[0].closedAt': null,
        'windows.s-ezra[5]': null,
        'steps[0].code': null,
      }),
    )
    expect(v.checks.filter((c) => !c.ok)).toEqual([])
    expect(v.holds).toBe(true)
    expect(v.checks.map((c) => [c.source, c.after, c.at])).toEqual(Array.from({ length: 7 }, () => ['steps[1]', 0, NY('09T16:00')]))
  })

  it('reports each place that differs at its own path, with the actual value or nothing', () => {
    const v = verdict(
      withCheckpoint(1, NY('09T16:00'), {
        'windows.s-ezra': [{ status: 'active' }],
        'windows.s-ezra[1]': { status: 'active', end: NY('11T16:00') },
        'windows.s-ezra[2].status': 'upcoming',
        'notifications[kind=reviewEscalated]': [{ recipients: ['milo'] }],
      }),
    )
    expect(v.holds).toBe(false)
    expect(v.checks.flatMap((c) => c.mismatches)).toEqual([
      { path: 'windows.s-ezra', expected: [{ status: 'active' }], actual: expect.any(Array) as unknown },
      { path: 'windows.s-ezra[1].status', expected: 'active', actual: 'upcoming' },
      { path: 'windows.s-ezra[1].end', expected: NY('11T16:00'), actual: NY('13T16:00') },
      { path: 'windows.s-ezra[2].status', expected: 'upcoming' },
      { path: 'notifications[kind=reviewEscalated]', expected: [{ recipients: ['milo'] }], actual: [] },
    ])
  })

  it('the final expect is checked at until, after the last step; steps[i] is the file position i', () => {
    const v = verdict(withCheckpoint(1, NY('09T18:00'), { 'steps[0].ok': true, steps: [{ index: 0, ok: true }] }, { 'steps[2].ok': true, 'campaign.at': NY('10T12:00'), 'items.ledger-read.level': 3 }))
    expect(v.checks.map((c) => [c.source, c.after ?? null, c.path, c.ok])).toEqual([
      ['steps[1]', 0, 'steps[0].ok', true],
      ['steps[1]', 0, 'steps', true],
      ['expect', 2, 'steps[2].ok', true],
      ['expect', 2, 'campaign.at', true],
      ['expect', 2, 'items.ledger-read.level', false],
    ])
  })

  it('a checkpoint before any step has no step it came after', () => {
    const v = verdict(withCheckpoint(0, NY('08T10:00'), { 'campaign.status': 'draft', 'items.ledger-read': { state: 'draft', level: 0 }, windows: {} }))
    expect(v.checks.map((c) => [c.after, c.ok])).toEqual([
      [undefined, true],
      [undefined, true],
      [undefined, true],
    ])
  })
})
