// Reading an item heading ("Baclofen 10mg #90", "Acupuncture two (2) times a week for four (4)
// weeks") into request fields, and resolving its name with the catalog.
import type { Request } from '../schema/case.js';
import { type CatalogIndex, resolveName } from '../facts/catalog.js';

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  sixteen: 16,
  eighteen: 18,
  twenty: 20,
  twentyfour: 24,
  thirty: 30,
};

// "two (2)" -> "2", "four" -> "4"
export function numerals(text: string): string {
  return text
    .replace(/\b([a-z]+)\s*\((\d+)\)/gi, '$2')
    .replace(/\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|sixteen|eighteen|twenty|thirty)\b/gi, (w) =>
      String(NUMBER_WORDS[w.toLowerCase()]),
    );
}

const REGIONS: Array<[RegExp, NonNullable<Request['bodyRegion']>]> = [
  [/\b(lumbar|low back|lower back|lumbosacral|l\d-?[ls]\d)\b/i, 'lumbar'],
  [/\b(cervical|neck|c\d-c?\d)\b/i, 'cervical'],
  [/\b(thoracic|mid back|upper back)\b/i, 'thoracic'],
  [/\bshoulders?\b/i, 'shoulder'],
  [/\belbows?\b/i, 'elbow'],
  [/\b(wrists?|hands?|fingers?|thumbs?|carpal)\b/i, 'wrist-hand'],
  [/\bhips?\b/i, 'hip'],
  [/\bknees?\b/i, 'knee'],
  [/\b(ankles?|feet|foot|toes?)\b/i, 'ankle-foot'],
  [/\b(head|headaches?)\b/i, 'head'],
];

export function bodyRegionOf(text: string): Request['bodyRegion'] | undefined {
  const hits = [...new Set(REGIONS.filter(([re]) => re.test(text)).map(([, r]) => r))];
  return hits.length === 1 ? hits[0] : hits.length > 1 ? 'multiple' : undefined;
}

const FREQUENCY =
  /\b(q\.?\s?\d+\s?h(?:rs?)?|bid|tid|qid|qhs|qd|prn|daily|nightly|at bedtime|once a day|twice a day|(?:once|twice|\d+ times?) (?:a|per) day|every \d+ hours)\b/i;

export type ParsedHeading = Omit<Request, 'id' | 'actual'> & { resolutionNote: string; known: boolean };

function kindOf(text: string, strength?: string): Request['kind'] {
  if (/\b(mri|x-?rays?|ct scan|\bct\b|imaging|ultrasound|bone scan|radiograph)/i.test(text)) return 'imaging';
  if (/\b(program|restoration|hardening|conditioning)\b/i.test(text)) return 'program';
  if (/\b(therapy|acupuncture|chiropractic|sessions?|visits?|massage|psychotherapy)\b/i.test(text)) return 'therapy';
  if (/\b(injections?|blocks?|surgery|arthroscop|ectomy|plasty|fusion|release|repair|ablation|implant)/i.test(text)) return 'procedure';
  if (/\b(unit|brace|cane|walker|wheelchair|cushion|pillow|mattress|supplies|purchase|rental)\b/i.test(text)) return 'dme';
  return strength ? 'medication' : 'other';
}

export function parseHeading(raw: string, index: CatalogIndex): ParsedHeading {
  const text = raw
    .replace(/^(prospective|retrospective|concurrent)( request)?( for)?\s*/i, '')
    .replace(/^(associated surgical services?|pre-?op(erative)?( services?)?|post-?op(erative)?( services?)?):\s*/i, '')
    .replace(/^(1|one) prescription (of|for)\s*/i, '')
    .trim();
  const n = numerals(text);
  const strength = /(\d+(?:\.\d+)?(?:\/\d+(?:\.\d+)?)*)\s*(mg|mcg|%|gm?|ml)(?![a-z])/i.exec(n);
  const quantity =
    /#\s*(\d+)/.exec(n) ?? /\b(?:quantity|qty)[:\s]*(\d+)/i.exec(n) ?? /\b(\d+)\s*(?:tablets|tabs|capsules|caps|patches|pills)\b/i.exec(n);
  const perWeekWeeks =
    /(\d+)\s*(?:x|times)\s*(?:a|per|\/)?\s*(?:week|wk)s?\s*(?:for|x|times)?\s*(\d+)\s*(?:weeks|wks)/i.exec(n) ??
    /\b(\d+)\s*x\s*(\d+)\b/.exec(n);
  // "6 sessions", "6 physical therapy visits", "x 12", "times 12"
  const sessions =
    /(\d+)\s+(?:[a-z-]+\s+){0,3}?(?:sessions|visits|treatments)\b/i.exec(n) ?? /\b(?:x|times)\s*(\d+)\b(?!\s*(?:weeks|wks|days))/i.exec(n);
  const duration =
    /\bfor\s*(\d+)\s*(days?|weeks?|months?)\b/i.exec(n) ?? /\b(\d+)\s*day supply\b/i.exec(n) ?? /day supply:?\s*(\d+)/i.exec(n);
  const frequency = FREQUENCY.exec(n);
  const strengthText = strength
    ? `${strength[1]} ${strength[2].toLowerCase() === '%' ? '%' : strength[2].toLowerCase()}`.replace(' %', '%')
    : undefined;
  const resolution = resolveName(index, text);
  const kind = resolution.status === 'resolved' ? resolution.product.kind : kindOf(n, strengthText);
  const perWeek = perWeekWeeks ? Number(perWeekWeeks[1]) : undefined;
  const weeks = perWeekWeeks ? Number(perWeekWeeks[2]) : undefined;
  const isSessionKind = kind === 'therapy' || kind === 'program';
  const name = resolution.status === 'resolved' ? resolution.matched : text.replace(/\s*[#(\d].*$/, '').trim() || text;
  return {
    text: raw,
    kind,
    name,
    strength: kind === 'medication' ? strengthText : undefined,
    quantity: quantity ? Number(quantity[1]) : undefined,
    frequency: frequency ? frequency[1] : undefined,
    duration: duration ? (duration[2] ? `${duration[1]} ${duration[2]}` : `${duration[1]} days`) : undefined,
    sessions: isSessionKind ? (sessions ? Number(sessions[1]) : perWeek && weeks ? perWeek * weeks : undefined) : undefined,
    perWeek: isSessionKind ? perWeek : undefined,
    weeks: isSessionKind ? weeks : undefined,
    bodyRegion: bodyRegionOf(text),
    resolutionNote: resolution.note,
    known: resolution.status === 'resolved',
  };
}
