// CSV for spreadsheets and case-management systems: one row per item, a header first, and the
// totals by outcome as rows of the same shape at the end (case column "(totals)").
import type { CaseResult, ItemResult } from '../evaluate/evaluate.js';
import type { InputIssue } from '../load/errors.js';
import { issueText } from '../load/errors.js';
import { csvField } from './escape.js';
import { itemSummary, notAssessable, notAssessableLine } from './summary.js';
import { OUTCOME_ORDER, type Totals } from './totals.js';

const CHECK_COLUMNS = [
  'case',
  'item id',
  'item',
  'kind',
  'outcome',
  'summary',
  'deciding rules',
  'reasons',
  'fixes',
  'citation',
  'warnings',
];
// evaluate adds what IMR actually decided, and whether the prediction agrees with it
const ACTUAL_COLUMNS = ['actual', 'actual reasons', 'agreement'];
// Columns added later go after all others, so a reader that takes columns by position keeps working:
// each criterion not assessable, with the facts it lacks (as the text report says them).
const LATER_COLUMNS = ['not assessable'];
const CHECK_HEADER = [...CHECK_COLUMNS, ...LATER_COLUMNS];
const EVALUATE_HEADER = [...CHECK_COLUMNS, ...ACTUAL_COLUMNS, ...LATER_COLUMNS];

const row = (cells: Array<string | number | undefined>) => cells.map(csvField).join(',');
const unique = (xs: string[]) => [...new Set(xs)].join('; ');

export const csvHeader = (withActual: boolean): string => row(withActual ? EVALUATE_HEADER : CHECK_HEADER);

export function agreement(item: ItemResult): string {
  if (!item.actual) return '';
  if (item.outcome === 'not-covered') return 'no prediction';
  return item.outcome === item.actual.decision ? 'agrees' : 'disagrees';
}

function itemRow(r: CaseResult, item: ItemResult, warnings: InputIssue[], withActual: boolean): string {
  const cells: Array<string | number | undefined> = [
    r.caseId,
    item.requestId,
    item.text,
    item.kind,
    item.outcome,
    itemSummary(item, r.asOf.date),
    unique(item.findings.map((f) => f.ruleId)),
    unique(item.findings.map((f) => f.reason)),
    item.fixBeforeSubmitting.join('; '),
    unique(item.findings.map((f) => f.citation)),
    warnings.map(issueText).join('; '),
  ];
  if (withActual) cells.push(item.actual?.decision ?? '', (item.actual?.reasons ?? []).join('; '), agreement(item));
  cells.push(notAssessable(item).map(notAssessableLine).join('; '));
  return row(cells);
}

// the rows of one case (no header)
export function caseCsv(r: CaseResult, warnings: InputIssue[] = [], withActual = false): string {
  return r.items.map((item) => itemRow(r, item, warnings, withActual)).join('\n');
}

export function totalsCsv(t: Totals, withActual = false): string {
  const width = (withActual ? EVALUATE_HEADER : CHECK_HEADER).length;
  const line = (outcome: string, n: number) => {
    const cells: Array<string | number> = ['(totals)', '', `${n} item${n === 1 ? '' : 's'}`, '', outcome];
    while (cells.length < width) cells.push('');
    return row(cells);
  };
  return [...OUTCOME_ORDER.map((o) => line(o, t.byOutcome[o])), line('all', t.items)].join('\n');
}
