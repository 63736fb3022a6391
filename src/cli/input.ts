/**
 * Bounded file input and safe SVG output for the CLI (issue 8, items 8 and
 * 11). Every failure is a value with a reason for the user, never a throw.
 *
 * Input: only a regular file or standard input is read, and never more than
 * the input limit — 64 MiB, or less with the environment variable
 * `ACCESS_REVIEW_MAX_INPUT_BYTES` — counted while reading, so `/dev/zero`,
 * a FIFO or a growing file cannot make the CLI read without end.
 *
 * Output: the SVG file is opened without truncating it first, checked not to
 * be the input scenario file (same device and inode: a symbolic link, a hard
 * link or another spelling of the path is caught), and only then truncated
 * and written. A FIFO without a reader fails at once (ENXIO) instead of
 * blocking.
 */
import { constants, fstatSync } from 'node:fs'
import type { BigIntStats } from 'node:fs'
import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { whyFailed } from './fsError.js'

/** The default and largest input limit: 64 MiB. */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024

/** The environment variable that lowers the input limit (a whole number of bytes, 1 to 64 MiB). */
export const MAX_INPUT_ENV = 'ACCESS_REVIEW_MAX_INPUT_BYTES'

/** A value, or the reason it could not be had. */
export type Outcome<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly reason: string }

const ok = <A>(value: A): Outcome<A> => ({ ok: true, value })
const failed = <A>(reason: string): Outcome<A> => ({ ok: false, reason })

/** The input limit from the environment variable's value: the default when unset or empty. */
export const maxInputBytes = (env: string | undefined): Outcome<number> => {
  if (env === undefined || env === '') return ok(DEFAULT_MAX_INPUT_BYTES)
  const n = /^[0-9]{1,9}$/.test(env) ? Number(env) : NaN
  return n >= 1 && n <= DEFAULT_MAX_INPUT_BYTES
    ? ok(n)
    : failed(`${MAX_INPUT_ENV} must be a whole number of bytes from 1 to ${DEFAULT_MAX_INPUT_BYTES} (64 MiB)`)
}

/** Why an input over `max` bytes is refused. */
export const tooLarge = (max: number): string =>
  max === DEFAULT_MAX_INPUT_BYTES
    ? `larger than the input limit of 64 MiB (${DEFAULT_MAX_INPUT_BYTES} bytes)`
    : `larger than the input limit of ${max} bytes (set by ${MAX_INPUT_ENV})`

/** The device and inode of a file: the same pair is the same file, whatever the path. */
export interface FileIdentity {
  readonly dev: bigint
  readonly ino: bigint
}

/** What was read: the text, and the identity of the file it came from (when it is a regular file). */
export interface ReadInput {
  readonly text: string
  readonly identity: FileIdentity | undefined
}

const kindOf = (st: BigIntStats): string =>
  st.isCharacterDevice()
    ? 'a character device'
    : st.isBlockDevice()
      ? 'a block device'
      : st.isFIFO()
        ? 'a named pipe'
        : st.isSocket()
          ? 'a socket'
          : 'not a regular file'

const CHUNK = 64 * 1024

/**
 * Reads a regular file of at most `max` bytes as UTF-8. The size is checked
 * before reading and counted while reading (the file may grow): at most
 * `max + 1` bytes are ever read.
 */
export const readFileCapped = async (path: string, max: number): Promise<Outcome<ReadInput>> => {
  let handle: FileHandle
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below)
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (e) {
    return failed(whyFailed(e))
  }
  try {
    const st = await handle.stat({ bigint: true })
    if (st.isDirectory()) return failed('EISDIR: is a directory')
    if (!st.isFile()) return failed(`not a regular file (${kindOf(st)})`)
    if (st.size > BigInt(max)) return failed(tooLarge(max))
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const buffer = Buffer.alloc(Math.min(CHUNK, max + 1 - total))
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      total += bytesRead
      if (total > max) return failed(tooLarge(max))
      chunks.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead))
    }
    return ok({ text: Buffer.concat(chunks, total).toString('utf8'), identity: { dev: st.dev, ino: st.ino } })
  } catch (e) {
    return failed(whyFailed(e))
  } finally {
    await handle.close().catch(() => undefined)
  }
}

/**
 * Reads a stream (standard input) of at most `max` bytes as UTF-8, counting
 * while reading: past `max` it stops reading (the stream is destroyed) and
 * refuses.
 */
export const readStreamCapped = async (stream: AsyncIterable<unknown>, max: number): Promise<Outcome<string>> => {
  try {
    const chunks: Buffer[] = []
    let total = 0
    for await (const chunk of stream) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk))
      total += b.length
      if (total > max) return failed(tooLarge(max))
      chunks.push(b)
    }
    return ok(Buffer.concat(chunks, total).toString('utf8'))
  } catch (e) {
    return failed(whyFailed(e))
  }
}

/** The identity of the file open as standard input when it is a regular file (`run - < scenario.json`), else `undefined`. */
export const stdinIdentity = (): FileIdentity | undefined => {
  try {
    const st = fstatSync(0, { bigint: true })
    return st.isFile() ? { dev: st.dev, ino: st.ino } : undefined
  } catch {
    return undefined
  }
}

/** Why `--svg` may not name the input scenario file. */
export const SAME_AS_INPUT = 'is the input scenario file: refusing to overwrite it'

/**
 * Writes `text` to `path` unless `path` is the file `input` came from. The
 * file is opened without truncation, compared by device and inode, then
 * truncated and written, so the input is never truncated.
 */
export const writeOutput = async (path: string, text: string, input: FileIdentity | undefined): Promise<Outcome<undefined>> => {
  let handle: FileHandle
  try {
    handle = await open(path, constants.O_WRONLY | constants.O_CREAT | (constants.O_NONBLOCK ?? 0), 0o666)
  } catch (e) {
    return failed(whyFailed(e))
  }
  try {
    const st = await handle.stat({ bigint: true })
    if (input !== undefined && st.dev === input.dev && st.ino === input.ino) return failed(SAME_AS_INPUT)
    if (st.isFile()) await handle.truncate(0)
    await handle.writeFile(text, 'utf8')
    return ok(undefined)
  } catch (e) {
    return failed(whyFailed(e))
  } finally {
    await handle.close().catch(() => undefined)
  }
}
