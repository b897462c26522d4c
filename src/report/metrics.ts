// Predicted vs actual over cases with known IMR decisions. Accumulates item by item so a batch of
// any size is summarised without holding every result.
import type { CaseResult, ItemResult, Outcome } from '../evaluate/evaluate.js';

type Decision = 'upheld' | 'overturned';
export type Confusion = Record<Decision, Record<Outcome, number>>;

export type Mismatch = {
  case: string;
  file?: string;
  item: string;
  text: string;
  predicted: Outcome;
  actual: Decision;
  actualReasons: string[];
  predictedReasons: string[];
  // rule ids name their citations (`imr-check rules`); keeping only ids keeps a large replay small
  findings: Array<{ ruleId: string; reason: string; evidence: string }>;
};

export type ReasonDifference = { case: string; item: string; missed: string[]; extra: string[] };

// Predicted-upheld items by what the prediction rests on: a criterion the file documents as unmet,
// or only facts the file does not state (silence). `correct`: actually upheld.
export type UpheldBasis = Record<'documented' | 'notDocumented', { predicted: number; correct: number; accuracy: number | null }>;

// Figures for one part of a corpus (real letters, constructed cases)
export type Part = Pick<
  Metrics,
  | 'items'
  | 'withActual'
  | 'covered'
  | 'coverage'
  | 'correct'
  | 'accuracy'
  | 'balancedAccuracy'
  | 'upheldRecall'
  | 'overturnedRecall'
  | 'confusion'
>;

export type Metrics = {
  factsMode?: string;
  items: number;
  withActual: number;
  covered: number;
  notCovered: number;
  coverage: number | null;
  correct: number;
  accuracy: number | null;
  balancedAccuracy: number | null;
  upheldRecall: number | null;
  overturnedRecall: number | null;
  confusion: Confusion;
  reasonRecall: number | null;
  reasonPrecision: number | null;
  reasonCounts: { actual: number; predicted: number; agreed: number };
  upheldBasis: UpheldBasis;
  // cases whose source says they were constructed are counted apart from real decisions
  byOrigin: { real: Part; constructed: Part };
  mismatches: Mismatch[];
  reasonDifferences: ReasonDifference[];
  // Lists are capped so a replay of any size runs in bounded memory; what is left out is counted.
  listLimit: number; // Infinity (null in JSON): no limit
  omitted: { mismatches: number; reasonDifferences: number };
};

// enough for every mismatch of the letter corpora; a synthetic replay of 100k items stays small
export const DEFAULT_LIST_LIMIT = 1000;

const row = () => ({ upheld: 0, overturned: 0, 'not-covered': 0 });
const emptyPart = (): Part => ({
  items: 0,
  withActual: 0,
  covered: 0,
  coverage: null,
  correct: 0,
  accuracy: null,
  balancedAccuracy: null,
  upheldRecall: null,
  overturnedRecall: null,
  confusion: { upheld: row(), overturned: row() },
});

export function emptyMetrics(listLimit = DEFAULT_LIST_LIMIT): Metrics {
  return {
    items: 0,
    withActual: 0,
    covered: 0,
    notCovered: 0,
    coverage: null,
    correct: 0,
    accuracy: null,
    balancedAccuracy: null,
    upheldRecall: null,
    overturnedRecall: null,
    confusion: { upheld: row(), overturned: row() },
    reasonRecall: null,
    reasonPrecision: null,
    reasonCounts: { actual: 0, predicted: 0, agreed: 0 },
    upheldBasis: { documented: { predicted: 0, correct: 0, accuracy: null }, notDocumented: { predicted: 0, correct: 0, accuracy: null } },
    byOrigin: { real: emptyPart(), constructed: emptyPart() },
    mismatches: [],
    reasonDifferences: [],
    listLimit,
    omitted: { mismatches: 0, reasonDifferences: 0 },
  };
}

function predictedReasons(item: ItemResult): string[] {
  return [...new Set(item.findings.map((f) => f.reason))].sort();
}

export const isConstructed = (source: string | undefined) => /^constructed\b/i.test(source ?? '');

function addToPart(p: Part, item: ItemResult): void {
  p.items += 1;
  if (!item.actual) return;
  p.withActual += 1;
  p.confusion[item.actual.decision][item.outcome] += 1;
  if (item.outcome === 'not-covered') return;
  p.covered += 1;
  if (item.outcome === item.actual.decision) p.correct += 1;
}

export function addCase(m: Metrics, result: CaseResult): void {
  const part = m.byOrigin[isConstructed(result.source) ? 'constructed' : 'real'];
  for (const item of result.items) {
    m.items += 1;
    addToPart(part, item);
    const actual = item.actual;
    if (!actual) continue;
    m.withActual += 1;
    m.confusion[actual.decision][item.outcome] += 1;
    if (item.outcome === 'not-covered') {
      m.notCovered += 1;
      continue;
    }
    m.covered += 1;
    if (item.outcome === 'upheld') {
      const basis = m.upheldBasis[item.findings.some((f) => f.evidence === 'documented') ? 'documented' : 'notDocumented'];
      basis.predicted += 1;
      if (actual.decision === 'upheld') basis.correct += 1;
    }
    const predicted = predictedReasons(item);
    if (item.outcome === actual.decision) m.correct += 1;
    else if (m.mismatches.length >= m.listLimit) m.omitted.mismatches += 1;
    else {
      m.mismatches.push({
        case: result.caseId,
        file: result.file,
        item: item.requestId,
        text: item.text,
        predicted: item.outcome,
        actual: actual.decision,
        actualReasons: actual.reasons ?? [],
        predictedReasons: predicted,
        findings: item.findings.map((f) => ({ ruleId: f.ruleId, reason: f.reason, evidence: f.evidence })),
      });
    }
    // reasons are compared where the reviewer gave some and upheld the denial
    if (actual.decision === 'upheld' && actual.reasons && actual.reasons.length > 0) {
      const want = new Set(actual.reasons);
      const agreed = predicted.filter((r) => want.has(r));
      m.reasonCounts.actual += want.size;
      m.reasonCounts.predicted += predicted.length;
      m.reasonCounts.agreed += agreed.length;
      const missed = [...want].filter((r) => !predicted.includes(r));
      const extra = predicted.filter((r) => !want.has(r));
      if (!missed.length && !extra.length) continue;
      if (m.reasonDifferences.length >= m.listLimit) m.omitted.reasonDifferences += 1;
      else m.reasonDifferences.push({ case: result.caseId, item: item.requestId, missed, extra });
    }
  }
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

function finishPart<T extends Part>(m: T): T {
  const c = m.confusion;
  const upheldCovered = c.upheld.upheld + c.upheld.overturned;
  const overturnedCovered = c.overturned.upheld + c.overturned.overturned;
  const upheldRecall = ratio(c.upheld.upheld, upheldCovered);
  const overturnedRecall = ratio(c.overturned.overturned, overturnedCovered);
  const recalls = [upheldRecall, overturnedRecall].filter((r): r is number => r !== null);
  return {
    ...m,
    coverage: ratio(m.covered, m.withActual),
    accuracy: ratio(m.correct, m.covered),
    upheldRecall,
    overturnedRecall,
    // mean of per-class recall over the classes present among covered items
    balancedAccuracy: recalls.length ? recalls.reduce((a, b) => a + b, 0) / recalls.length : null,
  };
}

export function finish(m: Metrics): Metrics {
  const basis = (b: UpheldBasis[keyof UpheldBasis]) => ({ ...b, accuracy: ratio(b.correct, b.predicted) });
  return {
    ...finishPart(m),
    reasonRecall: ratio(m.reasonCounts.agreed, m.reasonCounts.actual),
    reasonPrecision: ratio(m.reasonCounts.agreed, m.reasonCounts.predicted),
    upheldBasis: { documented: basis(m.upheldBasis.documented), notDocumented: basis(m.upheldBasis.notDocumented) },
    byOrigin: { real: finishPart(m.byOrigin.real), constructed: finishPart(m.byOrigin.constructed) },
  };
}
