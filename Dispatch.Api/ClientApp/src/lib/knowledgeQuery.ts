/** The longest query the knowledge search takes (KnowledgeSearch.MaxQueryLength), in UTF-16 code units as the API counts. */
export const MaxKnowledgeQuery = 200

/**
 * What the caller's words become as a knowledge search's `q`: the API refuses line breaks and other control characters in a
 * query and anything over 200 characters, while the agent's content has line breaks and grows long. So every run of white space
 * and control characters becomes one space, and the text is cut at 200 — never between the two halves of a character outside
 * the basic plane, which the API would refuse as malformed.
 */
export function knowledgeQuery(words: string): string {
  const text = words.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim()
  if (text.length <= MaxKnowledgeQuery) return text
  const high = text.charCodeAt(MaxKnowledgeQuery - 1)
  const cut = high >= 0xd800 && high <= 0xdbff ? MaxKnowledgeQuery - 1 : MaxKnowledgeQuery
  return text.slice(0, cut).trim()
}
