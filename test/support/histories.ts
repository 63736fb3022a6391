// Random campaign histories for the evidence and chain properties: a setup,
// its commands run in order (decides made by a reviewer the item waits for,
// often enough that histories go deep), the accepted events and the state.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import type { Command } from '../../src/campaign/command.js'
import { execute } from '../../src/campaign/decider.js'
import type { CampaignEvent } from '../../src/campaign/event.js'
import type { CampaignState } from '../../src/campaign/state.js'
import { activeReviewers, findItem } from '../../src/campaign/state.js'
import { arbCampaignSetup, arbCommandHistory } from '../../src/testing/arbitraries.js'

export interface History {
  readonly events: ReadonlyArray<CampaignEvent>
  readonly state: CampaignState | undefined
  /** How many decide commands were refused. */
  readonly refusedDecides: number
}

export const runHistory = (commands: ReadonlyArray<Command>, eligible: ReadonlyArray<boolean>): History => {
  let state: CampaignState | undefined
  const events: CampaignEvent[] = []
  let refusedDecides = 0
  commands.forEach((c0, i) => {
    let c = c0
    if (c.type === 'decide' && eligible[i % Math.max(1, eligible.length)] === true && state !== undefined) {
      const found = findItem(state, c.items[0] ?? '')
      const reviewer = found === undefined ? undefined : activeReviewers(found.packet, found.item)[0]
      if (reviewer !== undefined) c = { ...c, actor: { id: reviewer, roles: [] }, comment: c.comment === undefined || c.comment === '' ? 'reviewed' : c.comment }
    }
    const r = execute(c, state)
    if (E.isRight(r)) {
      state = r.right.state
      for (const e of r.right.events) events.push(e)
    } else if (c.type === 'decide') refusedDecides++
  })
  return { events, state, refusedDecides }
}

/** Histories whose ending commands (abort, complete) only come last, with attestation questions sometimes. */
export const histories = (maxCommands: number): fc.Arbitrary<History> =>
  fc.boolean().chain((attestation) => arbCampaignSetup({ attestation })).chain((setup) =>
    fc
      .tuple(
        arbCommandHistory(setup, { maxCommands }).map((cs) => cs.filter((c, i) => (c.type !== 'abort' && c.type !== 'complete') || i === cs.length - 1)),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
      )
      .map(([commands, eligible]) => runHistory(commands, eligible)),
  )
