import { describe, expect, it } from 'vitest'
import { knowledgeQuery, MaxKnowledgeQuery } from '@/lib/knowledgeQuery'

describe('the caller’s words as a knowledge query', () => {
  it('turns line breaks and runs of white space into one space, which the search accepts', () => {
    expect(knowledgeQuery('  楼上漏水\r\n\n渗到我家\t天花板  ')).toBe('楼上漏水 渗到我家 天花板')
  })

  it('is cut at 200 characters', () => {
    const words = '我想把公积金取出来付房租'.repeat(30)
    expect(knowledgeQuery(words)).toHaveLength(MaxKnowledgeQuery)
    expect(words.startsWith(knowledgeQuery(words))).toBe(true)
  })

  it('never cuts a character outside the basic plane in half', () => {
    const words = `${'停'.repeat(MaxKnowledgeQuery - 1)}𠀀水`
    const query = knowledgeQuery(words)
    expect(query).toBe('停'.repeat(MaxKnowledgeQuery - 1))
    expect(/[\ud800-\udbff]$/.test(query)).toBe(false)
  })
})
