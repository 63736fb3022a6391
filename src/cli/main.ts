/**
 * `access-review`: the command-line runner of scenario files.
 *
 *   access-review run FILE [--format json|table] [--svg OUT]
 *   access-review schema
 *
 * Exit codes: 0 success, 2 invalid input (bad usage, unreadable or invalid
 * scenario file; the problems go to stderr with their JSON paths), 1 an
 * internal error. The CLI is the only part of the package that touches the
 * file system; it is outside the pure core.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import type { Problem } from '../shared/codec.js'
import { runScenario } from '../scenario/run.js'
import { scenarioJsonSchema } from '../scenario/schema.js'
import { reportTables, stepLabels } from './table.js'
import { timelineSvg } from './svg.js'

const USAGE = `Usage:
  access-review run FILE [--format json|table] [--svg OUT]
      Runs a scenario file (JSON, "version": 1) and prints its report.
      --format json   the report as JSON (default)
      --format table  the report as readable tables
      --svg OUT       also write the packet timelines as an SVG picture to OUT
  access-review schema
      Prints the JSON Schema of scenario files.

Exit codes: 0 success, 2 invalid input, 1 internal error.`

class InvalidInput extends Error {
  constructor(readonly lines: ReadonlyArray<string>) {
    super(lines.join('\n'))
  }
}

const problemsText = (file: string, problems: ReadonlyArray<Problem>): ReadonlyArray<string> => [
  `${file}: invalid scenario (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
  ...problems.map((p) => `  ${p.path}: expected ${p.expected}`),
]

const run = (argv: ReadonlyArray<string>, out: (s: string) => void): void => {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { format: { type: 'string', default: 'json' }, svg: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    })
  } catch (e) {
    throw new InvalidInput([e instanceof Error ? e.message : 'bad arguments', USAGE])
  }
  const { values, positionals } = parsed
  if (values['help'] === true) {
    out(`${USAGE}\n`)
    return
  }
  const [command, file, ...rest] = positionals
  if (command === 'schema' && file === undefined) {
    const schema = scenarioJsonSchema()
    if (E.isLeft(schema)) throw new Error(`cannot describe codecs: ${schema.left.join(', ')}`)
    out(`${JSON.stringify(schema.right, null, 2)}\n`)
    return
  }
  if (command !== 'run' || file === undefined || rest.length > 0) throw new InvalidInput([USAGE])
  const format = values['format']
  if (format !== 'json' && format !== 'table') throw new InvalidInput(['--format must be json or table', USAGE])
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new InvalidInput([`${file}: cannot read the file`])
  }
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch {
    throw new InvalidInput(problemsText(file, [{ path: '$', expected: 'a JSON document' }]))
  }
  const result = runScenario(input)
  if (E.isLeft(result)) throw new InvalidInput(problemsText(file, result.left))
  const report = result.right
  const svgOut = values['svg']
  if (typeof svgOut === 'string') writeFileSync(svgOut, timelineSvg(report, file))
  out(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reportTables(report, stepLabels(input)))
}

const main = (): number => {
  try {
    run(process.argv.slice(2), (s) => process.stdout.write(s))
    return 0
  } catch (e) {
    if (e instanceof InvalidInput) {
      process.stderr.write(`${e.lines.join('\n')}\n`)
      return 2
    }
    process.stderr.write(`access-review: internal error: ${e instanceof Error ? e.message : 'unknown'}\n`)
    return 1
  }
}

process.exitCode = main()
