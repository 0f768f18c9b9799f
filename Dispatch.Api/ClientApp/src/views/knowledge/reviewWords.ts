/** The knowledge base's words as the editor's review screen says them (Dispatch.Workers/Knowledge: MaterialTypes, KnowledgeAction). */
export const materialLabels: Record<string, string> = {
  guide: '办事指南',
  policy: '政策法规',
  'hot-qa': '热点问答',
  notice: '通知公告',
}

/** What each version of an entry did, as `versions[].action` names it. */
export const versionActionLabels: Record<string, string> = {
  created: '起草',
  edited: '修改',
  submitted: '提交审核',
  published: '发布',
  returned: '退回',
  archived: '归档',
  imported: '导入',
}
