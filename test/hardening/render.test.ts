import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CampaignId, Instant, ItemId, NotificationIntent, RenderContext, SlackMessage, UserId } from '../../src/index.js'
import { notificationKinds, renderChat, renderEmail, renderLink } from '../../src/index.js'
import { safeLink } from '../../src/campaign/render.js'
import { makeIntent } from '../../src/campaign/notification.js'
import { runs } from '../support/runs.js'

// Issue 8, item 6 (XSS through the task link) and the URIError of
// encodeURIComponent on lone surrogates: whatever the link template, the ids
// and the context, the renderers return a value, and every href or button
// url they emit is https (http when allowed) or a path on the same site, as a
// browser's WHATWG URL parser reads it.

const AT = 1_767_261_600_000 as Instant
const BASE_HOST = 'base.example'
const BASE = `https://${BASE_HOST}/`

const intentWith = (linkTemplate: string | undefined, ids: { campaignId?: string; recipient?: string } = {}): NotificationIntent =>
  makeIntent({
    campaignId: (ids.campaignId ?? 'q3') as CampaignId,
    kind: 'reviewAssigned',
    recipient: (ids.recipient ?? 'ann') as UserId,
    itemIds: ['i1' as ItemId],
    at: AT,
    summary: 'waiting',
    linkTemplate,
  })

const unescapeHtml = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '')

/** Every link the email's HTML makes clickable. */
const hrefsOf = (html: string): ReadonlyArray<string> => Array.from(html.matchAll(/href="([^"]*)"/g), (m) => unescapeHtml(m[1] ?? ''))
/** Every URL of a Slack button. */
const urlsOf = (m: SlackMessage): ReadonlyArray<string> => m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.url) : []))

/**
 * How a browser reads an emitted link on a page of https://base.example: the
 * WHATWG URL parser (Node's URL) resolves it against that page. A link it
 * parses must be https (or http when allowed), and a relative one must stay
 * on the page's host. A link it cannot parse (`https:/`) goes nowhere; its
 * scheme, as the parser's first steps read it, must still be https or http.
 */
const browserAccepts = (link: string, allowHttp: boolean): boolean => {
  let url: URL
  try {
    url = new URL(link, BASE)
  } catch {
    // eslint-disable-next-line no-control-regex -- the C0 controls a browser strips
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(link.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, ''))?.[1]?.toLowerCase()
    return scheme === 'https' || (allowHttp && scheme === 'http')
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) return false
  return /^[a-z][a-z0-9+.-]*:/i.test(link) || url.host === BASE_HOST
}

const linksOf = (intent: NotificationIntent, context: RenderContext): ReadonlyArray<string> => [
  ...hrefsOf(renderEmail(intent, context).html),
  ...urlsOf(renderChat(intent, context)),
]

describe('issue 8, item 6: links are checked as a browser reads them', () => {
  it('6. a link template with a leading C0 control then javascript: is refused', () => {
    for (const c of ['\u0000', '\u0001', '\u0008', '\u001f', ' ', '\t', '\n', '\u0001 \u0002']) {
      const intent = intentWith(`${c}javascript:alert(1)//{campaignId}`)
      const email = renderEmail(intent, { campaignName: 'Q3' })
      expect(email.html).not.toContain('href=')
      expect(email.html).toContain('Open your reviews: ')
      const chat = renderChat(intent, { campaignName: 'Q3' })
      expect(chat.blocks.map((b) => b.type)).toEqual(['section'])
    }
  })

  it('6. the chat renderer checks button URLs: a javascript: link gives no button', () => {
    for (const link of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', 'mailto:x@example.com']) {
      const chat = renderChat({ ...intentWith(undefined), link }, { campaignName: 'Q3', baseUrl: 'https://iga.example' })
      expect([link, urlsOf(chat)]).toEqual([link, []])
      expect(JSON.stringify(chat)).not.toContain('"url"')
    }
  })

  it('6. tabs and newlines anywhere, and C0 controls and spaces at either end, are read as a browser reads them', () => {
    const refused = [
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'java\rscript:alert(1)',
      ' \u0000\tjavascript:alert(1) \u0000',
      'j\ta\nv\ra\tscript:alert(1)',
      'javascript\t:alert(1)',
      'http://plain.example/x',
      'HTTP://plain.example/x',
      'ftp://files.example/x',
      '//evil.example/x',
      '/\\evil.example/x',
      '/\t/evil.example/x',
      '\t//evil.example/x',
      '\\\\evil.example/x',
      '\\/evil.example/x',
      'relative/path',
      '',
      '\u00a0https://nbsp.example/x',
    ]
    for (const link of refused) expect([link, safeLink(link, { campaignName: 'Q3' })]).toEqual([link, undefined])
    const accepted: ReadonlyArray<readonly [string, string]> = [
      ['https://iga.example/x', 'https://iga.example/x'],
      ['  https://iga.example/x \u0000', 'https://iga.example/x'],
      ['\u0001ht\ttps://iga.example/x', 'https://iga.example/x'],
      ['HTTPS://iga.example/x', 'HTTPS://iga.example/x'],
      ['/campaigns/q3', '/campaigns/q3'],
      ['/', '/'],
      ['\t/campaigns/q3\n', '/campaigns/q3'],
    ]
    for (const [link, href] of accepted) {
      expect([link, safeLink(link, { campaignName: 'Q3' })]).toEqual([link, href])
      expect([link, browserAccepts(href, false)]).toEqual([link, true])
    }
  })

  it('6. http: links only when the render context allows them', () => {
    const intent = { ...intentWith(undefined), link: 'http://iga.example/x' }
    expect(hrefsOf(renderEmail(intent, { campaignName: 'Q3' }).html)).toEqual([])
    expect(urlsOf(renderChat(intent, { campaignName: 'Q3' }))).toEqual([])
    expect(hrefsOf(renderEmail(intent, { campaignName: 'Q3', allowHttp: true }).html)).toEqual(['http://iga.example/x'])
    expect(urlsOf(renderChat(intent, { campaignName: 'Q3', allowHttp: true }))).toEqual(['http://iga.example/x'])
    expect(safeLink('x', { campaignName: 'Q3', baseUrl: 'http://iga.example', allowHttp: false })).toBeUndefined()
  })

  it('6. a relative link joined to the base URL is checked after joining (a hostile base URL is refused too)', () => {
    expect(safeLink('/x', { campaignName: 'Q3', baseUrl: 'https://iga.example/' })).toBe('https://iga.example/x')
    expect(safeLink('//evil.example/x', { campaignName: 'Q3', baseUrl: 'https://iga.example' })).toBe('https://iga.example/evil.example/x')
    expect(safeLink('\u0001javascript:alert(1)', { campaignName: 'Q3', baseUrl: 'https://iga.example' })).toBeUndefined()
    expect(safeLink('/x', { campaignName: 'Q3', baseUrl: 'javascript:alert(1)//' })).toBeUndefined()
    expect(safeLink('/x', { campaignName: 'Q3', baseUrl: '\u0001javascript:alert(1)//' })).toBeUndefined()
  })

  it('6. both renderers emit the same link, the one the shared check accepts', () => {
    const intent = intentWith('\t/campaigns/{campaignId}?r={recipient}')
    const context: RenderContext = { campaignName: 'Q3', baseUrl: 'https://iga.example' }
    expect(hrefsOf(renderEmail(intent, context).html)).toEqual(['https://iga.example/campaigns/q3?r=ann'])
    expect(urlsOf(renderChat(intent, context))).toEqual(['https://iga.example/campaigns/q3?r=ann'])
    expect(renderEmail(intent, context).text).toContain('Open your reviews: https://iga.example/campaigns/q3?r=ann')
  })
})

describe('issue 8: the link renderer never throws (URIError on lone surrogates)', () => {
  it('1/6. a lone surrogate in an id is encoded as U+FFFD instead of throwing a URIError', () => {
    expect(renderLink('/c/{campaignId}/{recipient}', 'camp-\ud800', '\udfffann')).toBe('/c/camp-%EF%BF%BD/%EF%BF%BDann')
    expect(renderLink('/c/{campaignId}', 'a\ud83d\ude00b', 'x')).toBe(`/c/${encodeURIComponent('a\ud83d\ude00b')}`)
    const intent = intentWith(undefined, { campaignId: 'camp-\ud800', recipient: 'ann\udc00' })
    expect(intent.link).toBe('/campaigns/camp-%EF%BF%BD/reviews?reviewer=ann%EF%BF%BD')
    expect(hrefsOf(renderEmail(intent, { campaignName: 'Q3', baseUrl: 'https://iga.example' }).html)).toEqual([
      'https://iga.example/campaigns/camp-%EF%BF%BD/reviews?reviewer=ann%EF%BF%BD',
    ])
  })

  it('renderLink never throws; a value is encoded as its well-formed form would be (property)', () => {
    // oracle: iterating a string by code points yields a lone surrogate as one unit
    const wellFormed = (s: string): string => Array.from(s, (cp) => (cp.length === 1 && cp >= '\ud800' && cp <= '\udfff' ? '\ufffd' : cp)).join('')
    const noBraces = fc.string({ unit: 'binary', maxLength: 40 }).map((t) => t.replace(/[{}]/g, ''))
    const value = fc.string({ unit: 'binary', maxLength: 40 })
    fc.assert(
      fc.property(noBraces, value, value, (template, id, recipient) => {
        const link = renderLink(`${template}{campaignId}|{recipient}`, id, recipient)
        expect(link).toBe(`${template}${encodeURIComponent(wellFormed(id))}|${encodeURIComponent(wellFormed(recipient))}`)
      }),
      { numRuns: runs(2_000) },
    )
  })

  // renderLink remembers up to 4,096 links (issue 9): a remembered link is the
  // one it would make, before and after the memory is cleared, for any mix of
  // repeated and new templates, campaigns and recipients
  it('renderLink gives the same link whether remembered or not, across the clearing of its memory', () => {
    const make = (template: string, id: string, recipient: string): string =>
      template.replace('{campaignId}', encodeURIComponent(id)).replace('{recipient}', encodeURIComponent(recipient))
    const templates = ['/a/{campaignId}?r={recipient}', '/b/{recipient}/{campaignId}']
    for (let round = 0; round < 3; round++) {
      for (let n = 0; n < 5_000; n++) {
        const template = templates[n % 2] as string
        const id = `camp-${n % 3}`
        const recipient = `user-${(n * 7919) % 4_500}`
        expect(renderLink(template, id, recipient)).toBe(make(template, id, recipient))
      }
    }
  })
})

describe('issue 8, item 6: property over arbitrary strings', () => {
  const c0 = fc.constantFrom('\u0000', '\u0001', '\t', '\n', '\r', ' ', '\u001f', '\u000b', '\u000c')
  const piece = fc.oneof(
    c0,
    fc.constantFrom('javascript:', 'JaVaScRiPt:', 'java', 'script', ':', 'data:', 'vbscript:', 'mailto:', 'http:', 'https:', 'HTTPS:', '//', '/', '\\', '/\\', 'evil.example', 'alert(1)', '{campaignId}', '{recipient}', '%0a', '&', '"', '<'),
    fc.string({ unit: 'binary', maxLength: 6 }),
  )
  const hostile = fc.array(piece, { maxLength: 12 }).map((ps) => ps.join(''))
  const text = fc.oneof(hostile, fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }))
  const intent: fc.Arbitrary<NotificationIntent> = fc
    .record({
      kind: fc.constantFrom(...notificationKinds),
      campaignId: text,
      recipient: text,
      itemIds: fc.array(text, { maxLength: 3 }),
      template: fc.option(text, { nil: undefined }),
      summary: text,
    })
    .map((r) =>
      makeIntent({
        campaignId: r.campaignId as CampaignId,
        kind: r.kind,
        recipient: r.recipient as UserId,
        itemIds: r.itemIds.map((id) => id as ItemId),
        at: AT,
        summary: r.summary,
        linkTemplate: r.template,
      }),
    )
  const context: fc.Arbitrary<RenderContext> = fc.record(
    { campaignName: text, baseUrl: fc.oneof(fc.constantFrom('https://iga.example', 'https://iga.example/', 'http://iga.example', ''), text), allowHttp: fc.boolean() },
    { requiredKeys: ['campaignName'] },
  )

  it('6. for arbitrary strings the renderers never throw and never emit an href or url that is not https/http as a browser reads it', () => {
    fc.assert(
      fc.property(intent, context, fc.option(hostile, { nil: undefined }), (i0, c, rawLink) => {
        const i = rawLink === undefined ? i0 : { ...i0, link: rawLink }
        const links = linksOf(i, c)
        for (const link of links) expect([link, browserAccepts(link, c.allowHttp === true)]).toEqual([link, true])
        // the email and the chat agree: both link, or neither
        const email = hrefsOf(renderEmail(i, c).html)
        const chat = urlsOf(renderChat(i, c))
        expect(email).toEqual(chat)
        expect(email.length).toBeLessThanOrEqual(1)
      }),
      { numRuns: runs(10_000) },
    )
  })
})
