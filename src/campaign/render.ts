/**
 * Pure renderers of notification intents (SPEC §7.1): an email (subject,
 * plain text and HTML) and a chat message (Slack Block Kit JSON) for every
 * notification kind, with the summary and the task link. Nothing is sent and
 * nothing is read: the caller passes what the intent does not carry (the
 * campaign name, display names, the base URL of relative links).
 *
 * @since 0.1.0
 */
import type { NotificationIntent, NotificationKind } from './notification.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a renderer needs beyond the intent: the campaign name, an optional
 * lookup of display names for user and item ids (ids are shown as they are
 * without it), and an optional base URL that makes a relative task link
 * absolute.
 * @example
 * import type { RenderContext } from 'access-review-core'
 * const names: Record<string, string> = { ann: 'Ann Lee' }
 * const context: RenderContext = { campaignName: 'Q3 review', displayName: (id) => names[id] ?? id, baseUrl: 'https://iga.example' }
 * context.campaignName // 'Q3 review'
 * @since 0.1.0
 * @category Notifications
 */
export interface RenderContext {
  /** The campaign's name, shown in the subject and the text. */
  readonly campaignName: string
  /** The display name of a user or item id; the id itself when absent. */
  readonly displayName?: (id: string) => string
  /** Prefixed to a task link that has no scheme, e.g. `https://iga.example`. */
  readonly baseUrl?: string
  /**
   * Also accept `http:` task links (only `https:` links and site-relative
   * paths are accepted without it). Default `false`.
   */
  readonly allowHttp?: boolean
}

/**
 * A rendered email: a one-line subject, a plain-text body and an HTML body
 * (a fragment, every interpolated value escaped).
 * @example
 * import type { RenderedEmail } from 'access-review-core'
 * const e: RenderedEmail = { subject: 'Q3: Review assigned', text: '…', html: '<p>…</p>' }
 * e.subject.length > 0 // true
 * @since 0.1.0
 * @category Notifications
 */
export interface RenderedEmail {
  /** One line: carriage returns and line feeds are replaced by spaces. */
  readonly subject: string
  /** The plain-text body. */
  readonly text: string
  /** The HTML body, a fragment to put inside a document's body. */
  readonly html: string
}

/**
 * A Slack text object.
 * @example
 * import type { SlackText } from 'access-review-core'
 * const t: SlackText = { type: 'mrkdwn', text: '*Review assigned*' }
 * t.type // 'mrkdwn'
 * @since 0.1.0
 * @category Notifications
 */
export interface SlackText {
  /** `mrkdwn` (escaped) or `plain_text`. */
  readonly type: 'mrkdwn' | 'plain_text'
  /** The text. */
  readonly text: string
}

/**
 * A Slack Block Kit section block with mrkdwn text.
 * @example
 * import type { SlackSectionBlock } from 'access-review-core'
 * const b: SlackSectionBlock = { type: 'section', text: { type: 'mrkdwn', text: 'hi' } }
 * b.type // 'section'
 * @since 0.1.0
 * @category Notifications
 */
export interface SlackSectionBlock {
  /** Always `section`. */
  readonly type: 'section'
  /** The block's text. */
  readonly text: SlackText
}

/**
 * A Slack Block Kit button that opens a URL.
 * @example
 * import type { SlackButton } from 'access-review-core'
 * const b: SlackButton = { type: 'button', action_id: 'open-tasks', text: { type: 'plain_text', text: 'Open' }, url: 'https://iga.example/tasks' }
 * b.url // 'https://iga.example/tasks'
 * @since 0.1.0
 * @category Notifications
 */
export interface SlackButton {
  /** Always `button`. */
  readonly type: 'button'
  /** Identifies the button in interaction payloads. */
  readonly action_id: string
  /** The label (plain text). */
  readonly text: SlackText
  /** The URL the button opens. */
  readonly url: string
}

/**
 * A Slack Block Kit actions block.
 * @example
 * import type { SlackActionsBlock } from 'access-review-core'
 * const b: SlackActionsBlock = { type: 'actions', elements: [] }
 * b.elements // []
 * @since 0.1.0
 * @category Notifications
 */
export interface SlackActionsBlock {
  /** Always `actions`. */
  readonly type: 'actions'
  /** The buttons. */
  readonly elements: ReadonlyArray<SlackButton>
}

/**
 * A Slack message: the fallback `text` (shown in notifications) and the
 * blocks, a section then an actions block with the task button. Post it as
 * the JSON body of `chat.postMessage` or an incoming webhook.
 * @example
 * import type { SlackMessage } from 'access-review-core'
 * const m: SlackMessage = { text: 'hi', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] }
 * m.blocks.length // 1
 * @since 0.1.0
 * @category Notifications
 */
export interface SlackMessage {
  /** The fallback text (escaped like mrkdwn). */
  readonly text: string
  /** The message blocks. */
  readonly blocks: ReadonlyArray<SlackSectionBlock | SlackActionsBlock>
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * Escapes `& < > " '` for HTML text and attribute values.
 * @example
 * import { escapeHtml } from '../../src/campaign/render.js' // internal
 * escapeHtml(`<b title="x">Tom & Jerry's</b>`) // '&lt;b title=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;'
 * @since 0.1.0
 * @category Notifications
 * @internal
 */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)

/**
 * Escapes `& < >` for Slack mrkdwn (the three characters Slack reserves for
 * links and mentions).
 * @example
 * import { escapeMrkdwn } from '../../src/campaign/render.js' // internal
 * escapeMrkdwn('<!channel> & co') // '&lt;!channel&gt; &amp; co'
 * @since 0.1.0
 * @category Notifications
 * @internal
 */
export const escapeMrkdwn = (s: string): string => s.replace(/[&<>]/g, (c) => HTML_ESCAPES[c] ?? c)

/**
 * Makes a task link absolute: a link with a scheme (`https:`, `mailto:`, …)
 * is kept, a relative one is joined to `baseUrl` with exactly one slash;
 * without `baseUrl` the link is returned as it is.
 * @example
 * import { absoluteLink } from 'access-review-core'
 * absoluteLink('/campaigns/q3/reviews?reviewer=ann', 'https://iga.example/') // 'https://iga.example/campaigns/q3/reviews?reviewer=ann'
 * absoluteLink('https://other.example/x', 'https://iga.example') // 'https://other.example/x'
 * absoluteLink('/x', undefined) // '/x'
 * @since 0.1.0
 * @category Notifications
 */
export const absoluteLink = (link: string, baseUrl: string | undefined): string => {
  if (baseUrl === undefined || hasScheme(link)) return link
  let end = baseUrl.length
  while (end > 0 && baseUrl.charCodeAt(end - 1) === 0x2f) end--
  return `${baseUrl.slice(0, end)}/${link.replace(/^\/+/, '')}`
}

const hasScheme = (link: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(link)

/**
 * A link as a browser reads it (the WHATWG URL parser's first steps):
 * leading and trailing C0 controls and spaces (U+0000–U+0020) are stripped,
 * and ASCII tabs and newlines are removed wherever they are. `"\u0001java\tscript:x"`
 * is `javascript:x` to a browser, and so it is here.
 */
const browserNormalised = (link: string): string => {
  let start = 0
  let end = link.length
  while (start < end && link.charCodeAt(start) <= 0x20) start++
  while (end > start && link.charCodeAt(end - 1) <= 0x20) end--
  return link.slice(start, end).replace(/[\t\n\r]/g, '')
}

/**
 * The one check of every link the renderers emit (an email `href`, a Slack
 * button `url`): the task link as a browser reads it, made absolute with
 * `context.baseUrl`, when it is an `https:` link (or `http:` with
 * `context.allowHttp`) or a site-relative path (one `/`, not `//` or `/\`,
 * which a browser reads as another host); `undefined` for anything else
 * (`javascript:`, `data:`, `mailto:`, `//evil.example`, a bare word without
 * `baseUrl`), which the renderers show as text only. Never throws.
 * @example
 * import { safeLink } from '../../src/campaign/render.js' // internal
 * safeLink('/campaigns/q3', { campaignName: 'Q3' }) // '/campaigns/q3'
 * safeLink('/campaigns/q3', { campaignName: 'Q3', baseUrl: 'https://iga.example/' }) // 'https://iga.example/campaigns/q3'
 * safeLink('\u0001java\tscript:alert(1)', { campaignName: 'Q3' }) // undefined
 * safeLink('//evil.example/x', { campaignName: 'Q3' }) // undefined
 * safeLink('http://iga.example/x', { campaignName: 'Q3' }) // undefined
 * safeLink('http://iga.example/x', { campaignName: 'Q3', allowHttp: true }) // 'http://iga.example/x'
 * @since 0.1.0
 * @category Notifications
 * @internal
 */
export const safeLink = (link: string, context: RenderContext): string | undefined => {
  const joined = browserNormalised(absoluteLink(browserNormalised(link), context.baseUrl))
  if (/^https:/i.test(joined)) return joined
  if (/^http:/i.test(joined)) return context.allowHttp === true ? joined : undefined
  return /^\/(?![/\\])/.test(joined) ? joined : undefined
}

const MAX_ITEMS = 10
const SLACK_SECTION_MAX = 3000

// -------------------------------------------------------------------------------------
// copy
// -------------------------------------------------------------------------------------

interface Copy {
  /** A short title: the email subject (after the campaign name) and the chat heading. */
  readonly title: string
  /** The label of the link or button. */
  readonly action: string
}

/** The words of each kind. A new kind without copy is a compile error. */
const copyOf = (kind: NotificationKind): Copy => {
  switch (kind) {
    case 'reviewAssigned':
      return { title: 'Review assigned', action: 'Open your reviews' }
    case 'reviewEscalated':
      return { title: 'Review escalated to you', action: 'Open your reviews' }
    case 'reviewOverdue':
      return { title: 'Review overdue', action: 'Open your reviews' }
    case 'accessRequestDenied':
      return { title: 'Access request denied', action: 'View the campaign' }
    case 'campaignReminder':
      return { title: 'Reminder: reviews are waiting', action: 'Open your reviews' }
    case 'campaignOverdue':
      return { title: 'Campaign overdue', action: 'Open your reviews' }
    case 'campaignAborted':
      return { title: 'Campaign aborted', action: 'View the campaign' }
    case 'campaignCompleted':
      return { title: 'Campaign completed', action: 'View the campaign' }
    case 'accessDeprovisioned':
      return { title: 'Access removed', action: 'View the campaign' }
    case 'deprovisioningFailed':
      return { title: 'De-provisioning failed', action: 'View the results' }
    case 'deprovisioningPartial':
      return { title: 'De-provisioning partly failed', action: 'View the results' }
    case 'deprovisioningSucceeded':
      return { title: 'De-provisioning succeeded', action: 'View the results' }
    case 'reviewExpired':
      return { title: 'Review expired', action: 'View the campaign' }
    case 'campaignExpired':
      return { title: 'Campaign expired', action: 'View the campaign' }
    case 'infoRequested':
      return { title: 'Information requested', action: 'Answer the question' }
    case 'infoProvided':
      return { title: 'Information provided', action: 'Open your reviews' }
    default: {
      const unknownKind: never = kind
      return unknownKind
    }
  }
}

/** The plain pieces both renderers lay out. */
interface Parts {
  readonly copy: Copy
  readonly greeting: string | undefined
  readonly summary: string
  readonly items: ReadonlyArray<string>
  readonly more: number
  /** The task link as the reader sees it (made absolute with `baseUrl`). */
  readonly link: string
  /** The link when `safeLink` accepts it: the only value that becomes an `href` or a button `url`. */
  readonly href: string | undefined
}

const partsOf = (intent: NotificationIntent, context: RenderContext): Parts => {
  const name = (id: string): string => (context.displayName === undefined ? id : context.displayName(id))
  const recipient = intent.recipients[0]
  return {
    copy: copyOf(intent.kind),
    greeting: recipient === undefined ? undefined : `Hello ${name(recipient)},`,
    summary: intent.summary,
    items: intent.itemIds.slice(0, MAX_ITEMS).map(name),
    more: Math.max(0, intent.itemIds.length - MAX_ITEMS),
    link: absoluteLink(intent.link, context.baseUrl),
    href: safeLink(intent.link, context),
  }
}

const moreLine = (more: number): string => `and ${more} more`

/** Cuts `s` to `max` characters without leaving half an entity (`&am`) at the end. */
const truncate = (s: string, max: number): string =>
  s.length <= max ? s : `${s.slice(0, max - 1).replace(/&[#a-z0-9]*$/i, '')}…`

// -------------------------------------------------------------------------------------
// render
// -------------------------------------------------------------------------------------

/**
 * Renders an intent as an email: the subject is `campaign name: title` on one
 * line; the plain text and the HTML carry the greeting, the summary, up to
 * ten items (by display name) and the task link. Every interpolated value is
 * HTML-escaped. Only a link `safeLink` accepts (`https:`, `http:` with
 * `allowHttp`, or a site-relative path, as a browser reads it) becomes an
 * `href`; any other link (`javascript:`, `data:`, `mailto:`, `//host`) is
 * shown as escaped text, never as a link.
 * @example
 * import { renderEmail } from 'access-review-core'
 * import { makeIntent } from '../../src/campaign/notification.js' // internal
 * const intent = makeIntent({ campaignId: 'q3' as never, kind: 'reviewAssigned', recipient: 'ann' as never, itemIds: ['i1' as never], at: 0 as never, summary: '1 item(s) are waiting for your review in "Q3 <ops>"', linkTemplate: undefined })
 * const email = renderEmail(intent, { campaignName: 'Q3 <ops>', baseUrl: 'https://iga.example' })
 * email.subject // 'Q3 <ops>: Review assigned'
 * email.html.includes('Q3 &lt;ops&gt;') // true
 * email.text.includes('https://iga.example/campaigns/q3/reviews?reviewer=ann') // true
 * @since 0.1.0
 * @category Notifications
 */
export const renderEmail = (intent: NotificationIntent, context: RenderContext): RenderedEmail => {
  const p = partsOf(intent, context)
  const subject = `${context.campaignName}: ${p.copy.title}`.replace(/[\r\n]+/g, ' ')
  const text = [
    ...(p.greeting === undefined ? [] : [p.greeting, '']),
    p.summary,
    ...(p.items.length === 0 ? [] : ['', 'Items:', ...p.items.map((i) => `- ${i}`), ...(p.more > 0 ? [`- ${moreLine(p.more)}`] : [])]),
    '',
    `${p.copy.action}: ${p.href ?? p.link}`,
    '',
  ].join('\n')
  const e = escapeHtml
  const action = p.href === undefined ? `${e(p.copy.action)}: ${e(p.link)}` : `<a href="${e(p.href)}">${e(p.copy.action)}</a>`
  const html = [
    `<h1>${e(p.copy.title)}</h1>`,
    `<p>Campaign: <strong>${e(context.campaignName)}</strong></p>`,
    ...(p.greeting === undefined ? [] : [`<p>${e(p.greeting)}</p>`]),
    `<p>${e(p.summary)}</p>`,
    ...(p.items.length === 0
      ? []
      : [`<ul>${p.items.map((i) => `<li>${e(i)}</li>`).join('')}${p.more > 0 ? `<li>${e(moreLine(p.more))}</li>` : ''}</ul>`]),
    `<p>${action}</p>`,
  ].join('\n')
  return { subject, text, html }
}

/**
 * Renders an intent as a Slack Block Kit message: a section block (mrkdwn:
 * the title in bold, the campaign, the summary, up to ten items) and an
 * actions block with one button that opens the task link. Every
 * interpolated value is mrkdwn-escaped (`& < >`), so a name cannot mention
 * `@channel` or forge a link. Slack only accepts absolute button URLs: pass
 * `baseUrl` when the link template is relative. The button's URL passes the
 * same check as the email's `href` (`safeLink`); a refused link gives
 * no button (the message is the section block alone).
 * @example
 * import { renderChat } from 'access-review-core'
 * import { makeIntent } from '../../src/campaign/notification.js' // internal
 * const intent = makeIntent({ campaignId: 'q3' as never, kind: 'campaignReminder', recipient: 'ann' as never, itemIds: [], at: 0 as never, summary: 'Reminder', linkTemplate: 'https://iga.example/{campaignId}' })
 * const message = renderChat(intent, { campaignName: 'Q3' })
 * message.blocks.map((b) => b.type) // ['section', 'actions']
 * @since 0.1.0
 * @category Notifications
 */
export const renderChat = (intent: NotificationIntent, context: RenderContext): SlackMessage => {
  const p = partsOf(intent, context)
  const m = escapeMrkdwn
  const lines = [
    `*${m(p.copy.title)}*`,
    `Campaign: ${m(context.campaignName)}`,
    m(p.summary),
    ...p.items.map((i) => `• ${m(i)}`),
    ...(p.more > 0 ? [`• ${moreLine(p.more)}`] : []),
  ]
  const section: SlackSectionBlock = { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), SLACK_SECTION_MAX) } }
  return {
    text: truncate(m(`${p.copy.title}: ${p.summary}`), SLACK_SECTION_MAX),
    blocks:
      p.href === undefined
        ? [section]
        : [section, { type: 'actions', elements: [{ type: 'button', action_id: 'open-tasks', text: { type: 'plain_text', text: p.copy.action }, url: p.href }] }],
  }
}
