/**
 * Scenario files as text: JSON, or YAML read with the `yaml` library under
 * strict rules (YAML 1.2 core schema, one document, unique keys, no tags,
 * aliases that expand to a bounded size). Every problem names the JSON path
 * and, when the text is at hand, the line and column. Nothing here throws.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml'
import type { Document, Node as YamlNode } from 'yaml'
import type { Problem } from '../shared/codec.js'
import { checkScenario, runScenario } from './run.js'
import type { ScenarioReport, ScenarioVerdict } from './run.js'
import { duplicateKeyProblem, jsonDuplicateKey, jsonSyntaxError, lineColumn } from './jsonError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The text formats of scenario files.
 * @since 0.2.0
 * @category Scenario
 * @example
 * import type { ScenarioTextFormat } from 'access-review-core'
 * const f: ScenarioTextFormat = 'yaml'
 */
export type ScenarioTextFormat = 'json' | 'yaml'

/**
 * A problem of a scenario file read from text: the JSON path and the
 * expected shape, and the 1-based line and column (in code points) of the
 * place in the text when it is known. Like every problem, it never contains
 * the received value.
 * @since 0.2.0
 * @category Scenario
 * @example
 * import type { ScenarioProblem } from 'access-review-core'
 * const p: ScenarioProblem = { path: 'steps[1].do.decision', expected: 'one of "approve" | "revoke"', line: 12, column: 17 }
 * const text = `${p.line}:${p.column}: ${p.path}: expected ${p.expected}`
 */
export interface ScenarioProblem extends Problem {
  readonly line?: number
  readonly column?: number
}

/** The most nodes that YAML aliases may add to a document, all aliases together. */
export const MAX_ALIAS_NODES = 10_000

/** Texts longer than this (in UTF-16 code units) are not searched for the line and column of a decoding problem. */
const MAX_LOCATED_TEXT = 8 * 1024 * 1024

// -------------------------------------------------------------------------------------
// positions
// -------------------------------------------------------------------------------------

/** 1-based line and column (in code points) of an offset, with the line starts of a LineCounter. */
const positionOf = (text: string, lines: LineCounter, offset: number): { readonly line: number; readonly column: number } => {
  const { line } = lines.linePos(offset)
  const start = lines.lineStarts[line - 1] ?? 0
  let column = 1
  for (let i = start; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < offset && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++
    column++
  }
  return { line, column }
}

/** The segments of a problem path (`a.b[1]["odd key"]`), or undefined for `$` or a path that cannot be read back (a key cut at 64 characters). */
const pathSegments = (path: string): ReadonlyArray<string | number> | undefined => {
  if (path === '$') return []
  const out: Array<string | number> = []
  let i = 0
  while (i < path.length) {
    if (path[i] === '.') i++
    if (path[i] === '[') {
      const index = /^\[(\d{1,9})\]/.exec(path.slice(i, i + 12))
      if (index?.[1] !== undefined) {
        out.push(Number(index[1]))
        i += index[0].length
        continue
      }
      if (path[i + 1] !== '"') return undefined
      let j = i + 2
      while (j < path.length && path[j] !== '"') j += path[j] === '\\' ? 2 : 1
      if (path[j + 1] !== ']') return undefined
      try {
        const key: unknown = JSON.parse(path.slice(i + 1, j + 1))
        if (typeof key !== 'string' || key.endsWith('…')) return undefined
        out.push(key)
      } catch {
        return undefined
      }
      i = j + 2
      continue
    }
    const name = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(path.slice(i))
    if (name === null) return undefined
    out.push(name[0])
    i += name[0].length
  }
  return out
}

type AnyNode = YamlNode | null | undefined

const rangeStart = (n: unknown): number | undefined => {
  const r = (n as { range?: unknown } | null | undefined)?.range
  return Array.isArray(r) && typeof r[0] === 'number' ? r[0] : undefined
}

/**
 * The offset in the text of the node a problem path names: the value (or,
 * for an unknown key, the key), or the nearest enclosing node that exists.
 */
const offsetOfPath = (doc: Document, segments: ReadonlyArray<string | number>, atKey: boolean): number | undefined => {
  let node: AnyNode = doc.contents
  let offset = rangeStart(node)
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k]
    for (let hops = 0; isAlias(node) && hops < 100; hops++) node = node.resolve(doc)
    const last = k === segments.length - 1
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))
      if (pair === undefined) return offset
      const keyAt = rangeStart(pair.key)
      if (last && atKey) return keyAt ?? offset
      node = pair.value as AnyNode
      offset = rangeStart(node) ?? keyAt ?? offset
      continue
    }
    if (isSeq(node) && typeof seg === 'number') {
      const item: unknown = node.items[seg]
      if (item === undefined) return offset
      node = item as AnyNode
      offset = rangeStart(node) ?? offset
      continue
    }
    return offset
  }
  return offset
}

/** Adds the line and column of each problem, found in the parsed document of the text. */
const locate = (text: string, doc: Document, lines: LineCounter, problems: ReadonlyArray<Problem>): ReadonlyArray<ScenarioProblem> =>
  problems.map((p) => {
    const segments = pathSegments(p.path)
    if (segments === undefined) return p
    const offset = offsetOfPath(doc, segments, p.expected.startsWith('no such key'))
    return offset === undefined ? p : { ...p, ...positionOf(text, lines, offset) }
  })

// -------------------------------------------------------------------------------------
// YAML
// -------------------------------------------------------------------------------------

const YAML_ERRORS: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'a mapping whose keys are unique (a key is repeated here)',
  MULTIPLE_DOCS: 'a single YAML document (another document starts here)',
  RESOURCE_EXHAUSTION: 'a YAML document nested less deeply',
  BAD_INDENT: 'well-formed YAML (the indentation is wrong here)',
  TAB_AS_INDENT: 'well-formed YAML (tabs are not allowed as indentation)',
  MISSING_CHAR: 'well-formed YAML (a character is missing here)',
  UNEXPECTED_TOKEN: 'well-formed YAML (unexpected text here)',
  BAD_DQ_ESCAPE: 'well-formed YAML (an invalid escape in a double-quoted string)',
  MULTILINE_IMPLICIT_KEY: 'well-formed YAML (an implicit key must be on one line)',
  KEY_OVER_1024_CHARS: 'well-formed YAML (an implicit key longer than 1024 characters)',
  BLOCK_AS_IMPLICIT_KEY: 'well-formed YAML (a block collection cannot be a key)',
  TAG_RESOLVE_FAILED: 'no YAML tags (scenario files are plain data)',
}

const yamlProblem = (text: string, lines: LineCounter, offset: number | undefined, expected: string): ScenarioProblem =>
  offset === undefined ? { path: '$', expected } : { path: '$', expected, ...positionOf(text, lines, offset) }

/**
 * Walks the document once (iteratively, so nesting cannot overflow the
 * stack): refuses tags, keys that are collections, aliases of anchors not
 * defined before them or inside the node they mark, and aliases that would
 * expand to more than {@link MAX_ALIAS_NODES} nodes in all.
 */
const structureProblems = (text: string, doc: Document, lines: LineCounter): ReadonlyArray<ScenarioProblem> => {
  const out: ScenarioProblem[] = []
  const root = doc.contents
  if (root === null) return out
  // sizes of finished nodes, counting an alias as the size of what it names
  const size = new Map<unknown, number>()
  const open = new Set<unknown>()
  const cap = (n: number): number => Math.min(n, MAX_ALIAS_NODES * 4)
  let raw = 0
  const stack: Array<{ readonly node: unknown; done: boolean }> = [{ node: root, done: false }]
  while (stack.length > 0 && out.length < 100) {
    const top = stack[stack.length - 1]
    if (top === undefined) break
    const node = top.node
    if (top.done) {
      stack.pop()
      open.delete(node)
      if (isAlias(node)) continue
      let n = 1
      if (isMap(node)) for (const p of node.items) n += (size.get(p.key) ?? 1) + (size.get(p.value) ?? 1)
      else if (isSeq(node)) for (const i of node.items) n += size.get(i) ?? 1
      size.set(node, cap(n))
      continue
    }
    top.done = true
    if (node === null || node === undefined) continue
    raw++
    const offset = rangeStart(node)
    if (typeof (node as { tag?: unknown }).tag === 'string') out.push(yamlProblem(text, lines, offset, 'no YAML tags (scenario files are plain data: a tag such as !!str or !custom is refused)'))
    if (isAlias(node)) {
      const source = node.resolve(doc)
      if (source === undefined) out.push(yamlProblem(text, lines, offset, 'an alias of an anchor defined before it'))
      else if (open.has(source)) out.push(yamlProblem(text, lines, offset, 'an alias outside the node its anchor marks (a recursive alias)'))
      else size.set(node, size.get(source) ?? 1)
      continue
    }
    open.add(node)
    const children: unknown[] = []
    if (isMap(node)) {
      for (const p of node.items) {
        if (!isPair(p)) continue
        if (p.key !== null && !isScalar(p.key) && !isAlias(p.key)) out.push(yamlProblem(text, lines, rangeStart(p.key) ?? offset, 'a mapping key that is a plain value, not a list or mapping'))
        if (isAlias(p.key)) out.push(yamlProblem(text, lines, rangeStart(p.key) ?? offset, 'a mapping key that is a plain value, not an alias'))
        children.push(p.key, p.value)
      }
    } else if (isSeq(node)) {
      for (const i of node.items) children.push(i)
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i]
      if (c !== null && c !== undefined && !size.has(c)) stack.push({ node: c, done: false })
    }
  }
  if (out.length === 0) {
    const expanded = size.get(root) ?? raw
    if (expanded - raw > MAX_ALIAS_NODES) {
      out.push(yamlProblem(text, lines, rangeStart(root), `YAML aliases that add at most ${MAX_ALIAS_NODES} nodes to the document in all`))
    }
  }
  return out
}

interface ParsedText {
  readonly value: unknown
  /** Finds the line and column of decoding problems. */
  readonly locate: (problems: ReadonlyArray<Problem>) => ReadonlyArray<ScenarioProblem>
}

const parseYaml = (text: string, strictRules: boolean): E.Either<ReadonlyArray<ScenarioProblem>, { readonly doc: Document; readonly lines: LineCounter; readonly value: unknown }> => {
  const lines = new LineCounter()
  try {
    const doc = parseDocument(text, {
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: true,
      strict: true,
      version: '1.2',
      schema: 'core',
      merge: false,
      keepSourceTokens: false,
    })
    const first = doc.errors[0] ?? doc.warnings[0]
    if (first !== undefined) {
      const expected = YAML_ERRORS[first.code] ?? `well-formed YAML (${first.code.toLowerCase().replace(/_/g, ' ')})`
      return E.left([yamlProblem(text, lines, first.pos[0], expected)])
    }
    if (!strictRules) return E.right({ doc, lines, value: undefined })
    const problems = structureProblems(text, doc, lines)
    if (problems.length > 0) return E.left(problems)
    return E.right({ doc, lines, value: doc.toJS({ maxAliasCount: -1, mapAsMap: false }) })
  } catch {
    return E.left([{ path: '$', expected: 'a YAML document the parser can read (less deeply nested)' }])
  }
}

const readYaml = (text: string): E.Either<ReadonlyArray<ScenarioProblem>, ParsedText> => {
  const r = parseYaml(text, true)
  if (E.isLeft(r)) return r
  const { doc, lines, value } = r.right
  return E.right({ value, locate: (problems) => locate(text, doc, lines, problems) })
}

const readJson = (text: string): E.Either<ReadonlyArray<ScenarioProblem>, ParsedText> => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    const where = jsonSyntaxError(text, e)
    const problem: ScenarioProblem = { path: '$', expected: `a JSON document (${where.reason})` }
    return E.left([where.line === undefined ? problem : { ...problem, line: where.line, column: where.column ?? 1 }])
  }
  // JSON.parse keeps the last of two values of one key; the YAML parser refuses them
  const twice = jsonDuplicateKey(text)
  if (twice !== undefined) return E.left([{ ...duplicateKeyProblem(twice), ...lineColumn(text, twice.offset) }])
  return E.right({
    value,
    // JSON is YAML 1.2: its parse tree gives the positions (best effort)
    locate: (problems) => locateProblems(text, problems),
  })
}

/**
 * Parses the text of a scenario file, JSON or YAML: the parsed value, or
 * the problems with their line and column. YAML is read as YAML 1.2 with
 * the core schema (`yes` is a string, `2025-10-09` is a string): one
 * document, unique keys, no tags, and aliases that add at most
 * {@link MAX_ALIAS_NODES} nodes in all.
 * @internal
 */
export const parseScenarioText = (text: string, format: ScenarioTextFormat): E.Either<ReadonlyArray<ScenarioProblem>, ParsedText> =>
  format === 'yaml' ? readYaml(text) : readJson(text)

/**
 * Adds the line and column to problems of the scenario decoded from `text`,
 * JSON or YAML (JSON is YAML 1.2, so one parse tree serves both; best
 * effort: a problem whose place is not found is returned as it is).
 * @internal
 */
export const locateProblems = (text: string, problems: ReadonlyArray<Problem>): ReadonlyArray<ScenarioProblem> => {
  if (text.length > MAX_LOCATED_TEXT) return problems
  const r = parseYaml(text, false)
  return E.isLeft(r) ? problems : locate(text, r.right.doc, r.right.lines, problems)
}

/**
 * The format of a scenario file from its name: `yaml` for `.yaml` and
 * `.yml`, else `json`.
 *
 * @example
 * import { scenarioFormatOf } from 'access-review-core'
 * scenarioFormatOf('reviews/q4.yml') // 'yaml'
 * scenarioFormatOf('reviews/q4.json') // 'json'
 *
 * @since 0.2.0
 * @category Scenario
 */
export const scenarioFormatOf = (fileName: string): ScenarioTextFormat => (/\.ya?ml$/i.test(fileName) ? 'yaml' : 'json')

/**
 * Parses the text of a scenario file (JSON or YAML), runs it and checks its
 * checkpoints and final `expect` (see `checkScenario`). Every problem names
 * the path and, when it can be found, the line and column. Never throws.
 *
 * @example
 * import { checkScenarioText } from 'access-review-core'
 * const r = checkScenarioText('version: 1\nversion: 1\n', 'yaml')
 * r._tag === 'Left' ? [r.left[0]?.line, r.left[0]?.column] : [] // [2, 1]
 *
 * @since 0.2.0
 * @category Scenario
 */
export const checkScenarioText = (text: string, format: ScenarioTextFormat): E.Either<ReadonlyArray<ScenarioProblem>, ScenarioVerdict> => {
  const parsed = parseScenarioText(text, format)
  if (E.isLeft(parsed)) return parsed
  const r = checkScenario(parsed.right.value)
  return E.isLeft(r) ? E.left(parsed.right.locate(r.left)) : r
}

/**
 * Parses YAML text and runs it as a scenario: the YAML twin of
 * `runScenarioJson`, with the line and column of every problem it can
 * place. Never throws.
 *
 * @example
 * import { runScenarioYaml } from 'access-review-core'
 * const r = runScenarioYaml('version: 1\nnote: !!binary aGk=\n')
 * r._tag === 'Left' ? r.left[0]?.line : 0 // 2
 *
 * @since 0.2.0
 * @category Scenario
 */
export const runScenarioYaml = (text: string): E.Either<ReadonlyArray<ScenarioProblem>, ScenarioReport> => {
  const parsed = parseScenarioText(text, 'yaml')
  if (E.isLeft(parsed)) return parsed
  const r = runScenario(parsed.right.value)
  return E.isLeft(r) ? E.left(parsed.right.locate(r.left)) : r
}
