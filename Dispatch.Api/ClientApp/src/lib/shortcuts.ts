/** A keyboard shortcut: what to press (`Ctrl+Enter`, `Alt+N`, `F2`), what it does in words, and what it runs. */
export interface Shortcut {
  keys: string
  label: string
  run: () => void
  /** False leaves the key to the page (e.g. while a dialog is open). */
  enabled?: () => boolean
}

export interface KeyCombo {
  ctrl: boolean
  alt: boolean
  shift: boolean
  meta: boolean
  key: string
}

/** `Ctrl+Shift+Enter` → its modifiers and key. `Mod` is Ctrl, or ⌘ on a Mac. Keys compare case-insensitively. */
export function parseCombo(keys: string, isMac = false): KeyCombo {
  const combo: KeyCombo = { ctrl: false, alt: false, shift: false, meta: false, key: '' }
  for (const raw of keys.split('+').map((p) => p.trim())) {
    const part = raw.toLowerCase()
    if (part === 'ctrl' || part === 'control') combo.ctrl = true
    else if (part === 'alt' || part === 'option') combo.alt = true
    else if (part === 'shift') combo.shift = true
    else if (part === 'meta' || part === 'cmd') combo.meta = true
    else if (part === 'mod') {
      if (isMac) combo.meta = true
      else combo.ctrl = true
    } else combo.key = part
  }
  return combo
}

/** The key a keyboard event names, lower case; a letter or digit with Alt is read from the physical key (macOS types a symbol). */
function eventKey(event: Pick<KeyboardEvent, 'key' | 'code'>): string {
  const code = event.code ?? ''
  if (/^Key[A-Z]$/.test(code)) return code.slice(3).toLowerCase()
  if (/^Digit\d$/.test(code)) return code.slice(5)
  return (event.key ?? '').toLowerCase()
}

export function matches(combo: KeyCombo, event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>): boolean {
  return (
    combo.ctrl === event.ctrlKey &&
    combo.alt === event.altKey &&
    combo.shift === event.shiftKey &&
    combo.meta === event.metaKey &&
    combo.key === eventKey(event)
  )
}

/**
 * One keydown handler for a screen's shortcuts: the first enabled shortcut the event matches runs, and the browser's own
 * meaning of the key is stopped. Shortcuts with a modifier (or a function key) work while typing in a field — that is
 * the point of them on a call; a plain key would steal typing and is never taken from a field.
 */
export function shortcutHandler(shortcuts: readonly Shortcut[], isMac = false): (event: KeyboardEvent) => boolean {
  const parsed = shortcuts.map((s) => ({ shortcut: s, combo: parseCombo(s.keys, isMac) }))
  return (event: KeyboardEvent) => {
    if (event.isComposing) return false // an IME is composing Chinese: Enter confirms the characters, not the form
    for (const { shortcut, combo } of parsed) {
      if (!matches(combo, event)) continue
      const plain = !combo.ctrl && !combo.alt && !combo.meta && !/^f\d{1,2}$/.test(combo.key)
      if (plain && isTypingTarget(event.target)) continue
      if (shortcut.enabled && !shortcut.enabled()) continue
      event.preventDefault()
      event.stopPropagation()
      shortcut.run()
      return true
    }
    return false
  }
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false
  const element = target as HTMLElement
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName)
}

/** How a shortcut is written on screen: `Ctrl + Enter`. */
export function shortcutLabel(keys: string, isMac = false): string {
  return keys
    .split('+')
    .map((p) => p.trim())
    .map((p) => (p.toLowerCase() === 'mod' ? (isMac ? '⌘' : 'Ctrl') : p.length === 1 ? p.toUpperCase() : p))
    .join(' + ')
}
