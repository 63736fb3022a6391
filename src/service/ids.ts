/**
 * Ids the service derives from other values (the command id under which a
 * fulfillment result is recorded, ...). A derived id has a fixed length
 * whatever the length of its parts: a readable prefix and a SHA-256 digest of
 * the parts, so it always decodes as an id and never collides by
 * concatenation (`a:bc` and `ab:c` are different parts).
 *
 * @since 0.1.0
 */
import { createHash } from 'node:crypto'
import type { CommandId } from '../shared/ids.js'
import { CommandId as CommandIdCodec } from '../shared/ids.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Hex digits of the SHA-256 digest kept in a derived id (128 bits). */
const DIGEST_HEX = 32

/**
 * A fixed-length id made of `prefix`, a colon and the first 32 hex digits
 * (128 bits) of the SHA-256 digest of the parts. The parts are hashed as
 * their JSON array, so a lone surrogate or a separator inside a part cannot
 * make two different lists of parts hash alike. The length is
 * `prefix.length + 33` whatever the parts.
 * @example
 * import { derivedId } from '../../src/service/ids.js' // internal
 * const id = derivedId('fulfill', ['x'.repeat(200)])
 * id.length // 40
 * id.startsWith('fulfill:') // true
 * derivedId('fulfill', ['a:b', 'c']) === derivedId('fulfill', ['a', 'b:c']) // false
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const derivedId = (prefix: string, parts: ReadonlyArray<string>): string =>
  `${prefix}:${createHash('sha256').update(JSON.stringify(parts), 'utf8').digest('hex').slice(0, DIGEST_HEX)}`

/**
 * The command id under which the service records the fulfillment result of
 * one item: `fulfill:` and 32 hex digits (40 characters for any item id, so
 * an item id of 200 characters still gives a valid command id). `undefined`
 * only if the prefix itself were not a valid id, which it is.
 * @example
 * import { fulfillmentCommandId } from '../../src/service/ids.js' // internal
 * fulfillmentCommandId('i'.repeat(200))?.length // 40
 * fulfillmentCommandId('i1') === fulfillmentCommandId('i1') // true
 * @since 0.1.0
 * @category Service and ports
 * @internal
 */
export const fulfillmentCommandId = (itemId: string): CommandId | undefined => {
  const id = derivedId('fulfill', [itemId])
  return CommandIdCodec.is(id) ? id : undefined
}
