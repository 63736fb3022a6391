// `completeOn: 'submit'` (issue 10) as laws over random sequences of
// decisions, revisions, submits, extensions, reassignments, delegations and
// time: a level that completes on submit completes for a packet only when
// one of its reviewers submits or when its window ends, never on a decision;
// its decisions can be revised by the tier that made them until then (unless
// the next level decided the item first), and not afterwards; submit is
// accepted only for an open level with nothing pending, and is accepted
// whenever the active reviewer of such a level sends it. Fixtures are our
// own: mona manages sven (subject s-sven), kurt manages mona (level 1's
// escalation tier), vic owns the application "ledger" (level 2).
import fc from 'fast-check'
import { isLeft } from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { advance } from '../../src/campaign/advance.js'
import type { Command } from '../../src/campaign/command.js'
import { execute } from '../../src/campaign/decider.js'
import type { CampaignEvent } from '../../src/campaign/event.js'
import type { CampaignState } from '../../src/campaign/state.js'
import { findItem } from '../../src/campaign/state.js'
import { packetTimeline } from '../../src/campaign/views.js'
import type { Instant } from '../../src/index.js'
import type { DefinitionInput } from '../../src/testing/index.js'
import { aDefinition, aDirectory, actor, anItem, at, itemId, userId } from '../../src/testing/index.js'
import { must } from '../support/must.js'
import { runs } from '../support/runs.js'

const ROSA = actor('rosa', 'riskManager')
const directory = aDirectory({
  users: [{ id: 'kurt' }, { id: 'mona', manager: 'kurt' }, { id: 'vic' }, { id: 'sven', manager: 'mona' }, { id: 'tara' }, { id: 'rosa' }],
  subjects: [{ id: 's-sven', user: 'sven' }],
  applications: [{ id: 'ledger', owners: ['vic'] }],
})
const PUBLISHED = at('2026-03-02T08:00:00Z')
const HOUR = 3_600_000
const USERS = ['mona', 'vic', 'kurt', 'tara'] as const

interface Setup {
  readonly items: number
  readonly twoLevels: boolean
  readonly escalation: boolean
  readonly days1: number
  readonly days2: number
  readonly submit2: boolean
}

type Action =
  | { readonly kind: 'decide'; readonly who: number; readonly items: ReadonlyArray<number>; readonly revoke: boolean; readonly hours: number }
  | { readonly kind: 'submit'; readonly who: number; readonly level: number; readonly hours: number } // who -1: the level's reviewer
  | { readonly kind: 'advance'; readonly hours: number }
  // the reviewer of the lowest level open for the packet submits it (resolved on the state reached)
  | { readonly kind: 'submitOpen'; readonly hours: number }
  // rosa extends the campaign (every packet's windows, with or without the later levels)
  | { readonly kind: 'extend'; readonly days: number; readonly cascade: boolean; readonly hours: number }
  // rosa reassigns an item's current level to tara
  | { readonly kind: 'reassign'; readonly item: number; readonly hours: number }
  // mona or vic hands all their pending items to tara
  | { readonly kind: 'delegate'; readonly who: number; readonly hours: number }

const setupArb: fc.Arbitrary<Setup> = fc.record({
  items: fc.integer({ min: 1, max: 4 }),
  twoLevels: fc.boolean(),
  escalation: fc.boolean(),
  days1: fc.integer({ min: 1, max: 3 }),
  days2: fc.integer({ min: 1, max: 3 }),
  submit2: fc.boolean(),
})
// mostly short steps (so that windows are still open), mostly mona and vic,
// often every item at once: sequences that reach a submit before the window ends
const hoursArb = fc.oneof({ arbitrary: fc.nat(4), weight: 4 }, { arbitrary: fc.nat(40), weight: 1 })
const whoArb = fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.constant(1), weight: 2 }, { arbitrary: fc.nat(3), weight: 1 })
const itemsArb = fc.oneof({ arbitrary: fc.constant([0, 1, 2, 3]), weight: 2 }, { arbitrary: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 4 }), weight: 3 })
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('decide' as const), who: whoArb, items: itemsArb, revoke: fc.boolean(), hours: hoursArb }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('submit' as const), who: fc.oneof({ arbitrary: fc.constant(-1), weight: 3 }, { arbitrary: fc.nat(3), weight: 1 }), level: fc.oneof({ arbitrary: fc.constant(1), weight: 3 }, { arbitrary: fc.constant(2), weight: 1 }), hours: hoursArb }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: hoursArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('submitOpen' as const), hours: hoursArb }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('extend' as const), days: fc.integer({ min: 1, max: 2 }), cascade: fc.boolean(), hours: hoursArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('reassign' as const), item: fc.nat(3), hours: hoursArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('delegate' as const), who: fc.nat(1), hours: hoursArb }), weight: 1 },
)

const published = (u: Setup): CampaignState => {
  const definition: Partial<DefinitionInput> = {
    owners: ['rosa'],
    riskManagers: ['rosa'],
    reviewers: u.twoLevels ? { order: ['firstLineManager', 'applicationOwner'], count: 2 } : { order: ['firstLineManager'], count: 1 },
    timing: {
      policy: 'reviewerWindows',
      levels: [
        { duration: { days: u.days1 }, completeOn: 'submit', ...(u.escalation ? { escalations: [{ duration: { days: 1 }, reviewers: 'reviewerManager' as const }] } : {}) },
        ...(u.twoLevels ? [{ duration: { days: u.days2 }, completeOn: u.submit2 ? ('submit' as const) : ('allDecided' as const) }] : []),
      ],
    },
  }
  const items = Array.from({ length: u.items }, (_, k) => anItem(`L${k + 1}`, 's-sven', { application: 'ledger' }))
  return must([
    { type: 'create', at: at('2026-03-01T08:00:00Z'), actor: ROSA, definition: aDefinition(definition), items },
    { type: 'publish', at: PUBLISHED, actor: ROSA, directory },
  ])
}

const packetOf = (s: CampaignState) => findItem(s, 'L1')?.packet
const isSubmitLevel = (u: Setup, level: number): boolean => level === 1 || (level === 2 && u.submit2)
const openAt = (s: CampaignState, level: number): boolean => {
  const c = packetOf(s)?.clocks[level - 1]
  return c !== undefined && c.outcome === undefined
}
// The end of the level's active window, from the packet's timeline (undefined when none is active).
const activeEnd = (s: CampaignState, level: number): number | undefined => packetTimeline(s, 's-sven').find((w) => w.level === level && w.status === 'active')?.end
const itemIds = (u: Setup): ReadonlyArray<string> => Array.from({ length: u.items }, (_, k) => `L${k + 1}`)
const pendingAt = (s: CampaignState, u: Setup, level: number): number =>
  itemIds(u).filter((id) => {
    const st = findItem(s, id)?.item.state
    return st?._tag === 'pending' && st.level === level
  }).length
// Whether `who` is named in tier 0 of `level` of some item (a reassignment may have replaced them on every item).
const namedAt = (s: CampaignState, u: Setup, level: number, who: string): boolean =>
  itemIds(u).some((id) => findItem(s, id)?.item.levels[level - 1]?.tiers[0]?.includes(userId(who)) === true)
const completed = (es: ReadonlyArray<CampaignEvent>): ReadonlyArray<Extract<CampaignEvent, { type: 'LevelCompleted' }>> =>
  es.flatMap((e) => (e.type === 'LevelCompleted' ? [e] : []))
const decideCmd = (who: string, ids: ReadonlyArray<string>, revoke: boolean, when: Instant): Command => ({
  type: 'decide',
  at: when,
  actor: actor(who),
  items: ids.map(itemId) as [ReturnType<typeof itemId>, ...Array<ReturnType<typeof itemId>>],
  decision: revoke ? 'revoke' : 'approve',
})

/**
 * The level-1 decisions mona may still revise: her decision is the item's
 * last, made at level 1 by tier 0, while level 1 is open for the packet with
 * tier 0 active and its window has not ended (so the next level has not
 * decided the item and no escalation took it from her).
 */
const revisableByMona = (s: CampaignState, u: Setup, now: number): ReadonlyArray<{ readonly id: string; readonly revoked: boolean }> => {
  const clock = packetOf(s)?.clocks[0]
  const end = activeEnd(s, 1)
  if (clock === undefined || clock.outcome !== undefined || clock.tier !== 0 || end === undefined || now >= end) return []
  return itemIds(u).flatMap((id) => {
    const last = findItem(s, id)?.item.decisions.at(-1)
    return last !== undefined && last.by === 'mona' && last.level === 1 && last.tier === 0 ? [{ id, revoked: last.decision === 'revoke' }] : []
  })
}

// The laws of time: a submit level completes on time only at (or after) the
// end of its window, and it does complete once its window has ended with
// nothing pending. Every command first advances to its instant, so this holds
// for the time part of every step. The state reached is returned.
const checkTime = (u: Setup, before: CampaignState, when: Instant): { readonly state: CampaignState; readonly events: number } => {
  const r = advance(before, when)
  for (const e of completed(r.events)) {
    if (!isSubmitLevel(u, e.level)) continue
    expect(e.submittedBy).toBeUndefined()
    const end = activeEnd(before, e.level)
    expect(end === undefined || e.at >= end, `level ${e.level} completed at ${e.at} before its window ended at ${end}`).toBe(true)
  }
  for (const level of [1, 2]) {
    if (!isSubmitLevel(u, level) || !openAt(before, level) || pendingAt(before, u, level) > 0) continue
    const end = activeEnd(before, level)
    if (end !== undefined && end <= when) expect(packetOf(r.state)?.clocks[level - 1]?.outcome, `level ${level} ended at ${end} with nothing pending`).toBe('complete')
  }
  return { state: r.state, events: r.events.length }
}

const check = (u: Setup, actions: ReadonlyArray<Action>): CampaignState => {
  let s = published(u)
  let now: number = PUBLISHED
  for (const a of actions) {
    now += a.hours * HOUR
    const when = now as Instant
    // the state at `when` before the step's own effect (a command advances to its instant first)
    const timed = checkTime(u, s, when)
    const at = timed.state
    if (a.kind === 'advance') {
      s = at
    } else if (a.kind === 'extend' || a.kind === 'reassign' || a.kind === 'delegate') {
      const c: Command =
        a.kind === 'extend'
          ? { type: 'extend', at: when, actor: ROSA, days: a.days, cascade: a.cascade }
          : a.kind === 'reassign'
            ? { type: 'reassign', at: when, actor: ROSA, item: itemId(`L${(a.item % u.items) + 1}`), to: userId('tara') }
            : { type: 'delegate', at: when, actor: actor(USERS[a.who] ?? 'mona'), to: userId('tara') }
      const r = execute(c, s)
      if (isLeft(r)) continue
      // neither completes a submit level (what its advance completed is checked above)
      for (const e of completed(r.right.events.slice(timed.events))) expect(isSubmitLevel(u, e.level), `${a.kind} completed submit level ${e.level}`).toBe(false)
      s = r.right.state
    } else if (a.kind === 'decide') {
      const who = USERS[a.who] ?? 'mona'
      const ids = a.items.filter((k) => k < u.items).map((k) => `L${k + 1}`)
      if (ids.length === 0) continue
      const r = execute(decideCmd(who, ids, a.revoke, when), s)
      if (isLeft(r)) continue
      // a decision never completes a submit level (what its advance completed is checked above)
      for (const e of completed(r.right.events.slice(timed.events))) expect(isSubmitLevel(u, e.level), `a decision completed submit level ${e.level}`).toBe(false)
      s = r.right.state
    } else {
      const open = a.kind === 'submitOpen' ? ([1, 2].find((k) => openAt(at, k)) ?? 1) : a.level
      const b = a.kind === 'submitOpen' ? { who: -1, level: open } : a
      const who = b.who < 0 ? (b.level === 1 ? 'mona' : 'vic') : (USERS[b.who] ?? 'mona')
      const c: Command = { type: 'submit', at: when, actor: actor(who), packetId: 's-sven' as never, level: b.level }
      const r = execute(c, s)
      const wasOpen = openAt(at, b.level)
      const nonePending = pendingAt(at, u, b.level) === 0
      if (!isLeft(r)) {
        // accepted: a submit level, open, nothing pending; it completes now, by the sender
        expect([isSubmitLevel(u, b.level), wasOpen, nonePending]).toEqual([true, true, true])
        expect(completed(r.right.events.slice(timed.events))[0]).toMatchObject({ level: b.level, submittedBy: who })
        expect(packetOf(r.right.state)?.clocks[b.level - 1]?.outcome).toBe('complete')
        s = r.right.state
      } else if (isSubmitLevel(u, b.level) && who === (b.level === 1 ? 'mona' : 'vic') && wasOpen && nonePending && packetOf(at)?.clocks[b.level - 1]?.tier === 0 && namedAt(at, u, b.level, who)) {
        // the active reviewer of an open submit level with nothing pending is never refused
        expect.fail(`${who}'s submit of open level ${b.level} with nothing pending was refused: ${r.left.code} ${r.left.message}`)
      }
    }
    // the laws of revision, on the state reached
    for (const { id, revoked } of revisableByMona(s, u, now)) {
      const r = execute(decideCmd('mona', [id], !revoked, when), s)
      expect(isLeft(r) ? `${r.left.code}: ${r.left.message}` : 'accepted', `mona revises ${id} at level 1 while it is open`).toBe('accepted')
    }
    if (packetOf(s)?.clocks[0]?.outcome === 'complete') {
      for (const id of itemIds(u)) {
        const last = findItem(s, id)?.item.decisions.filter((d) => d.level === 1).at(-1)
        if (last === undefined || last.by !== 'mona') continue
        const r = execute(decideCmd('mona', [id], last.decision === 'approve', when), s)
        expect(isLeft(r), `mona revised ${id} after level 1 completed`).toBe(true)
      }
    }
  }  return s
}

describe("completeOn: 'submit' (laws)", () => {
  it('completes only on submit or at the end of its window, never on a decision; revisable until then, not after; submit accepted exactly when it may be', () => {
    fc.assert(
      fc.property(setupArb, fc.array(actionArb, { maxLength: 14 }), (u, actions) => {
        check(u, actions)
      }),
      { numRuns: runs(1000) },
    )
  })

  it('an example the laws cover: decide, revise, submit, and the revision after it refused', () => {
    const final = check({ items: 2, twoLevels: true, escalation: false, days1: 2, days2: 2, submit2: false }, [
      { kind: 'decide', who: 0, items: [0, 1], revoke: false, hours: 1 },
      { kind: 'decide', who: 0, items: [1], revoke: true, hours: 1 },
      { kind: 'submit', who: 0, level: 1, hours: 1 },
      { kind: 'decide', who: 1, items: [0], revoke: false, hours: 1 },
    ])
    expect(findItem(final, 'L1')?.item.state._tag).toBe('approved')
    expect(findItem(final, 'L2')?.item.state).toMatchObject({ _tag: 'revoked', level: 1, by: 'mona' })
  })

  it('an example through both levels: level 2 waits for its own submit', () => {
    const final = check({ items: 3, twoLevels: true, escalation: true, days1: 2, days2: 2, submit2: true }, [
      { kind: 'decide', who: 0, items: [0, 1, 2], revoke: false, hours: 1 },
      { kind: 'submitOpen', hours: 1 },
      { kind: 'decide', who: 1, items: [0, 1, 2], revoke: false, hours: 1 },
      { kind: 'decide', who: 1, items: [2], revoke: true, hours: 1 },
      { kind: 'advance', hours: 2 },
      { kind: 'submitOpen', hours: 1 },
    ])
    expect(packetOf(final)?.clocks.map((c) => c.outcome)).toEqual(['complete', 'complete'])
    expect(findItem(final, 'L3')?.item.state).toMatchObject({ _tag: 'revoked', level: 2, by: 'vic' })
  })
})
