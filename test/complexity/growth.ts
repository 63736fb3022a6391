/**
 * Growth measurement for the complexity guard: the median time of an
 * operation at 4× the size over the median at 1×. Samples of the two sizes
 * alternate (so a burst of load from other test files hits both alike),
 * after a warm-up, each after a full garbage collection (so one sample's
 * garbage is not collected in the next); a repeatable operation runs as
 * many times per sample as it takes the 1× size to fill about 40 ms, the
 * same number at 4×, so that no sample is down at the timer's noise. Times
 * come from process.hrtime.bigint(). Nothing here compares a time with a
 * constant: the repetition count comes from a ratio too.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * One operation at one size: `prepare` (untimed, before every sample) and
 * `run` (timed). A runner with `prepare` is run once per sample (its
 * prepared input is used up); one without may be repeated within a sample.
 */
export interface Runner {
  readonly prepare?: () => void
  readonly run: () => void
}

export interface GrowthCase {
  readonly name: string
  /** what the size counts (items, items in the packet, users, …) */
  readonly unit: string
  /** the 1× size; the other is 4× */
  readonly small: number
  readonly setup: (size: number) => Runner
}

export interface Growth {
  readonly name: string
  readonly unit: string
  readonly small: number
  readonly large: number
  /** runs of the operation per sample */
  readonly reps: number
  readonly smallMs: number
  readonly largeMs: number
  readonly ratio: number
  readonly samplesSmall: ReadonlyArray<number>
  readonly samplesLarge: ReadonlyArray<number>
}

export const FACTOR = 4
/** The most the time may grow when the size grows FACTOR times (linear: about 4; quadratic: 16). */
export const LIMIT = 8
export const SAMPLES = 5

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** A full collection, made available in this worker without a command-line flag. */
const gc: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (exposed !== undefined) return exposed
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
})()

const once = (r: Runner, reps: number): number => {
  r.prepare?.()
  gc()
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < reps; i++) r.run()
  return Number(process.hrtime.bigint() - t0) / 1e6
}

/** Repetitions per sample: enough for the 1× size to take about FILL_MS (at most 50). */
const FILL_MS = 40

export const measureGrowth = (c: GrowthCase): Growth => {
  const large = c.small * FACTOR
  const a = c.setup(c.small)
  const b = c.setup(large)
  // warm-up: the small size twice, the large once
  once(a, 1)
  const probe = once(a, 1)
  once(b, 1)
  const reps = a.prepare === undefined ? Math.max(1, Math.min(50, Math.ceil(FILL_MS / Math.max(probe, 0.01)))) : 1
  const xs: number[] = []
  const ys: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    if (i % 2 === 0) {
      xs.push(once(a, reps))
      ys.push(once(b, reps))
    } else {
      ys.push(once(b, reps))
      xs.push(once(a, reps))
    }
  }
  const smallMs = median(xs)
  const largeMs = median(ys)
  return { name: c.name, unit: c.unit, small: c.small, large, reps, smallMs, largeMs, ratio: largeMs / smallMs, samplesSmall: xs, samplesLarge: ys }
}

const fmt = (ms: number): string => (ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(0)} µs`)

export const describeGrowth = (g: Growth): string =>
  `${g.name}: ${g.small.toLocaleString('en-US')} → ${g.large.toLocaleString('en-US')} ${g.unit}: ${fmt(g.smallMs)} → ${fmt(g.largeMs)}${g.reps > 1 ? ` (${g.reps} runs a sample)` : ''}, ×${g.ratio.toFixed(2)} (limit ×${LIMIT})`
