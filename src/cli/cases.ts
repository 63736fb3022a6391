/**
 * One scenario file as a test case, for `access-review test` and for
 * `scenarioCases` (access-review-core/testing/scenarios): read, parse by
 * extension, run and check; and the lines that tell what does not hold.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { CheckMismatch, ExpectedValue } from '../scenario/expect.js'
import type { ScenarioCheck, ScenarioVerdict } from '../scenario/run.js'
import { checkScenarioText, scenarioFormatOf } from '../scenario/text.js'
import type { ScenarioProblem } from '../scenario/text.js'
import { readTextFileSync } from './files.js'

/** The result of one scenario file: its problems (unreadable or invalid), or its verdict. */
export type CaseResult = E.Either<ReadonlyArray<ScenarioProblem>, ScenarioVerdict>

/** Reads, runs and checks the scenario file at `path` (JSON, or YAML for .yaml/.yml). Never throws. */
export const runCase = (path: string, maxBytes?: number, overLimit?: (max: number) => string): CaseResult => {
  const text = readTextFileSync(path, maxBytes, overLimit)
  if (!text.ok) return E.left([{ path: '$', expected: `a readable scenario file (cannot read it: ${text.reason})` }])
  return checkScenarioText(text.value, scenarioFormatOf(path))
}

const MAX_SHOWN = 300

/** A value as JSON on one line, cut at 300 characters; `nothing` for a field the report does not have. */
export const showValue = (v: ExpectedValue | undefined): string => {
  if (v === undefined) return 'nothing (the report has no such field)'
  const text = JSON.stringify(v)
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text
}

/** `FILE:LINE:COLUMN: PATH: expected X` (or without the position when it is not known). */
export const problemLine = (file: string, p: ScenarioProblem): string =>
  `${file}${p.line === undefined ? '' : `:${p.line}:${p.column ?? 1}`}: ${p.path}: expected ${p.expected}`

/** Where a check was made: `steps[4] at INSTANT (after step 3)`, `expect at INSTANT (after step 7)`. */
export const checkPlace = (c: ScenarioCheck): string => `${c.source} at ${c.at} (${c.after === undefined ? 'before any step' : `after step ${c.after}`})`

/** One line per mismatch of a failed check: `PLACE: PATH: expected X, actual Y`. */
export const mismatchLine = (c: ScenarioCheck, m: CheckMismatch): string => `${checkPlace(c)}: ${m.path}: expected ${showValue(m.expected)}, actual ${showValue(m.actual)}`

/** The failed checks of a verdict. */
export const failedChecks = (v: ScenarioVerdict): ReadonlyArray<ScenarioCheck> => v.checks.filter((c) => !c.ok)

/** One line per problem or failed check of a result: empty when the scenario holds. */
export const failureLines = (name: string, r: CaseResult): ReadonlyArray<string> =>
  E.isLeft(r) ? r.left.map((p) => problemLine(name, p)) : failedChecks(r.right).flatMap((c) => c.mismatches.map((m) => mismatchLine(c, m)))

/** `N checks`, `1 check`. */
export const checksText = (n: number): string => `${n} check${n === 1 ? '' : 's'}`
