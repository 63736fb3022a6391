import { existsSync } from 'node:fs'
import { defineConfig, type Options } from 'tsup'

/** The packages the builds import rather than bundle (the CLI bundle of the tests too: test/support/cli-bundle.ts). */
export const external = ['fp-ts', 'io-ts', 'luxon', 'yaml', 'fast-check', 'canonicalize', 'pg', '@electric-sql/pglite']

const shared = {
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: false,
  target: 'node20',
  external,
} satisfies Options

// The CLI is added later; it is built only when its entry exists.
const cliEntry = 'src/cli/main.ts'

export default defineConfig([
  {
    ...shared,
    // access-review-core/testing must load without fast-check (an optional
    // peer): its arbitraries are a separate entry, access-review-core/testing/arbitraries.
    entry: {
      index: 'src/index.ts',
      testing: 'src/testing/index.ts',
      'testing-arbitraries': 'src/testing/arbitraries.ts',
      // Node only: it reads scenario files for test runners (docs/decisions.md, D13)
      'testing-scenarios': 'src/testing/scenarios.ts',
      // Node only: a CampaignStore over PostgreSQL; reads the package's migrations/ (issue 13)
      postgres: 'src/postgres/index.ts',
    },
    // import.meta.url in the CommonJS build (src/postgres/schema.ts finds migrations/ with it)
    shims: true,
    // Both configs write to dist/ in parallel: never delete the CLI's output here.
    clean: ['!cli.js'],
  },
  ...(existsSync(cliEntry)
    ? [
        {
          ...shared,
          entry: { cli: cliEntry },
          format: ['esm'],
          dts: false,
          clean: false,
          banner: { js: '#!/usr/bin/env node' },
        } satisfies Options,
      ]
    : []),
])
