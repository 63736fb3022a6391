// LIBRARY_VERSION (written into evidence reports) is the package's version.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LIBRARY_VERSION } from '../../src/shared/version.js'

describe('LIBRARY_VERSION', () => {
  it('equals the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(LIBRARY_VERSION).toBe(pkg.version)
  })
})
