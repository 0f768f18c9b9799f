import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import SignInView from './views/sign-in/SignInView.vue'
import { homeFor, isGridWorker, useSession } from './composables/useSession'

declare module 'vue-router' {
  interface RouteMeta {
    /** The page shows alone, without the navigation (sign-in). */
    bare?: boolean
    /** The roles that may open it; any signed-in person when left out. */
    roles?: string[]
    /** Only grid workers (网格员) may open it: the phone screen. */
    gridWorkers?: boolean
    title?: string
  }
}

// Every screen but sign-in is its own chunk: an agent's browser loads the desk, not the dispatcher's screens.
const routes: RouteRecordRaw[] = [
  { path: '/sign-in', name: 'sign-in', component: SignInView, meta: { bare: true, title: '登录' } },
  {
    path: '/desk',
    name: 'desk',
    component: () => import('./views/agent-desk/AgentDeskView.vue'),
    meta: { roles: ['agent', 'dispatcher'], title: '受理' },
  },
  {
    path: '/workbench',
    name: 'workbench',
    component: () => import('./views/workbench/WorkbenchView.vue'),
    meta: { roles: ['handler'], title: '部门工作台' },
  },
  {
    path: '/dispatch',
    name: 'dispatch',
    component: () => import('./views/dispatch/DispatchView.vue'),
    meta: { roles: ['dispatcher', 'supervisor', 'admin'], title: '派单/审核' },
  },
  {
    path: '/visits',
    name: 'visits',
    component: () => import('./views/return-visits/ReturnVisitsView.vue'),
    meta: { roles: ['visitor', 'supervisor', 'admin'], title: '回访' },
  },
  // The grid worker's phone screen: its own header and bottom navigation, one column (docs/console.md).
  {
    path: '/grid',
    component: () => import('./views/grid/GridShell.vue'),
    meta: { bare: true, roles: ['handler'], gridWorkers: true },
    children: [
      { path: '', name: 'grid', component: () => import('./views/grid/GridCasesView.vue'), meta: { title: '网格 · 我的工单' } },
      {
        path: 'case/:number',
        name: 'grid-case',
        component: () => import('./views/grid/GridCaseView.vue'),
        props: true,
        meta: { title: '网格 · 工单' },
      },
      { path: 'patrol', name: 'grid-patrol', component: () => import('./views/grid/PatrolReportView.vue'), meta: { title: '网格 · 巡查上报' } },
      { path: 'reports', name: 'grid-reports', component: () => import('./views/grid/PatrolReportsView.vue'), meta: { title: '网格 · 我的上报' } },
    ],
  },
  // Supervision (督办与考核): supervisors, and department handlers over their own department's cases (docs/console.md).
  {
    path: '/supervision',
    name: 'supervision',
    component: () => import('./views/supervision/SupervisionView.vue'),
    meta: { roles: ['supervisor', 'handler'], title: '督办与考核' },
  },
  {
    path: '/supervision/cases',
    name: 'figure-cases',
    component: () => import('./views/supervision/FigureCasesView.vue'),
    meta: { roles: ['supervisor', 'handler'], title: '指标明细' },
  },
  {
    path: '/supervision/live',
    name: 'supervision-live',
    component: () => import('./views/supervision/LiveView.vue'),
    meta: { roles: ['supervisor', 'handler'], title: '实时督办' },
  },
  // The printable 月度考核通报 prints alone, without the navigation.
  {
    path: '/supervision/monthly',
    name: 'monthly-assessment',
    component: () => import('./views/supervision/MonthlyAssessmentView.vue'),
    meta: { roles: ['supervisor'], title: '月度考核通报' },
  },
  // Administration (系统管理): the administrator's screens over /api/admin/….
  { path: '/admin', redirect: '/admin/rules' },
  { path: '/admin/rules', name: 'admin-rules', component: () => import('./views/admin/RoutingRulesView.vue'), meta: { roles: ['admin'], title: '派单规则' } },
  { path: '/admin/policies', name: 'admin-policies', component: () => import('./views/admin/SlaPoliciesView.vue'), meta: { roles: ['admin'], title: '时限策略' } },
  { path: '/admin/calendars', name: 'admin-calendars', component: () => import('./views/admin/CalendarsView.vue'), meta: { roles: ['admin'], title: '工作日历' } },
  { path: '/admin/catalogue', name: 'admin-catalogue', component: () => import('./views/admin/CatalogueView.vue'), meta: { roles: ['admin'], title: '部门、区域与分类' } },
  { path: '/admin/users', name: 'admin-users', component: () => import('./views/admin/UsersView.vue'), meta: { roles: ['admin'], title: '用户与令牌' } },
  { path: '/admin/changes', name: 'admin-changes', component: () => import('./views/admin/AdminChangesView.vue'), meta: { roles: ['admin'], title: '变更记录' } },
  // The knowledge base's review queue: the editor's (知识库管理员) screen.
  {
    path: '/knowledge/review',
    name: 'knowledge-review',
    component: () => import('./views/knowledge/KnowledgeReviewView.vue'),
    meta: { roles: ['editor'], title: '知识库审核' },
  },
  { path: '/case', name: 'find-case', component: () => import('./views/case/FindCaseView.vue'), meta: { title: '查工单' } },
  {
    path: '/case/:number',
    name: 'case',
    component: () => import('./views/case/CaseView.vue'),
    props: true,
    meta: { title: '工单' },
  },
  { path: '/:rest(.*)*', name: 'home', component: SignInView, meta: { bare: true } },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  const session = useSession()
  if (!session.state.loaded) {
    try {
      await session.load()
    } catch {
      // The API cannot be reached: the sign-in screen says so when the person tries.
    }
  }
  const user = session.state.user
  if (to.name === 'sign-in') return user ? homeFor(user) : true
  if (!user) return { name: 'sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } }
  if (to.name === 'home') return homeFor(user)
  if (to.meta.roles && !to.meta.roles.includes(user.role)) return homeFor(user)
  if (to.meta.gridWorkers && !isGridWorker(user)) return homeFor(user)
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 12345热线` : '12345热线'
})
