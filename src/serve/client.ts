// The page's script. It runs in the browser: the server sends `(${clientMain})(config)` as
// /assets/app.js, so this function must be self-contained (no imports, no outer variables) and is
// type-checked here against the DOM types like any other source.
//
// What it does: repeatable rows (items, medications, treatments); form <-> case object; loading a
// case file (the server converts YAML to JSON) and keeping the fields the form does not show;
// downloading the form as YAML; POST /api/check and rendering the result; placing each validation
// error next to its field (aria-invalid + aria-describedby) with a summary of links at the top.

export type ClientConfig = {
  handled: Record<string, string[]>;
  caseKeys: string[];
  requestKeys: string[];
};

export function clientMain(config: ClientConfig): void {
  type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
  type Obj = { [k: string]: Json };
  type Issue = { path: string; message: string };
  type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

  const form = document.getElementById('case-form') as HTMLFormElement;
  const resultsBody = document.getElementById('results-body') as HTMLElement;
  const resultsSection = document.getElementById('results') as HTMLElement;
  const resultsHeading = document.getElementById('results-heading') as HTMLElement;
  const summaryBox = document.getElementById('error-summary') as HTMLElement;
  const fileStatus = document.getElementById('file-status') as HTMLElement;
  const keptNote = document.getElementById('kept-note') as HTMLElement;
  const GROUPS = ['requests', 'history.medications', 'history.treatments'];
  const ROW_KEYS: Record<string, string> = { requests: 'request', 'history.medications': 'medication', 'history.treatments': 'treatment' };
  let counter = 0;
  // fields of a loaded file that the form does not edit, by level ("case", "patient", ...)
  let kept: Record<string, Obj> = {};

  const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
  const text = (tag: string, content: string, cls?: string) => {
    const e = document.createElement(tag);
    e.textContent = content;
    if (cls) e.className = cls;
    return e;
  };

  // ---- repeatable rows ------------------------------------------------------------------------
  function rowsOf(group: string): HTMLElement[] {
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

  function addRow(group: string): HTMLElement {
    const tpl = document.getElementById(`tpl-${group}`) as HTMLTemplateElement;
    counter += 1;
    const wrap = document.createElement('div');
    wrap.innerHTML = tpl.innerHTML.replace(/\{\{n\}\}/g, String(counter));
    const row = wrap.firstElementChild as HTMLElement;
    document.querySelector(`[data-rows="${group}"]`)!.appendChild(row);
    renumber(group);
    return row;
  }

  function removeRow(row: HTMLElement) {
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

  // ---- reading and writing controls -----------------------------------------------------------
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

  // ---- form -> case ---------------------------------------------------------------------------
  function readRow(row: HTMLElement): Obj {
    const o: Obj = {};
    for (const el of Array.from(row.querySelectorAll<Control>('[data-field]'))) {
      const v = readControl(el);
      if (v !== undefined) o[el.dataset.field!] = v;
    }
    const extra = row.dataset.extra ? (JSON.parse(row.dataset.extra) as Obj) : {};
    return { ...o, ...extra };
  }

  function formToCase(): Obj {
    const c: Obj = {};
    for (const el of Array.from(form.querySelectorAll<Control>('[data-path]:is(input, select, textarea)'))) {
      set(c, el.dataset.path!.split('.'), readControl(el));
    }
    for (const box of Array.from(form.querySelectorAll<HTMLElement>('fieldset[data-type="checks"]'))) {
      const values = readChecks(box);
      if (values.length) set(c, box.dataset.path!.split('.'), values);
    }
    // a ticked trial states the list even if the select was left at "not stated"
    const firstLineState = (document.getElementById('first-line-state') as HTMLSelectElement).value;
    const trials = readChecks(document.getElementById('documentation-failedFirstLine')!);
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

  // ---- case -> form ---------------------------------------------------------------------------
  function unhandled(o: Json | undefined, keys: string[]): Obj {
    const out: Obj = {};
    if (isObj(o)) for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
    return out;
  }

  function clearForm() {
    form.reset();
    for (const g of GROUPS) for (const row of rowsOf(g)) row.remove();
    kept = {};
    keptNote.hidden = true;
    keptNote.textContent = '';
    clearErrors();
  }

  function fillRow(group: string, values: Json) {
    const row = addRow(group);
    if (!isObj(values)) return;
    for (const el of Array.from(row.querySelectorAll<Control>('[data-field]'))) writeControl(el, values[el.dataset.field!]);
    const extra = unhandled(values, config.handled[ROW_KEYS[group]]);
    if (Object.keys(extra).length) row.dataset.extra = JSON.stringify(extra);
  }

  function caseToForm(data: Json): string[] {
    clearForm();
    const c = isObj(data) ? data : {};
    for (const el of Array.from(form.querySelectorAll<Control>('[data-path]:is(input, select, textarea)')))
      writeControl(el, get(c, el.dataset.path!.split('.')));
    (document.getElementById('case-id') as HTMLInputElement).value = typeof c.id === 'string' ? c.id : '';
    for (const box of Array.from(form.querySelectorAll<HTMLElement>('fieldset[data-type="checks"]')))
      writeChecks(box, get(c, box.dataset.path!.split('.')));
    const ffl = get(c, ['documentation', 'failedFirstLine']);
    (document.getElementById('first-line-state') as HTMLSelectElement).value = Array.isArray(ffl) ? 'stated' : '';
    writeChecks(document.getElementById('documentation-failedFirstLine')!, ffl);
    const history = isObj(c.history) ? c.history : {};
    for (const m of Array.isArray(history.medications) ? history.medications : []) fillRow('history.medications', m);
    for (const t of Array.isArray(history.treatments) ? history.treatments : []) fillRow('history.treatments', t);
    for (const r of Array.isArray(c.requests) ? c.requests : []) fillRow('requests', r);
    if (rowsOf('requests').length === 0) addRow('requests');

    kept = { case: unhandled(c, config.handled.case) };
    for (const level of ['patient', 'injury', 'findings', 'documentation', 'history'])
      kept[level] = unhandled(c[level], config.handled[level]);
    const keptPaths = Object.entries(kept).flatMap(([level, o]) => Object.keys(o).map((k) => (level === 'case' ? k : `${level}.${k}`)));
    rowsOf('requests').forEach((row, i) => {
      if (row.dataset.extra) for (const k of Object.keys(JSON.parse(row.dataset.extra))) keptPaths.push(`requests[${i}].${k}`);
    });
    for (const g of ['history.medications', 'history.treatments']) {
      rowsOf(g).forEach((row, i) => {
        if (row.dataset.extra) for (const k of Object.keys(JSON.parse(row.dataset.extra))) keptPaths.push(`${g}[${i}].${k}`);
      });
    }
    if (keptPaths.length) {
      keptNote.hidden = false;
      keptNote.textContent = `Kept from the file as they were (not shown in the form): ${keptPaths.join(', ')}.`;
    }
    return keptPaths;
  }

  // ---- validation errors ----------------------------------------------------------------------
  function clearErrors() {
    summaryBox.hidden = true;
    summaryBox.textContent = '';
    for (const e of Array.from(form.querySelectorAll('.field-error'))) e.remove();
    for (const el of Array.from(form.querySelectorAll<HTMLElement>('[aria-invalid]'))) {
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
      const el = form.querySelector<HTMLElement>(`[data-path="${p}"]`);
      if (el) return el;
    }
    return undefined;
  }

  const humanize = (msg: string) =>
    msg
      .replace(/^Too small: expected string to have >=1 characters$/, 'must not be empty')
      .replace(/^Too small: expected number to be >0$/, 'must be greater than 0')
      .replace(/^Too small: expected number to be >=0$/, 'must be 0 or more')
      .replace(/^Invalid input: expected string, received undefined$/, 'is required')
      .replace(/^Invalid input: expected number, received string$/, 'must be a number')
      .replace(/^Invalid input: expected int, received number$/, 'must be a whole number');

  function showErrors(issues: Issue[]) {
    clearErrors();
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
      const message = humanize(issue.message);
      const li = document.createElement('li');
      const where = issue.path || 'the case';
      if (el) {
        if (!el.id) el.id = `err-target-${(n += 1)}`;
        const errId = `${el.id}-error`;
        let p = document.getElementById(errId);
        if (!p) {
          p = text('p', '', 'field-error');
          p.id = errId;
          const anchor = el.closest('.field') ?? el;
          if (anchor === el && el.tagName === 'FIELDSET') el.appendChild(p);
          else anchor.appendChild(p);
        }
        p.textContent = placed.has(el) ? `${p.textContent}; ${message}` : `${message}`;
        placed.add(el);
        el.setAttribute('aria-invalid', 'true');
        el.setAttribute('aria-describedby', [errId, el.dataset.hint].filter(Boolean).join(' '));
        const a = document.createElement('a');
        a.href = `#${el.id}`;
        a.textContent = `${where}: ${message}`;
        a.addEventListener('click', (ev) => {
          ev.preventDefault();
          const details = el!.closest('details');
          if (details) details.open = true;
          el!.focus();
        });
        li.appendChild(a);
      } else {
        li.textContent = `${where}: ${message}`;
      }
      list.appendChild(li);
    }
    const count = list.children.length;
    summaryBox.appendChild(text('h3', `The case has ${count} problem${count === 1 ? '' : 's'}`));
    summaryBox.appendChild(list);
    summaryBox.hidden = false;
    for (const el of placed) {
      const details = el.closest('details');
      if (details) details.open = true;
    }
    summaryBox.focus();
  }

  // ---- results --------------------------------------------------------------------------------
  type Finding = {
    title: string;
    reason: string;
    evidence: string;
    fixable: boolean;
    message: string;
    found: Array<{ text: string }>;
    citation: string;
    fix: string;
    ruleId: string;
    edition?: string;
  };
  type Checked = { title: string; status: string; missing?: string[] };
  type Item = {
    requestId: string;
    text: string;
    outcome: string;
    summary: string;
    resolution: { note: string };
    topics: Array<{ topic: string; edition: string }>;
    findings: Finding[];
    advisories: Finding[];
    checked: Checked[];
    fixBeforeSubmitting: string[];
    actual?: { decision: string; reasons?: string[] };
  };
  type Result = { caseId: string; asOf: { date: string; source: string }; conditions: { tags: string[]; stated: boolean }; items: Item[] };
  const OUTCOME: Record<string, string> = { upheld: 'UPHELD', overturned: 'OVERTURNED', 'not-covered': 'NOT COVERED' };
  const OUTCOME_SAYS: Record<string, string> = {
    upheld: 'denial likely upheld',
    overturned: 'likely found medically necessary',
    'not-covered': 'no prediction',
  };

  function findingEl(f: Finding, advisory: boolean): HTMLElement {
    const li = document.createElement('li');
    li.className = advisory ? 'finding advisory' : 'finding';
    const head = document.createElement('p');
    head.appendChild(text('span', `${advisory ? 'Advisory: ' : 'Unmet: '}${f.title}`, 'title'));
    head.appendChild(document.createTextNode(' '));
    head.appendChild(
      text(
        'span',
        `[${f.reason}; ${f.evidence === 'not-documented' ? 'not documented' : 'documented'}${f.fixable ? '; fixable' : ''}]`,
        'tags',
      ),
    );
    li.appendChild(head);
    li.appendChild(text('p', f.message));
    if (f.found.length) li.appendChild(text('p', `Found: ${f.found.map((x) => x.text).join('; ')}`, 'hint'));
    const cite = document.createElement('p');
    cite.className = 'cite';
    cite.appendChild(text('span', 'Cites: ', 'cite-label'));
    cite.appendChild(text('cite', f.citation));
    li.appendChild(cite);
    const fix = document.createElement('p');
    fix.appendChild(text('span', f.fixable ? 'Fix: ' : 'Instead: ', 'fix-label'));
    fix.appendChild(document.createTextNode(f.fix));
    li.appendChild(fix);
    return li;
  }

  function renderResult(r: Result) {
    resultsBody.textContent = '';
    const counts = ['upheld', 'overturned', 'not-covered']
      .map((o) => [o, r.items.filter((i) => i.outcome === o).length] as const)
      .filter(([, n]) => n > 0);
    resultsBody.appendChild(
      text(
        'p',
        `${r.items.length} item${r.items.length === 1 ? '' : 's'}: ${counts.map(([o, n]) => `${n} ${OUTCOME_SAYS[o]}`).join(', ')}. Judged as of ${r.asOf.date} (${r.asOf.source}); conditions: ${r.conditions.stated ? r.conditions.tags.join(', ') || 'none' : 'not stated'}.`,
        'case-head',
      ),
    );
    r.items.forEach((item, i) => {
      const art = document.createElement('article');
      art.className = 'item';
      art.dataset.outcome = item.outcome;
      art.setAttribute('aria-labelledby', `item-${i}-h`);
      const h = document.createElement('h3');
      h.id = `item-${i}-h`;
      h.appendChild(text('span', `${i + 1}. ${item.text}`));
      const badge = text('span', OUTCOME[item.outcome] ?? item.outcome, `badge ${item.outcome}`);
      badge.setAttribute('aria-label', `predicted outcome: ${OUTCOME[item.outcome] ?? item.outcome}`);
      h.appendChild(badge);
      art.appendChild(h);
      art.appendChild(text('p', item.summary, 'summary'));
      const topics = item.topics.length ? `; guideline in force: ${[...new Set(item.topics.map((t) => t.edition))].join('; ')}` : '';
      art.appendChild(text('p', `Resolved: ${item.resolution.note}${topics}`, 'resolved'));
      if (item.findings.length || item.advisories.length) {
        const ul = document.createElement('ul');
        ul.className = 'findings';
        for (const f of item.findings) ul.appendChild(findingEl(f, false));
        for (const f of item.advisories) ul.appendChild(findingEl(f, true));
        art.appendChild(ul);
      }
      const met = item.checked.filter((c) => c.status === 'met');
      const na = item.checked.filter((c) => c.status === 'not-assessable');
      if (met.length) {
        art.appendChild(text('h4', 'Met', 'sub'));
        const ul = document.createElement('ul');
        ul.className = 'checked';
        for (const c of met) ul.appendChild(text('li', c.title));
        art.appendChild(ul);
      }
      if (na.length) {
        art.appendChild(text('h4', 'Not assessable (the facts it needs are not stated)', 'sub'));
        const ul = document.createElement('ul');
        ul.className = 'checked';
        for (const c of na) ul.appendChild(text('li', `${c.title} (not stated: ${(c.missing ?? []).join(', ')})`));
        art.appendChild(ul);
      }
      if (item.fixBeforeSubmitting.length) {
        const box = document.createElement('div');
        box.className = 'fixes';
        box.appendChild(text('h4', 'Fix before submitting'));
        const ol = document.createElement('ol');
        for (const fix of item.fixBeforeSubmitting) ol.appendChild(text('li', fix));
        box.appendChild(ol);
        art.appendChild(box);
      }
      if (item.actual) {
        const agree = item.outcome === 'not-covered' ? 'no prediction' : item.outcome === item.actual.decision ? 'agrees' : 'disagrees';
        art.appendChild(
          text(
            'p',
            `Actual IMR decision: ${item.actual.decision}${item.actual.reasons?.length ? ` (${item.actual.reasons.join(', ')})` : ''}: the prediction ${agree}.`,
            'hint',
          ),
        );
      }
      resultsBody.appendChild(art);
    });
  }

  function showProblem(message: string) {
    resultsBody.textContent = '';
    resultsBody.appendChild(text('p', message, 'field-error'));
  }

  // ---- actions --------------------------------------------------------------------------------
  async function check() {
    clearErrors();
    resultsSection.setAttribute('aria-busy', 'true');
    try {
      const res = await fetch('/api/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(formToCase()),
      });
      const body = await res.json().catch(() => ({ error: `the server answered ${res.status}` }));
      if (res.ok) {
        renderResult(body as Result);
        resultsHeading.focus();
      } else if (res.status === 400 && Array.isArray(body.issues)) {
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
      fileStatus.textContent = `Could not read ${file.name}: ${data.issues?.map((i: Issue) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join('; ') ?? data.error}`;
      return;
    }
    caseToForm(data as Json);
    const items = rowsOf('requests').length;
    fileStatus.textContent = `Loaded ${file.name}: ${items} item${items === 1 ? '' : 's'}. Press "Check the request" to see the prediction.`;
  }

  async function download() {
    const c = formToCase();
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

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void check();
  });
  form.addEventListener('click', (ev) => {
    const target = (ev.target as HTMLElement).closest<HTMLElement>('[data-action]');
    if (!target) return;
    if (target.dataset.action === 'add') {
      const row = addRow(target.dataset.group!);
      row.querySelector<HTMLElement>('input:not([type=hidden]), select')?.focus();
    } else if (target.dataset.action === 'remove') {
      removeRow(target.closest<HTMLElement>('fieldset.row')!);
    }
  });
  document.getElementById('case-file')!.addEventListener('change', (ev) => {
    const input = ev.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file)
      void loadFile(file).finally(() => {
        input.value = '';
      });
  });
  document.getElementById('download')!.addEventListener('click', () => void download());
  document.getElementById('clear')!.addEventListener('click', () => {
    clearForm();
    addRow('requests');
    (document.getElementById('case-id') as HTMLInputElement).value = 'web-case';
    fileStatus.textContent = 'The form is cleared.';
  });

  addRow('requests');
  fetch('/api/names')
    .then((r) => r.json())
    .then((body: { names: string[] }) => {
      const list = document.getElementById('catalog-names')!;
      for (const name of body.names) {
        const o = document.createElement('option');
        o.value = name;
        list.appendChild(o);
      }
    })
    .catch(() => undefined);
  document.documentElement.dataset.ready = 'true';
}
