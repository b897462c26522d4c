// Reading the text of one requested item ("Norco 5/325mg #60, 1-2 tabs every 4-6 hrs as needed",
// "Physical therapy 1-2x/week x 4 weeks for the neck and right hand") into structured parts.
// Shared by every way a request arrives (a letter's heading, a FHIR order's text, the web form),
// so the same words always mean the same thing. Pure functions: no catalog, no rules, no I/O.
//
// Where the text states a range ("2-3 times a week", "every 4-6 hours", "7-10 days") the parts
// keep the upper bound, the most a reviewer could be asked to approve, and a note says so.
import type { BODY_REGIONS, SIDES } from '../schema/case.js';

export type BodyRegion = (typeof BODY_REGIONS)[number];
export type Side = (typeof SIDES)[number];

export type Frequency = {
  // doses per day; a weekly rhythm gives a fraction ("once a week" = 1/7)
  dosesPerDay?: number;
  // a weekly rhythm ("2 times a week"), as sessions or doses per week
  perWeek?: number;
  asNeeded: boolean;
  // the upper bound was kept from a range
  ranged: boolean;
};

export type Schedule = { perWeek?: number; weeks?: number; sessions?: number; notes: string[] };

export type Site = { region: BodyRegion; side?: Side; text: string };

export type RequestParts = {
  strength?: string;
  quantity?: number;
  // the words that state how often, as written ("one tablet twice daily", "2-3 times a week")
  frequency?: string;
  dosesPerDay?: number;
  asNeeded: boolean;
  // the words that state how long, as written ("14 days", "4 weeks")
  duration?: string;
  durationDays?: number;
  perWeek?: number;
  weeks?: number;
  sessions?: number;
  sites: Site[];
  // one region, or "multiple" when the text names several
  bodyRegion?: BodyRegion;
  // the side shared by every site, when they share one
  side?: Side;
  levels?: number;
  notes: string[];
};

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
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  'twenty-four': 24,
  thirty: 30,
  sixty: 60,
  ninety: 90,
};

const WORD_PATTERN = new RegExp(
  `\\b(${Object.keys(NUMBER_WORDS)
    .sort((a, b) => b.length - a.length)
    .join('|')})\\b`,
  'gi',
);

// "two (2)" -> "2", "four" -> "4"; the digits in brackets win when both are written
export function numerals(text: string): string {
  return text
    .replace(/\b([a-z]+(?:-[a-z]+)?)\s*\((\d+)\)/gi, (whole, word: string, digits: string) =>
      NUMBER_WORDS[word.toLowerCase()] !== undefined ? digits : whole,
    )
    .replace(WORD_PATTERN, (w) => String(NUMBER_WORDS[w.toLowerCase()]));
}

const NUM = String.raw`(\d+(?:\.\d+)?)`;
// "2", "2-3", "2 to 3", "2 or 3"
const RANGE = String.raw`${NUM}(?:\s*(?:-|to|or)\s*${NUM})?`;

type Ranged = { value: number; ranged: boolean };
const upper = (low: string, high: string | undefined): Ranged => ({
  value: high === undefined ? Number(low) : Math.max(Number(low), Number(high)),
  ranged: high !== undefined,
});

// Named rhythms, most specific first. Checked after counted forms ("3 times a day") and intervals.
const NAMED_FREQUENCIES: Array<[RegExp, number]> = [
  [/\b(every other day|qod|q\.o\.d)\b/, 0.5],
  [/\b(qid|q\.i\.d|four times (a|per|each) day|four times daily)\b/, 4],
  [/\b(tid|t\.i\.d|three times (a|per|each) day|three times daily|thrice)\b/, 3],
  [/\b(bid|b\.i\.d|twice (a|per|each) day|twice daily)\b/, 2],
  [
    /\b(qd|q\.d|qhs|hs|qam|qpm|daily|nightly|at bedtime|once (a|per|each) day|once daily|every (day|morning|night|evening)|per day|a day)\b/,
    1,
  ],
];

// How often: doses per day (or per week), from the request's own words. Doses a day are shown to
// three decimals ("every 72 hours" is 0.333); days of supply use the unrounded value (daysOfSupply).
export function parseFrequency(text: string | null | undefined): Frequency | undefined {
  const f = exactFrequency(text);
  return f?.dosesPerDay === undefined ? f : { ...f, dosesPerDay: round(f.dosesPerDay) };
}

function exactFrequency(text: string | null | undefined): Frequency | undefined {
  if (!text) return undefined;
  const f = numerals(text.toLowerCase());
  const asNeeded = /\b(prn|p\.r\.n|as needed|as required|when needed)\b/.test(f);
  // "every 4-6 hours", "q4-6h", "q 6 hrs": the shortest interval gives the most doses
  const interval = new RegExp(String.raw`\b(?:every|q\.?)\s*${RANGE}\s*(?:-\s*)?(?:hours?|hrs?|h)\b`).exec(f);
  if (interval) {
    const shortest = interval[2] === undefined ? Number(interval[1]) : Math.min(Number(interval[1]), Number(interval[2]));
    if (shortest > 0) return { dosesPerDay: 24 / shortest, asNeeded, ranged: interval[2] !== undefined };
  }
  const perDay = new RegExp(String.raw`\b${RANGE}\s*(?:x|times?)\s*(?:a|per|\/|each|every)?\s*(?:day|daily|d)\b`).exec(f);
  if (perDay) {
    const u = upper(perDay[1], perDay[2]);
    return { dosesPerDay: u.value, asNeeded, ranged: u.ranged };
  }
  const week = weekly(f);
  if (week) return { dosesPerDay: week.value / 7, perWeek: week.value, asNeeded, ranged: week.ranged };
  for (const [re, n] of NAMED_FREQUENCIES) if (re.test(f)) return { dosesPerDay: n, asNeeded, ranged: false };
  // "twice" alone, as in "one tablet twice", means twice a day on a prescription
  if (/\btwice\b/.test(f)) return { dosesPerDay: 2, asNeeded, ranged: false };
  return asNeeded ? { asNeeded, ranged: false } : undefined;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

// "2 times a week", "1-2x/week", "3 visits per week", "three times weekly", "twice a week"
function weekly(f: string): Ranged | undefined {
  const counted = new RegExp(
    String.raw`\b${RANGE}\s*(?:x|times?|visits?|sessions?|treatments?)?\s*(?:(?:a|per|\/|each|every)\s*(?:week|wk)s?\b|weekly\b)`,
  ).exec(f);
  if (counted) return upper(counted[1], counted[2]);
  if (/\b(once (a|per|each) week|once weekly|weekly)\b/.test(f)) return { value: 1, ranged: false };
  if (/\b(twice (a|per|each) week|twice weekly)\b/.test(f)) return { value: 2, ranged: false };
  return undefined;
}

export function dosesPerDay(frequency: string | null | undefined): number | undefined {
  return parseFrequency(frequency)?.dosesPerDay;
}

export type UnitsPerDose = {
  // the units taken at each dose: the upper bound of a range ("1-2 tabs" is 2)
  count: number;
  // the lower bound, when the words state a range
  low?: number;
  // the unit as written ("tabs", "tablets"), none when only a route follows the count ("2 PO")
  unit?: string;
};

// Units a prescription counts in: each one taken whole is one unit of the quantity dispensed.
const DOSE_UNIT = String.raw`(tabs?|tablets?|caps?|capsules?|pills?|patch(?:es)?)\b`;
const ROUTE = String.raw`(?:by mouth|orally|per os|p\.?o\.?|sublingually|sl|transdermally|topically)`;
// "2", "1-2", "1 to 2", "1 or 2", "1/2", "half a", "0.5"; not the end of a strength ("5/325")
const DOSE_COUNT = String.raw`(?<![\d./a-z])(\d+(?:\.\d+)?|1\/2|½|half(?:\s+an?)?)(?:\s*(?:-|to|or)\s*(\d+(?:\.\d+)?))?`;
const countValue = (c: string) => (/^(1\/2|½|half)/.test(c) ? 0.5 : Number(c));
// what may stand before the count of a dose: nothing, or a verb of taking
const BEFORE_DOSE = /(?:^\s*|\b(?:take|takes|taking|give|apply|use|chew|dissolve|place|insert)\s+)$/;

// The units taken at each dose, where the words of a prescription state them: "1-2 tabs orally every
// 4-6 hrs" (2, the upper bound, as for a range of doses a day), "2 tabs PO q6h", "take 2 tablets
// twice a day", "one by mouth twice a day", "1/2 tablet at bedtime". A count is a dose's only where
// it opens the words or follows a verb of taking, or where the frequency follows it: "90 tablets"
// and "#60" are the quantity dispensed. Undefined where no count is stated (one unit a dose, then).
export function parseUnitsPerDose(text: string | null | undefined): UnitsPerDose | undefined {
  if (!text) return undefined;
  const n = numerals(text.toLowerCase());
  const counted = new RegExp(String.raw`${DOSE_COUNT}\s*(?:${DOSE_UNIT}\s*(?:${ROUTE}(?![a-z]))?|${ROUTE}(?![a-z]))`, 'g');
  for (const m of n.matchAll(counted)) {
    const at = m.index ?? 0;
    const before = n.slice(0, at);
    if (/(?:#|\b(?:qty|quantity|dispense|disp|of))\s*$/.test(before)) continue;
    const after = n.slice(at + m[0].length);
    const opens = BEFORE_DOSE.test(before);
    const followed = new RegExp(String.raw`^\s*,?\s*(?:${HOW}|as needed|prn\b|p\.r\.n)`).test(after);
    if (!opens && !followed) continue;
    const low = countValue(m[1]);
    const high = m[2] === undefined ? undefined : Number(m[2]);
    if (!(low > 0) || (high !== undefined && !(high > 0))) continue;
    const count = high === undefined ? low : Math.max(low, high);
    return {
      count,
      ...(high !== undefined && high !== low ? { low: Math.min(low, high) } : {}),
      ...(m[3] ? { unit: m[3] } : {}),
    };
  }
  return undefined;
}

// The days a quantity lasts at a frequency, whole days rounded up: the quantity over the units
// taken a day (units at each dose, one where the words state none, times doses a day). From the
// unrounded doses a day: a patch changed every 72 hours is 1/3 a day, so #10 lasts 30 days
// (10 / 0.333 would make it 31).
export function daysOfSupply(quantity: number | null | undefined, frequency: string | null | undefined): number | undefined {
  const perDay = exactFrequency(frequency)?.dosesPerDay;
  if (!quantity || !perDay) return undefined;
  const units = parseUnitsPerDose(frequency)?.count ?? 1;
  // 1e-9 absorbs the binary fraction of a third or a seventh, never a real part of a day
  return Math.ceil(quantity / (perDay * units) - 1e-9);
}

const DAYS_PER: Record<string, number> = { d: 1, w: 7, m: 30, y: 365 };

// "30 days", "2-3 weeks" (21), "3 months" (90), "30 day supply", "day supply: 30"
export function durationDays(duration: string | null | undefined): number | undefined {
  if (!duration) return undefined;
  const d = numerals(duration.toLowerCase());
  const supply = /\bday supply:?\s*(\d+)/.exec(d);
  if (supply) return Number(supply[1]);
  const m = new RegExp(String.raw`${RANGE}[\s-]*(days?|weeks?|wks?|months?|mos?|years?|yrs?)\b`).exec(d);
  if (!m) return undefined;
  return Math.round(upper(m[1], m[2]).value * DAYS_PER[m[3][0]]);
}

// A duration as written: "for 4 weeks", "14 days", "30 day supply", "x 2 weeks", "7-10 days".
// A span that follows a weekly rhythm ("2 times a week for 4 weeks") is a duration too.
function durationText(n: string): string | undefined {
  const supply = /\b(\d+)[\s-]*day supply\b/i.exec(n) ?? /\bday supply:?\s*(\d+)/i.exec(n);
  if (supply) return `${supply[1]} days`;
  const span = new RegExp(
    String.raw`(?:^|\b(?:for|x|times|over|×)\s*|[\s,(])${RANGE}[\s-]*(days?|weeks?|wks?|months?)\b(?!\s*(?:ago|prior|post))`,
    'i',
  ).exec(n);
  if (!span) return undefined;
  const unit = span[3].toLowerCase().replace(/^wks?$/, 'week');
  const count = span[2] === undefined ? span[1] : `${span[1]}-${span[2]}`;
  const singular = span[2] === undefined && Number(span[1]) === 1;
  return `${count} ${singular ? unit.replace(/s$/, '') : unit.endsWith('s') ? unit : `${unit}s`}`;
}

// "3 visits per week" is a rhythm, not a count of visits
const NOT_WEEKLY = String.raw`(?!\s*(?:a|per|each|every|\/)\s*(?:week|wk))`;

// Sessions, sessions per week and weeks of a course of therapy.
export function parseSchedule(text: string): Schedule {
  const n = numerals(text.toLowerCase());
  const notes: string[] = [];
  let perWeek: number | undefined;
  let weeks: number | undefined;
  let sessions: number | undefined;
  const week = weekly(n);
  if (week) {
    perWeek = week.value;
    if (week.ranged) notes.push(`a range of sessions per week: the upper bound ${perWeek} kept`);
  }
  const span = new RegExp(
    String.raw`(?:\b(?:for|x|times|over|×)\s*|[\s,(]|^)${RANGE}[\s-]*(?:weeks?|wks?)\b(?!\s*(?:ago|prior|post))`,
  ).exec(n);
  if (span) {
    const u = upper(span[1], span[2]);
    weeks = u.value;
    if (u.ranged) notes.push(`a range of weeks: the upper bound ${weeks} kept`);
  }
  // "2x4", "1-2 x 6": per week by weeks, when nothing else states them
  const compact = new RegExp(
    String.raw`\b${RANGE}\s*[x×]\s*(\d+)\b(?!\s*(?:mg|mcg|ml|g|%|hours?|hrs?|days?|months?|weeks?|wks?|sessions?|visits?))`,
  ).exec(n);
  if (compact && perWeek === undefined && weeks === undefined && Number(compact[3]) <= 52) {
    const u = upper(compact[1], compact[2]);
    if (u.value <= 7) {
      perWeek = u.value;
      weeks = Number(compact[3]);
      if (u.ranged) notes.push(`a range of sessions per week: the upper bound ${perWeek} kept`);
    }
  }
  const counted =
    new RegExp(String.raw`\b${RANGE}\s+(?:[a-z/-]+\s+){0,4}?(?:sessions|visits|treatments)\b${NOT_WEEKLY}`).exec(n) ??
    new RegExp(String.raw`\b${RANGE}\s+(?:session|visit|treatment)s?\b${NOT_WEEKLY}`).exec(n) ??
    new RegExp(String.raw`\b(?:sessions|visits|treatments)\s*(?::|of|x|times|#)\s*${RANGE}\b`).exec(n) ??
    // "x 12", "times 12", "#8" (not "x 2 weeks"), and "(6)" standing alone after a schedule
    new RegExp(
      String.raw`(?:\b(?:x|times)|×|#)\s*${RANGE}\b(?!\s*(?:-\s*)?(?:weeks?|wks?|days?|months?|mg|ml|%|per\b|a week|\/|x\s*\d))`,
    ).exec(n) ??
    (perWeek !== undefined && weeks !== undefined ? /\((\d+)\)/.exec(n) : null);
  if (counted) {
    const u = upper(counted[1], counted[2]);
    sessions = u.value;
    if (u.ranged) notes.push(`a range of sessions: the upper bound ${sessions} kept`);
  }
  if (sessions === undefined && perWeek !== undefined && weeks !== undefined) {
    sessions = Math.round(perWeek * weeks);
    notes.push(`sessions ${sessions} = ${perWeek} per week × ${weeks} weeks`);
  } else if (sessions !== undefined && perWeek !== undefined && weeks !== undefined && sessions !== Math.round(perWeek * weeks)) {
    notes.push(`${sessions} sessions stated, but ${perWeek} per week × ${weeks} weeks is ${Math.round(perWeek * weeks)}`);
  }
  return { perWeek, weeks, sessions, notes };
}

// "#90", "quantity 90", "qty: 90", "90 tablets", "120grams #1" (1), "240 grams" (240)
export function parseQuantity(text: string): number | undefined {
  const n = numerals(text);
  const m =
    /#\s*(\d+(?:\.\d+)?)/.exec(n) ??
    /\b(?:quantity|qty)[:\s#]*(\d+(?:\.\d+)?)/i.exec(n) ??
    /\b(\d+)\s*(?:tablets|tabs|capsules|caps|patch(?:es)?|pills|pads|units|count)\b/i.exec(n) ??
    /\b(\d+(?:\.\d+)?)\s*(?:grams|gm|gms|g|ml)\b(?!\s*\/)/i.exec(n.replace(/\d+(?:\.\d+)?\s*(?:mg|mcg)\s*\/\s*(?:g|ml)/gi, ''));
  return m ? Number(m[1]) : undefined;
}

// An amount as drug names write it, with what it is per: "10 MG", "0.025 MG/HR", "10 MG/ML", "5%",
// "100 units". The catalog reads the amount beside each ingredient of a name with it, and the case
// context the one amount a single-ingredient name states (statedAmounts).
export const AMOUNT_PATTERN = String.raw`(\d+(?:\.\d+)?)\s*(mg|mcg|µg|g|gm|grams?|ml|meq|units?|unt|iu|%)(?:\s*\/\s*(ml|hr|h|mg|g|gm|actuat|day|hour))?(?![a-z])`;

export type StatedAmount = {
  amount: number;
  unit: string;
  // what the amount is per ("ml" in "10 mg/ml", "hr" in "25 mcg/hr"), if anything
  per?: string;
  // another number is joined to it ("50/100 mg", "5-10 mg", "5 or 10 mg"): which one is meant is
  // not said, so such an amount is a strength of nothing in particular
  joined: boolean;
};

// Every amount a text states, in order: "Gabapentin 300 MG Oral Capsule" -> [300 mg],
// "tramadol 50/100 mg" -> [100 mg, joined], "#90" and "24 HR" are no amounts.
export function statedAmounts(text: string): StatedAmount[] {
  const lower = text.toLowerCase();
  return [...lower.matchAll(new RegExp(AMOUNT_PATTERN, 'g'))].map((m) => ({
    amount: Number(m[1]),
    unit: m[2],
    ...(m[3] ? { per: m[3] } : {}),
    joined: /\d\s*(?:[/,-]|\bor\b|\bto\b|\band\b)\s*$/.test(lower.slice(0, m.index)),
  }));
}

// A rate per hour, as a transdermal system is written ("25 MCG/HR", "0.025 MG/HR", "12 mcg per
// hour"): the patch delivers it all the time it is worn. A "72 HR" standing alone before the name is
// how long one patch is worn, not a rate.
const PER_HOUR = /(\d+(?:\.\d+)?)\s*(mg|mcg|µg|ug|micrograms?|milligrams?)\s*(?:\/\s*|per\s+)(?:hr|hour|h)(?![a-z])/i;
const rateUnit = (u: string) => (/^(mg|milligrams?)$/i.test(u) ? 'mg' : 'mcg');

// "Fentanyl 25 MCG/HR Transdermal System" -> "25 mcg/h", "0.025 MG/HR" -> "0.025 mg/h"
export function hourlyStrength(text: string | null | undefined): string | undefined {
  const m = text ? PER_HOUR.exec(text) : null;
  return m ? `${m[1]} ${rateUnit(m[2])}/h` : undefined;
}

// The micrograms per hour a strength states ("0.025 mg/h" -> 25), or undefined when it states no rate.
export function hourlyRateMcg(strength: string | null | undefined): number | undefined {
  const m = strength ? PER_HOUR.exec(strength) : null;
  if (!m) return undefined;
  const amount = Number(m[1]) * (rateUnit(m[2]) === 'mg' ? 1000 : 1);
  return Math.round(amount * 1000) / 1000;
}

// "10mg" -> "10 mg", "5/325mg" -> "5/325 mg", "7.5-325mg" -> "7.5-325 mg", "4%", "10mg/1ml" -> "10 mg/1 ml",
// "Flurbiprofen 10%/Dextromethorphan 5%/Lidocaine 5%" -> "10%/5%/5%", "25 MCG/HR" -> "25 mcg/h"
export function parseStrength(text: string): string | undefined {
  // a patch's rate keeps its "per hour": 25 mcg/h and 25 mcg are different doses
  const rate = hourlyStrength(text);
  if (rate) return rate;
  const t = text.replace(/(\d)\s*percent\b/gi, '$1%');
  const perVolume = /(\d+(?:\.\d+)?)\s*(mg|mcg)\s*\/\s*(\d+(?:\.\d+)?)\s*(ml)\b/i.exec(t);
  if (perVolume) return `${perVolume[1]} ${perVolume[2].toLowerCase()}/${perVolume[3]} ${perVolume[4].toLowerCase()}`;
  const combined = /(\d+(?:\.\d+)?(?:\s*[/-]\s*\d+(?:\.\d+)?)+)\s*(mg|mcg)\b/i.exec(t);
  if (combined) return `${combined[1].replace(/\s+/g, '')} ${combined[2].toLowerCase()}`;
  const percents = [...t.matchAll(/(\d+(?:\.\d+)?)\s*%/g)].map((m) => `${m[1]}%`);
  if (percents.length > 0) {
    // "4%-27.5%-0.0325%" keeps its own separator
    const dashed = /\d+(?:\.\d+)?%(?:-\d+(?:\.\d+)?%)+/.exec(t.replace(/\s+/g, ''));
    return dashed ? dashed[0] : percents.join('/');
  }
  const single = /(\d+(?:\.\d+)?)\s*(mg|mcg|meq|units|iu)\b/i.exec(t);
  return single ? `${single[1]} ${single[2].toLowerCase()}` : undefined;
}

// Region words, longest first so "lower back" wins over "back" and "cervical spine" over "spine".
// Limbs named as a whole ("upper extremity") are not a region of the case format: they name a side only.
const REGION_WORDS: Array<[string, BodyRegion | null]> = [
  ['cervical spine', 'cervical'],
  ['cervical', 'cervical'],
  ['c-spine', 'cervical'],
  ['neck', 'cervical'],
  ['thoracic spine', 'thoracic'],
  ['thoracic', 'thoracic'],
  ['t-spine', 'thoracic'],
  ['mid back', 'thoracic'],
  ['mid-back', 'thoracic'],
  ['upper back', 'thoracic'],
  ['thoracolumbar', 'lumbar'],
  ['lumbosacral', 'lumbar'],
  ['lumbar spine', 'lumbar'],
  ['lumbar', 'lumbar'],
  ['l-spine', 'lumbar'],
  ['low back', 'lumbar'],
  ['lower back', 'lumbar'],
  ['sacroiliac', 'lumbar'],
  ['back', 'lumbar'],
  ['spine', 'lumbar'],
  ['shoulders', 'shoulder'],
  ['shoulder', 'shoulder'],
  ['rotator cuff', 'shoulder'],
  ['elbows', 'elbow'],
  ['elbow', 'elbow'],
  ['epicondyle', 'elbow'],
  ['epicondylitis', 'elbow'],
  ['forearms', 'elbow'],
  ['forearm', 'elbow'],
  ['wrists', 'wrist-hand'],
  ['wrist', 'wrist-hand'],
  ['hands', 'wrist-hand'],
  ['hand', 'wrist-hand'],
  ['fingers', 'wrist-hand'],
  ['finger', 'wrist-hand'],
  ['thumbs', 'wrist-hand'],
  ['thumb', 'wrist-hand'],
  ['carpal', 'wrist-hand'],
  ['hips', 'hip'],
  ['hip', 'hip'],
  ['pelvis', 'hip'],
  ['pelvic', 'hip'],
  ['knees', 'knee'],
  ['knee', 'knee'],
  ['ankles', 'ankle-foot'],
  ['ankle', 'ankle-foot'],
  ['feet', 'ankle-foot'],
  ['foot', 'ankle-foot'],
  ['toes', 'ankle-foot'],
  ['toe', 'ankle-foot'],
  ['heel', 'ankle-foot'],
  ['headaches', 'head'],
  ['headache', 'head'],
  ['head', 'head'],
  ['temporomandibular', 'head'],
  ['skull', 'head'],
  ['face', 'head'],
  ['facial', 'head'],
  ['ribs', 'thoracic'],
  ['rib', 'thoracic'],
  ['upper extremities', null],
  ['upper extremity', null],
  ['lower extremities', null],
  ['lower extremity', null],
];

const SIDE_WORDS: Record<string, Side> = {
  left: 'left',
  right: 'right',
  bilateral: 'bilateral',
  bilaterally: 'bilateral',
  both: 'bilateral',
  rue: 'right',
  rle: 'right',
  lue: 'left',
  lle: 'left',
  bue: 'bilateral',
  ble: 'bilateral',
};

const SITE_PATTERN = new RegExp(
  String.raw`\b(?:(${Object.keys(SIDE_WORDS).join('|')})|(${REGION_WORDS.map(([w]) => w.replace(/-/g, '\\-')).join('|')})|([cl]\d(?:\s*-\s*[cls]?\d)?|t\d{1,2}(?:\s*-\s*[tl]?\d{1,2})?|s1))\b`,
  'gi',
);

const LEVEL_REGION: Record<string, BodyRegion> = { c: 'cervical', t: 'thoracic', l: 'lumbar', s: 'lumbar' };

// Body regions with their sides, in the order written: "MRI of the neck and right hand" is the
// cervical region and the right hand. A side applies to the regions after it until another side
// is named ("left hip and knee"); on the spine only when it stands right before the region
// ("right L5"), since "left shoulder and cervical spine" puts no side on the spine.
export function parseSites(text: string): Site[] {
  const sites: Site[] = [];
  let side: Side | undefined;
  let sideEnd = -1;
  let lastSide: { side: Side; end: number } | undefined;
  for (const m of text.matchAll(SITE_PATTERN)) {
    const at = m.index ?? 0;
    const end = at + m[0].length;
    if (m[1]) {
      let s = SIDE_WORDS[m[1].toLowerCase()];
      // "left and right knees"
      if (lastSide && lastSide.side !== s && /^\s*(and|&|\/|or)\s*$/i.test(text.slice(lastSide.end, at))) s = 'bilateral';
      side = s;
      sideEnd = end;
      lastSide = { side: s, end };
      continue;
    }
    const word = (m[2] ?? m[3]).toLowerCase();
    const region = m[2] ? REGION_WORDS.find(([w]) => w === word)![1] : LEVEL_REGION[word[0]];
    if (region === null) continue;
    const spinal = region === 'cervical' || region === 'thoracic' || region === 'lumbar';
    const adjacent = /^\s*$/.test(text.slice(sideEnd, at));
    const s = side && (!spinal || adjacent) ? side : undefined;
    const same = sites.find((x) => x.region === region);
    if (same) {
      // "right knee ... left knee": both sides
      if (s && same.side && same.side !== s) same.side = 'bilateral';
      else if (s && !same.side) same.side = s;
      continue;
    }
    sites.push({ region, ...(s ? { side: s } : {}), text: m[0] });
  }
  return sites;
}

// One region for the request: the only one, or "multiple"; the side when every site shares it.
export function summarizeSites(sites: Site[]): { bodyRegion?: BodyRegion; side?: Side } {
  if (sites.length === 0) return {};
  const regions = [...new Set(sites.map((s) => s.region))];
  const sides = [...new Set(sites.map((s) => s.side))];
  return {
    bodyRegion: regions.length === 1 ? regions[0] : 'multiple',
    ...(sides.length === 1 && sides[0] ? { side: sides[0] } : {}),
  };
}

// Spinal levels: "L4-5" is one level, "L3-L5" two, "L4 and L5" two, "two levels" two.
export function parseLevels(text: string): number | undefined {
  const words = /\b(\d+)[\s-]*levels?\b/i.exec(numerals(text));
  if (words) return Number(words[1]);
  let count = 0;
  for (const m of text.matchAll(/\b([CTL])(\d{1,2})(?:\s*-\s*([CTLS])?(\d{1,2}))?\b/gi)) {
    const from = Number(m[2]);
    if (m[4] === undefined) count += 1;
    else if (m[3] && m[3].toUpperCase() !== m[1].toUpperCase()) count += 1;
    else count += Math.max(1, Number(m[4]) - from);
  }
  return count > 0 ? count : undefined;
}

// How often, in the words of a prescription: "every 4-6 hrs", "q6h", "3 times a day", "twice weekly", "TID"
const HOW = String.raw`(?:(?:every|q\.?)\s*\d+(?:\s*-\s*\d+)?\s*(?:hours?|hrs?|h)\b|\d+(?:\s*-\s*\d+)?\s*(?:x|times?)\s*(?:a|per|\/|each)?\s*(?:day|daily|week|wk|weekly)\b|(?:once|twice|three times|four times)\s*(?:a|per|each)?\s*(?:day|daily|week|weekly)\b|\b(?:bid|tid|qid|qd|qhs|hs|daily|nightly|at bedtime|every other day|weekly)\b)`;

// A number of doses a day in words this parser reads back as that number: an interval where one
// was written and a whole number of hours divides the day ("every 8 hours"), else a count per day.
function dosesPerDayWords(perDay: number, interval: boolean): string {
  if (interval && Number.isInteger(24 / perDay)) return `every ${24 / perDay} hours`;
  return perDay === 1 ? 'once a day' : perDay === 2 ? 'twice a day' : `${perDay} times a day`;
}

// A prescription's words with only its frequency changed ("1 tablet every 6 hours as needed for
// pain" -> "1 tablet every 8 hours as needed for pain"); number words become digits. Undefined when
// the words do not state the frequency at one place this parser reads them from, or would not read
// back as `perDay` doses a day.
export function withDosesPerDay(text: string, perDay: number): string | undefined {
  const n = numerals(text);
  const matches = [...n.matchAll(new RegExp(HOW, 'gi'))];
  if (matches.length !== 1 || !(perDay > 0)) return undefined;
  const [m] = matches;
  const at = m.index ?? 0;
  const words = dosesPerDayWords(perDay, /^(every|q)/i.test(m[0]));
  const out = `${n.slice(0, at)}${words}${n.slice(at + m[0].length)}`;
  return parseFrequency(out)?.dosesPerDay === perDay ? out : undefined;
}

// The words of a prescription that say how often: "one tablet twice daily", "1-2 tabs orally every
// 4-6 hrs as needed", "2-3 times a week", "daily".
function frequencyText(text: string): string | undefined {
  // a dose needs its unit ("1-2 tabs", "one by mouth"): a bare number is the quantity ("#120 TID")
  const count = String.raw`(?:\d+(?:\.\d+)?(?:\s*-\s*\d+)?|one|two|half|1\/2)`;
  const route = '(?:by mouth|orally|po|topically|sublingually)';
  const dose = String.raw`(?:${count}\s+(?:(?:tabs?|tablets?|caps?|capsules?|patch(?:es)?|pills?|puffs?|drops?|applications?|sprays?)\b\s*(?:${route}\s*)?|${route}\s*),?\s*)?`;
  const how = HOW;
  const prn = String.raw`(?:\s*,?\s*(?:as needed|prn|p\.r\.n\.?)\b(?:\s+for\s+[a-z]+)?)?`;
  const m = new RegExp(`${dose}${how}${prn}`, 'i').exec(text);
  if (m) return m[0].replace(/^[\s,]+|[\s,]+$/g, '');
  const prnOnly = new RegExp(`${dose}(?:as needed|prn)`, 'i').exec(text);
  return prnOnly ? prnOnly[0].trim() : undefined;
}

// The side of a limb named as a whole ("the bilateral upper extremities", "RUE"), which is no region.
function limbSide(text: string): Side | undefined {
  const m = /\b(left|right|bilateral|both)\s+(?:upper|lower)\s+extremit/i.exec(text) ?? /\b(RUE|LUE|RLE|LLE|BUE|BLE)\b/.exec(text);
  return m ? SIDE_WORDS[m[1].toLowerCase()] : undefined;
}

// All the parts of one request's text, with notes on what was assumed.
export function parseRequestText(text: string): RequestParts {
  const n = numerals(text);
  const schedule = parseSchedule(text);
  const freqWords = frequencyText(n);
  const freq = parseFrequency(freqWords ?? n);
  const duration = durationText(n);
  const sites = parseSites(text);
  const notes = [...schedule.notes];
  if (freq?.ranged) notes.push(`a range of doses: the upper bound ${freq.dosesPerDay} per day kept`);
  const units = parseUnitsPerDose(freqWords);
  if (units?.low !== undefined) notes.push(`a range of units a dose: the upper bound ${units.count} kept`);
  const days = durationDays(duration);
  if (duration && /\d\s*-\s*\d/.test(duration)) notes.push(`a range of time: the upper bound ${days} days kept`);
  return {
    strength: parseStrength(text),
    quantity: parseQuantity(text),
    frequency: freqWords,
    dosesPerDay: freq?.dosesPerDay,
    asNeeded: freq?.asNeeded ?? false,
    duration,
    durationDays: days,
    perWeek: schedule.perWeek,
    weeks: schedule.weeks,
    sessions: schedule.sessions,
    sites,
    ...summarizeSites(sites),
    ...(sites.length === 0 && limbSide(text) ? { side: limbSide(text) } : {}),
    levels: parseLevels(text),
    notes,
  };
}
