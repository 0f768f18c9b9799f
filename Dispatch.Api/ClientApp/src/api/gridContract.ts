// TEMPORARY: the shapes of /work/handoff/s14-contract.md, written by hand until the grid and upload branches are merged and
// `npm run api-types` generates them. Delete this file then, and name the generated schemas in types.ts instead.

export interface SiteVisitRequest {
  text: string | null
  latitude: number | null
  longitude: number | null
  attachmentIds: string[]
}

export interface PatrolReportRequest {
  requestType: string | null
  categoryCode: string | null
  description: string | null
  address: string | null
  latitude: number | null
  longitude: number | null
  attachmentIds: string[]
  resolvedOnSpot: boolean
  resolution: string | null
}

/** A patrol report as the grid worker's list shows it: the case it filed. */
export interface PatrolReportSummary {
  number: string
  title?: string | null
  status: string
  categoryCode?: string | null
  filedAt: string
  closeOutcome?: string | null
  resolvedOnSpot?: boolean | null
  address?: string | null
}

export interface PatrolReportPage {
  items: PatrolReportSummary[]
  page: number
  pageSize: number
  total: number
}

/** What the session says of a grid worker: the grid helper decides which of the two it sends. */
export interface GridSessionFacts {
  departmentKind?: string | null
  gridWorker?: boolean | null
}
