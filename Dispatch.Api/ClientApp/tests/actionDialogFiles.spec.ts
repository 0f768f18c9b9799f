import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ActionDialog from '@/components/ActionDialog.vue'
import { actionButton } from '@/lib/caseActions'
import type { CaseView } from '@/api/types'
import { FakeXhr, attachment, stubObjectUrls, stubXhr } from './support/uploads'

type Call = { url: string; method: string; body: unknown }

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })
}

const kase = (overrides: Record<string, unknown> = {}) =>
  ({ number: '261121000424', status: 'signed', allowedActions: ['reply', 'attach', 'add-note'], location: {}, ...overrides }) as unknown as CaseView

/** The action form against a stubbed API: what each action POST answers is `answer`'s. */
async function form(action: string, props: Record<string, unknown>, answer: () => Response = () => json(200, kase())) {
  const calls: Call[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    calls.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined })
    if (url.startsWith('/api/categories') || url.startsWith('/api/areas') || url.startsWith('/api/departments')) return json(200, [])
    if (init.method === 'POST') return answer()
    return new Response(new Blob(['thumbnail']))
  })
  const view = mount(ActionDialog, { props: { number: '261121000424', button: null, kase: kase(), ...props }, attachTo: document.body })
  await view.setProps({ button: actionButton(action)! })
  await flushPromises()
  return { view, calls }
}

const site = attachment({ id: 'f-site', fileName: '整改后.jpg' })
const citedAlready = attachment({ id: 'f-old', fileName: '整改前.jpg', citedBy: 'add-note', thumbnailUrl: null })

function field(label: string): Element {
  return Array.from(document.querySelectorAll('.el-form-item')).find((i) => i.querySelector('.el-form-item__label')?.textContent?.startsWith(label))!
}

describe('an action form that takes files', () => {
  beforeEach(() => {
    stubObjectUrls()
    stubXhr()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('sends the files picked on the case as attachmentIds with a note', async () => {
    const { calls } = await form('add-note', { attachments: [site, citedAlready] })
    expect(field('附件（可不选）')).toBeTruthy()
    const boxes = Array.from(document.querySelectorAll<HTMLInputElement>('input[data-testid=attachment-pick]'))
    expect(boxes.map((b) => b.disabled)).toEqual([false])
    boxes[0]!.click()
    ;(document.querySelector('textarea') as HTMLTextAreaElement).value = '现场已复查。'
    document.querySelector('textarea')!.dispatchEvent(new Event('input'))
    ;(document.querySelector('[data-testid=action-submit]') as HTMLElement).click()
    await flushPromises()
    const sent = calls.find((c) => c.method === 'POST')!
    expect([sent.url, sent.body]).toEqual(['/api/cases/261121000424/notes', { text: '现场已复查。', attachmentIds: ['f-site'] }])
  })

  it('sends the body it always sent when no file is picked', async () => {
    const { calls } = await form('add-note', { attachments: [] })
    ;(document.querySelector('[data-testid=action-submit]') as HTMLElement).click()
    await flushPromises()
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ text: null })
  })

  it('picks a file uploaded in the form by itself, and tells the page it is on the case', async () => {
    const { view, calls } = await form('reply', { attachments: [] })
    const input = document.querySelector('input[data-testid=attachment-file-input]') as HTMLInputElement
    Object.defineProperty(input, 'files', { value: [new File(['jpg'], '整改后.jpg', { type: 'image/jpeg' })], configurable: true })
    input.dispatchEvent(new Event('change'))
    await flushPromises()
    expect(FakeXhr.sent[0]!.url).toBe('/api/cases/261121000424/attachments')
    // Sending while the file is still on its way is held back.
    ;(document.querySelector('[data-testid=action-submit]') as HTMLElement).click()
    await flushPromises()
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    expect(document.body.textContent).toContain('附件还在上传')

    FakeXhr.sent[0]!.respond(201, site)
    await flushPromises()
    expect(view.emitted('uploaded')).toEqual([[site]])
    ;(document.querySelector('[data-testid=action-submit]') as HTMLElement).click()
    await flushPromises()
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ text: null, attachmentIds: ['f-site'] })
  })

  it('marks the rectification photos as required when the case says so, and puts the 422 on that field', async () => {
    await form('reply', { kase: kase({ replyRequiresPhotos: true }), attachments: [] }, () =>
      json(422, { status: 422, title: 'The case cannot do that.', errors: { attachmentIds: ['整改照片：办结反馈须附至少一张整改照片。'] } }),
    )
    const photos = field('整改照片（必传：至少一张照片）')
    expect(photos.classList.contains('is-required')).toBe(true)
    expect(document.querySelector('input[data-testid=attachment-file-input]')!.getAttribute('accept')).toBe('image/*')
    ;(document.querySelector('[data-testid=action-submit]') as HTMLElement).click()
    await flushPromises()
    // Element Plus shows a form item's error a moment after it is set: ask again until it is there.
    await vi.waitFor(() => expect(photos.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('整改照片：办结反馈须附至少一张整改照片。'), {
      timeout: 10_000,
    })
  })

  it('does not ask for photos on a reply the policy does not ask them for, nor offer files on a form that takes none', async () => {
    await form('reply', { attachments: [] })
    expect(field('附件（可不选；如整改照片）').classList.contains('is-required')).toBe(false)
    document.body.innerHTML = ''
    await form('return', { attachments: [site] })
    expect(document.querySelector('[data-testid=attachment-upload]')).toBeNull()
  })
})
