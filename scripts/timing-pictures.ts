// Draws the timing scenarios of docs/timing.md as SVG Gantt charts in
// docs/img/, with the public API only. Run: npx tsx scripts/timing-pictures.ts
import { mkdirSync, writeFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { advance, decodeCommand, execute, formatInstant, packetTimeline, parseInstant, renderTimelineSvg } from '../src/index.js'
import type { CampaignState, Command, Instant, TimelineSvgRow, TimeZone } from '../src/index.js'

const ZONE = 'Europe/Berlin'
const zone = ZONE as TimeZone

const instant = (iso: string): Instant => {
  const i = parseInstant(iso)
  if (i === undefined) throw new Error(`bad instant ${iso}`)
  return i
}

const command = (u: Record<string, unknown>): Command => {
  const r = decodeCommand({ actor: { id: 'rita', roles: ['riskManager'] }, ...u })
  if (E.isLeft(r)) throw new Error(`command does not decode: ${JSON.stringify(r.left)}`)
  return r.right
}

const exec = (s: CampaignState | undefined, u: Record<string, unknown>): CampaignState => {
  const r = execute(command(u), s)
  if (E.isLeft(r)) throw new Error(`${String(u['type'])} refused: ${r.left.code} ${r.left.message}`)
  return r.right.state
}

const decide = (s: CampaignState, by: string, at: string, items: ReadonlyArray<string>, decision: 'approve' | 'revoke' = 'approve'): CampaignState =>
  exec(s, { type: 'decide', at, actor: { id: by, roles: [] }, items, decision })

const ESCALATIONS = [
  { duration: { days: 2 }, reviewers: { users: ['eve'] } },
  { duration: { days: 2 }, reviewers: { users: ['fay'] } },
]

/** A published campaign: one subject `sam` with `items` items, reviewed by ana (level 1) then ben (level 2). */
const campaign = (start: string, items: number, timing: Record<string, unknown>): CampaignState => {
  const scope = Array.from({ length: items }, (_, i) => ({ id: `sam-${i + 1}`, subject: 'sam', application: 'crm', resource: 'crm-db', entitlement: 'reader' }))
  const definition = {
    id: 'q4',
    name: 'Q4 access review',
    timeZone: ZONE,
    owners: ['olga'],
    reviewers: { order: [{ users: ['ana'] }, { users: ['ben'] }], count: 2 },
    timing,
  }
  const directory = {
    users: [{ id: 'ana' }, { id: 'ben' }, { id: 'eve' }, { id: 'fay' }, { id: 'olga' }, { id: 'sam-user' }],
    subjects: [{ id: 'sam', user: 'sam-user' }],
  }
  const created = exec(undefined, { type: 'create', at: start, definition, items: scope })
  return exec(created, { type: 'publish', at: start, directory })
}

const twoLevels = { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }, { duration: { days: 2 } }] }

const row = (label: string, s: CampaignState): TimelineSvgRow => ({ label, windows: packetTimeline(s, 'sam') })

const short = (ms: number): string => formatInstant(ms as Instant, zone).slice(5, 16).replace('T', ' ')

const pictures: Record<string, { title: string; rows: ReadonlyArray<TimelineSvgRow>; now?: string }> = {}

// early and immediate completion (two levels × 2 days from 10-09 16:00)
{
  const start = '2025-10-09T16:00:00+02:00'
  const early = decide(campaign(start, 2, twoLevels), 'ana', '2025-10-10T10:00:00+02:00', ['sam-1', 'sam-2'])
  const immediate = decide(campaign(start, 2, twoLevels), 'ana', '2025-10-09T18:00:00+02:00', ['sam-1', 'sam-2'])
  pictures['early-completion'] = {
    title: 'Early completion: level 1 done at 10-10 10:00, level 2 runs 10-10 10:00 → 10-12 10:00',
    rows: [row('sam (2 items)', early)],
    now: '2025-10-10T12:00:00+02:00',
  }
  pictures['immediate-completion'] = {
    title: 'Immediate completion: level 1 done at 10-09 18:00, level 2 runs 10-09 18:00 → 10-11 18:00',
    rows: [row('sam (2 items)', immediate)],
    now: '2025-10-09T20:00:00+02:00',
  }
}

// escalation with a partial review: nine items, four decided before the primary's window ends
{
  const start = '2025-10-09T16:00:00+02:00'
  const timing = { policy: 'reviewerWindows', levels: [{ duration: { days: 2 }, escalations: ESCALATIONS }, { duration: { days: 2 } }] }
  let s = campaign(start, 9, timing)
  s = decide(s, 'ana', '2025-10-10T09:00:00+02:00', ['sam-1', 'sam-2'])
  s = decide(s, 'ana', '2025-10-10T09:30:00+02:00', ['sam-3', 'sam-4'], 'revoke')
  const escalated = advance(s, instant('2025-10-12T12:00:00+02:00')).state
  const finished = decide(escalated, 'eve', '2025-10-12T12:00:00+02:00', ['sam-5', 'sam-6', 'sam-7', 'sam-8', 'sam-9'])
  pictures['escalation-partial'] = {
    title: 'Escalation: ana decided 4 of 9 items; at 10-11 16:00 eve gets the other 5',
    rows: [row('10-12 12:00, eve acting', escalated), row('eve done at 10-12 12:00', finished)],
    now: '2025-10-12T12:00:00+02:00',
  }
}

// expiry: nobody acts; under onLapse expire the packet (and this one-subject campaign) expires
{
  const start = '2025-10-09T16:00:00+02:00'
  const plain = advance(campaign(start, 2, twoLevels), instant('2025-10-11T16:00:00+02:00')).state
  const chain = advance(
    campaign(start, 2, { policy: 'reviewerWindows', levels: [{ duration: { days: 2 }, escalations: ESCALATIONS }, { duration: { days: 2 } }] }),
    instant('2025-10-15T16:00:00+02:00'),
  ).state
  pictures['expiry'] = {
    title: 'Expiry: level 1 lapses with undecided items; level 2 never starts',
    rows: [row(`no escalation: ${plain.campaign.status}`, plain), row(`2 escalation tiers: ${chain.campaign.status}`, chain)],
  }
}

// cascade extension, +2 days on 10-12 20:00 (campaign 10-11 → 10-15)
{
  const start = '2025-10-11T10:00:00+02:00'
  const at = '2025-10-12T20:00:00+02:00'
  const extend = (s: CampaignState, cascade: boolean): CampaignState => exec(s, { type: 'extend', at, days: 2, cascade })
  const notStarted = campaign(start, 2, twoLevels)
  pictures['cascade-not-started'] = {
    title: 'Extension by 2 days, level 1 not started: cascade OFF vs ON',
    rows: [row('before', notStarted), row('cascade OFF', extend(notStarted, false)), row('cascade ON', extend(notStarted, true))],
    now: at,
  }
  let partial = decide(campaign(start, 2, twoLevels), 'ana', '2025-10-11T12:00:00+02:00', ['sam-1'])
  partial = decide(partial, 'ben', '2025-10-11T13:00:00+02:00', ['sam-1'])
  pictures['cascade-partial'] = {
    title: 'Extension by 2 days, level 1 partial and level 2 acting on sam-1: cascade OFF vs ON',
    rows: [row('before', partial), row('cascade OFF', extend(partial, false)), row('cascade ON', extend(partial, true))],
    now: at,
  }
}

mkdirSync('docs/img', { recursive: true })
for (const [name, p] of Object.entries(pictures)) {
  const svg = renderTimelineSvg({
    title: p.title,
    zone: ZONE,
    rows: p.rows,
    formatTime: short,
    ...(p.now === undefined ? {} : { now: instant(p.now) }),
  })
  writeFileSync(`docs/img/${name}.svg`, svg)
  console.log(`docs/img/${name}.svg`)
}
