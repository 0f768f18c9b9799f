/** on time (green), close to its deadline (yellow: due within the warning window), overdue (red), or no running clock. */
export type Light = 'green' | 'yellow' | 'red' | 'none'

export interface DeadlineFacts {
  /** The API's own judgement where it gives one: on-time, warned (a warning threshold fired), overdue, or null (no clock runs). */
  deadlineState?: string | null
  status?: string | null
  nextDueAt?: string | null
  signOffOverdueAt?: string | null
  replyOverdueAt?: string | null
}

/** How close "close" is: the live view's default window (Dispatch.Api's /api/reports/live, withinWorkingHours=4). */
export const WarningWindowHours = 4

/**
 * The traffic light of a case. The API's `deadlineState` decides where the answer has it (lists do). Otherwise (a case
 * view) it is read from the deadlines: overdue when a clock was marked overdue in the state the case is in, or the
 * next deadline has passed; yellow when it falls within {@link WarningWindowHours}; green otherwise. The list has no
 * warning flag of its own, so yellow is read from the deadline, in natural hours.
 */
export function trafficLight(c: DeadlineFacts, now: Date = new Date()): Light {
  if (c.deadlineState !== undefined) {
    return c.deadlineState === 'overdue' ? 'red' : c.deadlineState === 'warned' ? 'yellow' : c.deadlineState === 'on-time' ? 'green' : 'none'
  }
  if (c.status === 'dispatched' && c.signOffOverdueAt) return 'red'
  if ((c.status === 'signed' || c.status === 'reopened') && c.replyOverdueAt) return 'red'
  if (!c.nextDueAt) return c.status === 'signed' && c.replyOverdueAt ? 'red' : 'none'
  const left = new Date(c.nextDueAt).getTime() - now.getTime()
  if (left < 0) return 'red'
  if (left <= WarningWindowHours * 3600_000) return 'yellow'
  return 'green'
}

export const lightLabels: Record<Light, string> = { green: '正常', yellow: '预警', red: '已超期', none: '未计时' }
