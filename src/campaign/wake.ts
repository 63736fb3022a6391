/**
 * A memo of the earliest instant at which `advance` has anything to do for a
 * state (a lower bound). It lets a command skip the campaign-wide timer scan
 * when nothing is due, so a decision costs the items of its packet. The memo
 * is keyed by state identity and never changes a result: a state without an
 * entry is simply scanned.
 *
 * @since 0.1.0
 */
import type { Instant } from '../schedule/time.js'
import type { CampaignState } from './state.js'

const memo = new WeakMap<CampaignState, Instant | null>()

/**
 * The remembered wake-up instant of a state: an instant, `null` (no timer at
 * all), or `undefined` (not known; scan).
 * @example
 * import { nextWake } from 'access-review-core'
 * import { knownWake } from '../../src/campaign/wake.js' // internal
 * import { run, actor, at, aDefinition, anItem } from 'access-review-core/testing'
 * const state = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: actor('rita', 'riskManager'), definition: aDefinition(), items: [anItem('i1', 's-bob')] }]).state!
 * knownWake(state) // undefined
 * nextWake(state) // undefined
 * knownWake(state) // null
 * @since 0.1.0
 * @category Internals
 * @internal
 */
export const knownWake = (s: CampaignState): Instant | null | undefined => memo.get(s)

/**
 * Remembers a lower bound of the next timer of a state.
 * @example
 * import { rememberWake, knownWake } from '../../src/campaign/wake.js' // internal
 * import { run, actor, at, aDefinition, anItem } from 'access-review-core/testing'
 * const state = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: actor('rita', 'riskManager'), definition: aDefinition(), items: [anItem('i1', 's-bob')] }]).state!
 * rememberWake(state, at('2025-01-05T00:00:00Z'))
 * knownWake(state) === at('2025-01-05T00:00:00Z') // true
 * @since 0.1.0
 * @category Internals
 * @internal
 */
export const rememberWake = (s: CampaignState, at: Instant | null): void => {
  memo.set(s, at)
}
