// Timing examples with exact instants (SPEC §5, §6, §7.1 reminders).
// Every instant is asserted as formatInstant(at, campaignZone), so a test
// reads like the tables it pins. Numbers and names are our own.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  addDuration,
  advance,
  decodeCommand,
  displayStatus,
  dueAtOf,
  execute,
  findItem,
  formatInstant,
  packetTimeline,
  parseInstant,
  tasksOf,
} from '../../src/index.js'
import type { CampaignEvent, CampaignState, Command, DomainError, Instant, NotificationIntent, TimeZone } from '../../src/index.js'

// -------------------------------------------------------------------------------------
// builder
// -------------------------------------------------------------------------------------

const BERLIN = 'Europe/Berlin'
const NEW_YORK = 'America/New_York'

const at = (iso: string): Instant => {
  const i = parseInstant(iso)
  if (i === undefined) throw new Error(`bad instant ${iso}`)
  return i
}

const ACTOR = { id: 'rita', roles: ['riskManager'] }

/** Decodes a plain command (ISO instants, plain ids), failing the test when it does not decode. */
const cmd = (u: Record<string, unknown>): Command => {
  const r = decodeCommand({ actor: ACTOR, ...u })
  if (E.isLeft(r)) throw new Error(`command does not decode: ${JSON.stringify(r.left)}`)
  return r.right
}

interface World {
  state: CampaignState
  readonly zone: TimeZone
  readonly log: CampaignEvent[]
}

const run = (w: World, u: Record<string, unknown>): ReadonlyArray<CampaignEvent> => {
  const r = execute(cmd(u), w.state)
  if (E.isLeft(r)) throw new Error(`refused: ${r.left.code} ${r.left.message}`)
  w.state = r.right.state
  w.log.push(...r.right.events)
  return r.right.events
}

const refuse = (w: World, u: Record<string, unknown>): DomainError => {
  const r = execute(cmd(u), w.state)
  if (E.isRight(r)) throw new Error(`expected a refusal of ${String(u['type'])}`)
  return r.left
}

const tick = (w: World, to: string): ReadonlyArray<CampaignEvent> => {
  const r = advance(w.state, at(to))
  w.state = r.state
  w.log.push(...r.events)
  return r.events
}

const decideAs = (w: World, by: string, when: string, items: ReadonlyArray<string>, decision: 'approve' | 'revoke' = 'approve'): ReadonlyArray<CampaignEvent> =>
  run(w, { type: 'decide', at: when, actor: { id: by, roles: [] }, items, decision })

const tryDecide = (w: World, by: string, when: string, items: ReadonlyArray<string>, decision: 'approve' | 'revoke' = 'approve'): DomainError =>
  refuse(w, { type: 'decide', at: when, actor: { id: by, roles: [] }, items, decision })

const L1 = 'ana'
const L2 = 'ben'
const L3 = 'cal'
const ESC1 = 'eve'
const ESC2 = 'fay'
const ESC = [
  { duration: { days: 2 }, reviewers: { users: [ESC1] } },
  { duration: { days: 2 }, reviewers: { users: [ESC2] } },
]

interface Setup {
  readonly zone?: string
  readonly start: string
  readonly timing: Record<string, unknown>
  /** subject id → number of items (ids `<subject>-1`, `<subject>-2`, …). */
  readonly subjects?: Readonly<Record<string, number>>
  readonly levels?: number
  readonly reminders?: Record<string, unknown>
}

const setup = (s: Setup): World => {
  const zone = s.zone ?? BERLIN
  const levels = s.levels ?? 2
  const subjects = s.subjects ?? { sam: 2 }
  const items = Object.entries(subjects).flatMap(([subject, n]) =>
    Array.from({ length: n }, (_, i) => ({ id: `${subject}-${i + 1}`, subject, application: 'crm', resource: 'crm-db', entitlement: 'reader' })),
  )
  const definition = {
    id: 'q4',
    name: 'Q4 review',
    timeZone: zone,
    owners: ['olga'],
    reviewers: { order: [{ users: [L1] }, { users: [L2] }, { users: [L3] }].slice(0, levels), count: levels },
    timing: s.timing,
    ...(s.reminders === undefined ? {} : { reminders: s.reminders }),
  }
  const directory = {
    users: [
      { id: L1, manager: 'max' },
      { id: L2, manager: 'mia' },
      { id: L3 },
      { id: ESC1 },
      { id: ESC2 },
      { id: 'max' },
      { id: 'mia' },
      { id: 'olga' },
      { id: 'rita', roles: ['riskManager'] },
      ...Object.keys(subjects).map((sub) => ({ id: `${sub}-user`, manager: 'max' })),
    ],
    subjects: Object.keys(subjects).map((sub) => ({ id: sub, user: `${sub}-user` })),
  }
  const created = execute(cmd({ type: 'create', at: s.start, definition, items }), undefined)
  if (E.isLeft(created)) throw new Error(`create refused: ${created.left.message}`)
  const w: World = { state: created.right.state, zone: zone as TimeZone, log: [...created.right.events] }
  run(w, { type: 'publish', at: s.start, directory })
  return w
}

const fmt = (w: World, i: Instant | undefined): string => (i === undefined ? 'none' : formatInstant(i, w.zone))

/** A packet's windows as `L<level>T<tier> start → end [closedAt] status`, in the campaign zone. */
const windows = (w: World, packet = 'sam'): ReadonlyArray<string> =>
  packetTimeline(w.state, packet).map(
    (x) => `L${x.level}T${x.tier} ${fmt(w, x.start)} → ${fmt(w, x.end)}${x.closedAt === undefined ? '' : ` closed ${fmt(w, x.closedAt)}`} ${x.status}`,
  )

const intents = (es: ReadonlyArray<CampaignEvent>, kind?: string): ReadonlyArray<NotificationIntent> =>
  es.flatMap((e) => (e.type === 'NotificationIssued' && (kind === undefined || e.intent.kind === kind) ? [e.intent] : []))

/** `recipient: item, item` for each intent of a kind, sorted. */
const sent = (es: ReadonlyArray<CampaignEvent>, kind: string): ReadonlyArray<string> =>
  intents(es, kind)
    .map((n) => `${n.recipients.join(',')}: ${[...n.itemIds].join(',')}`)
    .sort()

const types = (es: ReadonlyArray<CampaignEvent>): ReadonlyArray<string> => es.filter((e) => e.type !== 'NotificationIssued').map((e) => e.type)

const twoLevels = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  policy: 'reviewerWindows',
  levels: [{ duration: { days: 2 } }, { duration: { days: 2 } }],
  ...extra,
})

/** `pending@L2`, `revoked@L1`, `expired@L1`, … */
const itemState = (w: World, id: string): string => {
  const found = findItem(w.state, id)
  return found === undefined ? 'missing' : `${found.item.state._tag}@L${found.item.state.level}`
}

// -------------------------------------------------------------------------------------
// §5.2 windows of a packet
// -------------------------------------------------------------------------------------

describe('windows of a packet (two levels × 2 days, start 2025-10-09 16:00)', () => {
  const START = '2025-10-09T16:00:00+02:00'

  it('at publish: level 1 active, level 2 projected at level 1 end', () => {
    const w = setup({ start: START, timing: twoLevels() })
    expect(windows(w)).toEqual([
      'L1T0 2025-10-09T16:00:00+02:00 → 2025-10-11T16:00:00+02:00 active',
      'L2T0 2025-10-11T16:00:00+02:00 → 2025-10-13T16:00:00+02:00 upcoming',
    ])
    expect(fmt(w, dueAtOf(w.state))).toBe('2025-10-13T16:00:00+02:00')
  })

  it('early completion at 10-10 10:00: level 2 runs 10-10 10:00 → 10-12 10:00', () => {
    const w = setup({ start: START, timing: twoLevels() })
    const es = decideAs(w, L1, '2025-10-10T10:00:00+02:00', ['sam-1', 'sam-2'])
    expect(types(es)).toEqual(['ItemsDecided', 'LevelCompleted', 'LevelStarted'])
    expect(windows(w)).toEqual([
      'L1T0 2025-10-09T16:00:00+02:00 → 2025-10-11T16:00:00+02:00 closed 2025-10-10T10:00:00+02:00 done',
      'L2T0 2025-10-10T10:00:00+02:00 → 2025-10-12T10:00:00+02:00 active',
    ])
    expect(fmt(w, dueAtOf(w.state))).toBe('2025-10-12T10:00:00+02:00')
    // level 2 lapses at its own end, not at 10-13
    expect(types(tick(w, '2025-10-12T09:59:59.999+02:00'))).toEqual([])
    expect(types(tick(w, '2025-10-12T10:00:00+02:00'))).toEqual(['PacketExpired', 'CampaignExpired'])
    expect(w.state.campaign.status).toBe('expired')
  })

  it('immediate completion at 10-09 18:00: level 2 runs 10-09 18:00 → 10-11 18:00', () => {
    const w = setup({ start: START, timing: twoLevels() })
    decideAs(w, L1, '2025-10-09T18:00:00+02:00', ['sam-1', 'sam-2'])
    expect(windows(w)).toEqual([
      'L1T0 2025-10-09T16:00:00+02:00 → 2025-10-11T16:00:00+02:00 closed 2025-10-09T18:00:00+02:00 done',
      'L2T0 2025-10-09T18:00:00+02:00 → 2025-10-11T18:00:00+02:00 active',
    ])
    expect(fmt(w, dueAtOf(w.state))).toBe('2025-10-11T18:00:00+02:00')
  })

  it('a level 1 that completed early does not hold the due date past a shorter level 2', () => {
    const w = setup({ start: START, timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 3 } }, { duration: { days: 1 } }], onLapse: 'overdue' } })
    decideAs(w, L1, '2025-10-09T18:00:00+02:00', ['sam-1', 'sam-2'])
    expect(windows(w)[1]).toBe('L2T0 2025-10-09T18:00:00+02:00 → 2025-10-10T18:00:00+02:00 active')
    expect(fmt(w, dueAtOf(w.state))).toBe('2025-10-10T18:00:00+02:00')
    // level 2's lapse and the campaign's due date are the same instant
    expect(types(tick(w, '2025-10-10T18:00:00+02:00'))).toEqual(['LevelOverdue', 'CampaignOverdue'])
  })

  it('a revocation that ends the flow brings the due date in: campaignOverdue once, however advance is called', () => {
    const timing = { policy: 'reviewerWindows', levels: [{ duration: { hours: 2 } }], onLapse: 'overdue' }
    const plain = setup({ start: START, timing })
    const split = setup({ start: START, timing })
    tick(split, '2025-10-09T18:00:00+02:00')
    for (const w of [plain, split]) decideAs(w, L1, '2025-10-09T18:01:00+02:00', ['sam-1', 'sam-2'], 'revoke')
    expect(fmt(plain, dueAtOf(plain.state))).toBe('2025-10-09T18:00:00+02:00')
    for (const w of [plain, split]) tick(w, '2025-10-09T18:01:00+02:00')
    expect(plain.log).toEqual(split.log)
    expect(sent(plain.log, 'campaignOverdue')).toEqual([])
    expect(types(plain.log).filter((t) => t === 'CampaignOverdue')).toEqual(['CampaignOverdue'])
  })

  it('an item approved at level 1 is actionable by level 2 before level 2’s window starts', () => {
    const w = setup({ start: START, timing: twoLevels() })
    const es = decideAs(w, L1, '2025-10-10T09:00:00+02:00', ['sam-1'])
    expect(sent(es, 'reviewAssigned')).toEqual(['ben: sam-1'])
    expect(tasksOf(w.state, L2)).toEqual(['sam-1'])
    // the window of level 2 is still projected from level 1's end
    expect(windows(w)[1]).toBe('L2T0 2025-10-11T16:00:00+02:00 → 2025-10-13T16:00:00+02:00 upcoming')
    decideAs(w, L2, '2025-10-10T11:00:00+02:00', ['sam-1'])
    expect(itemState(w, 'sam-1')).toBe('approved@L2')
  })
})

describe('calendar days across DST', () => {
  it('"2 days" from 2025-03-08 16:00 New York ends 2025-03-10 16:00 local, 47 real hours', () => {
    const start = at('2025-03-08T16:00:00-05:00')
    const end = addDuration(start, { days: 2 }, NEW_YORK as TimeZone)
    expect(formatInstant(end, NEW_YORK as TimeZone)).toBe('2025-03-10T16:00:00-04:00')
    expect((end - start) / 3_600_000).toBe(47)
    // hours are exact: 48 hours is 17:00 local
    expect(formatInstant(addDuration(start, { hours: 48 }, NEW_YORK as TimeZone), NEW_YORK as TimeZone)).toBe('2025-03-10T17:00:00-04:00')
  })

  it('a campaign window of 2 days published then ends at the same wall time', () => {
    const w = setup({ zone: NEW_YORK, start: '2025-03-08T16:00:00-05:00', timing: twoLevels() })
    expect(windows(w)).toEqual([
      'L1T0 2025-03-08T16:00:00-05:00 → 2025-03-10T16:00:00-04:00 active',
      'L2T0 2025-03-10T16:00:00-04:00 → 2025-03-12T16:00:00-04:00 upcoming',
    ])
  })

  it('a window ending in the DST gap moves forward by the gap', () => {
    // 2025-03-08 02:30 + 1 day would be 2025-03-09 02:30, which does not exist in New York
    const end = addDuration(at('2025-03-08T02:30:00-05:00'), { days: 1 }, NEW_YORK as TimeZone)
    expect(formatInstant(end, NEW_YORK as TimeZone)).toBe('2025-03-09T03:30:00-04:00')
  })

  it('Pacific/Apia skipped 2011-12-30: one day from 12-29 10:00 lands on 12-31 10:00', () => {
    const apia = 'Pacific/Apia' as TimeZone
    const end = addDuration(at('2011-12-29T10:00:00-10:00'), { days: 1 }, apia)
    expect(formatInstant(end, apia)).toBe('2011-12-31T10:00:00+14:00')
  })
})

// -------------------------------------------------------------------------------------
// §5.3 escalation, §5.5 lapse
// -------------------------------------------------------------------------------------

describe('escalation and lapse', () => {
  const START = '2025-10-09T16:00:00+02:00'
  const escalating = (onLapse?: 'expire' | 'overdue'): Record<string, unknown> => ({
    policy: 'reviewerWindows',
    levels: [{ duration: { days: 2 }, escalations: ESC }, { duration: { days: 2 } }],
    ...(onLapse === undefined ? {} : { onLapse }),
  })

  it('a primary and two escalation tiers of 2 days: 6 days, then expiry; level 2 never starts', () => {
    const w = setup({ start: START, timing: escalating() })
    expect(fmt(w, dueAtOf(w.state))).toBe('2025-10-17T16:00:00+02:00')
    expect(tick(w, '2025-10-11T15:59:59+02:00')).toEqual([])

    const first = tick(w, '2025-10-11T16:00:00+02:00')
    expect(types(first)).toEqual(['TierEscalated'])
    expect(sent(first, 'reviewEscalated')).toEqual(['eve: sam-1,sam-2'])
    expect(first.every((e) => fmt(w, e.at) === '2025-10-11T16:00:00+02:00')).toBe(true)

    const second = tick(w, '2025-10-13T16:00:00+02:00')
    expect(types(second)).toEqual(['TierEscalated'])
    expect(sent(second, 'reviewEscalated')).toEqual(['fay: sam-1,sam-2'])

    expect(tick(w, '2025-10-15T15:59:59+02:00')).toEqual([])
    const last = tick(w, '2025-10-15T16:00:00+02:00')
    expect(types(last)).toEqual(['PacketExpired', 'CampaignExpired'])
    expect(fmt(w, last[0]?.at)).toBe('2025-10-15T16:00:00+02:00')
    expect(w.state.campaign.status).toBe('expired')
    expect(windows(w)).toEqual([
      'L1T0 2025-10-09T16:00:00+02:00 → 2025-10-11T16:00:00+02:00 lapsed',
      'L1T1 2025-10-11T16:00:00+02:00 → 2025-10-13T16:00:00+02:00 lapsed',
      'L1T2 2025-10-13T16:00:00+02:00 → 2025-10-15T16:00:00+02:00 lapsed',
    ])
    // level 2 never started and its reviewer was never told anything
    expect(w.log.some((e) => e.type === 'LevelStarted')).toBe(false)
    expect(intents(w.log).some((n) => n.recipients.includes(L2 as never))).toBe(false)
    expect(tick(w, '2025-12-31T00:00:00+01:00')).toEqual([])
  })

  it('nine items, four decided before escalation: the escalation tier gets exactly the five others', () => {
    const w = setup({ start: START, timing: escalating(), subjects: { sam: 9 } })
    decideAs(w, L1, '2025-10-10T09:00:00+02:00', ['sam-1', 'sam-2'], 'approve')
    decideAs(w, L1, '2025-10-10T09:30:00+02:00', ['sam-3', 'sam-4'], 'revoke')
    const es = tick(w, '2025-10-11T16:00:00+02:00')
    const escalated = es.find((e) => e.type === 'TierEscalated')
    expect(escalated?.type === 'TierEscalated' ? escalated.itemIds : []).toEqual(['sam-5', 'sam-6', 'sam-7', 'sam-8', 'sam-9'])
    expect(sent(es, 'reviewEscalated')).toEqual(['eve: sam-5,sam-6,sam-7,sam-8,sam-9'])
    expect(tasksOf(w.state, ESC1)).toEqual(['sam-5', 'sam-6', 'sam-7', 'sam-8', 'sam-9'])
    expect(tasksOf(w.state, L1)).toEqual([])

    // tier 0 can no longer act, neither on the rest nor to revise its own decisions
    expect(tryDecide(w, L1, '2025-10-11T17:00:00+02:00', ['sam-5']).code).toBe('NotEligibleReviewer')
    expect(tryDecide(w, L1, '2025-10-11T17:00:00+02:00', ['sam-3'], 'approve').code).toBe('NotEligibleReviewer')
    // its decisions stand
    expect(['sam-1', 'sam-2', 'sam-3', 'sam-4'].map((id) => itemState(w, id))).toEqual(['pending@L2', 'pending@L2', 'revoked@L1', 'revoked@L1'])
    // the escalation reviewer acts on the five
    decideAs(w, ESC1, '2025-10-11T18:00:00+02:00', ['sam-5', 'sam-6', 'sam-7', 'sam-8', 'sam-9'])
    expect(windows(w).slice(0, 2)).toEqual([
      'L1T0 2025-10-09T16:00:00+02:00 → 2025-10-11T16:00:00+02:00 lapsed',
      'L1T1 2025-10-11T16:00:00+02:00 → 2025-10-13T16:00:00+02:00 closed 2025-10-11T18:00:00+02:00 done',
    ])
    expect(windows(w)[2]).toBe('L2T0 2025-10-11T18:00:00+02:00 → 2025-10-13T18:00:00+02:00 active')
  })

  it('a single-subject campaign expires the moment its first level lapses (onLapse expire), approved items included', () => {
    const w = setup({ start: START, timing: twoLevels({ onLapse: 'expire' }), subjects: { sam: 3 } })
    decideAs(w, L1, '2025-10-10T12:00:00+02:00', ['sam-1'])
    expect(tick(w, '2025-10-11T15:59:59.999+02:00')).toEqual([])
    expect(w.state.campaign.status).toBe('inProgress')
    const es = tick(w, '2025-10-11T16:00:00+02:00')
    expect(types(es)).toEqual(['PacketExpired', 'CampaignExpired'])
    expect(es.map((e) => fmt(w, e.at))).toEqual(Array.from({ length: es.length }, () => '2025-10-11T16:00:00+02:00'))
    // expiry is not silent (issue 10): the lapsed tier's reviewers and the owner hear of it
    expect(sent(es, 'reviewExpired')).toEqual(['ana: sam-2,sam-3', 'olga: sam-1,sam-2,sam-3'])
    expect(sent(es, 'campaignExpired')).toEqual(['olga: '])
    expect(w.state.campaign.status).toBe('expired')
    expect(['sam-1', 'sam-2', 'sam-3'].map((id) => itemState(w, id))).toEqual(['expired@L2', 'expired@L1', 'expired@L1'])
    expect(tryDecide(w, L2, '2025-10-11T17:00:00+02:00', ['sam-1']).code).toBe('CampaignNotActive')
  })

  it('with two subjects the campaign stays in progress while another packet is pending', () => {
    const w = setup({ start: START, timing: twoLevels(), subjects: { sam: 1, sue: 1 } })
    decideAs(w, L1, '2025-10-10T12:00:00+02:00', ['sue-1'])
    expect(types(tick(w, '2025-10-11T16:00:00+02:00'))).toEqual(['PacketExpired'])
    expect(w.state.campaign.status).toBe('inProgress')
    expect(windows(w, 'sue')[1]).toBe('L2T0 2025-10-10T12:00:00+02:00 → 2025-10-12T12:00:00+02:00 active')
    expect(types(tick(w, '2025-10-12T12:00:00+02:00'))).toEqual(['PacketExpired', 'CampaignExpired'])
  })

  it('onLapse overdue: the last tier stays assigned, one reviewOverdue, still actionable', () => {
    const w = setup({ start: START, timing: escalating('overdue') })
    tick(w, '2025-10-13T16:00:00+02:00')
    const es = tick(w, '2025-10-15T16:00:00+02:00')
    expect(types(es)).toEqual(['LevelOverdue'])
    expect(sent(es, 'reviewOverdue')).toEqual(['fay: sam-1,sam-2'])
    expect(w.state.campaign.status).toBe('inProgress')
    expect(tasksOf(w.state, ESC2)).toEqual(['sam-1', 'sam-2'])
    // no second reviewOverdue, however long we wait
    const later = tick(w, '2025-11-30T00:00:00+01:00')
    expect(sent(later, 'reviewOverdue')).toEqual([])
    expect(intents(w.log, 'reviewOverdue')).toHaveLength(1)
    decideAs(w, ESC2, '2025-11-30T10:00:00+01:00', ['sam-1', 'sam-2'])
    expect(['sam-1', 'sam-2'].map((id) => itemState(w, id))).toEqual(['pending@L2', 'pending@L2'])
    expect(windows(w).at(-1)).toBe('L2T0 2025-11-30T10:00:00+01:00 → 2025-12-02T10:00:00+01:00 active')
  })
})

// -------------------------------------------------------------------------------------
// §5.1 deadline policy
// -------------------------------------------------------------------------------------

describe('deadline policy', () => {
  const START = '2025-10-09T16:00:00+02:00'
  const DUE = '2025-10-20T16:00:00+02:00'
  const deadline = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ policy: 'deadline', dueAt: DUE, ...extra })

  it('after dueAt: displayStatus overdue, still actionable, campaignOverdue once', () => {
    const w = setup({ start: START, timing: deadline(), levels: 1 })
    expect(displayStatus(w.state, at('2025-10-20T15:59:59+02:00'))).toBe('inProgress')
    expect(displayStatus(w.state, at(DUE))).toBe('overdue')
    const es = tick(w, DUE)
    expect(types(es)).toEqual(['CampaignOverdue'])
    expect(sent(es, 'campaignOverdue')).toEqual(['ana: sam-1,sam-2'])
    tick(w, '2025-10-25T00:00:00+02:00')
    tick(w, '2025-11-25T00:00:00+01:00')
    expect(intents(w.log, 'campaignOverdue')).toHaveLength(1)
    decideAs(w, L1, '2025-11-25T10:00:00+01:00', ['sam-1'])
    expect(itemState(w, 'sam-1')).toBe('approved@L1')
    expect(intents(w.log, 'campaignOverdue')).toHaveLength(1)
  })

  it('an extension that ends after now notifies campaignOverdue again when passed; one that ends before now does not re-send it', () => {
    const w = setup({ start: START, timing: deadline(), levels: 1 })
    tick(w, '2025-10-22T16:00:00+02:00') // overdue since 10-20
    expect(intents(w.log, 'campaignOverdue')).toHaveLength(1)
    run(w, { type: 'extend', at: '2025-10-22T17:00:00+02:00', days: 1, cascade: false }) // new due 10-21: still past
    tick(w, '2025-10-24T00:00:00+02:00')
    expect(intents(w.log, 'campaignOverdue')).toHaveLength(1)
    run(w, { type: 'extend', at: '2025-10-24T01:00:00+02:00', days: 5, cascade: false }) // new due 10-26 16:00
    expect(displayStatus(w.state, at('2025-10-24T02:00:00+02:00'))).toBe('inProgress')
    const es = tick(w, '2025-10-26T16:00:00+01:00')
    expect(types(es)).toEqual(['CampaignOverdue'])
    expect(intents(w.log, 'campaignOverdue')).toHaveLength(2)
  })

  it('escalateBeforeDue 2days: the manager joins the tier and both get reviewEscalated', () => {
    const w = setup({ start: START, timing: deadline({ escalateBeforeDue: '2days' }), levels: 1, subjects: { sam: 3 } })
    decideAs(w, L1, '2025-10-12T10:00:00+02:00', ['sam-1'])
    expect(tick(w, '2025-10-18T15:59:59+02:00')).toEqual([])
    const es = tick(w, '2025-10-18T16:00:00+02:00')
    expect(types(es)).toEqual(['EscalatedBeforeDue', 'ReviewersAdded'])
    expect(sent(es, 'reviewEscalated')).toEqual(['ana: sam-2,sam-3', 'max: sam-2,sam-3'])
    expect(tasksOf(w.state, 'max')).toEqual(['sam-2', 'sam-3'])
    decideAs(w, 'max', '2025-10-19T09:00:00+02:00', ['sam-2'])
    decideAs(w, L1, '2025-10-19T09:00:00+02:00', ['sam-3'], 'revoke')
    expect(['sam-2', 'sam-3'].map((id) => itemState(w, id))).toEqual(['approved@L1', 'revoked@L1'])
    expect(intents(w.log, 'reviewEscalated')).toHaveLength(2)
  })

  it('extension moves dueAt by calendar days in the zone, cascade or not', () => {
    const w = setup({ zone: NEW_YORK, start: '2025-10-25T16:00:00-04:00', timing: { policy: 'deadline', dueAt: '2025-10-31T16:00:00-04:00' }, levels: 1 })
    run(w, { type: 'extend', at: '2025-10-26T10:00:00-04:00', days: 3, cascade: false })
    expect(fmt(w, dueAtOf(w.state))).toBe('2025-11-03T16:00:00-05:00')
    run(w, { type: 'extend', at: '2025-10-26T11:00:00-04:00', days: 2, cascade: true })
    expect(fmt(w, dueAtOf(w.state))).toBe('2025-11-05T16:00:00-05:00')
    // bound: at most the calendar days from publish to the configured due date (6)
    expect(refuse(w, { type: 'extend', at: '2025-10-26T12:00:00-04:00', days: 7, cascade: false }).code).toBe('ExtensionTooLong')
    run(w, { type: 'extend', at: '2025-10-26T12:00:00-04:00', days: 6, cascade: false })
    expect(fmt(w, dueAtOf(w.state))).toBe('2025-11-11T16:00:00-05:00')
  })
})

describe('due date projection at publish', () => {
  it('two levels × (2 days + 2 escalation tiers × 2 days) = 12 days, wall time kept across DST', () => {
    const w = setup({
      zone: NEW_YORK,
      start: '2025-10-30T16:00:00-04:00',
      timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 }, escalations: ESC }, { duration: { days: 2 }, escalations: ESC }] },
    })
    expect(fmt(w, dueAtOf(w.state))).toBe('2025-11-11T16:00:00-05:00')
    expect(windows(w).map((x) => x.split(' ').slice(0, 4).join(' '))).toEqual([
      'L1T0 2025-10-30T16:00:00-04:00 → 2025-11-01T16:00:00-04:00',
      'L1T1 2025-11-01T16:00:00-04:00 → 2025-11-03T16:00:00-05:00',
      'L1T2 2025-11-03T16:00:00-05:00 → 2025-11-05T16:00:00-05:00',
      'L2T0 2025-11-05T16:00:00-05:00 → 2025-11-07T16:00:00-05:00',
      'L2T1 2025-11-07T16:00:00-05:00 → 2025-11-09T16:00:00-05:00',
      'L2T2 2025-11-09T16:00:00-05:00 → 2025-11-11T16:00:00-05:00',
    ])
  })

  it('hours are exact: 36 hours per level across the fall-back night', () => {
    const w = setup({
      zone: NEW_YORK,
      start: '2025-11-01T12:00:00-04:00',
      timing: { policy: 'reviewerWindows', levels: [{ duration: { hours: 36 } }] },
      levels: 1,
    })
    // 36 real hours after 11-01 12:00 EDT is 11-02 23:00 EST (the wall clock moved 35 hours)
    expect(fmt(w, dueAtOf(w.state))).toBe('2025-11-02T23:00:00-05:00')
  })
})

// -------------------------------------------------------------------------------------
// §6 cascade extension (two levels × 2 days, campaign 10-11 → 10-15, extension 2 days)
// -------------------------------------------------------------------------------------

describe('cascade extension', () => {
  const START = '2025-10-11T10:00:00+02:00'
  const EXT = '2025-10-12T20:00:00+02:00'
  const extend = (w: World, cascade: boolean, days = 2, when = EXT): ReadonlyArray<CampaignEvent> => run(w, { type: 'extend', at: when, days, cascade })

  describe.each([false, true])('cascade %s', (cascade) => {
    it('level 1 not started: level 1 gets +2 days; level 2 ' + (cascade ? 'too' : 'moves with it'), () => {
      const w = setup({ start: START, timing: twoLevels() })
      expect(fmt(w, dueAtOf(w.state))).toBe('2025-10-15T10:00:00+02:00')
      extend(w, cascade)
      expect(windows(w)).toEqual([
        'L1T0 2025-10-11T10:00:00+02:00 → 2025-10-15T10:00:00+02:00 active',
        cascade ? 'L2T0 2025-10-15T10:00:00+02:00 → 2025-10-19T10:00:00+02:00 upcoming' : 'L2T0 2025-10-15T10:00:00+02:00 → 2025-10-17T10:00:00+02:00 upcoming',
      ])
      expect(fmt(w, dueAtOf(w.state))).toBe(cascade ? '2025-10-19T10:00:00+02:00' : '2025-10-17T10:00:00+02:00')
      // the old end passes without a lapse
      expect(tick(w, '2025-10-13T10:00:00+02:00')).toEqual([])
    })

    it('level 1 complete: level 2 gets +2 days', () => {
      const w = setup({ start: START, timing: twoLevels() })
      decideAs(w, L1, '2025-10-12T10:00:00+02:00', ['sam-1', 'sam-2'])
      extend(w, cascade)
      expect(windows(w)).toEqual([
        'L1T0 2025-10-11T10:00:00+02:00 → 2025-10-13T10:00:00+02:00 closed 2025-10-12T10:00:00+02:00 done',
        'L2T0 2025-10-12T10:00:00+02:00 → 2025-10-16T10:00:00+02:00 active',
      ])
    })

    it('level 1 partial, level 2 acting on approved items: ' + (cascade ? 'levels 1 and 2' : 'level 1 only'), () => {
      const w = setup({ start: START, timing: twoLevels() })
      decideAs(w, L1, '2025-10-11T12:00:00+02:00', ['sam-1'])
      decideAs(w, L2, '2025-10-11T13:00:00+02:00', ['sam-1'])
      extend(w, cascade)
      expect(windows(w)).toEqual([
        'L1T0 2025-10-11T10:00:00+02:00 → 2025-10-15T10:00:00+02:00 active',
        cascade ? 'L2T0 2025-10-15T10:00:00+02:00 → 2025-10-19T10:00:00+02:00 upcoming' : 'L2T0 2025-10-15T10:00:00+02:00 → 2025-10-17T10:00:00+02:00 upcoming',
      ])
      // when level 1 completes early, level 2 starts then, with its extension if cascaded
      decideAs(w, L1, '2025-10-14T08:00:00+02:00', ['sam-2'])
      expect(windows(w)[1]).toBe(
        cascade ? 'L2T0 2025-10-14T08:00:00+02:00 → 2025-10-18T08:00:00+02:00 active' : 'L2T0 2025-10-14T08:00:00+02:00 → 2025-10-16T08:00:00+02:00 active',
      )
    })

    it('single level: the due date moves by the days', () => {
      const w = setup({ start: '2025-10-13T10:00:00+02:00', timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] }, levels: 1 })
      expect(fmt(w, dueAtOf(w.state))).toBe('2025-10-15T10:00:00+02:00')
      extend(w, cascade, 2, '2025-10-14T10:00:00+02:00')
      expect(fmt(w, dueAtOf(w.state))).toBe('2025-10-17T10:00:00+02:00')
    })
  })

  it('cascade on with three levels, level 1 complete: levels 2 and 3 each get +2 days', () => {
    const w = setup({ start: START, timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] }, levels: 3 })
    decideAs(w, L1, '2025-10-12T10:00:00+02:00', ['sam-1', 'sam-2'])
    extend(w, true)
    expect(windows(w)).toEqual([
      'L1T0 2025-10-11T10:00:00+02:00 → 2025-10-13T10:00:00+02:00 closed 2025-10-12T10:00:00+02:00 done',
      'L2T0 2025-10-12T10:00:00+02:00 → 2025-10-16T10:00:00+02:00 active',
      'L3T0 2025-10-16T10:00:00+02:00 → 2025-10-20T10:00:00+02:00 upcoming',
    ])
  })

  it('cascade off with three levels, level 1 complete: only level 2 gets +2 days', () => {
    const w = setup({ start: START, timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] }, levels: 3 })
    decideAs(w, L1, '2025-10-12T10:00:00+02:00', ['sam-1', 'sam-2'])
    extend(w, false)
    expect(windows(w).slice(1)).toEqual([
      'L2T0 2025-10-12T10:00:00+02:00 → 2025-10-16T10:00:00+02:00 active',
      'L3T0 2025-10-16T10:00:00+02:00 → 2025-10-18T10:00:00+02:00 upcoming',
    ])
  })

  it('an escalation tier that is active receives the days; later tiers move with it', () => {
    const w = setup({ start: START, timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 }, escalations: ESC }] }, levels: 1 })
    tick(w, '2025-10-13T10:00:00+02:00')
    extend(w, false, 2, '2025-10-13T11:00:00+02:00')
    expect(windows(w)).toEqual([
      'L1T0 2025-10-11T10:00:00+02:00 → 2025-10-13T10:00:00+02:00 lapsed',
      'L1T1 2025-10-13T10:00:00+02:00 → 2025-10-17T10:00:00+02:00 active',
      'L1T2 2025-10-17T10:00:00+02:00 → 2025-10-19T10:00:00+02:00 upcoming',
    ])
  })

  it('an overdue level that receives days is active again until its new end', () => {
    const w = setup({ start: START, timing: twoLevels({ onLapse: 'overdue' }), levels: 1 })
    // the level's end is also the campaign's due date
    expect(types(tick(w, '2025-10-13T10:00:00+02:00'))).toEqual(['LevelOverdue', 'CampaignOverdue'])
    extend(w, false, 2, '2025-10-13T12:00:00+02:00')
    expect(displayStatus(w.state, at('2025-10-13T12:00:00+02:00'))).toBe('inProgress')
    expect(windows(w)).toEqual(['L1T0 2025-10-11T10:00:00+02:00 → 2025-10-15T10:00:00+02:00 active'])
    expect(types(tick(w, '2025-10-15T10:00:00+02:00'))).toEqual(['LevelOverdue', 'CampaignOverdue'])
  })

  it('ExtensionTooLong: more days than a receiving window’s configured duration', () => {
    const w = setup({ start: START, timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }, { duration: { days: 1 } }] } })
    const e = refuse(w, { type: 'extend', at: EXT, days: 3, cascade: false })
    expect(e.code).toBe('ExtensionTooLong')
    // cascade on also gives the days to level 2 (1 day long)
    expect(refuse(w, { type: 'extend', at: EXT, days: 2, cascade: true }).code).toBe('ExtensionTooLong')
    extend(w, false, 2)
    extend(w, true, 1)
    expect(windows(w)).toEqual([
      'L1T0 2025-10-11T10:00:00+02:00 → 2025-10-16T10:00:00+02:00 active',
      'L2T0 2025-10-16T10:00:00+02:00 → 2025-10-18T10:00:00+02:00 upcoming',
    ])
  })

  it('after completion, abort or expiry: CampaignNotActive', () => {
    const done = setup({ start: START, timing: twoLevels() })
    run(done, { type: 'complete', at: EXT, outstanding: 'keepAccess' })
    const aborted = setup({ start: START, timing: twoLevels() })
    run(aborted, { type: 'abort', at: EXT })
    const expired = setup({ start: START, timing: twoLevels() })
    tick(expired, '2025-10-13T10:00:00+02:00')
    expect(expired.state.campaign.status).toBe('expired')
    for (const w of [done, aborted, expired]) {
      expect(refuse(w, { type: 'extend', at: '2025-10-14T10:00:00+02:00', days: 1, cascade: true }).code).toBe('CampaignNotActive')
    }
  })
})

// -------------------------------------------------------------------------------------
// §7.1 reminders
// -------------------------------------------------------------------------------------

describe('scheduled reminders', () => {
  const START = '2025-10-09T16:00:00+02:00'
  const long = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    policy: 'reviewerWindows',
    levels: [{ duration: { days: 30 } }],
    ...extra,
  })
  const reminderTimes = (w: World, es: ReadonlyArray<CampaignEvent>): ReadonlyArray<string> =>
    intents(es, 'campaignReminder').map((n) => `${fmt(w, n.at)} ${n.recipients.join(',')}`)

  it('daily: the day after publish, then every day at the publish wall time (across DST)', () => {
    const w = setup({ zone: NEW_YORK, start: '2025-03-07T09:00:00-05:00', timing: long(), levels: 1, reminders: { kind: 'daily' } })
    expect(reminderTimes(w, w.log)).toEqual([])
    const daily = ['2025-03-08T12:00:00-05:00', '2025-03-09T12:00:00-04:00', '2025-03-10T12:00:00-04:00'].flatMap((to) => tick(w, to))
    expect(reminderTimes(w, daily)).toEqual([
      '2025-03-08T09:00:00-05:00 ana',
      '2025-03-09T09:00:00-04:00 ana',
      '2025-03-10T09:00:00-04:00 ana',
    ])
    // the same slots, when nothing advanced time in between, give one reminder (the latest slot)
    const once = setup({ zone: NEW_YORK, start: '2025-03-07T09:00:00-05:00', timing: long(), levels: 1, reminders: { kind: 'daily' } })
    expect(reminderTimes(once, tick(once, '2025-03-10T09:00:00-04:00'))).toEqual(['2025-03-10T09:00:00-04:00 ana'])
    expect(once.state).toEqual(w.state)
  })

  it.each([
    [{ kind: 'everyDays', days: 3 }, ['2025-10-12T16:00:00+02:00', '2025-10-15T16:00:00+02:00', '2025-10-18T16:00:00+02:00']],
    [{ kind: 'weekly' }, ['2025-10-16T16:00:00+02:00']],
  ])('%j until 10-19, advanced every day', (reminders, expected) => {
    const w = setup({ start: START, timing: long(), levels: 1, reminders })
    const days = Array.from({ length: 10 }, (_, d) => `2025-10-${String(10 + d).padStart(2, '0')}T00:00:00+02:00`)
    expect(intents(days.flatMap((to) => tick(w, to)), 'campaignReminder').map((n) => fmt(w, n.at))).toEqual(expected)
  })

  it('beforeDue 2: two days before the due date, once per due date', () => {
    const w = setup({ start: START, timing: { policy: 'deadline', dueAt: '2025-10-20T16:00:00+02:00' }, levels: 1, reminders: { kind: 'beforeDue', days: 2 } })
    expect(reminderTimes(w, tick(w, '2025-10-19T00:00:00+02:00'))).toEqual(['2025-10-18T16:00:00+02:00 ana'])
    expect(reminderTimes(w, tick(w, '2025-10-19T12:00:00+02:00'))).toEqual([])
    // a new due date is a new scheduled instant
    run(w, { type: 'extend', at: '2025-10-19T12:00:00+02:00', days: 3, cascade: false })
    expect(reminderTimes(w, tick(w, '2025-10-30T00:00:00+01:00'))).toEqual(['2025-10-21T16:00:00+02:00 ana'])
  })

  it('beforeDue never fires on or before publish day', () => {
    const w = setup({ start: START, timing: { policy: 'deadline', dueAt: '2025-10-11T16:00:00+02:00' }, levels: 1, reminders: { kind: 'beforeDue', days: 3 } })
    expect(reminderTimes(w, tick(w, '2025-10-12T00:00:00+02:00'))).toEqual([])
  })

  it('exactly one reminder per scheduled instant when advanced at every slot, never one twice; missed slots are coalesced', () => {
    const one = setup({ start: START, timing: long(), levels: 1, reminders: { kind: 'daily' } })
    const many = setup({ start: START, timing: long(), levels: 1, reminders: { kind: 'daily' } })
    const slots = Array.from({ length: 7 }, (_, d) => `2025-10-${10 + d}T16:00:00+02:00`)
    const everySlot = setup({ start: START, timing: long(), levels: 1, reminders: { kind: 'daily' } })
    const all = slots.flatMap((to) => [...tick(everySlot, to), ...tick(everySlot, to)])
    expect(reminderTimes(everySlot, all)).toEqual(slots.map((x) => `${x} ana`))
    expect(new Set(intents(all).map((n) => n.id)).size).toBe(7)
    // one advance over the 7 slots: one reminder, for the latest slot
    const once = tick(one, '2025-10-16T16:00:00+02:00')
    expect(reminderTimes(one, once)).toEqual(['2025-10-16T16:00:00+02:00 ana'])
    // advances that land between slots send the slots up to each of them
    const stepped: CampaignEvent[] = []
    for (const to of ['2025-10-10T15:59:59+02:00', '2025-10-10T16:00:00+02:00', '2025-10-10T16:00:00+02:00', '2025-10-12T09:00:00+02:00', '2025-10-16T16:00:00+02:00', '2025-10-16T16:00:00+02:00']) {
      stepped.push(...tick(many, to))
    }
    expect(reminderTimes(many, stepped)).toEqual(['2025-10-10T16:00:00+02:00 ana', '2025-10-11T16:00:00+02:00 ana', '2025-10-16T16:00:00+02:00 ana'])
    // the state is the same however advance was called
    expect(many.state).toEqual(one.state)
    expect(everySlot.state).toEqual(one.state)
  })

  it('only reviewers with pending items are reminded', () => {
    const w = setup({ start: START, timing: twoLevels(), subjects: { sam: 1, sue: 1 }, reminders: { kind: 'daily' } })
    decideAs(w, L1, '2025-10-10T09:00:00+02:00', ['sam-1'])
    expect([...reminderTimes(w, tick(w, '2025-10-10T16:00:00+02:00'))].sort()).toEqual(['2025-10-10T16:00:00+02:00 ana', '2025-10-10T16:00:00+02:00 ben'])
    expect(sent(w.log, 'campaignReminder')).toEqual(['ana: sue-1', 'ben: sam-1'])
    decideAs(w, L1, '2025-10-10T17:00:00+02:00', ['sue-1'])
    decideAs(w, L2, '2025-10-10T17:00:00+02:00', ['sam-1'])
    expect(reminderTimes(w, tick(w, '2025-10-11T16:00:00+02:00'))).toEqual(['2025-10-11T16:00:00+02:00 ben'])
  })

  it('none after completion, abort or expiry (not even at the expiry instant)', () => {
    const done = setup({ start: START, timing: long(), levels: 1, reminders: { kind: 'daily' } })
    run(done, { type: 'complete', at: '2025-10-11T10:00:00+02:00', outstanding: 'keepAccess' })
    const aborted = setup({ start: START, timing: long(), levels: 1, reminders: { kind: 'daily' } })
    run(aborted, { type: 'abort', at: '2025-10-11T10:00:00+02:00' })
    const expired = setup({ start: START, timing: twoLevels(), reminders: { kind: 'daily' } })
    for (const w of [done, aborted, expired]) tick(w, '2025-11-30T00:00:00+01:00')
    expect(reminderTimes(done, done.log)).toEqual(['2025-10-10T16:00:00+02:00 ana'])
    expect(reminderTimes(aborted, aborted.log)).toEqual(['2025-10-10T16:00:00+02:00 ana'])
    // expiry at 10-11 16:00, the same instant as the second daily slot: no reminder then
    expect(expired.state.campaign.status).toBe('expired')
    expect(reminderTimes(expired, expired.log)).toEqual(['2025-10-10T16:00:00+02:00 ana'])
  })
})

// -------------------------------------------------------------------------------------
// §7.1 recipients of reviewAssigned and reviewEscalated
// -------------------------------------------------------------------------------------

describe('reviewAssigned and reviewEscalated recipients', () => {
  const START = '2025-10-09T16:00:00+02:00'

  it('publish: one reviewAssigned per tier-0 reviewer of level 1, with all its items', () => {
    const w = setup({ start: START, timing: twoLevels(), subjects: { sam: 2, sue: 1 } })
    expect(sent(w.log, 'reviewAssigned')).toEqual(['ana: sam-1,sam-2,sue-1'])
    expect(intents(w.log).every((n) => n.recipients.length === 1)).toBe(true)
  })

  it('an approval at level 1 assigns the item to level 2; a revocation assigns nothing', () => {
    const w = setup({ start: START, timing: twoLevels(), subjects: { sam: 3 } })
    expect(sent(decideAs(w, L1, '2025-10-10T09:00:00+02:00', ['sam-1', 'sam-2']), 'reviewAssigned')).toEqual(['ben: sam-1,sam-2'])
    expect(sent(decideAs(w, L1, '2025-10-10T10:00:00+02:00', ['sam-3'], 'revoke'), 'reviewAssigned')).toEqual([])
    expect(sent(decideAs(w, L2, '2025-10-10T11:00:00+02:00', ['sam-1']), 'reviewAssigned')).toEqual([])
  })

  it('escalation of level 2 goes to level 2’s escalation reviewers only, for its undecided items', () => {
    const w = setup({
      start: START,
      timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }, { duration: { days: 1 }, escalations: [{ duration: { days: 1 }, reviewers: 'reviewerManager' }] }] },
      subjects: { sam: 2 },
    })
    decideAs(w, L1, '2025-10-10T09:00:00+02:00', ['sam-1', 'sam-2'])
    decideAs(w, L2, '2025-10-10T12:00:00+02:00', ['sam-2'], 'revoke')
    const es = tick(w, '2025-10-11T09:00:00+02:00')
    expect(types(es)).toEqual(['TierEscalated'])
    // ben's manager is mia
    expect(sent(es, 'reviewEscalated')).toEqual(['mia: sam-1'])
  })
})
