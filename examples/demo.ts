// npm run demo — a tour of access-review-core in plain tables.
//
// 1. Reviewer order firstLineManager, riskManager, applicationOwner with
//    counts 1–3, for a subject with a manager and one without.
// 2. An item moving from reviewer A to B to C, step by step.
// 3. Every scenario of examples/scenarios/, with its windows and step
//    outcomes; the timelines are written as SVG pictures to out/demo/.
// 4. One campaign through the service on the PostgreSQL store, embedded
//    (PGlite, no server), in out/demo-pglite/ under the working directory,
//    and what it stored: events per stream, the outbox, the tasks.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { fileURLToPath } from 'node:url'
import type { ApplicationId, ItemId, ResourceId, ScenarioReport, SubjectId, UserId } from '../src/index.js'
import { decodeWith, Directory, makeService, runScenario, verifyLog } from '../src/index.js'
import { migrate, openPostgresStore } from '../src/postgres/index.js'
import { aDefinition, aDirectory, actor, anItem, at, InMemoryFulfiller, InMemoryNotifier, itemId, TestClock, userId } from '../src/testing/index.js'
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
// the commands of the scenario (its checkpoints, steps without `do`, are left out here)
const abcSteps = (abc['steps'] as ReadonlyArray<{ at: string; as: string; do?: { type: string; decision?: string } }>).flatMap((s) => (s.do === undefined ? [] : [{ ...s, do: s.do }]))
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

// ---------------------------------------------------------------------------
// 4. The service on PostgreSQL, embedded (PGlite)
// ---------------------------------------------------------------------------

const pgDir = join(process.cwd(), 'out', 'demo-pglite')
heading(`4. One campaign through the service on PostgreSQL (PGlite in ${relative(process.cwd(), pgDir)}/)`)
rmSync(pgDir, { recursive: true, force: true })
mkdirSync(pgDir, { recursive: true })
const db = new PGlite(pgDir)
const migrated = await migrate(db)
if (migrated._tag === 'Left') throw new Error(`migrate: ${migrated.left.message}`)
say(`migrate: schema version ${migrated.right.from} -> ${migrated.right.to} (${migrated.right.applied.join(', ')})`)
const opened = await openPostgresStore(db)
if (opened._tag === 'Left') throw new Error(`open: ${opened.left.message}`)
const pgStore = opened.right
const clock = new TestClock(at('2025-03-03T09:00:00Z'))
const notifier = new InMemoryNotifier()
const service = makeService({ store: pgStore, notifier, fulfiller: new InMemoryFulfiller(), clock })
const rosa = actor('rosa', 'riskManager')
const q2 = aDefinition({ id: 'q2-review', name: 'Q2 CRM access', reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 }, riskManagers: ['rosa'] })
const demoDirectory = aDirectory({
  users: [{ id: 'rosa' }, { id: 'lee' }, { id: 'ana', manager: 'lee' }, { id: 'kai', manager: 'lee' }],
  subjects: [{ id: 's-ana', user: 'ana' }, { id: 's-kai', user: 'kai' }],
})
const steps: ReadonlyArray<readonly [string, unknown, string]> = [
  ['create', { type: 'create', actor: rosa, definition: q2, items: [anItem('ana-crm', 's-ana'), anItem('ana-erp', 's-ana'), anItem('kai-crm', 's-kai')] }, 'rosa creates the campaign'],
  ['publish', { type: 'publish', actor: rosa, directory: demoDirectory }, 'rosa publishes it: lee reviews first'],
  ['lee-1', { type: 'decide', actor: actor('lee'), items: [itemId('ana-crm'), itemId('ana-erp')], decision: 'approve' }, "lee approves ana's two items"],
  ['lee-2', { type: 'decide', actor: actor('lee'), items: [itemId('kai-crm')], decision: 'revoke' }, "lee revokes kai's item"],
  ['rosa-1', { type: 'decide', actor: rosa, items: [itemId('ana-crm')], decision: 'approve' }, 'rosa approves ana-crm at level 2'],
]
const handledRows: string[][] = []
for (const [id, command, what] of steps) {
  const r = await service.handle('q2-review', id, command)
  handledRows.push([id, what, r._tag === 'Left' ? `failed: ${r.left.code}` : r.right.result._tag === 'accepted' ? `accepted, ${r.right.result.events.length} events` : `refused: ${r.right.result.error.code}`])
  clock.advanceBy({ hours: 1 })
}
say(table(['command', 'what', 'result'], handledRows))
const sent = await service.dispatch()
say(`\ndispatch: ${sent._tag === 'Right' ? `${sent.right.delivered.length} notifications delivered` : sent.left.code}`)
const rowsOf = async (sql: string): Promise<ReadonlyArray<Record<string, unknown>>> => (await db.query(sql)).rows as ReadonlyArray<Record<string, unknown>>
say('\nWhat the store holds: events per stream (ar_events)')
say(
  table(
    ['stream', 'events', 'version', 'types'],
    (await rowsOf(`SELECT stream, count(*)::int AS n, max(version) AS v, string_agg(type, ', ' ORDER BY version) AS types FROM ar_events GROUP BY stream ORDER BY min(log_index)`)).map((r) => [
      String(r['stream']),
      String(r['n']),
      String(r['v']),
      String(r['types']),
    ]),
  ),
)
say('\nThe outbox (ar_outbox), in the order stored')
say(
  table(
    ['intent', 'kind', 'recipients', 'delivered', 'attempts'],
    (await rowsOf(`SELECT intent_id, intent->>'kind' AS kind, intent->'recipients' AS recipients, delivered, attempts FROM ar_outbox ORDER BY seq`)).map((r) => [
      String(r['intent_id']),
      String(r['kind']),
      (r['recipients'] as string[]).join(','),
      String(r['delivered']),
      String(r['attempts']),
    ]),
  ),
)
say('\nMy tasks (ar_reviewer_tasks, kept in the transaction of each append)')
const taskRows: string[][] = []
for (const reviewer of ['lee', 'rosa']) {
  const tasks = await pgStore.tasksOf(userId(reviewer))
  taskRows.push([reviewer, tasks._tag === 'Right' ? tasks.right.map((t) => `${t.packetId}/${t.itemId}`).join(', ') || '-' : tasks.left.code])
}
say(table(['reviewer', 'waiting items'], taskRows))
const chain = await pgStore.loadChain(q2.id)
const verified = chain._tag === 'Right' ? verifyLog(chain.right) : chain
say(
  `\nThe hash chain (ar_events.prev, ar_events.hash): ${chain._tag === 'Right' ? chain.right.length : 0} links, ` +
    (verified._tag === 'Right' ? `verified by verifyLog; last link ${chain._tag === 'Right' ? (chain.right.at(-1)?.hash.slice(0, 16) ?? '-') : '-'}…` : `NOT verified: ${verified.left.message}`),
)
const commandCount = await rowsOf('SELECT count(*)::int AS n FROM ar_commands')
say(`\n${String(commandCount[0]?.['n'])} command records (ar_commands); the database is in ${relative(process.cwd(), pgDir)}/`)
await db.close()
