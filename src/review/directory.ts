/**
 * Directory data given at publish: users (with manager, roles and whether
 * they are active), subjects (mapped to a user or not), and the owners of
 * applications and resources. Plain data, not a port call.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { arrayOf, isWellFormedText, named, oneOf, strict, Text, withRules } from '../shared/codec.js'
import type { Codec, RuleProblem } from '../shared/codec.js'
import { ApplicationId, ResourceId, SubjectId, UserId } from '../shared/ids.js'
import { Instant } from '../schedule/time.js'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * The roles that may manage campaigns. Every other user is a plain user who
 * may review by assignment.
 * @example
 * import { Role } from 'access-review-core'
 * Role.is('riskManager') // true
 * @since 0.1.0
 * @category Directory
 */
export const Role: Codec<Role> = named<Role>()(oneOf(['administrator', 'riskManager']))
/** @since 0.1.0 @category Directory */
export type Role = 'administrator' | 'riskManager'

/**
 * A delegation: from `from` (inclusive) until `until` (exclusive), reviews
 * assigned to the user go to `to` instead (when `to` may review the item).
 * @example
 * import { Delegation } from 'access-review-core'
 * Delegation.is({ to: 'tara', from: 1767225600000, until: 1768435200000 }) // true
 * @since 0.2.0
 * @category Directory
 */
export const Delegation: Codec<Delegation> = named<Delegation>()(strict('Delegation', { to: UserId, from: Instant, until: Instant }))
/** @since 0.2.0 @category Directory */
export interface Delegation {
  readonly to: UserId
  readonly from: Instant
  readonly until: Instant
}

/**
 * A user of the directory. `active` defaults to true.
 * @example
 * import { DirectoryUser } from 'access-review-core'
 * DirectoryUser.is({ id: 'bob', manager: 'alice' }) // true
 * @since 0.1.0
 * @category Directory
 */
export const DirectoryUser: Codec<DirectoryUser> = named<DirectoryUser>()(strict(
  'DirectoryUser',
  { id: UserId },
  { active: t.boolean, manager: UserId, roles: arrayOf(Role), name: t.string, delegate: Delegation, insights: arrayOf(Text(1, 100), { max: 50 }) },
))
/** @since 0.1.0 @category Directory */
export interface DirectoryUser {
  readonly id: UserId
  /** Inactive users are never reviewers; defaults to true. */
  readonly active?: boolean
  readonly manager?: UserId
  readonly roles?: ReadonlyArray<Role>
  readonly name?: string
  /** Who takes this user's new assignments, and when. @since 0.2.0 */
  readonly delegate?: Delegation
  /** Risk insights flagged on this user (see `riskInsights` of a definition). @since 0.2.0 */
  readonly insights?: ReadonlyArray<string>
}

/**
 * A subject: mapped to a user (`user`) or unmapped.
 * @example
 * import { DirectorySubject } from 'access-review-core'
 * DirectorySubject.is({ id: 's-bob', user: 'bob' }) // true
 * @since 0.1.0
 * @category Directory
 */
export const DirectorySubject: Codec<DirectorySubject> = named<DirectorySubject>()(strict('DirectorySubject', { id: SubjectId }, { user: UserId, name: t.string }))
/** @since 0.1.0 @category Directory */
export interface DirectorySubject {
  readonly id: SubjectId
  /** The employee user the subject is mapped to; absent for an unmapped subject. */
  readonly user?: UserId
  readonly name?: string
}

/**
 * The owners of an application integration.
 * @example
 * import { ApplicationOwners } from 'access-review-core'
 * ApplicationOwners.is({ id: 'github', owners: ['carol'] }) // true
 * @since 0.1.0
 * @category Directory
 */
export const ApplicationOwners: Codec<ApplicationOwners> = named<ApplicationOwners>()(strict('ApplicationOwners', { id: ApplicationId, owners: arrayOf(UserId) }))
/** @since 0.1.0 @category Directory */
export interface ApplicationOwners {
  readonly id: ApplicationId
  readonly owners: ReadonlyArray<UserId>
}

/**
 * The owners of a resource.
 * @example
 * import { ResourceOwners } from 'access-review-core'
 * ResourceOwners.is({ id: 'repo:pay', owners: ['dan'] }) // true
 * @since 0.1.0
 * @category Directory
 */
export const ResourceOwners: Codec<ResourceOwners> = named<ResourceOwners>()(strict('ResourceOwners', { id: ResourceId, owners: arrayOf(UserId) }))
/** @since 0.1.0 @category Directory */
export interface ResourceOwners {
  readonly id: ResourceId
  readonly owners: ReadonlyArray<UserId>
}

const DirectoryShape = strict(
  'Directory',
  { users: arrayOf(DirectoryUser), subjects: arrayOf(DirectorySubject) },
  { applications: arrayOf(ApplicationOwners), resources: arrayOf(ResourceOwners) },
)

const WELL_FORMED_NAME = 'a well-formed string (no unpaired surrogate)'

// Every repeated id after its first entry, at `<list>[i].id`; names that are
// not well-formed Unicode at `<list>[i].name`. Linear in the directory size.
const directoryProblems = (d: Directory): ReadonlyArray<RuleProblem> => {
  const out: RuleProblem[] = []
  const unique = (list: string, entries: ReadonlyArray<{ readonly id: string; readonly name?: string }>, expected: string): void => {
    const seen = new Set<string>()
    entries.forEach((e, i) => {
      // one set operation per id: an id already there leaves the size as it was
      const size = seen.size
      if (seen.add(e.id).size === size) out.push({ at: [list, i, 'id'], expected })
      if (e.name !== undefined && !isWellFormedText(e.name)) out.push({ at: [list, i, 'name'], expected: WELL_FORMED_NAME })
    })
  }
  unique('users', d.users, 'a user id not already in the directory')
  d.users.forEach((u, i) => {
    const g = u.delegate
    if (g === undefined) return
    if (g.to === u.id) out.push({ at: ['users', i, 'delegate', 'to'], expected: 'another user than the one who delegates' })
    if (g.until <= g.from) out.push({ at: ['users', i, 'delegate', 'until'], expected: 'an instant after from' })
  })
  unique('subjects', d.subjects, 'a subject id not already in the directory')
  unique('applications', d.applications ?? [], 'an application id not already in applications')
  unique('resources', d.resources ?? [], 'a resource id not already in resources')
  return out
}

/**
 * Directory data for reviewer resolution. Unknown keys are rejected at
 * every depth; a user, subject, application or resource id may appear only
 * once in its list (a repeat is reported at its path, such as
 * `users[3].id`), and names are well-formed Unicode.
 * @example
 * import { Directory, decodeWith } from 'access-review-core'
 * Directory.is({ users: [{ id: 'alice' }], subjects: [{ id: 's1' }] }) // true
 * const twice = decodeWith(Directory, { users: [{ id: 'alice' }, { id: 'alice', active: false }], subjects: [] })
 * twice._tag === 'Left' && twice.left // [{ path: 'users[1].id', expected: 'a user id not already in the directory' }]
 * @since 0.1.0
 * @category Directory
 */
export const Directory: Codec<Directory> = named<Directory>()(withRules(DirectoryShape, directoryProblems))
/** @since 0.1.0 @category Directory */
export interface Directory {
  readonly users: ReadonlyArray<DirectoryUser>
  readonly subjects: ReadonlyArray<DirectorySubject>
  readonly applications?: ReadonlyArray<ApplicationOwners>
  readonly resources?: ReadonlyArray<ResourceOwners>
}

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A directory indexed for lookups (built once per publish).
 * @since 0.1.0
 * @category Directory
 * @internal
 */
export interface DirectoryIndex {
  readonly users: ReadonlyMap<string, DirectoryUser>
  readonly subjects: ReadonlyMap<string, DirectorySubject>
  readonly applications: ReadonlyMap<string, ReadonlyArray<UserId>>
  readonly resources: ReadonlyMap<string, ReadonlyArray<UserId>>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

// Maps, not records: a record's keys are interned strings, so a directory of
// a million ids cost a string-table insertion per id to build and a
// string-table lookup per read of an id it had not seen (issue 9)
const byId = <A extends { readonly id: string }, B>(xs: ReadonlyArray<A>, f: (a: A) => B): ReadonlyMap<string, B> => {
  const out = new Map<string, B>()
  for (const x of xs) out.set(x.id, f(x)) // the last entry of an id wins (a decoded directory has none twice)
  return out
}

/**
 * Indexes a directory by id. A decoded directory has no repeated id; for
 * one built by hand, a later entry with the same id wins.
 * @example
 * import { indexDirectory } from '../../src/review/directory.js' // internal
 * const ix = indexDirectory({ users: [], subjects: [] })
 * ix.users.size // 0
 * @since 0.1.0
 * @category Directory
 * @internal
 */
export const indexDirectory = (d: Directory): DirectoryIndex => ({
  users: byId(d.users, (u) => u),
  subjects: byId(d.subjects, (s) => s),
  applications: byId(d.applications ?? [], (a) => a.owners),
  resources: byId(d.resources ?? [], (r) => r.owners),
})

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * True when the user is in the directory and active. A user the directory
 * does not know cannot be assigned.
 * @example
 * import { indexDirectory, isActiveUser } from '../../src/review/directory.js' // internal
 * isActiveUser(indexDirectory({ users: [{ id: 'a' as never, active: false }], subjects: [] }), 'a') // false
 * @since 0.1.0
 * @category Directory
 * @internal
 */
export const isActiveUser = (d: DirectoryIndex, user: string): boolean => {
  const u = d.users.get(user)
  return u !== undefined && u.active !== false
}

/**
 * The manager of a user, if the directory names one that is not the user.
 * @example
 * import { indexDirectory, managerOf } from '../../src/review/directory.js' // internal
 * managerOf(indexDirectory({ users: [{ id: 'b' as never, manager: 'a' as never }], subjects: [] }), 'b') // 'a'
 * @since 0.1.0
 * @category Directory
 * @internal
 */
export const managerOf = (d: DirectoryIndex, user: string): UserId | undefined => {
  const m = d.users.get(user)?.manager
  return m === undefined || m === user ? undefined : m
}
