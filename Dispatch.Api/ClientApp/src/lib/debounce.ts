/** Calls `run` once the calls have stopped for `waitMs`; `cancel` drops a pending call. */
export function debounce<A extends unknown[]>(run: (...args: A) => void, waitMs: number): ((...args: A) => void) & { cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null
  const debounced = (...args: A) => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      run(...args)
    }, waitMs)
  }
  debounced.cancel = () => {
    if (timer) clearTimeout(timer)
    timer = null
  }
  return debounced
}
