// The README's example is run as a test, so the front page cannot rot.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..', '..')

describe('README', () => {
  it('has the two-command quick start', () => {
    const text = readFileSync(join(root, 'README.md'), 'utf8')
    expect(text).toContain('npm ci && npm run demo')
    expect(text).toContain('npm ci && npm test')
  })

  it('runs the create → publish → decide → complete example', async () => {
    const text = readFileSync(join(root, 'README.md'), 'utf8')
    const block = /```ts\n([\s\S]*?)```/.exec(text)?.[1]
    expect(block).toBeDefined()
    const code = `${(block ?? '').replace("from 'access-review-core'", "from '../src/index.js'")}\nexport const result = state\n`
    mkdirSync(join(root, '.tmp'), { recursive: true })
    const file = join(root, '.tmp', 'readme-example.ts')
    writeFileSync(file, code)
    const mod = (await import(file)) as { result: { campaign: { status: string; completion?: { plan: ReadonlyArray<{ itemId: string; reason: string }> } } } }
    expect(mod.result.campaign.status).toBe('completed')
    expect(mod.result.campaign.completion?.plan).toEqual([expect.objectContaining({ itemId: 'i1', reason: 'revoked' })])
  })
})
