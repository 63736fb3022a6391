/**
 * access-review-core: the pure domain core of user access review campaigns.
 *
 * @packageDocumentation
 */
export * from './shared/codec.js'
export * from './shared/ids.js'
export * from './shared/errors.js'
export * from './shared/pmap.js'
export * from './schedule/time.js'
export * from './schedule/policy.js'
export * from './schedule/window.js'
export * from './schedule/recurrence.js'
export * from './review/directory.js'
export * from './review/attestation.js'
export * from './review/item.js'
export * from './review/reviewer.js'
export * from './campaign/definition.js'
export * from './campaign/notification.js'
export * from './campaign/state.js'
export * from './campaign/event.js'
export * from './campaign/command.js'
export * from './campaign/rules.js'
export * from './campaign/advance.js'
export * from './campaign/wake.js'
export * from './campaign/decider.js'
export * from './campaign/views.js'
