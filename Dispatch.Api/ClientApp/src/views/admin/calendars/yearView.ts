/**
 * The working calendar's year view, worked out without the DOM: twelve months of Monday-first weeks, each date a working day,
 * a day off by the week (周末), a holiday (放假) or a make-up working day (调休上班), as the API's calendar says; and the lines an
 * administrator types for a year's notice (`2027-10-01~2027-10-07 放假 国庆节`) as the days the API takes.
 */

export type DayKind = 'workday' | 'rest' | 'holiday' | 'make-up-workday'

export interface YearDay {
  date: string
  kind: string
  name: string
  source?: string
}

export interface DayCell {
  date: string
  day: number
  kind: DayKind
  /** The holiday's or make-up day's name, from the notice. */
  name: string | null
}

export interface MonthView {
  month: number
  label: string
  /** Monday first; null pads the days of the neighbouring months. */
  weeks: Array<Array<DayCell | null>>
  holidays: number
  makeUpDays: number
}

const englishDays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
export const weekdayHeaders = ['一', '二', '三', '四', '五', '六', '日']

export const kindLabels: Record<DayKind, string> = {
  workday: '工作日',
  rest: '休息日',
  holiday: '放假',
  'make-up-workday': '调休上班',
}

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** 0 = Sunday … 6 = Saturday, for a calendar date (no time zone involved). */
export function dayOfWeek(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay()
}

/**
 * The twelve months of `year`. A weekday with no working frames in `week` is a day off; a dated day of the calendar overrides the
 * week only when the calendar observes holidays (a 24×7 desk lists none, and would not use them).
 */
export function yearMonths(year: number, week: Record<string, string[][]>, days: readonly YearDay[], observesHolidays = true): MonthView[] {
  const dated = new Map<string, YearDay>()
  if (observesHolidays) for (const d of days) dated.set(d.date, d)
  const months: MonthView[] = []
  for (let month = 1; month <= 12; month++) {
    const weeks: Array<Array<DayCell | null>> = []
    let row: Array<DayCell | null> = Array((dayOfWeek(year, month, 1) + 6) % 7).fill(null)
    let holidays = 0
    let makeUpDays = 0
    for (let day = 1; day <= daysInMonth(year, month); day++) {
      const date = isoDate(year, month, day)
      const special = dated.get(date)
      const frames = week[englishDays[dayOfWeek(year, month, day)]!] ?? []
      const kind: DayKind = special
        ? special.kind === 'holiday' ? 'holiday' : 'make-up-workday'
        : frames.length > 0 ? 'workday' : 'rest'
      if (kind === 'holiday') holidays++
      if (kind === 'make-up-workday') makeUpDays++
      row.push({ date, day, kind, name: special?.name ?? null })
      if (row.length === 7) {
        weeks.push(row)
        row = []
      }
    }
    if (row.length > 0) weeks.push([...row, ...Array(7 - row.length).fill(null)])
    months.push({ month, label: `${month}月`, weeks, holidays, makeUpDays })
  }
  return months
}

/** What a day cell says to a screen reader and in its tooltip: `10月1日 星期四 放假：国庆节`. */
export function describeDay(cell: DayCell): string {
  const [, m, d] = cell.date.split('-').map(Number)
  const weekday = '日一二三四五六'[new Date(`${cell.date}T00:00:00Z`).getUTCDay()]
  return `${m}月${d}日 星期${weekday} ${kindLabels[cell.kind]}${cell.name ? `：${cell.name}` : ''}`
}

export interface NoticeDay {
  date: string
  kind: 'holiday' | 'make-up-workday'
  name: string
}

export interface ParsedNotice {
  days: NoticeDay[]
  /** The API's `days[i]` is the i-th day here; this is the line (1-based) it came from. */
  lineOf: number[]
  problems: string[]
}

const kindWords: Record<string, NoticeDay['kind']> = {
  放假: 'holiday',
  休: 'holiday',
  休息: 'holiday',
  holiday: 'holiday',
  上班: 'make-up-workday',
  班: 'make-up-workday',
  调休上班: 'make-up-workday',
  'make-up-workday': 'make-up-workday',
}

/**
 * A year's notice as the administrator types it, one line each: `日期 放假|上班 名称`, a date or a range `起~止` (also `至`).
 * Blank lines and lines starting with # are skipped. A line that cannot be read is a problem naming its line, and no day.
 */
export function parseNotice(text: string): ParsedNotice {
  const result: ParsedNotice = { days: [], lineOf: [], problems: [] }
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (!line || line.startsWith('#')) return
    const match = line.match(/^(\d{4}-\d{2}-\d{2})(?:\s*(?:~|～|至)\s*(\d{4}-\d{2}-\d{2}))?\s+(\S+)\s+(.+)$/)
    const kind = match ? kindWords[match[3]!] : undefined
    if (!match || !kind) {
      result.problems.push(`第 ${index + 1} 行看不懂：应为“日期 放假|上班 名称”，如“2027-10-01~2027-10-07 放假 国庆节”`)
      return
    }
    const dates = range(match[1]!, match[2] ?? match[1]!)
    if (dates === null) {
      result.problems.push(`第 ${index + 1} 行的日期不对：${match[2] ? '结束日期须不早于开始日期，且在 31 天内' : '不是有效日期'}`)
      return
    }
    for (const date of dates) {
      result.days.push({ date, kind, name: match[4]!.trim() })
      result.lineOf.push(index + 1)
    }
  })
  return result
}

function range(from: string, to: string): string[] | null {
  const start = Date.parse(`${from}T00:00:00Z`)
  const end = Date.parse(`${to}T00:00:00Z`)
  if (Number.isNaN(start) || Number.isNaN(end) || new Date(start).toISOString().slice(0, 10) !== from || new Date(end).toISOString().slice(0, 10) !== to) return null
  const count = (end - start) / 86_400_000 + 1
  if (count < 1 || count > 31) return null
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10))
}
