import type { PolicyRequest, SlaPolicy } from '../rules/adminApi'

/**
 * An SLA policy (时限策略) as the policies screen handles it, and the escalation ladder it makes (docs/administration.md): warnings at
 * percentages of the sign-off (签收) and reply (办结反馈) limits, overdue at 100 %, the automatic return on a sign-off breach, and
 * supervision (督办) a grace period after a reply breach.
 */

export type UnitCode = 'working-hours' | 'working-days' | 'natural-hours'

export const unitLabels: Record<UnitCode, string> = {
  'working-hours': '工作小时',
  'working-days': '工作日',
  'natural-hours': '小时（自然时间）',
}

/**
 * A limit's unit as the API gives it: the list and a saved policy name it (`working-hours`), as a request does; a version's stored
 * definition (`GET …/versions`) and the change record hold the enum's number (0, 1, 2), which reads the same.
 */
export function unitOf(unit: unknown): UnitCode {
  switch (unit) {
    case 0:
    case 'working-hours':
      return 'working-hours'
    case 1:
    case 'working-days':
      return 'working-days'
    default:
      return 'natural-hours'
  }
}

function amountText(amount: number): string {
  return Number.isInteger(amount) ? String(amount) : String(Math.round(amount * 100) / 100)
}

/** `2 个工作小时`, `3 个工作日`, `0.5 小时（自然时间）`. */
export function limitText(limit: { amount: number; unit: unknown }): string {
  const unit = unitOf(limit.unit)
  const amount = amountText(limit.amount)
  return unit === 'natural-hours' ? `${amount} 小时（自然时间）` : `${amount} 个${unitLabels[unit]}`
}

export interface LadderStep {
  clock: '签收' | '办结反馈'
  /** The share of the limit at which the step comes, 100 for the breach; the supervision step comes after it. */
  percent: number
  /** When, in the limit's own unit: `1 个工作小时后`, `超期后 24 小时`. */
  when: string
  what: string
  level: 'warning' | 'overdue' | 'escalation'
}

/** What a ladder is drawn from: a policy as listed, or as the form has it (its units named rather than numbered). */
export interface LadderPolicy {
  signOff: { amount: number; unit: unknown }
  reply: { amount: number; unit: unknown }
  warningPercents: readonly number[]
  autoReturnOnSignOffBreach: boolean
  supervisionGraceHours: number
}

/** The steps of a policy's escalation ladder, in the order they come for each clock. */
export function ladderOf(policy: LadderPolicy): LadderStep[] {
  const steps: LadderStep[] = []
  const percents = [...policy.warningPercents].sort((a, b) => a - b)
  for (const [clock, limit] of [
    ['签收', policy.signOff],
    ['办结反馈', policy.reply],
  ] as const) {
    for (const p of percents) {
      steps.push({
        clock,
        percent: p,
        when: `用去时限的 ${p}%（${limitText({ amount: (limit.amount * p) / 100, unit: limit.unit })}）`,
        what: `${clock}预警`,
        level: 'warning',
      })
    }
    steps.push({ clock, percent: 100, when: `满 ${limitText(limit)}`, what: `${clock}超期`, level: 'overdue' })
    if (clock === '签收' && policy.autoReturnOnSignOffBreach) {
      steps.push({ clock, percent: 100, when: '签收超期时', what: '自动退回热线中心重新派单', level: 'escalation' })
    }
    if (clock === '办结反馈') {
      steps.push({
        clock,
        percent: 100,
        when: `超期后 ${amountText(policy.supervisionGraceHours)} 小时`,
        what: '仍未办结反馈，转入督办',
        level: 'escalation',
      })
    }
  }
  return steps
}

/** What the policy form edits. */
export interface PolicyDraftModel {
  name: string
  priority: number | null
  requestTypes: string[]
  categoryPrefix: string
  urgency: string
  signOffAmount: number | null
  signOffUnit: UnitCode
  replyAmount: number | null
  replyUnit: UnitCode
  warningPercents: string
  autoReturnOnSignOffBreach: boolean
  supervisionGraceHours: number | null
  enabled: boolean
  rectificationPhotosRequired: boolean
}

export function emptyPolicy(priority: number): PolicyDraftModel {
  return {
    name: '',
    priority,
    requestTypes: [],
    categoryPrefix: '',
    urgency: '',
    signOffAmount: 2,
    signOffUnit: 'working-hours',
    replyAmount: 5,
    replyUnit: 'working-days',
    warningPercents: '50、80',
    autoReturnOnSignOffBreach: false,
    supervisionGraceHours: 24,
    enabled: true,
    rectificationPhotosRequired: false,
  }
}

export function policyDraftOf(policy: SlaPolicy): PolicyDraftModel {
  return {
    name: policy.name,
    priority: policy.priority,
    requestTypes: [...policy.requestTypes],
    categoryPrefix: policy.categoryPrefix ?? '',
    urgency: policy.urgency ?? '',
    signOffAmount: policy.signOff.amount,
    signOffUnit: unitOf(policy.signOff.unit),
    replyAmount: policy.reply.amount,
    replyUnit: unitOf(policy.reply.unit),
    warningPercents: policy.warningPercents.join('、'),
    autoReturnOnSignOffBreach: policy.autoReturnOnSignOffBreach,
    supervisionGraceHours: policy.supervisionGraceHours,
    enabled: policy.enabled,
    rectificationPhotosRequired: policy.rectificationPhotosRequired,
  }
}

/**
 * Percentages as typed (`50、80`). A piece that is not a whole number is kept as NaN, which JSON sends as null and the API refuses
 * on `warningPercents` with its reason, rather than the console dropping what was typed.
 */
export function parsePercents(text: string): number[] {
  return text
    .split(/[、，,；;\s]+/)
    .filter((p) => p.length > 0)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN))
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

export function policyToRequest(model: PolicyDraftModel, version: number | null): PolicyRequest {
  return {
    version,
    priority: numberOrNull(model.priority),
    name: model.name,
    requestTypes: [...model.requestTypes],
    categoryPrefix: model.categoryPrefix || null,
    urgency: model.urgency || null,
    signOff: { amount: numberOrNull(model.signOffAmount), unit: model.signOffUnit },
    reply: { amount: numberOrNull(model.replyAmount), unit: model.replyUnit },
    warningPercents: parsePercents(model.warningPercents),
    autoReturnOnSignOffBreach: model.autoReturnOnSignOffBreach,
    supervisionGraceHours: numberOrNull(model.supervisionGraceHours),
    enabled: model.enabled,
    rectificationPhotosRequired: model.rectificationPhotosRequired,
  }
}

/** A version of a policy (its saved definition) as the versions list shows it. */
export function describePolicy(
  definition: Record<string, unknown>,
  names: { category: (code: string) => string; requestType: (code: string) => string; urgency: (code: string) => string },
): Array<[string, string]> {
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
  const text = (value: unknown): string => (typeof value === 'string' ? value : '')
  const limit = (value: unknown): string => {
    const l = value as { amount?: number; unit?: unknown } | null
    return l && typeof l.amount === 'number' ? limitText({ amount: l.amount, unit: l.unit }) : ''
  }
  return [
    ['名称', text(definition.name)],
    ['优先级', String(definition.priority ?? '')],
    ['诉求类型', list(definition.requestTypes).map((t) => names.requestType(String(t))).join('、') || '不限'],
    ['分类', text(definition.categoryPrefix) ? `${text(definition.categoryPrefix)} ${names.category(text(definition.categoryPrefix))}` : '不限'],
    ['紧急程度', text(definition.urgency) ? names.urgency(text(definition.urgency)) : '不限'],
    ['签收时限', limit(definition.signOff)],
    ['办结时限', limit(definition.reply)],
    ['预警', list(definition.warningPercents).map((p) => `${String(p)}%`).join('、') || '不预警'],
    ['签收超期', definition.autoReturnOnSignOffBreach ? '自动退回重新派单' : '不自动退回'],
    ['督办', `办结超期后 ${String(definition.supervisionGraceHours ?? '')} 小时`],
    ['整改照片', definition.rectificationPhotosRequired ? '办结反馈须附' : '不要求'],
    ['状态', definition.enabled === false ? '停用' : '启用'],
  ]
}
