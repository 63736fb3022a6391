import { existsSync } from 'node:fs'

/** The environment variable that names the CLI bundle of this test run (test/support/cli-bundle.ts). */
export const CLI_ENV = 'ACCESS_REVIEW_TEST_CLI'

/**
 * The command line that starts the CLI, built from src/cli/main.ts for this
 * test run: `[node, bundle]`, to which a test adds the CLI's arguments.
 */
export const cliCommand = (): readonly [string, string] => {
  const bundle = process.env[CLI_ENV]
  if (bundle === undefined || !existsSync(bundle)) throw new Error(`no CLI bundle (${CLI_ENV}): run the tests with vitest, whose globalSetup builds it`)
  return [process.execPath, bundle]
}
