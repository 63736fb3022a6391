/**
 * The scenario runner (SPEC §12): decodes a scenario file, checks it as a
 * whole before anything runs, creates the campaign, runs every step (a
 * refused step is recorded with its error code and the run goes on),
 * advances to the final instant and reports the outcome with every instant
 * written in the campaign's time zone.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Problem, Writable } from '../shared/codec.js'
import { decodeWith, lookup } from '../shared/codec.js'
import type { DomainError, ErrorCode } from '../shared/errors.js'
import type { ItemId, UserId } from '../shared/ids.js'
import type { Directory, Role } from '../review/directory.js'
import type { Verdict } from '../review/attestation.js'
import type { Instant, TimeZone } from '../schedule/time.js'
import { formatInstant } from '../schedule/time.js'
import type { WindowStatus } from '../schedule/window.js'
import { advance, dueAtOf, windowsOf } from '../campaign/advance.js'
import type { Command } from '../campaign/command.js'
import { scopeProblems } from '../campaign/definition.js'
import { execute } from '../campaign/decider.js'
import type { CampaignEvent } from '../campaign/event.js'
import type { NotificationKind } from '../campaign/notification.js'
import type { Scope } from '../campaign/definition.js'
import type { Item } from '../review/item.js'
import { isInfoRequested } from '../review/item.js'
import type { CampaignState, Packet } from '../campaign/state.js'
import { findItem, levelStatus, packetItems, packetsOf } from '../campaign/state.js'
import type { DisplayStatus } from '../campaign/views.js'
import { displayStatus, timelineReviewers } from '../campaign/views.js'
import type { Scenario, Step, StepCommand } from './format.js'
import { isCheckpoint, Scenario as ScenarioCodec } from './format.js'
import type { CheckMismatch, ExpectedValue, Expectations, ReportReader } from './expect.js'
import { checkPath, compilePath, problemsAt, refsOf } from './expect.js'
import { duplicateKeyProblem, jsonDuplicateKey } from './jsonError.js'
import { setOwn } from '../shared/record.js'
import { Packets } from '../campaign/packets.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The state of an item in a report: the item states of the core, plus
 * `draft` for the items of a campaign that was never published.
 * @since 0.1.0
 * @category Scenario
 * @example
 * import type { ReportItemState } from 'access-review-core'
 * const s: ReportItemState = 'approved'
 */
export type ReportItemState = 'draft' | 'pending' | 'approved' | 'revoked' | 'expired'

/**
 * One recorded decision of an item, as reported.
 * @since 0.1.0
 * @category Scenario
 * @example
 * import type { ReportDecision, UserId } from 'access-review-core'
 * const d: ReportDecision = { by: 'mia' as UserId, level: 1, tier: 0, decision: 'approve', at: '2025-10-10T10:00:00-04:00' }
 * d.by // 'mia'
 */
export interface ReportDecision {
  readonly by: UserId
  readonly level: number
  readonly tier: number
  readonly decision: Verdict
  readonly at: string
  /** Set when `by` decided as a delegate of this reviewer. @since 0.2.0 */
  readonly onBehalfOf?: UserId
}

/**
 * One request for more information on an item, as reported.
 * @since 0.2.0
 * @category Scenario
 * @example
 * import type { ReportInfoRequest, UserId } from 'access-review-core'
 * const q: ReportInfoRequest = { by: 'mia' as UserId, at: '2025-10-10T10:00:00-04:00', asked: ['olga' as UserId], question: 'Still needed?' }
 * q.asked // ['olga']
 */
export interface ReportInfoRequest {
  readonly by: UserId
  readonly at: string
  readonly asked: ReadonlyArray<UserId>
  readonly question: string
  readonly answer?: string
  readonly answeredBy?: UserId
  readonly answeredAt?: string
}

/**
 * One item in a report: its state, the level it is at (or was decided or
 * expired at), the tier (the active tier for a pending item, the deciding
 * tier for a decided one, the lapsed tier for an expired one) and its
 * decisions, oldest first.
 * @since 0.1.0
 * @category Scenario
 * @example
 * import type { ReportItem } from 'access-review-core'
 * const i: ReportItem = { state: 'pending', level: 1, tier: 0, decisions: [] }
 */
export interface ReportItem {
  readonly state: ReportItemState
  readonly level: number
  readonly tier: number
  readonly decisions: ReadonlyArray<ReportDecision>
  /** Present (true) while the latest request for more information is unanswered. @since 0.2.0 */
  readonly infoRequested?: boolean
  /** Present while a flagged reviewer's approval waits for this user's second approval. @since 0.2.0 */
  readonly awaitingApprovalBy?: UserId
  /** The requests for more information, oldest first (absent when none). @since 0.2.0 */
  readonly infoRequests?: ReadonlyArray<ReportInfoRequest>
}

/**
 * One window of a packet timeline, as reported. `end` is `null` for the
 * open-ended last tier of a `deadline` level; `closedAt` is present when
 * the level completed before its window ended.
 * @since 0.1.0
 * @category Scenario
 * @example
 * import type { ReportWindow, UserId } from 'access-review-core'
 * const w: ReportWindow = { level: 1, tier: 0, reviewers: ['mia' as UserId], start: '2025-10-09T16:00:00-04:00', end: '2025-10-11T16:00:00-04:00', status: 'active' }
 * w.reviewers // ['mia']
 */
export interface ReportWindow {
  readonly level: number
  readonly tier: number
  readonly reviewers: ReadonlyArray<UserId>
  readonly start: string
  readonly end: string | null
  readonly closedAt?: string
  readonly status: WindowStatus
}

/**
 * The outcome of one step: accepted, or refused with the error code (and,
 * for item-level refusals, the code of each refused item).
 * @since 0.1.0
 * @category Scenario
 * @example
 * import type { ReportStep } from 'access-review-core'
 * const s: ReportStep = { index: 2, ok: false, code: 'ItemLocked' }
 */
export type ReportStep = ReportStepAccepted | ReportStepRefused

/** A step whose command was accepted. @since 0.1.0 @category Scenario */
export interface ReportStepAccepted {
  readonly index: number
  readonly ok: true
}
/** A step whose command was refused, with the error code and, for item-level refusals, each refused item. @since 0.1.0 @category Scenario */
export interface ReportStepRefused {
  readonly index: number
  readonly ok: false
  readonly code: ErrorCode
  readonly items?: ReadonlyArray<ReportItemRefusal>
}
/** One refused item of a refused step. @since 0.1.0 @category Scenario */
export interface ReportItemRefusal {
  readonly itemId: string
  readonly code: ErrorCode
}

/**
 * One notification intent, as reported (in the order the core issued them).
 * @since 0.1.0
 * @category Scenario
 * @example
 * import type { ItemId, ReportNotification, UserId } from 'access-review-core'
 * const n: ReportNotification = { kind: 'reviewAssigned', recipients: ['mia' as UserId], itemIds: ['i1' as ItemId], at: '2025-10-09T16:00:00-04:00' }
 * n.recipients // ['mia']
 */
export interface ReportNotification {
  readonly kind: NotificationKind
  readonly recipients: ReadonlyArray<UserId>
  readonly itemIds: ReadonlyArray<ItemId>
  readonly at: string
}

/**
 * The report of a scenario run (SPEC §12). Every instant is ISO-8601 with
 * the offset of the campaign's time zone. `displayStatus` is taken at `until`
 * (or the last step's instant, or the creation instant).
 * @since 0.1.0
 * @category Scenario
 * @example
 * import type { ScenarioReport } from 'access-review-core'
 * const statusOf = (r: ScenarioReport) => r.campaign.displayStatus
 */
export interface ScenarioReport {
  readonly campaign: {
    readonly status: CampaignState['campaign']['status']
    readonly displayStatus: DisplayStatus
    readonly dueAt: string | null
    readonly timeZone: TimeZone
    readonly at: string
  }
  readonly items: Readonly<Record<string, ReportItem>>
  readonly windows: Readonly<Record<string, ReadonlyArray<ReportWindow>>>
  readonly steps: ReadonlyArray<ReportStep>
  readonly notifications: ReadonlyArray<ReportNotification>
}

/**
 * A finished run: the report and the final state (for callers that want to
 * look further, e.g. with `progress` or `packetTimeline`).
 * @since 0.1.0
 * @category Scenario
 * @example
 * import { runScenario } from 'access-review-core'
 * import type { ScenarioRun } from 'access-review-core'
 * const f = (u: unknown) => runScenario(u) // Either<Problem[], ScenarioRun>
 */
export interface ScenarioRun {
  readonly report: ScenarioReport
  readonly state: CampaignState
  /** Every event of the run in log order (the state is their fold): the input of `evidenceReport`. @since 0.2.0 */
  readonly events: ReadonlyArray<CampaignEvent>
}

/**
 * One check of a scenario: a path of a checkpoint (or of the final
 * `expect`) with its expected value, and where the report does not match
 * it (`mismatches`, empty when it holds).
 * @since 0.2.0
 * @category Scenario
 * @example
 * import type { ScenarioCheck } from 'access-review-core'
 * const line = (c: ScenarioCheck) => `${c.source} (after step ${c.after ?? '-'}) ${c.path}: ${c.ok ? 'holds' : 'fails'}`
 */
export interface ScenarioCheck {
  /** Where the expectation is written: `steps[4]` (a checkpoint) or `expect` (the final one). */
  readonly source: string
  /** The position in `steps` of the command step the check came after; absent when it came before any. */
  readonly after?: number
  /** The instant of the check, in the campaign's zone. */
  readonly at: string
  /** The path as written. */
  readonly path: string
  readonly expected: ExpectedValue
  readonly ok: boolean
  /** Where the report differs (the path itself or fields inside it); empty when the check holds. */
  readonly mismatches: ReadonlyArray<CheckMismatch>
}

/**
 * The outcome of checking a scenario: its report, every check in file
 * order, and whether all of them hold.
 * @since 0.2.0
 * @category Scenario
 * @example
 * import { checkScenario } from 'access-review-core'
 * import type { ScenarioVerdict } from 'access-review-core'
 * const failed = (v: ScenarioVerdict) => v.checks.filter((c) => !c.ok).length
 * const f = (u: unknown) => checkScenario(u) // Either<Problem[], ScenarioVerdict>
 */
export interface ScenarioVerdict {
  readonly report: ScenarioReport
  readonly checks: ReadonlyArray<ScenarioCheck>
  /** True when every check holds (also when there is none). */
  readonly holds: boolean
}

// -------------------------------------------------------------------------------------
// checks before the run
// -------------------------------------------------------------------------------------

const MANAGER_ROLES: ReadonlyArray<Role> = ['riskManager', 'administrator']

const userIndex = (d: Directory): ReadonlyMap<string, ReadonlyArray<Role>> => new Map(d.users.map((u) => [u.id, u.roles ?? []]))

const knownItems = (s: Scenario): { readonly items: ReadonlySet<string>; readonly packets: ReadonlySet<string> } => {
  const items = new Set<string>()
  const packets = new Set<string>()
  const add = (scope: Scope): void => {
    for (const i of scope) {
      items.add(i.id)
      packets.add(i.subject)
    }
  }
  add(s.items)
  for (const step of s.steps) {
    if (isCheckpoint(step)) continue
    const c = step.do
    if (c.type === 'create' || c.type === 'edit') add(c.items ?? [])
  }
  return { items, packets }
}

const expectProblems = (
  expect: Expectations,
  where: ReadonlyArray<string | number>,
  known: { readonly items: ReadonlySet<string>; readonly packets: ReadonlySet<string> },
  stepBefore: (index: number) => boolean,
  stepsText: string,
): ReadonlyArray<Problem> => {
  const found: Array<{ readonly at: ReadonlyArray<string | number>; readonly expected: string }> = []
  for (const { ref, key } of refsOf(expect)) {
    const at = [key, ...ref.at]
    if (ref.kind === 'item' && !known.items.has(ref.id)) found.push({ at, expected: 'a path naming an item id of the scenario (items, or the items of a create or edit step)' })
    if (ref.kind === 'packet' && !known.packets.has(ref.id)) found.push({ at, expected: 'a path naming a packet: the subject id of an item of the scenario' })
    if (ref.kind === 'step' && !stepBefore(Number(ref.id))) found.push({ at, expected: `a path naming the position of a command step ${stepsText}` })
  }
  return problemsAt(where, found)
}

const stepProblems = (s: Scenario): ReadonlyArray<Problem> => {
  const users = userIndex(s.directory)
  const known = knownItems(s)
  const out: Problem[] = [...scopeProblems(s.items, 'items')]
  const creatorRoles = users.get(s.createdBy)
  if (creatorRoles === undefined) out.push({ path: 'createdBy', expected: 'a user id of directory.users' })
  else if (!creatorRoles.some((r) => MANAGER_ROLES.includes(r))) {
    out.push({ path: 'createdBy', expected: 'a user with the riskManager or administrator role in directory.users' })
  }
  const isCommand = (i: number): boolean => {
    const step = s.steps[i]
    return step !== undefined && !isCheckpoint(step)
  }
  let previous: Instant = s.createdAt
  s.steps.forEach((step, i) => {
    const at = `steps[${i}]`
    if (step.at < previous) out.push({ path: `${at}.at`, expected: 'an instant not before the previous step (or createdAt)' })
    else previous = step.at
    if (isCheckpoint(step)) {
      for (const p of expectProblems(step.expect, ['steps', i, 'expect'], known, (k) => k < i && isCommand(k), 'before this checkpoint')) out.push(p)
      return
    }
    if (!users.has(step.as)) out.push({ path: `${at}.as`, expected: 'a user id of directory.users' })
    const c = step.do
    const item = (id: string, path: string): void => {
      if (!known.items.has(id)) out.push({ path, expected: 'an item id of the scenario (items, or the items of a create or edit step)' })
    }
    // a list of item ids: the path of an entry is written only when it names no item
    const items = (ids: ReadonlyArray<string>): void => {
      for (let j = 0; j < ids.length; j++) {
        const id = ids[j] as string
        if (!known.items.has(id)) item(id, `${at}.do.items[${j}]`)
      }
    }
    if (c.type === 'decide') items(c.items)
    if (c.type === 'reassign') {
      if (c.item !== undefined) item(c.item, `${at}.do.item`)
      items(c.items ?? [])
    }
    if (c.type === 'delegate') items(c.items ?? [])
    if (c.type === 'requestInfo' || c.type === 'provideInfo') items(c.items)
    if (c.type === 'requestInfo' && typeof c.from !== 'string' && !users.has(c.from.user)) out.push({ path: `${at}.do.from.user`, expected: 'a user id of directory.users' })
    if ((c.type === 'reassign' || c.type === 'delegate') && !users.has(c.to)) out.push({ path: `${at}.do.to`, expected: 'a user id of directory.users' })
    if (c.type === 'recordFulfillmentResult') item(c.item, `${at}.do.item`)
    if (c.type === 'create' || c.type === 'edit') for (const problem of scopeProblems(c.items ?? [], `${at}.do.items`)) out.push(problem)
  })
  if (s.until !== undefined && s.until < previous) out.push({ path: 'until', expected: 'an instant not before the last step (or createdAt)' })
  if (s.expect !== undefined) for (const p of expectProblems(s.expect, ['expect'], known, isCommand, 'of the scenario')) out.push(p)
  return out
}

// -------------------------------------------------------------------------------------
// the report, part by part
// -------------------------------------------------------------------------------------

/**
 * Formats instants in a zone, each distinct instant once per run: a report
 * repeats the same instants (window bounds, step instants) many times, and
 * formatting in a zone is the most expensive part of building it.
 */
class Formatter {
  private readonly memo = new Map<string, (at: Instant) => string>()
  /** The formatter of one zone (remembering each instant's text), for callers formatting many instants in it. */
  inZone(zone: TimeZone): (at: Instant) => string {
    let format = this.memo.get(zone)
    if (format === undefined) {
      const byAt = new Map<number, string>()
      format = (at) => {
        const known = byAt.get(at)
        if (known !== undefined) return known
        const text = formatInstant(at, zone)
        byAt.set(at, text)
        return text
      }
      this.memo.set(zone, format)
    }
    return format
  }
  format(at: Instant, zone: TimeZone): string {
    return this.inZone(zone)(at)
  }
}

const DRAFT_ITEM: ReportItem = { state: 'draft', level: 0, tier: 0, decisions: [] }

// The scope's item ids, once per scope (a scope never changes once published).
const scopeIds = new WeakMap<Scope, ReadonlySet<string>>()
const idsOfScope = (scope: Scope): ReadonlySet<string> => {
  let ids = scopeIds.get(scope)
  if (ids === undefined) {
    ids = new Set(scope.map((i) => i.id))
    scopeIds.set(scope, ids)
  }
  return ids
}

/** The report's parts of a state at an instant: each built only when asked for (O(what it covers)). */
class ReportParts {
  private itemsMemo: Readonly<Record<string, ReportItem>> | undefined
  private windowsMemo: Readonly<Record<string, ReadonlyArray<ReportWindow>>> | undefined
  private packetsMemo: ReadonlyArray<Packet> | undefined
  private readonly zone: TimeZone
  /** An instant as text in the campaign's zone (remembered per instant). */
  private readonly instant: (at: Instant) => string
  constructor(
    private readonly state: CampaignState,
    private readonly at: Instant,
    fmt: Formatter,
  ) {
    this.zone = state.campaign.definition.timeZone
    this.instant = fmt.inZone(this.zone)
  }

  private packets(): ReadonlyArray<Packet> {
    if (this.packetsMemo === undefined) this.packetsMemo = packetsOf(this.state)
    return this.packetsMemo
  }

  campaign(): ScenarioReport['campaign'] {
    const s = this.state
    const due = dueAtOf(s)
    return {
      status: s.campaign.status,
      displayStatus: displayStatus(s, this.at),
      dueAt: due === undefined ? null : this.instant(due),
      timeZone: this.zone,
      at: this.instant(this.at),
    }
  }

  // Built in the report's key order, optional fields assigned when present
  // (no spread of conditional objects: issue 9).
  private itemOf(p: Packet, item: Item): ReportItem {
    const st = item.state
    const tier = st._tag === 'approved' || st._tag === 'revoked' ? st.tier : Math.min(levelStatus(p, st.level).tier, (item.levels[st.level - 1]?.tiers.length ?? 1) - 1)
    const decisions: ReportDecision[] = []
    for (const d of item.decisions) {
      const out: Writable<ReportDecision> = { by: d.by, level: d.level, tier: d.tier, decision: d.decision, at: this.instant(d.at) }
      if (d.onBehalfOf !== undefined) out.onBehalfOf = d.onBehalfOf
      decisions.push(out)
    }
    const out: Writable<ReportItem> = { state: st._tag, level: st.level, tier, decisions }
    if (isInfoRequested(item)) out.infoRequested = true
    if (st._tag === 'pending' && st.secondApprover !== undefined) out.awaitingApprovalBy = st.secondApprover
    const asked = item.infoRequests
    if (asked !== undefined && asked.length > 0) {
      const requests: ReportInfoRequest[] = []
      for (const q of asked) {
        const r: Writable<ReportInfoRequest> = { by: q.by, at: this.instant(q.at), asked: q.asked, question: q.question }
        if (q.answer !== undefined) {
          r.answer = q.answer.text
          r.answeredBy = q.answer.by
          r.answeredAt = this.instant(q.answer.at)
        }
        requests.push(r)
      }
      out.infoRequests = requests
    }
    return out
  }

  item(id: string): ReportItem | undefined {
    if (this.itemsMemo !== undefined) return lookup(this.itemsMemo, id)
    const found = findItem(this.state, id)
    if (found !== undefined) return this.itemOf(found.packet, found.item)
    return idsOfScope(this.state.campaign.scope).has(id) ? DRAFT_ITEM : undefined
  }

  items(): Readonly<Record<string, ReportItem>> {
    if (this.itemsMemo !== undefined) return this.itemsMemo
    const items: Record<string, ReportItem> = {}
    let count = 0
    for (const p of this.packets()) {
      for (const item of p.items) {
        setOwn(items, item.spec.id, this.itemOf(p, item))
        count++
      }
    }
    // items of packets not (yet) opened: a campaign never published
    if (count < this.state.campaign.scope.length) {
      for (const spec of this.state.campaign.scope) if (lookup(items, spec.id) === undefined) setOwn(items, spec.id, DRAFT_ITEM)
    }
    this.itemsMemo = items
    return items
  }

  packetWindows(id: string): ReadonlyArray<ReportWindow> | undefined {
    if (this.windowsMemo !== undefined) return lookup(this.windowsMemo, id)
    const p = Packets.get(this.state.packets, id)
    return p === undefined ? undefined : this.windowsOf(p)
  }

  // packetTimeline's windows and reviewers, for a packet already in hand.
  private windowsOf(p: Packet): ReadonlyArray<ReportWindow> {
    const items = packetItems(p)
    const out: ReportWindow[] = []
    for (const w of windowsOf(this.state, p)) {
      const reviewers = timelineReviewers(items, w.level, w.tier)
      const start = this.instant(w.start)
      const end = w.end === undefined ? null : this.instant(w.end)
      out.push(
        w.closedAt === undefined
          ? { level: w.level, tier: w.tier, reviewers, start, end, status: w.status }
          : { level: w.level, tier: w.tier, reviewers, start, end, closedAt: this.instant(w.closedAt), status: w.status },
      )
    }
    return out
  }

  windows(): Readonly<Record<string, ReadonlyArray<ReportWindow>>> {
    if (this.windowsMemo !== undefined) return this.windowsMemo
    const windows: Record<string, ReadonlyArray<ReportWindow>> = {}
    for (const p of this.packets()) setOwn(windows, p.id, this.windowsOf(p))
    this.windowsMemo = windows
    return windows
  }
}

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

const commandOf = (s: Scenario, step: Step, roles: ReadonlyArray<Role>): Command => {
  const base = { at: step.at, actor: { id: step.as, roles } }
  const c: StepCommand = step.do
  switch (c.type) {
    case 'publish':
      return { ...c, ...base, directory: s.directory }
    default:
      return { ...c, ...base }
  }
}

/** Appends the notifications among `events` (O(events)). */
const pushNotifications = (out: ReportNotification[], events: ReadonlyArray<CampaignEvent>, zone: TimeZone, fmt: Formatter): void => {
  for (const e of events) {
    if (e.type === 'NotificationIssued') out.push({ kind: e.intent.kind, recipients: e.intent.recipients, itemIds: e.intent.itemIds, at: fmt.format(e.intent.at, zone) })
  }
}

const stepOutcome = (index: number, e: DomainError): ReportStep => ({
  index,
  ok: false,
  code: e.code,
  ...('items' in e ? { items: e.items.map((p) => ({ itemId: p.itemId, code: p.code })) } : {}),
})

/** The bookkeeping of a run: step outcomes and notifications, appended as they come (O(events) per step). */
class Ledger {
  readonly steps: ReportStep[] = []
  readonly notifications: ReportNotification[] = []
  /** The position in `steps` of the outcome of each entry of the file's `steps` (-1 for checkpoints). */
  private readonly positions: Int32Array
  constructor(entries: number) {
    this.positions = new Int32Array(entries).fill(-1)
  }
  record(outcome: ReportStep): void {
    this.positions[outcome.index] = this.steps.length
    this.steps.push(outcome)
  }
  /** The outcome of entry `index`, among the first `count` outcomes. */
  stepAt(index: number, count: number): ReportStep | undefined {
    const at = index >= 0 && index < this.positions.length ? (this.positions[index] ?? -1) : -1
    return at >= 0 && at < count ? this.steps[at] : undefined
  }
}

/** A reader of the report of `parts`, with the first `stepCount` outcomes and `noteCount` notifications (plus `extra`). */
const readerOf = (parts: ReportParts, ledger: Ledger, stepCount: number, noteCount: number, extra: ReadonlyArray<ReportNotification>): ReportReader => ({
  campaign: () => parts.campaign(),
  items: () => parts.items(),
  item: (id) => parts.item(id),
  windows: () => parts.windows(),
  packetWindows: (id) => parts.packetWindows(id),
  steps: () => (stepCount === ledger.steps.length ? ledger.steps : ledger.steps.slice(0, stepCount)),
  step: (index) => ledger.stepAt(index, stepCount),
  notifications: () => {
    if (noteCount === ledger.notifications.length && extra.length === 0) return ledger.notifications
    const out = ledger.notifications.slice(0, noteCount)
    for (const n of extra) out.push(n)
    return out
  },
})

const checksOf = (
  expect: Expectations,
  reader: ReportReader,
  source: string,
  after: number | undefined,
  at: string,
  out: ScenarioCheck[],
): void => {
  for (const path of Object.keys(expect)) {
    const expected = lookup(expect, path) ?? null
    const compiled = compilePath(path)
    // the codec refused every path that does not compile: this is a defect guard
    const mismatches: ReadonlyArray<CheckMismatch> = E.isLeft(compiled) ? [{ path, expected }] : checkPath(reader, compiled.right, expected)
    out.push({ source, ...(after === undefined ? {} : { after }), at, path, expected, ok: mismatches.length === 0, mismatches })
  }
}

interface Ran {
  readonly run: ScenarioRun
  readonly checks: ReadonlyArray<ScenarioCheck>
}

const runChecked = (scenario: Scenario, check: boolean): E.Either<ReadonlyArray<Problem>, Ran> => {
  const problems = stepProblems(scenario)
  if (problems.length > 0) return E.left(problems)
  const users = userIndex(scenario.directory)
  const created = execute(
    {
      type: 'create',
      at: scenario.createdAt,
      actor: { id: scenario.createdBy, roles: users.get(scenario.createdBy) ?? [] },
      definition: scenario.definition,
      items: scenario.items,
    },
    undefined,
  )
  if (E.isLeft(created)) return E.left([{ path: '$', expected: `a scenario whose campaign can be created (refused: ${created.left.code})` }])
  const fmt = new Formatter()
  const ledger = new Ledger(scenario.steps.length)
  const checks: ScenarioCheck[] = []
  let state = created.right.state
  const log: CampaignEvent[] = created.right.events.slice()
  pushNotifications(ledger.notifications, created.right.events, state.campaign.definition.timeZone, fmt)
  let lastCommand: number | undefined
  scenario.steps.forEach((step, index) => {
    if (isCheckpoint(step)) {
      if (!check) return
      // the report the file would give if it ended here; the run goes on from the state before
      const view = advance(state, step.at)
      const zone = view.state.campaign.definition.timeZone
      const extra: ReportNotification[] = []
      pushNotifications(extra, view.events, zone, fmt)
      const parts = new ReportParts(view.state, step.at, fmt)
      checksOf(step.expect, readerOf(parts, ledger, ledger.steps.length, ledger.notifications.length, extra), `steps[${index}]`, lastCommand, fmt.format(step.at, zone), checks)
      return
    }
    lastCommand = index
    const advanced = advance(state, step.at)
    state = advanced.state
    for (const e of advanced.events) log.push(e)
    pushNotifications(ledger.notifications, advanced.events, state.campaign.definition.timeZone, fmt)
    const r = execute(commandOf(scenario, step, users.get(step.as) ?? []), state)
    if (E.isLeft(r)) {
      ledger.record(stepOutcome(index, r.left))
      return
    }
    state = r.right.state
    for (const e of r.right.events) log.push(e)
    pushNotifications(ledger.notifications, r.right.events, state.campaign.definition.timeZone, fmt)
    ledger.record({ index, ok: true })
  })
  const last = scenario.steps[scenario.steps.length - 1]
  const end = scenario.until ?? last?.at ?? scenario.createdAt
  const final = advance(state, end)
  state = final.state
  for (const e of final.events) log.push(e)
  const zone = state.campaign.definition.timeZone
  pushNotifications(ledger.notifications, final.events, zone, fmt)
  const parts = new ReportParts(state, end, fmt)
  const report: ScenarioReport = {
    campaign: parts.campaign(),
    items: parts.items(),
    windows: parts.windows(),
    steps: ledger.steps,
    notifications: ledger.notifications,
  }
  if (check && scenario.expect !== undefined) {
    checksOf(scenario.expect, readerOf(parts, ledger, ledger.steps.length, ledger.notifications.length, []), 'expect', lastCommand, report.campaign.at, checks)
  }
  return E.right({ run: { report, state, events: log }, checks })
}

/**
 * Runs an already decoded scenario. Prefer {@link runScenario}, which also
 * decodes and checks the file; this is for callers holding a typed
 * {@link Scenario}. The whole-file checks (unknown ids in steps, steps out
 * of order, a creator without the role) are made here too. Checkpoints do
 * not change the run (see {@link checkScenario} to check them).
 *
 * @example
 * import { decodeWith, runDecodedScenario, Scenario } from 'access-review-core'
 * const f = (u: unknown) => {
 *   const s = decodeWith(Scenario, u)
 *   return s._tag === 'Right' ? runDecodedScenario(s.right) : s
 * }
 *
 * @since 0.1.0
 * @category Scenario
 */
export const runDecodedScenario = (scenario: Scenario): E.Either<ReadonlyArray<Problem>, ScenarioRun> => {
  const r = runChecked(scenario, false)
  return E.isLeft(r) ? r : E.right(r.right.run)
}

/**
 * Decodes and runs a scenario file (SPEC §12). Bad input is refused before
 * anything runs with every problem named by JSON path and expected shape
 * (never the received value): unknown keys, wrong types, a wrong version,
 * offset-less instants, unknown users or items in steps, steps out of order,
 * checkpoint paths that name nothing in a report.
 * A refused step is recorded with its error code and the run goes on.
 *
 * @example
 * import { runScenario } from 'access-review-core'
 * const r = runScenario({ version: 2 })
 * // Left([{ path: 'version', expected: 'the scenario format version 1' }, ...])
 *
 * @since 0.1.0
 * @category Scenario
 */
export const runScenario = (input: unknown): E.Either<ReadonlyArray<Problem>, ScenarioReport> => {
  const decoded = decodeWith(ScenarioCodec, input)
  if (E.isLeft(decoded)) return decoded
  const r = runDecodedScenario(decoded.right)
  return E.isLeft(r) ? r : E.right(r.right.report)
}

/**
 * Decodes and runs a scenario file and checks its checkpoints and final
 * `expect`: every path is compared with the report at its instant, and each
 * check says where the report differs. An invalid file is refused as by
 * {@link runScenario} (a path that names nothing in a report is a problem of
 * the file, not a failed check). Never throws.
 *
 * @example
 * import { checkScenario } from 'access-review-core'
 * checkScenario({ version: 2 })._tag // 'Left'
 *
 * @since 0.2.0
 * @category Scenario
 */
export const checkScenario = (input: unknown): E.Either<ReadonlyArray<Problem>, ScenarioVerdict> => {
  const decoded = decodeWith(ScenarioCodec, input)
  if (E.isLeft(decoded)) return decoded
  const r = runChecked(decoded.right, true)
  if (E.isLeft(r)) return r
  return E.right({ report: r.right.run.report, checks: r.right.checks, holds: r.right.checks.every((c) => c.ok) })
}

/**
 * Parses JSON text and runs it as a scenario. Text that is not JSON is
 * refused with a problem at path `$`. Never throws.
 *
 * @example
 * import { runScenarioJson } from 'access-review-core'
 * runScenarioJson('{ not json') // Left([{ path: '$', expected: 'a JSON document' }])
 *
 * @since 0.1.0
 * @category Scenario
 */
export const runScenarioJson = (text: string): E.Either<ReadonlyArray<Problem>, ScenarioReport> => {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return E.left([{ path: '$', expected: 'a JSON document' }])
  }
  // JSON.parse keeps the last of two values of one key: such a text is refused
  const twice = jsonDuplicateKey(text)
  if (twice !== undefined) return E.left([duplicateKeyProblem(twice)])
  return runScenario(parsed)
}
