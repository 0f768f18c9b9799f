import { IdempotencyHeader, XsrfCookie, XsrfHeader, readCookie, request, withQuery } from './http'
import { ApiError, type Problem } from './problems'
import type { CaseView } from './types'
import type { AttachmentView, PatrolReportPage, PatrolReportRequest, SiteVisitRequest } from './gridContract'

/** The grid worker's own calls (docs/console.md, "The grid worker's screen"): verify on site, report from the patrol. */
export const grid = {
  /** 上门核实: what the worker found, with photos already on the case and where they stood; answers the case as it now is. */
  verifyOnSite: (number: string, body: SiteVisitRequest, idempotencyKey: string) =>
    request<CaseView>(`/api/cases/${encodeURIComponent(number)}/site-visits`, { method: 'POST', body, idempotencyKey }),
  /** 巡查上报: files a case from the patrol (routed, or closed on the spot with its resolution); answers the filed case. */
  fileReport: (body: PatrolReportRequest, idempotencyKey: string) =>
    request<CaseView>('/api/grid/patrol-reports', { method: 'POST', body, idempotencyKey }),
  /** The worker's own patrol reports, newest first. */
  /** TEMPORARY until `upload` is merged: the files on the case the worker may see (its gallery). */
  attachments: (number: string) => request<AttachmentView[]>(`/api/cases/${encodeURIComponent(number)}/attachments`),
  reports: (query: { from?: string; to?: string; page?: number; pageSize?: number } = {}) =>
    request<PatrolReportPage>(withQuery('/api/grid/patrol-reports', query)),
}

/**
 * TEMPORARY until branch `upload` is merged (its AttachmentUpload.vue uploads): one photo, multipart, to the case (a site visit's
 * evidence) or staged for a case not filed yet (a patrol report's) — `POST /api/cases/{n}/attachments` or `POST /api/attachments`.
 */
export async function uploadPhoto(file: File, caseNumber: string | null, idempotencyKey: string): Promise<AttachmentView> {
  const form = new FormData()
  form.append('file', file, file.name)
  form.append('origin', 'staff')
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', [IdempotencyHeader]: idempotencyKey }
  const token = readCookie(XsrfCookie)
  if (token) headers[XsrfHeader] = token
  const path = caseNumber ? `/api/cases/${encodeURIComponent(caseNumber)}/attachments` : '/api/attachments'
  let response: Response
  try {
    response = await fetch(path, { method: 'POST', body: form, headers, credentials: 'same-origin', cache: 'no-store' })
  } catch {
    throw new ApiError(0, { title: 'The server could not be reached.' })
  }
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = undefined
  }
  if (!response.ok) throw new ApiError(response.status, (parsed as Problem | undefined) ?? { status: response.status, title: `HTTP ${response.status}` })
  return parsed as AttachmentView
}
