/**
 * The version of this library, as written into evidence reports. The pure
 * core cannot read package.json; a test keeps the two equal.
 *
 * @since 0.2.0
 */

/**
 * The version of access-review-core (equal to its package.json version).
 * @example
 * import { LIBRARY_VERSION } from 'access-review-core'
 * LIBRARY_VERSION.split('.').length // 3
 * @since 0.2.0
 * @category Evidence
 */
export const LIBRARY_VERSION = '0.2.0'
