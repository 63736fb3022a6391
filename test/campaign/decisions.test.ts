import { describe, expect, it } from 'vitest'
import { isLeft } from 'fp-ts/lib/Either.js'
import type { ItemProblem } from '../../src/shared/errors.js'
import type { UserId } from '../../src/shared/ids.js'
import type { Instant } from '../../src/schedule/time.js'
import type { Answers } from '../../src/review/attestation.js'
import type { Item } from '../../src/review/item.js'
import { checkDecision } from '../../src/review/item.js'
import type { Command } from '../../src/campaign/command.js'
import { decide } from '../../src/campaign/decider.js'
import type { CampaignState } from '../../src/campaign/state.js'
import { findItem } from '../../src/campaign/state.js'
import { tasksOf } from '../../src/campaign/views.js'
import type { DefinitionInput, RunResult } from '../../src/testing/index.js'
import { aDefinition, aDirectory, actor, anItem, at, run } from '../../src/testing/index.js'

// -------------------------------------------------------------------------------------
// fixture
// -------------------------------------------------------------------------------------
// bob (subject s-bob) is managed by alice; rick is the risk manager; olga owns
// the application "app". With the order (FLM, RM, AO) the chain of bob's items
// is alice → rick → olga. dora (subject s-dora, managed by alice too) gives a
// second packet. adam is an administrator.

const ADMIN = actor('adam', 'administrator')
const directory = aDirectory({
  users: [
    { id: 'alice' },
    { id: 'bob', manager: 'alice' },
    { id: 'dora', manager: 'alice' },
    { id: 'rick' },
    { id: 'olga' },
    { id: 'eve' },
    { id: 'nora' },
    { id: 'adam', roles: ['administrator'] },
  ],
  subjects: [
    { id: 's-bob', user: 'bob' },
    { id: 's-dora', user: 'dora' },
  ],
  applications: [{ id: 'app', owners: ['olga'] }],
})

const day = (d: number, h = 9): Instant => at(`2025-01-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`)

const published = (definition: Partial<DefinitionInput>, itemIds: ReadonlyArray<string>, extra: ReadonlyArray<readonly [string, string]> = []): CampaignState => {
  const items = [...itemIds.map((id) => anItem(id, 's-bob')), ...extra.map(([id, subject]) => anItem(id, subject))]
  const { state, results } = run([
    { type: 'create', at: day(2), actor: ADMIN, definition: aDefinition(definition), items },
    { type: 'publish', at: day(6), actor: ADMIN, directory },
  ])
  if (state === undefined || results.some((r) => !r.ok)) throw new Error(`fixture failed: ${JSON.stringify(results.map((r) => (r.ok ? 'ok' : r.error)))}`)
  return state
}

const THREE = { reviewers: { order: ['firstLineManager', 'riskManager', 'applicationOwner'], count: 3 } } as const
const TWO = { reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 } } as const

interface DecideOpts {
  readonly comment?: string
  readonly answers?: Answers
}
const decideBy = (who: string, items: ReadonlyArray<string>, decision: 'approve' | 'revoke', when: Instant, o: DecideOpts = {}): Command => ({
  type: 'decide',
  at: when,
  actor: actor(who),
  items: items as never,
  decision,
  ...(o.comment === undefined ? {} : { comment: o.comment }),
  ...(o.answers === undefined ? {} : { answers: o.answers }),
})

const itemOf = (s: CampaignState | undefined, id: string): Item => {
  const f = s === undefined ? undefined : findItem(s, id)
  if (f === undefined) throw new Error(`no item ${id}`)
  return f.item
}

/** Runs commands that must all be accepted. */
const accept = (s: CampaignState, commands: ReadonlyArray<Command>): CampaignState => {
  const r = run(commands, s)
  const refused = r.results.find((x) => !x.ok)
  if (refused !== undefined && !refused.ok) throw new Error(`refused: ${refused.code} ${refused.error.message}`)
  if (r.state === undefined) throw new Error('no state')
  return r.state
}

/** Sends one command that must be refused; checks the state is untouched and returns the error's item problems. */
const refuse = (s: CampaignState, c: Command, code: string): ReadonlyArray<ItemProblem> => {
  const before = structuredClone(s)
  const r = decide(c, s)
  expect(isLeft(r)).toBe(true)
  if (!isLeft(r)) return []
  expect(r.left.code).toBe(code)
  expect(s).toEqual(before)
  return 'items' in r.left ? r.left.items : []
}

const codesOf = (r: RunResult | undefined): string => (r === undefined ? 'missing' : r.ok ? 'ok' : r.code)

// -------------------------------------------------------------------------------------
// SPEC §4 — the A → B → C progression
// -------------------------------------------------------------------------------------

describe('A → B → C: three levels alice → rick → olga on one item', () => {
  const s0 = published(THREE, ['i1'])

  it('publish assigns the item to level 1 only', () => {
    expect(itemOf(s0, 'i1').state).toEqual({ _tag: 'pending', level: 1 })
    expect(itemOf(s0, 'i1').levels.map((l) => l.tiers[0])).toEqual([['alice'], ['rick'], ['olga']])
    expect(tasksOf(s0, 'alice')).toEqual(['i1'])
    expect(tasksOf(s0, 'rick')).toEqual([])
  })

  it('before A acts, B and C are not eligible', () => {
    expect(refuse(s0, decideBy('rick', ['i1'], 'approve', day(7)), 'NotEligibleReviewer')[0]?.itemId).toBe('i1')
    refuse(s0, decideBy('olga', ['i1'], 'approve', day(7)), 'NotEligibleReviewer')
  })

  const s1 = accept(s0, [decideBy('alice', ['i1'], 'approve', day(7))])

  it('A approves → the item moves to level 2, so B may act', () => {
    expect(itemOf(s1, 'i1').state).toEqual({ _tag: 'pending', level: 2 })
    expect(tasksOf(s1, 'rick')).toEqual(['i1'])
    expect(tasksOf(s1, 'alice')).toEqual([])
  })
  it('A can no longer change it (ItemLocked), either way', () => {
    refuse(s1, decideBy('alice', ['i1'], 'revoke', day(8)), 'ItemLocked')
    refuse(s1, decideBy('alice', ['i1'], 'approve', day(8)), 'ItemLocked')
  })
  it('C cannot act yet (NotEligibleReviewer)', () => {
    refuse(s1, decideBy('olga', ['i1'], 'approve', day(8)), 'NotEligibleReviewer')
  })

  it('A revokes instead → revoked at level 1; B and C are refused with ItemLocked and see who revoked it and when', () => {
    const s = accept(s0, [decideBy('alice', ['i1'], 'revoke', day(7, 10), { comment: 'left the team' })])
    expect(itemOf(s, 'i1').state).toEqual({ _tag: 'revoked', level: 1, tier: 0, by: 'alice', at: day(7, 10) })
    const rb = refuse(s, decideBy('rick', ['i1'], 'approve', day(8)), 'ItemLocked')
    expect(rb[0]?.message).toContain('alice')
    refuse(s, decideBy('olga', ['i1'], 'approve', day(8)), 'ItemLocked')
    refuse(s, decideBy('olga', ['i1'], 'revoke', day(8)), 'ItemLocked')
  })

  it('B revokes at level 2 → C is refused with ItemLocked; the item is revoked at level 2 by rick', () => {
    const s = accept(s1, [decideBy('rick', ['i1'], 'revoke', day(8))])
    expect(itemOf(s, 'i1').state).toMatchObject({ _tag: 'revoked', level: 2, by: 'rick', at: day(8) })
    refuse(s, decideBy('olga', ['i1'], 'approve', day(9)), 'ItemLocked')
    refuse(s, decideBy('alice', ['i1'], 'approve', day(9)), 'ItemLocked')
  })

  const s2 = accept(s1, [decideBy('rick', ['i1'], 'approve', day(8))])
  const s3 = accept(s2, [decideBy('olga', ['i1'], 'approve', day(9))])

  it('B approves → C; C approves → approved overall', () => {
    expect(itemOf(s2, 'i1').state).toEqual({ _tag: 'pending', level: 3 })
    expect(itemOf(s3, 'i1').state).toEqual({ _tag: 'approved', level: 3, tier: 0, by: 'olga', at: day(9) })
    // the campaign stays in progress although every item is final
    expect(s3.campaign.status).toBe('inProgress')
  })

  it('only C may change the approval to revoke', () => {
    refuse(s3, decideBy('alice', ['i1'], 'revoke', day(10)), 'ItemLocked')
    refuse(s3, decideBy('rick', ['i1'], 'revoke', day(10)), 'ItemLocked')
    refuse(s3, decideBy('nora', ['i1'], 'revoke', day(10)), 'NotEligibleReviewer')
    const s4 = accept(s3, [decideBy('olga', ['i1'], 'revoke', day(10))])
    expect(itemOf(s4, 'i1').state).toEqual({ _tag: 'revoked', level: 3, tier: 0, by: 'olga', at: day(10) })
    // and back again: the last level keeps the right to revise under deadline timing
    const s5 = accept(s4, [decideBy('olga', ['i1'], 'approve', day(11))])
    expect(itemOf(s5, 'i1').state).toMatchObject({ _tag: 'approved', level: 3 })
  })

  it('after complete nothing changes (CampaignNotActive)', () => {
    const done = accept(s3, [{ type: 'complete', at: day(12), actor: ADMIN }])
    expect(done.campaign.status).toBe('completed')
    for (const who of ['alice', 'rick', 'olga']) refuse(done, decideBy(who, ['i1'], 'revoke', day(13)), 'CampaignNotActive')
  })

  it('after abort nothing changes (CampaignNotActive)', () => {
    const aborted = accept(s1, [{ type: 'abort', at: day(12), actor: ADMIN }])
    refuse(aborted, decideBy('rick', ['i1'], 'approve', day(13)), 'CampaignNotActive')
  })
})

// -------------------------------------------------------------------------------------
// seed examples (003)
// -------------------------------------------------------------------------------------

describe('seed example: two levels, level 1 accepts X and revokes Y', () => {
  const X = ['x1', 'x2', 'x3']
  const Y = ['y1', 'y2']
  const s = accept(published(TWO, [...X, ...Y]), [decideBy('alice', X, 'approve', day(7)), decideBy('alice', Y, 'revoke', day(7, 11))])

  it('level 2 has exactly the X items to act on', () => {
    expect(tasksOf(s, 'rick')).toEqual(X)
    for (const id of X) expect(itemOf(s, id).state).toEqual({ _tag: 'pending', level: 2 })
  })
  it('level 2 may decide any X item', () => {
    const r = run([decideBy('rick', ['x1'], 'approve', day(8)), decideBy('rick', ['x2', 'x3'], 'revoke', day(8))], s)
    expect(r.results.map(codesOf)).toEqual(['ok', 'ok'])
  })
  it('the Y items are read-only for level 2, showing who revoked them and when', () => {
    for (const id of Y) {
      refuse(s, decideBy('rick', [id], 'approve', day(8)), 'ItemLocked')
      expect(itemOf(s, id).state).toEqual({ _tag: 'revoked', level: 1, tier: 0, by: 'alice', at: day(7, 11) })
    }
  })
})

describe('seed example: three levels, X/Y at level 1 then M/N′ at level 2', () => {
  const X = ['x1', 'x2', 'x3', 'x4']
  const Y = ['y1']
  const M = ['x1', 'x2']
  const N = ['x3', 'x4']
  const s = accept(published(THREE, [...X, ...Y]), [
    decideBy('alice', X, 'approve', day(7)),
    decideBy('alice', Y, 'revoke', day(7)),
    decideBy('rick', M, 'approve', day(8)),
    decideBy('rick', N, 'revoke', day(8, 15)),
  ])

  it('level 3 can act on the M items only', () => {
    expect(tasksOf(s, 'olga')).toEqual(M)
    const r = run([decideBy('olga', M, 'approve', day(9))], s)
    expect(r.results.map(codesOf)).toEqual(['ok'])
    for (const id of M) expect(itemOf(r.state, id).state).toMatchObject({ _tag: 'approved', level: 3, by: 'olga' })
  })
  it('level 3 sees Y and N′ read-only, with who revoked them and when', () => {
    for (const id of [...Y, ...N]) refuse(s, decideBy('olga', [id], 'approve', day(9)), 'ItemLocked')
    expect(itemOf(s, 'y1').state).toEqual({ _tag: 'revoked', level: 1, tier: 0, by: 'alice', at: day(7) })
    for (const id of N) expect(itemOf(s, id).state).toEqual({ _tag: 'revoked', level: 2, tier: 0, by: 'rick', at: day(8, 15) })
  })
  it('level 1 can no longer touch M or N′ (they moved past it)', () => {
    refuse(s, decideBy('alice', ['x1'], 'revoke', day(9)), 'ItemLocked')
    refuse(s, decideBy('alice', ['x3'], 'approve', day(9)), 'ItemLocked')
  })
})

// -------------------------------------------------------------------------------------
// revision
// -------------------------------------------------------------------------------------

describe('revision', () => {
  it('revising a revoke to approve (item not moved on) is the same as approving: it moves to the next level', () => {
    const s = accept(published(TWO, ['x1', 'x2']), [decideBy('alice', ['x1'], 'revoke', day(7)), decideBy('alice', ['x1'], 'approve', day(7, 12))])
    expect(itemOf(s, 'x1').state).toEqual({ _tag: 'pending', level: 2 })
    expect(tasksOf(s, 'rick')).toEqual(['x1'])
    expect(itemOf(s, 'x1').decisions.map((d) => d.decision)).toEqual(['revoke', 'approve'])
  })

  const WINDOWS = { ...TWO, timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 7 } }] } } as const

  it('reviewerWindows: a level may revise while the level is still open for the packet', () => {
    const s = accept(published(WINDOWS, ['x1', 'x2']), [decideBy('alice', ['x1'], 'revoke', day(7)), decideBy('alice', ['x1'], 'approve', day(8))])
    expect(itemOf(s, 'x1').state).toEqual({ _tag: 'pending', level: 2 })
  })

  it('reviewerWindows: once the level completed for the packet (every item decided), its decisions are final', () => {
    const s = accept(published(WINDOWS, ['x1', 'x2']), [decideBy('alice', ['x1'], 'revoke', day(7)), decideBy('alice', ['x2'], 'approve', day(7))])
    refuse(s, decideBy('alice', ['x1'], 'approve', day(8)), 'NotEligibleReviewer')
    // the last level too: rick's final decision cannot be revised after his level completes
    const s2 = accept(s, [decideBy('rick', ['x2'], 'approve', day(8))])
    refuse(s2, decideBy('rick', ['x2'], 'revoke', day(9)), 'NotEligibleReviewer')
  })

  it('deadline: the same level may still revise after its level completed, while the campaign is active', () => {
    const s = accept(published(TWO, ['x1', 'x2']), [decideBy('alice', ['x1'], 'revoke', day(7)), decideBy('alice', ['x2'], 'approve', day(7))])
    const s2 = accept(s, [decideBy('alice', ['x1'], 'approve', day(20))])
    expect(itemOf(s2, 'x1').state).toEqual({ _tag: 'pending', level: 2 })
    // also once the campaign is overdue (past 2025-03-31)
    const late = accept(s, [decideBy('alice', ['x1'], 'approve', at('2025-04-02T09:00:00Z'))])
    expect(itemOf(late, 'x1').state).toEqual({ _tag: 'pending', level: 2 })
  })

  it('reviewerWindows: after tier 0 lapsed, its reviewer can neither revise nor decide; the escalation tier decides', () => {
    const timing = {
      policy: 'reviewerWindows',
      // level 2 gets its own timing, so eve is a reviewer of level 1 only
      levels: [{ duration: { days: 3 }, escalations: [{ duration: { days: 3 }, reviewers: { users: ['eve'] } }] }, { duration: { days: 7 } }],
    } as const
    const s = accept(published({ ...TWO, timing }, ['x1', 'x2']), [decideBy('alice', ['x1'], 'revoke', day(7))])
    // day 6 + 3 days: tier 0 lapses on day 9 at 09:00
    refuse(s, decideBy('alice', ['x1'], 'approve', day(10)), 'NotEligibleReviewer')
    refuse(s, decideBy('alice', ['x2'], 'approve', day(10)), 'NotEligibleReviewer')
    // eve did not make the x1 decision, so she cannot revise it either
    refuse(s, decideBy('eve', ['x1'], 'approve', day(10)), 'NotEligibleReviewer')
    const s2 = accept(s, [decideBy('eve', ['x2'], 'approve', day(10))])
    expect(itemOf(s2, 'x2').decisions.at(-1)).toMatchObject({ by: 'eve', level: 1, tier: 1 })
  })
})

// -------------------------------------------------------------------------------------
// bulk
// -------------------------------------------------------------------------------------

describe('bulk decide is atomic', () => {
  const s = accept(published(TWO, ['x1', 'x2', 'x3'], [['d1', 's-dora']]), [decideBy('alice', ['x2'], 'approve', day(7))])

  it('one bad item → nothing is decided, and the error lists each offending item with its code', () => {
    const problems = refuse(s, decideBy('alice', ['x1', 'x2', 'ghost', 'x3'], 'revoke', day(8)), 'ItemLocked')
    expect(problems.map((p) => [p.itemId, p.code])).toEqual([
      ['x2', 'ItemLocked'],
      ['ghost', 'UnknownItem'],
    ])
    expect(itemOf(s, 'x1').state).toEqual({ _tag: 'pending', level: 1 })
    expect(itemOf(s, 'x3').state).toEqual({ _tag: 'pending', level: 1 })
  })

  it('mixes codes from several packets (NotEligibleReviewer for another subject, SelfReview for the own item)', () => {
    // dora acts: d1 is her own item, x1 is bob's (alice reviews it)
    const problems = refuse(s, decideBy('dora', ['x1', 'd1'], 'approve', day(8)), 'NotEligibleReviewer')
    expect(problems.map((p) => [p.itemId, p.code])).toEqual([
      ['x1', 'NotEligibleReviewer'],
      ['d1', 'SelfReview'],
    ])
  })

  it('every item valid → every item decided, across packets, by one command', () => {
    const s2 = accept(s, [decideBy('alice', ['x1', 'x3', 'd1'], 'revoke', day(8))])
    for (const id of ['x1', 'x3', 'd1']) expect(itemOf(s2, id).state).toMatchObject({ _tag: 'revoked', by: 'alice', at: day(8) })
  })

  it('a repeated id is decided once', () => {
    const s2 = accept(s, [decideBy('alice', ['x1', 'x1'], 'revoke', day(8))])
    expect(itemOf(s2, 'x1').decisions).toHaveLength(1)
  })
})

// -------------------------------------------------------------------------------------
// comments and attestation
// -------------------------------------------------------------------------------------

describe('comment policy (requireCommentOn)', () => {
  const cases: ReadonlyArray<{ req: 'none' | 'revoke' | 'approve' | 'both'; approve: boolean; revoke: boolean }> = [
    { req: 'none', approve: false, revoke: false },
    { req: 'revoke', approve: false, revoke: true },
    { req: 'approve', approve: true, revoke: false },
    { req: 'both', approve: true, revoke: true },
  ]
  for (const c of cases) {
    for (const decision of ['approve', 'revoke'] as const) {
      const needed = c[decision]
      it(`requireCommentOn ${c.req}: ${decision} without a comment is ${needed ? 'refused' : 'accepted'}`, () => {
        const s = published({ ...TWO, decisions: { requireCommentOn: c.req } }, ['x1'])
        const bare = decideBy('alice', ['x1'], decision, day(7))
        if (needed) {
          expect(refuse(s, bare, 'MissingAttestation')[0]?.missing).toEqual(['comment'])
          // a blank comment is no comment
          expect(refuse(s, decideBy('alice', ['x1'], decision, day(7), { comment: '   ' }), 'MissingAttestation')[0]?.missing).toEqual(['comment'])
        } else {
          accept(s, [bare])
        }
        accept(s, [decideBy('alice', ['x1'], decision, day(7), { comment: 'checked with the team lead' })])
      })
    }
  }
})

describe('attestation questions', () => {
  const decisions = {
    attestation: [
      { id: 'needed', text: 'Is this access still needed?', answer: 'yesNo', required: true, appliesTo: 'both' },
      { id: 'why', text: 'Why remove it?', answer: 'text', required: true, appliesTo: 'revoke' },
      { id: 'kind', text: 'Kind of use', answer: 'choice', required: false, appliesTo: 'approve', choices: ['daily', 'rare'] },
    ],
  } as const
  const s = published({ ...TWO, decisions }, ['x1', 'x2'])
  const missing = (decision: 'approve' | 'revoke', answers?: Answers, comment?: string): ReadonlyArray<string> | undefined =>
    refuse(
      s,
      decideBy('alice', ['x1'], decision, day(7), { ...(answers === undefined ? {} : { answers }), ...(comment === undefined ? {} : { comment }) }),
      'MissingAttestation',
    )[0]?.missing

  it('required questions that apply must be answered', () => {
    expect(missing('approve')).toEqual(['answers.needed'])
    expect(missing('revoke')).toEqual(['answers.needed', 'answers.why'])
    expect(missing('revoke', { needed: false })).toEqual(['answers.why'])
  })
  it('an answer of the wrong kind is missing: yes/no needs a boolean, choice one of the choices, text non-blank text', () => {
    expect(missing('approve', { needed: 'yes' })).toEqual(['answers.needed'])
    expect(missing('approve', { needed: true, kind: 'weekly' })).toEqual(['answers.kind'])
    expect(missing('approve', { needed: true, kind: true })).toEqual(['answers.kind'])
    expect(missing('revoke', { needed: false, why: '  ' })).toEqual(['answers.why'])
  })
  it('an answer to an unknown question id is refused', () => {
    expect(missing('approve', { needed: true, mood: 'fine' })).toEqual(['answers.mood'])
  })
  it('an optional question may be left out; a question that does not apply need not be answered', () => {
    accept(s, [decideBy('alice', ['x1'], 'approve', day(7), { answers: { needed: true } })])
    accept(s, [decideBy('alice', ['x1'], 'revoke', day(7), { answers: { needed: false, why: 'moved to sales' } })])
  })
  it('in a bulk decision every item names its missing fields', () => {
    const problems = refuse(s, decideBy('alice', ['x1', 'x2'], 'revoke', day(7), { answers: { needed: false } }), 'MissingAttestation')
    expect(problems.map((p) => [p.itemId, p.missing])).toEqual([
      ['x1', ['answers.why']],
      ['x2', ['answers.why']],
    ])
  })
  it('comment and answers are named together', () => {
    const s2 = published({ ...TWO, decisions: { ...decisions, requireCommentOn: 'revoke' } }, ['x1'])
    expect(refuse(s2, decideBy('alice', ['x1'], 'revoke', day(7)), 'MissingAttestation')[0]?.missing).toEqual(['comment', 'answers.needed', 'answers.why'])
  })
})

// -------------------------------------------------------------------------------------
// audit trail
// -------------------------------------------------------------------------------------

describe('audit trail', () => {
  it('records by, level, tier, at, decision, comment and answers; a revision appends and never rewrites', () => {
    const decisions = { attestation: [{ id: 'needed', text: 'Still needed?', answer: 'yesNo', required: false, appliesTo: 'both' }] } as const
    const s0 = published({ ...TWO, decisions }, ['x1', 'x2'])
    const s1 = accept(s0, [decideBy('alice', ['x1'], 'revoke', day(7), { comment: 'not used', answers: { needed: false } })])
    const first = itemOf(s1, 'x1').decisions
    expect(first).toEqual([{ by: 'alice', level: 1, tier: 0, decision: 'revoke', at: day(7), comment: 'not used', answers: { needed: false } }])
    const s2 = accept(s1, [decideBy('alice', ['x1'], 'approve', day(8), { comment: 'still used after all' })])
    const s3 = accept(s2, [decideBy('rick', ['x1'], 'approve', day(9))])
    const trail = itemOf(s3, 'x1').decisions
    expect(trail).toHaveLength(3)
    expect(trail.slice(0, 1)).toEqual(first)
    expect(trail[1]).toEqual({ by: 'alice', level: 1, tier: 0, decision: 'approve', at: day(8), comment: 'still used after all' })
    expect(trail[2]).toEqual({ by: 'rick', level: 2, tier: 0, decision: 'approve', at: day(9) })
    // a refused decision adds nothing
    refuse(s3, decideBy('alice', ['x1'], 'revoke', day(10)), 'ItemLocked')
    expect(itemOf(s3, 'x1').decisions).toEqual(trail)
  })
})

// -------------------------------------------------------------------------------------
// separation of duties at decision time
// -------------------------------------------------------------------------------------

describe('self-review at decision time (R24) and reassignment to the subject (R25)', () => {
  it("the subject's user deciding on their own item is refused with SelfReview, whatever their roles", () => {
    const s = published(TWO, ['x1'])
    refuse(s, decideBy('bob', ['x1'], 'approve', day(7)), 'SelfReview')
    refuse(s, { ...decideBy('bob', ['x1'], 'approve', day(7)), actor: actor('bob', 'riskManager', 'administrator') }, 'SelfReview')
  })

  it('reassigning an item to its subject is refused (SelfReview), state and due date unchanged', () => {
    const s = published(TWO, ['x1'])
    const problems = refuse(s, { type: 'reassign', at: day(7), actor: ADMIN, item: 'x1' as never, to: 'bob' as UserId }, 'SelfReview')
    expect(problems.map((p) => p.itemId)).toEqual(['x1'])
  })

  it('reassigning to someone else moves the active tier to them and does not move the due date', () => {
    const s = published(TWO, ['x1'])
    const s2 = accept(s, [{ type: 'reassign', at: day(7), actor: ADMIN, item: 'x1' as never, to: 'nora' as UserId }])
    expect(tasksOf(s2, 'nora')).toEqual(['x1'])
    expect(tasksOf(s2, 'alice')).toEqual([])
    expect(s2.campaign.dueAt).toEqual(s.campaign.dueAt)
    refuse(s2, decideBy('alice', ['x1'], 'approve', day(8)), 'NotEligibleReviewer')
    accept(s2, [decideBy('nora', ['x1'], 'approve', day(8))])
  })

  it('reassigning to a user the directory did not list as active at publish is refused (NotEligibleReviewer)', () => {
    const s = published(TWO, ['x1'])
    const problems = refuse(s, { type: 'reassign', at: day(7), actor: ADMIN, item: 'x1' as never, to: 'nobody-known' as UserId }, 'NotEligibleReviewer')
    expect(problems.map((p) => p.itemId)).toEqual(['x1'])
    expect(tasksOf(s, 'nobody-known')).toEqual([])
  })

  it('checkDecision refuses the subject even when (somehow) listed as a reviewer, unless self-review is allowed', () => {
    const item: Item = {
      spec: anItem('x1', 's-bob'),
      levels: [{ source: 'users', tiers: [['bob' as UserId, 'alice' as UserId]] }],
      state: { _tag: 'pending', level: 1 },
      decisions: [],
    }
    const ctx = { subjectUser: 'bob' as UserId, reviseAfterClose: true, level: () => ({ tier: 0, closed: false }) }
    expect(checkDecision(item, { ...ctx, actor: 'bob' as UserId, allowSelfReview: false })).toMatchObject({ itemId: 'x1', code: 'SelfReview' })
    expect(checkDecision(item, { ...ctx, actor: 'bob' as UserId, allowSelfReview: true })).toEqual({ level: 1, tier: 0 })
    expect(checkDecision(item, { ...ctx, actor: 'alice' as UserId, allowSelfReview: false })).toEqual({ level: 1, tier: 0 })
  })

  it('with allowSelfReview a group member who is the subject may decide', () => {
    const s = published({ reviewers: { order: [{ users: ['bob', 'nora'] }], count: 1, allowSelfReview: true } }, ['x1'])
    expect(itemOf(s, 'x1').levels[0]?.tiers[0]).toEqual(['bob', 'nora'])
    const s2 = accept(s, [decideBy('bob', ['x1'], 'approve', day(7))])
    expect(itemOf(s2, 'x1').state).toMatchObject({ _tag: 'approved', by: 'bob' })
  })
})

// -------------------------------------------------------------------------------------
// an id listed twice in one command
// -------------------------------------------------------------------------------------

describe('an item listed twice in one decide command', () => {
  const s0 = published(TWO, ['i1', 'i2'])

  it('is decided once, at its first place in the list', () => {
    const r = decide(decideBy('alice', ['i2', 'i1', 'i2', 'i1'], 'approve', day(7)), s0)
    expect(isLeft(r)).toBe(false)
    if (isLeft(r)) return
    const decided = r.right.flatMap((e) => (e.type === 'ItemsDecided' ? e.decisions.map((d) => d.itemId) : []))
    expect(decided).toEqual(['i2', 'i1'])
  })

  it('is reported once when it is unknown', () => {
    const problems = refuse(s0, decideBy('alice', ['i9', 'i1', 'i9'], 'approve', day(7)), 'UnknownItem')
    expect(problems.map((p) => [p.itemId, p.code])).toEqual([['i9', 'UnknownItem']])
  })

  it('is reported once when it is refused, and once per item across packets listed in turn', () => {
    // d1 is dora's (a second packet); rick may not decide at level 1
    const s = published(TWO, ['i1', 'i2'], [['d1', 's-dora']])
    const problems = refuse(s, decideBy('rick', ['i1', 'd1', 'i1', 'd1', 'i2', 'i1'], 'approve', day(7)), 'NotEligibleReviewer')
    expect(problems.map((p) => p.itemId)).toEqual(['i1', 'd1', 'i2'])
    const r = decide(decideBy('alice', ['i1', 'd1', 'i1', 'd1', 'i2', 'i1'], 'approve', day(7)), s)
    if (isLeft(r)) expect.fail(r.left.code)
    const decided = r.right.flatMap((e) => (e.type === 'ItemsDecided' ? [`${e.packetId}: ${e.decisions.map((d) => d.itemId).join(' ')}`] : []))
    expect(decided).toEqual(['s-bob: i1 i2', 's-dora: d1'])
  })

  it('is decided once in a packet of more items than a scan checks (a set then)', () => {
    const ids = Array.from({ length: 40 }, (_, k) => `i${k}`)
    const s = published(TWO, ids)
    const listed = [...ids, ...ids.slice().reverse(), ...ids]
    const r = decide(decideBy('alice', listed, 'approve', day(7)), s)
    if (isLeft(r)) expect.fail(r.left.code)
    const decided = r.right.flatMap((e) => (e.type === 'ItemsDecided' ? e.decisions.map((d) => d.itemId) : []))
    expect(decided).toEqual(ids)
  })
})
