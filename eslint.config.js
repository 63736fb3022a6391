// @ts-check
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// ---------------------------------------------------------------------------
// The pure core (src/** except src/service/** and src/cli/**) must not read
// the clock, randomness, the environment or the file system, and must not
// change luxon's global Settings.
// ---------------------------------------------------------------------------

const impureSyntax = [
  { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Date.now() is banned in the core: take the time as an argument.' },
  { selector: "NewExpression[callee.name='Date']", message: 'new Date(...) is banned in the core: use Instant from src/schedule/time.ts.' },
  { selector: "CallExpression[callee.name='Date']", message: 'Date() is banned in the core: take the time as an argument.' },
  { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Math.random() is banned in the core: randomness must be passed in.' },
  { selector: "MemberExpression[object.name='DateTime'][property.name=/^(now|local)$/]", message: 'DateTime.now()/DateTime.local() is banned in the core: take the time as an argument.' },
  { selector: "MemberExpression[object.name='performance'][property.name='now']", message: 'performance.now() is banned in the core.' },
  { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'process.env is banned in the core: pass configuration in.' },
  { selector: "MemberExpression[object.name='globalThis'][property.name=/^(process|performance)$/]", message: 'globalThis.process/performance is banned in the core.' },
  { selector: "AssignmentExpression > MemberExpression.left[object.name='Settings']", message: "Assigning luxon's global Settings is banned in the core." },
  { selector: "AssignmentExpression > MemberExpression.left[object.object.name='Settings']", message: "Assigning luxon's global Settings is banned in the core." },
  { selector: "CallExpression[callee.object.name='Object'][callee.property.name='assign'][arguments.0.name='Settings']", message: "Changing luxon's global Settings is banned in the core." },
  { selector: "ImportExpression[source.value=/^(node:|fs$|fs\\u002F)/]", message: 'Node built-in modules are banned in the core.' },
]

// R23: a branded id or instant is made by its codec or smart constructor,
// never by a cast, so `x as UserId` is refused everywhere in src/ except the
// two modules that define the brands.
const brandCast = {
  selector:
    "TSAsExpression > TSTypeReference.typeAnnotation > Identifier.typeName[name=/^(CampaignId|UserId|SubjectId|ItemId|ApplicationId|ResourceId|CommandId|Instant|TimeZone)$/]",
  message: 'Casting to a branded type is banned in src (R23): decode it or use its smart constructor (instantOfMillis, parseInstant, ...).',
}
const brandHomes = ['src/shared/ids.ts', 'src/schedule/time.ts']

// Issue 8, item 2: a spread argument (`xs.push(...ys)`, `Math.max(...xs)`,
// `xs.concat(...yss)`, `new F(...xs)`) or an argument list from an array
// (`f.apply(null, xs)`, `Reflect.apply`) puts every element on the call stack
// and throws a RangeError past ~100k elements, so src/ has none: use a loop.
// A spread inside an array or object literal (`new Set([...xs])`, `{ ...o }`)
// is not a call argument and stays allowed.
const spreadArgument = {
  selector: 'CallExpression > SpreadElement, NewExpression > SpreadElement',
  message: 'A spread argument f(...xs) overflows the stack for a large array (issue 8): use a loop (for (const x of xs) out.push(x)).',
}
const applyCall = {
  selector: "CallExpression > MemberExpression.callee[property.name='apply']",
  message: 'f.apply(this, xs) / Reflect.apply overflow the stack for a large array (issue 8): use a loop.',
}
// Exempt from spreadArgument: src/testing/ (fast-check arbitraries, whose API
// is variadic — fc.constantFrom(...cast) — over small fixed casts) and, until
// their owners replace their `errors.push(...r.left)` with loops, two
// decoders. Remove an entry here once its file lints clean without it.
const spreadExempt = ['src/testing/**']

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'))
const nodeBuiltinImports = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'Node built-in modules are banned in the core.' })),
  patterns: [{ group: ['node:*', 'fs/*'], message: 'Node built-in modules are banned in the core.' }],
}

/**
 * `no-restricted-imports` options for a core folder: Node built-ins plus the
 * folder's layering rule. (A later config object replaces a rule's options
 * instead of merging them, so every folder gets the full list.)
 * @param {Array<{ group: string[], message: string }>} layering
 */
const coreImports = (layering = []) => [
  'error',
  { paths: nodeBuiltinImports.paths, patterns: [...nodeBuiltinImports.patterns, ...layering] },
]

const corePure = ['src/**/*.ts']
// access-review-core/testing/scenarios reads scenario files for test runners
// (docs/decisions.md, D13): like the CLI, whose file helpers it uses, it may
// import Node built-ins. It is its own entry, so access-review-core/testing
// stays free of them.
const nodeTesting = ['src/testing/scenarios.ts']
// access-review-core/postgres is an adapter (like the in-memory store, but
// over a database): it does I/O by definition, reads its migrations/ files
// and checksums them, so it is shell, not core (issue 13).
const postgresAdapter = ['src/postgres/**']
const coreShell = ['src/service/**', 'src/cli/**', ...nodeTesting, ...postgresAdapter]

export default tseslint.config(
  { ignores: ['dist/**', 'docs/**', 'coverage/**', 'node_modules/**', '.tmp/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JavaScript files here (this config, scripts/*.mjs) run on Node.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  // (a) purity of the core
  {
    files: corePure,
    ignores: coreShell,
    rules: {
      'no-restricted-syntax': ['error', ...impureSyntax, brandCast, spreadArgument, applyCall],
      'no-restricted-imports': coreImports(),
    },
  },
  { files: coreShell, rules: { 'no-restricted-syntax': ['error', brandCast, spreadArgument, applyCall] } },
  { files: brandHomes, rules: { 'no-restricted-syntax': ['error', ...impureSyntax, spreadArgument, applyCall] } },
  // (every spreadExempt file is in the pure core, outside coreShell and brandHomes)
  { files: spreadExempt, rules: { 'no-restricted-syntax': ['error', ...impureSyntax, brandCast, applyCall] } },
  // (c) layering
  {
    files: ['src/schedule/**/*.ts'],
    rules: {
      'no-restricted-imports': coreImports([
        { group: ['**/review', '**/review/**', '**/campaign', '**/campaign/**'], message: 'src/schedule must not depend on src/review or src/campaign.' },
      ]),
    },
  },
  {
    files: ['src/review/**/*.ts'],
    rules: {
      'no-restricted-imports': coreImports([
        { group: ['**/campaign', '**/campaign/**'], message: 'src/review must not depend on src/campaign.' },
      ]),
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': coreImports([
        { group: ['../*', '../**'], message: 'src/shared must not import from other src folders.' },
      ]),
    },
  },
  // (b) tests must be deterministic too (R37)
  {
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Math.random() is banned in tests (R37): use fast-check or a fixed seed.' },
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Date.now() is banned in tests (R37): use fixed instants.' },
      ],
    },
  },
)
