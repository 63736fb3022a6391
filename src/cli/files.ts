/**
 * Finding and reading scenario files, for `access-review test` and for
 * `scenarioCases` (access-review-core/testing/scenarios). Synchronous, so a
 * test file can list its cases while it is collected. Every failure is a
 * value with a reason, never a throw.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs'
import type { Dirent } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { whyFailed } from './fsError.js'
import { DEFAULT_MAX_INPUT_BYTES, tooLarge } from './input.js'
import type { Outcome } from './input.js'

/** The extensions of scenario files in a directory. */
export const SCENARIO_EXTENSIONS: ReadonlyArray<string> = ['.json', '.yaml', '.yml']

/** The most files one search returns, and the deepest directory it enters. */
export const MAX_FILES = 10_000
export const MAX_DEPTH = 32

/** A scenario file found: its path as given or found, and its name relative to the directory searched (its own path for a file given by name). */
export interface FoundFile {
  readonly path: string
  readonly name: string
}

/** A path that could not be searched, with the reason. */
export interface SearchProblem {
  readonly path: string
  readonly reason: string
}

/** What a search found. */
export interface Found {
  readonly files: ReadonlyArray<FoundFile>
  readonly problems: ReadonlyArray<SearchProblem>
}

const isScenarioName = (name: string): boolean => !name.startsWith('.') && SCENARIO_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e))

const slashed = (p: string): string => p.split(sep).join('/')

/**
 * The scenario files of each path: a file is taken as it is (whatever its
 * extension); a directory is searched recursively, in name order, for files
 * ending in .json, .yaml or .yml (names starting with a dot are skipped,
 * and symbolic links to directories are not followed). A path that does not
 * exist or cannot be read, or a directory without scenario files, is a
 * problem.
 */
export const findScenarioFiles = (paths: ReadonlyArray<string>): Found => {
  const files: FoundFile[] = []
  const problems: SearchProblem[] = []
  const full = (): boolean => files.length >= MAX_FILES
  const walk = (dir: string, root: string, depth: number): void => {
    if (full()) return
    if (depth > MAX_DEPTH) {
      problems.push({ path: dir, reason: `nested more than ${MAX_DEPTH} directories deep` })
      return
    }
    let entries: Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch (e) {
      problems.push({ path: dir, reason: `cannot read the directory: ${whyFailed(e)}` })
      return
    }
    const sorted = entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of sorted) {
      if (full()) return
      if (entry.name.startsWith('.')) continue
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        walk(path, root, depth + 1)
        continue
      }
      if (!isScenarioName(entry.name)) continue
      if (entry.isSymbolicLink()) {
        // a link to a file is followed; a link to a directory is not
        try {
          if (!statSync(path).isFile()) continue
        } catch (e) {
          problems.push({ path, reason: `cannot read the file: ${whyFailed(e)}` })
          continue
        }
      } else if (!entry.isFile()) continue
      files.push({ path, name: slashed(relative(root, path)) })
    }
  }
  for (const p of paths) {
    let isDirectory: boolean
    try {
      isDirectory = statSync(p).isDirectory()
    } catch (e) {
      problems.push({ path: p, reason: `cannot read it: ${whyFailed(e)}` })
      continue
    }
    if (!isDirectory) {
      if (!full()) files.push({ path: p, name: slashed(p) })
      continue
    }
    const before = files.length
    walk(p, p, 0)
    if (files.length === before && !full()) problems.push({ path: p, reason: `no scenario files (${SCENARIO_EXTENSIONS.join(', ')}) in this directory` })
  }
  if (full()) problems.push({ path: paths.join(' '), reason: `more than ${MAX_FILES} scenario files: only the first ${MAX_FILES} are taken` })
  return { files, problems }
}

/**
 * Reads a regular file of at most `max` bytes as UTF-8, synchronously: the
 * size is checked before reading and counted while reading. A FIFO or a
 * device is refused without blocking.
 */
export const readTextFileSync = (path: string, max = DEFAULT_MAX_INPUT_BYTES, overLimit: (max: number) => string = tooLarge): Outcome<string> => {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (e) {
    return { ok: false, reason: whyFailed(e) }
  }
  try {
    const st = fstatSync(fd)
    if (st.isDirectory()) return { ok: false, reason: 'EISDIR: is a directory' }
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' }
    if (st.size > max) return { ok: false, reason: overLimit(max) }
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const buffer = Buffer.alloc(Math.min(64 * 1024, max + 1 - total))
      const n = readSync(fd, buffer, 0, buffer.length, null)
      if (n === 0) break
      total += n
      if (total > max) return { ok: false, reason: overLimit(max) }
      chunks.push(n === buffer.length ? buffer : buffer.subarray(0, n))
    }
    return { ok: true, value: Buffer.concat(chunks, total).toString('utf8') }
  } catch (e) {
    return { ok: false, reason: whyFailed(e) }
  } finally {
    try {
      closeSync(fd)
    } catch {
      // nothing to do: the file was read or refused already
    }
  }
}
