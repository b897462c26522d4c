// The clinical-text layer: sentences, ConText, and summary facts read with it (issue 11's bugs).
import { describe, expect, it } from 'vitest';
import { contextOf, sentences, triggerHits } from '../../src/import/clinical.js';
import { PATTERNS_DIR, PatternError, contextFile, loadPatterns } from '../../src/import/patterns.js';
import { lexicon, summaryPatterns } from '../../src/import/summary-patterns.js';
import { listItems, summaryFacts } from '../../src/import/summary.js';
import { rulePack } from '../helpers.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const facts = (text: string) => summaryFacts(text, rulePack().index, { conditionLexicon: rulePack().definitions.conditionLexicon.value });
const ctx = (sentence: string, target: string) => {
  const at = sentence.indexOf(target);
  return [...contextOf(sentence, at, at + target.length)].sort();
};

describe('sentences', () => {
  it('splits prose but not abbreviations, decimals or dates', () => {
    expect(sentences('Seen by Dr. Smith on 10-19-16. Norco 7.5 mg was given. E.g. rest.').map((s) => s.text)).toEqual([
      'Seen by Dr. Smith on 10-19-16.',
      'Norco 7.5 mg was given.',
      'E.g. rest.',
    ]);
  });
});

describe('ConText', () => {
  it('negates forward and backward, within scope', () => {
    expect(ctx('There was no tenderness or spasm.', 'spasm')).toEqual(['negated']);
    expect(ctx('A straight leg raise was negative.', 'straight leg raise')).toEqual(['negated']);
    expect(ctx('Sensation to light touch was intact in all dermatomes.', 'dermatomes')).toEqual(['negated']);
  });

  it('ends the scope at "but" and at an affirmed finding', () => {
    expect(ctx('No tenderness, but decreased sensation in the L5 dermatome.', 'decreased sensation')).toEqual([]);
    expect(ctx('No spasm; positive straight leg raise on the left.', 'straight leg raise')).toEqual([]);
  });

  it('marks suspected, past, planned and other-person findings', () => {
    expect(ctx('MRI to rule out rotator cuff tear.', 'rotator cuff tear')).toEqual(['possible']);
    expect(ctx('He has a history of lumbar fusion.', 'lumbar fusion')).toEqual(['historical']);
    expect(ctx('The treatment plan included an MRI of the knee.', 'MRI')).toEqual(['hypothetical']);
    expect(ctx('His mother has diabetes.', 'diabetes')).toEqual(['other-person']);
  });

  it('ignores pseudo-triggers', () => {
    expect(triggerHits('There was no change in his pain.').some((h) => h.trigger.category === 'negated')).toBe(false);
  });
});

describe('summary facts with context (the known bugs)', () => {
  it('does not read affirmed neurologic findings as negated', () => {
    for (const s of [
      'Examination of the lumbar spine revealed decreased sensation in the L5 dermatome.',
      'Examination revealed a positive straight leg raise on the right.',
      "Examination of the neck revealed a positive Spurling's test.",
      'Examination of the lumbar spine revealed diminished reflexes at the right ankle.',
      'Examination revealed decreased strength in the right leg.',
      'Motor strength was 4/5 in the left ankle dorsiflexors on examination.',
    ])
      expect(facts(s).findings?.objectiveNeurologicDeficit ?? facts(s).findings?.radiculopathyOnExam, s).toBe(true);
  });

  it('reads "sensation is decreased" and documented normal findings', () => {
    expect(facts('On examination of the lumbar spine, sensation is decreased over the left L5 dermatome.').findings).toMatchObject({
      objectiveNeurologicDeficit: true,
      radiculopathyOnExam: true,
    });
    expect(
      facts('Examination of the lumbar spine: sensation was intact in all dermatomes. Straight leg raise was negative. Strength was 5/5.')
        .findings,
    ).toMatchObject({ objectiveNeurologicDeficit: false, radiculopathyOnExam: false });
  });

  it('takes a red flag only where it is affirmed', () => {
    expect(facts('X-rays of the lumbar spine were negative for fracture.').redFlags).toBeUndefined();
    expect(facts('An MRI was requested to rule out fracture.').redFlags).toBeUndefined();
    expect(facts('X-rays of the right wrist revealed a distal radius fracture.').redFlags).toEqual([
      { flag: 'fracture', region: 'wrist-hand', note: 'fracture' },
    ]);
  });

  it('does not count requested sessions as completed', () => {
    const f = facts('The treatment plan included 12 sessions of physical therapy. The request was for 12 physical therapy visits.');
    expect(f.history?.treatments ?? []).toEqual([]);
    expect(facts('Treatment to date has included 6 sessions of physical therapy.').history?.treatments).toEqual([
      { type: 'physical-therapy', sessions: 6, response: 'unchanged' },
    ]);
  });

  it('reads work status: "has not returned to work" is off work, "can return" is not working', () => {
    expect(facts('The injured worker has not returned to work.').work?.status).toBe('off-work');
    expect(facts('The injured worker has not returned to work.').documentation?.returnedToWork).toBe(false);
    expect(facts('The injured worker is working modified duty.').work?.status).toBe('modified-duty');
    expect(facts('The injured worker can return to work with restrictions.').work?.status).toBeUndefined();
  });

  it('splits diagnoses into items, keeping multi-part names whole', () => {
    const f = facts(
      'The injured worker is undergoing treatment for cervicalgia, strain of muscle, fascia and tendon at neck level and rule out rotator cuff tear.',
    );
    expect(f.diagnoses).toEqual(['cervicalgia', 'strain of muscle, fascia, tendon at neck level']);
    expect(f.suspectedDiagnoses).toEqual(['rotator cuff tear']);
    expect(listItems('Norco and Flexeril')).toEqual(['Norco', 'Flexeril']);
  });
});

describe('pattern files', () => {
  it('all load and compile', () => {
    expect(summaryPatterns().lists.diagnoses.length).toBeGreaterThan(0);
    expect(Object.keys(lexicon().examination)).toContain('sensoryDeficit');
  });

  it('name the file and the entry when an entry is wrong', () => {
    const dir = `${mkdtempSync(join(tmpdir(), 'imr-patterns-'))}/`;
    writeFileSync(join(dir, 'context.yaml'), 'triggers:\n  - { phrase: "no", direction: forward }\n');
    expect(() => loadPatterns('context.yaml', contextFile, dir)).toThrow(PatternError);
    expect(() => loadPatterns('context.yaml', contextFile, dir)).toThrow(/context\.yaml: triggers\.0: .*needs a category/);
    expect(PATTERNS_DIR).toMatch(/src\/import\/patterns\/$/);
  });
});

describe('headings', () => {
  it('keeps the original request of a partly certified item and records the certified part', async () => {
    const { partialRequest } = await import('../../src/import/letter.js');
    const heading =
      'Physical therapy for 12 sessions was the original request. Physical therapy for 6 sessions was authorized by the Claims Administrator. The remaining IMR eligible portion of the original request, Physical therapy for 6 sessions';
    expect(partialRequest(heading)).toEqual({
      heading,
      original: 'Physical therapy for 12 sessions',
      certified: 'Physical therapy for 6 sessions',
    });
  });

  it('reads ranges, "x2 weeks", bilateral and several regions', async () => {
    const { parseHeading } = await import('../../src/import/heading.js');
    const index = rulePack().index;
    expect(parseHeading('Physical therapy 1-2 times a week for 4 weeks', index)).toMatchObject({ perWeek: 2, weeks: 4, sessions: 8 });
    expect(parseHeading('Cold therapy unit x2 weeks', index)).toMatchObject({ weeks: undefined, duration: '2 weeks' });
    expect(parseHeading('MRI of the neck and right hand', index)).toMatchObject({ bodyRegion: 'multiple' });
    expect(parseHeading('EMG/NCS of the bilateral upper extremities', index)).toMatchObject({ side: 'bilateral' });
    expect(parseHeading('MRI of the right shoulder without contrast', index)).toMatchObject({ name: 'MRI of the shoulder', side: 'right' });
  });
});

describe('surgeries', () => {
  it('reads a surgery performed, with its region, side and date, but not one only requested', () => {
    expect(facts('The injured worker underwent ORIF of the left mid foot on 10-20-2016.').surgeries).toEqual([
      {
        id: 'orif-of-the-left-mid-foot',
        procedure: 'ORIF of the left mid foot',
        region: 'ankle-foot',
        side: 'left',
        status: 'performed',
        date: '2016-10-20',
      },
    ]);
    expect(facts('The treatment plan included a right knee arthroscopy.').surgeries).toBeUndefined();
  });
});
