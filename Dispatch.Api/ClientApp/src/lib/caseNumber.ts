/**
 * The case number (工单编号) grouped for reading out on the phone: the date (yyMMdd), the day's sequence, the
 * check digit — `261121000427` → `261121 00042 7`. A sequence longer than six digits is split in fours from the
 * left so that no group is longer than a caller can repeat back. Anything that is not a case number is left as it is.
 */
export function groupCaseNumber(number: string): string {
  const digits = number.replace(/\s+/g, '')
  if (!/^\d{12,20}$/.test(digits)) return number
  const date = digits.slice(0, 6)
  const sequence = digits.slice(6, -1)
  const check = digits.slice(-1)
  const sequenceGroups = sequence.length <= 6 ? [sequence] : (sequence.match(/\d{1,4}/g) ?? [sequence])
  return [date, ...sequenceGroups, check].join(' ')
}

/** The groups of {@link groupCaseNumber}, for showing each group in its own box. */
export function caseNumberGroups(number: string): string[] {
  return groupCaseNumber(number).split(' ')
}

/** True when the text has the shape of a case number and its Luhn check digit holds (as Dispatch.Workers' CaseNumber). */
export function isCaseNumber(candidate: string): boolean {
  const digits = candidate.replace(/\s+/g, '')
  if (!/^\d{12,20}$/.test(digits)) return false
  let sum = 0
  let doubleIt = true
  for (let i = digits.length - 2; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (doubleIt) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    doubleIt = !doubleIt
  }
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(digits.length - 1) - 48
}
