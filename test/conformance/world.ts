// A small driver for the conformance tests: a campaign built from plain JSON
// (our own names and numbers), commands decoded through the public codec,
// instants written in the campaign zone so that a test reads like the spec's
// tables.
import * as E from 'fp-ts/lib/Either.js'
import { advance, decodeCommand, execute, findItem, formatInstant, packetTimeline, parseInstant } from '../../src/index.js'
import type { CampaignEvent, CampaignState, Command, DomainError, Instant, NotificationIntent, TimeZone } from '../../src/index.js'

export const at = (iso: string): Instant => {
  const i = parseInstant(iso)
  if (i === undefined) throw new Error(`bad instant ${iso}`)
  return i
}

export const RITA = { id: 'rita', roles: ['riskManager'] }
export const ADA = { id: 'ada', roles: ['administrator'] }

export const cmd = (u: Record<string, unknown>): Command => {
  const r = decodeCommand({ actor: RITA, ...u })
  if (E.isLeft(r)) throw new Error(`command does not decode: ${JSON.stringify(r.left)}`)
  return r.right
}

export interface World {
  state: CampaignState
  readonly zone: TimeZone
  readonly log: CampaignEvent[]
}

export const run = (w: World, u: Record<string, unknown>): ReadonlyArray<CampaignEvent> => {
  const r = execute(cmd(u), w.state)
  if (E.isLeft(r)) throw new Error(`refused: ${r.left.code} ${r.left.message}`)
  w.state = r.right.state
  w.log.push(...r.right.events)
  return r.right.events
}

export const refuse = (w: World, u: Record<string, unknown>): DomainError => {
  const before = w.state
  const r = execute(cmd(u), w.state)
  if (E.isRight(r)) throw new Error(`expected a refusal of ${String(u['type'])}`)
  if (w.state !== before) throw new Error('state changed')
  return r.left
}

export const tick = (w: World, to: string): ReadonlyArray<CampaignEvent> => {
  const r = advance(w.state, at(to))
  w.state = r.state
  w.log.push(...r.events)
  return r.events
}

export const decideAs = (w: World, by: string, when: string, items: ReadonlyArray<string>, decision: 'approve' | 'revoke' = 'approve'): ReadonlyArray<CampaignEvent> =>
  run(w, { type: 'decide', at: when, actor: { id: by, roles: [] }, items, decision })

export const tryDecide = (w: World, by: string, when: string, items: ReadonlyArray<string>, decision: 'approve' | 'revoke' = 'approve'): DomainError =>
  refuse(w, { type: 'decide', at: when, actor: { id: by, roles: [] }, items, decision })

export interface ItemInput {
  readonly id: string
  readonly subject: string
  readonly application?: string
  readonly resource?: string
  readonly requestedBy?: string
}

export interface Setup {
  readonly zone?: string
  readonly start: string
  readonly timing: Record<string, unknown>
  readonly items: ReadonlyArray<ItemInput>
  /** Reviewer policy; default: one level per user of `levels` (ana, ben, cal). */
  readonly reviewers?: Record<string, unknown>
  readonly levels?: number
  readonly definition?: Record<string, unknown>
  readonly applications?: ReadonlyArray<{ id: string; owners: ReadonlyArray<string> }>
  readonly extraUsers?: ReadonlyArray<Record<string, unknown>>
}

export const setup = (s: Setup): World => {
  const zone = s.zone ?? 'Europe/Berlin'
  const levels = s.levels ?? 2
  const subjects = [...new Set(s.items.map((i) => i.subject))]
  const items = s.items.map((i) => ({
    id: i.id,
    subject: i.subject,
    application: i.application ?? 'crm',
    resource: i.resource ?? 'crm-db',
    entitlement: 'reader',
    ...(i.requestedBy === undefined ? {} : { requestedBy: i.requestedBy }),
  }))
  const definition = {
    id: 'q4',
    name: 'Q4 review',
    timeZone: zone,
    owners: ['olga'],
    reviewers: s.reviewers ?? { order: [{ users: ['ana'] }, { users: ['ben'] }, { users: ['cal'] }].slice(0, levels), count: levels },
    timing: s.timing,
    ...s.definition,
  }
  const directory = {
    users: [
      { id: 'ana', manager: 'max' },
      { id: 'ben', manager: 'mia' },
      { id: 'cal' },
      { id: 'eve' },
      { id: 'fay' },
      { id: 'max' },
      { id: 'mia' },
      { id: 'olga' },
      { id: 'rita', roles: ['riskManager'] },
      ...(s.extraUsers ?? []),
      ...subjects.map((sub) => ({ id: `${sub}-user`, manager: 'max' })),
    ],
    subjects: subjects.map((sub) => ({ id: sub, user: `${sub}-user` })),
    ...(s.applications === undefined ? {} : { applications: s.applications }),
  }
  const created = execute(cmd({ type: 'create', at: s.start, definition, items }), undefined)
  if (E.isLeft(created)) throw new Error(`create refused: ${created.left.message}`)
  const w: World = { state: created.right.state, zone: zone as TimeZone, log: [...created.right.events] }
  run(w, { type: 'publish', at: s.start, directory })
  return w
}

export const fmt = (w: World, i: Instant | undefined): string => (i === undefined ? 'none' : formatInstant(i, w.zone))

/** A packet's windows as `L<level>T<tier> start → end [closed x] status [reviewers]`. */
export const windows = (w: World, packet: string): ReadonlyArray<string> =>
  packetTimeline(w.state, packet).map(
    (x) =>
      `L${x.level}T${x.tier} ${fmt(w, x.start)} → ${fmt(w, x.end)}${x.closedAt === undefined ? '' : ` closed ${fmt(w, x.closedAt)}`} ${x.status}`,
  )

export const intents = (es: ReadonlyArray<CampaignEvent>, kind?: string): ReadonlyArray<NotificationIntent> =>
  es.flatMap((e) => (e.type === 'NotificationIssued' && (kind === undefined || e.intent.kind === kind) ? [e.intent] : []))

/** `recipient: item,item` per intent of a kind, sorted. */
export const sent = (es: ReadonlyArray<CampaignEvent>, kind: string): ReadonlyArray<string> =>
  intents(es, kind)
    .map((n) => `${n.recipients.join(',')}: ${[...n.itemIds].join(',')}`)
    .sort()

export const types = (es: ReadonlyArray<CampaignEvent>): ReadonlyArray<string> => es.filter((e) => e.type !== 'NotificationIssued').map((e) => e.type)

export const itemState = (w: World, id: string): string => {
  const found = findItem(w.state, id)
  return found === undefined ? 'missing' : `${found.item.state._tag}@L${found.item.state.level}`
}

export const itemsOf = (subject: string, n: number, extra: Omit<ItemInput, 'id' | 'subject'> = {}): ReadonlyArray<ItemInput> =>
  Array.from({ length: n }, (_, i) => ({ id: `${subject}-${i + 1}`, subject, ...extra }))
