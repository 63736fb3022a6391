// Smoke test of the packed package, as a user would install it:
// npm pack -> install the tarball in a fresh project -> import (ESM), require (CJS),
// and type-check an importer under node16 and bundler module resolution.
// Run after `npm run build`. Exits non-zero with a message on any failure.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
const started = Date.now()

const fail = (message) => {
  console.error(`smoke: FAILED: ${message}`)
  process.exit(1)
}

const run = (step, cmd, args, cwd) => {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 })
  } catch (e) {
    const err = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (e)
    fail(`${step}\n$ ${cmd} ${args.join(' ')}\n${err.stdout ?? ''}${err.stderr ?? err.message}`)
  }
}

for (const f of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/testing.js', 'dist/testing.cjs']) {
  if (!existsSync(join(root, f))) fail(`${f} is missing: run \`npm run build\` first`)
}

const tmp = mkdtempSync(join(tmpdir(), 'access-review-core-smoke-'))
try {
  // 1. pack
  const packed = JSON.parse(run('npm pack', 'npm', ['pack', '--json', '--pack-destination', tmp], root))
  const tarball = join(tmp, packed[0].filename)
  const files = packed[0].files.map((f) => f.path)
  if (files.some((f) => f.startsWith('src/') || f.startsWith('test/'))) fail(`the tarball contains sources: ${files.join(', ')}`)

  // 2. a fresh project; peers (fp-ts, io-ts, and the optional fast-check that
  //    access-review-core/testing needs) come from the local node_modules,
  //    luxon (a dependency of the tarball) from the npm cache when possible.
  const proj = join(tmp, 'proj')
  mkdirSync(proj)
  writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'smoke', version: '0.0.0', private: true }, null, 2))
  run('npm install', 'npm', [
    'install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error',
    tarball, join(root, 'node_modules', 'fp-ts'), join(root, 'node_modules', 'io-ts'), join(root, 'node_modules', 'fast-check'),
  ], proj)
  if (!existsSync(join(proj, 'node_modules', 'luxon', 'package.json'))) fail('luxon was not installed with the package')

  // 3a. ESM import
  const check = `
    if (r._tag !== 'Right' || r.right !== 1760040000000) { console.error('unexpected result: ' + JSON.stringify(r)); process.exit(1) }
    if (typeof testing !== 'object' || testing === null) { console.error('access-review-core/testing did not load'); process.exit(1) }`
  run('ESM import', process.execPath, ['--input-type=module', '-e', `
    import * as m from 'access-review-core'
    import * as testing from 'access-review-core/testing'
    const r = m.decodeWith(m.Instant, '2025-10-09T20:00:00Z')
    ${check}`], proj)

  // 3b. CJS require
  run('CJS require', process.execPath, ['--input-type=commonjs', '-e', `
    const m = require('access-review-core')
    const testing = require('access-review-core/testing')
    const r = m.decodeWith(m.Instant, '2025-10-09T20:00:00Z')
    ${check}`], proj)

  // 3c. types, as seen by TypeScript users (skipLibCheck false: our .d.ts and those of fp-ts/io-ts are checked too)
  const importer = (testingImport) => `import { decodeWith, Instant, type Problem } from 'access-review-core'
${testingImport}
const r = decodeWith(Instant, '2025-10-09T20:00:00Z')
export const ms: number | undefined = r._tag === 'Right' ? r.right : undefined
export const problems: ReadonlyArray<Problem> = r._tag === 'Left' ? r.left : []
export const t: object = testing
`
  writeFileSync(join(proj, 'esm.mts'), importer("import * as testing from 'access-review-core/testing'"))
  writeFileSync(join(proj, 'cjs.cts'), importer("import testing = require('access-review-core/testing')"))
  writeFileSync(join(proj, 'bundler.ts'), importer("import * as testing from 'access-review-core/testing'"))
  const common = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022'], types: [] }
  writeFileSync(join(proj, 'tsconfig.node16.json'), JSON.stringify({ compilerOptions: { ...common, module: 'node16', moduleResolution: 'node16' }, files: ['esm.mts', 'cjs.cts'] }))
  writeFileSync(join(proj, 'tsconfig.bundler.json'), JSON.stringify({ compilerOptions: { ...common, module: 'esnext', moduleResolution: 'bundler' }, files: ['bundler.ts'] }))
  run('tsc (node16)', process.execPath, [tsc, '-p', 'tsconfig.node16.json'], proj)
  run('tsc (bundler)', process.execPath, [tsc, '-p', 'tsconfig.bundler.json'], proj)

  console.log(`smoke: OK (${files.length} files packed; ESM, CJS, node16 and bundler types) in ${((Date.now() - started) / 1000).toFixed(1)}s`)
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
