// The supervision screens' logic (督办与考核, docs/console.md "Supervision"): the period and scope in the URL, the figures as the
// screens show them, and where every figure leads. No Vue, no ECharts: what is here is what tests/supervision.spec.ts proves.
import { HotlineTimeZone } from './time'

/** A report's period: a month (yyyy-MM) or a range of the hotline's local dates (yyyy-MM-dd, both inclusive). */
export type Period = { month: string } | { from: string; to: string }

/** Whose cases: the whole district (nothing), a street (an area code of level street) or a department (with its sub-units). */
export interface Scope {
  street?: string
  department?: string
}

type Query = Record<string, unknown>

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/
const datePattern = /^\d{4}-\d{2}-\d{2}$/

function one(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' && v.trim() ? v.trim() : undefined
}

/** The hotline's month of an instant, yyyy-MM (the console's "this month", whatever the browser's zone). */
export function hotlineMonth(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: HotlineTimeZone, year: 'numeric', month: '2-digit' }).formatToParts(now)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}`
}

function isDate(text: string | undefined): text is string {
  if (!text || !datePattern.test(text)) return false
  const d = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text
}

/** The period the URL names: `from`+`to` when both are dates in order, else `month`, else this month. */
export function readPeriod(query: Query, now: Date = new Date()): Period {
  const from = one(query.from)
  const to = one(query.to)
  if (isDate(from) && isDate(to) && from <= to) return { from, to }
  const month = one(query.month)
  return { month: month && monthPattern.test(month) ? month : hotlineMonth(now) }
}

/** The scope the URL names: a street or a department (never both; a street wins, as the picker offers one). */
export function readScope(query: Query): Scope {
  const street = one(query.street)
  if (street) return { street }
  const department = one(query.department)
  return department ? { department } : {}
}

/** The query a period is sent as (to the API and in the console's URL). */
export function periodQuery(period: Period): Record<string, string> {
  return 'month' in period ? { month: period.month } : { from: period.from, to: period.to }
}

export function scopeQuery(scope: Scope): Record<string, string> {
  if (scope.street) return { street: scope.street }
  if (scope.department) return { department: scope.department }
  return {}
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** The period a figure is set against: the month before, or the range of the same length just before. */
export function previousPeriod(period: Period): Period {
  if ('month' in period) {
    const [y, m] = period.month.split('-').map(Number) as [number, number]
    const prev = m === 1 ? { y: y - 1, m: 12 } : { y, m: m - 1 }
    return { month: `${prev.y}-${String(prev.m).padStart(2, '0')}` }
  }
  const length = daysBetween(period.from, period.to) + 1
  return { from: addDays(period.from, -length), to: addDays(period.from, -1) }
}

/** The period in words: 2026年11月, or 2026-11-01 至 2026-11-15. */
export function periodLabel(period: Period): string {
  if ('month' in period) {
    const [y, m] = period.month.split('-')
    return `${y}年${Number(m)}月`
  }
  return `${period.from} 至 ${period.to}`
}

/** A rate as the API serves it: numerator, denominator and the value (null when there was nothing to count). */
export interface RateFigure {
  numerator: number
  denominator: number
  value?: number | null
}

/** 66.7% — one decimal; a rate with nothing to count is "—", never 0 % or 100 %. */
export function formatRate(rate: RateFigure | null | undefined): string {
  if (!rate || rate.value === null || rate.value === undefined) return '—'
  return `${(rate.value * 100).toFixed(1)}%`
}

export function formatHours(hours: number | null | undefined): string {
  return hours === null || hours === undefined ? '—' : `${hours.toFixed(1)} 小时`
}

/** 分子 4 / 分母 6 — what a rate's hover and its screen-reader name say. */
export function fraction(rate: RateFigure | null | undefined): string {
  return rate ? `分子 ${rate.numerator} / 分母 ${rate.denominator}` : ''
}

/** A figure against the previous period, in words and a direction (the screen colours it by whether up is good). */
export interface Change {
  text: string
  direction: 'up' | 'down' | 'same' | 'none'
}

/** A rate's change in percentage points (上升 3.2 个百分点); nothing to compare when either period had nothing to count. */
export function rateChange(current: RateFigure | null | undefined, previous: RateFigure | null | undefined): Change {
  const a = current?.value
  const b = previous?.value
  if (a === null || a === undefined || b === null || b === undefined) return { text: '上期无可比数据', direction: 'none' }
  const points = Math.round((a - b) * 1000) / 10
  if (points === 0) return { text: '与上期持平', direction: 'same' }
  return points > 0 ? { text: `比上期上升 ${points.toFixed(1)} 个百分点`, direction: 'up' } : { text: `比上期下降 ${(-points).toFixed(1)} 个百分点`, direction: 'down' }
}

/** A count's change (比上期增加 12 件，+8.0%). */
export function countChange(current: number | null | undefined, previous: number | null | undefined): Change {
  if (current === null || current === undefined || previous === null || previous === undefined) return { text: '上期无可比数据', direction: 'none' }
  const diff = current - previous
  if (diff === 0) return { text: '与上期持平', direction: 'same' }
  const share = previous > 0 ? `，${diff > 0 ? '+' : '−'}${((Math.abs(diff) / previous) * 100).toFixed(1)}%` : ''
  return diff > 0 ? { text: `比上期增加 ${diff} 件${share}`, direction: 'up' } : { text: `比上期减少 ${-diff} 件${share}`, direction: 'down' }
}

/** Rates where a rise is bad (退单率, 重办率): the screen shows their rise in red. */
export const risingIsBad = new Set(['return', 'redo', 'overdueNow', 'overdueEver', 'returned', 'redispatched', 'redone'])

/** The rates in the order a supervisor reads them: the 三率 first. */
export const rateOrder = ['response', 'resolution', 'satisfaction', 'timelySignOff', 'onTimeReply', 'return', 'redo', 'extensionApproval', 'directResolution'] as const
export const threeRates = new Set(['response', 'resolution', 'satisfaction'])

/** The counts on the overview's second row. */
export const countOrder = ['received', 'dispatched', 'overdueNow', 'overdueEver', 'returned', 'redispatched', 'redone', 'closedDirectly'] as const

/** The working times per department: average and P90, to sign-off and to reply. */
export const workingTimeOrder = ['signOffAverage', 'signOffP90', 'replyAverage', 'replyP90'] as const

/** A row of a KPI report's cells, as `ListKpiCases` names them. */
export interface Cell {
  byDepartment?: string
  byStreet?: string
  byCommunity?: string
  byCategory?: string
  byRequestType?: string
  byChannel?: string
  byDay?: string
}

/**
 * The cell a KPI row stands for: its keys by dimension, as `ListKpiCases` takes them. The center's row by department (key null)
 * is `byDepartment=none`.
 */
export function cellOf(keys: Record<string, string | null | undefined>, groupBy: readonly string[]): Cell {
  const cell: Cell = {}
  for (const dimension of groupBy) {
    const key = keys[dimension]
    switch (dimension) {
      case 'department':
        cell.byDepartment = key ?? 'none'
        break
      case 'street':
        if (key) cell.byStreet = key
        break
      case 'community':
        if (key) cell.byCommunity = key
        break
      case 'category':
        if (key) cell.byCategory = key
        break
      case 'requestType':
        if (key) cell.byRequestType = key
        break
      case 'channel':
        if (key) cell.byChannel = key
        break
      case 'day':
        if (key) cell.byDay = key
        break
    }
  }
  return cell
}

/** Where a figure leads: the cases behind it (`/supervision/cases`, the query names of `ListKpiCases`). */
export function figureLink(
  figure: string,
  part: 'numerator' | 'denominator',
  period: Period,
  scope: Scope = {},
  cell: Cell = {},
): { path: string; query: Record<string, string> } {
  const query: Record<string, string> = { figure, part, ...periodQuery(period), ...scopeQuery(scope) }
  for (const [key, value] of Object.entries(cell)) if (value) query[key] = value
  return { path: '/supervision/cases', query }
}

/** The query of a figure's cases as the API takes it: the console's query minus what is the console's own. */
export function kpiCasesQuery(query: Query): Record<string, string> {
  const names = ['figure', 'part', 'month', 'from', 'to', 'street', 'department', 'byDepartment', 'byStreet', 'byCommunity', 'byCategory', 'byRequestType', 'byChannel', 'byDay']
  const result: Record<string, string> = {}
  for (const name of names) {
    const value = one(query[name])
    if (value) result[name] = value
  }
  return result
}

/** A department of the ranking, as the league table lists it. */
export interface RankingLike {
  department: string
  name?: string | null
  rank: number
  score?: number | null
  dispatched: number
  notRankedBecause?: string | null
}

/** Why a department is listed but not ranked, in Chinese (the API says it in English; the minimum-sample rule, the 2025 guidance). */
export function notRankedReason(reason: string | null | undefined): string {
  if (!reason) return ''
  const few = reason.match(/^(\d+) dispatched cases?; at least (\d+) (?:are|is) needed/)
  if (few) return `本期派单 ${few[1]} 件，不足 ${few[2]} 件的最低样本量，列出但不排名`
  if (/no return visit/i.test(reason)) return '尚无回访评价其解决与满意情况，列出但不排名'
  return reason
}

/** The league table: the ranked by rank, then the listed-not-ranked with their reason, by dispatched cases. */
export function leagueTable<T extends RankingLike>(entries: readonly T[]): { ranked: T[]; unranked: T[] } {
  const ranked = entries.filter((e) => !e.notRankedBecause && e.rank > 0).sort((a, b) => a.rank - b.rank)
  const unranked = entries.filter((e) => e.notRankedBecause || e.rank <= 0).sort((a, b) => b.dispatched - a.dispatched)
  return { ranked, unranked }
}

/** A hotspot cell as the API serves it. */
export interface HotspotLike {
  category: string
  categoryName?: string | null
  area?: string | null
  areaName?: string | null
  count: number
}

export interface HeatTable {
  categories: { code: string; name: string; total: number }[]
  areas: { code: string; name: string }[]
  /** counts[category][area] */
  counts: Record<string, Record<string, number>>
  max: number
}

/** Category × area: the categories with most cases first (at most `limit`), the areas by name; a missing pair is 0. */
export function heatTable(cells: readonly HotspotLike[], limit = 12): HeatTable {
  const categories = new Map<string, { code: string; name: string; total: number }>()
  const areas = new Map<string, { code: string; name: string }>()
  const counts: Record<string, Record<string, number>> = {}
  for (const cell of cells) {
    const area = cell.area ?? '(none)'
    const category = categories.get(cell.category) ?? { code: cell.category, name: cell.categoryName ?? cell.category, total: 0 }
    category.total += cell.count
    categories.set(cell.category, category)
    if (!areas.has(area)) areas.set(area, { code: area, name: cell.areaName ?? (cell.area ? cell.area : '未填区域') })
    ;(counts[cell.category] ??= {})[area] = (counts[cell.category]?.[area] ?? 0) + cell.count
  }
  const top = [...categories.values()].sort((a, b) => b.total - a.total || a.code.localeCompare(b.code)).slice(0, limit)
  const kept = new Set(top.map((c) => c.code))
  let max = 0
  for (const c of kept) for (const n of Object.values(counts[c] ?? {})) max = Math.max(max, n)
  return { categories: top, areas: [...areas.values()].sort((a, b) => a.code.localeCompare(b.code)), counts, max }
}

/**
 * A heat cell's colours: five steps of one blue, the text dark on the light steps and white on the dark ones, so each step
 * keeps a contrast of at least 4.5:1 (axe's color-contrast).
 */
export function heatColour(count: number, max: number): { background: string; color: string } {
  const steps = ['#ffffff', '#e6f0ff', '#b3d1ff', '#5b9bf0', '#1f5fbf', '#0b3a80']
  if (count <= 0 || max <= 0) return { background: steps[0]!, color: '#1f2329' }
  const step = Math.min(5, Math.max(1, Math.ceil((count / max) * 5)))
  return { background: steps[step]!, color: step >= 4 ? '#ffffff' : '#1f2329' }
}

/** A category growth as the API serves it. */
export interface GrowthLike {
  category: string
  name?: string | null
  current: number
  previous: number
  increase: number
  growth?: number | null
}

/** +12 件（+150.0%）, or 新出现 when the previous period had none. */
export function growthText(g: GrowthLike): string {
  const rate = g.growth === null || g.growth === undefined ? (g.previous === 0 ? '上期为 0' : '') : `${g.growth >= 0 ? '+' : '−'}${Math.abs(g.growth * 100).toFixed(1)}%`
  return `${g.increase >= 0 ? '+' : '−'}${Math.abs(g.increase)} 件${rate ? `（${rate}）` : ''}`
}

/** A category of the KPI report grouped by category, with what the catalogue says of it. */
export interface CategoryCount {
  code: string
  name: string
  count: number
}

export interface TreeNode {
  name: string
  value: number
  code: string
  children?: TreeNode[]
}

/**
 * The treemap's tree: each counted category under its parents (level 1 › 2 › 3, from the catalogue), a parent's value the sum
 * of its children's. Categories the catalogue does not know are roots of their own.
 */
export function categoryTree(
  counts: readonly CategoryCount[],
  parentOf: (code: string) => string | null | undefined,
  nameOf: (code: string) => string,
): TreeNode[] {
  const nodes = new Map<string, TreeNode>()
  const roots: TreeNode[] = []
  function node(code: string): TreeNode {
    let n = nodes.get(code)
    if (n) return n
    n = { code, name: nameOf(code) || code, value: 0 }
    nodes.set(code, n)
    const parent = parentOf(code)
    if (parent) (node(parent).children ??= []).push(n)
    else roots.push(n)
    return n
  }
  for (const c of counts) {
    if (c.count <= 0) continue
    const leaf = node(c.code)
    leaf.value += c.count
    for (let p = parentOf(c.code); p; p = parentOf(p)) node(p).value += c.count
  }
  const sort = (list: TreeNode[]) => {
    list.sort((a, b) => b.value - a.value)
    for (const n of list) if (n.children) sort(n.children)
  }
  sort(roots)
  return roots
}

/** One day of the daily series. */
export interface DayPoint {
  day: string
  received: number
  dispatched: number
  overdue: number
}

/**
 * The daily series from a KPI report grouped by day: every day of the period, in order (the API serves a day without cases
 * with zero counts; a day it left out is filled with zeros here too, so the chart never joins across a gap).
 */
export function dailySeries(rows: readonly { keys: Record<string, string | null | undefined>; counts: Record<string, number> }[], from: string, to: string): DayPoint[] {
  const byDay = new Map<string, DayPoint>()
  for (const row of rows) {
    const day = row.keys.day
    if (!day) continue
    byDay.set(day, { day, received: row.counts.received ?? 0, dispatched: row.counts.dispatched ?? 0, overdue: row.counts.overdueEver ?? 0 })
  }
  const points: DayPoint[] = []
  for (let day = from, guard = 0; day <= to && guard < 400; day = addDays(day, 1), guard++) {
    points.push(byDay.get(day) ?? { day, received: 0, dispatched: 0, overdue: 0 })
  }
  return points
}

/** The last whole month before an instant's month: the monthly assessment's default. */
export function lastMonth(now: Date = new Date()): string {
  return (previousPeriod({ month: hotlineMonth(now) }) as { month: string }).month
}

/** The export of the period's cases (`/api/cases/export`), as a link the browser downloads with the session. */
export function exportLink(format: 'csv' | 'xlsx', period: Period, scope: Scope = {}): string {
  const params = new URLSearchParams({ ...periodQuery(period), ...scopeQuery(scope), format })
  return `/api/cases/export?${params.toString()}`
}

/** A figure's Chinese name from the API's definition name (`响应率 response rate` → 响应率: the words before the first space). */
export function figureName(name: string | null | undefined, key = ''): string {
  const first = (name ?? '').trim().split(/\s+/)[0] ?? ''
  return /[\u4e00-\u9fff]/.test(first) ? first : name || key
}

/** The figures whose cases are listed by `ListKpiCases` over a denominator too: the rates and the working times. */
export function hasDenominator(figure: string): boolean {
  return (rateOrder as readonly string[]).includes(figure) || (workingTimeOrder as readonly string[]).includes(figure)
}

/** A department of the live view: its overdue and breaching-soon counts side by side, most overdue first. */
export function liveDepartments(
  overdue: readonly { department: string; name?: string | null; count: number }[],
  soon: readonly { department: string; name?: string | null; count: number }[],
): { department: string; name: string; overdue: number; soon: number }[] {
  const rows = new Map<string, { department: string; name: string; overdue: number; soon: number }>()
  const row = (d: { department: string; name?: string | null }) => {
    let r = rows.get(d.department)
    if (!r) rows.set(d.department, (r = { department: d.department, name: d.name ?? d.department, overdue: 0, soon: 0 }))
    return r
  }
  for (const d of overdue) row(d).overdue += d.count
  for (const d of soon) row(d).soon += d.count
  return [...rows.values()].sort((a, b) => b.overdue - a.overdue || b.soon - a.soon || a.department.localeCompare(b.department))
}
