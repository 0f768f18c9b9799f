/** A piece of a knowledge search snippet: plain text, or a word the search matched. */
export interface SnippetPart {
  text: string
  marked: boolean
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", nbsp: '\u00a0' }

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1]?.toLowerCase() === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return entities[name.toLowerCase()] ?? whole
  })
}

/**
 * The snippet the search answers is HTML: the entry's text escaped, the matched words in <mark>…</mark>. The console
 * never puts it into the page as HTML: it splits it at the marks and shows every piece as text, so whatever an entry
 * says can do nothing but be read. Any other tag is shown as the text it is.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = []
  const pattern = /<mark>([\s\S]*?)<\/mark>/gi
  let last = 0
  for (let match = pattern.exec(snippet); match !== null; match = pattern.exec(snippet)) {
    if (match.index > last) parts.push({ text: decode(snippet.slice(last, match.index)), marked: false })
    parts.push({ text: decode(match[1] ?? ''), marked: true })
    last = match.index + match[0].length
  }
  if (last < snippet.length) parts.push({ text: decode(snippet.slice(last)), marked: false })
  return parts.filter((p) => p.text.length > 0)
}
