/**
 * Benchmarks: the cost of one decision as the campaign grows. A decision
 * must cost O(items in its packet), never O(items in the campaign), so the
 * time per decision should stay flat from 100 to 10,000 packets. Each figure
 * is reported as a ratio against a hand-written baseline measured in the
 * same run (an immutable update of one 4-item packet in a plain object), so
 * the numbers compare across machines. Tests never assert time.
 */
import * as E from 'fp-ts/lib/Either.js'
import { performance } from 'node:perf_hooks'
import type { CampaignState, Command } from '../src/index.js'
import { decodeCommand, execute } from '../src/index.js'

const ITEMS_PER_PACKET = 4
const rm = { id: 'rita', roles: ['riskManager'] }

const command = (c: unknown): Command => {
  const d = decodeCommand(c)
  if (E.isLeft(d)) throw new Error(JSON.stringify(d.left))
  return d.right
}

const build = (packets: number): CampaignState => {
  const items = []
  const subjects = []
  const users = [{ id: 'rita', roles: ['riskManager'] }, { id: 'mgr' }]
  for (let p = 0; p < packets; p++) {
    subjects.push({ id: `s${p}`, user: `u${p}` })
    users.push({ id: `u${p}`, manager: 'mgr' } as never)
    for (let i = 0; i < ITEMS_PER_PACKET; i++) items.push({ id: `i${p}-${i}`, subject: `s${p}`, application: 'app', resource: `r${i}`, entitlement: 'member' })
  }
  const definition = {
    id: 'bench',
    name: 'Bench',
    timeZone: 'Europe/Berlin',
    owners: ['rita'],
    riskManagers: ['rita'],
    reviewers: { order: ['firstLineManager', 'riskManager'], count: 2 },
    timing: { policy: 'reviewerWindows', levels: [{ duration: { days: 5 } }] },
  }
  let s: CampaignState | undefined
  for (const c of [
    { type: 'create', at: '2025-01-01T00:00:00Z', actor: rm, definition, items },
    { type: 'publish', at: '2025-01-02T00:00:00Z', actor: rm, directory: { users, subjects } },
  ]) {
    const r = execute(command(c), s)
    if (E.isLeft(r)) throw new Error(r.left.message)
    s = r.right.state
  }
  if (s === undefined) throw new Error('no state')
  // one decision first, so the wake-up memo is warm as in a running system
  const first = execute(command({ type: 'decide', at: '2025-01-02T01:00:00Z', actor: { id: 'mgr', roles: [] }, items: ['i0-0'], decision: 'approve' }), s)
  if (E.isLeft(first)) throw new Error(first.left.message)
  return first.right.state
}

const time = (n: number, f: (i: number) => void): number => {
  for (let i = 0; i < Math.min(n, 200); i++) f(i) // warm-up
  const t0 = performance.now()
  for (let i = 0; i < n; i++) f(i)
  return (performance.now() - t0) / n
}

const baselineRecord: Record<string, { items: Record<string, { state: string }> }> = {}
for (let p = 0; p < 100; p++) {
  const items: Record<string, { state: string }> = {}
  for (let i = 0; i < ITEMS_PER_PACKET; i++) items[`i${p}-${i}`] = { state: 'pending' }
  baselineRecord[`s${p}`] = { items }
}
const baseline = time(20_000, (i) => {
  const p = baselineRecord[`s${i % 100}`]
  if (p === undefined) return
  const next = { ...p, items: { ...p.items, [`i${i % 100}-1`]: { state: 'approved' } } }
  if (next.items === p.items) throw new Error('unreachable')
})

const rows: Array<{ packets: number; items: number; usPerDecision: number; ratio: number }> = []
for (const packets of [100, 1_000, 10_000]) {
  const s = build(packets)
  const n = 2_000
  const per = time(n, (i) => {
    const p = 1 + (i % (packets - 1))
    const r = execute(command({ type: 'decide', at: '2025-01-02T02:00:00Z', actor: { id: 'mgr', roles: [] }, items: [`i${p}-1`], decision: 'approve' }), s)
    if (E.isLeft(r)) throw new Error(r.left.message)
  })
  rows.push({ packets, items: packets * ITEMS_PER_PACKET, usPerDecision: per * 1000, ratio: per / baseline })
}
console.log(`baseline (hand-written 4-item packet update): ${(baseline * 1000).toFixed(2)} µs`)
console.log('packets   items    µs/decision  × baseline')
for (const r of rows) console.log(`${String(r.packets).padStart(7)} ${String(r.items).padStart(7)} ${r.usPerDecision.toFixed(1).padStart(12)} ${r.ratio.toFixed(0).padStart(11)}`)
const first = rows[0]
const last = rows[rows.length - 1]
if (first !== undefined && last !== undefined) {
  console.log(`growth from ${first.packets} to ${last.packets} packets: ×${(last.usPerDecision / first.usPerDecision).toFixed(2)} (flat means O(items in the packet))`)
}
