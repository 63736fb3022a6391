/**
 * Records keyed by ids (a directory's managers by user id, attestation
 * answers by question) whose keys are data: a key such as `__proto__` is
 * an own key like any other.
 *
 * Until D29 this module also built a packet's items record as a V8
 * dictionary (`hashedRecord`, `copyRecord`); a packet's items are now a
 * list in the order of its ids, and nothing needs them.
 *
 * @since 0.2.0
 */

/**
 * Sets `key` as an own enumerable data property, also when the key is
 * `__proto__` (a plain assignment would call the prototype setter instead)
 * or another name of `Object.prototype` (a plain assignment throws when that
 * prototype is frozen, as in hardened JavaScript environments).
 * @example
 * import { setOwn } from '../../src/shared/record.js' // internal
 * const r: Record<string, number> = {}
 * setOwn(r, '__proto__', 1)
 * Object.keys(r) // ['__proto__']
 * @since 0.2.0
 * @category Internals
 * @internal
 */
export const setOwn = <V>(r: Record<string, V>, key: string, value: V): void => {
  if (key in Object.prototype) Object.defineProperty(r, key, { value, enumerable: true, writable: true, configurable: true })
  else r[key] = value
}
