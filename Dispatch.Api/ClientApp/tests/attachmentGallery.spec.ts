import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import AttachmentGallery from '@/components/AttachmentGallery.vue'
import { attachment, stubObjectUrls } from './support/uploads'

type Read = { url: string; credentials: RequestCredentials | undefined }

function stubFiles(answer: (url: string) => Response = () => new Response(new Blob(['bytes']), { status: 200 })) {
  const reads: Read[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    reads.push({ url, credentials: init.credentials })
    return answer(url)
  })
  return reads
}

const photo = attachment({ id: 'p1', fileName: '整改后.jpg', origin: 'staff' })
const pdf = attachment({ id: 'd1', kind: 'document', mediaType: 'application/pdf', fileName: '通知.pdf', thumbnailUrl: null, width: null, height: null })
const recording = attachment({ id: 'a1', kind: 'audio', mediaType: 'audio/wav', fileName: null, thumbnailUrl: null, origin: 'caller', released: true })

describe('the files of a case as thumbnails and a viewer', () => {
  let live: Set<string>
  beforeEach(() => {
    live = stubObjectUrls()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('reads each thumbnail through the API with the session and shows it from a blob: URL', async () => {
    const reads = stubFiles()
    const view = mount(AttachmentGallery, { props: { items: [photo, pdf] }, attachTo: document.body })
    await flushPromises()

    expect(reads).toEqual([{ url: '/api/cases/261121000424/attachments/p1/thumbnail', credentials: 'same-origin' }])
    const images = view.findAll('[data-testid=attachment-thumbnail]')
    expect(images.map((i) => i.attributes('src'))).toEqual(['blob:test/1'])
    // A file without a thumbnail shows its kind; each tile is a button named by what the file is.
    const buttons = view.findAll('[data-testid=attachment-open]')
    expect(buttons[1]!.text()).toBe('PDF')
    expect(buttons[0]!.attributes('aria-label')).toBe('查看 照片 整改后.jpg，工作人员，承办单位经办人 um.handler（UM） 上传于 2026-11-30 14:05')
  })

  it('shows who gave each file, when, its origin and its release', async () => {
    stubFiles()
    const view = mount(AttachmentGallery, { props: { items: [photo, recording] }, attachTo: document.body })
    await flushPromises()
    const tiles = view.findAll('[data-testid=attachment-tile]')
    expect(tiles[0]!.text()).toContain('工作人员')
    expect(tiles[1]!.text()).toContain('市民提供')
    expect(tiles[1]!.text()).toContain('录音')
    expect(view.findAll('[data-testid=attachment-released]')).toHaveLength(1)
  })

  it('opens a photo large, read through the API, and steps through the files with the arrow keys', async () => {
    const reads = stubFiles()
    const view = mount(AttachmentGallery, { props: { items: [photo, pdf, recording] }, attachTo: document.body })
    await flushPromises()
    await view.findAll('[data-testid=attachment-open]')[0]!.trigger('click')
    await flushPromises()

    expect(reads.map((r) => r.url)).toContain('/api/cases/261121000424/attachments/p1/content')
    const shown = document.querySelector('[data-testid=attachment-photo]') as HTMLImageElement
    expect([shown.getAttribute('src'), shown.alt]).toEqual(['blob:test/2', '照片：整改后.jpg'])
    expect(document.querySelector('[data-testid=attachment-viewer]')!.textContent).toContain('承办单位经办人 um.handler（UM）')

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }))
    await flushPromises()
    // The PDF is offered as a download under its name, from the bytes read.
    const download = document.querySelector('[data-testid=attachment-download]') as HTMLAnchorElement
    expect([download.getAttribute('download'), download.getAttribute('href')]).toEqual(['通知.pdf', 'blob:test/3'])
    expect(live.has('blob:test/2')).toBe(false)

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }))
    await flushPromises()
    const audio = document.querySelector('[data-testid=attachment-audio]') as HTMLAudioElement
    expect([audio.getAttribute('src'), audio.getAttribute('aria-label'), audio.hasAttribute('controls')]).toEqual(['blob:test/4', '录音：录音', true])
    expect(document.querySelector('[data-testid=attachment-viewer]')!.textContent).toContain('已公开给承办单位')
  })

  it('says in the viewer why a file cannot be read', async () => {
    stubFiles((url) =>
      url.endsWith('/content')
        ? new Response(JSON.stringify({ status: 503, title: 'Service Unavailable' }), { status: 503, headers: { 'Content-Type': 'application/problem+json' } })
        : new Response(new Blob(['t'])),
    )
    const view = mount(AttachmentGallery, { props: { items: [photo] }, attachTo: document.body })
    await flushPromises()
    await view.get('[data-testid=attachment-open]').trigger('click')
    await flushPromises()
    expect(document.querySelector('[data-testid=attachment-viewer] [role=alert]')!.textContent).toBe(
      '读取文件失败：服务暂时不可用，刚才的操作没有完成，请几秒后重试。',
    )
  })

  it('lets a form pick files no action cites yet', async () => {
    stubFiles()
    const cited = attachment({ id: 'c1', fileName: '旧照片.jpg', citedBy: 'add-note', thumbnailUrl: null })
    const view = mount(AttachmentGallery, { props: { items: [photo, cited], selectable: true, selected: [] }, attachTo: document.body })
    await flushPromises()
    const boxes = view.findAll('input[data-testid=attachment-pick]')
    expect(boxes.map((b) => [b.attributes('aria-label'), (b.element as HTMLInputElement).disabled])).toEqual([
      ['选用 整改后.jpg', false],
      ['选用 旧照片.jpg', true],
    ])
    await boxes[0]!.setValue(true)
    expect(view.emitted('update:selected')).toEqual([[['p1']]])
    await view.setProps({ selected: ['p1'] })
    await boxes[0]!.setValue(false)
    expect(view.emitted('update:selected')![1]).toEqual([[]])
  })

  it('offers 移除 on staged files', async () => {
    stubFiles()
    const view = mount(AttachmentGallery, { props: { items: [pdf], removable: true }, attachTo: document.body })
    await view.get('button[aria-label="移除 通知.pdf"]').trigger('click')
    expect(view.emitted('remove')).toEqual([[pdf]])
  })

  it('lets go of every blob: URL it made when a file leaves the list and when it is gone', async () => {
    stubFiles()
    const second = attachment({ id: 'p2', fileName: '整改前.jpg' })
    const view = mount(AttachmentGallery, { props: { items: [photo, second] }, attachTo: document.body })
    await flushPromises()
    expect(live.size).toBe(2)
    await view.setProps({ items: [second] })
    expect(live.size).toBe(1)
    view.unmount()
    expect(live.size).toBe(0)
  })

  it('says so when there are no files', () => {
    stubFiles()
    const view = mount(AttachmentGallery, { props: { items: [], emptyText: '这张工单还没有附件。' } })
    expect(view.text()).toBe('这张工单还没有附件。')
  })
})
