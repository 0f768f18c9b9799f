import { describe, expect, it } from 'vitest'
import { reasonPoints, reasonText } from '@/lib/similarity'

describe('a similar case’s reasons in words', () => {
  const names: Record<string, string> = { '020201': '室内漏水', 'DM-S01-C01': '北山社区', 'DM-S01-C01-G01': '北山社区第1网格' }
  const nameOf = (r: { code?: string | null }) => names[r.code ?? ''] ?? r.code ?? ''

  it('names what the two cases share and how much of it, as each kind’s field says', () => {
    expect(reasonText({ kind: 'same-category', points: 0.25, code: '020201' }, nameOf)).toBe('同一分类：室内漏水')
    expect(reasonText({ kind: 'same-community', points: 0.2, code: 'DM-S01-C01' }, nameOf)).toBe('同一社区：北山社区')
    expect(reasonText({ kind: 'same-grid', points: 0.32, code: 'DM-S01-C01-G01' }, nameOf)).toBe('同一网格：北山社区第1网格')
    expect(reasonText({ kind: 'nearby', points: 0.3, metres: 120 }, nameOf)).toBe('距离相近：相距 120 米')
    expect(reasonText({ kind: 'similar-text', points: 0.1, similarity: 0.31 }, nameOf)).toBe('内容相似：相似 31%')
    expect(reasonText({ kind: 'similar-address', points: 0.33, similarity: 0.83 }, nameOf)).toBe('地址相近：相似 83%')
    expect(reasonText({ kind: 'filed-apart', points: 0.093, hours: 1.2 }, nameOf)).toBe('时间相近：相隔 1 小时')
    expect(reasonText({ kind: 'filed-apart', points: 0.01, hours: 0.4 }, nameOf)).toBe('时间相近：相隔不到 1 小时')
    expect(reasonText({ kind: 'filed-apart', points: 0.001, hours: 73 }, nameOf)).toBe('时间相近：相隔 3 天')
    expect(reasonText({ kind: 'same-address', points: 0.4 }, nameOf)).toBe('同一地址')
    expect(reasonText({ kind: 'same-caller', points: 0.15 }, nameOf)).toBe('同一来电人')
  })

  it('shows a kind it does not know by its name, as the API asks of a client', () => {
    expect(reasonText({ kind: 'same-building', points: 0.1 }, nameOf)).toBe('same-building')
  })

  it('says the points a reason added to the score', () => {
    expect(reasonPoints({ kind: 'same-address', points: 0.4 })).toBe('+0.40')
    expect(reasonPoints({ kind: 'filed-apart', points: 0.093 })).toBe('+0.09')
  })
})
