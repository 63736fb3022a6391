/**
 * The packet timelines of a scenario report as an SVG Gantt picture, drawn
 * by `renderTimelineSvg` (src/report/svg.ts). Used by the CLI's `--svg` and
 * by the demo.
 */
import { renderTimelineSvg } from '../report/svg.js'
import type { TimelineSvgWindow } from '../report/svg.js'
import type { ScenarioReport } from '../scenario/run.js'
import { formatInstant, instantOfMillis, parseInstant } from '../schedule/time.js'

const ms = (iso: string): number | undefined => parseInstant(iso)

/** Renders every packet of the report as one lane; `title` heads the picture. */
export const timelineSvg = (report: ScenarioReport, title: string): string => {
  const zone = report.campaign.timeZone
  const rows = Object.entries(report.windows).map(([packet, ws]) => ({
    label: packet,
    windows: ws.flatMap((w): TimelineSvgWindow[] => {
      const start = ms(w.start)
      if (start === undefined) return []
      const end = w.end === null ? undefined : ms(w.end)
      const closedAt = w.closedAt === undefined ? undefined : ms(w.closedAt)
      return [
        {
          level: w.level,
          tier: w.tier,
          start,
          ...(end === undefined ? {} : { end }),
          ...(closedAt === undefined ? {} : { closedAt }),
          status: w.status,
          reviewers: w.reviewers,
        },
      ]
    }),
  }))
  const now = ms(report.campaign.at)
  return renderTimelineSvg({
    title,
    zone,
    rows,
    ...(now === undefined ? {} : { now }),
    // axis labels are month-day and time; the zone is printed under the axis
    formatTime: (t) => {
      const at = instantOfMillis(t)
      return at === undefined ? '' : formatInstant(at, zone).slice(5, 16).replace('T', ' ')
    },
  })
}
