// Size figures of the public API, as TypeScript users and the API docs see it.
// Run after `npm run build` and `npm run docs`. Prints every figure; exits 1
// with the failing figures unless ALL of these hold:
//
// 1. dist/index.d.ts and dist/index.d.cts are each at most 250 KB, and no
//    exported top-level declaration of the published .d.ts files (the entries
//    index, testing and testing-arbitraries, and the shared chunks they
//    import) is over 20 KB, comment included (TypeScript compiler API).
// 2. The typedoc pages (docs/api/) of the functions execute, decide and
//    decodeCommand and of the type Command are each at most 60 KB.
// 3. In a fresh consumer project (the packed tarball with fp-ts and io-ts,
//    skipLibCheck false), importing access-review-core adds at most 10,000
//    "Lines of Definitions" (tsc --extendedDiagnostics) over importing only
//    the fp-ts and io-ts modules our .d.ts files import (ESM and CJS).
// 4. In that project, the quick info (hover) of a decoded command, `cmd` in
//    `const r = decodeCommand({}); if (r._tag === 'Right') { const cmd = r.right }`,
//    is at most 200 characters and names the type Command.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { consumerCompilerOptions, consumerProject, pack, requireBuild, root, StepFailed, tsc } from './smoke.mjs'

export const limits = {
  indexDts: 256_000,
  declaration: 20_480,
  docPage: 61_440,
  definitionLines: 10_000,
  hover: 200,
}

const KB = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`
const fmt = (/** @type {number} */ n) => n.toLocaleString('en-US')

/** @type {string[]} */
const failures = []
/**
 * Prints a figure and records a failure when it is over its limit.
 * @param {string} what
 * @param {number} value
 * @param {number} limit
 * @param {string} unit
 */
const figure = (what, value, limit, unit) => {
  const ok = value <= limit
  const shown = unit === 'bytes' ? `${fmt(value)} bytes (${KB(value)})` : `${fmt(value)} ${unit}`
  const line = `${what}: ${shown}, limit ${fmt(limit)} ${unit}`
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${line}`)
  if (!ok) failures.push(line)
}

// -------------------------------------------------------------------------------------
// 1. declaration files
// -------------------------------------------------------------------------------------

/** The published entries whose declarations are measured, with the chunks they import. */
const dtsEntries = ['index.d.ts', 'index.d.cts', 'testing.d.ts', 'testing.d.cts', 'testing-arbitraries.d.ts', 'testing-arbitraries.d.cts']

/**
 * The declaration file a relative import of a .d.ts file points at.
 * @param {string} from the importing .d.ts file
 * @param {string} specifier
 */
const dtsOf = (from, specifier) => {
  const target = join(dirname(from), specifier)
  const candidates = /\.cjs$/.test(target)
    ? [target.replace(/\.cjs$/, '.d.cts')]
    : /\.mjs$/.test(target)
      ? [target.replace(/\.mjs$/, '.d.mts')]
      : /\.js$/.test(target)
        ? [target.replace(/\.js$/, '.d.ts')]
        : [`${target}.d.ts`, join(target, 'index.d.ts')]
  const found = candidates.find((c) => existsSync(c))
  if (found === undefined) throw new StepFailed(`${relative(root, from)} imports ${specifier}, which is not in dist/ (looked for ${candidates.map((c) => relative(root, c)).join(', ')})`)
  return found
}

/** Module specifiers of a source file: import/export declarations and import("...") types. */
const specifiersOf = (/** @type {ts.SourceFile} */ sf) => {
  /** @type {string[]} */
  const out = []
  /** @param {ts.Node} node */
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push(node.argument.literal.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return out
}

/** Names a top-level statement declares. */
const declaredNames = (/** @type {ts.Statement} */ s) => {
  if (ts.isVariableStatement(s)) return s.declarationList.declarations.map((d) => d.name.getText())
  const name = /** @type {{ name?: ts.Node }} */ (s).name
  return name !== undefined ? [name.getText()] : []
}

const kindOf = (/** @type {ts.Statement} */ s) =>
  ts.isVariableStatement(s) ? 'const'
  : ts.isTypeAliasDeclaration(s) ? 'type'
  : ts.isInterfaceDeclaration(s) ? 'interface'
  : ts.isFunctionDeclaration(s) ? 'function'
  : ts.isClassDeclaration(s) ? 'class'
  : ts.isEnumDeclaration(s) ? 'enum'
  : ts.isModuleDeclaration(s) ? 'namespace'
  : ts.SyntaxKind[s.kind]

/**
 * Loads the .d.ts files reachable from the entries by relative imports.
 * @returns {{ files: Map<string, ts.SourceFile>, externals: Map<string, Set<string>> }} externals: bare specifiers by entry
 */
const loadDeclarations = () => {
  /** @type {Map<string, ts.SourceFile>} */
  const files = new Map()
  /** @type {Map<string, Set<string>>} */
  const externals = new Map()
  for (const entry of dtsEntries) {
    const ext = new Set()
    const queue = [join(root, 'dist', entry)]
    const seen = new Set()
    while (queue.length > 0) {
      const file = /** @type {string} */ (queue.pop())
      if (seen.has(file)) continue
      seen.add(file)
      let sf = files.get(file)
      if (sf === undefined) {
        sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
        files.set(file, sf)
      }
      for (const spec of specifiersOf(sf)) {
        if (spec.startsWith('.')) queue.push(dtsOf(file, spec))
        else ext.add(spec)
      }
    }
    externals.set(entry, ext)
  }
  return { files, externals }
}

/**
 * The top-level declarations of a file, with their sizes and whether the file exports them.
 * @param {ts.SourceFile} sf
 */
const declarationsOf = (sf) => {
  const exported = new Set()
  for (const s of sf.statements) {
    if (ts.isExportDeclaration(s) && s.moduleSpecifier === undefined && s.exportClause !== undefined && ts.isNamedExports(s.exportClause)) {
      for (const e of s.exportClause.elements) exported.add((e.propertyName ?? e.name).getText())
    } else if (ts.isExportAssignment(s) && ts.isIdentifier(s.expression)) {
      exported.add(s.expression.text)
    }
  }
  return sf.statements
    .filter((s) => !ts.isImportDeclaration(s) && !ts.isExportDeclaration(s) && !ts.isExportAssignment(s) && !ts.isImportEqualsDeclaration(s))
    .map((s) => {
      const names = declaredNames(s)
      const hasExport = ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      return {
        file: relative(root, sf.fileName),
        name: names.join(', ') || '(anonymous)',
        kind: kindOf(s),
        exported: hasExport || names.some((n) => exported.has(n)),
        // the statement as written, its doc comment included
        bytes: Buffer.byteLength(s.getFullText(sf)),
        // without the leading comment and whitespace
        codeBytes: Buffer.byteLength(s.getText(sf)),
      }
    })
}

const checkDeclarations = () => {
  console.log('Declaration files (dist/):')
  for (const f of ['index.d.ts', 'index.d.cts']) figure(`dist/${f}`, statSync(join(root, 'dist', f)).size, limits.indexDts, 'bytes')
  const { files, externals } = loadDeclarations()
  for (const [file] of files) {
    const size = statSync(file).size
    const lines = readFileSync(file, 'utf8').split('\n').length
    if (!['index.d.ts', 'index.d.cts'].includes(basename(file))) console.log(`       ${relative(root, file)}: ${fmt(size)} bytes (${KB(size)}), ${fmt(lines)} lines`)
  }
  // The .d.ts and .d.cts copies of a declaration are one line of the report.
  /** @type {Map<string, { name: string, kind: string, bytes: number, codeBytes: number, exported: boolean, files: string[] }>} */
  const merged = new Map()
  for (const sf of files.values()) {
    for (const d of declarationsOf(sf)) {
      const family = d.file.replace(/\.d\.c?ts$/, '').replace(/-[A-Za-z0-9_-]{8}$/, '')
      const key = `${family}\0${d.name}\0${d.kind}\0${d.bytes}`
      const seen = merged.get(key)
      if (seen === undefined) merged.set(key, { ...d, files: [d.file] })
      else seen.files.push(d.file)
    }
  }
  const all = [...merged.values()].sort((a, b) => b.bytes - a.bytes)
  const exported = all.filter((d) => d.exported)
  const over = exported.filter((d) => d.bytes > limits.declaration)
  console.log(`  The 5 largest of ${fmt(exported.length)} exported declarations (limit ${fmt(limits.declaration)} bytes each; size with its doc comment, then without):`)
  for (const d of exported.slice(0, 5)) {
    console.log(`  ${d.bytes > limits.declaration ? 'FAIL' : 'ok  '} ${d.kind} ${d.name}: ${fmt(d.bytes)} bytes (${KB(d.bytes)}; ${fmt(d.codeBytes)} without the comment) in ${d.files.join(', ')}`)
  }
  figure('exported declarations over 20 KB', over.length, 0, 'declarations')
  if (over.length > 5) console.log(`       ...and ${over.length - 5} more over the limit: ${over.slice(5).map((d) => `${d.name} (${fmt(d.bytes)})`).join(', ')}`)
  const internalOver = all.filter((d) => !d.exported && d.bytes > limits.declaration)
  if (internalOver.length > 0) console.log(`       (not exported, not checked: ${internalOver.length} over 20 KB, the largest ${internalOver[0]?.name} at ${fmt(internalOver[0]?.bytes ?? 0)} bytes)`)
  return externals
}

// -------------------------------------------------------------------------------------
// 2. typedoc pages
// -------------------------------------------------------------------------------------

/** The pages to measure, by the title typedoc gives them: "Function execute", "Type Alias Command", ... */
const docTargets = [
  { label: 'function execute', title: /^Function execute\b/ },
  { label: 'function decide', title: /^Function decide\b/ },
  { label: 'function decodeCommand', title: /^Function decodeCommand\b/ },
  { label: 'type Command', title: /^(Type Alias|Interface) Command\b/ },
]

const htmlFiles = (/** @type {string} */ dir) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).map((f) => join(dir, f))

const checkDocs = () => {
  const docs = join(root, 'docs', 'api')
  console.log('API docs (docs/api/):')
  if (!existsSync(docs)) {
    failures.push('docs/api/ is missing: run `npm run docs` first')
    console.log('  FAIL docs/api/ is missing: run `npm run docs` first')
    return
  }
  const titled = htmlFiles(docs).map((file) => {
    const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(readFileSync(file, 'utf8'))?.[1] ?? ''
    const title = h1.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim()
    return { file, title }
  })
  for (const target of docTargets) {
    const pages = titled.filter((p) => target.title.test(p.title))
    if (pages.length === 0) {
      failures.push(`no typedoc page for the ${target.label} in docs/api/`)
      console.log(`  FAIL no typedoc page for the ${target.label} in docs/api/`)
    }
    for (const p of pages) figure(`${relative(root, p.file)} (${p.title})`, statSync(p.file).size, limits.docPage, 'bytes')
  }
}

// -------------------------------------------------------------------------------------
// 3. and 4. a consumer project
// -------------------------------------------------------------------------------------

/**
 * Runs `tsc --extendedDiagnostics` on one file; returns its "Lines of Definitions".
 * @param {string} proj
 * @param {string} file
 */
const definitionLines = (proj, file) => {
  const config = `tsconfig.${file}.json`
  writeFileSync(join(proj, config), JSON.stringify({ compilerOptions: { ...consumerCompilerOptions, module: 'node16', moduleResolution: 'node16' }, files: [file] }))
  const r = spawnSync(process.execPath, [tsc, '-p', config, '--extendedDiagnostics', '--pretty', 'false'], { cwd: proj, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 })
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`
  const lines = /^Lines of Definitions:\s+(\d+)/m.exec(out)?.[1]
  if (r.status !== 0 || lines === undefined) {
    const errors = out.split('\n').filter((l) => /error TS\d+/.test(l))
    throw new StepFailed(`tsc on the consumer file ${file} (exit ${r.status ?? r.signal}):\n${(errors.length > 0 ? errors : out.split('\n')).slice(0, 20).join('\n')}`)
  }
  const checkTime = /^Check time:\s+(\S+)/m.exec(out)?.[1]
  return { lines: Number(lines), checkTime }
}

/**
 * Lines of Definitions added by importing access-review-core, ESM (.mts -> index.d.ts) and CJS (.cts -> index.d.cts).
 * @param {string} proj
 * @param {Map<string, Set<string>>} externals
 */
const checkDefinitionLines = (proj, externals) => {
  console.log('Lines of Definitions in a consumer project (tsc --extendedDiagnostics, skipLibCheck false, node16):')
  for (const [ext, entry, importCore] of /** @type {const} */ ([
    ['mts', 'index.d.ts', "import * as core from 'access-review-core'"],
    ['cts', 'index.d.cts', "import core = require('access-review-core')"],
  ])) {
    // The baseline imports the fp-ts and io-ts modules our declarations import,
    // so that the difference is the lines of access-review-core alone.
    const peers = [...(externals.get(entry) ?? [])].sort()
    const unexpected = peers.filter((p) => !/^(fp-ts|io-ts)(\/|$)/.test(p))
    if (unexpected.length > 0) console.log(`       note: dist/${entry} also imports ${unexpected.join(', ')}`)
    const baseline = peers.map((p, i) => `import type * as peer${i} from '${p}'\nexport type Peer${i} = typeof peer${i}`).join('\n')
    writeFileSync(join(proj, `baseline.${ext}`), `${baseline}\nexport {}\n`)
    writeFileSync(join(proj, `core.${ext}`), `${baseline}\n${importCore}\nexport type Core = typeof core\n`)
    const base = definitionLines(proj, `baseline.${ext}`)
    const core = definitionLines(proj, `core.${ext}`)
    console.log(`       ${ext === 'mts' ? 'ESM' : 'CJS'}: importing ${peers.join(', ')}: ${fmt(base.lines)} lines (check ${base.checkTime}); with access-review-core: ${fmt(core.lines)} lines (check ${core.checkTime})`)
    figure(`Lines of Definitions added by access-review-core (${ext === 'mts' ? 'ESM, dist/index.d.ts' : 'CJS, dist/index.d.cts'})`, core.lines - base.lines, limits.definitionLines, 'lines')
  }
}

const hoverSource = `import { decodeCommand } from 'access-review-core'
const r = decodeCommand({})
if (r._tag === 'Right') { const cmd = r.right; void cmd }
`

/**
 * The quick info of `cmd` in hoverSource, from a language service over proj.
 * @param {string} proj
 * @param {string} source
 */
export const hoverOfCmd = (proj, source) => {
  const file = join(proj, 'hover.mts')
  writeFileSync(file, source)
  /** @type {ts.CompilerOptions} */
  const options = {
    strict: true, noEmit: true, skipLibCheck: false, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [],
    module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16,
  }
  /** @type {ts.LanguageServiceHost} */
  const host = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => (existsSync(f) ? ts.ScriptSnapshot.fromString(readFileSync(f, 'utf8')) : undefined),
    getCurrentDirectory: () => proj,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    realpath: ts.sys.realpath,
  }
  const service = ts.createLanguageService(host, ts.createDocumentRegistry())
  const errors = [...service.getSyntacticDiagnostics(file), ...service.getSemanticDiagnostics(file)]
  const at = source.indexOf('const cmd') + 'const '.length
  const info = service.getQuickInfoAtPosition(file, at)
  service.dispose()
  return {
    text: info === undefined ? '' : ts.displayPartsToString(info.displayParts),
    errors: errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  }
}

/**
 * Whether a quick info text passes: short, and the type shown is named Command.
 * @param {string} text
 */
export const hoverPasses = (text) => {
  const type = text.replace(/^[^:]*:\s*/, '')
  return { short: text.length <= limits.hover, named: /\bCommand\b/.test(type) }
}

const checkHover = (/** @type {string} */ proj) => {
  console.log('Hover of a decoded command (TS language service, node16 ESM):')
  const { text, errors } = hoverOfCmd(proj, hoverSource)
  if (errors.length > 0) console.log(`       note: the hover file has errors: ${errors.join('; ')}`)
  const shown = text.length > 600 ? `${text.slice(0, 600)}... (${fmt(text.length)} characters in all)` : text
  console.log(`       quick info of cmd: ${shown.replace(/\s*\n\s*/g, ' ')}`)
  const { short, named } = hoverPasses(text)
  figure('quick info of cmd', text.length, limits.hover, 'characters')
  if (!named) {
    failures.push('the quick info of cmd does not name the type Command')
    console.log('  FAIL the quick info of cmd does not name the type Command')
  } else {
    console.log('  ok   the quick info of cmd names the type Command')
  }
  return short && named
}

// -------------------------------------------------------------------------------------
// main
// -------------------------------------------------------------------------------------

const main = () => {
  const started = Date.now()
  requireBuild()
  const externals = checkDeclarations()
  checkDocs()
  const tmp = mkdtempSync(join(tmpdir(), 'access-review-core-figures-'))
  try {
    const { tarball } = pack(tmp)
    const proj = consumerProject(tmp, 'proj', tarball, ['fp-ts', 'io-ts'])
    checkDefinitionLines(proj, externals)
    checkHover(proj)
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  const took = `${((Date.now() - started) / 1000).toFixed(1)}s`
  if (failures.length > 0) {
    console.error(`figures: FAILED (${failures.length}) in ${took}:\n${failures.map((f) => `  - ${f}`).join('\n')}`)
    process.exit(1)
  }
  console.log(`figures: OK in ${took}`)
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main()
  } catch (e) {
    console.error(`figures: FAILED: ${e instanceof StepFailed ? e.message : String(e instanceof Error ? e.stack : e)}`)
    process.exit(1)
  }
}
