/**
 * The campaign shape of the benchmarks and of the complexity guard, built
 * only from public inputs (plain JSON decoded by the public codecs).
 *
 * N items = N/4 subjects × 4 items (applications app-0 … app-3); three
 * levels (firstLineManager, riskManager, applicationOwner; count 3);
 * `reviewerWindows` timing with two escalation tiers per level (tier 0 of
 * levels 1 and 2 lasts 7 days, of level 3 14 days; tier 1 three days to the
 * reviewer's manager; tier 2 two days to an escalation desk); zone
 * America/New_York (the windows cross the DST change of 2025-03-09).
 *
 * Directory: one user per subject; first-line managers with TEAM_SUBJECTS
 * reports each (so one manager's queue is one batch of 10,000 items), all
 * reporting to `director`; risk managers `rita` and `rick`; one owner per
 * application.
 *
 * Timeline: created 2025-03-02, published 2025-03-03 14:00Z. Stream 1 (2025-03-09
 * 14:00Z): every manager approves all items of their team at level 1, one
 * command per manager. Stream 2 (2025-03-11 14:00Z): `rita` approves level 2
 * of 90 % of the packets (every packet whose index is not 9 mod 10), in
 * batches of 10,000 items. The remaining 10 % lapse at level 2: tier 0 ends
 * 2025-03-16 14:00Z, tier 1 2025-03-19, tier 2 (expiry) 2025-03-21 14:00Z,
 * while level 3 of the others runs to 2025-03-25.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Command } from '../src/index.js'
import { decodeCommand, parseInstant } from '../src/index.js'
import type { Instant } from '../src/index.js'

export const ITEMS_PER_SUBJECT = 4
export const TEAM_SUBJECTS = 2_500
export const BATCH_ITEMS = 10_000
export const APPLICATIONS = 4
export const CAMPAIGN_ID = 'bench'
export const ZONE = 'America/New_York'

/** Every instant of the timeline, ISO and decoded. */
export const T = {
  created: '2025-03-02T14:00:00Z',
  published: '2025-03-03T14:00:00Z',
  single: '2025-03-03T15:00:00Z',
  idleAfterPublish: '2025-03-04T14:00:00Z',
  extend: '2025-03-04T14:00:00Z',
  stream1: '2025-03-09T14:00:00Z',
  stream2: '2025-03-11T14:00:00Z',
  idleAfterDecisions: '2025-03-12T14:00:00Z',
  lapse: '2025-03-21T15:00:00Z',
  /** the end of everything for the one-packet campaign (level 1: 7 + 3 + 2 days after publish) */
  onePacketExpired: '2025-03-16T14:00:00Z',
} as const

export const instant = (iso: string): Instant => {
  const i = parseInstant(iso)
  if (i === undefined) throw new TypeError(`not an instant: ${iso}`)
  return i
}

export const command = (c: unknown): Command => {
  const d = decodeCommand(c)
  if (E.isLeft(d)) throw new TypeError(`a bench command does not decode: ${JSON.stringify(d.left.slice(0, 3))}`)
  return d.right
}

const tiers = (days: number): unknown => ({
  duration: { days },
  escalations: [
    { duration: { days: 3 }, reviewers: 'reviewerManager' },
    { duration: { days: 2 }, reviewers: { users: ['desk'] } },
  ],
})

/** The campaign definition (plain JSON). */
export const definitionJson = (id = CAMPAIGN_ID): Record<string, unknown> => ({
  id,
  name: 'Bench campaign',
  timeZone: ZONE,
  owners: ['rita'],
  riskManagers: ['rita', 'rick'],
  reviewers: { order: ['firstLineManager', 'riskManager', 'applicationOwner'], count: 3 },
  timing: { policy: 'reviewerWindows', levels: [tiers(7), tiers(7), tiers(14)] },
})

export const subjectId = (k: number): string => `s${k}`
export const userOf = (k: number): string => `u${k}`
export const itemId = (k: number, j: number): string => `i${k}-${j}`
export const managerOf = (k: number, teamSubjects = TEAM_SUBJECTS): string => `m${Math.floor(k / teamSubjects)}`
export const applicationOf = (j: number): string => `app-${j % APPLICATIONS}`
export const ownerOf = (application: string): string => `owner-${application}`

export interface ItemJson {
  readonly id: string
  readonly subject: string
  readonly application: string
  readonly resource: string
  readonly entitlement: string
}

export interface Shape {
  readonly items: number
  readonly subjects: number
  readonly teamSubjects: number
}

export const shapeOf = (items: number, teamSubjects = TEAM_SUBJECTS): Shape => {
  const subjects = Math.max(1, Math.floor(items / ITEMS_PER_SUBJECT))
  return { items: subjects * ITEMS_PER_SUBJECT, subjects, teamSubjects }
}

export const teamsOf = (shape: Shape): number => Math.ceil(shape.subjects / shape.teamSubjects)

export const itemsJson = (shape: Shape): ItemJson[] => {
  const out: ItemJson[] = []
  for (let k = 0; k < shape.subjects; k++) {
    for (let j = 0; j < ITEMS_PER_SUBJECT; j++) {
      const application = applicationOf(j)
      out.push({ id: itemId(k, j), subject: subjectId(k), application, resource: `${application}/r${j}`, entitlement: 'member' })
    }
  }
  return out
}

export interface DirectoryJson {
  readonly users: Array<{ id: string; manager?: string; roles?: string[] }>
  readonly subjects: Array<{ id: string; user: string }>
  readonly applications: Array<{ id: string; owners: string[] }>
}

/** The users every benchmark campaign has besides its managers and subjects (a fresh list: callers push onto it). */
const staffUsers = (): DirectoryJson['users'] => [
    { id: 'rita', manager: 'cro', roles: ['riskManager'] },
    { id: 'rick', manager: 'cro', roles: ['riskManager'] },
    { id: 'cro' },
    { id: 'cto' },
    { id: 'director' },
    { id: 'desk' },
]

export const directoryJson = (shape: Shape): DirectoryJson => {
  const users: DirectoryJson['users'] = staffUsers()
  const applications: DirectoryJson['applications'] = []
  for (let a = 0; a < APPLICATIONS; a++) {
    const app = applicationOf(a)
    users.push({ id: ownerOf(app), manager: 'cto' })
    applications.push({ id: app, owners: [ownerOf(app)] })
  }
  for (let t = 0; t < teamsOf(shape); t++) users.push({ id: `m${t}`, manager: 'director' })
  const subjects: DirectoryJson['subjects'] = []
  for (let k = 0; k < shape.subjects; k++) {
    users.push({ id: userOf(k), manager: managerOf(k, shape.teamSubjects) })
    subjects.push({ id: subjectId(k), user: userOf(k) })
  }
  return { users, subjects, applications }
}

export const rita = { id: 'rita', roles: ['riskManager'] }
export const reviewer = (id: string): { id: string; roles: string[] } => ({ id, roles: [] })

/** create and publish, decoded (decoding is not part of any timed figure). */
export const lifecycleCommands = (shape: Shape, id = CAMPAIGN_ID): { create: Command; publish: Command; items: ItemJson[]; directory: DirectoryJson } => {
  const items = itemsJson(shape)
  const directory = directoryJson(shape)
  return {
    items,
    directory,
    create: command({ type: 'create', at: T.created, actor: rita, definition: definitionJson(id), items }),
    publish: command({ type: 'publish', at: T.published, actor: rita, directory }),
  }
}

export interface Batch {
  readonly actor: string
  readonly level: number
  readonly itemIds: string[]
  readonly command: Command
}

/** Stream 1: each manager approves every item of their team at level 1 (one command each). */
export const stream1Json = (shape: Shape): Array<{ actor: string; itemIds: string[] }> => {
  const out: Array<{ actor: string; itemIds: string[] }> = []
  for (let t = 0; t < teamsOf(shape); t++) {
    const itemIds: string[] = []
    const end = Math.min(shape.subjects, (t + 1) * shape.teamSubjects)
    for (let k = t * shape.teamSubjects; k < end; k++) for (let j = 0; j < ITEMS_PER_SUBJECT; j++) itemIds.push(itemId(k, j))
    out.push({ actor: `m${t}`, itemIds })
  }
  return out
}

/** The packets that lapse at level 2 (10 %): index 9 mod 10. */
export const lapses = (k: number): boolean => k % 10 === 9

/** Stream 2: rita approves level 2 of every packet that does not lapse, 10,000 items a command. */
export const stream2Json = (shape: Shape): Array<{ actor: string; itemIds: string[] }> => {
  const out: Array<{ actor: string; itemIds: string[] }> = []
  let current: string[] = []
  for (let k = 0; k < shape.subjects; k++) {
    if (lapses(k)) continue
    for (let j = 0; j < ITEMS_PER_SUBJECT; j++) current.push(itemId(k, j))
    if (current.length >= BATCH_ITEMS) {
      out.push({ actor: 'rita', itemIds: current })
      current = []
    }
  }
  if (current.length > 0) out.push({ actor: 'rita', itemIds: current })
  return out
}

export const lapsingPackets = (shape: Shape): number => {
  let n = 0
  for (let k = 0; k < shape.subjects; k++) if (lapses(k)) n++
  return n
}

const decideCommand = (at: string, b: { actor: string; itemIds: string[] }): Command =>
  command({ type: 'decide', at, actor: b.actor === 'rita' ? rita : reviewer(b.actor), items: b.itemIds, decision: 'approve' })

export const streams = (shape: Shape): { stream1: Batch[]; stream2: Batch[] } => ({
  stream1: stream1Json(shape).map((b) => ({ ...b, level: 1, command: decideCommand(T.stream1, b) })),
  stream2: stream2Json(shape).map((b) => ({ ...b, level: 2, command: decideCommand(T.stream2, b) })),
})

/** n single-item decisions (level 1, item 0 of n packets spread over the campaign), in order. */
export const singleDecisions = (shape: Shape, n: number, offset = 0): Array<{ subject: number; itemId: string; command: Command }> => {
  const count = Math.min(n, shape.subjects)
  const out: Array<{ subject: number; itemId: string; command: Command }> = []
  // a stride coprime with the subject count visits distinct packets spread over the campaign
  let stride = 7_919 % shape.subjects || 1
  while (gcd(stride, shape.subjects) !== 1) stride++
  for (let i = 0; i < count; i++) {
    const k = ((offset + i) * stride) % shape.subjects
    const id = itemId(k, 0)
    out.push({ subject: k, itemId: id, command: command({ type: 'decide', at: T.single, actor: reviewer(managerOf(k, shape.teamSubjects)), items: [id], decision: 'approve' }) })
  }
  return out
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))

export const extendCommand = (): Command => command({ type: 'extend', at: T.extend, actor: rita, days: 1, cascade: true })

// -------------------------------------------------------------------------------------
// one packet of many items
// -------------------------------------------------------------------------------------

/** A campaign of one subject with `k` items, its manager `m-big`. */
export const onePacketCommands = (k: number): { create: Command; publish: Command; decide: Command } => {
  const items: ItemJson[] = []
  for (let j = 0; j < k; j++) {
    const application = applicationOf(j)
    items.push({ id: `big-${j}`, subject: 's-big', application, resource: `${application}/r${j}`, entitlement: 'member' })
  }
  const users: DirectoryJson['users'] = [
    ...staffUsers(),
    { id: 'm-big', manager: 'director' },
    { id: 'u-big', manager: 'm-big' },
  ]
  const applications: DirectoryJson['applications'] = []
  for (let a = 0; a < APPLICATIONS; a++) {
    const app = applicationOf(a)
    users.push({ id: ownerOf(app), manager: 'cto' })
    applications.push({ id: app, owners: [ownerOf(app)] })
  }
  return {
    create: command({ type: 'create', at: T.created, actor: rita, definition: definitionJson('bench-one-packet'), items }),
    publish: command({ type: 'publish', at: T.published, actor: rita, directory: { users, subjects: [{ id: 's-big', user: 'u-big' }], applications } }),
    decide: command({ type: 'decide', at: T.stream1, actor: reviewer('m-big'), items: items.map((i) => i.id), decision: 'approve' }),
  }
}

// -------------------------------------------------------------------------------------
// scenario file
// -------------------------------------------------------------------------------------

/** The scenario file (as JSON text) of the same campaign: publish, both streams, run until the lapse. */
export const scenarioText = (shape: Shape): string => {
  const steps: unknown[] = [{ at: T.published, as: 'rita', do: { type: 'publish' } }]
  for (const b of stream1Json(shape)) steps.push({ at: T.stream1, as: b.actor, do: { type: 'decide', items: b.itemIds, decision: 'approve' } })
  for (const b of stream2Json(shape)) steps.push({ at: T.stream2, as: b.actor, do: { type: 'decide', items: b.itemIds, decision: 'approve' } })
  return JSON.stringify({
    version: 1,
    title: `bench: ${shape.subjects} subjects`,
    createdAt: T.created,
    createdBy: 'rita',
    definition: definitionJson(),
    directory: directoryJson(shape),
    items: itemsJson(shape),
    steps,
    until: T.lapse,
  })
}
