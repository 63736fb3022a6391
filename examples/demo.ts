// npm run demo — a tour of access-review-core in plain tables.
//
// 1. Reviewer order firstLineManager, riskManager, applicationOwner with
//    counts 1–3, for a subject with a manager and one without.
// 2. An item moving from reviewer A to B to C, step by step.
// 3. Every scenario of examples/scenarios/, with its windows and step
//    outcomes; the timelines are written as SVG pictures to out/demo/.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ApplicationId, ItemId, ResourceId, ScenarioReport, SubjectId, UserId } from '../src/index.js'
import { decodeWith, Directory, runScenario } from '../src/index.js'
// Reviewer resolution itself is internal; the demo shows it step by step.
import { indexDirectory } from '../src/review/directory.js'
import { resolveItem } from '../src/review/reviewer.js'
import { shortInstant, table } from '../src/cli/table.js'
import { timelineSvg } from '../src/cli/svg.js'

const say = (s = ''): void => {
  process.stdout.write(`${s}\n`)
}
const heading = (s: string): void => say(`\n${s}\n${'='.repeat(s.length)}`)

// ---------------------------------------------------------------------------
// 1. Reviewer order
// ---------------------------------------------------------------------------

heading('1. Reviewer order: first-line manager, risk manager, application owner')
const directory = decodeWith(Directory, {
  users: [{ id: 'rosa', roles: ['riskManager'] }, { id: 'olga' }, { id: 'lee' }, { id: 'ana', manager: 'lee' }, { id: 'kai' }],
  subjects: [
    { id: 's-ana', user: 'ana' },
    { id: 's-kai', user: 'kai' },
    { id: 's-bot' },
  ],
  applications: [{ id: 'crm', owners: ['olga'] }],
})
if (directory._tag === 'Left') throw new Error('demo directory is invalid')
const index = indexDirectory(directory.right)
const subjects: ReadonlyArray<readonly [string, string]> = [
  ['s-ana', 'mapped, manager lee'],
  ['s-kai', 'mapped, no manager'],
  ['s-bot', 'unmapped'],
]
const rows: string[][] = []
for (const count of [1, 2, 3]) {
  for (const [subject, note] of subjects) {
    const r = resolveItem(
      {
        policy: { order: ['firstLineManager', 'riskManager', 'applicationOwner'], count },
        riskManagers: ['rosa' as UserId],
        directory: index,
        escalations: () => [],
      },
      { id: `${subject}-crm` as ItemId, subject: subject as SubjectId, application: 'crm' as ApplicationId, resource: 'accounts' as ResourceId, entitlement: 'read' },
    )
    const levels = r._tag === 'resolved' ? r.levels.map((l) => `${l.source} (${l.tiers[0]?.join(',') ?? ''})`) : [`unresolved: ${r.reason}`]
    rows.push([String(count), subject, note, String(r._tag === 'resolved' ? r.levels.length : 0), levels.join(' → ')])
  }
}
say(table(['count', 'subject', 'directory', 'levels', 'reviewers, level 1 first'], rows))

// ---------------------------------------------------------------------------
// 2. A → B → C
// ---------------------------------------------------------------------------

const dir = fileURLToPath(new URL('./scenarios/', import.meta.url))
const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(`${dir}${name}`, 'utf8')) as Record<string, unknown>
const run = (input: unknown): ScenarioReport => {
  const r = runScenario(input)
  if (r._tag === 'Left') throw new Error(`scenario refused: ${r.left.map((p) => `${p.path}: ${p.expected}`).join('; ')}`)
  return r.right
}

heading('2. One item moves from reviewer A (amy) to B (ben) to C (cleo)')
const abc = load('progression-a-b-c.json')
const abcSteps = abc['steps'] as ReadonlyArray<{ at: string; as: string; do: { type: string; decision?: string } }>
const progression = abcSteps.map((step, i) => {
  const r = run({ ...abc, steps: abcSteps.slice(0, i + 1), until: step.at })
  const item = r.items['dev-payroll']
  const outcome = r.steps[i]
  return [
    shortInstant(step.at),
    step.as,
    step.do.decision ?? step.do.type,
    outcome === undefined ? '?' : outcome.ok ? 'ok' : `refused: ${outcome.code}`,
    item === undefined ? '?' : item.state,
    item === undefined ? '?' : String(item.level),
  ]
})
say(table(['at', 'who', 'does', 'result', 'item state', 'level'], progression))

// ---------------------------------------------------------------------------
// 3. Every example scenario
// ---------------------------------------------------------------------------

const outDir = fileURLToPath(new URL('../out/demo/', import.meta.url))
mkdirSync(outDir, { recursive: true })
const shownOut = `${relative(process.cwd(), outDir) || '.'}/`
heading(`3. Example scenarios (SVG timelines written to ${shownOut})`)
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const input = load(file)
  const report = run(input)
  const c = report.campaign
  say(`\n${file} — ${typeof input['title'] === 'string' ? input['title'] : ''}`)
  say(`  campaign ${c.status} (shown ${c.displayStatus}) at ${shortInstant(c.at)}, due ${shortInstant(c.dueAt)}`)
  const states = new Map<string, number>()
  for (const i of Object.values(report.items)) states.set(i.state, (states.get(i.state) ?? 0) + 1)
  say(`  items: ${[...states].map(([s, n]) => `${n} ${s}`).join(', ')}`)
  say(`  steps: ${report.steps.map((s) => (s.ok ? 'ok' : s.code)).join(', ') || '-'}`)
  const windowRows = Object.entries(report.windows).flatMap(([packet, ws]) =>
    ws.map((w) => [packet, `L${w.level}T${w.tier}`, w.reviewers.join(','), shortInstant(w.start), shortInstant(w.end), shortInstant(w.closedAt), w.status]),
  )
  say(
    table(['packet', 'window', 'reviewers', 'start', 'end', 'closed', 'status'], windowRows)
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
  )
  writeFileSync(`${outDir}${file.replace(/\.json$/, '.svg')}`, timelineSvg(report, file))
}
say(`\nWrote ${readdirSync(outDir).filter((f) => f.endsWith('.svg')).length} SVG timelines to ${shownOut}`)
