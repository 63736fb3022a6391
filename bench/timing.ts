/**
 * Clocks and statistics shared by the benchmarks and the complexity guard.
 * Every time is read with process.hrtime.bigint().
 */

export const now = (): bigint => process.hrtime.bigint()

/** Milliseconds since `t0`. */
export const msSince = (t0: bigint): number => Number(now() - t0) / 1e6

/** Runs `f` once and returns its result and its time in milliseconds. */
export const timed = <A>(f: () => A): { value: A; ms: number } => {
  const t0 = now()
  const value = f()
  return { value, ms: msSince(t0) }
}

export const median = (xs: ReadonlyArray<number>): number => {
  if (xs.length === 0) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** A full garbage collection when node runs with --expose-gc (else nothing); true when it ran. */
export const collect = (): boolean => {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) return false
  gc()
  return true
}

export interface Sampled {
  /** median time of one call, ms */
  readonly ms: number
  readonly samples: ReadonlyArray<number>
}

/**
 * Times `f` (one call = one sample) after `warmup` untimed calls: up to
 * `max` samples, at least one, and no new sample once `budgetMs` is spent
 * (warm-up included) or the next sample would likely overrun it.
 */
export const sample = (f: () => void, o: { readonly warmup: number; readonly max: number; readonly budgetMs: number; readonly between?: () => void }): Sampled => {
  const t0 = now()
  for (let i = 0; i < o.warmup && msSince(t0) < o.budgetMs * 0.3; i++) {
    o.between?.()
    f()
  }
  const samples: number[] = []
  while (samples.length < o.max) {
    const spent = msSince(t0)
    const last = samples[samples.length - 1] ?? 0
    if (samples.length > 0 && spent + last > o.budgetMs * 0.8) break
    // untimed: what one run leaves behind is dropped before the next
    o.between?.()
    samples.push(timed(f).ms)
  }
  return { ms: median(samples), samples }
}

/** Formats a number of milliseconds for people. */
export const fmtMs = (ms: number): string => {
  if (!Number.isFinite(ms)) return '—'
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`
  if (ms >= 100) return `${ms.toFixed(0)} ms`
  if (ms >= 10) return `${ms.toFixed(1)} ms`
  if (ms >= 1) return `${ms.toFixed(2)} ms`
  return `${(ms * 1000).toFixed(ms >= 0.1 ? 0 : 1)} µs`
}

/** 1234567 → "1.23 M", 12345 → "12.3 k". */
export const fmtCount = (n: number): string => {
  if (!Number.isFinite(n)) return '—'
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)} k`
  if (n >= 1e3) return `${(n / 1e3).toFixed(2)} k`
  return n >= 10 ? n.toFixed(0) : n.toFixed(1)
}
