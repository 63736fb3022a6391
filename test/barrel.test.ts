import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Every module of the core must be re-exported by src/index.ts with
// `export * from './folder/module.js'`, so nothing is forgotten in the public API.

const srcDir = fileURLToPath(new URL('../src/', import.meta.url))

/** Folders that are not part of the main entry point. */
const excludedFolders = ['cli/', 'testing/']

/** Modules deliberately not re-exported, each with the reason. Paths are relative to src/. */
const allowlist: Readonly<Record<string, string>> = {
  // 'campaign/example.ts': 'why it is not part of the public API',
}

const modules = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
  .map((f) => f.split('\\').join('/'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .filter((f) => f !== 'index.ts')
  .filter((f) => !excludedFolders.some((d) => f.startsWith(d)))
  .filter((f) => !(f === 'internal.ts' || f.endsWith('/internal.ts')))
  .sort()

const indexText = readFileSync(`${srcDir}index.ts`, 'utf8')
const reExported = new Set(
  [...indexText.matchAll(/^\s*export\s+\*\s+from\s+['"]\.\/([^'"]+)['"]/gm)].map((m) => (m[1] ?? '').replace(/\.js$/, '.ts')),
)

describe('src/index.ts barrel', () => {
  it('finds modules to check', () => {
    expect(modules.length).toBeGreaterThan(0)
  })

  for (const file of modules) {
    it(`re-exports ${file}`, () => {
      if (Object.hasOwn(allowlist, file)) return
      expect(reExported.has(file), `src/index.ts does not contain: export * from './${file.replace(/\.ts$/, '.js')}'`).toBe(true)
    })
  }

  it('has no stale allowlist entries', () => {
    for (const file of Object.keys(allowlist)) expect(modules, `allowlisted ${file} does not exist`).toContain(file)
  })
})
