/**
 * Decision requirements: a comment policy and an attestation set (questions
 * a reviewer answers when approving and/or revoking).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { arrayOf, isPlainObject, lookup, named, oneOf, strict, Text, WholeNumber } from '../shared/codec.js'
import type { Problem } from '../shared/codec.js'
import type { Codec } from '../shared/codec.js'
import { setOwn } from '../shared/record.js'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * A decision: keep the access (`approve`) or remove it (`revoke`).
 * @example
 * import { Verdict } from 'access-review-core'
 * Verdict.is('revoke') // true
 * @since 0.1.0
 * @category Decisions
 */
export const Verdict: Codec<Verdict> = named<Verdict>()(oneOf(['approve', 'revoke']))
/** @since 0.1.0 @category Decisions */
export type Verdict = 'approve' | 'revoke'

/**
 * One attestation question.
 * @example
 * import { Question } from 'access-review-core'
 * Question.is({ id: 'q1', text: 'Still needed?', answer: 'yesNo', required: true, appliesTo: 'approve' }) // true
 * @since 0.1.0
 * @category Decisions
 */
export const Question: Codec<Question> = named<Question>()(strict(
  'Question',
  {
    id: Text(1, 100),
    text: Text(1, 2000),
    answer: oneOf(['yesNo', 'choice', 'multiChoice', 'text']),
    required: t.boolean,
    appliesTo: oneOf(['approve', 'revoke', 'both']),
  },
  { choices: arrayOf(Text(1, 200), { min: 1, max: 50 }), minSelections: WholeNumber(0, 50), maxSelections: WholeNumber(1, 50) },
))
/** @since 0.1.0 @category Decisions */
export interface Question {
  readonly id: string
  readonly text: string
  /**
   * How it is answered: yes/no (`true`/`false`), one of `choices`, several
   * of `choices` (`multiChoice`: a list of distinct choices, a checkbox or
   * multi-select question), or free text.
   */
  readonly answer: 'yesNo' | 'choice' | 'multiChoice' | 'text'
  readonly required: boolean
  /** The decisions that ask it. */
  readonly appliesTo: 'approve' | 'revoke' | 'both'
  readonly choices?: ReadonlyArray<string>
  /** `multiChoice` only: the fewest selections of an answer (default 1). @since 0.2.0 */
  readonly minSelections?: number
  /** `multiChoice` only: the most selections of an answer (default: every choice). @since 0.2.0 */
  readonly maxSelections?: number
}

/**
 * The decision requirements of a campaign.
 * @example
 * import { DecisionPolicy } from 'access-review-core'
 * DecisionPolicy.is({ requireCommentOn: 'revoke' }) // true
 * @since 0.1.0
 * @category Decisions
 */
export const DecisionPolicy: Codec<DecisionPolicy> = named<DecisionPolicy>()(strict(
  'DecisionPolicy',
  {},
  { requireCommentOn: oneOf(['none', 'revoke', 'approve', 'both']), attestation: arrayOf(Question, { max: 50 }) },
))
/** @since 0.1.0 @category Decisions */
export interface DecisionPolicy {
  readonly requireCommentOn?: 'none' | 'revoke' | 'approve' | 'both'
  readonly attestation?: ReadonlyArray<Question>
}

const AnswerValue = t.union([t.boolean, Text(0, 5000), arrayOf(Text(1, 200), { max: 50 })])

/**
 * Answers: question id → `true`/`false` (yes/no), a choice, free text, or a
 * list of choices (`multiChoice`).
 * @example
 * import { Answers } from 'access-review-core'
 * Answers.is({ q1: true }) // true
 * @since 0.1.0
 * @category Decisions
 */
export const Answers: Codec<Answers> = named<Answers>()(new t.Type<Answers, Answers, unknown>(
  'Answers',
  (u): u is Answers => isPlainObject(u) && Object.keys(u).every((k) => AnswerValue.is(u[k])),
  (u, c) => {
    // a plain object only (R18): not a boxed string, a Date or an object that inherits properties
    if (!isPlainObject(u)) return t.failure(u, c, 'a plain object of answers (question id → true/false, text or a list of choices)')
    const errors: t.ValidationError[] = []
    const out: Record<string, boolean | string | ReadonlyArray<string>> = {}
    for (const k of Object.keys(u)) {
      const r = AnswerValue.validate(u[k], [...c, { key: k, type: AnswerValue, actual: u[k] }])
      if (r._tag === 'Left') for (const e of r.left) errors.push(e)
      else setOwn(out, k, r.right)
    }
    return errors.length > 0 ? t.failures(errors) : t.success(out)
  },
  (a) => a,
))
/** @since 0.1.0 @category Decisions */
export interface Answers {
  readonly [questionId: string]: boolean | string | ReadonlyArray<string>
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

const applies = (q: Question, v: Verdict): boolean => q.appliesTo === 'both' || q.appliesTo === v

const answerOk = (q: Question, a: boolean | string | ReadonlyArray<string> | undefined): boolean => {
  if (a === undefined) return false
  switch (q.answer) {
    case 'yesNo':
      return typeof a === 'boolean'
    case 'choice':
      return typeof a === 'string' && (q.choices ?? []).includes(a)
    case 'multiChoice': {
      if (typeof a === 'string' || typeof a === 'boolean') return false
      const choices = q.choices ?? []
      const { min, max } = selectionBounds(q)
      return new Set(a).size === a.length && a.every((x) => choices.includes(x)) && a.length >= min && a.length <= max
    }
    case 'text':
      return typeof a === 'string' && a.trim().length > 0
  }
}

/**
 * The selection bounds of a question: for `multiChoice`, `minSelections`
 * (default 1) to `maxSelections` (default: the number of choices); one for
 * any other kind.
 * @example
 * import { selectionBounds } from 'access-review-core'
 * selectionBounds({ id: 'q', text: 'Why?', answer: 'multiChoice', required: true, appliesTo: 'approve', choices: ['a', 'b', 'c'], maxSelections: 2 }) // { min: 1, max: 2 }
 * @since 0.2.0
 * @category Decisions
 */
export const selectionBounds = (q: Question): SelectionBounds =>
  q.answer === 'multiChoice' ? { min: q.minSelections ?? 1, max: q.maxSelections ?? (q.choices ?? []).length } : { min: 1, max: 1 }
/** How many choices an answer may select. @since 0.2.0 @category Decisions */
export interface SelectionBounds {
  readonly min: number
  readonly max: number
}

/**
 * The cross-field problems of an attestation set: a `multiChoice` question
 * needs `choices`; selection bounds are for `multiChoice` only and must fit
 * the choices (`minSelections` ≤ `maxSelections` ≤ the number of choices).
 * @example
 * import { attestationProblems } from 'access-review-core'
 * attestationProblems([{ id: 'q', text: 'Why?', answer: 'multiChoice', required: true, appliesTo: 'approve', choices: ['a'], minSelections: 2 }], 'decisions.attestation')
 * // [{ path: 'decisions.attestation[0].minSelections', expected: 'a number of selections from 0 to maxSelections (1)' }]
 * @since 0.2.0
 * @category Decisions
 */
export const attestationProblems = (questions: ReadonlyArray<Question>, path: string): ReadonlyArray<Problem> => {
  const out: Problem[] = []
  questions.forEach((q, i) => {
    const at = `${path}[${i}]`
    if (q.answer === 'multiChoice' && q.choices === undefined) out.push({ path: `${at}.choices`, expected: 'a list of choices (a multiChoice question needs them) (required)' })
    if (q.answer !== 'multiChoice') {
      if (q.minSelections !== undefined) out.push({ path: `${at}.minSelections`, expected: 'no minSelections (multiChoice questions only)' })
      if (q.maxSelections !== undefined) out.push({ path: `${at}.maxSelections`, expected: 'no maxSelections (multiChoice questions only)' })
      return
    }
    const n = (q.choices ?? []).length
    const max = q.maxSelections ?? n
    if (q.maxSelections !== undefined && q.maxSelections > n) out.push({ path: `${at}.maxSelections`, expected: `a number of selections from 1 to the number of choices (${n})` })
    if (q.minSelections !== undefined && q.minSelections > Math.min(max, n)) out.push({ path: `${at}.minSelections`, expected: `a number of selections from 0 to maxSelections (${Math.min(max, n)})` })
  })
  return out
}

/**
 * The fields a decision is missing: `comment` and `answers.<questionId>`
 * (a required question with no valid answer, or an answer of the wrong
 * kind to any question, or an answer to a question that does not exist).
 *
 * @example
 * import { missingFields } from 'access-review-core'
 * missingFields({ requireCommentOn: 'revoke' }, 'revoke', undefined, undefined) // ['comment']
 * @since 0.1.0
 * @category Decisions
 */
export const missingFields = (
  policy: DecisionPolicy | undefined,
  verdict: Verdict,
  comment: string | undefined,
  answers: Answers | undefined,
): ReadonlyArray<string> => {
  const out: string[] = []
  const req = policy?.requireCommentOn ?? 'none'
  if ((req === 'both' || req === verdict) && (comment === undefined || comment.trim() === '')) out.push('comment')
  const questions = policy?.attestation ?? []
  for (const q of questions) {
    const a = answers === undefined ? undefined : lookup(answers, q.id)
    if (a === undefined) {
      if (q.required && applies(q, verdict)) out.push(`answers.${q.id}`)
    } else if (!answerOk(q, a)) out.push(`answers.${q.id}`)
  }
  for (const k of Object.keys(answers ?? {})) if (!questions.some((q) => q.id === k)) out.push(`answers.${k}`)
  return out
}
