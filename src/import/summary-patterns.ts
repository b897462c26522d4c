// Loading patterns/summary.yaml and patterns/lexicon.yaml: validated, then compiled once.
import { z } from 'zod';
import { FIRST_LINE_TRIALS, IMAGING_FINDINGS, IMAGING_MODALITIES, TREATMENT_TYPES, WORK_STATUSES } from '../schema/case.js';
import { compile, loadPatterns, regex } from './patterns.js';

// Dates are read by one pattern rather than by chrono-node: measured on these letters, chrono-node
// (en locale) loads in ~30 ms and parses a summary in ~2 ms, but in strict mode it reads pain
// scores ("6-8/10") and motor grades ("4/5") as dates and misses "May 2014".
// A date as letters write it: 10-19-16, 10/19/2016, 2016-10-19, October 19, 2016, Oct. 19 2016
export const DATE_SOURCE = String.raw`(?:\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})(?!\d)|\d{4}-\d{2}-\d{2}|(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4})`;
const NUMBER_SOURCE = String.raw`\d+(?:\.\d+)?`;

const expand = (s: string) => s.replaceAll('{DATE}', DATE_SOURCE).replaceAll('{N}', NUMBER_SOURCE);
const re =
  (where: string, flags = 'i') =>
  (s: string) =>
    compile(expand(s), where, flags);

const summaryFile = z.strictObject({
  lists: z.strictObject({
    diagnoses: z.array(regex).min(1),
    medications: z.array(regex).min(1),
    treatments: z.array(regex).min(1),
    plan: z.array(regex).min(1),
  }),
  diagnosisWords: regex,
  dates: z.strictObject({ request: z.array(regex), order: regex, ur: z.array(regex), ahead: regex, notRecords: regex }),
  pain: z.strictObject({ score: regex, with: regex, without: regex, withFirst: regex, withoutFirst: regex }),
  mechanism: z.array(regex),
  work: z.array(z.strictObject({ status: z.enum(WORK_STATUSES), restrictions: z.boolean().optional(), pattern: regex })),
  workHypothetical: regex,
  workRestrictionsImposed: regex,
  documentation: z.record(z.string(), regex),
  response: z.strictObject({ improved: regex, unchanged: regex, worse: regex, 'not-tolerated': regex }),
  percentRelief: regex,
  courses: z.strictObject({
    clauseBreak: regex,
    listGlue: regex,
    noGain: regex,
    objectiveGain: regex,
    scoreDrop: regex,
    notDone: regex,
    notGiven: regex,
    notStarted: regex,
    ongoing: regex,
    courseWords: regex,
    sessions: regex,
  }),
  symptoms: z.strictObject({ complaint: regex, described: regex, examined: regex, words: regex, lasting: regex, since: regex }),
  redFlags: z.record(z.string(), regex),
  findings: z.strictObject({ acuteExacerbation: regex, muscleSpasm: regex, dyspepsia: regex, triggerPoints: regex }),
});

const lexiconFile = z.strictObject({
  treatments: z.array(z.strictObject({ type: z.enum(TREATMENT_TYPES), pattern: regex })),
  notTreatment: regex,
  medicationClasses: z.array(z.strictObject({ trials: z.array(z.enum(FIRST_LINE_TRIALS)).min(1), pattern: regex })),
  classTrials: z.record(z.string(), z.array(z.enum(FIRST_LINE_TRIALS))),
  conservativeCare: z.array(z.enum(TREATMENT_TYPES)),
  notDrugName: regex,
  examination: z.record(z.string(), z.strictObject({ abnormal: regex, normal: regex })),
  examinationCue: regex,
  normalExamination: regex,
  imaging: z.strictObject({
    modalities: z.array(z.strictObject({ modality: z.enum(IMAGING_MODALITIES), pattern: regex })),
    resultCue: regex,
    findings: z.array(z.strictObject({ finding: z.enum(IMAGING_FINDINGS), pattern: regex })),
  }),
});

const mapValues = <T, U>(o: Record<string, T>, f: (v: T, k: string) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v, k)]));

export function compileSummary(f: z.infer<typeof summaryFile>) {
  const w = (path: string) => re(`summary.yaml ${path}`);
  return {
    dateSource: DATE_SOURCE,
    lists: {
      diagnoses: f.lists.diagnoses.map(w('lists.diagnoses')),
      medications: f.lists.medications.map(w('lists.medications')),
      treatments: f.lists.treatments.map(w('lists.treatments')),
      plan: f.lists.plan.map(w('lists.plan')),
    },
    diagnosisWords: w('diagnosisWords')(f.diagnosisWords),
    dates: {
      request: f.dates.request.map(w('dates.request')),
      order: w('dates.order')(f.dates.order),
      ur: f.dates.ur.map(w('dates.ur')),
      ahead: w('dates.ahead')(f.dates.ahead),
      notRecords: w('dates.notRecords')(f.dates.notRecords),
    },
    pain: mapValues(f.pain, (v, k) => w(`pain.${k}`)(v)) as Record<keyof typeof f.pain, RegExp>,
    mechanism: f.mechanism.map(w('mechanism')),
    work: f.work.map((x, i) => ({ status: x.status, restrictions: x.restrictions, re: w(`work[${i}]`)(x.pattern) })),
    workHypothetical: w('workHypothetical')(f.workHypothetical),
    workRestrictionsImposed: w('workRestrictionsImposed')(f.workRestrictionsImposed),
    documentation: mapValues(f.documentation, (v, k) => w(`documentation.${k}`)(v)),
    response: mapValues(f.response, (v, k) => w(`response.${k}`)(v)) as Record<keyof typeof f.response, RegExp>,
    percentRelief: w('percentRelief')(f.percentRelief),
    // {COURSE} in courses.sessions stands for courses.courseWords
    courses: mapValues(f.courses, (v, k) => w(`courses.${k}`)(v.replaceAll('{COURSE}', `(?:${f.courses.courseWords})`))) as Record<
      keyof typeof f.courses,
      RegExp
    >,
    symptoms: mapValues(f.symptoms, (v, k) => w(`symptoms.${k}`)(v)) as Record<keyof typeof f.symptoms, RegExp>,
    redFlags: mapValues(f.redFlags, (v, k) => w(`redFlags.${k}`)(v)),
    findings: mapValues(f.findings, (v, k) => w(`findings.${k}`)(v)) as Record<keyof typeof f.findings, RegExp>,
  };
}

export function compileLexicon(f: z.infer<typeof lexiconFile>) {
  const w = (path: string, flags = 'i') => re(`lexicon.yaml ${path}`, flags);
  return {
    treatments: f.treatments.map((t, i) => ({ type: t.type, re: w(`treatments[${i}]`)(t.pattern) })),
    notTreatment: w('notTreatment')(f.notTreatment),
    medicationClasses: f.medicationClasses.map((c, i) => ({ trials: c.trials, re: w(`medicationClasses[${i}]`)(c.pattern) })),
    classTrials: f.classTrials,
    conservativeCare: f.conservativeCare as string[],
    notDrugName: w('notDrugName')(f.notDrugName),
    examination: mapValues(f.examination, (v, k) => ({
      abnormal: w(`examination.${k}.abnormal`, 'gi')(v.abnormal),
      normal: w(`examination.${k}.normal`, 'gi')(v.normal),
    })),
    examinationCue: w('examinationCue')(f.examinationCue),
    normalExamination: w('normalExamination')(f.normalExamination),
    imaging: {
      modalities: f.imaging.modalities.map((m, i) => ({ modality: m.modality, re: w(`imaging.modalities[${i}]`)(m.pattern) })),
      resultCue: w('imaging.resultCue')(f.imaging.resultCue),
      findings: f.imaging.findings.map((x, i) => ({ finding: x.finding, re: w(`imaging.findings[${i}]`)(x.pattern) })),
    },
  };
}

export type SummaryPatterns = ReturnType<typeof compileSummary>;
export type Lexicon = ReturnType<typeof compileLexicon>;

let summaryCache: SummaryPatterns | undefined;
let lexiconCache: Lexicon | undefined;

export const summaryPatterns = (): SummaryPatterns => (summaryCache ??= compileSummary(loadPatterns('summary.yaml', summaryFile)));
export const lexicon = (): Lexicon => (lexiconCache ??= compileLexicon(loadPatterns('lexicon.yaml', lexiconFile)));
export { summaryFile, lexiconFile };
