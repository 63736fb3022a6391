// Starts a private PostgreSQL cluster, runs a command with its URL, stops it.
//
//   node scripts/with-postgres.mjs -- vitest run --config vitest.postgres.config.ts
//
// The cluster: initdb into a new temporary directory (as the unprivileged
// user `nobody` when run as root, since initdb refuses root), listening only
// on 127.0.0.1 on a free port (and a Unix socket inside that directory),
// trust authentication (nothing else can reach it), fsync off (a test
// cluster is thrown away). The command runs with ACCESS_REVIEW_PG_URL set;
// the cluster is stopped and its directory removed afterwards, also when
// the command fails or the script is interrupted. The exit code is the
// command's.
//
// The server binaries are looked up in $PG_BIN, /usr/lib/postgresql/<15+>/bin,
// then on the PATH. If there are none, the script says so and exits 1: it
// never skips the tests silently.
import { spawn, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const say = (s) => process.stderr.write(`with-postgres: ${s}\n`)

const args = process.argv.slice(2)
const sep = args.indexOf('--')
const command = sep === -1 ? args : args.slice(sep + 1)
if (command.length === 0) {
  say('usage: node scripts/with-postgres.mjs -- <command> [args...]')
  process.exit(2)
}

// --- binaries -----------------------------------------------------------------
const hasServer = (dir) => ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(dir, b)))
const candidates = []
if (process.env.PG_BIN) candidates.push(process.env.PG_BIN)
if (existsSync('/usr/lib/postgresql')) {
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((v) => /^\d+$/.test(v) && Number(v) >= 15)
    .sort((a, b) => Number(a) - Number(b))
  for (const v of versions) candidates.push(`/usr/lib/postgresql/${v}/bin`)
}
for (const dir of (process.env.PATH ?? '').split(':')) if (dir !== '') candidates.push(dir)
const bin = candidates.find(hasServer)
if (bin === undefined) {
  say('the PostgreSQL server binaries (initdb, pg_ctl, postgres; version 15 or later) were not found')
  say('looked in: $PG_BIN, /usr/lib/postgresql/<15+>/bin and the PATH. Install PostgreSQL 15+ or set PG_BIN.')
  say('the PostgreSQL server tests did NOT run.')
  process.exit(1)
}
const versionOut = spawnSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout ?? ''
const major = Number(/(\d+)(?:\.\d+)?/.exec(versionOut)?.[1] ?? '0')
if (major < 15) {
  say(`${bin}/postgres is version ${versionOut.trim() || 'unknown'}: PostgreSQL 15 or later is needed`)
  process.exit(1)
}

// --- user and directory -----------------------------------------------------------
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const NOBODY = 65534
const dir = mkdtempSync(join(tmpdir(), 'access-review-pg-'))
const data = join(dir, 'data')
const log = join(dir, 'server.log')
if (isRoot) chownSync(dir, NOBODY, NOBODY)
/** Runs a server binary as the cluster's owner (nobody when we are root). */
const asOwner = (file, argv) =>
  isRoot ? spawnSync('setpriv', ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', join(bin, file), ...argv], { encoding: 'utf8' }) : spawnSync(join(bin, file), argv, { encoding: 'utf8' })

let started = false
let cleaned = false
const cleanup = () => {
  if (cleaned) return
  cleaned = true
  if (started) {
    const stop = asOwner('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w'])
    if (stop.status !== 0) say(`pg_ctl stop failed: ${stop.stderr}`)
  }
  rmSync(dir, { recursive: true, force: true })
}
let child
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child !== undefined) child.kill(signal)
    cleanup()
    process.exit(1)
  })
}
const fail = (what, r) => {
  say(`${what} failed (exit ${r.status ?? r.signal}): ${(r.stderr || r.stdout || String(r.error ?? '')).trim()}`)
  if (existsSync(log)) say(`server log:\n${readFileSync(log, 'utf8')}`)
  cleanup()
  process.exit(1)
}

// --- port -------------------------------------------------------------------------
const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      s.close(() => resolve(address.port))
    })
  })

try {
  const init = asOwner('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C'])
  if (init.status !== 0) fail('initdb', init)
  const port = await freePort()
  const options = `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`
  const start = asOwner('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '30', '-o', options])
  if (start.status !== 0) fail('pg_ctl start', start)
  started = true
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  say(`PostgreSQL ${major} (${bin}) on ${url}, data in ${data}`)
  const code = await new Promise((resolve) => {
    child = spawn(command[0], command.slice(1), { stdio: 'inherit', shell: process.platform === 'win32', env: { ...process.env, ACCESS_REVIEW_PG_URL: url } })
    child.on('error', (e) => {
      say(`cannot run ${command[0]}: ${e.message}`)
      resolve(1)
    })
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)))
  })
  cleanup()
  process.exit(code)
} catch (e) {
  say(String(e))
  cleanup()
  process.exit(1)
}
