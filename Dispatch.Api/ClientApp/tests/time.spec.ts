import { describe, expect, it } from 'vitest'
import { formatDateTime, hotlineLocalToIso, untilDeadline } from '@/lib/time'
import { trafficLight } from '@/lib/trafficLight'

describe('times in the hotline’s zone', () => {
  it('shows an instant in Beijing time, whatever the browser’s zone', () => {
    expect(formatDateTime('2026-11-30T16:30:00Z')).toBe('2026-12-01 00:30')
    expect(formatDateTime(null)).toBe('')
  })

  it('sends a local date-time with the hotline’s offset', () => {
    expect(hotlineLocalToIso('2026-12-01 18:00')).toBe('2026-12-01T18:00:00+08:00')
  })

  it('says how long is left or how late it is', () => {
    const now = new Date('2026-11-30T00:00:00Z')
    expect(untilDeadline('2026-11-30T03:20:00Z', now)).toBe('还剩 3 小时 20 分')
    expect(untilDeadline('2026-11-28T23:00:00Z', now)).toBe('已超期 1 天 1 小时')
  })
})

describe('the traffic light', () => {
  const now = new Date('2026-11-30T00:00:00Z')

  it('is green with time to spare, yellow close to the deadline, red past it', () => {
    expect(trafficLight({ status: 'signed', nextDueAt: '2026-11-30T08:00:00Z' }, now)).toBe('green')
    expect(trafficLight({ status: 'signed', nextDueAt: '2026-11-30T03:00:00Z' }, now)).toBe('yellow')
    expect(trafficLight({ status: 'signed', nextDueAt: '2026-11-29T23:00:00Z' }, now)).toBe('red')
  })

  it('is red for a clock marked overdue in the state the case is in', () => {
    expect(trafficLight({ status: 'dispatched', signOffOverdueAt: '2026-11-29T00:00:00Z', nextDueAt: '2026-12-02T00:00:00Z' }, now)).toBe('red')
    expect(trafficLight({ status: 'signed', signOffOverdueAt: '2026-11-29T00:00:00Z', nextDueAt: '2026-12-02T00:00:00Z' }, now)).toBe('green')
  })

  it('takes the API’s deadline state where the answer has one', () => {
    const due = { status: 'signed', nextDueAt: '2026-12-30T00:00:00Z' }
    expect(trafficLight({ ...due, deadlineState: 'warned' }, now)).toBe('yellow')
    expect(trafficLight({ ...due, deadlineState: 'overdue' }, now)).toBe('red')
    expect(trafficLight({ ...due, deadlineState: 'on-time' }, now)).toBe('green')
    expect(trafficLight({ ...due, deadlineState: null }, now)).toBe('none')
  })

  it('has no light without a running clock', () => {
    expect(trafficLight({ status: 'resolved' }, now)).toBe('none')
  })
})
