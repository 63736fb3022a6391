// T16 (TESTING.md): shrink quality meta-test. A known bug is injected behind a
// test-only wrapper of `execute` (it lets `complete` through while items are
// pending and no `outstanding` option was given); the model-based property
// must find it, and shrinking must bring the counterexample down to at most
// four commands, the same for three fixed seeds (as fast-check's own
// 'inc[1],check[1]' test does). Without the bug the same property passes.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { advance } from '../../src/campaign/advance.js'
import type { Command } from '../../src/campaign/command.js'
import { Command as CommandCodec } from '../../src/campaign/command.js'
import { execute } from '../../src/campaign/decider.js'
import { CampaignDefinition, Scope } from '../../src/campaign/definition.js'
import { fold } from '../../src/campaign/event.js'
import { completionEvents } from '../../src/campaign/rules.js'
import type { CampaignState } from '../../src/campaign/state.js'
import { activeReviewers, findItem, itemCounts } from '../../src/campaign/state.js'
import { decodeWith } from '../../src/shared/codec.js'
import { instantOfMillis } from '../../src/schedule/time.js'
import type { CampaignSetup } from '../../src/testing/arbitraries.js'
import { arbCampaignSetup } from '../../src/testing/arbitraries.js'

type Execute = typeof execute

/** The injected bug: `complete` without `outstanding` succeeds although items are pending. */
const buggyExecute: Execute = (c, s) => {
  const r = execute(c, s)
  if (c.type === 'complete' && s !== undefined && E.isLeft(r) && r.left.code === 'OutstandingReviews') {
    const advanced = advance(s, c.at)
    const events = [...advanced.events, ...completionEvents(advanced.state, c.at, c.actor.id, undefined)]
    const state = fold(s, events)
    return state === undefined ? r : E.right({ state, events })
  }
  return r
}

interface Model {
  readonly setup: CampaignSetup
  now: number
}
interface Real {
  state: CampaignState | undefined
  readonly run: Execute
}

const ACTORS = [
  { id: 'rita', roles: ['riskManager'] },
  { id: 'mia', roles: [] },
] as const

const send = (m: Model, r: Real, raw: Record<string, unknown>): void => {
  const at = instantOfMillis(m.now)
  const c = decodeWith(CommandCodec, { ...raw, at })
  if (E.isLeft(c)) throw new Error(`test bug: ${JSON.stringify(c.left)}`)
  const out = r.run(c.right as Command, r.state)
  if (E.isRight(out)) r.state = out.right.state
  // the invariant the bug breaks: completed ⇒ every item final, unless completion named what to do with the rest
  const s = r.state
  if (s?.campaign.status === 'completed' && s.campaign.completion?.outstanding === undefined && itemCounts(s).pending > 0) {
    throw new Error('completed with pending items and no outstanding option')
  }
}

class Create implements fc.Command<Model, Real> {
  constructor(readonly actor: number) {
    Object.freeze(this)
  }
  check = (): boolean => true
  run(m: Model, r: Real): void {
    send(m, r, { type: 'create', actor: ACTORS[this.actor], definition: CampaignDefinition.encode(m.setup.definition), items: Scope.encode(m.setup.items) })
  }
  toString = (): string => `create(${ACTORS[this.actor]?.id})`
}
class Publish implements fc.Command<Model, Real> {
  constructor(readonly actor: number) {
    Object.freeze(this)
  }
  check = (): boolean => true
  run(m: Model, r: Real): void {
    send(m, r, { type: 'publish', actor: ACTORS[this.actor], directory: m.setup.directory })
  }
  toString = (): string => `publish(${ACTORS[this.actor]?.id})`
}
class Decide implements fc.Command<Model, Real> {
  constructor(
    readonly item: number,
    readonly verdict: 'approve' | 'revoke',
  ) {
    Object.freeze(this)
  }
  check = (): boolean => true
  run(m: Model, r: Real): void {
    const id = m.setup.items[this.item % m.setup.items.length]?.id ?? 'i-unknown'
    const found = r.state === undefined ? undefined : findItem(r.state, id)
    const actor = (found === undefined ? undefined : activeReviewers(found.packet, found.item)[0]) ?? 'rita'
    send(m, r, { type: 'decide', actor: { id: actor, roles: [] }, items: [id], decision: this.verdict, comment: 'reviewed' })
  }
  toString = (): string => `decide(item[${this.item}], ${this.verdict})`
}
class Advance implements fc.Command<Model, Real> {
  constructor(readonly hours: number) {
    Object.freeze(this)
  }
  check = (): boolean => true
  run(m: Model): void {
    m.now += this.hours * 3_600_000
  }
  toString = (): string => `advance(${this.hours}h)`
}
class Complete implements fc.Command<Model, Real> {
  constructor(
    readonly actor: number,
    readonly outstanding: 'keepAccess' | 'revokeAccess' | null,
  ) {
    Object.freeze(this)
  }
  check = (): boolean => true
  run(m: Model, r: Real): void {
    send(m, r, { type: 'complete', actor: ACTORS[this.actor], ...(this.outstanding === null ? {} : { outstanding: this.outstanding }) })
  }
  toString = (): string => `complete(${ACTORS[this.actor]?.id}${this.outstanding === null ? '' : `, ${this.outstanding}`})`
}
class Abort implements fc.Command<Model, Real> {
  constructor(readonly actor: number) {
    Object.freeze(this)
  }
  check = (): boolean => true
  run(m: Model, r: Real): void {
    send(m, r, { type: 'abort', actor: ACTORS[this.actor] })
  }
  toString = (): string => `abort(${ACTORS[this.actor]?.id})`
}

const actor = fc.nat({ max: 1 })
const commands = fc.commands(
  [
    actor.map((a) => new Create(a)),
    actor.map((a) => new Publish(a)),
    fc.tuple(fc.nat({ max: 8 }), fc.constantFrom<'approve' | 'revoke'>('approve', 'revoke')).map(([i, v]) => new Decide(i, v)),
    fc.constantFrom(1, 24, 72).map((h) => new Advance(h)),
    fc.tuple(actor, fc.constantFrom<'keepAccess' | 'revokeAccess' | null>(null, 'keepAccess', 'revokeAccess')).map(([a, o]) => new Complete(a, o)),
    actor.map((a) => new Abort(a)),
  ],
  { size: '+1', maxCommands: 100 },
)

const property = (run: Execute) =>
  fc.property(arbCampaignSetup({ attestation: false }), commands, (setup, cmds) => {
    fc.modelRun(() => ({ model: { setup, now: setup.createdAt }, real: { state: undefined, run } }), cmds)
  })

/** The shrunk command list, without fast-check's replayPath comment. */
const shrunk = (seed: number): string => {
  const out = fc.check(property(buggyExecute), { seed, numRuns: 1_000 })
  if (!out.failed || out.counterexample === null) throw new Error(`seed ${seed}: the injected bug was not found`)
  return String(out.counterexample[1]).replace(/\s*\/\*replayPath=.*\*\/$/, '')
}

const SEEDS = [1, 42, 20251009] as const

describe('T16: shrink quality (meta-test)', () => {
  it('without the injected bug the property holds', () => {
    for (const seed of SEEDS) expect(fc.check(property(execute), { seed, numRuns: 300 }).failed).toBe(false)
  })

  it('the injected bug shrinks to <= 4 commands, identical across 3 fixed seeds', () => {
    const results = SEEDS.map(shrunk)
    for (const r of results) expect(r.match(/\w+\([^)]*\)/g)?.length ?? 0).toBeLessThanOrEqual(4)
    expect(new Set(results).size).toBe(1)
    expect(results[0]).toBe('create(rita),publish(rita),complete(rita)')
  })
})
