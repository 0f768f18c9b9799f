import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import AttachmentUpload from '@/components/AttachmentUpload.vue'
import { FakeXhr, attachment, stubXhr } from './support/uploads'

function choose(view: ReturnType<typeof mount>, files: File[], input = 'input[data-testid=attachment-file-input]') {
  const element = view.get(input).element as HTMLInputElement
  Object.defineProperty(element, 'files', { value: files, configurable: true })
  return view.get(input).trigger('change')
}

const photo = () => new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], '路灯.jpg', { type: 'image/jpeg' })

describe('the upload control', () => {
  beforeEach(() => {
    stubXhr()
    document.cookie = 'XSRF-TOKEN=token-1'
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('uploads a chosen file to the case with the antiforgery token and an idempotency key, showing its progress', async () => {
    const view = mount(AttachmentUpload, { props: { caseNumber: '261121000424' }, attachTo: document.body })
    await choose(view, [photo()])
    await flushPromises()

    const [request] = FakeXhr.sent
    expect([request!.method, request!.url]).toEqual(['POST', '/api/cases/261121000424/attachments'])
    expect(request!.headers['X-XSRF-TOKEN']).toBe('token-1')
    expect(request!.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(request!.file.name).toBe('路灯.jpg')
    expect(request!.body!.get('origin')).toBeNull()

    request!.progress(50, 200)
    await flushPromises()
    const progress = view.get('progress')
    expect([progress.attributes('value'), progress.attributes('aria-label')]).toEqual(['25', '路灯.jpg 上传进度'])
    expect(view.emitted('busy')).toEqual([[true]])

    const stored = attachment({ fileName: '路灯.jpg' })
    request!.respond(201, stored)
    await flushPromises()
    expect(view.emitted('uploaded')).toEqual([[stored]])
    expect(view.emitted('busy')).toEqual([[true], [false]])
    expect(view.get('[data-testid=upload-entry]').text()).toContain('已上传')
  })

  it('stages the files when there is no case yet, one request after another, with the origin given', async () => {
    const view = mount(AttachmentUpload, { props: { origin: 'caller' }, attachTo: document.body })
    await choose(view, [photo(), new File(['%PDF-1.4'], '通知.pdf', { type: 'application/pdf' })])
    await flushPromises()

    expect(FakeXhr.sent.map((r) => r.url)).toEqual(['/api/attachments'])
    expect(FakeXhr.sent[0]!.body!.get('origin')).toBe('caller')
    FakeXhr.sent[0]!.respond(201, attachment({ id: 'a', caseNumber: null as unknown as string }))
    await flushPromises()
    expect(FakeXhr.sent.map((r) => r.file.name)).toEqual(['路灯.jpg', '通知.pdf'])
    FakeXhr.sent[1]!.respond(201, attachment({ id: 'b', kind: 'document' }))
    await flushPromises()
    expect(view.emitted('uploaded')!.map(([f]) => (f as { id: string }).id)).toEqual(['a', 'b'])
  })

  it('says the API’s refusal next to the control, in Chinese, and adds nothing', async () => {
    const view = mount(AttachmentUpload, { props: { caseNumber: '261121000424' }, attachTo: document.body })
    await choose(view, [new File(['这不是照片'], '现场.jpg', { type: 'image/jpeg' })])
    await flushPromises()
    FakeXhr.sent[0]!.respond(415, {
      title: 'Nothing was stored: the file is not what its name says.',
      problem: 'Disguised',
      errors: { file: ["The file is named as JPEG ('现场.jpg') but its bytes are not one: …"] },
    })
    await flushPromises()

    const error = view.get('[data-testid=upload-error]')
    expect(error.attributes('role')).toBe('alert')
    expect(error.text()).toBe('现场.jpg：文件内容与文件名不符（例如名为 .jpg 却不是照片），未上传。请按文件的真实类型发送。')
    expect(view.emitted('uploaded')).toBeUndefined()
    expect(view.emitted('failed')![0]![0]).toBe('现场.jpg')
  })

  it('offers the phone’s back camera for photos', () => {
    const view = mount(AttachmentUpload, { attachTo: document.body })
    const camera = view.get('input[data-testid=attachment-camera-input]')
    expect([camera.attributes('accept'), camera.attributes('capture'), camera.attributes('aria-label')]).toEqual([
      'image/*',
      'environment',
      '用相机拍照上传',
    ])
    expect(mount(AttachmentUpload, { props: { camera: false } }).find('input[capture]').exists()).toBe(false)
  })

  it('takes a file dropped on it and a screenshot pasted into it', async () => {
    const view = mount(AttachmentUpload, { props: { caseNumber: '261121000424' }, attachTo: document.body })
    const zone = view.get('[data-testid=attachment-upload]')
    const dropped = { types: ['Files'], files: [photo()], items: [], dropEffect: 'none' }
    await zone.trigger('dragover', { dataTransfer: dropped })
    expect(zone.classes()).toContain('dragging')
    expect(zone.text()).toContain('松开即可上传')
    await zone.trigger('drop', { dataTransfer: dropped })
    await flushPromises()
    expect(zone.classes()).not.toContain('dragging')
    FakeXhr.sent[0]!.respond(201, attachment())
    await flushPromises()

    const screenshot = new File(['png'], 'image.png', { type: 'image/png' })
    await zone.trigger('paste', { clipboardData: { files: [screenshot], items: [] } })
    await flushPromises()
    expect(FakeXhr.sent.map((r) => r.file.name)).toEqual(['路灯.jpg', expect.stringMatching(/^截图-\d{12}\.png$/)])
  })

  it('takes a screenshot pasted anywhere on the page when asked to, but not one pasted into a text field', async () => {
    const view = mount(AttachmentUpload, { props: { caseNumber: '261121000424', pasteAnywhere: true }, attachTo: document.body })
    const field = document.createElement('textarea')
    document.body.appendChild(field)
    const paste = (target: EventTarget) => {
      const event = new Event('paste', { bubbles: true, cancelable: true }) as ClipboardEvent
      Object.defineProperty(event, 'clipboardData', { value: { files: [new File(['png'], 'image.png', { type: 'image/png' })], items: [] } })
      target.dispatchEvent(event)
    }
    paste(field)
    await flushPromises()
    expect(FakeXhr.sent).toHaveLength(0)
    paste(document.body)
    await flushPromises()
    expect(FakeXhr.sent).toHaveLength(1)
    view.unmount()
    paste(document.body)
    expect(FakeXhr.sent).toHaveLength(1)
  })

  it('is one named control in the Tab order that opens the chooser with Enter, and takes nothing when disabled', async () => {
    const view = mount(AttachmentUpload, { props: { label: '上传整改照片' }, attachTo: document.body })
    const zone = view.get('[data-testid=attachment-upload]')
    expect([zone.attributes('role'), zone.attributes('aria-label'), zone.attributes('tabindex')]).toEqual(['group', '上传整改照片', '0'])
    expect(document.getElementById(zone.attributes('aria-describedby')!)!.textContent).toContain('粘贴截图')
    const input = view.get('input[data-testid=attachment-file-input]').element as HTMLInputElement
    const clicked = vi.fn()
    input.addEventListener('click', clicked)
    await zone.trigger('keydown', { key: 'Enter' })
    expect(clicked).toHaveBeenCalledTimes(1)

    await view.setProps({ disabled: true })
    await zone.trigger('keydown', { key: 'Enter' })
    await zone.trigger('drop', { dataTransfer: { types: ['Files'], files: [photo()], items: [] } })
    expect(clicked).toHaveBeenCalledTimes(1)
    expect(FakeXhr.sent).toHaveLength(0)
  })
})
