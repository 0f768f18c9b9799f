import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import AdminChangesView from '@/views/admin/AdminChangesView.vue'
import { readChange } from '@/views/admin/rules/changeDiff'

const rule = { id: 3, version: 1, priority: 21, name: '供暖', requestTypes: [], categoryPrefix: '0704', areaCode: null, keywords: [], leadDepartmentCode: 'ENERGY', assistingDepartmentCodes: [], enabled: true }

describe('a change of the administrative record, before and after', () => {
  it('lists only the fields that changed, nested ones by their path, in Chinese', () => {
    const change = readChange(JSON.stringify({ before: rule, after: { ...rule, version: 2, priority: 30, keywords: ['暖气'] } }))
    expect(change.fields).toEqual([
      { field: 'version', label: '版本', before: '1', after: '2' },
      { field: 'priority', label: '优先级', before: '21', after: '30' },
      { field: 'keywords', label: '关键词', before: '', after: '暖气' },
    ])
    const policy = readChange(JSON.stringify({ before: { signOff: { amount: 2, unit: 0 } }, after: { signOff: { amount: 4, unit: 0 } } }))
    expect(policy.fields).toEqual([{ field: 'signOff.amount', label: '签收时限', before: '2', after: '4' }])
  })

  it('shows every field of a creation as its after, and a flag in words', () => {
    const created = readChange(JSON.stringify({ before: null, after: { name: '新规则', enabled: false } }))
    expect(created.fields).toEqual([
      { field: 'name', label: '名称', before: '', after: '新规则' },
      { field: 'enabled', label: '启用', before: '', after: '否' },
    ])
  })

  it('shows a change it cannot read as it was written', () => {
    expect(readChange('not json').fields).toEqual([{ field: '', label: '内容', before: '', after: 'not json' }])
  })
})

describe('the change record screen', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('reads the record filtered as the address says, and shows each change before and after', async () => {
    const asked: string[] = []
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url)
      return new Response(
        JSON.stringify([
          {
            id: 9, seq: 9, entity: 'routing-rule', entityKey: '3', version: 2, operation: 'reorder', changedBy: 'admin:admin1', changedAt: '2026-11-30T02:05:00Z',
            change: JSON.stringify({ before: rule, after: { ...rule, version: 2, priority: 30 } }),
          },
        ]),
        { status: 200, headers: { 'Content-Type': 'application/json' } },
      )
    })
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/admin/changes', component: AdminChangesView }, { path: '/:any(.*)*', component: { template: '<div />' } }] })
    await router.push('/admin/changes?entity=routing-rule&key=3')
    const screen = mount(AdminChangesView, { global: { plugins: [router] } })
    await flushPromises()

    expect(asked[0]).toBe('/api/admin/changes?entity=routing-rule&key=3&page=1&pageSize=50')
    const change = screen.get('[data-testid=change]')
    expect(change.text()).toContain('派单规则 3')
    expect(change.text()).toContain('调整顺序')
    expect(change.text()).toContain('2026-11-30 10:05')
    const fields = change.findAll('[data-testid=change-field]').map((r) => r.findAll('th,td').map((c) => c.text()))
    expect(fields).toContainEqual(['优先级', '21', '30'])
    screen.unmount()
  })
})
