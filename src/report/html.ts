// A self-contained HTML report an office can open, print or file: inline CSS, no scripts, no
// external links or images, every text from the case escaped. Written in pieces (start, one section
// per case, end) so a large batch streams.
import type { CaseResult, ItemResult } from '../evaluate/evaluate.js';
import type { Finding } from '../evaluate/explain.js';
import { type InputIssue, issueText } from '../load/errors.js';
import { agreement } from './csv.js';
import { htmlEscape as h } from './escape.js';
import type { Metrics } from './metrics.js';
import { asOfNotice, doseWords, itemSummary, notAssessable, notAssessableLine, OUTCOME_WORD } from './summary.js';
import { OUTCOME_LABEL, OUTCOME_ORDER, type Totals } from './totals.js';

const CSS = `
body { font: 14px/1.45 system-ui, sans-serif; color: #111; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #999; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.outcome { font-weight: bold; padding: 0 .4em; border: 1px solid; border-radius: 3px; }
.upheld { color: #8a1c1c; } .overturned { color: #1c5e20; } .not-covered { color: #555; }
.meta, .cite, .rule { color: #444; font-size: .9em; }
.warning { background: #fff4d6; border-left: 4px solid #c90; padding: .25rem .5rem; }
.not-assessable { border-left: 4px solid #888; padding: 0 .5rem; margin: .5rem 0; }
.not-assessable h4 { font-size: .95rem; margin: .25rem 0; } .not-assessable ul { margin: .25rem 0; }
section.case, article.item { break-inside: avoid; }
table { border-collapse: collapse; margin: .5rem 0; } td, th { border: 1px solid #bbb; padding: .2rem .6rem; text-align: left; }
@media print { body { margin: 0; max-width: none; } h2 { break-before: auto; } a { color: inherit; text-decoration: none; } }
`;

export function htmlStart(title: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${h(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${h(title)}</h1>`,
    '<p class="meta">Predicted Independent Medical Review outcome per requested item, with the MTUS criteria each prediction rests on. A prediction, not a determination.</p>',
  ].join('\n');
}

function findingHtml(f: Finding, advisory: boolean): string {
  return [
    '<li>',
    `<strong>${advisory ? 'Advisory: ' : ''}${h(f.title)}</strong> <span class="meta">[${h(f.reason)}; ${f.evidence === 'not-documented' ? 'not documented' : 'documented'}${f.fixable ? '; fixable' : ''}]</span><br>`,
    `${h(f.message)}<br>`,
    f.found.length ? `<span class="meta">found: ${h(f.found.map((n) => n.text).join('; '))}</span><br>` : '',
    `<span class="cite">cites: ${h(f.citation)}</span><br>`,
    `<span class="rule">rule: ${h(f.ruleId)} (basis ${h(f.basis.confidence)})</span><br>`,
    `${f.fixable ? 'fix' : 'instead'}: ${h(f.fix)}`,
    '</li>',
  ].join('');
}

function itemHtml(item: ItemResult, n: number, date: string, withActual: boolean): string {
  const lines = [
    '<article class="item">',
    `<h3>${n}. ${h(item.text)} <span class="outcome ${item.outcome}">${OUTCOME_WORD[item.outcome]}</span></h3>`,
    `<p>${h(itemSummary(item, date))}</p>`,
    `<p class="meta">resolved: ${h(item.resolution.note)}</p>`,
  ];
  const dose = doseWords(item);
  if (dose) lines.push(`<p class="meta">${h(dose)}</p>`);
  if (item.findings.length || item.advisories.length)
    lines.push(
      `<ul>${item.findings.map((f) => findingHtml(f, false)).join('')}${item.advisories.map((f) => findingHtml(f, true)).join('')}</ul>`,
    );
  // neither met nor unmet: listed apart, under a heading that says so in words (a print has no colour)
  const na = notAssessable(item);
  if (na.length)
    lines.push(
      `<div class="not-assessable"><h4>Not assessable from what was sent</h4><ul>${na.map((c) => `<li>${h(notAssessableLine(c))}</li>`).join('')}</ul></div>`,
    );
  if (item.fixBeforeSubmitting.length)
    lines.push(`<p>Fix before submitting:</p><ul>${item.fixBeforeSubmitting.map((f) => `<li>${h(f)}</li>`).join('')}</ul>`);
  if (withActual && item.actual)
    lines.push(
      `<p>Actual IMR decision: ${h(item.actual.decision)}${item.actual.reasons?.length ? ` (${h(item.actual.reasons.join(', '))})` : ''}: ${agreement(item)}</p>`,
    );
  lines.push('</article>');
  return lines.join('\n');
}

export function caseHtml(r: CaseResult, warnings: InputIssue[] = [], withActual = false): string {
  const notice = asOfNotice(r);
  return [
    '<section class="case">',
    `<h2>Case ${h(r.caseId)}</h2>`,
    `<p class="meta">${r.file ? `${h(r.file)}; ` : ''}as of ${h(r.asOf.date)} (${h(r.asOf.source)})</p>`,
    ...(notice ? [`<p>${h(notice)}</p>`] : []),
    ...warnings.map((w) => `<p class="warning">warning: ${h(issueText(w))}</p>`),
    ...r.items.map((item, i) => itemHtml(item, i + 1, r.asOf.date, withActual)),
    '</section>',
  ].join('\n');
}

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);

function metricsHtml(m: Metrics): string {
  const rows: Array<[string, string]> = [
    ['items with an actual decision', String(m.withActual)],
    ['coverage', pct(m.coverage)],
    ['accuracy (covered items)', pct(m.accuracy)],
    ['balanced accuracy', pct(m.balancedAccuracy)],
    ['upheld recall', pct(m.upheldRecall)],
    ['overturned recall', pct(m.overturnedRecall)],
  ];
  return `<h2>Predicted against actual</h2>\n<table>${rows.map(([k, v]) => `<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`).join('')}</table>`;
}

export function htmlEnd(t: Totals, metrics?: Metrics): string {
  return [
    '<h2>Totals</h2>',
    `<table><tr><th>cases</th><td>${t.cases}</td></tr>${OUTCOME_ORDER.map((o) => `<tr><th>${OUTCOME_LABEL[o]}</th><td>${t.byOutcome[o]}</td></tr>`).join('')}<tr><th>all items</th><td>${t.items}</td></tr></table>`,
    ...(metrics ? [metricsHtml(metrics)] : []),
    '</body>',
    '</html>',
  ].join('\n');
}
