// Placeholder: replace with a real demo of access-review-core.
console.log('demo coming')
