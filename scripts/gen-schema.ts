// Writes docs/scenario.schema.json, the JSON Schema of scenario files,
// generated from the codecs (src/scenario/schema.ts). Run: npx tsx scripts/gen-schema.ts
// With --check it only compares and exits 1 when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { scenarioJsonSchema } from '../src/index.js'

const target = fileURLToPath(new URL('../docs/scenario.schema.json', import.meta.url))
const r = scenarioJsonSchema()
if (r._tag === 'Left') {
  console.error(`gen-schema: cannot describe these codecs: ${r.left.join(', ')}`)
  process.exit(1)
}
const text = `${JSON.stringify(r.right, null, 2)}\n`
if (process.argv.includes('--check')) {
  let current = ''
  try {
    current = readFileSync(target, 'utf8')
  } catch {
    current = ''
  }
  if (current !== text) {
    console.error('gen-schema: docs/scenario.schema.json is stale; run npx tsx scripts/gen-schema.ts')
    process.exit(1)
  }
  console.log('gen-schema: docs/scenario.schema.json is up to date')
} else {
  writeFileSync(target, text)
  console.log(`gen-schema: wrote ${target}`)
}
