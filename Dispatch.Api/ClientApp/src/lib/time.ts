/** The hotline's time zone: every date and time on screen is the hotline's, whatever the browser's zone. */
export const HotlineTimeZone = 'Asia/Shanghai'

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: HotlineTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

function parts(instant: Date): Record<string, string> {
  const result: Record<string, string> = {}
  for (const part of dateTime.formatToParts(instant)) result[part.type] = part.value
  return result
}

/** `2026-11-30T01:05:00Z` → `2026-11-30 09:05` (the hotline's local time). */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return ''
  const instant = typeof value === 'string' ? new Date(value) : value
  if (Number.isNaN(instant.getTime())) return ''
  const p = parts(instant)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** The hotline's local date of an instant, yyyy-MM-dd. */
export function formatDate(value: string | Date | null | undefined): string {
  return formatDateTime(value).slice(0, 10)
}

/** A local date-time typed in the hotline's zone (`2026-12-01 18:00`) as an ISO instant with its offset, as the API takes it. */
export function hotlineLocalToIso(local: string): string {
  const match = local.trim().match(/^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::(\d{2}))?$/)
  if (!match) return local
  // Asia/Shanghai has kept +08:00 all year since 1991: no daylight saving to look up.
  return `${match[1]}T${match[2]}:${match[3] ?? '00'}+08:00`
}

/** How long until (or since) a deadline, in words: `还剩 3 小时 20 分`, `已超期 2 天 1 小时`. */
export function untilDeadline(due: string | null | undefined, now: Date = new Date()): string {
  if (!due) return ''
  const ms = new Date(due).getTime() - now.getTime()
  const late = ms < 0
  let minutes = Math.floor(Math.abs(ms) / 60000)
  const days = Math.floor(minutes / (24 * 60))
  minutes -= days * 24 * 60
  const hours = Math.floor(minutes / 60)
  minutes -= hours * 60
  const text = days > 0 ? `${days} 天 ${hours} 小时` : hours > 0 ? `${hours} 小时 ${minutes} 分` : `${minutes} 分钟`
  return late ? `已超期 ${text}` : `还剩 ${text}`
}
