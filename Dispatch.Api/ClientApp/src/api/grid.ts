import { request, withQuery } from './http'
import type { CaseView, PatrolReportPage, PatrolReportRequest, SiteVisitRequest } from './types'

/** The grid worker's own calls (docs/console.md, "The grid worker's screen"): verify on site, report from the patrol. */
export const grid = {
  /** 上门核实: what the worker found, with photos already on the case and where they stood; answers the case as it now is. */
  verifyOnSite: (number: string, body: SiteVisitRequest, idempotencyKey: string) =>
    request<CaseView>(`/api/cases/${encodeURIComponent(number)}/site-visits`, { method: 'POST', body, idempotencyKey }),
  /** 巡查上报: files a case from the patrol (routed, or closed on the spot with its resolution); answers the filed case. */
  fileReport: (body: PatrolReportRequest, idempotencyKey: string) =>
    request<CaseView>('/api/grid/patrol-reports', { method: 'POST', body, idempotencyKey }),
  /** The worker's own patrol reports, newest first. */
  reports: (query: { from?: string; to?: string; page?: number; pageSize?: number } = {}) =>
    request<PatrolReportPage>(withQuery('/api/grid/patrol-reports', query)),
}
