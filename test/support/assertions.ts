// The `expr // value` convention shared by the doctest (TSDoc examples) and
// the guides' test (README and docs/*.md code blocks): a statement followed by
// a literal comment is rewritten to `__assert(expr, value, 'where')`.
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
