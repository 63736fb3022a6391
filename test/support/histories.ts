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

/**
 * The i-th command of a history as run: a generated decide picked by
 * `eligible[i]` (cycled) is made by a reviewer the items wait for (random
 * actors rarely are): the first active reviewer of the first of its items
 * that waits for one, on the items that reviewer may decide, with a comment;
 * the generated answers are kept only if the campaign's policy asks
 * questions (a policy without any refuses every answer). Any other command
 * is run as generated. Decided from the state, so a run stays deterministic;
 * the state's tiers are those before the command's instant, so some of these
 * decides are still refused. Shared by T5's runner
 * (test/campaign/replay.prop.test.ts) and `runHistory`.
 */
export const asEligible = (c: Command, i: number, eligible: ReadonlyArray<boolean>, state: CampaignState | undefined): Command => {
  if (c.type !== 'decide' || eligible[i % Math.max(1, eligible.length)] !== true || state === undefined) return c
  // each item's active reviewers, looked up once
  const waiting = c.items.map((id) => {
    const found = findItem(state, id)
    return found === undefined ? [] : activeReviewers(found.packet, found.item)
  })
  const reviewer = waiting.find((r) => r.length > 0)?.[0]
  if (reviewer === undefined) return c
  const asked = (state.campaign.definition.decisions?.attestation ?? []).length > 0
  const { answers, ...rest } = c
  return {
    ...rest,
    actor: { id: reviewer, roles: [] },
    items: c.items.filter((_, k) => waiting[k]?.includes(reviewer) === true),
    comment: c.comment === undefined || c.comment === '' ? 'reviewed' : c.comment,
    ...(asked && answers !== undefined ? { answers } : {}),
  }
}

export const runHistory = (commands: ReadonlyArray<Command>, eligible: ReadonlyArray<boolean>): History => {
  let state: CampaignState | undefined
  const events: CampaignEvent[] = []
  let refusedDecides = 0
  commands.forEach((c0, i) => {
    const c = asEligible(c0, i, eligible, state)
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
