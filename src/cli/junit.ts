/**
 * JUnit XML for `access-review test --reporter junit`: one test case per
 * scenario file, a <failure> for a scenario whose checks do not all hold,
 * an <error> for a file that is invalid or cannot be read. Text is escaped
 * for XML 1.0; characters XML cannot hold are written as \uXXXX.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { CaseResult } from './cases.js'
import { checksText, failedChecks, failureLines } from './cases.js'

/** One case of the report. */
export interface JunitCase {
  /** The file's path as shown (relative to where the CLI runs, or as given). */
  readonly file: string
  readonly result: CaseResult
  readonly seconds: number
}

/** A path that could not be searched, reported as an error case. */
export interface JunitSearchProblem {
  readonly path: string
  readonly reason: string
}

// Not allowed in XML 1.0: C0 controls but tab, LF and CR; unpaired surrogates; U+FFFE and U+FFFF.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** Text made safe for XML content and attribute values. */
export const xmlText = (s: string): string =>
  s
    .replace(NOT_XML, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')

const seconds = (s: number): string => (Number.isFinite(s) && s >= 0 ? s.toFixed(3) : '0.000')

const split = (file: string): { readonly dir: string; readonly base: string } => {
  const at = file.lastIndexOf('/')
  return at < 0 ? { dir: '.', base: file } : { dir: file.slice(0, at) || '/', base: file.slice(at + 1) }
}

/** The JUnit XML document of a test run. */
export const junitXml = (cases: ReadonlyArray<JunitCase>, search: ReadonlyArray<JunitSearchProblem> = []): string => {
  let failures = 0
  let errors = search.length
  let total = 0
  const body: string[] = []
  for (const c of cases) {
    const { dir, base } = split(c.file)
    const open = `    <testcase classname="${xmlText(dir)}" name="${xmlText(base)}" file="${xmlText(c.file)}" time="${seconds(c.seconds)}"`
    total += c.seconds
    const lines = failureLines(c.file, c.result).map(xmlText).join('\n')
    if (E.isLeft(c.result)) {
      errors++
      const n = c.result.left.length
      body.push(`${open}>\n      <error type="InvalidScenario" message="${xmlText(`invalid scenario file (${n} problem${n === 1 ? '' : 's'})`)}">${lines}</error>\n    </testcase>`)
      continue
    }
    const failed = failedChecks(c.result.right).length
    if (failed === 0) {
      body.push(`${open}/>`)
      continue
    }
    failures++
    body.push(`${open}>\n      <failure type="CheckFailed" message="${xmlText(`${failed} of ${checksText(c.result.right.checks.length)} failed`)}">${lines}</failure>\n    </testcase>`)
  }
  for (const p of search) {
    const { dir, base } = split(p.path)
    body.push(`    <testcase classname="${xmlText(dir)}" name="${xmlText(base)}" file="${xmlText(p.path)}" time="0.000">\n      <error type="NotFound" message="${xmlText(p.reason)}">${xmlText(`${p.path}: ${p.reason}`)}</error>\n    </testcase>`)
  }
  const tests = cases.length + search.length
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}"`
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="access-review test" ${counts} time="${seconds(total)}">`,
    `  <testsuite name="access-review test" ${counts} skipped="0" time="${seconds(total)}">`,
    ...body,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}
