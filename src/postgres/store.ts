/**
 * A {@link CampaignStore} over PostgreSQL (a server, 15 or later, through
 * `pg`; or PGlite in process). See docs/postgres.md for the schema.
 *
 * Every append runs in one transaction that first locks its campaign's row
 * in `ar_campaigns` (`SELECT … FOR UPDATE`): the appends of one campaign
 * are serialised, those of different campaigns run in parallel. The unique
 * (campaign_id, stream, version) of `ar_events` guards the versions in any
 * case. Claims of outbox entries use `FOR UPDATE SKIP LOCKED`. The
 * reviewer-tasks projection is rewritten in the append's transaction.
 *
 * @since 0.2.0
 */
import { createHash } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import type { CampaignEvent } from '../campaign/event.js'
import type { Packet } from '../campaign/state.js'
import type { CampaignId, CommandId, SubjectId, UserId } from '../shared/ids.js'
import type { Instant } from '../schedule/time.js'
import type { PortResult } from '../ports/result.js'
import type {
  AppendError,
  AppendRequest,
  Appended,
  CampaignSnapshot,
  CampaignStore,
  CommandRecord,
  LoadedCampaign,
  LoadedStream,
  LoadedTail,
  OutboxEntry,
  ReviewerTask,
  StoreUnavailable,
  StreamId,
  StreamVersion,
  TailRequest,
} from '../ports/store.js'
import { appendConflict, isPosition, versionOfCount } from '../ports/store.js'
import type { PostgresDriver, SqlQueryable } from './driver.js'
import { inTransaction, Refusal } from './driver.js'
import {
  ChecksRow,
  ClaimedRow,
  HeadRow,
  CommandRow,
  SNAPSHOT_PART_CHARS,
  LinkRow,
  decodeState,
  encodeSnapshot,
  EventOnlyRow,
  EventRow,
  IndexedEventRow,
  StoredRecordRef,
  OutboxRow,
  PartRow,
  PositionRow,
  rowsOf,
  TaskRowCodec,
} from './codecs.js'
import type { PostgresSetupError } from './errors.js'
import { unavailable } from './errors.js'
import { checkSchema } from './schema.js'
import { chainer } from '../ports/chain.js'
import type { ChainHead, ChainLink } from '../ports/chain.js'
import { evolveStream, packetTasks, statusAfter } from './tasks.js'
import type { TaskRow } from './tasks.js'

/**
 * The SHA-256 of texts one after the other (their UTF-8, a lone surrogate
 * as U+FFFD), as 64 lowercase hex digits: the chain's `sha256HexOf` through
 * `node:crypto`. The same digests, faster: the portable one was about a
 * fifth of the CPU samples of a 40,000-item publish on the slow 2-core
 * machine of D34 (docs/decisions.md).
 * @example
 * import { sha256HexOfNode } from '../../src/postgres/store.js' // internal
 * sha256HexOfNode(['a', 'bc']) // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * @since 0.2.0
 * @category PostgreSQL store
 * @internal
 */
export const sha256HexOfNode = (texts: ReadonlyArray<string>): string => {
  const h = createHash('sha256')
  for (const t of texts) h.update(t, 'utf8')
  return h.digest('hex')
}

/** How many packet states a store keeps for the tasks projection. */
const PACKET_CACHE = 4096

/** A task row's item and reviewer as one text (ids hold no control character), as the append's delete matches them. */
const taskKey = (t: TaskRow): string => `${t.itemId}\u0001${t.reviewer}`

/** The key of a packet stream's held state: campaign and stream. */
const heldKey = (campaignId: string, stream: string): string => `${campaignId}\u0000${stream}`

/** An event of a stream (as the append writes it and as the checks read it). */
interface StreamEvent {
  readonly stream: string
  readonly event: CampaignEvent
}

/** A packet's state at a version of its stream, as a store holds it for the tasks projection. */
interface HeldPacket {
  readonly version: number
  readonly packet: Packet | undefined
}

/** Task rows as three columns (packet ids, item ids, reviewers): the arrays a statement unnests. */
type TaskColumns = [string[], string[], string[]]

/** The task rows an append removes (their packets, each once, and their items and reviewers as keys: item, chr(1), reviewer) and adds. */
interface TaskChanges {
  readonly removed: { readonly packets: string[]; readonly keys: string[] }
  readonly added: TaskColumns
}

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const versionOf = (v: number | undefined): StreamVersion => (v === undefined ? { _tag: 'noStream' } : { _tag: 'exact', version: v })

/** A campaign whose events were stored before the chain (schema version 1): it cannot be chained on or verified. */
const unchained = (campaignId: string): StoreUnavailable => ({
  code: 'StoreUnavailable',
  message: `campaign ${campaignId} holds events stored without the hash chain (before schema version 2): its log cannot be chained or verified`,
})

/** Throws the `Left` as a {@link Refusal} (rolls the transaction back), or answers the `Right`. */
const orRefuse = <L, A>(r: E.Either<L, A>): A => {
  if (E.isLeft(r)) throw new Refusal(r.left)
  return r.right
}

/** Runs a port call: a driver failure becomes `StoreUnavailable`, never a rejection. */
const guarded = async <L, A>(operation: string, body: () => Promise<E.Either<L, A>>): Promise<E.Either<L | StoreUnavailable, A>> => {
  try {
    return await body()
  } catch (e) {
    if (e instanceof Refusal) return E.left(e.value as L)
    return E.left(unavailable(operation, e))
  }
}

/**
 * The last version of each listed stream (a JSON array in parameter `$S`),
 * one index look-up per stream (`ar_events_stream_version`, read backwards):
 * never a scan of the campaign's log, whatever the planner guesses of the
 * list's length. Streams with no event are left out.
 */
const VERSIONS = `SELECT s.stream, v.v FROM jsonb_array_elements_text($S::jsonb) AS s(stream)
  CROSS JOIN LATERAL (SELECT max(version) AS v FROM ar_events WHERE campaign_id = $1 AND stream = s.stream) AS v WHERE v.v IS NOT NULL`

// The written streams' versions and the hash of each one's last event (the chain's heads), for an append.
const HEADS = `SELECT s.stream, h.version AS v, h.hash FROM jsonb_array_elements_text($3::jsonb) AS s(stream)
  CROSS JOIN LATERAL (SELECT version, hash FROM ar_events WHERE campaign_id = $1 AND stream = s.stream ORDER BY version DESC LIMIT 1) AS h`

const eventsBetween = async (db: SqlQueryable, campaignId: string, from: number, to: number): Promise<ReadonlyArray<CampaignEvent>> => {
  const r = await db.query('SELECT event FROM ar_events WHERE campaign_id = $1 AND log_index >= $2 AND log_index < $3 ORDER BY log_index', [campaignId, from, to])
  return orRefuse(rowsOf(EventOnlyRow, r.rows, 'ar_events')).map((row) => row.event)
}

/**
 * The parts of the snapshot kept at `position`, in order, or `undefined`
 * when they are not all there (the snapshot was replaced by a newer one
 * since its row was read: its parts went with it).
 */
const snapshotParts = async (db: SqlQueryable, campaignId: string, position: number, count: number): Promise<ReadonlyArray<string> | undefined> => {
  const r = await db.query('SELECT part, packets FROM ar_snapshot_parts WHERE campaign_id = $1 AND position = $2 ORDER BY part', [campaignId, position])
  const rows = orRefuse(rowsOf(PartRow, r.rows, 'ar_snapshot_parts'))
  if (rows.length !== count) return undefined
  const out: string[] = []
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as (typeof rows)[number]
    if (row.part !== i) return undefined
    out.push(row.packets)
  }
  return out
}

/**
 * Above this many characters of event JSON, an accepted command's record
 * names its events by their places in the log instead of holding a copy
 * (D18): the copy would double the append's JSON (and a jsonb value holds at
 * most 255 MB). Below it the record is stored whole, as before.
 */
const RECORD_COPY_CHARS = 16 * 1024 * 1024

type StoredCommandRecord = CommandRecord | t.TypeOf<typeof StoredRecordRef>

/** The record to store: by reference when it is large and every event of it is one this append writes (at its place in the log). */
const byReference = (cmd: CommandRecord, written: ReadonlyMap<CampaignEvent, { readonly at: number; readonly chars: number }>): t.TypeOf<typeof StoredRecordRef> | undefined => {
  if (cmd.result._tag !== 'accepted') return undefined
  const eventsAt: number[] = []
  let chars = 0
  for (const e of cmd.result.events) {
    const w = written.get(e)
    if (w === undefined) return undefined
    eventsAt.push(w.at)
    chars += w.chars
  }
  return chars > RECORD_COPY_CHARS ? { commandId: cmd.commandId, fingerprint: cmd.fingerprint, result: { _tag: 'accepted', at: cmd.result.at, eventsAt } } : undefined
}

/** A stored record with its events (read from the log when it names them by place). */
const withEvents = async (db: SqlQueryable, campaignId: string, stored: StoredCommandRecord): Promise<E.Either<StoreUnavailable, CommandRecord>> => {
  if (!('eventsAt' in stored.result)) return E.right(stored as CommandRecord)
  const at = stored.result.eventsAt
  const r = await db.query('SELECT log_index, event FROM ar_events WHERE campaign_id = $1 AND log_index = ANY($2::int[])', [campaignId, at])
  const rows = rowsOf(IndexedEventRow, r.rows, 'ar_events')
  if (E.isLeft(rows)) return rows
  const byIndex = new Map<number, CampaignEvent>()
  for (const row of rows.right) byIndex.set(row.log_index, row.event)
  const events: CampaignEvent[] = []
  for (const i of at) {
    const e = byIndex.get(i)
    if (e === undefined) return E.left({ code: 'StoreUnavailable', message: `postgres: the record of command ${stored.commandId} names event ${i} of ${campaignId}, which ar_events does not hold` })
    events.push(e)
  }
  return E.right({ commandId: stored.commandId, fingerprint: stored.fingerprint, result: { _tag: 'accepted', at: stored.result.at, events } })
}

/** Most events one INSERT carries, and about the most characters of their JSON. */
const BATCH_ROWS = 500
const BATCH_CHARS = 4_000_000

const insertSql = new Map<number, string>()

/** `INSERT INTO ar_events … VALUES` of `n` rows: `$1` the campaign, then 7 parameters a row, the event as text cast to jsonb. */
const insertEvents = (n: number): string => {
  const known = insertSql.get(n)
  if (known !== undefined) return known
  const values: string[] = []
  for (let r = 0; r < n; r++) {
    const b = 2 + r * 7
    values.push(`($1, $${b}::int, $${b + 1}::text, $${b + 2}::int, $${b + 3}::text, $${b + 4}::jsonb, $${b + 5}::text, $${b + 6}::text)`)
  }
  const sql = `INSERT INTO ar_events (campaign_id, log_index, stream, version, type, event, prev, hash) VALUES ${values.join(', ')}`
  insertSql.set(n, sql)
  return sql
}

/**
 * The events of an append, inserted a few hundred rows a statement, each
 * event's JSON a parameter of its own (the server parses each into jsonb
 * once; no array or document holding them all is built on either side).
 * One statement is outstanding at a time: the store chains and serialises
 * the next rows while the server inserts the previous ones.
 */
class EventBatch {
  #params: unknown[]
  #rows = 0
  #chars = 0
  #pending: Promise<unknown> | undefined

  constructor(
    private readonly tx: SqlQueryable,
    private readonly campaignId: string,
  ) {
    this.#params = [campaignId]
  }

  /** Adds a row; sends the rows gathered when there are enough (after the previous statement finished). */
  async add(logIndex: number, stream: string, version: number, type: string, eventText: string, prev: string, hash: string): Promise<void> {
    this.#params.push(logIndex, stream, version, type, eventText, prev, hash)
    this.#rows++
    this.#chars += eventText.length
    if (this.#rows >= BATCH_ROWS || this.#chars >= BATCH_CHARS) await this.#send()
  }

  /** Sends the rows left and waits for every statement. */
  async end(): Promise<void> {
    await this.#send()
    await this.#pending
  }

  async #send(): Promise<void> {
    if (this.#rows === 0) return
    await this.#pending
    const sent = this.tx.query(insertEvents(this.#rows), this.#params)
    // awaited before the next statement or by end(); a failure rejects there
    sent.catch(() => undefined)
    this.#pending = sent
    this.#params = [this.campaignId]
    this.#rows = 0
    this.#chars = 0
  }
}

// -------------------------------------------------------------------------------------
// store
// -------------------------------------------------------------------------------------

/**
 * The {@link CampaignStore} over PostgreSQL. Make it with
 * {@link openPostgresStore}, which checks the schema first; every method
 * resolves to an `Either` and never rejects (a driver failure is a
 * `StoreUnavailable` naming the operation and the driver's error code).
 * @example
 * import { PGlite } from '@electric-sql/pglite'
 * import { migrate, openPostgresStore } from 'access-review-core/postgres'
 * const db = new PGlite()
 * await migrate(db)
 * const opened = await openPostgresStore(db)
 * if (opened._tag === 'Right') {
 *   const loaded = await opened.right.loadCampaign('q3' as never)
 *   loaded._tag === 'Right' && loaded.right // { events: [], versions: {} }
 * }
 * @since 0.2.0
 * @category PostgreSQL store
 */
export class PostgresCampaignStore implements CampaignStore {
  readonly #db: PostgresDriver
  /** Packet states by campaign and stream, at a version of the stream (for the tasks projection). */
  readonly #packets = new Map<string, HeldPacket>()

  readonly #partChars: number

  /**
   * Wraps a migrated database without checking it: prefer {@link openPostgresStore}.
   * @param db - the database (a `pg` pool or a PGlite instance)
   * @param snapshotPartChars - the most characters of packets' JSON in one row
   *   of `ar_snapshot_parts` (default 32 MiB; anything but a positive whole
   *   number means the default). Smaller parts only cost more rows.
   */
  constructor(db: PostgresDriver, snapshotPartChars?: number) {
    this.#db = db
    this.#partChars = snapshotPartChars !== undefined && Number.isSafeInteger(snapshotPartChars) && snapshotPartChars > 0 ? snapshotPartChars : SNAPSHOT_PART_CHARS
  }

  /** The events after `since` (or after the latest snapshot), the position and the asked streams' versions, in one snapshot-isolated read. */
  readonly loadTail = (campaignId: CampaignId, request: TailRequest): PortResult<StoreUnavailable, LoadedTail> =>
    guarded('loadTail', async () => {
      // One statement reads the position, the asked streams' versions and the
      // snapshot kept (one consistent view); the events after `from` are then
      // read up to that position: a log's prefix never changes, so the answer
      // is the campaign as of that one statement.
      const since = request.since
      const trusted = isPosition(since) ? since : -1
      const head = await this.#db.query(
        `SELECT coalesce(c.position, 0) AS position, coalesce(s.position, 0) AS snapshot_position,
                CASE WHEN $3::int < 0 OR $3::int > coalesce(c.position, 0) THEN s.state END AS state, coalesce(s.parts, 0) AS parts,
                coalesce((SELECT jsonb_agg(jsonb_build_object('stream', x.stream, 'version', x.v)) FROM (${VERSIONS.replace('$S', '$2')}) x), '[]'::jsonb) AS versions
           FROM (SELECT $1::text AS id) k LEFT JOIN ar_campaigns c ON c.campaign_id = k.id LEFT JOIN ar_snapshots s ON s.campaign_id = k.id`,
        [campaignId, JSON.stringify(Array.from(new Set(request.streams))), trusted],
      )
      const row = orRefuse(rowsOf(HeadRow, head.rows, 'ar_campaigns/ar_snapshots'))[0]
      const position = row?.position ?? 0
      const snapshotPosition = row?.snapshot_position ?? 0
      const known = new Map<string, number>()
      for (const v of row?.versions ?? []) known.set(v.stream, v.version)
      const versions: Record<StreamId, StreamVersion> = {}
      for (const s of request.streams) versions[s] = versionOf(known.get(s))
      const upTo = async (from: number): Promise<ReadonlyArray<CampaignEvent>> => (from >= position ? [] : eventsBetween(this.#db, campaignId, from, position))
      if (trusted >= 0 && trusted <= position) return E.right({ from: trusted, events: await upTo(trusted), position, versions, snapshotPosition })
      if (row?.state !== undefined && row.state !== null && snapshotPosition > 0) {
        // the packets of a snapshot written since schema version 3 are in its
        // parts; a snapshot replaced since the statement above has none left at
        // its position, and the log is then folded from its start instead
        const parts = row.parts === 0 ? undefined : await snapshotParts(this.#db, campaignId, snapshotPosition, row.parts)
        if (row.parts === 0 || parts !== undefined) {
          const state = orRefuse(decodeState(row.state, campaignId, parts))
          const snapshot: CampaignSnapshot = { position: snapshotPosition, state }
          return E.right({ snapshot, from: snapshotPosition, events: await upTo(snapshotPosition), position, versions, snapshotPosition })
        }
      }
      return E.right({ from: 0, events: await upTo(0), position, versions, snapshotPosition })
    })

  /**
   * Keeps the snapshot if it is newer than the one kept and within the log,
   * in one transaction: the state without its packets in `ar_snapshots`,
   * the packets in parts of at most `snapshotPartChars` characters in
   * `ar_snapshot_parts` (D27), the parts of the snapshot it replaces deleted.
   */
  readonly saveSnapshot = (campaignId: CampaignId, snapshot: CampaignSnapshot): PortResult<StoreUnavailable, void> =>
    guarded('saveSnapshot', async () => {
      const { position } = snapshot
      if (!isPosition(position) || position === 0) return E.right(undefined)
      const { head, parts } = encodeSnapshot(snapshot.state, this.#partChars)
      await inTransaction(this.#db, 'write', async (tx) => {
        const kept = await tx.query(
          `INSERT INTO ar_snapshots (campaign_id, position, state, parts)
             SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM ar_campaigns WHERE campaign_id = $1 AND position >= $2)
           ON CONFLICT (campaign_id) DO UPDATE SET position = excluded.position, state = excluded.state, parts = excluded.parts
             WHERE ar_snapshots.position < excluded.position
           RETURNING position`,
          [campaignId, position, head, parts.length],
        )
        if (kept.rows.length === 0) return
        await tx.query('DELETE FROM ar_snapshot_parts WHERE campaign_id = $1', [campaignId])
        // one part a statement: a part is up to 32 MiB of text
        for (let i = 0; i < parts.length; i++) {
          await tx.query('INSERT INTO ar_snapshot_parts (campaign_id, position, part, packets) VALUES ($1, $2, $3, $4)', [campaignId, position, i, parts[i]])
        }
      })
      return E.right(undefined)
    })

  /** Every event of the campaign in append order, with every stream's version. */
  readonly loadCampaign = (campaignId: CampaignId): PortResult<StoreUnavailable, LoadedCampaign> =>
    guarded('loadCampaign', () =>
      inTransaction(this.#db, 'snapshot', async (tx) => {
        const r = await tx.query('SELECT stream, event FROM ar_events WHERE campaign_id = $1 ORDER BY log_index', [campaignId])
        const rows = orRefuse(rowsOf(EventRow, r.rows, 'ar_events'))
        const counts = new Map<string, number>()
        const events: CampaignEvent[] = []
        for (const row of rows) {
          events.push(row.event)
          counts.set(row.stream, (counts.get(row.stream) ?? 0) + 1)
        }
        const versions: Record<StreamId, StreamVersion> = {}
        for (const [s, n] of counts) versions[s] = versionOfCount(n)
        return E.right({ events, versions })
      }),
    )

  /** One packet's stream and its version. */
  readonly loadPacket = (campaignId: CampaignId, packetId: SubjectId): PortResult<StoreUnavailable, LoadedStream> =>
    guarded('loadPacket', async () => {
      const stream = `packet:${campaignId}:${packetId}`
      const r = await this.#db.query('SELECT event FROM ar_events WHERE campaign_id = $1 AND stream = $2 ORDER BY version', [campaignId, stream])
      const events = orRefuse(rowsOf(EventOnlyRow, r.rows, 'ar_events')).map((row) => row.event)
      return E.right({ stream, events, version: versionOfCount(events.length) })
    })

  /** Appends atomically under the campaign's row lock: command id, versions and position checked, then events, outbox, command record and the tasks of the written packets. */
  readonly append = (request: AppendRequest): PortResult<AppendError, Appended> => {
    // what to remember once the transaction committed (never before: a rolled-back version may be written by another)
    const settle: Array<() => void> = []
    return guarded<AppendError, Appended>('append', async () => {
      const r = await inTransaction(this.#db, 'write', async (tx): Promise<E.Either<AppendError, Appended>> => {
        const campaignId = request.campaignId
        const packetPrefix = `packet:${campaignId}:`
        // the written packets' streams, each with the state this store holds of it, taken now: the
        // checks read each stream's events after that state (none when it is current, the whole
        // stream when the store holds none)
        const held = new Map<string, HeldPacket | undefined>()
        for (const w of request.writes) {
          if (w.events.length > 0 && w.stream.startsWith(packetPrefix) && !held.has(w.stream)) held.set(w.stream, this.#packets.get(heldKey(campaignId, w.stream)))
        }
        const tailStreams = Array.from(held.keys())
        const tailFrom = tailStreams.map((stream) => (held.get(stream)?.version ?? -1) + 1)
        // the campaign's row, locked (created if new): appends of one campaign run one at a time
        const locked = await tx.query(
          `INSERT INTO ar_campaigns AS c (campaign_id) VALUES ($1) ON CONFLICT (campaign_id) DO UPDATE SET position = c.position RETURNING c.position`,
          [campaignId],
        )
        const position = orRefuse(rowsOf(PositionRow, locked.rows, 'ar_campaigns'))[0]?.position ?? 0
        const cmd = request.command
        // the command's record, if any, the versions of the written streams and the events of the
        // written packets' streams after the states this store holds, in one statement (under the lock:
        // what it reads is current). The tails go by arrays, whose length the planner reads: each stream
        // is looked up by the (campaign, stream, version) index, never by a scan of the campaign's log
        const read = await tx.query(
          `SELECT (SELECT result FROM ar_commands WHERE campaign_id = $1 AND command_id = $2) AS record,
                  coalesce((SELECT jsonb_agg(jsonb_build_object('stream', x.stream, 'version', x.v, 'hash', x.hash)) FROM (${HEADS}) x), '[]'::jsonb) AS versions,
                  coalesce((SELECT jsonb_agg(jsonb_build_object('stream', e.stream, 'event', e.event) ORDER BY e.stream, e.version)
                              FROM unnest($4::text[], $5::int[]) AS w(stream, after)
                              JOIN ar_events e ON e.campaign_id = $1 AND e.stream = w.stream AND e.version >= w.after), '[]'::jsonb) AS tails`,
          [campaignId, cmd?.commandId ?? null, JSON.stringify(Array.from(new Set(request.writes.map((w) => w.stream)))), tailStreams, tailFrom],
        )
        const checks = orRefuse(rowsOf(ChecksRow, read.rows, 'ar_commands/ar_events'))[0]
        if (cmd !== undefined && checks !== undefined && checks.record !== null) {
          const first = orRefuse(await withEvents(tx, campaignId, checks.record))
          throw new Refusal<AppendError>({ code: 'DuplicateCommand', message: `command ${cmd.commandId} was already handled`, commandId: cmd.commandId, first })
        }
        // checks: the counts the earlier writes of this request would leave
        const current = new Map<string, number>()
        const heads: Record<StreamId, ChainHead> = {}
        for (const row of checks?.versions ?? []) {
          current.set(row.stream, row.version)
          if (row.hash === null) throw new Refusal<AppendError>(unchained(campaignId))
          Object.defineProperty(heads, row.stream, { value: { version: row.version, hash: row.hash }, enumerable: true })
        }
        const conflict = appendConflict(request, (stream) => (current.get(stream) ?? -1) + 1, position)
        if (conflict !== undefined) throw new Refusal<AppendError>(conflict)
        // the chain of the new events, in request order (D14), stored in parts while the next part is chained
        const chain = chainer({ position, heads }, sha256HexOfNode)
        const rows: StreamEvent[] = []
        const logIndex = new Map<CampaignEvent, { readonly at: number; readonly chars: number }>()
        const next = new Map<StreamId, number>()
        for (const [s, v] of current) next.set(s, v + 1)
        let status: string | undefined
        const batch = new EventBatch(tx, campaignId)
        for (const w of request.writes) {
          for (const e of w.events) {
            const v = next.get(w.stream) ?? 0
            next.set(w.stream, v + 1)
            const linked = chain.next(w.stream, e)
            if (E.isLeft(linked)) throw new Refusal<AppendError>({ code: 'StoreUnavailable', message: `cannot store the events: ${linked.left.message}` })
            const { link, eventText } = linked.right
            if (link.version !== v || link.stream !== w.stream) {
              throw new Refusal<AppendError>({ code: 'StoreUnavailable', message: `cannot store the events: the chain does not match ${w.stream} at version ${v}` })
            }
            if (!logIndex.has(e)) logIndex.set(e, { at: link.position, chars: eventText.length })
            rows.push({ stream: w.stream, event: e })
            await batch.add(link.position, w.stream, v, e.type, eventText, link.prev, link.hash)
            if (w.stream === `campaign:${campaignId}`) status = statusAfter(e) ?? status
          }
        }
        await batch.end()
        const after = position + rows.length
        const tasks = this.#project(campaignId, held, current, checks?.tails ?? [], rows, settle)
        // an accepted command's record holds its events: when they are all events of this append (as
        // the service's are), the server copies them from the rows just written instead of parsing them again
        // a large accepted command's record names its events by their places in the log (D18) instead of storing them twice
        const record = cmd === undefined ? null : JSON.stringify(byReference(cmd, logIndex) ?? cmd)
        // outbox entries, command record, the written packets' task rows (removed and added: never
        // the same row) and the campaign's row in one statement. The rows removed are looked up by
        // their packets (the primary key's prefix) and picked by item and reviewer (ids have no
        // control character, so chr(1) separates them): joined to a list of whole keys, the planner
        // read the table whole while it was small (800 rows at 200 packets) and by key once large,
        // a plan that changed with the campaign
        await tx.query(
          `WITH o AS (
             INSERT INTO ar_outbox (campaign_id, intent_id, intent)
             SELECT $1, x.intent->>'id', x.intent FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(intent, n) ORDER BY x.n
             ON CONFLICT (campaign_id, intent_id) DO NOTHING),
           k AS (
             INSERT INTO ar_commands (campaign_id, command_id, fingerprint, result)
             SELECT $1, $3::jsonb->>'commandId', $3::jsonb->>'fingerprint', $3::jsonb WHERE $3::jsonb IS NOT NULL),
           d AS (
             DELETE FROM ar_reviewer_tasks t
              WHERE t.campaign_id = $1 AND t.packet_id = ANY($6::text[]) AND t.item_id || chr(1) || t.reviewer = ANY($7::text[])),
           a AS (
             INSERT INTO ar_reviewer_tasks (campaign_id, packet_id, item_id, reviewer)
             SELECT $1, x.p, x.i, x.r FROM unnest($8::text[], $9::text[], $10::text[]) AS x(p, i, r))
           UPDATE ar_campaigns SET position = $4, status = coalesce($5, status) WHERE campaign_id = $1`,
          [campaignId, JSON.stringify(request.outbox), record, after, status ?? null, tasks.removed.packets, tasks.removed.keys, ...tasks.added],
        )
        const versions: Record<StreamId, StreamVersion> = {}
        for (const w of request.writes) versions[w.stream] = versionOfCount(next.get(w.stream) ?? 0)
        return E.right({ versions, position: after })
      })
      for (const f of settle) f()
      return r
    })
  }

  /**
   * The reviewer-tasks rows of the written packets that change: each
   * packet's state before the append is the state this store held of it
   * (none for a stream it never read) evolved by the events the checks read
   * after it, and its state after, that evolved by the new events; the rows
   * of the one and not the other are removed, the rows of the other and not
   * the one added. A tail that does not lead from the held state to the
   * stream's head (the log lost events the store had seen: a restored
   * database) refuses the append with `StoreUnavailable` and forgets the
   * held states, so that a retry reads the streams whole.
   */
  #project(
    campaignId: string,
    held: ReadonlyMap<string, HeldPacket | undefined>,
    before: ReadonlyMap<string, number>,
    tails: ReadonlyArray<StreamEvent>,
    rows: ReadonlyArray<StreamEvent>,
    settle: Array<() => void>,
  ): TaskChanges {
    const prefix = `packet:${campaignId}:`
    // the events of each written packet's stream, in order
    const group = (list: ReadonlyArray<StreamEvent>): Map<string, CampaignEvent[]> => {
      const out = new Map<string, CampaignEvent[]>()
      for (const { stream, event } of list) {
        if (!held.has(stream)) continue
        const es = out.get(stream)
        if (es === undefined) out.set(stream, [event])
        else es.push(event)
      }
      return out
    }
    const read = group(tails)
    const fresh = group(rows)
    const removed = { packets: [] as string[], keys: [] as string[] }
    const added: TaskColumns = [[], [], []]
    for (const [stream, base] of held) {
      const packetId = stream.slice(prefix.length)
      const v = before.get(stream)
      const tail = read.get(stream) ?? []
      // the events the read should have found: those after the held state up to the head
      const expected = v === undefined ? (base === undefined ? 0 : -1) : v - (base?.version ?? -1)
      if (tail.length !== expected) {
        for (const s of held.keys()) this.#packets.delete(heldKey(campaignId, s))
        throw new Refusal<AppendError>({
          code: 'StoreUnavailable',
          message: `postgres: the state this store held of ${stream} (version ${base?.version ?? 'none'}) is not a prefix of its stream (head ${v ?? 'none'}); it is forgotten, send the command again`,
        })
      }
      const oldPacket = evolveStream(base?.packet, tail)
      const events = fresh.get(stream) ?? []
      const packet = evolveStream(oldPacket, events)
      const version = (v ?? -1) + events.length
      settle.push(() => this.#remember(heldKey(campaignId, stream), version, packet))
      const wasKeys = new Set(packetTasks(oldPacket).map(taskKey))
      const now = packetTasks(packet)
      const nowKeys = new Set(now.map(taskKey))
      const gone = removed.keys.length
      for (const k of wasKeys) if (!nowKeys.has(k)) removed.keys.push(k)
      if (removed.keys.length > gone) removed.packets.push(packetId)
      for (const t of now) {
        if (wasKeys.has(taskKey(t))) continue
        added[0].push(packetId)
        added[1].push(t.itemId)
        added[2].push(t.reviewer)
      }
    }
    return { removed, added }
  }

  /** Keeps a packet's state at a version of its stream (a bounded cache, oldest dropped first). */
  #remember(key: string, version: number, packet: Packet | undefined): void {
    this.#packets.delete(key)
    this.#packets.set(key, { version, packet })
    if (this.#packets.size > PACKET_CACHE) {
      const oldest = this.#packets.keys().next()
      if (oldest.done !== true) this.#packets.delete(oldest.value)
    }
  }

  /**
   * Every link of the campaign's hash chain in log order, as the appends
   * stored them. A log with rows written before schema version 2 (no chain)
   * is refused, not given invented links.
   */
  readonly loadChain = (campaignId: CampaignId): PortResult<StoreUnavailable, ReadonlyArray<ChainLink>> =>
    guarded('loadChain', async () => {
      const r = await this.#db.query('SELECT log_index, stream, version, prev, hash, event FROM ar_events WHERE campaign_id = $1 ORDER BY log_index', [campaignId])
      const links: ChainLink[] = []
      for (const row of orRefuse(rowsOf(LinkRow, r.rows, 'ar_events'))) {
        if (row.prev === null || row.hash === null) return E.left(unchained(campaignId))
        links.push({ position: row.log_index, stream: row.stream, version: row.version, prev: row.prev, hash: row.hash, event: row.event })
      }
      return E.right(links)
    })

  /** The record of a handled command. */
  readonly findCommand = (campaignId: CampaignId, commandId: CommandId): PortResult<StoreUnavailable, CommandRecord | undefined> =>
    guarded('findCommand', async () => {
      const r = await this.#db.query('SELECT result AS record FROM ar_commands WHERE campaign_id = $1 AND command_id = $2', [campaignId, commandId])
      const stored = orRefuse(rowsOf(CommandRow, r.rows, 'ar_commands'))[0]?.record
      return stored === undefined ? E.right(undefined) : withEvents(this.#db, campaignId, stored)
    })

  /** A reviewer's pending items over every campaign in progress, from the projection. */
  readonly tasksOf = (reviewer: UserId): PortResult<StoreUnavailable, ReadonlyArray<ReviewerTask>> =>
    guarded('tasksOf', async () => {
      const r = await this.#db.query(
        `SELECT t.campaign_id, t.packet_id, t.item_id FROM ar_reviewer_tasks t JOIN ar_campaigns c ON c.campaign_id = t.campaign_id
          WHERE t.reviewer = $1 AND c.status = 'inProgress' ORDER BY t.campaign_id, t.packet_id, t.item_id`,
        [reviewer],
      )
      return E.map((rows: ReadonlyArray<{ readonly campaign_id: CampaignId; readonly packet_id: SubjectId; readonly item_id: ReviewerTask['itemId'] }>) =>
        rows.map((row) => ({ campaignId: row.campaign_id, packetId: row.packet_id, itemId: row.item_id })),
      )(rowsOf(TaskRowCodec, r.rows, 'ar_reviewer_tasks'))
    })

  /** Undelivered entries not claimed past `now`, in the order stored. */
  readonly undelivered = (campaignId: CampaignId | undefined, now: Instant): PortResult<StoreUnavailable, ReadonlyArray<OutboxEntry>> =>
    guarded('undelivered', async () => {
      const r = await this.#db.query(
        `SELECT campaign_id, intent, attempts, claimed_until::float8 AS claimed_until FROM ar_outbox
          WHERE NOT delivered AND ($1::text IS NULL OR campaign_id = $1) AND (claimed_until IS NULL OR claimed_until <= $2::bigint) ORDER BY seq`,
        [campaignId ?? null, now],
      )
      return E.map((rows: ReadonlyArray<{ readonly campaign_id: CampaignId; readonly intent: OutboxEntry['intent']; readonly attempts: number; readonly claimed_until: Instant | null }>) =>
        rows.map((row): OutboxEntry => ({
          campaignId: row.campaign_id,
          intent: row.intent,
          delivered: false,
          attempts: row.attempts,
          ...(row.claimed_until === null ? {} : { claimedUntil: row.claimed_until }),
        })),
      )(rowsOf(OutboxRow, r.rows, 'ar_outbox'))
    })

  /** Claims an undelivered entry until `until` (`SELECT … FOR UPDATE SKIP LOCKED`: one of several concurrent callers wins). */
  readonly claim = (intentId: string, now: Instant, until: Instant): PortResult<StoreUnavailable, boolean> =>
    guarded('claim', async () => {
      const r = await this.#db.query(
        `WITH c AS (
           SELECT campaign_id, intent_id FROM ar_outbox
            WHERE intent_id = $1 AND NOT delivered AND (claimed_until IS NULL OR claimed_until <= $2::bigint)
            LIMIT 1 FOR UPDATE SKIP LOCKED)
         UPDATE ar_outbox o SET claimed_until = $3::bigint, attempts = o.attempts + 1
           FROM c WHERE o.campaign_id = c.campaign_id AND o.intent_id = c.intent_id RETURNING true AS claimed`,
        [intentId, now, until],
      )
      return E.map((rows: ReadonlyArray<unknown>) => rows.length === 1)(rowsOf(ClaimedRow, r.rows, 'ar_outbox'))
    })

  /** Gives up a claim. */
  readonly release = (intentId: string): PortResult<StoreUnavailable, void> =>
    guarded('release', async () => {
      await this.#db.query('UPDATE ar_outbox SET claimed_until = NULL WHERE intent_id = $1 AND NOT delivered', [intentId])
      return E.right(undefined)
    })

  /** Marks an entry delivered (idempotent). */
  readonly markDelivered = (intentId: string): PortResult<StoreUnavailable, void> =>
    guarded('markDelivered', async () => {
      await this.#db.query('UPDATE ar_outbox SET delivered = true, claimed_until = NULL WHERE intent_id = $1 AND NOT delivered', [intentId])
      return E.right(undefined)
    })
}

/**
 * Opens the store on a migrated database: checks the schema first (see
 * {@link checkSchema}) and answers a typed error instead of a store when
 * the database does not connect, holds no or an older schema, a newer one,
 * or an altered table. It never creates a table: run `migrate` first.
 * @example
 * import { PGlite } from '@electric-sql/pglite'
 * import { migrate, openPostgresStore } from 'access-review-core/postgres'
 * const db = new PGlite()
 * const early = await openPostgresStore(db)
 * early._tag === 'Left' && early.left.code // 'SchemaNotMigrated'
 * await migrate(db)
 * const store = await openPostgresStore(db)
 * store._tag // 'Right'
 * @since 0.2.0
 * @category PostgreSQL store
 */
export const openPostgresStore = async (db: PostgresDriver): Promise<E.Either<PostgresSetupError, PostgresCampaignStore>> => {
  const checked = await checkSchema(db)
  return E.isLeft(checked) ? checked : E.right(new PostgresCampaignStore(db))
}
