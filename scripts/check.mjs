// `npm test`: every check, in two lanes that share the machine's cores, then
// the complexity guard alone.
//
//   lane 1: test:unit (vitest runs its files one at a time on a 2-core
//           machine: it keeps one core for itself, see vitest's maxWorkers)
//   lane 2: typecheck, lint, build, test:scenarios, docs, publint, attw,
//           figures, smoke, test:postgres (in this order: the steps after
//           build read dist/, figures reads docs/api/)
//   then:   test:complexity, alone, because it compares timings (a lane
//           beside it would load the cores it measures)
//
// Run one after the other, the steps took 19.7 minutes on a slow day of a
// 2-core machine (docs/decisions.md, D31); the unit tests were 13 of them
// and kept one core idle.
//
// Each step is `npm run <step>`. Its output is kept and printed whole when
// the step ends (under a header naming the step, its lane, the outcome and
// the time), so that the lanes' outputs never interleave; a line says when
// each step starts. A failed step stops its lane; the other lane goes on to
// its end, so that one run reports every failure; the guard does not run
// after a failure. The exit code is 0 only when every step passed. A table
// of the steps and their times ends the run.
//
//   node scripts/check.mjs            every step
//   node scripts/check.mjs --list     the lanes, without running them
import { spawn } from 'node:child_process'

const LANES = [
  ['test:unit'],
  ['typecheck', 'lint', 'build', 'test:scenarios', 'docs', 'publint', 'attw', 'figures', 'smoke', 'test:postgres'],
]
const ALONE = ['test:complexity']

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const started = Date.now()
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`
const say = (s) => process.stdout.write(`check: ${s}\n`)

if (process.argv.includes('--list')) {
  LANES.forEach((steps, i) => say(`lane ${i + 1}: ${steps.join(', ')}`))
  say(`then alone: ${ALONE.join(', ')}`)
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

/** Runs `npm run <step>`; `buffered`: keep its output and print it when it ends. */
const run = (step, lane, buffered) =>
  new Promise((resolve) => {
    const t0 = Date.now()
    say(`${step} (${lane}) started`)
    const child = spawn(npm, ['run', step], { stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit', detached: true, env: process.env })
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
  say(`not run after a failure: ${ALONE.join(', ')}`)
}

process.stdout.write('\n')
say('step                 lane      outcome   time')
for (const r of results) say(`${r.step.padEnd(20)} ${r.lane.padEnd(9)} ${(r.ok ? 'passed' : 'FAILED').padEnd(9)} ${secs(r.ms)}`)
const ran = new Set(results.map((r) => r.step))
for (const step of [...LANES.flat(), ...ALONE]) if (!ran.has(step)) say(`${step.padEnd(20)} ${'—'.padEnd(9)} not run`)
say(`${ok ? 'every step passed' : 'FAILED'} in ${secs(Date.now() - started)}`)
process.exit(ok ? 0 : 1)
