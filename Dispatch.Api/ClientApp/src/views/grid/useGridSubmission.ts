import { ref } from 'vue'
import { newIdempotencyKey } from '@/api/http'
import { ApiError } from '@/api/problems'
import { refusalOf, type Prepared } from './gridForms'

/**
 * The submit of a grid form on the phone, the same for the site visit, the reply and the patrol report: one request at a
 * time, under one idempotency key (a retry after a lost answer on a weak signal is the same request, never a second one),
 * the fields to fix said before anything is sent, and a refusal put under its fields with one line for the rest.
 */
export function useGridSubmission(fields: readonly string[]) {
  const errors = ref<Record<string, string>>({})
  const summary = ref('')
  const busy = ref(false)
  /** A photo is still uploading: the form waits for it rather than sending without it. */
  const uploading = ref(false)
  let idempotencyKey = newIdempotencyKey()

  /**
   * Sends what `prepare` makes of the form. `refused` hears a refusal the form cannot fix (403, 404, 409: the case moved on),
   * so the screen can reload the case.
   */
  async function submit<T>(
    prepare: () => Prepared<T>,
    send: (body: T, idempotencyKey: string) => Promise<void>,
    refused?: (error: ApiError) => void,
  ): Promise<void> {
    if (busy.value) return
    errors.value = {}
    summary.value = ''
    const prepared = prepare()
    if (prepared.errors) {
      errors.value = prepared.errors.fields
      summary.value = prepared.errors.summary
      return
    }
    busy.value = true
    try {
      await send(prepared.body, idempotencyKey)
    } catch (error) {
      const refusal = refusalOf(error, fields)
      errors.value = refusal.fields
      summary.value = refusal.summary
      if (refused && error instanceof ApiError && [403, 404, 409].includes(error.status)) refused(error)
    } finally {
      busy.value = false
    }
  }

  /** A fresh form: no messages, and a fresh key (the last request was done). */
  function reset(): void {
    errors.value = {}
    summary.value = ''
    idempotencyKey = newIdempotencyKey()
  }

  function setUploading(value: boolean): void {
    uploading.value = value
  }

  return { errors, summary, busy, uploading, submit, reset, setUploading }
}
