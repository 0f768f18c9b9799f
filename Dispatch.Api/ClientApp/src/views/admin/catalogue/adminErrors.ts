import { ApiError, mapFieldErrors, plainWords, type FormErrors } from '@/api/problems'

/**
 * What the administration screens of calendars, the catalogue and users say when the API refuses a change: each field's
 * message next to the field (in Chinese where the API's English is one the administrator meets every day), what no field owns
 * above the form, and a 409 left to StaleEditAlert. The case forms' general rules (problems.ts) come after these.
 */
const adminRules: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^The version you (edited|are changing).*$/, () => '缺少版本号，请重新载入后再改'],
  [/^A local date, yyyy-MM-dd, from 2000 to 2100.*$/, () => '日期格式为 yyyy-MM-dd，年份在 2000 到 2100 之间'],
  [/^(\d{4}-\d{2}-\d{2}) is not in (\d{4})\.?$/, (m) => `${m[1]} 不在 ${m[2]} 年`],
  [/^(\d{4}-\d{2}-\d{2}) is listed twice\.?$/, (m) => `${m[1]} 重复了`],
  [/^A year from 2000 to 2100\.?$/, () => '年份须在 2000 到 2100 之间'],
  [/^Between 1 and 120 days.*$/, () => '请列出通知中的全部放假和调休上班日期（1 到 120 天）'],
  [/^Required: at least (\d+) characters\.?$/, (m) => `必填，至少 ${m[1]} 个字符`],
  [/^At least (\d+) characters \(this has (\d+)\)\.?$/, (m) => `至少 ${m[1]} 个字符（现有 ${m[2]} 个）`],
  [/^Control characters, line breaks included, are not allowed in a password\.?$/, () => '密码不能含换行等控制字符'],
  [/^Not only white space\.?$/, () => '不能只有空格'],
  [/^The password may not be the username\.?$/, () => '密码不能与用户名相同'],
  [/^There is no department (.*?)\.?$/, (m) => `没有部门 ${m[1]}`],
  [/^There is no calendar (.*?)\.?$/, (m) => `没有工作日历 ${m[1]}`],
  [/^(\S+) is (\S+) itself or one of its sub-units.*$/, (m) => `${m[1]} 是 ${m[2]} 本身或其下级单位：部门不能成为自己的上级`],
  [/^Enabled routing rules (.*) send cases to (\S+?); .*$/, (m) => `启用中的派单规则 ${m[1]} 把工单派给 ${m[2]}，请先修改或停用这些规则`],
  [/^(\S+) is the routing fallback.*$/, (m) => `${m[1]} 是派单兜底单位，不能停用`],
  [/^In the future \(or leave it out.*$/, () => '须晚于现在（不填则长期有效）'],
]

export function adminWords(message: string): string {
  for (const [pattern, say] of adminRules) {
    const match = message.match(pattern)
    if (match) return say(match)
  }
  return plainWords(message)
}

/** The API's field errors on a form's fields (messages in Chinese where known); a 409 maps to nothing: StaleEditAlert shows it. */
export function formErrors(error: unknown, fields: readonly string[], fieldOf: Record<string, string> = {}): FormErrors {
  if (error instanceof ApiError && error.status === 409) return { fields: {}, others: [] }
  if (!(error instanceof ApiError)) return { fields: {}, others: [describeAdminProblem(error)] }
  if (error.status !== 400 && error.status !== 422) return { fields: {}, others: [describeAdminProblem(error)] }
  const translated = {
    ...error.problem,
    errors: Object.fromEntries(Object.entries(error.problem.errors ?? {}).map(([k, v]) => [k, (v ?? []).map(adminWords)])),
  }
  return mapFieldErrors(translated, fields, fieldOf)
}

/** One sentence for a refusal that names no field (a 404, 403, a server that could not be reached). */
export function describeAdminProblem(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? `出错了：${error.message}` : '出错了，请重试。'
  switch (error.status) {
    case 0:
      return '无法连接服务器：请检查网络后重试，刚才的修改没有保存。'
    case 403:
      return '您无权执行此操作。'
    case 404:
      return `没有找到：${error.problem.detail ?? '该项不存在'}`
    case 409:
      return error.problem.detail ?? '与现有记录冲突，请重新载入。'
    default:
      return error.status >= 500 ? '系统出错，修改没有保存。' : `请求未完成（${error.status}）：${error.problem.title ?? ''}`
  }
}
