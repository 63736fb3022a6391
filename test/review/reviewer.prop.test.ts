import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { UserId } from '../../src/shared/ids.js'
import type { EscalationReviewers } from '../../src/schedule/policy.js'
import type { Directory, DirectoryIndex } from '../../src/review/directory.js'
import { Directory as DirectoryCodec } from '../../src/review/directory.js'
import { isRight } from 'fp-ts/lib/Either.js'
import { decodeWith } from '../../src/shared/codec.js'
import { indexDirectory, isActiveUser, managerOf } from '../../src/review/directory.js'
import type { ItemSpec } from '../../src/review/item.js'
import type { Resolution, ResolutionContext, ReviewerPolicy, ReviewerSource } from '../../src/review/reviewer.js'
import { resolveItem, sourceLabel, subjectUser } from '../../src/review/reviewer.js'
import type { DirectoryInput } from '../../src/testing/index.js'
import { anItem } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'

// Small worlds: six user ids (one of them never in the directory), four
// subjects, two applications and two resources, so that managers, owners,
// groups, risk managers and fallbacks collide with the subject and with each
// other often.

const USERS = ['u0', 'u1', 'u2', 'u3', 'u4', 'ghost'] as const
const KNOWN = USERS.filter((u) => u !== 'ghost')
const SUBJECTS = ['s0', 's1', 's2', 's3'] as const

const userArb = fc.constantFrom(...USERS)
const usersArb = (max: number): fc.Arbitrary<string[]> => fc.uniqueArray(userArb, { maxLength: max })

const directoryArb: fc.Arbitrary<DirectoryInput> = fc.record({
  users: fc.tuple(
    ...KNOWN.map((id) =>
      fc.record({ active: fc.boolean(), manager: fc.option(userArb, { nil: undefined }) }).map(({ active, manager }) => ({
        id,
        ...(active ? {} : { active: false }),
        ...(manager === undefined ? {} : { manager }),
      })),
    ),
  ),
  subjects: fc.tuple(
    ...SUBJECTS.map((id) => fc.option(userArb, { nil: undefined }).map((user) => ({ id, ...(user === undefined ? {} : { user }) }))),
  ),
  applications: fc.tuple(usersArb(3), usersArb(3)).map(([a, b]) => [
    { id: 'a0', owners: a },
    { id: 'a1', owners: b },
  ]),
  resources: fc.tuple(usersArb(3), usersArb(3)).map(([a, b]) => [
    { id: 'r0', owners: a },
    { id: 'r1', owners: b },
  ]),
})

const namedSources = ['firstLineManager', 'riskManager', 'applicationOwner', 'resourceOwner'] as const
const sourceArb: fc.Arbitrary<ReviewerSource> = fc.oneof(
  fc.constantFrom(...namedSources),
  fc.uniqueArray(userArb, { minLength: 1, maxLength: 3 }).map((users) => ({ users: users as UserId[] })),
)

const policyArb: fc.Arbitrary<ReviewerPolicy> = fc
  .uniqueArray(sourceArb, { minLength: 1, maxLength: 6, selector: (s) => (typeof s === 'string' ? s : `users:${[...s.users].sort().join(',')}`) })
  .chain((order) =>
    fc.record({
      order: fc.constant(order),
      count: fc.integer({ min: 1, max: order.length }),
      fallback: fc.option(usersArb(3), { nil: undefined }),
      allowSelfReview: fc.option(fc.boolean(), { nil: undefined }),
      distinctReviewers: fc.option(fc.boolean(), { nil: undefined }),
    }),
  )
  .map((p) => {
    const out: { -readonly [K in keyof ReviewerPolicy]: ReviewerPolicy[K] } = { order: p.order, count: p.count }
    if (p.fallback !== undefined) out.fallback = p.fallback as UserId[]
    if (p.allowSelfReview !== undefined) out.allowSelfReview = p.allowSelfReview
    if (p.distinctReviewers !== undefined) out.distinctReviewers = p.distinctReviewers
    return out
  })

const escalationArb: fc.Arbitrary<ReadonlyArray<ReadonlyArray<EscalationReviewers>>> = fc.array(
  fc.array(fc.oneof(fc.constant<EscalationReviewers>('reviewerManager'), usersArb(2).filter((u) => u.length > 0).map((users) => ({ users: users as UserId[] }))), { maxLength: 2 }),
  { maxLength: 3 },
)

const itemArb: fc.Arbitrary<ItemSpec> = fc
  .record({ subject: fc.constantFrom(...SUBJECTS), app: fc.constantFrom('a0', 'a1', 'a2'), res: fc.constantFrom('r0', 'r1', 'r2') })
  .map(({ subject, app, res }) => anItem('i1', subject, { application: app, resource: res }))

interface World {
  readonly ctx: ResolutionContext
  readonly item: ItemSpec
  readonly resolution: Resolution
}

const worldArb: fc.Arbitrary<World> = fc
  .record({ directory: directoryArb, policy: policyArb, riskManagers: usersArb(3), escalations: escalationArb, item: itemArb })
  .map(({ directory, policy, riskManagers, escalations, item }) => {
    const ctx: ResolutionContext = {
      policy,
      riskManagers: riskManagers as UserId[],
      // the generated directory is valid by construction (one decode is checked below)
      directory: indexDirectory(directory as unknown as Directory),
      // escalation tiers of level k: the k-th entry, the last one reused for deeper levels
      escalations: (level) => escalations[Math.min(level, escalations.length) - 1] ?? [],
    }
    return { ctx, item, resolution: resolveItem(ctx, item) }
  })

/** The raw candidates of a source, straight from the directory (the test's own reading of SPEC §3). */
const raw = (d: DirectoryIndex, riskManagers: ReadonlyArray<string>, s: ReviewerSource, item: ItemSpec): ReadonlyArray<string> => {
  if (typeof s !== 'string') return s.users
  switch (s) {
    case 'firstLineManager': {
      const u = subjectUser(d, item.subject)
      const m = u === undefined ? undefined : d.users.get(u)?.manager
      return m === undefined || m === u ? [] : [m]
    }
    case 'riskManager':
      return riskManagers
    case 'applicationOwner':
      return d.applications.get(item.application) ?? []
    case 'resourceOwner':
      return d.resources.get(item.resource) ?? []
  }
}

const eligible = (w: World, users: ReadonlyArray<string>): ReadonlyArray<string> => {
  const self = subjectUser(w.ctx.directory, w.item.subject)
  return users.filter((u) => isActiveUser(w.ctx.directory, u) && (w.ctx.policy.allowSelfReview === true || u !== self))
}

const allReviewers = (r: Resolution): ReadonlyArray<UserId> =>
  r._tag === 'resolved' ? r.levels.flatMap((l) => l.tiers.flatMap((t) => t)) : []

const RUNS = { numRuns: runs(10_000) }

describe('reviewer resolution laws', () => {
  it('the generated directories are valid directory data', () => {
    fc.assert(
      fc.property(directoryArb, (d) => {
        expect(isRight(decodeWith(DirectoryCodec, d))).toBe(true)
      }),
      { numRuns: runs(200) },
    )
  })

  it('has at most `count` levels', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        if (w.resolution._tag === 'resolved') expect(w.resolution.levels.length).toBeLessThanOrEqual(w.ctx.policy.count)
      }),
      RUNS,
    )
  })

  it('levels keep the order of their sources in the policy', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        if (w.resolution._tag !== 'resolved') return
        const labels = w.resolution.levels.map((l) => l.source)
        if (labels[0] === 'fallback') return
        // the level labels are a subsequence of the order's labels
        const order = w.ctx.policy.order.map(sourceLabel)
        let i = 0
        for (const l of labels) {
          while (i < order.length && order[i] !== l) i++
          expect(i).toBeLessThan(order.length)
          i++
        }
      }),
      RUNS,
    )
  })

  it('no level (and no escalation tier) is empty', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        if (w.resolution._tag !== 'resolved') return
        expect(w.resolution.levels.length).toBeGreaterThan(0)
        for (const l of w.resolution.levels) for (const t of l.tiers) expect(t.length).toBeGreaterThan(0)
      }),
      RUNS,
    )
  })

  it("the subject's own user is never a reviewer, at any level or tier, unless allowSelfReview", () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        if (w.ctx.policy.allowSelfReview === true) return
        const self = subjectUser(w.ctx.directory, w.item.subject)
        if (self !== undefined) expect(allReviewers(w.resolution)).not.toContain(self)
      }),
      RUNS,
    )
  })

  it('with distinctReviewers (default on), no tier-0 reviewer appears at two levels', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        if (w.ctx.policy.distinctReviewers === false || w.resolution._tag !== 'resolved') return
        const seen = new Set<string>()
        for (const l of w.resolution.levels) {
          for (const u of l.tiers[0] ?? []) {
            expect(seen.has(u)).toBe(false)
            seen.add(u)
          }
        }
      }),
      RUNS,
    )
  })

  it('inactive and unknown users are never chosen', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        for (const u of allReviewers(w.resolution)) expect(isActiveUser(w.ctx.directory, u)).toBe(true)
      }),
      RUNS,
    )
  })

  it('the fallback is used exactly when no source resolves, and the item is unresolved only when the fallback is empty too', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const anySource = w.ctx.policy.order.some((s) => eligible(w, raw(w.ctx.directory, w.ctx.riskManagers, s, w.item)).length > 0)
        const fallback = eligible(w, w.ctx.policy.fallback ?? [])
        const r = w.resolution
        if (anySource) {
          expect(r._tag).toBe('resolved')
          if (r._tag === 'resolved') expect(r.levels.map((l) => l.source)).not.toContain('fallback')
        } else if (fallback.length > 0) {
          expect(r._tag).toBe('resolved')
          if (r._tag === 'resolved') {
            expect(r.levels).toHaveLength(1)
            expect(r.levels[0]?.source).toBe('fallback')
            expect([...(r.levels[0]?.tiers[0] ?? [])].sort()).toEqual([...new Set(fallback)].sort())
          }
        } else {
          expect(r._tag).toBe('unresolved')
        }
      }),
      RUNS,
    )
  })

  it("escalation tier 'reviewerManager' holds only managers of the tier-0 reviewers, the fallback, or the previous tier", () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        if (w.resolution._tag !== 'resolved') return
        w.resolution.levels.forEach((l, k) => {
          const specs = w.ctx.escalations(k + 1)
          expect(l.tiers).toHaveLength(specs.length + 1)
          specs.forEach((spec, j) => {
            const tier = l.tiers[j + 1] ?? []
            if (spec !== 'reviewerManager') return
            // with distinctReviewers (the default) an escalation tier never holds a user of another level
            const others = new Set(w.resolution._tag === 'resolved' ? w.resolution.levels.filter((_, i) => i !== k).flatMap((o) => o.tiers.flat()) : [])
            const free = (us: ReadonlyArray<string>): ReadonlyArray<string> => (w.ctx.policy.distinctReviewers === false ? us : us.filter((u) => !others.has(u as never)))
            const managers = free(eligible(w, (l.tiers[0] ?? []).flatMap((r) => managerOf(w.ctx.directory, r) ?? [])))
            const fb = free(eligible(w, w.ctx.policy.fallback ?? []))
            const expected = managers.length > 0 ? managers : fb.length > 0 ? fb : (l.tiers[j] ?? [])
            expect([...tier].sort()).toEqual([...new Set(expected)].sort())
          })
        })
      }),
      RUNS,
    )
  })
})
