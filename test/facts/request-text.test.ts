// The shared request-text parser: one reading of a request's words for letters, FHIR and the form.
import { describe, expect, it } from 'vitest';
import {
  daysOfSupply,
  dosesPerDay,
  durationDays,
  numerals,
  parseFrequency,
  parseLevels,
  parseQuantity,
  parseRequestText,
  parseSchedule,
  parseSites,
  parseUnitsPerDose,
  withDosesPerDay,
  parseStrength,
  statedAmounts,
  hourlyRateMcg,
  summarizeSites,
} from '../../src/facts/request-text.js';

describe('numerals', () => {
  it('reads number words, preferring the digits in brackets', () => {
    expect(numerals('Acupuncture two (2) times a week for four (4) weeks')).toBe('Acupuncture 2 times a week for 4 weeks');
    expect(numerals('Twelve physical therapy visits')).toBe('12 physical therapy visits');
    expect(numerals('the (2) items')).toBe('the (2) items');
  });
});

describe('frequency', () => {
  it('gives doses per day as the old derive vocabulary did', () => {
    expect(dosesPerDay('TID')).toBe(3);
    expect(dosesPerDay('1 tab twice daily')).toBe(2);
    expect(dosesPerDay('q6h prn')).toBe(4);
    expect(dosesPerDay('3 times a day')).toBe(3);
    expect(dosesPerDay('every 12 hours')).toBe(2);
    expect(dosesPerDay('at bedtime')).toBe(1);
    expect(dosesPerDay('one by mouth, twice a day')).toBe(2);
    expect(dosesPerDay('as needed')).toBeUndefined();
    expect(dosesPerDay(undefined)).toBeUndefined();
    expect(dosesPerDay('with meals')).toBeUndefined();
  });

  it('keeps the upper bound of a range and says it was a range', () => {
    expect(parseFrequency('1-2 tabs orally every 4-6 hrs as needed')).toEqual({ dosesPerDay: 6, asNeeded: true, ranged: true });
    expect(parseFrequency('q4-6h')).toMatchObject({ dosesPerDay: 6, ranged: true });
    expect(parseFrequency('1-2 times a day')).toMatchObject({ dosesPerDay: 2, ranged: true });
  });

  it('reads a weekly rhythm as doses per week, not per day', () => {
    expect(parseFrequency('twice a week')).toMatchObject({ perWeek: 2, dosesPerDay: 0.286 });
    expect(parseFrequency('once weekly')).toMatchObject({ perWeek: 1 });
    expect(parseFrequency('2-3 times a week')).toMatchObject({ perWeek: 3, ranged: true });
  });

  it('counts days of supply from the unrounded doses a day', () => {
    // every 72 hours is a third of a dose a day, shown as 0.333: #10 lasts 30 days, not 10 / 0.333 = 31
    expect(daysOfSupply(10, 'change every 72 hours')).toBe(30);
    expect(daysOfSupply(1000, 'every 72 hours')).toBe(3000);
    expect(daysOfSupply(4, 'once a week')).toBe(28);
    expect(daysOfSupply(12, '3 times a week')).toBe(28);
    // a part of a day still counts as a day
    expect(daysOfSupply(11, 'every 72 hours')).toBe(33);
    expect(daysOfSupply(90, 'every 7 hours')).toBe(27);
    expect(daysOfSupply(90, 'as needed')).toBeUndefined();
    expect(daysOfSupply(undefined, 'tid')).toBeUndefined();
  });

  it('counts the units taken at each dose in the days a quantity lasts', () => {
    // #60 at 2 tablets every 6 hours is 8 tablets a day: 8 days, not the 15 of one tablet a dose
    expect(daysOfSupply(60, '2 tabs PO q6h')).toBe(8);
    expect(daysOfSupply(60, 'take 2 tablets twice a day')).toBe(15);
    // a range of units keeps its upper bound, as a range of doses a day does
    expect(daysOfSupply(60, '1-2 tabs orally every 4-6 hrs as needed')).toBe(5);
    expect(daysOfSupply(60, '1/2 tablet at bedtime')).toBe(120);
    // no count stated: one unit a dose, as before
    expect(daysOfSupply(60, 'every 6 hours')).toBe(15);
  });

  it('marks as-needed use without inventing a rhythm', () => {
    expect(parseFrequency('1 tablet by mouth as needed')).toEqual({ asNeeded: true, ranged: false });
  });
});

describe('units taken at each dose', () => {
  it('reads the count a prescription states before its unit, route or frequency', () => {
    expect(parseUnitsPerDose('2 tabs PO q6h')).toEqual({ count: 2, unit: 'tabs' });
    expect(parseUnitsPerDose('take 2 tablets twice a day')).toEqual({ count: 2, unit: 'tablets' });
    expect(parseUnitsPerDose('one tablet twice daily')).toEqual({ count: 1, unit: 'tablet' });
    expect(parseUnitsPerDose('two (2) capsules three times daily')).toEqual({ count: 2, unit: 'capsules' });
    expect(parseUnitsPerDose('2 PO q4h')).toEqual({ count: 2 });
    expect(parseUnitsPerDose('half a tablet at bedtime')).toEqual({ count: 0.5, unit: 'tablet' });
    expect(parseUnitsPerDose('1/2 tab bid')).toEqual({ count: 0.5, unit: 'tab' });
    expect(parseUnitsPerDose('Norco 10/325 mg 1 tab q6h')).toEqual({ count: 1, unit: 'tab' });
  });

  it('keeps the upper bound of a range, and the lower bound beside it', () => {
    expect(parseUnitsPerDose('1-2 tablets every 6 hours')).toEqual({ count: 2, low: 1, unit: 'tablets' });
    expect(parseUnitsPerDose('1-2 tabs orally every 4-6 hrs as needed')).toEqual({ count: 2, low: 1, unit: 'tabs' });
    expect(parseUnitsPerDose('one to two tablets daily')).toEqual({ count: 2, low: 1, unit: 'tablets' });
    expect(parseUnitsPerDose('1 or 2 caps three times daily')).toEqual({ count: 2, low: 1, unit: 'caps' });
  });

  it('reads no count where none is a dose: a frequency alone, the quantity dispensed, a strength', () => {
    expect(parseUnitsPerDose('BID')).toBeUndefined();
    expect(parseUnitsPerDose('every 4-6 hours as needed')).toBeUndefined();
    expect(parseUnitsPerDose('every 6 hours, #90 tablets')).toBeUndefined();
    expect(parseUnitsPerDose('every 6 hours, dispense 90 tablets')).toBeUndefined();
    expect(parseUnitsPerDose('5/325 mg tablets')).toBeUndefined();
    expect(parseUnitsPerDose('2 puffs twice a day')).toBeUndefined();
    expect(parseUnitsPerDose(undefined)).toBeUndefined();
  });
});

describe('changing the frequency of a prescription', () => {
  it('rewrites only the words that say how often, in words that read back as the new number', () => {
    expect(withDosesPerDay('1 tablet every 6 hours as needed for pain', 3)).toBe('1 tablet every 8 hours as needed for pain');
    expect(withDosesPerDay('1-2 tabs orally every 4-6 hrs as needed', 4)).toBe('1-2 tabs orally every 6 hours as needed');
    expect(withDosesPerDay('one tablet three times daily', 2)).toBe('1 tablet twice a day');
    expect(withDosesPerDay('1 tab TID', 1)).toBe('1 tab once a day');
    // 24 hours do not divide into 5 doses: a count per day
    expect(withDosesPerDay('1 tablet every 4 hours', 5)).toBe('1 tablet 5 times a day');
  });

  it('changes nothing it cannot read back (no frequency, or two of them)', () => {
    expect(withDosesPerDay('as directed', 2)).toBeUndefined();
    expect(withDosesPerDay('1 tablet twice daily, then 1 tablet every 6 hours', 2)).toBeUndefined();
  });
});

describe('duration', () => {
  it('converts to days, keeping the upper bound of a range', () => {
    expect(durationDays('2-3 weeks')).toBe(21);
    expect(durationDays('30 days')).toBe(30);
    expect(durationDays('3 months')).toBe(90);
    expect(durationDays('one week')).toBe(7);
    expect(durationDays('day supply: 30')).toBe(30);
    expect(durationDays('soon')).toBeUndefined();
  });
});

describe('schedule', () => {
  it('reads per week, weeks and sessions in the usual spellings', () => {
    expect(parseSchedule('2 times a week for 4 weeks')).toMatchObject({ perWeek: 2, weeks: 4, sessions: 8 });
    expect(parseSchedule('Acupuncture two (2) times a week for four (4) weeks')).toMatchObject({ perWeek: 2, weeks: 4, sessions: 8 });
    expect(parseSchedule('2x/week x 6 weeks')).toMatchObject({ perWeek: 2, weeks: 6, sessions: 12 });
    expect(parseSchedule('PT 2x4')).toMatchObject({ perWeek: 2, weeks: 4, sessions: 8 });
    expect(parseSchedule('Physical therapy additional 3 visits per week for 2 weeks')).toMatchObject({ perWeek: 3, weeks: 2, sessions: 6 });
    expect(parseSchedule('Twelve physical therapy sessions, three times weekly, for the right elbow')).toMatchObject({
      perWeek: 3,
      sessions: 12,
    });
    expect(parseSchedule('Six sessions of acupuncture one time a week for six weeks')).toMatchObject({ perWeek: 1, weeks: 6, sessions: 6 });
  });

  it('keeps the upper bound of a range and notes it', () => {
    const s = parseSchedule('1-2x/week x 4 weeks');
    expect(s).toMatchObject({ perWeek: 2, weeks: 4, sessions: 8 });
    expect(s.notes.join(' ')).toMatch(/upper bound 2/);
    expect(parseSchedule('Physical therapy 2-3 times a week for 6 weeks')).toMatchObject({ perWeek: 3, weeks: 6, sessions: 18 });
  });

  it('reads weeks alone ("x2 weeks") without inventing sessions', () => {
    expect(parseSchedule('Cold therapy x2 weeks')).toEqual({ weeks: 2, notes: [] });
    expect(parseSchedule('Cold therapy for one week')).toEqual({ weeks: 1, notes: [] });
  });

  it('reads counts written as "times 12", "#8" and "(6)" after a schedule', () => {
    expect(parseSchedule('Physical therapy, times 12').sessions).toBe(12);
    expect(parseSchedule('Chiropractic therapy sessions for the cervical spine, #8').sessions).toBe(8);
    expect(parseSchedule('Physical therapy to the lumbar spine 2 times a week for 3 weeks (6)')).toMatchObject({ sessions: 6 });
  });

  it('says when the stated sessions disagree with per week × weeks', () => {
    expect(parseSchedule('8 sessions, 2 times a week for 6 weeks').notes.join(' ')).toMatch(/8 sessions stated/);
  });
});

describe('quantity and strength', () => {
  it('reads the quantity', () => {
    expect(parseQuantity('Baclofen 10mg #90')).toBe(90);
    expect(parseQuantity('Pantoprazole 40mg, one by mouth, twice a day #60 with one refill')).toBe(60);
    expect(parseQuantity('Compound Ketoprofen 20%, 240 grams')).toBe(240);
    expect(parseQuantity('Diclofenac sodium 3% 300mg/g #1')).toBe(1);
    expect(parseQuantity('quantity: 30')).toBe(30);
    expect(parseQuantity('TENS unit')).toBeUndefined();
  });

  it('reads strengths as the letters write them', () => {
    expect(parseStrength('Baclofen 10mg #90')).toBe('10 mg');
    expect(parseStrength('Norco 5/325mg')).toBe('5/325 mg');
    expect(parseStrength('Norco 7.5-325mg #112')).toBe('7.5-325 mg');
    expect(parseStrength('Lidocaine 5% patch')).toBe('5%');
    expect(parseStrength('Synapryn (10mg/1ml oral suspension) 500ml')).toBe('10 mg/1 ml');
    expect(parseStrength('Flurbiprofen 10%/Dextromethorphan 5%/Lidocaine 5%, 120grams #1')).toBe('10%/5%/5%');
    expect(parseStrength('Lidopro 4%-27.5%-0.0325% 121gm')).toBe('4%-27.5%-0.0325%');
    expect(parseStrength('lidocaine hcl 1percent')).toBe('1%');
    expect(parseStrength('TENS unit')).toBeUndefined();
  });

  // a transdermal system is written by the rate it delivers, as RxNorm and EHRs send it; the "72 HR"
  // before the name is how long one patch is worn, not a strength
  it('keeps a patch strength per hour as a rate, in mg or mcg', () => {
    expect(parseStrength('Fentanyl 25 MCG/HR Transdermal System')).toBe('25 mcg/h');
    expect(parseStrength('72 HR Fentanyl 0.025 MG/HR Transdermal System')).toBe('0.025 mg/h');
    expect(parseStrength('fentanyl patch 50 mcg/hr, change every 72 hours, #10')).toBe('50 mcg/h');
    expect(parseStrength('Buprenorphine 10 MCG/HR Weekly Transdermal System')).toBe('10 mcg/h');
    expect(parseStrength('Butrans 5mcg/hr patch')).toBe('5 mcg/h');
    expect(parseStrength('Duragesic 12 mcg per hour')).toBe('12 mcg/h');
    expect(parseStrength('fentanyl 37.5 µg/h')).toBe('37.5 mcg/h');
  });

  it('lists every amount a name states, and says which are joined to another number', () => {
    expect(statedAmounts('Oxycodone Hydrochloride 10 MG Oral Tablet')).toEqual([{ amount: 10, unit: 'mg', joined: false }]);
    expect(statedAmounts('24 HR Oxycodone Hydrochloride 20 MG Extended Release Oral Tablet #60')).toEqual([
      { amount: 20, unit: 'mg', joined: false },
    ]);
    expect(statedAmounts('72 HR Fentanyl 0.025 MG/HR Transdermal System')).toEqual([
      { amount: 0.025, unit: 'mg', per: 'hr', joined: false },
    ]);
    expect(statedAmounts('Oxycodone Hydrochloride 1 MG/ML Oral Solution')).toEqual([{ amount: 1, unit: 'mg', per: 'ml', joined: false }]);
    expect(statedAmounts('Voltaren 1% gel 100 g').map((a) => `${a.amount}${a.unit}`)).toEqual(['1%', '100g']);
    for (const joined of ['tramadol 50/100 mg', 'oxycodone 5-10mg', 'oxycodone 5 or 10 mg', 'oxycodone 5 to 10 mg']) {
      expect(statedAmounts(joined), joined).toMatchObject([{ joined: true }]);
    }
    expect(statedAmounts('Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG').map((a) => a.joined)).toEqual([false, false]);
    expect(statedAmounts('Tylenol No. 3 #30')).toEqual([]);
  });

  it('reads the hourly rate of a strength in mcg, whatever unit it is written in', () => {
    expect(hourlyRateMcg('25 mcg/h')).toBe(25);
    expect(hourlyRateMcg('0.025 MG/HR')).toBe(25);
    expect(hourlyRateMcg('0.0125 mg/h')).toBe(12.5);
    expect(hourlyRateMcg('5mcg/hr')).toBe(5);
    // an amount that is not per hour is no rate
    expect(hourlyRateMcg('25 mcg')).toBeUndefined();
    expect(hourlyRateMcg('4.2 mg')).toBeUndefined();
    expect(hourlyRateMcg(undefined)).toBeUndefined();
  });
});

describe('body regions and sides', () => {
  it('finds several regions, each with its own side', () => {
    expect(parseSites('MRI of the neck and right hand').map(({ region, side }) => ({ region, side }))).toEqual([
      { region: 'cervical', side: undefined },
      { region: 'wrist-hand', side: 'right' },
    ]);
  });

  it('carries a side over a list, but not onto the spine', () => {
    const sites = parseSites('Chiropractic evaluation, lumbar spine, left hip and knee');
    expect(sites.map((s) => [s.region, s.side])).toEqual([
      ['lumbar', undefined],
      ['hip', 'left'],
      ['knee', 'left'],
    ]);
    expect(parseSites('left shoulder and cervical spine').map((s) => [s.region, s.side])).toEqual([
      ['shoulder', 'left'],
      ['cervical', undefined],
    ]);
    expect(parseSites('Right L5 transforaminal epidural steroid injection').map((s) => [s.region, s.side])).toEqual([['lumbar', 'right']]);
  });

  it('reads bilateral in its spellings', () => {
    expect(summarizeSites(parseSites('Physical therapy 2 times a week for 6 weeks bilateral shoulder, elbow and wrist'))).toEqual({
      bodyRegion: 'multiple',
      side: 'bilateral',
    });
    expect(summarizeSites(parseSites('left and right knees'))).toEqual({ bodyRegion: 'knee', side: 'bilateral' });
    expect(summarizeSites(parseSites('right knee and left knee'))).toEqual({ bodyRegion: 'knee', side: 'bilateral' });
  });

  it('does not read the cervical spine as the lumbar spine, nor a limb as a region', () => {
    expect(summarizeSites(parseSites('MRI of the cervical spine'))).toEqual({ bodyRegion: 'cervical' });
    expect(summarizeSites(parseSites('EMG of the left upper extremity'))).toEqual({});
    expect(summarizeSites(parseSites('MRI of the lower back'))).toEqual({ bodyRegion: 'lumbar' });
  });

  it('counts spinal levels', () => {
    expect(parseLevels('L4-5 and L5-S1 facet injections')).toBe(2);
    expect(parseLevels('Right L4 transforaminal')).toBe(1);
    expect(parseLevels('L3-L5 fusion')).toBe(2);
    expect(parseLevels('two level fusion')).toBe(2);
    expect(parseLevels('lumbar ESI')).toBeUndefined();
  });
});

describe('parseRequestText', () => {
  it('reads a prescription', () => {
    expect(parseRequestText('Norco 5/325mg oral tablet, one tablet twice daily 14 days #40')).toMatchObject({
      strength: '5/325 mg',
      quantity: 40,
      frequency: '1 tablet twice daily',
      dosesPerDay: 2,
      duration: '14 days',
      durationDays: 14,
    });
    const prn = parseRequestText('Post-op Norco 5/325mg #60, 1-2 tabs orally every 4-6 hrs as needed');
    expect(prn).toMatchObject({ frequency: '1-2 tabs orally every 4-6 hrs as needed', dosesPerDay: 6, asNeeded: true });
    expect(prn.notes.join(' ')).toMatch(/upper bound 6 per day/);
    expect(prn.notes.join(' ')).toMatch(/a range of units a dose: the upper bound 2 kept/);
  });

  it('reads a patch order: its rate per hour, and how often it is changed', () => {
    expect(parseRequestText('fentanyl patch 50 mcg/hr, change every 72 hours, #10')).toMatchObject({
      strength: '50 mcg/h',
      quantity: 10,
      dosesPerDay: 0.333,
    });
  });

  it('reads a course of therapy with its sites', () => {
    expect(
      parseRequestText(
        'Twelve sessions of physical therapy for the right shoulder, right wrist and right hand, three times a week for four weeks',
      ),
    ).toMatchObject({ sessions: 12, perWeek: 3, weeks: 4, bodyRegion: 'multiple', side: 'right', duration: '4 weeks' });
  });

  it('keeps ranged durations and says so', () => {
    const p = parseRequestText('Acute inpatient rehabilitation 7-10 days');
    expect(p).toMatchObject({ duration: '7-10 days', durationDays: 10 });
    expect(p.notes.join(' ')).toMatch(/upper bound 10 days/);
  });
});
