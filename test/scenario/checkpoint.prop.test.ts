import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ExpectedValue, ScenarioReport } from '../../src/index.js'
import { checkScenario, errorCodes, notificationKinds, parseInstant, runScenario } from '../../src/index.js'
import { runs } from '../support/runs.js'
import { validScenario } from './arbitrary.js'

// Checkpoints, as properties over random valid scenarios:
// 1. a checkpoint whose expectations are read off the report of the file cut
//    at its instant holds (whatever offset its instants are written with);
// 2. changing any single expected value makes the check fail, naming the
//    path of that value;
// 3. checkpoints never change the run: the report is the same without them.

type Json = ExpectedValue
type Scn = Record<string, unknown> & { steps: Array<Record<string, unknown>> }

const BARE = /^[^.[\]"\s\p{Cc}]+$/u
const key = (k: string): string => (BARE.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)

/** The report of the scenario cut before step `k` and ended at `at`: what a checkpoint there sees. */
const reportAt = (s: Scn, k: number, at: string | number): ScenarioReport => {
  const { expect: _e, ...rest } = s
  const r = runScenario({ ...rest, steps: s.steps.slice(0, k), until: at })
  if (r._tag === 'Left') throw new Error(`cut scenario refused: ${JSON.stringify(r.left)}`)
  return r.right
}

const INSTANT_FIELDS = new Set(['at', 'dueAt', 'start', 'end', 'closedAt'])

/** Leaves of a report part with their path (`.level`, `[0].at`), and whether each is an instant. */
const leaves = (v: unknown, path: string, field: string, out: Array<{ path: string; value: Json; instant: boolean }>): void => {
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, `${path}[${i}]`, field, out))
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, `${path}${key(k)}`, k, out)
  else out.push({ path, value: v as Json, instant: INSTANT_FIELDS.has(field) && typeof v === 'string' })
}

/** Candidate paths of a report, each with its value: whole parts and leaves. */
const candidates = (r: ScenarioReport): Array<{ path: string; value: Json }> => {
  const out: Array<{ path: string; value: Json }> = []
  out.push({ path: 'campaign', value: r.campaign as unknown as Json })
  for (const [k, v] of Object.entries(r.campaign)) out.push({ path: `campaign.${k}`, value: v as Json })
  for (const [id, item] of Object.entries(r.items)) {
    out.push({ path: `items${key(id)}`, value: item as unknown as Json })
    out.push({ path: `items${key(id)}.state`, value: item.state })
  }
  for (const [p, ws] of Object.entries(r.windows)) {
    out.push({ path: `windows${key(p)}`, value: ws as unknown as Json })
    ws.forEach((w, i) => out.push({ path: `windows${key(p)}[${i}]`, value: w as unknown as Json }))
  }
  for (const s of r.steps) out.push({ path: `steps[${s.index}]`, value: s as unknown as Json })
  out.push({ path: 'steps', value: r.steps as unknown as Json })
  out.push({ path: 'notifications', value: r.notifications as unknown as Json })
  const kinds = new Set(r.notifications.map((n) => n.kind))
  for (const k of kinds) out.push({ path: `notifications[kind=${k}]`, value: r.notifications.filter((n) => n.kind === k) as unknown as Json })
  return out
}

/** The same instant written otherwise: in UTC with Z, or as epoch milliseconds. */
const rewriteInstant = (iso: string, how: number): string | number => {
  const ms = parseInstant(iso)
  if (ms === undefined) return iso
  return how % 3 === 0 ? new Date(ms).toISOString() : how % 3 === 1 ? ms : iso
}

/** A copy of `value` with every instant leaf rewritten (as seen by `leaves`). */
const rewriteInstants = (value: Json, field: string, how: number): Json => {
  if (Array.isArray(value)) return value.map((x) => rewriteInstants(x, field, how))
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, rewriteInstants(x, k, how)]))
  return typeof value === 'string' && INSTANT_FIELDS.has(field) ? rewriteInstant(value, how) : value
}

/** The names a field may hold, by field (and, for `status`, by part of the report). */
const namesOf = (path: string, field: string): ReadonlyArray<string> | undefined => {
  if (field === 'status') return path.startsWith('campaign') ? ['draft', 'inProgress', 'completed', 'aborted', 'expired'] : ['done', 'active', 'upcoming', 'lapsed']
  if (field === 'displayStatus') return ['draft', 'inProgress', 'overdue', 'completed', 'aborted', 'expired']
  if (field === 'state') return ['draft', 'pending', 'approved', 'revoked', 'expired']
  if (field === 'decision') return ['approve', 'revoke']
  if (field === 'kind') return notificationKinds
  if (field === 'code') return errorCodes
  return undefined
}

/** A different value of the same kind (so the file stays valid). */
const mutated = (v: Json, instant: boolean, path: string): Json => {
  if (v === null) return '2025-01-01T00:00:00Z'
  if (instant && typeof v === 'string') {
    const ms = parseInstant(v)
    return ms === undefined ? v : new Date(ms + 60_000).toISOString()
  }
  if (typeof v === 'number') return v + 1
  if (typeof v === 'boolean') return !v
  if (typeof v === 'string') return namesOf(path, lastField(path))?.find((x) => x !== v) ?? `${v}x`
  return v
}

const lastField = (path: string): string => /([A-Za-z]+)(?:\[\d+\])*$/.exec(path)?.[1] ?? ''

describe('checkpoints (properties)', () => {
  it('a checkpoint read off the report at its instant holds; any single changed value fails naming its path', () => {
    fc.assert(
      fc.property(validScenario, fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.nat(), (s0, pos, offset, pick, leafPick, how) => {
        const s = JSON.parse(JSON.stringify(s0)) as Scn
        // the checkpoint goes before step k, at an instant between steps k-1 and k (or until)
        const k = pos % (s.steps.length + 1)
        const fromMs = (u: unknown): number => (typeof u === 'number' ? u : (parseInstant(String(u)) ?? 0))
        const lo = k === 0 ? fromMs(s['createdAt']) : fromMs(s.steps[k - 1]?.['at'])
        const hi = k < s.steps.length ? fromMs(s.steps[k]?.['at']) : fromMs(s['until'])
        const at = new Date(lo + (hi > lo ? offset % (hi - lo + 1) : 0)).toISOString()
        const report = reportAt(s, k, at)
        const all = candidates(report)
        const chosen = all[pick % all.length]
        if (chosen === undefined) return
        const expected = rewriteInstants(chosen.value, lastField(chosen.path), how)
        const withCheckpoint = (value: Json): Scn => {
          const steps = [...s.steps]
          steps.splice(k, 0, { at, expect: { [chosen.path]: value } })
          return { ...s, steps }
        }
        // 1. it holds
        const ok = checkScenario(withCheckpoint(expected))
        if (ok._tag === 'Left') throw new Error(`refused: ${JSON.stringify(ok.left)} for ${chosen.path}`)
        expect(ok.right.checks.map((c) => [c.path, c.ok, c.mismatches])).toEqual([[chosen.path, true, []]])
        expect(ok.right.checks[0]?.source).toBe(`steps[${k}]`)
        // 3. the run is the same without the checkpoint (the steps after it are one position further)
        const shifted = { ...ok.right.report, steps: ok.right.report.steps.map((x) => ({ ...x, index: x.index > k ? x.index - 1 : x.index })) }
        expect(JSON.stringify(shifted)).toBe(JSON.stringify(reportWithout(s)))
        // 2. a changed leaf fails, named by its path
        const ls: Array<{ path: string; value: Json; instant: boolean }> = []
        leaves(chosen.value, chosen.path, lastField(chosen.path), ls)
        const leaf = ls[leafPick % Math.max(1, ls.length)]
        if (leaf === undefined) return
        const changed = setLeaf(expected, leaf.path.slice(chosen.path.length), mutated(leaf.value, leaf.instant, leaf.path))
        const bad = checkScenario(withCheckpoint(changed))
        if (bad._tag === 'Left') throw new Error(`refused after a change: ${JSON.stringify(bad.left)} for ${leaf.path}`)
        const check = bad.right.checks[0]
        expect(check?.ok).toBe(false)
        expect(bad.right.holds).toBe(false)
        expect(check?.mismatches.map((m) => m.path)).toContain(leaf.path)
      }),
      { numRuns: runs(1_000) },
    )
  })
})

const reportWithout = (s: Scn): ScenarioReport => {
  const r = runScenario(s)
  if (r._tag === 'Left') throw new Error(JSON.stringify(r.left))
  return r.right
}

/** Sets the leaf at a relative path (`.a[0].b`, `["odd"]`, or '' for the value itself). */
const setLeaf = (root: Json, rel: string, value: Json): Json => {
  if (rel === '') return value
  const copy = JSON.parse(JSON.stringify(root)) as Json
  const parts = [...rel.matchAll(/\.([^.[\]"]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)].map((m) =>
    m[1] !== undefined ? m[1] : m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3] ?? '""') as string),
  )
  let cur: unknown = copy
  for (let i = 0; i < parts.length - 1; i++) cur = (cur as Record<string | number, unknown>)[parts[i] as string | number]
  ;(cur as Record<string | number, unknown>)[parts[parts.length - 1] as string | number] = value
  return copy
}
