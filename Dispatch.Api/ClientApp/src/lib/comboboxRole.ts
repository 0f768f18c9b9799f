/**
 * Element Plus's cascader sets `aria-expanded` on its text input once its list has opened, and a text box may not carry it:
 * axe reports `aria-allowed-attr` (critical) on every cascader an agent has used (the desk's category and area, the workbench's
 * category filter). What the input is, is a combobox — typing filters a list that pops up — and a combobox carries
 * `aria-expanded`. So a text input that is given `aria-expanded` is given the role `combobox` too (and `aria-autocomplete`:
 * what is typed filters the list), wherever a screen puts one.
 */
export function watchComboboxRoles(root: Node = document.body): MutationObserver {
  const mark = (node: Element) => {
    if (node instanceof HTMLInputElement && !node.hasAttribute('role')) {
      node.setAttribute('role', 'combobox')
      if (!node.hasAttribute('aria-autocomplete')) node.setAttribute('aria-autocomplete', 'list')
    }
  }
  const observer = new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.target instanceof Element && change.target.hasAttribute('aria-expanded')) mark(change.target)
    }
  })
  observer.observe(root, { subtree: true, attributes: true, attributeFilter: ['aria-expanded'] })
  return observer
}
