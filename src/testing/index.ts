/**
 * Test helpers for users of access-review-core: builders, in-memory adapters
 * and port contract suites. Import from `access-review-core/testing`.
 *
 * This entry does not need fast-check. The fast-check arbitraries live in
 * their own entry, `access-review-core/testing/arbitraries`, which needs the
 * optional peer dependency fast-check.
 *
 * @packageDocumentation
 * @module access-review-core/testing
 */
export * from './builders.js'
export * from './memory.js'
export * from './contract.js'
