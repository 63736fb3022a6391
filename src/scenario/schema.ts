/**
 * A small JSON Schema (draft-07) generator that walks the codecs of this
 * library: the house constructors (`strict`, `arrayOf`, `taggedUnion`,
 * `oneOf`, `WholeNumber`, `FiniteNumber`, `Text`, read with `shapeOf`), the
 * io-ts primitives (`literal`, `boolean`, `string`, `number`, `record`,
 * `union`) and, by identity, the few custom codecs whose structure is
 * hidden in a function (instants, time zones, ids, durations, reviewer
 * sources). The schema describes the *structure*; a few rules live only in
 * the codecs (a valid IANA zone, a real calendar date, the exact range of
 * instants, ids without unpaired surrogates, `reviewers.count` within the
 * order, no duplicate item ids, directory ids listed once, ids known to the
 * directory).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { shapeOf } from '../shared/codec.js'
import { ApplicationId, CampaignId, CommandId, ItemId, ResourceId, SubjectId, UserId } from '../shared/ids.js'
import { Answers } from '../review/attestation.js'
import { ReviewerSource } from '../review/reviewer.js'
import { InfoSource } from '../campaign/command.js'
import { EscalationReviewers } from '../schedule/policy.js'
import { Duration, EARLIEST_INSTANT, Instant, LATEST_INSTANT, TimeZone } from '../schedule/time.js'
import { CampaignDefinition, CampaignDefinitionShape } from '../campaign/definition.js'
import { Checkpoint, Scenario, ScenarioStep, Step } from './format.js'
import { Expectations, MAX_PATH, MAX_PATHS } from './expect.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A JSON Schema document or sub-schema (plain JSON data).
 * @since 0.1.0
 * @category Scenario
 * @example
 * import type { JsonSchema } from 'access-review-core'
 * const s: JsonSchema = { type: 'string', minLength: 1 }
 */
export interface JsonSchema {
  readonly [key: string]: unknown
}

// -------------------------------------------------------------------------------------
// annotations of the custom codecs
// -------------------------------------------------------------------------------------

// Ids (src/shared/ids.ts): no C0 controls, DEL or C1 controls (U+0000–U+001F,
// U+007F–U+009F). The codec also refuses unpaired UTF-16 surrogates, which a
// JSON Schema pattern (an ECMA-262 regex, matched with or without the `u`
// flag depending on the validator) cannot refuse portably: the description
// says so, and the codec stays the authority.
const ID: JsonSchema = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f]*$' }
const idOf = (what: string): JsonSchema => ({
  ...ID,
  description: `${what} (1 to 200 characters, no control characters U+0000–U+001F or U+007F–U+009F, well-formed Unicode; the pattern cannot refuse an unpaired surrogate portably, the codec does)`,
})

// Instants (src/schedule/time.ts): 1970-01-01T00:00:00Z to
// 2999-12-31T23:59:59.999Z, epoch milliseconds 0 to 32503679999999. A
// date-time string may carry an offset of up to ±23:59 across a bound
// (`1969-12-31T23:30:00-01:00` is in range, `3000-01-01T00:30:00+01:00` too),
// so its pattern admits the years 1969 to 3000 and the codec checks the
// instant itself.
const INSTANT: JsonSchema = {
  description:
    'An ISO-8601 date-time with Z or an offset, e.g. 2025-10-09T16:00:00-04:00 (or epoch milliseconds), from 1970-01-01T00:00:00Z to 2999-12-31T23:59:59.999Z (epoch milliseconds 0 to 32503679999999)',
  anyOf: [
    {
      type: 'string',
      maxLength: 40,
      pattern: '^(?:19(?:69|[7-9]\\d)|2\\d{3}|3000)-\\d{2}-\\d{2}T(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,9})?)?(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)$',
    },
    { type: 'integer', minimum: EARLIEST_INSTANT, maximum: LATEST_INSTANT },
  ],
}

const USERS: JsonSchema = {
  type: 'object',
  properties: { users: { type: 'array', items: idOf('A user id'), minItems: 1 } },
  required: ['users'],
  additionalProperties: false,
}

const DURATION_PART = (max: number): JsonSchema => ({ type: 'integer', minimum: 0, maximum: max })

const annotations: ReadonlyArray<readonly [t.Mixed, JsonSchema]> = [
  [Instant, INSTANT],
  [TimeZone, { type: 'string', maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+){0,3}$', description: 'An IANA time zone name, e.g. Europe/Berlin' }],
  [CampaignId, idOf('A campaign id')],
  [UserId, idOf('A user id')],
  [SubjectId, idOf('A subject id')],
  [ItemId, idOf('An item id')],
  [ApplicationId, idOf('An application integration id')],
  [ResourceId, idOf('A resource id')],
  [CommandId, idOf('A command id')],
  [
    Duration,
    {
      type: 'object',
      description: 'A duration: days are calendar days in the campaign zone, hours and minutes are elapsed time; at least one above zero',
      properties: { days: DURATION_PART(3660), hours: DURATION_PART(87840), minutes: DURATION_PART(5270400) },
      additionalProperties: false,
      anyOf: [
        { required: ['days'], properties: { days: { minimum: 1 } } },
        { required: ['hours'], properties: { hours: { minimum: 1 } } },
        { required: ['minutes'], properties: { minutes: { minimum: 1 } } },
      ],
    },
  ],
  [EscalationReviewers, { anyOf: [{ const: 'reviewerManager' }, USERS] }],
  [
    Answers,
    {
      type: 'object',
      description: 'Answers to attestation questions: question id → true/false, text, or a list of choices (multiChoice)',
      additionalProperties: {
        anyOf: [{ type: 'boolean' }, { type: 'string', maxLength: 5000 }, { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 50 }],
      },
    },
  ],
  [
    InfoSource,
    {
      description: 'Whom a request for more information asks: the subject, the campaign owners, or one named user',
      anyOf: [
        { enum: ['subject', 'owner'] },
        { type: 'object', properties: { user: idOf('A user id') }, required: ['user'], additionalProperties: false },
      ],
    },
  ],
  [ReviewerSource, { anyOf: [{ enum: ['firstLineManager', 'riskManager', 'applicationOwner', 'resourceOwner'] }, USERS] }],
  [
    Expectations,
    {
      type: 'object',
      description:
        'Report paths, each with its expected value, e.g. { "campaign.status": "inProgress", "windows.s-ezra[1].end": "2025-10-14T10:00:00-04:00" }. The runner checks that each path names a field of the report and that the value suits it',
      minProperties: 1,
      maxProperties: MAX_PATHS,
      propertyNames: { minLength: 1, maxLength: MAX_PATH, pattern: '^(?:campaign|items|windows|steps|notifications)(?:[.[]|$)' },
    },
  ],
]

// -------------------------------------------------------------------------------------
// generator
// -------------------------------------------------------------------------------------

const BIG = Number.MAX_SAFE_INTEGER

/**
 * The JSON Schema (draft-07) of a codec: named objects and unions go to
 * `definitions` and are referenced with `$ref`. Left with the names of the
 * codecs the generator cannot describe.
 *
 * @example
 * import * as t from 'io-ts'
 * import { jsonSchemaOf } from '../../src/scenario/schema.js' // internal
 * import { strict } from '../../src/shared/codec.js' // internal
 * jsonSchemaOf(strict('Point', { x: t.number }))
 * // Right({ $schema: ..., $ref: '#/definitions/Point', definitions: { Point: { type: 'object', ... } } })
 *
 * @since 0.1.0
 * @category Scenario
 * @internal
 */
export const jsonSchemaOf = (root: t.Mixed, title?: string): E.Either<ReadonlyArray<string>, JsonSchema> => {
  const definitions: Record<string, JsonSchema> = {}
  const named = new Map<t.Mixed, string>()
  const unsupported: string[] = []
  const annotated = new Map<t.Mixed, JsonSchema>(annotations)

  const define = (codec: t.Mixed, name: string, build: () => JsonSchema): JsonSchema => {
    const known = named.get(codec)
    if (known !== undefined) return { $ref: `#/definitions/${known}` }
    let key = name.replace(/[^A-Za-z0-9_]/g, '') || 'Anonymous'
    const base = key
    for (let i = 2; Object.hasOwn(definitions, key); i++) key = `${base}${i}`
    named.set(codec, key)
    definitions[key] = {}
    definitions[key] = build()
    return { $ref: `#/definitions/${key}` }
  }

  const walk = (codec: t.Mixed): JsonSchema => {
    const note = annotated.get(codec)
    if (note !== undefined) return note
    if (codec === CampaignDefinition) return walk(CampaignDefinitionShape)
    // a command step or a checkpoint (chosen by the `expect` key)
    if (codec === ScenarioStep) return { anyOf: [walk(Step), walk(Checkpoint)] }
    const shape = shapeOf(codec)
    if (shape !== undefined) {
      switch (shape.kind) {
        case 'object':
          return define(codec, shape.name, () => ({
            type: 'object',
            properties: Object.fromEntries([...Object.entries(shape.required), ...Object.entries(shape.optional)].map(([k, c]) => [k, walk(c)])),
            required: Object.keys(shape.required),
            additionalProperties: false,
          }))
        case 'array':
          return {
            type: 'array',
            items: walk(shape.item),
            ...(shape.min > 0 ? { minItems: shape.min } : {}),
            ...(shape.max < BIG ? { maxItems: shape.max } : {}),
          }
        case 'taggedUnion':
          return define(codec, shape.name, () => ({
            type: 'object',
            required: [shape.tag],
            properties: { [shape.tag]: { enum: Object.keys(shape.members) } },
            oneOf: Object.values(shape.members).map(walk),
          }))
        case 'enum':
          return { type: 'string', enum: shape.values }
        case 'number':
          return {
            type: shape.whole ? 'integer' : 'number',
            ...(shape.min > -Number.MAX_VALUE ? { minimum: shape.min } : {}),
            ...(shape.max < (shape.whole ? BIG : Number.MAX_VALUE) ? { maximum: shape.max } : {}),
          }
        case 'text':
          return { type: 'string', ...(shape.min > 0 ? { minLength: shape.min } : {}), maxLength: shape.max }
      }
    }
    if (codec instanceof t.LiteralType) return { const: codec.value as unknown }
    if (codec instanceof t.BooleanType) return { type: 'boolean' }
    if (codec instanceof t.StringType) return { type: 'string' }
    if (codec instanceof t.NumberType) return { type: 'number' }
    if (codec instanceof t.UnionType) return { anyOf: (codec.types as ReadonlyArray<t.Mixed>).map(walk) }
    if (codec instanceof t.DictionaryType) {
      if (!(codec.domain instanceof t.StringType)) unsupported.push(codec.name)
      return { type: 'object', additionalProperties: walk(codec.codomain as t.Mixed) }
    }
    if (codec instanceof t.ReadonlyArrayType || codec instanceof t.ArrayType) return { type: 'array', items: walk(codec.type as t.Mixed) }
    unsupported.push(codec.name)
    return {}
  }

  const body = walk(root)
  if (unsupported.length > 0) return E.left([...new Set(unsupported)])
  return E.right({
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...(title === undefined ? {} : { title }),
    ...body,
    definitions,
  })
}

/**
 * The JSON Schema of scenario files (format version 1), generated from the
 * {@link Scenario} codec. It is written to `docs/scenario.schema.json` by
 * `scripts/gen-schema.ts`.
 *
 * @example
 * import { scenarioJsonSchema } from 'access-review-core'
 * const r = scenarioJsonSchema()
 * // r._tag === 'Right'; r.right.definitions.Scenario.required includes 'steps'
 *
 * @since 0.1.0
 * @category Scenario
 */
export const scenarioJsonSchema = (): E.Either<ReadonlyArray<string>, JsonSchema> =>
  jsonSchemaOf(Scenario, 'access-review-core scenario file (version 1)')
