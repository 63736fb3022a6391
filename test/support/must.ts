import type { CampaignState, Command } from '../../src/index.js'
import { run } from '../../src/testing/index.js'

/**
 * Runs fixture commands that must all be accepted, and returns the state.
 * A refusal is a broken fixture, so it throws with the command and message.
 */
export const must = (commands: ReadonlyArray<Command>, from?: CampaignState): CampaignState => {
  const r = run(commands, from)
  const bad = r.results.find((x) => !x.ok)
  if (bad !== undefined && !bad.ok) throw new Error(`fixture refused ${bad.type}: ${bad.error.message}`)
  if (r.state === undefined) throw new Error('no state')
  return r.state
}
