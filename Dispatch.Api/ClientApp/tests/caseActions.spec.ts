import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { actionButtons } from '@/lib/caseActions'
import CaseActionsBar from '@/components/CaseActionsBar.vue'

describe('the actions a case offers as buttons', () => {
  it('offers exactly the allowed actions, the step forward first and a return last', () => {
    const buttons = actionButtons(['return', 'add-note', 'sign', 'request-extension'])
    expect(buttons.map((b) => b.label)).toEqual(['签收', '申请延期', '添加备注', '退单'])
  })

  it('never offers an automatic action, whatever the answer lists', () => {
    expect(actionButtons(['mark-overdue', 'deadline-warning', 'close-with-master', 'anonymise-caller', 'file'])).toEqual([])
  })

  it('ignores an action this console does not know', () => {
    expect(actionButtons(['teleport', 'reply']).map((b) => b.action)).toEqual(['reply'])
  })

  it('makes one return-visit button of the visit outcomes', () => {
    const buttons = actionButtons(['close-after-visit', 'reopen', 'record-visit-attempt', 'close-unreachable'])
    expect(buttons.map((b) => [b.label, b.path])).toEqual([['回访', 'return-visits']])
  })

  it('sends each action to its endpoint', () => {
    const paths = Object.fromEntries(
      actionButtons(['request-extension', 'approve-extension', 'pause-clock', 'add-note', 'assist-reply']).map((b) => [b.action, b.path]),
    )
    expect(paths).toEqual({
      'request-extension': 'extension-requests',
      'approve-extension': 'extension-requests/approve',
      'pause-clock': 'clock/pause',
      'add-note': 'notes',
      'assist-reply': 'assist-replies',
    })
  })

  it('offers the upload control as 上传附件 when the case may take files (attach)', () => {
    const buttons = actionButtons(['attach', 'reply', 'add-note'])
    expect(buttons.map((b) => [b.action, b.label, b.form])).toEqual([
      ['reply', '办结反馈', 'text'],
      ['add-note', '添加备注', 'text'],
      ['attach', '上传附件', 'upload'],
    ])
  })

  it('offers nothing when the answer lists nothing', () => {
    expect(actionButtons(undefined)).toEqual([])
    expect(actionButtons([])).toEqual([])
  })
})

describe('the actions bar', () => {
  it('shows a button for each allowed action and nothing else', () => {
    const bar = mount(CaseActionsBar, { props: { allowedActions: ['sign', 'return', 'merge', 'mark-overdue'] } })
    const labels = bar.findAll('button').map((b) => b.text())
    expect(labels).toEqual(['签收', '并单', '退单'])
  })

  it('says so when nothing is allowed', () => {
    const bar = mount(CaseActionsBar, { props: { allowedActions: ['mark-overdue'] } })
    expect(bar.findAll('button')).toHaveLength(0)
    expect(bar.text()).toContain('当前没有您可执行的操作')
  })

  it('tells the page which action was chosen', async () => {
    const bar = mount(CaseActionsBar, { props: { allowedActions: ['sign'] } })
    await bar.get('button[data-action="sign"]').trigger('click')
    expect(bar.emitted('act')?.[0]?.[0]).toMatchObject({ action: 'sign', path: 'sign', form: 'none' })
  })
})
