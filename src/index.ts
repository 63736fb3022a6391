/**
 * access-review-core: the pure domain core of user access review campaigns.
 *
 * @packageDocumentation
 */
export * from './shared/codec.js'
export * from './shared/ids.js'
export * from './shared/errors.js'
export * from './schedule/time.js'
