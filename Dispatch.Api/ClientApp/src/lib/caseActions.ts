import { actionLabel } from './words'

/** Which form an action needs before it is sent. */
export type ActionForm =
  | 'none'
  | 'note-optional'
  | 'note-required'
  | 'text'
  | 'return'
  | 'extension'
  | 'forward'
  | 'dispatch'
  | 'merge'
  | 'pause'
  | 'visit'
  | 'close-directly'
  /** No form: the case page's upload control takes the files (AttachmentUpload). */
  | 'upload'

/** A button on a case: the action's name in `allowedActions`, its words, where it is sent, and its form. */
export interface ActionButton {
  action: string
  label: string
  path: string
  form: ActionForm
  kind: 'primary' | 'default' | 'danger'
}

const specs: ActionButton[] = [
  { action: 'sign', label: '签收', path: 'sign', form: 'none', kind: 'primary' },
  { action: 'dispatch', label: '派单', path: 'dispatch', form: 'dispatch', kind: 'primary' },
  { action: 'redispatch', label: '改派', path: 'redispatch', form: 'dispatch', kind: 'primary' },
  { action: 'reply', label: '办结反馈', path: 'reply', form: 'text', kind: 'primary' },
  { action: 'visit', label: '回访', path: 'return-visits', form: 'visit', kind: 'primary' },
  { action: 'close-directly', label: '直接办结', path: 'close-directly', form: 'close-directly', kind: 'primary' },
  { action: 'approve-extension', label: '批准延期', path: 'extension-requests/approve', form: 'note-optional', kind: 'primary' },
  { action: 'refuse-extension', label: '不批准延期', path: 'extension-requests/refuse', form: 'note-required', kind: 'danger' },
  { action: 'reject-return', label: '驳回退单', path: 'reject-return', form: 'note-required', kind: 'danger' },
  { action: 'forward', label: '二级派单', path: 'forward', form: 'forward', kind: 'default' },
  { action: 'request-extension', label: '申请延期', path: 'extension-requests', form: 'extension', kind: 'default' },
  { action: 'assist-reply', label: '协办答复', path: 'assist-replies', form: 'text', kind: 'default' },
  { action: 'add-note', label: '添加备注', path: 'notes', form: 'text', kind: 'default' },
  { action: 'attach', label: '上传附件', path: 'attachments', form: 'upload', kind: 'default' },
  { action: 'merge', label: '并单', path: 'merge', form: 'merge', kind: 'default' },
  { action: 'urge', label: '催办', path: 'urge', form: 'note-required', kind: 'default' },
  { action: 'supervise', label: '督办', path: 'supervise', form: 'note-required', kind: 'default' },
  { action: 'pause-clock', label: '暂停计时', path: 'clock/pause', form: 'pause', kind: 'default' },
  { action: 'resume-clock', label: '恢复计时', path: 'clock/resume', form: 'note-optional', kind: 'default' },
  { action: 'return', label: '退单', path: 'return', form: 'return', kind: 'danger' },
]

/** The return-visit outcomes: one endpoint (`return-visits`) decides which of them a visit is, so they make one button. */
const visitOutcomes = new Set(['close-after-visit', 'reopen', 'record-visit-attempt', 'close-unreachable'])

/**
 * The buttons for a case: exactly the actions the API allows the signed-in person now, in a fixed order (the step that
 * moves the case forward first, a return last). Automatic actions and names this console does not know are never
 * buttons: a button that can only fail is worse than none.
 */
export function actionButtons(allowedActions: readonly string[] | null | undefined): ActionButton[] {
  const allowed = new Set<string>()
  for (const action of allowedActions ?? []) {
    if (visitOutcomes.has(action)) allowed.add('visit')
    else if (action === 'visit' || actionLabel(action) !== null) allowed.add(action)
  }
  return specs.filter((s) => allowed.has(s.action))
}

export function actionButton(action: string): ActionButton | undefined {
  return specs.find((s) => s.action === action)
}
