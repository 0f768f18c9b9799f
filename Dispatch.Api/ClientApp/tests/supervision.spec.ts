import { describe, expect, it } from 'vitest'
import {
  categoryTree,
  cellOf,
  countChange,
  dailySeries,
  exportLink,
  figureLink,
  figureName,
  formatRate,
  growthText,
  heatColour,
  heatTable,
  hotlineMonth,
  kpiCasesQuery,
  lastMonth,
  leagueTable,
  liveDepartments,
  notRankedReason,
  periodLabel,
  previousPeriod,
  rateChange,
  readPeriod,
  readScope,
} from '@/lib/supervision'

describe('the period and scope in the URL', () => {
  const now = new Date('2026-11-30T17:00:00Z') // 2026-12-01 01:00 in Beijing

  it('is this month of the hotline by default, whatever the browser zone', () => {
    expect(hotlineMonth(now)).toBe('2026-12')
    expect(readPeriod({}, now)).toEqual({ month: '2026-12' })
  })

  it('takes a month, or from–to when both are real dates in order', () => {
    expect(readPeriod({ month: '2026-11' }, now)).toEqual({ month: '2026-11' })
    expect(readPeriod({ from: '2026-11-01', to: '2026-11-15', month: '2026-10' }, now)).toEqual({ from: '2026-11-01', to: '2026-11-15' })
    expect(readPeriod({ from: '2026-11-15', to: '2026-11-01' }, now)).toEqual({ month: '2026-12' })
    expect(readPeriod({ from: '2026-02-30', to: '2026-03-01' }, now)).toEqual({ month: '2026-12' })
    expect(readPeriod({ month: '2026-13' }, now)).toEqual({ month: '2026-12' })
  })

  it('reads one scope: a street or a department', () => {
    expect(readScope({ street: 'DM-S01' })).toEqual({ street: 'DM-S01' })
    expect(readScope({ department: 'UM' })).toEqual({ department: 'UM' })
    expect(readScope({ department: ' ' })).toEqual({})
  })

  it('sets a period against the one just before it, of the same length', () => {
    expect(previousPeriod({ month: '2026-01' })).toEqual({ month: '2025-12' })
    expect(previousPeriod({ month: '2026-11' })).toEqual({ month: '2026-10' })
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-10' })).toEqual({ from: '2026-02-19', to: '2026-02-28' })
    expect(lastMonth(now)).toBe('2026-11')
    expect(periodLabel({ month: '2026-03' })).toBe('2026年3月')
  })
})

describe('figures as the screen shows them', () => {
  it('never shows a rate of nothing as 0 % or 100 %', () => {
    expect(formatRate({ numerator: 4, denominator: 6, value: 0.6667 })).toBe('66.7%')
    expect(formatRate({ numerator: 0, denominator: 0, value: null })).toBe('—')
  })

  it('says a rate’s change in percentage points, and nothing when a period had nothing to count', () => {
    expect(rateChange({ numerator: 4, denominator: 6, value: 0.6667 }, { numerator: 1, denominator: 2, value: 0.5 })).toEqual({
      text: '比上期上升 16.7 个百分点',
      direction: 'up',
    })
    expect(rateChange({ numerator: 1, denominator: 2, value: 0.5 }, { numerator: 3, denominator: 4, value: 0.75 }).direction).toBe('down')
    expect(rateChange({ numerator: 1, denominator: 2, value: 0.5 }, { numerator: 0, denominator: 0, value: null }).direction).toBe('none')
    expect(countChange(12, 8)).toEqual({ text: '比上期增加 4 件，+50.0%', direction: 'up' })
    expect(countChange(3, 0)).toEqual({ text: '比上期增加 3 件', direction: 'up' })
    expect(countChange(5, 5).direction).toBe('same')
  })

  it('takes the Chinese name of a definition', () => {
    expect(figureName('响应率 response rate', 'response')).toBe('响应率')
    expect(figureName('签收用时P90 90th percentile working time to sign-off (hours)')).toBe('签收用时P90')
    expect(figureName(null, 'received')).toBe('received')
  })
})

describe('every figure leads to its cases', () => {
  it('links with the query names of ListKpiCases, the period, the scope and the cell', () => {
    expect(figureLink('response', 'numerator', { month: '2026-11' }, { street: 'DM-S01' }, { byDepartment: 'UM', byDay: '2026-11-03' })).toEqual({
      path: '/supervision/cases',
      query: { figure: 'response', part: 'numerator', month: '2026-11', street: 'DM-S01', byDepartment: 'UM', byDay: '2026-11-03' },
    })
    expect(figureLink('received', 'numerator', { from: '2026-11-01', to: '2026-11-07' }).query).toEqual({
      figure: 'received',
      part: 'numerator',
      from: '2026-11-01',
      to: '2026-11-07',
    })
  })

  it('names the center’s row (department key null) byDepartment=none', () => {
    expect(cellOf({ department: null as unknown as string }, ['department'])).toEqual({ byDepartment: 'none' })
    expect(cellOf({ category: '010100', street: 'DM-S02' }, ['category', 'street'])).toEqual({ byCategory: '010100', byStreet: 'DM-S02' })
  })

  it('sends the API only the query it knows', () => {
    expect(kpiCasesQuery({ figure: 'response', part: 'denominator', month: '2026-11', byDepartment: 'UM', tab: 'x', limit: '9' })).toEqual({
      figure: 'response',
      part: 'denominator',
      month: '2026-11',
      byDepartment: 'UM',
    })
  })

  it('exports the period’s cases with its scope', () => {
    expect(exportLink('xlsx', { month: '2026-11' }, { department: 'UM' })).toBe('/api/cases/export?month=2026-11&department=UM&format=xlsx')
  })
})

describe('the league table', () => {
  const entries = [
    { department: 'ENV', name: '区生态环境分局', rank: 0, score: null, dispatched: 1, notRankedBecause: '1 dispatched cases; at least 2 are needed to be ranked' },
    { department: 'UM', name: '区城市管理局', rank: 2, score: 55, dispatched: 6, notRankedBecause: null },
    { department: 'HOUSING', name: '区住房和城乡建设局', rank: 0, score: null, dispatched: 2, notRankedBecause: 'no return visit has judged or rated its cases yet' },
    { department: 'WATER', name: '区水务集团', rank: 1, score: 80, dispatched: 3, notRankedBecause: null },
  ]

  it('ranks the ranked and lists the rest after them, each with the reason in Chinese', () => {
    const { ranked, unranked } = leagueTable(entries)
    expect(ranked.map((e) => e.department)).toEqual(['WATER', 'UM'])
    expect(unranked.map((e) => e.department)).toEqual(['HOUSING', 'ENV'])
    expect(notRankedReason(entries[0]!.notRankedBecause)).toBe('本期派单 1 件，不足 2 件的最低样本量，列出但不排名')
    expect(notRankedReason(entries[2]!.notRankedBecause)).toBe('尚无回访评价其解决与满意情况，列出但不排名')
    expect(notRankedReason('something new')).toBe('something new')
  })
})

describe('hotspots', () => {
  const cells = [
    { category: '010100', categoryName: '噪声', area: 'DM-S02', areaName: '翠苑街道', count: 9 },
    { category: '010100', categoryName: '噪声', area: 'DM-S01', areaName: '西湖街道', count: 3 },
    { category: '020100', categoryName: '供水', area: 'DM-S01', areaName: '西湖街道', count: 1 },
  ]

  it('is category × area, the busiest category first, a missing pair zero', () => {
    const heat = heatTable(cells)
    expect(heat.categories.map((c) => [c.code, c.total])).toEqual([
      ['010100', 12],
      ['020100', 1],
    ])
    expect(heat.areas.map((a) => a.name)).toEqual(['西湖街道', '翠苑街道'])
    expect(heat.counts['020100']?.['DM-S02'] ?? 0).toBe(0)
    expect(heat.max).toBe(9)
  })

  it('colours a cell by its share of the busiest, white text on the dark steps', () => {
    expect(heatColour(0, 9)).toEqual({ background: '#ffffff', color: '#1f2329' })
    expect(heatColour(9, 9)).toEqual({ background: '#0b3a80', color: '#ffffff' })
    expect(heatColour(1, 9).color).toBe('#1f2329')
  })

  it('says how a category grew', () => {
    expect(growthText({ category: 'x', current: 9, previous: 0, increase: 9, growth: null })).toBe('+9 件（上期为 0）')
    expect(growthText({ category: 'x', current: 5, previous: 2, increase: 3, growth: 1.5 })).toBe('+3 件（+150.0%）')
  })
})

describe('charts’ data', () => {
  it('puts every day of the period in order, a day without cases as zeros', () => {
    const rows = [
      { keys: { day: '2026-11-03' }, counts: { received: 4, dispatched: 3, overdueEver: 1 } },
      { keys: { day: '2026-11-01' }, counts: { received: 2, dispatched: 2, overdueEver: 0 } },
    ]
    expect(dailySeries(rows, '2026-11-01', '2026-11-04')).toEqual([
      { day: '2026-11-01', received: 2, dispatched: 2, overdue: 0 },
      { day: '2026-11-02', received: 0, dispatched: 0, overdue: 0 },
      { day: '2026-11-03', received: 4, dispatched: 3, overdue: 1 },
      { day: '2026-11-04', received: 0, dispatched: 0, overdue: 0 },
    ])
  })

  it('builds the treemap under the catalogue’s parents, a parent the sum of its children', () => {
    const parents: Record<string, string | null> = { '010000': null, '010100': '010000', '010101': '010100', '010102': '010100', '020000': null, '020101': '020000' }
    const tree = categoryTree(
      [
        { code: '010101', name: '夜间施工', count: 5 },
        { code: '010102', name: '社会生活噪声', count: 2 },
        { code: '020101', name: '停水', count: 1 },
      ],
      (c) => parents[c],
      (c) => ({ '010000': '城乡建设', '010100': '噪声', '020000': '公用事业' })[c] ?? c,
    )
    expect(tree.map((n) => [n.name, n.value])).toEqual([
      ['城乡建设', 7],
      ['公用事业', 1],
    ])
    expect(tree[0]!.children![0]!.children!.map((n) => [n.code, n.value])).toEqual([
      ['010101', 5],
      ['010102', 2],
    ])
  })

  it('sets the live view’s departments side by side, most overdue first', () => {
    expect(
      liveDepartments(
        [
          { department: 'HOUSING', name: '住建', count: 1 },
          { department: 'UM', name: '城管', count: 2 },
        ],
        [{ department: 'ENV', name: '环境', count: 1 }],
      ),
    ).toEqual([
      { department: 'UM', name: '城管', overdue: 2, soon: 0 },
      { department: 'HOUSING', name: '住建', overdue: 1, soon: 0 },
      { department: 'ENV', name: '环境', overdue: 0, soon: 1 },
    ])
  })
})
