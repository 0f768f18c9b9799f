import { newIdempotencyKey, request, requestBlob, requestList, upload, withQuery } from './http'
import type {
  Area,
  AttachmentView,
  AuditEntry,
  CallerHistory,
  CasePage,
  CaseView,
  CategoryView,
  ClockExplanation,
  Department,
  FileCaseRequest,
  KnowledgeEntry,
  KnowledgeSearchResults,
  ReturnVisit,
  SessionUser,
  SimilarCases,
} from './types'

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
  /** Files the call; with `directAnswer` it is filed and closed directly in one step, citing the knowledge entries used. */
  file: (body: FileCaseRequest, idempotencyKey: string) =>
    request<CaseView>('/api/cases', { method: 'POST', body, idempotencyKey }),
  get: (number: string) => request<CaseView>(`/api/cases/${encodeURIComponent(number)}`),
  history: (number: string) => request<AuditEntry[]>(`/api/cases/${encodeURIComponent(number)}/history`),
  deadlines: (number: string) => request<ClockExplanation[]>(`/api/cases/${encodeURIComponent(number)}/deadlines`),
  visits: (number: string) => request<ReturnVisit[]>(`/api/cases/${encodeURIComponent(number)}/visits`),
  /** POST /api/cases/{number}/{path}: every case action answers the case as it now is. */
  act: (number: string, path: string, body: unknown, idempotencyKey: string) =>
    request<CaseView>(`/api/cases/${encodeURIComponent(number)}/${path}`, { method: 'POST', body: body ?? {}, idempotencyKey }),
  /** The cases the call being taken may repeat, best first, each with its reasons: the intake body as it stands; nothing is written. */
  similarToCall: (body: FileCaseRequest, signal?: AbortSignal) =>
    request<SimilarCases>('/api/cases/similar', { method: 'POST', body, signal }),
  similarToCase: (number: string) => request<SimilarCases>(`/api/cases/${encodeURIComponent(number)}/similar`),
  /** The caller's earlier cases, newest first, and the repeat-caller flag (recorded in the personal-data access log). */
  callerHistory: (phone: string) => request<CallerHistory>('/api/cases/caller-history', { method: 'POST', body: { phone } }),
}

export interface InboxQuery {
  status?: string
  categoryCode?: string
  urgency?: string
  dueWithinHours?: number
  page?: number
  pageSize?: number
}

/**
 * A list read while a screen polls it: `etag` is what the last read answered, and `null` comes back when the list has not
 * changed since (304), so a screen keeps what it shows.
 */
export const inbox = {
  mine: (query: InboxQuery, etag?: string | null) => requestList<CasePage>(withQuery('/api/inbox', { ...query }), { etag }),
}

export interface CenterQueueQuery extends InboxQuery {
  pendingExtension?: boolean
  leadDepartmentCode?: string
}

/** The center's work queues over every department (`GET /api/cases`): manual dispatch, returns, extension requests, return visits. */
export const center = {
  queue: (query: CenterQueueQuery, etag?: string | null) => requestList<CasePage>(withQuery('/api/cases', { ...query }), { etag }),
}

export const knowledge = {
  search: (q: string, options: { categoryCode?: string; areaCode?: string; limit?: number; signal?: AbortSignal } = {}) =>
    request<KnowledgeSearchResults>('/api/knowledge/search', {
      query: { q, categoryCode: options.categoryCode, areaCode: options.areaCode, limit: options.limit },
      signal: options.signal,
    }),
  get: (id: number) => request<KnowledgeEntry>(`/api/knowledge/${id}`),
}

export interface UploadFileOptions {
  /** `caller` (the citizen's) or `staff`; left out, the API decides (an agent's upload is the caller's, anyone else's staff). */
  origin?: 'caller' | 'staff' | null
  onProgress?: (sent: number, total: number) => void
  signal?: AbortSignal
}

/**
 * Files (docs/attachments.md): uploaded one per request, to a case, or — before the case is filed — staged for the filing
 * (`POST /api/attachments`, named then by `attachmentIds` in `POST /api/cases`). Read only through the API, with the session.
 */
export const attachments = {
  list: (number: string) => request<AttachmentView[]>(`/api/cases/${encodeURIComponent(number)}/attachments`),
  /** To case `number`, or staged for a filing when `number` is null. */
  upload: (number: string | null, file: File, options: UploadFileOptions = {}) => {
    const form = new FormData()
    form.append('file', file, file.name)
    if (options.origin) form.append('origin', options.origin)
    const path = number ? `/api/cases/${encodeURIComponent(number)}/attachments` : '/api/attachments'
    return upload<AttachmentView>(path, form, { idempotencyKey: newIdempotencyKey(), onProgress: options.onProgress, signal: options.signal })
  },
  /**
   * Releases a confidential caller's own file to the departments that see the case (a file with `mayRelease`): an audited
   * action of the center's, with an optional note saying why; answers the file as it now is (`released`).
   */
  release: (number: string, id: string, note?: string | null) =>
    request<AttachmentView>(`/api/cases/${encodeURIComponent(number)}/attachments/${encodeURIComponent(id)}/release`, {
      method: 'POST',
      body: note && note.trim() ? { note } : {},
      idempotencyKey: newIdempotencyKey(),
    }),
  /** The bytes behind a `contentUrl` or `thumbnailUrl` the API answered. */
  bytes: (url: string, signal?: AbortSignal) => requestBlob(url, signal),
}
