/**
 * Where and why a text is not JSON, for error messages: a line and column
 * (1-based) and a short reason that never quotes more than one character of
 * the input; and where a JSON text names one key twice in an object.
 */
import { pathSegment } from '../shared/codec.js'

const isJsonSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r'
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c)

/**
 * The offset (in UTF-16 code units) of the first place where `text` stops
 * being a JSON text (RFC 8259), `text.length` when it ends too early, or
 * `undefined` when it is valid JSON. Iterative, so deep nesting cannot
 * overflow the stack.
 */
export const jsonErrorOffset = (text: string): number | undefined => {
  let i = 0
  const n = text.length
  const skipSpace = (): void => {
    while (i < n && isJsonSpace(text[i])) i++
  }
  // A string starting at i; on success i is just past its closing quote.
  const string = (): boolean => {
    if (text[i] !== '"') return false
    i++
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        i++
        return true
      }
      if (c < 0x20) return false
      if (c === 0x5c) {
        i++
        const e = text[i]
        if (e === undefined) return false
        if (e === 'u') {
          i++
          for (let k = 0; k < 4; k++, i++) if (!isHex(text[i])) return false
          continue
        }
        if (!'"\\/bfnrt'.includes(e)) return false
      }
      i++
    }
    return false
  }
  const digits = (): boolean => {
    if (!isDigit(text[i])) return false
    while (isDigit(text[i])) i++
    return true
  }
  const number = (): boolean => {
    if (text[i] === '-') i++
    if (text[i] === '0') i++
    else if (!digits()) return false
    if (text[i] === '.') {
      i++
      if (!digits()) return false
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++
      if (text[i] === '+' || text[i] === '-') i++
      if (!digits()) return false
    }
    return true
  }
  const literal = (word: string): boolean => {
    for (const ch of word) {
      if (text[i] !== ch) return false
      i++
    }
    return true
  }
  // A member's key and colon, at i after `{` or `,`; i is then at its value.
  const key = (): boolean => {
    skipSpace()
    if (!string()) return false
    skipSpace()
    if (text[i] !== ':') return false
    i++
    return true
  }

  const open: Array<'[' | '{'> = []
  for (;;) {
    // A value is expected at i.
    skipSpace()
    const c = text[i]
    if (c === '{' || c === '[') {
      i++
      skipSpace()
      if (text[i] === (c === '{' ? '}' : ']')) i++
      else {
        open.push(c)
        if (c === '{' && !key()) return i
        continue
      }
    } else {
      const ok =
        c === '"' ? string()
        : c === '-' || isDigit(c) ? number()
        : c === 't' ? literal('true')
        : c === 'f' ? literal('false')
        : c === 'n' ? literal('null')
        : false
      if (!ok) return i
    }
    // A value ended just before i.
    for (;;) {
      skipSpace()
      const top = open[open.length - 1]
      if (top === undefined) return i < n ? i : undefined
      const d = text[i]
      if (d === ',') {
        i++
        if (top === '{' && !key()) return i
        break
      }
      if (d !== (top === '{' ? '}' : ']')) return i
      i++
      open.pop()
    }
  }
}

/** The 1-based line and column (in code points) of an offset; CRLF, LF and CR end lines. */
export const lineColumn = (text: string, offset: number): { line: number; column: number } => {
  const end = Math.max(0, Math.min(offset, text.length))
  let line = 1
  let column = 1
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++
      column = 1
    } else if (c === 0x0d) {
      // The CR of a CRLF: the LF ends the line.
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++
      column++
    } else column++
  }
  return { line, column }
}

// The character at an offset, safe to print: 'x' for printable ASCII, else U+XXXX.
const showCharAt = (text: string, offset: number): string => {
  const cp = text.codePointAt(offset)
  if (cp === undefined) return 'end of input'
  if (cp >= 0x21 && cp <= 0x7e) return `'${String.fromCodePoint(cp)}'`
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`
}

// The offset a JSON.parse message gives, in Node 20's or Node 22's form.
const offsetInMessage = (text: string, message: string): number | undefined => {
  const at = /\bat position (\d+)/.exec(message)
  if (at?.[1] !== undefined) return Number(at[1])
  const lc = /\(line (\d+) column (\d+)\)/.exec(message)
  if (lc?.[1] === undefined || lc[2] === undefined) return undefined
  const [line, column] = [Number(lc[1]), Number(lc[2])]
  let offset = 0
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset)
    if (nl < 0) return undefined
    offset = nl + 1
  }
  return offset + column - 1
}

const maxReason = 100

/**
 * Where and why JSON.parse refused `text` with `error`: the 1-based line and
 * column (absent when no position is known) and the reason, JSON.parse's
 * message without its position and without the excerpt of the input it may
 * quote.
 * @internal
 */
export const jsonSyntaxError = (text: string, error: unknown): { readonly line?: number; readonly column?: number; readonly reason: string } => {
  const message = error instanceof Error ? error.message : ''
  let offset = offsetInMessage(text, message)
  if (offset === undefined || !Number.isSafeInteger(offset) || offset < 0 || offset > text.length) offset = jsonErrorOffset(text)
  let reason = message
    .replace(/(?:\s+in JSON)?\s+at position \d+[\s\S]*$/, '')
    .replace(/\s*\(line \d+ column \d+\)[\s\S]*$/, '')
  // "Unexpected token 'x', "...excerpt..." is not valid JSON", ""excerpt" is not valid JSON"
  if (/^Unexpected token\b/.test(reason) || /is not valid JSON$/.test(reason)) {
    reason = offset === undefined ? 'Unexpected token' : offset >= text.length ? 'Unexpected end of JSON input' : `Unexpected token ${showCharAt(text, offset)}`
  }
  reason = reason.replace(/[^\x20-\x7e]/g, '?')
  if (reason.length > maxReason) reason = `${reason.slice(0, maxReason - 3)}...`
  if (reason === '') reason = 'not a JSON document'
  if (offset === undefined) return { reason }
  return { ...lineColumn(text, offset), reason }
}

/**
 * The CLI's message for a text JSON.parse refused with `error`:
 * `LABEL:LINE:COLUMN: invalid JSON: REASON`, or `LABEL: invalid JSON: REASON`
 * when no position is known.
 */
export const jsonSyntaxMessage = (label: string, text: string, error: unknown): string => {
  const e = jsonSyntaxError(text, error)
  return e.line === undefined ? `${label}: invalid JSON: ${e.reason}` : `${label}:${e.line}:${e.column ?? 1}: invalid JSON: ${e.reason}`
}

/**
 * The first key that an object of `text` names a second time, or
 * `undefined` when every object names each key once: `offset` is where the
 * second one starts, `path` the object's path (as a decoding problem writes
 * it, `$` for the whole text), `key` the key (its escapes decoded: `"a"` and
 * `"\\u0061"` are the same key). `JSON.parse` keeps the last of the two
 * values; a YAML document with the same mapping is refused by the YAML
 * parser. The text is expected to be JSON that `JSON.parse` accepted;
 * anything else gives an answer or `undefined`, never an exception. One
 * pass, iterative (deep nesting cannot overflow the stack), a set only for
 * an object of more than 16 keys.
 * @example
 * import { jsonDuplicateKey } from '../../src/scenario/jsonError.js' // internal
 * jsonDuplicateKey('{"steps":[{"as":"ann","as":"bob"}]}') // { offset: 22, path: 'steps[0]', key: 'as' }
 * jsonDuplicateKey('{"a":{"b":1},"b":2}') // undefined
 * @internal
 */
export const jsonDuplicateKey = (text: string): { readonly offset: number; readonly path: string; readonly key: string } | undefined => {
  const n = text.length
  // the open objects and arrays, innermost last: for an object its keys so
  // far (`keys` from `from[d]`), for an array its count of elements so far
  const isObject: boolean[] = []
  const from: number[] = []
  const sets: Array<Set<string> | undefined> = []
  const counts: number[] = []
  const keys: string[] = []
  // the key (object) or index (array) by which each open container was reached
  const via: string[] = []
  let expectKey = false
  let i = 0
  const pathTo = (depth: number): string => {
    let path = ''
    for (let d = 1; d < depth; d++) path += pathSegment(via[d] ?? '', isObject[d - 1] !== true, path === '')
    return path === '' ? '$' : path
  }
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      // a string: just past its closing quote, noting whether it had escapes
      const start = i
      let escaped = false
      i++
      while (i < n) {
        const d = text.charCodeAt(i)
        if (d === 0x22) break
        if (d === 0x5c) {
          escaped = true
          i++
        }
        i++
      }
      i++
      const depth = isObject.length
      if (!expectKey || depth === 0) continue
      expectKey = false
      let key: string
      if (escaped) {
        try {
          key = JSON.parse(text.slice(start, i)) as string
        } catch {
          return undefined
        }
      } else key = text.slice(start + 1, i - 1)
      const first = from[depth - 1] ?? 0
      let set = sets[depth - 1]
      if (set === undefined) {
        for (let k = first; k < keys.length; k++) if (keys[k] === key) return { offset: start, path: pathTo(depth), key }
        if (keys.length - first >= 16) {
          set = new Set(keys.slice(first))
          sets[depth - 1] = set
        }
      } else if (set.has(key)) return { offset: start, path: pathTo(depth), key }
      set?.add(key)
      keys.push(key)
      continue
    }
    if (c === 0x7b || c === 0x5b) {
      // `{` or `[`: reached by the parent's last key, or its next index
      const depth = isObject.length
      if (depth > 0) {
        if (isObject[depth - 1] === true) via[depth] = keys[keys.length - 1] ?? ''
        else via[depth] = String((counts[depth - 1] ?? 1) - 1)
      }
      isObject.push(c === 0x7b)
      from.push(keys.length)
      sets.push(undefined)
      // an array's count: elements started so far (the first starts now, unless it is empty)
      counts.push(1)
      expectKey = c === 0x7b
      i++
      continue
    }
    if (c === 0x7d || c === 0x5d) {
      // `}` or `]`: its keys are forgotten; it ends a value, so what follows is not a key
      // (after an empty object a key was still expected: the next string of an array counted as one)
      keys.length = from.pop() ?? 0
      expectKey = false
      isObject.pop()
      sets.pop()
      counts.pop()
      i++
      continue
    }
    if (c === 0x2c) {
      // `,`: the next member's key, or the next element
      const depth = isObject.length
      if (depth > 0) {
        if (isObject[depth - 1] === true) expectKey = true
        else counts[depth - 1] = (counts[depth - 1] ?? 0) + 1
      }
    }
    i++
  }
  return undefined
}

/**
 * The problem a repeated key makes: the object's path, and what was
 * expected there, naming the key as a path segment (cut at 64 characters).
 * @example
 * import { duplicateKeyProblem } from '../../src/scenario/jsonError.js' // internal
 * duplicateKeyProblem({ path: 'steps[0]', key: 'as' }).expected // 'an object whose keys are unique (as is repeated)'
 * @internal
 */
export const duplicateKeyProblem = (d: { readonly path: string; readonly key: string }): { readonly path: string; readonly expected: string } => ({
  path: d.path,
  expected: `an object whose keys are unique (${pathSegment(d.key, false, true)} is repeated)`,
})
