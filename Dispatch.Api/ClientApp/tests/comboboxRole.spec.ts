import { afterEach, describe, expect, it } from 'vitest'
import { watchComboboxRoles } from '@/lib/comboboxRole'

describe('a text input that pops up a list', () => {
  let observer: MutationObserver | null = null
  afterEach(() => {
    observer?.disconnect()
    document.body.innerHTML = ''
  })

  it('becomes a combobox once it says whether its list is open', async () => {
    document.body.innerHTML = '<div><input id="category" type="text"><input id="phone" type="text"></div>'
    observer = watchComboboxRoles(document.body)
    document.getElementById('category')!.setAttribute('aria-expanded', 'false')
    await Promise.resolve()

    expect(document.getElementById('category')!.getAttribute('role')).toBe('combobox')
    expect(document.getElementById('category')!.getAttribute('aria-autocomplete')).toBe('list')
    expect(document.getElementById('phone')!.hasAttribute('role')).toBe(false)
  })

  it('keeps a role an element already has', async () => {
    document.body.innerHTML = '<button id="menu" role="button">菜单</button><input id="search" role="searchbox">'
    observer = watchComboboxRoles(document.body)
    document.getElementById('menu')!.setAttribute('aria-expanded', 'true')
    document.getElementById('search')!.setAttribute('aria-expanded', 'true')
    await Promise.resolve()

    expect(document.getElementById('menu')!.getAttribute('role')).toBe('button')
    expect(document.getElementById('search')!.getAttribute('role')).toBe('searchbox')
  })
})
