// vitest globalSetup: bundles the CLI (src/cli/main.ts) once per test run, so
// that the tests that run it as a process start plain node on one file
// (0.3 s a run) instead of tsx compiling the sources at every start (1 s a
// run, 80 runs). The same esbuild transform as tsx, through tsup as
// `npm run build` uses it; the bundle goes to a directory of this process
// under node_modules/.cache and is removed at the end. The test files find it
// with `cliPath()` (test/support/cli.ts).
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'tsup'
import { external } from '../../tsup.config.js'
import { CLI_ENV } from './cli.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

export default async function setup(): Promise<() => void> {
  const dir = join(root, 'node_modules', '.cache', 'access-review-core-test', String(process.pid))
  mkdirSync(dir, { recursive: true })
  await build({
    entry: { cli: join(root, 'src', 'cli', 'main.ts') },
    format: ['esm'],
    outDir: dir,
    target: 'node20',
    dts: false,
    sourcemap: false,
    splitting: false,
    clean: false,
    config: false,
    silent: true,
    external,
  })
  process.env[CLI_ENV] = join(dir, 'cli.js')
  return () => rmSync(dir, { recursive: true, force: true })
}
