import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/problems'
import { describeFile, describeUploadProblem, filesOf, formatSize, includesPhoto, pickable, replyRequiresPhotos } from '@/lib/attachments'
import { attachment } from './support/uploads'

function refused(status: number, body: Record<string, unknown>) {
  return new ApiError(status, { status, ...body })
}

describe('what the console says of a refused upload', () => {
  it('says a file disguised by its name in Chinese, from the rule the API names', () => {
    const error = refused(415, {
      title: 'Nothing was stored: the file is not what its name says.',
      problem: 'Disguised',
      errors: { file: ["The file is named as JPEG ('x.jpg') but its bytes are not one: JPEG, PNG, ..."] },
    })
    expect(describeUploadProblem(error)).toBe('文件内容与文件名不符（例如名为 .jpg 却不是照片），未上传。请按文件的真实类型发送。')
  })

  it('says how large a file may be, from the API’s limit', () => {
    const error = refused(413, {
      problem: 'TooLarge',
      detail: 'A file may be at most 10 MB (Attachments:MaxFileBytes = 10485760 bytes).',
      errors: { file: ['A file may be at most 10 MB (Attachments:MaxFileBytes = 10485760 bytes).'] },
    })
    expect(describeUploadProblem(error)).toBe('文件太大：每个文件最多 10 MB。')
  })

  it('says a 413 without details plainly (the server cut the body off)', () => {
    expect(describeUploadProblem(refused(413, { title: 'Payload Too Large' }))).toBe('文件太大，未上传。')
  })

  it('says a 415 for a type no one accepts, with what is accepted', () => {
    expect(describeUploadProblem(refused(415, { problem: 'Unsupported', errors: { file: ['The file is none of the accepted types: …'] } })))
      .toContain('只能上传照片（JPEG、PNG、WebP）、PDF 文档或录音')
  })

  it('says a full case in numbers (422 on file)', () => {
    const error = refused(422, { errors: { file: ['The case carries 20 files already; at most 20 (Attachments:MaxPerCase).'] } })
    expect(describeUploadProblem(error)).toBe('这张工单已有 20 个附件，最多 20 个，不能再上传。')
  })

  it('says the staged files waiting for a filing in numbers', () => {
    const error = refused(422, {
      errors: { file: ['40 of your files wait for a filing already; at most 40 (Attachments:MaxStagedPerPerson). File the case…'] },
    })
    expect(describeUploadProblem(error)).toContain('您已有 40 个附件等待登记（最多 40 个）')
  })

  it('says a bad origin (errors.origin)', () => {
    expect(describeUploadProblem(refused(400, { errors: { origin: ["'citizen' is not one of: caller, staff."] } })))
      .toBe('来源只能是“市民提供”或“工作人员”。')
  })

  it('says a path in the file name', () => {
    expect(describeUploadProblem(refused(400, { problem: 'BadName', errors: { file: ["The file name '../x.jpg' is a path"] } })))
      .toBe('文件名不能含路径或特殊字符，请改名后再上传。')
  })

  it('says a refused action (409) and a lost connection as every screen does', () => {
    expect(describeUploadProblem(refused(409, { state: 'closed', allowedActions: [] }))).toContain('已办结')
    expect(describeUploadProblem(new ApiError(0, {}))).toContain('无法连接服务器')
  })
})

describe('the files of a drop or a paste', () => {
  function transfer(files: File[]): DataTransfer {
    return { files: Object.assign(files, { item: (i: number) => files[i] }) as unknown as FileList, items: [] } as unknown as DataTransfer
  }

  it('names a pasted screenshot after the hotline’s time, so two are told apart', () => {
    const pasted = filesOf(transfer([new File(['x'], 'image.png', { type: 'image/png' })]), new Date('2026-11-30T06:05:09Z'))
    expect(pasted.map((f) => [f.name, f.type])).toEqual([['截图-202611301405.png', 'image/png']])
  })

  it('keeps the names of files dragged from a folder', () => {
    const dropped = filesOf(transfer([new File(['x'], '整改后.jpg'), new File(['%PDF'], '通知.pdf')]))
    expect(dropped.map((f) => f.name)).toEqual(['整改后.jpg', '通知.pdf'])
  })

  it('reads the clipboard’s items when it lists no files', () => {
    const file = new File(['x'], 'image.jpeg', { type: 'image/jpeg' })
    const data = { files: [], items: [{ kind: 'string', getAsFile: () => null }, { kind: 'file', getAsFile: () => file }] } as unknown as DataTransfer
    expect(filesOf(data).map((f) => f.name)).toEqual([expect.stringMatching(/^截图-\d{12}\.jpg$/)])
  })

  it('finds nothing in text pasted', () => {
    expect(filesOf({ files: [], items: [{ kind: 'string', getAsFile: () => null }] } as unknown as DataTransfer)).toEqual([])
    expect(filesOf(null)).toEqual([])
  })
})

describe('files in words', () => {
  it('says sizes as people read them', () => {
    expect([formatSize(512), formatSize(245_000), formatSize(2.5 * 1024 * 1024), formatSize(10 * 1024 * 1024)]).toEqual([
      '512 B',
      '239 KB',
      '2.5 MB',
      '10 MB',
    ])
  })

  it('describes a file with its kind, origin, release, who and when (hotline time), and what cites it', () => {
    const file = attachment({ origin: 'caller', released: true, citedBy: 'reply', uploadedBy: 'agent:agent1' })
    expect(describeFile(file)).toBe('照片 site.jpg，市民提供，已公开给承办单位，话务员 agent1 上传于 2026-11-30 14:05，用作“办结反馈”的附件')
  })

  it('offers as evidence only files no action cites yet', () => {
    const files = [attachment({ id: 'a' }), attachment({ id: 'b', citedBy: 'add-note' })]
    expect(pickable(files).map((f) => f.id)).toEqual(['a'])
  })

  it('knows whether the chosen files include a photo, and whether the case asks for one', () => {
    const files = [attachment({ id: 'p' }), attachment({ id: 'd', kind: 'document' })]
    expect([includesPhoto(files, ['d']), includesPhoto(files, ['d', 'p'])]).toEqual([false, true])
    expect([replyRequiresPhotos({ replyRequiresPhotos: true }), replyRequiresPhotos({}), replyRequiresPhotos(null)]).toEqual([true, false, false])
  })
})
