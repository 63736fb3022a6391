import fc from 'fast-check'

// Valid scenario files (format version 1), for the schema/codec agreement
// tests and the runner properties. Strings are ASCII so that JSON Schema's
// code-point lengths and the codecs' UTF-16 lengths agree.

const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/)
const BASE = Date.UTC(2025, 9, 1, 12)
const HOUR = 3_600_000

const isoWithOffset = (ms: number, offsetMin: number): string => {
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 19)
  const sign = offsetMin < 0 ? '-' : '+'
  const a = Math.abs(offsetMin)
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
}

/** An instant as ISO with an offset, ISO with Z, or epoch milliseconds. */
export const instantAt = (hours: number): fc.Arbitrary<string | number> => {
  const ms = BASE + hours * HOUR
  return fc.oneof(fc.constant(isoWithOffset(ms, -240)), fc.constant(new Date(ms).toISOString()), fc.constant(ms), fc.constant(isoWithOffset(ms, 330)))
}

const duration = fc.oneof(
  fc.record({ days: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ hours: fc.integer({ min: 1, max: 48 }) }),
  fc.record({ days: fc.integer({ min: 0, max: 2 }), minutes: fc.integer({ min: 1, max: 600 }) }),
)

const sources = ['firstLineManager', 'riskManager', 'applicationOwner', 'resourceOwner'] as const

const definition = (users: ReadonlyArray<string>) =>
  fc
    .record({
      id,
      name: fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme-ascii' }),
      timeZone: fc.constantFrom('UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata'),
      owners: fc.subarray([...users], { minLength: 1 }),
      order: fc.subarray([...sources], { minLength: 1 }),
      extraUsers: fc.option(fc.subarray([...users], { minLength: 1 }), { nil: undefined }),
      countSeed: fc.nat(),
      fallback: fc.option(fc.subarray([...users]), { nil: undefined }),
      deadline: fc.boolean(),
      dur: duration,
      esc: fc.option(fc.tuple(duration, fc.constantFrom<'reviewerManager' | 'users'>('reviewerManager', 'users')), { nil: undefined }),
      riskManagers: fc.option(fc.subarray([...users]), { nil: undefined }),
      reminders: fc.option(
        fc.oneof(fc.constant({ kind: 'daily' }), fc.constant({ kind: 'none' }), fc.record({ kind: fc.constant('everyDays'), days: fc.integer({ min: 1, max: 9 }) })),
        { nil: undefined },
      ),
      onExpiredItems: fc.option(fc.constantFrom('keepAccess', 'revokeAccess'), { nil: undefined }),
      autoComplete: fc.option(fc.boolean(), { nil: undefined }),
      requireCommentOn: fc.option(fc.constantFrom('none', 'revoke', 'approve', 'both'), { nil: undefined }),
    })
    .map((d) => {
      const order: Array<string | { users: string[] }> = [...d.order, ...(d.extraUsers === undefined ? [] : [{ users: d.extraUsers }])]
      const escalations =
        d.esc === undefined
          ? undefined
          : [{ ...(d.deadline ? {} : { duration: d.esc[0] }), reviewers: d.esc[1] === 'users' ? { users: [users[0] ?? 'u'] } : ('reviewerManager' as const) }]
      const level = d.deadline
        ? escalations === undefined
          ? {}
          : { duration: d.dur, escalations }
        : { duration: d.dur, ...(escalations === undefined ? {} : { escalations }) }
      const timing = d.deadline
        ? { policy: 'deadline', dueAt: new Date(BASE + 400 * HOUR).toISOString(), levels: [level] }
        : { policy: 'reviewerWindows', levels: [level] }
      return {
        id: d.id,
        name: d.name,
        timeZone: d.timeZone,
        owners: d.owners,
        reviewers: { order, count: 1 + (d.countSeed % order.length), ...(d.fallback === undefined ? {} : { fallback: d.fallback }) },
        timing,
        ...(d.riskManagers === undefined ? {} : { riskManagers: d.riskManagers }),
        ...(d.reminders === undefined ? {} : { reminders: d.reminders }),
        ...(d.onExpiredItems === undefined ? {} : { onExpiredItems: d.onExpiredItems }),
        ...(d.autoComplete === undefined ? {} : { autoComplete: d.autoComplete }),
        ...(d.requireCommentOn === undefined ? {} : { decisions: { requireCommentOn: d.requireCommentOn } }),
      }
    })

const stepCommand = (users: ReadonlyArray<string>, items: ReadonlyArray<string>, apps: ReadonlyArray<string>) => {
  const user = fc.constantFrom(...users)
  const item = fc.constantFrom(...items)
  return fc.oneof(
    fc.constant({ type: 'publish' }),
    fc.record(
      { type: fc.constant('decide'), items: fc.uniqueArray(item, { minLength: 1, maxLength: 3 }), decision: fc.constantFrom('approve', 'revoke'), comment: fc.string({ maxLength: 10, unit: 'grapheme-ascii' }) },
      { requiredKeys: ['type', 'items', 'decision'] },
    ),
    fc.record({ type: fc.constant('reassign'), item, to: user }),
    fc.record({ type: fc.constant('extend'), days: fc.integer({ min: 1, max: 4 }), cascade: fc.boolean() }),
    fc.record({ type: fc.constant('remind'), view: fc.constantFrom('integration', 'reviewer', 'resource'), key: fc.constantFrom(...apps, ...users) }),
    fc.record({ type: fc.constant('complete'), outstanding: fc.constantFrom('keepAccess', 'revokeAccess') }, { requiredKeys: ['type'] }),
    fc.constant({ type: 'abort' }),
    fc.record({ type: fc.constant('setFulfillment'), application: fc.constantFrom(...apps), option: fc.constantFrom('automatic', 'ticket', 'manual') }),
    fc.record({ type: fc.constant('recordFulfillmentResult'), item, result: fc.constantFrom('done', 'failed') }),
    fc.record({ type: fc.constant('edit') }),
  )
}

/** A valid scenario: decodes, passes the whole-file checks and runs. */
export const validScenario = fc
  .record({
    users: fc.uniqueArray(id, { minLength: 2, maxLength: 6 }),
    itemIds: fc.uniqueArray(id, { minLength: 1, maxLength: 6 }),
    apps: fc.uniqueArray(id, { minLength: 1, maxLength: 2 }),
    stepCount: fc.integer({ min: 0, max: 8 }),
    seed: fc.nat(),
  })
  .chain(({ users, itemIds, apps, stepCount }) => {
    const [creator = 'u0', ...others] = users
    const subjects = itemIds.map((_, i) => `s${i % 3}`)
    return fc.record({
      version: fc.constant(1),
      title: fc.string({ maxLength: 20, unit: 'grapheme-ascii' }),
      createdAt: instantAt(0),
      createdBy: fc.constant(creator),
      definition: definition(users),
      directory: fc.record({
        users: fc.constant([
          { id: creator, roles: ['riskManager'] },
          ...others.map((u, i) => ({ id: u, ...(i > 0 ? { manager: others[i - 1] ?? creator } : {}), ...(i % 3 === 2 ? { active: false } : {}), ...(i === 0 ? { roles: ['administrator'] } : {}) })),
        ]),
        subjects: fc.constant([...new Set(subjects)].map((s, i) => ({ id: s, ...(i < others.length ? { user: others[i] } : {}) }))),
        applications: fc.constant(apps.map((a) => ({ id: a, owners: [users[users.length - 1] ?? creator] }))),
      }),
      items: fc.constant(itemIds.map((iid, i) => ({ id: iid, subject: subjects[i] ?? 's0', application: apps[i % apps.length] ?? 'app', resource: `r${i % 2}`, entitlement: 'use' }))),
      steps: fc
        .tuple(
          ...Array.from({ length: stepCount }, (_, i) =>
            fc.record({ at: instantAt(1 + i * 20), as: fc.constantFrom(...users), do: i === 0 ? fc.constant({ type: 'publish' }) : stepCommand(users, itemIds, apps) }),
          ),
        )
        .map((xs) => [...xs]),
      until: instantAt(1 + stepCount * 20 + 5),
    })
  })
