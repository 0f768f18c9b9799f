import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import AttachmentGallery from '@/components/AttachmentGallery.vue'
import { attachment, stubObjectUrls } from './support/uploads'

// The center releases a confidential caller's own file to the departments (docs/attachments.md "Who sees a file"):
// a file's action, offered on the file the API says the reader may release (mayRelease), never counted with the case's actions.

type Sent = { url: string; method: string; headers: Record<string, string>; body: unknown }

const confidential = attachment({ id: 'c1', fileName: '现场.jpg', origin: 'caller', mayRelease: true, thumbnailUrl: null })
const staff = attachment({ id: 's1', fileName: '整改后.jpg', origin: 'staff', thumbnailUrl: null })

function stubApi(answer: (sent: Sent) => Response) {
  const sent: Sent[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const request: Sent = {
      url,
      method: init.method ?? 'GET',
      headers: (init.headers ?? {}) as Record<string, string>,
      body: init.body ? JSON.parse(init.body as string) : undefined,
    }
    sent.push(request)
    return answer(request)
  })
  return sent
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })

function releaseRequests(sent: Sent[]) {
  return sent.filter((s) => s.url.endsWith('/release'))
}

async function openRelease(view: ReturnType<typeof mount>, note: string) {
  await view.get('[data-testid=attachment-release]').trigger('click')
  await flushPromises()
  const textarea = document.querySelector('[data-testid=attachment-release-dialog] textarea') as HTMLTextAreaElement
  textarea.value = note
  textarea.dispatchEvent(new Event('input'))
  await flushPromises()
  ;(document.querySelector('[data-testid=attachment-release-confirm]') as HTMLButtonElement).click()
  await flushPromises()
}

describe('releasing a confidential caller’s own file to the departments', () => {
  beforeEach(() => {
    stubObjectUrls()
    document.cookie = 'XSRF-TOKEN=release-token'
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('offers 公开给承办单位 only on a file the API says may be released, and only where the screen asks for it', async () => {
    stubApi(() => json(200, {}))
    const view = mount(AttachmentGallery, { props: { items: [staff, confidential], releasable: true }, attachTo: document.body })
    const buttons = view.findAll('[data-testid=attachment-release]')
    expect(buttons).toHaveLength(1)
    expect(buttons[0]!.attributes('aria-label')).toBe('公开给承办单位：现场.jpg')
    expect(buttons[0]!.text()).toBe('公开给承办单位')
    // A file's action: the browser specs count [data-action] buttons against the case's allowedActions.
    expect(view.findAll('[data-action]')).toHaveLength(0)
    expect(view.findAll('[data-testid=attachment-tile]')[1]!.element.contains(buttons[0]!.element)).toBe(true)

    const elsewhere = mount(AttachmentGallery, { props: { items: [confidential] }, attachTo: document.body })
    expect(elsewhere.findAll('[data-testid=attachment-release]')).toHaveLength(0)
  })

  it('sends the release with the note, the antiforgery header and an Idempotency-Key, and says it was released', async () => {
    const sent = stubApi(() => json(200, { ...confidential, released: true, mayRelease: false }))
    const view = mount(AttachmentGallery, { props: { items: [confidential], releasable: true }, attachTo: document.body })
    await openRelease(view, '需承办单位核实现场')

    const [request] = releaseRequests(sent)
    expect(request).toMatchObject({
      url: '/api/cases/261121000424/attachments/c1/release',
      method: 'POST',
      body: { note: '需承办单位核实现场' },
    })
    expect(request!.headers['X-XSRF-TOKEN']).toBe('release-token')
    expect(request!.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(view.emitted('released')).toEqual([[{ ...confidential, released: true, mayRelease: false }]])
    expect(document.querySelector('[data-testid=attachment-release-dialog]')).toBeNull()

    // The page reads the list again: the tile says 已公开 and offers the release no more.
    await view.setProps({ items: [{ ...confidential, released: true, mayRelease: false }] })
    expect(view.get('[data-testid=attachment-released]').text()).toBe('已公开')
    expect(view.findAll('[data-testid=attachment-release]')).toHaveLength(0)
  })

  it('sends no note when none is given', async () => {
    const sent = stubApi(() => json(200, { ...confidential, released: true, mayRelease: false }))
    const view = mount(AttachmentGallery, { props: { items: [confidential], releasable: true }, attachTo: document.body })
    await openRelease(view, '   ')
    expect(releaseRequests(sent)[0]!.body).toEqual({})
  })

  it('says a refused note next to the note, in Chinese, and keeps the dialog open', async () => {
    stubApi(() => json(400, { status: 400, title: 'Nothing was released: some fields are invalid.', errors: { note: ['At most 2000 characters (this has 2001).'] } }))
    const view = mount(AttachmentGallery, { props: { items: [confidential], releasable: true }, attachTo: document.body })
    await openRelease(view, '说明')

    expect(document.querySelector('[data-testid=attachment-release-note-error]')!.textContent!.trim()).toBe('最多 2000 个字（现有 2001 个）')
    expect(document.querySelector('[data-testid=attachment-release-dialog] textarea')!.getAttribute('aria-invalid')).toBe('true')
    expect(document.querySelector('[data-testid=attachment-release-error]')).toBeNull()
    expect(view.emitted('released')).toBeUndefined()
  })

  it('says why the file cannot be released (422 on attachmentId, 403)', async () => {
    let answer = json(422, {
      status: 422,
      errors: { attachmentId: ["c1 is not a file of the caller's on this case waiting to be released."] },
    })
    stubApi(() => answer)
    const view = mount(AttachmentGallery, { props: { items: [confidential], releasable: true }, attachTo: document.body })
    await openRelease(view, '')
    expect(document.querySelector('[data-testid=attachment-release-error]')!.textContent).toBe('这个附件不是保密来电人本人提供的，或已公开过')
    expect(document.querySelector('[data-testid=attachment-release-note-error]')).toBeNull()

    answer = json(403, { status: 403, title: 'Forbidden' })
    ;(document.querySelector('[data-testid=attachment-release-confirm]') as HTMLButtonElement).click()
    await flushPromises()
    expect(document.querySelector('[data-testid=attachment-release-error]')!.textContent).toBe('您无权执行此操作。')
    expect(view.emitted('released')).toBeUndefined()
  })
})
