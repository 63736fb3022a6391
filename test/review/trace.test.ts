// The resolution trace (issue 11): every reason of SPEC §3 why a source is
// skipped or a user left out appears in a trace, the fallback and the
// escalation tiers are traced, and the trace is the resolution's own
// account: collecting it never changes the result, and its levels are the
// resolved levels (property).
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { explainAssignment, explanationLines } from '../../src/report/explain.js'
import type { Directory } from '../../src/review/directory.js'
import { indexDirectory } from '../../src/review/directory.js'
import type { EscalationReviewers } from '../../src/schedule/policy.js'
import type { ResolutionContext, ReviewerPolicy } from '../../src/review/reviewer.js'
import { resolutionKey, resolveItem, subjectUser, usersNamed } from '../../src/review/reviewer.js'
import type { ResolutionTrace, SkipReason } from '../../src/review/trace.js'
import { newCollector, sharedTraces, traceOf } from '../../src/review/trace.js'
import { BUCKET_LIMIT } from '../../src/shared/intern.js'
import { isDeepStrictEqual } from 'node:util'
import type { UserId } from '../../src/shared/ids.js'
import type { DirectoryInput } from '../../src/testing/index.js'
import { aDefinition, aDirectory, actor, anItem, at, itemId, run } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'

const ctxOf = (directory: DirectoryInput, policy: ReviewerPolicy, riskManagers: ReadonlyArray<string> = [], escalations: ReadonlyArray<EscalationReviewers> = []): ResolutionContext => ({
  policy,
  riskManagers: riskManagers as UserId[],
  directory: indexDirectory(aDirectory(directory)),
  escalations: () => escalations,
})

const traced = (ctx: ResolutionContext, subject = 's-bob', application = 'app'): ResolutionTrace => {
  const c = newCollector()
  resolveItem(ctx, anItem('i1', subject, { application }), c)
  return traceOf(c)
}

const reasons = (t: ResolutionTrace): ReadonlyArray<SkipReason> => [
  ...t.sources.flatMap((s) => (s.skipped === undefined ? [] : [s.skipped])),
  ...t.sources.flatMap((s) => s.leftOut.map((l) => l.reason)),
  ...(t.fallback === undefined ? [] : [t.fallback.reason, ...t.fallback.leftOut.map((l) => l.reason)]),
  ...t.tiers.flatMap((s) => s.leftOut.map((l) => l.reason)),
]

const users = (...ids: string[]) => ids.map((id) => ({ id }))

describe('the resolution trace: every skip reason of SPEC §3', () => {
  const seen = new Set<SkipReason>()
  const expectReason = (t: ResolutionTrace, reason: SkipReason): void => {
    expect(reasons(t)).toContain(reason)
    seen.add(reason)
  }

  it('subjectUnmapped: firstLineManager of a subject mapped to nobody', () => {
    const t = traced(ctxOf({ users: users('rm'), subjects: [{ id: 's-bob' }] }, { order: ['firstLineManager', 'riskManager'], count: 1 }, ['rm']))
    expect(t.sources).toEqual([
      { source: 'firstLineManager', skipped: 'subjectUnmapped', candidates: [], chosen: [], leftOut: [] },
      { source: 'riskManager', level: 1, candidates: ['rm'], chosen: ['rm'], leftOut: [] },
    ])
    expectReason(t, 'subjectUnmapped')
  })

  it('noManager: the subject user has no manager', () => {
    const t = traced(ctxOf({ users: users('rm', 'bob'), subjects: [{ id: 's-bob', user: 'bob' }] }, { order: ['firstLineManager', 'riskManager'], count: 1 }, ['rm']))
    expect(t.sources[0]?.skipped).toBe('noManager')
    expectReason(t, 'noManager')
  })

  it('managerIsSubject: the manager named is the subject user', () => {
    const t = traced(ctxOf({ users: [{ id: 'rm' }, { id: 'bob', manager: 'bob' }], subjects: [{ id: 's-bob', user: 'bob' }] }, { order: ['firstLineManager', 'riskManager'], count: 1 }, ['rm']))
    expect(t.sources[0]?.skipped).toBe('managerIsSubject')
    expectReason(t, 'managerIsSubject')
  })

  it('inactive: the manager is inactive (and a user not in the directory counts as inactive)', () => {
    const t = traced(ctxOf({ users: [{ id: 'rm' }, { id: 'mia', active: false }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] }, { order: ['firstLineManager', { users: ['ghost' as UserId, 'rm' as UserId] }], count: 1 }))
    expect(t.sources).toEqual([
      { source: 'firstLineManager', skipped: 'inactive', candidates: ['mia'], chosen: [], leftOut: [{ user: 'mia', reason: 'inactive' }] },
      { source: 'users', level: 1, candidates: ['ghost', 'rm'], chosen: ['rm'], leftOut: [{ user: 'ghost', reason: 'inactive' }] },
    ])
    expectReason(t, 'inactive')
  })

  it('selfReview: a group that contains the subject keeps its other members; alone, the source is skipped', () => {
    const ctx = ctxOf({ users: users('bob', 'zoe'), subjects: [{ id: 's-bob', user: 'bob' }] }, { order: [{ users: ['bob' as UserId] }, { users: ['bob' as UserId, 'zoe' as UserId] }], count: 1 })
    const t = traced(ctx)
    expect(t.sources.map((s) => [s.level ?? s.skipped, s.chosen, s.leftOut])).toEqual([
      ['selfReview', [], [{ user: 'bob', reason: 'selfReview' }]],
      [1, ['zoe'], [{ user: 'bob', reason: 'selfReview' }]],
    ])
    expectReason(t, 'selfReview')
  })

  it('usedAtEarlierLevel and countReached: distinct reviewers across levels; sources after the count', () => {
    const t = traced(ctxOf({ users: users('rm', 'olga'), subjects: [{ id: 's-bob' }], applications: [{ id: 'app', owners: ['rm', 'olga'] }] }, { order: ['riskManager', 'applicationOwner', 'resourceOwner'], count: 2 }, ['rm']))
    expect(t.sources).toEqual([
      { source: 'riskManager', level: 1, candidates: ['rm'], chosen: ['rm'], leftOut: [] },
      { source: 'applicationOwner', level: 2, candidates: ['rm', 'olga'], chosen: ['olga'], leftOut: [{ user: 'rm', reason: 'usedAtEarlierLevel' }] },
      { source: 'resourceOwner', skipped: 'countReached', candidates: [], chosen: [], leftOut: [] },
    ])
    expectReason(t, 'usedAtEarlierLevel')
    expectReason(t, 'countReached')
  })

  it('noCandidates and fallbackUsed: sources that name nobody, then the fallback reviewers', () => {
    const t = traced(ctxOf({ users: users('zoe', 'bob'), subjects: [{ id: 's-bob', user: 'bob' }] }, { order: ['riskManager', 'applicationOwner'], count: 1, fallback: ['bob' as UserId, 'zoe' as UserId] }))
    expect(t.sources.map((s) => s.skipped)).toEqual(['noCandidates', 'noCandidates'])
    expect(t.fallback).toEqual({ reason: 'fallbackUsed', candidates: ['bob', 'zoe'], chosen: ['zoe'], leftOut: [{ user: 'bob', reason: 'selfReview' }] })
    expectReason(t, 'noCandidates')
    expectReason(t, 'fallbackUsed')
  })

  it('escalation tiers: the rule, the fallback when it keeps nobody, the previous tier when neither does', () => {
    const dir = { users: [{ id: 'rm' }, { id: 'hugo', active: false }, { id: 'nora', manager: 'hugo' }, { id: 'bob', manager: 'nora' }], subjects: [{ id: 's-bob', user: 'bob' }] }
    const withFallback = traced(ctxOf(dir, { order: ['firstLineManager'], count: 1, fallback: ['rm' as UserId] }, [], ['reviewerManager', { users: ['rm' as UserId] }]))
    expect(withFallback.tiers).toEqual([
      { level: 1, tier: 1, rule: 'reviewerManager', candidates: ['hugo'], chosen: ['rm'], leftOut: [{ user: 'hugo', reason: 'inactive' }], used: 'fallback' },
      { level: 1, tier: 2, rule: 'users', candidates: ['rm'], chosen: ['rm'], leftOut: [], used: 'rule' },
    ])
    const previous = traced(ctxOf(dir, { order: ['firstLineManager'], count: 1 }, [], ['reviewerManager']))
    expect(previous.tiers.map((s) => [s.used, s.chosen])).toEqual([['previousTier', ['nora']]])
  })

  it('usedAtOtherLevel: an escalation tier leaves out a user who reviews another level (distinct reviewers, issue 10)', () => {
    // level 2's reviewer-manager tier would name mia, who reviews level 1
    const dir = { users: [{ id: 'mia', manager: 'dora' }, { id: 'dora' }, { id: 'rm', manager: 'mia' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }] }
    const ctx: ResolutionContext = { ...ctxOf(dir, { order: ['firstLineManager', 'riskManager'], count: 2, fallback: ['dora' as UserId] }, ['rm']), escalations: (level) => (level === 2 ? ['reviewerManager'] : []) }
    const t = traced(ctx)
    expect(t.tiers).toEqual([{ level: 2, tier: 1, rule: 'reviewerManager', candidates: ['mia'], chosen: ['dora'], leftOut: [{ user: 'mia', reason: 'usedAtOtherLevel' }], used: 'fallback' }])
    expectReason(t, 'usedAtOtherLevel')
  })

  it('delegated: at publish, a delegate whose period holds takes the first tier; the trace leaves the original out as delegated', () => {
    const rita = actor('rita', 'riskManager')
    const { state } = run([
      { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition({ riskManagers: ['rita'], reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 } }), items: [anItem('i1', 's-bob')] },
      {
        type: 'publish',
        at: at('2025-01-03T09:00:00Z'),
        actor: rita,
        directory: aDirectory({
          users: [{ id: 'rita', roles: ['riskManager'] }, { id: 'mia', delegate: { to: 'max', from: '2025-01-01T00:00:00Z', until: '2025-02-01T00:00:00Z' } }, { id: 'max' }, { id: 'bob', manager: 'mia' }],
          subjects: [{ id: 's-bob', user: 'bob' }],
        }),
      },
    ])
    const e = explainAssignment(state!, itemId('i1'))
    expect(E.isRight(e) && e.right.levels.map((l) => l.tiers[0])).toEqual([['max'], ['rita']])
    const t = E.isRight(e) ? e.right.trace : undefined
    expect(t?.sources[0]).toEqual({ source: 'firstLineManager', level: 1, candidates: ['mia'], chosen: ['max'], leftOut: [{ user: 'mia', reason: 'delegated' }] })
    if (t !== undefined) expectReason(t, 'delegated')
  })

  it('covers every reason (SPEC §3, the other-level rule of issue 10 and delegation)', () => {
    const all: ReadonlyArray<SkipReason> = ['subjectUnmapped', 'noManager', 'managerIsSubject', 'noCandidates', 'inactive', 'selfReview', 'usedAtEarlierLevel', 'usedAtOtherLevel', 'delegated', 'countReached', 'fallbackUsed']
    expect(all.filter((r) => !seen.has(r))).toEqual([])
  })
})

describe('explainAssignment', () => {
  const rita = actor('rita', 'riskManager')
  const { state } = run([
    { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition({ riskManagers: ['rita'], reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 } }), items: [anItem('i1', 's-bob'), anItem('i2', 's-x')] },
    { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory: aDirectory({ users: [{ id: 'rita', roles: ['riskManager'] }, { id: 'mia' }, { id: 'nora' }, { id: 'bob', manager: 'mia' }], subjects: [{ id: 's-bob', user: 'bob' }, { id: 's-x' }] }) },
    { type: 'reassign', at: at('2025-01-03T10:00:00Z'), actor: rita, item: itemId('i1'), to: 'nora' as UserId },
  ])

  it('gives the trace recorded at publish and the chain as it is now (after a reassignment)', () => {
    const e = explainAssignment(state!, itemId('i1'))
    expect(E.isRight(e) && e.right.trace?.sources.map((s) => [s.source, s.level ?? s.skipped, s.chosen])).toEqual([
      ['firstLineManager', 1, ['mia']],
      ['riskManager', 2, ['rita']],
    ])
    expect(E.isRight(e) && e.right.levels.map((l) => l.tiers[0])).toEqual([['nora'], ['rita']])
    expect(E.isRight(e) && explanationLines(e.right)).toEqual([
      'item i1: subject s-bob, app / res / member',
      'resolution at publish:',
      '  1. firstLineManager: named mia -> level 1: mia',
      '  2. riskManager: named rita -> level 2: rita',
      'reviewers now:',
      '  level 1 (firstLineManager): tier 0: nora',
      '  level 2 (riskManager): tier 0: rita',
    ])
    const x = explainAssignment(state!, itemId('i2'))
    expect(E.isRight(x) && x.right.trace?.sources.map((s) => s.level ?? s.skipped)).toEqual(['subjectUnmapped', 1])
  })

  it('an item not in the campaign is UnknownItem; a draft item has no trace yet', () => {
    expect(E.isLeft(explainAssignment(state!, 'nope')) && explainAssignment(state!, 'nope')).toMatchObject({ left: { code: 'UnknownItem' } })
    const draft = run([{ type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition(), items: [anItem('i1', 's-bob')] }]).state!
    const e = explainAssignment(draft, 'i1')
    expect(E.isRight(e) && [e.right.trace, e.right.levels]).toEqual([undefined, []])
  })
})

// The policy half of a random world (the directory half differs by property),
// and the resolution context of a world.
const policyArbs = (u: fc.Arbitrary<string>) => ({
  order: fc.shuffledSubarray(['firstLineManager', 'riskManager', 'applicationOwner', 'resourceOwner'] as const, { minLength: 1 }),
  count: fc.integer({ min: 1, max: 4 }),
  fallback: fc.uniqueArray(u, { maxLength: 2 }),
  allowSelfReview: fc.boolean(),
  distinctReviewers: fc.boolean(),
  riskManagers: fc.uniqueArray(u, { maxLength: 2 }),
  escalations: fc.array(fc.oneof(fc.constant<EscalationReviewers>('reviewerManager'), fc.uniqueArray(u, { minLength: 1, maxLength: 2 }).map((users) => ({ users: users as UserId[] }))), { maxLength: 2 }),
})

interface PolicyWorld {
  readonly order: ReviewerPolicy['order']
  readonly count: number
  readonly fallback: ReadonlyArray<string>
  readonly allowSelfReview: boolean
  readonly distinctReviewers: boolean
  readonly riskManagers: ReadonlyArray<string>
  readonly escalations: ReadonlyArray<EscalationReviewers>
}

const contextOf = (w: PolicyWorld, directory: ResolutionContext['directory']): ResolutionContext => ({
  policy: { order: w.order, count: Math.min(w.count, w.order.length), fallback: w.fallback as UserId[], allowSelfReview: w.allowSelfReview, distinctReviewers: w.distinctReviewers },
  riskManagers: w.riskManagers as UserId[],
  directory,
  escalations: () => w.escalations,
})

// A random user of the world: active or not, with or without a manager.
const userOf = (id: string, u: fc.Arbitrary<string>) =>
  fc.record({ active: fc.boolean(), manager: fc.option(u, { nil: undefined }) }).map(({ active, manager }) => ({ id, ...(active ? {} : { active: false }), ...(manager === undefined ? {} : { manager }) }))

describe('the trace is the resolution’s own account (property)', () => {
  const U = ['u0', 'u1', 'u2', 'u3', 'ghost'] as const
  const u = fc.constantFrom(...U)
  const world = fc.record({
    directory: fc.record({
      users: fc.tuple(...U.slice(0, 4).map((id) => userOf(id, u))),
      subjects: fc.option(u, { nil: undefined }).map((user) => [{ id: 's0', ...(user === undefined ? {} : { user }) }]),
      applications: fc.uniqueArray(u, { maxLength: 3 }).map((owners) => [{ id: 'a0', owners }]),
    }),
    ...policyArbs(u),
  })

  it('collecting changes nothing; its levels, chosen users and tiers are the resolved ones', () => {
    fc.assert(
      fc.property(world, (w) => {
        const ctx = contextOf(w, indexDirectory(w.directory as unknown as Directory))
        const item = anItem('i1', 's0', { application: 'a0' })
        const plain = resolveItem(ctx, item)
        const c = newCollector()
        expect(resolveItem(ctx, item, c)).toEqual(plain)
        const t = traceOf(c)
        expect(t.sources.map((s) => s.source)).toEqual(w.order)
        if (plain._tag === 'unresolved') return
        const fromTrace = t.fallback !== undefined ? [t.fallback.chosen] : t.sources.filter((s) => s.level !== undefined).map((s) => s.chosen)
        expect(fromTrace).toEqual(plain.levels.map((l) => l.tiers[0]))
        expect(t.tiers.map((s) => s.chosen)).toEqual(plain.levels.flatMap((l) => l.tiers.slice(1)))
        // a source is a level or skipped, never both
        for (const s of t.sources) expect((s.level === undefined) !== (s.skipped === undefined)).toBe(true)
      }),
      { numRuns: runs(2_000) },
    )
  })
  // sharing compares field by field (no serialisation, issue 9): a trace is
  // answered by an earlier one exactly when the two are equal
  it('sharedTraces answers an earlier trace exactly when it is equal to it, and never more than BUCKET_LIMIT per bucket', () => {
    const traceIn = (w: typeof world extends fc.Arbitrary<infer W> ? W : never): ResolutionTrace => {
      const ctx = contextOf(w, indexDirectory(w.directory as unknown as Directory))
      const c = newCollector()
      resolveItem(ctx, anItem('i1', 's0', { application: 'a0' }), c)
      return traceOf(c)
    }
    fc.assert(
      fc.property(fc.array(world, { minLength: 1, maxLength: 24 }), (ws) => {
        const share = sharedTraces()
        const kept: ResolutionTrace[] = []
        for (const w of ws) {
          const t = traceIn(w)
          const earlier = kept.find((k) => isDeepStrictEqual(k, t))
          const got = share(t, 'one bucket')
          expect(got).toEqual(t)
          if (earlier !== undefined) expect(got).toBe(earlier)
          else {
            expect(got).toBe(t)
            if (kept.length < BUCKET_LIMIT) kept.push(t)
          }
        }
      }),
      { numRuns: runs(1_000) },
    )
  })
})

describe('publish resolves items alike by their resolution key (issue 9)', () => {
  // two items with the same key resolve to equal levels and traces when
  // neither subject user is among the users the resolution names: what lets
  // publish reuse a resolution instead of computing it again
  const U = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'] as const
  const u = fc.constantFrom(...U)
  const S = ['s0', 's1', 's2', 's3'] as const
  const world = fc.record({
    users: fc.tuple(...U.map((id) => userOf(id, u))),
    subjects: fc.tuple(...S.map((id) => fc.option(fc.oneof(u, fc.constant('ghost')), { nil: undefined }).map((user) => ({ id, ...(user === undefined ? {} : { user }) })))),
    owners: fc.tuple(fc.uniqueArray(u, { maxLength: 3 }), fc.uniqueArray(u, { maxLength: 3 })),
    ...policyArbs(u),
  })

  it('equal keys and subject users outside usersNamed give equal levels and traces', () => {
    let compared = 0
    fc.assert(
      fc.property(world, (w) => {
        const directory = indexDirectory({
          users: w.users,
          subjects: w.subjects,
          applications: [{ id: 'a0', owners: w.owners[0] }, { id: 'a1', owners: w.owners[1] }],
          resources: [{ id: 'r0', owners: w.owners[1] }],
        } as unknown as Directory)
        const ctx = contextOf(w, directory)
        const items = S.flatMap((subject) => ['a0', 'a1'].map((application) => anItem(`${subject}-${application}`, subject, { application, resource: 'r0' })))
        const out = items.map((item) => {
          const c = newCollector()
          const r = resolveItem(ctx, item, c)
          return { item, key: resolutionKey(ctx, item), user: subjectUser(directory, item.subject), r, trace: traceOf(c) }
        })
        for (const a of out) {
          if (a.r._tag !== 'resolved') continue
          const named = usersNamed(a.trace, a.r.levels, ctx.policy.fallback ?? [])
          for (const b of out) {
            if (b === a || b.key !== a.key) continue
            if ((a.user !== undefined && named.has(a.user)) || (b.user !== undefined && named.has(b.user))) continue
            compared++
            expect(b.r).toEqual(a.r)
            expect(b.trace).toEqual(a.trace)
          }
        }
      }),
      { numRuns: runs(2_000) },
    )
    // the property is not vacuous
    expect(compared).toBeGreaterThan(runs(2_000))
  })
})

describe('publish shares identical traces (as it shares reviewer chains)', () => {
  it('items resolved the same way hold the same trace; different ones keep their own', () => {
    const rita = actor('rita', 'riskManager')
    const { state } = run([
      { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: rita, definition: aDefinition({ riskManagers: ['rita'], reviewers: { order: ['firstLineManager', 'riskManager'], count: 1 } }), items: [anItem('a1', 's-ann'), anItem('b1', 's-bob'), anItem('c1', 's-cy')] },
      { type: 'publish', at: at('2025-01-03T09:00:00Z'), actor: rita, directory: aDirectory({ users: [{ id: 'rita', roles: ['riskManager'] }, { id: 'mia' }, { id: 'ann', manager: 'mia' }, { id: 'bob', manager: 'mia' }, { id: 'cy' }], subjects: [{ id: 's-ann', user: 'ann' }, { id: 's-bob', user: 'bob' }, { id: 's-cy', user: 'cy' }] }) },
    ])
    const traceOfItem = (id: string) => {
      const e = explainAssignment(state!, id)
      return E.isRight(e) ? e.right.trace : undefined
    }
    expect(traceOfItem('a1')).toBe(traceOfItem('b1'))
    expect(traceOfItem('c1')).not.toBe(traceOfItem('a1'))
    expect(traceOfItem('c1')?.sources[0]?.skipped).toBe('noManager')
  })
})
