import { actionLabel, statusLabel } from '@/lib/words'

/**
 * RFC 9457 problem details as the API answers them: `errors` keyed by the field's JSON path (`caller.phone`,
 * `location.street`, `assistingDepartmentCodes[0]`), and on a refused case action the case's `state`, the
 * `allowedActions` now and its `version`.
 */
export interface Problem {
  type?: string | null
  title?: string | null
  status?: number | null
  detail?: string | null
  errors?: Record<string, string[]>
  state?: string | null
  allowedActions?: string[] | null
  version?: number | null
  traceId?: string | null
  [extension: string]: unknown
}

/** A request the API refused or could not answer; `status` 0 when the server could not be reached at all. */
export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem
  readonly retryAfterSeconds: number | null

  constructor(status: number, problem: Problem, retryAfterSeconds: number | null = null) {
    super(problem.title ?? `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
    this.retryAfterSeconds = retryAfterSeconds
  }
}

/** What a form shows: a message per form field, and what no field of the form owns (shown above the form). */
export interface FormErrors {
  fields: Record<string, string>
  others: string[]
}

/**
 * Puts each field error of a problem onto the form field that owns it. `fieldOf` maps an API field (JSON path)
 * to a form field; by default a form field is named by the same path. A path with an index
 * (`assistingDepartmentCodes[1]`) falls back to its list (`assistingDepartmentCodes`) when the form has no
 * field for the element. Errors no field owns are listed in `others`, so nothing the API said is lost.
 */
export function mapFieldErrors(
  problem: Problem | null | undefined,
  formFields: readonly string[],
  fieldOf: Record<string, string> = {},
): FormErrors {
  const result: FormErrors = { fields: {}, others: [] }
  const known = new Set(formFields)
  for (const [path, messages] of Object.entries(problem?.errors ?? {})) {
    const message = (messages ?? []).map(plainWords).join('；')
    const field = owner(path, known, fieldOf)
    if (field === null) {
      result.others.push(`${fieldLabel(path)}：${message}`)
    } else if (result.fields[field]) {
      result.fields[field] += `；${message}`
    } else {
      result.fields[field] = message
    }
  }
  return result
}

function owner(path: string, known: Set<string>, fieldOf: Record<string, string>): string | null {
  const candidates = [path, path.replace(/\[\d+\]$/, ''), path.replace(/\[\d+\]/g, '')]
  for (const candidate of candidates) {
    const mapped = fieldOf[candidate] ?? candidate
    if (known.has(mapped)) return mapped
  }
  // Case-insensitive as a last resort: ASP.NET Core names a body field by the JSON path, a header or query by its own name.
  const lower = path.toLowerCase()
  for (const field of known) if (field.toLowerCase() === lower) return field
  return null
}

const fieldNames: Record<string, string> = {
  body: '请求内容',
  'Idempotency-Key': '幂等键',
  requestType: '诉求类型',
  categoryCode: '分类',
  channel: '渠道',
  urgency: '紧急程度',
  caller: '来电人',
  'caller.name': '来电人姓名',
  'caller.phone': '来电号码',
  location: '地点',
  'location.district': '区',
  'location.street': '街道',
  'location.community': '社区',
  'location.gridCode': '网格',
  'location.address': '详细地址',
  title: '标题',
  content: '诉求内容',
  number: '工单编号',
  phone: '电话号码',
  note: '说明',
  text: '内容',
  reason: '理由',
  reasonCode: '退单理由',
  until: '延期至',
  departmentCode: '下级单位',
  leadDepartmentCode: '主办单位',
  assistingDepartmentCodes: '协办单位',
  masterNumber: '主工单编号',
  answer: '答复',
  directAnswer: '直接答复',
  'directAnswer.answer': '直接答复',
  knowledgeEntryIds: '引用的知识',
  'directAnswer.knowledgeEntryIds': '引用的知识',
  extension: '延期申请',
  clock: '办结时限',
  reached: '是否联系上',
  resolved: '是否解决',
  satisfaction: '满意度',
  comment: '回访记录',
  attachmentIds: '附件',
  file: '文件',
  origin: '来源',
  username: '用户名',
  password: '密码',
  // Issue 23: the grid worker's site visit and patrol report.
  latitude: '纬度',
  longitude: '经度',
  description: '问题描述',
  address: '地址',
  resolvedOnSpot: '就地办结',
  resolution: '处理结果',
}

/** The Chinese name of an API field, for messages no form field owns. */
export function fieldLabel(path: string): string {
  return fieldNames[path] ?? fieldNames[path.replace(/\[\d+\]/g, '')] ?? path
}

/**
 * The API writes its field messages in English; the console speaks Chinese. The messages that forms meet every day
 * are said again in plain Chinese; anything else is shown as the API wrote it, rather than guessed at.
 */
export function plainWords(message: string): string {
  const rules: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
    [/^Required, and not only white space\.?$/, () => '必填，不能只有空格'],
    [/^Required\.?$/, () => '必填'],
    [/^Required: a positive id\.?$/, () => '须为正整数编号'],
    [/^Required; one of: .*$/, () => '必选'],
    [/^Required[:;,]?\s.*$/, () => '必填'],
    [/^At most (\d+) characters \(this has (\d+)\)\.?$/, (m) => `最多 ${m[1]} 个字（现有 ${m[2]} 个）`],
    [/^'.*' is not allowed; one of: .*$/, () => '不是可选的值'],
    [/^'.*' is not a category code.*$/, () => '没有这个分类'],
    [/^Category .* is no longer in use.*$/, () => '该分类已停用'],
    [/^'.*' is not a (district|street|community|grid).*$/, (m) => `没有这个${areaWord(m[1]!)}`],
    [/^'.*' is not in the given (district|street|community).*$/, (m) => `不属于所选的${areaWord(m[1]!)}`],
    [/^Give the (district|street|community) too.*$/, (m) => `请先选择${areaWord(m[1]!)}`],
    [/^The district is required.*$/, () => '请选择区'],
    [/^The location is required.*$/, () => '请选择地点（至少到区）'],
    [/^The caller is required.*$/, () => '请填写来电人（匿名来电可留空姓名和电话）'],
    [/^The category code is required.*$/, () => '请选择分类'],
    [/^A phone number is .*$/, () => '电话号码格式不对：3–20 位数字，可带开头的 + 和连字符'],
    [/^Control characters.*$/, () => '含有不可见的控制字符'],
    [/^Leave it out, or give some text.*$/, () => '不能只有空格'],
    [/^The value has the wrong type or shape.*$/, () => '格式不对'],
    [/^The body is not valid JSON\.?$/, () => '请求内容不是有效的 JSON'],
    [/^The master case's number is required.*$/, () => '请填写主工单编号（12 位以上数字，含校验位）'],
    [/^A case number is .*$/, () => '工单编号为 12 位以上数字（日期、当日序号和校验位）'],
    [/^At most 10 assisting departments\.?$/, () => '协办单位最多 10 个'],
    [/^A code is .*$/, () => '代码格式不对'],
    [/^Required: the proposed new deadline.*$/, () => '请填写申请延期到的时间'],
    [/^Required: whether the caller was reached\.?$/, () => '请选择是否联系上来电人'],
    [/^Required when the caller was reached\.?$/, () => '联系上来电人时必填'],
    [/^A caller who was not reached gave no answer.*$/, () => '未联系上时不填是否解决和满意度'],
    [/^Coordinates come in pairs.*$/, () => '经纬度须成对填写'],
    // What a case refuses in its state (422, CaseChanges.Problem in Dispatch.Workers): the request is well formed, the case says no.
    [/^The proposed deadline must be later than now.*$/, () => '延期时间须晚于现在，也须晚于已批准的延期'],
    [/^An extension request is already waiting.*$/, () => '已有延期申请在等待审核'],
    [/^There is no extension request waiting.*$/, () => '没有待审核的延期申请'],
    [/^'(.*)' is not a sub-unit of the lead department (.*?)\.?$/, (m) => `${m[1]} 不是主办单位 ${m[2]} 的下级单位`],
    [/^'(.*)' is not a department.*$/, (m) => `没有单位 ${m[1]}`],
    [/^(\S+) is no longer active\.?$/, (m) => `${m[1]} 已停用`],
    [/^The center dispatches cases; it does not handle them\.?$/, () => '热线中心负责派单，不能作为承办单位'],
    [/^There is no case (\S+?)\.?$/, (m) => `没有工单 ${m[1]}`],
    [/^Case (\S+) is (closed|merged); merge into an open case.*$/, (m) => `工单 ${m[1]} ${m[2] === 'closed' ? '已办结' : '已并单'}，请并入另一张未办结的工单`],
    [/^A complaint or a report .*cannot be closed on the call\.?$/, () => '投诉和举报不能直接办结，须派单办理'],
    [/^(\d+) is not a published knowledge entry.*$/, (m) => `知识条目 ${m[1]} 未发布或已失效，不能引用`],
    [/^(\d+) is given twice.*$/, (m) => `${m[1]} 重复了，每条只引用一次`],
    [/^\S+ is given twice.*$/, () => '同一个附件选了两次，每个只选一次'],
    // The files an action or a filing names (attachmentIds): docs/attachments.md.
    [/^整改照片: SLA policy \S+ v\S+ \((.*)\) asks the reply for at least one photo.*$/, (m) =>
      `按时限规则“${m[1]}”，办结反馈须附至少一张整改照片：请上传或选用现场照片`],
    [/^整改照片: .* asks the reply for at least one photo.*$/, () => '办结反馈须附至少一张整改照片：请上传或选用现场照片'],
    [/^\S+ is not a file on this case that no action cites yet.*$/, () => '这个附件不在本工单上，或已被其他操作引用，请重新选择'],
    [/^\S+ is not a file you uploaded for a new case.*$/, () => '附件已失效（超过一天未登记，或已随其他工单登记），请移除后重新上传'],
    // Releasing a confidential caller's file (POST …/attachments/{id}/release): docs/attachments.md "Who sees a file".
    [/^The caller is not confidential: .*$/, () => '来电人未要求保密，承办单位已能看到全部附件，无需公开'],
    [/^\S+ is not a file of the caller's on this case waiting to be released.*$/, () => '这个附件不是保密来电人本人提供的，或已公开过'],
    [/^At most (\d+) \(this has (\d+)\)\.?$/, (m) => `最多 ${m[1]} 个（现有 ${m[2]} 个）`],
    [/^The reply clock is (running|paused|not running); only a (running|paused) clock can be (paused|resumed)\.?$/, (m) =>
      m[3] === 'paused' ? '办结时限未在计时，不能暂停' : '办结时限未暂停，不能恢复'],
  ]
  for (const [pattern, say] of [...gridRules, ...rules]) {
    const match = message.match(pattern)
    if (match) return say(match)
  }
  return message
}

/** What the grid worker's site visit and patrol report are refused for (issue 23), before the general rules (`Required: …`). */
const gridRules: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^Required: where you stood, WGS-84 degrees from -90 to 90.*$/, () => '请定位，或手动填写纬度'],
  [/^Required: where you stood, WGS-84 degrees from -180 to 180.*$/, () => '请定位，或手动填写经度'],
  [/^Latitude is between -90 and 90 degrees.*$/, () => '纬度须在 -90 到 90 之间'],
  [/^Longitude is between -180 and 180 degrees.*$/, () => '经度须在 -180 到 180 之间'],
  [/^Required: at least one photo.*$/, () => '请至少拍一张现场照片'],
  [/^上门核实 shows the site: name at least one photo.*$/, () => '上门核实须有至少一张现场照片'],
  [/^就地办结 is closed with its evidence: name at least one photo.*$/, () => '就地办结须有至少一张照片'],
  [/^A patrol report shows what was found: name at least one photo.*$/, () => '巡查上报须有至少一张照片（附件不是照片）'],
  [/^\S+ is not a file you staged that no case holds yet.*$/, () => '这张照片不是您刚上传的，或已用于别的工单：请重新拍照'],
  [/^Another report claimed one of these files at the same moment.*$/, () => '这些照片同时被另一份上报用了，未上报：请重新拍照'],
  [/^Required: the id of a file on this case.*$/, () => '照片编号不能为空'],
  [/^Required: true when you resolved it there.*$/, () => '请选择处理方式：上报派单，或已现场解决'],
  [/^Only a report resolved on the spot \(resolvedOnSpot: true\) has a resolution.*$/, () => '上报派单时不填处理结果，由承办单位答复'],
  [/^'.*' is not a category in use.*$/, () => '没有这个分类，或已停用'],
]

function areaWord(level: string): string {
  return ({ district: '区', street: '街道', community: '社区', grid: '网格' } as Record<string, string>)[level] ?? level
}

/**
 * One sentence for a person about why a request failed: a refused action says what the case allows now, a lost race
 * says to look again, and no answer at all says the server could not be reached.
 */
export function describeProblem(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return error instanceof Error ? `出错了：${error.message}` : '出错了，请重试。'
  }
  const { status, problem } = error
  switch (status) {
    case 0:
      return '无法连接服务器：请检查网络后重试，刚才的操作没有完成。'
    case 400:
      return '有些内容填写得不对，请按提示修改。'
    case 401:
      return '登录已失效，请重新登录。'
    case 403:
      // The antiforgery header missing or stale (a page open across a new sign-in): a reload reads the new token.
      return /X-XSRF-TOKEN/i.test(problem.title ?? '') ? '页面的安全令牌已失效，请刷新页面后重试；刚才的操作没有执行。' : '您无权执行此操作。'
    case 404:
      return '没有找到：工单不存在，或不在您的权限范围内。'
    case 409: {
      const allowed = (problem.allowedActions ?? []).filter((a) => actionLabel(a) !== null)
      if (problem.state) {
        const now = allowed.length > 0 ? `现在可以：${allowed.map((a) => actionLabel(a)).join('、')}。` : '现在没有您可做的操作。'
        return allowed.length > 0 || problem.allowedActions
          ? `操作未执行：工单当前状态为“${statusLabel(problem.state)}”，不允许此操作。${now}`
          : `操作未执行：有人同时处理了这张工单，它现在是“${statusLabel(problem.state)}”。已重新读取，请查看后再决定。`
      }
      return '操作未执行：内容与现有记录冲突（可能已被他人修改），请刷新后重试。'
    }
    case 422: {
      const messages = Object.entries(problem.errors ?? {}).map(([f, m]) => `${fieldLabel(f)}：${(m ?? []).map(plainWords).join('；')}`)
      return messages.length > 0 ? `无法按要求办理：${messages.join('；')}` : '无法按要求办理，请检查后重试。'
    }
    case 429:
      return `操作太频繁，请${error.retryAfterSeconds ? ` ${error.retryAfterSeconds} 秒后` : '稍后'}再试。`
    case 503:
      return '服务暂时不可用，刚才的操作没有完成，请几秒后重试。'
    default:
      return status >= 500
        ? `系统出错，操作没有完成。${problem.traceId ? `请向管理员报告编号 ${problem.traceId}。` : ''}`
        : `请求未完成（${status}）：${problem.title ?? ''}`
  }
}
