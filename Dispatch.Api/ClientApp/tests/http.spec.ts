import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { newIdempotencyKey, readCookie, request, requestList, whenUnauthorized, withQuery } from '@/api/http'
import { ApiError } from '@/api/problems'

type Call = { url: string; init: RequestInit }

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

describe('the API client', () => {
  let calls: Call[]

  beforeEach(() => {
    calls = []
    document.cookie = 'XSRF-TOKEN=token%2Fvalue'
  })

  afterEach(() => {
    vi.unstubAllGlobals()
    whenUnauthorized(null)
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT'
  })

  function stubFetch(response: () => Response | Promise<Response>) {
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
      calls.push({ url, init })
      return Promise.resolve(response())
    })
  }

  it('sends the antiforgery token from the XSRF-TOKEN cookie on a state-changing request', async () => {
    stubFetch(() => answer(200, { number: '1' }))
    await request('/api/cases/1/sign', { method: 'POST', body: {} })
    const headers = calls[0]!.init.headers as Record<string, string>
    expect(headers['X-XSRF-TOKEN']).toBe('token/value')
    expect(headers['Content-Type']).toBe('application/json')
    expect(calls[0]!.init.credentials).toBe('same-origin')
  })

  it('does not send the antiforgery token on a read', async () => {
    stubFetch(() => answer(200, []))
    await request('/api/categories')
    expect((calls[0]!.init.headers as Record<string, string>)['X-XSRF-TOKEN']).toBeUndefined()
  })

  it('sends the Idempotency-Key it is given', async () => {
    stubFetch(() => answer(201, { number: '261121000427' }))
    await request('/api/cases', { method: 'POST', body: { title: 'x' }, idempotencyKey: 'key-1' })
    expect((calls[0]!.init.headers as Record<string, string>)['Idempotency-Key']).toBe('key-1')
    expect(calls[0]!.init.body).toBe('{"title":"x"}')
  })

  it('turns a problem answer into an ApiError carrying the problem details', async () => {
    stubFetch(() =>
      answer(409, { title: 'Not allowed while the case is signed.', state: 'signed', allowedActions: ['reply'] }, { 'Content-Type': 'application/problem+json' }),
    )
    const error = await request('/api/cases/1/sign', { method: 'POST' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(409)
    expect((error as ApiError).problem.allowedActions).toEqual(['reply'])
  })

  it('reads Retry-After from a 429', async () => {
    stubFetch(() => answer(429, { title: 'Too many requests.' }, { 'Retry-After': '12' }))
    const error = (await request('/api/inbox').catch((e: unknown) => e)) as ApiError
    expect(error.retryAfterSeconds).toBe(12)
  })

  it('answers status 0 when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    const error = (await request('/api/inbox').catch((e: unknown) => e)) as ApiError
    expect(error.status).toBe(0)
  })

  it('treats an answer without a JSON body by its status alone', async () => {
    stubFetch(() => new Response('gateway down', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/plain' } }))
    const error = (await request('/api/inbox').catch((e: unknown) => e)) as ApiError
    expect(error.status).toBe(502)
    expect(error.problem.title).toBe('Bad Gateway')
  })

  it('answers nothing for 204', async () => {
    stubFetch(() => new Response(null, { status: 204 }))
    await expect(request('/api/session', { method: 'DELETE' })).resolves.toBeUndefined()
  })

  it('sends the person to sign in on a 401, but not for a wrong password at sign-in', async () => {
    const seen: string[] = []
    whenUnauthorized((path) => seen.push(path))
    stubFetch(() => answer(401, { title: 'Unauthorized' }))
    await request('/api/inbox').catch(() => undefined)
    await request('/api/session', { method: 'POST', body: { username: 'a', password: 'b' } }).catch(() => undefined)
    expect(seen).toEqual(['/api/inbox'])
  })

  it('reads a polled list again with its ETag and keeps what it had when nothing changed', async () => {
    const answers = [answer(200, { items: [1] }, { ETag: 'W/"7"' }), new Response(null, { status: 304 })]
    stubFetch(() => answers.shift()!)
    const first = await requestList<{ items: number[] }>('/api/inbox?page=1')
    const second = await requestList<{ items: number[] }>('/api/inbox?page=1', { etag: first?.etag })
    expect(first).toEqual({ value: { items: [1] }, etag: 'W/"7"' })
    expect((calls[1]!.init.headers as Record<string, string>)['If-None-Match']).toBe('W/"7"')
    expect(calls[1]!.init.cache).toBe('no-store')
    expect(second).toBeNull()
  })

  it('leaves empty query values out', () => {
    expect(withQuery('/api/inbox', { status: 'signed', urgency: '', page: 2, categoryCode: undefined, due: null })).toBe('/api/inbox?status=signed&page=2')
    expect(withQuery('/api/inbox', {})).toBe('/api/inbox')
  })

  it('reads a cookie by name', () => {
    expect(readCookie('XSRF-TOKEN', 'a=1; XSRF-TOKEN=abc%3D%3D; b=2')).toBe('abc==')
    expect(readCookie('missing', 'a=1')).toBeNull()
  })

  it('makes idempotency keys that are UUIDs and differ', () => {
    const a = newIdempotencyKey()
    const b = newIdempotencyKey()
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(a).not.toBe(b)
  })
})
