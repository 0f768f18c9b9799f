import { ApiError, plainWords, type FormErrors } from '@/api/problems'

/**
 * The administration API writes its reasons in English (Dispatch.Workers' RoutingRuleValidation and SlaPolicyValidation,
 * Dispatch.Api's AdminFields); an administrator reads them in Chinese. Each reason the rules and policies give is said again here;
 * anything else goes to the console's everyday words ({@link plainWords}), else it is shown as the API wrote it.
 */
const rules: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^There is no department (\S+?)\.?$/, (m) => `没有单位 ${m[1]}`],
  [/^Department (\S+) is inactive; an enabled rule cannot send cases to it\.?$/, (m) => `单位 ${m[1]} 已停用，启用的规则不能派给它`],
  [/^There is no area (\S+?)\.?$/, (m) => `没有区域 ${m[1]}`],
  [/^'(.*)' is not a category code or the first 2 or 4 digits of one\.?$/, (m) => `“${m[1]}”不是分类代码，也不是某个分类代码的前 2 位或前 4 位`],
  [/^'(.*)' is not a request type.*$/, (m) => `“${m[1]}”不是诉求类型`],
  [/^'(.*)' is not an urgency.*$/, (m) => `“${m[1]}”不是紧急程度`],
  [/^Priority (\d+) is also rule (\d+)'s \('(.*)'\).*$/, (m) => `优先级 ${m[1]} 已被规则 ${m[2]}“${m[3]}”使用：规则按优先级先后尝试，每条启用的规则须各不相同`],
  [/^Priority (\d+) is also policy (\d+)'s.*$/, (m) => `优先级 ${m[1]} 已被策略 ${m[2]} 使用：每条启用的策略须各不相同`],
  [/^Rule '(.*)' can never match: rule (\d+) '(.*)' \(priority (\d+)\) comes first and matches every case it would\.?$/, (m) =>
    `规则“${m[1]}”永远不会命中：规则 ${m[2]}“${m[3]}”（优先级 ${m[4]}）排在前面，它会命中的每一件工单都先被那条规则命中`],
  [/^Policy '(.*)' can never apply: policy (\d+) '(.*)' \(priority (\d+)\) comes first and covers every case it would\.?$/, (m) =>
    `策略“${m[1]}”永远不会适用：策略 ${m[2]}“${m[3]}”（优先级 ${m[4]}）排在前面，它适用的每一件工单都先由那条策略决定`],
  [/^No enabled catch-all policy.*$/, () => '须留一条启用的兜底策略（不限诉求类型、分类和紧急程度），否则不匹配任何策略的工单不会计时'],
  [/^More than 0, and at most a year\.?$/, () => '须大于 0，且不超过一年'],
  [/^Each between 1 and 99, each once\.?$/, () => '每个百分比在 1 到 99 之间，且不重复'],
  [/^From 0 to 720 hours\.?$/, () => '0 到 720 小时'],
  [/^A list of up to 10 percentages.*$/, () => '最多 10 个百分比（可以不设）'],
  [/^From 1 to 1000000; lower is tried first\.?$/, () => '1 到 1000000 之间的整数，数字小的先尝试'],
  [/^At most (\d+) keywords\.?$/, (m) => `关键词最多 ${m[1]} 个`],
  [/^At most (\d+)\.?$/, (m) => `最多 ${m[1]} 个`],
  [/^The version you (edited|are changing).*$/, () => '缺少所修改的版本号：请重新载入列表'],
  [/^List every rule's id exactly once.*$/, () => '新顺序须列出每条规则，且每条只列一次：请重新载入后再排序'],
  [/^Each rule's version as you read the table.*$/, () => '每条规则的版本号须与规则一一对应：请重新载入后再排序'],
  [/^The whole proposed table.*$/, () => '试运行须给出完整的规则表'],
  [/^On or after from, and at most 93 days after it\.?$/, () => '结束日期不能早于开始日期，且相隔最多 93 天'],
  [/^A local date, yyyy-MM-dd.*$/, () => '日期格式为 yyyy-MM-dd'],
  [/^From 0 to 20 examples per move\.?$/, () => '每个去向的示例 0 到 20 件'],
  [/^(Rule|Policy) (\d+) is at version (\d+), not (\d+): someone changed (it|the table) meanwhile.*$/, (m) =>
    `${m[1] === 'Rule' ? '规则' : '策略'} ${m[2]} 已是第 ${m[3]} 版，您修改的是第 ${m[4]} 版：有人在此期间改过它。`],
  [/^Rule (\d+) changed meanwhile\.?$/, (m) => `规则 ${m[1]} 在此期间被修改过。`],
  [/^No such routing rule\.?$/, () => '没有这条派单规则'],
  [/^There is no SLA policy (\d+)\.?$/, (m) => `没有时限策略 ${m[1]}`],
]

/** One reason of the administration API in Chinese. */
export function adminWords(message: string): string {
  for (const [pattern, say] of rules) {
    const match = message.match(pattern)
    if (match) return say(match)
  }
  return plainWords(message)
}

/** The refusal with its detail in Chinese, for the shared StaleEditAlert (which shows the detail as it is given). */
export function inChinese(error: ApiError): ApiError {
  const detail = error.problem.detail ? adminWords(error.problem.detail) : error.problem.detail
  return new ApiError(error.status, { ...error.problem, detail }, error.retryAfterSeconds)
}

/**
 * Puts each field error of a refused change on the form's field. `prefix` is the path the form's fields sit under in the request
 * (a dry run names `rules[3].priority` for the fourth rule of the table); a path with an index (`keywords[2]`,
 * `assistingDepartmentCodes[0]`) goes to its list's field. What no field owns is kept in `others`, with `nameOf` saying which
 * field or rule it is about, so nothing the API said is lost.
 */
export function adminFieldErrors(
  errors: Record<string, string[]> | null | undefined,
  formFields: readonly string[],
  prefix = '',
  nameOf: (path: string) => string = (path) => path,
): FormErrors {
  const result: FormErrors = { fields: {}, others: [] }
  const known = new Set(formFields)
  for (const [path, messages] of Object.entries(errors ?? {})) {
    const message = (messages ?? []).map(adminWords).join('；')
    let field: string | null = null
    if (path.startsWith(prefix)) {
      const own = path.slice(prefix.length)
      for (const candidate of [own, own.replace(/\[\d+\]$/, ''), own.replace(/\[\d+\]/g, '')]) {
        if (known.has(candidate)) {
          field = candidate
          break
        }
      }
    }
    if (field === null) result.others.push(`${nameOf(path)}：${message}`)
    else result.fields[field] = result.fields[field] ? `${result.fields[field]}；${message}` : message
  }
  return result
}
