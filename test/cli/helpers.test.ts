import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { whyFailed } from '../../src/cli/fsError.js'
import { jsonErrorOffset, jsonSyntaxMessage, lineColumn } from '../../src/scenario/jsonError.js'
import { packageVersion } from '../../src/cli/version.js'
import { runs } from '../support/runs.js'

// The CLI's helpers, in-process: where a text stops being JSON, the errno
// reasons, and the walk up to the package's package.json.

const tmp = mkdtempSync(join(tmpdir(), 'access-review-cli-helpers-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const parseError = (text: string): Error | undefined => {
  try {
    JSON.parse(text)
    return undefined
  } catch (e) {
    return e instanceof Error ? e : new Error('not an Error')
  }
}
const positionIn = (e: Error): number | undefined => {
  const m = /at position (\d+)/.exec(e.message)
  return m?.[1] === undefined ? undefined : Number(m[1])
}

// Valid JSON texts, compact and indented, and small edits of them.
const jsonText = fc.oneof(
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v, null, 2)),
  fc.jsonValue().map((v) => ` \r\n\t${JSON.stringify(v, null, '\t')}\n`),
)
const edited = fc
  .tuple(jsonText, fc.nat(), fc.constantFrom('delete', 'insert', 'replace'), fc.constantFrom(...'{}[]:,"\\-+.0123456789eEtfnu \n\u0001x@\ufeff'))
  .map(([text, at, how, ch]) => {
    const i = text.length === 0 ? 0 : at % text.length
    return how === 'delete' ? text.slice(0, i) + text.slice(i + 1) : how === 'insert' ? text.slice(0, i) + ch + text.slice(i) : text.slice(0, i) + ch + text.slice(i + 1)
  })

describe('jsonErrorOffset', () => {
  it('is undefined exactly when JSON.parse accepts the text, and agrees with the position JSON.parse gives', () => {
    fc.assert(
      fc.property(fc.oneof(jsonText, edited, fc.string()), (text) => {
        const e = parseError(text)
        const offset = jsonErrorOffset(text)
        if (e === undefined) return offset === undefined
        if (offset === undefined || offset < 0 || offset > text.length) return false
        const position = positionIn(e)
        return position === undefined || position === offset
      }),
      { numRuns: runs(3000) },
    )
  })

  it('finds the places JSON.parse does not give', () => {
    expect(jsonErrorOffset('')).toBe(0)
    expect(jsonErrorOffset('[1, 2')).toBe(5)
    expect(jsonErrorOffset('{"a": tru}')).toBe(9)
    expect(jsonErrorOffset('[1,]')).toBe(3)
    expect(jsonErrorOffset('\ufeff{}')).toBe(0)
    expect(jsonErrorOffset('  {"a": [true, null, -1.5e+3, "\\u00e9\\n"]}  ')).toBeUndefined()
  })

  it('does not overflow the stack on deep nesting', () => {
    expect(jsonErrorOffset('['.repeat(200_000))).toBe(200_000)
    expect(jsonErrorOffset(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toBeUndefined()
  })
})

describe('lineColumn', () => {
  it('counts LF, CRLF and CR as one line end, and code points as columns', () => {
    expect(lineColumn('abc', 0)).toEqual({ line: 1, column: 1 })
    expect(lineColumn('abc', 3)).toEqual({ line: 1, column: 4 })
    expect(lineColumn('a\nb\r\nc\rd', 7)).toEqual({ line: 4, column: 1 })
    expect(lineColumn('a\r\nb', 2)).toEqual({ line: 1, column: 2 })
    expect(lineColumn('😀x', 2)).toEqual({ line: 1, column: 2 })
    expect(lineColumn('ab', 99)).toEqual({ line: 1, column: 3 })
  })
})

describe('jsonSyntaxMessage', () => {
  const message = (text: string) => jsonSyntaxMessage('f.json', text, parseError(text))

  it('has the line, column and the reason without the position or an excerpt', () => {
    expect(message('{\n  "a": 1,\n  b\n}')).toBe("f.json:3:3: invalid JSON: Expected double-quoted property name")
    expect(message('[1,\n ')).toBe('f.json:2:2: invalid JSON: Unexpected end of JSON input')
    expect(message('[1, 2 3]')).toBe("f.json:1:7: invalid JSON: Expected ',' or ']' after array element")
    expect(message('hello, secret world')).toBe("f.json:1:1: invalid JSON: Unexpected token 'h'")
    expect(message('\ufeff{}')).toBe('f.json:1:1: invalid JSON: Unexpected token U+FEFF')
  })

  it('never quotes more than one character of the input, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(edited, fc.string()), (text) => {
        const e = parseError(text)
        if (e === undefined) return true
        const m = jsonSyntaxMessage('f.json', text, e)
        return /^f\.json:\d+:\d+: invalid JSON: [\x20-\x7e]{1,100}$/.test(m) && !m.includes('is not valid JSON')
      }),
      { numRuns: runs(2000) },
    )
  })

  it('reads Node 22 style positions and copes with no position or no Error', () => {
    expect(jsonSyntaxMessage('f', 'a\nbc', new SyntaxError('Unexpected thing in JSON at position 3 (line 2 column 2)'))).toBe('f:2:2: invalid JSON: Unexpected thing')
    expect(jsonSyntaxMessage('f', 'a\nbc', new SyntaxError('Odd thing (line 2 column 2)'))).toBe('f:2:2: invalid JSON: Odd thing')
    expect(jsonSyntaxMessage('f', '{}', new SyntaxError('Something odd'))).toBe('f: invalid JSON: Something odd')
    expect(jsonSyntaxMessage('f', '{}', 42)).toBe('f: invalid JSON: not a JSON document')
    expect(jsonSyntaxMessage('f', '{', new SyntaxError(`x${'y'.repeat(500)}`))).toMatch(/^f:1:2: invalid JSON: xy{96}\.\.\.$/)
  })
})

describe('whyFailed', () => {
  const errno = (code: unknown) => Object.assign(new Error('system message with a path'), { code })

  it('names the errno code and its meaning', () => {
    expect(whyFailed(errno('ENOENT'))).toBe('ENOENT: no such file or directory')
    expect(whyFailed(errno('EACCES'))).toBe('EACCES: permission denied')
    expect(whyFailed(errno('EISDIR'))).toBe('EISDIR: is a directory')
    expect(whyFailed(errno('EWHATEVER'))).toBe('EWHATEVER')
    expect(whyFailed(errno('toString'))).toBe('unknown error')
    expect(whyFailed(errno(13))).toBe('unknown error')
    expect(whyFailed('ENOENT')).toBe('unknown error')
  })
})

describe('packageVersion', () => {
  const pkg = (dir: string, body: string) => {
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'package.json'), body)
  }

  it('reads the version of the nearest package.json named access-review-core', () => {
    const base = join(tmp, 'good')
    pkg(base, JSON.stringify({ name: 'access-review-core', version: '3.2.1-beta.4' }))
    pkg(join(base, 'dist'), JSON.stringify({ type: 'module' }))
    pkg(join(base, 'dist', 'x'), '{ not json')
    const from = pathToFileURL(join(base, 'dist', 'x', 'cli.js'))
    expect(packageVersion(from)).toBe('3.2.1-beta.4')
    expect(packageVersion(from.href)).toBe('3.2.1-beta.4')
  })

  it('finds this package from the CLI sources', () => {
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('is undefined, never throws, for a bad version, no package or a bad URL', () => {
    for (const version of [{ a: 1 }, 7, '', 'v1', '1.0.0\n$(rm -rf /)', null]) {
      const base = join(tmp, `bad-${JSON.stringify(version).replace(/\W/g, '_')}`)
      pkg(base, JSON.stringify({ name: 'access-review-core', version }))
      expect(packageVersion(pathToFileURL(join(base, 'cli.js')))).toBeUndefined()
    }
    expect(packageVersion(pathToFileURL(join(tmp, 'nowhere', 'cli.js')))).toBeUndefined()
    expect(packageVersion('file://remote-host/x/cli.js')).toBeUndefined()
    expect(packageVersion('http://example.com/cli.js')).toBeUndefined()
    expect(packageVersion('not a URL')).toBeUndefined()
  })
})

describe('table', () => {
  it('never pads the last column, so one long last cell does not make every row long (linear output)', async () => {
    const { table } = await import('../../src/cli/table.js')
    const rows = Array.from({ length: 2_000 }, (_, i) => [`r${i}`, i === 0 ? 'x'.repeat(100_000) : 'y'])
    const text = table(['id', 'items'], rows)
    expect(text.length).toBeLessThan(2 * 100_000 + 20 * 2_000)
    expect(text.split('\n').slice(0, 4)).toEqual(['id     items', `-----  ${'-'.repeat(100_000)}`, `r0     ${'x'.repeat(100_000)}`, 'r1     y'])
  })
})
