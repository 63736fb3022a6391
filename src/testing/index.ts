/**
 * Test helpers for users of access-review-core: builders, arbitraries and
 * in-memory adapters. Import from `access-review-core/testing`.
 *
 * @packageDocumentation
 */
export * from './builders.js'
export * from './arbitraries.js'
export * from './memory.js'
export * from './contract.js'
