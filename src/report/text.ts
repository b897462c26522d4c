// Terminal-readable reports. Plain text, no colour codes, so output pipes and logs cleanly.
import type { CaseResult, ItemResult } from '../evaluate/evaluate.js';
import type { Finding } from '../evaluate/explain.js';
import { type InputError, type InputIssue, issueText } from '../load/errors.js';
import type { Metrics, Part } from './metrics.js';
import { asOfNotice, doseWords, itemSummary, notAssessable, notAssessableLine, OUTCOME_WORD } from './summary.js';

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);

function findingLines(f: Finding, mark: string): string[] {
  const evidence = f.evidence === 'not-documented' ? 'not documented' : 'documented';
  return [
    `    ${mark} ${f.title}  [${f.reason}; ${evidence}${f.fixable ? '; fixable' : ''}]`,
    `        ${f.message}`,
    ...(f.found.length ? [`        found: ${f.found.map((n) => n.text).join('; ')}`] : []),
    `        cites: ${f.citation}${f.edition && !f.citation.startsWith(f.edition) ? ` [in force: ${f.edition}]` : ''}`,
    `        rule: ${f.ruleId} (basis ${f.basis.confidence})`,
    ...(f.fixable ? [`        fix: ${f.fix}`] : [`        instead: ${f.fix}`]),
  ];
}

export function itemText(item: ItemResult, n: number, date: string): string {
  const lines = [`  ${n}. ${item.text}  ->  ${OUTCOME_WORD[item.outcome]}`, `     ${itemSummary(item, date)}`];
  lines.push(`     resolved: ${item.resolution.note}`);
  const dose = doseWords(item);
  if (dose) lines.push(`     ${dose}`);
  if (item.topics.length)
    lines.push(
      `     guidelines in force: ${[...new Set(item.topics.map((t) => t.edition))].join('; ')} (topics: ${item.topics.map((t) => t.topic).join(', ')})`,
    );
  for (const note of new Set(item.topics.flatMap((t) => (t.note ? [t.note] : [])))) lines.push(`     edition note: ${note}`);
  const derived = Object.entries(item.derived);
  if (derived.length)
    lines.push(`     derived: ${derived.map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`).join(', ')}`);
  for (const f of item.findings) lines.push(...findingLines(f, 'x'));
  for (const f of item.advisories) lines.push(...findingLines(f, '~ advisory:'));
  const met = item.checked.filter((c) => c.status === 'met');
  if (met.length) lines.push(`    met: ${met.map((c) => c.title).join('; ')}`);
  for (const c of notAssessable(item)) lines.push(`    ? not assessable: ${notAssessableLine(c)}`);
  if (item.fixBeforeSubmitting.length) {
    lines.push('    fix before submitting:');
    for (const fix of item.fixBeforeSubmitting) lines.push(`      - ${fix}`);
  }
  if (item.actual) {
    const agree = item.outcome === 'not-covered' ? 'no prediction' : item.outcome === item.actual.decision ? 'agrees' : 'DISAGREES';
    lines.push(
      `    actual IMR decision: ${item.actual.decision}${item.actual.reasons?.length ? ` (${item.actual.reasons.join(', ')})` : ''} - ${agree}`,
    );
  }
  return lines.join('\n');
}

// A bad file: one line per problem, each naming the file, the field's path and label.
export const inputErrorLines = (e: InputError): string[] =>
  e.issues.length ? e.issues.map((i) => `error: ${e.file}: ${issueText(i)}`) : [`error: ${e.message}`];

// "checking 40/120 files, about 12s left"
export function progressText(verb: string, done: number, total: number, secondsLeft?: number): string {
  return `${verb} ${done}/${total}${secondsLeft === undefined ? '' : `, about ${secondsLeft}s left`}`;
}

export function caseText(r: CaseResult, warnings: InputIssue[] = []): string {
  const head = `case ${r.caseId}${r.file ? ` (${r.file})` : ''}: as of ${r.asOf.date} (${r.asOf.source})`;
  const cond = r.conditions.derivedFrom
    ? `  conditions derived from diagnoses: ${r.conditions.tags.join(', ') || 'none'}${r.conditions.derivedFrom.length ? ` (${r.conditions.derivedFrom.map((d) => `"${d.diagnosis}" -> ${d.tags.join('+')}`).join('; ')})` : ''}`
    : `  conditions: ${r.conditions.stated ? r.conditions.tags.join(', ') || 'none' : 'not stated (no conditions or diagnoses in the file)'}`;
  const notice = asOfNotice(r);
  const warned = warnings.map((w) => `  warning: ${issueText(w)}`);
  return [...(notice ? [notice] : []), head, ...warned, cond, ...r.items.map((item, i) => itemText(item, i + 1, r.asOf.date))].join('\n');
}

export function metricsText(m: Metrics): string {
  const c = m.confusion;
  const lines = [
    `facts used: ${m.factsMode ?? 'all'}`,
    `items: ${m.items} (with an actual decision: ${m.withActual}); covered: ${m.covered}; not covered: ${m.notCovered}; coverage ${pct(m.coverage)}`,
    '',
    'confusion (rows: actual IMR decision; columns: predicted)',
    '                 upheld  overturned  not-covered',
    `  upheld       ${String(c.upheld.upheld).padStart(8)}  ${String(c.upheld.overturned).padStart(10)}  ${String(c.upheld['not-covered']).padStart(11)}`,
    `  overturned   ${String(c.overturned.upheld).padStart(8)}  ${String(c.overturned.overturned).padStart(10)}  ${String(c.overturned['not-covered']).padStart(11)}`,
    '',
    `accuracy (covered items): ${pct(m.accuracy)} (${m.correct}/${m.covered})`,
    `balanced accuracy: ${pct(m.balancedAccuracy)}  (upheld recall ${pct(m.upheldRecall)}, overturned recall ${pct(m.overturnedRecall)})`,
    `reason recall: ${pct(m.reasonRecall)}  reason precision: ${pct(m.reasonPrecision)}  (${m.reasonCounts.agreed} agreed of ${m.reasonCounts.actual} reviewer reasons and ${m.reasonCounts.predicted} predicted)`,
  ];
  if (m.overturnedRecall === null)
    lines.push(
      'note: no overturned item among the covered items, so overturned recall is undefined and balanced accuracy is the upheld recall alone',
    );
  const { documented: d, notDocumented: n } = m.upheldBasis;
  lines.push(
    '',
    'predicted upheld, by what the prediction rests on:',
    `  a criterion documented as unmet:  ${String(d.predicted).padStart(4)} items, ${pct(d.accuracy)} actually upheld`,
    `  only facts not documented:        ${String(n.predicted).padStart(4)} items, ${pct(n.accuracy)} actually upheld`,
  );
  const { real, constructed } = m.byOrigin;
  if (constructed.withActual > 0) {
    const part = (name: string, p: Part) =>
      `  ${name}: ${p.withActual} items, coverage ${pct(p.coverage)}, balanced accuracy ${pct(p.balancedAccuracy)} (upheld recall ${pct(p.upheldRecall)}, overturned recall ${pct(p.overturnedRecall)})`;
    lines.push('', 'by origin (a case whose source begins "constructed" was written from the criterion it cites):');
    lines.push(part('real decisions', real), part('constructed', constructed));
  }
  lines.push('', `mismatches: ${m.mismatches.length + m.omitted.mismatches}`);
  for (const x of m.mismatches) {
    lines.push(
      `  ${x.case} / ${x.item} "${x.text}": predicted ${x.predicted}, actual ${x.actual}${x.actualReasons.length ? ` (${x.actualReasons.join(', ')})` : ''}`,
    );
    for (const f of x.findings) lines.push(`      ${f.ruleId} [${f.reason}; ${f.evidence}]`);
  }
  if (m.omitted.mismatches) lines.push(omittedLine(m.omitted.mismatches, 'mismatches', m.listLimit));
  if (m.reasonDifferences.length) {
    lines.push('', 'reason differences (upheld items):');
    for (const d of m.reasonDifferences) {
      lines.push(
        `  ${d.case} / ${d.item}: ${d.missed.length ? `missed ${d.missed.join(', ')}` : ''}${d.missed.length && d.extra.length ? '; ' : ''}${d.extra.length ? `extra ${d.extra.join(', ')}` : ''}`,
      );
    }
  }
  if (m.omitted.reasonDifferences) lines.push(omittedLine(m.omitted.reasonDifferences, 'reason differences', m.listLimit));
  return lines.join('\n');
}

const omittedLine = (n: number, what: string, limit: number) =>
  `  ... and ${n} more ${what} not listed (the first ${limit} are; --max-listed N or all to list more)`;
