import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import CatalogueView from '@/views/admin/CatalogueView.vue'
import { buildTree, childLevel, nextChildCategoryCode } from '@/views/admin/catalogue/catalogueTree'
import { answerAlso, calls, errorUnder, json, mountScreen, sent, stubApi } from './support/adminApi'

const categories = [
  { code: '010000', name: '城市管理', parentCode: null, level: 1, active: true, version: 1 },
  { code: '010100', name: '市容环境', parentCode: '010000', level: 2, active: true, version: 1 },
  { code: '010101', name: '乱堆乱放', parentCode: '010100', level: 3, active: true, version: 2 },
  { code: '010102', name: '占道经营', parentCode: '010100', level: 3, active: false, version: 3 },
  { code: '020000', name: '交通出行', parentCode: null, level: 1, active: true, version: 1 },
]

describe('the catalogue trees', () => {
  it('puts each entry under its parent in code order, an orphan at the top, and says which are retired', () => {
    const tree = buildTree([...categories].reverse().concat([{ code: '990101', name: '孤儿', parentCode: '990100', level: 3, active: true, version: 1 }]))
    expect(tree.map((n) => n.code)).toEqual(['010000', '020000', '990101'])
    expect(tree[0]!.children[0]!.children.map((n) => [n.code, n.inactive])).toEqual([['010101', false], ['010102', true]])
    expect(tree[0]!.label).toBe('城市管理（010000）')
  })

  it('suggests the next free category code at each level, and the level below an area', () => {
    expect(nextChildCategoryCode(null, categories)).toBe('030000')
    expect(nextChildCategoryCode(categories[0]!, categories)).toBe('010200')
    expect(nextChildCategoryCode(categories[1]!, categories)).toBe('010103')
    expect(nextChildCategoryCode(categories[2]!, categories)).toBe('')
    expect(childLevel('district')).toBe('street')
    expect(childLevel('community')).toBe('grid')
    expect(childLevel(null)).toBe('district')
  })
})

describe('the catalogue screen', () => {
  beforeEach(() => {
    document.cookie = 'XSRF-TOKEN=admin-token'
    stubApi((c) => {
      if (c.method !== 'GET') return undefined
      switch (c.path) {
        case '/api/admin/departments':
          return json(200, [
            { code: 'CENTER', name: '12345热线中心', parentCode: null, kind: 'center', calendarCode: 'CENTER', active: true, version: 1 },
            { code: 'UM', name: '城管局', parentCode: null, kind: 'department', calendarCode: null, active: true, version: 4 },
            { code: 'UM-1', name: '城管执法一中队', parentCode: 'UM', kind: 'department', calendarCode: null, active: true, version: 1 },
          ])
        case '/api/admin/areas':
          return json(200, [{ code: 'DM', name: '示范区', level: 'district', parentCode: null, version: 1 }])
        case '/api/admin/categories':
          return json(200, categories)
        case '/api/calendars':
          return json(200, [{ code: 'CENTER' }, { code: '24X7' }])
        case '/api/admin/changes':
          return json(200, [
            { id: 9, entity: 'department', entityKey: 'UM', version: 4, operation: 'edit', change: 'name 城管局', changedBy: 'admin:admin1', changedAt: '2026-11-30T02:00:00Z' },
          ])
        default:
          return undefined
      }
    })
  })

  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows departments as a tree; choosing one shows its version and history, and an edit sends that version', async () => {
    const view = await mountScreen(CatalogueView)
    const tree = view.get('[data-testid=catalogue-tree]')
    expect(tree.text()).toContain('城管局（UM）')
    expect(tree.text()).toContain('城管执法一中队（UM-1）')
    await tree.get('[data-code=UM]').trigger('click')
    await flushPromises()
    expect(view.get('[data-testid=catalogue-version]').text()).toContain('版本 4')
    expect(sent('GET', '/api/admin/changes').at(-1)!.url).toContain('entity=department&key=UM')
    expect(view.get('[data-testid=catalogue-history]').text()).toContain('admin:admin1')

    answerAlso((c) => (c.method === 'PUT' ? json(200, {}) : undefined))
    const form = view.get('[data-testid=catalogue-form]')
    await form.get('input[name=name]').setValue('城市管理局')
    await form.trigger('submit')
    await flushPromises()
    expect(sent('PUT', '/api/admin/departments/UM')[0]!.body).toEqual({
      name: '城市管理局', version: 4, parentCode: null, kind: 'department', calendarCode: null, active: true,
    })
    expect(view.get('[data-testid=catalogue-saved]').text()).toContain('UM')
  })

  it('creates a category under the one chosen with the suggested code, and puts the API’s reason at its field', async () => {
    const view = await mountScreen(CatalogueView)
    await view.findAll('.el-radio-button').find((b) => b.text() === '分类')!.find('input').setValue(true)
    await flushPromises()
    await view.get('[data-testid=catalogue-tree] [data-code="010100"]').trigger('click')
    await flushPromises()
    await view.findAll('button').find((b) => b.text().startsWith('在 市容环境 下新增'))!.trigger('click')
    await flushPromises()
    const form = view.get('[data-testid=catalogue-form]')
    expect((form.get('input[name=code]').element as HTMLInputElement).value).toBe('010103')
    answerAlso((c) =>
      c.method === 'POST' ? json(400, { status: 400, errors: { name: ['Required, and not only white space.'] } }) : undefined,
    )
    await form.trigger('submit')
    await flushPromises()
    expect(sent('POST', '/api/admin/categories')[0]!.body).toEqual({ code: '010103', name: '', version: undefined, active: true })
    await vi.waitFor(() => expect(errorUnder(form.element, '名称')).toBe('必填，不能只有空格'))
  })

  it('shows a stale edit’s 409 with a reload that reads the catalogue again', async () => {
    const view = await mountScreen(CatalogueView)
    await view.get('[data-testid=catalogue-tree] [data-code=UM]').trigger('click')
    await flushPromises()
    answerAlso((c) =>
      c.method === 'PUT'
        ? json(409, { status: 409, title: 'The department was not saved.', detail: 'UM is at version 5, not 4: someone changed it meanwhile. Reload it and decide again.' })
        : undefined,
    )
    await view.get('[data-testid=catalogue-form]').trigger('submit')
    await flushPromises()
    expect(view.get('[data-testid=stale-edit]').text()).toContain('version 5')
    const reads = calls.filter((c) => c.path === '/api/admin/departments').length
    await view.get('[data-testid=stale-edit] button').trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.path === '/api/admin/departments').length).toBe(reads + 1)
    expect(view.find('[data-testid=stale-edit]').exists()).toBe(false)
  })
})
