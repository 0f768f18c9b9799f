// The API's types, from the generated OpenAPI types (schema.d.ts; `npm run api-types` regenerates it from the served
// document). A field renamed in the API breaks the console's build here, not an agent's call.
import type { components } from './schema'

type Schemas = components['schemas']

export type SessionUser = Schemas['SessionUser']
export type CaseView = Schemas['CaseView']
export type CaseSummary = Schemas['CaseSummary']
export type CasePage = Schemas['CasePage']
export type AuditEntry = Schemas['AuditEntry']
export type ClockExplanation = Schemas['ClockExplanation']
export type ReturnVisit = Schemas['ReturnVisit']
export type CategoryView = Schemas['CategoryView']
export type Department = Schemas['Department']
export type Area = Schemas['Area']
export type FileCaseRequest = Schemas['FileCaseRequest']
export type DirectAnswer = Schemas['DirectAnswerInput']
export type CloseDirectlyRequest = Schemas['CloseDirectlyRequest']
export type ReturnRequest = Schemas['ReturnRequest']
export type ExtensionRequest = Schemas['ExtensionRequest']
export type ForwardRequest = Schemas['ForwardRequest']
export type DispatchRequest = Schemas['DispatchRequest']
export type MergeRequest = Schemas['MergeRequest']
export type ReturnVisitRequest = Schemas['ReturnVisitRequest']

// Issue 21: the knowledge base at the desk, repeat calls and the caller's history.
export type KnowledgeSearchResults = Schemas['KnowledgeSearchView']
export type KnowledgeHit = Schemas['KnowledgeResult']
export type KnowledgeEntry = Schemas['KnowledgeEntryView']
export type SimilarCases = Schemas['SimilarCases']
export type SimilarCase = Schemas['SimilarCase']
export type SimilarityReason = Schemas['SimilarityReason']
export type CallerHistory = Schemas['CallerHistory']

// Issue 23: files on a case (docs/attachments.md).
export type AttachmentView = Schemas['AttachmentView']
export type TextRequest = Schemas['TextRequest']

// Issue 23: the grid worker's phone screen (site visits, patrol reports).
export type SiteVisitRequest = Schemas['SiteVisitRequest']
export type PatrolReportRequest = Schemas['PatrolReportRequest']
export type PatrolReportPage = Schemas['PatrolReportPage']
export type PatrolReportSummary = Schemas['PatrolReportSummary']
