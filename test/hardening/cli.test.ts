import { spawnSync } from 'node:child_process'
import { closeSync, linkSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_MAX_INPUT_BYTES, MAX_INPUT_ENV, maxInputBytes } from '../../src/cli/input.js'
import { cliCommand } from '../support/cli.js'

// Issue 8, items 8 and 11: the CLI reads only a regular file or standard
// input, at most 64 MiB (ACCESS_REVIEW_MAX_INPUT_BYTES lowers the limit),
// counted while reading; `--svg` never overwrites the input and an unusable
// `--svg` path is a usage error (exit 2), never an internal one.

const root = fileURLToPath(new URL('../../', import.meta.url))
const [node, cliBundle] = cliCommand()
const example = join(root, 'examples', 'scenarios', 'early-completion.json')
const exampleText = readFileSync(example, 'utf8')
const tmp = mkdtempSync(join(tmpdir(), 'access-review-hardening-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const posix = process.platform !== 'win32'
const isRoot = process.getuid?.() === 0

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const cli = (args: ReadonlyArray<string>, options: { input?: string | Buffer; stdinFd?: number; env?: Record<string, string> } = {}): Run => {
  const r = spawnSync(node, [cliBundle, ...args], {
    cwd: root,
    encoding: 'utf8',
    // a bound on every run: a CLI that reads without end is killed and fails the test (code null)
    timeout: 30_000,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, ...options.env },
    ...(options.stdinFd === undefined ? { input: options.input ?? '' } : { stdio: [options.stdinFd, 'pipe', 'pipe'] }),
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** The example scenario, padded with trailing spaces to exactly `bytes` bytes (still valid JSON). */
const scenarioOfSize = (bytes: number): Buffer => {
  const text = Buffer.from(exampleText, 'utf8')
  if (bytes < text.length) throw new Error('too small for the example')
  return Buffer.concat([text, Buffer.alloc(bytes - text.length, 0x20)])
}

describe('issue 8, item 8: bounded input', { timeout: 120_000 }, () => {
  it.skipIf(!posix)('8. the CLI refuses /dev/zero as FILE at once (exit 2), without reading it', () => {
    const r = cli(['run', '/dev/zero'])
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', '/dev/zero: cannot read the file: not a regular file (a character device)\n'])
  })

  it.skipIf(!posix)('8. the CLI stops reading /dev/zero on standard input at the 64 MiB limit (exit 2)', () => {
    const fd = openSync('/dev/zero', 'r')
    try {
      const r = cli(['run', '-'], { stdinFd: fd })
      expect([r.code, r.stdout, r.stderr]).toEqual([2, '', '<stdin>: cannot read standard input: larger than the input limit of 64 MiB (67108864 bytes)\n'])
    } finally {
      closeSync(fd)
    }
  })

  it.skipIf(!posix)('8. a named pipe as FILE is refused at once (it is not a regular file), never waited on', () => {
    const fifo = join(tmp, 'in.fifo')
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0)
    const r = cli(['run', fifo])
    expect([r.code, r.stderr]).toEqual([2, `${fifo}: cannot read the file: not a regular file (a named pipe)\n`])
  })

  it('8. the default limit: a 64 MiB file is read, one byte more is refused', () => {
    const inside = join(tmp, 'inside.json')
    writeFileSync(inside, scenarioOfSize(DEFAULT_MAX_INPUT_BYTES))
    const a = cli(['run', inside])
    expect([a.code, a.stderr]).toEqual([0, ''])
    const outside = join(tmp, 'outside.json')
    writeFileSync(outside, scenarioOfSize(DEFAULT_MAX_INPUT_BYTES + 1))
    const b = cli(['run', outside])
    expect([b.code, b.stdout, b.stderr]).toEqual([2, '', `${outside}: cannot read the file: larger than the input limit of 64 MiB (67108864 bytes)\n`])
    rmSync(inside)
    rmSync(outside)
  })

  it('8. a lowered limit (ACCESS_REVIEW_MAX_INPUT_BYTES): a file or standard input of exactly the limit is read, one byte more is refused', () => {
    const limit = Buffer.byteLength(exampleText) + 100
    const env = { [MAX_INPUT_ENV]: String(limit) }
    const inside = join(tmp, 'small-inside.json')
    writeFileSync(inside, scenarioOfSize(limit))
    const outside = join(tmp, 'small-outside.json')
    writeFileSync(outside, scenarioOfSize(limit + 1))
    expect(cli(['run', inside], { env }).code).toBe(0)
    const b = cli(['run', outside], { env })
    expect([b.code, b.stderr]).toEqual([2, `${outside}: cannot read the file: larger than the input limit of ${limit} bytes (set by ${MAX_INPUT_ENV})\n`])
    expect(cli(['run', '-'], { env, input: scenarioOfSize(limit) }).code).toBe(0)
    const d = cli(['run', '-'], { env, input: scenarioOfSize(limit + 1) })
    expect([d.code, d.stderr]).toEqual([2, `<stdin>: cannot read standard input: larger than the input limit of ${limit} bytes (set by ${MAX_INPUT_ENV})\n`])
  })

  it('8. ACCESS_REVIEW_MAX_INPUT_BYTES must be a whole number of bytes from 1 to 64 MiB', () => {
    expect(maxInputBytes(undefined)).toEqual({ ok: true, value: DEFAULT_MAX_INPUT_BYTES })
    expect(maxInputBytes('')).toEqual({ ok: true, value: DEFAULT_MAX_INPUT_BYTES })
    expect(maxInputBytes('1')).toEqual({ ok: true, value: 1 })
    expect(maxInputBytes(String(DEFAULT_MAX_INPUT_BYTES))).toEqual({ ok: true, value: DEFAULT_MAX_INPUT_BYTES })
    for (const bad of ['0', String(DEFAULT_MAX_INPUT_BYTES + 1), '-1', '1e3', '1.5', ' 10', 'abc', '9'.repeat(400)]) {
      expect([bad, maxInputBytes(bad).ok]).toEqual([bad, false])
    }
    const r = cli(['run', example], { env: { [MAX_INPUT_ENV]: String(DEFAULT_MAX_INPUT_BYTES + 1) } })
    expect([r.code, r.stderr]).toEqual([2, `access-review: ${MAX_INPUT_ENV} must be a whole number of bytes from 1 to 67108864 (64 MiB)\n`])
  })
})

describe('issue 8, item 11: --svg', { timeout: 120_000 }, () => {
  const copy = (name: string): string => {
    const path = join(tmp, name)
    writeFileSync(path, exampleText)
    return path
  }
  const refused = (r: Run, out: string): void => {
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `${out}: --svg is the input scenario file: refusing to overwrite it\n`])
  }

  it('11. --svg naming the input scenario file is refused (exit 2) and the file is left as it was', () => {
    const input = copy('input.json')
    refused(cli(['run', input, '--svg', input]), input)
    const spelled = join(tmp, '.', 'sub', '..', 'input.json')
    mkdirSync(join(tmp, 'sub'), { recursive: true })
    refused(cli(['run', input, '--svg', spelled]), spelled)
    const rel = relative(root, input)
    refused(cli(['run', input, '--svg', rel]), rel)
    expect(readFileSync(input, 'utf8')).toBe(exampleText)
  })

  it.skipIf(!posix)('11. --svg through a symbolic link or a hard link to the input, or onto the file redirected to standard input, is refused', () => {
    const input = copy('linked.json')
    const symlink = join(tmp, 'symlink.svg')
    symlinkSync(input, symlink)
    refused(cli(['run', input, '--svg', symlink]), symlink)
    const hardlink = join(tmp, 'hardlink.svg')
    linkSync(input, hardlink)
    refused(cli(['run', input, '--svg', hardlink]), hardlink)
    const fd = openSync(input, 'r')
    try {
      refused(cli(['run', '-', '--svg', input], { stdinFd: fd }), input)
    } finally {
      closeSync(fd)
    }
    expect(readFileSync(input, 'utf8')).toBe(exampleText)
  })

  it('11. --svg naming a directory, a path under a file or a missing directory is a usage error (exit 2), never internal', () => {
    const dir = cli(['run', example, '--svg', tmp])
    expect([dir.code, dir.stdout, dir.stderr]).toEqual([2, '', `${tmp}: cannot write the SVG file: EISDIR: is a directory\n`])
    const underFile = join(example, 'x.svg')
    expect(cli(['run', example, '--svg', underFile])).toEqual({ code: 2, stdout: '', stderr: `${underFile}: cannot write the SVG file: ENOTDIR: not a directory\n` })
    const missing = join(tmp, 'missing', 'x.svg')
    expect(cli(['run', example, '--svg', missing]).code).toBe(2)
  })

  it.skipIf(!posix)('11. --svg naming a named pipe without a reader fails at once (exit 2), never blocks', () => {
    const fifo = join(tmp, 'out.fifo')
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0)
    const r = cli(['run', example, '--svg', fifo])
    expect([r.code, r.stderr]).toEqual([2, `${fifo}: cannot write the SVG file: ENXIO: no such device or address (a named pipe without a reader?)\n`])
  })

  it.skipIf(!posix || isRoot)('11. --svg naming a file it may not write is a usage error (exit 2)', () => {
    const locked = join(tmp, 'locked.svg')
    writeFileSync(locked, 'old', { mode: 0o444 })
    const r = cli(['run', example, '--svg', locked])
    expect([r.code, r.stderr]).toEqual([2, `${locked}: cannot write the SVG file: EACCES: permission denied\n`])
    expect(readFileSync(locked, 'utf8')).toBe('old')
  })

  it('11. an existing --svg file is replaced whole (truncated, not overwritten in place)', () => {
    const out = join(tmp, 'replace.svg')
    writeFileSync(out, 'x'.repeat(200_000))
    const r = cli(['run', example, '--svg', out])
    expect(r.code).toBe(0)
    const svg = readFileSync(out, 'utf8')
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
    expect(svg).not.toContain('xxx')
  })
})
