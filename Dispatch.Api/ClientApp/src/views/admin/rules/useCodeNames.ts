import type { CodeNames } from './ruleTable'
import { useCatalogue } from '@/composables/useCatalogue'
import { requestTypeLabels, urgencyLabels } from '@/lib/words'

/** Codes as the administration screens show them: the catalogue's names (the category's path, the area's), the product's words. */
export function useCodeNames(): CodeNames & { urgency: (code: string) => string } {
  const catalogue = useCatalogue()
  return {
    department: (code) => catalogue.departmentName(code) || code,
    // A rule's prefix is the first 2 or 4 digits of a six-digit code: its category is the code padded with zeros (07 → 070000).
    category: (code) => {
      const full = code.padEnd(6, '0')
      return catalogue.categories.value.some((c) => c.code === full) ? catalogue.categoryPath(full) : catalogue.categoryPath(code) || code
    },
    area: (code) => catalogue.areaPath(code) || code,
    requestType: (code) => requestTypeLabels[code] ?? code,
    urgency: (code) => urgencyLabels[code] ?? code,
  }
}
