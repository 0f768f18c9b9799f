import { ApiError, describeProblem, plainWords, type Problem } from '@/api/problems'
import type { AttachmentView } from '@/api/types'
import { actionLabel, actorLabel } from './words'
import { formatDateTime } from './time'

// What the console says about files on a case (docs/attachments.md): their kinds and origins in words, an upload's refusal in
// plain Chinese, and which files a person may pick as an action's evidence.

/** What the file chooser offers: the types the API accepts (it decides from the bytes; this only spares a wasted upload). */
export const acceptedTypes = 'image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,application/pdf,audio/*,.amr,.m4a'

/** Photos only: the phone camera and a rectification photo. */
export const photoTypes = 'image/*'

export const kindLabels: Record<string, string> = {
  photo: '照片',
  document: '文档',
  audio: '录音',
  'recording-link': '通话录音',
}

export const originLabels: Record<string, string> = {
  caller: '市民提供',
  staff: '工作人员',
}

export function kindLabel(kind: string): string {
  return kindLabels[kind] ?? kind
}

export function originLabel(origin: string): string {
  return originLabels[origin] ?? origin
}

/** 2.4 MB, 830 KB, 512 B: a size as people read it. */
export function formatSize(bytes: number | null | undefined): string {
  const size = Number(bytes ?? 0)
  if (size >= 1024 * 1024) return `${(size / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`
  if (size >= 1024) return `${Math.round(size / 1024)} KB`
  return `${size} B`
}

/** A file's name as shown: the name it was sent with, else its kind (a recording link has no name). */
export function displayName(file: Pick<AttachmentView, 'fileName' | 'kind'>): string {
  return file.fileName?.trim() || kindLabel(file.kind)
}

/** One line about a file for a screen reader and a tooltip: 照片 site.jpg，市民提供，坐席 zhang 上传于 2026-11-30 14:05. */
export function describeFile(file: AttachmentView): string {
  const parts = [`${kindLabel(file.kind)} ${displayName(file)}`, originLabel(file.origin)]
  if (file.released) parts.push('已公开给承办单位')
  parts.push(`${actorLabel(file.uploadedBy)} 上传于 ${formatDateTime(file.uploadedAt)}`)
  const citedBy = citedByLabel(file)
  if (citedBy) parts.push(citedBy)
  return parts.join('，')
}

/** 用作「办结反馈」的附件, when an action names the file as its evidence. */
export function citedByLabel(file: Pick<AttachmentView, 'citedBy'>): string {
  if (!file.citedBy) return ''
  return `用作“${actionLabel(file.citedBy) ?? file.citedBy}”的附件`
}

/** The files an action may name: on the case and cited by no action yet (the API refuses the others with 422). */
export function pickable(files: readonly AttachmentView[]): AttachmentView[] {
  return files.filter((f) => !f.citedBy)
}

/** Whether the case's reply must name a rectification photo (the case view's `replyRequiresPhotos`, from its deadline policy). */
export function replyRequiresPhotos(kase: object | null | undefined): boolean {
  return (kase as { replyRequiresPhotos?: boolean } | null | undefined)?.replyRequiresPhotos === true
}

/** Whether the chosen ids include a photo: the reply's rectification photos, when the case asks for them. */
export function includesPhoto(files: readonly AttachmentView[], ids: readonly string[]): boolean {
  const chosen = new Set(ids)
  return files.some((f) => chosen.has(f.id) && f.kind === 'photo')
}

/**
 * The files a drop or a paste carries. A screenshot pasted from the clipboard arrives as `image.png` (every browser names it so):
 * it is named after the time instead, so two pasted screenshots are told apart in the list.
 */
export function filesOf(data: DataTransfer | null | undefined, now: Date = new Date()): File[] {
  if (!data) return []
  const files: File[] = []
  if (data.files && data.files.length > 0) {
    for (const file of Array.from(data.files)) files.push(file)
  } else {
    for (const item of Array.from(data.items ?? [])) {
      if (item.kind !== 'file') continue
      const file = item.getAsFile()
      if (file) files.push(file)
    }
  }
  return files.map((file) => (isUnnamedPaste(file) ? renamePaste(file, now) : file))
}

function isUnnamedPaste(file: File): boolean {
  return /^image\.(png|jpe?g|gif|webp)$/i.test(file.name) || file.name === ''
}

function renamePaste(file: File, now: Date): File {
  const extension = file.type === 'image/jpeg' ? 'jpg' : (file.type.split('/')[1] ?? 'png')
  const stamp = formatDateTime(now).replace(/[-: ]/g, '').slice(0, 12)
  return new File([file], `截图-${stamp}.${extension}`, { type: file.type, lastModified: now.getTime() })
}

/** Why the API refused an upload, in the words the console shows next to the upload control. */
export function describeUploadProblem(error: unknown): string {
  if (!(error instanceof ApiError)) return describeProblem(error)
  const { status, problem } = error
  const byKind = problem.problem ? uploadProblemWords(String(problem.problem), problem) : null
  if (byKind) return byKind
  const fileMessages = messagesOf(problem, 'file')
  const originMessages = messagesOf(problem, 'origin')
  if (originMessages.length > 0) return '来源只能是“市民提供”或“工作人员”。'
  if (status === 413) return tooLarge(problem)
  if (status === 415) return fileMessages.length > 0 || /multipart/i.test(JSON.stringify(problem.errors ?? {}))
    ? '不接受这种文件：只能上传照片（JPEG、PNG、WebP）、PDF 文档或录音（MP3、WAV、AMR、M4A）。'
    : '不接受这种文件。'
  if (fileMessages.length > 0) return fileMessages.map(fileWords).join('；')
  if (status === 400 || status === 422) {
    const other = Object.entries(problem.errors ?? {}).flatMap(([, m]) => (m ?? []).map(plainWords))
    if (other.length > 0) return other.join('；')
  }
  return describeProblem(error)
}

function messagesOf(problem: Problem, field: string): string[] {
  return Object.entries(problem.errors ?? {})
    .filter(([key]) => key.toLowerCase() === field)
    .flatMap(([, messages]) => messages ?? [])
}

/** The rule the API names in `problem` (FileProblemKind in Dispatch.Workers/Attachments/FileIntake.cs). */
function uploadProblemWords(kind: string, problem: Problem): string | null {
  switch (kind) {
    case 'TooLarge':
      return tooLarge(problem)
    case 'Unsupported':
      return '不接受这种文件：只能上传照片（JPEG、PNG、WebP）、PDF 文档或录音（MP3、WAV、AMR、M4A）。'
    case 'Disguised':
      return '文件内容与文件名不符（例如名为 .jpg 却不是照片），未上传。请按文件的真实类型发送。'
    case 'NotDecodable':
      return '这张照片无法在此读取（如 HEIC 格式），请转成 JPEG 后再上传。'
    case 'Truncated':
      return '文件不完整（可能没有传完或已截断），请重新发送。'
    case 'Damaged':
      return '文件已损坏，无法读取。'
    case 'Empty':
      return '文件是空的（0 字节）。'
    case 'BadName':
      return '文件名不能含路径或特殊字符，请改名后再上传。'
    case 'Missing':
      return '没有收到文件（每次只传一个文件）。'
    default:
      return null
  }
}

function tooLarge(problem: Problem): string {
  const text = [problem.detail ?? '', ...messagesOf(problem, 'file')].join(' ')
  const mb = text.match(/at most ([\d.]+) MB/)
  return mb ? `文件太大：每个文件最多 ${mb[1]} MB。` : '文件太大，未上传。'
}

/** A file message the API wrote in English, said in Chinese where it is one the console meets. */
function fileWords(message: string): string {
  const full = message.match(/^The case carries (\d+) files already; at most (\d+)/)
  if (full) return `这张工单已有 ${full[1]} 个附件，最多 ${full[2]} 个，不能再上传。`
  const waiting = message.match(/^(\d+) of your files wait for a filing already; at most (\d+)/)
  if (waiting) return `您已有 ${waiting[1]} 个附件等待登记（最多 ${waiting[2]} 个）：请先登记用到它们的工单，或等其过期。`
  if (/is a path/.test(message)) return '文件名不能含路径，请只用文件名（如 photo.jpg）。'
  if (/control or direction characters/.test(message)) return '文件名含有不可见的控制字符，请改名后再上传。'
  const long = message.match(/^The file name is longer than (\d+) characters/)
  if (long) return `文件名太长：最多 ${long[1]} 个字符。`
  if (/^One file per request/.test(message)) return '每次只能上传一个文件。'
  if (/no part named 'file'/.test(message)) return '没有收到文件。'
  if (/not what its name says|named as .* but its bytes/.test(message)) return '文件内容与文件名不符，未上传。'
  if (/is empty/.test(message)) return '文件是空的（0 字节）。'
  if (/cut short/.test(message)) return '文件不完整，请重新发送。'
  return plainWords(message)
}
