import { defineConfig } from 'vitest/config'

// The PostgreSQL server tests (npm run test:postgres): scripts/with-postgres.mjs
// starts a private server and sets ACCESS_REVIEW_PG_URL; without it every test
// file fails (test/postgres/support.ts, serverUrl).
export default defineConfig({
  test: {
    include: ['test/postgres/server/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
})
