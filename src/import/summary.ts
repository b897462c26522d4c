// Facts stated in a letter's case summary. These were written before the decision was reasoned
// about, so they are the facts an honest replay may use (provenance "summary").
import type { Case } from '../schema/case.js';
import { type CatalogIndex, resolveName } from '../facts/catalog.js';
import { DATE_PATTERN, toIsoDate, toPartialDate } from './text.js';
import { bodyRegionOf } from './heading.js';

export type SummaryFacts = Partial<
  Pick<Case, 'patient' | 'injury' | 'diagnoses' | 'findings' | 'documentation' | 'history' | 'requestDate'>
> & {
  urDenialDate?: string;
  latestRecordDate?: string;
};

function splitList(text: string): string[] {
  return text
    .split(/;|,(?![^(]*\))|\band\b(?![^(]*\))/)
    .map((s) =>
      s
        .replace(/^\s*(and|the|with|of|to|history of)\s+/i, '')
        .replace(/[.:]$/, '')
        .trim(),
    )
    .filter((s) => s.length > 1 && s.length < 120);
}

const TREATMENTS: Array<[RegExp, NonNullable<NonNullable<Case['history']>['treatments']>[number]['type']]> = [
  [/acupuncture/i, 'acupuncture'],
  [/physical therapy|\bpt\b|physiotherapy/i, 'physical-therapy'],
  [/chiropractic|manipulation/i, 'chiropractic'],
  [/\btens\b|transcutaneous/i, 'tens'],
  [/injections?|blocks?|epidural/i, 'injection'],
  [/surger(y|ies)|fusion|arthroscop|laminectomy|discectomy|release|repair|replacement|arthroplasty/i, 'surgery'],
  [/psychotherapy|cognitive|psycholog|counsel/i, 'psychotherapy'],
  [/functional restoration/i, 'functional-restoration'],
  [/massage/i, 'massage'],
  [/home exercise/i, 'home-exercise'],
  [/heat|ice|cold/i, 'heat-therapy'],
];

export function sameProduct(index: CatalogIndex, a: string, b: string): boolean {
  const x = resolveName(index, a);
  const y = resolveName(index, b);
  return x.status === 'resolved' && y.status === 'resolved' && x.product.id === y.product.id;
}

// "has been using ThermaCare since at least June 2012", "utilizing Morphine since 2012"
export function usesSince(text: string, index: CatalogIndex): Array<{ name: string; since: string }> {
  const out: Array<{ name: string; since: string }> = [];
  for (const m of text.matchAll(
    /(?:using|taking|prescribed|on|utilizing|used)\s+([A-Z][\w-]*(?: [\d./]+ ?mg)?)\s+since (?:at least )?([A-Za-z]+\.? \d{4}|\d{1,2}[/-]\d{4}|\d{4}|\d{1,2}[/-]\d{1,2}[/-]\d{2,4})/g,
  )) {
    const since = toPartialDate(m[2]);
    const r = resolveName(index, m[1]);
    if (since && r.status === 'resolved' && r.product.kind !== 'therapy') out.push({ name: m[1], since });
  }
  return out;
}

export function summaryFacts(summary: string, index: CatalogIndex): SummaryFacts {
  const facts: SummaryFacts = {};
  const s = summary;
  const who = /(\d{1,3})[- ]year[- ]old,?\s*(?:[a-z-]+\s+)?(male|female|man|woman|gentleman|lady)/i.exec(s);
  if (who) {
    const sex = /female|woman|lady/i.test(who[2]) ? 'female' : 'male';
    facts.patient = { age: Number(who[1]), sex };
  }
  const injury =
    new RegExp(`injur(?:y|ies)(?: date)?(?: of| on| dated| date of| that occurred on)?\\s*(${DATE_PATTERN})`, 'i').exec(s) ??
    new RegExp(`date of injury (?:of |on )?(${DATE_PATTERN})`, 'i').exec(s);
  const injuryDate = injury ? toIsoDate(injury[1]) : undefined;

  const dx =
    /diagnos(?:es|is)\s+(?:have |has |had )?(?:included|include|includes|were|was|are|is|of|consisted of|noted to be|listed as|documented as)?\s*(?:noted to be|as|of|include|included)?:?\s*([^.]+(?:\.\d[^.]*)*)\./i.exec(
      s,
    ) ?? /submitted a claim for ([^.]+?)(?: associated with| related to|\.)/i.exec(s);
  if (dx) facts.diagnoses = splitList(dx[1]);

  const regionText = [dx?.[1] ?? '', /injur(?:y|ies) to (?:the |his |her )?([^.]+?)(?:\.|;| on | while )/i.exec(s)?.[1] ?? ''].join(' ');
  const regions = regionText
    .split(/,|;| and /)
    .map((p) => bodyRegionOf(p))
    .filter((r): r is NonNullable<typeof r> => r !== undefined && r !== 'multiple');
  if (injuryDate || regions.length)
    facts.injury = { ...(injuryDate ? { date: injuryDate } : {}), ...(regions.length ? { bodyRegions: [...new Set(regions)] } : {}) };

  const medications: NonNullable<NonNullable<Case['history']>['medications']> = [];
  for (const meds of s.matchAll(
    /(?:current |prescribed )?medications?(?: list)? (?:have |has |had )?(?:included|include|includes|were|are|consisted of|listed as|noted as|consist of)[:\s]+([^.]+(?:\.\d[^.]*)*)\./gi,
  )) {
    for (const name of splitList(meds[1])) {
      const r = resolveName(index, name);
      const known = medications.some((x) => sameProduct(index, x.name, name));
      if (r.status === 'resolved' && r.product.kind === 'medication' && !known) medications.push({ name, current: true });
    }
  }
  for (const use of usesSince(s, index)) {
    const existing = medications.find((x) => sameProduct(index, x.name, use.name));
    if (existing) existing.since = use.since;
    else medications.push({ name: use.name, since: use.since, current: true });
  }

  const tx =
    /treatments?(?: to date| history)?(?: has| have| had)? (?:included|include|includes|consisted of|was|were)[:\s]+([^.]+)\./i.exec(s);
  const treatments: NonNullable<NonNullable<Case['history']>['treatments']> = [];
  if (tx) {
    for (const part of splitList(tx[1])) {
      const hit = TREATMENTS.find(([re]) => re.test(part));
      if (hit && !treatments.some((t) => t.type === hit[1])) treatments.push({ type: hit[1] });
    }
  }
  for (const m of s.matchAll(
    /(\d+)\s+(?:sessions|visits|treatments)\s+of\s+(acupuncture|physical therapy|chiropractic(?: care| treatment)?|massage)/gi,
  )) {
    const hit = TREATMENTS.find(([re]) => re.test(m[2]));
    if (!hit) continue;
    const t = treatments.find((x) => x.type === hit[1]);
    if (t) t.sessions = (t.sessions ?? 0) + Number(m[1]);
    else treatments.push({ type: hit[1], sessions: Number(m[1]) });
  }
  if (medications.length || treatments.length) {
    facts.history = {
      ...(medications.length ? { medications } : {}),
      ...(treatments.length ? { treatments: treatments.filter((t) => t.type !== 'home-exercise') } : {}),
    };
    if (facts.history.treatments?.length === 0) delete facts.history.treatments;
  }

  const documentation: NonNullable<Case['documentation']> = {};
  if (treatments.some((t) => t.type === 'home-exercise') || /home exercise (program|regimen)/i.test(s))
    documentation.homeExerciseProgram = true;
  if (/urine drug (screen|test)s?[^.]*\b(consistent|appropriate|compliant)/i.test(s) && !/inconsistent/i.test(s))
    documentation.urineDrugScreen = true;
  if (/returned to (full|regular|modified)? ?(duty|work)|is working (full|regular|modified)/i.test(s)) documentation.returnedToWork = true;
  if (/provider's rationale (is|was) not provided|rationale for the request (is|was) not (provided|documented)/i.test(s))
    documentation.rationale = false;
  if (Object.keys(documentation).length) facts.documentation = documentation;

  const findings: NonNullable<Case['findings']> = {};
  const withWithout = /(\d{1,2})\/10 with(?:out)? (?:the use of )?(?:pain )?medications?,? and (\d{1,2})\/10 with(out)?/i.exec(s);
  if (withWithout) {
    const [a, b] = [Number(withWithout[1]), Number(withWithout[2])];
    // "8/10 without and 4/10 with" or "4/10 with and 8/10 without"
    const firstIsWithout = /\/10 without/i.test(withWithout[0].split(',')[0].split(' and ')[0]);
    findings.painWithMedication = firstIsWithout ? b : a;
    findings.painWithoutMedication = firstIsWithout ? a : b;
  }
  if (/\bspasms?\b/i.test(s) && !/no (muscle )?spasms?/i.test(s)) findings.muscleSpasm = true;
  if (
    /\b(flare[- ]?up|acute exacerbation)\b/i.test(s) &&
    !/no (recent )?(flare|acute exacerbation)|not (appear to be )?(currently )?experiencing a flare/i.test(s)
  )
    findings.acuteExacerbation = true;
  // objective neurologic findings and red flags, where the summary states them without negation
  const sentencesOf = s.split(/(?<=\.)\s+/);
  const stated = (re: RegExp) =>
    sentencesOf.some(
      (x) =>
        re.test(x) && !new RegExp(`\\b(no|not|without|negative for|denies|denied|normal|intact)\\b[^.]{0,40}${re.source}`, 'i').test(x),
    );
  const dermatomal =
    /(decreased|diminished|reduced|altered|loss of) (sensation|light touch|pinprick)|dermatom|(decreased|diminished|absent|reduced) (reflex|deep tendon|DTR)|positive straight[- ]leg[- ]rais|positive spurling/i;
  const motor = /(motor )?weakness (in|of) the|decreased (motor )?strength|\b[34][+-]?\/5\b/i;
  if (stated(dermatomal)) {
    findings.objectiveNeurologicDeficit = true;
    findings.radiculopathyOnExam = true;
  } else if (stated(motor)) findings.objectiveNeurologicDeficit = true;
  if (stated(/\b(fracture|cauda equina|tumou?r|malignan|infection|progressive (neurologic(al)? )?deficit|dislocat|bowel or bladder)/i))
    findings.redFlags = true;
  if (Object.keys(findings).length) facts.findings = findings;

  const rfa = new RegExp(`(?:Request for Authorization|RFA)(?: form)?(?: was)? dated (${DATE_PATTERN})`, 'i').exec(s);
  if (rfa) facts.requestDate = toIsoDate(rfa[1]);
  const ur =
    new RegExp(`utilization review(?: \\(UR\\))?,?(?: dated| on| of)? (${DATE_PATTERN})`, 'i').exec(s) ??
    new RegExp(`On (${DATE_PATTERN}),? (?:the )?utilization review`, 'i').exec(s);
  if (ur) facts.urDenialDate = toIsoDate(ur[1]);
  const dates = [...s.matchAll(new RegExp(`(${DATE_PATTERN})`, 'g'))]
    .map((m) => toIsoDate(m[1]))
    .filter((d): d is string => d !== undefined && d !== injuryDate);
  if (dates.length) facts.latestRecordDate = dates.sort().at(-1);
  return facts;
}
