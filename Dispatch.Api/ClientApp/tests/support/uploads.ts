// What the attachment specs share: an XMLHttpRequest the spec answers by hand (uploads go through XHR for their progress),
// an AttachmentView as the API answers it, and blob: URLs jsdom does not make.
import { vi } from 'vitest'
import type { AttachmentView } from '@/api/types'

export class FakeXhr {
  static sent: FakeXhr[] = []
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: FormData | null = null
  status = 0
  statusText = ''
  responseText = ''
  responseHeaders: Record<string, string> = {}
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null }
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

  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name.toLowerCase()] ?? null
  }

  send(body: FormData) {
    this.body = body
    FakeXhr.sent.push(this)
  }

  abort() {
    this.onabort?.()
  }

  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent)
  }

  respond(status: number, body: unknown) {
    this.status = status
    this.responseText = JSON.stringify(body)
    this.responseHeaders['content-type'] = status >= 400 ? 'application/problem+json' : 'application/json'
    this.onload?.()
  }

  /** The file the request carries (the part 'file'). */
  get file(): File {
    return this.body!.get('file') as File
  }
}

export function stubXhr() {
  FakeXhr.sent = []
  vi.stubGlobal('XMLHttpRequest', FakeXhr)
}

/** blob: URLs as a browser makes them, counted, so a spec sees each made one revoked. */
export function stubObjectUrls() {
  const live = new Set<string>()
  let next = 1
  vi.stubGlobal('URL', Object.assign(URL, {
    createObjectURL: vi.fn(() => {
      const url = `blob:test/${next++}`
      live.add(url)
      return url
    }),
    revokeObjectURL: vi.fn((url: string) => live.delete(url)),
  }))
  return live
}

export function attachment(overrides: Partial<AttachmentView> = {}): AttachmentView {
  const id = overrides.id ?? '0192f0c8-0000-7000-8000-000000000001'
  return {
    id,
    caseNumber: '261121000424',
    kind: 'photo',
    mediaType: 'image/jpeg',
    size: 245_000,
    sha256: 'ab'.repeat(32),
    width: 640,
    height: 480,
    fileName: 'site.jpg',
    origin: 'staff',
    uploadedBy: 'handler:um.handler@UM',
    uploadedAt: '2026-11-30T06:05:00Z',
    contentUrl: `/api/cases/261121000424/attachments/${id}/content`,
    thumbnailUrl: `/api/cases/261121000424/attachments/${id}/thumbnail`,
    released: false,
    citedBy: null,
    citedSeq: null,
    ...overrides,
  }
}

export function problem(status: number, body: Record<string, unknown>) {
  return { status, ...body }
}
