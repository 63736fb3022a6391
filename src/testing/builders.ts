/**
 * Test data builders ("object mothers") for campaigns, directories, items and
 * actors. Every builder decodes its input with the public codecs, so the
 * values it returns are branded exactly as the core expects; a builder throws
 * only when its input is invalid (a mistake in the test itself).
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { decodeWith } from '../shared/codec.js'
import type { DomainError } from '../shared/errors.js'
import type { ItemId, SubjectId } from '../shared/ids.js'
import { ItemId as ItemIdCodec, SubjectId as SubjectIdCodec, UserId } from '../shared/ids.js'
import { Instant } from '../schedule/time.js'
import { Directory } from '../review/directory.js'
import type { Role } from '../review/directory.js'
import { ItemSpec } from '../review/item.js'
import { CampaignDefinition } from '../campaign/definition.js'
import type { Actor, Command } from '../campaign/command.js'
import { Actor as ActorCodec } from '../campaign/command.js'
import { execute } from '../campaign/decider.js'
import type { CampaignEvent } from '../campaign/event.js'
import type { CampaignState } from '../campaign/state.js'

const decodeOrThrow = <A>(codec: t.Decoder<unknown, A>, what: string, input: unknown): A => {
  const r = decodeWith(codec, input)
  if (E.isLeft(r)) throw new TypeError(`invalid ${what} in a test builder: ${r.left.map((p) => `${p.path}: expected ${p.expected}`).join('; ')}`)
  return r.right
}

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The plain-data (JSON) shape of a campaign definition, as a builder accepts it.
 * @since 0.1.0
 * @category Builders
 */
export type DefinitionInput = t.OutputOf<typeof CampaignDefinition>

/**
 * The plain-data (JSON) shape of directory data, as a builder accepts it.
 * @since 0.1.0
 * @category Builders
 */
export type DirectoryInput = t.OutputOf<typeof Directory>

/**
 * The optional parts of an item, as {@link anItem} accepts them.
 * @since 0.1.0
 * @category Builders
 */
export interface ItemOptions {
  readonly application?: string
  readonly resource?: string
  readonly entitlement?: string
  readonly requestedBy?: string
}

/**
 * What happened to one command of a {@link run}: accepted, or refused with a code.
 * @since 0.1.0
 * @category Builders
 */
export type RunResult =
  | { readonly type: Command['type']; readonly ok: true; readonly events: ReadonlyArray<CampaignEvent> }
  | { readonly type: Command['type']; readonly ok: false; readonly code: DomainError['code']; readonly error: DomainError }

/**
 * The outcome of a {@link run}: the final state (undefined while nothing was
 * created) and one result per command, in order.
 * @since 0.1.0
 * @category Builders
 */
export interface RunOutcome {
  readonly state: CampaignState | undefined
  readonly results: ReadonlyArray<RunResult>
}

// -------------------------------------------------------------------------------------
// builders
// -------------------------------------------------------------------------------------

/**
 * Decodes an ISO-8601 instant (with `Z` or an offset).
 * @example
 * import { at } from 'access-review-core/testing'
 * at('2025-01-06T09:00:00Z') // 1736154000000
 * @since 0.1.0
 * @category Builders
 */
export const at = (iso: string): Instant => decodeOrThrow(Instant, 'instant', iso)

/**
 * A user id.
 * @example
 * import { userId } from 'access-review-core/testing'
 * userId('alice') // 'alice' as UserId
 * @since 0.1.0
 * @category Builders
 */
export const userId = (id: string): UserId => decodeOrThrow(UserId, 'user id', id)

/**
 * An item id.
 * @example
 * import { itemId } from 'access-review-core/testing'
 * itemId('i1') // 'i1' as ItemId
 * @since 0.1.0
 * @category Builders
 */
export const itemId = (id: string): ItemId => decodeOrThrow(ItemIdCodec, 'item id', id)

/**
 * A subject id.
 * @example
 * import { subjectId } from 'access-review-core/testing'
 * subjectId('s-bob') // 's-bob' as SubjectId
 * @since 0.1.0
 * @category Builders
 */
export const subjectId = (id: string): SubjectId => decodeOrThrow(SubjectIdCodec, 'subject id', id)

/**
 * The default definition of {@link aDefinition}: campaign `c1` in UTC, owned
 * by `owner`, one level walking (firstLineManager, riskManager,
 * applicationOwner), risk manager `rick`, due on 2025-03-31.
 * @example
 * import { defaultDefinition } from 'access-review-core/testing'
 * defaultDefinition.reviewers.count // 1
 * @since 0.1.0
 * @category Builders
 */
export const defaultDefinition: DefinitionInput = {
  id: 'c1',
  name: 'Quarterly access review',
  timeZone: 'UTC',
  owners: ['owner'],
  reviewers: { order: ['firstLineManager', 'riskManager', 'applicationOwner'], count: 1 },
  timing: { policy: 'deadline', dueAt: '2025-03-31T00:00:00Z' },
  riskManagers: ['rick'],
}

/**
 * A valid campaign definition: {@link defaultDefinition} with the given
 * top-level fields replaced.
 * @example
 * import { aDefinition } from 'access-review-core/testing'
 * const d = aDefinition({ reviewers: { order: ['riskManager'], count: 1 } })
 * d.reviewers.order // ['riskManager']
 * @since 0.1.0
 * @category Builders
 */
export const aDefinition = (overrides: Partial<DefinitionInput> = {}): CampaignDefinition =>
  decodeOrThrow(CampaignDefinition, 'campaign definition', { ...defaultDefinition, ...overrides })

/**
 * Directory data; `users` and `subjects` default to empty lists.
 * @example
 * import { aDirectory } from 'access-review-core/testing'
 * const d = aDirectory({ users: [{ id: 'alice' }, { id: 'bob', manager: 'alice' }], subjects: [{ id: 's-bob', user: 'bob' }] })
 * d.users.length // 2
 * @since 0.1.0
 * @category Builders
 */
export const aDirectory = (input: Partial<DirectoryInput> = {}): Directory =>
  decodeOrThrow(Directory, 'directory', { users: [], subjects: [], ...input })

/**
 * One item of a campaign's scope. Application, resource and entitlement
 * default to `app`, `res` and `member`.
 * @example
 * import { anItem } from 'access-review-core/testing'
 * anItem('i1', 's-bob', { application: 'github' }) // { id: 'i1', subject: 's-bob', application: 'github', resource: 'res', entitlement: 'member' }
 * @since 0.1.0
 * @category Builders
 */
export const anItem = (id: string, subject: string, opts: ItemOptions = {}): ItemSpec =>
  decodeOrThrow(ItemSpec, 'item', {
    id,
    subject,
    application: opts.application ?? 'app',
    resource: opts.resource ?? 'res',
    entitlement: opts.entitlement ?? 'member',
    ...(opts.requestedBy === undefined ? {} : { requestedBy: opts.requestedBy }),
  })

/**
 * The actor of a command: a user id and its roles.
 * @example
 * import { actor } from 'access-review-core/testing'
 * actor('rita', 'riskManager') // { id: 'rita', roles: ['riskManager'] }
 * @since 0.1.0
 * @category Builders
 */
export const actor = (id: string, ...roles: ReadonlyArray<Role>): Actor => decodeOrThrow(ActorCodec, 'actor', { id, roles })

/**
 * Executes commands in order, each against the state the previous accepted
 * ones produced, and records what happened to each (a refused command leaves
 * the state as it was).
 * @example
 * import { run, actor, at, aDefinition, anItem } from 'access-review-core/testing'
 * const { state, results } = run([
 *   { type: 'create', at: at('2025-01-02T09:00:00Z'), actor: actor('rita', 'riskManager'), definition: aDefinition(), items: [anItem('i1', 's-bob')] },
 *   { type: 'abort', at: at('2025-01-03T09:00:00Z'), actor: actor('bob') },
 * ])
 * results.map((r) => (r.ok ? 'ok' : r.code)) // ['ok', 'NotAuthorized']
 * state?.campaign.status // 'draft'
 * @since 0.1.0
 * @category Builders
 */
export const run = (commands: ReadonlyArray<Command>, initial?: CampaignState): RunOutcome => {
  let state = initial
  const results: RunResult[] = []
  for (const c of commands) {
    const r = execute(c, state)
    if (E.isLeft(r)) {
      results.push({ type: c.type, ok: false, code: r.left.code, error: r.left })
    } else {
      state = r.right.state
      results.push({ type: c.type, ok: true, events: r.right.events })
    }
  }
  return { state, results }
}
