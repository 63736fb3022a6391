/**
 * The complexity guard (issue 9): for each operation, the median time at 4×
 * the size is at most 8× the median at 1× (5 samples each, after a
 * warm-up). A linear operation grows about 4×, a quadratic one 16×, so a
 * quadratic path fails here instead of in a user's campaign. Only growth is
 * asserted, never a time. Everything goes through the public API, on the
 * campaign shape of `npm run bench` (bench/shape.ts): 4 items per subject,
 * three levels, reviewerWindows with escalation tiers, America/New_York.
 */
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import type { CampaignEvent, CampaignState, Command, Executed } from '../../src/index.js'
import { advance, execute, fold, progress, runScenario } from '../../src/index.js'
import { reportTables, stepLabels } from '../../src/cli/table.js'
import { jsonDuplicateKey } from '../../src/scenario/jsonError.js'
import {
  command,
  definitionJson,
  directoryJson,
  extendCommand,
  instant,
  itemsJson,
  lifecycleCommands,
  onePacketCommands,
  rita,
  scenarioText,
  shapeOf,
  singleDecisions,
  streams,
  T,
} from '../../bench/shape.js'
import type { Growth, GrowthCase } from './growth.js'
import { describeGrowth, LIMIT, measureGrowth } from './growth.js'
import { aDefinition, aDirectory, actor, anItem, at } from '../../src/testing/index.js'

const riskManager = actor('rita', 'riskManager')

const ex = (c: Command, s: CampaignState | undefined): Executed => {
  const r = execute(c, s)
  if (E.isLeft(r)) throw new Error(`refused ${c.type}: ${r.left.code}: ${r.left.message.slice(0, 200)}`)
  return r.right
}

interface Published {
  readonly state: CampaignState
  readonly log: CampaignEvent[]
}

const published = (items: number): Published => {
  const l = lifecycleCommands(shapeOf(items))
  const c = ex(l.create, undefined)
  const p = ex(l.publish, c.state)
  return { state: p.state, log: [...c.events, ...p.events] }
}

/** After both decision streams of the bench: 10 % of the packets still open at level 2. */
const decided = (items: number): Published => {
  const pub = published(items)
  const st = streams(shapeOf(items))
  let s = pub.state
  const log = [...pub.log]
  for (const b of [...st.stream1, ...st.stream2]) {
    const x = ex(b.command, s)
    s = x.state
    for (const e of x.events) log.push(e)
  }
  return { state: s, log }
}

const onePacket = (k: number): { state: CampaignState; decide: Command } => {
  const c = onePacketCommands(k)
  return { state: ex(c.publish, ex(c.create, undefined).state).state, decide: c.decide }
}

const cases: ReadonlyArray<GrowthCase> = [
  {
    name: 'create + publish (one first-line manager reviews every item)',
    unit: 'items',
    small: 1_000,
    setup: (n) => {
      const l = lifecycleCommands(shapeOf(n))
      return { run: () => void ex(l.publish, ex(l.create, undefined).state) }
    },
  },
  {
    name: 'bulk decision: one command deciding every item of one packet',
    unit: 'items in the packet',
    small: 600,
    setup: (k) => {
      const p = onePacket(k)
      return { run: () => void ex(p.decide, p.state) }
    },
  },
  {
    name: 'single-item decisions (100, chained)',
    unit: 'items',
    small: 1_000,
    setup: (n) => {
      const s0 = published(n).state
      const ds = singleDecisions(shapeOf(n), 100)
      return {
        run: () => {
          let s = s0
          for (const d of ds) s = ex(d.command, s).state
        },
      }
    },
  },
  {
    name: 'advance with nothing due, on states folded from the log (8 folded states)',
    unit: 'items',
    small: 1_000,
    setup: (n) => {
      const { log } = decided(n)
      const to = instant(T.idleAfterDecisions)
      let states: CampaignState[] = []
      return {
        prepare: () => {
          states = []
          for (let i = 0; i < 8; i++) {
            const f = fold(undefined, log)
            if (f === undefined) throw new Error('fold gave no state')
            states.push(f)
          }
        },
        run: () => {
          for (const s of states) if (advance(s, to).events.length > 0) throw new Error('something was due')
        },
      }
    },
  },
  {
    name: 'advance with 10 % of the packets lapsing (escalations and expiry)',
    unit: 'items',
    small: 1_000,
    setup: (n) => {
      const { state } = decided(n)
      const to = instant(T.lapse)
      return { run: () => void advance(state, to) }
    },
  },
  {
    name: 'packet expiry: one packet of K items expiring',
    unit: 'items in the packet',
    small: 600,
    setup: (k) => {
      const p = onePacket(k)
      const to = instant(T.onePacketExpired)
      return { run: () => void advance(p.state, to) }
    },
  },
  {
    name: 'extend with cascade over every packet',
    unit: 'items',
    small: 1_000,
    setup: (n) => {
      const s0 = published(n).state
      const c = extendCommand()
      return { run: () => void ex(c, s0) }
    },
  },
  {
    name: 'scenario report: JSON.parse and the repeated-key check + runScenario + JSON.stringify (--format json)',
    unit: 'items',
    small: 1_000,
    setup: (n) => {
      const text = scenarioText(shapeOf(n))
      return {
        run: () => {
          const input: unknown = JSON.parse(text)
          if (jsonDuplicateKey(text) !== undefined) throw new Error('the scenario repeats a key')
          const r = runScenario(input)
          if (E.isLeft(r)) throw new Error('the scenario does not run')
          JSON.stringify(r.right, null, 2)
        },
      }
    },
  },
  {
    name: 'scenario report rendered as tables (--format table)',
    unit: 'items',
    small: 1_000,
    setup: (n) => {
      const text = scenarioText(shapeOf(n))
      const input: unknown = JSON.parse(text)
      const r = runScenario(input)
      if (E.isLeft(r)) throw new Error('the scenario does not run')
      const report = r.right
      const labels = stepLabels(input)
      return { run: () => void reportTables(report, labels) }
    },
  },
  {
    name: 'replay: fold of the whole log',
    unit: 'items',
    small: 1_000,
    setup: (n) => {
      const { log } = decided(n)
      return { run: () => void fold(undefined, log) }
    },
  },
  {
    name: 'progress views (integration, reviewer, resource; 4 times)',
    unit: 'items',
    small: 1_000,
    setup: (n) => {
      const { state } = decided(n)
      return {
        run: () => {
          for (let i = 0; i < 4; i++) {
            progress(state, 'integration')
            progress(state, 'reviewer')
            progress(state, 'resource')
          }
        },
      }
    },
  },
  {
    name: 'directory size: publish and a fold of its log, 400 items',
    unit: 'users in the directory',
    small: 5_000,
    setup: (u) => {
      const shape = shapeOf(400)
      const directory = directoryJson(shape)
      for (let i = directory.users.length; i < u; i++) directory.users.push({ id: `x${i}`, manager: 'director' })
      const create = command({ type: 'create', at: T.created, actor: rita, definition: definitionJson(), items: itemsJson(shape) })
      const publish = command({ type: 'publish', at: T.published, actor: rita, directory })
      return {
        run: () => {
          const c = ex(create, undefined)
          const p = ex(publish, c.state)
          fold(undefined, [...c.events, ...p.events])
        },
      }
    },
  },
  {
    name: 'fulfillment: recording the result of every item of the plan, one command each',
    unit: 'items in the plan',
    small: 1_000,
    setup: (p) => {
      // every item revoked by the one reviewer, then completed: a plan of p items
      const subjects = 250
      const items = Array.from({ length: p }, (_, i) => anItem(`i${i}`, `s${i % subjects}`))
      const directory = aDirectory({
        users: [{ id: 'rick' }, ...Array.from({ length: subjects }, (_, i) => ({ id: `u${i}` }))],
        subjects: Array.from({ length: subjects }, (_, i) => ({ id: `s${i}`, user: `u${i}` })),
      })
      const definition = aDefinition({ id: 'f', timing: { policy: 'deadline', dueAt: '2000-06-01T00:00:00Z' }, reviewers: { order: ['riskManager'], count: 1 }, riskManagers: ['rick'] })
      let s = ex({ type: 'create', at: at('2000-01-01T00:00:00Z'), actor: riskManager, definition, items }, undefined).state
      s = ex({ type: 'publish', at: at('2000-01-02T00:00:00Z'), actor: riskManager, directory }, s).state
      for (let k = 0; k < p; k += 10_000) {
        s = ex({ type: 'decide', at: at('2000-01-03T00:00:00Z'), actor: actor('rick'), items: items.slice(k, k + 10_000).map((i) => i.id), decision: 'revoke', comment: 'no longer needed' }, s).state
      }
      if (s.campaign.status !== 'completed') s = ex({ type: 'complete', at: at('2000-01-04T00:00:00Z'), actor: riskManager }, s).state
      const completed = s
      const plan = completed.campaign.completion?.plan ?? []
      if (plan.length !== p) throw new Error(`a plan of ${plan.length} items, not ${p}`)
      const results = plan.map((a) => command({ type: 'recordFulfillmentResult', at: '2000-01-05T00:00:00Z', actor: rita, item: a.itemId, result: 'done' }))
      return {
        run: () => {
          let r = completed
          for (const c of results) r = ex(c, r).state
        },
      }
    },
  },
  {
    name: 'repeated-key check of a JSON text: one object of n keys, n nested arrays, n small objects',
    unit: 'keys',
    small: 20_000,
    setup: (n) => {
      // the shapes a quadratic scan would meet: a wide object (a list search per key), deep
      // nesting (a path rebuilt per level) and many small objects (a set per object)
      const wide = `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`
      const deep = `${'['.repeat(n)}{"a":1}${']'.repeat(n)}`
      const many = `[${Array.from({ length: n }, (_, i) => `{"id":"i${i}","as":"ann","at":${i}}`).join(',')}]`
      return {
        run: () => {
          for (const text of [wide, deep, many]) if (jsonDuplicateKey(text) !== undefined) throw new Error('a repeated key where there is none')
        },
      }
    },
  },
]

const measured: Growth[] = []

describe(`complexity guard: time at 4× the size ≤ ${LIMIT}× the time at 1× (median of 5)`, () => {
  for (const c of cases) {
    it(c.name, () => {
      const g = measureGrowth(c)
      measured.push(g)
      expect(g.ratio, describeGrowth(g)).toBeLessThanOrEqual(LIMIT)
    })
  }

  afterAll(() => {
    console.log(['complexity guard:', ...measured.map((g) => `  ${g.ratio <= LIMIT ? 'ok  ' : 'FAIL'} ${describeGrowth(g)}`)].join('\n'))
  })
})
