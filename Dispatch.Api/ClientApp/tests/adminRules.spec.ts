import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import RoutingRulesView from '@/views/admin/RoutingRulesView.vue'
import type { RoutingRule, RuleView } from '@/views/admin/rules/adminApi'
import { adminFieldErrors, adminWords, inChinese } from '@/views/admin/rules/adminWords'
import { ApiError } from '@/api/problems'
import {
  conditionsOf,
  defaultPeriod,
  draftToRequest,
  editedTable,
  emptyDraft,
  explanationWords,
  moveItem,
  parseKeywords,
  proposedRuleLabel,
  reorderBody,
  reorderedTable,
} from '@/views/admin/rules/ruleTable'

function rule(id: number, priority: number, name: string, extra: Partial<RoutingRule> = {}): RoutingRule {
  return {
    id, version: 1, priority, name, requestTypes: [], categoryPrefix: null, areaCode: null, keywords: [], leadDepartmentCode: 'UM',
    assistingDepartmentCodes: [], enabled: true, ...extra,
  }
}

const table = [rule(1, 10, '燃气泄漏', { keywords: ['燃气泄漏'], leadDepartmentCode: 'ENERGY', version: 3 }), rule(2, 20, '供气', { categoryPrefix: '0703', leadDepartmentCode: 'ENERGY' }), rule(3, 21, '供暖', { categoryPrefix: '0704', version: 2 })]

describe('the routing table as the rules screen works it', () => {
  it('moves a rule to another place and leaves the list it was given alone', () => {
    const ids = [1, 2, 3]
    expect(moveItem(ids, 2, 0)).toEqual([3, 1, 2])
    expect(moveItem(ids, 0, 1)).toEqual([2, 1, 3])
    expect(moveItem(ids, 0, 3)).toEqual([1, 2, 3])
    expect(ids).toEqual([1, 2, 3])
  })

  it('proposes the new order to the dry run with the priorities the reorder will give, and saves it with every version as read', () => {
    const proposed = reorderedTable(table, [3, 1, 2])
    expect(proposed.map((r) => [r.id, r.priority, r.version])).toEqual([
      [3, 10, 2],
      [1, 20, 3],
      [2, 30, 1],
    ])
    expect(reorderBody(table, [3, 1, 2])).toEqual({ ids: [3, 1, 2], versions: [2, 3, 1] })
  })

  it('puts an edited rule in its place with the version it was read at, and a new one at the end without an id', () => {
    const draft = draftToRequest({ ...emptyDraft(25), name: '供暖（改）', leadDepartmentCode: 'ENERGY', keywords: '暖气不热、 供暖,' }, 2)
    expect(draft.keywords).toEqual(['暖气不热', '供暖'])
    const edited = editedTable(table, draft, 3)
    expect(edited.index).toBe(2)
    expect(edited.table[2]).toMatchObject({ id: 3, version: 2, name: '供暖（改）', priority: 25 })
    const created = editedTable(table, draft, null)
    expect(created.index).toBe(3)
    expect(created.table[3]).toMatchObject({ id: null, version: null })
  })

  it('sends no priority rather than an empty one, and no code rather than an empty one', () => {
    const draft = draftToRequest({ ...emptyDraft(null), priority: '' as unknown as number }, null)
    expect(draft).toMatchObject({ priority: null, categoryPrefix: null, areaCode: null, leadDepartmentCode: null, keywords: [] })
  })

  it('reads keywords separated by 、，, ; or lines', () => {
    expect(parseKeywords('燃气泄漏、煤气泄漏，闻到煤气;闻到燃气\n 漏气 ')).toEqual(['燃气泄漏', '煤气泄漏', '闻到煤气', '闻到燃气', '漏气'])
  })

  it("names the dry run's rules, the new one and the fallback, and says the router's explanation in Chinese", () => {
    expect(proposedRuleLabel('rule 2', table)).toBe('规则 2“供气”')
    expect(proposedRuleLabel('rule -4', table, '夜间施工')).toBe('新规则“夜间施工”')
    expect(proposedRuleLabel('fallback', table)).toBe('兜底单位（未命中任何规则）')
    expect(explanationWords("rule 7 v2 '供水' (priority 22) matched")).toBe('规则 7“供水”命中')
    expect(explanationWords('no enabled rule matched; sent to the fallback department GOV')).toBe('未命中任何规则，派给兜底单位 GOV')
  })

  it("summarises a rule's conditions", () => {
    expect(conditionsOf(rule(9, 90, 'x'))).toBe('任何工单')
    expect(conditionsOf(rule(9, 90, 'x', { requestTypes: ['complaint'], categoryPrefix: '0703', keywords: ['a', 'b'] }), {
      department: (c) => c, category: () => '能源 › 供气', area: (c) => c, requestType: () => '投诉',
    })).toBe('投诉 · 分类 0703 能源 › 供气 · 关键词 a、b')
  })

  it('dry-runs the last 30 days by default', () => {
    expect(defaultPeriod('2026-11-30')).toEqual({ from: '2026-11-01', to: '2026-11-30' })
    expect(defaultPeriod('2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' })
  })
})

describe("the administration API's reasons in Chinese", () => {
  it('says each reason a rule is refused for', () => {
    expect(adminWords("Rule '供气二' can never match: rule 2 '供气' (priority 20) comes first and matches every case it would.")).toBe(
      '规则“供气二”永远不会命中：规则 2“供气”（优先级 20）排在前面，它会命中的每一件工单都先被那条规则命中',
    )
    expect(adminWords("Priority 20 is also rule 2's ('供气'); priorities decide the order, so each enabled rule has its own.")).toContain('优先级 20 已被规则 2“供气”使用')
    expect(adminWords('There is no department NOPE.')).toBe('没有单位 NOPE')
    expect(adminWords("'99' is not a category code or the first 2 or 4 digits of one.")).toContain('“99”不是分类代码')
    expect(adminWords('Required, and not only white space.')).toBe('必填，不能只有空格')
    expect(adminWords('Something new the console has not met.')).toBe('Something new the console has not met.')
  })

  it("puts a dry run's errors for the form's rule on its fields, and another rule's above the form by its name", () => {
    const mapped = adminFieldErrors(
      { 'rules[3].priority': ["Rule 'x' can never match: rule 2 '供气' (priority 20) comes first and matches every case it would."], 'rules[3].keywords[1]': ['Required, and not only white space.'], 'rules[0].leadDepartmentCode': ['There is no department NOPE.'] },
      ['priority', 'keywords', 'leadDepartmentCode'],
      'rules[3].',
      (path) => (path.startsWith('rules[0]') ? '规则 1“燃气泄漏”' : path),
    )
    expect(mapped.fields.priority).toContain('永远不会命中')
    expect(mapped.fields.keywords).toBe('必填，不能只有空格')
    expect(mapped.others).toEqual(['规则 1“燃气泄漏”：没有单位 NOPE'])
  })

  it('says a stale version in Chinese for the stale-edit alert', () => {
    const error = inChinese(new ApiError(409, { title: 'The rule was not changed.', detail: 'Rule 3 is at version 2, not 1: someone changed it meanwhile. Reload it and decide again.' }))
    expect(error.status).toBe(409)
    expect(error.problem.detail).toBe('规则 3 已是第 2 版，您修改的是第 1 版：有人在此期间改过它。')
  })
})

type Call = { url: string; method: string; body: unknown }

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })
}

const views: RuleView[] = table.map((r) => ({ rule: r, changedAt: '2026-11-30T01:00:00Z', changedBy: 'admin:admin1' }))
const dryRun = {
  period: { from: '2026-11-01', to: '2026-11-30', start: '2026-10-31T16:00:00Z', end: '2026-11-30T16:00:00Z', timeZone: 'Asia/Shanghai' },
  casesReplayed: 42, wouldMove: 5, differFromActiveRules: 5,
  moves: [{ from: 'UM', to: 'ENERGY', count: 5, examples: [{ number: '261130000011', title: '小区暖气不热', proposedRule: "rule 3 v2 '供暖' (priority 10) matched" }] }],
  byProposedRule: { 'rule 3': 5, fallback: 37 },
}

describe('the rules screen', () => {
  let calls: Call[]
  let screen: VueWrapper
  let reorderAnswer: () => Response

  beforeEach(async () => {
    calls = []
    reorderAnswer = () => json(200, table[2])
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      const call = { url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined }
      calls.push(call)
      if (url === '/api/admin/routing-rules' && call.method === 'GET') return json(200, views)
      if (url === '/api/admin/routing-rules/dry-run') return json(200, dryRun)
      if (url === '/api/admin/routing-rules/reorder') return reorderAnswer()
      return json(200, [])
    })
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { template: '<div />' } }] })
    screen = mount(RoutingRulesView, { global: { plugins: [router] }, attachTo: document.body })
    await flushPromises()
  })

  afterEach(() => {
    screen.unmount()
    vi.unstubAllGlobals()
  })

  const names = () => screen.findAll('[data-testid=rule-name]').map((n) => n.text())

  it('lists the rules in the order they are tried, with their conditions and versions', () => {
    expect(names()).toEqual(['燃气泄漏', '供气', '供暖'])
    expect(screen.find('[data-testid=reorder-bar]').exists()).toBe(false)
    expect(screen.text()).toContain('第 3 版')
  })

  it('moves a rule with its buttons and offers to save only after a dry run of the new order', async () => {
    await screen.get('[data-move=up][data-rule="3"]').trigger('click')
    expect(names()).toEqual(['燃气泄漏', '供暖', '供气'])
    expect(screen.get('[data-testid=reorder-save]').attributes('disabled')).toBeDefined()

    await screen.get('[data-testid=dry-run-button]').trigger('click')
    await flushPromises()
    const sent = calls.find((c) => c.url.endsWith('/dry-run'))!.body as { rules: Array<{ id: number; priority: number }> }
    expect(sent.rules.map((r) => [r.id, r.priority])).toEqual([
      [1, 10],
      [3, 20],
      [2, 30],
    ])
    expect(screen.get('[data-testid=dry-run-replayed]').text()).toBe('42')
    expect(screen.get('[data-testid=dry-run-move]').text()).toContain('UM')
    expect(screen.get('[data-testid=dry-run-move]').text()).toContain('261130000011')
    expect(screen.get('[data-testid=dry-run-move]').text()).toContain('规则 3“供暖”命中')
    expect(screen.get('[data-testid=reorder-save]').attributes('disabled')).toBeUndefined()

    await screen.get('[data-testid=reorder-save]').trigger('click')
    await flushPromises()
    expect(calls.find((c) => c.url.endsWith('/reorder'))!.body).toEqual({ ids: [1, 3, 2], versions: [3, 2, 1] })
  })

  it('moves a rule dropped on another row', async () => {
    const rows = screen.findAll('[data-testid=rule-row]')
    await rows[0]!.trigger('dragstart')
    await rows[2]!.trigger('dragover')
    await rows[2]!.trigger('drop')
    expect(names()).toEqual(['供气', '供暖', '燃气泄漏'])
  })

  it('asks for another dry run once the order changes again, and undoes the change', async () => {
    await screen.get('[data-move=down][data-rule="1"]').trigger('click')
    await screen.get('[data-testid=dry-run-button]').trigger('click')
    await flushPromises()
    await screen.get('[data-move=down][data-rule="1"]').trigger('click')
    expect(screen.get('[data-testid=reorder-save]').attributes('disabled')).toBeDefined()
    await screen.get('[data-testid=reorder-undo]').trigger('click')
    expect(names()).toEqual(['燃气泄漏', '供气', '供暖'])
    expect(screen.find('[data-testid=reorder-bar]').exists()).toBe(false)
  })

  it('shows the stale-edit alert, in Chinese, when the table changed since it was read', async () => {
    reorderAnswer = () => json(409, { status: 409, title: 'The rules were not reordered.', detail: 'Rule 2 is at version 2, not 1: someone changed the table meanwhile. Reload it and decide again.' })
    await screen.get('[data-move=up][data-rule="3"]').trigger('click')
    await screen.get('[data-testid=dry-run-button]').trigger('click')
    await flushPromises()
    await screen.get('[data-testid=reorder-save]').trigger('click')
    await flushPromises()
    const alert = screen.get('[data-testid=stale-edit]')
    expect(alert.text()).toContain('规则 2 已是第 2 版，您修改的是第 1 版')
    expect(alert.text()).toContain('载入最新版本')
  })
})
