// `npm test`: every check. Two lanes share the machine's two cores, then
// the steps that must run alone.
//
//   lane 1: the unit tests of UNIT_SPLIT (the domain's property tests, most
//           of the time)
//   lane 2: typecheck, lint, build, test:scenarios, docs, publint, attw,
//           figures, smoke (in this order: the steps after build read
//           dist/, figures reads docs/api/), then every other unit test file
//           (vitest with UNIT_SPLIT excluded, so the two halves are all the
//           files of `npm run test:unit`, each once)
//   alone:  test:postgres (a 40,000-item publish must fit the store's
//           default port deadline: no other work beside it), then
//           test:complexity (it compares timings)
//
// One after the other, the steps took 19.7 minutes on a slow day of a
// 2-core machine (docs/decisions.md, D31): vitest keeps one core for itself
// on two, so the unit tests ran one file at a time beside an idle core.
//
// Each step's output is kept and printed whole when the step ends (under a
// header naming the step, its lane, the outcome and the time), so that the
// lanes' outputs never interleave; a line says when each step starts. A
// failed step stops its lane; the other lane goes on to its end, so that one
// run reports every failure; nothing runs alone after a failure. The exit
// code is 0 only when every step passed. A table of the steps and their
// times ends the run.
//
//   node scripts/check.mjs            every step
//   node scripts/check.mjs --list     the steps, without running them
import { spawn } from 'node:child_process'

/** The test directories of lane 1; lane 2 runs every other test file. */
const UNIT_SPLIT = ['test/campaign', 'test/schedule', 'test/review', 'test/shared', 'test/docs', 'test/scenario', 'test/report', 'test/service', 'test/ports']

const vitest = (args) => ({ cmd: process.execPath, args: ['node_modules/vitest/vitest.mjs', 'run', ...args] })
// POSIX only, as the npm scripts are (`COMPLEXITY_GUARD=1 vitest ...`): each step runs in a process group of its own
const script = (name) => ({ name, cmd: 'npm', args: ['run', name] })

/** @typedef {{ name: string, cmd: string, args: string[] }} Step */
/** @type {Step[][]} */
const LANES = [
  [{ name: 'test:unit (1 of 2)', ...vitest(UNIT_SPLIT) }],
  [
    ...['typecheck', 'lint', 'build', 'test:scenarios', 'docs', 'publint', 'attw', 'figures', 'smoke'].map(script),
    { name: 'test:unit (2 of 2)', ...vitest(UNIT_SPLIT.flatMap((d) => ['--exclude', `${d}/**`])) },
  ],
]
/** @type {Step[]} */
const ALONE = [script('test:postgres'), script('test:complexity')]

const started = Date.now()
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`
const say = (s) => process.stdout.write(`check: ${s}\n`)

if (process.argv.includes('--list')) {
  const show = (st) => `${st.name} (${[st.cmd === process.execPath ? 'node' : st.cmd, ...st.args].join(' ')})`
  LANES.forEach((steps, i) => say(`lane ${i + 1}: ${steps.map(show).join(', ')}`))
  say(`then alone: ${ALONE.map(show).join(', ')}`)
  process.exit(0)
}

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set()
const stopAll = (signal) => {
  for (const child of running) {
    try {
      // each step runs in its own process group: stop the step and everything it started
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
    } catch {
      child.kill('SIGTERM')
    }
  }
  process.exit(signal === 'SIGINT' ? 130 : 143)
}
process.on('SIGINT', () => stopAll('SIGINT'))
process.on('SIGTERM', () => stopAll('SIGTERM'))

/** @type {Array<{ step: string, lane: string, ok: boolean, ms: number }>} */
const results = []

/** Runs a step; `buffered`: keep its output and print it when it ends. */
const run = ({ name: step, cmd, args }, lane, buffered) =>
  new Promise((resolve) => {
    const t0 = Date.now()
    say(`${step} (${lane}) started`)
    const child = spawn(cmd, args, { stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit', detached: true, env: process.env })
    running.add(child)
    /** @type {Buffer[]} */
    const out = []
    child.stdout?.on('data', (b) => out.push(b))
    child.stderr?.on('data', (b) => out.push(b))
    const end = (code, error) => {
      running.delete(child)
      const ms = Date.now() - t0
      const ok = code === 0 && error === undefined
      results.push({ step, lane, ok, ms })
      const head = `── ${step} (${lane}) ${ok ? 'passed' : error === undefined ? `FAILED (exit ${code})` : `FAILED (${error})`} in ${secs(ms)} `
      if (buffered) process.stdout.write(`\n${head.padEnd(78, '─')}\n${Buffer.concat(out).toString('utf8')}\n`)
      else say(head)
      resolve(ok)
    }
    child.on('error', (e) => end(null, e.message))
    child.on('close', (code) => end(code, undefined))
  })

const lane = async (steps, name) => {
  for (const step of steps) {
    if (!(await run(step, name, true))) return false
  }
  return true
}

const lanesOk = (await Promise.all(LANES.map((steps, i) => lane(steps, `lane ${i + 1}`)))).every(Boolean)
let ok = lanesOk
if (lanesOk) {
  for (const step of ALONE) ok = (await run(step, 'alone', false)) && ok
} else {
  say(`not run after a failure: ${ALONE.map((st) => st.name).join(', ')}`)
}

process.stdout.write('\n')
say('step                 lane      outcome   time')
for (const r of results) say(`${r.step.padEnd(20)} ${r.lane.padEnd(9)} ${(r.ok ? 'passed' : 'FAILED').padEnd(9)} ${secs(r.ms)}`)
const ran = new Set(results.map((r) => r.step))
for (const { name: step } of [...LANES.flat(), ...ALONE]) if (!ran.has(step)) say(`${step.padEnd(20)} ${'—'.padEnd(9)} not run`)
say(`${ok ? 'every step passed' : 'FAILED'} in ${secs(Date.now() - started)}`)
process.exit(ok ? 0 : 1)
