import { describe, expect, it } from 'vitest'
import { isLeft } from 'fp-ts/lib/Either.js'
import { decodeWith } from '../../src/shared/codec.js'
import type { EscalationReviewers } from '../../src/schedule/policy.js'
import { indexDirectory } from '../../src/review/directory.js'
import type { ItemSpec } from '../../src/review/item.js'
import type { Resolution, ResolutionContext, ReviewLevel } from '../../src/review/reviewer.js'
import { ReviewerPolicy, resolveItem } from '../../src/review/reviewer.js'
import type { DirectoryInput } from '../../src/testing/index.js'
import { aDefinition, aDirectory, actor, anItem, at, run, userId } from '../../src/testing/index.js'

// Fixture: bob is managed by alice; carl is mapped but has no manager;
// s-ext is an unmapped subject (a contractor account). rick is the campaign's
// risk manager, olga owns the application, rob owns the resource.
const baseUsers: DirectoryInput['users'] = [
  { id: 'alice', manager: 'mona' },
  { id: 'mona' },
  { id: 'bob', manager: 'alice' },
  { id: 'carl' },
  { id: 'rick' },
  { id: 'olga' },
  { id: 'rob' },
  { id: 'fay' },
  { id: 'gina' },
  { id: 'hal' },
  { id: 'eve' },
]
const baseSubjects: DirectoryInput['subjects'] = [
  { id: 's-bob', user: 'bob' },
  { id: 's-carl', user: 'carl' },
  { id: 's-ext' },
]
const baseDirectory: DirectoryInput = {
  users: baseUsers,
  subjects: baseSubjects,
  applications: [{ id: 'app', owners: ['olga'] }],
  resources: [{ id: 'res', owners: ['rob'] }],
}

type PolicyInput = Readonly<Record<string, unknown>>

const policyOf = (p: PolicyInput): ReviewerPolicy => {
  const r = decodeWith(ReviewerPolicy, p)
  if (isLeft(r)) throw new Error(`bad policy fixture: ${JSON.stringify(r.left)}`)
  return r.right
}

interface CtxOptions {
  readonly directory?: Partial<DirectoryInput>
  readonly riskManagers?: ReadonlyArray<string>
  readonly escalations?: (level: number) => ReadonlyArray<EscalationReviewers>
}

const ctxOf = (policy: PolicyInput, o: CtxOptions = {}): ResolutionContext => ({
  policy: policyOf(policy),
  riskManagers: (o.riskManagers ?? ['rick']).map(userId),
  directory: indexDirectory(aDirectory({ ...baseDirectory, ...o.directory })),
  escalations: o.escalations ?? (() => []),
})

const levelsOf = (r: Resolution): ReadonlyArray<ReviewLevel> => {
  if (r._tag !== 'resolved') throw new Error(`expected a resolution, got ${r.reason}`)
  return r.levels
}
/** Compact view: `source:[tier0 reviewers]` per level. */
const summary = (r: Resolution): ReadonlyArray<string> => levelsOf(r).map((l) => `${l.source}:${(l.tiers[0] ?? []).join(',')}`)

const item = (subject: string, id = 'i1'): ItemSpec => anItem(id, subject)
const FLM_RM_AO = ['firstLineManager', 'riskManager', 'applicationOwner']

describe('SPEC §3 seed table — order (FLM, RM, AO)', () => {
  const FLM = 'firstLineManager:alice'
  const RM = 'riskManager:rick'
  const AO = 'applicationOwner:olga'
  const rows: ReadonlyArray<{ count: number; flm: boolean; levels: ReadonlyArray<string> }> = [
    { count: 1, flm: true, levels: [FLM] },
    { count: 1, flm: false, levels: [RM] },
    { count: 2, flm: true, levels: [FLM, RM] },
    { count: 2, flm: false, levels: [RM, AO] },
    { count: 3, flm: true, levels: [FLM, RM, AO] },
    { count: 3, flm: false, levels: [RM, AO] },
  ]
  for (const row of rows) {
    const subjects = row.flm
      ? [['mapped subject with a manager', 's-bob']]
      : [
          ['unmapped subject', 's-ext'],
          ['mapped subject without a manager', 's-carl'],
        ]
    for (const [label, subject] of subjects) {
      it(`count ${row.count}, FLM ${row.flm ? 'available' : 'unavailable'} (${label}) → ${row.levels.join(' → ')}`, () => {
        const r = resolveItem(ctxOf({ order: FLM_RM_AO, count: row.count }), item(subject ?? ''))
        expect(summary(r)).toEqual(row.levels)
        // with no escalation configured every level has exactly one tier
        for (const l of levelsOf(r)) expect(l.tiers).toHaveLength(1)
      })
    }
  }

  it('a manager who is not in the directory counts as no manager', () => {
    const r = resolveItem(
      ctxOf({ order: FLM_RM_AO, count: 1 }, { directory: { users: [...baseUsers.filter((u) => u.id !== 'alice')] } }),
      item('s-bob'),
    )
    expect(summary(r)).toEqual(['riskManager:rick'])
  })
})

describe('candidate filtering', () => {
  it('removes inactive users from a source and keeps the active ones', () => {
    const r = resolveItem(
      ctxOf({ order: ['riskManager'], count: 1 }, { riskManagers: ['rina', 'rick'], directory: { users: [...baseUsers, { id: 'rina', active: false }] } }),
      item('s-bob'),
    )
    expect(summary(r)).toEqual(['riskManager:rick'])
  })

  it('skips a source whose every user is inactive (an inactive manager)', () => {
    const users = baseUsers.map((u) => (u.id === 'alice' ? { ...u, active: false } : u))
    const r = resolveItem(ctxOf({ order: FLM_RM_AO, count: 2 }, { directory: { users } }), item('s-bob'))
    expect(summary(r)).toEqual(['riskManager:rick', 'applicationOwner:olga'])
  })

  it('never assigns a user the directory does not know', () => {
    const r = resolveItem(ctxOf({ order: [{ users: ['ghost', 'gina'] }], count: 1 }), item('s-bob'))
    expect(summary(r)).toEqual(['users:gina'])
  })

  it('removes the subject when the subject is one of the risk managers (self-review)', () => {
    const directory = { subjects: [...baseSubjects, { id: 's-rick', user: 'rick' }] }
    const r = resolveItem(ctxOf({ order: ['riskManager'], count: 1 }, { riskManagers: ['rick', 'gina'], directory }), item('s-rick'))
    expect(summary(r)).toEqual(['riskManager:gina'])
    // when the subject is the only risk manager the source is skipped
    const alone = resolveItem(ctxOf({ order: ['riskManager', 'applicationOwner'], count: 1 }, { riskManagers: ['rick'], directory }), item('s-rick'))
    expect(summary(alone)).toEqual(['applicationOwner:olga'])
  })

  it('keeps the subject when allowSelfReview is on', () => {
    const directory = { subjects: [...baseSubjects, { id: 's-rick', user: 'rick' }] }
    const r = resolveItem(ctxOf({ order: ['riskManager'], count: 1, allowSelfReview: true }, { riskManagers: ['rick', 'gina'], directory }), item('s-rick'))
    expect(summary(r)).toEqual(['riskManager:rick,gina'])
  })

  it('R27: a manager who is the subject themselves counts as no manager', () => {
    const directory = { users: [...baseUsers, { id: 'max', manager: 'max' }], subjects: [...baseSubjects, { id: 's-max', user: 'max' }] }
    const r = resolveItem(ctxOf({ order: FLM_RM_AO, count: 1 }, { directory }), item('s-max'))
    expect(summary(r)).toEqual(['riskManager:rick'])
    // even with self-review allowed, being one's own manager is not having a manager
    const allowed = resolveItem(ctxOf({ order: FLM_RM_AO, count: 1, allowSelfReview: true }, { directory }), item('s-max'))
    expect(summary(allowed)).toEqual(['riskManager:rick'])
    // and with nothing else in the order, the fallback takes over
    const fb = resolveItem(ctxOf({ order: ['firstLineManager'], count: 1, fallback: ['fay'] }, { directory }), item('s-max'))
    expect(summary(fb)).toEqual(['fallback:fay'])
  })

  it('R28: a group (users source) that contains the subject keeps its other members', () => {
    const r = resolveItem(ctxOf({ order: [{ users: ['bob', 'gina', 'hal'] }], count: 1 }), item('s-bob'))
    expect(summary(r)).toEqual(['users:gina,hal'])
  })

  it('R28: a group whose sole member is the subject is skipped (next source, else fallback)', () => {
    const next = resolveItem(ctxOf({ order: [{ users: ['bob'] }, 'riskManager'], count: 1 }), item('s-bob'))
    expect(summary(next)).toEqual(['riskManager:rick'])
    const fb = resolveItem(ctxOf({ order: [{ users: ['bob'] }], count: 1, fallback: ['fay'] }), item('s-bob'))
    expect(summary(fb)).toEqual(['fallback:fay'])
  })

  it('lists a user once even when a group names them twice', () => {
    const r = resolveItem(ctxOf({ order: [{ users: ['gina', 'gina', 'hal'] }], count: 1 }), item('s-bob'))
    expect(summary(r)).toEqual(['users:gina,hal'])
  })
})

describe('distinctReviewers', () => {
  const order = ['firstLineManager', { users: ['alice'] }, 'riskManager']
  it('on (the default): a user of an earlier level is removed, so a source of only them is skipped', () => {
    expect(summary(resolveItem(ctxOf({ order, count: 2 }), item('s-bob')))).toEqual(['firstLineManager:alice', 'riskManager:rick'])
    expect(summary(resolveItem(ctxOf({ order, count: 2, distinctReviewers: true }), item('s-bob')))).toEqual([
      'firstLineManager:alice',
      'riskManager:rick',
    ])
  })
  it('on: a mixed group keeps only the users not used before', () => {
    const r = resolveItem(ctxOf({ order: ['firstLineManager', { users: ['alice', 'hal'] }], count: 2 }), item('s-bob'))
    expect(summary(r)).toEqual(['firstLineManager:alice', 'users:hal'])
  })
  it('off: the same user may review at several levels', () => {
    const r = resolveItem(ctxOf({ order, count: 2, distinctReviewers: false }), item('s-bob'))
    expect(summary(r)).toEqual(['firstLineManager:alice', 'users:alice'])
  })
})

describe('fallback reviewers', () => {
  it('are used, as a single level, when no source resolves', () => {
    const r = resolveItem(ctxOf({ order: ['firstLineManager', 'resourceOwner'], count: 2, fallback: ['fay', 'gina'] }, { directory: { resources: [] } }), item('s-ext'))
    expect(summary(r)).toEqual(['fallback:fay,gina'])
  })
  it('are not used when some source resolves', () => {
    const r = resolveItem(ctxOf({ order: ['firstLineManager', 'riskManager'], count: 2, fallback: ['fay'] }), item('s-ext'))
    expect(summary(r)).toEqual(['riskManager:rick'])
  })
  it('are filtered like any source: inactive users and the subject are dropped', () => {
    const directory = { users: [...baseUsers, { id: 'fred', active: false }] }
    const r = resolveItem(ctxOf({ order: ['firstLineManager'], count: 1, fallback: ['fred', 'carl', 'fay'] }, { directory }), item('s-carl'))
    expect(summary(r)).toEqual(['fallback:fay'])
  })
  it('R26: a fallback that is only the subject leaves the item unresolved', () => {
    const r = resolveItem(ctxOf({ order: ['firstLineManager'], count: 1, fallback: ['carl'] }), item('s-carl'))
    expect(r._tag).toBe('unresolved')
    if (r._tag === 'unresolved') expect(r.itemId).toBe('i1')
  })
  it('R26: manager = subject, group = subject, fallback = subject → unresolved', () => {
    const directory = { users: [...baseUsers, { id: 'max', manager: 'max' }], subjects: [...baseSubjects, { id: 's-max', user: 'max' }] }
    const r = resolveItem(ctxOf({ order: ['firstLineManager', { users: ['max'] }], count: 2, fallback: ['max'] }, { directory }), item('s-max'))
    expect(r._tag).toBe('unresolved')
  })
})

describe('R26: publish fails with NoReviewerAvailable listing every unresolvable item', () => {
  const admin = actor('adam', 'administrator')
  const definition = aDefinition({ reviewers: { order: ['firstLineManager'], count: 1, fallback: ['carl'] } })
  const items = [anItem('i-bob-1', 's-bob'), anItem('i-carl-1', 's-carl'), anItem('i-bob-2', 's-bob'), anItem('i-carl-2', 's-carl', { application: 'db' })]
  const { state, results } = run([
    { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: admin, definition, items },
    { type: 'publish', at: at('2025-01-06T09:00:00Z'), actor: admin, directory: aDirectory(baseDirectory) },
  ])
  it('is refused with every such item listed and nothing else', () => {
    const r = results[1]
    expect(r?.ok).toBe(false)
    if (r === undefined || r.ok) return
    expect(r.code).toBe('NoReviewerAvailable')
    const listed = 'items' in r.error ? r.error.items : []
    expect(listed.map((p) => [p.itemId, p.code])).toEqual([
      ['i-carl-1', 'NoReviewerAvailable'],
      ['i-carl-2', 'NoReviewerAvailable'],
    ])
  })
  it('leaves the campaign in draft with nothing assigned', () => {
    expect(state?.campaign.status).toBe('draft')
    expect(state?.campaign.publishedAt).toBeUndefined()
  })
  it('the same campaign publishes once the subject has a real fallback', () => {
    const fixed = run(
      [
        { type: 'edit', at: at('2025-01-06T09:00:00Z'), actor: admin, definition: aDefinition({ reviewers: { order: ['firstLineManager'], count: 1, fallback: ['carl', 'fay'] } }) },
        { type: 'publish', at: at('2025-01-06T09:00:00Z'), actor: admin, directory: aDirectory(baseDirectory) },
      ],
      state,
    )
    expect(fixed.results.map((x) => x.ok)).toEqual([true, true])
    expect(fixed.state?.campaign.status).toBe('inProgress')
  })
})

describe('escalation tiers', () => {
  it("'reviewerManager' names the manager of each tier-0 reviewer; users name themselves", () => {
    const r = resolveItem(
      ctxOf({ order: ['firstLineManager'], count: 1 }, { escalations: () => ['reviewerManager', { users: [userId('eve')] }] }),
      item('s-bob'),
    )
    expect(levelsOf(r)[0]?.tiers).toEqual([['alice'], ['mona'], ['eve']])
  })
  it('each level gets the tiers its timing names', () => {
    const escalations = (level: number): ReadonlyArray<EscalationReviewers> => (level === 1 ? ['reviewerManager'] : [])
    const r = resolveItem(ctxOf({ order: ['firstLineManager', 'riskManager'], count: 2 }, { escalations }), item('s-bob'))
    expect(levelsOf(r).map((l) => l.tiers)).toEqual([[['alice'], ['mona']], [['rick']]])
  })
  it("'reviewerManager' with no manager falls back to the fallback reviewers, else the previous tier", () => {
    const esc = (): ReadonlyArray<EscalationReviewers> => ['reviewerManager']
    const withFb = resolveItem(ctxOf({ order: ['riskManager'], count: 1, fallback: ['fay'] }, { escalations: esc }), item('s-bob'))
    expect(levelsOf(withFb)[0]?.tiers).toEqual([['rick'], ['fay']])
    const noFb = resolveItem(ctxOf({ order: ['riskManager'], count: 1 }, { escalations: esc }), item('s-bob'))
    expect(levelsOf(noFb)[0]?.tiers).toEqual([['rick'], ['rick']])
  })
  it('an escalation tier never names the subject or an inactive user', () => {
    // alice reviews carl's access; alice's manager is (here) carl himself, and eve is inactive
    const users = [...baseUsers.filter((u) => u.id !== 'alice' && u.id !== 'eve'), { id: 'alice', manager: 'carl' }, { id: 'eve', active: false }]
    const esc = (): ReadonlyArray<EscalationReviewers> => ['reviewerManager', { users: [userId('eve'), userId('carl')] }]
    const r = resolveItem(ctxOf({ order: [{ users: ['alice'] }], count: 1, fallback: ['fay'] }, { directory: { users }, escalations: esc }), item('s-carl'))
    expect(levelsOf(r)[0]?.tiers).toEqual([['alice'], ['fay'], ['fay']])
  })
})
