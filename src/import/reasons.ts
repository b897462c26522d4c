// The reviewer's reasons, read from a decision rationale by a lexicon of phrasings, and the
// facts a rationale states as lacking. Both know the outcome: they carry provenance "rationale".

// a sentence that says something is missing or lacking
const NEGATION =
  /\b(no|not|lack(s|ing)?|failed to|fails to|without|absence|absent|did not|does not|do not|missing|unclear|unknown|insufficient|neither|nor|could not|cannot|non-?certified)\b/i;

type Cue = { tag: string; re: RegExp; negated: boolean };

// Order matters only for readability; every cue that matches contributes its tag.
export const REASON_LEXICON: Cue[] = [
  { tag: 'missing-frequency', re: /\bfrequency\b|dosing (schedule|instructions)/i, negated: true },
  { tag: 'missing-quantity', re: /\bquantity\b|number of (tablets|patches|units)/i, negated: true },
  { tag: 'missing-strength', re: /\b(strength|dosage)\b/i, negated: true },
  { tag: 'missing-duration', re: /\bduration of (the )?(medication|treatment|therapy)\b|\bor duration\b|\band duration\b/i, negated: true },
  {
    tag: 'missing-body-site',
    re: /\b(site|body part|location|area) (that|where|of|to be|for)\b|\bsite\b.*\b(indicated|applied|application)\b/i,
    negated: true,
  },
  { tag: 'no-rationale', re: /\brationale for (the )?(use|request|continued use|this)\b|\bprovider's rationale\b/i, negated: true },
  {
    tag: 'no-functional-improvement',
    re: /\bfunctional (improvement|gains?|benefit|goals?|status)\b|\bimprovement in function\b|\bobjective (evidence of )?(functional )?improvement\b/i,
    negated: true,
  },
  { tag: 'no-acute-exacerbation', re: /\b(acute exacerbation|flare[- ]?ups?|exacerbation)\b/i, negated: true },
  {
    tag: 'opioid-monitoring-incomplete',
    re: /\burine drug (screen|test)|\bUDS\b|\bdrug screen|\baberrant|\bside effects\b|\bCURES\b|pain (contract|agreement)|opioid (medication )?management|\b4 A'?s\b/i,
    negated: true,
  },
  {
    tag: 'no-failed-first-line',
    re: /\b(failure|failed|trial and failure|failure to respond|intolerance)\b.*\b(first[- ]line|antidepressants?|anticonvulsants?|oral medications?|NSAIDs?|other treatments)\b/i,
    negated: true,
  },
  {
    tag: 'indication-not-documented',
    re: /\bneuropathic pain\b|\bspasticity\b|\bradiculopathy\b.*\b(documented|evidence)\b/i,
    negated: true,
  },
  {
    tag: 'no-gi-risk',
    re: /\b(gastrointestinal|GI) (risk|events?|symptoms|complaints)|\bdyspepsia\b|\brisk factors?\b.*\b(GI|gastrointestinal)\b/i,
    negated: true,
  },
  {
    tag: 'prior-sessions-undocumented',
    re: /\bnumber of (prior |previous |completed )?(sessions|visits|treatments)\b|\b(prior|previous) (sessions|visits|treatments)\b/i,
    negated: true,
  },
  {
    tag: 'no-conservative-care',
    re: /\b(no|lack of|without|absence of)\b[^.]*\bconservative (measures|care|treatment)\b|\bno (documented )?home exercise\b|\bhome exercise (program|regimen) (was|is|has) not\b/i,
    negated: false,
  },
  { tag: 'no-documented-benefit', re: /\befficacy of the (requested )?medication\b|\b(pain relief|benefit) (from|with)\b/i, negated: true },
  // the guideline's own sentence ("any compounded product that contains ...") is a quotation;
  // the finding names what this product contains
  { tag: 'compound-non-recommended-ingredient', re: /^(?!.*\bany compound).*\bcontains?\b.*\bnot recommended\b/i, negated: false },
  {
    tag: 'long-term-use',
    re: /\blonger than (2|two)[- ]?(to|-)?[- ]?(3|three) weeks\b|\blong[- ]term use\b|\bprolonged use\b|\bcontinuous use\b|\bsince (at least )?(\w+ )?(19|20)\d\d\b/i,
    negated: false,
  },
  { tag: 'exceeds-session-limit', re: /\bexceeds?\b.*\b(sessions|visits|treatments|guideline)\b/i, negated: false },
  {
    tag: 'not-recommended',
    re: /\b(SSRIs?|selective serotonin reuptake inhibitors?)\b.*\bnot recommend|\bnot recommend\w*\b.*\b(SSRIs?|selective serotonin reuptake inhibitors?)\b/i,
    negated: false,
  },
  { tag: 'not-recommended', re: /^(?!.*\bany compound).*\b(is|are) not (a )?recommended\b/i, negated: false },
];

// Rationales paraphrase the guideline first, then turn to the file; only the second part says
// what this case lacks. It starts at the first sentence that speaks of the patient or the file.
const CASE_REFERENCE =
  /\b(the (injured worker|patient|claimant|employee|provider)|this (case|patient|request)|in this case|documentation|records?|submitted|the request(ed)?|requested)\b/i;

function casePart(all: string[]): string[] {
  const first = all.findIndex((s) => CASE_REFERENCE.test(s));
  return first < 0 ? all : all.slice(first);
}

export function sentences(text: string): string[] {
  return text
    .replace(/\b(e\.g|i\.e|vs|Dr|p|pp|approx)\./gi, '$1')
    .split(/(?<=[.!?])\s+(?=[A-Z"(])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// Guideline paraphrase is not a finding about this patient: "MTUS states ... not recommended ..."
const QUOTING =
  /\b(guidelines?|MTUS|ACOEM|ODG|recommends?|recommended (for|as|only|with)|is indicated|are indicated|per the|according to)\b/i;

export function reasonTags(rationale: string): string[] {
  const tags = new Set<string>();
  const all = sentences(rationale);
  // a product named as containing a non-recommended drug is a finding wherever it is said
  const compound = REASON_LEXICON.find((c) => c.tag === 'compound-non-recommended-ingredient')!;
  for (const sentence of all) if (compound.re.test(sentence)) tags.add(compound.tag);
  for (const sentence of casePart(all)) {
    const quoting =
      QUOTING.test(sentence) &&
      !/\b(documentation|records?|submitted|this case|in this case|the (injured worker|patient|claimant))\b/i.test(sentence);
    for (const cue of REASON_LEXICON) {
      if (!cue.re.test(sentence)) continue;
      if (cue.negated && (!NEGATION.test(sentence) || quoting)) continue;
      tags.add(cue.tag);
    }
  }
  // a compound denial is also a "not recommended" sentence; keep the specific tag only
  if (tags.has('compound-non-recommended-ingredient')) tags.delete('not-recommended');
  return [...tags].sort();
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
  for (const s of casePart(sentences(rationale))) {
    if (
      !NEGATION.test(s) ||
      (QUOTING.test(s) && !/\b(documentation|records?|submitted|this case|the (injured worker|patient|claimant))\b/i.test(s))
    )
      continue;
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
