import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/problems'
import type { AttachmentView } from '@/api/types'
import {
  categoryGroups,
  emptyPatrolReport,
  emptySiteVisit,
  hasMoreActions,
  patrolReportBody,
  patrolReportFields,
  phoneActions,
  refusalOf,
  siteVisitBody,
  siteVisitFields,
} from '@/views/grid/gridForms'
import { actionLabel } from '@/lib/words'

const photo = (id: string) => ({ id, kind: 'photo', thumbnailUrl: `/api/attachments/${id}/thumbnail` }) as AttachmentView

describe("the grid worker's forms", () => {
  it('send a site visit with its coordinates as numbers and the photos by id', () => {
    const prepared = siteVisitBody({ ...emptySiteVisit(), text: ' 现场确有积水 ', latitude: '30.274100', longitude: '120.155100', photos: [photo('a'), photo('b')] })
    expect(prepared.body).toEqual({ text: '现场确有积水', latitude: 30.2741, longitude: 120.1551, attachmentIds: ['a', 'b'] })
  })

  it('send nothing while the coordinates are missing or out of range, and say so on their fields', () => {
    const missing = siteVisitBody(emptySiteVisit())
    expect(missing.body).toBeNull()
    expect(missing.errors?.fields).toMatchObject({ latitude: expect.stringContaining('请填写纬度'), longitude: expect.stringContaining('请填写经度') })
    expect(missing.errors?.summary).toContain('手动填写')
    expect(siteVisitBody({ ...emptySiteVisit(), latitude: '30', longitude: '200' }).errors?.fields).toEqual({ longitude: '经度须在 -180 到 180 之间' })
  })

  it('send a patrol report closed on the spot with its resolution', () => {
    const prepared = patrolReportBody({
      ...emptyPatrolReport(), requestType: 'report', categoryCode: '010101', description: '人行道上堆放建筑垃圾', address: '北山路12号',
      latitude: '30.2741', longitude: '120.1551', photos: [photo('p')], resolvedOnSpot: true, resolution: '已联系物业当场清运',
    })
    expect(prepared.body).toEqual({
      requestType: 'report', categoryCode: '010101', description: '人行道上堆放建筑垃圾', address: '北山路12号',
      latitude: 30.2741, longitude: 120.1551, attachmentIds: ['p'], resolvedOnSpot: true, resolution: '已联系物业当场清运',
    })
  })

  it('send no resolution with a report that routes, whatever was typed before the worker changed their mind', () => {
    const prepared = patrolReportBody({ ...emptyPatrolReport(), latitude: '30.2741', longitude: '120.1551', resolvedOnSpot: false, resolution: '写了又改' })
    expect(prepared.body).toMatchObject({ resolvedOnSpot: false, resolution: null, requestType: null, categoryCode: null, attachmentIds: [] })
  })

  it("put the API's field errors on the fields, the photos' too, in Chinese", () => {
    const error = new ApiError(400, {
      title: 'The patrol report was not recorded: some fields are invalid.',
      errors: {
        categoryCode: ['The category code is required (see GET /api/categories).'],
        'attachmentIds[0]': ['At least one photo.'],
        resolution: ['Required when resolvedOnSpot.'],
        title: ['At most 100 characters (this has 130).'],
      },
    })
    const refusal = refusalOf(error, patrolReportFields)
    expect(refusal.fields).toEqual({ categoryCode: '请选择分类', photos: 'At least one photo.', resolution: '必填' })
    // What no field of the form owns is not lost: it is said above the form.
    expect(refusal.summary).toBe('标题：最多 100 个字（现有 130 个）')
  })

  it('say a refusal that is not about a field in plain words', () => {
    const conflict = new ApiError(409, { title: 'Conflict', state: 'closed', allowedActions: [] })
    expect(refusalOf(conflict, siteVisitFields)).toEqual({ fields: {}, summary: expect.stringContaining('已办结') })
    const gone = refusalOf(new ApiError(0, { title: 'x' }), siteVisitFields)
    expect(gone.summary).toContain('无法连接服务器')
  })

  it("offer exactly the phone's steps the API allows, in the order they come", () => {
    expect(phoneActions(['reply', 'return', 'verify-on-site', 'attach']).map((b) => b.label)).toEqual(['上门核实', '办结反馈'])
    expect(phoneActions(['sign', 'return']).map((b) => b.action)).toEqual(['sign'])
    expect(phoneActions(null)).toEqual([])
  })

  it('point to the case page only for what the phone does not offer', () => {
    const known = (a: string) => actionLabel(a) !== null
    expect(hasMoreActions(['sign', 'verify-on-site', 'reply', 'attach'], known)).toBe(false)
    expect(hasMoreActions(['reply', 'request-extension'], known)).toBe(true)
    expect(hasMoreActions(['mark-overdue', 'teleport'], known)).toBe(false)
  })

  it("list the categories' leaves under their parents' path, for the phone's own picker", () => {
    const groups = categoryGroups([
      { code: '010000', name: '城市管理', parentCode: null, leaf: false, active: true },
      { code: '010100', name: '市容环境', parentCode: '010000', leaf: false, active: true },
      { code: '010101', name: '乱堆乱放', parentCode: '010100', leaf: true, active: true },
      { code: '010102', name: '占道经营', parentCode: '010100', leaf: true, active: false },
      { code: '010103', name: '垃圾满溢', parentCode: '010100', leaf: true, active: true },
    ])
    expect(groups).toEqual([{ label: '城市管理 › 市容环境', options: [{ code: '010101', name: '乱堆乱放' }, { code: '010103', name: '垃圾满溢' }] }])
  })
})

describe("the API's words for a grid worker, in Chinese", () => {
  it('says what a refused site visit or patrol report lacks', async () => {
    const { plainWords } = await import('@/api/problems')
    expect(plainWords('Required: where you stood, WGS-84 degrees from -90 to 90 (the phone\'s location).')).toBe('请定位，或手动填写纬度')
    expect(plainWords('Longitude is between -180 and 180 degrees (WGS-84).')).toBe('经度须在 -180 到 180 之间')
    expect(plainWords('Required: at least one photo of the site, uploaded to the case first (POST /api/cases/{number}/attachments).')).toBe('请至少拍一张现场照片')
    expect(plainWords('上门核实 shows the site: name at least one photo among the files on the case (POST /api/cases/1/attachments).')).toBe('上门核实须有至少一张现场照片')
    expect(plainWords('0b5e5c9a-0000-4000-8000-000000000002 is not a file you staged that no case holds yet: upload it first (POST /api/attachments).'))
      .toBe('这张照片不是您刚上传的，或已用于别的工单：请重新拍照')
    expect(plainWords('Required: true when you resolved it there (就地办结), false to have it routed.')).toBe('请选择处理方式：上报派单，或已现场解决')
    expect(plainWords("Only a report resolved on the spot (resolvedOnSpot: true) has a resolution; the department replies to a routed one."))
      .toBe('上报派单时不填处理结果，由承办单位答复')
    expect(plainWords("'990000' is not a category in use (see GET /api/categories).")).toBe('没有这个分类，或已停用')
    // The general rule still says the rest.
    expect(plainWords('Required, and not only white space.')).toBe('必填，不能只有空格')
  })
})
