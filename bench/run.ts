// Placeholder: replace with the real benchmarks.
console.log('no benchmarks yet')
