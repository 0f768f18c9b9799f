import { computed, shallowRef } from 'vue'
import { catalogue as catalogueApi } from '@/api/endpoints'
import type { Area, CategoryView, Department } from '@/api/types'

/** A node of a cascader: Element Plus's {value, label, children} shape. */
export interface TreeOption {
  value: string
  label: string
  children?: TreeOption[]
  disabled?: boolean
  leaf?: boolean
  [key: string]: unknown
}

const categories = shallowRef<CategoryView[]>([])
const areas = shallowRef<Area[]>([])
const departments = shallowRef<Department[]>([])
let loading: Promise<void> | null = null

/** Builds a tree from a flat list of {code, parent}; `keep` drops entries (inactive categories) with their subtrees. */
export function buildTree<T>(
  items: readonly T[],
  code: (item: T) => string,
  parent: (item: T) => string | null | undefined,
  name: (item: T) => string,
  keep: (item: T) => boolean = () => true,
): TreeOption[] {
  const nodes = new Map<string, TreeOption>()
  const kept = items.filter(keep)
  for (const item of kept) nodes.set(code(item), { value: code(item), label: name(item) })
  const roots: TreeOption[] = []
  for (const item of kept) {
    const node = nodes.get(code(item))!
    const parentCode = parent(item)
    const parentNode = parentCode ? nodes.get(parentCode) : undefined
    if (parentNode) (parentNode.children ??= []).push(node)
    else if (!parentCode) roots.push(node)
  }
  return roots
}

/** The path of codes from the root to `code` (for a cascader's value), given each code's parent. */
export function pathTo(code: string | null | undefined, parentOf: (code: string) => string | null | undefined): string[] {
  const path: string[] = []
  const seen = new Set<string>()
  for (let current = code ?? null; current && !seen.has(current); current = parentOf(current) ?? null) {
    seen.add(current)
    path.unshift(current)
  }
  return path
}

/** The catalogue (categories, areas, departments), read once per page load and shared. */
export function useCatalogue() {
  function load(): Promise<void> {
    loading ??= Promise.all([catalogueApi.categories(), catalogueApi.areas(), catalogueApi.departments()])
      .then(([c, a, d]) => {
        categories.value = c
        areas.value = a
        departments.value = d
      })
      .catch((error: unknown) => {
        loading = null
        throw error
      })
    return loading
  }

  const categoryByCode = computed(() => new Map(categories.value.map((c) => [c.code, c])))
  const areaByCode = computed(() => new Map(areas.value.map((a) => [a.code, a])))
  const departmentByCode = computed(() => new Map(departments.value.map((d) => [d.code, d])))

  const categoryTree = computed(() =>
    buildTree(categories.value, (c) => c.code, (c) => c.parentCode, (c) => c.name, (c) => c.active !== false),
  )
  const areaTree = computed(() => buildTree(areas.value, (a) => a.code, (a) => a.parentCode, (a) => a.name))

  function categoryPath(code: string | null | undefined): string {
    return pathTo(code, (c) => categoryByCode.value.get(c)?.parentCode)
      .map((c) => categoryByCode.value.get(c)?.name ?? c)
      .join(' › ')
  }

  function categoryName(code: string | null | undefined): string {
    return code ? (categoryByCode.value.get(code)?.name ?? code) : ''
  }

  function areaPath(...codes: Array<string | null | undefined>): string {
    return codes
      .filter((c): c is string => !!c)
      .map((c) => areaByCode.value.get(c)?.name ?? c)
      .join(' › ')
  }

  function departmentName(code: string | null | undefined): string {
    return code ? (departmentByCode.value.get(code)?.name ?? code) : ''
  }

  /** The departments a case can be dispatched to: every one but the center itself. */
  const dispatchTargets = computed(() => departments.value.filter((d) => d.kind !== 'center'))

  /** The sub-units of a department (and theirs), the targets of a forward (二级派单). */
  function subUnitsOf(code: string | null | undefined): Department[] {
    if (!code) return []
    const below = new Set<string>([code])
    let grew = true
    while (grew) {
      grew = false
      for (const d of departments.value) {
        if (d.parentCode && below.has(d.parentCode) && !below.has(d.code)) {
          below.add(d.code)
          grew = true
        }
      }
    }
    below.delete(code)
    return departments.value.filter((d) => below.has(d.code))
  }

  return {
    load,
    categories,
    areas,
    departments,
    categoryTree,
    areaTree,
    categoryPath,
    categoryName,
    areaPath,
    departmentName,
    dispatchTargets,
    subUnitsOf,
  }
}
