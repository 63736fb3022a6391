// The doctest step: every `@example` in the TSDoc of src/**/*.ts is
// type-checked and run, so an example cannot rot (typedoc only prints them).
//
// 1. Each example (the ` * ` lines after `@example`, up to the next tag or the
//    end of the comment) becomes a module under .tmp/doctest/, its imports
//    from 'access-review-core' pointed at src.
// 2. All modules are type-checked by ONE tsc run with the repository's
//    compiler options.
// 3. Each module is imported, which runs it: a throw fails its test.
// 4. A statement followed by a literal comment, `expr // value` with value a
//    number, string, boolean, null, undefined, or an array or object of
//    those, is rewritten to `__assert(expr, value)`: a deep strict equality
//    that must hold and must run. A comment that is prose (`// Left: …`,
//    `// Right(2)`, `// is Right`) is left alone.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'

const root = join(__dirname, '..', '..')
const srcDir = join(root, 'src')
const outDir = join(root, '.tmp', 'doctest')

/** Lines the generated module has before the example's first line. */
const HEADER_LINES = 2

// -------------------------------------------------------------------------------------
// extraction
// -------------------------------------------------------------------------------------

interface Example {
  /** `src/x/y.ts:LINE`, the line of the `@example` tag. */
  readonly where: string
  readonly source: string
  /** The 1-based source line of the example's first code line. */
  readonly firstLine: number
  readonly code: string
  readonly file: string
}

const sourceFiles = (): ReadonlyArray<string> =>
  readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split('\\').join('/'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()

/** The examples of one file: the ` * ` lines after `@example` until the next `@tag` or `*\/`. */
const examplesOf = (path: string): ReadonlyArray<Example> => {
  const source = `src/${path}`
  const lines = readFileSync(join(srcDir, path), 'utf8').split('\n')
  const out: Example[] = []
  lines.forEach((line, i) => {
    if (!/^\s*\*\s*@example\b/.test(line)) return
    const body: string[] = []
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j] ?? ''
      if (/^\s*\*\//.test(l) || /^\s*\*\s*@\w/.test(l) || !/^\s*\*( |$)/.test(l)) break
      body.push(l.replace(/^\s*\* ?/, ''))
    }
    while (body.length > 0 && (body[body.length - 1] ?? '').trim() === '') body.pop()
    const name = `${path.replace(/\.ts$/, '').split('/').join('__')}__L${i + 1}`
    out.push({ where: `${source}:${i + 1}`, source, firstLine: i + 2, code: body.join('\n'), file: join(outDir, `${name}.ts`) })
  })
  return out
}

// -------------------------------------------------------------------------------------
// assertions
// -------------------------------------------------------------------------------------

/** A value built only from literals: the right-hand side of `expr // value`. */
const isLiteral = (n: ts.Expression): boolean => {
  if (ts.isParenthesizedExpression(n)) return isLiteral(n.expression)
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isNumericLiteral(n)) return true
  if (n.kind === ts.SyntaxKind.TrueKeyword || n.kind === ts.SyntaxKind.FalseKeyword || n.kind === ts.SyntaxKind.NullKeyword) return true
  if (ts.isIdentifier(n)) return n.text === 'undefined'
  if (ts.isPrefixUnaryExpression(n)) return (n.operator === ts.SyntaxKind.MinusToken || n.operator === ts.SyntaxKind.PlusToken) && ts.isNumericLiteral(n.operand)
  if (ts.isArrayLiteralExpression(n)) return n.elements.every((e) => !ts.isSpreadElement(e) && !ts.isOmittedExpression(e) && isLiteral(e))
  if (ts.isObjectLiteralExpression(n))
    return n.properties.every(
      (p) => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name)) && isLiteral(p.initializer),
    )
  return false
}

/** The comment text if it is a JS literal value, else undefined (prose). */
const literalValue = (comment: string): string | undefined => {
  const text = comment.trim()
  if (text === '') return undefined
  const sf = ts.createSourceFile('value.ts', `(${text})`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const [statement, ...rest] = sf.statements
  if (statement === undefined || rest.length > 0 || !ts.isExpressionStatement(statement)) return undefined
  if (statement.getText(sf) !== `(${text})` || !isLiteral(statement.expression)) return undefined
  try {
    // The test (never src) evaluates the literal once, to be sure it is plain JavaScript.
    new Function(`return (${text})`)()
  } catch {
    return undefined
  }
  return text
}

/** Rewrites each `expr // value` statement into `__assert(expr, value, 'where')`; returns the code and the assertion ids. */
const withAssertions = (example: Example): { readonly code: string; readonly asserts: ReadonlyArray<string> } => {
  const code = example.code
  const sf = ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const edits: Array<{ readonly start: number; readonly end: number; readonly text: string; readonly id: string }> = []
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node)) {
      const comment = (ts.getTrailingCommentRanges(code, node.end) ?? []).find((r) => r.kind === ts.SyntaxKind.SingleLineCommentTrivia)
      const value = comment === undefined ? undefined : literalValue(code.slice(comment.pos + 2, comment.end))
      if (value !== undefined) {
        const line = example.firstLine + sf.getLineAndCharacterOfPosition(node.getStart(sf)).line
        const id = `${example.source}:${line}`
        edits.push({ start: node.getStart(sf), end: node.end, text: `__assert(${node.expression.getText(sf)}, ${value}, ${JSON.stringify(id)})`, id })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  let out = code
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = `${out.slice(0, e.start)}${e.text}${out.slice(e.end)}`
  return { code: out, asserts: edits.map((e) => e.id) }
}

const ASSERT_MODULE = `// Generated by test/docs/examples.test.ts.
import { inspect, isDeepStrictEqual } from 'node:util'

const hits: Set<string> = ((globalThis as { __doctestHits?: Set<string> }).__doctestHits ??= new Set<string>())

export const __assert = (actual: unknown, expected: unknown, where: string): void => {
  hits.add(where)
  if (!isDeepStrictEqual(actual, expected)) throw new Error(\`\${where}: the example says \${inspect(expected, { depth: 8 })}, the code gives \${inspect(actual, { depth: 8 })}\`)
}
`

const moduleText = (example: Example, code: string): string =>
  [
    `// ${example.where} (generated by test/docs/examples.test.ts)`,
    `import { __assert } from './__assert.js'`,
    code
      .replace(/from (['"])access-review-core\/testing\/arbitraries\1/g, "from '../../src/testing/arbitraries.js'")
      .replace(/from (['"])access-review-core\/testing\/scenarios\1/g, "from '../../src/testing/scenarios.js'")
      .replace(/from (['"])access-review-core\/testing\1/g, "from '../../src/testing/index.js'")
      .replace(/from (['"])access-review-core\1/g, "from '../../src/index.js'"),
    'export {}',
    '',
  ].join('\n')

// -------------------------------------------------------------------------------------
// type-check
// -------------------------------------------------------------------------------------

/** One tsc run over every generated module: the diagnostics by file (the key '' holds those elsewhere). */
const typeCheck = (): ReadonlyMap<string, ReadonlyArray<string>> => {
  const tsconfig = join(outDir, 'tsconfig.json')
  writeFileSync(tsconfig, JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noEmit: true }, include: ['./*.ts'] }, null, 2))
  const run = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig, '--pretty', 'false'], {
    cwd: root,
    encoding: 'utf8',
  })
  const out = new Map<string, string[]>()
  const add = (file: string, text: string): string[] => {
    const list = out.get(file) ?? []
    out.set(file, list)
    list.push(text)
    return list
  }
  let last: string[] | undefined
  for (const line of `${run.stdout}${run.stderr}`.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line)
    if (m !== null) last = add(join(root, m[1] ?? ''), `line ${Number(m[2]) - HEADER_LINES}: ${m[4] ?? ''}`)
    else if (/^\s/.test(line) && last !== undefined) last.push(line)
    else if (line.trim() !== '') last = add('', line)
  }
  if (run.status !== 0 && out.size === 0) out.set('', [`tsc exited with ${String(run.status)}`])
  return out
}

// -------------------------------------------------------------------------------------
// tests
// -------------------------------------------------------------------------------------

const examples = sourceFiles().flatMap(examplesOf)
const prepared = examples.map((e) => ({ example: e, ...withAssertions(e) }))
let diagnostics: ReadonlyMap<string, ReadonlyArray<string>> = new Map()

const hits = (): Set<string> => ((globalThis as { __doctestHits?: Set<string> }).__doctestHits ??= new Set<string>())

beforeAll(() => {
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, '__assert.ts'), ASSERT_MODULE)
  for (const p of prepared) writeFileSync(p.example.file, moduleText(p.example, p.code))
  diagnostics = typeCheck()
})

describe('expected-value comments', () => {
  it('asserts a literal value', () => {
    for (const v of ['12', '-1.5', "'x'", '"y"', 'true', 'false', 'null', 'undefined', '[]', "['a', 'b']", "{ kind: 'enum', values: ['a', 'b'] }", "{ 'a-b': { c: [1] } }"])
      expect(literalValue(` ${v}`), v).toBe(v)
  })

  it('leaves prose alone', () => {
    for (const v of ['Left: expected at least 1 element', 'Right(2)', "Right('ok')", 'is Right', 'Left', '0 as Instant', 'a set: the id is the key', 'Either<Problem[], ScenarioRun>', 'four events', '', '[a]', '{ a }', '1, 2'])
      expect(literalValue(v), v).toBeUndefined()
  })
})

describe('TSDoc examples', () => {
  it('finds the examples and their assertions', () => {
    expect(examples.length).toBeGreaterThan(150)
    expect(prepared.flatMap((p) => p.asserts).length).toBeGreaterThan(100)
  })

  it('type-checks with no error outside the examples', () => {
    const elsewhere = [...diagnostics].filter(([file]) => !examples.some((e) => e.file === file))
    expect(elsewhere.map(([file, errors]) => `${file === '' ? 'tsc' : relative(root, file)}: ${errors.join('\n')}`)).toEqual([])
  })

  for (const { example, asserts } of prepared) {
    it(`${example.where} type-checks, runs and holds`, async () => {
      const errors = (diagnostics.get(example.file) ?? []).map((d) => d.replace(/^line (\d+)/, (_, n: string) => `${example.source}:${example.firstLine + Number(n) - 1}`))
      expect(errors, `type errors in the example at ${example.where}`).toEqual([])
      await import(example.file)
      expect(asserts.filter((a) => !hits().has(a)), 'assertions that never ran').toEqual([])
    })
  }
})
