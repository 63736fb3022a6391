/**
 * `npm run bench`: the figures of issue 9 at 1k / 10k / 100k / 1M items,
 * each against a hand-written baseline measured in the same run, with
 * PASS/MISS against the targets; every group in a child process
 * with a time budget, so the whole run ends in under 12 minutes however
 * slow the core is. Writes docs/performance.md and docs/img/performance.svg.
 *
 * `npm run bench:smoke` (`--smoke`): the same harness at tiny sizes, in
 * seconds; writes nothing unless `--write`.
 *
 * Options: --smoke, --in-process (no child processes, no budgets enforced),
 * --write / --no-write, --budget SECONDS (total; default 580, smoke 120).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { runHarness } from './harness.js'
import { markdown, svgOf, textReport } from './report.js'

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    'in-process': { type: 'boolean', default: false },
    write: { type: 'boolean' },
    'no-write': { type: 'boolean', default: false },
    budget: { type: 'string' },
  },
})
const smoke = values.smoke === true
const write = values['no-write'] === true ? false : (values.write ?? !smoke)
const totalBudgetMs = values.budget === undefined ? (smoke ? 120_000 : 580_000) : Number(values.budget) * 1000
if (!Number.isFinite(totalBudgetMs) || totalBudgetMs <= 0) throw new Error('--budget must be a number of seconds')

console.log(`access-review-core bench${smoke ? ' (smoke)' : ''}: total budget ${(totalBudgetMs / 1000).toFixed(0)} s`)
const outcome = await runHarness({ smoke, inProcess: values['in-process'] === true, totalBudgetMs, log: (l) => console.log(l) })
console.log('')
console.log(textReport(outcome))

if (write) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
  mkdirSync(`${root}docs/img`, { recursive: true })
  writeFileSync(`${root}docs/img/performance.svg`, svgOf(outcome, when))
  writeFileSync(`${root}docs/performance.md`, markdown(outcome, when, 'img/performance.svg'))
  console.log('\nwrote docs/performance.md and docs/img/performance.svg')
}
