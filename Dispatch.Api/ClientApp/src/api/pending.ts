// Answers of endpoints that are being added to the API in parallel (issue 21's knowledge base and repeat calls,
// issue 22's sign-in and allowedActions), written from their agreed contracts. Once an endpoint is in the served
// OpenAPI document, regenerate schema.d.ts and take its type from types.ts instead of here.

/** GET/POST /api/session: who is signed in. */
export interface SessionUser {
  username: string
  displayName: string
  role: string
  departmentCode?: string | null
  departmentName?: string | null
}

/** GET /api/knowledge/search: one entry found, best first; `snippet` is escaped HTML with the matched words in <mark>. */
export interface KnowledgeHit {
  id: number
  title: string
  snippet: string
  score: number
  matched: string[]
  category: { code: string; name?: string | null } | null
  department: { code: string; name?: string | null } | null
  validUntil?: string | null
}

/** GET /api/knowledge/{id}. */
export interface KnowledgeEntry {
  id: number
  title: string
  content: string
  keywords?: string[]
  categoryCode?: string
  categoryName?: string | null
  departmentName?: string | null
  validUntil?: string | null
}

/** One thing a similar case has in common with the call. */
export interface SimilarityReason {
  kind: string
  points: number
  code?: string | null
  metres?: number | null
  similarity?: number | null
  hours?: number | null
}

/** POST /api/cases/similar, GET /api/cases/{number}/similar. */
export interface SimilarCase {
  number: string
  score: number
  reasons: Array<SimilarityReason | string>
  status: string
  filedAt: string
  closedAt?: string | null
  title: string
  categoryCode?: string
}

/** The caller's earlier cases and whether they count as a repeat caller. */
export interface CallerHistory {
  cases: CallerCase[]
  repeatCaller: boolean
  casesInWindow?: number
  windowDays?: number
  repeatCallerCases?: number
}

export interface CallerCase {
  number: string
  status: string
  requestType: string
  categoryCode: string
  title: string
  filedAt: string
  urgency?: string
}

/** The direct answer an intake may carry: the case is filed and closed in one step, citing the entries used. */
export interface DirectAnswer {
  answer: string
  knowledgeEntryIds?: number[]
}
