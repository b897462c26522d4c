// An item row shows the fields that fit its kind (a strength for a medication, sessions for a
// therapy), and a name chosen from the catalog sets the kind. A field that holds a value stays
// shown whatever the kind, so nothing typed or loaded is hidden.
import type { Control } from './types.js';

let fieldsByKind: Record<string, string[]> = {};
// catalog names, lower case, to the kind of their entry
const catalogKinds = new Map<string, string>();

export function setFieldsByKind(f: Record<string, string[]>) {
  fieldsByKind = f;
}

export function addCatalogKinds(entries: Array<[string, string]>) {
  for (const [name, kind] of entries) catalogKinds.set(name.trim().toLowerCase(), kind);
}

export function applyKind(row: HTMLElement) {
  const kind = row.querySelector<HTMLSelectElement>('[data-field="kind"]')?.value ?? '';
  const fits = fieldsByKind[kind];
  for (const el of Array.from(row.querySelectorAll<Control>('[data-field]'))) {
    const box = el.closest<HTMLElement>('.field');
    if (!box || el.type === 'hidden') continue;
    box.hidden = fits !== undefined && !fits.includes(el.dataset.field!) && el.value.trim() === '';
  }
}

// the kind of a catalog name, when the name is one the catalog lists
export function kindOfName(name: string): string | undefined {
  return catalogKinds.get(name.trim().toLowerCase());
}

// after the name of an item changes: the kind from the catalog, then the fields of that kind
export function nameChanged(row: HTMLElement) {
  const name = row.querySelector<HTMLInputElement>('[data-field="name"]')?.value ?? '';
  const kind = kindOfName(name);
  const select = row.querySelector<HTMLSelectElement>('[data-field="kind"]');
  if (kind && select && Array.from(select.options).some((o) => o.value === kind)) select.value = kind;
  applyKind(row);
}
