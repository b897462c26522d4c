// The prediction for each item, rendered from the JSON API's answer (text only, never HTML).
import { byId, text } from './dom.js';
import { issueText } from './issue-text.js';
import type { Finding, Result } from './types.js';

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

export function renderResult(r: Result) {
  const resultsBody = byId('results-body');
  resultsBody.textContent = '';
  const counts = ['upheld', 'overturned', 'not-covered']
    .map((o) => [o, r.items.filter((i) => i.outcome === o).length] as const)
    .filter(([, n]) => n > 0);
  // on paper the result must say which case it is about
  resultsBody.appendChild(text('p', `Case ${r.caseId}`, 'print-only case-id'));
  // which date (so which guideline editions) the case was judged on when it gave no request date,
  // first, as `check` prints it; the server words it
  if (r.asOfNotice) resultsBody.appendChild(text('p', r.asOfNotice, 'as-of-notice'));
  resultsBody.appendChild(
    text(
      'p',
      `${r.items.length} item${r.items.length === 1 ? '' : 's'}: ${counts.map(([o, n]) => `${n} ${OUTCOME_SAYS[o]}`).join(', ')}. Judged as of ${r.asOf.date} (${r.asOf.source}); conditions: ${r.conditions.stated ? r.conditions.tags.join(', ') || 'none' : 'not stated'}.`,
      'case-head',
    ),
  );
  // unusual values come first, before any item's result: the prediction rests on them
  for (const w of r.warnings ?? []) resultsBody.appendChild(text('p', `warning: ${issueText(w)}`, 'warning'));
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
    if (met.length) {
      art.appendChild(text('h4', 'Met', 'sub'));
      const ul = document.createElement('ul');
      ul.className = 'checked';
      for (const c of met) ul.appendChild(text('li', c.title));
      art.appendChild(ul);
    }
    // in the words `check` prints them, as the server sends them: the page never words them itself
    if (item.notAssessable.length) {
      art.appendChild(text('h4', 'Not assessable from what was sent', 'sub'));
      const ul = document.createElement('ul');
      ul.className = 'checked not-assessable';
      for (const line of item.notAssessable) ul.appendChild(text('li', line));
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
  byId('print').hidden = false;
}

export function showProblem(message: string) {
  const resultsBody = byId('results-body');
  resultsBody.textContent = '';
  resultsBody.appendChild(text('p', message, 'field-error'));
  byId('print').hidden = true;
}
