import { reactive } from 'vue'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { knowledge } from '@/api/endpoints'
import { describeProblem } from '@/api/problems'
import type { KnowledgeHit } from '@/api/types'

/**
 * The knowledge entries an answer cites (id → title), as a direct answer sends them (`knowledgeEntryIds`, at intake and on
 * close-directly): inserting an entry's answer cites it, and the agent may cite or drop one by hand.
 */
export function useCitations() {
  const cited = reactive(new Map<number, string>())

  /** The answer `current` becomes with the entry's content after it (the whole entry, read again: the snippet is a part). */
  async function insert(hit: KnowledgeHit, current: string): Promise<string> {
    try {
      const entry = await knowledge.get(hit.id)
      cited.set(hit.id, hit.title)
      ElMessage({ message: `已插入“${hit.title}”，并记为引用`, type: 'success', duration: 2000 })
      return current.trim() ? `${current.trim()}\n${entry.content}` : entry.content
    } catch (error) {
      ElMessage({ message: `未能插入“${hit.title}”：${describeProblem(error)}`, type: 'error' })
      return current
    }
  }

  function cite(hit: KnowledgeHit, on: boolean) {
    if (on) cited.set(hit.id, hit.title)
    else cited.delete(hit.id)
  }

  return { cited, insert, cite, ids: () => [...cited.keys()], clear: () => cited.clear() }
}
