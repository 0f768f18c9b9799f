import { request, requestList, withQuery } from './http'
import { ApiError } from './problems'
import type {
  Area,
  AuditEntry,
  CasePage,
  CaseSummary,
  CaseView,
  CategoryView,
  ClockExplanation,
  Department,
  FileCaseRequest,
  ReturnVisit,
} from './types'
import type { CallerHistory, DirectAnswer, KnowledgeEntry, KnowledgeHit, SessionUser, SimilarCase } from './pending'

/** A case as an answer shows it, with the actions the signed-in person may take on it now. */
export type CaseWithActions = CaseView & { allowedActions?: string[] | null }

/** The intake body, with the direct answer that files and closes a consultation in one step. */
export type IntakeBody = FileCaseRequest & { directAnswer?: DirectAnswer | null }

export const session = {
  current: () => request<SessionUser>('/api/session'),
  signIn: (username: string, password: string) =>
    request<SessionUser>('/api/session', { method: 'POST', body: { username, password } }),
  signOut: () => request<void>('/api/session', { method: 'DELETE' }),
}

export const catalogue = {
  categories: () => request<CategoryView[]>('/api/categories'),
  areas: () => request<Area[]>('/api/areas'),
  departments: () => request<Department[]>('/api/departments'),
}

export const cases = {
  file: (body: IntakeBody, idempotencyKey: string) =>
    request<CaseWithActions>('/api/cases', { method: 'POST', body, idempotencyKey }),
  get: (number: string) => request<CaseWithActions>(`/api/cases/${encodeURIComponent(number)}`),
  history: (number: string) => request<AuditEntry[]>(`/api/cases/${encodeURIComponent(number)}/history`),
  deadlines: (number: string) => request<ClockExplanation[]>(`/api/cases/${encodeURIComponent(number)}/deadlines`),
  visits: (number: string) => request<ReturnVisit[]>(`/api/cases/${encodeURIComponent(number)}/visits`),
  /** POST /api/cases/{number}/{path}: every case action answers the case as it now is. */
  act: (number: string, path: string, body: unknown, idempotencyKey: string) =>
    request<CaseWithActions>(`/api/cases/${encodeURIComponent(number)}/${path}`, { method: 'POST', body: body ?? {}, idempotencyKey }),
  similarToCall: (body: IntakeBody, signal?: AbortSignal) =>
    request<{ items: SimilarCase[] }>('/api/cases/similar', { method: 'POST', body, signal }),
  similarToCase: (number: string) => request<{ items: SimilarCase[] }>(`/api/cases/${encodeURIComponent(number)}/similar`),
  /**
   * The caller's earlier cases and the repeat-caller flag (`caller-history`); where the API has only the plain
   * `caller-lookup` (no flag), its list is taken and the flag left unknown.
   */
  callerHistory: async (phone: string): Promise<CallerHistory & { flagKnown: boolean }> => {
    try {
      return { ...(await request<CallerHistory>('/api/cases/caller-history', { method: 'POST', body: { phone } })), flagKnown: true }
    } catch (error) {
      if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 405)) throw error
      const list = await request<CaseSummary[]>('/api/cases/caller-lookup', { method: 'POST', body: { phone } })
      const cases = list.map((c) => ({
        number: c.number ?? '',
        status: c.status ?? '',
        requestType: c.requestType ?? '',
        categoryCode: c.categoryCode ?? '',
        title: c.title ?? '',
        filedAt: c.filedAt ?? '',
      }))
      return { cases, repeatCaller: false, flagKnown: false }
    }
  },
}

export interface InboxQuery {
  status?: string
  categoryCode?: string
  urgency?: string
  dueWithinHours?: number
  page?: number
  pageSize?: number
}

/** A case in a list, with its deadline state where the API gives it (`on-time`, `warned`, `overdue`, null). */
export type ListedCase = CaseSummary & { deadlineState?: string | null }
export type ListedPage = Omit<CasePage, 'items'> & { items: ListedCase[] }

/**
 * A list read while a screen polls it: `etag` is what the last read answered, and `null` comes back when the list has not
 * changed since (304), so a screen keeps what it shows.
 */
export const inbox = {
  mine: (query: InboxQuery, etag?: string | null) => requestList<ListedPage>(withQuery('/api/inbox', { ...query }), { etag }),
}

export interface CenterQueueQuery extends InboxQuery {
  pendingExtension?: boolean
  leadDepartmentCode?: string
}

/** The center's work queues over every department (`GET /api/cases`): manual dispatch, returns, extension requests, return visits. */
export const center = {
  queue: (query: CenterQueueQuery, etag?: string | null) => requestList<ListedPage>(withQuery('/api/cases', { ...query }), { etag }),
}

export const knowledge = {
  search: (q: string, options: { categoryCode?: string; areaCode?: string; limit?: number; signal?: AbortSignal } = {}) =>
    request<{ items: KnowledgeHit[] }>('/api/knowledge/search', {
      query: { q, categoryCode: options.categoryCode, areaCode: options.areaCode, limit: options.limit },
      signal: options.signal,
    }),
  get: (id: number) => request<KnowledgeEntry>(`/api/knowledge/${id}`),
}
