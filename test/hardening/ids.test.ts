import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import type * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import {
  ApplicationId,
  CampaignId,
  CommandId,
  decodeCommand,
  decodeWith,
  Directory,
  ItemId,
  ResourceId,
  runScenarioJson,
  SubjectId,
  UserId,
} from '../../src/index.js'
import { makeIntent } from '../../src/campaign/notification.js'
import { isWellFormedText, Text } from '../../src/shared/codec.js'
import { runs } from '../support/runs.js'

// Issue 8, item 1: an unpaired UTF-16 surrogate passed the id codecs
// (`"camp-\ud800"`) and later made `encodeURIComponent` (task links) throw
// a URIError. Ids are now well-formed Unicode without C0, DEL or C1 controls,
// and free text (Text codecs, directory names) is well-formed Unicode too.
// docs/limits.md, Identifiers and Free text.

type IdCodec = Pick<t.Type<string, string, unknown>, 'name' | 'is' | 'validate' | 'decode'>
const ID_CODECS: ReadonlyArray<IdCodec> = [CampaignId, UserId, SubjectId, ItemId, ApplicationId, ResourceId, CommandId]

/** The oracle: `String.prototype.isWellFormed` (Node 20; not in the ES2022 lib types). */
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
// eslint-disable-next-line no-control-regex
const hasControl = (s: string): boolean => /[\u0000-\u001f\u007f-\u009f]/.test(s)

const scenario = (): Record<string, unknown> =>
  JSON.parse(readFileSync(fileURLToPath(new URL('../../examples/scenarios/early-completion.json', import.meta.url)), 'utf8')) as Record<string, unknown>
const withAt = (root: Record<string, unknown>, path: ReadonlyArray<string | number>, value: unknown): Record<string, unknown> => {
  let cur = root as Record<string | number, unknown>
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>
  cur[path[path.length - 1] as string | number] = value
  return root
}
const pathsOf = (r: ReturnType<typeof runScenarioJson>): ReadonlyArray<string> => (r._tag === 'Left' ? r.left.map((p) => p.path) : [])

/** Strings over the whole UTF-16 range: any code point, lone surrogates, controls, bidi marks. */
const anyUnits = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u)),
      fc.integer({ min: 0, max: 0xa0 }).map((u) => String.fromCharCode(u)),
      fc.constantFrom('\u200e', '\u200f', '\u202e', '\u2066', '\u2069', '\ufeff', 'a', '-'),
    ),
    { maxLength: 210 },
  )
  .map((xs) => xs.join(''))

describe('issue 8, item 1: ids are well-formed Unicode without control characters', () => {
  it('1. unpaired surrogates in ids are refused at decode', () => {
    for (const codec of ID_CODECS) {
      for (const bad of ['camp-\ud800', '\ud800', '\udc00', 'a\udc00b', '\udc00\ud800', 'x\ud83d', '\ude00x']) {
        expect(decodeWith(codec, bad)).toEqual({ _tag: 'Left', left: [{ path: '$', expected: codec.name }] })
        expect(codec.is(bad)).toBe(false)
      }
      // a surrogate pair is one well-formed character
      for (const good of ['camp-\ud83d\ude00', '\ud83d\ude00', 'caf\u00e9', '\u00a0', '\u200f']) expect(decodeWith(codec, good)).toEqual({ _tag: 'Right', right: good })
    }
    expect(CampaignId.name).toBe('CampaignId (1 to 200 characters, no control characters, well-formed Unicode)')
  })

  it('1. C1 controls U+0080–U+009F in ids are refused at decode, as C0 controls and DEL are', () => {
    for (const codec of ID_CODECS) {
      for (const u of [0x00, 0x09, 0x0a, 0x1f, 0x7f, 0x80, 0x85, 0x9b, 0x9f]) expect(codec.is(`id${String.fromCharCode(u)}`)).toBe(false)
      for (const u of [0x20, 0x7e, 0xa0, 0xff]) expect(codec.is(`id${String.fromCharCode(u)}`)).toBe(true)
    }
  })

  it('1. a scenario, a command or a directory with an unpaired surrogate in an id is refused with a path, and nothing throws', () => {
    expect(pathsOf(runScenarioJson(JSON.stringify(withAt(scenario(), ['definition', 'id'], 'camp-\ud800'))))).toEqual(['definition.id'])
    expect(pathsOf(runScenarioJson(JSON.stringify(withAt(scenario(), ['directory', 'users', 1, 'id'], 'milo\udc00'))))).toEqual(['directory.users[1].id'])
    expect(pathsOf(runScenarioJson(JSON.stringify(withAt(scenario(), ['items', 0, 'id'], '\ud800'))))).toEqual(['items[0].id'])
    expect(pathsOf(runScenarioJson(JSON.stringify(withAt(scenario(), ['steps', 0, 'as'], 'rosa\u0085'))))).toEqual(['steps[0].as'])
    const abort = decodeCommand({ type: 'abort', at: '2025-10-09T16:00:00Z', actor: { id: 'rita\ud800', roles: [] } })
    expect(abort).toEqual({ _tag: 'Left', left: [{ path: 'actor.id', expected: UserId.name }] })
    const dir = decodeWith(Directory, { users: [{ id: 'a', manager: '\udfff' }], subjects: [] })
    expect(dir._tag === 'Left' && dir.left.map((p) => p.path)).toEqual(['users[0].manager'])
  })

  it('1. unpaired surrogates in free text (names, comments, entitlements, directory names) are refused at decode', () => {
    const text = Text(1, 20)
    expect(decodeWith(text, 'ok \ud83d\ude00')).toEqual({ _tag: 'Right', right: 'ok \ud83d\ude00' })
    expect(decodeWith(text, 'bad \ud800')).toEqual({ _tag: 'Left', left: [{ path: '$', expected: 'a string of 1 to 20 characters, well-formed Unicode (no unpaired surrogate)' }] })
    expect(text.is('bad \ud800')).toBe(false)
    // free text keeps its control characters (a comment may have lines)
    expect(text.is('two\nlines')).toBe(true)
    expect(pathsOf(runScenarioJson(JSON.stringify(withAt(scenario(), ['definition', 'name'], 'Q3 \ud800'))))).toEqual(['definition.name'])
    expect(pathsOf(runScenarioJson(JSON.stringify(withAt(scenario(), ['items', 1, 'entitlement'], '\udc00post'))))).toEqual(['items[1].entitlement'])
    expect(pathsOf(runScenarioJson(JSON.stringify(withAt(scenario(), ['directory', 'users', 0, 'name'], 'Rosa \ud800'))))).toEqual(['directory.users[0].name'])
    expect(pathsOf(runScenarioJson(JSON.stringify(withAt(scenario(), ['directory', 'subjects', 0, 'name'], '\ud800'))))).toEqual(['directory.subjects[0].name'])
    const decide = decodeCommand({ type: 'decide', at: '2025-10-09T16:00:00Z', actor: { id: 'mia', roles: [] }, items: ['i1'], decision: 'approve', comment: 'fine \udbff' })
    expect(decide._tag === 'Left' && decide.left.map((p) => p.path)).toEqual(['comment'])
  })

  it('1. property: an id accepted by a codec is well-formed, has no control character, and renders into a task link without throwing', () => {
    fc.assert(
      fc.property(anyUnits, fc.constantFrom(...ID_CODECS), (s, codec) => {
        const ok = decodeWith(codec, s)._tag === 'Right'
        expect(ok).toBe(s.length >= 1 && s.length <= 200 && wellFormed(s) && !hasControl(s))
        expect(isWellFormedText(s)).toBe(wellFormed(s))
        if (!ok) return
        expect(() => encodeURIComponent(s)).not.toThrow()
        const intent = makeIntent({
          campaignId: s as CampaignId,
          kind: 'reviewAssigned',
          recipient: s as UserId,
          itemIds: [s as ItemId],
          at: 0 as never,
          summary: 'x',
          linkTemplate: '/c/{campaignId}?r={recipient}',
        })
        expect(intent.link).toBe(`/c/${encodeURIComponent(s)}?r=${encodeURIComponent(s)}`)
      }),
      { numRuns: runs(10_000) },
    )
  })
})

describe('limits: ids', () => {
  it('limit: an id of 200 characters is accepted, 201 refused (UTF-16 code units; a surrogate pair counts two)', () => {
    for (const codec of ID_CODECS) {
      expect(codec.is('x'.repeat(200))).toBe(true)
      expect(decodeWith(codec, 'x'.repeat(201))).toEqual({ _tag: 'Left', left: [{ path: '$', expected: codec.name }] })
      expect(codec.is('\ud83d\ude00'.repeat(100))).toBe(true)
      expect(codec.is(`x${'\ud83d\ude00'.repeat(100)}`)).toBe(false)
      expect(codec.is('')).toBe(false)
      expect(codec.is('x')).toBe(true)
    }
  })
})
