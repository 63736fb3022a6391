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
import { Directory } from '../../src/review/directory.js'
import type { CampaignSetup } from '../../src/testing/arbitraries.js'
import { arbCampaignSetup, arbCommandHistory, castUsers } from '../../src/testing/arbitraries.js'

export interface History {
  /** The commands as run (a decide as {@link asEligible} made it). */
  readonly commands: ReadonlyArray<Command>
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

/**
 * Runs the commands in order (each decide as {@link asEligible} makes it),
 * calling `onAccepted` with the state before, the events and the state after
 * of each accepted command.
 */
export const runHistory = (
  commands: ReadonlyArray<Command>,
  eligible: ReadonlyArray<boolean>,
  onAccepted?: (before: CampaignState | undefined, events: ReadonlyArray<CampaignEvent>, after: CampaignState) => void,
): History => {
  let state: CampaignState | undefined
  const events: CampaignEvent[] = []
  const run: Command[] = []
  let refusedDecides = 0
  commands.forEach((c0, i) => {
    const c = asEligible(c0, i, eligible, state)
    run.push(c)
    const r = execute(c, state)
    if (E.isRight(r)) {
      onAccepted?.(state, r.right.events, r.right.state)
      state = r.right.state
      for (const e of r.right.events) events.push(e)
    } else if (c.type === 'decide') refusedDecides++
  })
  return { commands: run, events, state, refusedDecides }
}

const DAY = 86_400_000
const delegators = ['mia', 'otto', 'eve', 'fred', 'rita'] as const

/**
 * The setup with absence delegations in its directory: some of `mia`, `otto`,
 * `eve`, `fred` and `rita` hand their reviews to another cast user for a
 * period that starts between 2 days before and 10 days after the campaign is
 * created and lasts 1 to 20 days (so a period may hold at publish, begin at an
 * escalation or end before a level starts). `arbDirectory` has none, and the
 * independent model of the model-based test does not know delegation.
 */
export const withDelegations = (setup: CampaignSetup): fc.Arbitrary<CampaignSetup> =>
  fc
    .tuple(
      ...delegators.map((id) =>
        fc.option(
          fc.record({ to: fc.constantFrom(...castUsers.all.filter((u) => u !== id)), start: fc.integer({ min: -2, max: 10 }), days: fc.integer({ min: 1, max: 20 }) }),
          { freq: 2 },
        ),
      ),
    )
    .map((periods) => {
      const raw = Directory.encode(setup.directory)
      const users = raw.users.map((u) => {
        const p = periods[delegators.indexOf(u.id as (typeof delegators)[number])]
        if (p === undefined || p === null) return u
        const from = setup.createdAt + p.start * DAY
        return { ...u, delegate: { to: p.to, from, until: from + p.days * DAY } }
      })
      const directory = Directory.decode({ ...raw, users })
      if (directory._tag === 'Left') throw new Error('withDelegations: the directory does not decode')
      return { ...setup, directory: directory.right }
    })

/** Options of {@link histories}. */
export interface HistoryShape {
  /** Give some users of the directory an absence delegation ({@link withDelegations}). Default false. */
  readonly delegations?: boolean
  /** The longest pause between two commands, in hours (see `arbCommandHistory`). Default 36. */
  readonly maxPauseHours?: number
  /** Every decide is made by a reviewer its items wait for (when one does). Default false: some are left as generated. */
  readonly decisive?: boolean
}

/** Histories whose ending commands (abort, complete) only come last, with attestation questions sometimes. */
export const histories = (maxCommands: number, shape: HistoryShape = {}): fc.Arbitrary<History> =>
  fc
    .boolean()
    .chain((attestation) => arbCampaignSetup({ attestation }))
    .chain((setup) => (shape.delegations === true ? withDelegations(setup) : fc.constant(setup)))
    .chain((setup) =>
    fc
      .tuple(
        arbCommandHistory(setup, { maxCommands, ...(shape.maxPauseHours === undefined ? {} : { maxPauseHours: shape.maxPauseHours }) }).map((cs) => cs.filter((c, i) => (c.type !== 'abort' && c.type !== 'complete') || i === cs.length - 1)),
        shape.decisive === true ? fc.constant([true]) : fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
      )
      .map(([commands, eligible]) => runHistory(commands, eligible)),
  )
