import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import KnowledgeReviewView from '@/views/knowledge/KnowledgeReviewView.vue'
import { answerAlso, errorUnder, json, mountScreen, sent, stubApi } from './support/adminApi'

function entry(id: number, title: string, version = 3) {
  return {
    id, title, content: `${title}：办理材料为身份证、租房合同。`, keywords: ['租房'], categoryCode: '100102', categoryName: '公积金',
    materialType: 'guide', departmentCode: 'GJJ', departmentName: '公积金中心', scope: [], validFrom: '2026-01-01', validUntil: null,
    status: 'in-review', version, createdAt: '2026-11-29T01:00:00Z', createdBy: 'handler:gjj.handler@GJJ', updatedAt: '2026-11-30T01:00:00Z',
    updatedBy: 'handler:gjj.handler@GJJ', publishedAt: null, allowedActions: ['edited', 'published', 'returned', 'archived'],
    versions: [{ version: 1, action: 'created', status: 'draft', changedBy: 'handler:gjj.handler@GJJ', changedAt: '2026-11-29T01:00:00Z', reason: null }],
  }
}

describe('the knowledge review queue', () => {
  let queue: ReturnType<typeof entry>[]

  beforeEach(() => {
    document.cookie = 'XSRF-TOKEN=editor-token'
    queue = [entry(11, '公积金租房提取'), entry(12, '居住证办理')]
    stubApi((c) => {
      if (c.method === 'GET' && c.path === '/api/knowledge') return json(200, { items: queue, page: 1, pageSize: 50, total: queue.length })
      const id = Number(c.path.match(/^\/api\/knowledge\/(\d+)$/)?.[1])
      if (c.method === 'GET' && id) return json(200, queue.find((e) => e.id === id))
      return undefined
    })
  })

  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('lists the submitted entries and publishes one on the version read', async () => {
    const view = await mountScreen(KnowledgeReviewView)
    expect(sent('GET', '/api/knowledge')[0]!.url).toContain('status=in-review')
    expect(view.findAll('[data-testid=review-queue] button').map((b) => b.text())).toEqual([
      expect.stringContaining('公积金租房提取'), expect.stringContaining('居住证办理'),
    ])
    await view.get('[data-testid=review-queue] button[data-id="11"]').trigger('click')
    await flushPromises()
    expect(view.get('[data-testid=review-entry]').text()).toContain('办理材料为身份证')
    expect(view.get('[data-testid=review-version]').text()).toBe('版本 3')
    answerAlso((c) => {
      if (c.method !== 'POST') return undefined
      queue = queue.filter((e) => e.id !== 11)
      return json(200, { ...entry(11, '公积金租房提取', 4), status: 'published' })
    })
    await view.get('[data-testid=review-publish]').trigger('click')
    await flushPromises()
    expect(sent('POST', '/api/knowledge/11/publish')[0]!.body).toEqual({ version: 3, reason: null })
    expect(view.get('[data-testid=review-decided]').text()).toContain('已发布“公积金租房提取”')
    expect(view.findAll('[data-testid=review-queue] button')).toHaveLength(1)
  })

  it('returns an entry with a reason, the API’s message next to the reason', async () => {
    const view = await mountScreen(KnowledgeReviewView)
    await view.get('[data-testid=review-queue] button[data-id="12"]').trigger('click')
    await flushPromises()
    await view.get('[data-testid=review-return]').trigger('click')
    answerAlso((c) => (c.method === 'POST' ? json(400, { status: 400, errors: { reason: ['Required, and not only white space.'] } }) : undefined))
    await view.get('form.return').trigger('submit')
    await flushPromises()
    expect(sent('POST', '/api/knowledge/12/return')[0]!.body).toEqual({ version: 3, reason: '' })
    await vi.waitFor(() => expect(errorUnder(view.element, '退回理由')).toBe('必填，不能只有空格'))
  })

  it('shows a decision on a version someone changed meanwhile as a stale edit, and reloads', async () => {
    const view = await mountScreen(KnowledgeReviewView)
    await view.get('[data-testid=review-queue] button[data-id="11"]').trigger('click')
    await flushPromises()
    answerAlso((c) =>
      c.method === 'POST' ? json(409, { status: 409, title: 'Nothing was done.', detail: 'The entry is at version 4, not 3.' }) : undefined,
    )
    await view.get('[data-testid=review-publish]').trigger('click')
    await flushPromises()
    expect(view.get('[data-testid=stale-edit]').text()).toContain('version 4')
    await view.get('[data-testid=stale-edit] button').trigger('click')
    await flushPromises()
    expect(view.find('[data-testid=stale-edit]').exists()).toBe(false)
    expect(sent('GET', '/api/knowledge/11').length).toBe(2)
  })
})
