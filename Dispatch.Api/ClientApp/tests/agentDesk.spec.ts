import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import AgentDeskView from '@/views/agent-desk/AgentDeskView.vue'
import KnowledgePanel from '@/components/KnowledgePanel.vue'
import { FakeXhr, attachment, stubObjectUrls, stubXhr } from './support/uploads'

type Call = { url: string; method: string; body: unknown; headers: Record<string, string> }

const catalogue: Record<string, unknown> = {
  '/api/categories': [
    { code: '010000', name: '城市管理', parentCode: null, level: 1, leaf: false, active: true },
    { code: '010200', name: '噪声扰民', parentCode: '010000', level: 2, leaf: false, active: true },
    { code: '010201', name: '夜间施工噪声', parentCode: '010200', level: 3, leaf: true, active: true },
  ],
  '/api/areas': [
    { code: 'DM', name: '示范区', level: 'district', parentCode: null },
    { code: 'DM-S01', name: '西湖街道', level: 'street', parentCode: 'DM' },
  ],
  '/api/departments': [],
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })
}

/** The desk against a stubbed API: the catalogue, what POST /api/cases answers, and what else a spec answers (`other`). */
async function desk(fileAnswer: () => Response, other: (url: string, init: RequestInit) => Response | undefined = () => undefined) {
  const calls: Call[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined, headers: init.headers as Record<string, string> })
    if (url in catalogue) return json(200, catalogue[url])
    if (url === '/api/cases' && init.method === 'POST') return fileAnswer()
    return other(url, init) ?? json(404, { title: 'Not Found' })
  })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: AgentDeskView }, { path: '/case/:n', component: AgentDeskView }] })
  await router.push('/')
  const view = mount(AgentDeskView, { attachTo: document.body, global: { plugins: [router] } })
  await flushPromises()
  return { view, calls }
}

function press(keys: KeyboardEventInit) {
  window.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...keys }))
}

describe('the agent desk', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('files with Ctrl+Enter and shows the number grouped for reading out', async () => {
    const { view, calls } = await desk(() => json(201, { number: '261121000424', status: 'filed' }))
    await view.get('input[data-testid=title]').setValue('深夜施工噪音扰民')
    press({ key: 'Enter', code: 'Enter', ctrlKey: true })
    await flushPromises()

    const filing = calls.find((c) => c.url === '/api/cases')!
    expect(filing.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(filing.body).toMatchObject({ title: '深夜施工噪音扰民', channel: 'phone', urgency: 'normal', caller: { confidential: false } })
    const number = document.querySelector('[data-testid=filed-number]')!
    expect([...number.querySelectorAll('.group')].map((g) => g.textContent)).toEqual(['261121', '00042', '4'])
    expect(number.getAttribute('aria-label')).toBe('工单编号 261121 00042 4')
  })

  it('puts each field error of a refused intake on its field, in Chinese', async () => {
    const { view } = await desk(() =>
      json(400, {
        title: 'The case was not recorded: some fields are invalid.',
        errors: {
          requestType: ['Required; one of: consultation, help, complaint, report, suggestion, praise.'],
          'location.district': ['The district is required (see GET /api/areas).'],
          'caller.phone': ['A phone number is 3 to 20 characters: digits, optionally a leading + and dashes (e.g. 13800138000).'],
          title: ['At most 100 characters (this has 130).'],
        },
      }),
    )
    press({ key: 'Enter', code: 'Enter', ctrlKey: true })
    await flushPromises()

    const errorOf = (label: string) =>
      [...view.element.querySelectorAll('.el-form-item')].find((item) => item.querySelector('.el-form-item__label')?.textContent?.startsWith(label))
        ?.querySelector('.el-form-item__error')?.textContent?.trim()
    // Element Plus shows a form item's error a moment after it is set: ask again until it is there.
    await vi.waitFor(() => {
      expect(errorOf('诉求类型')).toBe('必选')
      expect(errorOf('地点')).toBe('请选择区')
      expect(errorOf('来电号码')).toBe('电话号码格式不对：3–20 位数字，可带开头的 + 和连字符')
      expect(errorOf('标题')).toBe('最多 100 个字（现有 130 个）')
    }, { timeout: 10_000 })
    expect(document.querySelector('[data-testid=filed-number]')).toBeNull()
  })

  it('will not close a complaint directly', async () => {
    const { view, calls } = await desk(() => json(201, { number: '261121000424', status: 'closed' }))
    await view.get('[data-testid=request-type] input[value=complaint]').setValue(true)
    await view.get('textarea[data-testid=answer]').setValue('已答复')
    press({ key: 'Enter', code: 'Enter', ctrlKey: true, shiftKey: true })
    await flushPromises()

    expect(calls.some((c) => c.url === '/api/cases')).toBe(false)
    expect(view.text()).toContain('投诉和举报不能直接办结')
  })

  it('closes a consultation directly in one request, citing the entry whose answer was inserted', async () => {
    const hit = { id: 12, title: '住房公积金租房提取办事指南', snippet: '…', score: 3, matched: ['公积金'], category: { code: '100102', name: '办事指南' }, department: { code: 'HOUSING', name: '区住建局' }, validUntil: null }
    const { view, calls } = await desk(
      () => json(201, { number: '261121000424', status: 'closed', allowedActions: [] }),
      (url) => (url === '/api/knowledge/12' ? json(200, { id: 12, title: hit.title, content: '一、提取条件：职工本人及配偶无自有住房。' }) : undefined),
    )
    await view.get('[data-testid=request-type] input[value=consultation]').setValue(true)
    view.findComponent(KnowledgePanel).vm.$emit('insert', hit)
    await flushPromises()
    expect((view.get('textarea[data-testid=answer]').element as HTMLTextAreaElement).value).toBe('一、提取条件：职工本人及配偶无自有住房。')
    expect(view.text()).toContain('引用的知识：')

    press({ key: 'Enter', code: 'Enter', ctrlKey: true, shiftKey: true })
    await flushPromises()

    const posts = calls.filter((c) => c.method === 'POST')
    expect(posts.map((c) => c.url)).toEqual(['/api/cases'])
    expect(posts[0]!.body).toMatchObject({ requestType: 'consultation', directAnswer: { answer: '一、提取条件：职工本人及配偶无自有住房。', knowledgeEntryIds: [12] } })
    expect(document.querySelector('.filed-status')?.textContent).toContain('直接办结')
  })

  it('puts a refused direct answer on the answer field and files nothing else', async () => {
    const { view, calls } = await desk(() =>
      json(400, { title: 'The case was not recorded: some fields are invalid.', errors: { 'directAnswer.knowledgeEntryIds': ['Entry 99 is not published.'] } }),
    )
    await view.get('[data-testid=request-type] input[value=consultation]').setValue(true)
    await view.get('textarea[data-testid=answer]').setValue('已答复')
    press({ key: 'Enter', code: 'Enter', ctrlKey: true, shiftKey: true })
    await flushPromises()

    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/cases'])
    await vi.waitFor(() => expect(view.find('.el-form-item.is-error textarea[data-testid=answer]').exists()).toBe(true), { timeout: 10_000 })
    expect(document.querySelector('[data-testid=filed-number]')).toBeNull()
  })

  it('flags a repeat caller from the caller history', async () => {
    const earlier = (n: number) => ({ number: `26112100004${n}`, status: 'dispatched', requestType: 'complaint', categoryCode: '010201', title: '夜间施工噪声', filedAt: '2026-11-2' + n + 'T02:00:00Z' })
    const { view, calls } = await desk(
      () => json(201, {}),
      (url, init) =>
        url === '/api/cases/caller-history' && init.method === 'POST'
          ? json(200, { cases: [earlier(3), earlier(2), earlier(1)], repeatCaller: true, casesInWindow: 4, windowDays: 30, repeatCallerCases: 3 })
          : undefined,
    )
    await view.get('input[data-testid=caller-phone]').setValue('13800138000')
    await view.get('input[data-testid=caller-phone]').trigger('keydown', { key: 'Enter' })
    await flushPromises()

    expect(calls.find((c) => c.url === '/api/cases/caller-history')?.body).toEqual({ phone: '13800138000' })
    expect(view.get('[data-testid=repeat-caller]').text()).toBe('重复来电：30 天内 4 件')
    expect(view.findAll('[data-testid=caller-history] li')).toHaveLength(3)
  })

  it('says plainly when the caller history fails, and takes the call anyway', async () => {
    const { view, calls } = await desk(
      () => json(201, {}),
      (url) => (url === '/api/cases/caller-history' ? json(503, { title: 'Service Unavailable' }) : undefined),
    )
    await view.get('input[data-testid=caller-phone]').setValue('13800138000')
    await view.get('input[data-testid=caller-phone]').trigger('keydown', { key: 'Enter' })
    await flushPromises()

    expect(view.get('[data-testid=caller-history]').text()).toContain('来电记录查询失败：服务暂时不可用')
    expect(calls.some((c) => c.url === '/api/cases/caller-lookup')).toBe(false)
    expect(document.activeElement?.getAttribute('data-testid')).toBe('caller-name')
  })

  it('keeps the intake’s Tab order the same for a repeat caller, and the focus where the agent has gone', async () => {
    let answer: (r: Response) => void = () => undefined
    const earlier = { number: '261121000031', status: 'dispatched', requestType: 'complaint', categoryCode: '010201', title: '夜间施工噪声', filedAt: '2026-11-21T02:00:00Z' }
    const { view } = await desk(() => json(201, {}))
    // The history answers only when the spec says so: the agent has moved on by then.
    vi.stubGlobal('fetch', (url: string) =>
      url === '/api/cases/caller-history' ? new Promise<Response>((resolve) => (answer = resolve)) : Promise.resolve(json(404, { title: 'Not Found' })),
    )
    await view.get('input[data-testid=caller-phone]').setValue('13800138000')
    await view.get('input[data-testid=caller-phone]').trigger('keydown', { key: 'Enter' })
    expect(document.activeElement?.getAttribute('data-testid')).toBe('caller-name')
    ;(view.get('input[data-testid=title]').element as HTMLInputElement).focus()
    answer(json(200, { cases: [earlier], repeatCaller: false, casesInWindow: 1, windowDays: 30, repeatCallerCases: 3 }))
    await flushPromises()

    expect(document.activeElement?.getAttribute('data-testid')).toBe('title')
    const link = view.get('[data-testid=caller-history] a.case-link').element
    const closeButton = view.get('[data-testid=close-directly]').element
    expect(closeButton.compareDocumentPosition(link) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
  })

  it('stages the caller’s files before filing and names them in the filing; a stale one is said on the files’ field', async () => {
    stubXhr()
    stubObjectUrls()
    let answer = json(400, {
      title: 'The case was not recorded: some fields are invalid.',
      errors: { 'attachmentIds[1]': ['f-2 is not a file you uploaded for a new case that waits for one: upload it first (POST /api/attachments).'] },
    })
    const { view, calls } = await desk(() => answer)
    const input = view.get('[data-testid=desk-upload] input[data-testid=attachment-file-input]')
    Object.defineProperty(input.element, 'files', { value: [new File(['a'], '积水.jpg'), new File(['b'], '录音.m4a')], configurable: true })
    await input.trigger('change')
    await flushPromises()
    expect(FakeXhr.sent.map((r) => r.url)).toEqual(['/api/attachments'])
    FakeXhr.sent[0]!.respond(201, attachment({ id: 'f-1', fileName: '积水.jpg', caseNumber: null as unknown as string, thumbnailUrl: null }))
    await flushPromises()
    FakeXhr.sent[1]!.respond(201, attachment({ id: 'f-2', kind: 'audio', fileName: '录音.m4a', caseNumber: null as unknown as string, thumbnailUrl: null }))
    await flushPromises()
    expect(view.findAll('[data-testid=attachment-tile]').map((t) => t.find('.name').text())).toEqual(['积水.jpg', '录音.m4a'])

    press({ key: 'Enter', code: 'Enter', ctrlKey: true })
    await flushPromises()
    expect(calls.filter((c) => c.url === '/api/cases').map((c) => (c.body as { attachmentIds?: string[] }).attachmentIds)).toEqual([['f-1', 'f-2']])
    const filesError = () =>
      [...view.element.querySelectorAll('.el-form-item')].find((i) => i.querySelector('.el-form-item__label')?.textContent?.startsWith('附件'))
        ?.querySelector('.el-form-item__error')?.textContent?.trim()
    await vi.waitFor(() => expect(filesError()).toBe('附件已失效（超过一天未登记，或已随其他工单登记），请移除后重新上传'), { timeout: 10_000 })

    // The agent removes the stale file and files again, with the one left.
    await view.get('button[aria-label="移除 录音.m4a"]').trigger('click')
    answer = json(201, { number: '261121000424', status: 'filed' })
    press({ key: 'Enter', code: 'Enter', ctrlKey: true })
    await flushPromises()
    expect((calls.filter((c) => c.url === '/api/cases').at(-1)!.body as { attachmentIds?: string[] }).attachmentIds).toEqual(['f-1'])
    expect(document.body.textContent).toContain('附件 1 个已随工单登记。')
    await view.get('[data-testid=new-call]').trigger('click')
    await flushPromises()
    expect(view.findAll('[data-testid=attachment-tile]')).toHaveLength(0)
  })
})
