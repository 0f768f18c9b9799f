import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import AppShell from '@/components/AppShell.vue'
import GridShell from '@/views/grid/GridShell.vue'
import { useSession } from '@/composables/useSession'

const agent = { username: 'agent1', displayName: '接线员 王芳', role: 'agent', departmentCode: null, departmentName: null }

/** Signed in, with DELETE /api/session answering `signOutStatus`. */
async function signedIn(signOutStatus: number) {
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) =>
    init.method === 'DELETE'
      ? new Response(signOutStatus === 204 ? null : JSON.stringify({ title: 'Service Unavailable', status: signOutStatus }), {
          status: signOutStatus,
          headers: { 'Content-Type': 'application/problem+json' },
        })
      : new Response(JSON.stringify(agent), { status: 200, headers: { 'Content-Type': 'application/json' } }),
  )
  await useSession().signIn('agent1', 'x')
}

async function shown(shell: typeof AppShell | typeof GridShell) {
  const page = { template: '<div />' }
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/desk', component: page }, { path: '/sign-in', name: 'sign-in', component: page }, { path: '/:other(.*)*', component: page }] })
  await router.push('/desk')
  const view = mount(shell, { global: { plugins: [router] } })
  return { view, router }
}

function signOutButton(view: ReturnType<typeof mount>) {
  const button = view.findAll('button').find((b) => b.text() === '退出')
  if (!button) throw new Error('no 退出 button')
  return button
}

describe('signing out', () => {
  afterEach(() => vi.unstubAllGlobals())

  for (const [name, shell] of [['the console', AppShell], ['the grid phone', GridShell]] as const) {
    it(`leaves ${name} for the sign-in screen`, async () => {
      await signedIn(204)
      const { view, router } = await shown(shell)
      await signOutButton(view).trigger('click')
      await flushPromises()
      expect(router.currentRoute.value.name).toBe('sign-in')
      expect(useSession().state.user).toBeNull()
    })

    it(`leaves ${name} even when the server's answer fails`, async () => {
      await signedIn(503)
      const { view, router } = await shown(shell)
      const unhandled = vi.fn()
      view.vm.$.appContext.config.errorHandler = unhandled
      await signOutButton(view).trigger('click')
      await flushPromises()
      expect(router.currentRoute.value.name).toBe('sign-in')
      expect(useSession().state.user).toBeNull()
    })
  }
})
