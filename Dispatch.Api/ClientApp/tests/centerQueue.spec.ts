import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import CenterQueue from '@/components/CenterQueue.vue'

describe('a center queue', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('says plainly that the list could not be read', async () => {
    vi.stubGlobal('fetch', async (url: string) =>
      url.startsWith('/api/cases')
        ? new Response(JSON.stringify({ title: 'Service Unavailable' }), { status: 503, headers: { 'Content-Type': 'application/problem+json' } })
        : new Response('[]', { status: 200, headers: { 'Content-Type': 'application/json' } }),
    )
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: CenterQueue }] })
    const queue = mount(CenterQueue, { props: { query: { status: 'filed' }, caption: '待派单' }, global: { plugins: [router] } })
    await flushPromises()

    expect(queue.get('[role=alert]').text()).toContain('工作队列读取失败：服务暂时不可用')
    queue.unmount()
  })
})
