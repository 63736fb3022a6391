import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CampaignId, Instant, ItemId, NotificationIntent, NotificationKind, RenderContext, SlackMessage, UserId } from '../../src/index.js'
import { absoluteLink, notificationKinds, renderChat, renderEmail } from '../../src/index.js'
import { escapeHtml, escapeMrkdwn, safeLink } from '../../src/campaign/render.js'
import { makeIntent } from '../../src/campaign/notification.js'
import { runs } from '../support/runs.js'

// -------------------------------------------------------------------------------------
// fixtures
// -------------------------------------------------------------------------------------

const AT = 1_767_261_600_000 as Instant // 2026-01-01T10:00:00Z
const BASE = 'https://iga.example'

const intentOf = (kind: NotificationKind, over: Partial<NotificationIntent> = {}): NotificationIntent => ({
  ...makeIntent({
    campaignId: 'h1-2026' as CampaignId,
    kind,
    recipient: 'omar' as UserId,
    itemIds: ['item-7' as ItemId, 'item-9' as ItemId],
    at: AT,
    summary: `2 item(s) need attention (${kind})`,
    linkTemplate: 'https://iga.example/c/{campaignId}/tasks?for={recipient}',
  }),
  ...over,
})

const names: Readonly<Record<string, string>> = { omar: 'Omar Haddad', 'item-7': 'payments-db (read)', 'item-9': 'ledger (admin)' }
const context: RenderContext = { campaignName: 'H1 2026 access review', displayName: (id) => names[id] ?? id }

const section = (m: SlackMessage) => m.blocks.find((b) => b.type === 'section')
const button = (m: SlackMessage) => m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []))[0]

/** The HTML with every tag the renderer is allowed to emit removed. */
const withoutOwnTags = (html: string): string =>
  html.replace(/<\/?(h1|p|strong|ul|li)>/g, '').replace(/<a href="[^"<>]*">/g, '').replace(/<\/a>/g, '')

// -------------------------------------------------------------------------------------
// every kind
// -------------------------------------------------------------------------------------

describe('every notification kind', () => {
  it('has its own title', () => {
    const subjects = notificationKinds.map((k) => renderEmail(intentOf(k), context).subject)
    expect(new Set(subjects).size).toBe(notificationKinds.length)
  })

  for (const kind of notificationKinds) {
    it(`renders ${kind} as an email`, () => {
      const intent = intentOf(kind)
      const email = renderEmail(intent, context)
      expect(email.subject.startsWith('H1 2026 access review: ')).toBe(true)
      expect(email.subject.length).toBeGreaterThan('H1 2026 access review: '.length)
      expect(email.text).toContain(intent.summary)
      expect(email.text).toContain('Hello Omar Haddad,')
      expect(email.text).toContain('- payments-db (read)')
      expect(email.text).toContain('- ledger (admin)')
      expect(email.text).toContain('https://iga.example/c/h1-2026/tasks?for=omar')
      expect(email.html).toContain(escapeHtml(intent.summary))
      expect(email.html).toContain('<li>payments-db (read)</li>')
      expect(email.html).toContain('<a href="https://iga.example/c/h1-2026/tasks?for=omar">')
    })

    it(`renders ${kind} as a Slack message`, () => {
      const intent = intentOf(kind)
      const message = renderChat(intent, context)
      expect(message.blocks.map((b) => b.type)).toEqual(['section', 'actions'])
      expect(section(message)?.text.type).toBe('mrkdwn')
      expect(section(message)?.text.text).toContain(intent.summary)
      expect(section(message)?.text.text).toContain('• payments-db (read)')
      expect(message.text).toContain(intent.summary)
      expect(button(message)).toMatchObject({ type: 'button', text: { type: 'plain_text' }, url: intent.link })
      expect(JSON.parse(JSON.stringify(message))).toEqual(message)
    })
  }
})

// -------------------------------------------------------------------------------------
// escaping
// -------------------------------------------------------------------------------------

describe('escaping', () => {
  const hostile = `<script>&"'`

  it('escapes a campaign name in the HTML and in mrkdwn', () => {
    const intent = intentOf('campaignCompleted', { summary: `"${hostile}" was completed` })
    const email = renderEmail(intent, { campaignName: hostile })
    expect(email.subject).toBe(`${hostile}: Campaign completed`)
    expect(email.html).toContain('&lt;script&gt;&amp;&quot;&#39;')
    expect(email.html.toLowerCase()).not.toContain('<script')
    expect(withoutOwnTags(email.html)).not.toMatch(/[<>"']/)
    const chat = renderChat(intent, { campaignName: hostile })
    expect(section(chat)?.text.text).toContain(`Campaign: &lt;script&gt;&amp;"'`)
    expect(section(chat)?.text.text).not.toMatch(/[<>]/)
    expect(chat.text).not.toMatch(/[<>]/)
  })

  it('escapes raw ids and display names', () => {
    const intent = intentOf('reviewAssigned', {
      recipients: ['<b>eve</b>' as UserId],
      itemIds: ['<img src=x onerror=alert(1)>' as ItemId],
    })
    const email = renderEmail(intent, { campaignName: 'x' })
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(email.html).toContain('Hello &lt;b&gt;eve&lt;/b&gt;,')
    expect(withoutOwnTags(email.html)).not.toMatch(/[<>"']/)
    const named = renderEmail(intent, { campaignName: 'x', displayName: (id) => `${id} <!channel>` })
    expect(named.html).toContain('&lt;!channel&gt;')
    expect(section(renderChat(intent, { campaignName: 'x', displayName: () => '<!channel> & <@U1>' }))?.text.text).toContain(
      '&lt;!channel&gt; &amp; &lt;@U1&gt;',
    )
  })

  it('escapes the characters each format reserves', () => {
    expect(escapeHtml(`a<b>c&d"e'f`)).toBe('a&lt;b&gt;c&amp;d&quot;e&#39;f')
    expect(escapeMrkdwn(`a<b>c&d"e'f`)).toBe(`a&lt;b&gt;c&amp;d"e'f`)
  })

  it('keeps the subject on one line', () => {
    expect(renderEmail(intentOf('campaignAborted'), { campaignName: 'Q1\r\nBcc: all@corp.example' }).subject).toBe(
      'Q1 Bcc: all@corp.example: Campaign aborted',
    )
  })
})

// -------------------------------------------------------------------------------------
// links
// -------------------------------------------------------------------------------------

describe('links', () => {
  it('puts the task link in the text, the HTML and the Slack button', () => {
    const intent = intentOf('reviewOverdue', { link: 'https://iga.example/tasks?a=1&b=2' })
    const email = renderEmail(intent, context)
    expect(email.text).toContain('Open your reviews: https://iga.example/tasks?a=1&b=2')
    expect(email.html).toContain('<a href="https://iga.example/tasks?a=1&amp;b=2">Open your reviews</a>')
    expect(button(renderChat(intent, context))?.url).toBe('https://iga.example/tasks?a=1&b=2')
  })

  it('makes a relative link absolute with the base URL', () => {
    const intent = intentOf('reviewAssigned', { link: '/campaigns/h1-2026/reviews?reviewer=omar' })
    const withBase = { ...context, baseUrl: `${BASE}/` }
    expect(renderEmail(intent, withBase).text).toContain('https://iga.example/campaigns/h1-2026/reviews?reviewer=omar')
    expect(button(renderChat(intent, withBase))?.url).toBe('https://iga.example/campaigns/h1-2026/reviews?reviewer=omar')
    expect(button(renderChat(intent, context))?.url).toBe('/campaigns/h1-2026/reviews?reviewer=omar')
    expect(absoluteLink('reviews', 'https://iga.example/app')).toBe('https://iga.example/app/reviews')
    expect(absoluteLink('mailto:sec@corp.example', BASE)).toBe('mailto:sec@corp.example')
  })

  it('never makes a javascript: link an href', () => {
    const email = renderEmail(intentOf('reviewAssigned', { link: 'javascript:alert(1)' }), context)
    expect(email.html).not.toContain('href=')
    expect(email.html).toContain('Open your reviews: javascript:alert(1)')
  })
})

// -------------------------------------------------------------------------------------
// items
// -------------------------------------------------------------------------------------

describe('items', () => {
  it('lists ten items and counts the rest', () => {
    const itemIds = Array.from({ length: 13 }, (_, i) => `it-${i + 1}` as ItemId)
    const intent = intentOf('reviewAssigned', { itemIds })
    const email = renderEmail(intent, context)
    expect(email.text).toContain('- it-10\n- and 3 more')
    expect(email.text).not.toContain('it-11')
    expect(email.html.match(/<li>/g)).toHaveLength(11)
    expect(section(renderChat(intent, context))?.text.text).toContain('• it-10\n• and 3 more')
  })

  it('leaves the item list out when there are no items', () => {
    const intent = intentOf('campaignCompleted', { itemIds: [] })
    expect(renderEmail(intent, context).text).not.toContain('Items:')
    expect(renderEmail(intent, context).html).not.toContain('<ul>')
  })
})

// -------------------------------------------------------------------------------------
// properties
// -------------------------------------------------------------------------------------

describe('properties', () => {
  const nasty = fc
    .array(fc.constantFrom('<', '>', '&', '"', "'", 'script', '<script', 'SCRIPT', '&amp;', ' ', 'a', '\n', '/', '=', 'javascript:'), { maxLength: 30 })
    .map((parts) => parts.join(''))
  const text = fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 40 }))
  const intent: fc.Arbitrary<NotificationIntent> = fc.record({
    id: text,
    kind: fc.constantFrom(...notificationKinds),
    recipients: fc.array(text.map((s) => s as UserId), { maxLength: 2 }),
    campaignId: text.map((s) => s as CampaignId),
    itemIds: fc.array(text.map((s) => s as ItemId), { maxLength: 14 }),
    at: fc.constant(AT),
    summary: fc.oneof(text, fc.string({ maxLength: 4000 })),
    link: text,
  })
  const ctx = fc.record(
    { campaignName: text, displayName: fc.array(fc.tuple(text, text), { maxLength: 8 }).map((pairs) => {
        const m = new Map(pairs)
        return (id: string) => m.get(id) ?? id
      }), baseUrl: text },
    { requiredKeys: ['campaignName'] },
  ) as fc.Arbitrary<RenderContext>

  it('never throws, and the HTML holds no markup but its own', () => {
    fc.assert(
      fc.property(intent, ctx, (i, c) => {
        const email = renderEmail(i, c)
        expect(email.html.toLowerCase()).not.toContain('<script')
        expect(withoutOwnTags(email.html)).not.toMatch(/[<>"']/)
        expect(email.subject).not.toMatch(/[\r\n]/)
        const chat = renderChat(i, c)
        for (const t of [chat.text, section(chat)?.text.text ?? '']) {
          expect(t).not.toMatch(/[<>]/)
          expect(t).not.toMatch(/&(?!amp;|lt;|gt;)/)
          expect(t.length).toBeLessThanOrEqual(3000)
        }
        // issue 8, item 6: the button is there only for a link the shared check accepts
        expect(button(chat)?.url).toBe(safeLink(i.link, c))
      }),
      { numRuns: runs(2_000) },
    )
  })
})
