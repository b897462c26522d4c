// Measuring the importer: the facts it takes from a letter against a hand-encoded gold file of
// the same letter, field by field. A field the gold states and the import leaves out counts
// against recall; one the import states and the gold leaves out counts against precision; one
// both state with different values (a `true` read as `false`) counts against both.
//
// Only the fields a gold set encodes somewhere are scored: a set written before the case format
// had `examination` cannot judge examination findings, so they are left out of its figures.
import { type CatalogIndex, normalizeName, resolveName } from '../facts/catalog.js';
import { durationDays, parseFrequency } from '../facts/request-text.js';
import type { Case } from '../schema/case.js';

export const FAMILIES = [
  'header',
  'patient',
  'injury',
  'diagnoses',
  'conditions',
  'findings',
  'documentation',
  'medications',
  'treatments',
  'examination',
  'imaging',
  'surgeries',
  'symptoms',
  'redFlags',
  'work',
  'requests',
  'decision',
] as const;
export type Family = (typeof FAMILIES)[number];

// One scored field: where it is, its family, and how it came out.
export type FieldOutcome = { family: Family; path: string; gold?: string; imported?: string; outcome: 'hit' | 'miss' | 'extra' | 'wrong' };

export type Tally = { goldFields: number; importedFields: number; hits: number };

export type CompareReport = {
  letters: number;
  fields: number;
  recall: number;
  precision: number;
  byFamily: Partial<Record<Family, { recall: number; precision: number; fields: number }>>;
  reasonRecall: number;
  reasonPrecision: number;
};

type Leaf = { path: string; family: Family; value: unknown; kind: ValueKind };
type ValueKind = 'exact' | 'text' | 'frequency' | 'duration' | 'product';

// Fields that identify or annotate rather than state a fact.
const SKIP = new Set([
  'id',
  'source',
  'provenance',
  'requests[].id',
  'requests[].text',
  'requests[].actual.reasons',
  'examination[].note',
  'imaging[].note',
  'redFlags[].note',
  'work.note',
  'history.treatments[].name',
  'surgeries[].id',
  'surgeries[].request',
  'requests[].surgery',
  // the keys that pair array elements: the element's own field already counts them
  'history.medications[].name',
  'history.treatments[].type',
  'history.treatments[].injection',
  'examination[].region',
  'imaging[].modality',
  'imaging[].region',
  'symptoms[].region',
  'redFlags[].flag',
  'surgeries[].region',
]);

const TEXT_FIELDS = new Set([
  'injury.mechanism',
  'requests[].indication',
  'requests[].certified.text',
  'requests[].actual.citation',
  'surgeries[].procedure',
  'determination.reviewer',
]);

function familyOf(path: string): Family {
  const head = path.split(/[.[]/)[0];
  if (path.startsWith('history.medications')) return 'medications';
  if (path.startsWith('history.treatments')) return 'treatments';
  if (path === 'documentation.returnedToWork') return 'work';
  if (path === 'findings.redFlags') return 'redFlags';
  if (path.startsWith('requests[].actual')) return 'decision';
  if (head === 'requestDate' || head === 'determination') return 'header';
  if (head === 'suspectedDiagnoses') return 'diagnoses';
  return (FAMILIES as readonly string[]).includes(head) ? (head as Family) : 'findings';
}

function kindOf(path: string): ValueKind {
  if (TEXT_FIELDS.has(path)) return 'text';
  if (path.endsWith('.frequency')) return 'frequency';
  if (path === 'requests[].duration') return 'duration';
  if (path === 'requests[].name') return 'product';
  return 'exact';
}

// Array elements keyed so that the same thing in both files meets: a medication by product, an
// examination by region and side, a request by position.
type Keyed = Array<{ key: string; value: Record<string, unknown> }>;

function medicationKey(index: CatalogIndex, name: string): string {
  const r = resolveName(index, name);
  return r.status === 'resolved' ? `product:${r.product.id}` : `name:${normalizeName(name).split(/[\s/]/)[0]}`;
}

function keyed(path: string, items: Array<Record<string, unknown>>, index: CatalogIndex): Keyed {
  const seen = new Map<string, number>();
  const unique = (k: string) => {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return n === 1 ? k : `${k}#${n}`;
  };
  return items.map((v, i) => {
    let k: string;
    if (path === 'history.medications') k = medicationKey(index, String(v.name));
    else if (path === 'history.treatments') k = `${v.type}${v.injection ? `/${v.injection}` : ''}`;
    else if (path === 'examination') k = `${v.region}`;
    else if (path === 'imaging') k = `${String(v.modality).replace(/^(emg|ncs)$/, 'emg-ncs')}/${v.region}`;
    else if (path === 'surgeries') k = `${v.region ?? 'any'}`;
    else if (path === 'symptoms') k = `${v.region}`;
    else if (path === 'redFlags') k = `${v.flag}`;
    else k = String(i);
    return { key: unique(k), value: v };
  });
}

// Every scored leaf of a case. Arrays of values become one leaf per element (so each documented
// condition counts once) and an empty array is a leaf of its own (documented as none).
export function leaves(c: Case, index: CatalogIndex): Leaf[] {
  const out: Leaf[] = [];
  const push = (path: string, generic: string, value: unknown) => {
    if (SKIP.has(generic) || value === undefined || value === null) return;
    out.push({ path, family: familyOf(generic), value, kind: kindOf(generic) });
  };
  const walk = (value: unknown, path: string, generic: string) => {
    if (SKIP.has(generic) || value === undefined || value === null) return;
    if (Array.isArray(value)) {
      if (value.length === 0) return push(`${path}=[]`, generic, '[]');
      if (typeof value[0] !== 'object') {
        for (const v of value) {
          const text = generic === 'diagnoses' || generic === 'suspectedDiagnoses' ? normalizeName(String(v)) : String(v);
          push(`${path}=${text}`, generic, true);
        }
        return;
      }
      for (const { key, value: v } of keyed(generic, value as Array<Record<string, unknown>>, index)) {
        // the element itself: a medication named, an examination of a region
        push(`${path}[${key}]`, `${generic}[]`, true);
        walk(v, `${path}[${key}]`, `${generic}[]`);
      }
      return;
    }
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>))
        walk(v, path ? `${path}.${k}` : k, generic ? `${generic}.${k}` : k);
      return;
    }
    push(path, generic, value);
  };
  walk(c, '', '');
  return out;
}

const generic = (path: string) => path.replace(/\[[^\]]*\]/g, '[]').replace(/=.*$/, '');

function words(s: string): Set<string> {
  return new Set(
    normalizeName(s)
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 2),
  );
}

// Free text agrees when most of the shorter text's words are in the longer one.
function textAgrees(a: string, b: string): boolean {
  const [x, y] = [words(a), words(b)];
  if (x.size === 0 || y.size === 0) return normalizeName(a) === normalizeName(b);
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  const shared = [...small].filter((w) => large.has(w)).length;
  return shared / small.size >= 0.6;
}

function agrees(kind: ValueKind, a: unknown, b: unknown, index: CatalogIndex): boolean {
  if (kind === 'text') return textAgrees(String(a), String(b));
  if (kind === 'frequency') {
    const [x, y] = [parseFrequency(String(a)), parseFrequency(String(b))];
    if (x && y) return x.dosesPerDay === y.dosesPerDay && x.asNeeded === y.asNeeded;
    return normalizeName(String(a)) === normalizeName(String(b));
  }
  if (kind === 'duration') return durationDays(String(a)) === durationDays(String(b));
  if (kind === 'product') {
    const [x, y] = [resolveName(index, String(a)), resolveName(index, String(b))];
    if (x.status === 'resolved' && y.status === 'resolved') return x.product.id === y.product.id;
    return textAgrees(String(a), String(b));
  }
  if (typeof a === 'string' && typeof b === 'string') return normalizeName(a) === normalizeName(b);
  return a === b;
}

// Diagnoses are free text: a diagnosis is found when an imported one says the same in other words.
function matchDiagnoses(gold: Leaf[], imported: Leaf[]): Map<string, string> {
  const pairs = new Map<string, string>();
  const used = new Set<string>();
  for (const g of gold) {
    const gText = g.path.replace(/^[^=]*=/, '');
    const hit = imported.find(
      (i) => !used.has(i.path) && generic(i.path) === generic(g.path) && textAgrees(gText, i.path.replace(/^[^=]*=/, '')),
    );
    if (hit) {
      pairs.set(g.path, hit.path);
      used.add(hit.path);
    }
  }
  return pairs;
}

// Requests pair by position when both files list the same number, else by heading text.
export function alignRequests(gold: Case, imported: Case): Case {
  if (gold.requests.length === imported.requests.length) return imported;
  const used = new Set<number>();
  const requests = gold.requests.map((g) => {
    const at = imported.requests.findIndex((r, i) => !used.has(i) && textAgrees(r.text, g.text));
    if (at < 0) return undefined;
    used.add(at);
    return imported.requests[at];
  });
  const rest = imported.requests.filter((_, i) => !used.has(i));
  // unpaired imported items keep positions past the gold's, so they count as extra
  const aligned = [...requests, ...Array(Math.max(0, imported.requests.length - gold.requests.length)).fill(undefined)];
  let k = 0;
  for (let i = 0; i < aligned.length && k < rest.length; i++) if (!aligned[i]) aligned[i] = rest[k++];
  return { ...imported, requests: aligned.filter((r) => r !== undefined) as Case['requests'] };
}

// The field outcomes of one letter.
export function compareCase(gold: Case, imported: Case, index: CatalogIndex, scored: Set<string>): FieldOutcome[] {
  const aligned = alignRequests(gold, imported);
  const g = leaves(gold, index).filter((l) => inScope(l.path, scored));
  const m = leaves(aligned, index).filter((l) => inScope(l.path, scored));
  const isDx = (l: Leaf) => l.family === 'diagnoses';
  const dxPairs = matchDiagnoses(g.filter(isDx), m.filter(isDx));
  const byPath = new Map(m.map((l) => [l.path, l]));
  const out: FieldOutcome[] = [];
  const matched = new Set<string>();
  for (const l of g) {
    const path = isDx(l) ? dxPairs.get(l.path) : l.path;
    const other = path ? byPath.get(path) : undefined;
    if (!other) {
      out.push({ family: l.family, path: l.path, gold: String(l.value), outcome: 'miss' });
      continue;
    }
    matched.add(other.path);
    out.push({
      family: l.family,
      path: l.path,
      gold: String(l.value),
      imported: String(other.value),
      outcome: agrees(l.kind, l.value, other.value, index) ? 'hit' : 'wrong',
    });
  }
  for (const l of m) if (!matched.has(l.path)) out.push({ family: l.family, path: l.path, imported: String(l.value), outcome: 'extra' });
  return out;
}

// The field paths (without positions) that a gold set states somewhere, and the kinds of
// treatment it uses: a set written before a kind existed ("medication" as a course of care)
// cannot judge courses of that kind.
export function scoredFields(golds: Case[], index: CatalogIndex): Set<string> {
  const out = new Set(golds.flatMap((c) => leaves(c, index).map((l) => generic(l.path))));
  for (const c of golds) for (const t of c.history?.treatments ?? []) out.add(`treatment-type:${t.type}`);
  return out;
}

const treatmentType = /^history\.treatments\[([a-z-]+)/;
function inScope(path: string, scored: Set<string>): boolean {
  if (!scored.has(generic(path))) return false;
  const t = treatmentType.exec(path);
  return !t || scored.has(`treatment-type:${t[1]}`);
}

// Reason tags of upheld items, paired by position after alignment.
export function reasonCounts(gold: Case, imported: Case): { gold: number; imported: number; hits: number } {
  const aligned = alignRequests(gold, imported);
  let [gn, mn, hits] = [0, 0, 0];
  gold.requests.forEach((g, i) => {
    const want = new Set(g.actual?.reasons ?? []);
    const got = new Set(aligned.requests[i]?.actual?.reasons ?? []);
    gn += want.size;
    mn += got.size;
    hits += [...got].filter((t) => want.has(t)).length;
  });
  for (const r of aligned.requests.slice(gold.requests.length)) mn += r.actual?.reasons?.length ?? 0;
  return { gold: gn, imported: mn, hits };
}

const ratio = (n: number, d: number) => (d === 0 ? 1 : Math.round((n / d) * 1000) / 1000);

export function summarize(
  outcomes: FieldOutcome[],
  reasons: { gold: number; imported: number; hits: number },
  letters: number,
): CompareReport {
  const tally = (list: FieldOutcome[]) => {
    const hits = list.filter((o) => o.outcome === 'hit').length;
    const goldFields = list.filter((o) => o.outcome !== 'extra').length;
    const importedFields = list.filter((o) => o.outcome !== 'miss').length;
    return { recall: ratio(hits, goldFields), precision: ratio(hits, importedFields), fields: goldFields };
  };
  const all = tally(outcomes);
  const byFamily: CompareReport['byFamily'] = {};
  for (const f of FAMILIES) {
    const list = outcomes.filter((o) => o.family === f);
    if (list.length) byFamily[f] = tally(list);
  }
  return {
    letters,
    fields: all.fields,
    recall: all.recall,
    precision: all.precision,
    byFamily,
    reasonRecall: ratio(reasons.hits, reasons.gold),
    reasonPrecision: ratio(reasons.hits, reasons.imported),
  };
}

export function compareText(r: CompareReport): string {
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  const lines = [
    `letters compared: ${r.letters}, gold fields: ${r.fields}`,
    `fact recall ${pct(r.recall)}, precision ${pct(r.precision)}`,
    `reason tags: recall ${pct(r.reasonRecall)}, precision ${pct(r.reasonPrecision)}`,
    '',
    'family          fields  recall  precision',
  ];
  for (const [f, t] of Object.entries(r.byFamily)) {
    lines.push(`${f.padEnd(15)} ${String(t.fields).padStart(6)}  ${pct(t.recall).padStart(6)}  ${pct(t.precision).padStart(9)}`);
  }
  return lines.join('\n');
}
