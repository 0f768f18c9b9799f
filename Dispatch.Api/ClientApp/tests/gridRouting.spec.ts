import { afterEach, describe, expect, it, vi } from 'vitest'
import { router } from '@/router'
import { useSession } from '@/composables/useSession'

function signedInAs(user: Record<string, unknown>) {
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify(user), { status: 200, headers: { 'Content-Type': 'application/json' } }))
}

describe('where a grid worker goes', () => {
  afterEach(async () => {
    vi.unstubAllGlobals()
    await useSession().signOut().catch(() => undefined)
  })

  it('lands on the phone screen after signing in, and at the root', async () => {
    signedInAs({ username: 'grid.bs1', displayName: '网格员 周敏', role: 'handler', departmentCode: 'ST-S01-C01-G01', departmentName: '北山社区第1网格工作站', departmentKind: 'grid-station' })
    await useSession().signIn('grid.bs1', 'x')
    await router.push('/sign-in')
    expect(router.currentRoute.value.fullPath).toBe('/grid')
    await router.push('/')
    expect(router.currentRoute.value.fullPath).toBe('/grid')
    await router.push('/grid/patrol')
    expect(router.currentRoute.value.name).toBe('grid-patrol')
  })

  it("is no other handler's screen: a community's handler is sent to the workbench", async () => {
    signedInAs({ username: 'bs.handler', displayName: '北山社区 经办人', role: 'handler', departmentCode: 'ST-S01-C01', departmentName: '北山社区', departmentKind: 'community' })
    await useSession().signIn('bs.handler', 'x')
    await router.push('/grid/reports')
    expect(router.currentRoute.value.fullPath).toBe('/workbench')
    await router.push('/grid')
    expect(router.currentRoute.value.fullPath).toBe('/workbench')
  })
})
