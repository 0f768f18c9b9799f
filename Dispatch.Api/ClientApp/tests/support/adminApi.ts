// What the administration specs share: a fetch the spec answers per method and path (recording every call), a screen mounted
// with a router, and the message Element Plus shows under a form field.
import { vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Component } from 'vue'

export type Call = { url: string; path: string; method: string; body: unknown }
export type Answer = (call: Call) => Response | undefined

export function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  })
}

export const calls: Call[] = []

/** Every request goes to `answer`; what it leaves unanswered is a 404, so a spec sees a call it did not expect. */
export function stubApi(answer: Answer): void {
  calls.length = 0
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const call: Call = { url, path: url.split('?')[0]!, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined }
    calls.push(call)
    return answer(call) ?? json(404, { title: 'Not Found', status: 404 })
  })
}

/** Answers more requests, before what the stub already answers (a spec's change on a screen already open). */
export function answerAlso(extra: Answer): void {
  const previous = globalThis.fetch
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const call: Call = { url, path: url.split('?')[0]!, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined }
    const answer = extra(call)
    if (answer) {
      calls.push(call)
      return answer
    }
    return previous(url, init)
  })
}

export const sent = (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path)

export async function mountScreen(component: Component, path = '/'): Promise<VueWrapper> {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:rest(.*)*', component }] })
  await router.push(path)
  const view = mount({ template: '<RouterView />' }, { attachTo: document.body, global: { plugins: [router] } })
  await flushPromises()
  return view
}

/** The error Element Plus shows under the form item whose label starts with `label`. */
export function errorUnder(root: Element, label: string): string | undefined {
  return [...root.querySelectorAll('.el-form-item')]
    .find((item) => item.querySelector('.el-form-item__label')?.textContent?.trim().startsWith(label))
    ?.querySelector('.el-form-item__error')?.textContent?.trim()
}

export async function fill(root: VueWrapper, selector: string, value: string): Promise<void> {
  const input = root.find(selector)
  await input.setValue(value)
}
