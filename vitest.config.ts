import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Property tests (*.prop.test.ts) match this pattern too.
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
