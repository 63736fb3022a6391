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
import type { Problem } from '../shared/codec.js'
import { decodeWith, lookup } from '../shared/codec.js'
import type { DomainError, ErrorCode } from '../shared/errors.js'
import type { ItemId, UserId } from '../shared/ids.js'
import type { Directory, Role } from '../review/directory.js'
import type { Verdict } from '../review/attestation.js'
import type { Instant, TimeZone } from '../schedule/time.js'
import { formatInstant } from '../schedule/time.js'
import type { WindowStatus } from '../schedule/window.js'
import { advance, dueAtOf } from '../campaign/advance.js'
import type { Command } from '../campaign/command.js'
import { scopeProblems } from '../campaign/definition.js'
import { execute } from '../campaign/decider.js'
import type { CampaignEvent } from '../campaign/event.js'
import type { NotificationKind } from '../campaign/notification.js'
import type { CampaignState } from '../campaign/state.js'
import { levelStatus, packetItems, packetsOf } from '../campaign/state.js'
import type { DisplayStatus } from '../campaign/views.js'
import { displayStatus, packetTimeline } from '../campaign/views.js'
import type { Scenario, Step, StepCommand } from './format.js'
import { Scenario as ScenarioCodec } from './format.js'

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
}

// -------------------------------------------------------------------------------------
// checks before the run
// -------------------------------------------------------------------------------------

const MANAGER_ROLES: ReadonlyArray<Role> = ['riskManager', 'administrator']

const userIndex = (d: Directory): ReadonlyMap<string, ReadonlyArray<Role>> => new Map(d.users.map((u) => [u.id, u.roles ?? []]))

const knownItems = (s: Scenario): ReadonlySet<string> => {
  const out = new Set<string>(s.items.map((i) => i.id))
  for (const step of s.steps) {
    const c = step.do
    if (c.type === 'create' || c.type === 'edit') for (const i of c.items ?? []) out.add(i.id)
  }
  return out
}

const stepProblems = (s: Scenario): ReadonlyArray<Problem> => {
  const users = userIndex(s.directory)
  const items = knownItems(s)
  const out: Problem[] = [...scopeProblems(s.items, 'items')]
  const creatorRoles = users.get(s.createdBy)
  if (creatorRoles === undefined) out.push({ path: 'createdBy', expected: 'a user id of directory.users' })
  else if (!creatorRoles.some((r) => MANAGER_ROLES.includes(r))) {
    out.push({ path: 'createdBy', expected: 'a user with the riskManager or administrator role in directory.users' })
  }
  let previous: Instant = s.createdAt
  s.steps.forEach((step, i) => {
    const at = `steps[${i}]`
    if (step.at < previous) out.push({ path: `${at}.at`, expected: 'an instant not before the previous step (or createdAt)' })
    else previous = step.at
    if (!users.has(step.as)) out.push({ path: `${at}.as`, expected: 'a user id of directory.users' })
    const c = step.do
    const item = (id: string, path: string): void => {
      if (!items.has(id)) out.push({ path, expected: 'an item id of the scenario (items, or the items of a create or edit step)' })
    }
    if (c.type === 'decide') c.items.forEach((id, j) => item(id, `${at}.do.items[${j}]`))
    if (c.type === 'reassign') {
      item(c.item, `${at}.do.item`)
      if (!users.has(c.to)) out.push({ path: `${at}.do.to`, expected: 'a user id of directory.users' })
    }
    if (c.type === 'recordFulfillmentResult') item(c.item, `${at}.do.item`)
    if (c.type === 'create' || c.type === 'edit') for (const problem of scopeProblems(c.items ?? [], `${at}.do.items`)) out.push(problem)
  })
  if (s.until !== undefined && s.until < previous) out.push({ path: 'until', expected: 'an instant not before the last step (or createdAt)' })
  return out
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

const notificationsOf = (events: ReadonlyArray<CampaignEvent>, zone: TimeZone): ReadonlyArray<ReportNotification> =>
  events.flatMap((e) =>
    e.type === 'NotificationIssued'
      ? [{ kind: e.intent.kind, recipients: e.intent.recipients, itemIds: e.intent.itemIds, at: formatInstant(e.intent.at, zone) }]
      : [],
  )

const reportOf = (s: CampaignState, at: Instant, steps: ReadonlyArray<ReportStep>, notifications: ReadonlyArray<ReportNotification>): ScenarioReport => {
  const zone = s.campaign.definition.timeZone
  const fmt = (i: Instant): string => formatInstant(i, zone)
  const items: Record<string, ReportItem> = {}
  const put = (id: string, item: ReportItem): void => {
    Object.defineProperty(items, id, { value: item, enumerable: true, writable: true, configurable: true })
  }
  const windows: Record<string, ReadonlyArray<ReportWindow>> = {}
  for (const p of packetsOf(s)) {
    for (const item of packetItems(p)) {
      const st = item.state
      const tiers = item.levels[st.level - 1]?.tiers.length ?? 1
      const tier = st._tag === 'approved' || st._tag === 'revoked' ? st.tier : Math.min(levelStatus(p, st.level).tier, tiers - 1)
      put(item.spec.id, {
        state: st._tag,
        level: st.level,
        tier,
        decisions: item.decisions.map((d) => ({ by: d.by, level: d.level, tier: d.tier, decision: d.decision, at: fmt(d.at) })),
      })
    }
    Object.defineProperty(windows, p.id, {
      value: packetTimeline(s, p.id).map((w) => ({
        level: w.level,
        tier: w.tier,
        reviewers: w.reviewers,
        start: fmt(w.start),
        end: w.end === undefined ? null : fmt(w.end),
        ...(w.closedAt === undefined ? {} : { closedAt: fmt(w.closedAt) }),
        status: w.status,
      })),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  for (const spec of s.campaign.scope) {
    if (lookup(items, spec.id) === undefined) put(spec.id, { state: 'draft', level: 0, tier: 0, decisions: [] })
  }
  const due = dueAtOf(s)
  return {
    campaign: {
      status: s.campaign.status,
      displayStatus: displayStatus(s, at),
      dueAt: due === undefined ? null : fmt(due),
      timeZone: zone,
      at: fmt(at),
    },
    items,
    windows,
    steps,
    notifications,
  }
}

const stepOutcome = (index: number, e: DomainError): ReportStep => ({
  index,
  ok: false,
  code: e.code,
  ...('items' in e ? { items: e.items.map((p) => ({ itemId: p.itemId, code: p.code })) } : {}),
})

/**
 * Runs an already decoded scenario. Prefer {@link runScenario}, which also
 * decodes and checks the file; this is for callers holding a typed
 * {@link Scenario}. The whole-file checks (unknown ids in steps, steps out
 * of order, a creator without the role) are made here too.
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
  const zone = scenario.definition.timeZone
  let state = created.right.state
  const notifications: ReportNotification[] = [...notificationsOf(created.right.events, zone)]
  const steps: ReportStep[] = []
  scenario.steps.forEach((step, index) => {
    const advanced = advance(state, step.at)
    state = advanced.state
    for (const n of notificationsOf(advanced.events, zone)) notifications.push(n)
    const r = execute(commandOf(scenario, step, users.get(step.as) ?? []), state)
    if (E.isLeft(r)) {
      steps.push(stepOutcome(index, r.left))
      return
    }
    state = r.right.state
    for (const n of notificationsOf(r.right.events, zone)) notifications.push(n)
    steps.push({ index, ok: true })
  })
  const last = scenario.steps[scenario.steps.length - 1]
  const end = scenario.until ?? last?.at ?? scenario.createdAt
  const final = advance(state, end)
  state = final.state
  for (const n of notificationsOf(final.events, zone)) notifications.push(n)
  return E.right({ report: reportOf(state, end, steps, notifications), state })
}

/**
 * Decodes and runs a scenario file (SPEC §12). Bad input is refused before
 * anything runs with every problem named by JSON path and expected shape
 * (never the received value): unknown keys, wrong types, a wrong version,
 * offset-less instants, unknown users or items in steps, steps out of order.
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
  return runScenario(parsed)
}
