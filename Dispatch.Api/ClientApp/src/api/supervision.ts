// The reports the supervision screens read (docs/reports.md), typed from the generated OpenAPI types (schema.d.ts).
import { request } from './http'
import type { components } from './schema'

type Schemas = components['schemas']

export type KpiReport = Schemas['KpiReport']
export type KpiRow = Schemas['KpiRow']
export type Rate = Schemas['Rate']
export type Definition = Schemas['Definition']
export type Ranking = Schemas['Ranking']
export type RankingEntry = Schemas['RankingEntry']
export type LiveView = Schemas['LiveView']
export type LiveCase = Schemas['LiveCase']
export type DepartmentCases = Schemas['DepartmentCases']
export type Hotspots = Schemas['Hotspots']
export type HotspotCell = Schemas['HotspotCell']
export type CategoryGrowth = Schemas['CategoryGrowth']
export type ReportPeriod = Schemas['ReportPeriod']

type Params = Record<string, string | number | undefined>

// The cases behind a figure (ListKpiCases) and the monthly assessment (GetMonthlyAssessment).
export type KpiCase = Schemas['KpiCase']
export type KpiCasesPage = Schemas['KpiCases']
export type MonthlyAssessment = Schemas['MonthlyAssessment']

export const reports = {
  kpi: (query: Params & { groupBy?: string; categoryLevel?: number }, signal?: AbortSignal) =>
    request<KpiReport>('/api/reports/kpi', { query, signal }),
  ranking: (month: string, signal?: AbortSignal) => request<Ranking>('/api/reports/ranking', { query: { month }, signal }),
  hotspots: (query: Params & { categoryLevel?: number; areaLevel?: 'street' | 'community' }, signal?: AbortSignal) =>
    request<Hotspots>('/api/reports/hotspots', { query, signal }),
  live: (query: Params & { withinWorkingHours?: number }, signal?: AbortSignal) =>
    request<LiveView>('/api/reports/live', { query, signal }),
  kpiCases: (query: Params & { cursor?: string; limit?: number }, signal?: AbortSignal) =>
    request<KpiCasesPage>('/api/reports/kpi/cases', { query, signal }),
  monthlyAssessment: (month: string, signal?: AbortSignal) =>
    request<MonthlyAssessment>('/api/reports/monthly-assessment', { query: { month }, signal }),
  definitions: () => request<Definition[]>('/api/reports/definitions'),
}
