import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import CalendarsView from '@/views/admin/CalendarsView.vue'
import { describeDay, parseNotice, yearMonths } from '@/views/admin/calendars/yearView'
import { answerAlso, calls, errorUnder, json, mountScreen, sent, stubApi } from './support/adminApi'

const week = {
  Monday: [['09:00', '12:00'], ['13:30', '17:30']], Tuesday: [['09:00', '17:30']], Wednesday: [['09:00', '17:30']],
  Thursday: [['09:00', '17:30']], Friday: [['09:00', '17:30']],
}

describe('the year view', () => {
  const days = [
    { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
    { date: '2026-10-10', kind: 'make-up-workday', name: '国庆节调休' },
  ]

  it('lays out twelve Monday-first months with holidays, make-up days and the week’s days off', () => {
    const months = yearMonths(2026, week, days)
    expect(months).toHaveLength(12)
    const october = months[9]!
    // 2026-10-01 is a Thursday: three blanks before it.
    expect(october.weeks[0]!.slice(0, 4).map((c) => c?.day ?? null)).toEqual([null, null, null, 1])
    const cells = october.weeks.flat().filter((c) => c !== null)
    expect(cells).toHaveLength(31)
    expect(cells.find((c) => c!.date === '2026-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节' })
    expect(cells.find((c) => c!.date === '2026-10-10')).toMatchObject({ kind: 'make-up-workday' }) // a Saturday worked
    expect(cells.find((c) => c!.date === '2026-10-11')).toMatchObject({ kind: 'rest' }) // a Sunday
    expect(cells.find((c) => c!.date === '2026-10-12')).toMatchObject({ kind: 'workday' })
    expect(october).toMatchObject({ holidays: 1, makeUpDays: 1 })
    expect(months[1]!.weeks.flat().filter((c) => c !== null)).toHaveLength(28)
    expect(yearMonths(2028, week, [])[1]!.weeks.flat().filter((c) => c !== null)).toHaveLength(29)
  })

  it('ignores dated days on a calendar that does not observe holidays, and works every day a 24×7 week works', () => {
    const always = Object.fromEntries(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'].map((d) => [d, [['00:00', '24:00']]]))
    const cells = yearMonths(2026, always, days, false)[9]!.weeks.flat().filter((c) => c !== null)
    expect(new Set(cells.map((c) => c!.kind))).toEqual(new Set(['workday']))
  })

  it('says each day in words', () => {
    expect(describeDay({ date: '2026-10-01', day: 1, kind: 'holiday', name: '国庆节' })).toBe('10月1日 星期四 放假：国庆节')
    expect(describeDay({ date: '2026-10-10', day: 10, kind: 'make-up-workday', name: null })).toBe('10月10日 星期六 调休上班')
  })

  it('reads a notice typed a line a day or a range, and names the lines it cannot read', () => {
    const notice = parseNotice('# 2027\n2027-01-01 放假 元旦\n\n2027-10-01~2027-10-03 放假 国庆节\n2027-10-09 上班 国庆节调休\n2027-02-30 放假 不存在\n随便写写')
    expect(notice.days.map((d) => `${d.date} ${d.kind}`)).toEqual([
      '2027-01-01 holiday', '2027-10-01 holiday', '2027-10-02 holiday', '2027-10-03 holiday', '2027-10-09 make-up-workday',
    ])
    expect(notice.lineOf).toEqual([2, 4, 4, 4, 5])
    expect(notice.problems).toHaveLength(2)
    expect(notice.problems[0]).toContain('第 6 行')
    expect(notice.problems[1]).toContain('第 7 行')
  })
})

describe('the calendars screen', () => {
  let version: number
  let days: Array<{ date: string; kind: string; name: string; source: string }>

  beforeEach(() => {
    document.cookie = 'XSRF-TOKEN=admin-token'
    version = 7
    days = [{ date: '2026-10-01', kind: 'holiday', name: '国庆节', source: '国办发明电〔2025〕7号' }]
    stubApi((c) => {
      if (c.method === 'GET' && c.path === '/api/calendars') {
        return json(200, [
          { code: 'CENTER', version, timeZone: 'Asia/Shanghai', observesHolidays: true, workingDayHours: 7.5, yearsCovered: [2024, 2025, 2026], missingYears: [2027], departments: [], isCenterCalendar: true, history: [] },
          { code: '24X7', version: 1, timeZone: 'Asia/Shanghai', observesHolidays: false, workingDayHours: 24, yearsCovered: [], missingYears: [], departments: ['WATER'], isCenterCalendar: false, history: [] },
        ])
      }
      if (c.method === 'GET' && c.path === '/api/calendars/CENTER/days') {
        const year = Number(new URL(c.url, 'http://x').searchParams.get('year'))
        return json(200, { code: 'CENTER', version, name: '中心日历', year, covered: year <= 2026, noticeSource: year <= 2026 ? '国办发明电〔2025〕7号' : null, observesHolidays: true, week, days: days.filter((d) => d.date.startsWith(String(year))) })
      }
      return undefined
    })
  })

  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  async function openAt2026() {
    const view = await mountScreen(CalendarsView)
    // The screen opens on the hotline's year; the specs look at 2026.
    const label = view.get('[data-testid=calendar-year-label]').text()
    const steps = Number(label.replace(/\D/g, '')) - 2026
    for (let i = 0; i < Math.abs(steps); i++) await view.get(`button[aria-label=${steps > 0 ? '上一年' : '下一年'}]`).trigger('click')
    await flushPromises()
    return view
  }

  it('shows the centre’s year with its holidays, the version and the year missing its notice', async () => {
    const view = await openAt2026()
    expect(view.get('[data-testid=calendar-year]').attributes('data-year')).toBe('2026')
    expect(view.get('td[data-date="2026-10-01"]').attributes('data-kind')).toBe('holiday')
    expect(view.get('td[data-date="2026-10-01"]').attributes('title')).toContain('国庆节')
    expect(view.get('[data-testid=calendar-version]').text()).toBe('版本 7')
    expect(view.get('[data-testid=calendar-missing-years]').text()).toContain('2027')
  })

  it('adds a local day on the version shown, then shows it in the year', async () => {
    const view = await openAt2026()
    answerAlso((c) => {
      if (c.method === 'POST' && c.path === '/api/calendars/CENTER/days') {
        days.push({ ...(c.body as { date: string; kind: string; name: string; source: string }) })
        version++
        return json(200, { version, change: 'added' })
      }
      return undefined
    })
    const form = view.get('[data-testid=calendar-day-form]')
    await form.get('input[aria-label=日期]').setValue('2026-12-31')
    await form.get('input[name=name]').setValue('年末休息日')
    await form.get('input[name=source]').setValue('区政府通知')
    await form.trigger('submit')
    await flushPromises()
    expect(sent('POST', '/api/calendars/CENTER/days')[0]!.body).toEqual({ date: '2026-12-31', kind: 'holiday', name: '年末休息日', source: '区政府通知', version: 7 })
    expect(view.get('td[data-date="2026-12-31"]').attributes('data-kind')).toBe('holiday')
    expect(view.get('[data-testid=calendar-version]').text()).toBe('版本 8')
    expect(view.get('[data-testid=calendar-saved]').text()).toContain('2026-12-31')
  })

  it('puts the API’s reasons next to their fields, a date already there at the date, and a stale version in the alert', async () => {
    const view = await openAt2026()
    const form = view.get('[data-testid=calendar-day-form]')
    let answer: Response = json(400, { status: 400, errors: { name: ['Required, and not only white space.'], source: ['Required, and not only white space.'] } })
    answerAlso((c) => (c.method === 'POST' ? answer : undefined))
    await form.trigger('submit')
    await flushPromises()
    await vi.waitFor(() => expect(errorUnder(form.element, '名称')).toBe('必填，不能只有空格'))
    await vi.waitFor(() => expect(errorUnder(form.element, '依据')).toBe('必填，不能只有空格'))

    answer = json(409, { status: 409, title: 'The calendar was not changed.', detail: '2026-10-01 is already in CENTER.' })
    await form.get('input[aria-label=日期]').setValue('2026-10-01')
    await form.trigger('submit')
    await flushPromises()
    await vi.waitFor(() => expect(errorUnder(form.element, '日期')).toContain('已在日历中'))
    expect(view.find('[data-testid=stale-edit]').exists()).toBe(false)

    answer = json(409, { status: 409, title: 'The calendar was not changed.', detail: 'Calendar CENTER is at version 8, not 7: someone changed it meanwhile.' })
    await form.trigger('submit')
    await flushPromises()
    expect(view.get('[data-testid=stale-edit]').text()).toContain('version 8')
    const before = calls.filter((c) => c.path === '/api/calendars').length
    await view.get('[data-testid=stale-edit] button').trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.path === '/api/calendars').length).toBe(before + 1)
    expect(view.find('[data-testid=stale-edit]').exists()).toBe(false)
  })

  it('sends a year’s notice as the days it reads, with the version, and names the line the API refused', async () => {
    const view = await openAt2026()
    await view.findAll('.el-tabs__item').find((t) => t.text() === '添加全年通知')!.trigger('click')
    await flushPromises()
    const form = view.get('[data-testid=calendar-notice-form]')
    answerAlso((c) =>
      c.method === 'POST' && c.path === '/api/calendars/CENTER/years'
        ? json(400, { status: 400, errors: { 'days[1].date': ['2028-01-03 is not in 2027.'] } })
        : undefined,
    )
    await form.get('input[name=source]').setValue('国办发明电〔2026〕1号')
    await form.get('textarea').setValue('2027-01-01 放假 元旦\n\n2028-01-03 上班 元旦调休')
    await form.trigger('submit')
    await flushPromises()
    expect(sent('POST', '/api/calendars/CENTER/years')[0]!.body).toEqual({
      year: 2027, source: '国办发明电〔2026〕1号', version: 7,
      days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }, { date: '2028-01-03', kind: 'make-up-workday', name: '元旦调休' }],
    })
    await vi.waitFor(() => expect(errorUnder(form.element, '放假与调休日期')).toBe('第 3 行：2028-01-03 不在 2027 年'))
  })
})
