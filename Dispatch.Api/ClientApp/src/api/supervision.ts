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

// supapi's endpoints (ListKpiCases, GetMonthlyAssessment), as the session's contract names them, until schema.d.ts has them.
export interface KpiCase {
  number: string
  title: string
  status: string
  urgency: string
  categoryCode: string
  categoryName: string | null
  departmentCode: string | null
  departmentName: string | null
  streetCode: string | null
  streetName: string | null
  filedAt: string
  dueAt: string | null
}
export interface KpiCasesPage {
  figure: string
  part: string
  name: string
  definition: string
  total: number
  countsEvents?: boolean
  cases: KpiCase[]
  nextCursor: string | null
}
export interface MonthlyAssessment {
  period: ReportPeriod
  generatedAt: string
  weights: { response: number; resolution: number; satisfaction: number }
  minimumCases: number
  ranking: RankingEntry[]
  redList: RankingEntry[]
  blackList: RankingEntry[]
  departments: KpiRow[]
  total: KpiRow
  definitions: Definition[]
}

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
