import type { DryRunRequest, ReorderRequest, RoutingRule, RuleRequest } from './adminApi'

/**
 * The routing table as the rules screen handles it (docs/routing.md): an ordered, first-match list. What is shown, proposed to the
 * dry run and saved is worked out here, apart from the screen, so the specs can check it without a browser.
 */

/** The list with the item at `from` moved to `to` (both indexes of the list as it is); the list itself is left alone. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const result = [...list]
  if (from < 0 || from >= list.length || to < 0 || to >= list.length || from === to) return result
  const [item] = result.splice(from, 1)
  result.splice(to, 0, item!)
  return result
}

export function sameOrder(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i])
}

/** A rule as the API takes it back (with its id and version, as the dry run's table and an edit carry them). */
export function ruleToRequest(rule: RoutingRule, priority: number = rule.priority): RuleRequest {
  return {
    id: rule.id,
    version: rule.version,
    priority,
    name: rule.name,
    requestTypes: [...rule.requestTypes],
    categoryPrefix: rule.categoryPrefix,
    areaCode: rule.areaCode,
    keywords: [...rule.keywords],
    leadDepartmentCode: rule.leadDepartmentCode,
    assistingDepartmentCodes: [...rule.assistingDepartmentCodes],
    enabled: rule.enabled,
  }
}

/** The whole table in a new order, priorities 10, 20, 30, … as the reorder will give them: what the dry run replays. */
export function reorderedTable(rules: readonly RoutingRule[], order: readonly number[]): RuleRequest[] {
  const byId = new Map(rules.map((r) => [r.id, r]))
  return order.map((id, i) => ruleToRequest(byId.get(id)!, (i + 1) * 10))
}

/** What saving the new order sends: every rule's id in it, and the version each was read at (a rule changed since is a 409). */
export function reorderBody(rules: readonly RoutingRule[], order: readonly number[]): ReorderRequest {
  const byId = new Map(rules.map((r) => [r.id, r]))
  return { ids: [...order], versions: order.map((id) => byId.get(id)!.version) }
}

/**
 * The whole table with one rule as the form has it: the rule edited in its place, or a new one added (without an id: the dry run
 * names it by its place). The form's rule is `index` in the answer, which is where the dry run's `rules[index].…` errors point.
 */
export function editedTable(rules: readonly RoutingRule[], draft: RuleRequest, editing: number | null): { table: RuleRequest[]; index: number } {
  const table = rules.map((r) => ruleToRequest(r))
  if (editing === null) {
    table.push({ ...draft, id: null, version: null })
    return { table, index: table.length - 1 }
  }
  const index = table.findIndex((r) => r.id === editing)
  table[index] = { ...draft, id: editing, version: table[index]!.version }
  return { table, index }
}

export function dryRunBody(table: RuleRequest[], from: string, to: string, examples = 3): DryRunRequest {
  return { rules: table, from, to, examples }
}

/** What the rule form edits; lists as lists, codes as '' when not set. */
export interface RuleDraftModel {
  name: string
  priority: number | null
  requestTypes: string[]
  categoryPrefix: string
  areaCode: string
  keywords: string
  leadDepartmentCode: string
  assistingDepartmentCodes: string[]
  enabled: boolean
}

export function emptyDraft(priority: number | null): RuleDraftModel {
  return {
    name: '',
    priority,
    requestTypes: [],
    categoryPrefix: '',
    areaCode: '',
    keywords: '',
    leadDepartmentCode: '',
    assistingDepartmentCodes: [],
    enabled: true,
  }
}

export function draftOf(rule: RoutingRule): RuleDraftModel {
  return {
    name: rule.name,
    priority: rule.priority,
    requestTypes: [...rule.requestTypes],
    categoryPrefix: rule.categoryPrefix ?? '',
    areaCode: rule.areaCode ?? '',
    keywords: rule.keywords.join('、'),
    leadDepartmentCode: rule.leadDepartmentCode,
    assistingDepartmentCodes: [...rule.assistingDepartmentCodes],
    enabled: rule.enabled,
  }
}

/** Keywords as an administrator types them: separated by 、，, ; or a new line, each trimmed, none empty. */
export function parseKeywords(text: string): string[] {
  return text
    .split(/[、，,；;\n]/)
    .map((k) => k.trim())
    .filter((k) => k.length > 0)
}

/** The form as the API takes it; the version is the one the rule was read at (absent for a new rule). */
export function draftToRequest(model: RuleDraftModel, version: number | null): RuleRequest {
  return {
    id: null,
    version,
    priority: typeof model.priority === 'number' && Number.isFinite(model.priority) ? model.priority : null,
    name: model.name,
    requestTypes: [...model.requestTypes],
    categoryPrefix: model.categoryPrefix || null,
    areaCode: model.areaCode || null,
    keywords: parseKeywords(model.keywords),
    leadDepartmentCode: model.leadDepartmentCode || null,
    assistingDepartmentCodes: [...model.assistingDepartmentCodes],
    enabled: model.enabled,
  }
}

/** The priority a new rule gets by default: after every rule there is. */
export function nextPriority(rules: readonly RoutingRule[]): number {
  return Math.max(0, ...rules.map((r) => r.priority)) + 10
}

/**
 * The dry run counts how many cases each proposed rule would take, keyed `rule {id}` or `fallback`. A new rule (not saved yet)
 * has the id the dry run gave it, −(its place + 1).
 */
export function proposedRuleLabel(key: string, rules: readonly Pick<RoutingRule, 'id' | 'name'>[], newRuleName = ''): string {
  if (key === 'fallback') return '兜底单位（未命中任何规则）'
  const id = Number(key.replace(/^rule /, ''))
  if (Number.isFinite(id) && id < 0) return `新规则${newRuleName ? `“${newRuleName}”` : ''}`
  const rule = rules.find((r) => r.id === id)
  return rule ? `规则 ${id}“${rule.name}”` : `规则 ${key.replace(/^rule /, '')}`
}

/**
 * What a dry run's example says decided it (the router's explanation, `rule 7 v2 '供水' (priority 22) matched`), in Chinese.
 */
export function explanationWords(explanation: string | null | undefined): string {
  if (!explanation) return ''
  const rule = explanation.match(/^rule (-?\d+) v(\d+) '(.*)' \(priority (\d+)\) matched$/)
  if (rule) return Number(rule[1]) < 0 ? `新规则“${rule[3]}”命中` : `规则 ${rule[1]}“${rule[3]}”命中`
  const fallback = explanation.match(/^no enabled rule matched; sent to the fallback department (\S+)$/)
  if (fallback) return `未命中任何规则，派给兜底单位 ${fallback[1]}`
  return explanation
}

/** The dry run's default period: the last 30 days up to today (the hotline's date), well inside the API's 93. */
export function defaultPeriod(today: string): { from: string; to: string } {
  const end = new Date(`${today}T00:00:00Z`)
  const start = new Date(end.getTime() - 29 * 86_400_000)
  return { from: start.toISOString().slice(0, 10), to: today }
}

/** How codes read on screen: the catalogue's names (useCatalogue), or the code itself where it does not know one. */
export interface CodeNames {
  department: (code: string) => string
  category: (code: string) => string
  area: (code: string) => string
  requestType: (code: string) => string
}

export const codesOnly: CodeNames = { department: (c) => c, category: (c) => c, area: (c) => c, requestType: (c) => c }

/** A rule's conditions in a line: 投诉、举报 · 分类 0703 供气 · 区域 西湖街道 · 关键词 燃气泄漏、煤气泄漏; 任何工单 when it has none. */
export function conditionsOf(rule: Pick<RoutingRule, 'requestTypes' | 'categoryPrefix' | 'areaCode' | 'keywords'>, names: CodeNames = codesOnly): string {
  const parts: string[] = []
  if (rule.requestTypes.length) parts.push(rule.requestTypes.map(names.requestType).join('、'))
  if (rule.categoryPrefix) parts.push(`分类 ${rule.categoryPrefix} ${names.category(rule.categoryPrefix)}`.trim())
  if (rule.areaCode) parts.push(`区域 ${names.area(rule.areaCode)}`)
  if (rule.keywords.length) parts.push(`关键词 ${rule.keywords.join('、')}`)
  return parts.length ? parts.join(' · ') : '任何工单'
}

/** A version of a rule (its saved definition) as the versions list shows it, field by field. */
export function describeRule(definition: Record<string, unknown>, names: CodeNames = codesOnly): Array<[string, string]> {
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [])
  const text = (value: unknown): string => (typeof value === 'string' ? value : '')
  return [
    ['名称', text(definition.name)],
    ['优先级', String(definition.priority ?? '')],
    ['诉求类型', list(definition.requestTypes).map(names.requestType).join('、') || '不限'],
    ['分类', text(definition.categoryPrefix) ? `${text(definition.categoryPrefix)} ${names.category(text(definition.categoryPrefix))}` : '不限'],
    ['区域', text(definition.areaCode) ? names.area(text(definition.areaCode)) : '不限'],
    ['关键词', list(definition.keywords).join('、') || '不限'],
    ['主办单位', text(definition.leadDepartmentCode) ? names.department(text(definition.leadDepartmentCode)) : ''],
    ['协办单位', list(definition.assistingDepartmentCodes).map(names.department).join('、') || '无'],
    ['状态', definition.enabled === false ? '停用' : '启用'],
  ]
}
