// The product's words (../shared/domain/hotline-domain.md), as every screen shows them.

export const statusLabels: Record<string, string> = {
  filed: '已受理',
  dispatched: '待签收',
  signed: '办理中',
  returned: '已退回',
  resolved: '待回访',
  closed: '已办结',
  reopened: '重办',
  merged: '已并单',
}

export const requestTypeLabels: Record<string, string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
  praise: '表扬',
}

export const channelLabels: Record<string, string> = {
  phone: '电话',
  web: '网站',
  wechat: '微信',
  app: 'App',
  email: '邮件',
  letter: '信件',
  'provincial-transfer': '省线转办',
  'grid-patrol': '网格巡查',
}

export const urgencyLabels: Record<string, string> = { normal: '一般', urgent: '紧急' }

export const returnReasonLabels: Record<string, string> = {
  'not-our-area': '属地不符',
  'not-our-duty': '职能不符',
  'unclear-ownership': '权属不清',
  duplicate: '重复件',
  'insufficient-information': '信息不全',
}

export const satisfactionLabels: Record<string, string> = {
  satisfied: '满意',
  'basically-satisfied': '基本满意',
  dissatisfied: '不满意',
}

export const closeOutcomeLabels: Record<string, string> = {
  direct: '直接办结',
  satisfied: '回访办结',
  unreachable: '回访未联系上，办结',
  merged: '随主工单办结',
  'on-spot': '就地办结',
}

export const roleLabels: Record<string, string> = {
  agent: '话务员',
  dispatcher: '派单员',
  handler: '承办单位经办人',
  visitor: '回访员',
  supervisor: '督办',
  admin: '管理员',
  editor: '知识库管理员',
}

/** Every action a case's history or `allowedActions` may name (Dispatch.Workers/Cases/CaseActions.cs). */
export const actionLabels: Record<string, string> = {
  file: '受理',
  'close-directly': '直接办结',
  dispatch: '派单',
  sign: '签收',
  forward: '二级派单',
  return: '退单',
  redispatch: '改派',
  'reject-return': '驳回退单',
  reply: '办结反馈',
  'close-after-visit': '回访办结',
  reopen: '重办',
  'record-visit-attempt': '回访未联系上',
  'close-unreachable': '回访未联系上，办结',
  merge: '并单',
  'close-with-master': '随主工单办结',
  'add-note': '添加备注',
  'assist-reply': '协办答复',
  'request-extension': '申请延期',
  'approve-extension': '批准延期',
  'refuse-extension': '不批准延期',
  urge: '催办',
  'pause-clock': '暂停计时',
  'resume-clock': '恢复计时',
  'deadline-warning': '时限预警',
  'mark-overdue': '超期',
  supervise: '督办',
  'anonymise-caller': '来电人信息到期清除',
  attach: '上传附件',
  // Offered on the file (mayRelease), never among allowedActions: named here for the history only.
  'release-attachment': '公开附件给承办单位',
  'verify-on-site': '上门核实',
  'close-on-spot': '就地办结',
}

/** Actions only the system takes: never a button, whatever an answer lists. */
export const automaticActions = new Set([
  'file',
  'deadline-warning',
  'mark-overdue',
  'close-with-master',
  'anonymise-caller',
])

export const clockLabels: Record<string, string> = {
  'sign-off': '签收时限',
  signoff: '签收时限',
  reply: '办结时限',
}

export const similarityReasonLabels: Record<string, string> = {
  'same-category': '同一分类',
  'same-family': '同类问题',
  'same-address': '同一地址',
  'similar-address': '地址相近',
  'same-grid': '同一网格',
  'same-community': '同一社区',
  nearby: '距离相近',
  'similar-text': '内容相似',
  'same-caller': '同一来电人',
  'filed-apart': '时间相近',
}

export function statusLabel(status: string | null | undefined): string {
  return status ? (statusLabels[status] ?? status) : ''
}

/** The Chinese name of an action, or null for one a person never takes (and an unknown name). */
export function actionLabel(action: string): string | null {
  if (automaticActions.has(action)) return null
  return actionLabels[action] ?? null
}

export function label(labels: Record<string, string>, key: string | null | undefined): string {
  return key ? (labels[key] ?? key) : ''
}

/** `handler:um.handler@UM` → `um.handler（UM）`; `system:router` → `系统（自动派单）`. */
export function actorLabel(actor: string): string {
  const [kind, rest = ''] = actor.split(':', 2)
  if (kind === 'system') {
    const what: Record<string, string> = { router: '自动派单', sweeper: '时限监控', retention: '数据保留', master: '主工单' }
    return `系统（${what[rest] ?? rest}）`
  }
  const [user, department] = rest.split('@', 2)
  const role = roleLabels[kind ?? ''] ?? kind
  return department ? `${role} ${user}（${department}）` : `${role} ${user}`
}
