/**
 * `access-review`: the command-line runner of scenario files.
 *
 *   access-review run FILE|- [--format json|table] [--svg OUT]
 *   access-review test FILE|DIR... [--reporter text|junit]
 *   access-review evidence FILE|- [--format json|csv]
 *   access-review explain FILE|- ITEM [--format text|json]
 *   access-review schema
 *   access-review db migrate --url URL
 *   access-review help | --help | -h
 *   access-review --version
 *
 * Exit codes of `run`: 0 success, 2 invalid input (bad usage, unreadable or
 * invalid scenario file, unwritable --svg file; the problems go to stderr,
 * scenario problems with their JSON paths and line:column), 1 an internal
 * error. Exit codes of `test`: 0 every check holds, 1 a check fails, 2 a
 * file is invalid or cannot be found or read (or bad usage). The CLI (with
 * access-review-core/testing/scenarios) is the only part of the package
 * that touches the file system; it is outside the pure core.
 *
 * Input is bounded (src/cli/input.ts): FILE must be a regular file, and FILE
 * or standard input is read up to 64 MiB — less with the environment
 * variable ACCESS_REVIEW_MAX_INPUT_BYTES (a whole number of bytes, 1 to
 * 67108864), the only variable the CLI reads. `--svg` never overwrites the
 * input scenario file.
 */
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { runDecodedScenario, runScenario } from '../scenario/run.js'
import type { ScenarioRun } from '../scenario/run.js'
import { Scenario as ScenarioCodec } from '../scenario/format.js'
import { decodeWith } from '../shared/codec.js'
import { evidenceCsv, evidenceJson, evidenceReport } from '../report/evidence.js'
import { explainAssignment, explanationLines } from '../report/explain.js'
import { scenarioJsonSchema } from '../scenario/schema.js'
import { locateProblems, parseScenarioText, scenarioFormatOf } from '../scenario/text.js'
import type { ScenarioProblem } from '../scenario/text.js'
import type { CaseResult } from './cases.js'
import { checkPlace, checksText, failedChecks, problemLine, runCase, showValue } from './cases.js'
import { findScenarioFiles } from './files.js'
import { junitXml } from './junit.js'
import { MAX_INPUT_ENV, SAME_AS_INPUT, maxInputBytes, readFileCapped, readStreamCapped, stdinIdentity, writeOutput } from './input.js'
import type { FileIdentity, ReadInput } from './input.js'
import { duplicateKeyProblem, jsonDuplicateKey, jsonSyntaxMessage, lineColumn } from '../scenario/jsonError.js'
import { reportTables, stepLabels } from './table.js'
import { timelineSvg } from './svg.js'
import { packageVersion } from './version.js'
import { dbCommand } from './db.js'

const USAGE = `Usage:
  access-review run FILE [--format json|table] [--svg OUT]
      Runs a scenario file ("version": 1; JSON, or YAML for .yaml and .yml)
      and prints its report.
      FILE            the scenario file; - reads it from standard input (JSON)
      --format json   the report as JSON (default)
      --format table  the report as readable tables
      --svg OUT       also write the packet timelines as an SVG picture to OUT
                      (never the scenario file itself)
      FILE must be a regular file; FILE or standard input may hold at most
      64 MiB (ACCESS_REVIEW_MAX_INPUT_BYTES=N lowers the limit to N bytes).
  access-review test FILE|DIR... [--reporter text|junit]
      Runs every scenario file (DIR: every .json, .yaml and .yml file in it,
      recursively) and checks its checkpoints and final expect: one line per
      scenario, and for each failed check the path, the expected and the
      actual values and the step it came after.
      --reporter text   readable lines (default)
      --reporter junit  JUnit XML on standard output, for CI systems
      Exit codes: 0 every check holds, 1 a check fails, 2 a file is invalid
      or cannot be read.
  access-review evidence FILE [--format json|csv]
      Runs a scenario file and prints the audit evidence of its event log
      (docs/evidence.md): per item the reviewers and why, every decision,
      escalations, extensions, outcome and fulfillment; totals; chain heads.
      --format json   the evidence report as JSON (default)
      --format csv    one row per decision record (RFC 4180)
  access-review explain FILE ITEM [--format text|json]
      Runs a scenario file and explains how ITEM's reviewers were resolved:
      each source of the reviewer order, whom it named, why a source was
      skipped or a user left out, the fallback, the escalation tiers.
  access-review schema
      Prints the JSON Schema of scenario files.
  access-review db migrate --url URL
      Applies the migrations of the PostgreSQL store (access-review-core/postgres)
      to the database at URL (postgres://USER@HOST:PORT/DATABASE); idempotent,
      records the schema version. Needs the pg package. Exit codes: 0 up to
      date, 2 the database does not connect, its schema is newer or altered,
      or a migration failed (nothing of it is kept).
  access-review help   (or --help, -h)
      Prints this help.
  access-review --version
      Prints the version of access-review-core.

Exit codes: 0 success, 2 invalid input or usage, 1 internal error.`

const stdinLabel = '<stdin>'

class InvalidInput extends Error {
  constructor(readonly lines: ReadonlyArray<string>) {
    super(lines.join('\n'))
  }
}

const usageError = (reason: string): InvalidInput => new InvalidInput([`access-review: ${reason}`, USAGE])

const problemsText = (file: string, problems: ReadonlyArray<ScenarioProblem>): ReadonlyArray<string> => [
  `${file}: invalid scenario (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
  ...problems.map((p) => `  ${problemLine(file, p)}`),
]

/** The scenario text of FILE or standard input, at most `max` bytes, and the identity of the file it came from. */
const readScenarioText = async (file: string, max: number): Promise<ReadInput> => {
  if (file === '-') {
    const identity = stdinIdentity()
    const r = await readStreamCapped(process.stdin, max)
    if (!r.ok) throw new InvalidInput([`${stdinLabel}: cannot read standard input: ${r.reason}`])
    return { text: r.value, identity }
  }
  const r = await readFileCapped(file, max)
  if (!r.ok) throw new InvalidInput([`${file}: cannot read the file: ${r.reason}`])
  return r.value
}

/** Writes the SVG picture to OUT, unless OUT is the input scenario file. */
const writeSvg = async (svgOut: string, svg: string, input: FileIdentity | undefined): Promise<void> => {
  const r = await writeOutput(svgOut, svg, input)
  if (r.ok) return
  throw new InvalidInput([r.reason === SAME_AS_INPUT ? `${svgOut}: --svg ${SAME_AS_INPUT}` : `${svgOut}: cannot write the SVG file: ${r.reason}`])
}

/** The lines of one scenario of `access-review test`: its summary line, then what does not hold. */
const caseText = (file: string, r: CaseResult): ReadonlyArray<string> => {
  if (E.isLeft(r)) {
    const n = r.left.length
    return [`INVALID  ${file}  (${n} problem${n === 1 ? '' : 's'})`, ...r.left.map((p) => `    ${problemLine(file, p)}`)]
  }
  const checks = r.right.checks.length
  const failed = failedChecks(r.right)
  if (failed.length === 0) return [`PASS     ${file}  (${checksText(checks)})`]
  const out = [`FAIL     ${file}  (${failed.length} of ${checksText(checks)} failed)`]
  for (const c of failed) {
    out.push(`    ${checkPlace(c)}: ${c.path}`)
    for (const m of c.mismatches) {
      if (m.path !== c.path) out.push(`      at ${m.path}`)
      out.push(`        expected ${showValue(m.expected)}`, `        actual   ${showValue(m.actual)}`)
    }
  }
  return out
}

/** `access-review test`: runs and checks every scenario file; the exit code. */
const test = (paths: ReadonlyArray<string>, reporter: 'text' | 'junit', max: number, out: (s: string) => void): number => {
  const found = findScenarioFiles(paths)
  const cases: Array<{ readonly file: string; readonly result: CaseResult; readonly seconds: number }> = []
  for (const f of found.files) {
    const started = performance.now()
    const result = runCase(f.path, max)
    cases.push({ file: f.path, result, seconds: (performance.now() - started) / 1000 })
  }
  const invalid = cases.filter((c) => E.isLeft(c.result)).length + found.problems.length
  const failed = cases.filter((c) => E.isRight(c.result) && !c.result.right.holds).length
  if (reporter === 'junit') out(junitXml(cases, found.problems))
  else {
    const lines: string[] = []
    for (const p of found.problems) lines.push(`ERROR    ${p.path}: ${p.reason}`)
    for (const c of cases) for (const l of caseText(c.file, c.result)) lines.push(l)
    const passed = cases.length - failed - cases.filter((c) => E.isLeft(c.result)).length
    lines.push('', `${cases.length} scenario${cases.length === 1 ? '' : 's'}: ${passed} passed, ${failed} failed, ${invalid} invalid`)
    out(`${lines.join('\n')}\n`)
  }
  return invalid > 0 ? 2 : failed > 0 ? 1 : 0
}

/** FILE (or standard input) read and parsed as JSON, or YAML for .yaml and .yml: not yet decoded. */
const readScenario = async (file: string, max: number): Promise<{ readonly label: string; readonly text: string; readonly identity: FileIdentity | undefined; readonly input: unknown }> => {
  const label = file === '-' ? stdinLabel : file
  const { text, identity } = await readScenarioText(file, max)
  if (file !== '-' && scenarioFormatOf(file) === 'yaml') {
    const parsed = parseScenarioText(text, 'yaml')
    if (E.isLeft(parsed)) throw new InvalidInput(parsed.left.map((p) => `${label}${p.line === undefined ? '' : `:${p.line}:${p.column ?? 1}`}: invalid YAML: expected ${p.expected}`))
    return { label, text, identity, input: parsed.right.value }
  }
  let input: unknown
  try {
    input = JSON.parse(text) as unknown
  } catch (e) {
    throw new InvalidInput([jsonSyntaxMessage(label, text, e)])
  }
  // JSON.parse keeps the last of two values of one key: such a file is refused, as YAML's would be
  const twice = jsonDuplicateKey(text)
  if (twice !== undefined) {
    const { line, column } = lineColumn(text, twice.offset)
    const p = duplicateKeyProblem(twice)
    throw new InvalidInput([`${label}:${line}:${column}: invalid JSON: ${p.path}: expected ${p.expected}`])
  }
  return { label, text, identity, input }
}

/** Runs FILE as a scenario: its final state and event log (`evidence`, `explain`). */
const runFile = async (file: string): Promise<ScenarioRun> => {
  const max = maxInputBytes(process.env[MAX_INPUT_ENV])
  if (!max.ok) throw new InvalidInput([`access-review: ${max.reason}`])
  const { label, text, input } = await readScenario(file, max.value)
  const decoded = decodeWith(ScenarioCodec, input)
  const result = E.isLeft(decoded) ? decoded : runDecodedScenario(decoded.right)
  if (E.isLeft(result)) throw new InvalidInput(problemsText(label, locateProblems(text, result.left)))
  return result.right
}

/** `access-review evidence FILE [--format json|csv]`: the evidence report of the scenario's event log. */
const evidence = async (file: string, format: string, out: (s: string) => void): Promise<number> => {
  if (format !== 'json' && format !== 'csv') throw usageError('--format of evidence must be json or csv')
  const { events } = await runFile(file)
  const report = evidenceReport(events)
  // a scenario's own log always folds; a failure here is a defect, reported as such
  if (E.isLeft(report)) throw new Error(report.left.message)
  out(format === 'json' ? evidenceJson(report.right) : evidenceCsv(report.right))
  return 0
}

/** `access-review explain FILE ITEM [--format text|json]`: how the item's reviewers were resolved. */
const explain = async (file: string, item: string, format: string, out: (s: string) => void): Promise<number> => {
  if (format !== 'text' && format !== 'json') throw usageError('--format of explain must be text or json')
  const { state } = await runFile(file)
  const e = explainAssignment(state, item)
  if (E.isLeft(e)) throw new InvalidInput([`${file === '-' ? stdinLabel : file}: ${e.left.items[0]?.message ?? e.left.message}`])
  out(format === 'json' ? `${JSON.stringify(e.right, null, 2)}\n` : `${explanationLines(e.right).join('\n')}\n`)
  return 0
}

const run = async (argv: ReadonlyArray<string>, out: (s: string) => void): Promise<number> => {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', default: 'json' },
        svg: { type: 'string' },
        reporter: { type: 'string', default: 'text' },
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    })
  } catch (e) {
    throw usageError(e instanceof Error ? e.message : 'bad arguments')
  }
  const { values, positionals } = parsed
  const [command, file, ...rest] = positionals
  if (values['help'] === true || (command === 'help' && file === undefined)) {
    out(`${USAGE}\n`)
    return 0
  }
  if (values['version'] === true) {
    const version = packageVersion()
    if (version === undefined) throw new Error('cannot find the version in the package.json of access-review-core')
    out(`${version}\n`)
    return 0
  }
  if (command === undefined) throw usageError('missing command')
  if (command === 'schema') {
    if (file !== undefined) throw usageError('schema takes no arguments')
    const schema = scenarioJsonSchema()
    if (E.isLeft(schema)) throw new Error(`cannot describe codecs: ${schema.left.join(', ')}`)
    out(`${JSON.stringify(schema.right, null, 2)}\n`)
    return 0
  }
  if (command === 'help') throw usageError('help takes no arguments')
  if (command === 'db') {
    if (rest.length > 0) throw usageError('db takes one subcommand: migrate')
    const url = values['url']
    const outcome = await dbCommand(file, typeof url === 'string' ? url : undefined)
    if (outcome.code !== 0) throw new InvalidInput(outcome.lines)
    out(`${outcome.lines.join('\n')}\n`)
    return 0
  }
  if (command === 'test') {
    const paths = positionals.slice(1)
    if (paths.length === 0) throw usageError('test takes one or more FILE or DIR')
    if (paths.some((p) => p === '' || p === '-')) throw usageError('test takes files and directories (not - or an empty name)')
    const reporter = values['reporter']
    if (reporter !== 'text' && reporter !== 'junit') throw usageError('--reporter must be text or junit')
    const max = maxInputBytes(process.env[MAX_INPUT_ENV])
    if (!max.ok) throw new InvalidInput([`access-review: ${max.reason}`])
    return test(paths, reporter, max.value, out)
  }
  if (command === 'evidence') {
    if (file === undefined || file === '' || rest.length > 0) throw usageError('evidence takes one FILE (or - for standard input)')
    return evidence(file, argv.some((a) => a === '--format' || a.startsWith('--format=')) ? String(values['format']) : 'json', out)
  }
  if (command === 'explain') {
    const [item, ...more] = rest
    if (file === undefined || file === '' || item === undefined || more.length > 0) throw usageError('explain takes one FILE (or - for standard input) and one ITEM')
    return explain(file, item, argv.some((a) => a === '--format' || a.startsWith('--format=')) ? String(values['format']) : 'text', out)
  }
  if (command !== 'run') throw usageError(`unknown command ${JSON.stringify(command.slice(0, 40))}`)
  if (file === undefined || rest.length > 0) throw usageError('run takes one FILE (or - for standard input)')
  if (file === '') throw usageError('FILE must not be empty')
  const format = values['format']
  if (format !== 'json' && format !== 'table') throw usageError('--format must be json or table')
  const svgOut = values['svg']
  if (svgOut === '') throw usageError('--svg needs a file name')
  const max = maxInputBytes(process.env[MAX_INPUT_ENV])
  if (!max.ok) throw new InvalidInput([`access-review: ${max.reason}`])
  const { label, text, identity, input } = await readScenario(file, max.value)
  const result = runScenario(input)
  if (E.isLeft(result)) throw new InvalidInput(problemsText(label, locateProblems(text, result.left)))
  const report = result.right
  if (typeof svgOut === 'string') {
    await writeSvg(svgOut, timelineSvg(report, file === '-' ? 'standard input' : file), identity)
  }
  out(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reportTables(report, stepLabels(input)))
  return 0
}

const main = async (): Promise<number> => {
  try {
    return await run(process.argv.slice(2), (s) => process.stdout.write(s))
  } catch (e) {
    if (e instanceof InvalidInput) {
      process.stderr.write(`${e.lines.join('\n')}\n`)
      return 2
    }
    process.stderr.write(`access-review: internal error: ${e instanceof Error ? e.message : 'unknown'}\n`)
    return 1
  }
}

void main().then((code) => {
  process.exitCode = code
})
