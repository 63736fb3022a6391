import fc from 'fast-check'

// Global fast-check settings for every test file.
//
// - `verbose: 1` prints the counterexample, seed and path of a failing property,
//   so a failure can be replayed with `{ seed, path }`.
// - FC_NUM_RUNS sets the *default* numRuns only. Every property in this repository
//   passes its own `numRuns`, which wins over the global default, so FC_NUM_RUNS
//   changes little. To scale the number of runs of every property (for example in
//   a nightly tier, FC_RUNS_SCALE=20), properties write `numRuns: runs(10_000)`
//   with `runs` from test/support/runs.ts, which multiplies by FC_RUNS_SCALE.
fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  verbose: 1,
  ...(process.env['FC_NUM_RUNS'] ? { numRuns: Number(process.env['FC_NUM_RUNS']) } : {}),
})
