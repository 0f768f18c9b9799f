// The administration endpoints these screens call (docs/administration.md), typed from the generated OpenAPI types. Kept beside
// the screens rather than in src/api/endpoints.ts so the administration screens of one session do not all edit one file.
import { request } from '@/api/http'
import type { components } from '@/api/schema'

type Schemas = components['schemas']

export type RoutingRule = Schemas['RoutingRule']
export type RuleView = Schemas['RuleView']
export type RuleRequest = Schemas['RuleRequest']
export type RuleVersion = Schemas['RuleVersionView']
export type DryRun = Schemas['DryRun']
export type DryRunMove = Schemas['DryRunMove']
export type DryRunRequest = Schemas['DryRunRequest']
export type ReorderRequest = Schemas['ReorderRequest']
export type SlaPolicy = Schemas['SlaPolicy']
export type PolicyView = Schemas['SlaAdministrationPolicyView']
export type PolicyRequest = Schemas['PolicyRequest']
export type AdminChange = Schemas['AdminChange']

export const routingRules = {
  list: () => request<RuleView[]>('/api/admin/routing-rules'),
  versions: (id: number) => request<RuleVersion[]>(`/api/admin/routing-rules/${id}/versions`),
  create: (body: RuleRequest) => request<RoutingRule>('/api/admin/routing-rules', { method: 'POST', body }),
  edit: (id: number, body: RuleRequest) => request<RoutingRule>(`/api/admin/routing-rules/${id}`, { method: 'PUT', body }),
  setEnabled: (id: number, enabled: boolean, version: number) =>
    request<RoutingRule>(`/api/admin/routing-rules/${id}/${enabled ? 'enable' : 'disable'}`, { method: 'POST', body: { version } }),
  /** Every rule's id in the new order, with each one's version as the table was read: a rule changed since is a 409. */
  reorder: (body: ReorderRequest) => request<RoutingRule>('/api/admin/routing-rules/reorder', { method: 'POST', body }),
  dryRun: (body: DryRunRequest) => request<DryRun>('/api/admin/routing-rules/dry-run', { method: 'POST', body }),
}

export const slaPolicies = {
  list: () => request<PolicyView[]>('/api/admin/sla-policies'),
  versions: (id: number) => request<RuleVersion[]>(`/api/admin/sla-policies/${id}/versions`),
  create: (body: PolicyRequest) => request<SlaPolicy>('/api/admin/sla-policies', { method: 'POST', body }),
  edit: (id: number, body: PolicyRequest) => request<SlaPolicy>(`/api/admin/sla-policies/${id}`, { method: 'PUT', body }),
  setEnabled: (id: number, enabled: boolean, version: number) =>
    request<SlaPolicy>(`/api/admin/sla-policies/${id}/${enabled ? 'enable' : 'disable'}`, { method: 'POST', body: { version } }),
}

export interface ChangeQuery {
  entity?: string
  key?: string
  page?: number
  pageSize?: number
}

export const adminChanges = {
  list: (query: ChangeQuery) => request<AdminChange[]>('/api/admin/changes', { query: { ...query } }),
}
