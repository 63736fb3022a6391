/**
 * One group of measurements in its own process (spawned by bench/harness.ts
 * with --expose-gc, --trace-gc and a heap limit). It reports on stdout, one
 * line each, so the parent can stop it at a step's budget and still keep
 * what it measured:
 *
 *   @@S {"step","budgetMs","heapMB"}   a step starts
 *   @@P {"step",...}                   progress inside a step
 *   @@R {measurement}                  a figure
 *   @@E {"step","heapMB"}              a step ends
 *   @@X {"reason"}                     the group stops early
 *   @@D / @@F {"message"}              done / failed
 *
 * V8's --trace-gc lines come in between; the parent reads the heap sizes
 * they print to find the peak heap of a step. Only the publish steps' peaks
 * are reported, so the trace is on during those steps only: with it, V8 sums
 * the heap's sizes for a line at every collection, and bulk decisions at 1M
 * ran 7-10 % slower (standalone, 221-239 against 245-256 k/s).
 */
import { writeSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { runGroup } from './groups.js'
import type { Group, Reporter } from './model.js'

const line = (s: string): void => {
  writeSync(1, `${s}\n`)
}
const heapMB = (): number => process.memoryUsage().heapUsed / (1024 * 1024)

const arg = process.argv[2]
if (arg === undefined) throw new Error('usage: child.ts <group as JSON>')
const group = JSON.parse(arg) as Group

// the steps whose peak heap the parent reports (bench/harness.ts)
const TRACED = new Set(['publish', 'publishBaseline'])

setFlagsFromString('--no-trace-gc')
const reporter: Reporter = {
  start: (step, budgetMs) => {
    setFlagsFromString(TRACED.has(step) ? '--trace-gc' : '--no-trace-gc')
    line(`@@S ${JSON.stringify({ step, budgetMs, heapMB: heapMB() })}`)
  },
  progress: (step, data) => line(`@@P ${JSON.stringify({ ...data, step })}`),
  result: (m) => line(`@@R ${JSON.stringify(m)}`),
  end: (step) => line(`@@E ${JSON.stringify({ step, heapMB: heapMB() })}`),
  stop: (reason) => line(`@@X ${JSON.stringify({ reason })}`),
}

runGroup(group, reporter).then(
  () => {
    line('@@D')
    process.exit(0)
  },
  (e: unknown) => {
    line(`@@F ${JSON.stringify({ message: e instanceof Error ? (e.stack ?? e.message) : String(e) })}`)
    process.exit(1)
  },
)
