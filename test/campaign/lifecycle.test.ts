import { must } from '../support/must.js'
import { describe, expect, it } from 'vitest'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import type { Instant } from '../../src/schedule/time.js'
import { advance } from '../../src/campaign/advance.js'
import type { Command, CommandType } from '../../src/campaign/command.js'
import { commandTypes } from '../../src/campaign/command.js'
import { decide, execute } from '../../src/campaign/decider.js'
import type { CampaignEvent } from '../../src/campaign/event.js'
import { fold } from '../../src/campaign/event.js'
import type { CampaignState, CampaignStatus } from '../../src/campaign/state.js'
import { findItem } from '../../src/campaign/state.js'
import type { DisplayStatus } from '../../src/campaign/views.js'
import { displayStatus } from '../../src/campaign/views.js'
import type { DefinitionInput } from '../../src/testing/index.js'
import { aDefinition, aDirectory, actor, anItem, at, itemId, run, userId } from '../../src/testing/index.js'

// -------------------------------------------------------------------------------------
// fixture
// -------------------------------------------------------------------------------------
// bob's two items (i1 on "app", i2 on "db") are reviewed by his manager alice.
// adam holds both roles; the campaign is due 2025-03-31.

const ADAM = actor('adam', 'administrator', 'riskManager')
const directory = aDirectory({
  users: [{ id: 'alice' }, { id: 'bob', manager: 'alice' }, { id: 'nora' }, { id: 'rick' }],
  subjects: [{ id: 's-bob', user: 'bob' }],
})
const items = [anItem('i1', 's-bob'), anItem('i2', 's-bob', { application: 'db' })]
const DEADLINE: Partial<DefinitionInput> = {}
const WINDOWS: Partial<DefinitionInput> = { timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 3 } }] } }

const day = (d: number, h = 9): Instant => at(`2025-01-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`)
const AFTER_DUE = at('2025-04-02T09:00:00Z')

const createCmd = (def: Partial<DefinitionInput> = DEADLINE, when = day(2)): Command => ({ type: 'create', at: when, actor: ADAM, definition: aDefinition(def), items })
const publishCmd = (when = day(6)): Command => ({ type: 'publish', at: when, actor: ADAM, directory })
const decideCmd = (id: string, decision: 'approve' | 'revoke', when: Instant, who = 'alice'): Command => ({
  type: 'decide',
  at: when,
  actor: actor(who),
  items: [itemId(id)],
  decision,
})

type Status = DisplayStatus | 'none'

/** A campaign in each (displayed) status, and the instant at which to send commands to it. */
const inStatus = (status: Status): { readonly state: CampaignState | undefined; readonly now: Instant } => {
  switch (status) {
    case 'none':
      return { state: undefined, now: day(2) }
    case 'draft':
      return { state: must([createCmd()]), now: day(3) }
    case 'inProgress':
      return { state: must([createCmd(), publishCmd()]), now: day(7) }
    case 'overdue': {
      const s = must([createCmd(), publishCmd()])
      return { state: advance(s, AFTER_DUE).state, now: AFTER_DUE }
    }
    case 'completed':
      return {
        state: must([createCmd(), publishCmd(), decideCmd('i1', 'revoke', day(7)), { type: 'complete', at: day(8), actor: ADAM, outstanding: 'keepAccess' }]),
        now: day(9),
      }
    case 'aborted':
      return { state: must([createCmd(), publishCmd(), { type: 'abort', at: day(8), actor: ADAM }]), now: day(9) }
    case 'expired': {
      // reviewerWindows: the only level lapses 3 days after publish and every pending item expires
      const s = must([createCmd(WINDOWS), publishCmd()])
      return { state: advance(s, day(10)).state, now: day(11) }
    }
  }
}

/** A valid command of each type, sent by an authorized actor (decide by alice, the eligible reviewer of i2). */
const commandOf = (type: CommandType, now: Instant): Command => {
  switch (type) {
    case 'create':
      return createCmd(DEADLINE, now)
    case 'edit':
      return { type: 'edit', at: now, actor: ADAM, definition: aDefinition({ name: 'Renamed review' }) }
    case 'publish':
      return publishCmd(now)
    case 'decide':
      return decideCmd('i2', 'approve', now)
    case 'reassign':
      return { type: 'reassign', at: now, actor: ADAM, item: itemId('i2'), to: userId('nora') }
    case 'delegate':
      return { type: 'delegate', at: now, actor: actor('alice'), to: userId('nora') }
    case 'requestInfo':
      return { type: 'requestInfo', at: now, actor: actor('alice'), items: [itemId('i2')], from: 'subject', question: 'Do you still use it?' }
    case 'provideInfo':
      return { type: 'provideInfo', at: now, actor: actor('bob'), items: [itemId('i2')], answer: 'Yes, weekly' }
    case 'submit':
      return { type: 'submit', at: now, actor: actor('alice'), packetId: 's-bob' as never, level: 1 }
    case 'extend':
      return { type: 'extend', at: now, actor: ADAM, days: 7, cascade: false }
    case 'remind':
      return { type: 'remind', at: now, actor: ADAM, view: 'reviewer', key: 'alice' }
    case 'complete':
      return { type: 'complete', at: now, actor: ADAM, outstanding: 'keepAccess' }
    case 'abort':
      return { type: 'abort', at: now, actor: ADAM }
    case 'setFulfillment':
      return { type: 'setFulfillment', at: now, actor: ADAM, application: 'app' as never, option: 'ticket' }
    case 'recordFulfillmentResult':
      return { type: 'recordFulfillmentResult', at: now, actor: ADAM, item: itemId('i1'), result: 'done' }
  }
}

// -------------------------------------------------------------------------------------
// T3: the exhaustive status × command table (SPEC §2 plus the brief's rules for
// what the spec leaves open). `→x` is the stored status after an accepted command.
// -------------------------------------------------------------------------------------

// `submit` in an active campaign is refused as ValidationFailed: these
// fixtures run under deadline timing, where no level completes on submit
// (accepted submits are in test/campaign/availability.test.ts)
// `provideInfo` in an active campaign is refused as ItemLocked: no question is open in these fixtures
type Expected = `ok→${CampaignStatus}` | 'InvalidTransition' | 'CampaignNotActive' | 'ValidationFailed' | 'ItemLocked'
const VF = 'ValidationFailed'
const IT = 'InvalidTransition'
const CNA = 'CampaignNotActive'

const TABLE: Record<Status, Record<CommandType, Expected>> = {
  none: {
    create: 'ok→draft', edit: IT, publish: IT, decide: IT, reassign: IT, submit: IT, delegate: IT, requestInfo: IT, provideInfo: IT, extend: IT, remind: IT,
    complete: IT, abort: IT, setFulfillment: IT, recordFulfillmentResult: IT,
  },
  draft: {
    create: IT, edit: 'ok→draft', publish: 'ok→inProgress', decide: CNA, reassign: CNA, submit: CNA, delegate: CNA, requestInfo: CNA, provideInfo: CNA, extend: CNA, remind: CNA,
    complete: IT, abort: 'ok→aborted', setFulfillment: 'ok→draft', recordFulfillmentResult: IT,
  },
  inProgress: {
    create: IT, edit: IT, publish: IT, decide: 'ok→inProgress', reassign: 'ok→inProgress', submit: VF, delegate: 'ok→inProgress', requestInfo: 'ok→inProgress', provideInfo: 'ItemLocked', extend: 'ok→inProgress', remind: 'ok→inProgress',
    complete: 'ok→completed', abort: 'ok→aborted', setFulfillment: 'ok→inProgress', recordFulfillmentResult: IT,
  },
  overdue: {
    create: IT, edit: IT, publish: IT, decide: 'ok→inProgress', reassign: 'ok→inProgress', submit: VF, delegate: 'ok→inProgress', requestInfo: 'ok→inProgress', provideInfo: 'ItemLocked', extend: 'ok→inProgress', remind: 'ok→inProgress',
    complete: 'ok→completed', abort: 'ok→aborted', setFulfillment: 'ok→inProgress', recordFulfillmentResult: IT,
  },
  completed: {
    create: IT, edit: IT, publish: IT, decide: CNA, reassign: CNA, submit: CNA, delegate: CNA, requestInfo: CNA, provideInfo: CNA, extend: CNA, remind: CNA,
    complete: CNA, abort: CNA, setFulfillment: 'ok→completed', recordFulfillmentResult: 'ok→completed',
  },
  aborted: {
    create: IT, edit: IT, publish: IT, decide: CNA, reassign: CNA, submit: CNA, delegate: CNA, requestInfo: CNA, provideInfo: CNA, extend: CNA, remind: CNA,
    complete: CNA, abort: CNA, setFulfillment: 'ok→aborted', recordFulfillmentResult: IT,
  },
  expired: {
    create: IT, edit: IT, publish: IT, decide: CNA, reassign: CNA, submit: CNA, delegate: CNA, requestInfo: CNA, provideInfo: CNA, extend: CNA, remind: CNA,
    complete: 'ok→completed', abort: 'ok→aborted', setFulfillment: 'ok→expired', recordFulfillmentResult: IT,
  },
}

const STATUSES = Object.keys(TABLE) as ReadonlyArray<Status>

describe('T3: every status × every command matches the declared table', () => {
  it('the table covers every command type and every displayed status', () => {
    for (const s of STATUSES) expect(Object.keys(TABLE[s]).sort()).toEqual([...commandTypes].sort())
    expect(STATUSES).toEqual(['none', 'draft', 'inProgress', 'overdue', 'completed', 'aborted', 'expired'])
  })

  it('each fixture is in the status it claims', () => {
    for (const status of STATUSES) {
      const { state, now } = inStatus(status)
      if (status === 'none') expect(state).toBeUndefined()
      else expect(state === undefined ? 'none' : displayStatus(state, now)).toBe(status)
    }
  })

  for (const status of STATUSES) {
    for (const type of commandTypes) {
      const expected = TABLE[status][type]
      it(`${status} × ${type} → ${expected}`, () => {
        const { state, now } = inStatus(status)
        const before = structuredClone(state)
        const r = execute(commandOf(type, now), state)
        if (expected.startsWith('ok→')) {
          if (isLeft(r)) throw new Error(`refused with ${r.left.code}: ${r.left.message}`)
          expect(r.right.state.campaign.status).toBe(expected.slice(3))
          // the new state is exactly the fold of the emitted events
          expect(fold(state, r.right.events)).toEqual(r.right.state)
        } else {
          expect(isLeft(r) ? r.left.code : 'accepted').toBe(expected)
          // a refusal returns no events and leaves the state deep-equal
          expect(isLeft(decide(commandOf(type, now), state))).toBe(true)
        }
        // the input is never mutated, refused or not
        expect(state).toEqual(before)
      })
    }
  }
})

// -------------------------------------------------------------------------------------
// other lifecycle rules
// -------------------------------------------------------------------------------------

describe('refusals leave the state unchanged', () => {
  it('a command older than the latest event is refused (ValidationFailed at `at`)', () => {
    const { state } = inStatus('inProgress')
    const r = decide(decideCmd('i2', 'approve', day(5)), state)
    expect(isLeft(r) && r.left.code === 'ValidationFailed' && r.left.problems.map((p) => p.path)).toEqual(['at'])
  })
  it('a refused command after time passed does not record the time-driven events either', () => {
    const { state } = inStatus('inProgress')
    const s = state as CampaignState
    const r = execute({ type: 'publish', at: AFTER_DUE, actor: ADAM, directory }, s)
    expect(isLeft(r)).toBe(true)
    expect(s.campaign.overdueNotified).toBe(false)
    expect(s.campaign.clock).toBe(day(6))
  })
})

describe('displayed status', () => {
  const s = must([createCmd(), publishCmd()])
  const due = at('2025-03-31T00:00:00Z')
  it('is overdue from the due instant on while in progress', () => {
    expect(displayStatus(s, (due - 1) as Instant)).toBe('inProgress')
    expect(displayStatus(s, due)).toBe('overdue')
    expect(displayStatus(s, AFTER_DUE)).toBe('overdue')
  })
  it('is never overdue in draft, completed or aborted', () => {
    expect(displayStatus(must([createCmd()]), AFTER_DUE)).toBe('draft')
    expect(displayStatus(inStatus('completed').state as CampaignState, AFTER_DUE)).toBe('completed')
    expect(displayStatus(inStatus('aborted').state as CampaignState, AFTER_DUE)).toBe('aborted')
  })
  it('overdue does not block reviewers', () => {
    const { state } = inStatus('overdue')
    const s2 = must([decideCmd('i1', 'approve', AFTER_DUE), decideCmd('i2', 'revoke', AFTER_DUE)], state)
    expect(findItem(s2, 'i2')?.item.state._tag).toBe('revoked')
  })
})

describe('complete', () => {
  const base = must([createCmd(), publishCmd(), decideCmd('i1', 'revoke', day(7))])

  it('with outstanding items and no instruction → OutstandingReviews with the count', () => {
    const r = execute({ type: 'complete', at: day(8), actor: ADAM }, base)
    expect(isLeft(r) && r.left.code === 'OutstandingReviews' && r.left.outstanding).toBe(1)
  })
  it('keepAccess → completed; the plan removes only the revoked access', () => {
    const s = must([{ type: 'complete', at: day(8), actor: ADAM, outstanding: 'keepAccess' }], base)
    expect(s.campaign.status).toBe('completed')
    expect(s.campaign.completion?.outstanding).toBe('keepAccess')
    expect(s.campaign.completion?.plan.map((a) => [a.itemId, a.reason])).toEqual([['i1', 'revoked']])
  })
  it('revokeAccess → completed; the plan also removes every outstanding access', () => {
    const s = must(
      [
        { type: 'setFulfillment', at: day(8), actor: ADAM, application: 'db' as never, option: 'automatic' },
        { type: 'complete', at: day(8), actor: ADAM, outstanding: 'revokeAccess' },
      ],
      base,
    )
    expect(s.campaign.completion?.plan.map((a) => [a.itemId, a.reason, a.option])).toEqual([
      ['i1', 'revoked', 'manual'],
      ['i2', 'outstanding', 'automatic'],
    ])
  })
  it('with every item final needs no instruction; approved items are never in the plan', () => {
    const s = must([decideCmd('i2', 'approve', day(8)), { type: 'complete', at: day(9), actor: ADAM }], base)
    expect(s.campaign.completion?.plan.map((a) => a.itemId)).toEqual(['i1'])
  })
  it('from expired: expired items follow onExpiredItems', () => {
    const keep = inStatus('expired')
    const k = must([{ type: 'complete', at: keep.now, actor: ADAM }], keep.state)
    expect(k.campaign.completion?.plan).toEqual([])
    const s = must([createCmd({ ...WINDOWS, onExpiredItems: 'revokeAccess' }), publishCmd()])
    const expired = advance(s, day(10)).state
    expect(expired.campaign.status).toBe('expired')
    const r = must([{ type: 'complete', at: day(11), actor: ADAM }], expired)
    expect(r.campaign.completion?.plan.map((a) => [a.itemId, a.reason])).toEqual([
      ['i1', 'expired'],
      ['i2', 'expired'],
    ])
  })
  it('is refused for a plain reviewer (NotAuthorized) and changes nothing', () => {
    const before = structuredClone(base)
    const r = execute({ type: 'complete', at: day(8), actor: actor('alice'), outstanding: 'keepAccess' }, base)
    expect(isLeft(r) && r.left.code).toBe('NotAuthorized')
    expect(base).toEqual(before)
  })
})

describe('abort', () => {
  for (const status of ['draft', 'inProgress', 'overdue', 'expired'] as const) {
    it(`from ${status} → aborted, with no fulfillment`, () => {
      const { state, now } = inStatus(status)
      const r = execute({ type: 'abort', at: now, actor: ADAM }, state)
      if (isLeft(r)) throw new Error(r.left.message)
      expect(r.right.state.campaign.status).toBe('aborted')
      expect(r.right.state.campaign.completion).toBeUndefined()
      expect(r.right.events.some((e) => e.type === 'CampaignAborted')).toBe(true)
      expect(r.right.events.some((e) => e.type === 'CampaignCompleted')).toBe(false)
      // a later complete is refused: nothing is ever fulfilled
      const later = execute({ type: 'complete', at: now, actor: ADAM, outstanding: 'revokeAccess' }, r.right.state)
      expect(isLeft(later) && later.left.code).toBe('CampaignNotActive')
    })
  }
})

describe('setFulfillment is administrator-only', () => {
  const { state, now } = inStatus('inProgress')
  const cmd = (who: ReturnType<typeof actor>): Command => ({ type: 'setFulfillment', at: now, actor: who, application: 'app' as never, option: 'ticket' })
  it('a risk manager is refused (NotAuthorized)', () => {
    const r = execute(cmd(actor('rick', 'riskManager')), state)
    expect(isLeft(r) && r.left.code).toBe('NotAuthorized')
  })
  it('an administrator sets the option per application', () => {
    const r = execute(cmd(actor('adam', 'administrator')), state)
    expect(isRight(r) && r.right.state.campaign.fulfillment).toEqual({ app: 'ticket' })
  })
})

describe('autoComplete', () => {
  const finalAll = [decideCmd('i1', 'revoke', day(7)), decideCmd('i2', 'approve', day(8))]
  it('off (default): the campaign stays inProgress when every item is final', () => {
    const s = must([createCmd(), publishCmd(), ...finalAll])
    expect(s.campaign.status).toBe('inProgress')
    expect(displayStatus(s, day(9))).toBe('inProgress')
  })
  it('on: the decision that makes every item final completes the campaign, with no author', () => {
    const r = run([createCmd({ autoComplete: true }), publishCmd(), ...finalAll])
    expect(r.state?.campaign.status).toBe('completed')
    const last = r.results[3]
    const events: ReadonlyArray<CampaignEvent> = last?.ok === true ? last.events : []
    const completed = events.find((e) => e.type === 'CampaignCompleted')
    expect(completed).toMatchObject({ type: 'CampaignCompleted', at: day(8), plan: [{ itemId: 'i1', reason: 'revoked' }] })
    expect(completed !== undefined && 'by' in completed).toBe(false)
  })
  it('on: nothing happens while an item is still pending', () => {
    const s = must([createCmd({ autoComplete: true }), publishCmd(), decideCmd('i1', 'revoke', day(7))])
    expect(s.campaign.status).toBe('inProgress')
  })
})
