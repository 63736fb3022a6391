/**
 * What the harness measures and reports: operations, measurements, groups.
 */

/** Every figure of the table. */
export type Op =
  | 'publish'
  | 'publishHeap'
  | 'retained'
  | 'single'
  | 'idlePublishedWarm'
  | 'idlePublishedCold'
  | 'extend'
  | 'bulk'
  | 'bulkYoung'
  | 'bulkFloor'
  | 'lapse'
  | 'idleDecidedWarm'
  | 'idleDecidedCold'
  | 'progress'
  | 'replay'
  | 'onePacketDecide'
  | 'onePacketExpire'
  | 'scenario'
  | 'table'
  | 'service'
  | 'pgService1'
  | 'pgService2'
  | 'pgService4'
  | 'pgService8'

export type Unit = 'ms' | 'us' | 'perSec' | 'MB' | 'B'

/**
 * `ok`: measured. `budget`: the step ran out of its time budget: `value` is
 * a bound (a time it took at least, or a rate it did not exceed).
 * `notReached`: an earlier step of the same group missed its budget or
 * failed. `skipped`: not run because a smaller size already missed its
 * budget. `error`: the step threw or the process died.
 */
export type Status = 'ok' | 'budget' | 'notReached' | 'skipped' | 'error'

export interface Measurement {
  readonly op: Op
  /** The campaign size in items (the column of the table). */
  readonly items: number
  readonly value: number
  readonly unit: Unit
  /** The same figure for the hand-written baseline, same unit. */
  readonly baseline?: number
  readonly samples: number
  readonly status: Status
  readonly note?: string
  readonly extra?: Readonly<Record<string, number>>
}

export type GroupKind = 'chain' | 'bulkYoung' | 'onePacketDecide' | 'onePacketExpire' | 'scenario' | 'service' | 'servicePostgres'

export interface Group {
  readonly kind: GroupKind
  /** campaign size in items */
  readonly items: number
  /** wall-clock budget of the whole group, ms */
  readonly budgetMs: number
  /** tiny sizes and short budgets */
  readonly smoke: boolean
}

/** The steps of a group in order, and the measurements each step reports. */
export const stepsOf = (kind: GroupKind): ReadonlyArray<{ readonly step: string; readonly ops: ReadonlyArray<Op> }> => {
  switch (kind) {
    case 'chain':
      return [
        { step: 'inputs', ops: [] },
        { step: 'publish', ops: ['publish', 'retained'] },
        { step: 'publishBaseline', ops: ['publishHeap'] },
        { step: 'single', ops: ['single'] },
        { step: 'idlePublished', ops: ['idlePublishedWarm', 'idlePublishedCold'] },
        { step: 'extend', ops: ['extend'] },
        { step: 'bulkInputs', ops: [] },
        { step: 'bulk', ops: ['bulk', 'bulkFloor'] },
        { step: 'lapse', ops: ['lapse'] },
        { step: 'idleDecided', ops: ['idleDecidedWarm'] },
        { step: 'progress', ops: ['progress'] },
        { step: 'replayInputs', ops: [] },
        { step: 'replay', ops: ['replay', 'idleDecidedCold'] },
      ]
    case 'bulkYoung':
      return [
        { step: 'inputs', ops: [] },
        { step: 'bulk', ops: ['bulkYoung'] },
      ]
    case 'onePacketDecide':
      return [
        { step: 'inputs', ops: [] },
        { step: 'onePacketDecide', ops: ['onePacketDecide'] },
      ]
    case 'onePacketExpire':
      return [
        { step: 'inputs', ops: [] },
        { step: 'onePacketExpire', ops: ['onePacketExpire'] },
      ]
    case 'scenario':
      return [
        { step: 'inputs', ops: [] },
        { step: 'scenario', ops: ['scenario'] },
        { step: 'table', ops: ['table'] },
      ]
    case 'service':
      return [
        { step: 'inputs', ops: [] },
        { step: 'serviceSetup', ops: [] },
        { step: 'service', ops: ['service'] },
      ]
    case 'servicePostgres':
      return [
        { step: 'pgSetup', ops: [] },
        { step: 'pgService', ops: ['pgService1', 'pgService2', 'pgService4', 'pgService8'] },
      ]
  }
}

/** How a group reports: the child writes these as lines, in-process runs collect them. */
export interface Reporter {
  /** A step starts; it must end within `budgetMs` or the parent stops the process. */
  start(step: string, budgetMs: number): void
  /** Progress inside a step (for a bound if the step is stopped). */
  progress(step: string, data: Readonly<Record<string, number>>): void
  result(m: Measurement): void
  end(step: string): void
  /** The group stops here: later steps are not reached. */
  stop(reason: string): void
}
