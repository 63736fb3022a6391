import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Property tests (*.prop.test.ts) match this pattern too.
    include: ['test/**/*.test.ts'],
    // The complexity guard compares timings, so it runs on its own, after the
    // other tests (npm run test:complexity), not beside them on the same cores.
    // The PostgreSQL server tests need a server: they run in `npm run test:postgres`
    // (scripts/with-postgres.mjs starts one; vitest.postgres.config.ts), not here.
    exclude: process.env['COMPLEXITY_GUARD'] === '1' ? ['test/postgres/server/**'] : ['test/complexity/guard.test.ts', 'test/postgres/server/**'],
    setupFiles: ['test/setup.ts'],
    // bundles the CLI once for the tests that run it as a process
    globalSetup: ['test/support/cli-bundle.ts'],
    pool: 'forks',
    // a property test takes up to ~30 s on a slow day of a 2-core machine
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
})
