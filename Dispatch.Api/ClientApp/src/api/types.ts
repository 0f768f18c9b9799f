// The API's types, from the generated OpenAPI types (schema.d.ts; `npm run api-types` regenerates it from the served
// document). A field renamed in the API breaks the console's build here, not an agent's call.
import type { components } from './schema'

type Schemas = components['schemas']

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
export type ReturnRequest = Schemas['ReturnRequest']
export type ExtensionRequest = Schemas['ExtensionRequest']
export type ForwardRequest = Schemas['ForwardRequest']
export type DispatchRequest = Schemas['DispatchRequest']
export type MergeRequest = Schemas['MergeRequest']
export type ReturnVisitRequest = Schemas['ReturnVisitRequest']
