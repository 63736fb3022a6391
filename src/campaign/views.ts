/**
 * Read views: the displayed status, packet timelines and progress rows
 * (SPEC §2, §5.2, §7.2).
 *
 * @since 0.1.0
 */
import type { ItemId, SubjectId, UserId } from '../shared/ids.js'
import type { Instant } from '../schedule/time.js'
import type { Window } from '../schedule/window.js'
import type { Item } from '../review/item.js'
import { reviewersOf } from '../review/item.js'
import { dueAtOf, windowsOf } from './advance.js'
import type { ProgressView } from './command.js'
import { pushUnique } from '../shared/unique.js'
import type { CampaignState } from './state.js'
import { activeReviewers, packetItems, packetsOf } from './state.js'
import { Packets } from './packets.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The displayed status: the stored one, with `overdue` for an `inProgress`
 * campaign whose due date has passed.
 * @since 0.1.0
 * @category Views
 */
export type DisplayStatus = 'draft' | 'inProgress' | 'overdue' | 'completed' | 'aborted' | 'expired'

/**
 * A window with the reviewers of its tier (the union over the packet's items
 * at that level).
 * @since 0.1.0
 * @category Views
 */
export interface TimelineWindow extends Window {
  readonly reviewers: ReadonlyArray<UserId>
}

/**
 * A row of a progress view.
 * @since 0.1.0
 * @category Views
 */
export interface ProgressRow {
  readonly key: string
  readonly total: number
  readonly approved: number
  readonly revoked: number
  readonly pending: number
  readonly expired: number
  readonly percentComplete: number
  readonly pendingReviewers: ReadonlyArray<UserId>
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The displayed status at `now` (SPEC §2): `overdue` when in progress and
 * `now >= dueAt`.
 * @example
 * import { displayStatus } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * // due 2025-03-31 (the default definition)
 * displayStatus(state, at('2025-03-30T00:00:00Z')) // 'inProgress'
 * displayStatus(state, at('2025-03-31T00:00:00Z')) // 'overdue'
 * @since 0.1.0
 * @category Views
 */
export const displayStatus = (s: CampaignState, now: Instant): DisplayStatus => {
  if (s.campaign.status !== 'inProgress') return s.campaign.status
  const due = dueAtOf(s)
  return due !== undefined && now >= due ? 'overdue' : 'inProgress'
}

/**
 * The timeline of a packet: every window (started and projected) with its
 * reviewers.
 * @example
 * import { packetTimeline } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'rick' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const definition = aDefinition({ reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 }, timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 2 } }] } })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition, items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 * ]).state!
 * packetTimeline(state, 's-bob').map((w) => [w.level, w.status, w.reviewers]) // [[1, 'active', ['mia']], [2, 'upcoming', ['rick']]]
 * packetTimeline(state, 's-nobody') // []
 * @since 0.1.0
 * @category Views
 */
export const packetTimeline = (s: CampaignState, packetId: SubjectId | string): ReadonlyArray<TimelineWindow> => {
  const p = Packets.get(s.packets, packetId)
  if (p === undefined) return []
  const items = packetItems(p)
  return windowsOf(s, p).map((w) => ({ ...w, reviewers: timelineReviewers(items, w.level, w.tier) }))
}

/**
 * The reviewers of a window of a packet timeline: the union of the
 * reviewers of `tier` of `level` over the packet's `items` (those with that
 * level), in first-seen order, without duplicates.
 * @example
 * import { timelineReviewers } from '../../src/campaign/views.js' // internal
 * const a = { levels: [{ source: 'firstLineManager', tiers: [['mia'], ['rick']] }] } as never
 * const b = { levels: [{ source: 'riskManager', tiers: [['mia', 'rick']] }] } as never
 * timelineReviewers([a, b], 1, 0) // ['mia', 'rick']
 * @since 0.2.0
 * @category Internals
 * @internal
 */
export const timelineReviewers = (items: ReadonlyArray<Pick<Item, 'levels'>>, level: number, tier: number): ReadonlyArray<UserId> => {
  const out: UserId[] = []
  let seen: Set<UserId> | undefined
  for (const i of items) {
    if (i.levels.length < level) continue
    for (const u of reviewersOf(i, level, tier)) seen = pushUnique(out, u, seen)
  }
  return out
}

interface RowTally {
  total: number
  approved: number
  revoked: number
  pending: number
  expired: number
  readonly reviewers: Set<UserId>
}

// One pass over the items without an array per item (issue 9): a row per
// application or resource, with the active reviewers of its pending items;
// or (`reviewer`) a row per active reviewer of each pending item and per
// last decider of each decided one.
const rowsBy = (s: CampaignState, view: ProgressView): ReadonlyArray<ProgressRow> => {
  const rows = new Map<string, RowTally>()
  const row = (key: string): RowTally => {
    let r = rows.get(key)
    if (r === undefined) {
      r = { total: 0, approved: 0, revoked: 0, pending: 0, expired: 0, reviewers: new Set<UserId>() }
      rows.set(key, r)
    }
    return r
  }
  for (const p of packetsOf(s)) {
    const items = p.items
    for (let n = 0; n < items.length; n++) {
      const item = items[n] as Item
      const tag = item.state._tag
      if (view === 'reviewer') {
        if (tag === 'pending') {
          for (const u of activeReviewers(p, item)) {
            const r = row(u)
            r.total++
            r.pending++
            r.reviewers.add(u)
          }
        } else {
          const last = item.decisions[item.decisions.length - 1]
          if (last === undefined) continue
          const r = row(last.by)
          r.total++
          r[tag]++
        }
        continue
      }
      const r = row(view === 'integration' ? item.spec.application : item.spec.resource)
      r.total++
      r[tag]++
      if (tag === 'pending') for (const u of activeReviewers(p, item)) r.reviewers.add(u)
    }
  }
  return [...rows].map(([key, r]) => ({
    key,
    total: r.total,
    approved: r.approved,
    revoked: r.revoked,
    pending: r.pending,
    expired: r.expired,
    percentComplete: r.total === 0 ? 100 : Math.round(((r.total - r.pending) / r.total) * 1000) / 10,
    pendingReviewers: [...r.reviewers],
  }))
}

/**
 * Progress rows of a view: by application integration, by resource (each
 * item counted once; totals equal the campaign's), or by reviewer (each
 * pending item once per active reviewer; decided items under the reviewer
 * who decided them last).
 * @example
 * import { progress } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob', { application: 'db' })] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 *   { type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i2')], decision: 'revoke' },
 * ]).state!
 * progress(state, 'integration').map((r) => [r.key, r.percentComplete, r.pendingReviewers]) // [['app', 0, ['mia']], ['db', 100, []]]
 * progress(state, 'reviewer').map((r) => [r.key, r.total, r.revoked]) // [['mia', 2, 1]]
 * @since 0.1.0
 * @category Views
 */
export const progress = (s: CampaignState, view: ProgressView): ReadonlyArray<ProgressRow> => rowsBy(s, view)

/**
 * A reviewer's task list: the pending items they may act on now.
 * @example
 * import { tasksOf } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const directory = aDirectory({ users: [{ id: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * const state = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob'), anItem('i2', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory },
 *   { type: 'decide', at: at('2025-01-04T09:00:00Z'), actor: actor('mia'), items: [itemId('i1')], decision: 'approve' },
 * ]).state!
 * tasksOf(state, 'mia') // ['i2']
 * tasksOf(state, 'bob') // []
 * @since 0.1.0
 * @category Views
 */
export const tasksOf = (s: CampaignState, reviewer: UserId | string): ReadonlyArray<ItemId> => {
  const out: ItemId[] = []
  for (const p of packetsOf(s)) for (const i of packetItems(p)) if (activeReviewers(p, i).some((u) => u === reviewer)) out.push(i.spec.id)
  return out
}
