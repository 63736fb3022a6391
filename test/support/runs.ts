/**
 * The number of runs of a property, scaled by FC_RUNS_SCALE (default 1).
 * Write `fc.assert(prop, { numRuns: runs(10_000) })`; the nightly tier sets
 * FC_RUNS_SCALE=20 to run every property twenty times as often.
 */
export const runs = (n: number): number => Math.max(1, Math.round(n * Number(process.env['FC_RUNS_SCALE'] ?? '1')))
