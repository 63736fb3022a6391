// SPEC §6 conformance: the deadline bound, cascade with three levels while
// level 2 is overdue, an extension too short to reopen an overdue level, and
// settled packets left alone.
import { describe, expect, it } from 'vitest'
import { displayStatus, dueAtOf, tasksOf } from '../../src/index.js'
import { at, decideAs, fmt, itemsOf, refuse, run, setup, tick, types, windows } from './world.js'

const START = '2025-10-09T16:00:00+02:00'

describe('§6 deadline timing', () => {
  const deadline = () =>
    setup({ start: START, timing: { policy: 'deadline', dueAt: '2025-10-19T16:00:00+02:00' }, items: itemsOf('sam', 1), levels: 1 })

  it('days may not exceed the calendar days from publish to the configured dueAt (10 here)', () => {
    const w = deadline()
    expect(refuse(w, { type: 'extend', at: '2025-10-10T09:00:00+02:00', days: 11, cascade: false }).code).toBe('ExtensionTooLong')
    run(w, { type: 'extend', at: '2025-10-10T09:00:00+02:00', days: 10, cascade: false })
    expect(fmt(w, dueAtOf(w.state))).toBe('2025-10-29T16:00:00+01:00')
  })

  it('cascade makes no difference, and an overdue campaign may be extended (wall time kept across DST)', () => {
    const on = deadline()
    const off = deadline()
    for (const [w, cascade] of [[on, true], [off, false]] as const) {
      tick(w, '2025-10-20T09:00:00+02:00')
      expect(displayStatus(w.state, at('2025-10-20T09:00:00+02:00'))).toBe('overdue')
      run(w, { type: 'extend', at: '2025-10-20T09:00:00+02:00', days: 7, cascade })
      expect(displayStatus(w.state, at('2025-10-20T09:00:00+02:00'))).toBe('inProgress')
    }
    expect(fmt(on, dueAtOf(on.state))).toBe('2025-10-26T16:00:00+01:00')
    expect(dueAtOf(on.state)).toBe(dueAtOf(off.state))
  })
})

describe('§6 reviewerWindows', () => {
  const threeLevels = (onLapse: 'expire' | 'overdue' = 'expire', subjects: ReadonlyArray<string> = ['sam']) =>
    setup({
      start: START,
      timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }], onLapse },
      items: subjects.flatMap((s) => itemsOf(s, 1)),
      levels: 3,
    })

  it('cascade ON while level 2 is overdue: level 2 reopens with the days and level 3 gets them too', () => {
    const w = threeLevels('overdue')
    decideAs(w, 'ana', '2025-10-10T10:00:00+02:00', ['sam-1'])
    expect(types(tick(w, '2025-10-12T10:00:00+02:00'))).toEqual(['LevelOverdue'])
    run(w, { type: 'extend', at: '2025-10-12T11:00:00+02:00', days: 2, cascade: true })
    expect(windows(w, 'sam')).toEqual([
      'L1T0 2025-10-09T16:00:00+02:00 → 2025-10-11T16:00:00+02:00 closed 2025-10-10T10:00:00+02:00 done',
      'L2T0 2025-10-10T10:00:00+02:00 → 2025-10-14T10:00:00+02:00 active',
      'L3T0 2025-10-14T10:00:00+02:00 → 2025-10-18T10:00:00+02:00 upcoming',
    ])
    expect(fmt(w, dueAtOf(w.state))).toBe('2025-10-18T10:00:00+02:00')
    expect(types(tick(w, '2025-10-14T10:00:00+02:00'))).toEqual(['LevelOverdue'])
  })

  it('an extension that does not reach past now leaves an overdue level overdue, and its items actionable', () => {
    const w = threeLevels('overdue')
    tick(w, '2025-10-20T10:00:00+02:00')
    run(w, { type: 'extend', at: '2025-10-20T10:00:00+02:00', days: 2, cascade: false })
    expect(windows(w, 'sam')[0]).toBe('L1T0 2025-10-09T16:00:00+02:00 → 2025-10-13T16:00:00+02:00 lapsed')
    expect(tasksOf(w.state, 'ana')).toEqual(['sam-1'])
    expect(types(tick(w, '2025-10-25T10:00:00+02:00')).filter((t) => t === 'LevelOverdue')).toEqual([])
    decideAs(w, 'ana', '2025-10-25T11:00:00+02:00', ['sam-1'])
    expect(windows(w, 'sam')[1]).toBe('L2T0 2025-10-25T11:00:00+02:00 → 2025-10-27T11:00:00+01:00 active')
  })

  it('a packet with nothing pending is not extended; the others are', () => {
    const w = threeLevels('expire', ['sam', 'sue'])
    decideAs(w, 'ana', '2025-10-10T09:00:00+02:00', ['sam-1'], 'revoke')
    const before = windows(w, 'sam')
    const es = run(w, { type: 'extend', at: '2025-10-10T10:00:00+02:00', days: 1, cascade: true })
    expect(es.filter((e) => e.type === 'PacketExtended').map((e) => ('packetId' in e ? e.packetId : ''))).toEqual(['sue'])
    expect(windows(w, 'sam')).toEqual(before)
    expect(windows(w, 'sue')).toEqual([
      'L1T0 2025-10-09T16:00:00+02:00 → 2025-10-12T16:00:00+02:00 active',
      'L2T0 2025-10-12T16:00:00+02:00 → 2025-10-15T16:00:00+02:00 upcoming',
      'L3T0 2025-10-15T16:00:00+02:00 → 2025-10-18T16:00:00+02:00 upcoming',
    ])
  })

  it('days must be a whole number >= 1 (refused at decode, never reaching the decider)', () => {
    const w = threeLevels()
    for (const days of [0, -1, 1.5]) {
      expect(() => refuse(w, { type: 'extend', at: '2025-10-10T10:00:00+02:00', days, cascade: false })).toThrow(/does not decode/)
    }
  })
})
