import { describe, expect, it } from 'vitest'
import { matches, parseCombo, shortcutHandler, shortcutLabel, type Shortcut } from '@/lib/shortcuts'

function key(init: KeyboardEventInit & { target?: HTMLElement }): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })
  if (init.target) Object.defineProperty(event, 'target', { value: init.target })
  return event
}

describe('keyboard shortcuts', () => {
  it('parses a combination', () => {
    expect(parseCombo('Ctrl+Shift+Enter')).toEqual({ ctrl: true, alt: false, shift: true, meta: false, key: 'enter' })
    expect(parseCombo('Mod+K', true)).toEqual({ ctrl: false, alt: false, shift: false, meta: true, key: 'k' })
    expect(parseCombo('Mod+K', false).ctrl).toBe(true)
  })

  it('matches exactly the modifiers asked for', () => {
    const fileIt = parseCombo('Ctrl+Enter')
    expect(matches(fileIt, key({ key: 'Enter', code: 'Enter', ctrlKey: true }))).toBe(true)
    expect(matches(fileIt, key({ key: 'Enter', code: 'Enter', ctrlKey: true, shiftKey: true }))).toBe(false)
    expect(matches(fileIt, key({ key: 'Enter', code: 'Enter' }))).toBe(false)
  })

  it('reads Alt with a letter from the physical key (macOS types a symbol)', () => {
    expect(matches(parseCombo('Alt+N'), key({ key: '˜', code: 'KeyN', altKey: true }))).toBe(true)
  })

  it('runs the shortcut while the agent is typing in a field, and stops the browser’s own meaning', () => {
    let filed = 0
    const handle = shortcutHandler([{ keys: 'Ctrl+Enter', label: '登记工单', run: () => filed++ }])
    const field = document.createElement('textarea')
    const event = key({ key: 'Enter', code: 'Enter', ctrlKey: true, target: field })
    expect(handle(event)).toBe(true)
    expect(filed).toBe(1)
    expect(event.defaultPrevented).toBe(true)
  })

  it('runs a function key from a field too', () => {
    let searched = 0
    const handle = shortcutHandler([{ keys: 'F2', label: '搜索知识库', run: () => searched++ }])
    handle(key({ key: 'F2', code: 'F2', target: document.createElement('input') }))
    expect(searched).toBe(1)
  })

  it('never takes a plain key from a field', () => {
    let ran = 0
    const handle = shortcutHandler([{ keys: '/', label: '搜索', run: () => ran++ }])
    expect(handle(key({ key: '/', code: 'Slash', target: document.createElement('input') }))).toBe(false)
    expect(handle(key({ key: '/', code: 'Slash', target: document.body }))).toBe(true)
    expect(ran).toBe(1)
  })

  it('leaves the key alone while the shortcut is disabled', () => {
    let ran = 0
    const shortcuts: Shortcut[] = [{ keys: 'Ctrl+Enter', label: '登记工单', run: () => ran++, enabled: () => false }]
    const event = key({ key: 'Enter', code: 'Enter', ctrlKey: true })
    expect(shortcutHandler(shortcuts)(event)).toBe(false)
    expect(event.defaultPrevented).toBe(false)
    expect(ran).toBe(0)
  })

  it('lets an input method finish composing Chinese before any shortcut', () => {
    let ran = 0
    const handle = shortcutHandler([{ keys: 'Ctrl+Enter', label: '登记工单', run: () => ran++ }])
    handle(key({ key: 'Enter', code: 'Enter', ctrlKey: true, isComposing: true }))
    expect(ran).toBe(0)
  })

  it('runs the first matching shortcut only', () => {
    const ran: string[] = []
    const handle = shortcutHandler([
      { keys: 'Ctrl+Shift+Enter', label: '直接办结', run: () => ran.push('close') },
      { keys: 'Ctrl+Enter', label: '登记工单', run: () => ran.push('file') },
    ])
    handle(key({ key: 'Enter', code: 'Enter', ctrlKey: true, shiftKey: true }))
    handle(key({ key: 'Enter', code: 'Enter', ctrlKey: true }))
    expect(ran).toEqual(['close', 'file'])
  })

  it('writes a shortcut for the screen', () => {
    expect(shortcutLabel('Ctrl+Shift+Enter')).toBe('Ctrl + Shift + Enter')
    expect(shortcutLabel('Alt+n')).toBe('Alt + N')
    expect(shortcutLabel('Mod+K', true)).toBe('⌘ + K')
  })
})
