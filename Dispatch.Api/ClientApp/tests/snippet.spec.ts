import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { snippetParts } from '@/lib/snippet'
import SnippetText from '@/components/SnippetText.vue'

describe('a knowledge snippet', () => {
  it('splits the text at the marked words', () => {
    expect(snippetParts('办理<mark>公积金</mark>提取，用于<mark>租房</mark>')).toEqual([
      { text: '办理', marked: false },
      { text: '公积金', marked: true },
      { text: '提取，用于', marked: false },
      { text: '租房', marked: true },
    ])
  })

  it('decodes the escaped text', () => {
    expect(snippetParts('A &amp; B &lt;1&gt; &#39;x&#39; &#x4E2D;')).toEqual([{ text: "A & B <1> 'x' 中", marked: false }])
  })

  it('shows any other markup as text, never as HTML', () => {
    const view = mount(SnippetText, { props: { snippet: '&lt;img src=x onerror=alert(1)&gt;<script>alert(1)</script><mark>停水</mark>' } })
    expect(view.find('img').exists()).toBe(false)
    expect(view.find('script').exists()).toBe(false)
    expect(view.get('mark').text()).toBe('停水')
    expect(view.text()).toContain('<img src=x onerror=alert(1)>')
  })
})
