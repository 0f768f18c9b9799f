import { onBeforeUnmount, onMounted } from 'vue'

/**
 * Runs `load` every `intervalMs` while the screen is shown and the tab is visible, and at once when the tab becomes
 * visible again: new cases appear in a queue without a reload, and a tab in the background costs the API nothing.
 */
export function usePolling(load: () => Promise<unknown>, intervalMs: number): { refresh: () => Promise<void> } {
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false
  let running: Promise<void> | null = null

  async function refresh(): Promise<void> {
    if (running) return running
    running = (async () => {
      try {
        await load()
      } catch {
        // The screen shows its own error; polling tries again at the next tick.
      } finally {
        running = null
      }
    })()
    return running
  }

  function schedule(): void {
    if (stopped) return
    timer = setTimeout(async () => {
      if (document.visibilityState === 'visible') await refresh()
      schedule()
    }, intervalMs)
  }

  function onVisible(): void {
    if (document.visibilityState === 'visible') void refresh()
  }

  onMounted(() => {
    schedule()
    document.addEventListener('visibilitychange', onVisible)
  })
  onBeforeUnmount(() => {
    stopped = true
    if (timer) clearTimeout(timer)
    document.removeEventListener('visibilitychange', onVisible)
  })
  return { refresh }
}
