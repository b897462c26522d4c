// imr-check web page script: the entry module (/assets/app.js). Compiled from src/serve/browser/
// with tsconfig.browser.json (DOM types, ES modules) and served as-is; it imports only its
// sibling modules.
//
// What it does: repeatable rows (items, medications, treatments); form <-> case object; loading a
// case file (the server converts YAML to JSON) and keeping the fields the form does not show;
// downloading the form as YAML; POST /api/check and rendering the result; placing each validation
// error next to its field; the kind of an item from the catalog and the fields that fit it; the
// request date defaulting to today, with the guideline editions in force on it.
import { addItemRow, caseToForm, clearForm, formToCase } from './case-form.js';
import { byId } from './dom.js';
import { clearErrors, showErrors } from './errors.js';
import { issueText } from './issue-text.js';
import { addCatalogKinds, applyKind, nameChanged, setFieldsByKind } from './kinds.js';
import { renderResult, showProblem } from './results.js';
import { removeRow, rowsOf } from './rows.js';
import type { Editions, Issue, Json, PageConfig, Result } from './types.js';

const config = JSON.parse(byId('page-config').textContent ?? '{}') as PageConfig;
setFieldsByKind(config.fieldsByKind);

const form = byId<HTMLFormElement>('case-form');
const resultsSection = byId('results');
const resultsHeading = byId('results-heading');
const fileStatus = byId('file-status');
const requestDate = byId<HTMLInputElement>('request-date');
let today = '';

async function check() {
  clearErrors();
  resultsSection.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch('/api/check', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(formToCase(config)),
    });
    const body = await res.json().catch(() => ({ error: `the server answered ${res.status}` }));
    if (res.ok) {
      renderResult(body as Result);
      resultsHeading.focus();
    } else if (res.status === 400 && Array.isArray(body.issues) && body.issues.length) {
      showProblem('The case has problems; they are listed above the form and next to each field.');
      showErrors(body.issues as Issue[]);
    } else {
      showProblem(`Could not check the case: ${body.error ?? res.statusText}`);
      resultsHeading.focus();
    }
  } catch (e) {
    showProblem(`Could not reach the server: ${(e as Error).message}`);
  } finally {
    resultsSection.setAttribute('aria-busy', 'false');
  }
}

async function loadFile(file: File) {
  const body = await file.text();
  const type = /\.json$/i.test(file.name) ? 'application/json' : 'application/yaml';
  const res = await fetch('/api/convert', { method: 'POST', headers: { 'content-type': type, accept: 'application/json' }, body });
  const data = await res.json().catch(() => ({ error: `the server answered ${res.status}` }));
  if (!res.ok) {
    fileStatus.textContent = `Could not read ${file.name}: ${data.issues?.map((i: Issue) => issueText(i)).join('; ') || data.error}`;
    return;
  }
  caseToForm(config, data as Json);
  void showEditions();
  const items = rowsOf('requests').length;
  fileStatus.textContent = `Loaded ${file.name}: ${items} item${items === 1 ? '' : 's'}. Press "Check the request" to see the prediction.`;
}

async function download() {
  const c = formToCase(config);
  const res = await fetch('/api/convert', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/yaml' },
    body: JSON.stringify(c),
  });
  if (!res.ok) {
    fileStatus.textContent = `Could not make the YAML file (the server answered ${res.status}).`;
    return;
  }
  const blob = new Blob([await res.text()], { type: 'application/yaml' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${String(c.id ?? 'case').replace(/[^A-Za-z0-9._-]+/g, '-') || 'case'}.yaml`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  fileStatus.textContent = `Saved ${a.download}.`;
}

// the guideline editions in force on the request date (today when none is given)
async function showEditions() {
  const box = byId('edition');
  const date = requestDate.value;
  try {
    const res = await fetch(`/api/editions${date ? `?date=${encodeURIComponent(date)}` : ''}`);
    const e = (await res.json()) as Editions;
    if (!res.ok) throw new Error();
    if (!today) today = e.today;
    box.textContent = e.editions.length
      ? `Guidelines in force on ${e.date}${date ? '' : ' (today)'}: ${e.editions.join('; ')}.`
      : `No guideline edition encoded here is in force on ${e.date}.`;
  } catch {
    box.textContent = '';
  }
}

function startEmpty() {
  addItemRow('requests');
  byId<HTMLInputElement>('case-id').value = 'web-case';
  if (today) requestDate.value = today;
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  void check();
});
form.addEventListener('click', (ev) => {
  const target = (ev.target as HTMLElement).closest<HTMLElement>('[data-action]');
  if (!target) return;
  if (target.dataset.action === 'add') {
    const row = addItemRow(target.dataset.group!);
    row.querySelector<HTMLElement>('input:not([type=hidden]), select')?.focus();
  } else if (target.dataset.action === 'remove') {
    removeRow(target.closest<HTMLElement>('fieldset.row')!);
  }
});
// the kind follows a catalog name as soon as one is typed or picked; the fields follow the kind
form.addEventListener('input', (ev) => {
  const el = ev.target as HTMLElement;
  const row = el.closest<HTMLElement>('[data-group="requests"]');
  if (row && el.dataset.field === 'name') nameChanged(row);
});
form.addEventListener('change', (ev) => {
  const el = ev.target as HTMLElement;
  const row = el.closest<HTMLElement>('[data-group="requests"]');
  if (row && el.dataset.field === 'kind') applyKind(row);
  if (el === requestDate) void showEditions();
});
byId('case-file').addEventListener('change', (ev) => {
  const input = ev.target as HTMLInputElement;
  const file = input.files?.[0];
  if (file)
    void loadFile(file).finally(() => {
      input.value = '';
    });
});
byId('download').addEventListener('click', () => void download());
byId('print').addEventListener('click', () => window.print());
byId('clear').addEventListener('click', () => {
  clearForm();
  startEmpty();
  void showEditions();
  fileStatus.textContent = 'The form is cleared.';
});

await showEditions();
startEmpty();
void showEditions();
try {
  const body = (await (await fetch('/api/names')).json()) as { names: string[]; kinds: Array<[string, string]> };
  addCatalogKinds(body.kinds);
  const list = byId('catalog-names');
  for (const name of body.names) {
    const o = document.createElement('option');
    o.value = name;
    list.appendChild(o);
  }
} catch {
  // autocomplete is a convenience; the form works without it
}
document.documentElement.dataset.ready = 'true';
