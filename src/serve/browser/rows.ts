// Repeatable rows (requested items, medications, prior treatments), cloned from <template>s.

export const GROUPS = ['requests', 'history.medications', 'history.treatments'];
export const ROW_KEYS: Record<string, string> = {
  requests: 'request',
  'history.medications': 'medication',
  'history.treatments': 'treatment',
};

let counter = 0;

export function rowsOf(group: string): HTMLElement[] {
  const box = document.querySelector(`[data-rows="${group}"]`);
  return box ? (Array.from(box.children) as HTMLElement[]) : [];
}

function renumber(group: string) {
  rowsOf(group).forEach((row, i) => {
    const num = row.querySelector('.row-num');
    if (num) num.textContent = String(i + 1);
    const remove = row.querySelector('[data-action="remove"]');
    const label = remove?.getAttribute('aria-label');
    if (remove && label) remove.setAttribute('aria-label', label.replace(/(\{\{num\}\}|\d+)$/, String(i + 1)));
  });
}

export function addRow(group: string): HTMLElement {
  const tpl = document.getElementById(`tpl-${group}`) as HTMLTemplateElement;
  counter += 1;
  const wrap = document.createElement('div');
  wrap.innerHTML = tpl.innerHTML.replace(/\{\{n\}\}/g, String(counter));
  const row = wrap.firstElementChild as HTMLElement;
  document.querySelector(`[data-rows="${group}"]`)!.appendChild(row);
  renumber(group);
  return row;
}

// removes a row and moves the focus to the next row, or to the group's add button
export function removeRow(row: HTMLElement) {
  const group = row.dataset.group!;
  const rows = rowsOf(group);
  const i = rows.indexOf(row);
  row.remove();
  renumber(group);
  const rest = rowsOf(group);
  const next = rest[Math.min(i, rest.length - 1)];
  const focusTarget =
    next?.querySelector<HTMLElement>('input:not([type=hidden]), select') ??
    document.querySelector<HTMLElement>(`[data-action="add"][data-group="${group}"]`);
  focusTarget?.focus();
}
