import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import SlaPoliciesView from '@/views/admin/SlaPoliciesView.vue'
import type { SlaPolicy } from '@/views/admin/rules/adminApi'
import { adminWords } from '@/views/admin/rules/adminWords'
import {
  describePolicy,
  emptyPolicy,
  ladderOf,
  limitText,
  parsePercents,
  policyDraftOf,
  policyToRequest,
  unitOf,
} from '@/views/admin/policies/policyLadder'

function policy(id: number, priority: number, name: string, extra: Partial<SlaPolicy> = {}): SlaPolicy {
  return {
    id, version: 1, priority, name, requestTypes: [], categoryPrefix: null, urgency: null, signOff: { amount: 2, unit: 'working-hours' }, reply: { amount: 5, unit: 'working-days' },
    warningPercents: [80, 50], autoReturnOnSignOffBreach: true, supervisionGraceHours: 24, enabled: true, rectificationPhotosRequired: false, ...extra,
  }
}

const urgent = policy(1, 10, '紧急诉求：30分钟签收，2小时办结', { urgency: 'urgent', signOff: { amount: 0.5, unit: 'natural-hours' }, reply: { amount: 2, unit: 'natural-hours' }, autoReturnOnSignOffBreach: false, supervisionGraceHours: 1, version: 4 })
const catchAll = policy(5, 50, '一般诉求：2工作小时签收，5个工作日办结')

describe("an SLA policy and its escalation ladder", () => {
  it("reads a limit's unit by name, as the list gives it, or numbered, as a stored version holds it", () => {
    expect([unitOf('working-hours'), unitOf('working-days'), unitOf('natural-hours')]).toEqual(['working-hours', 'working-days', 'natural-hours'])
    expect([unitOf(0), unitOf(1), unitOf(2)]).toEqual(['working-hours', 'working-days', 'natural-hours'])
    expect(limitText({ amount: 2, unit: 0 })).toBe('2 个工作小时')
    expect(limitText({ amount: 5, unit: 'working-days' })).toBe('5 个工作日')
    expect(limitText({ amount: 0.5, unit: 2 })).toBe('0.5 小时（自然时间）')
  })

  it('climbs from the warnings through the breach to the automatic return and supervision, for each clock in turn', () => {
    const steps = ladderOf(catchAll)
    expect(steps.map((s) => `${s.what} @ ${s.when}`)).toEqual([
      '签收预警 @ 用去时限的 50%（1 个工作小时）',
      '签收预警 @ 用去时限的 80%（1.6 个工作小时）',
      '签收超期 @ 满 2 个工作小时',
      '自动退回热线中心重新派单 @ 签收超期时',
      '办结反馈预警 @ 用去时限的 50%（2.5 个工作日）',
      '办结反馈预警 @ 用去时限的 80%（4 个工作日）',
      '办结反馈超期 @ 满 5 个工作日',
      '仍未办结反馈，转入督办 @ 超期后 24 小时',
    ])
    expect(ladderOf(urgent).some((s) => s.what.startsWith('自动退回'))).toBe(false)
    expect(ladderOf({ ...urgent, warningPercents: [] }).map((s) => s.level)).toEqual(['overdue', 'overdue', 'escalation'])
  })

  it('sends the form as the API takes it: units named, percentages as numbers, the version it was read at', () => {
    const body = policyToRequest({ ...policyDraftOf(urgent), warningPercents: '50、 80,90' }, urgent.version)
    expect(body).toMatchObject({
      version: 4, priority: 10, urgency: 'urgent', categoryPrefix: null,
      signOff: { amount: 0.5, unit: 'natural-hours' }, reply: { amount: 2, unit: 'natural-hours' },
      warningPercents: [50, 80, 90], supervisionGraceHours: 1, autoReturnOnSignOffBreach: false,
    })
    expect(policyToRequest({ ...emptyPolicy(60), signOffAmount: '' as unknown as number }, null)).toMatchObject({ version: null, signOff: { amount: null } })
  })

  it('keeps a mistyped percentage for the API to refuse rather than dropping it', () => {
    expect(parsePercents('50、八十')).toEqual([50, Number.NaN])
    expect(parsePercents('')).toEqual([])
  })

  it('describes a saved version field by field', () => {
    const lines = new Map(describePolicy({ ...catchAll, signOff: { amount: 2, unit: 0 } } as unknown as Record<string, unknown>, {
      category: (c) => c, requestType: (c) => c, urgency: (c) => c,
    }))
    expect(lines.get('签收时限')).toBe('2 个工作小时')
    expect(lines.get('签收超期')).toBe('自动退回重新派单')
    expect(lines.get('预警')).toBe('80%、50%')
  })

  it("says the policies' reasons in Chinese", () => {
    expect(adminWords('No enabled catch-all policy (no request type, category or urgency) would remain: cases matching no policy would run no clock.')).toContain('兜底策略')
    expect(adminWords('Each between 1 and 99, each once.')).toBe('每个百分比在 1 到 99 之间，且不重复')
    expect(adminWords('More than 0, and at most a year.')).toBe('须大于 0，且不超过一年')
  })
})

type Call = { url: string; method: string; body: unknown }

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })
}

describe('the policies screen', () => {
  let calls: Call[]
  let screen: VueWrapper
  let answer: (call: Call) => Response | undefined

  beforeEach(async () => {
    calls = []
    answer = () => undefined
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      const call = { url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined }
      calls.push(call)
      const given = answer(call)
      if (given) return given
      if (url === '/api/admin/sla-policies' && call.method === 'GET') {
        return json(200, [urgent, catchAll].map((p) => ({ policy: p, changedAt: '2026-11-30T01:00:00Z', changedBy: 'admin:admin1' })))
      }
      return json(200, [])
    })
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { template: '<div />' } }] })
    screen = mount(SlaPoliciesView, { global: { plugins: [router] }, attachTo: document.body })
    await flushPromises()
  })

  afterEach(() => {
    screen.unmount()
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it('lists each policy with its limits and its ladder', () => {
    const rows = screen.findAll('[data-testid=policy-row]')
    expect(rows).toHaveLength(2)
    expect(rows[1]!.text()).toContain('2 个工作小时')
    expect(rows[1]!.text()).toContain('其余全部工单（兜底）')
    expect(rows[1]!.findAll('[data-testid=ladder-step]')).toHaveLength(8)
    expect(rows[0]!.text()).toContain('0.5 小时（自然时间）')
  })

  it('disables a policy with the version it was read at, and says in Chinese why the API refused', async () => {
    answer = (call) =>
      call.url.endsWith('/disable')
        ? json(400, { status: 400, title: 'Nothing was changed.', errors: { enabled: ['No enabled catch-all policy (no request type, category or urgency) would remain: cases matching no policy would run no clock.'] } })
        : undefined
    await screen.findAll('[data-testid=policy-toggle]')[1]!.trigger('click')
    await flushPromises()
    expect(calls.find((c) => c.url === '/api/admin/sla-policies/5/disable')!.body).toEqual({ version: 1 })
    expect(screen.get('[data-testid=policies-problem]').text()).toContain('须留一条启用的兜底策略')
  })

  it('shows the stale-edit alert when someone changed the policy since', async () => {
    answer = (call) =>
      call.url.endsWith('/disable')
        ? json(409, { status: 409, title: 'Nothing was changed.', detail: 'Policy 1 is at version 5, not 4: someone changed it meanwhile. Reload it and decide again.' })
        : undefined
    await screen.findAll('[data-testid=policy-toggle]')[0]!.trigger('click')
    await flushPromises()
    expect(screen.get('[data-testid=stale-edit]').text()).toContain('策略 1 已是第 5 版，您修改的是第 4 版')
  })

  it("edits a policy and puts the API's reasons under their fields", async () => {
    answer = (call) =>
      call.method === 'PUT'
        ? json(400, { status: 400, title: 'The policy was not saved.', errors: { 'signOff.amount': ['More than 0, and at most a year.'], warningPercents: ['Each between 1 and 99, each once.'] } })
        : undefined
    await screen.findAll('[data-testid=policy-edit]')[1]!.trigger('click')
    await flushPromises()
    const save = document.querySelector<HTMLButtonElement>('[data-testid=policy-save]')!
    save.click()
    await flushPromises()
    const put = calls.find((c) => c.method === 'PUT')!
    expect(put.url).toBe('/api/admin/sla-policies/5')
    expect(put.body).toMatchObject({ version: 1, signOff: { amount: 2, unit: 'working-hours' }, reply: { amount: 5, unit: 'working-days' } })
    const errors = () =>
      [...document.querySelectorAll('[data-testid=policy-form] .el-form-item')].map((item) => [
        item.querySelector('.el-form-item__label')?.textContent?.trim(),
        item.querySelector('.el-form-item__error')?.textContent?.trim(),
      ])
    // Element Plus shows a field's error through a transition: wait for it rather than for a time.
    await vi.waitFor(() => {
      expect(errors()).toContainEqual(['签收时限', '须大于 0，且不超过一年'])
      expect(errors()).toContainEqual(['预警（%）', '每个百分比在 1 到 99 之间，且不重复'])
    })
  })
})
