import { describe, expect, it } from 'vitest'
import { Remembered } from '../../src/campaign/event.js'

// The log a command's decider writes and the fold after it reads (issue 9):
// in order it is one comparison per lookup; out of order it must still find
// every value, and only for the very input it was computed from.
describe('Remembered', () => {
  const keys = ['e1', 'e2', 'e3', 'e4']

  it('finds values in the order they were recorded', () => {
    const log = new Remembered<string, number, string>()
    keys.forEach((k, i) => log.record(k, i, k.toUpperCase()))
    expect(keys.map((k, i) => log.find(k, i))).toEqual(['E1', 'E2', 'E3', 'E4'])
  })

  it('finds values out of order, and values recorded after an out-of-order lookup', () => {
    const log = new Remembered<string, number, string>()
    keys.forEach((k, i) => log.record(k, i, k.toUpperCase()))
    expect(log.find('e3', 2)).toBe('E3') // out of order: through the index
    expect(log.find('e4', 3)).toBe('E4') // in order again after it
    expect(log.find('e1', 0)).toBe('E1') // backwards
    log.record('e5', 4, 'E5') // recorded once the index exists
    expect(log.find('e5', 4)).toBe('E5')
    expect(log.find('e2', 1)).toBe('E2')
  })

  it('finds nothing for a key never recorded, or recorded for another input', () => {
    const log = new Remembered<string, number, string>()
    expect(log.find('e1', 0)).toBeUndefined() // empty
    keys.forEach((k, i) => log.record(k, i, k.toUpperCase()))
    expect(log.find('e1', 9)).toBeUndefined() // in order, other input
    expect(log.find('e3', 9)).toBeUndefined() // out of order, other input
    expect(log.find('x', 0)).toBeUndefined()
    expect(log.find('e1', 0)).toBe('E1') // a miss does not move the cursor
  })

  it('keeps the latest value of a key recorded twice', () => {
    const log = new Remembered<string, number, string>()
    log.record('e1', 0, 'first')
    log.record('e2', 1, 'E2')
    log.record('e1', 5, 'second')
    expect(log.find('e1', 5)).toBe('second')
    expect(log.find('e1', 0)).toBeUndefined()
  })
})
