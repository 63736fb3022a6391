/**
 * SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, in plain synchronous
 * TypeScript: the pure core hashes its event chain without `node:crypto`
 * (not in browsers) or WebCrypto (asynchronous). Tested against
 * `node:crypto` (docs/decisions.md, D14).
 *
 * @since 0.2.0
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])

/** The bytes being hashed (reused between calls; grown when a text needs more). */
let buffer = new Uint8Array(1 << 16)
/** The message schedule, reused between calls. */
const w = new Int32Array(64)
const HEX: ReadonlyArray<string> = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/**
 * Writes the UTF-8 bytes of `s` into `out` from byte `from` (a lone
 * surrogate as U+FFFD, as `TextEncoder` does; written out so the core
 * touches no host global) and answers the length after them.
 */
const encodeInto = (s: string, out: Uint8Array, from: number): number => {
  let n = from
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c < 0x80) {
      out[n++] = c
      continue
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = c <= 0xdbff && i + 1 < s.length ? s.charCodeAt(i + 1) : 0
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
      } else c = 0xfffd
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6)
      out[n++] = 0x80 | (c & 63)
    } else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >> 12)
      out[n++] = 0x80 | ((c >> 6) & 63)
      out[n++] = 0x80 | (c & 63)
    } else {
      out[n++] = 0xf0 | (c >> 18)
      out[n++] = 0x80 | ((c >> 12) & 63)
      out[n++] = 0x80 | ((c >> 6) & 63)
      out[n++] = 0x80 | (c & 63)
    }
  }
  return n
}

/**
 * Writes the UTF-8 bytes of the texts, one after the other, into `buffer`
 * followed by the SHA-256 padding, and answers the padded length.
 */
const encodePadded = (texts: ReadonlyArray<string>): number => {
  let chars = 0
  for (const s of texts) chars += s.length
  const need = ((chars * 3 + 9 + 63) >> 6) << 6
  if (buffer.length < need) buffer = new Uint8Array(Math.max(need, buffer.length * 2))
  const out = buffer
  let n = 0
  for (const s of texts) n = encodeInto(s, out, n)
  const length = n
  const padded = ((length + 9 + 63) >> 6) << 6
  out[n++] = 0x80
  while (n < padded - 8) out[n++] = 0
  // the length in bits, big-endian (a text of under 2^53 bits)
  const bits = length * 8
  const hi = Math.floor(bits / 0x100000000)
  const lo = bits >>> 0
  out[n++] = hi >>> 24
  out[n++] = (hi >>> 16) & 255
  out[n++] = (hi >>> 8) & 255
  out[n++] = hi & 255
  out[n++] = lo >>> 24
  out[n++] = (lo >>> 16) & 255
  out[n++] = (lo >>> 8) & 255
  out[n++] = lo & 255
  return padded
}

/**
 * The SHA-256 digest of `text` (encoded as UTF-8; a lone surrogate becomes
 * U+FFFD, as `TextEncoder` does), as 64 lowercase hex digits. Linear in the
 * text's length; 32-bit integer arithmetic throughout (the words are kept
 * as signed 32-bit values and read as unsigned only for the hex output).
 * @example
 * import { sha256Hex } from '../../src/shared/sha256.js' // internal
 * sha256Hex('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * @since 0.2.0
 * @category Evidence
 * @internal
 */
export const sha256Hex = (text: string): string => sha256HexOf([text])

/**
 * The SHA-256 digest of the texts one after the other (as of their
 * concatenation, without building it), as 64 lowercase hex digits.
 * @example
 * import { sha256Hex, sha256HexOf } from '../../src/shared/sha256.js' // internal
 * sha256HexOf(['a', 'bc']) === sha256Hex('abc') // true
 * @since 0.2.0
 * @category Evidence
 * @internal
 */
export const sha256HexOf = (texts: ReadonlyArray<string>): string => {
  const length = encodePadded(texts)
  const m = buffer
  let h0 = 0x6a09e667 | 0
  let h1 = 0xbb67ae85 | 0
  let h2 = 0x3c6ef372 | 0
  let h3 = 0xa54ff53a | 0
  let h4 = 0x510e527f | 0
  let h5 = 0x9b05688c | 0
  let h6 = 0x1f83d9ab | 0
  let h7 = 0x5be0cd19 | 0
  for (let off = 0; off < length; off += 64) {
    for (let i = 0, j = off; i < 16; i++, j += 4) w[i] = ((m[j] as number) << 24) | ((m[j + 1] as number) << 16) | ((m[j + 2] as number) << 8) | (m[j + 3] as number)
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15] as number
      const y = w[i - 2] as number
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)
      w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0
    }
    let a = h0
    let b = h1
    let c = h2
    let d = h3
    let e = h4
    let f = h5
    let g = h6
    let h = h7
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const ch = (e & f) ^ (~e & g)
      const t1 = (h + S1 + ch + (K[i] as number) + (w[i] as number)) | 0
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const maj = (a & b) ^ (a & c) ^ (b & c)
      const t2 = (S0 + maj) | 0
      h = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
    h5 = (h5 + f) | 0
    h6 = (h6 + g) | 0
    h7 = (h7 + h) | 0
  }
  let out = ''
  for (const x of [h0, h1, h2, h3, h4, h5, h6, h7]) out += (HEX[(x >>> 24) & 255] as string) + (HEX[(x >>> 16) & 255] as string) + (HEX[(x >>> 8) & 255] as string) + (HEX[x & 255] as string)
  return out
}
