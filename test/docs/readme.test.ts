// The README and the guides in docs/*.md are tested, so they cannot rot.
//
// 1. Every ```ts block of README.md and docs/*.md becomes a module under
//    .tmp/docs-md/, its imports from 'access-review-core',
//    'access-review-core/testing' and 'access-review-core/testing/arbitraries'
//    pointed at src, and its imports from 'vitest' at a small stand-in whose
//    `describe`/`it` collect the tests (run in order after the import) and
//    whose `expect` is vitest's.
// 2. All modules are type-checked by ONE tsc run with the repository's
//    compiler options.
// 3. Each module is imported, which runs it (top-level await allowed), then
//    the tests it declared run in order: a throw fails its test. A block
//    fenced ```ts no-run is type-checked only (keep that rare).
// 4. As in the TSDoc doctest (test/docs/examples.test.ts), a statement
//    followed by a literal comment, `expr // value` with value a number,
//    string, boolean, null, undefined, or an array or object of those, is an
//    assertion of deep strict equality that must hold and must run.
//
// It also checks the promises the README makes about itself: the two-line
// quick start, a link to every guide, no mention of a specification readers
// do not have, and every guide being a page of the API site (typedoc.json).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'

const root = join(__dirname, '..', '..')
const outDir = join(root, '.tmp', 'docs-md')

/** Lines the generated module has before the block's first line. */
const HEADER_LINES = 2

/** README.md and the guides (docs/*.md; docs/api is generated). */
const guides = (): ReadonlyArray<string> =>
  readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`)
const markdownFiles = (): ReadonlyArray<string> => ['README.md', ...guides()]
const read = (file: string): string => readFileSync(join(root, file), 'utf8')

// -------------------------------------------------------------------------------------
// extraction
// -------------------------------------------------------------------------------------

interface Block {
  /** `README.md:LINE`, the line of the opening fence. */
  readonly where: string
  readonly source: string
  /** The 1-based line of the block's first code line. */
  readonly firstLine: number
  readonly lang: string
  readonly flags: ReadonlyArray<string>
  readonly code: string
  readonly file: string
}

/** Every fenced block of a markdown file (``` fences, not indented). */
const blocksOf = (source: string): ReadonlyArray<Block> => {
  const lines = read(source).split('\n')
  const out: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i] ?? '')
    if (open === null) continue
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length && !/^```\s*$/.test(lines[j] ?? ''); j++) body.push(lines[j] ?? '')
    const name = `${source.replace(/\.md$/, '').split('/').join('__')}__L${i + 1}`
    out.push({
      where: `${source}:${i + 1}`,
      source,
      firstLine: i + 2,
      lang: open[1] ?? '',
      flags: (open[2] ?? '').split(/\s+/).filter((f) => f !== ''),
      code: body.join('\n'),
      file: join(outDir, `${name}.ts`),
    })
    i = j
  }
  return out
}

const isTypeScript = (b: Block): boolean => ['ts', 'typescript', 'tsx', 'mts', 'cts'].includes(b.lang)

// -------------------------------------------------------------------------------------
// assertions (the convention of test/docs/examples.test.ts)
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
  return text
}

/** Rewrites each `expr // value` statement into `__assert(expr, value, 'where')`; returns the code and the assertion ids. */
const withAssertions = (block: Block): { readonly code: string; readonly asserts: ReadonlyArray<string> } => {
  const code = block.code
  const sf = ts.createSourceFile('block.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const edits: Array<{ readonly start: number; readonly end: number; readonly text: string; readonly id: string }> = []
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node)) {
      const comment = (ts.getTrailingCommentRanges(code, node.end) ?? []).find((r) => r.kind === ts.SyntaxKind.SingleLineCommentTrivia)
      const value = comment === undefined ? undefined : literalValue(code.slice(comment.pos + 2, comment.end))
      if (value !== undefined) {
        const line = block.firstLine + sf.getLineAndCharacterOfPosition(node.getStart(sf)).line
        const id = `${block.source}:${line}`
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

// -------------------------------------------------------------------------------------
// generated modules
// -------------------------------------------------------------------------------------

const ASSERT_MODULE = `// Generated by test/docs/readme.test.ts.
import { inspect, isDeepStrictEqual } from 'node:util'

const hits: Set<string> = ((globalThis as { __docsMdHits?: Set<string> }).__docsMdHits ??= new Set<string>())

export const __assert = (actual: unknown, expected: unknown, where: string): void => {
  hits.add(where)
  if (!isDeepStrictEqual(actual, expected)) throw new Error(\`\${where}: the example says \${inspect(expected, { depth: 8 })}, the code gives \${inspect(actual, { depth: 8 })}\`)
}
`

/** What a block imports from 'vitest': tests are collected, then run in order by the harness. */
const VITEST_MODULE = `// Generated by test/docs/readme.test.ts: the 'vitest' of the examples.
export { expect } from 'vitest'

type Collected = Array<{ readonly name: string; readonly body: () => unknown }>
const collected = (): Collected => ((globalThis as { __docsMdTests?: Collected }).__docsMdTests ??= [])
const prefix: string[] = []

export const describe = (name: string, body: () => void): void => {
  prefix.push(name)
  try {
    body()
  } finally {
    prefix.pop()
  }
}

export const it = (name: string, body: () => unknown): void => {
  collected().push({ name: [...prefix, name].join(' > '), body })
}

export const test = it
`

const moduleText = (block: Block, code: string): string =>
  [
    `// ${block.where} (generated by test/docs/readme.test.ts)`,
    `import { __assert } from './__assert.js'`,
    code
      .replace(/from (['"])access-review-core\/testing\/arbitraries\1/g, "from '../../src/testing/arbitraries.js'")
      .replace(/from (['"])access-review-core\/testing\/scenarios\1/g, "from '../../src/testing/scenarios.js'")
      .replace(/from (['"])access-review-core\/testing\1/g, "from '../../src/testing/index.js'")
      .replace(/from (['"])access-review-core\1/g, "from '../../src/index.js'")
      .replace(/from (['"])vitest\1/g, "from './__vitest.js'"),
    'export {}',
    '',
  ].join('\n')

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

const blocks = markdownFiles().flatMap(blocksOf)
const examples = blocks.filter(isTypeScript)
const prepared = examples.map((b) => ({ block: b, ...withAssertions(b) }))
let diagnostics: ReadonlyMap<string, ReadonlyArray<string>> = new Map()

const hits = (): Set<string> => ((globalThis as { __docsMdHits?: Set<string> }).__docsMdHits ??= new Set<string>())
const collected = (): Array<{ readonly name: string; readonly body: () => unknown }> =>
  ((globalThis as { __docsMdTests?: Array<{ readonly name: string; readonly body: () => unknown }> }).__docsMdTests ??= [])

beforeAll(() => {
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, '__assert.ts'), ASSERT_MODULE)
  writeFileSync(join(outDir, '__vitest.ts'), VITEST_MODULE)
  for (const p of prepared) writeFileSync(p.block.file, moduleText(p.block, p.code))
  diagnostics = typeCheck()
})

/** The text of a `## heading` section of the README, up to the next `## `. */
const section = (text: string, heading: string): string => {
  const start = text.indexOf(`\n## ${heading}\n`)
  if (start < 0) return ''
  const next = text.indexOf('\n## ', start + 1)
  return text.slice(start, next < 0 ? undefined : next)
}

/** Relative link targets of a markdown file: `[text](target)`, without `#anchor`. */
const relativeLinks = (file: string): ReadonlyArray<string> =>
  [...read(file).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0] ?? '')

describe('README', () => {
  const text = read('README.md')

  it('has the two-command quick start, the second one the check of everything', () => {
    const quickStart = section(text, 'Quick start')
    const commands = quickStart.split('\n').filter((l) => /^\s*(npm|npx|node|git|pnpm|yarn)\b/.test(l))
    expect(commands).toEqual(['npm ci && npm run demo', 'npm ci && npm test'])
  })

  it('links every guide of docs/', () => {
    const links = new Set(relativeLinks('README.md'))
    expect(guides().filter((g) => !links.has(g))).toEqual([])
  })

  it('mentions both test entry points', () => {
    expect(text).toContain('access-review-core/testing`')
    expect(text).toContain('access-review-core/testing/arbitraries')
  })
})

describe('README and guides', () => {
  it('never refer to a specification the reader does not have', () => {
    const offending = markdownFiles().flatMap((f) =>
      read(f)
        .split('\n')
        .flatMap((line, i) => (/\bspec\b|\bspecification\b|\bSPEC\b|§/i.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    )
    expect(offending).toEqual([])
  })

  it('link only to files that exist', () => {
    const broken = markdownFiles().flatMap((f) =>
      relativeLinks(f)
        .filter((target) => target !== '' && !existsSync(join(root, dirname(f), decodeURIComponent(target))))
        .map((target) => `${f}: ${target}`),
    )
    expect(broken).toEqual([])
  })

  it('are the pages of the API site: README the landing page, every guide a project document', () => {
    const config = JSON.parse(read('typedoc.json')) as { readme?: string; projectDocuments?: ReadonlyArray<string> }
    expect(config.readme).toBe('README.md')
    expect([...(config.projectDocuments ?? [])].sort()).toEqual([...guides()].sort())
  })
})

describe('TypeScript examples of the README and the guides', () => {
  it('are fenced as ```ts, and no-run is rare', () => {
    expect(examples.filter((b) => b.lang !== 'ts').map((b) => `${b.where}: \`\`\`${b.lang}`)).toEqual([])
    expect(examples.flatMap((b) => b.flags.filter((f) => f !== 'no-run').map((f) => `${b.where}: unknown flag ${f}`))).toEqual([])
    expect(examples.filter((b) => b.flags.includes('no-run')).length).toBeLessThanOrEqual(2)
  })

  it('include the README example and carry assertions', () => {
    expect(examples.filter((b) => b.source === 'README.md').length).toBeGreaterThanOrEqual(3)
    expect(prepared.flatMap((p) => p.asserts).length).toBeGreaterThan(10)
  })

  it('type-check with no error outside the examples', () => {
    const elsewhere = [...diagnostics].filter(([file]) => !examples.some((b) => b.file === file))
    expect(elsewhere.map(([file, errors]) => `${file === '' ? 'tsc' : relative(root, file)}: ${errors.join('\n')}`)).toEqual([])
  })

  for (const { block, asserts } of prepared) {
    const runs = !block.flags.includes('no-run')
    it(`${block.where} type-checks${runs ? ', runs and holds' : ''}`, async () => {
      const errors = (diagnostics.get(block.file) ?? []).map((d) => d.replace(/^line (\d+)/, (_, n: string) => `${block.source}:${block.firstLine + Number(n) - 1}`))
      expect(errors, `type errors in the example at ${block.where}`).toEqual([])
      if (!runs) return
      collected().length = 0
      await import(block.file)
      const tests = collected().splice(0)
      if (/\b(it|test)\(/.test(block.code)) expect(tests.length, `tests the example at ${block.where} declares`).toBeGreaterThan(0)
      for (const t of tests) {
        try {
          await t.body()
        } catch (e) {
          throw new Error(`${block.where}: the example's test "${t.name}" failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
        }
      }
      expect(asserts.filter((a) => !hits().has(a)), 'assertions that never ran').toEqual([])
    })
  }
})
