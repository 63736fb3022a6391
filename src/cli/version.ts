/**
 * The version of access-review-core, for `access-review --version`: read at
 * run time from the package's own package.json, found by walking up from
 * this module (src/cli/ when run from source, dist/ when bundled).
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const packageName = 'access-review-core'
// A semantic version (with an optional pre-release and build), nothing else.
const semver = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/
const maxDepth = 64

const readJson = (path: string): unknown => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}

const field = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null && !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined

/**
 * The `version` of the nearest package.json named access-review-core above
 * `from` (a file URL), or `undefined` when there is none or its
 * version is not a semantic version. Never throws.
 */
export const packageVersion = (from: string | URL = import.meta.url): string | undefined => {
  try {
    let dir = dirname(fileURLToPath(from))
    for (let depth = 0; depth < maxDepth; depth++) {
      const pkg = readJson(join(dir, 'package.json'))
      if (field(pkg, 'name') === packageName) {
        const version = field(pkg, 'version')
        return typeof version === 'string' && version.length <= 256 && semver.test(version) ? version : undefined
      }
      const parent = dirname(dir)
      if (parent === dir) return undefined
      dir = parent
    }
    return undefined
  } catch {
    return undefined
  }
}
