import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import GridShell from '@/views/grid/GridShell.vue'
import GridCasesView from '@/views/grid/GridCasesView.vue'
import GridCaseView from '@/views/grid/GridCaseView.vue'
import PatrolReportView from '@/views/grid/PatrolReportView.vue'
import PatrolReportsView from '@/views/grid/PatrolReportsView.vue'
import { useSession } from '@/composables/useSession'

type Call = { url: string; method: string; body: unknown; headers: Record<string, string> }
type Answer = (call: Call) => Response | undefined

const number = '261130000127'

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })
}

const catalogue: Record<string, unknown> = {
  '/api/categories': [
    { code: '010000', name: '城市管理', parentCode: null, level: 1, leaf: false, active: true },
    { code: '010100', name: '市容环境', parentCode: '010000', level: 2, leaf: false, active: true },
    { code: '010101', name: '乱堆乱放', parentCode: '010100', level: 3, leaf: true, active: true },
    { code: '010103', name: '垃圾满溢', parentCode: '010100', level: 3, leaf: true, active: true },
  ],
  '/api/areas': [
    { code: 'DM-S01', name: '西湖街道', level: 'street', parentCode: 'DM' },
    { code: 'DM-S01-C01', name: '北山社区', level: 'community', parentCode: 'DM-S01' },
    { code: 'DM-S01-C01-G01', name: '北山社区第1网格', level: 'grid', parentCode: 'DM-S01-C01' },
  ],
  '/api/departments': [],
  '/api/session': { username: 'grid.bs1', displayName: '网格员 周敏', role: 'handler', departmentCode: 'ST-S01-C01-G01', departmentName: '北山社区第1网格工作站', departmentKind: 'grid-station' },
}

function caseView(status: string, allowedActions: string[], extra: Record<string, unknown> = {}) {
  return {
    number, status, allowedActions, title: '北山路12号门口垃圾满溢', content: '垃圾桶满了三天没人清运。', requestType: 'complaint', categoryCode: '010103',
    channel: 'phone', urgency: 'normal', caller: { name: '张三', phone: '138****8000', confidential: false },
    location: { district: 'DM', street: 'DM-S01', community: 'DM-S01-C01', gridCode: 'DM-S01-C01-G01', address: '北山路12号', lat: null, lng: null },
    filedAt: '2026-11-30T01:00:00Z', nextDueAt: '2099-12-01T01:00:00Z', assistingDepartmentCodes: [], leadDepartmentCode: 'UM',
    handlingDepartmentCode: 'ST-S01-C01-G01', redoCount: 0, visitAttempts: 0, version: 3, reply: null, ...extra,
  }
}

const attachment = (id: string, caseNumber: string | null) => ({
  id, caseNumber, kind: 'photo', mediaType: 'image/jpeg', size: 1234, sha256: 'ab'.repeat(32), width: 640, height: 480, fileName: 'photo.jpg',
  origin: 'staff', uploadedBy: 'handler:grid.bs1@ST-S01-C01-G01', uploadedAt: '2026-11-30T03:00:00Z', released: false, citedBy: null, citedSeq: null,
  contentUrl: caseNumber ? `/api/cases/${caseNumber}/attachments/${id}/content` : `/api/attachments/${id}/content`,
  thumbnailUrl: caseNumber ? `/api/cases/${caseNumber}/attachments/${id}/thumbnail` : `/api/attachments/${id}/thumbnail`,
})

let calls: Call[]

/** Uploads go through XMLHttpRequest (for their progress): the same stubbed API answers them. */
function fakeXhr(answer: Answer) {
  return class {
    method = ''
    url = ''
    headers: Record<string, string> = {}
    status = 0
    statusText = ''
    responseText = ''
    contentType: string | null = null
    upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null }
    onload: (() => void) | null = null
    onerror: (() => void) | null = null
    onabort: (() => void) | null = null
    open(method: string, url: string) {
      this.method = method
      this.url = url
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value
    }
    getResponseHeader(name: string) {
      return name.toLowerCase() === 'content-type' ? this.contentType : null
    }
    abort() {}
    send(body: FormData) {
      const call: Call = { url: this.url, method: this.method, headers: this.headers, body }
      calls.push(call)
      const response = answer(call) ?? json(404, { title: 'Not Found' })
      void response.text().then((text) => {
        this.status = response.status
        this.responseText = text
        this.contentType = response.headers.get('Content-Type')
        this.onload?.()
      })
    }
  }
}

function stubApi(answer: Answer) {
  calls = []
  vi.stubGlobal('XMLHttpRequest', fakeXhr(answer))
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const isForm = init.body instanceof FormData
    const call: Call = {
      url, method: init.method ?? 'GET', headers: (init.headers ?? {}) as Record<string, string>,
      body: isForm ? init.body : init.body ? JSON.parse(String(init.body)) : undefined,
    }
    calls.push(call)
    const path = url.split('?')[0]!
    if (path.endsWith('/thumbnail')) return new Response(new Blob([new Uint8Array([0xff, 0xd8])], { type: 'image/jpeg' }), { status: 200 })
    return answer(call) ?? (path in catalogue && call.method === 'GET' ? json(200, catalogue[path]) : json(404, { title: 'Not Found' }))
  })
}

/** The phone's Geolocation: a fix, or an error code (1: the person refused). */
function phoneAt(answer: { latitude: number; longitude: number } | { code: number }) {
  Object.defineProperty(window.navigator, 'geolocation', {
    configurable: true,
    value: {
      getCurrentPosition(ok: PositionCallback, fail: PositionErrorCallback) {
        if ('code' in answer) fail({ code: answer.code, message: 'denied' } as GeolocationPositionError)
        else ok({ coords: { ...answer, accuracy: 12 }, timestamp: 0 } as unknown as GeolocationPosition)
      },
    },
  })
}

async function screen(path: string): Promise<{ view: VueWrapper; router: Router }> {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      {
        path: '/grid',
        component: GridShell,
        children: [
          { path: '', name: 'grid', component: GridCasesView },
          { path: 'case/:number', name: 'grid-case', component: GridCaseView, props: true },
          { path: 'patrol', name: 'grid-patrol', component: PatrolReportView },
          { path: 'reports', name: 'grid-reports', component: PatrolReportsView },
        ],
      },
      { path: '/case/:number', component: GridCasesView },
      { path: '/sign-in', name: 'sign-in', component: GridCasesView },
    ],
  })
  await useSession().load()
  await router.push(path)
  const view = mount({ template: '<RouterView />' }, { attachTo: document.body, global: { plugins: [router] } })
  await flushPromises()
  return { view, router }
}

async function takePhoto(view: VueWrapper, name = 'photo.jpg') {
  const input = view.get('input[data-testid=attachment-camera-input]')
  expect(input.attributes('accept')).toBe('image/*')
  expect(input.attributes('capture')).toBe('environment')
  Object.defineProperty(input.element, 'files', { configurable: true, value: [new File([new Uint8Array([0xff, 0xd8, 0xff])], name, { type: 'image/jpeg' })] })
  await input.trigger('change')
  await flushPromises()
}

function errorUnder(view: VueWrapper, label: string): string | undefined {
  return [...view.element.querySelectorAll('.el-form-item')]
    .find((item) => item.querySelector('.el-form-item__label')?.textContent?.trim().startsWith(label))
    ?.querySelector('.el-form-item__error')?.textContent?.trim()
}

const posts = () => calls.filter((c) => c.method === 'POST')

describe("the grid worker's phone screen", () => {
  beforeEach(() => {
    document.cookie = 'XSRF-TOKEN=phone-token'
    // jsdom has no object URLs; the gallery shows thumbnails read through the API from them.
    Object.assign(URL, { createObjectURL: () => 'blob:thumbnail', revokeObjectURL: () => undefined })
  })

  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it("lists the grid station's cases with their deadline state, each opening on the phone", async () => {
    stubApi((c) =>
      c.url.startsWith('/api/inbox')
        ? json(200, {
            page: 1, pageSize: 50, total: 2,
            items: [
              { number, title: '北山路12号门口垃圾满溢', status: 'dispatched', deadlineState: 'overdue', nextDueAt: '2026-11-30T02:00:00Z', categoryCode: '010103', urgency: 'urgent' },
              { number: '261130000135', title: '路灯不亮', status: 'signed', deadlineState: 'on-time', nextDueAt: '2099-12-03T02:00:00Z', categoryCode: '010101', urgency: 'normal' },
            ],
          })
        : undefined,
    )
    const { view } = await screen('/grid')
    const cards = view.findAll('a.card')
    expect(cards.map((c) => c.attributes('href'))).toEqual([`/grid/case/${number}`, '/grid/case/261130000135'])
    expect(cards[0]!.text()).toContain('已超期')
    expect(cards[0]!.text()).toContain('待签收')
    expect(cards[0]!.text()).toContain('紧急')
    expect(cards[1]!.text()).toContain('正常')
    expect(view.text()).toContain('网格员 周敏')
    expect(view.text()).toContain('北山社区第1网格工作站')

    await view.findAll('button.chip').find((b) => b.text() === '待签收')!.trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.url.startsWith('/api/inbox')).at(-1)!.url).toContain('status=dispatched')
  })

  it("signs a forwarded case, verifies it on site with a photo and the phone's position, and replies", async () => {
    let state = caseView('dispatched', ['sign', 'return', 'attach'])
    phoneAt({ latitude: 30.2741, longitude: 120.1551 })
    stubApi((c) => {
      if (c.url === `/api/cases/${number}` && c.method === 'GET') return json(200, state)
      if (c.url === `/api/cases/${number}/history`) return json(200, [])
      if (c.url === `/api/cases/${number}/attachments` && c.method === 'GET') return json(200, [])
      if (c.url === `/api/cases/${number}/sign`) return json(200, (state = caseView('signed', ['verify-on-site', 'reply', 'request-extension', 'return', 'attach'])))
      if (c.url === `/api/cases/${number}/attachments`) return json(201, attachment('7d1c0d6e-0000-4000-8000-000000000001', number))
      if (c.url === `/api/cases/${number}/site-visits`) return json(201, state)
      if (c.url === `/api/cases/${number}/reply`) return json(200, (state = caseView('resolved', [])))
      return undefined
    })
    const { view } = await screen(`/grid/case/${number}`)
    const actions = () => view.findAll('section.actions [data-action]').map((b) => b.attributes('data-action'))
    expect(actions()).toEqual(['sign'])
    expect(view.find('section.actions a.secondary').exists()).toBe(true) // 退单 is on the case page

    await view.get('[data-action=sign]').trigger('click')
    await flushPromises()
    expect(posts()[0]).toMatchObject({ url: `/api/cases/${number}/sign`, headers: { 'Idempotency-Key': expect.stringMatching(/^[0-9a-f-]{36}$/) } })
    expect(view.get('[data-testid=case-status]').text()).toBe('办理中')
    expect(actions()).toEqual(['verify-on-site', 'reply'])

    await view.get('[data-action=verify-on-site]').trigger('click')
    await flushPromises()
    expect(view.get('[data-testid=location-state]').text()).toBe('已定位：30.274100, 120.155100（精度约 12 米）')
    await view.get('textarea[data-testid=site-visit-text]').setValue('现场核实：垃圾桶已满，周边有散落垃圾。')
    await takePhoto(view)
    const upload = posts().find((c) => c.url === `/api/cases/${number}/attachments`)!
    expect((upload.body as FormData).get('file')).toBeInstanceOf(File)
    expect(upload.headers['X-XSRF-TOKEN']).toBe('phone-token')
    await vi.waitFor(() => expect(view.get('[data-testid=site-visit-form] img[data-testid=attachment-thumbnail]').attributes('src')).toBe('blob:thumbnail'))
    expect(calls.some((c) => c.url === `/api/cases/${number}/attachments/7d1c0d6e-0000-4000-8000-000000000001/thumbnail`)).toBe(true)
    expect(view.get('[data-testid=site-visit-form]').text()).toContain('已添加 1 张')

    await view.get('form').trigger('submit')
    await flushPromises()
    const visit = posts().find((c) => c.url === `/api/cases/${number}/site-visits`)!
    expect(visit.body).toEqual({ text: '现场核实：垃圾桶已满，周边有散落垃圾。', latitude: 30.2741, longitude: 120.1551, attachmentIds: ['7d1c0d6e-0000-4000-8000-000000000001'] })
    expect(visit.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(view.text()).toContain('已上门核实')

    await view.get('[data-action=reply]').trigger('click')
    await view.get('textarea[data-testid=reply-text]').setValue('已协调环卫清运，现场已清理干净。')
    await view.get('form').trigger('submit')
    await flushPromises()
    expect(posts().find((c) => c.url === `/api/cases/${number}/reply`)!.body).toEqual({ text: '已协调环卫清运，现场已清理干净。', attachmentIds: [] })
    expect(view.get('[data-testid=case-status]').text()).toBe('待回访')
    expect(actions()).toEqual([])
  })

  it('says plainly that location was refused, and takes coordinates typed by hand', async () => {
    phoneAt({ code: 1 })
    stubApi((c) => {
      if (c.url === `/api/cases/${number}` && c.method === 'GET') return json(200, caseView('signed', ['verify-on-site', 'reply']))
      if (c.url.startsWith(`/api/cases/${number}/`) && c.method === 'GET') return json(200, [])
      if (c.url === `/api/cases/${number}/site-visits`) return json(201, caseView('signed', ['verify-on-site', 'reply']))
      return undefined
    })
    const { view } = await screen(`/grid/case/${number}`)
    await view.get('[data-action=verify-on-site]').trigger('click')
    await flushPromises()
    const state = view.get('[data-testid=location-state]')
    expect(state.attributes('role')).toBe('alert')
    expect(state.text()).toContain('未允许定位')

    // Sent without coordinates, nothing goes out: the fields say what is missing.
    await view.get('form').trigger('submit')
    await flushPromises()
    expect(posts()).toEqual([])
    await vi.waitFor(() => expect(errorUnder(view, '纬度')).toBe('请填写纬度（十进制度数，如 30.2741）'), { timeout: 10_000 })

    await view.get('input[data-testid=latitude]').setValue('30.2741')
    await view.get('input[data-testid=longitude]').setValue('120.1551')
    await view.get('form').trigger('submit')
    await flushPromises()
    expect(posts()[0]!.body).toMatchObject({ latitude: 30.2741, longitude: 120.1551 })
  })

  it("puts the API's refusal of a site visit under the photo control and the fields", async () => {
    phoneAt({ latitude: 30.2741, longitude: 120.1551 })
    stubApi((c) => {
      if (c.url === `/api/cases/${number}` && c.method === 'GET') return json(200, caseView('signed', ['verify-on-site']))
      if (c.url.startsWith(`/api/cases/${number}/`) && c.method === 'GET') return json(200, [])
      if (c.url === `/api/cases/${number}/site-visits`)
        return json(422, { title: 'Unprocessable', errors: { attachmentIds: ['至少一张现场照片'], text: ['Required, and not only white space.'] } })
      return undefined
    })
    const { view } = await screen(`/grid/case/${number}`)
    await view.get('[data-action=verify-on-site]').trigger('click')
    await flushPromises()
    await view.get('form').trigger('submit')
    await flushPromises()
    expect(view.get('[data-testid=photos-error]').text()).toBe('至少一张现场照片')
    await vi.waitFor(() => expect(errorUnder(view, '核实情况')).toBe('必填，不能只有空格'), { timeout: 10_000 })
    expect(view.get('[role=alert].summary').text()).toBe('请按提示修改后再提交。')
  })

  it('says why a photo was refused, next to the camera control', async () => {
    phoneAt({ latitude: 30.2741, longitude: 120.1551 })
    stubApi((c) => {
      if (c.url === `/api/cases/${number}` && c.method === 'GET') return json(200, caseView('signed', ['verify-on-site']))
      if (c.url.startsWith(`/api/cases/${number}/`) && c.method === 'GET') return json(200, [])
      if (c.url === `/api/cases/${number}/attachments`) return json(413, { title: 'Payload Too Large', errors: { file: ['The file is larger than 10485760 bytes.'] } })
      return undefined
    })
    const { view } = await screen(`/grid/case/${number}`)
    await view.get('[data-action=verify-on-site]').trigger('click')
    await flushPromises()
    await takePhoto(view, 'IMG_0001.jpg')
    await vi.waitFor(() => expect(view.get('[data-testid=upload-error]').text()).toMatch(/^IMG_0001\.jpg：.*(太大|超过)/))
    expect(view.find('[data-testid=attachment-tile]').exists()).toBe(false)
    expect(view.get('[data-testid=site-visit-form]').text()).toContain('已添加 0 张')
  })

  it('reports from the patrol with staged photos and closes it on the spot', async () => {
    phoneAt({ latitude: 30.2741, longitude: 120.1551 })
    stubApi((c) => {
      if (c.url === '/api/attachments') return json(201, attachment('0b5e5c9a-0000-4000-8000-000000000002', null))
      if (c.url === '/api/grid/patrol-reports') return json(201, { ...caseView('closed', []), number: '261130000142', channel: 'grid-patrol' })
      return undefined
    })
    const { view } = await screen('/grid/patrol')
    expect(view.findAll('#patrol-category optgroup').map((g) => g.attributes('label'))).toEqual(['城市管理 › 市容环境'])
    await view.get('input[name=requestType][value=report]').setValue(true)
    await view.get('#patrol-category').setValue('010101')
    await view.get('textarea[data-testid=patrol-description]').setValue('人行道上堆放装修垃圾。')
    await view.get('input[data-testid=patrol-address]').setValue('北山路20号')
    await takePhoto(view)
    expect(posts()[0]!.url).toBe('/api/attachments')
    await view.get('input[data-testid=resolved-on-spot]').setValue(true)
    await view.get('textarea[data-testid=patrol-resolution]').setValue('已联系业主当场清走。')
    expect(view.get('[data-testid=patrol-submit]').text()).toBe('提交并就地办结')
    await view.get('form').trigger('submit')
    await flushPromises()

    const report = posts().find((c) => c.url === '/api/grid/patrol-reports')!
    expect(report.body).toEqual({
      requestType: 'report', categoryCode: '010101', description: '人行道上堆放装修垃圾。', address: '北山路20号', latitude: 30.2741, longitude: 120.1551,
      attachmentIds: ['0b5e5c9a-0000-4000-8000-000000000002'], resolvedOnSpot: true, resolution: '已联系业主当场清走。',
    })
    expect(report.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(view.get('[data-testid=patrol-filed] h2').text()).toBe('已就地办结')
    expect(view.get('[data-testid=patrol-number]').text()).toBe('261130 00014 2')
  })

  it('puts a refused patrol report\'s field errors next to its fields', async () => {
    phoneAt({ latitude: 30.2741, longitude: 120.1551 })
    stubApi((c) =>
      c.url === '/api/grid/patrol-reports'
        ? json(400, {
            title: 'The patrol report was not recorded: some fields are invalid.',
            errors: {
              requestType: ['Required; one of: consultation, help, complaint, report, suggestion, praise.'],
              categoryCode: ['The category code is required (see GET /api/categories).'],
              description: ['Required, and not only white space.'],
              attachmentIds: ['At least one staged photo.'],
            },
          })
        : undefined,
    )
    const { view } = await screen('/grid/patrol')
    await view.get('form').trigger('submit')
    await flushPromises()
    await vi.waitFor(() => {
      expect(errorUnder(view, '诉求类型')).toBe('必选')
      expect(errorUnder(view, '分类')).toBe('请选择分类')
      expect(errorUnder(view, '问题描述')).toBe('必填，不能只有空格')
    }, { timeout: 10_000 })
    expect(view.get('[data-testid=photos-error]').text()).toBe('At least one staged photo.')
    expect(view.find('[data-testid=patrol-filed]').exists()).toBe(false)
  })

  it("lists the worker's own reports, newest first as the API gives them", async () => {
    stubApi((c) =>
      c.url.startsWith('/api/grid/patrol-reports')
        ? json(200, {
            page: 1, pageSize: 20, total: 2,
            items: [
              { number: '261130000142', title: '北山路20号乱堆放', status: 'closed', filedAt: '2026-11-30T03:00:00Z', categoryCode: '010101', resolvedOnSpot: true },
              { number: '261130000139', title: '井盖破损', status: 'dispatched', filedAt: '2026-11-30T02:00:00Z', categoryCode: '010103', resolvedOnSpot: false },
            ],
          })
        : undefined,
    )
    const { view } = await screen('/grid/reports')
    const reports = view.findAll('li.report')
    expect(reports.map((r) => r.attributes('data-case'))).toEqual(['261130000142', '261130000139'])
    expect(reports[0]!.text()).toContain('就地办结')
    expect(reports[1]!.text()).not.toContain('就地办结')
    expect(reports[1]!.text()).toContain('待签收')
  })
})
