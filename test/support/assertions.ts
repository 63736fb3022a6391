// The doctest machinery shared by the TSDoc examples' test and the guides'
// test: the `expr // value` convention shared by the doctest (TSDoc examples) and
// the guides' test (README and docs/*.md code blocks): a statement followed by
// a literal comment is rewritten to `__assert(expr, value, 'where')`.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'

/** A value built only from literals: the right-hand side of `expr // value`. */
export const isLiteral = (n: ts.Expression): boolean => {
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

/** A piece of example code and where it stands (for the assertion ids). */
export interface ExampleCode {
  readonly code: string
  /** The 1-based source line of the code's first line. */
  readonly firstLine: number
  /** The file it comes from, e.g. `src/x.ts` or `README.md`. */
  readonly source: string
}

/** Rewrites each `expr // value` statement into `__assert(expr, value, 'where')`; returns the code and the assertion ids. */
export const withAssertions = (
  example: ExampleCode,
  literalValue: (comment: string) => string | undefined,
): { readonly code: string; readonly asserts: ReadonlyArray<string> } => {
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

/** Points the package's import specifiers of an example at the sources (a generated module lives two folders below the root). */
export const toSourceImports = (code: string): string =>
  code
    .replace(/from (['"])access-review-core\/testing\/arbitraries\1/g, "from '../../src/testing/arbitraries.js'")
    .replace(/from (['"])access-review-core\/testing\/scenarios\1/g, "from '../../src/testing/scenarios.js'")
    .replace(/from (['"])access-review-core\/postgres\1/g, "from '../../src/postgres/index.js'")
    .replace(/from (['"])access-review-core\/testing\1/g, "from '../../src/testing/index.js'")
    .replace(/from (['"])access-review-core\1/g, "from '../../src/index.js'")

/**
 * One tsc run over every generated module of `outDir` (with the repository's
 * compiler options): the diagnostics by file, lines counted from the
 * example's first line (`headerLines` generated lines come before it); the
 * key '' holds those elsewhere.
 */
export const typeCheck = (root: string, outDir: string, headerLines: number): ReadonlyMap<string, ReadonlyArray<string>> => {
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
    if (m !== null) last = add(join(root, m[1] ?? ''), `line ${Number(m[2]) - headerLines}: ${m[4] ?? ''}`)
    else if (/^\s/.test(line) && last !== undefined) last.push(line)
    else if (line.trim() !== '') last = add('', line)
  }
  if (run.status !== 0 && out.size === 0) out.set('', [`tsc exited with ${String(run.status)}`])
  return out
}
