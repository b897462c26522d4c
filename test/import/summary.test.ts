// Case-summary facts read from sentences written the way summaries write them (invented text, so
// the patterns are general rather than fitted to one letter), and surgery links on two letters.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { letterText } from '../../src/import/read.js';
import { parseLetter } from '../../src/import/letter.js';
import { summaryFacts } from '../../src/import/summary.js';
import { cleanLetterText } from '../../src/import/text.js';
import { letterToCase } from '../../src/import/to-case.js';
import { ROOT, rulePack } from '../helpers.js';

const facts = (text: string) => summaryFacts(text, rulePack().index);
const LETTERS = join(ROOT, '..', 'shared', 'letters');

describe('examination', () => {
  it('reads "intact" sensation and strength stated without the word "examination"', () => {
    const f = facts(
      'The patient was seen on 03/02/2016 for low back pain. Sensation to light touch was intact in all dermatomes of the bilateral lower extremities. Muscle strength was intact in the bilateral lower extremities.',
    );
    expect(f.examination).toEqual([expect.objectContaining({ region: 'lumbar', sensoryDeficit: false, motorDeficit: false })]);
  });

  it('reads "no focal motor deficit" as normal strength and keeps a stated weakness', () => {
    expect(facts('Examination of the cervical spine showed tenderness. There was no focal motor deficit.').examination?.[0]).toMatchObject({
      region: 'cervical',
      motorDeficit: false,
    });
    expect(facts('Examination of the cervical spine showed a focal motor deficit of the left deltoid.').examination?.[0]).toMatchObject({
      region: 'cervical',
      motorDeficit: true,
    });
  });
});

describe('imaging', () => {
  it('reads each study of a sentence with its own findings', () => {
    const f = facts(
      'X-rays of the right shoulder revealed degenerative changes in the acromioclavicular joint and x-rays of the right hip were unremarkable.',
    );
    expect(f.imaging).toEqual([
      expect.objectContaining({ modality: 'x-ray', region: 'shoulder', side: 'right', findings: ['degenerative'] }),
      expect.objectContaining({ modality: 'x-ray', region: 'hip', side: 'right', findings: ['normal'] }),
    ]);
  });

  it('reads every region one study names', () => {
    const f = facts('Diagnostic studies included an x-ray of the left ankle, right elbow and right wrist, performed on 10/25/2016.');
    expect(f.imaging?.map((i) => `${i.region}/${i.side}`)).toEqual(['ankle-foot/left', 'elbow/right', 'wrist-hand/right']);
  });
});

describe('surgeries planned or authorized', () => {
  it('reads a surgery the plan schedules, and not one that is only considered', () => {
    const f = facts('The treatment plan included scheduling a left carpal tunnel release and a follow-up visit.');
    expect(f.surgeries).toEqual([
      expect.objectContaining({ procedure: 'left carpal tunnel release', status: 'planned', region: 'wrist-hand' }),
    ]);
    expect(facts('The patient is not scheduled for surgery at this time.').surgeries).toBeUndefined();
  });

  it('a scheduled surgery makes the patient a documented surgical candidate', () => {
    expect(facts('The treatment plan included scheduling a left carpal tunnel release.').documentation).toMatchObject({
      surgicalCandidate: true,
      surgeryConsidered: true,
    });
    expect(facts('The patient was seen for wrist pain.').documentation?.surgicalCandidate).toBeUndefined();
  });

  it('links pre- and post-operative items to the planned surgery', async () => {
    const letter = parseLetter(cleanLetterText(await letterText(join(LETTERS, 'CM17-0010420.pdf'))));
    const c = letterToCase(letter, 'CM17-0010420.pdf', rulePack().index).case;
    const planned = c.surgeries?.find((s) => s.status === 'planned');
    expect(planned).toBeDefined();
    expect(c.requests.every((r) => r.surgery === planned?.id)).toBe(true);
    expect(c.requests.map((r) => r.surgeryRole)).toContain('post-operative');
  });

  it('links therapy within the postsurgical period to the surgery before it', async () => {
    const letter = parseLetter(cleanLetterText(await letterText(join(LETTERS, 'CM16-0248233.pdf'))));
    const c = letterToCase(letter, 'CM16-0248233.pdf', rulePack().index).case;
    expect(c.requests[0]).toMatchObject({ surgeryRole: 'post-operative', surgery: c.surgeries?.[0].id });
  });
});
