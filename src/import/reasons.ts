// The reviewer's reasons, read from a decision rationale by a lexicon of phrasings, and the
// facts a rationale states as lacking. Both know the outcome: they carry provenance "rationale".

import { z } from 'zod';
import { sentences as clinicalSentences } from './clinical.js';
import { compile, loadPatterns, regex } from './patterns.js';

// a sentence that says something is missing or lacking (for the facts a rationale states as lacking)
const NEGATION =
  /\b(no|not|lack(s|ing)?|failed to|fails to|without|absence|absent|did not|does not|do not|missing|unclear|unknown|insufficient|neither|nor|could not|cannot|non-?certified)\b/i;

const reasonsFile = z.strictObject({
  caseReference: regex,
  quoting: regex,
  lacking: regex,
  ignore: regex,
  tags: z.array(
    z.strictObject({
      tag: z.string().min(1),
      pattern: regex,
      // the sentence must also say something is lacking ("no documentation of functional improvement")
      needsLacking: z.boolean().optional(),
      // the sentence must name this case, even when it also quotes a guideline
      needsCase: z.boolean().optional(),
      // a finding wherever it is said, guideline paraphrase or not
      anywhere: z.boolean().optional(),
      // the sentence must name the requested item (the guideline's verdict on this item)
      namesItem: z.boolean().optional(),
      // only for a topical item (a cream, ointment, gel or patch, or strengths in percent)
      topicalItem: z.boolean().optional(),
      // a sentence that also matches this is not the reason
      unless: regex.optional(),
    }),
  ),
});

type ReasonPatterns = {
  caseReference: RegExp;
  quoting: RegExp;
  lacking: RegExp;
  ignore: RegExp;
  tags: Array<{
    tag: string;
    re: RegExp;
    needsLacking: boolean;
    needsCase: boolean;
    anywhere: boolean;
    namesItem: boolean;
    topicalItem: boolean;
    unless?: RegExp;
  }>;
};

let compiled: ReasonPatterns | undefined;

export function reasonPatterns(): ReasonPatterns {
  if (compiled) return compiled;
  const f = loadPatterns('reasons.yaml', reasonsFile);
  compiled = {
    caseReference: compile(f.caseReference, 'reasons.yaml caseReference'),
    quoting: compile(f.quoting, 'reasons.yaml quoting'),
    lacking: compile(f.lacking, 'reasons.yaml lacking'),
    ignore: compile(f.ignore, 'reasons.yaml ignore'),
    tags: f.tags.map((t, i) => ({
      namesItem: t.namesItem ?? false,
      topicalItem: t.topicalItem ?? false,
      unless: t.unless === undefined ? undefined : compile(t.unless, `reasons.yaml tags[${i}] (${t.tag}) unless`),
      tag: t.tag,
      re: compile(t.pattern, `reasons.yaml tags[${i}] (${t.tag})`),
      needsLacking: t.needsLacking ?? false,
      needsCase: t.needsCase ?? false,
      anywhere: t.anywhere ?? false,
    })),
  };
  return compiled;
}

// Rationales paraphrase the guideline first, then turn to the file; only the second part says
// what this case lacks. It starts at the first sentence that speaks of the patient or the file.
function casePart(all: string[], p: ReasonPatterns): string[] {
  const first = all.findIndex((s) => p.caseReference.test(s) && !(p.quoting.test(s) && /\b(?:state|recommend)/i.test(s)));
  return first < 0 ? [] : all.slice(first);
}

export function sentences(text: string): string[] {
  return clinicalSentences(text).map((s) => s.text);
}

// The reviewer's reasons: tags whose wording appears in the reviewer's own findings about this
// case, never in a sentence that only paraphrases or quotes a guideline.
export function reasonTags(rationale: string, heading = '', p: ReasonPatterns = reasonPatterns()): string[] {
  return [...new Set(reasonEvidence(rationale, heading, p).map((e) => e.tag))].sort();
}

const TOPICAL = /\b(?:cream|ointment|gel|lotion|patch|pad|topical|compound)\b|%/i;

// The words that name the item: "Pulsed Ultrasound 2 times a week" -> pulsed, ultrasound
const NOT_NAME =
  /^(?:times|week|weeks|with|without|for|the|and|of|to|right|left|bilateral|additional|retrospective|request|sessions?|visits?|therapy|treatments?|spine|lumbar|cervical|unknown|purchase|rental)$/i;
function itemWords(heading: string): string[] {
  const words = heading
    .toLowerCase()
    .replace(/[^a-z/ -]/g, ' ')
    .split(/[\s/-]+/)
    .filter((w) => w.length >= 3 && !NOT_NAME.test(w));
  // a cream, gel or patch is a topical analgesic
  if (TOPICAL.test(heading)) words.push('topical');
  return words;
}

// Each tag with the sentence of the rationale that gave it.
export function reasonEvidence(
  rationale: string,
  heading = '',
  p: ReasonPatterns = reasonPatterns(),
): Array<{ tag: string; sentence: string }> {
  const tags = new Map<string, string>();
  const all = sentences(rationale).filter((s) => !p.ignore.test(s));
  const names = itemWords(heading);
  const own = casePart(all, p);
  const topical = TOPICAL.test(heading);
  for (const cue of p.tags) {
    if (cue.topicalItem && !topical) continue;
    // a topical item's drugs, not the word "topical", name it for its ingredients
    const words = cue.topicalItem
      ? names.filter((w) => w !== 'topical' && !/^(?:cream|ointment|gel|lotion|patch|pad|compound|grams?|base)$/.test(w))
      : names;
    const pool = cue.anywhere || cue.namesItem ? all : own.filter((s) => !p.ignore.test(s));
    for (const sentence of pool) {
      if (!cue.re.test(sentence)) continue;
      if (cue.unless?.test(sentence)) continue;
      if (cue.namesItem) {
        const lower = sentence.toLowerCase();
        if (!words.some((w) => new RegExp(`\\b${w}`).test(lower))) continue;
        if (!tags.has(cue.tag)) tags.set(cue.tag, sentence);
        break;
      }
      const aboutCase = p.caseReference.test(sentence);
      if (!cue.anywhere && p.quoting.test(sentence) && !aboutCase) continue;
      if (cue.needsCase && !aboutCase) continue;
      if (cue.needsLacking && !p.lacking.test(sentence)) continue;
      if (!tags.has(cue.tag)) tags.set(cue.tag, sentence);
      break;
    }
  }
  // a compound denial is also a "not recommended" sentence; keep the specific tag only
  if (tags.has('compound-non-recommended-ingredient')) tags.delete('not-recommended');
  return [...tags].map(([tag, sentence]) => ({ tag, sentence }));
}

export type RationaleFacts = {
  findings?: { acuteExacerbation?: false; dyspepsia?: false };
  documentation?: {
    functionalImprovement?: false;
    urineDrugScreen?: false;
    homeExerciseProgram?: false;
    rationale?: false;
    sideEffectsAssessed?: false;
    painRelief?: false;
    failedFirstLine?: [];
  };
};

// Only what the reviewer states is lacking becomes a fact; praise of the file is not parsed.
export function rationaleFacts(rationale: string): RationaleFacts {
  const f: RationaleFacts = {};
  const set = <G extends 'findings' | 'documentation'>(group: G, key: string, value: unknown) => {
    f[group] ??= {} as never;
    (f[group] as Record<string, unknown>)[key] = value;
  };
  const p = reasonPatterns();
  for (const s of casePart(sentences(rationale), p)) {
    if (!NEGATION.test(s) || (p.quoting.test(s) && !p.caseReference.test(s))) continue;
    if (/\bfunctional (improvement|gains?|benefit)\b|\bobjective (evidence of )?(functional )?improvement\b/i.test(s))
      set('documentation', 'functionalImprovement', false);
    if (/\burine drug (screen|test)|\bUDS\b|\bdrug screen/i.test(s)) set('documentation', 'urineDrugScreen', false);
    if (/\b(acute exacerbation|flare[- ]?ups?)\b/i.test(s)) set('findings', 'acuteExacerbation', false);
    if (/\bdyspepsia\b/i.test(s)) set('findings', 'dyspepsia', false);
    if (/\bhome exercise\b/i.test(s)) set('documentation', 'homeExerciseProgram', false);
    if (/\brationale for (the )?(use|request)\b/i.test(s)) set('documentation', 'rationale', false);
    if (/\bside effects\b/i.test(s)) set('documentation', 'sideEffectsAssessed', false);
    if (
      /\b(failure|failed|trial and failure|failure to respond|intolerance)\b.*\b(first[- ]line|antidepressants?|anticonvulsants?|oral medications?)\b/i.test(
        s,
      )
    )
      set('documentation', 'failedFirstLine', []);
  }
  return f;
}
