import type { AreaRecord, CatalogueKind, CategoryRecord, DepartmentRecord } from '@/api/directory'

/**
 * Departments, areas and categories as the administrator's trees: each record under its parent (by `parentCode`), siblings in
 * code order, a record whose parent is missing shown at the top rather than lost. Pure, so the tree is checked without a DOM.
 */
export type CatalogueRecord = DepartmentRecord | AreaRecord | CategoryRecord

export interface TreeNode {
  code: string
  label: string
  inactive: boolean
  record: CatalogueRecord
  children: TreeNode[]
}

export const kindTitles: Record<CatalogueKind, string> = { departments: '部门', areas: '区域', categories: '分类' }

/** The administrative record's entity for each resource (Dispatch.Workers/Administration/AdminChanges.cs). */
export const changeEntity: Record<CatalogueKind, string> = { departments: 'department', areas: 'area', categories: 'category' }

export const departmentKindLabels: Record<string, string> = {
  center: '热线中心',
  department: '职能部门',
  'street-office': '街道办事处',
  community: '社区',
  'grid-station': '网格工作站',
}

export const areaLevelLabels: Record<string, string> = { district: '区', street: '街道', community: '社区', grid: '网格' }

function isActive(record: CatalogueRecord): boolean {
  return !('active' in record) || record.active !== false
}

export function buildTree(records: readonly CatalogueRecord[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>()
  for (const record of records) {
    nodes.set(record.code, { code: record.code, label: `${record.name}（${record.code}）`, inactive: !isActive(record), record, children: [] })
  }
  const roots: TreeNode[] = []
  for (const node of nodes.values()) {
    const parent = node.record.parentCode ? nodes.get(node.record.parentCode) : undefined
    if (parent && parent !== node) parent.children.push(node)
    else roots.push(node)
  }
  const sort = (list: TreeNode[]) => {
    list.sort((a, b) => a.code.localeCompare(b.code))
    for (const n of list) sort(n.children)
  }
  sort(roots)
  return roots
}

/**
 * A category's parent by its code: six digits, two per level (010000 › 010100 › 010101), as the API derives it; null at the top.
 * Used to suggest the code of a new child.
 */
export function nextChildCategoryCode(parent: CategoryRecord | null, siblings: readonly CategoryRecord[]): string {
  if (!parent) {
    const used = siblings.filter((c) => c.level === 1).map((c) => Number(c.code.slice(0, 2)))
    return `${String(Math.max(0, ...used) + 1).padStart(2, '0')}0000`
  }
  const level = parent.level + 1
  if (level > 3) return ''
  const start = (level - 1) * 2
  const used = siblings.filter((c) => c.parentCode === parent.code).map((c) => Number(c.code.slice(start, start + 2)))
  const next = String(Math.max(0, ...used) + 1).padStart(2, '0')
  return `${parent.code.slice(0, start)}${next}${'0'.repeat(6 - start - 2)}`
}

/** The areas' levels in order: a new area lies in an area of the level above. */
export function childLevel(level: string | null | undefined): string {
  return ({ district: 'street', street: 'community', community: 'grid' } as Record<string, string>)[level ?? ''] ?? 'district'
}
