// T14 — purity harness: the deciders never mutate what they are given.
// Every input (the state and the command) is deep-frozen, so a write would
// throw a TypeError in strict mode; a structuredClone taken before is
// compared with the input after. The lint gate (test/lint/banned.test.ts)
// covers the other half of T14: no clock, randomness or environment in src.
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { advance, decide, execute } from '../../src/index.js'
import type { CampaignState, Command } from '../../src/index.js'
import { arbCampaignSetup, arbCommandHistory } from '../../src/testing/arbitraries.js'
import { runs } from '../support/runs.js'

const deepFreeze = <A>(x: A): A => {
  if (typeof x !== 'object' || x === null || Object.isFrozen(x)) return x
  Object.freeze(x)
  for (const v of Object.values(x)) deepFreeze(v)
  return x
}

// A deep-frozen state cannot keep memos on its own objects; the memos of
// the core live in WeakMaps keyed by the state, which freezing does not stop.
const replay = (commands: ReadonlyArray<Command>): void => {
  let state: CampaignState | undefined
  for (const c of commands) {
    const command = deepFreeze(structuredClone(c))
    const input = state === undefined ? undefined : deepFreeze(state)
    const before = structuredClone(input)
    const r = decide(command, input)
    expect(structuredClone(input)).toEqual(before)
    expect(structuredClone(command)).toEqual(c)
    if (E.isLeft(r)) continue
    const next = execute(command, input)
    if (E.isLeft(next)) throw new Error('execute refused what decide accepted')
    expect(next.right.events).toEqual(r.right)
    state = next.right.state
    const later = (command.at + 3 * 86_400_000) as Command['at']
    const frozen = deepFreeze(state)
    const snapshot = structuredClone(frozen)
    advance(frozen, later)
    expect(structuredClone(frozen)).toEqual(snapshot)
  }
}

describe('T14 purity', () => {
  it('decide, execute and advance never mutate a deep-frozen state or command (1,000 histories)', () => {
    fc.assert(
      fc.property(arbCampaignSetup().chain((s) => arbCommandHistory(s, { maxCommands: 12 })), (commands) => {
        replay(commands)
      }),
      { numRuns: runs(1_000) },
    )
  })
})
