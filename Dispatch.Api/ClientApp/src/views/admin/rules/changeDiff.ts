/**
 * One row of the administrative record (`GET /api/admin/changes`) as the change record shows it: the change's JSON
 * (`{before, after}`, as the API wrote it in the change's own transaction) flattened into the fields that differ, each before and
 * after, in Chinese where the field is one the administration screens know.
 */

export const entityLabels: Record<string, string> = {
  'routing-rule': '派单规则',
  'sla-policy': '时限策略',
  calendar: '工作日历',
  department: '部门',
  area: '区域',
  category: '分类',
  user: '用户',
  token: '令牌',
  'audit-record': '审计记录',
}

export const operationLabels: Record<string, string> = {
  create: '新建',
  edit: '修改',
  enable: '启用',
  disable: '停用',
  reorder: '调整顺序',
  seal: '封存',
  'set-password': '设置密码',
  issue: '签发',
  revoke: '吊销',
}

const fieldLabels: Record<string, string> = {
  id: '编号',
  version: '版本',
  priority: '优先级',
  name: '名称',
  requestTypes: '诉求类型',
  categoryPrefix: '分类',
  areaCode: '区域',
  keywords: '关键词',
  leadDepartmentCode: '主办单位',
  assistingDepartmentCodes: '协办单位',
  enabled: '启用',
  urgency: '紧急程度',
  'signOff.amount': '签收时限',
  'signOff.unit': '签收时限单位',
  'reply.amount': '办结时限',
  'reply.unit': '办结时限单位',
  warningPercents: '预警百分比',
  autoReturnOnSignOffBreach: '签收超期自动退回',
  supervisionGraceHours: '督办宽限（小时）',
  rectificationPhotosRequired: '须附整改照片',
  code: '代码',
  parentCode: '上级',
  active: '在用',
  kind: '类别',
  level: '层级',
  role: '角色',
  departmentCode: '部门',
  displayName: '姓名',
  label: '标签',
  expiresAt: '到期',
  timeZone: '时区',
}

export function fieldLabel(path: string): string {
  return fieldLabels[path] ?? path
}

export interface ChangedField {
  field: string
  label: string
  before: string
  after: string
}

export interface ReadChange {
  before: unknown
  after: unknown
  fields: ChangedField[]
}

/** A value flattened to `path → text`: nested objects by dotted path, lists joined with 、, nothing as ''. */
function flatten(value: unknown, prefix = '', into: Map<string, string> = new Map()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) flatten(inner, prefix ? `${prefix}.${key}` : key, into)
  } else if (prefix) {
    into.set(prefix, show(value))
  }
  return into
}

function show(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map(show).join('、')
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/**
 * The change's before and after, and the fields that differ (every field of the after for a create, of the before for what has
 * no after). A change that is not JSON of that shape is shown whole as its after.
 */
export function readChange(change: string | null | undefined): ReadChange {
  let parsed: unknown
  try {
    parsed = JSON.parse(change ?? 'null')
  } catch {
    return { before: null, after: change ?? '', fields: [{ field: '', label: '内容', before: '', after: change ?? '' }] }
  }
  const shaped = parsed !== null && typeof parsed === 'object' && ('before' in parsed || 'after' in parsed)
  const before = shaped ? (parsed as { before?: unknown }).before ?? null : null
  const after = shaped ? (parsed as { after?: unknown }).after ?? null : parsed
  const was = flatten(before)
  const now = flatten(after)
  const fields: ChangedField[] = []
  for (const field of new Set([...was.keys(), ...now.keys()])) {
    const b = was.get(field) ?? ''
    const a = now.get(field) ?? ''
    if (b !== a) fields.push({ field, label: fieldLabel(field), before: b, after: a })
  }
  return { before, after, fields }
}
