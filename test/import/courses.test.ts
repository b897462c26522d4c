// Courses of care and symptom durations read from sentences written the way case summaries write
// them (invented text, so the readings are general rather than fitted to one letter). Each reading
// has a near-miss beside it that must not give the fact.
import { describe, expect, it } from 'vitest';
import { readCourses } from '../../src/import/courses.js';
import { weeksBetween } from '../../src/import/durations.js';
import { summaryFacts } from '../../src/import/summary.js';
import { summaryPatterns } from '../../src/import/summary-patterns.js';
import { rulePack } from '../helpers.js';

const facts = (text: string) => summaryFacts(text, rulePack().index);
const course = (text: string, type: string) => facts(text).history?.treatments?.find((t) => t.type === type);
const drug = (text: string, name: string) => facts(text).history?.medications?.find((m) => m.name === name);

const INJURY = 'The injured worker sustained an industrial injury on 10-14-2016 to the lower back.';

describe('courses of care: how each went, from the clause that names it', () => {
  it('reads "had 12 sessions of physical therapy without benefit", not sessions only requested', () => {
    expect(course(`${INJURY} She had 12 sessions of physical therapy without benefit.`, 'physical-therapy')).toMatchObject({
      sessions: 12,
      response: 'unchanged',
      functionalImprovement: false,
    });
    expect(course(`${INJURY} Twelve sessions of physical therapy were ordered on 11-02-2016.`, 'physical-therapy')).toBeUndefined();
  });

  it('reads "acupuncture helped 50%" as improved with 50% relief, and no relief from a percentage said of no course', () => {
    expect(course(`${INJURY} Treatment has included acupuncture. Acupuncture helped 50%.`, 'acupuncture')).toMatchObject({
      response: 'improved',
      percentRelief: 50,
    });
    const apart = course(`${INJURY} Treatment has included acupuncture. Records also indicate 50% improvement in pain.`, 'acupuncture');
    expect(apart).toBeDefined();
    expect(apart?.percentRelief).toBeUndefined();
  });

  it('reads "failed conservative care including PT and NSAIDs" as failed trials, and not a plan to try them', () => {
    const f = facts(`${INJURY} On 11-20-2016 he had failed conservative care including PT and NSAIDs.`);
    expect(f.history?.treatments?.find((t) => t.type === 'physical-therapy')?.response).toBe('unchanged');
    expect(f.documentation?.failedFirstLine).toEqual(expect.arrayContaining(['physical-therapy', 'nsaid']));
    const planned = facts(`${INJURY} The plan is to try conservative care including PT and NSAIDs.`);
    expect(planned.history?.treatments?.find((t) => t.type === 'physical-therapy')).toBeUndefined();
  });

  it('keeps two courses of one sentence apart when a contrast separates them', () => {
    const text = `${INJURY} Treatment to date has included physical therapy and chiropractic care. Physical therapy has helped, but chiropractic care did not help.`;
    expect(course(text, 'physical-therapy')?.response).toBe('improved');
    expect(course(text, 'chiropractic')?.response).toBe('unchanged');
  });

  it('gives a list the words after it, and the words before it', () => {
    const after = `${INJURY} Physical therapy and acupuncture did not help.`;
    expect([course(after, 'physical-therapy')?.response, course(after, 'acupuncture')?.response]).toEqual(['unchanged', 'unchanged']);
    const before = `${INJURY} The patient reported no relief from physical therapy and acupuncture.`;
    expect([course(before, 'physical-therapy')?.response, course(before, 'acupuncture')?.response]).toEqual(['unchanged', 'unchanged']);
    const sm = summaryPatterns();
    const text = 'Physical therapy helped; acupuncture was started last week.';
    const readings = readCourses(
      text,
      [
        { key: 'pt', start: 0, end: 16 },
        { key: 'acu', start: 24, end: 35 },
      ],
      sm,
    );
    expect(readings.get('pt')?.response).toBe('improved');
    expect(readings.has('acu')).toBe(false);
  });

  it('reads "has not proven particularly beneficial" as no gain, and "proven beneficial" as a gain', () => {
    expect(course(`${INJURY} Six sessions of physical therapy had not proven particularly beneficial.`, 'physical-therapy')).toMatchObject({
      sessions: 6,
      response: 'unchanged',
      functionalImprovement: false,
    });
    expect(course(`${INJURY} Six sessions of physical therapy had proven beneficial.`, 'physical-therapy')?.response).toBe('improved');
  });

  it('reads a worsening, but not an aggravating factor, as worse', () => {
    const base = `${INJURY} Treatment to date has included physical therapy.`;
    expect(course(`${base} On 11-20-2016 her low back pain had worsened.`, 'physical-therapy')?.response).toBe('worse');
    expect(course(`${base} On 11-20-2016 her low back pain was worse with bending.`, 'physical-therapy')?.response).toBe('unchanged');
  });

  it('takes the latest note reporting improvement as the outcome courses share, not an earlier one', () => {
    const base = `${INJURY} Treatment to date has included physical therapy.`;
    expect(
      course(
        `${base} On 11-02-2016 she had persistent pain. On 12-01-2016 she reports continued improvement in her back.`,
        'physical-therapy',
      )?.response,
    ).toBe('improved');
    expect(
      course(`${base} On 11-02-2016 she reports improvement in her back. On 12-01-2016 her pain persists.`, 'physical-therapy')?.response,
    ).toBe('unchanged');
  });

  it('keeps "medications" a course only when no drug is named, and then judges the drugs', () => {
    const unnamed = `${INJURY} Treatment to date has included physical therapy and medications.`;
    expect(course(unnamed, 'medication')).toMatchObject({ name: 'medications', response: 'unchanged' });
    const named = `${unnamed} Current medications include naproxen.`;
    expect(course(named, 'medication')).toBeUndefined();
    expect(drug(`${INJURY} Treatment to date has included physical therapy and naproxen.`, 'naproxen')?.response).toBe('unchanged');
  });

  it('reads a drug that caused side effects as not tolerated, and a drug merely listed as not', () => {
    expect(drug(`${INJURY} Medications included Tylenol. Tylenol caused nausea.`, 'Tylenol')?.response).toBe('not-tolerated');
    expect(drug(`${INJURY} Medications included Tylenol. She reported nausea.`, 'Tylenol')?.response).toBeUndefined();
  });

  it('reads "chiropractic physiotherapy" as chiropractic care', () => {
    const f = facts(`${INJURY} Treatment has included chiropractic physiotherapy.`);
    expect(f.history?.treatments?.map((t) => t.type)).toEqual(['chiropractic']);
    expect(facts(`${INJURY} Treatment has included physiotherapy.`).history?.treatments?.map((t) => t.type)).toEqual(['physical-therapy']);
  });

  it('counts sessions written after the course, and not a date before it', () => {
    expect(
      course(`${INJURY} Treatment has included a course of physical therapy (8 sessions November 2016).`, 'physical-therapy')?.sessions,
    ).toBe(8);
    expect(course(`${INJURY} Treatment to date has included physical therapy x at least 6 sessions.`, 'physical-therapy')?.sessions).toBe(
      6,
    );
    expect(course(`${INJURY} On 11-20-2016 physical therapy notes were reviewed.`, 'physical-therapy')).toBeUndefined();
  });

  it('reads the relief two pain scores of a course show, and not two scores of no course', () => {
    expect(
      course(`${INJURY} He reported chiropractic therapy had decreased his pain from 8 out of 10 to 5 out of 10.`, 'chiropractic'),
    ).toMatchObject({ response: 'improved', percentRelief: 37.5 });
    const apart = course(
      `${INJURY} Treatment has included chiropractic therapy. His pain decreased from 8 out of 10 to 5 out of 10.`,
      'chiropractic',
    );
    expect(apart?.percentRelief).toBeUndefined();
  });

  it('reads pain with and without medication as the relief of the medication course', () => {
    const text = `${INJURY} The prior treatment included medications. The patient reported that the pain medications helped the patient's functional mobility. The patient rated the pain with medication 5/10 and without medication 8/10.`;
    expect(course(text, 'medication')).toMatchObject({ response: 'improved', functionalImprovement: true, percentRelief: 37.5 });
    const same = `${INJURY} The prior treatment included medications. The patient rated the pain with medication 8/10 and without medication 8/10.`;
    expect(course(same, 'medication')?.percentRelief).toBeUndefined();
  });

  it('reads a course not begun as planned, with no outcome, and one begun as given', () => {
    const planned = course(`${INJURY} On 11-20-2016 she had not started physical therapy yet. Her pain persists.`, 'physical-therapy');
    expect(planned).toMatchObject({ status: 'planned' });
    expect(planned?.response).toBeUndefined();
    const started = course(`${INJURY} On 11-20-2016 she had started physical therapy. Her pain persists.`, 'physical-therapy');
    expect(started?.status).toBeUndefined();
  });

  it('reads a device in use as an ongoing course, and one merely owned as not', () => {
    expect(course(`${INJURY} He uses a TENS unit daily.`, 'tens')?.status).toBe('ongoing');
    expect(course(`${INJURY} He owns a TENS unit.`, 'tens')).toBeUndefined();
  });

  it('reads the list of "treatment to include", and not "treatment to be included"', () => {
    expect(
      course(`${INJURY} This patient has had treatment to include activity modifications and physical therapy.`, 'physical-therapy'),
    ).toBeDefined();
    expect(course(`${INJURY} The treatment to be included in the plan is physical therapy.`, 'physical-therapy')).toBeUndefined();
  });

  it('gives a course the side of the injured region', () => {
    const f = facts(
      'The injured worker sustained an industrial injury on 10-14-2016. Diagnoses include trigger finger of the right thumb. Treatment has included physical therapy.',
    );
    expect(f.history?.treatments?.[0]).toMatchObject({ type: 'physical-therapy', bodyRegion: 'wrist-hand', side: 'right' });
    const both = facts(
      'The injured worker sustained an industrial injury on 10-14-2016. Diagnoses include right knee sprain and left shoulder strain. Treatment has included physical therapy.',
    );
    expect(both.history?.treatments?.[0]).toMatchObject({ bodyRegion: 'multiple' });
    expect(both.history?.treatments?.[0].side).toBeUndefined();
  });

  it('reads no course from a list item that says it was not given', () => {
    const f = facts(`${INJURY} Treatment to date has included no prior chiropractic therapy and medication management.`);
    expect(f.history?.treatments?.map((t) => t.type)).toEqual(['medication']);
    expect(course(`${INJURY} Treatment to date has included prior chiropractic therapy.`, 'chiropractic')).toBeDefined();
  });

  it('does not read junk as drug names', () => {
    const f = facts(
      'The patient was prescribed Cyclobenzaprine and Naproxen. On November 3, 2016, the applicant was given diagnoses of neck and shoulder strain.',
    );
    expect(f.history?.medications?.map((m) => m.name)).toEqual(['Cyclobenzaprine', 'Naproxen']);
    // several lower-case words the catalog does not know: no drug; one capitalized word: a drug
    const finding = facts('Current medications include Lisinopril and mitral valve regurgitation.');
    expect(finding.history?.medications?.map((m) => m.name)).toEqual(['Lisinopril']);
  });
});

describe('symptom durations', () => {
  it('reads "low back pain for about 3 months" at the note that says it, not a course lasting weeks', () => {
    const f = facts(`${INJURY} On 12-01-2016 she complained of low back pain for about 3 months.`);
    expect(f.symptoms).toEqual([{ region: 'lumbar', weeks: 13, asOf: '2016-12-01' }]);
    const course = facts(`${INJURY} On 12-01-2016 she complained of low back pain. She attended physical therapy for 3 months.`);
    expect(course.symptoms).toEqual([{ region: 'lumbar', weeks: 7, asOf: '2016-12-01' }]);
  });

  it('reads "pain since 2015" and "since the injury" as an onset, and not "out of work since 2015"', () => {
    expect(facts(`${INJURY} On 12-01-2016 she reported neck pain since 2015.`).symptoms).toContainEqual({
      region: 'cervical',
      onset: '2015',
    });
    expect(facts(`${INJURY} On 12-01-2016 she reported low back pain since the injury.`).symptoms).toEqual([
      { region: 'lumbar', onset: '2016-10-14' },
    ]);
    expect(facts(`${INJURY} On 12-01-2016 she reported low back pain. She has been out of work since 2015.`).symptoms).toEqual([
      { region: 'lumbar', weeks: 7, asOf: '2016-12-01' },
    ]);
  });

  it('counts weeks as notes do: half weeks in the first month, whole weeks after it', () => {
    expect(weeksBetween('2016-10-14', '2016-10-31')).toBe(2.5);
    expect(weeksBetween('2016-10-25', '2016-11-14')).toBe(3);
    expect(weeksBetween('2016-10-15', '2016-11-21')).toBe(5);
    expect(weeksBetween('2016-10-15', '2016-11-30')).toBe(6);
    expect(weeksBetween('2016-10-13', '2016-10-19')).toBe(1);
    expect(weeksBetween('2016-11-02', '2016-10-02')).toBeUndefined();
  });

  it('counts to the latest note describing the patient, not to a later administrative record', () => {
    const f = facts(
      'The injured worker sustained an industrial injury on 10-13-2016. According to a progress report dated 11-10-2016, the injured worker reported severe low back pain. An authorization request dated 11-15-2016 was included in the medical records.',
    );
    expect(f.symptoms).toEqual([{ region: 'lumbar', weeks: 4, asOf: '2016-11-10' }]);
  });

  it('takes no date a note looks ahead to as a record', () => {
    const f = facts(
      'The injured worker sustained an industrial injury on 10-13-2016. Per the report dated 11-10-2016 she has low back pain and is off work until 1-28-17.',
    );
    expect(f.latestRecordDate).toBe('2016-11-10');
    expect(
      facts(
        'The injured worker sustained an industrial injury on 10-13-2016. On 11-10-2016 she had low back pain. On 1-28-17 she had low back pain.',
      ).latestRecordDate,
    ).toBe('2017-01-28');
  });

  it('takes no prior determination as a record', () => {
    const f = facts(
      'The injured worker sustained an industrial injury on 10-13-2016. During the assessment on 11/14/2016, the patient complained of low back pain. A prior determination dated 11/29/2016 was found not medically necessary.',
    );
    expect(f.latestRecordDate).toBe('2016-11-14');
  });
});
