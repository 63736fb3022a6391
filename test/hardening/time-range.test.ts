import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  addDuration,
  advance,
  decodeCommand,
  decodeWith,
  Instant,
  instantOfMillis,
  LocalDateTime,
  nextWake,
  occurrences,
  parseInstant,
  Schedule,
} from '../../src/index.js'
import type { CampaignEvent, CampaignState, TimeZone } from '../../src/index.js'
import { EARLIEST_INSTANT, LATEST_INSTANT } from '../../src/schedule/time.js'
import { actor, aDefinition, aDirectory, anItem, at, run } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'

// Issue 8, item 3: a command dated year 9999 expired a campaign and fired up
// to the timer guard, and 30 days without a tick sent 31 reminders at once.
// Instants are bounded at decode to the years 1970 to 2999 (UTC), and
// periodic reminders that fell due while time was not advanced are
// coalesced into one per reviewer, for the latest slot. docs/limits.md,
// Instants and Reminders.

const RANGE = 'an instant from 1970-01-01T00:00:00Z to 2999-12-31T23:59:59.999Z'
const DAY = 86_400_000

const reminders = (es: ReadonlyArray<CampaignEvent>): ReadonlyArray<string> =>
  es.flatMap((e) => (e.type === 'NotificationIssued' && e.intent.kind === 'campaignReminder' ? [`${new Date(e.at).toISOString()} ${e.intent.recipients.join()}: ${e.intent.itemIds.join()}`] : []))
const slots = (es: ReadonlyArray<CampaignEvent>): ReadonlyArray<number> => es.flatMap((e) => (e.type === 'ReminderSlotPassed' ? [e.slot] : []))

const rita = actor('rita', 'riskManager')
const directory = aDirectory({
  users: [{ id: 'mia' }, { id: 'max' }, { id: 'bob', manager: 'mia' }, { id: 'sue', manager: 'max' }],
  subjects: [{ id: 's-bob', user: 'bob' }, { id: 's-sue', user: 'sue' }],
})

/** A published campaign: two reviewers (mia for bob's items, max for sue's), one long window. */
const published = (opts: { readonly start: string; readonly reminders: unknown; readonly zone?: string; readonly timing?: unknown }): CampaignState => {
  const definition = aDefinition({
    timeZone: opts.zone ?? 'UTC',
    reminders: opts.reminders as never,
    reviewers: { order: ['firstLineManager'], count: 1 },
    timing: (opts.timing ?? { policy: 'reviewerWindows', levels: [{ duration: { days: 3660 } }] }) as never,
  })
  const start = at(opts.start)
  const r = run([
    { type: 'create', at: start, actor: rita, definition, items: [anItem('b1', 's-bob'), anItem('b2', 's-bob'), anItem('s1', 's-sue')] },
    { type: 'publish', at: start, actor: rita, directory },
  ])
  if (r.state === undefined || r.results.some((x) => !x.ok)) throw new Error('fixture refused')
  return r.state
}

describe('issue 8, item 3: instants are bounded to the years 1970 to 2999', () => {
  it('3. an instant before 1970 or after 2999 is refused at decode, with a path and the expected range', () => {
    for (const bad of ['9999-12-31T23:59:59Z', '1000-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '3000-01-01T01:00:00+01:00', -1, 253402300799999, 32503680000000]) {
      expect(decodeWith(Instant, bad)).toEqual({ _tag: 'Left', left: [{ path: '$', expected: RANGE }] })
    }
    // structurally wrong input keeps the structural message
    expect(decodeWith(Instant, '9999-12-31')).toEqual({ _tag: 'Left', left: [{ path: '$', expected: Instant.name }] })
    // a command dated year 9999 never reaches the decider
    const r = decodeCommand({ type: 'abort', at: '9999-12-31T00:00:00Z', actor: { id: 'rita', roles: ['riskManager'] } })
    expect(r).toEqual({ _tag: 'Left', left: [{ path: 'at', expected: RANGE }] })
  })

  it('3. instantOfMillis, parseInstant and the codec agree on the range', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -2 * DAY, max: 2 * DAY }), fc.integer({ min: LATEST_INSTANT - 2 * DAY, max: LATEST_INSTANT + 2 * DAY }), fc.maxSafeInteger(), fc.maxSafeNat()), (ms) => {
        const inRange = ms >= 0 && ms <= 32503679999999
        expect(instantOfMillis(ms) !== undefined).toBe(inRange)
        expect(Instant.is(ms)).toBe(inRange)
        expect(decodeWith(Instant, ms)._tag === 'Right').toBe(inRange)
        const iso = Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : ''
        if (/^\d{4}-/.test(iso)) expect(parseInstant(iso) !== undefined).toBe(inRange)
      }),
      { numRuns: runs(2_000) },
    )
  })

  it('3. durations and calendar days never leave the range: sums are clamped to the latest instant', () => {
    const utc = 'UTC' as TimeZone
    expect(addDuration(at('2999-12-01T00:00:00Z'), { days: 3660 }, utc)).toBe(LATEST_INSTANT)
    expect(addDays(at('2999-12-01T00:00:00Z'), 400, utc)).toBe(LATEST_INSTANT)
    expect(addDays(at('1970-01-02T00:00:00Z'), -400, utc)).toBe(EARLIEST_INSTANT)
    expect(addDuration(LATEST_INSTANT, { minutes: 1 }, utc)).toBe(LATEST_INSTANT)
  })

  it('3. local date-times of schedules are bounded to the same years', () => {
    expect(decodeWith(LocalDateTime, '1970-01-01T00:00')._tag).toBe('Right')
    expect(decodeWith(LocalDateTime, '2999-12-31T23:59')._tag).toBe('Right')
    for (const bad of ['1969-12-31T23:59', '3000-01-01T00:00', '1000-01-01T00:00', '9999-12-31T23:59']) {
      expect(decodeWith(LocalDateTime, bad)).toEqual({ _tag: 'Left', left: [{ path: '$', expected: 'a local date-time YYYY-MM-DDTHH:mm (no offset, years 1970 to 2999)' }] })
    }
    // a schedule stops at the latest instant
    const s = decodeWith(Schedule, { frequency: 'annually', anchor: '2997-06-01T00:00', timeZone: 'UTC', duration: { days: 400 } })
    if (s._tag === 'Left') throw new Error('fixture')
    const os = occurrences(s.right, EARLIEST_INSTANT, 10)
    expect(os.map((o) => new Date(o.start).toISOString())).toEqual(['2997-06-01T00:00:00.000Z', '2998-06-01T00:00:00.000Z', '2999-06-01T00:00:00.000Z'])
    expect(os[2]?.due).toBe(LATEST_INSTANT)
  })
})

describe('limits: instants', () => {
  it('limit: 1970-01-01T00:00:00Z is accepted, 1969-12-31T23:59:59.999Z refused', () => {
    expect(decodeWith(Instant, '1970-01-01T00:00:00Z')).toEqual({ _tag: 'Right', right: 0 })
    expect(decodeWith(Instant, 0)).toEqual({ _tag: 'Right', right: 0 })
    expect(decodeWith(Instant, '1969-12-31T23:59:59.999Z')).toEqual({ _tag: 'Left', left: [{ path: '$', expected: RANGE }] })
    expect(decodeWith(Instant, -1)).toEqual({ _tag: 'Left', left: [{ path: '$', expected: RANGE }] })
    // the same instant written with an offset
    expect(decodeWith(Instant, '1970-01-01T01:00:00+01:00')).toEqual({ _tag: 'Right', right: 0 })
    expect(decodeWith(Instant, '1970-01-01T00:59:59.999+01:00')).toEqual({ _tag: 'Left', left: [{ path: '$', expected: RANGE }] })
    expect(instantOfMillis(0)).toBe(0)
    expect(instantOfMillis(-1)).toBeUndefined()
    // inside a command, with its path
    const cmd = (when: string) => decodeCommand({ type: 'abort', at: when, actor: { id: 'rita', roles: [] } })
    expect(cmd('1970-01-01T00:00:00Z')._tag).toBe('Right')
    expect(cmd('1969-12-31T23:59:59.999Z')).toEqual({ _tag: 'Left', left: [{ path: 'at', expected: RANGE }] })
  })

  it('limit: 2999-12-31T23:59:59.999Z is accepted, 3000-01-01T00:00:00Z refused', () => {
    expect(decodeWith(Instant, '2999-12-31T23:59:59.999Z')).toEqual({ _tag: 'Right', right: 32503679999999 })
    expect(decodeWith(Instant, 32503679999999)).toEqual({ _tag: 'Right', right: 32503679999999 })
    expect(decodeWith(Instant, '3000-01-01T00:00:00Z')).toEqual({ _tag: 'Left', left: [{ path: '$', expected: RANGE }] })
    expect(decodeWith(Instant, 32503680000000)).toEqual({ _tag: 'Left', left: [{ path: '$', expected: RANGE }] })
    expect(decodeWith(Instant, '2999-12-31T18:59:59.999-05:00')).toEqual({ _tag: 'Right', right: 32503679999999 })
    expect(decodeWith(Instant, '2999-12-31T19:00:00-05:00')).toEqual({ _tag: 'Left', left: [{ path: '$', expected: RANGE }] })
    expect(LATEST_INSTANT).toBe(32503679999999)
    expect(instantOfMillis(32503679999999)).toBe(32503679999999)
    expect(instantOfMillis(32503680000000)).toBeUndefined()
    const cmd = (when: string) => decodeCommand({ type: 'abort', at: when, actor: { id: 'rita', roles: [] } })
    expect(cmd('2999-12-31T23:59:59.999Z')._tag).toBe('Right')
    expect(cmd('3000-01-01T00:00:00Z')).toEqual({ _tag: 'Left', left: [{ path: 'at', expected: RANGE }] })
  })
})

describe('issue 8, item 3: reminders missed while time was not advanced are coalesced', () => {
  it('3. 30 days without a tick send one reminder per reviewer, for the latest slot, not 30', () => {
    const s = published({ start: '2025-01-01T09:00:00Z', reminders: { kind: 'daily' } })
    const once = advance(s, at('2025-01-31T09:00:00Z'))
    expect(slots(once.events)).toEqual([30])
    expect(reminders(once.events)).toEqual(['2025-01-31T09:00:00.000Z mia: b1,b2', '2025-01-31T09:00:00.000Z max: s1'])
    expect(once.events).toHaveLength(3)
    // advanced at every slot: one per slot
    let t = s
    const daily: CampaignEvent[] = []
    for (let d = 1; d <= 30; d++) {
      const a = advance(t, (at('2025-01-01T09:00:00Z') + d * DAY) as Instant)
      t = a.state
      daily.push(...a.events)
    }
    expect(slots(daily)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    expect(reminders(daily)).toHaveLength(60)
    // the same state either way, and the next slot is the 31st
    expect(t).toEqual(once.state)
    expect(nextWake(once.state)).toBe(at('2025-02-01T09:00:00Z'))
    // replay-safe: advancing again adds nothing
    expect(advance(once.state, at('2025-01-31T09:00:00Z')).events).toEqual([])
  })

  it('3. slots not yet due at `to` are not coalesced: a tick between slots sends the slot before it', () => {
    const s = published({ start: '2025-01-01T09:00:00Z', reminders: { kind: 'everyDays', days: 3 } })
    // slots at 01-04, 01-07, 01-10, 01-13 09:00; ticks at 01-08 and 01-13 09:00
    const a = advance(s, at('2025-01-08T00:00:00Z'))
    expect(slots(a.events)).toEqual([2])
    const b = advance(a.state, at('2025-01-13T09:00:00Z'))
    expect(slots(b.events)).toEqual([4])
    expect(reminders(b.events)).toEqual(['2025-01-13T09:00:00.000Z mia: b1,b2', '2025-01-13T09:00:00.000Z max: s1'])
    expect(b.state).toEqual(advance(s, at('2025-01-13T09:00:00Z')).state)
  })

  it('3. a run of missed slots ends at any other timer: the overdue mark, a lapse or the expiry come between runs, in order', () => {
    // deadline due 01-10 09:00, the instant of the 9th daily slot: the overdue mark fires first
    const s = published({ start: '2025-01-01T09:00:00Z', reminders: { kind: 'daily' }, timing: { policy: 'deadline', dueAt: '2025-01-10T09:00:00Z' } })
    const a = advance(s, at('2025-01-20T12:00:00Z'))
    const what = a.events.map((e) => (e.type === 'NotificationIssued' ? `${e.intent.kind}` : e.type === 'ReminderSlotPassed' ? `slot ${e.slot}` : e.type))
    expect(what).toEqual([
      'slot 8', 'campaignReminder', 'campaignReminder',
      'CampaignOverdue', 'campaignOverdue', 'campaignOverdue', 'reviewOverdue', 'reviewOverdue',
      'slot 19', 'campaignReminder', 'campaignReminder',
    ])
    expect(a.events.find((e) => e.type === 'ReminderSlotPassed')?.at).toBe(at('2025-01-09T09:00:00Z'))
    // a window that lapses (expiry): no reminder at or after it
    const w = published({ start: '2025-01-01T09:00:00Z', reminders: { kind: 'daily' }, timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 5 } }] } })
    const e = advance(w, at('2025-03-01T00:00:00Z'))
    expect(slots(e.events)).toEqual([4])
    expect(e.state.campaign.status).toBe('expired')
  })

  it('3. daily reminders from 1970 to the end of 2999 advance in bounded time with bounded events', () => {
    const s = published({ start: '1970-01-01T00:00:00Z', reminders: { kind: 'daily' }, timing: { policy: 'deadline', dueAt: '2999-12-31T00:00:00Z' } })
    const t0 = performance.now()
    const a = advance(s, LATEST_INSTANT)
    expect(performance.now() - t0).toBeLessThan(2_000)
    // the run before the overdue mark (the slot of the due date comes after it), the mark, the last slot
    expect(slots(a.events)).toHaveLength(2)
    expect(a.events.filter((e) => e.type === 'CampaignOverdue')).toHaveLength(1)
    expect(a.state.campaign.status).toBe('inProgress')
    // no slot after the latest instant is ever due
    expect(nextWake(a.state)).toBeUndefined()
    expect(advance(a.state, LATEST_INSTANT).events).toEqual([])
  })

  it('3. property: however time is advanced, the state is the same, and each advance sends the latest due slot only', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Apia']
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom<unknown>({ kind: 'daily' }, { kind: 'weekly' }, { kind: 'everyDays', days: 2 }, { kind: 'everyDays', days: 5 }),
        fc.integer({ min: Date.UTC(2011, 0, 1) / 60_000, max: Date.UTC(2026, 0, 1) / 60_000 }),
        fc.array(fc.integer({ min: 0, max: 60 * 24 * 120 }), { minLength: 1, maxLength: 8 }),
        (zone, rem, startMinute, offsets) => {
          const startMs = startMinute * 60_000
          const s = published({ start: new Date(startMs).toISOString(), reminders: rem, zone })
          const period = (rem as { kind: string; days?: number }).kind === 'daily' ? 1 : (rem as { kind: string }).kind === 'weekly' ? 7 : ((rem as { days: number }).days)
          const slotAt = (n: number): number => addDays(startMs as Instant, n * period, zone as TimeZone)
          /** The last slot at or before `t` (0 when none). */
          const lastSlot = (t: number): number => {
            let n = 0
            while (slotAt(n + 1) <= t) n++
            return n
          }
          const ticks = [...new Set(offsets.map((m) => startMs + m * 60_000))].sort((x, y) => x - y)
          let state = s
          let sent = 0
          for (const t of ticks) {
            const before = lastSlot(state.campaign.clock)
            const a = advance(state, t as Instant)
            state = a.state
            const expected = lastSlot(t)
            // one slot per advance that passes any: the latest one due
            expect(slots(a.events)).toEqual(expected > before ? [expected] : [])
            if (expected > before) {
              expect(a.events.filter((e) => e.type === 'ReminderSlotPassed')[0]?.at).toBe(slotAt(expected))
              sent++
            }
            // one reminder per reviewer (mia and max) per slot sent
            expect(reminders(a.events)).toHaveLength(expected > before ? 2 : 0)
          }
          const whole = advance(s, ticks[ticks.length - 1] as Instant)
          expect(state).toEqual(whole.state)
          expect(slots(whole.events)).toEqual(sent > 0 ? [lastSlot(ticks[ticks.length - 1] as number)] : [])
        },
      ),
      { numRuns: runs(300) },
    )
  })
})
