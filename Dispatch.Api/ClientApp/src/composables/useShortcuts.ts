import { onBeforeUnmount, onMounted } from 'vue'
import { shortcutHandler, type Shortcut } from '@/lib/shortcuts'

/** Binds a screen's shortcuts to the window while the screen is shown (capture phase: before a field's own handling). */
export function useShortcuts(shortcuts: readonly Shortcut[]): void {
  const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)
  const handle = shortcutHandler(shortcuts, isMac)
  onMounted(() => window.addEventListener('keydown', handle, true))
  onBeforeUnmount(() => window.removeEventListener('keydown', handle, true))
}
