// T1/T2 (TESTING.md): model-based test of the campaign and review-item
// lifecycle over the pure core, with `fc.commands` and `fc.modelRun`.
//
// The real system is the decider (`execute`, `advance`) with its state held in
// the runner's `Real` object; the model is a small reference: the campaign
// status and, per item, its state, level, tier, decider and reviewer lists.
// The model predicts the outcome (success, or the exact error code) of every
// command from the decision table of SPEC §2 and §4. What depends on the
// clock (the active tier of a level, whether a level is closed, time-driven
// expiry and reviewers added before the due date) is read from the real state
// and checked against the transitions time may make.
//
// Every command's `check` returns true: commands the model does not allow are
// still sent (T2, negative commands) and must be refused with a typed error,
// leaving the state untouched.
//
// Replaying a failure (R34): on failure fast-check prints
//   `{ seed: <n>, path: "<p>", endOnFailure: true }` and the shrunk commands with
// `replayPath`. Put them in the `fc.assert` options below as
//   `{ ...OPTIONS, seed: <n>, path: "<p>" }` and pass the printed replayPath to
//   `fc.commands(COMMANDS, { ...COMMAND_SETTINGS, replayPath: "<replayPath>" })`
// to re-run only the counterexample.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { isDeepStrictEqual } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import type { Command } from '../../src/campaign/command.js'
import { Command as CommandCodec } from '../../src/campaign/command.js'
import { advance, dueAtOf } from '../../src/campaign/advance.js'
import { CampaignDefinition, Scope } from '../../src/campaign/definition.js'
import { execute } from '../../src/campaign/decider.js'
import type { CampaignEvent } from '../../src/campaign/event.js'
import { fold } from '../../src/campaign/event.js'
import type { CampaignState } from '../../src/campaign/state.js'
import { findItem, levelStatus, packetItems, packetsOf } from '../../src/campaign/state.js'
import { decodeWith } from '../../src/shared/codec.js'
import type { DomainError } from '../../src/shared/errors.js'
import { errorCodes } from '../../src/shared/errors.js'
import type { Instant } from '../../src/schedule/time.js'
import { calendarDaysBetween, instantOfMillis } from '../../src/schedule/time.js'
import { ReviewerPolicy } from '../../src/review/reviewer.js'
import { Directory } from '../../src/review/directory.js'
import { TimingPolicy } from '../../src/schedule/policy.js'
import type { CampaignSetup } from '../../src/testing/arbitraries.js'
import { arbCampaignSetup, castUsers } from '../../src/testing/arbitraries.js'
import { runs } from '../support/runs.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

type Status = 'none' | 'draft' | 'inProgress' | 'completed' | 'aborted' | 'expired'
type ItemTag = 'pending' | 'approved' | 'revoked' | 'expired'

interface MItem {
  readonly id: string
  subjectUser: string | undefined
  /** level (0-based) → tier → users */
  levels: string[][][]
  tag: ItemTag
  level: number
  tier: number | undefined
  by: string | undefined
  /** Every (level, user) that decided the item, for distinct reviewers. */
  deciders: Array<readonly [number, string]>
  /** The users asked by the latest request for more information, while unanswered. */
  asked: ReadonlyArray<string> | undefined
}

interface Model {
  readonly setup: CampaignSetup
  now: number
  status: Status
  publishedAt: number | undefined
  items: Map<string, MItem>
  labels: Set<string>
}

interface Real {
  /** The committed state: the fold of `events`. */
  state: CampaignState | undefined
  events: CampaignEvent[]
  /** The committed state advanced to the model's clock (what the next command sees); derived, never committed. */
  view: CampaignState | undefined
}

const MINUTE = 60_000
const UNKNOWN_ITEM = 'i-unknown'

const ACTORS = [
  { id: 'rita', roles: ['riskManager'] },
  { id: 'adam', roles: ['administrator'] },
  { id: 'mia', roles: [] },
] as const
const isManager = (actorIdx: number): boolean => actorIdx < 2
const rolesOf = (user: string): ReadonlyArray<string> => (user === 'rita' ? ['riskManager'] : user === 'adam' ? ['administrator'] : [])

const scopeIds = (m: Model): ReadonlyArray<string> => m.setup.items.map((i) => i.id)
/** Index → item id: the last index of the cycle is an id the campaign does not know. */
const itemAt = (m: Model, idx: number): string => {
  const ids = scopeIds(m)
  return ids[idx % (ids.length + 1)] ?? UNKNOWN_ITEM
}
/** The first scope item from `offset` on (cyclically) that `wanted` accepts, or `fallback` when none does. */
const firstFrom = (m: Model, offset: number, fallback: string, wanted: (id: string) => boolean): string => {
  const ids = scopeIds(m)
  for (let k = 0; k < ids.length; k++) {
    const id = ids[(offset + k) % ids.length] ?? UNKNOWN_ITEM
    if (wanted(id)) return id
  }
  return fallback
}

const toCommand = (raw: Record<string, unknown>): Command => {
  const r = decodeWith(CommandCodec, raw)
  if (E.isLeft(r)) throw new Error(`test bug: invalid command ${JSON.stringify(raw)}: ${JSON.stringify(r.left)}`)
  return r.right
}

const nowOf = (m: Model): Instant => {
  const at = instantOfMillis(m.now)
  if (at === undefined) throw new Error('test bug: clock out of range')
  return at
}

const isDeadline = (m: Model): boolean => m.setup.definition.timing.policy === 'deadline'

// -------------------------------------------------------------------------------------
// coverage
// -------------------------------------------------------------------------------------

const STATUS_LABELS = ['status:draft', 'status:inProgress', 'status:completed', 'status:aborted', 'status:expired']
const ITEM_LABELS = (['pending', 'approved', 'revoked', 'expired'] as const).flatMap((tag) => [1, 2, 3].map((l) => `item:${tag}@L${l}`))
const ALL_LABELS = [...STATUS_LABELS, ...ITEM_LABELS]
const coverage = new Map<string, number>(ALL_LABELS.map((l) => [l, 0]))
const outcomes = new Map<string, number>()
let sequences = 0
let commandsRun = 0

const record = (m: Model): void => {
  if (m.status !== 'none') m.labels.add(`status:${m.status}`)
  for (const it of m.items.values()) m.labels.add(`item:${it.tag}@L${it.level}`)
}

// -------------------------------------------------------------------------------------
// invariants
// -------------------------------------------------------------------------------------

const TRANSITIONS: Readonly<Record<Status, ReadonlyArray<Status>>> = {
  none: ['none', 'draft'],
  draft: ['draft', 'inProgress', 'aborted'],
  inProgress: ['inProgress', 'completed', 'aborted', 'expired'],
  expired: ['expired', 'completed', 'aborted'],
  completed: ['completed'],
  aborted: ['aborted'],
}

const statusOf = (s: CampaignState | undefined): Status => s?.campaign.status ?? 'none'

const decisionCount = (s: CampaignState | undefined): number =>
  s === undefined ? 0 : packetsOf(s).reduce((n, p) => n + packetItems(p).reduce((k, i) => k + i.decisions.length, 0), 0)

const fail = (what: string): never => {
  throw new Error(what)
}

/** Deep-freezes what is not frozen yet: a later mutation of a state throws. */
const deepFreeze = (x: unknown): void => {
  if (typeof x !== 'object' || x === null || Object.isFrozen(x)) return
  Object.freeze(x)
  for (const v of Object.values(x)) deepFreeze(v)
}

const checkInvariants = (before: Status, decisionsBefore: number, r: Real): void => {
  const s = r.state
  const after = statusOf(s)
  if (!TRANSITIONS[before].includes(after)) fail(`transition ${before} → ${after} is not in the lifecycle table`)
  if ((before === 'completed' || before === 'aborted' || before === 'expired') && decisionCount(s) !== decisionsBefore) {
    fail(`a decision was recorded while the campaign was ${before}`)
  }
  // fold(allEventsSoFar) is the state
  if (!isDeepStrictEqual(fold(undefined, r.events), s)) fail('fold(undefined, events) differs from the state')
  if (s === undefined) return
  for (const p of packetsOf(s)) {
    for (const item of packetItems(p)) {
      // replay the audit trail with the decision table: every record is made at the
      // item's current level (level k+1 only after level k approved), or is a revision
      // by the same level and tier of a decided item (a revoked item is never touched
      // by a later level)
      let tag: ItemTag = 'pending'
      let level = 1
      let tier = -1
      for (const d of item.decisions) {
        if (p.subjectUser !== undefined && d.by === p.subjectUser) fail(`${item.spec.id}: decided by the subject's own user ${d.by}`)
        if (d.level !== level) fail(`${item.spec.id}: a level-${d.level} decision while the item was ${tag} at level ${level}`)
        if (tag !== 'pending' && d.tier !== tier) fail(`${item.spec.id}: revised by tier ${d.tier}, decided by tier ${tier}`)
        if (d.decision === 'revoke') {
          tag = 'revoked'
          tier = d.tier
        } else if (d.level < item.levels.length) {
          tag = 'pending'
          level = d.level + 1
        } else {
          tag = 'approved'
          tier = d.tier
        }
      }
      const st = item.state
      if (st._tag === 'expired') {
        if (tag !== 'pending' || st.level !== level) fail(`${item.spec.id}: expired at level ${st.level} but the trail says ${tag}@${level}`)
      } else if (st._tag !== tag || st.level !== level) fail(`${item.spec.id}: state ${st._tag}@${st.level} but the trail says ${tag}@${level}`)
    }
  }
}

// -------------------------------------------------------------------------------------
// expectations
// -------------------------------------------------------------------------------------

type Expect = { readonly ok: true } | { readonly ok: false; readonly code: DomainError['code'] }
const OK: Expect = { ok: true }
const no = (code: DomainError['code']): Expect => ({ ok: false, code })

/** decide, reassign and extend: only while inProgress. */
const lifecycle = (m: Model): Expect | undefined =>
  m.status === 'none' ? no('InvalidTransition') : m.status !== 'inProgress' ? no('CampaignNotActive') : undefined

const tierInfo = (s: CampaignState, it: MItem, level: number): { active: number; closed: boolean } => {
  const found = findItem(s, it.id)
  if (found === undefined) return fail(`model item ${it.id} is not in the state`)
  const lv = levelStatus(found.packet, level)
  return { active: Math.min(lv.tier, (it.levels[level - 1]?.length ?? 1) - 1), closed: lv.closed }
}

const reviewersAt = (it: MItem, level: number, tier: number): ReadonlyArray<string> => {
  const tiers = it.levels[level - 1] ?? []
  return tiers[Math.min(tier, tiers.length - 1)] ?? []
}
const reviewsLevel = (it: MItem, level: number, user: string): boolean => (it.levels[level - 1] ?? []).some((ts) => ts.includes(user))

/** The users who may decide `it` now (or revise it), per the decision table. */
const eligibleFor = (m: Model, s: CampaignState | undefined, id: string): ReadonlyArray<string> => {
  const it = m.items.get(id)
  if (it === undefined || s === undefined || it.tag === 'expired') return []
  const { active, closed } = tierInfo(s, it, it.level)
  if (closed && !isDeadline(m)) return []
  if (it.tag === 'pending') return reviewersAt(it, it.level, active).filter((u) => u !== it.subjectUser)
  return it.tier === active ? reviewersAt(it, it.level, active).filter((u) => u !== it.subjectUser) : []
}

type Verdict = 'approve' | 'revoke'

const expectDecide = (
  m: Model,
  s: CampaignState | undefined,
  actor: string,
  ids: ReadonlyArray<string>,
  verdict: Verdict,
  comment: boolean,
): { expect: Expect; decided: Array<{ id: string; level: number; tier: number }> } => {
  const life = lifecycle(m)
  if (life !== undefined) return { expect: life, decided: [] }
  if (s === undefined) return fail('model says inProgress without a state')
  const req = m.setup.definition.decisions?.requireCommentOn ?? 'none'
  const missing = (req === 'both' || req === verdict) && !comment
  const problems: Array<DomainError['code']> = []
  const decided: Array<{ id: string; level: number; tier: number }> = []
  for (const id of [...new Set(ids)]) {
    const it = m.items.get(id)
    if (it === undefined) {
      problems.push('UnknownItem')
      continue
    }
    if (it.subjectUser !== undefined && actor === it.subjectUser) {
      problems.push('SelfReview')
      continue
    }
    if (it.tag === 'expired') {
      problems.push('ItemLocked')
      continue
    }
    const k = it.level
    const { active, closed } = tierInfo(s, it, k)
    const open = !closed || isDeadline(m)
    let acting: number | undefined
    if (it.tag === 'pending') {
      if (open && reviewersAt(it, k, active).includes(actor)) acting = active
      else {
        let locked = false
        for (let j = 1; j < k; j++) if (reviewsLevel(it, j, actor)) locked = true
        problems.push(locked ? 'ItemLocked' : 'NotEligibleReviewer')
        continue
      }
    } else {
      if (it.tier === active && open && reviewersAt(it, k, active).includes(actor)) acting = active
      else {
        let locked = false
        for (let j = 1; j <= it.levels.length; j++) if (j !== k && reviewsLevel(it, j, actor)) locked = true
        problems.push(locked ? 'ItemLocked' : 'NotEligibleReviewer')
        continue
      }
    }
    if (missing) {
      problems.push('MissingAttestation')
      continue
    }
    decided.push({ id, level: k, tier: acting })
  }
  const first = problems[0]
  return first === undefined ? { expect: OK, decided } : { expect: no(first), decided: [] }
}

const settleModel = (m: Model): void => {
  if (m.status !== 'inProgress') return
  const all = [...m.items.values()]
  if (m.setup.definition.autoComplete === true && all.every((i) => i.tag !== 'pending')) m.status = 'completed'
  else if (all.every((i) => i.tag !== 'pending') && all.some((i) => i.tag === 'expired')) m.status = 'expired'
}

// -------------------------------------------------------------------------------------
// running a command against the real system
// -------------------------------------------------------------------------------------

const viewOf = (m: Model, r: Real): CampaignState | undefined => (r.state === undefined ? undefined : advance(r.state, nowOf(m)).state)

const describeError = (e: DomainError): string => `${e.code}: ${e.message}`

/**
 * Sends a command: checks the outcome against the expectation, that a refusal
 * is a typed error with the state untouched, and never throws.
 */
const send = (r: Real, command: Command, expected: Expect, label: string): ReadonlyArray<CampaignEvent> | undefined => {
  const before = r.state
  const eventsBefore = r.events.length
  let result: ReturnType<typeof execute>
  try {
    result = execute(command, before)
  } catch (e) {
    return fail(`${label} threw: ${String(e)}`)
  }
  commandsRun++
  const key = `${command.type}:${E.isLeft(result) ? result.left.code : 'ok'}`
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
  if (E.isLeft(result)) {
    if (!errorCodes.includes(result.left.code)) fail(`${label}: untyped error ${JSON.stringify(result.left)}`)
    if (r.state !== before || r.events.length !== eventsBefore) fail(`${label}: a refused command changed the state`)
    if (expected.ok) return fail(`${label}: expected success, got ${describeError(result.left)}`)
    if (result.left.code !== expected.code) fail(`${label}: expected ${expected.code}, got ${describeError(result.left)}`)
    return undefined
  }
  if (!expected.ok) fail(`${label}: expected ${expected.code}, but it was accepted`)
  if (result.right.events.length === 0) fail(`${label}: accepted with no event`)
  deepFreeze(result.right.events)
  deepFreeze(result.right.state)
  r.state = result.right.state
  r.events.push(...result.right.events)
  return result.right.events
}

const compareModel = (m: Model, s: CampaignState | undefined, label: string): void => {
  if (statusOf(s) !== m.status) fail(`${label}: status ${statusOf(s)}, model says ${m.status}`)
  if (s === undefined) return
  for (const it of m.items.values()) {
    const found = findItem(s, it.id)
    if (found === undefined) return fail(`${label}: item ${it.id} missing`)
    const st = found.item.state
    const same =
      st._tag === it.tag &&
      st.level === it.level &&
      (st._tag === 'approved' || st._tag === 'revoked' ? st.tier === it.tier && st.by === it.by : true)
    if (!same) fail(`${label}: item ${it.id} is ${JSON.stringify(st)}, model says ${it.tag}@${it.level} tier ${String(it.tier)} by ${String(it.by)}`)
    const levels = found.item.levels.map((lv) => lv.tiers.map((ts) => [...ts]))
    if (!isDeepStrictEqual(levels, it.levels)) fail(`${label}: reviewers of ${it.id} are ${JSON.stringify(levels)}, model says ${JSON.stringify(it.levels)}`)
  }
}

/**
 * Takes what time did into the model, checking it is something time may do:
 * expire pending items (reviewerWindows with onLapse expire), add reviewers
 * before the due date (deadline), expire or auto-complete the campaign.
 */
const syncTime = (m: Model, view: CampaignState | undefined, label: string): void => {
  if (view === undefined) return
  const timing = m.setup.definition.timing
  const mayExpire = timing.policy === 'reviewerWindows' && timing.onLapse !== 'overdue'
  for (const it of m.items.values()) {
    const found = findItem(view, it.id) ?? fail(`item ${it.id} missing`)
    const st = found.item.state
    if (st._tag !== it.tag || st.level !== it.level) {
      if (!(mayExpire && it.tag === 'pending' && st._tag === 'expired' && st.level === it.level)) {
        fail(`${label}: time moved ${it.id} from ${it.tag}@${it.level} to ${st._tag}@${st.level}`)
      }
      it.tag = 'expired'
    }
    const levels: string[][][] = found.item.levels.map((lv) => lv.tiers.map((ts) => [...ts]))
    if (!isDeepStrictEqual(levels, it.levels)) {
      if (timing.policy !== 'deadline') fail(`${label}: reviewers of ${it.id} changed by time under reviewerWindows`)
      levels.forEach((tiers, k) =>
        tiers.forEach((ts, t) => {
          const was = it.levels[k]?.[t] ?? []
          if (!was.every((u) => ts.includes(u))) fail(`${label}: reviewers of ${it.id} were removed by time`)
          if (it.subjectUser !== undefined && ts.includes(it.subjectUser)) fail(`${label}: the subject's user was added as a reviewer`)
        }),
      )
      it.levels = levels
    }
  }
  const status = statusOf(view)
  if (status !== m.status) {
    const all = [...m.items.values()]
    const expiredOk = status === 'expired' && all.every((i) => i.tag !== 'pending') && all.some((i) => i.tag === 'expired')
    const completedOk = status === 'completed' && m.setup.definition.autoComplete === true && all.every((i) => i.tag !== 'pending')
    if (m.status !== 'inProgress' || !(expiredOk || completedOk)) fail(`${label}: time moved the campaign from ${m.status} to ${status}`)
    m.status = status
  }
}

// -------------------------------------------------------------------------------------
// commands (immutable; toString from constructor arguments only, R36)
// -------------------------------------------------------------------------------------

type MCommand = fc.Command<Model, Real>

abstract class Base implements MCommand {
  check(): boolean {
    return true // negative commands are sent too (T2)
  }
  abstract run(m: Model, r: Real): void
  abstract toString(): string
}

class Create extends Base {
  constructor(readonly actor: number) {
    super()
    Object.freeze(this)
  }
  run(m: Model, r: Real): void {
    const c = toCommand({
      type: 'create',
      at: nowOf(m),
      actor: ACTORS[this.actor],
      definition: CampaignDefinition.encode(m.setup.definition),
      items: Scope.encode(m.setup.items),
    })
    const expected = m.status !== 'none' ? no('InvalidTransition') : isManager(this.actor) ? OK : no('NotAuthorized')
    if (send(r, c, expected, this.toString()) !== undefined) m.status = 'draft'
  }
  toString(): string {
    return `create(${ACTORS[this.actor]?.id})`
  }
}

class Publish extends Base {
  constructor(readonly actor: number) {
    super()
    Object.freeze(this)
  }
  run(m: Model, r: Real): void {
    const c = toCommand({ type: 'publish', at: nowOf(m), actor: ACTORS[this.actor], directory: m.setup.directory })
    const timing = m.setup.definition.timing
    const expected =
      m.status !== 'draft'
        ? no('InvalidTransition')
        : !isManager(this.actor)
          ? no('NotAuthorized')
          : timing.policy === 'deadline' && timing.dueAt <= m.now
            ? no('ValidationFailed')
            : OK
    if (send(r, c, expected, this.toString()) === undefined) return
    m.status = 'inProgress'
    m.publishedAt = m.now
    const s = r.state
    if (s === undefined) return
    for (const p of packetsOf(s)) {
      for (const item of packetItems(p)) {
        const levels = item.levels.map((lv) => lv.tiers.map((ts) => [...ts]))
        if (levels.length < 1 || levels.length > 3) fail(`${item.spec.id}: ${levels.length} levels`)
        for (const tiers of levels) {
          for (const ts of tiers) {
            if (ts.length === 0) fail(`${item.spec.id}: a tier without reviewers`)
            if (p.subjectUser !== undefined && ts.includes(p.subjectUser)) fail(`${item.spec.id}: the subject's user ${p.subjectUser} was assigned`)
          }
        }
        m.items.set(item.spec.id, { id: item.spec.id, subjectUser: p.subjectUser, levels, tag: 'pending', level: 1, tier: undefined, by: undefined, deciders: [], asked: undefined })
      }
    }
    if (m.items.size !== m.setup.items.length) fail('publish: not every item was opened')
  }
  toString(): string {
    return `publish(${ACTORS[this.actor]?.id})`
  }
}

type Who = { readonly pick: number } | { readonly user: string }

const chooseActor = (m: Model, r: Real, who: Who, firstItem: string): string => {
  if ('user' in who) return who.user
  const eligible = eligibleFor(m, r.view, firstItem)
  return eligible[who.pick % Math.max(1, eligible.length)] ?? castUsers.riskManager
}

const runDecide = (m: Model, r: Real, actor: string, ids: ReadonlyArray<string>, verdict: Verdict, comment: boolean, label: string): void => {
  const { expect: expected, decided } = expectDecide(m, r.view, actor, ids, verdict, comment)
  const c = toCommand({
    type: 'decide',
    at: nowOf(m),
    actor: { id: actor, roles: rolesOf(actor) },
    items: ids,
    decision: verdict,
    ...(comment ? { comment: 'reviewed' } : {}),
  })
  if (send(r, c, expected, `${label} [actor ${actor}]`) === undefined) return
  for (const d of decided) {
    const it = m.items.get(d.id)
    if (it === undefined) continue
    it.deciders.push([d.level, actor])
    if (verdict === 'revoke') Object.assign(it, { tag: 'revoked', level: d.level, tier: d.tier, by: actor })
    else if (d.level < it.levels.length) Object.assign(it, { tag: 'pending', level: d.level + 1, tier: undefined, by: undefined })
    else Object.assign(it, { tag: 'approved', level: d.level, tier: d.tier, by: actor })
  }
  settleModel(m)
}

class Decide extends Base {
  constructor(
    readonly who: Who,
    readonly items: ReadonlyArray<number>,
    readonly verdict: Verdict,
    readonly comment: boolean,
  ) {
    super()
    Object.freeze(this.items)
    Object.freeze(this)
  }
  run(m: Model, r: Real): void {
    const ids = this.items.map((i) => itemAt(m, i))
    runDecide(m, r, chooseActor(m, r, this.who, ids[0] ?? UNKNOWN_ITEM), ids, this.verdict, this.comment, this.toString())
  }
  toString(): string {
    const who = 'user' in this.who ? this.who.user : `eligible#${this.who.pick}`
    return `decide(${who}, items[${this.items.join(',')}], ${this.verdict}${this.comment ? ', comment' : ''})`
  }
}

/** A revision: the item's decider flips its decision (or, on a pending item, an eligible reviewer approves). */
class Revise extends Base {
  constructor(
    readonly item: number,
    readonly pick: number,
  ) {
    super()
    Object.freeze(this)
  }
  run(m: Model, r: Real): void {
    const id = itemAt(m, this.item)
    const it = m.items.get(id)
    const actor = it?.by ?? chooseActor(m, r, { pick: this.pick }, id)
    const verdict: Verdict = it?.tag === 'approved' ? 'revoke' : 'approve'
    runDecide(m, r, actor, [id], verdict, true, this.toString())
  }
  toString(): string {
    return `revise(item[${this.item}], eligible#${this.pick})`
  }
}

/** A reviewer works through the queue: the first pending item (from an offset) that someone may decide now. */
class Work extends Base {
  constructor(
    readonly offset: number,
    readonly pick: number,
    readonly verdict: Verdict,
  ) {
    super()
    Object.freeze(this)
  }
  run(m: Model, r: Real): void {
    const ids = scopeIds(m)
    const chosen = firstFrom(m, this.offset, ids[this.offset % Math.max(1, ids.length)] ?? UNKNOWN_ITEM, (id) => m.items.get(id)?.tag === 'pending' && eligibleFor(m, r.view, id).length > 0)
    runDecide(m, r, chooseActor(m, r, { pick: this.pick }, chosen), [chosen], this.verdict, true, this.toString())
  }
  toString(): string {
    return `work(from item[${this.offset}], eligible#${this.pick}, ${this.verdict})`
  }
}

const reviewsAnotherLevel = (it: MItem, user: string): boolean =>
  it.deciders.some(([level, by]) => by === user && level !== it.level) ||
  it.levels.some((tiers, k) => k + 1 !== it.level && tiers.some((ts) => ts.includes(user)))

class Reassign extends Base {
  constructor(
    readonly actor: number,
    readonly item: number,
    readonly to: string,
    readonly comment: boolean,
  ) {
    super()
    Object.freeze(this)
  }
  run(m: Model, r: Real): void {
    const id = itemAt(m, this.item)
    const who = ACTORS[this.actor]?.id ?? ''
    const c = toCommand({ type: 'reassign', at: nowOf(m), actor: ACTORS[this.actor], item: id, to: this.to, ...(this.comment ? { comment: 'on leave' } : {}) })
    const it = m.items.get(id)
    const tier = it !== undefined && r.view !== undefined && m.status !== 'none' && it.tag === 'pending' ? tierInfo(r.view, it, it.level).active : 0
    // a risk manager or administrator replaces the tier; the active reviewer forwards their own work, with a comment
    const forwarding = !isManager(this.actor) && it !== undefined && it.tag === 'pending' && reviewersAt(it, it.level, tier).includes(who)
    const expected =
      lifecycle(m) ??
      (!isManager(this.actor) && !forwarding
        ? no('NotAuthorized')
        : forwarding && !this.comment
          ? no('ValidationFailed')
          : it === undefined
            ? no('UnknownItem')
            : it.tag !== 'pending'
              ? no('ItemLocked')
              : handOverProblem(m, it, this.to) ?? OK)
    if (send(r, c, expected, this.toString()) === undefined || it === undefined) return
    const tiers = it.levels[it.level - 1]
    if (tiers === undefined) return
    tiers[tier] = forwarding ? [...new Set((tiers[tier] ?? []).map((u) => (u === who ? this.to : u)))] : [this.to]
  }
  toString(): string {
    return `reassign(${ACTORS[this.actor]?.id}, item[${this.item}], to ${this.to}${this.comment ? ', with a comment' : ''})`
  }
}

/** Why `to` may not take over a pending item (a reassignment or a delegation), if so. */
const handOverProblem = (m: Model, it: MItem, to: string): Expect | undefined =>
  to === it.subjectUser
    ? no('SelfReview')
    : !m.setup.directory.users.some((u) => u.id === to && u.active !== false)
      ? no('NotEligibleReviewer') // only to a user active in the directory given at publish
      : m.setup.definition.reviewers.distinctReviewers !== false && reviewsAnotherLevel(it, to)
        ? no('NotEligibleReviewer') // distinct reviewers: never to a reviewer or decider of another level
        : undefined

/**
 * `submit` (issue 10): the generated definitions never say `completeOn:
 * 'submit'`, so an active campaign refuses it at `level`; nothing changes.
 */
class Submit extends Base {
  constructor(
    readonly actor: number,
    readonly level: number,
  ) {
    super()
    Object.freeze(this)
  }
  run(m: Model, r: Real): void {
    const subject = m.setup.items[0]?.subject ?? 's1'
    const c = toCommand({ type: 'submit', at: nowOf(m), actor: ACTORS[this.actor], packetId: subject, level: this.level })
    send(r, c, lifecycle(m) ?? no('ValidationFailed'), this.toString())
  }
  toString(): string {
    return `submit(${ACTORS[this.actor]?.id}, level ${this.level})`
  }
}

/** A reviewer asks the campaign owners about an item (issue 10): it stays pending. */
class RequestInfo extends Base {
  constructor(
    readonly actor: number,
    readonly item: number,
  ) {
    super()
    Object.freeze(this)
  }
  run(m: Model, r: Real): void {
    const who = ACTORS[this.actor]?.id ?? ''
    // mostly an item the actor reviews now (as Work does), so that questions are asked and answered
    const view = r.view
    const id = firstFrom(m, this.item, itemAt(m, this.item), (candidate) => {
      const it = m.items.get(candidate)
      return view !== undefined && m.status !== 'none' && it?.tag === 'pending' && reviewersAt(it, it.level, tierInfo(view, it, it.level).active).includes(who)
    })
    const c = toCommand({ type: 'requestInfo', at: nowOf(m), actor: ACTORS[this.actor], items: [id], from: 'owner', question: 'Still needed?' })
    const it = m.items.get(id)
    const owners: ReadonlyArray<string> = m.setup.definition.owners
    const tier = it !== undefined && r.view !== undefined && m.status !== 'none' && it.tag === 'pending' ? tierInfo(r.view, it, it.level).active : 0
    const expected =
      lifecycle(m) ??
      (it === undefined
        ? no('UnknownItem')
        : it.tag !== 'pending'
          ? no('ItemLocked')
          : !reviewersAt(it, it.level, tier).includes(who) || owners.includes(who)
            ? no('NotEligibleReviewer') // only the active tier asks, and not itself
            : OK)
    if (send(r, c, expected, this.toString()) === undefined || it === undefined) return
    it.asked = owners
  }
  toString(): string {
    return `requestInfo(${ACTORS[this.actor]?.id}, item[${this.item}], from owner)`
  }
}

/** The asked user answers (issue 10). */
class ProvideInfo extends Base {
  constructor(
    readonly actor: number,
    readonly item: number,
  ) {
    super()
    Object.freeze(this)
  }
  run(m: Model, r: Real): void {
    const who = ACTORS[this.actor]?.id ?? ''
    // mostly an item with an open question
    const id = firstFrom(m, this.item, itemAt(m, this.item), (candidate) => m.items.get(candidate)?.asked !== undefined)
    const c = toCommand({ type: 'provideInfo', at: nowOf(m), actor: ACTORS[this.actor], items: [id], answer: 'Yes, for the audit' })
    const it = m.items.get(id)
    const expected =
      lifecycle(m) ?? (it === undefined ? no('UnknownItem') : it.asked === undefined ? no('ItemLocked') : !it.asked.includes(who) ? no('NotEligibleReviewer') : OK)
    if (send(r, c, expected, this.toString()) === undefined || it === undefined) return
    it.asked = undefined
  }
  toString(): string {
    return `provideInfo(${ACTORS[this.actor]?.id}, item[${this.item}])`
  }
}

/** A reviewer hands every pending item of theirs to another user (issue 10). */
class Delegate extends Base {
  constructor(
    readonly actor: number,
    readonly to: string,
  ) {
    super()
    Object.freeze(this)
  }
  run(m: Model, r: Real): void {
    const who = ACTORS[this.actor]?.id ?? ''
    const c = toCommand({ type: 'delegate', at: nowOf(m), actor: ACTORS[this.actor], to: this.to })
    // the actor's pending items in packet order (a subject's items where its first item is), with their active tier
    const subjects: string[] = []
    for (const spec of m.setup.items) if (!subjects.includes(spec.subject)) subjects.push(spec.subject)
    const mine: Array<{ it: MItem; tier: number }> = []
    if (r.view !== undefined && m.status !== 'none') {
      for (const subject of subjects) {
        for (const spec of m.setup.items) {
          const it = spec.subject === subject ? m.items.get(spec.id) : undefined
          if (it === undefined || it.tag !== 'pending') continue
          const tier = tierInfo(r.view, it, it.level).active
          if (reviewersAt(it, it.level, tier).includes(who)) mine.push({ it, tier })
        }
      }
    }
    const firstProblem = mine.map(({ it }) => handOverProblem(m, it, this.to)).find((p) => p !== undefined)
    const expected = lifecycle(m) ?? (this.to === who ? no('ValidationFailed') : mine.length === 0 ? no('NothingPending') : firstProblem ?? OK)
    if (send(r, c, expected, this.toString()) === undefined) return
    for (const { it, tier } of mine) {
      const tiers = it.levels[it.level - 1]
      if (tiers !== undefined) tiers[tier] = [...new Set((tiers[tier] ?? []).map((u) => (u === who ? this.to : u)))]
    }
  }
  toString(): string {
    return `delegate(${ACTORS[this.actor]?.id}, to ${this.to})`
  }
}

class Extend extends Base {
  constructor(
    readonly actor: number,
    readonly days: number,
    readonly cascade: boolean,
  ) {
    super()
    Object.freeze(this)
  }
  run(m: Model, r: Real): void {
    const c = toCommand({ type: 'extend', at: nowOf(m), actor: ACTORS[this.actor], days: this.days, cascade: this.cascade })
    const life = lifecycle(m) ?? (isManager(this.actor) ? undefined : no('NotAuthorized'))
    const dueBefore = r.view === undefined ? undefined : dueAtOf(r.view)
    const timing = m.setup.definition.timing
    if (life !== undefined) {
      send(r, c, life, this.toString())
      return
    }
    if (timing.policy === 'deadline') {
      const publishedAt = instantOfMillis(m.publishedAt ?? m.now) ?? fail('publish time')
      const max = calendarDaysBetween(publishedAt, timing.dueAt, m.setup.definition.timeZone)
      if (send(r, c, this.days > max ? no('ExtensionTooLong') : OK, this.toString()) === undefined) return
      const dueAfter = r.state === undefined ? undefined : dueAtOf(r.state)
      if (dueBefore === undefined || dueAfter === undefined || dueAfter <= dueBefore) fail(`${this.toString()}: the due date did not move later (${dueBefore} → ${dueAfter})`)
      return
    }
    // reviewerWindows: the bound depends on the windows receiving the extension; accept
    // success or ExtensionTooLong with a bound below the requested days.
    let result: ReturnType<typeof execute>
    try {
      result = execute(c, r.state)
    } catch (e) {
      return fail(`${this.toString()} threw: ${String(e)}`)
    }
    if (E.isLeft(result)) {
      const err = result.left
      if (err.code !== 'ExtensionTooLong' || err.maxDays >= this.days) fail(`${this.toString()}: unexpected ${describeError(err)}`)
      send(r, c, no('ExtensionTooLong'), this.toString())
      return
    }
    send(r, c, OK, this.toString())
    const dueAfter = r.state === undefined ? undefined : dueAtOf(r.state)
    if (dueBefore !== undefined && (dueAfter === undefined || dueAfter < dueBefore)) fail(`${this.toString()}: the due date moved earlier`)
  }
  toString(): string {
    return `extend(${ACTORS[this.actor]?.id}, ${this.days}d${this.cascade ? ', cascade' : ''})`
  }
}

class AdvanceClock extends Base {
  constructor(readonly minutes: number) {
    super()
    Object.freeze(this)
  }
  run(m: Model, r: Real): void {
    m.now += this.minutes * MINUTE
    const s = r.state
    if (s === undefined) return
    let out: ReturnType<typeof advance>
    try {
      out = advance(s, nowOf(m))
    } catch (e) {
      return fail(`${this.toString()} threw: ${String(e)}`)
    }
    deepFreeze(out.events)
    deepFreeze(out.state)
    r.state = out.state
    r.view = out.state
    r.events.push(...out.events)
    syncTime(m, out.state, this.toString())
  }
  toString(): string {
    return `advance(${this.minutes}min)`
  }
}

class Complete extends Base {
  constructor(
    readonly actor: number,
    readonly outstanding: 'keepAccess' | 'revokeAccess' | null,
  ) {
    super()
    Object.freeze(this)
  }
  run(m: Model, r: Real): void {
    const c = toCommand({ type: 'complete', at: nowOf(m), actor: ACTORS[this.actor], ...(this.outstanding === null ? {} : { outstanding: this.outstanding }) })
    const pending = [...m.items.values()].filter((i) => i.tag === 'pending')
    const expected =
      m.status === 'none' || m.status === 'draft'
        ? no('InvalidTransition')
        : m.status === 'completed' || m.status === 'aborted'
          ? no('CampaignNotActive')
          : !isManager(this.actor)
            ? no('NotAuthorized')
            : pending.length > 0 && this.outstanding === null
              ? no('OutstandingReviews')
              : OK
    if (send(r, c, expected, this.toString()) === undefined) return
    m.status = 'completed'
    const plan = new Set<string>(r.state?.campaign.completion?.plan.map((a) => a.itemId) ?? fail('no completion plan'))
    const revokeExpired = m.setup.definition.onExpiredItems === 'revokeAccess'
    for (const it of m.items.values()) {
      const inPlan =
        it.tag === 'revoked' || (it.tag === 'expired' && revokeExpired) || (it.tag === 'pending' && this.outstanding === 'revokeAccess')
      if (plan.has(it.id) !== inPlan) fail(`${this.toString()}: ${it.id} (${it.tag}) ${inPlan ? 'missing from' : 'wrongly in'} the fulfillment plan`)
    }
  }
  toString(): string {
    return `complete(${ACTORS[this.actor]?.id}${this.outstanding === null ? '' : `, ${this.outstanding}`})`
  }
}

class Abort extends Base {
  constructor(readonly actor: number) {
    super()
    Object.freeze(this)
  }
  run(m: Model, r: Real): void {
    const c = toCommand({ type: 'abort', at: nowOf(m), actor: ACTORS[this.actor] })
    const expected =
      m.status === 'none'
        ? no('InvalidTransition')
        : m.status === 'completed' || m.status === 'aborted'
          ? no('CampaignNotActive')
          : isManager(this.actor)
            ? OK
            : no('NotAuthorized')
    if (send(r, c, expected, this.toString()) !== undefined) m.status = 'aborted'
  }
  toString(): string {
    return `abort(${ACTORS[this.actor]?.id})`
  }
}

// Every command, then the invariants, then the model comparison.
class Checked implements MCommand {
  constructor(readonly inner: Base) {
    Object.freeze(this)
  }
  check(): boolean {
    return this.inner.check()
  }
  run(m: Model, r: Real): void {
    const label = this.inner.toString()
    const before = statusOf(r.state)
    const decisionsBefore = decisionCount(r.state)
    // a command at `now` first advances to `now`: the model takes in what time did
    r.view = viewOf(m, r)
    syncTime(m, r.view, `${label} (time before it)`)
    const committed = r.state
    this.inner.run(m, r)
    checkInvariants(before, decisionsBefore, r)
    // the command's own effect: exactly what the model predicts
    compareModel(m, r.state === committed ? r.view : r.state, label)
    // then what time does at the same instant (e.g. escalation before a due date already near at publish)
    r.view = viewOf(m, r)
    syncTime(m, r.view, `${label} (time after it)`)
    compareModel(m, r.view, label)
    record(m)
  }
  toString(): string {
    return this.inner.toString()
  }
}

// -------------------------------------------------------------------------------------
// arbitraries
// -------------------------------------------------------------------------------------

const actorIdx = fc.nat({ max: 2 })
const itemIdx = fc.nat({ max: 9 })
const checked = <A extends Base>(a: fc.Arbitrary<A>): fc.Arbitrary<MCommand> => a.map((c) => new Checked(c))

const who: fc.Arbitrary<Who> = fc.oneof(
  { arbitrary: fc.nat({ max: 5 }).map((pick): Who => ({ pick })), weight: 4 },
  { arbitrary: fc.constantFrom(...castUsers.all).map((user): Who => ({ user })), weight: 1 },
)
const minutes = fc.constantFrom(60, 6 * 60, 24 * 60, 2 * 24 * 60, 5 * 24 * 60)

/**
 * Every command, weighted towards progress (decisions, revisions and the
 * clock) so that deep levels and every status are reached.
 */
const COMMANDS: ReadonlyArray<{ readonly arbitrary: fc.Arbitrary<MCommand>; readonly weight: number }> = [
  { weight: 4, arbitrary: checked(actorIdx.map((a) => new Create(a))) },
  { weight: 4, arbitrary: checked(actorIdx.map((a) => new Publish(a))) },
  {
    weight: 12,
    arbitrary: checked(
      fc
        .record({
          who,
          items: fc.oneof({ arbitrary: fc.tuple(itemIdx), weight: 3 }, fc.array(itemIdx, { minLength: 1, maxLength: 3 })),
          verdict: fc.constantFrom<Verdict>('approve', 'revoke'),
          comment: fc.boolean(),
        })
        .map((d) => new Decide(d.who, d.items, d.verdict, d.comment)),
    ),
  },
  { weight: 3, arbitrary: checked(fc.tuple(itemIdx, fc.nat({ max: 5 })).map(([i, p]) => new Revise(i, p))) },
  {
    weight: 12,
    arbitrary: checked(
      fc.tuple(itemIdx, fc.nat({ max: 5 }), fc.constantFrom<Verdict>('approve', 'approve', 'revoke')).map(([i, p, v]) => new Work(i, p, v)),
    ),
  },
  { weight: 2, arbitrary: checked(fc.tuple(actorIdx, itemIdx, fc.constantFrom(...castUsers.all, 'zed'), fc.boolean()).map(([a, i, to, c]) => new Reassign(a, i, to, c))) },
  { weight: 1, arbitrary: checked(fc.tuple(actorIdx, fc.constantFrom(...castUsers.all, 'zed')).map(([a, to]) => new Delegate(a, to))) },
  { weight: 2, arbitrary: checked(fc.tuple(actorIdx, itemIdx).map(([a, i]) => new RequestInfo(a, i))) },
  { weight: 1, arbitrary: checked(fc.tuple(actorIdx, fc.integer({ min: 1, max: 3 })).map(([a, l]) => new Submit(a, l))) },
  { weight: 2, arbitrary: checked(fc.tuple(actorIdx, itemIdx).map(([a, i]) => new ProvideInfo(a, i))) },
  { weight: 2, arbitrary: checked(fc.tuple(actorIdx, fc.integer({ min: 1, max: 4 }), fc.boolean()).map(([a, d, c]) => new Extend(a, d, c))) },
  { weight: 5, arbitrary: checked(minutes.map((n) => new AdvanceClock(n))) },
  {
    weight: 1,
    arbitrary: checked(
      fc.tuple(actorIdx, fc.constantFrom<'keepAccess' | 'revokeAccess' | null>(null, 'keepAccess', 'revokeAccess')).map(([a, o]) => new Complete(a, o)),
    ),
  },
  { weight: 1, arbitrary: checked(actorIdx.map((a) => new Abort(a))) },
]

/** R35: sequences are long (`size: '+1'`) and bounded (`maxCommands`). */
const COMMAND_SETTINGS = { size: '+1', maxCommands: 100 } as const

const commandsArb = fc.commands([fc.oneof(...COMMANDS)], COMMAND_SETTINGS)
// Two thirds of the setups use the full three-source order with every subject
// mapped and the manager active, so that items reach level 3 (SPEC §3: a
// source that resolves to nobody is skipped, which the other third exercises);
// half of those expire on lapse, so that items expire at every level.
const deepReviewers = decodeWith(ReviewerPolicy, { order: ['firstLineManager', 'riskManager', 'applicationOwner'], count: 3, fallback: ['fred'] })
const fullDirectory = decodeWith(Directory, {
  users: castUsers.all.map((id) => (castUsers.subjectUsers.some((u) => u === id) ? { id, manager: 'mia' } : id === 'mia' ? { id, manager: 'adam' } : { id })),
  subjects: [
    { id: 's1', user: 'u1' },
    { id: 's2', user: 'u2' },
    { id: 's3', user: 'u3' },
  ],
  applications: [
    { id: 'crm', owners: ['otto'] },
    { id: 'erp', owners: ['u1', 'otto'] },
  ],
})
const expiringWindows = decodeWith(TimingPolicy, { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }, { duration: { days: 1 } }] })
const setupArb = fc
  .tuple(arbCampaignSetup({ attestation: false }), fc.constantFrom('plain', 'deep', 'deepExpiring'))
  .map(([setup, kind]): CampaignSetup => {
    if (kind === 'plain' || E.isLeft(deepReviewers) || E.isLeft(fullDirectory) || E.isLeft(expiringWindows)) return setup
    const definition = { ...setup.definition, reviewers: deepReviewers.right }
    return {
      ...setup,
      definition: kind === 'deepExpiring' ? { ...definition, timing: expiringWindows.right } : definition,
      directory: fullDirectory.right,
    }
  })

// 2,000 sequences (TESTING.md asks at least 1,000): the rarest labels
// (expired at level 3, approved at level 2) are reached in about 2 % of the
// sequences, so at 1,000 the 1 % coverage floor below failed in about one run
// in fifty by chance alone; at 2,000 the same floor is three to four standard
// deviations away
const OPTIONS = { numRuns: runs(2_000) } as const

// -------------------------------------------------------------------------------------
// tests
// -------------------------------------------------------------------------------------

describe('campaign model (T1, T2)', () => {
  afterAll(() => {
    // printed once: how often each label was reached (runs reaching it / runs)
    const rows = ALL_LABELS.map((l) => `${l.padEnd(24)} ${String(coverage.get(l) ?? 0).padStart(5)} / ${sequences}`)
    console.log(`T1 coverage (${sequences} sequences, ${commandsRun} commands):\n${rows.join('\n')}\noutcomes: ${[...outcomes].sort().map(([k, n]) => `${k}=${n}`).join(' ')}`)
  })

  it('every command sequence keeps the invariants and matches the model', () => {
    fc.assert(
      fc.property(setupArb, commandsArb, (setup, cmds) => {
        sequences++
        const labels = new Set<string>()
        fc.modelRun(
          () => ({
            model: { setup, now: setup.createdAt, status: 'none' as Status, publishedAt: undefined, items: new Map<string, MItem>(), labels },
            real: { state: undefined, events: [], view: undefined },
          }),
          cmds,
        )
        for (const l of labels) coverage.set(l, (coverage.get(l) ?? 0) + 1)
      }),
      OPTIONS,
    )
    // every campaign status and every item state × level is reached in at least 1% of the sequences
    const missing = ALL_LABELS.filter((l) => (coverage.get(l) ?? 0) < Math.max(1, sequences / 100))
    expect(missing).toEqual([])
  })

  it('R35: the commands arbitrary is bounded by maxCommands and makes long sequences', () => {
    expect(COMMAND_SETTINGS).toEqual({ size: '+1', maxCommands: 100 })
    const lengths = fc.sample(commandsArb, { seed: 42, numRuns: 300 }).map((cs) => [...cs].length)
    expect(Math.max(...lengths)).toBeLessThanOrEqual(100)
    expect(Math.max(...lengths)).toBeGreaterThan(10) // fast-check's default size makes at most ~10
  })

  it('R36: commands are frozen and print from their constructor arguments only', () => {
    const cmds = fc.sample(fc.oneof(...COMMANDS), { seed: 7, numRuns: 500 })
    for (const c of cmds) {
      expect(Object.isFrozen(c)).toBe(true)
      const before = c.toString()
      expect(before).not.toMatch(/undefined|\[object/)
      expect(c.toString()).toBe(before)
    }
  })
})
