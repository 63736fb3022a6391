// Every public codec is annotated with a named interface through `named<A>()`
// (src/shared/codec.ts), which refuses to compile unless the codec's decoded
// type and A are assignable to each other, and its encoded type and JsonOf<A>
// likewise. This file pins both halves: the public codecs' types are exactly
// their named types (expectTypeOf, both directions), and `named` rejects a
// codec that disagrees in either direction (@ts-expect-error lines that would
// fail the type check if `named` accepted them).
import * as t from 'io-ts'
import { describe, expectTypeOf, it } from 'vitest'
import type * as Api from '../../src/index.js'
import * as api from '../../src/index.js'
import { named, strict } from '../../src/shared/codec.js'
import type { JsonOf } from '../../src/shared/codec.js'

describe('public codecs agree with their named types', () => {
  it('commands', () => {
    expectTypeOf<t.TypeOf<typeof api.Command>>().toEqualTypeOf<Api.Command>()
    expectTypeOf<Api.Command>().toEqualTypeOf<t.TypeOf<typeof api.Command>>()
    expectTypeOf<t.OutputOf<typeof api.Command>>().toEqualTypeOf<JsonOf<Api.Command>>()
    expectTypeOf<t.TypeOf<typeof api.Actor>>().toEqualTypeOf<Api.Actor>()
    expectTypeOf<t.TypeOf<typeof api.ProgressView>>().toEqualTypeOf<Api.ProgressView>()
    // each member of the union is its own interface
    expectTypeOf<Extract<Api.Command, { type: 'decide' }>>().toEqualTypeOf<Api.DecideCommand>()
    expectTypeOf<Extract<Api.Command, { type: 'publish' }>>().toEqualTypeOf<Api.PublishCommand>()
  })

  it('definition and its parts', () => {
    expectTypeOf<t.TypeOf<typeof api.CampaignDefinition>>().toEqualTypeOf<Api.CampaignDefinition>()
    expectTypeOf<t.OutputOf<typeof api.CampaignDefinition>>().toEqualTypeOf<JsonOf<Api.CampaignDefinition>>()
    expectTypeOf<t.TypeOf<typeof api.ReviewerPolicy>>().toEqualTypeOf<Api.ReviewerPolicy>()
    expectTypeOf<t.TypeOf<typeof api.ReviewerSource>>().toEqualTypeOf<Api.ReviewerSource>()
    expectTypeOf<t.TypeOf<typeof api.TimingPolicy>>().toEqualTypeOf<Api.TimingPolicy>()
    expectTypeOf<t.TypeOf<typeof api.DeadlineTiming>>().toEqualTypeOf<Api.DeadlineTiming>()
    expectTypeOf<t.TypeOf<typeof api.ReviewerWindowsTiming>>().toEqualTypeOf<Api.ReviewerWindowsTiming>()
    expectTypeOf<t.TypeOf<typeof api.LevelTiming>>().toEqualTypeOf<Api.LevelTiming>()
    expectTypeOf<t.TypeOf<typeof api.EscalationTier>>().toEqualTypeOf<Api.EscalationTier>()
    expectTypeOf<t.TypeOf<typeof api.EscalationReviewers>>().toEqualTypeOf<Api.EscalationReviewers>()
    expectTypeOf<t.TypeOf<typeof api.EscalateBeforeDue>>().toEqualTypeOf<Api.EscalateBeforeDue>()
    expectTypeOf<t.TypeOf<typeof api.Duration>>().toEqualTypeOf<Api.Duration>()
    expectTypeOf<t.TypeOf<typeof api.DecisionPolicy>>().toEqualTypeOf<Api.DecisionPolicy>()
    expectTypeOf<t.TypeOf<typeof api.Question>>().toEqualTypeOf<Api.Question>()
    expectTypeOf<t.TypeOf<typeof api.Answers>>().toEqualTypeOf<Api.Answers>()
    expectTypeOf<t.TypeOf<typeof api.Verdict>>().toEqualTypeOf<Api.Verdict>()
    expectTypeOf<t.TypeOf<typeof api.Reminders>>().toEqualTypeOf<Api.Reminders>()
    expectTypeOf<t.TypeOf<typeof api.AccessOutcome>>().toEqualTypeOf<Api.AccessOutcome>()
    expectTypeOf<t.TypeOf<typeof api.Scope>>().toEqualTypeOf<Api.Scope>()
    expectTypeOf<t.TypeOf<typeof api.ItemSpec>>().toEqualTypeOf<Api.ItemSpec>()
    expectTypeOf<t.OutputOf<typeof api.ItemSpec>>().toEqualTypeOf<JsonOf<Api.ItemSpec>>()
  })

  it('directory', () => {
    expectTypeOf<t.TypeOf<typeof api.Directory>>().toEqualTypeOf<Api.Directory>()
    expectTypeOf<t.OutputOf<typeof api.Directory>>().toEqualTypeOf<JsonOf<Api.Directory>>()
    expectTypeOf<t.TypeOf<typeof api.DirectoryUser>>().toEqualTypeOf<Api.DirectoryUser>()
    expectTypeOf<t.TypeOf<typeof api.DirectorySubject>>().toEqualTypeOf<Api.DirectorySubject>()
    expectTypeOf<t.TypeOf<typeof api.ApplicationOwners>>().toEqualTypeOf<Api.ApplicationOwners>()
    expectTypeOf<t.TypeOf<typeof api.ResourceOwners>>().toEqualTypeOf<Api.ResourceOwners>()
    expectTypeOf<t.TypeOf<typeof api.Role>>().toEqualTypeOf<Api.Role>()
  })

  it('time, ids and schedules', () => {
    expectTypeOf<t.TypeOf<typeof api.Instant>>().toEqualTypeOf<Api.Instant>()
    expectTypeOf<t.OutputOf<typeof api.Instant>>().toEqualTypeOf<string>()
    expectTypeOf<t.TypeOf<typeof api.TimeZone>>().toEqualTypeOf<Api.TimeZone>()
    expectTypeOf<t.TypeOf<typeof api.UserId>>().toEqualTypeOf<Api.UserId>()
    expectTypeOf<t.TypeOf<typeof api.ItemId>>().toEqualTypeOf<Api.ItemId>()
    expectTypeOf<t.TypeOf<typeof api.SubjectId>>().toEqualTypeOf<Api.SubjectId>()
    expectTypeOf<t.TypeOf<typeof api.CampaignId>>().toEqualTypeOf<Api.CampaignId>()
    expectTypeOf<t.TypeOf<typeof api.ApplicationId>>().toEqualTypeOf<Api.ApplicationId>()
    expectTypeOf<t.TypeOf<typeof api.ResourceId>>().toEqualTypeOf<Api.ResourceId>()
    expectTypeOf<t.TypeOf<typeof api.CommandId>>().toEqualTypeOf<Api.CommandId>()
    expectTypeOf<t.TypeOf<typeof api.Schedule>>().toEqualTypeOf<Api.Schedule>()
    expectTypeOf<t.TypeOf<typeof api.Frequency>>().toEqualTypeOf<Api.Frequency>()
    expectTypeOf<t.TypeOf<typeof api.LocalDateTime>>().toEqualTypeOf<Api.LocalDateTime>()
  })

  it('scenario', () => {
    expectTypeOf<t.TypeOf<typeof api.Scenario>>().toEqualTypeOf<Api.Scenario>()
    expectTypeOf<t.OutputOf<typeof api.Scenario>>().toEqualTypeOf<JsonOf<Api.Scenario>>()
    expectTypeOf<t.TypeOf<typeof api.Step>>().toEqualTypeOf<Api.Step>()
    expectTypeOf<t.TypeOf<typeof api.StepCommand>>().toEqualTypeOf<Api.StepCommand>()
    expectTypeOf<Extract<Api.StepCommand, { type: 'extend' }>>().toEqualTypeOf<Api.ExtendStep>()
  })

  it('JsonOf turns branded values into strings and keeps literals', () => {
    expectTypeOf<JsonOf<Api.ItemSpec>['id']>().toEqualTypeOf<string>()
    expectTypeOf<JsonOf<Api.DeadlineTiming>['dueAt']>().toEqualTypeOf<string>()
    expectTypeOf<JsonOf<Api.DecideCommand>['decision']>().toEqualTypeOf<'approve' | 'revoke'>()
    expectTypeOf<JsonOf<Api.DecideCommand>['items']>().toEqualTypeOf<ReadonlyArray<string>>()
  })
})

describe('named<A>() refuses a codec that disagrees with A', () => {
  interface Point {
    readonly x: number
    readonly label?: string
  }

  it('accepts the agreeing codec', () => {
    const Point = named<Point>()(strict('Point', { x: t.number }, { label: t.string }))
    expectTypeOf(Point).toEqualTypeOf<t.Type<Point, JsonOf<Point>, unknown>>()
  })

  it('refuses a codec whose decoded type is wider, narrower or different', () => {
    // @ts-expect-error the codec misses the optional `label` (A is wider than the codec)
    named<Point>()(strict('Point', { x: t.number }))
    // @ts-expect-error the codec requires `label` (A is narrower than the codec)
    named<Point>()(strict('Point', { x: t.number, label: t.string }))
    // @ts-expect-error `x` has another type
    named<Point>()(strict('Point', { x: t.string }, { label: t.string }))
  })

  it('refuses a codec whose encoded type differs from the named one', () => {
    const Shifted = new t.Type<number, string, unknown>('Shifted', t.number.is, t.number.validate, String)
    // @ts-expect-error the encoded type is string, not number
    named<number, number>()(Shifted)
  })
})
