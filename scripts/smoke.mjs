// Smoke test of the packed package, as a user would install it:
// npm pack -> install the tarball in a fresh project -> import (ESM), require (CJS),
// and type-check an importer under node16 and bundler module resolution.
//
// 1. With fp-ts and io-ts but WITHOUT fast-check (an optional peer):
//    access-review-core and access-review-core/testing load and type-check.
// 2. Then with fast-check: access-review-core/testing/arbitraries loads and
//    type-checks too.
// 3. access-review-core/testing/scenarios (Node only) runs a folder of YAML
//    scenario files, under ESM and CommonJS, and type-checks; the installed
//    access-review CLI tests the same folder.
//
// Run after `npm run build`. Exits non-zero with a message on any failure.
//
// The packing and consumer-project helpers are exported for
// scripts/api-figures.mjs: importing this module runs nothing.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')

/** The built files the package needs; a missing one means `npm run build` did not run. */
export const builtFiles = [
  'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts',
  'dist/testing.js', 'dist/testing.cjs', 'dist/testing.d.ts', 'dist/testing.d.cts',
  'dist/testing-arbitraries.js', 'dist/testing-arbitraries.cjs', 'dist/testing-arbitraries.d.ts', 'dist/testing-arbitraries.d.cts',
  'dist/testing-scenarios.js', 'dist/testing-scenarios.cjs', 'dist/testing-scenarios.d.ts', 'dist/testing-scenarios.d.cts',
  'dist/postgres.js', 'dist/postgres.cjs', 'dist/postgres.d.ts', 'dist/postgres.d.cts',
  'migrations/001_initial.sql',
]

/** A failed step: its message says what ran and what it printed. */
export class StepFailed extends Error {}

/**
 * Runs a command; returns its stdout, or throws StepFailed with its output.
 * @param {string} step
 * @param {string} cmd
 * @param {ReadonlyArray<string>} args
 * @param {string} cwd
 * @returns {string}
 */
export const run = (step, cmd, args, cwd) => {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000, maxBuffer: 64 * 1024 * 1024 })
  } catch (e) {
    const err = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (e)
    throw new StepFailed(`${step}\n$ ${cmd} ${args.join(' ')}\n${err.stdout ?? ''}${err.stderr ?? err.message}`)
  }
}

/** Throws StepFailed unless every built file exists. */
export const requireBuild = () => {
  for (const f of builtFiles) {
    if (!existsSync(join(root, f))) throw new StepFailed(`${f} is missing: run \`npm run build\` first`)
  }
}

/**
 * `npm pack` the repository into dir.
 * @param {string} dir
 * @returns {{ tarball: string, files: ReadonlyArray<string> }}
 */
export const pack = (dir) => {
  // dist/ is built before this runs; --ignore-scripts keeps the prepare script (a second build) and its output out of the JSON
  const packed = JSON.parse(run('npm pack', 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], root))
  return { tarball: join(dir, packed[0].filename), files: packed[0].files.map((/** @type {{ path: string }} */ f) => f.path) }
}

/** Path of a peer dependency in the repository's node_modules, installed from there (no download). */
export const localPackage = (/** @type {string} */ name) => join(root, 'node_modules', name)

/**
 * `npm install` packages (a tarball, local folders) into the project proj.
 * luxon (a dependency of the tarball) comes from the npm cache when possible.
 * @param {string} proj
 * @param {ReadonlyArray<string>} specs
 */
export const install = (proj, specs) => {
  run('npm install', 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', ...specs], proj)
}

/**
 * A fresh consumer project dir/name with the tarball and the given peers installed.
 * @param {string} dir
 * @param {string} name
 * @param {string} tarball
 * @param {ReadonlyArray<string>} peers names of packages taken from the repository's node_modules
 * @returns {string} the project's directory
 */
export const consumerProject = (dir, name, tarball, peers) => {
  const proj = join(dir, name)
  mkdirSync(proj)
  writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: `consumer-${name}`, version: '0.0.0', private: true }, null, 2))
  install(proj, [tarball, ...peers.map(localPackage)])
  if (!existsSync(join(proj, 'node_modules', 'luxon', 'package.json'))) throw new StepFailed('luxon was not installed with the package')
  return proj
}

/** Compiler options of the consumer type checks: our .d.ts and those of fp-ts/io-ts are checked too. */
export const consumerCompilerOptions = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022'], types: [] }

// -------------------------------------------------------------------------------------
// the smoke test
// -------------------------------------------------------------------------------------

/**
 * Type-checks files of proj under node16 (esm.mts, cjs.cts) and bundler (bundler.ts) resolution.
 * @param {string} proj
 * @param {string} label
 * @param {{ esm: string, cjs: string, bundler: string }} sources
 */
const typeCheck = (proj, label, sources) => {
  writeFileSync(join(proj, `${label}-esm.mts`), sources.esm)
  writeFileSync(join(proj, `${label}-cjs.cts`), sources.cjs)
  writeFileSync(join(proj, `${label}-bundler.ts`), sources.bundler)
  const c = consumerCompilerOptions
  writeFileSync(join(proj, `tsconfig.${label}.node16.json`), JSON.stringify({ compilerOptions: { ...c, module: 'node16', moduleResolution: 'node16' }, files: [`${label}-esm.mts`, `${label}-cjs.cts`] }))
  writeFileSync(join(proj, `tsconfig.${label}.bundler.json`), JSON.stringify({ compilerOptions: { ...c, module: 'esnext', moduleResolution: 'bundler' }, files: [`${label}-bundler.ts`] }))
  run(`tsc (${label}, node16)`, process.execPath, [tsc, '-p', `tsconfig.${label}.node16.json`], proj)
  run(`tsc (${label}, bundler)`, process.execPath, [tsc, '-p', `tsconfig.${label}.bundler.json`], proj)
}

const smoke = () => {
  const started = Date.now()
  requireBuild()
  const tmp = mkdtempSync(join(tmpdir(), 'access-review-core-smoke-'))
  try {
    // 1. pack
    const { tarball, files } = pack(tmp)
    if (files.some((f) => f.startsWith('src/') || f.startsWith('test/'))) throw new StepFailed(`the tarball contains sources: ${files.join(', ')}`)
    const missing = builtFiles.filter((f) => !files.includes(f))
    if (missing.length > 0) throw new StepFailed(`the tarball lacks ${missing.join(', ')}`)

    // 2. a fresh project with the peers fp-ts and io-ts, WITHOUT the optional fast-check
    const proj = consumerProject(tmp, 'proj', tarball, ['fp-ts', 'io-ts'])
    run('fast-check must not be installed yet', process.execPath, ['--input-type=commonjs', '-e', `
      let found
      try { found = require.resolve('fast-check') } catch { process.exit(0) }
      console.error('fast-check resolves to ' + found); process.exit(1)`], proj)

    // 3a. ESM import of access-review-core and access-review-core/testing
    const check = `
      if (r._tag !== 'Right' || r.right !== 1760040000000) { console.error('unexpected result: ' + JSON.stringify(r)); process.exit(1) }
      for (const name of ['aDefinition', 'anItem', 'run', 'InMemoryCampaignStore', 'InMemoryNotifier', 'campaignStoreContract']) {
        if (typeof testing[name] !== 'function') { console.error('access-review-core/testing lacks ' + name); process.exit(1) }
      }
      if ('arbCampaignSetup' in testing) { console.error('access-review-core/testing still exports the arbitraries'); process.exit(1) }
      if (!Array.isArray(testing.run([]).results)) { console.error('run([]) gave no results'); process.exit(1) }`
    run('ESM import without fast-check', process.execPath, ['--input-type=module', '-e', `
      import * as m from 'access-review-core'
      import * as testing from 'access-review-core/testing'
      const r = m.decodeWith(m.Instant, '2025-10-09T20:00:00Z')
      ${check}`], proj)

    // 3b. CJS require of the same
    run('CJS require without fast-check', process.execPath, ['--input-type=commonjs', '-e', `
      const m = require('access-review-core')
      const testing = require('access-review-core/testing')
      const r = m.decodeWith(m.Instant, '2025-10-09T20:00:00Z')
      ${check}`], proj)

    // 3c. the arbitraries, without fast-check, fail for that reason only
    run('access-review-core/testing/arbitraries without fast-check', process.execPath, ['--input-type=commonjs', '-e', `
      try { require('access-review-core/testing/arbitraries') } catch (e) {
        if (e.code === 'MODULE_NOT_FOUND' && /'fast-check'/.test(e.message)) process.exit(0)
        console.error('unexpected error: ' + e.message); process.exit(1)
      }
      console.error('access-review-core/testing/arbitraries loaded without fast-check'); process.exit(1)`], proj)

    // 3d. types, as seen by TypeScript users, without fast-check
    const importer = (/** @type {string} */ testingImport) => `import { decodeWith, Instant, type Problem } from 'access-review-core'
${testingImport}
const r = decodeWith(Instant, '2025-10-09T20:00:00Z')
export const ms: number | undefined = r._tag === 'Right' ? r.right : undefined
export const problems: ReadonlyArray<Problem> = r._tag === 'Left' ? r.left : []
export const t: object = testing
export const start: Instant = testing.at('2025-10-09T20:00:00Z')
`
    typeCheck(proj, 'core', {
      esm: importer("import * as testing from 'access-review-core/testing'"),
      cjs: importer("import testing = require('access-review-core/testing')"),
      bundler: importer("import * as testing from 'access-review-core/testing'"),
    })

    // 3e. access-review-core/testing/scenarios (Node only): a folder of scenario files as test cases,
    //     ESM and CJS, and its types; a YAML scenario with a checkpoint that holds and one that fails
    const scenarioDir = join(proj, 'scenarios')
    mkdirSync(scenarioDir)
    const yamlScenario = (/** @type {string} */ status) => `# a commented YAML scenario
version: 1
createdAt: 2025-10-08T09:00:00-04:00
createdBy: rosa
definition:
  id: camp-1
  name: Smoke
  timeZone: America/New_York
  owners: [rosa]
  reviewers: { order: [firstLineManager], count: 1 }
  timing: { policy: reviewerWindows, levels: [{ duration: { days: 2 } }] }
directory:
  users: [{ id: rosa, roles: [riskManager] }, { id: milo }, { id: ezra, manager: milo }]
  subjects: [{ id: s-ezra, user: ezra }]
items: [{ id: i1, subject: s-ezra, application: ledger, resource: gl, entitlement: read }]
steps:
  - { at: 2025-10-09T16:00:00-04:00, as: rosa, do: { type: publish } }
  - at: 2025-10-10T16:00:00Z
    expect: { "campaign.status": ${status}, "windows.s-ezra[0].end": 2025-10-11T20:00:00Z }
`
    writeFileSync(join(scenarioDir, 'holds.yaml'), yamlScenario('inProgress'))
    writeFileSync(join(scenarioDir, 'fails.yaml'), yamlScenario('completed'))
    const casesCheck = `
      const cases = s.scenarioCases('scenarios')
      const got = cases.map((c) => [c.name, c.failures.length]).join(';')
      if (got !== 'fails.yaml,1;holds.yaml,0') { console.error('scenarioCases gave ' + got + ' ' + JSON.stringify(cases.map((c) => c.failures))); process.exit(1) }
      const v = m.checkScenarioText(require_('fs').readFileSync('scenarios/holds.yaml', 'utf8'), 'yaml')
      if (v._tag !== 'Right' || !v.right.holds) { console.error('checkScenarioText gave ' + JSON.stringify(v)); process.exit(1) }`
    run('ESM import of access-review-core/testing/scenarios', process.execPath, ['--input-type=module', '-e', `
      import { createRequire } from 'node:module'
      import * as m from 'access-review-core'
      import * as s from 'access-review-core/testing/scenarios'
      const require_ = createRequire(import.meta.url)
      ${casesCheck}`], proj)
    run('CJS require of access-review-core/testing/scenarios', process.execPath, ['--input-type=commonjs', '-e', `
      const m = require('access-review-core')
      const s = require('access-review-core/testing/scenarios')
      const require_ = require
      ${casesCheck}`], proj)
    const cliOut = run('the installed access-review CLI on a folder', process.execPath, ['-e', `
      const r = require('child_process').spawnSync(process.execPath, ['node_modules/access-review-core/dist/cli.js', 'test', 'scenarios'], { encoding: 'utf8' })
      process.stdout.write('exit ' + String(r.status) + ': ' + r.stdout)`], proj)
    if (!cliOut.startsWith('exit 1: ') || !cliOut.includes('FAIL     scenarios/fails.yaml') || !cliOut.includes('PASS     scenarios/holds.yaml')) throw new StepFailed(`access-review test gave:\n${cliOut}`)
    const scenariosImporter = (/** @type {string} */ imports) => `import type { ScenarioVerdict } from 'access-review-core'
${imports}
export const cases: ReadonlyArray<s.ScenarioCase> = s.scenarioCases('scenarios', { maxBytes: 1_000_000 })
export const verdicts: ReadonlyArray<ScenarioVerdict> = cases.flatMap((c) => (c.result._tag === 'Right' ? [c.result.right] : []))
`
    typeCheck(proj, 'scenarios', {
      esm: scenariosImporter("import * as s from 'access-review-core/testing/scenarios'"),
      cjs: scenariosImporter("import s = require('access-review-core/testing/scenarios')"),
      bundler: scenariosImporter("import * as s from 'access-review-core/testing/scenarios'"),
    })

    // 4. install fast-check: the arbitraries load, sample and type-check
    install(proj, [localPackage('fast-check')])
    const sample = `
      const [setup] = fc.sample(arb.arbCampaignSetup(), { numRuns: 1, seed: 42 })
      if (setup === undefined || typeof setup !== 'object') { console.error('arbCampaignSetup gave ' + JSON.stringify(setup)); process.exit(1) }
      const [instant] = fc.sample(arb.arbInstant, { numRuns: 1, seed: 42 })
      if (typeof instant !== 'number') { console.error('arbInstant gave ' + JSON.stringify(instant)); process.exit(1) }`
    run('ESM import of access-review-core/testing/arbitraries', process.execPath, ['--input-type=module', '-e', `
      import fc from 'fast-check'
      import * as arb from 'access-review-core/testing/arbitraries'
      ${sample}`], proj)
    run('CJS require of access-review-core/testing/arbitraries', process.execPath, ['--input-type=commonjs', '-e', `
      const fc = require('fast-check')
      const arb = require('access-review-core/testing/arbitraries')
      ${sample}`], proj)
    const arbImporter = (/** @type {string} */ imports) => `import type { Instant, CampaignDefinition } from 'access-review-core'
${imports}
export const instants: ReadonlyArray<Instant> = fc.sample(arb.arbInstant, 1)
export const definitions: fc.Arbitrary<CampaignDefinition> = arb.arbCampaignSetup().map((s) => s.definition)
`
    typeCheck(proj, 'arbitraries', {
      esm: arbImporter("import fc from 'fast-check'\nimport * as arb from 'access-review-core/testing/arbitraries'"),
      cjs: arbImporter("import fc = require('fast-check')\nimport arb = require('access-review-core/testing/arbitraries')"),
      bundler: arbImporter("import fc from 'fast-check'\nimport * as arb from 'access-review-core/testing/arbitraries'"),
    })

    // 5. access-review-core/postgres (issue 13) on PGlite: migrate from the packed migrations/, open, append, load; ESM, CJS, types
    const pgProj = consumerProject(tmp, 'pgproj', tarball, ['fp-ts', 'io-ts', '@electric-sql/pglite'])
    const pgCheck = `
      const db = new PGlite()
      const m = await pgm.migrate(db)
      if (m._tag !== 'Right' || m.right.to !== 3) { console.error('migrate: ' + JSON.stringify(m)); process.exit(1) }
      const s = await pgm.openPostgresStore(db)
      if (s._tag !== 'Right') { console.error('open: ' + JSON.stringify(s)); process.exit(1) }
      const a = await s.right.append({ campaignId: 'c1', writes: [{ stream: 'campaign:c1', expected: { _tag: 'noStream' }, events: [{ type: 'CampaignOverdue', at: 0 }] }], outbox: [] })
      const l = await s.right.loadCampaign('c1')
      if (a._tag !== 'Right' || l._tag !== 'Right' || l.right.events.length !== 1) { console.error('append/load: ' + JSON.stringify([a, l])); process.exit(1) }
      const ch = await s.right.loadChain('c1')
      if (ch._tag !== 'Right' || ch.right.length !== 1 || ch.right[0].prev.length !== 64) { console.error('chain: ' + JSON.stringify(ch)); process.exit(1) }
      await db.close()`
    run('ESM import of access-review-core/postgres on PGlite', process.execPath, ['--input-type=module', '-e', `
      import { PGlite } from '@electric-sql/pglite'
      import * as pgm from 'access-review-core/postgres'
      ${pgCheck}`], pgProj)
    run('CJS require of access-review-core/postgres on PGlite', process.execPath, ['--input-type=commonjs', '-e', `
      const { PGlite } = require('@electric-sql/pglite')
      const pgm = require('access-review-core/postgres')
      ;(async () => { ${pgCheck} })().catch((e) => { console.error(e); process.exit(1) })`], pgProj)
    const pgImporter = (/** @type {string} */ imports) => `import type { CampaignStore } from 'access-review-core'
${imports}
export const open = async (db: pgm.PostgresDriver): Promise<CampaignStore | undefined> => {
  const r = await pgm.openPostgresStore(db)
  return r._tag === 'Right' ? r.right : undefined
}
export const version: number = pgm.schemaVersion()
`
    typeCheck(pgProj, 'postgres', {
      esm: pgImporter("import * as pgm from 'access-review-core/postgres'"),
      cjs: pgImporter("import pgm = require('access-review-core/postgres')"),
      bundler: pgImporter("import * as pgm from 'access-review-core/postgres'"),
    })

    console.log(`smoke: OK (${files.length} files packed; without fast-check: ESM, CJS, node16 and bundler types of ., ./testing and ./testing/scenarios, and access-review test; with fast-check: the same of ./testing/arbitraries; ./postgres on PGlite) in ${((Date.now() - started) / 1000).toFixed(1)}s`)
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    smoke()
  } catch (e) {
    console.error(`smoke: FAILED: ${e instanceof StepFailed ? e.message : String(e instanceof Error ? e.stack : e)}`)
    process.exit(1)
  }
}
