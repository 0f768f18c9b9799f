import { describe, expect, it } from 'vitest'
import { homeFor, isGridWorker, screensFor } from '@/composables/useSession'

const gridWorker = { role: 'handler', departmentKind: 'grid-station' }
const communityHandler = { role: 'handler', departmentKind: 'community' }

describe('a grid worker', () => {
  it('is a handler of a grid station', () => {
    expect(isGridWorker(gridWorker)).toBe(true)
    expect(isGridWorker({ role: 'handler', gridWorker: true })).toBe(true)
    expect(isGridWorker(communityHandler)).toBe(false)
    expect(isGridWorker({ role: 'dispatcher', departmentKind: 'grid-station' })).toBe(false)
    expect(isGridWorker('handler')).toBe(false)
    expect(isGridWorker(null)).toBe(false)
  })

  it('starts on the phone screen; every other handler on the workbench', () => {
    expect(homeFor(gridWorker)).toBe('/grid')
    expect(homeFor(communityHandler)).toBe('/workbench')
    expect(homeFor('agent')).toBe('/desk')
  })

  it('has the phone screen first in the navigation, which no one else has', () => {
    expect(screensFor(gridWorker).map((s) => s.path)).toEqual(['/grid', '/workbench', '/case'])
    expect(screensFor(communityHandler).map((s) => s.path)).toEqual(['/workbench', '/supervision', '/case'])
  })
})
