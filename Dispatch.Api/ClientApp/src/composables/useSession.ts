import { reactive, readonly } from 'vue'
import { session as sessionApi } from '@/api/endpoints'
import { ApiError } from '@/api/problems'
import type { SessionUser } from '@/api/types'

interface SessionState {
  user: SessionUser | null
  loaded: boolean
  /** Why the person was sent back to sign in (an expired session), shown on the sign-in screen. */
  notice: string | null
}

const state = reactive<SessionState>({ user: null, loaded: false, notice: null })

/** Who is signed in, shared by every screen; the cookie itself is HttpOnly and never read here. */
export function useSession() {
  async function load(): Promise<SessionUser | null> {
    try {
      state.user = await sessionApi.current()
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error
      state.user = null
    } finally {
      state.loaded = true
    }
    return state.user
  }

  async function signIn(username: string, password: string): Promise<SessionUser> {
    state.user = await sessionApi.signIn(username, password)
    state.loaded = true
    state.notice = null
    return state.user
  }

  async function signOut(): Promise<void> {
    try {
      await sessionApi.signOut()
    } finally {
      state.user = null
    }
  }

  function expired(): void {
    if (state.user) state.notice = '登录已超时或已在别处退出，请重新登录。'
    state.user = null
  }

  return { state: readonly(state), load, signIn, signOut, expired }
}

/** Who a screen is deciding for: the session's person, or only a role. */
type Person = (Pick<SessionUser, 'role'> & Partial<Pick<SessionUser, 'departmentKind' | 'gridWorker'>>) | string | null | undefined

/**
 * A grid worker (网格员): a handler whose department is a grid station (网格工作站). They start on the phone screen, `/grid`,
 * which only they may open (its patrol reports are theirs alone).
 */
export function isGridWorker(person: Person): boolean {
  if (!person || typeof person === 'string') return false
  return person.role === 'handler' && (person.gridWorker === true || person.departmentKind === 'grid-station')
}

/** The screen a person starts on (a grid worker on the phone screen), or a role. */
export function homeFor(person: Person): string {
  if (isGridWorker(person)) return '/grid'
  const role = typeof person === 'string' ? person : person?.role
  switch (role) {
    case 'agent':
      return '/desk'
    case 'handler':
      return '/workbench'
    case 'dispatcher':
      return '/dispatch'
    case 'supervisor':
      return '/supervision'
    case 'admin':
      return '/admin/rules'
    case 'editor':
      return '/knowledge/review'
    case 'visitor':
      return '/visits'
    default:
      return '/case'
  }
}

/** The screens a person may open, as the navigation lists them. */
export function screensFor(person: Person): Array<{ path: string; label: string }> {
  const role = typeof person === 'string' ? person : person?.role
  const screens: Array<{ path: string; label: string; roles: string[] }> = [
    ...(isGridWorker(person) ? [{ path: '/grid', label: '网格', roles: ['handler'] }] : []),
    { path: '/desk', label: '受理', roles: ['agent', 'dispatcher'] },
    { path: '/workbench', label: '部门工作台', roles: ['handler'] },
    { path: '/dispatch', label: '派单/审核', roles: ['dispatcher', 'supervisor', 'admin'] },
    { path: '/visits', label: '回访', roles: ['visitor', 'supervisor', 'admin'] },
    // A grid worker's phone has no room for a department's assessment; the station's other handlers see it.
    { path: '/supervision', label: '督办与考核', roles: isGridWorker(person) ? ['supervisor'] : ['supervisor', 'handler'] },
    { path: '/admin', label: '系统管理', roles: ['admin'] },
    { path: '/knowledge/review', label: '知识库审核', roles: ['editor'] },
    { path: '/case', label: '查工单', roles: ['agent', 'dispatcher', 'handler', 'visitor', 'supervisor', 'admin'] },
  ]
  return screens.filter((s) => role && s.roles.includes(role)).map(({ path, label }) => ({ path, label }))
}
