// How each course of care went, read from the clause of a sentence that names it: "had 12
// sessions of physical therapy without benefit", "acupuncture helped 50%", "physical therapy has
// helped, but medications did not", "no relief from physical therapy and chiropractic". A sentence
// may judge several courses differently, so a response is never taken from a clause that does
// not name the course. The wording lives in patterns/summary.yaml (`response`, `courses`).
import type { Treatment } from '../schema/case.js';
import { contextOf, triggerHits } from './clinical.js';
import type { SummaryPatterns } from './summary-patterns.js';

export type Response = NonNullable<Treatment['response']>;

// What a sentence says of one course; every field is left out when the sentence does not say it.
export type CourseReading = {
  response?: Response;
  functionalImprovement?: boolean;
  percentRelief?: number;
  status?: 'ongoing' | 'planned';
};

// A course named in a sentence, at [start, end), under the caller's key ("physical-therapy").
export type CourseMention = { key: string; start: number; end: number };

type Cue = { kind: Response; start: number; end: number; noGain: boolean };

// Checked in this order; a cue inside an earlier one is not read again ("no improvement" is not
// an improvement).
const KINDS: Response[] = ['not-tolerated', 'worse', 'unchanged', 'improved'];

// The global form of a pattern, compiled once (summaries are read sentence by sentence).
const globals = new WeakMap<RegExp, RegExp>();
export function globalOf(re: RegExp): RegExp {
  let g = globals.get(re);
  if (!g) {
    g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    globals.set(re, g);
  }
  g.lastIndex = 0;
  return g;
}

// The response cues of a text, without overlaps.
export function cuesIn(text: string, sp: SummaryPatterns): Cue[] {
  const out: Cue[] = [];
  for (const kind of KINDS) {
    for (const m of text.matchAll(globalOf(sp.response[kind]))) {
      const start = m.index;
      const end = start + m[0].length;
      if (out.some((c) => start < c.end && c.start < end)) continue;
      out.push({ kind, start, end, noGain: kind === 'unchanged' && sp.courses.noGain.test(m[0]) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

// The clauses of a sentence, as [start, end) offsets: a contrast or a semicolon starts a new one.
export function clauses(text: string, sp: SummaryPatterns): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 0;
  for (const m of text.matchAll(globalOf(sp.courses.clauseBreak))) {
    if (m.index > from) out.push([from, m.index]);
    from = m.index + m[0].length;
  }
  if (from < text.length) out.push([from, text.length]);
  return out;
}

// "helped 50%", or the fall of two pain scores ("decreased his pain from 8/10 to 5/10": 37.5%)
function percentIn(text: string, sp: SummaryPatterns): number | undefined {
  const m = sp.percentRelief.exec(text);
  const n = m ? Number(m[1] ?? m[2]) : Number.NaN;
  if (Number.isFinite(n)) return Math.min(100, n);
  const drop = sp.courses.scoreDrop.exec(text);
  return drop ? reliefBetween(Number(drop[1]), Number(drop[2])) : undefined;
}

// The relief two pain scores show, in percent of the first: 8 then 5 is 37.5.
export function reliefBetween(before: number, after: number): number | undefined {
  if (!(before > after && after >= 0 && before <= 10)) return undefined;
  return Math.round(((before - after) / before) * 1000) / 10;
}

function gainIn(text: string, sp: SummaryPatterns): boolean {
  return sp.documentation.functionalImprovement.test(text) || sp.courses.objectiveGain.test(text);
}

// What the sentence says of each course it names. A course's own words are those after it up to
// the next course of its clause; courses listed together ("physical therapy and chiropractic did
// not help") share the words after the list, and words before a list ("no relief from physical
// therapy and chiropractic") go to every course of it that says nothing of its own.
export function readCourses(text: string, named: CourseMention[], sp: SummaryPatterns): Map<string, CourseReading> {
  const out = new Map<string, CourseReading>();
  const cues = cuesIn(text, sp);
  for (const [from, to] of clauses(text, sp)) {
    const here = named.filter((m) => m.start >= from && m.end <= to).sort((a, b) => a.start - b.start);
    if (!here.length) continue;
    const inClause = cues.filter((c) => c.start >= from && c.end <= to);
    const spans = here.map((m, i) => {
      const end = here[i + 1]?.start ?? to;
      const own = text.slice(m.end, end);
      return { m, end, own, cue: inClause.find((c) => c.start >= m.end && c.end <= end) };
    });
    const glued = (i: number) => i + 1 < spans.length && sp.courses.listGlue.test(spans[i].own);
    // the words a course's reading comes from: its own, else those of the list it ends
    const source: Array<{ cue?: Cue; words: string }> = spans.map((s) => ({ cue: s.cue, words: s.own }));
    for (let i = spans.length - 2; i >= 0; i--) if (!source[i].cue && glued(i)) source[i] = source[i + 1];
    const before = inClause.filter((c) => c.end <= here[0].start).at(-1);
    if (before) {
      const words = text.slice(from, here[0].start);
      for (let i = 0; i < spans.length && (i === 0 || glued(i - 1)); i++) if (!source[i].cue) source[i] = { cue: before, words };
    }
    for (const [i, s] of spans.entries()) {
      const { cue, words } = source[i];
      const reading: CourseReading = statusOf(text.slice(from, s.m.start), s.own, sp);
      if (cue) reading.response = cue.kind;
      if (cue?.noGain) reading.functionalImprovement = false;
      else if (cue?.kind === 'improved' && gainIn(words, sp)) reading.functionalImprovement = true;
      const pct = cue?.kind === 'improved' ? percentIn(words, sp) : undefined;
      if (pct !== undefined) reading.percentRelief = pct;
      if (Object.keys(reading).length === 0) continue;
      out.set(s.m.key, { ...out.get(s.m.key), ...reading });
    }
  }
  return out;
}

// "had not started physical therapy yet": planned; "he uses a TENS unit": ongoing.
// A status is read from the clause before the course or from the course's own words.
function statusOf(before: string, own: string, sp: SummaryPatterns): CourseReading {
  const notStarted = sp.courses.notStarted;
  if (notStarted.test(before) || new RegExp(`^\\s*(?:${notStarted.source})`, 'i').test(own)) return { status: 'planned' };
  if (sp.courses.ongoing.test(before)) return { status: 'ongoing' };
  return {};
}

// How the patient is at the latest note that says, from sentences about the patient rather than
// about one course ("reports continued improvement", "pain persists", "her symptoms worsened"). A
// sentence that states both a gain and a lack of it counts as the lack. Cues that ConText finds
// negated, hypothetical or about someone else are not statements of the patient's state.
export function latestOutcome(texts: string[], sp: SummaryPatterns): Response | undefined {
  // the latest sentence that says decides, so they are read from the last one back
  for (const text of [...texts].reverse()) {
    const cues = cuesIn(text, sp);
    if (!cues.length) continue;
    const hits = cues.some((c) => c.kind !== 'unchanged') ? triggerHits(text) : [];
    const kinds = cues.filter((c) => c.kind === 'unchanged' || contextOf(text, c.start, c.end, hits).size === 0).map((c) => c.kind);
    const kind = KINDS.find((k) => k !== 'not-tolerated' && kinds.includes(k));
    if (kind) return kind;
  }
  return undefined;
}
