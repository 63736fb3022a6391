/**
 * The "my tasks" projection of one packet, from its stream alone: the
 * packet is rebuilt from its `PacketOpened` event and the packet events
 * after it (the same `evolvePacket` the fold uses), and each pending item
 * is listed for each of its active reviewers. The store rewrites a packet's
 * rows in the transaction of every append to the packet's stream.
 *
 * @since 0.2.0
 */
import type { CampaignEvent } from '../campaign/event.js'
import { evolvePacket, openedPacket } from '../campaign/event.js'
import type { Packet } from '../campaign/state.js'
import type { Item } from '../review/item.js'
import { activeReviewers } from '../campaign/state.js'
import type { ItemId, UserId } from '../shared/ids.js'

/** One row of the projection: an item waiting for a reviewer. @internal */
export interface TaskRow {
  readonly itemId: ItemId
  readonly reviewer: UserId
}


/**
 * The packet after `events` of its stream, from `packet` (the packet after
 * the events before them; `undefined` before its `PacketOpened`).
 * @internal
 */
export const evolveStream = (packet: Packet | undefined, events: ReadonlyArray<CampaignEvent>): Packet | undefined => {
  let p = packet
  for (const e of events) {
    if (e.type === 'PacketOpened') p = openedPacket(e)
    else if (p !== undefined) p = evolvePacket(p, e)
  }
  return p
}

/**
 * The tasks of a packet: each pending item for each of its active reviewers.
 * @internal
 */
export const packetTasks = (packet: Packet | undefined): ReadonlyArray<TaskRow> => {
  if (packet === undefined) return []
  const out: TaskRow[] = []
  const items = packet.items
  for (let n = 0; n < items.length; n++) {
    const item = items[n] as Item
    const id = item.spec.id
    for (const reviewer of new Set(activeReviewers(packet, item))) out.push({ itemId: id, reviewer })
  }
  return out
}

/** The campaign status a campaign-stream event leaves, if it changes it. @internal */
export const statusAfter = (e: CampaignEvent): string | undefined => {
  switch (e.type) {
    case 'CampaignCreated':
      return 'draft'
    case 'CampaignPublished':
      return 'inProgress'
    case 'CampaignCompleted':
      return 'completed'
    case 'CampaignAborted':
      return 'aborted'
    case 'CampaignExpired':
      return 'expired'
    default:
      return undefined
  }
}
