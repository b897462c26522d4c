// From a parsed letter to a case in the case format, with every extracted fact's provenance.
import type { Case, Request, Surgery } from '../schema/case.js';
import type { CatalogIndex } from '../facts/catalog.js';
import type { ParsedLetter } from './letter.js';
import { parseHeading } from './heading.js';
import { type ConditionLexicon, sameProduct, summaryFacts, usesSince } from './summary.js';
import { resolveName } from '../facts/catalog.js';
import { rationaleFacts, reasonTags } from './reasons.js';

export type ImportResult = { case: Case; warnings: string[] };

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'item'
  );
}

// every leaf path of a plain object, arrays counted as leaves
function leafPaths(value: unknown, prefix: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

export function letterToCase(letter: ParsedLetter, source: string, index: CatalogIndex, conditionLexicon?: ConditionLexicon): ImportResult {
  const warnings = [...letter.warnings];
  const provenance: Record<string, 'summary' | 'rationale' | 'header' | 'heading'> = {};
  const fromSummary = summaryFacts(letter.summary, index, { injuryDate: letter.header.injuryDate, conditionLexicon });
  const c: Record<string, unknown> = {
    id: letter.header.caseNumber ?? slug(source.replace(/\.(pdf|txt)$/i, '')),
    source,
  };
  if (fromSummary.requestDate) c.requestDate = fromSummary.requestDate;
  for (const key of [
    'patient',
    'injury',
    'diagnoses',
    'conditions',
    'suspectedDiagnoses',
    'findings',
    'documentation',
    'history',
    'examination',
    'imaging',
    'symptoms',
    'redFlags',
    'work',
    'surgeries',
  ] as const) {
    if (fromSummary[key] !== undefined) c[key] = fromSummary[key];
  }
  const { urDenialDate: summaryUr, latestRecordDate, ...summaryFactsOnly } = fromSummary;
  for (const path of leafPaths(summaryFactsOnly, '')) provenance[path] = 'summary';

  // the header's date of injury stands when the summary gives none
  if (letter.header.injuryDate && !(c.injury as Case['injury'])?.date) {
    c.injury = { ...(c.injury as object), date: letter.header.injuryDate };
    provenance['injury.date'] = 'header';
  }
  const determination = {
    caseNumber: letter.header.caseNumber,
    decisionDate: letter.header.decisionDate,
    assignedDate: letter.header.assignedDate,
    urDenialDate: letter.header.urDenialDate ?? summaryUr,
    latestRecordDate,
    reviewer: letter.reviewer,
    editionCited: letter.editionCited,
  };
  if (!letter.header.urDenialDate && summaryUr) provenance['determination.urDenialDate'] = 'summary';
  if (Object.values(determination).some((v) => v !== undefined)) {
    c.determination = Object.fromEntries(Object.entries(determination).filter(([, v]) => v !== undefined));
  }

  // what rationales state as lacking fills only facts the summary left unstated
  const findings = { ...((c.findings as object) ?? {}) } as Record<string, unknown>;
  const documentation = { ...((c.documentation as object) ?? {}) } as Record<string, unknown>;
  const ids = new Set<string>();
  const requests = letter.items.map((item, i) => {
    // a partly certified request is read as first made; what UR certified is recorded beside it
    const h = { ...parseHeading(item.original ?? item.heading, index), text: item.heading };
    if (item.certified) {
      const part = parseHeading(item.certified, index);
      const count = part.kind === 'therapy' || part.kind === 'program' ? { sessions: part.sessions } : { quantity: part.quantity };
      (h as Record<string, unknown>).certified = {
        text: item.certified,
        ...Object.fromEntries(Object.entries(count).filter(([, v]) => v !== undefined)),
      };
    }
    if (!h.known) warnings.push(`item ${i + 1} "${item.heading}": ${h.resolutionNote}`);
    let id = slug(h.name === item.heading ? item.heading : `${h.name}${h.strength ? ` ${h.strength}` : ''}`);
    while (ids.has(id)) id = `${id}-${i + 1}`;
    ids.add(id);
    // "has been prescribed Baclofen since at least June 2012", said in a rationale
    for (const use of usesSince(item.rationale, index)) {
      const history = (c.history ??= {}) as NonNullable<Case['history']>;
      const meds = (history.medications ??= []);
      const at = meds.findIndex((m) => sameProduct(index, m.name, use.name));
      if (at >= 0 && meds[at].since) continue;
      if (at >= 0) {
        meds[at].since = use.since;
        provenance[`history.medications[${at}].since`] = 'rationale';
      } else {
        meds.push({ name: use.name, since: use.since, current: true });
        provenance[`history.medications[${meds.length - 1}]`] = 'rationale';
      }
    }
    // "Additional physical therapy ...": the heading itself says a course of the same therapy came before
    const prior = resolveName(index, h.name);
    const type = prior.status === 'resolved' ? prior.product.treatmentType : undefined;
    if (type && /\b(additional|continued|continuation|more|further|extension|ongoing|repeat)\b/i.test(item.heading)) {
      const history = (c.history ??= {}) as NonNullable<Case['history']>;
      const treatments = (history.treatments ??= []);
      if (!treatments.some((t) => t.type === type)) {
        treatments.push({ type: type as NonNullable<NonNullable<Case['history']>['treatments']>[number]['type'] });
        provenance[`history.treatments[${treatments.length - 1}]`] = 'heading';
      }
    }
    const rf = rationaleFacts(item.rationale);
    for (const [group, target] of [
      ['findings', findings],
      ['documentation', documentation],
    ] as const) {
      for (const [k, v] of Object.entries(rf[group] ?? {})) {
        if (target[k] === undefined) {
          target[k] = v;
          provenance[`${group}.${k}`] = 'rationale';
        }
      }
    }
    const reasons = item.decision === 'upheld' ? reasonTags(item.rationale, item.heading) : [];
    const { resolutionNote: _n, known: _k, ...fields } = h;
    const request: Record<string, unknown> = { id, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
    request.actual = {
      decision: item.decision,
      ...(reasons.length ? { reasons } : {}),
      ...(item.imrCitation ? { citation: item.imrCitation } : {}),
    };
    return request;
  });
  // a red flag counts for the decision where it is in the body region of a requested item
  const flagged = (fromSummary.redFlags ?? []).some((f) => requests.some((r) => f.region && r.bodyRegion === f.region));
  if (flagged && findings.redFlags === undefined) {
    findings.redFlags = true;
    provenance['findings.redFlags'] = 'summary';
  }
  if (Object.keys(findings).length) c.findings = findings;
  linkSurgeries(c, requests, index, provenance);
  if (Object.keys(documentation).length) c.documentation = documentation;
  const d = c.determination as Case['determination'];
  if (!c.requestDate && !d?.decisionDate && !d?.urDenialDate && !d?.latestRecordDate && !d?.editionCited) {
    warnings.push("no date and no guideline edition in the letter: the edition will be chosen by today's date");
  }
  c.requests = requests;
  if (Object.keys(provenance).length) c.provenance = provenance;
  return { case: c as unknown as Case, warnings };
}

// Replaying without hindsight: drop every fact that a rationale supplied.
export function summaryOnly(c: Case): Case {
  const rationalePaths = Object.entries(c.provenance ?? {})
    .filter(([, src]) => src === 'rationale')
    .map(([p]) => p);
  if (rationalePaths.length === 0) return c;
  const copy = structuredClone(c) as unknown as Record<string, unknown>;
  for (const path of rationalePaths) deletePath(copy, path);
  return compact(copy) as unknown as Case;
}

// array entries removed by deletePath are left as holes so later indices stay valid; close them
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  }
  return value;
}

function deletePath(obj: Record<string, unknown>, path: string): void {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let cur: unknown = obj;
  for (const k of keys.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<string, unknown>)[k];
  }
  if (cur !== null && typeof cur === 'object') {
    const last = keys[keys.length - 1];
    if (Array.isArray(cur)) cur.splice(Number(last), 1, undefined as never);
    else delete (cur as Record<string, unknown>)[last];
  }
}

// "Pre-op labs", "Post-op physical therapy", "Associated surgical service: sling", "PA assist":
// the part an item plays in a surgery, by its heading.
function surgeryRoleOf(heading: string): Request['surgeryRole'] | undefined {
  if (/\bpre-?op(?:erative)?\b|\bclearance\b|^labs to include/i.test(heading)) return 'pre-operative';
  if (/\bassist(?:ant)?\b|\banesthesi/i.test(heading)) return 'intra-operative';
  if (/\bpost-?\s?op(?:erative)?\b|^associated surgical service/i.test(heading)) return 'post-operative';
  return undefined;
}

const DAY_MS = 86_400_000;

// Therapy or home care asked for within six months after a surgery of the same region (the
// postsurgical physical medicine period, 8 CCR 9792.24.3), or care of the wound, is post-operative
// care of that surgery even when the heading does not say "post-op".
function recentSurgery(r: Record<string, unknown>, performed: Surgery[], requestDate: string | undefined): Surgery | undefined {
  const text = String(r.text);
  const care = r.kind === 'therapy' || r.kind === 'program' || /\b(?:RN|nurs\w*|home health)\b/i.test(text);
  if (!care) return undefined;
  const wound = /\b(?:wound|incision\w*|drains?|dressings?)\b/i.test(text);
  const candidates = performed.filter((s) => s.status === 'performed' && (!s.region || !r.bodyRegion || s.region === r.bodyRegion));
  for (const s of candidates.reverse()) {
    if (s.date && requestDate && s.date.length === 10) {
      const days = (Date.parse(requestDate) - Date.parse(s.date)) / DAY_MS;
      if (days >= 0 && days <= 182) return s;
    } else if (wound) return s;
  }
  return undefined;
}

// Surgeries requested in the letter, and the items that belong to a surgery (requested, else the
// latest one performed).
function linkSurgeries(
  c: Record<string, unknown>,
  requests: Array<Record<string, unknown>>,
  index: CatalogIndex,
  provenance: Record<string, string>,
) {
  const surgeries = ((c.surgeries as Surgery[] | undefined) ?? []).slice();
  const performed = surgeries.length;
  for (const r of requests) {
    const res = resolveName(index, String(r.name));
    const isSurgery = res.status === 'resolved' && res.product.classes.includes('surgery');
    if (!isSurgery || surgeryRoleOf(String(r.text))) continue;
    const id = `${String(r.id)}-surgery`;
    surgeries.push({
      id,
      procedure: String(r.text),
      ...(r.bodyRegion && r.bodyRegion !== 'multiple' ? { region: r.bodyRegion as Surgery['region'] } : {}),
      ...(r.side ? { side: r.side as Surgery['side'] } : {}),
      status: 'requested',
      request: String(r.id),
    });
    provenance[`surgeries[${surgeries.length - 1}]`] = 'heading';
  }
  // an item goes with the surgery requested beside it, else the one planned or authorized, else
  // the latest one performed
  const target =
    surgeries.find((s) => s.status === 'requested') ??
    surgeries
      .slice(0, performed)
      .filter((s) => s.status === 'planned' || s.status === 'authorized')
      .at(-1) ??
    surgeries
      .slice(0, performed)
      .filter((s) => s.status === 'performed')
      .at(-1);
  for (const r of requests) {
    const role = surgeryRoleOf(String(r.text));
    if (role && target) {
      r.surgeryRole = role;
      r.surgery = target.id;
      continue;
    }
    const after = recentSurgery(r, surgeries.slice(0, performed), c.requestDate as string | undefined);
    if (after) {
      r.surgeryRole = 'post-operative';
      r.surgery = after.id;
    }
  }
  if (surgeries.length) c.surgeries = surgeries;
}
