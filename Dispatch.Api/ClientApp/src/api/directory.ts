// The administrator's directory (calendars, the catalogue, users and tokens) and the editor's knowledge review, through the one
// client (http.ts) with the API's generated types. Every change carries the version it was decided on: a stale one is a 409.
import { request } from './http'
import type { components } from './schema'

type Schemas = components['schemas']

export type CalendarSummary = Schemas['CalendarSummary']
export type CalendarYear = Schemas['CalendarYearView']
export type CalendarDay = Schemas['CalendarDayView']
export type CalendarDayRequest = Schemas['CalendarDayRequest']
export type YearNoticeRequest = Schemas['YearNoticeRequest']
export type DepartmentRecord = Required<Schemas['DepartmentRecord']>
export type DepartmentRequest = Schemas['DepartmentRequest']
export type AreaRecord = Required<Schemas['AreaRecord']>
export type AreaRequest = Schemas['AreaRequest']
export type CategoryRecord = Required<Schemas['CategoryRecord']>
export type CategoryRequest = Schemas['CategoryRequest']
// Classes with init-only properties in the API, so the document leaves their fields optional; the API always writes them.
export type UserView = Required<Omit<Schemas['UserView'], 'tokens'>> & { tokens: TokenView[] }
export type UserRequest = Schemas['UserRequest']
export type TokenView = Required<Schemas['TokenView']>
export type IssuedToken = Schemas['IssuedToken']
export type AdminChange = Required<Schemas['AdminChange']>
export type KnowledgeEntry = Schemas['KnowledgeEntryView']
export type KnowledgeList = Schemas['KnowledgeListView']

const path = encodeURIComponent

export const calendars = {
  list: () => request<CalendarSummary[]>('/api/calendars'),
  year: (code: string, year: number) => request<CalendarYear>(`/api/calendars/${path(code)}/days`, { query: { year } }),
  addDay: (code: string, body: CalendarDayRequest) => request<unknown>(`/api/calendars/${path(code)}/days`, { method: 'POST', body }),
  addYear: (code: string, body: YearNoticeRequest) => request<unknown>(`/api/calendars/${path(code)}/years`, { method: 'POST', body }),
}

/** The three catalogue resources share one shape: list (with versions), create, edit by version. */
export type CatalogueKind = 'departments' | 'areas' | 'categories'

export const catalogueAdmin = {
  departments: () => request<DepartmentRecord[]>('/api/admin/departments'),
  areas: () => request<AreaRecord[]>('/api/admin/areas'),
  categories: () => request<CategoryRecord[]>('/api/admin/categories'),
  create: (kind: CatalogueKind, body: Partial<DepartmentRequest | AreaRequest | CategoryRequest>) =>
    request<unknown>(`/api/admin/${kind}`, { method: 'POST', body }),
  edit: (kind: CatalogueKind, code: string, body: Partial<DepartmentRequest | AreaRequest | CategoryRequest>) =>
    request<unknown>(`/api/admin/${kind}/${path(code)}`, { method: 'PUT', body }),
  /** The administrative record of one entry, newest first: its versions with who, when, before and after. */
  changes: (entity: string, key: string) => request<AdminChange[]>('/api/admin/changes', { query: { entity, key } }),
}

export const users = {
  list: () => request<UserView[]>('/api/admin/users'),
  create: (body: UserRequest) => request<unknown>('/api/admin/users', { method: 'POST', body }),
  edit: (username: string, body: UserRequest) => request<unknown>(`/api/admin/users/${path(username)}`, { method: 'PUT', body }),
  setPassword: (username: string, password: string) =>
    request<void>(`/api/admin/users/${path(username)}/password`, { method: 'PUT', body: { password } }),
  /** The answer is the only time the token is ever shown. */
  issueToken: (username: string, label: string, expiresAt: string | null) =>
    request<IssuedToken>(`/api/admin/users/${path(username)}/tokens`, { method: 'POST', body: { label, expiresAt } }),
  revokeTokens: (username: string, label: string) =>
    request<number>(`/api/admin/users/${path(username)}/tokens/${path(label)}`, { method: 'DELETE' }),
}

export const knowledgeReview = {
  /** The entries waiting for an editor (提交审核), the longest waiting last changed first as the API orders them. */
  queue: (page = 1, pageSize = 50) =>
    request<KnowledgeList>('/api/knowledge', { query: { status: 'in-review', page, pageSize } }),
  get: (id: number) => request<KnowledgeEntry>(`/api/knowledge/${id}`),
  publish: (id: number, version: number) =>
    request<KnowledgeEntry>(`/api/knowledge/${id}/publish`, { method: 'POST', body: { version, reason: null } }),
  return: (id: number, version: number, reason: string) =>
    request<KnowledgeEntry>(`/api/knowledge/${id}/return`, { method: 'POST', body: { version, reason } }),
}
