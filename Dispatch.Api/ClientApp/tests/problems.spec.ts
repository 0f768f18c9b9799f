import { describe, expect, it } from 'vitest'
import { ApiError, describeProblem, fieldLabel, mapFieldErrors, plainWords } from '@/api/problems'

describe('mapping ProblemDetails field errors onto a form', () => {
  it('puts each error on the field named by its JSON path', () => {
    const mapped = mapFieldErrors(
      { errors: { title: ['Required, and not only white space.'], 'caller.phone': ['A phone number is 3 to 20 characters: digits…'] } },
      ['title', 'caller.phone', 'content'],
    )
    expect(mapped.fields).toEqual({ title: '必填，不能只有空格', 'caller.phone': '电话号码格式不对：3–20 位数字，可带开头的 + 和连字符' })
    expect(mapped.others).toEqual([])
  })

  it('maps API fields onto differently named form fields', () => {
    const mapped = mapFieldErrors(
      { errors: { 'location.street': ["'X' is not a street (see GET /api/areas)."], categoryCode: ["'9' is not a category code (see GET /api/categories)."] } },
      ['area', 'category'],
      { 'location.street': 'area', categoryCode: 'category' },
    )
    expect(mapped.fields).toEqual({ area: '没有这个街道', category: '没有这个分类' })
  })

  it('gives an element of a list to the list when the form has no field for the element', () => {
    const mapped = mapFieldErrors({ errors: { 'assistingDepartmentCodes[1]': ['Required.'] } }, ['assistingDepartmentCodes'])
    expect(mapped.fields).toEqual({ assistingDepartmentCodes: '必填' })
  })

  it('joins two errors that land on one field', () => {
    const mapped = mapFieldErrors(
      { errors: { 'location.district': ['The district is required (see GET /api/areas).'], 'location.lat': ['Coordinates come in pairs.'] } },
      ['area'],
      { 'location.district': 'area', 'location.lat': 'area' },
    )
    expect(mapped.fields.area).toBe('请选择区；经纬度须成对填写')
  })

  it('keeps what no field owns, named in Chinese, so nothing the API said is lost', () => {
    const mapped = mapFieldErrors({ errors: { 'Idempotency-Key': ['1 to 100 visible ASCII characters, e.g. a UUID.'] } }, ['title'])
    expect(mapped.fields).toEqual({})
    expect(mapped.others).toEqual(['幂等键：1 to 100 visible ASCII characters, e.g. a UUID.'])
  })

  it('matches a field whatever the case of its name', () => {
    expect(mapFieldErrors({ errors: { Phone: ['Required.'] } }, ['phone']).fields).toEqual({ phone: '必填' })
  })

  it('has nothing to map without a problem', () => {
    expect(mapFieldErrors(undefined, ['title'])).toEqual({ fields: {}, others: [] })
  })

  it('says the everyday messages in Chinese and leaves the rest as written', () => {
    expect(plainWords('At most 100 characters (this has 130).')).toBe('最多 100 个字（现有 130 个）')
    expect(plainWords("'x' is not allowed; one of: normal, urgent.")).toBe('不是可选的值')
    expect(plainWords("'DM-S09' is not in the given district 'DM'.")).toBe('不属于所选的区')
    expect(plainWords('Something new the API says.')).toBe('Something new the API says.')
    expect(fieldLabel('assistingDepartmentCodes[3]')).toBe('协办单位')
  })
})

describe('what a case refuses in its state (422), in Chinese', () => {
  // The messages of CaseChanges.Problem and the id checks in Dispatch.Api/Validation/Fields.cs, as the API writes them.
  it.each([
    ['The proposed deadline must be later than now and than any extension already granted.', '延期时间须晚于现在，也须晚于已批准的延期'],
    ["An extension request is already waiting for the center's answer.", '已有延期申请在等待审核'],
    ['There is no extension request waiting for an answer.', '没有待审核的延期申请'],
    ["'UM-S09' is not a sub-unit of the lead department UM.", 'UM-S09 不是主办单位 UM 的下级单位'],
    ["'XX' is not a department (see GET /api/departments).", '没有单位 XX'],
    ['OLD is no longer active.', 'OLD 已停用'],
    ['The center dispatches cases; it does not handle them.', '热线中心负责派单，不能作为承办单位'],
    ['There is no case 261121000424.', '没有工单 261121000424'],
    ['Case 261121000424 is closed; merge into an open case other than this one.', '工单 261121000424 已办结，请并入另一张未办结的工单'],
    ['Case 261121000424 is merged; merge into an open case other than this one.', '工单 261121000424 已并单，请并入另一张未办结的工单'],
    ['A complaint or a report concerns someone else and goes to a department; it cannot be closed on the call.', '投诉和举报不能直接办结，须派单办理'],
    ['87 is not a published knowledge entry: an answer cites only entries agents can find (GET /api/knowledge/search).', '知识条目 87 未发布或已失效，不能引用'],
    ['87 is given twice; give each once.', '87 重复了，每条只引用一次'],
    ['Required: a positive id.', '须为正整数编号'],
    ['At most 10 (this has 12).', '最多 10 个（现有 12 个）'],
    ['The reply clock is paused; only a running clock can be paused.', '办结时限未在计时，不能暂停'],
    ['The reply clock is running; only a paused clock can be resumed.', '办结时限未暂停，不能恢复'],
  ])('%s', (english, chinese) => {
    expect(plainWords(english)).toBe(chinese)
  })

  it('names the field of a refused action in Chinese too', () => {
    const text = describeProblem(new ApiError(422, { errors: { 'knowledgeEntryIds[0]': ['87 is not a published knowledge entry: an answer cites only entries agents can find.'] } }))
    expect(text).toBe('无法按要求办理：引用的知识：知识条目 87 未发布或已失效，不能引用')
  })
})

describe('a failed request in plain words', () => {
  it('names the state and what is allowed now when an action is refused', () => {
    const text = describeProblem(new ApiError(409, { state: 'signed', allowedActions: ['reply', 'request-extension', 'mark-overdue'] }))
    expect(text).toBe('操作未执行：工单当前状态为“办理中”，不允许此操作。现在可以：办结反馈、申请延期。')
  })

  it('says someone else acted first when a race was lost', () => {
    expect(describeProblem(new ApiError(409, { state: 'signed', version: 4 }))).toContain('有人同时处理了这张工单')
  })

  it('says a 422 field by field', () => {
    const text = describeProblem(new ApiError(422, { errors: { departmentCode: ['Required.'] } }))
    expect(text).toBe('无法按要求办理：下级单位：必填')
  })

  it('asks for a reload when the antiforgery token is stale', () => {
    expect(describeProblem(new ApiError(403, { title: 'The X-XSRF-TOKEN header does not match this session.' }))).toContain('刷新页面')
    expect(describeProblem(new ApiError(403, { title: 'Forbidden' }))).toBe('您无权执行此操作。')
  })

  it('says when to try again after a limit', () => {
    expect(describeProblem(new ApiError(429, {}, 30))).toBe('操作太频繁，请 30 秒后再试。')
  })

  it('says the server could not be reached and nothing was done', () => {
    expect(describeProblem(new ApiError(0, {}))).toContain('无法连接服务器')
  })

  it('quotes the trace id of a server error', () => {
    expect(describeProblem(new ApiError(500, { traceId: '00-abc' }))).toContain('00-abc')
  })
})
