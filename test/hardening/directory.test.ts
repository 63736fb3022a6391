import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeCommand, decodeWith, Directory, runScenarioJson, scenarioJsonSchema } from '../../src/index.js'
import { shapeOf } from '../../src/shared/codec.js'
import { runs } from '../support/runs.js'

// Issue 8, item 5: a directory with a user listed twice was read two ways
// (reviewer resolution took the last entry, the list of active users the
// raw list), so a reassignment to a user inactive by one reading succeeded.
// A user, subject, application or resource id may now appear only once in
// its list; a repeat is refused at decode with its path. docs/limits.md,
// Directory.

const USER = 'a user id not already in the directory'
const SUBJECT = 'a subject id not already in the directory'
const APPLICATION = 'an application id not already in applications'
const RESOURCE = 'a resource id not already in resources'

describe('issue 8, item 5: duplicate ids in a directory are refused at decode', () => {
  it('5. duplicate user ids in a directory are refused at decode, with the path of each repeat', () => {
    const users = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'a', active: false }]
    expect(decodeWith(Directory, { users, subjects: [] })).toEqual({ _tag: 'Left', left: [{ path: 'users[3].id', expected: USER }] })
    expect(Directory.is({ users, subjects: [] })).toBe(false)
    // every repeat after the first entry, not only the second
    const thrice = decodeWith(Directory, { users: [{ id: 'x' }, { id: 'x' }, { id: 'y' }, { id: 'x' }], subjects: [] })
    expect(thrice).toEqual({ _tag: 'Left', left: [{ path: 'users[1].id', expected: USER }, { path: 'users[3].id', expected: USER }] })
  })

  it('5. duplicate subject ids are refused at decode, with paths', () => {
    const d = { users: [{ id: 'bob' }], subjects: [{ id: 's1', user: 'bob' }, { id: 's1' }] }
    expect(decodeWith(Directory, d)).toEqual({ _tag: 'Left', left: [{ path: 'subjects[1].id', expected: SUBJECT }] })
    expect(Directory.is(d)).toBe(false)
  })

  it('5. duplicate application and resource owner entries are refused at decode, with paths', () => {
    const d = {
      users: [{ id: 'carol' }, { id: 'dan' }],
      subjects: [],
      applications: [{ id: 'github', owners: ['carol'] }, { id: 'github', owners: ['dan'] }],
      resources: [{ id: 'repo', owners: ['dan'] }, { id: 'org', owners: [] }, { id: 'repo', owners: ['carol'] }],
    }
    expect(decodeWith(Directory, d)).toEqual({
      _tag: 'Left',
      left: [
        { path: 'applications[1].id', expected: APPLICATION },
        { path: 'resources[2].id', expected: RESOURCE },
      ],
    })
    // an application and a resource may share an id; a user and a subject too
    expect(decodeWith(Directory, { users: [{ id: 'x' }], subjects: [{ id: 'x' }], applications: [{ id: 'y', owners: [] }], resources: [{ id: 'y', owners: [] }] })._tag).toBe('Right')
  })

  it('5. the paths are full paths inside a publish command and a scenario file', () => {
    const publish = decodeCommand({
      type: 'publish',
      at: '2025-10-09T16:00:00Z',
      actor: { id: 'rita', roles: ['riskManager'] },
      directory: { users: [{ id: 'mia' }, { id: 'mia', active: false }], subjects: [] },
    })
    expect(publish).toEqual({ _tag: 'Left', left: [{ path: 'directory.users[1].id', expected: USER }] })
    const file = JSON.parse(readFileSync(fileURLToPath(new URL('../../examples/scenarios/early-completion.json', import.meta.url)), 'utf8')) as {
      directory: { users: Array<Record<string, unknown>> }
    }
    file.directory.users.push({ id: 'milo', active: false })
    const r = runScenarioJson(JSON.stringify(file))
    expect(r).toEqual({ _tag: 'Left', left: [{ path: 'directory.users[3].id', expected: USER }] })
  })

  it('5. the codec keeps its name and structure: the scenario JSON Schema is still generated', () => {
    expect(Directory.name).toBe('Directory')
    expect(shapeOf(Directory)?.kind).toBe('object')
    expect(scenarioJsonSchema()._tag).toBe('Right')
  })

  it('5. property: a directory decodes exactly when its ids are unique per list, and each repeat is named', () => {
    const ids = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 8 })
    fc.assert(
      fc.property(ids, ids, (userIds, subjectIds) => {
        const r = decodeWith(Directory, { users: userIds.map((id) => ({ id })), subjects: subjectIds.map((id) => ({ id })) })
        const repeats = (list: string, xs: ReadonlyArray<string>, expected: string) =>
          xs.flatMap((x, i) => (xs.indexOf(x) < i ? [{ path: `${list}[${i}].id`, expected }] : []))
        const problems = [...repeats('users', userIds, USER), ...repeats('subjects', subjectIds, SUBJECT)]
        expect(r).toEqual(problems.length === 0 ? { _tag: 'Right', right: { users: userIds.map((id) => ({ id })), subjects: subjectIds.map((id) => ({ id })) } } : { _tag: 'Left', left: problems })
      }),
      { numRuns: runs(1_000) },
    )
  })

  it('5. the check is linear: 200,000 users with a repeat at the end decode in bounded time', () => {
    const users = Array.from({ length: 200_000 }, (_, i) => ({ id: `u${i}` }))
    users.push({ id: 'u0' })
    const t0 = performance.now()
    const r = decodeWith(Directory, { users, subjects: [] })
    expect(performance.now() - t0).toBeLessThan(5_000)
    expect(r).toEqual({ _tag: 'Left', left: [{ path: 'users[200000].id', expected: USER }] })
  })
})
