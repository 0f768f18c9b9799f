import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import UsersView from '@/views/admin/UsersView.vue'
import { answerAlso, errorUnder, json, mountScreen, sent, stubApi } from './support/adminApi'

const token = 'dsp_' + 'A1b2'.repeat(10)

function people(tokens: Array<Record<string, unknown>> = []) {
  return [
    { username: 'admin1', displayName: '管理员 周洁', role: 'admin', departmentCode: null, active: true, version: 1, tokens: [] },
    { username: 'um.handler', displayName: '城管局 李强', role: 'handler', departmentCode: 'UM', active: true, version: 3, tokens },
  ]
}

describe('the users screen', () => {
  let tokens: Array<Record<string, unknown>>

  beforeEach(() => {
    document.cookie = 'XSRF-TOKEN=admin-token'
    tokens = [{ label: '旧脚本', createdAt: '2026-11-01T01:00:00Z', expiresAt: null, revokedAt: null }]
    stubApi((c) => {
      if (c.method === 'GET' && c.path === '/api/admin/users') return json(200, people(tokens))
      if (c.method === 'GET' && c.path === '/api/admin/departments') return json(200, [{ code: 'UM', name: '城管局', parentCode: null, kind: 'department', calendarCode: null, active: true, version: 1 }])
      return undefined
    })
  })

  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  const drawer = () => document.querySelector('.el-drawer') as HTMLElement
  async function openFor(view: VueWrapper, name: string) {
    await view.get(`button[aria-label="${name}"]`).trigger('click')
    await flushPromises()
  }

  it('lists people with their role, department, version and live tokens', async () => {
    const view = await mountScreen(UsersView)
    const rows = view.findAll('[data-testid=users-table] tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[1]!.text()).toContain('承办单位经办人')
    expect(rows[1]!.text()).toContain('城管局（UM）')
    expect(rows[1]!.text()).toContain('3')
  })

  it('issues a token and shows it once, with a copy button and a warning; closed, it is gone', async () => {
    const writeText = vi.fn(async () => undefined)
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } })
    const view = await mountScreen(UsersView)
    await openFor(view, 'um.handler 的令牌')
    answerAlso((c) => {
      if (c.method !== 'POST') return undefined
      tokens.push({ label: '短信平台', createdAt: '2026-11-30T02:00:00Z', expiresAt: null, revokedAt: null })
      return json(201, { username: 'um.handler', label: '短信平台', token, expiresAt: null })
    })
    const form = drawer().querySelector('[data-testid=token-form]') as HTMLFormElement
    const label = form.querySelector('input[name=label]') as HTMLInputElement
    label.value = '短信平台'
    label.dispatchEvent(new Event('input'))
    form.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(sent('POST', '/api/admin/users/um.handler/tokens')[0]!.body).toEqual({ label: '短信平台', expiresAt: null })
    const shown = drawer().querySelector('[data-testid=issued-token]')!
    expect(shown.textContent).toContain('只显示这一次')
    expect(shown.querySelector('[data-testid=issued-token-value]')!.textContent).toBe(token)
    expect(drawer().querySelector('[data-testid=tokens-table]')!.textContent).toContain('短信平台')
    ;[...shown.querySelectorAll('button')].find((b) => b.textContent?.includes('复制令牌'))!.click()
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith(token)
    expect(shown.textContent).toContain('已复制')

    // Another user's tokens never show it, and once the drawer is closed it is gone for good.
    await openFor(view, 'admin1 的令牌')
    expect(document.body.textContent).not.toContain(token)
    await openFor(view, 'um.handler 的令牌')
    expect(document.body.textContent).not.toContain(token)
    ;(document.querySelector('.el-drawer__close-btn') as HTMLButtonElement).click()
    await flushPromises()
    await openFor(view, 'um.handler 的令牌')
    expect(document.body.textContent).not.toContain(token)
  })

  it('sends an edit with the version it was made from, and a 409 shows the stale-edit alert', async () => {
    const view = await mountScreen(UsersView)
    await openFor(view, '修改 um.handler')
    expect(drawer().querySelector('[data-testid=user-version]')!.textContent).toContain('版本 3')
    answerAlso((c) =>
      c.method === 'PUT'
        ? json(409, { status: 409, title: 'The user was not saved.', detail: 'um.handler is at version 4, not 3: someone changed it meanwhile. Reload it and decide again.' })
        : undefined,
    )
    drawer().querySelector('[data-testid=user-form]')!.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(sent('PUT', '/api/admin/users/um.handler')[0]!.body).toEqual({
      username: null, displayName: '城管局 李强', role: 'handler', departmentCode: 'UM', active: true, version: 3,
    })
    expect(drawer().querySelector('[data-testid=stale-edit]')!.textContent).toContain('version 4')
  })

  it('puts the password policy’s reason next to the password', async () => {
    const view = await mountScreen(UsersView)
    await openFor(view, '设置 um.handler 的密码')
    answerAlso((c) =>
      c.method === 'PUT' ? json(400, { status: 400, errors: { password: ['At least 10 characters (this has 5).'] } }) : undefined,
    )
    const form = drawer().querySelector('[data-testid=password-form]')!
    const input = form.querySelector('input[name=password]') as HTMLInputElement
    input.value = 'short'
    input.dispatchEvent(new Event('input'))
    form.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(sent('PUT', '/api/admin/users/um.handler/password')[0]!.body).toEqual({ password: 'short' })
    await vi.waitFor(() => expect(errorUnder(form, 'um.handler 的新密码')).toBe('至少 10 个字符（现有 5 个）'))
  })
})
