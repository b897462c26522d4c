// Validation errors from the server, each placed next to its field (aria-invalid and
// aria-describedby) and listed with links above the form.
import { byId, text } from './dom.js';
import { issueText } from './issue-text.js';
import { rowsOf } from './rows.js';
import type { Control, Issue } from './types.js';

const form = () => byId<HTMLFormElement>('case-form');

export function clearErrors() {
  const summaryBox = byId('error-summary');
  summaryBox.hidden = true;
  summaryBox.textContent = '';
  for (const e of Array.from(form().querySelectorAll('.field-error'))) e.remove();
  for (const el of Array.from(form().querySelectorAll<HTMLElement>('[aria-invalid]'))) {
    el.removeAttribute('aria-invalid');
    const hint = el.dataset.hint;
    if (hint) el.setAttribute('aria-describedby', hint);
    else el.removeAttribute('aria-describedby');
  }
}

// requests[0].quantity -> the quantity input of the first item row
function controlFor(path: string): HTMLElement | undefined {
  const m = /^(requests|history\.medications|history\.treatments)\[(\d+)\](?:\.([A-Za-z]+))?/.exec(path);
  if (m) {
    const row = rowsOf(m[1])[Number(m[2])];
    if (!row) return undefined;
    return (
      (m[3] && row.querySelector<HTMLElement>(`[data-field="${m[3]}"]:not([type=hidden])`)) ||
      row.querySelector<HTMLElement>('input:not([type=hidden]), select') ||
      undefined
    );
  }
  const plain = path.replace(/\[\d+\]$/, '');
  if (plain === 'requests') return rowsOf('requests')[0]?.querySelector<HTMLElement>('[data-field="name"]') ?? undefined;
  for (let p = plain; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const el = form().querySelector<HTMLElement>(`[data-path="${p}"]`);
    if (el) return el;
  }
  return undefined;
}

// a field inside a closed <details> or hidden for its kind is opened or shown so the error is seen
function reveal(el: HTMLElement) {
  const details = el.closest('details');
  if (details) details.open = true;
  const box = el.closest<HTMLElement>('.field');
  if (box) box.hidden = false;
}

export function showErrors(issues: Issue[]) {
  clearErrors();
  const summaryBox = byId('error-summary');
  const list = document.createElement('ul');
  let n = 0;
  const placed = new Set<HTMLElement>();
  for (const issue of issues) {
    let el = controlFor(issue.path);
    // a blank "request as written" is built from the name: point at the name instead
    const textOfRow = /^requests\[(\d+)\]\.text$/.exec(issue.path);
    if (textOfRow && el && (el as Control).value.trim() === '') {
      if (issues.some((i) => i.path === `requests[${textOfRow[1]}].name`)) continue;
      el = controlFor(`requests[${textOfRow[1]}].name`);
    }
    // next to the field its message alone (the field's own label is beside it); in the summary the
    // whole line as `check` prints it, with the path and the field's label
    const message = issue.message;
    const line = issueText(issue);
    const li = document.createElement('li');
    if (el) {
      const target = el;
      if (!target.id) target.id = `err-target-${(n += 1)}`;
      const errId = `${target.id}-error`;
      let p = document.getElementById(errId);
      if (!p) {
        p = text('p', '', 'field-error');
        p.id = errId;
        const anchor = target.closest('.field') ?? target;
        anchor.appendChild(p);
      }
      p.textContent = placed.has(target) ? `${p.textContent}; ${message}` : `${message}`;
      placed.add(target);
      target.setAttribute('aria-invalid', 'true');
      target.setAttribute('aria-describedby', [errId, target.dataset.hint].filter(Boolean).join(' '));
      const a = document.createElement('a');
      a.href = `#${target.id}`;
      a.textContent = line;
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        reveal(target);
        target.focus();
      });
      li.appendChild(a);
    } else {
      li.textContent = line;
    }
    list.appendChild(li);
  }
  const count = list.children.length;
  summaryBox.appendChild(text('h3', `The case has ${count} problem${count === 1 ? '' : 's'}`));
  summaryBox.appendChild(list);
  summaryBox.hidden = false;
  for (const el of placed) reveal(el);
  summaryBox.focus();
}
