// The web page: plain HTML built from the form model, one stylesheet, one script (client.ts). No
// framework; every control is a native form control with a label, so the page works by keyboard
// and with a screen reader.
import { type FormField, type FormModel, formModel } from './form-model.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => ESC[ch]);

const words = (s: string) => s.replace(/-/g, ' ');

function options(values: readonly string[], blank?: string, label: (v: string) => string = words): string {
  return `${blank !== undefined ? `<option value="">${esc(blank)}</option>` : ''}${values.map((v) => `<option value="${esc(v)}">${esc(label(v))}</option>`).join('')}`;
}

export const TRI_STATE = `<option value="">not stated</option><option value="true">documented</option><option value="false">documented as absent</option>`;

// One labelled control. `id` is unique in the page; `path` (data-path) or `field` (data-field, in a
// repeatable row) is what validation errors are matched against.
function control(o: {
  id: string;
  label: string;
  path?: string;
  field?: string;
  type: string;
  hint?: string;
  html?: string;
  extra?: string;
  wide?: boolean;
}): string {
  const data = `${o.path ? ` data-path="${esc(o.path)}"` : ''}${o.field ? ` data-field="${esc(o.field)}"` : ''} data-type="${o.type}"`;
  const hintId = o.hint ? `${o.id}-hint` : '';
  const described = hintId ? ` aria-describedby="${hintId}" data-hint="${hintId}"` : '';
  let input: string;
  if (o.html !== undefined) input = `<select id="${o.id}" name="${o.id}"${data}${described}>${o.html}</select>`;
  else if (o.type === 'number' || o.type === 'integer')
    input = `<input id="${o.id}" name="${o.id}" type="text" inputmode="${o.type === 'integer' ? 'numeric' : 'decimal'}" autocomplete="off"${data}${described}${o.extra ?? ''}>`;
  else if (o.type === 'date') input = `<input id="${o.id}" name="${o.id}" type="date"${data}${described}${o.extra ?? ''}>`;
  else if (o.type === 'lines') input = `<textarea id="${o.id}" name="${o.id}" rows="4"${data}${described}${o.extra ?? ''}></textarea>`;
  else input = `<input id="${o.id}" name="${o.id}" type="text" autocomplete="off"${data}${described}${o.extra ?? ''}>`;
  return `<div class="field${o.wide ? ' wide' : ''}"><label for="${o.id}">${esc(o.label)}</label>${input}${o.hint ? `<span class="hint" id="${hintId}">${esc(o.hint)}</span>` : ''}</div>`;
}

function checkboxGroup(o: { id: string; legend: string; path: string; values: readonly string[]; hint?: string }): string {
  const boxes = o.values
    .map((v) => `<label class="check"><input type="checkbox" name="${o.id}" value="${esc(v)}"> ${esc(words(v))}</label>`)
    .join('');
  const hint = o.hint ? `<span class="hint" id="${o.id}-hint">${esc(o.hint)}</span>` : '';
  return `<fieldset class="checks" id="${o.id}" data-path="${esc(o.path)}" data-type="checks" tabindex="-1"${o.hint ? ` aria-describedby="${o.id}-hint" data-hint="${o.id}-hint"` : ''}><legend>${esc(o.legend)}</legend>${hint}<div class="check-list">${boxes}</div></fieldset>`;
}

function modelField(f: FormField, group: string): string {
  const id = `${group}-${f.key}`;
  if (f.type === 'boolean') return control({ id, label: f.label, path: f.path, type: 'boolean', html: TRI_STATE });
  if (f.type === 'enum') return control({ id, label: f.label, path: f.path, type: 'text', html: options(f.options ?? [], 'not stated') });
  if (f.type === 'number' || f.type === 'integer')
    return control({ id, label: f.label, path: f.path, type: f.type, hint: f.key.startsWith('pain') ? '0 to 10' : undefined });
  return control({ id, label: f.label, path: f.path, type: 'text' });
}

function firstLine(m: FormModel): string {
  const boxes = m.firstLineTrials
    .map((v) => `<label class="check"><input type="checkbox" name="failed-first-line" value="${esc(v)}"> ${esc(words(v))}</label>`)
    .join('');
  return `<fieldset class="checks wide" id="documentation-failedFirstLine" data-path="documentation.failedFirstLine" data-type="first-line" tabindex="-1" aria-describedby="first-line-hint" data-hint="first-line-hint">
    <legend>First-line treatments tried and failed</legend>
    <span class="hint" id="first-line-hint">Choose "stated" to record the trials; "stated" with none ticked records that none were tried.</span>
    <div class="field"><label for="first-line-state">Documentation of first-line trials</label>
      <select id="first-line-state"><option value="">not stated</option><option value="stated">stated (tick the trials below)</option></select></div>
    <div class="check-list">${boxes}</div>
  </fieldset>`;
}

function removeButton(what: string): string {
  return `<button type="button" class="remove" data-action="remove" aria-label="Remove ${what} {{num}}">Remove</button>`;
}

function requestRow(m: FormModel): string {
  const id = (k: string) => `req-{{n}}-${k}`;
  const c = (k: string, label: string, type: string, more: Partial<Parameters<typeof control>[0]> = {}) =>
    control({ id: id(k), label, field: k, type, ...more });
  return `<fieldset class="row" data-group="requests">
    <legend>Item <span class="row-num">1</span></legend>
    <input type="hidden" data-field="id" data-type="text" id="${id('id')}">
    <div class="grid">
      ${c('name', 'Name (drug or service)', 'text', { extra: ' list="catalog-names" aria-required="true"', hint: 'e.g. Baclofen, Terocin patch, acupuncture' })}
      ${c('kind', 'Kind', 'text', { html: options(m.kinds) })}
      ${c('strength', 'Strength', 'text', { hint: 'e.g. 10 mg, 4%' })}
      ${c('quantity', 'Quantity', 'number', { hint: 'e.g. 90' })}
      ${c('frequency', 'Frequency', 'text', { hint: 'e.g. three times a day' })}
      ${c('duration', 'Duration', 'text', { hint: 'e.g. 2 weeks' })}
      ${c('sessions', 'Sessions', 'integer')}
      ${c('perWeek', 'Per week', 'number')}
      ${c('weeks', 'Weeks', 'number')}
      ${c('bodyRegion', 'Body region', 'text', { html: options(m.bodyRegions, 'not stated') })}
      ${c('text', 'Request as written', 'text', { hint: 'optional; built from the fields when blank', wide: true })}
    </div>
    <details><summary>More about this item</summary><div class="grid">
      ${c('indication', 'Indication stated', 'text', { hint: 'e.g. depression, insomnia' })}
      ${c('ingredients', 'Ingredients stated (compounds)', 'list', { hint: 'comma-separated' })}
      ${c('levels', 'Spinal levels', 'integer')}
      ${c('acquisition', 'Purchase or rental', 'text', { html: options(['purchase', 'rental'], 'not stated') })}
    </div></details>
    ${removeButton('item')}
  </fieldset>`;
}

function medicationRow(): string {
  const id = (k: string) => `med-{{n}}-${k}`;
  return `<fieldset class="row compact" data-group="history.medications">
    <legend>Medication <span class="row-num">1</span></legend>
    <div class="grid">
      ${control({ id: id('name'), label: 'Name', field: 'name', type: 'text', extra: ' list="catalog-names"' })}
      ${control({ id: id('since'), label: 'Since', field: 'since', type: 'text', hint: 'YYYY, YYYY-MM or YYYY-MM-DD' })}
      ${control({ id: id('current'), label: 'Current', field: 'current', type: 'boolean', html: '<option value="">not stated</option><option value="true">current</option><option value="false">not current</option>' })}
    </div>
    ${removeButton('medication')}
  </fieldset>`;
}

function treatmentRow(m: FormModel): string {
  const id = (k: string) => `trt-{{n}}-${k}`;
  return `<fieldset class="row compact" data-group="history.treatments">
    <legend>Treatment <span class="row-num">1</span></legend>
    <div class="grid">
      ${control({ id: id('type'), label: 'Type', field: 'type', type: 'text', html: options(m.treatmentTypes, 'choose a type') })}
      ${control({ id: id('sessions'), label: 'Sessions', field: 'sessions', type: 'integer' })}
      ${control({ id: id('functionalImprovement'), label: 'Functional improvement', field: 'functionalImprovement', type: 'boolean', html: TRI_STATE })}
    </div>
    ${removeButton('treatment')}
  </fieldset>`;
}

// JSON inside <script type="application/json">: "<" escaped so no value can close the element
const jsonBlock = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

export function pageHtml(opts: { ruleCount: number; catalogCount: number; config: unknown }): string {
  const m = formModel();
  const booleans = (fs: FormField[]) =>
    fs
      .filter((f) => f.type === 'boolean')
      .map((f) => modelField(f, f.path.split('.')[0]))
      .join('');
  const others = (fs: FormField[], skip: string[]) =>
    fs
      .filter((f) => f.type !== 'boolean' && !skip.includes(f.key))
      .map((f) =>
        f.type === 'enum[]'
          ? checkboxGroup({ id: `${f.path.split('.')[0]}-${f.key}`, legend: f.label, path: f.path, values: f.options ?? [] })
          : modelField(f, f.path.split('.')[0]),
      )
      .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>imr-check: will the denial be upheld at IMR?</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/style.css">
<script type="module" src="/assets/app.js"></script>
</head>
<body>
<a class="skip" href="#case-form">Skip to the form</a>
<header class="top">
  <h1>imr-check</h1>
  <p>Before a Request for Authorization is sent: would each requested treatment survive California Independent Medical Review? The prediction applies ${opts.ruleCount} MTUS rules to the case and cites the guideline for every criterion. What you enter is sent only to the imr-check server that serves this page; it keeps nothing and sends nothing on.</p>
</header>
<main class="layout">
<form id="case-form" novalidate aria-labelledby="form-heading">
  <h2 id="form-heading">Case</h2>
  <div class="actions top-actions"><button type="submit" class="primary">Check the request</button></div>
  <div id="error-summary" class="error-summary" role="alert" tabindex="-1" hidden></div>

  <fieldset class="group">
    <legend>Case file</legend>
    <div class="toolbar">
      <div class="field"><label for="case-file">Load a case file (YAML or JSON)</label>
        <input id="case-file" type="file" accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"></div>
      <button type="button" id="download">Download the form as YAML</button>
    </div>
    <p id="file-status" class="status" role="status" aria-live="polite"></p>
    <p id="kept-note" class="hint" hidden></p>
  </fieldset>

  <fieldset class="group">
    <legend>Patient and dates</legend>
    <div class="grid">
      ${control({ id: 'case-id', label: 'Case id', path: 'id', type: 'text', extra: ' value="web-case" aria-required="true"' })}
      ${control({ id: 'patient-age', label: 'Age', path: 'patient.age', type: 'integer', hint: 'years' })}
      ${control({ id: 'patient-sex', label: 'Sex', path: 'patient.sex', type: 'text', html: options(['female', 'male', 'unknown'], 'not stated') })}
      ${control({ id: 'injury-date', label: 'Date of injury', path: 'injury.date', type: 'date' })}
      ${control({ id: 'request-date', label: 'Date of the request', path: 'requestDate', type: 'date', hint: 'the guideline edition in force on this date applies' })}
      ${control({ id: 'injury-mechanism', label: 'Mechanism of injury', path: 'injury.mechanism', type: 'text' })}
    </div>
    <p id="edition" class="hint edition" role="status" aria-live="polite"></p>
    ${checkboxGroup({ id: 'injury-bodyRegions', legend: 'Injured body regions', path: 'injury.bodyRegions', values: m.bodyRegions })}
  </fieldset>

  <fieldset class="group">
    <legend>Diagnoses</legend>
    ${control({ id: 'diagnoses', label: 'Diagnoses, one per line', path: 'diagnoses', type: 'lines', hint: 'e.g. lumbar radiculopathy; condition tags are derived from these when none are ticked below', wide: true })}
    <details><summary>Condition tags (optional)</summary>
      ${checkboxGroup({ id: 'conditions', legend: 'Documented conditions', path: 'conditions', values: m.conditions })}
    </details>
  </fieldset>

  <fieldset class="group" id="requests-group">
    <legend>Requested items</legend>
    <div class="rows" data-rows="requests"></div>
    <button type="button" class="add" data-action="add" data-group="requests">Add an item</button>
  </fieldset>

  <fieldset class="group">
    <legend>Current medications</legend>
    <p class="hint">What the patient takes now or took before, with the date it was started.</p>
    <div class="rows" data-rows="history.medications"></div>
    <button type="button" class="add" data-action="add" data-group="history.medications">Add a medication</button>
  </fieldset>

  <fieldset class="group">
    <legend>Prior treatments</legend>
    <div class="rows" data-rows="history.treatments"></div>
    <button type="button" class="add" data-action="add" data-group="history.treatments">Add a treatment</button>
  </fieldset>

  <fieldset class="group">
    <legend>Examination findings</legend>
    <p class="hint">"Documented as absent" means the records say it is not there; "not stated" means they do not say.</p>
    <div class="grid tri">${booleans(m.findings)}</div>
    <div class="grid">${others(m.findings, [])}</div>
  </fieldset>

  <fieldset class="group">
    <legend>Documentation in the records</legend>
    <div class="grid tri">${booleans(m.documentation)}</div>
    <div class="grid">${others(m.documentation, ['failedFirstLine'])}</div>
    ${firstLine(m)}
  </fieldset>

  <div class="actions">
    <button type="submit" class="primary">Check the request</button>
    <button type="button" id="clear">Clear the form</button>
  </div>
</form>

<section id="results" class="results" aria-labelledby="results-heading" aria-busy="false">
  <div class="results-head"><h2 id="results-heading" tabindex="-1">Prediction</h2>
    <button type="button" id="print" class="no-print" hidden>Print the result</button></div>
  <div id="results-body"><p class="hint">Fill in the case and press <strong>Check the request</strong>. Each item gets a predicted IMR outcome, the criteria it fails with their MTUS citations, and what to fix before submitting.</p></div>
</section>
</main>
<footer class="bottom"><p>imr-check applies ${opts.ruleCount} rules and a catalog of ${opts.catalogCount} drugs and services. A prediction, not a determination. JSON API: <code>POST /api/check</code>; CDS Hooks: <code>/cds-services</code>.</p></footer>
<datalist id="catalog-names"></datalist>
<script type="application/json" id="page-config">${jsonBlock(opts.config)}</script>
<template id="tpl-requests">${requestRow(m)}</template>
<template id="tpl-history.medications">${medicationRow()}</template>
<template id="tpl-history.treatments">${treatmentRow(m)}</template>
</body>
</html>
`;
}

export const STYLE_CSS = `
:root { --fg: #1b1f24; --muted: #4a5560; --line: #c9d1d9; --bg: #f6f8fa; --accent: #0b57d0; --bad: #b3261e; --bad-bg: #fdecea; --ok: #146c2e; --ok-bg: #e7f5ea; --na: #5f4b00; --na-bg: #fff6d6; --focus: #ffbf47; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--fg); background: #fff; }
a { color: var(--accent); }
.skip { position: absolute; left: -10000px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 10; }
.top { padding: .8rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--bg); }
.top h1 { margin: 0; font-size: 1.4rem; }
.top p { margin: .2rem 0 0; color: var(--muted); max-width: 70rem; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1.5rem; padding: 1rem 1.5rem; }
@media (min-width: 1100px) {
  .layout { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); align-items: start; }
  .results { position: sticky; top: 0; max-height: 100vh; overflow: auto; }
}
h2 { font-size: 1.2rem; margin: .2rem 0 .6rem; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1rem; padding: .6rem .9rem .8rem; }
legend { font-weight: 600; padding: 0 .3rem; }
fieldset.row { background: var(--bg); margin-bottom: .7rem; }
fieldset.row legend { background: #fff; border: 1px solid var(--line); border-radius: 4px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .5rem .9rem; }
.grid.tri { grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); }
.field { display: flex; flex-direction: column; gap: .15rem; }
.field.wide { grid-column: 1 / -1; }
label { font-weight: 500; font-size: .95rem; }
.hint { color: var(--muted); font-size: .85rem; }
input[type=text], input[type=date], select, textarea { font: inherit; padding: .35rem .45rem; border: 1px solid #8c959f; border-radius: 4px; background: #fff; color: var(--fg); width: 100%; }
textarea { resize: vertical; }
button { font: inherit; padding: .4rem .9rem; border-radius: 4px; border: 1px solid #8c959f; background: #fff; color: var(--fg); cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
button.remove { margin-top: .5rem; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
[aria-invalid=true] { border-color: var(--bad) !important; border-width: 2px; background: var(--bad-bg); }
.field-error { color: var(--bad); font-weight: 600; font-size: .9rem; margin: .1rem 0 0; }
.error-summary { border: 3px solid var(--bad); padding: .6rem 1rem; margin-bottom: 1rem; border-radius: 6px; }
.error-summary h3 { margin: 0 0 .3rem; color: var(--bad); font-size: 1.05rem; }
.checks { border: none; padding: 0; margin: .5rem 0 0; }
.checks legend { font-weight: 500; padding: 0; }
.check-list { display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
.check { font-weight: 400; white-space: nowrap; }
details { margin-top: .5rem; }
summary { cursor: pointer; color: var(--accent); }
.toolbar { display: flex; flex-wrap: wrap; gap: .6rem 1.5rem; align-items: end; }
.actions { display: flex; gap: .8rem; margin: .5rem 0 2rem; }
.status { margin: .3rem 0 0; }
.status:empty { display: none; }
.results { border: 1px solid var(--line); border-radius: 6px; padding: .6rem 1rem 1rem; background: #fff; }
/* the date the case was judged on, when it gave none: it decides which guideline editions apply */
.as-of-notice { font-weight: 600; margin: 0 0 .3rem; }
.case-head { color: var(--muted); margin: 0 0 .6rem; font-size: .95rem; }
/* a value to check, not an error: the case was still evaluated (amber, as in the HTML report) */
.warning { border-left: 4px solid #c90; background: var(--na-bg); color: var(--fg); padding: .25rem .6rem; margin: 0 0 .4rem; }
.item { border-top: 2px solid var(--line); padding: .6rem 0 .4rem; }
.item h3 { font-size: 1.08rem; margin: 0 0 .3rem; display: flex; gap: .6rem; align-items: baseline; flex-wrap: wrap; }
.badge { display: inline-block; font-size: .85rem; font-weight: 700; letter-spacing: .03em; padding: .1rem .5rem; border-radius: 3px; border: 1px solid currentColor; }
.badge.upheld { color: var(--bad); background: var(--bad-bg); }
.badge.overturned { color: var(--ok); background: var(--ok-bg); }
.badge.not-covered { color: var(--na); background: var(--na-bg); }
.summary { margin: 0 0 .4rem; }
.resolved { color: var(--muted); font-size: .9rem; margin: 0 0 .4rem; }
.findings { list-style: none; padding: 0; margin: 0 0 .5rem; }
.finding { border-left: 4px solid var(--bad); padding: .3rem .7rem; margin: .4rem 0; background: #fffafa; }
.finding.advisory { border-left-color: #9a6700; background: #fffdf5; }
.finding .title { font-weight: 600; }
.finding .tags { color: var(--muted); font-size: .85rem; }
.finding p { margin: .15rem 0; }
.cite { font-size: .92rem; }
.cite-label, .fix-label { font-weight: 600; }
.checked { margin: .2rem 0; padding-left: 1.2rem; }
.fixes { background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: .4rem .8rem; margin: .5rem 0; }
.fixes h4 { margin: 0 0 .2rem; font-size: 1rem; }
.fixes ol { margin: 0; padding-left: 1.3rem; }
.sub { font-size: .95rem; margin: .5rem 0 .1rem; }
.bottom { color: var(--muted); font-size: .85rem; padding: 0 1.5rem 1rem; }
.results-head { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; }
.top-actions { margin: 0 0 .8rem; }
.edition { margin: .5rem 0 0; }
.print-only { display: none; }
/* On paper: the prediction alone, full width, in black on white, each item kept on one page
   where it fits; the form, buttons and page chrome are left out. */
@media print {
  body { font-size: 11pt; color: #000; }
  .top, .bottom, #case-form, .skip, .no-print, button { display: none !important; }
  .layout { display: block; padding: 0; }
  .results { position: static; max-height: none; overflow: visible; border: none; padding: 0; }
  .print-only { display: block; font-weight: 600; }
  .item { break-inside: avoid; }
  .warning { break-inside: avoid; }
  .badge { border-width: 2px; }
  a { color: inherit; text-decoration: none; }
}
`;
