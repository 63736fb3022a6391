/**
 * `explainAssignment`: why an item has the reviewers it has — the
 * resolution trace recorded at publish, and the chain as it stands now
 * (after reassignments and reviewers added before the due date).
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { CampaignState } from '../campaign/state.js'
import { findItem } from '../campaign/state.js'
import type { UnknownItemError } from '../shared/errors.js'
import type { ItemId, SubjectId } from '../shared/ids.js'
import type { ReviewLevel } from '../review/reviewer.js'
import type { LeftOutUser, ResolutionTrace } from '../review/trace.js'

/**
 * The explanation of one item's reviewers: what it is, how its chain was
 * resolved at publish (`trace`, absent for a draft campaign or a log written
 * before 0.2.0) and its chain now (`levels`).
 * @example
 * import type { AssignmentExplanation } from 'access-review-core'
 * const levelCount = (e: AssignmentExplanation) => e.levels.length
 * @since 0.2.0
 * @category Reviewers
 */
export interface AssignmentExplanation {
  readonly itemId: ItemId
  readonly subject: SubjectId
  readonly application: string
  readonly resource: string
  readonly entitlement: string
  readonly trace?: ResolutionTrace
  readonly levels: ReadonlyArray<ReviewLevel>
}

/**
 * Explains the reviewers of one item: the trace of its resolution at
 * publish (each source in order, whom it resolved to, why a source was
 * skipped or a user left out, the fallback, the escalation tiers) and its
 * current chain. An item not in the campaign is `UnknownItem`.
 * @example
 * import { explainAssignment } from 'access-review-core'
 * import { run, actor, at, aDefinition, aDirectory, anItem, itemId } from 'access-review-core/testing'
 * const rita = actor('rita', 'riskManager')
 * const { state } = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition({ riskManagers: ['rita'], reviewers: { order: ['firstLineManager', 'riskManager'], count: 1 } }), items: [anItem('i1', 's-bob')] },
 *   { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory: aDirectory({ users: [{ id: 'rita', roles: ['riskManager'] }, { id: 'bob' }], subjects: [{ id: 's-bob', user: 'bob' }] }) },
 * ])
 * const e = explainAssignment(state!, itemId('i1'))
 * e._tag === 'Right' && e.right.trace?.sources.map((s) => [s.source, s.level ?? s.skipped])
 * // [['firstLineManager', 'noManager'], ['riskManager', 1]]
 * explainAssignment(state!, itemId('nope'))._tag // 'Left'
 * @since 0.2.0
 * @category Reviewers
 */
export const explainAssignment = (state: CampaignState, itemId: ItemId | string): E.Either<UnknownItemError, AssignmentExplanation> => {
  const found = findItem(state, itemId)
  const spec = found?.item.spec ?? state.campaign.scope.find((i) => i.id === itemId)
  if (spec === undefined) {
    return E.left({ code: 'UnknownItem', message: 'no such item in the campaign', items: [{ itemId, code: 'UnknownItem', message: `${itemId}: no such item in the campaign` }] })
  }
  const base = { itemId: spec.id, subject: spec.subject, application: spec.application, resource: spec.resource, entitlement: spec.entitlement }
  const trace = found?.item.trace
  const levels = found?.item.levels ?? []
  return E.right(trace === undefined ? { ...base, levels } : { ...base, trace, levels })
}

const users = (us: ReadonlyArray<string>): string => (us.length === 0 ? 'nobody' : us.join(', '))
const leftOut = (ls: ReadonlyArray<LeftOutUser>): string => (ls.length === 0 ? '' : `; left out: ${ls.map((l) => `${l.user} (${l.reason})`).join(', ')}`)

/**
 * The explanation as readable lines (what `access-review explain` prints).
 * @example
 * import { explanationLines } from 'access-review-core'
 * explanationLines({ itemId: 'i1' as never, subject: 's' as never, application: 'a', resource: 'r', entitlement: 'e', levels: [] })[0]
 * // 'item i1: subject s, a / r / e'
 * @since 0.2.0
 * @category Reviewers
 */
export const explanationLines = (e: AssignmentExplanation): ReadonlyArray<string> => {
  const out = [`item ${e.itemId}: subject ${e.subject}, ${e.application} / ${e.resource} / ${e.entitlement}`]
  const t = e.trace
  if (t === undefined) out.push('no resolution recorded (the campaign is not published, or its log predates 0.2.0)')
  else {
    out.push('resolution at publish:')
    t.sources.forEach((s, i) => {
      const what = s.level !== undefined ? `level ${s.level}: ${users(s.chosen)}` : `skipped (${s.skipped ?? 'noCandidates'})`
      out.push(`  ${i + 1}. ${s.source}: named ${users(s.candidates)} -> ${what}${leftOut(s.leftOut)}`)
    })
    if (t.fallback !== undefined) out.push(`  fallback used: named ${users(t.fallback.candidates)} -> level 1: ${users(t.fallback.chosen)}${leftOut(t.fallback.leftOut)}`)
    for (const s of t.tiers) {
      out.push(`  level ${s.level} tier ${s.tier} (${s.rule}): named ${users(s.candidates)} -> ${users(s.chosen)} (${s.used})${leftOut(s.leftOut)}`)
    }
  }
  out.push('reviewers now:')
  if (e.levels.length === 0) out.push('  none')
  e.levels.forEach((lv, i) => out.push(`  level ${i + 1} (${lv.source}): ${lv.tiers.map((ts, k) => `tier ${k}: ${users(ts)}`).join('; ')}`))
  return out
}
