import type { SimilarityReason } from '@/api/types'
import { similarityReasonLabels } from '@/lib/words'

/**
 * A similar case's reason in words: what the two have in common and how much of it — the category or area by name where the
 * reason names one (`code`), the distance (`metres`), how alike the text or address reads (`similarity`), the hours between
 * (`hours`) — and the points it added to the score. A kind this console does not know yet is shown by its name, as the API
 * says a client should (docs/api.md).
 */
export function reasonText(reason: SimilarityReason, nameOf: (reason: SimilarityReason) => string = (r) => r.code ?? ''): string {
  const kind = similarityReasonLabels[reason.kind] ?? reason.kind
  let detail = ''
  if (reason.metres != null) detail = `相距 ${reason.metres} 米`
  else if (reason.hours != null) detail = hoursApart(reason.hours)
  else if (reason.similarity != null) detail = `相似 ${Math.round(reason.similarity * 100)}%`
  else if (reason.code != null) detail = nameOf(reason)
  return detail ? `${kind}：${detail}` : kind
}

/** `+0.40`: what the reason added to the score (the score is the sum of its reasons' points). */
export function reasonPoints(reason: SimilarityReason): string {
  return `+${reason.points.toFixed(2)}`
}

function hoursApart(hours: number): string {
  if (hours < 1) return '相隔不到 1 小时'
  if (hours < 48) return `相隔 ${Math.round(hours)} 小时`
  return `相隔 ${Math.round(hours / 24)} 天`
}
