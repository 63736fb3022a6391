/**
 * Scenario files as test cases, for any test runner (vitest, jest, node's
 * test runner): `scenarioCases(dir)` finds every scenario file of a folder
 * and gives, for each, its name and its result, computed when first read.
 * Import from `access-review-core/testing/scenarios`.
 *
 * This entry reads files (it is the one module of the library outside the
 * command line that does), so it runs on Node.js only; the rest of
 * `access-review-core/testing` runs anywhere. A whole folder in a vitest
 * test file:
 *
 * ```ts no-run
 * import { expect, it } from 'vitest'
 * import { scenarioCases } from 'access-review-core/testing/scenarios'
 * for (const c of scenarioCases('scenarios')) it(c.name, () => expect(c.failures).toEqual([]))
 * ```
 *
 * @packageDocumentation
 * @module access-review-core/testing/scenarios
 */
import * as E from 'fp-ts/lib/Either.js'
import { fileURLToPath } from 'node:url'
import type { ScenarioVerdict } from '../scenario/run.js'
import type { ScenarioProblem } from '../scenario/text.js'
import { failureLines, runCase } from '../cli/cases.js'
import { findScenarioFiles } from '../cli/files.js'
import { DEFAULT_MAX_INPUT_BYTES } from '../cli/input.js'

/**
 * One scenario file as a test case. `result` and `failures` are computed
 * the first time they are read (so a test runner lists the cases at once
 * and runs each scenario in its own test), then kept.
 * @since 0.2.0
 * @category Scenario files in tests
 * @example
 * import type { ScenarioCase } from 'access-review-core/testing/scenarios'
 * const summary = (c: ScenarioCase) => `${c.name}: ${c.failures.length === 0 ? 'holds' : c.failures.join('\n')}`
 */
export interface ScenarioCase {
  /**
   * The file's path relative to the folder searched, with `/` separators
   * (`cascade/on-level1.yaml`), or the path as given for a file; for a path
   * that could not be searched, that path.
   */
  readonly name: string
  /** The file's path (the folder joined with `name`). */
  readonly file: string
  /**
   * The problems of a file that cannot be read or is not a valid scenario
   * (each with its JSON path, and line and column when known), or the
   * verdict of its checkpoints and final `expect`.
   */
  readonly result: E.Either<ReadonlyArray<ScenarioProblem>, ScenarioVerdict>
  /**
   * One line per problem or per place where a check does not hold (the
   * checkpoint, its instant, the step it came after, the path, the expected
   * and the actual value); empty when the file is valid and every check
   * holds. `expect(c.failures).toEqual([])` shows them all when it fails.
   */
  readonly failures: ReadonlyArray<string>
}

/**
 * A `file:` URL, such as `new URL('./scenarios/', import.meta.url)` (any
 * object with the `href` of one).
 * @since 0.2.0
 * @category Scenario files in tests
 * @example
 * import type { FileUrl } from 'access-review-core/testing/scenarios'
 * const here: FileUrl = { href: 'file:///home/me/project/scenarios/' }
 */
export interface FileUrl {
  readonly href: string
}

/**
 * Options of {@link scenarioCases}.
 * @since 0.2.0
 * @category Scenario files in tests
 * @example
 * import type { ScenarioCasesOptions } from 'access-review-core/testing/scenarios'
 * const options: ScenarioCasesOptions = { maxBytes: 1_000_000 }
 */
export interface ScenarioCasesOptions {
  /** The largest file read, in bytes: 1 to 64 MiB (the default; another value means the default). */
  readonly maxBytes?: number
}

const lazyCase = (name: string, file: string, compute: () => E.Either<ReadonlyArray<ScenarioProblem>, ScenarioVerdict>): ScenarioCase => {
  let result: E.Either<ReadonlyArray<ScenarioProblem>, ScenarioVerdict> | undefined
  let failures: ReadonlyArray<string> | undefined
  const get = (): E.Either<ReadonlyArray<ScenarioProblem>, ScenarioVerdict> => (result ??= compute())
  return {
    name,
    file,
    get result() {
      return get()
    },
    get failures() {
      return (failures ??= failureLines(name, get()))
    },
  }
}

/**
 * The scenario files of a folder (searched recursively, in name order, for
 * `.json`, `.yaml` and `.yml` files) or a single file, as test cases: a
 * three-line test runs a whole folder. Relative paths are resolved from the
 * current directory (where the test runner runs); a `file:` URL such as
 * `new URL('./scenarios/', import.meta.url)` names a folder next to the test.
 * Never throws: a folder that cannot be read or holds no scenario file is
 * one failing case that says why, so a wrong path cannot pass silently.
 *
 * @example
 * import { scenarioCases } from 'access-review-core/testing/scenarios'
 * const cases = scenarioCases('examples/scenarios')
 * cases.some((c) => c.name === 'early-completion.yaml') // true
 * cases.every((c) => c.failures.length === 0) // true
 * scenarioCases('no/such/folder').map((c) => c.failures.length) // [1]
 *
 * @since 0.2.0
 * @category Scenario files in tests
 */
export const scenarioCases = (path: string | FileUrl, options: ScenarioCasesOptions = {}): ReadonlyArray<ScenarioCase> => {
  let root: string
  try {
    root = typeof path === 'string' ? path : fileURLToPath(String(path.href))
  } catch {
    const name = typeof path === 'string' ? path : 'the URL'
    return [lazyCase(name, name, () => E.left([{ path: '$', expected: 'a folder or file path, or a file: URL' }]))]
  }
  const max = options.maxBytes
  const maxBytes = max !== undefined && Number.isSafeInteger(max) && max >= 1 ? Math.min(max, DEFAULT_MAX_INPUT_BYTES) : DEFAULT_MAX_INPUT_BYTES
  const found = findScenarioFiles([root])
  const out: ScenarioCase[] = []
  for (const p of found.problems) out.push(lazyCase(p.path, p.path, () => E.left([{ path: '$', expected: `a folder or file of scenarios (${p.reason})` }])))
  for (const f of found.files) out.push(lazyCase(f.name, f.path, () => runCase(f.path, maxBytes, (m) => `larger than the limit of ${m} bytes (maxBytes)`)))
  return out
}
