/**
 * Branded identifiers. An id is a non-empty string of at most 200
 * characters (UTF-16 code units), well-formed Unicode (no unpaired
 * surrogate) and without control characters (C0, DEL and C1, U+0000–U+001F
 * and U+007F–U+009F); each kind of id has its own brand, so a `UserId`
 * cannot be passed where an `ItemId` is expected.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { named } from './codec.js'
import type { Codec } from './codec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

const MAX_ID = 200

// C0 controls, DEL and C1 controls, or an unpaired surrogate (`\p{Cs}` in a
// `u` regex matches a surrogate only when it is not half of a pair). A lone
// surrogate would make `encodeURIComponent` throw later (task links).
// eslint-disable-next-line no-control-regex
const REFUSED = /[\u0000-\u001f\u007f-\u009f]|\p{Cs}/u
const isIdText = (s: string): boolean => s.length >= 1 && s.length <= MAX_ID && !REFUSED.test(s)

const SHAPE = `1 to ${MAX_ID} characters, no control characters, well-formed Unicode`

const IdText = new t.Type<string, string, unknown>(
  `an id (${SHAPE})`,
  (u): u is string => typeof u === 'string' && isIdText(u),
  (u, c) => (typeof u === 'string' && isIdText(u) ? t.success(u) : t.failure(u, c)),
  (a) => a,
)

/** @since 0.1.0 @category Identifiers */
export interface CampaignIdBrand { readonly CampaignId: unique symbol }
/** @since 0.1.0 @category Identifiers */
export interface UserIdBrand { readonly UserId: unique symbol }
/** @since 0.1.0 @category Identifiers */
export interface SubjectIdBrand { readonly SubjectId: unique symbol }
/** @since 0.1.0 @category Identifiers */
export interface ItemIdBrand { readonly ItemId: unique symbol }
/** @since 0.1.0 @category Identifiers */
export interface ApplicationIdBrand { readonly ApplicationId: unique symbol }
/** @since 0.1.0 @category Identifiers */
export interface ResourceIdBrand { readonly ResourceId: unique symbol }
/** @since 0.1.0 @category Identifiers */
export interface CommandIdBrand { readonly CommandId: unique symbol }

const brandId = <B>(name: string): t.Type<t.Branded<string, B>, string, unknown> =>
  new t.Type<t.Branded<string, B>, string, unknown>(
    `${name} (${SHAPE})`,
    (u): u is t.Branded<string, B> => IdText.is(u),
    (u, c) => (IdText.is(u) ? t.success(u as t.Branded<string, B>) : t.failure(u, c)),
    (a) => a,
  )

/**
 * A campaign id.
 * @example
 * import { CampaignId } from 'access-review-core'
 * CampaignId.is('q3-review') // true
 * CampaignId.is('q3-\ud800') // false
 * CampaignId.is('q3-\u0085') // false
 * CampaignId.is('q3-\ud83d\ude00') // true
 * @since 0.1.0
 * @category Identifiers
 */
export const CampaignId: Codec<CampaignId, string> = named<CampaignId, string>()(brandId<CampaignIdBrand>('CampaignId'))
/** @since 0.1.0 @category Identifiers */
export type CampaignId = t.Branded<string, CampaignIdBrand>

/**
 * A user id (reviewers, owners, risk managers, administrators).
 * @example
 * import { UserId } from 'access-review-core'
 * UserId.is('alice') // true
 * @since 0.1.0
 * @category Identifiers
 */
export const UserId: Codec<UserId, string> = named<UserId, string>()(brandId<UserIdBrand>('UserId'))
/** @since 0.1.0 @category Identifiers */
export type UserId = t.Branded<string, UserIdBrand>

/**
 * A subject id: the identity whose access is reviewed. One packet per subject.
 * @example
 * import { SubjectId } from 'access-review-core'
 * SubjectId.is('s-1') // true
 * @since 0.1.0
 * @category Identifiers
 */
export const SubjectId: Codec<SubjectId, string> = named<SubjectId, string>()(brandId<SubjectIdBrand>('SubjectId'))
/** @since 0.1.0 @category Identifiers */
export type SubjectId = t.Branded<string, SubjectIdBrand>

/**
 * An item id: one access of one subject.
 * @example
 * import { ItemId } from 'access-review-core'
 * ItemId.is('i-1') // true
 * @since 0.1.0
 * @category Identifiers
 */
export const ItemId: Codec<ItemId, string> = named<ItemId, string>()(brandId<ItemIdBrand>('ItemId'))
/** @since 0.1.0 @category Identifiers */
export type ItemId = t.Branded<string, ItemIdBrand>

/**
 * An application integration id.
 * @example
 * import { ApplicationId } from 'access-review-core'
 * ApplicationId.is('github') // true
 * @since 0.1.0
 * @category Identifiers
 */
export const ApplicationId: Codec<ApplicationId, string> = named<ApplicationId, string>()(brandId<ApplicationIdBrand>('ApplicationId'))
/** @since 0.1.0 @category Identifiers */
export type ApplicationId = t.Branded<string, ApplicationIdBrand>

/**
 * A resource id (inside an application integration).
 * @example
 * import { ResourceId } from 'access-review-core'
 * ResourceId.is('repo:payments') // true
 * @since 0.1.0
 * @category Identifiers
 */
export const ResourceId: Codec<ResourceId, string> = named<ResourceId, string>()(brandId<ResourceIdBrand>('ResourceId'))
/** @since 0.1.0 @category Identifiers */
export type ResourceId = t.Branded<string, ResourceIdBrand>

/**
 * A command id, used by the service shell to answer a repeated command with
 * its first result.
 * @example
 * import { CommandId } from 'access-review-core'
 * CommandId.is('cmd-42') // true
 * @since 0.1.0
 * @category Identifiers
 */
export const CommandId: Codec<CommandId, string> = named<CommandId, string>()(brandId<CommandIdBrand>('CommandId'))
/** @since 0.1.0 @category Identifiers */
export type CommandId = t.Branded<string, CommandIdBrand>
