import { ApiError, type Problem } from './problems'

/** The cookie the API sets at sign-in, readable by the console, whose value every state-changing request echoes. */
export const XsrfCookie = 'XSRF-TOKEN'
export const XsrfHeader = 'X-XSRF-TOKEN'
export const IdempotencyHeader = 'Idempotency-Key'

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  query?: Record<string, string | number | boolean | null | undefined>
  /** Sent as Idempotency-Key: the same key for a retry of the same request, so nothing is done twice. */
  idempotencyKey?: string
  signal?: AbortSignal
  /** The ETag of the list as last read: an unchanged list answers 304 and {@link requestList} keeps what it had. */
  ifNoneMatch?: string | null
}

type UnauthorizedHandler = (path: string) => void
let onUnauthorized: UnauthorizedHandler | null = null

/** Where a 401 goes (the router sends the person to sign in again). Sign-in itself answers 401 to a wrong password: it is exempt. */
export function whenUnauthorized(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler
}

export function readCookie(name: string, cookies: string = typeof document === 'undefined' ? '' : document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return decodeURIComponent(value.join('='))
  }
  return null
}

export function withQuery(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== null && value !== undefined && value !== '') params.append(key, String(value))
  }
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

/**
 * The one way the console calls the API: same origin, the session cookie, JSON both ways, the antiforgery header on
 * every state-changing request, and every refusal turned into an {@link ApiError} carrying the problem details.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET') {
    const token = readCookie(XsrfCookie)
    if (token) headers[XsrfHeader] = token
  }
  if (options.idempotencyKey) headers[IdempotencyHeader] = options.idempotencyKey
  if (options.ifNoneMatch) headers['If-None-Match'] = options.ifNoneMatch

  let response: Response
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
      // The console decides about conditional requests itself (If-None-Match above): no answer from the browser's cache.
      cache: 'no-store',
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError(0, { title: 'The server could not be reached.' })
  }

  if (response.status === 304) return NotModified as T
  if (response.ok) {
    lastEtag.set(path, response.headers.get('ETag'))
    if (response.status === 204) return undefined as T
    const text = await response.text()
    return (text ? JSON.parse(text) : undefined) as T
  }

  const problem = await readProblem(response)
  if (response.status === 401 && onUnauthorized && !path.startsWith('/api/session')) onUnauthorized(path)
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10)
  throw new ApiError(response.status, problem, Number.isFinite(retryAfter) ? retryAfter : null)
}

/** What {@link request} answers for a 304: the list asked for with If-None-Match has not changed. */
export const NotModified: unique symbol = Symbol('not modified')

const lastEtag = new Map<string, string | null>()

/** A list read again while a screen polls it: the same ETag back, and `null` when nothing changed since. */
export async function requestList<T>(path: string, options: RequestOptions & { etag?: string | null } = {}): Promise<{ value: T; etag: string | null } | null> {
  const answer = await request<T | typeof NotModified>(path, { ...options, ifNoneMatch: options.etag })
  if (answer === NotModified) return null
  return { value: answer as T, etag: lastEtag.get(path) ?? null }
}

async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('Content-Type') ?? ''
  if (type.includes('json')) {
    try {
      return (await response.json()) as Problem
    } catch {
      // An unreadable body says no more than the status does.
    }
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}` }
}

/** A new Idempotency-Key: a UUID, from crypto.randomUUID where the page is a secure context, else from random bytes. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export interface UploadOptions {
  /** Sent as Idempotency-Key, as every case action is: a retry of the same upload attaches the file once. */
  idempotencyKey?: string
  /** Called as the bytes go out (the browser's upload progress): what is sent so far and the whole. */
  onProgress?: (sent: number, total: number) => void
  signal?: AbortSignal
}

/**
 * Sends a multipart form (a file upload) with the session, the antiforgery header and an Idempotency-Key, as {@link request}
 * sends JSON — through XMLHttpRequest, because fetch says nothing of an upload's progress. A refusal is an {@link ApiError}.
 */
export function upload<T>(path: string, form: FormData, options: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json')
    const token = readCookie(XsrfCookie)
    if (token) xhr.setRequestHeader(XsrfHeader, token)
    if (options.idempotencyKey) xhr.setRequestHeader(IdempotencyHeader, options.idempotencyKey)
    if (options.onProgress) {
      const report = options.onProgress
      xhr.upload.onprogress = (event: ProgressEvent) => {
        if (event.lengthComputable) report(event.loaded, event.total)
      }
    }
    const abort = () => xhr.abort()
    options.signal?.addEventListener('abort', abort, { once: true })
    xhr.onload = () => {
      options.signal?.removeEventListener('abort', abort)
      const text = xhr.responseText
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve((text ? JSON.parse(text) : undefined) as T)
        return
      }
      let problem: Problem = { status: xhr.status, title: xhr.statusText || `HTTP ${xhr.status}` }
      if ((xhr.getResponseHeader('Content-Type') ?? '').includes('json') && text) {
        try {
          problem = JSON.parse(text) as Problem
        } catch {
          // An unreadable body says no more than the status does.
        }
      }
      if (xhr.status === 401 && onUnauthorized) onUnauthorized(path)
      reject(new ApiError(xhr.status, problem))
    }
    xhr.onerror = () => reject(new ApiError(0, { title: 'The server could not be reached.' }))
    xhr.onabort = () => reject(new DOMException('The upload was stopped.', 'AbortError'))
    xhr.send(form)
  })
}

/**
 * A file's bytes read through the API with the session (files have no public address), to be shown from a blob: URL. Read so
 * rather than by an <img src>, a refusal (404, a 503 when the personal-data access log could not be written) is said in words and
 * an ended session goes to sign-in. A refusal is an {@link ApiError}.
 */
export async function requestBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  let response: Response
  try {
    response = await fetch(path, { credentials: 'same-origin', cache: 'no-store', signal })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError(0, { title: 'The server could not be reached.' })
  }
  if (!response.ok) {
    const problem = await readProblem(response)
    if (response.status === 401 && onUnauthorized) onUnauthorized(path)
    throw new ApiError(response.status, problem)
  }
  return await response.blob()
}
