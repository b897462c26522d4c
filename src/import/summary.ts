// Facts stated in a letter's case summary. These were written before the decision was reasoned
// about, so they are the facts an honest replay may use (provenance "summary"). The wording each
// fact is recognised by lives in patterns/summary.yaml and patterns/lexicon.yaml; ConText
// (clinical.ts) decides whether a mention is affirmed, negated, suspected, past or planned.
import type { Case, Examination, Imaging, Medication, Treatment } from '../schema/case.js';
import { FIRST_LINE_TRIALS } from '../schema/case.js';
import { type CatalogIndex, resolveName } from '../facts/catalog.js';
import type { Definitions } from '../schema/rules.js';
import { conditionsFromDiagnoses } from '../facts/conditions.js';
import { parseRequestText, parseSites, parseStrength, type Site, summarizeSites } from '../facts/request-text.js';
import { contextOf, type Sentence, sentences, triggerHits } from './clinical.js';
import { type CourseMention, globalOf, latestOutcome, readCourses, reliefBetween } from './courses.js';
import { statedDuration, weeksBetween } from './durations.js';
import { type Lexicon, lexicon, type SummaryPatterns, summaryPatterns } from './summary-patterns.js';
import { parseDate, toPartialDate } from './text.js';

type FirstLine = (typeof FIRST_LINE_TRIALS)[number];

export type SummaryFacts = Partial<
  Pick<
    Case,
    | 'patient'
    | 'injury'
    | 'diagnoses'
    | 'conditions'
    | 'suspectedDiagnoses'
    | 'findings'
    | 'documentation'
    | 'history'
    | 'requestDate'
    | 'examination'
    | 'imaging'
    | 'symptoms'
    | 'redFlags'
    | 'work'
    | 'surgeries'
  >
> & {
  urDenialDate?: string;
  latestRecordDate?: string;
};

export function sameProduct(index: CatalogIndex, a: string, b: string): boolean {
  const x = resolveName(index, a);
  const y = resolveName(index, b);
  return x.status === 'resolved' && y.status === 'resolved' && x.product.id === y.product.id;
}

// "has been using ThermaCare since at least June 2012", "utilizing Morphine since 2012"
export function usesSince(text: string, index: CatalogIndex): Array<{ name: string; since: string }> {
  const out: Array<{ name: string; since: string }> = [];
  for (const m of text.matchAll(
    /(?:using|taking|prescribed|on|utilizing|used|including)\s+([A-Z][\w-]*(?: [\d./]+ ?mg)?(?:,? [A-Z][\w-]*)*)\s+since (?:at least )?([A-Za-z]+\.? \d{4}|\d{1,2}[/-]\d{4}|\d{4}|\d{1,2}[/-]\d{1,2}[/-]\d{2,4})/g,
  )) {
    const since = toPartialDate(m[2]);
    for (const name of m[1].split(/,\s*/)) {
      const r = resolveName(index, name);
      if (since && r.status === 'resolved' && r.product.kind !== 'therapy') out.push({ name, since });
    }
  }
  return out;
}

// Letters' PDF text splits dates over a line ("10-30- 2016"): join them before reading.
export function normalizeSummary(text: string): string {
  return text.replace(/(\d{1,2}[/-]\d{1,2}[/-])\s+(\d{2,4})\b/g, '$1$2').replace(/(\d{1,2}[/-])\s+(\d{1,2}[/-]\d{2,4})\b/g, '$1$2');
}

// A list running from the end of a trigger to the end of its sentence, split into its items.
// Semicolons separate items when present; otherwise commas and "and" do, outside brackets.
export function listItems(text: string, joinLastWord = false): string[] {
  // the list ends where the sentence turns to the injury: "... associated with an industrial injury"
  const cut = text
    .replace(/\.$/, '')
    .replace(/\s*\b(?:associated with|related to|secondary to) (?:an? |the |his |her )?(?:industrial|work|occupational)\b.*$/i, '');
  const semicolons = (cut.match(/;/g) ?? []).length;
  // "lumbar sprain and strain": an "and" before a single last word joins, it does not separate
  const parts =
    semicolons >= 1 && !/,/.test(cut)
      ? cut.split(/;/)
      : cut.split(
          joinLastWord
            ? /;|,(?![^(]*\))|\band\/or\b|\band\b(?![^(]*\))(?!\s+[\w-]+\s*$)|\bas well as\b/
            : /;|,(?![^(]*\))|\band\/or\b|\band\b(?![^(]*\))|\bas well as\b/,
        );
  return parts
    .map((s) =>
      s
        .replace(/^\s*(?:and|or|the|with|of|to|a|an|history of|including|included|include|includes)\s+/i, '')
        .replace(/^[\s:,-]+|[\s.:,-]+$/g, '')
        .trim(),
    )
    .filter((s) => s.length > 1 && s.length < 160);
}

type ListHit = { items: string[]; sentence: Sentence; at: number };

function listsAfter(all: Sentence[], triggers: RegExp[], joinLastWord = false): ListHit[] {
  const out: ListHit[] = [];
  for (const s of all) {
    for (const re of triggers) {
      const m = re.exec(s.text);
      if (!m) continue;
      const rest = s.text.slice(m.index + m[0].length);
      const items = listItems(rest, joinLastWord);
      if (items.length) out.push({ items, sentence: s, at: m.index });
      break;
    }
  }
  return out;
}

// Items without a diagnosis word belong to a neighbour: "lumbar, hip, and neck strain" is one.
export function joinDiagnosisFragments(items: string[], words: RegExp): string[] {
  const out: string[] = [];
  let pending: string[] = [];
  for (const item of items) {
    if (words.test(item)) {
      out.push([...pending, item].join(', '));
      pending = [];
    } else if (out.length && !pending.length && !/^(?:left|right|bilateral)\b/i.test(item)) {
      out[out.length - 1] = `${out[out.length - 1]}, ${item}`;
    } else pending.push(item);
  }
  if (pending.length) {
    if (out.length) out[out.length - 1] = `${out[out.length - 1]}, ${pending.join(', ')}`;
    else out.push(pending.join(', '));
  }
  return out;
}

const POSSIBLE = /^\s*(?:rule out|r\/o|possible|probable|suspected|suspect|questionable|likely|to rule out|most likely)\s+/i;

function diagnosesOf(all: Sentence[], p: SummaryPatterns): { diagnoses: string[]; suspected: string[] } {
  const diagnoses: string[] = [];
  const suspected: string[] = [];
  // "lumbar sprain and strain" is one diagnosis
  const hits = listsAfter(all, p.lists.diagnoses, true);
  // the first statement of the diagnoses, and comorbid ones stated apart
  const chosen = hits.filter((h, i) => i === 0 || /comorbid/i.test(h.sentence.text));
  for (const h of chosen) {
    for (const raw of joinDiagnosisFragments(h.items, p.diagnosisWords)) {
      const item = raw.replace(/^(?:a|an|the)\s+/i, '').replace(/\s+\(?(?:initial|subsequent) encounter\)?$/i, (m) => m);
      // "rule out X", "possible X": suspected, not established
      const parts = item.split(/,?\s+(?:and\s+)?(?=(?:rule out|r\/o|possible|probable|suspected)\s)/i);
      for (const part of parts) {
        if (POSSIBLE.test(part)) suspected.push(part.replace(POSSIBLE, '').trim());
        else if (part.trim()) diagnoses.push(part.trim());
      }
    }
  }
  // "MRI ... to rule out herniated nucleus pulposus" names a suspected diagnosis too
  for (const s of all) {
    for (const m of s.text.matchAll(
      /\b(?:to rule out|rule out|r\/o)\s+(?:a |an |the |possible )?([a-z][a-z -]{3,60}?)(?=\s+and\s+(?:an? )?(?:MRI|x-?ray|CT|EMG)|[.,;]|$)/gi,
    )) {
      const d = m[1].trim();
      if (!suspected.some((x) => x.toLowerCase() === d.toLowerCase()) && !diagnoses.some((x) => x.toLowerCase().includes(d.toLowerCase())))
        suspected.push(d);
    }
  }
  return { diagnoses: dedupe(diagnoses), suspected: dedupe(suspected) };
}

function dedupe(list: string[]): string[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    const k = x.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const PSYCH = /\b(?:depress|anxiety|insomnia|stress|ptsd|post-?traumatic stress|psych|adjustment disorder|panic)/i;

function regionsOf(diagnoses: string[], all: Sentence[]): NonNullable<Case['injury']>['bodyRegions'] {
  const regions: Site['region'][] = [];
  const add = (text: string) => {
    for (const s of parseSites(text)) if (!regions.includes(s.region)) regions.push(s.region);
  };
  for (const d of diagnoses) add(d);
  for (const s of all) {
    const injured =
      /\b(?:injur(?:y|ies|ed)|hurt|trauma) (?:to|of|involving) (?:the |his |her |their )?([^.;]{2,80}?)(?:\.|;| on | while | when | after |$)/i.exec(
        s.text,
      );
    if (injured) add(injured[1]);
    const incurring = /\bincurring ([^.;]{2,60}?) injur/i.exec(s.text);
    if (incurring) add(incurring[1]);
    // where the patient hurts, not where the pain spreads to
    const complaint =
      /\b(?:complain(?:s|ed|ing)? of|report(?:s|ed|ing)? (?:\w+ ){0,3}pain|pain (?:in|to|of) (?:the |his |her |both )?)([^.;]{0,160})/i.exec(
        s.text,
      );
    if (complaint && !/\b(?:denie[sd]|no (?:complaints|pain))\b/i.test(s.text))
      add(
        complaint[0].split(
          /\b(?:radiat\w*|going|into|extend\w*|travel\w*|to the level|down to|with|which|that|when|while|after|due to)\b/i,
        )[0],
      );
  }
  if (regions.length === 0 && diagnoses.length) return diagnoses.some((d) => PSYCH.test(d)) ? ['psych'] : ['other'];
  return regions;
}

// ---- medications and courses of care ----

const DRUG_WORD = /^[A-Za-z][A-Za-z-]{2,}$/;

// "Ketoprofen 50mg as needed every six to eight hours daily" -> name, strength, frequency
function medicationOf(item: string, index: CatalogIndex, p: Lexicon): Medication | undefined {
  const name = item
    .replace(/^(?:(?:a )?refills? of|a prescription for|prescriptions? of)\s+/i, '')
    .replace(/\s*\(.*?\)\s*/g, ' ')
    .replace(
      /\s+(?:\d|at bedtime|as needed|daily|twice|once|three|every|p\.?r\.?n|b\.?i\.?d|t\.?i\.?d|q\.?d|since|for|on|was|were|which|that|with)\b.*$/i,
      '',
    )
    .replace(/\s+(?:ER|XR|SR|CR|DR|ODT|HCL|tablets?|tabs?|capsules?|cream|ointment|patch(?:es)?|gel)$/i, (m) => m)
    .trim();
  if (!name || p.notDrugName.test(name)) return undefined;
  const r = resolveName(index, name);
  const words = name.split(/\s+/);
  const looksLikeDrug = words.length <= 3 && words.every((w) => DRUG_WORD.test(w) || /^(?:ER|XR|SR|CR|DR|HCL|ODT)$/i.test(w));
  if (r.status === 'resolved' ? r.product.kind !== 'medication' : !looksLikeDrug) return undefined;
  // a name the catalog does not know is no drug when it names a body part or a class of drugs, or
  // when it is several words none of which is capitalized ("tricuspid valvular regurgitation")
  if (
    r.status !== 'resolved' &&
    (parseSites(name).length > 0 || p.medicationClasses.some((c) => c.re.test(name)) || (words.length > 1 && !/[A-Z]/.test(name)))
  )
    return undefined;
  if (
    r.status !== 'resolved' &&
    /\b(?:therapy|program|exercise|modification|testing|studies|imaging|injection|surgery|care|shoe|crutches|brace|rest|ice|heat|duty|duties|work|visit|evaluation|consult)/i.test(
      name,
    )
  )
    return undefined;
  const parts = parseRequestText(item);
  const strength = parseStrength(item);
  return {
    name,
    ...(strength ? { strength } : {}),
    ...(parts.frequency ? { frequency: parts.frequency } : {}),
  };
}

function treatmentTypeOf(item: string, p: Lexicon): Treatment['type'] | undefined {
  return p.treatments.find((t) => t.re.test(item))?.type;
}

type Course = { item: string; type?: Treatment['type']; trials: FirstLine[]; medication?: Medication; sentence: Sentence };

// The items of the treatment lists, each read as a course of care, a named drug or a class of drugs.
function coursesOf(all: Sentence[], index: CatalogIndex, sp: SummaryPatterns, lx: Lexicon): Course[] {
  const out: Course[] = [];
  for (const hit of listsAfter(all, sp.lists.treatments)) {
    for (const item of hit.items) {
      // "no prior chiropractic therapy": a course the list says was not given
      if (sp.courses.notGiven.test(item)) continue;
      const cls = lx.medicationClasses.find((c) => c.re.test(item));
      const type = treatmentTypeOf(item, lx);
      if (!type && !cls && lx.notTreatment.test(item)) continue;
      const med = type ? undefined : medicationOf(item, index, lx);
      if (med) {
        out.push({ item, trials: trialsOfDrug(med.name, index, lx), medication: med, sentence: hit.sentence });
        continue;
      }
      if (cls && !type) {
        out.push({ item, type: 'medication', trials: cls.trials as FirstLine[], sentence: hit.sentence });
        // "medication therapy including Cyclobenzaprine, Ketoprofen": the drugs are named after the class
        continue;
      }
      if (type) out.push({ item, type, trials: [], sentence: hit.sentence });
    }
  }
  return out;
}

function trialsOfDrug(name: string, index: CatalogIndex, lx: Lexicon): FirstLine[] {
  const r = resolveName(index, name);
  if (r.status !== 'resolved') return ['oral-medication'];
  const classes = r.product.classes;
  if (r.product.form && r.product.form !== 'oral') return [];
  const trials = new Set<FirstLine>();
  if (r.product.id === 'acetaminophen' || /acetaminophen/.test(r.product.id)) trials.add('acetaminophen');
  for (const c of classes) for (const t of lx.classTrials[c] ?? []) trials.add(t as FirstLine);
  if (trials.size === 0) trials.add('oral-medication');
  return [...trials];
}

// Where a sentence names each course of care (key "course:<index>") and each drug ("drug:<index>").
// A class of drugs ("medications", "NSAIDs") names the course of medication when there is one,
// else every drug the summary lists ("drugs").
function courseMentions(text: string, treatments: Treatment[], medications: Medication[], lx: Lexicon): CourseMention[] {
  const out: CourseMention[] = [];
  const add = (key: string, re: RegExp) => {
    if (!re.test(text)) return;
    for (const m of text.matchAll(globalOf(re))) out.push({ key, start: m.index, end: m.index + m[0].length });
  };
  const classes = lx.medicationClasses.map((c) => c.re);
  for (const [i, t] of treatments.entries()) {
    if (t.type === 'other') {
      if (t.name) add(`course:${i}`, new RegExp(`\\b${escapeRe(t.name)}\\b`, 'i'));
    } else if (t.type === 'medication') for (const re of classes) add(`course:${i}`, re);
    else add(`course:${i}`, lx.treatments.find((x) => x.type === t.type)!.re);
  }
  for (const [i, m] of medications.entries()) add(`drug:${i}`, new RegExp(`\\b${escapeRe(m.name)}\\b`, 'i'));
  if (medications.length && !treatments.some((t) => t.type === 'medication')) for (const re of classes) add('drugs', re);
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// "12", "twelve", "five (5)"
function countOf(text: string): number {
  const inBrackets = /\((\d+)\)/.exec(text);
  if (inBrackets) return Number(inBrackets[1]);
  return /^\d+$/.test(text) ? Number(text) : Math.max(0, numberWord(text));
}

// ---- examination, imaging, red flags ----

const wordsOf = (s: string) => s.toLowerCase();

// Findings by region, and every finding whatever its region (a sentence may name none).
function examinationOf(
  all: Sentence[],
  lx: Lexicon,
  dates: Map<Sentence, string | undefined>,
): { byRegion: Examination[]; anywhere: Record<string, boolean> } {
  const byRegion = new Map<string, Examination>();
  const anywhere: Record<string, boolean> = {};
  let lastSites: Site[] = [];
  for (const s of all) {
    const sites = parseSites(s.text);
    if (sites.length) lastSites = sites;
    if (lx.normalExamination.test(s.text) && !contextOf(s.text, 0, 1).has('hypothetical')) {
      const site = sites[0] ?? lastSites[0];
      for (const field of ['sensoryDeficit', 'motorDeficit', 'reflexChange'] as const) {
        if (anywhere[field] === undefined) anywhere[field] = false;
        if (!site) continue;
        const exam = byRegion.get(site.region) ?? { region: site.region, ...(site.side ? { side: site.side } : {}) };
        const date = dates.get(s);
        if (date && !exam.date) exam.date = date;
        if (exam[field] === undefined) exam[field] = false;
        byRegion.set(site.region, exam);
      }
    }
    if (!lx.examinationCue.test(s.text)) continue;
    const hits = triggerHits(s.text);
    for (const [field, concept] of Object.entries(lx.examination)) {
      let value: boolean | undefined;
      let at = -1;
      for (const m of s.text.matchAll(concept.abnormal)) {
        const ctx = contextOf(s.text, m.index, m.index + m[0].length, hits);
        if (ctx.size === 0) {
          value = true;
          at = m.index;
          break;
        }
      }
      if (value === undefined) {
        for (const m of s.text.matchAll(concept.normal)) {
          const ctx = contextOf(s.text, m.index, m.index + m[0].length, hits);
          if (ctx.has('negated') && !ctx.has('possible') && !ctx.has('hypothetical')) {
            value = false;
            at = m.index;
            break;
          }
        }
      }
      if (value === undefined) continue;
      if (anywhere[field] !== true) anywhere[field] = value;
      // the regions the finding's clause names ("cervical and lumbar: decreased range of motion"),
      // else the region named nearest it in the sentence, else the one the text spoke of last
      const local = parseSites(s.text);
      const clause =
        s.text
          .slice(0, at + 1)
          .split(/[;,]\s*(?=\S)|\bwith\b|\band (?:a |an )?(?=positive|negative|decreased|tender)/i)
          .pop() ?? '';
      const clauseSites = parseSites(clause + s.text.slice(at, at + 60).split(/[;,.]/)[0]);
      const sites =
        clauseSites.length > 1 ? clauseSites : [nearestSite(s.text, local, at) ?? lastSites[0]].filter((x): x is Site => x !== undefined);
      for (const site of sites) {
        const key = `${site.region}`;
        const exam = byRegion.get(key) ?? { region: site.region, ...(site.side ? { side: site.side } : {}) };
        const date = dates.get(s);
        if (date && !exam.date) exam.date = date;
        const rec = exam as Record<string, unknown>;
        // a finding present anywhere at the visit wins over the same test normal elsewhere
        if (rec[field] !== true) rec[field] = value;
        byRegion.set(key, exam);
      }
    }
  }
  return { byRegion: [...byRegion.values()], anywhere };
}

function nearestSite(text: string, sites: Site[], at: number): Site | undefined {
  if (!sites.length) return undefined;
  let best: Site | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const site of sites) {
    const i = text.toLowerCase().indexOf(site.text.toLowerCase());
    const d = Math.abs(i - at);
    if (i >= 0 && d < bestDistance) {
      best = site;
      bestDistance = d;
    }
  }
  return best ?? sites[0];
}

function imagingOf(all: Sentence[], lx: Lexicon, sp: SummaryPatterns): Imaging[] {
  const out: Imaging[] = [];
  for (const s of all) {
    // a study requested or planned is not a result
    if (
      /\b(?:request(?:ed|s)?|recommend(?:ed|s)?|plan(?:ned)?|order(?:ed)?|authoriz\w+|certif\w+|denied|non-?certified|to rule out|would|will|pending|scheduled)\b/i.test(
        s.text,
      ) &&
      !/\b(?:reveal\w*|show\w*|demonstrat\w*|notable for|significant for|impression)\b/i.test(s.text)
    )
      continue;
    if (sp.dates.notRecords.test(s.text) && !/\b(?:reveal\w*|show\w*|demonstrat\w*)\b/i.test(s.text)) continue;
    if (!lx.imaging.resultCue.test(s.text)) continue;
    // each mention of a study, up to the next one: "x-rays of the right shoulder revealed ... and
    // x-rays of the right hip were unremarkable" are two studies with their own findings
    const mentions = lx.imaging.modalities
      .flatMap((mod) => [...s.text.matchAll(new RegExp(mod.re.source, 'gi'))].map((m) => ({ mod, at: m.index })))
      .sort((a, b) => a.at - b.at)
      .filter((x, i, all) => i === 0 || x.at > all[i - 1].at);
    for (const [i, { mod, at }] of mentions.entries()) {
      const clause = s.text.slice(at, mentions[i + 1]?.at ?? s.text.length);
      // the studied regions are named before the result ("x-ray of the left ankle, right elbow and
      // right wrist, performed on ..."), not in it
      const verb =
        /\b(?:reveal\w*|show\w*|demonstrat\w*|indicat\w*|notable for|significant for|consistent with|positive for|was|were)\b/i.exec(
          clause,
        );
      const head = clause.slice(0, Math.min(80, verb?.index ?? 80));
      const sites = parseSites(head);
      if (!sites.length) continue;
      const date = parseDate(new RegExp(sp.dateSource).exec(clause)?.[0] ?? '');
      const findings = lx.imaging.findings.filter((f) => f.re.test(clause)).map((f) => f.finding);
      const clean = findings.length > 1 ? findings.filter((f) => f !== 'normal') : findings;
      for (const site of sites) {
        if (out.some((x) => x.modality === mod.modality && x.region === site.region)) continue;
        out.push({
          modality: mod.modality,
          region: site.region,
          ...(site.side ? { side: site.side } : {}),
          ...(date ? { date } : {}),
          ...(clean.length ? { findings: clean } : {}),
        });
      }
    }
  }
  return out;
}

// ---- dates ----

function datesIn(text: string, sp: SummaryPatterns): string[] {
  return [...text.matchAll(new RegExp(sp.dateSource, 'gi'))].map((m) => parseDate(m[0])).filter((d): d is string => d !== undefined);
}

// The dates of the records a sentence describes: not a date the note looks ahead to ("off work
// until 1-28-17", "may return to work as of 12-05-2016").
function recordDatesIn(text: string, sp: SummaryPatterns): string[] {
  return [...text.matchAll(new RegExp(sp.dateSource, 'gi'))]
    .filter((m) => !sp.dates.ahead.test(text.slice(Math.max(0, m.index - 40), m.index)))
    .map((m) => parseDate(m[0]))
    .filter((d): d is string => d !== undefined);
}

function firstDate(all: Sentence[], patterns: RegExp[]): string | undefined {
  for (const re of patterns) {
    for (const s of all) {
      const m = re.exec(s.text);
      const d = m ? parseDate(m[1]) : undefined;
      if (d) return d;
    }
  }
  return undefined;
}

// ---- the summary ----

export type ConditionLexicon = Definitions['conditionLexicon']['value'];

// injuryDate: the header's, used when the summary states none; conditionLexicon: the rule pack's
// words for condition tags (rules/definitions.yaml), without which no tags are given.
export function summaryFacts(
  summaryText: string,
  index: CatalogIndex,
  { injuryDate: injuryDateHint, conditionLexicon }: { injuryDate?: string; conditionLexicon?: ConditionLexicon } = {},
): SummaryFacts {
  const sp = summaryPatterns();
  const lx = lexicon();
  const s = normalizeSummary(summaryText);
  const all = sentences(s);
  const facts: SummaryFacts = {};

  const who = /(\d{1,3})[- ]year[- ]old,?\s*(?:[a-z-]+\s+)?(male|female|man|woman|gentleman|lady)/i.exec(s);
  if (who) facts.patient = { age: Number(who[1]), sex: /female|woman|lady/i.test(who[2]) ? 'female' : 'male' };

  const injuryMatch =
    new RegExp(`injur(?:y|ies)(?: date)?(?: of| on| dated| date of| that occurred on)?\\s*(${sp.dateSource})`, 'i').exec(s) ??
    new RegExp(`date of injury (?:of |on |is |was )?(${sp.dateSource})`, 'i').exec(s) ??
    new RegExp(`injured (?:on|at work on) (${sp.dateSource})`, 'i').exec(s);
  const injuryDate = injuryMatch ? parseDate(injuryMatch[1]) : injuryDateHint;

  const { diagnoses, suspected } = diagnosesOf(all, sp);
  if (diagnoses.length) {
    facts.diagnoses = diagnoses;
    if (conditionLexicon) facts.conditions = conditionsFromDiagnoses(diagnoses, conditionLexicon).tags as NonNullable<Case['conditions']>;
  }
  if (suspected.length) facts.suspectedDiagnoses = suspected;

  const regions = regionsOf(diagnoses, all);
  let mechanism: string | undefined;
  for (const re of sp.mechanism) {
    const m = re.exec(s);
    if (m) {
      mechanism = m[1]
        .replace(/^(?:a|an|the)\s+/i, '')
        .replace(/\s+(?:on|in) {0,1}$/, '')
        .trim();
      break;
    }
  }
  if (injuryMatch || regions?.length || mechanism) {
    facts.injury = {
      ...(injuryMatch && injuryDate ? { date: injuryDate } : {}),
      ...(mechanism ? { mechanism } : {}),
      ...(regions?.length ? { bodyRegions: regions } : {}),
    };
  }

  // dates of the records, the request and utilization review
  const dated = new Map<Sentence, string | undefined>();
  let current: string | undefined;
  const recordDates: string[] = [];
  for (const x of all) {
    const ds = recordDatesIn(x.text, sp).filter((d) => d !== injuryDate);
    const isRecord = !sp.dates.notRecords.test(x.text);
    if (ds.length && isRecord) {
      current = ds.sort().at(-1);
      recordDates.push(...ds);
    }
    dated.set(x, current);
  }
  const rfa = firstDate(all, sp.dates.request);
  const ur = firstDate(all, sp.dates.ur);
  // the note in effect where the summary says the item was ordered or planned
  const order = all
    .filter((x) => sp.dates.order.test(x.text) && !sp.dates.notRecords.test(x.text))
    .map((x) => dated.get(x))
    .filter((d): d is string => d !== undefined && (!ur || d <= ur))
    .sort()
    .at(-1);
  if (ur) facts.urDenialDate = ur;
  const latest = recordDates
    .filter((d) => d !== ur && (!ur || d <= ur))
    .sort()
    .at(-1);
  if (latest) facts.latestRecordDate = latest;
  const requestDate = rfa ?? order ?? ur;
  if (requestDate) facts.requestDate = requestDate;

  // medications and courses of care
  const medications: Medication[] = [];
  // listed: named in a list of the patient's medications, which describes the regimen at that note
  const addMedication = (m: Medication, sentence: Sentence, listed = false) => {
    const at = medications.findIndex((x) => x.name.toLowerCase() === m.name.toLowerCase() || sameProduct(index, x.name, m.name));
    if (at >= 0) {
      medications[at] = { ...m, ...medications[at] };
      return;
    }
    const ctx = contextOf(sentence.text, 0, 1);
    const past =
      /\b(?:previously|discontinued|stopped|no longer|prior medications?|had tried|failed|past medications?)\b/i.test(sentence.text) ||
      ctx.has('historical');
    if (
      !past &&
      (listed ||
        /\b(?:current(?:ly)?|is taking|are taking|remains on|continues? (?:on|to take))\b|\bmedications? (?:include|includes|are|is)\b/i.test(
          sentence.text,
        ))
    )
      m.current = true;
    else if (past) m.current = false;
    medications.push(m);
  };
  for (const hit of listsAfter(all, sp.lists.medications)) {
    if (/\btreatment plan|\bplan (?:included|includes)|\brecommend|\brequest/i.test(hit.sentence.text.slice(0, hit.at))) continue;
    for (const item of hit.items) {
      const m = medicationOf(item, index, lx);
      if (m) addMedication(m, hit.sentence, true);
    }
  }
  // "Flexeril and tramadol were prescribed"
  for (const x of all) {
    const before = /^(?:The )?([A-Z][\w-]+(?:,? (?:and )?[A-Z]?[\w-]+){0,3}) (?:was|were) prescribed\b/.exec(x.text);
    if (before)
      for (const item of listItems(before[1])) {
        const m = medicationOf(item, index, lx);
        if (m) addMedication(m, x);
      }
  }
  const courses = coursesOf(all, index, sp, lx);
  for (const c of courses)
    if (c.medication)
      addMedication({ name: c.medication.name, ...(c.medication.strength ? { strength: c.medication.strength } : {}) }, c.sentence);
  for (const use of usesSince(s, index)) {
    const existing = medications.find((x) => sameProduct(index, x.name, use.name));
    if (existing) existing.since = use.since;
    else medications.push({ name: use.name, since: use.since, current: true });
  }

  const treatments: Treatment[] = [];
  // a class of drugs ("medications") is a course of its own only when the summary names no drug:
  // otherwise the drugs themselves carry how the patient responded
  for (const c of courses) {
    if (!c.type || (c.type === 'medication' && medications.length)) continue;
    if (treatments.some((t) => t.type === c.type && (c.type !== 'other' || t.name === c.item))) continue;
    const t: Treatment = { type: c.type, ...(c.type === 'other' || c.type === 'medication' ? { name: c.item } : {}) };
    treatments.push(t);
  }
  // "6 sessions of physical therapy", "completed 12 physical therapy visits" (not a request)
  for (const x of all) {
    if (sp.courses.notDone.test(x.text)) continue;
    for (const m of x.text.matchAll(new RegExp(sp.courses.sessions.source, 'gi'))) {
      const g = m.groups ?? {};
      const n = countOf(g.n ?? g.n2 ?? g.n3 ?? '');
      const type = treatmentTypeOf(g.course ?? g.course2 ?? g.course3 ?? g.course4 ?? '', lx);
      if (!n || !type) continue;
      const t = treatments.find((y) => y.type === type);
      if (t) t.sessions = Math.max(t.sessions ?? 0, n);
      else treatments.push({ type, sessions: n });
    }
  }
  // a course whose outcome a sentence states ("acupuncture helped 50%") was given, listed or not
  const kinds = lx.treatments.filter((k) => k.type !== 'surgery' && k.type !== 'other' && k.type !== 'medication');
  for (const x of all) {
    if (sp.courses.notDone.test(x.text)) continue;
    const named = kinds
      .filter((k) => k.re.test(x.text))
      .flatMap((k) => [...x.text.matchAll(globalOf(k.re))].map((m) => ({ key: k.type, start: m.index, end: m.index + m[0].length })));
    if (!named.length) continue;
    for (const [type, reading] of readCourses(x.text, named, sp))
      if ((reading.response || reading.status) && !treatments.some((t) => t.type === type))
        treatments.push({ type: type as Treatment['type'] });
  }
  // how each course and each drug went, from the clauses that name it; a later note wins
  for (const x of all) {
    if (sp.courses.notDone.test(x.text)) continue;
    const named = courseMentions(x.text, treatments, medications, lx);
    if (!named.length) continue;
    for (const [key, reading] of readCourses(x.text, named, sp)) {
      if (key.startsWith('course:')) {
        Object.assign(treatments[Number(key.slice(7))], reading);
        continue;
      }
      // a drug has no state of its own beyond being taken
      const { status: _status, ...drugReading } = reading;
      const drugs = key === 'drugs' ? medications.filter((m) => m.current !== false) : [medications[Number(key.slice(5))]];
      for (const m of drugs) Object.assign(m, drugReading);
    }
  }
  if (medications.length || treatments.length) {
    facts.history = {
      ...(medications.length ? { medications } : {}),
      ...(treatments.length ? { treatments } : {}),
    };
  }

  // documentation
  const documentation: NonNullable<Case['documentation']> = {};
  if (
    treatments.some((t) => t.type === 'home-exercise') ||
    all.some((x) => sp.documentation.homeExerciseProgram.test(x.text) && affirmedIn(x, sp.documentation.homeExerciseProgram))
  )
    documentation.homeExerciseProgram = true;
  if (
    all.some((x) => sp.documentation.urineDrugScreen.test(x.text)) &&
    !all.some((x) => sp.documentation.urineDrugScreenInconsistent.test(x.text))
  )
    documentation.urineDrugScreen = true;
  if (all.some((x) => sp.documentation.rationaleMissing.test(x.text))) documentation.rationale = false;
  if (all.some((x) => sp.documentation.surgeryConsidered.test(x.text) && affirmedIn(x, sp.documentation.surgeryConsidered)))
    documentation.surgeryConsidered = true;

  // work
  const work = workOf(all, sp);
  if (work) {
    facts.work = work;
    if (work.status) documentation.returnedToWork = work.status === 'full-duty' || work.status === 'modified-duty';
  }

  // failed first-line trials: every course tried whose symptoms persist at the latest note; one
  // its own words say helped is not a failed trial
  const recent = injuryDate && latest ? (Date.parse(latest) - Date.parse(injuryDate)) / 86_400_000 < 10 : false;
  const courseOf = (c: Course): Treatment | Medication | undefined =>
    c.medication
      ? medications.find((m) => m.name === c.medication?.name || sameProduct(index, m.name, c.medication!.name))
      : treatments.find((t) => t.type === c.type && (c.type !== 'other' || t.name === c.item));
  const trials = new Set<FirstLine>();
  for (const c of courses) {
    const done = courseOf(c);
    if (done?.response === 'improved' || (done && 'status' in done && done.status === 'planned')) continue;
    for (const t of c.trials) trials.add(t);
    if (c.type === 'physical-therapy') trials.add('physical-therapy');
    if (c.type && lx.conservativeCare.includes(c.type)) trials.add('conservative-care');
  }
  // improved when every course and every drug tried as care to date helped
  const tried = [...treatments, ...courses.filter((c) => c.medication).map(courseOf)];
  const improved = treatments.length > 0 && tried.every((t) => t?.response === 'improved');
  if (courses.length || treatments.length) {
    documentation.failedFirstLine = recent || improved ? [] : FIRST_LINE_TRIALS.filter((t) => trials.has(t));
  }
  if (Object.keys(documentation).length) facts.documentation = documentation;

  // Courses listed as care to date share the outcome of the latest note: worse when symptoms
  // worsened, unchanged when they persist, unless a course's own sentence says otherwise; and the
  // body region they treated, when the list item does not name one, is the injured region(s).
  const aboutThePatient = all
    .filter((x) => !sp.courses.notDone.test(x.text) && !sp.dates.notRecords.test(x.text))
    .filter((x) => courseMentions(x.text, treatments, medications, lx).length === 0)
    .map((x) => x.text);
  const latestState = latestOutcome(aboutThePatient, sp);
  const outcome: Treatment['response'] | undefined = recent ? undefined : improved ? 'improved' : (latestState ?? 'unchanged');
  const treated = regions?.filter((r) => r !== 'other' && r !== 'psych') ?? [];
  // the side treated, when the diagnoses and complaints name one side for every injured region
  const complaints = all.filter((x) => sp.symptoms.words.test(x.text) && sp.symptoms.complaint.test(x.text)).map((x) => x.text);
  const injuredSites = parseSites([...diagnoses, ...complaints].join('; ')).filter((site) => (treated as string[]).includes(site.region));
  const injuredSide = injuredSites.length && injuredSites.every((site) => site.side) ? summarizeSites(injuredSites).side : undefined;
  for (const t of treatments) {
    const named = courses.find((c) => c.type === t.type && (t.type !== 'other' || c.item === t.name));
    const site = named ? parseSites(named.item) : [];
    const region = site.length
      ? summarizeSites(site).bodyRegion
      : treated.length === 1
        ? treated[0]
        : treated.length > 1
          ? 'multiple'
          : undefined;
    if (region && !t.bodyRegion) t.bodyRegion = region;
    const side = site.length ? summarizeSites(site).side : injuredSide;
    if (region && side && !t.side) t.side = side;
    // a surgery is not a course of conservative care whose failure the latest note shows, and a
    // course not begun has no outcome
    if (!t.response && outcome && t.type !== 'surgery' && t.status !== 'planned') t.response = outcome;
  }
  // the drugs named as care to date share that outcome too, unless their own words say otherwise
  if (outcome)
    for (const c of courses) {
      const m = c.medication && medications.find((x) => x.name === c.medication?.name || sameProduct(index, x.name, c.medication!.name));
      if (m && !m.response && m.current !== false) m.response = outcome;
    }

  // findings
  const findings: NonNullable<Case['findings']> = {};
  const pain = painOf(all, sp);
  Object.assign(findings, pain);
  // pain with and without medication measure the relief of the medication taken as a whole
  const medicationCourse = treatments.find((t) => t.type === 'medication');
  if (medicationCourse && medicationCourse.percentRelief === undefined && pain.painWithMedication !== undefined) {
    const relief = reliefBetween(pain.painWithoutMedication ?? Number.NaN, pain.painWithMedication);
    if (relief !== undefined) medicationCourse.percentRelief = relief;
  }
  for (const key of ['muscleSpasm', 'acuteExacerbation', 'dyspepsia'] as const) {
    const v = statedValue(all, sp.findings[key]);
    if (v !== undefined) findings[key] = v;
  }
  const { byRegion: examination, anywhere: exam } = examinationOf(all, lx, dated);
  const neuro = [exam.sensoryDeficit, exam.motorDeficit, exam.reflexChange];
  const radicular = [exam.sensoryDeficit, exam.reflexChange, exam.straightLegRaise, exam.spurling];
  if (neuro.includes(true)) findings.objectiveNeurologicDeficit = true;
  else if (neuro.includes(false)) findings.objectiveNeurologicDeficit = false;
  if (radicular.includes(true)) findings.radiculopathyOnExam = true;
  else if (radicular.includes(false) && !neuro.includes(true)) findings.radiculopathyOnExam = false;
  if (exam.spasm === true) findings.muscleSpasm = true;
  const redFlags = redFlagsOf(all, sp);
  if (redFlags.length) facts.redFlags = redFlags;
  if (Object.keys(findings).length) facts.findings = findings;
  if (examination.length) facts.examination = examination;
  const imaging = imagingOf(all, lx, sp);
  if (imaging.length) {
    facts.imaging = imaging;
    if (
      findings.radiculopathyOnExam &&
      imaging.some((i) => i.findings?.some((f) => f === 'nerve-root-compromise' || f === 'radiculopathy' || f === 'herniation'))
    )
      findings.imagingCorroboration = true;
  }

  const surgeries = [...performedSurgeries(all, lx, sp), ...plannedSurgeries(all, lx, sp)];
  if (surgeries.length) facts.surgeries = surgeries;
  // a surgery being scheduled or authorized means the surgeon found the patient a candidate for it
  if (surgeries.some((x) => x.status === 'planned' || x.status === 'authorized')) {
    const d = (facts.documentation ??= {});
    d.surgeryConsidered ??= true;
    d.surgicalCandidate ??= true;
  }

  const symptoms = symptomsOf(all, dated, { injuryDate, latest, regions: regions ?? [] }, sp);
  if (symptoms.length) facts.symptoms = symptoms;
  return facts;
}

// How long the symptoms of each injured region have lasted: as a sentence describing them states
// it ("low back pain for about 3 months", "neck pain since 2015"), else counted from the injury to
// the latest note that describes them (or the latest record).
function symptomsOf(
  all: Sentence[],
  dated: Map<Sentence, string | undefined>,
  { injuryDate, latest, regions }: { injuryDate?: string; latest?: string; regions: string[] },
  sp: SummaryPatterns,
): NonNullable<Case['symptoms']> {
  const injured = regions.filter((r): r is Site['region'] => r !== 'other' && r !== 'psych');
  const byRegion = new Map<Site['region'], NonNullable<Case['symptoms']>[number]>();
  // the latest record that describes the patient's symptoms or examination
  let described: string | undefined;
  for (const x of all) {
    const date = dated.get(x);
    if (!date || sp.courses.notDone.test(x.text) || sp.dates.notRecords.test(x.text)) continue;
    const complaint = sp.symptoms.words.test(x.text) && sp.symptoms.complaint.test(x.text);
    if (!complaint && !(sp.symptoms.examined.test(x.text) && sp.symptoms.described.test(x.text))) continue;
    if ((!latest || date <= latest) && (!injuryDate || date >= injuryDate) && (!described || date > described)) described = date;
  }
  for (const x of all) {
    if (sp.courses.notDone.test(x.text) || !sp.symptoms.words.test(x.text) || !sp.symptoms.complaint.test(x.text)) continue;
    const date = dated.get(x);
    const stated = statedDuration(x.text, sp);
    if (!stated) continue;
    const named = parseSites(x.text).map((site) => site.region);
    for (const region of named.length ? named : injured) {
      if ('weeks' in stated) byRegion.set(region, { region, weeks: stated.weeks, ...(date ? { asOf: date } : {}) });
      else if ('onset' in stated) byRegion.set(region, { region, onset: stated.onset });
      else if (injuryDate) byRegion.set(region, { region, onset: injuryDate });
    }
  }
  const asOf = described ?? latest;
  if (injuryDate && asOf) {
    const weeks = weeksBetween(injuryDate, asOf);
    if (weeks !== undefined && weeks < 52)
      for (const region of injured) if (!byRegion.has(region)) byRegion.set(region, { region, weeks, asOf });
  }
  return [...byRegion.values()];
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const numberWord = (w: string) => NUMBER_WORDS.indexOf(w.toLowerCase());

function affirmedIn(s: Sentence, re: RegExp): boolean {
  const m = re.exec(s.text);
  if (!m) return false;
  return contextOf(s.text, m.index, m.index + m[0].length).size === 0;
}

// true when a mention is affirmed, false when every mention is negated, else not stated
function statedValue(all: Sentence[], re: RegExp): boolean | undefined {
  let negatedSeen = false;
  for (const s of all) {
    const hits = triggerHits(s.text);
    for (const m of s.text.matchAll(new RegExp(re.source, 'gi'))) {
      const ctx = contextOf(s.text, m.index, m.index + m[0].length, hits);
      if (ctx.size === 0) return true;
      if (ctx.has('negated') && ctx.size === 1) negatedSeen = true;
    }
  }
  return negatedSeen ? false : undefined;
}

function painOf(all: Sentence[], sp: SummaryPatterns): Partial<NonNullable<Case['findings']>> {
  const out: Partial<NonNullable<Case['findings']>> = {};
  const mid = (a: string, b?: string) => Math.floor((Number(a) + Number(b ?? a)) / 2);
  const text = all.map((x) => x.text).join(' ');
  const w = sp.pain.with.exec(text) ?? sp.pain.withFirst.exec(text);
  const wo = sp.pain.without.exec(text) ?? sp.pain.withoutFirst.exec(text);
  if (w && wo && Number(w[1]) <= 10 && Number(wo[1]) <= 10) {
    out.painWithMedication = mid(w[1], w[2]);
    out.painWithoutMedication = mid(wo[1], wo[2]);
  }
  // the highest score of the latest sentence that gives one
  let score: number | undefined;
  for (const x of all) {
    const scores = [...x.text.matchAll(new RegExp(sp.pain.score.source, 'gi'))]
      .map((m) => mid(m[1], m[2]))
      .filter((n) => n >= 0 && n <= 10);
    if (scores.length) score = Math.max(...scores);
  }
  if (score !== undefined) out.painScore = score;
  return out;
}

function workOf(all: Sentence[], sp: SummaryPatterns): Case['work'] | undefined {
  let found: Case['work'] | undefined;
  for (const x of all) {
    for (const w of sp.work) {
      const m = w.re.exec(x.text);
      if (!m) continue;
      const before = x.text.slice(Math.max(0, m.index - 40), m.index + m[0].length);
      // "able to return to modified work" is not working
      if (sp.workHypothetical.test(before) && w.status !== 'off-work') continue;
      const ctx = contextOf(x.text, m.index, m.index + m[0].length);
      if (ctx.has('negated') && w.status !== 'off-work') continue;
      if (ctx.has('hypothetical') && w.status !== 'off-work') continue;
      found = { status: w.status, ...(w.restrictions ? { restrictions: true } : {}), note: m[0] };
      break;
    }
  }
  if (!found) {
    const imposed = all.find((x) => sp.workRestrictionsImposed.test(x.text) && !sp.workHypothetical.test(x.text));
    if (imposed) return { restrictions: true, note: sp.workRestrictionsImposed.exec(imposed.text)![0] };
  }
  return found;
}

function redFlagsOf(all: Sentence[], sp: SummaryPatterns): NonNullable<Case['redFlags']> {
  const out: NonNullable<Case['redFlags']> = [];
  for (const [flag, re] of Object.entries(sp.redFlags)) {
    for (const x of all) {
      // a study or request that looks for a red flag is not one
      if (/\b(?:rule out|r\/o|to exclude|evaluate for|assess for|screen for)\b/i.test(x.text)) continue;
      const m = new RegExp(re.source, 'i').exec(x.text);
      if (!m) continue;
      const ctx = contextOf(x.text, m.index, m.index + m[0].length);
      if (ctx.size > 0 && !(ctx.size === 1 && ctx.has('historical'))) continue;
      const site = parseSites(x.text.slice(Math.max(0, m.index - 60), m.index + 80))[0];
      if (out.some((f) => f.flag === flag && f.region === site?.region)) continue;
      out.push({
        flag: flag as NonNullable<Case['redFlags']>[number]['flag'],
        ...(site ? { region: site.region } : {}),
        note: wordsOf(m[0]),
      });
    }
  }
  return out;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48) || 'surgery';

// Surgeries the summary says are scheduled or authorized: "the treatment plan included scheduling
// laparoscopic umbilical hernia repair", "is scheduled for a left carpal tunnel release".
function plannedSurgeries(all: Sentence[], lx: Lexicon, sp: SummaryPatterns): NonNullable<Case['surgeries']> {
  const surgery = lx.treatments.find((t) => t.type === 'surgery')!.re;
  const out: NonNullable<Case['surgeries']> = [];
  for (const x of all) {
    const m =
      /\b(?:scheduling|scheduled for|(?:is |was )?scheduled to (?:undergo|have)|will undergo|is to undergo|awaiting|planned)\s+(?:an? |the |a planned )?([^.;,]{4,120}?)(?=\s+(?:on|in|for|with)\s|[.;,]|\s+and\s|$)/i.exec(
        x.text,
      );
    if (!m || !surgery.test(m[1])) continue;
    const at = m.index;
    if (contextOf(x.text, at, at + m[0].length).has('negated')) continue;
    const procedure = m[1].replace(/\s+/g, ' ').trim();
    if (out.some((o) => o.procedure === procedure)) continue;
    const site = parseSites(procedure)[0];
    const date = datesIn(m[0], sp)[0];
    out.push({
      id: slug(procedure),
      procedure,
      region: site?.region ?? 'other',
      ...(site?.side ? { side: site.side } : {}),
      status: /\b(?:authoriz|certif|approv)\w*/i.test(x.text) ? 'authorized' : 'planned',
      ...(date ? { date } : {}),
    });
  }
  return out;
}

// Surgeries the summary says were done: "underwent ORIF of the left mid foot ... on 10-20-2016",
// "status post right knee arthroscopy", "left hand surgery (10-22-2016)".
function performedSurgeries(all: Sentence[], lx: Lexicon, sp: SummaryPatterns): NonNullable<Case['surgeries']> {
  const surgery = lx.treatments.find((t) => t.type === 'surgery')!.re;
  const out: NonNullable<Case['surgeries']> = [];
  for (const x of all) {
    const m =
      /\b(?:underwent|status post|s\/p|has had|had (?:an? )?|was treated with|received)\s+(?:an? |the )?([^.;]{4,140}?)(?=\s+(?:on|in|dated)\s|\s*\(|[.;]|$)/i.exec(
        x.text,
      ) ?? /\b((?:left |right |bilateral )?[\w -]{0,40}\bsurgery) \(([^)]+)\)/i.exec(x.text);
    if (!m || !surgery.test(m[1]) || /\b(?:request|recommend|plan|candidate|consult|consider|authoriz|certif|denied|schedul)/i.test(x.text))
      continue;
    const procedure = m[1].replace(/\s+/g, ' ').trim();
    const site = parseSites(procedure)[0] ?? parseSites(x.text)[0];
    const date = datesIn(x.text, sp)[0];
    if (out.some((o) => o.procedure === procedure)) continue;
    out.push({
      id:
        procedure
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 48) || 'surgery',
      procedure,
      ...(site ? { region: site.region, ...(site.side ? { side: site.side } : {}) } : {}),
      status: 'performed',
      ...(date ? { date } : {}),
    });
  }
  return out;
}
