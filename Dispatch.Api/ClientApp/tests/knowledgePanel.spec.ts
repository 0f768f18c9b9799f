import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import KnowledgePanel from '@/components/KnowledgePanel.vue'

const hit = {
  id: 12,
  title: '住房公积金租房提取',
  snippet: '租房可<mark>提取</mark>公积金 &amp; 在线办理',
  score: 3.2,
  matched: ['提取'],
  category: { code: '060101', name: '住房公积金' },
  department: { code: 'HOUSING', name: '区住建局' },
  validUntil: '2027-12-31',
}

describe('the knowledge panel', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('searches once the agent stops typing, with the caller’s words and the area, and marks the matched words', async () => {
    vi.useFakeTimers()
    const urls: string[] = []
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url)
      return new Response(JSON.stringify({ items: [hit] }), { status: 200, headers: { 'Content-Type': 'application/json' } })
    })
    const panel = mount(KnowledgePanel, { props: { callerWords: '', areaCode: 'DM-S01', cited: new Map() } })
    await panel.setProps({ callerWords: '我想把' })
    await panel.setProps({ callerWords: '我想把公积金取出来' })
    await vi.advanceTimersByTimeAsync(400)
    await flushPromises()

    expect(urls).toHaveLength(1)
    const query = new URL(urls[0]!, 'http://console').searchParams
    expect([query.get('q'), query.get('areaCode')]).toEqual(['我想把公积金取出来', 'DM-S01'])
    expect(panel.get('mark').text()).toBe('提取')
    expect(panel.text()).toContain('租房可提取公积金 & 在线办理')
  })

  it('offers the entry to insert and to cite', async () => {
    vi.useFakeTimers()
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ items: [hit] }), { status: 200, headers: { 'Content-Type': 'application/json' } }))
    const panel = mount(KnowledgePanel, { props: { callerWords: '', cited: new Map() } })
    await panel.setProps({ callerWords: '公积金' })
    await vi.advanceTimersByTimeAsync(400)
    await flushPromises()
    await panel.get('button').trigger('click')
    await panel.get('input[type=checkbox]').setValue(true)

    expect(panel.emitted('insert')?.[0]?.[0]).toMatchObject({ id: 12 })
    expect(panel.emitted('cite')?.[0]).toEqual([expect.objectContaining({ id: 12 }), true])
  })

  it('keeps the agent’s own query rather than the caller’s words', async () => {
    vi.useFakeTimers()
    const queries: string[] = []
    vi.stubGlobal('fetch', async (url: string) => {
      queries.push(new URL(url, 'http://console').searchParams.get('q') ?? '')
      return new Response(JSON.stringify({ items: [] }), { status: 200, headers: { 'Content-Type': 'application/json' } })
    })
    const panel = mount(KnowledgePanel, { props: { callerWords: '', cited: new Map() } })
    await panel.get('input[aria-label=搜索知识库]').setValue('停水')
    await vi.advanceTimersByTimeAsync(400)
    await panel.setProps({ callerWords: '家里没有水了' })
    await vi.advanceTimersByTimeAsync(400)
    await flushPromises()

    expect(queries).toEqual(['停水'])
    expect(panel.text()).toContain('没有找到与“停水”相关的知识')
  })
})

describe('the knowledge panel when the search fails', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('says so plainly', async () => {
    vi.useFakeTimers()
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ title: 'An error occurred.', traceId: '00-abc' }), { status: 500, headers: { 'Content-Type': 'application/problem+json' } }))
    const panel = mount(KnowledgePanel, { props: { callerWords: '', cited: new Map() } })
    await panel.setProps({ callerWords: '停水' })
    await vi.advanceTimersByTimeAsync(400)
    await flushPromises()

    expect(panel.get('.error-text').text()).toBe('知识库搜索失败：系统出错，操作没有完成。请向管理员报告编号 00-abc。')
  })

  it('sends the caller’s words without their line breaks, which the search refuses', async () => {
    vi.useFakeTimers()
    const queries: string[] = []
    vi.stubGlobal('fetch', async (url: string) => {
      queries.push(new URL(url, 'http://console').searchParams.get('q') ?? '')
      return new Response(JSON.stringify({ items: [] }), { status: 200, headers: { 'Content-Type': 'application/json' } })
    })
    const panel = mount(KnowledgePanel, { props: { callerWords: '', cited: new Map() } })
    await panel.setProps({ callerWords: '家里停水了\n什么时候来水' })
    await vi.advanceTimersByTimeAsync(400)
    await flushPromises()

    expect(queries).toEqual(['家里停水了 什么时候来水'])
  })
})
