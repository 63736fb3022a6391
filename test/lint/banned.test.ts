import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// Guards the lint rules themselves: if a banned API stops being reported
// (a config refactor, a selector typo), this test fails.

const root = fileURLToPath(new URL('../..', import.meta.url))
const eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.js') })

const lint = async (code: string, filePath: string): Promise<ReadonlyArray<string>> => {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) })
  if (result === undefined) throw new Error('no lint result')
  return result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message)
}

const banned: ReadonlyArray<readonly [string, string, string]> = [
  ['Date.now()', 'export const f = (): number => Date.now()\n', 'no-restricted-syntax'],
  ['new Date()', 'export const f = (): Date => new Date()\n', 'no-restricted-syntax'],
  ['new Date(x)', 'export const f = (x: number): Date => new Date(x)\n', 'no-restricted-syntax'],
  ['Math.random()', 'export const f = (): number => Math.random()\n', 'no-restricted-syntax'],
  ['DateTime.now()', "import { DateTime } from 'luxon'\nexport const f = (): DateTime => DateTime.now()\n", 'no-restricted-syntax'],
  ['DateTime.local()', "import { DateTime } from 'luxon'\nexport const f = (): DateTime => DateTime.local()\n", 'no-restricted-syntax'],
  ['performance.now()', 'export const f = (): number => performance.now()\n', 'no-restricted-syntax'],
  ['process.env', "export const f = (): string | undefined => process.env['TZ']\n", 'no-restricted-syntax'],
  ['Settings.defaultZone =', "import { Settings } from 'luxon'\nSettings.defaultZone = 'UTC'\n", 'no-restricted-syntax'],
  ['Settings.now =', "import { Settings } from 'luxon'\nSettings.now = () => 0\n", 'no-restricted-syntax'],
  ["import 'fs'", "import { readFileSync } from 'fs'\nexport const f = (): string => readFileSync('x', 'utf8')\n", 'no-restricted-imports'],
  ["import 'node:fs'", "import { readFileSync } from 'node:fs'\nexport const f = (): string => readFileSync('x', 'utf8')\n", 'no-restricted-imports'],
  ["import 'node:crypto'", "import { randomUUID } from 'node:crypto'\nexport const f = (): string => randomUUID()\n", 'no-restricted-imports'],
  ["import 'path'", "import { join } from 'path'\nexport const f = (): string => join('a', 'b')\n", 'no-restricted-imports'],
  ["import('node:fs')", "export const f = async (): Promise<unknown> => import('node:fs')\n", 'no-restricted-syntax'],
]

describe('banned APIs in the pure core', () => {
  for (const [name, code, rule] of banned) {
    it(`reports ${name} under src/campaign/`, async () => {
      expect(await lint(code, 'src/campaign/banned-fixture.ts')).toContain(rule)
    })
    it(`allows ${name} under src/service/`, async () => {
      expect(await lint(code, 'src/service/banned-fixture.ts')).toEqual([])
    })
  }

  it('allows pure code under src/campaign/', async () => {
    expect(await lint("import { DateTime } from 'luxon'\nexport const f = (ms: number): number => DateTime.fromMillis(ms).toMillis() + Date.UTC(2025, 0, 1)\n", 'src/campaign/ok-fixture.ts')).toEqual([])
  })

  it('reports an explicit any in src/', async () => {
    expect(await lint('export const f = (x: any): unknown => x\n', 'src/campaign/any-fixture.ts')).toContain('@typescript-eslint/no-explicit-any')
  })
})

describe('banned APIs in tests (R37)', () => {
  it('reports Math.random() and Date.now() under test/', async () => {
    const rules = await lint('export const a = Math.random()\nexport const b = Date.now()\n', 'test/banned-fixture.test.ts')
    expect(rules.filter((r) => r === 'no-restricted-syntax')).toHaveLength(2)
  })
})

describe('layering', () => {
  const cases: ReadonlyArray<readonly [string, string, boolean]> = [
    ['src/schedule/x.ts', "export * from '../review/model.js'\n", true],
    ['src/schedule/x.ts', "export * from '../campaign/model.js'\n", true],
    ['src/schedule/x.ts', "export * from '../shared/codec.js'\n", false],
    ['src/review/x.ts', "export * from '../campaign/model.js'\n", true],
    ['src/review/x.ts', "export * from '../schedule/time.js'\n", false],
    ['src/shared/x.ts', "export * from '../schedule/time.js'\n", true],
    ['src/shared/x.ts', "export * from './codec.js'\n", false],
    ['src/campaign/x.ts', "export * from '../review/model.js'\n", false],
  ]
  for (const [file, code, reported] of cases) {
    it(`${reported ? 'reports' : 'allows'} ${code.trim()} in ${file}`, async () => {
      const rules = await lint(code, file)
      if (reported) expect(rules).toContain('no-restricted-imports')
      else expect(rules).toEqual([])
    })
  }

  it('still bans Node built-ins in a layered folder', async () => {
    expect(await lint("export * from 'node:fs'\n", 'src/schedule/x.ts')).toContain('no-restricted-imports')
  })
})

describe('no casts to branded types in src (R23)', () => {
  const cast = "import type { UserId } from '../shared/ids.js'\nexport const f = (s: string): UserId => s as UserId\n"
  const castInstant = "import type { Instant } from '../schedule/time.js'\nexport const f = (n: number): Instant => n as Instant\n"

  it('reports `as UserId` and `as Instant` in the core and in the shell', async () => {
    expect(await lint(cast, 'src/campaign/brand-fixture.ts')).toContain('no-restricted-syntax')
    expect(await lint(castInstant, 'src/review/brand-fixture.ts')).toContain('no-restricted-syntax')
    expect(await lint(cast, 'src/cli/brand-fixture.ts')).toContain('no-restricted-syntax')
  })

  it('allows them where the brands are defined, and allows casts to other types', async () => {
    expect(await lint(castInstant, 'src/schedule/time.ts')).toEqual([])
    expect(await lint('export const f = (s: unknown): string => s as string\n', 'src/campaign/brand-fixture.ts')).toEqual([])
  })

  it('does not apply to tests, which build fixtures freely', async () => {
    expect(await lint(cast.replace('../shared', '../../src/shared'), 'test/campaign/brand-fixture.test.ts')).toEqual([])
  })
})

describe('no spread argument in src (issue 8, item 2: a large array overflows the stack)', () => {
  const spreads: ReadonlyArray<readonly [string, string]> = [
    ['xs.push(...ys)', 'export const f = (xs: number[], ys: number[]): void => {\n  xs.push(...ys)\n}\n'],
    ['Math.min(...xs)', 'export const f = (xs: number[]): number => Math.min(...xs)\n'],
    ['Math.max(a, ...xs)', 'export const f = (a: number, xs: number[]): number => Math.max(a, ...xs)\n'],
    ['xs.concat(...yss)', 'export const f = (xs: number[], yss: number[][]): number[] => xs.concat(...yss)\n'],
    ['xs.unshift(...ys)', 'export const f = (xs: number[], ys: number[]): number => xs.unshift(...ys)\n'],
    ['new Array(...xs)', 'export const f = (xs: number[]): number[] => new Array<number>(...xs)\n'],
    ['f.apply(null, xs)', 'export const f = (xs: number[]): number => Math.max.apply(null, xs)\n'],
    ['Reflect.apply', 'export const f = (xs: number[]): number => Reflect.apply(Math.max, null, xs) as number\n'],
  ]
  for (const [name, code] of spreads) {
    for (const file of ['src/campaign/spread-fixture.ts', 'src/cli/spread-fixture.ts', 'src/service/spread-fixture.ts', 'src/schedule/time.ts']) {
      it(`reports ${name} in ${file}`, async () => {
        expect(await lint(code, file)).toContain('no-restricted-syntax')
      })
    }
  }

  it('allows spreads that are not call arguments, and spreads in tests', async () => {
    const ok = 'export const f = (xs: number[], o: { a: number }): unknown => [new Set([...xs]), [...xs, 1], { ...o, b: 2 }]\n'
    expect(await lint(ok, 'src/campaign/spread-fixture.ts')).toEqual([])
    expect(await lint('export const f = (xs: number[]): number => Math.max(...xs)\n', 'test/campaign/spread-fixture.test.ts')).toEqual([])
  })

  it('exempts src/testing/ (fast-check arbitraries over small fixed casts: fc.constantFrom(...cast))', async () => {
    expect(await lint('export const f = (xs: number[]): number => Math.max(...xs)\n', 'src/testing/spread-fixture.ts')).toEqual([])
    // the rest of the core's rules still hold there
    expect(await lint('export const f = (): number => Date.now()\n', 'src/testing/spread-fixture.ts')).toContain('no-restricted-syntax')
  })
})
