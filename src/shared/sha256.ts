/**
 * SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, in plain synchronous
 * TypeScript: the pure core hashes its event chain without `node:crypto`
 * (not in browsers) or WebCrypto (asynchronous). Tested against
 * `node:crypto` (docs/decisions.md, D14).
 *
 * @since 0.2.0
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])

/**
 * The UTF-8 bytes of a string, a lone surrogate as U+FFFD (as `TextEncoder`
 * does; written out so the core touches no host global).
 */
const utf8 = (s: string): Uint8Array => {
  const out = new Uint8Array(s.length * 3)
  let n = 0
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = c <= 0xdbff && i + 1 < s.length ? s.charCodeAt(i + 1) : 0
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
      } else c = 0xfffd
    }
    if (c < 0x80) out[n++] = c
    else if (c < 0x800) {
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
  return out.subarray(0, n)
}

/**
 * The SHA-256 digest of `text` (encoded as UTF-8; a lone surrogate becomes
 * U+FFFD, as `TextEncoder` does), as 64 lowercase hex digits. Linear in the
 * text's length.
 * @example
 * import { sha256Hex } from '../../src/shared/sha256.js' // internal
 * sha256Hex('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * @since 0.2.0
 * @category Evidence
 * @internal
 */
export const sha256Hex = (text: string): string => {
  const bytes = utf8(text)
  const bitLength = bytes.length * 8
  const padded = new Uint8Array((((bytes.length + 9 + 63) >> 6) << 6))
  padded.set(bytes)
  padded[bytes.length] = 0x80
  const view = new DataView(padded.buffer)
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000))
  view.setUint32(padded.length - 4, bitLength >>> 0)
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])
  const w = new Uint32Array(64)
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4)
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15] ?? 0
      const b = w[i - 2] ?? 0
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3)
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10)
      w[i] = ((w[i - 16] ?? 0) + s0 + (w[i - 7] ?? 0) + s1) >>> 0
    }
    let a0 = h[0] ?? 0
    let b0 = h[1] ?? 0
    let c0 = h[2] ?? 0
    let d0 = h[3] ?? 0
    let e0 = h[4] ?? 0
    let f0 = h[5] ?? 0
    let g0 = h[6] ?? 0
    let h0 = h[7] ?? 0
    for (let i = 0; i < 64; i++) {
      const S1 = ((e0 >>> 6) | (e0 << 26)) ^ ((e0 >>> 11) | (e0 << 21)) ^ ((e0 >>> 25) | (e0 << 7))
      const ch = (e0 & f0) ^ (~e0 & g0)
      const t1 = (h0 + S1 + ch + (K[i] ?? 0) + (w[i] ?? 0)) >>> 0
      const S0 = ((a0 >>> 2) | (a0 << 30)) ^ ((a0 >>> 13) | (a0 << 19)) ^ ((a0 >>> 22) | (a0 << 10))
      const maj = (a0 & b0) ^ (a0 & c0) ^ (b0 & c0)
      const t2 = (S0 + maj) >>> 0
      h0 = g0
      g0 = f0
      f0 = e0
      e0 = (d0 + t1) >>> 0
      d0 = c0
      c0 = b0
      b0 = a0
      a0 = (t1 + t2) >>> 0
    }
    h[0] = ((h[0] ?? 0) + a0) >>> 0
    h[1] = ((h[1] ?? 0) + b0) >>> 0
    h[2] = ((h[2] ?? 0) + c0) >>> 0
    h[3] = ((h[3] ?? 0) + d0) >>> 0
    h[4] = ((h[4] ?? 0) + e0) >>> 0
    h[5] = ((h[5] ?? 0) + f0) >>> 0
    h[6] = ((h[6] ?? 0) + g0) >>> 0
    h[7] = ((h[7] ?? 0) + h0) >>> 0
  }
  let out = ''
  for (const x of h) out += x.toString(16).padStart(8, '0')
  return out
}
