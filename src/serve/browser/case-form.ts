// The form <-> a case object. A loaded file's fields that the form does not edit are kept and
// sent back with the case, so loading and saving a file changes nothing.
import { byId, isObj } from './dom.js';
import { clearErrors } from './errors.js';
import { applyKind } from './kinds.js';
import { GROUPS, ROW_KEYS, addRow, rowsOf } from './rows.js';
import type { Control, Json, Obj, PageConfig } from './types.js';

// fields of a loaded file that the form does not edit, by level ("case", "patient", ...)
let kept: Record<string, Obj> = {};

const form = () => byId<HTMLFormElement>('case-form');

function readControl(el: Control): Json | undefined {
  const type = el.dataset.type;
  const raw = el.value.trim();
  if (raw === '') return undefined;
  if (type === 'boolean') return raw === 'true';
  if (type === 'number' || type === 'integer') return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (type === 'lines')
    return raw
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean);
  if (type === 'list')
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return raw;
}

function writeControl(el: Control, value: Json | undefined) {
  let v: string;
  if (value === undefined || value === null) v = '';
  else if (Array.isArray(value)) v = value.map(String).join(el.dataset.type === 'lines' ? '\n' : ', ');
  else v = String(value);
  if (el instanceof HTMLSelectElement && v !== '' && !Array.from(el.options).some((o) => o.value === v)) {
    // a value the list does not offer (it will fail validation): show it rather than drop it
    const o = document.createElement('option');
    o.value = v;
    o.textContent = `${v} (from the file)`;
    el.appendChild(o);
  }
  el.value = v;
}

// ticked values in the order a loaded file listed them, then the rest in page order
function readChecks(box: HTMLElement): string[] {
  const ticked = Array.from(box.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')).map((c) => c.value);
  const order: string[] = box.dataset.order ? JSON.parse(box.dataset.order) : [];
  const rank = (v: string) => (order.includes(v) ? order.indexOf(v) : order.length);
  return ticked
    .map((v, i) => [v, i] as const)
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
    .map(([v]) => v);
}

function writeChecks(box: HTMLElement, values: Json | undefined) {
  const want = new Set(Array.isArray(values) ? values.map(String) : []);
  box.dataset.order = JSON.stringify([...want]);
  for (const c of Array.from(box.querySelectorAll<HTMLInputElement>('input[type=checkbox]'))) c.checked = want.has(c.value);
}

function set(o: Obj, path: string[], value: Json | undefined) {
  if (value === undefined) return;
  let cur = o;
  for (const k of path.slice(0, -1)) {
    if (!isObj(cur[k])) cur[k] = {};
    cur = cur[k] as Obj;
  }
  cur[path[path.length - 1]] = value;
}

function get(o: unknown, path: string[]): Json | undefined {
  let cur: unknown = o;
  for (const k of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[k];
  }
  return cur as Json | undefined;
}

// the request as written, when the form's "request as written" is blank
function requestText(r: Obj): string {
  const parts: string[] = [];
  if (typeof r.name === 'string') parts.push(r.name);
  if (typeof r.strength === 'string') parts.push(r.strength);
  if (typeof r.quantity === 'number') parts.push(`#${r.quantity}`);
  if (typeof r.frequency === 'string') parts.push(r.frequency);
  if (typeof r.perWeek === 'number' && typeof r.weeks === 'number') parts.push(`${r.perWeek} times a week for ${r.weeks} weeks`);
  else if (typeof r.sessions === 'number') parts.push(`x ${r.sessions} sessions`);
  if (typeof r.duration === 'string') parts.push(`for ${r.duration}`);
  return parts.join(' ');
}

function readRow(row: HTMLElement): Obj {
  const o: Obj = {};
  for (const el of Array.from(row.querySelectorAll<Control>('[data-field]'))) {
    const v = readControl(el);
    if (v !== undefined) o[el.dataset.field!] = v;
  }
  const extra = row.dataset.extra ? (JSON.parse(row.dataset.extra) as Obj) : {};
  return { ...o, ...extra };
}

export function formToCase(config: PageConfig): Obj {
  const c: Obj = {};
  for (const el of Array.from(form().querySelectorAll<Control>('[data-path]:is(input, select, textarea)'))) {
    set(c, el.dataset.path!.split('.'), readControl(el));
  }
  for (const box of Array.from(form().querySelectorAll<HTMLElement>('fieldset[data-type="checks"]'))) {
    const values = readChecks(box);
    if (values.length) set(c, box.dataset.path!.split('.'), values);
  }
  // a ticked trial states the list even if the select was left at "not stated"
  const firstLineState = byId<HTMLSelectElement>('first-line-state').value;
  const trials = readChecks(byId('documentation-failedFirstLine'));
  if (firstLineState === 'stated' || trials.length) set(c, ['documentation', 'failedFirstLine'], trials);

  const medications = rowsOf('history.medications').map(readRow);
  const treatments = rowsOf('history.treatments').map(readRow);
  if (medications.length) set(c, ['history', 'medications'], medications);
  if (treatments.length) set(c, ['history', 'treatments'], treatments);

  const used = new Set<string>();
  c.requests = rowsOf('requests').map((row, i) => {
    const r = readRow(row);
    if (typeof r.id !== 'string' || used.has(r.id)) {
      let n = i + 1;
      while (used.has(`item-${n}`)) n += 1;
      r.id = `item-${n}`;
    }
    used.add(r.id as string);
    if (r.text === undefined) r.text = requestText(r);
    const ordered: Obj = {};
    for (const k of config.requestKeys) if (r[k] !== undefined) ordered[k] = r[k];
    for (const k of Object.keys(r)) if (ordered[k] === undefined) ordered[k] = r[k];
    return ordered;
  });

  // put back what the loaded file had and the form does not edit
  for (const level of ['patient', 'injury', 'findings', 'documentation', 'history']) {
    if (kept[level] && Object.keys(kept[level]).length) c[level] = { ...(isObj(c[level]) ? c[level] : {}), ...kept[level] };
  }
  const out: Obj = {};
  const extraTop = kept.case ?? {};
  for (const k of config.caseKeys) {
    if (c[k] !== undefined) out[k] = c[k];
    else if (extraTop[k] !== undefined) out[k] = extraTop[k];
  }
  for (const k of Object.keys(extraTop)) if (out[k] === undefined) out[k] = extraTop[k];
  return out;
}

function unhandled(o: Json | undefined, keys: string[]): Obj {
  const out: Obj = {};
  if (isObj(o)) for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
  return out;
}

export function clearForm() {
  form().reset();
  for (const g of GROUPS) for (const row of rowsOf(g)) row.remove();
  kept = {};
  const keptNote = byId('kept-note');
  keptNote.hidden = true;
  keptNote.textContent = '';
  clearErrors();
}

// a new item row, its fields fitted to its kind
export function addItemRow(group: string): HTMLElement {
  const row = addRow(group);
  if (group === 'requests') applyKind(row);
  return row;
}

function fillRow(config: PageConfig, group: string, values: Json) {
  const row = addRow(group);
  if (isObj(values)) {
    for (const el of Array.from(row.querySelectorAll<Control>('[data-field]'))) writeControl(el, values[el.dataset.field!]);
    const extra = unhandled(values, config.handled[ROW_KEYS[group]]);
    if (Object.keys(extra).length) row.dataset.extra = JSON.stringify(extra);
  }
  if (group === 'requests') applyKind(row);
}

// fills the form from a case; returns the paths kept from it that the form does not show
export function caseToForm(config: PageConfig, data: Json): string[] {
  clearForm();
  const c = isObj(data) ? data : {};
  for (const el of Array.from(form().querySelectorAll<Control>('[data-path]:is(input, select, textarea)')))
    writeControl(el, get(c, el.dataset.path!.split('.')));
  byId<HTMLInputElement>('case-id').value = typeof c.id === 'string' ? c.id : '';
  for (const box of Array.from(form().querySelectorAll<HTMLElement>('fieldset[data-type="checks"]')))
    writeChecks(box, get(c, box.dataset.path!.split('.')));
  const ffl = get(c, ['documentation', 'failedFirstLine']);
  byId<HTMLSelectElement>('first-line-state').value = Array.isArray(ffl) ? 'stated' : '';
  writeChecks(byId('documentation-failedFirstLine'), ffl);
  const history = isObj(c.history) ? c.history : {};
  for (const m of Array.isArray(history.medications) ? history.medications : []) fillRow(config, 'history.medications', m);
  for (const t of Array.isArray(history.treatments) ? history.treatments : []) fillRow(config, 'history.treatments', t);
  for (const r of Array.isArray(c.requests) ? c.requests : []) fillRow(config, 'requests', r);
  if (rowsOf('requests').length === 0) addItemRow('requests');

  kept = { case: unhandled(c, config.handled.case) };
  for (const level of ['patient', 'injury', 'findings', 'documentation', 'history'])
    kept[level] = unhandled(c[level], config.handled[level]);
  const keptPaths = Object.entries(kept).flatMap(([level, o]) => Object.keys(o).map((k) => (level === 'case' ? k : `${level}.${k}`)));
  for (const g of GROUPS) {
    rowsOf(g).forEach((row, i) => {
      if (row.dataset.extra) for (const k of Object.keys(JSON.parse(row.dataset.extra))) keptPaths.push(`${g}[${i}].${k}`);
    });
  }
  if (keptPaths.length) {
    const keptNote = byId('kept-note');
    keptNote.hidden = false;
    keptNote.textContent = `Kept from the file as they were (not shown in the form): ${keptPaths.join(', ')}.`;
  }
  return keptPaths;
}
