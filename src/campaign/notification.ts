/**
 * Notification intents (SPEC §7.1). The core never sends anything: it
 * returns intents as data, each with a deterministic id that a sender uses
 * to deduplicate.
 *
 * @since 0.1.0
 */
import type { CampaignId, ItemId, UserId } from '../shared/ids.js'
import type { Instant } from '../schedule/time.js'
import { toIsoUtc } from '../schedule/time.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The kinds of notification.
 * @since 0.1.0
 * @category Notifications
 */
export type NotificationKind =
  | 'reviewAssigned'
  | 'reviewEscalated'
  | 'reviewOverdue'
  | 'accessRequestDenied'
  | 'campaignReminder'
  | 'campaignOverdue'
  | 'campaignAborted'
  | 'campaignCompleted'
  | 'accessDeprovisioned'
  | 'deprovisioningFailed'
  | 'deprovisioningPartial'
  | 'deprovisioningSucceeded'
  | 'reviewExpired'
  | 'campaignExpired'
  | 'infoRequested'
  | 'infoProvided'

/**
 * Every notification kind as the keys of a record the compiler checks
 * complete: a kind added to {@link NotificationKind} and missing here is a
 * type error. {@link notificationKinds} lists its keys, and the PostgreSQL
 * store decodes stored intents with it (its own list once lacked four kinds).
 * @example
 * import { notificationKindSet } from '../../src/campaign/notification.js' // internal
 * Object.hasOwn(notificationKindSet, 'infoProvided') // true
 * @since 0.2.0
 * @category Notifications
 * @internal
 */
export const notificationKindSet: Readonly<Record<NotificationKind, null>> = {
  reviewAssigned: null,
  reviewEscalated: null,
  reviewOverdue: null,
  accessRequestDenied: null,
  campaignReminder: null,
  campaignOverdue: null,
  campaignAborted: null,
  campaignCompleted: null,
  accessDeprovisioned: null,
  deprovisioningFailed: null,
  deprovisioningPartial: null,
  deprovisioningSucceeded: null,
  reviewExpired: null,
  campaignExpired: null,
  infoRequested: null,
  infoProvided: null,
}

/**
 * Every notification kind.
 * @example
 * import { notificationKinds } from 'access-review-core'
 * notificationKinds.length // 16
 * @since 0.1.0
 * @category Notifications
 */
export const notificationKinds: ReadonlyArray<NotificationKind> = Object.keys(notificationKindSet) as NotificationKind[]

/**
 * A notification to deliver. Intents are addressed to one recipient each, so
 * every intent has its own item list and task link. `id` is the same for the
 * same state and input: a sender deduplicates on it.
 * @since 0.1.0
 * @category Notifications
 */
export interface NotificationIntent {
  readonly id: string
  readonly kind: NotificationKind
  readonly recipients: ReadonlyArray<UserId>
  readonly campaignId: CampaignId
  readonly itemIds: ReadonlyArray<ItemId>
  readonly at: Instant
  readonly summary: string
  readonly link: string
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * A 64-bit FNV-1a hash of a string, as 16 hex digits. Pure and stable across
 * platforms.
 * @example
 * import { stableHash } from '../../src/campaign/notification.js' // internal
 * stableHash('a') === stableHash('a') // true
 * @since 0.1.0
 * @category Notifications
 * @internal
 */
export const stableHash = (s: string): string => new Fnv64().add(s).hex()

// FNV-1a over UTF-16 code units, 64 bits kept in four 16-bit limbs (no
// BigInt: a notification id is computed for every intent): offset basis
// 0xcbf29ce484222325, prime 0x100000001b3 = 2^40 + 0x1b3. Fed part by part,
// so an id is hashed without first joining its parts into one string.
class Fnv64 {
  private h0 = 0x2325
  private h1 = 0x8422
  private h2 = 0x9ce4
  private h3 = 0xcbf2

  /** Back to the offset basis (the hash of nothing). */
  reset(): this {
    this.h0 = 0x2325
    this.h1 = 0x8422
    this.h2 = 0x9ce4
    this.h3 = 0xcbf2
    return this
  }

  add(s: string): this {
    let h0 = this.h0
    let h1 = this.h1
    let h2 = this.h2
    let h3 = this.h3
    for (let i = 0; i < s.length; i++) {
      h0 ^= s.charCodeAt(i)
      const t0 = h0 * 0x1b3
      const t1 = h1 * 0x1b3 + (t0 >>> 16)
      const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16)
      const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16)
      h0 = t0 & 0xffff
      h1 = t1 & 0xffff
      h2 = t2 & 0xffff
      h3 = t3 & 0xffff
    }
    this.h0 = h0
    this.h1 = h1
    this.h2 = h2
    this.h3 = h3
    return this
  }

  // the 16 digits as one string (not pieces joined: an id is made for every intent)
  hex(): string {
    const { h0, h1, h2, h3 } = this
    return String.fromCharCode(
      digit(h3 >>> 12), digit((h3 >>> 8) & 15), digit((h3 >>> 4) & 15), digit(h3 & 15),
      digit(h2 >>> 12), digit((h2 >>> 8) & 15), digit((h2 >>> 4) & 15), digit(h2 & 15),
      digit(h1 >>> 12), digit((h1 >>> 8) & 15), digit((h1 >>> 4) & 15), digit(h1 & 15),
      digit(h0 >>> 12), digit((h0 >>> 8) & 15), digit((h0 >>> 4) & 15), digit(h0 & 15),
    )
  }
}

// The hash object `intentHash` reuses.
const INTENT_HASH = new Fnv64()

/** The character code of a hex digit (0–15 → '0'–'9', 'a'–'f'). */
const digit = (d: number): number => (d < 10 ? 48 + d : 87 + d)

/**
 * {@link stableHash} of `parts.join('\u0000')`, computed without the joined
 * string (an intent's parts include every item id it names).
 * @example
 * import { stableHash, stableHashOfParts } from '../../src/campaign/notification.js' // internal
 * stableHashOfParts(['a', 'b'], ['c']) === stableHash('a\u0000b\u0000c') // true
 * @since 0.2.0
 * @category Notifications
 * @internal
 */
export const stableHashOfParts = (parts: ReadonlyArray<string>, more: ReadonlyArray<string> = []): string =>
  addParts(addParts(new Fnv64(), parts, false), more, parts.length > 0).hex()

// Feeds each part to the hash, a U+0000 before every part but the first
// (before the first too when parts came before: `after`).
const addParts = (h: Fnv64, parts: ReadonlyArray<string>, after: boolean): Fnv64 => {
  for (let i = 0; i < parts.length; i++) {
    if (i > 0 || after) h.add(SEPARATOR)
    h.add(parts[i] as string)
  }
  return h
}

const SEPARATOR = '\u0000'

/**
 * The hash of an intent's parts: {@link stableHashOfParts} of the campaign,
 * kind, recipient, instant and discriminator, then the item ids, without a
 * list of the first five or a hash object per intent (one is reused: the
 * core is synchronous, and nothing else runs between its reset and its
 * digits).
 * @example
 * import { intentHash, stableHashOfParts } from '../../src/campaign/notification.js' // internal
 * intentHash('q3', 'reviewAssigned', 'mia', '2025-01-03T09:00:00.000Z', '', ['i1', 'i2']) ===
 *   stableHashOfParts(['q3', 'reviewAssigned', 'mia', '2025-01-03T09:00:00.000Z', ''], ['i1', 'i2']) // true
 * @since 0.2.0
 * @category Notifications
 * @internal
 */
export const intentHash = (campaignId: string, kind: string, recipient: string, at: string, discriminator: string, itemIds: ReadonlyArray<string>): string => {
  const h = INTENT_HASH.reset().add(campaignId).add(SEPARATOR).add(kind).add(SEPARATOR).add(recipient).add(SEPARATOR).add(at).add(SEPARATOR).add(discriminator)
  return addParts(h, itemIds, true).hex()
}

/**
 * The default task-list link template, used when the definition has no
 * `linkTemplate`.
 * @example
 * import { DEFAULT_LINK_TEMPLATE } from 'access-review-core'
 * DEFAULT_LINK_TEMPLATE.includes('{recipient}') // true
 * @since 0.1.0
 * @category Notifications
 */
export const DEFAULT_LINK_TEMPLATE = '/campaigns/{campaignId}/reviews?reviewer={recipient}'

/** An unpaired UTF-16 surrogate: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * `encodeURIComponent` that cannot throw: an unpaired surrogate (on which
 * `encodeURIComponent` throws a `URIError`) is encoded as U+FFFD, the
 * replacement character (`%EF%BF%BD`), as `String.prototype.toWellFormed` would.
 */
const encodeComponent = (s: string): string => encodeURIComponent(s.replace(LONE_SURROGATE, '\ufffd'))

/**
 * Fills a link template: `{campaignId}` and `{recipient}` are replaced by
 * their URL-encoded values. Never throws: an unpaired UTF-16 surrogate in a
 * value is encoded as U+FFFD (`%EF%BF%BD`).
 * @example
 * import { renderLink } from 'access-review-core'
 * renderLink('https://iga.example/c/{campaignId}/tasks?u={recipient}', 'q3', 'ann lee') // 'https://iga.example/c/q3/tasks?u=ann%20lee'
 * renderLink('/c/{campaignId}', 'q3\ud800', 'ann') // '/c/q3%EF%BF%BD'
 * @since 0.1.0
 * @category Notifications
 */
export const renderLink = (template: string, campaignId: string, recipient: string): string => {
  // a command notifies the same few recipients of the same campaign many
  // times (one intent per packet): the last links made are remembered
  // (looked up by the strings themselves: no key is built per call)
  let byCampaign = recentLinks.get(template)
  let byRecipient = byCampaign?.get(campaignId)
  const known = byRecipient?.get(recipient)
  if (known !== undefined) return known
  const link = template.split('{campaignId}').join(encodeComponent(campaignId)).split('{recipient}').join(encodeComponent(recipient))
  if (recentCount >= RECENT_LINKS) {
    recentLinks.clear()
    recentCount = 0
    byCampaign = undefined
    byRecipient = undefined
  }
  if (byCampaign === undefined) {
    byCampaign = new Map()
    recentLinks.set(template, byCampaign)
  }
  if (byRecipient === undefined) {
    byRecipient = new Map()
    byCampaign.set(campaignId, byRecipient)
  }
  byRecipient.set(recipient, link)
  recentCount++
  return link
}

/** How many links `renderLink` remembers (a bounded cache of a pure function: it changes no result). */
const RECENT_LINKS = 4096
const recentLinks = new Map<string, Map<string, Map<string, string>>>()
let recentCount = 0

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Builds an intent with its deterministic id, from the campaign, kind,
 * recipient, instant, items and an optional discriminator (a reminder slot,
 * a level and tier).
 * @example
 * import { makeIntent } from '../../src/campaign/notification.js' // internal
 * const n = makeIntent({ campaignId: 'q3' as never, kind: 'campaignReminder', recipient: 'ann' as never, itemIds: [], at: 0 as never, summary: 'x', linkTemplate: undefined })
 * n.recipients // ['ann']
 * @since 0.1.0
 * @category Notifications
 * @internal
 */
export const makeIntent = (a: {
  readonly campaignId: CampaignId
  readonly kind: NotificationKind
  readonly recipient: UserId
  readonly itemIds: ReadonlyArray<ItemId>
  readonly at: Instant
  readonly summary: string
  readonly linkTemplate: string | undefined
  readonly discriminator?: string | undefined
}): NotificationIntent => intentOf(a.campaignId, a.kind, a.recipient, a.itemIds, a.at, a.summary, a.linkTemplate, a.discriminator)

// The recipients of an intent: one list per recipient, remembered (a list
// is a value, never written; the intents of one command go to the same few
// recipients again and again). Bounded like the links: a cache of a pure
// function changes no result.
const recentRecipients = new Map<string, ReadonlyArray<UserId>>()
const recipientsOf = (recipient: UserId): ReadonlyArray<UserId> => {
  const known = recentRecipients.get(recipient)
  if (known !== undefined) return known
  if (recentRecipients.size >= RECENT_LINKS) recentRecipients.clear()
  const list = [recipient]
  recentRecipients.set(recipient, list)
  return list
}

/**
 * {@link makeIntent} with its parts as arguments (no object of parts per
 * intent: `notify` makes one intent per recipient of every packet a command
 * touches).
 * @example
 * import { intentOf } from '../../src/campaign/notification.js' // internal
 * intentOf('q3' as never, 'campaignReminder', 'ann' as never, [], 0 as never, 'x', undefined, undefined).recipients // ['ann']
 * @since 0.2.0
 * @category Notifications
 * @internal
 */
export const intentOf = (
  campaignId: CampaignId,
  kind: NotificationKind,
  recipient: UserId,
  itemIds: ReadonlyArray<ItemId>,
  at: Instant,
  summary: string,
  linkTemplate: string | undefined,
  discriminator: string | undefined,
): NotificationIntent => ({
  id: `${kind}-${intentHash(campaignId, kind, recipient, toIsoUtc(at), discriminator ?? '', itemIds)}`,
  kind,
  recipients: recipientsOf(recipient),
  campaignId,
  itemIds,
  at,
  summary,
  link: renderLink(linkTemplate ?? DEFAULT_LINK_TEMPLATE, campaignId, recipient),
})
