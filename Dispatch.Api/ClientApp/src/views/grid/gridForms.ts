import { ApiError, describeProblem, mapFieldErrors } from '@/api/problems'
import type { AttachmentView, PatrolReportRequest, SiteVisitRequest } from '@/api/types'
import { readTypedCoordinates } from '@/lib/phoneLocation'

/** What a grid form shows after a refusal: a message per field, and one line for the rest (above the form). */
export interface GridFormErrors {
  fields: Record<string, string>
  summary: string
}

/** The site visit (上门核实) as the form holds it: coordinates as text (the phone's, or typed). */
export interface SiteVisitModel {
  text: string
  latitude: string
  longitude: string
  photos: AttachmentView[]
}

/** The patrol report (巡查上报) as the form holds it. */
export interface PatrolReportModel {
  requestType: string
  categoryCode: string
  description: string
  address: string
  latitude: string
  longitude: string
  photos: AttachmentView[]
  resolvedOnSpot: boolean
  resolution: string
}

export function emptySiteVisit(): SiteVisitModel {
  return { text: '', latitude: '', longitude: '', photos: [] }
}

export function emptyPatrolReport(): PatrolReportModel {
  return { requestType: '', categoryCode: '', description: '', address: '', latitude: '', longitude: '', photos: [], resolvedOnSpot: false, resolution: '' }
}

function orNull(text: string): string | null {
  return text.trim() === '' ? null : text.trim()
}

/** A body to send, or the fields to fix first (coordinates typed out of range are said before anything is sent). */
export type Prepared<T> = { body: T; errors: null } | { body: null; errors: GridFormErrors }

function coordinates(latitude: string, longitude: string): Prepared<{ latitude: number; longitude: number }> {
  const typed = readTypedCoordinates(latitude, longitude)
  if (typed.latitude === null || typed.longitude === null) {
    return { body: null, errors: { fields: { ...typed.errors }, summary: '请先定位，或手动填写现场的经纬度。' } }
  }
  return { body: { latitude: typed.latitude, longitude: typed.longitude }, errors: null }
}

/** `POST /api/cases/{n}/site-visits`: what was found, where, and the photos already on the case. */
export function siteVisitBody(model: SiteVisitModel): Prepared<SiteVisitRequest> {
  const where = coordinates(model.latitude, model.longitude)
  if (where.errors) return where
  return { body: { text: orNull(model.text), ...where.body, attachmentIds: model.photos.map((p) => p.id) }, errors: null }
}

/** `POST /api/grid/patrol-reports`: the resolution only when it was resolved on the spot. */
export function patrolReportBody(model: PatrolReportModel): Prepared<PatrolReportRequest> {
  const where = coordinates(model.latitude, model.longitude)
  if (where.errors) return where
  return {
    body: {
      requestType: orNull(model.requestType),
      categoryCode: orNull(model.categoryCode),
      description: orNull(model.description),
      address: orNull(model.address),
      ...where.body,
      attachmentIds: model.photos.map((p) => p.id),
      resolvedOnSpot: model.resolvedOnSpot,
      resolution: model.resolvedOnSpot ? orNull(model.resolution) : null,
    },
    errors: null,
  }
}

export const siteVisitFields = ['text', 'latitude', 'longitude', 'photos']
export const patrolReportFields = ['requestType', 'categoryCode', 'description', 'address', 'latitude', 'longitude', 'photos', 'resolvedOnSpot', 'resolution']
export const replyFields = ['text', 'photos']

/** The API names the photos `attachmentIds` (or one of them, `attachmentIds[1]`); the form has one photo control. */
const fieldOf: Record<string, string> = { attachmentIds: 'photos', file: 'photos' }

/**
 * A 400 or 422 put onto the form's fields (what no field owns goes into the summary); anything else is one sentence in
 * plain words (a 409 says what the case allows now).
 */
export function refusalOf(error: unknown, fields: readonly string[]): GridFormErrors {
  if (error instanceof ApiError && (error.status === 400 || error.status === 422)) {
    const mapped = mapFieldErrors(error.problem, fields, fieldOf)
    const summary = mapped.others.length > 0 ? mapped.others.join('；') : Object.keys(mapped.fields).length > 0 ? '请按提示修改后再提交。' : describeProblem(error)
    return { fields: mapped.fields, summary }
  }
  return { fields: {}, summary: describeProblem(error) }
}

/** The steps a grid worker takes on the phone, in the order they come: sign, verify on site, reply. */
const phoneSteps = [
  { action: 'sign', label: '签收' },
  { action: 'verify-on-site', label: '上门核实' },
  { action: 'reply', label: '办结反馈' },
] as const

export type PhoneStep = (typeof phoneSteps)[number]['action']

/** The phone screen's buttons: exactly those of its steps the API allows now (`allowedActions`). */
export function phoneActions(allowedActions: readonly string[] | null | undefined): Array<{ action: PhoneStep; label: string }> {
  const allowed = new Set(allowedActions ?? [])
  return phoneSteps.filter((s) => allowed.has(s.action)).map((s) => ({ action: s.action, label: s.label }))
}

/** Whether the case allows more than the phone's steps (a return, an extension, a note): those are on the full case page. */
export function hasMoreActions(allowedActions: readonly string[] | null | undefined, known: (action: string) => boolean): boolean {
  const phone = new Set<string>(phoneSteps.map((s) => s.action))
  return (allowedActions ?? []).some((a) => !phone.has(a) && a !== 'attach' && known(a))
}

/** A category list a phone's own picker shows well: the leaves, grouped under their parents' path (城市管理 › 市容环境). */
export interface CategoryGroup {
  label: string
  options: Array<{ code: string; name: string }>
}

export function categoryGroups(
  categories: ReadonlyArray<{ code: string; name: string; parentCode: string | null; leaf: boolean; active: boolean }>,
): CategoryGroup[] {
  const byCode = new Map(categories.map((c) => [c.code, c]))
  const pathOf = (code: string | null): string => {
    const names: string[] = []
    for (let c = code ? byCode.get(code) : undefined; c; c = c.parentCode ? byCode.get(c.parentCode) : undefined) names.unshift(c.name)
    return names.join(' › ')
  }
  const groups = new Map<string, CategoryGroup>()
  for (const c of categories) {
    if (!c.leaf || !c.active) continue
    const key = c.parentCode ?? ''
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { label: pathOf(c.parentCode) || '其他', options: [] }))
    group.options.push({ code: c.code, name: c.name })
  }
  return [...groups.values()]
}

/** The request types a patrol reports (praise is a caller's, not a patrol's). */
export const patrolRequestTypes = ['report', 'help', 'suggestion', 'complaint', 'consultation'] as const
