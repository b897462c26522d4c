// A reproducible corpus of realistic cases (fixed seed) covering every rule topic.
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const maybe = (r, p, v) => (r() < p ? v : undefined);
const tri = (r) => pick(r, [true, false, undefined]);

// request templates: [kind, name, strength?, frequency?, extra]
const ITEMS = [
  ['medication', 'Baclofen', '10 mg', 'TID'],
  ['medication', 'Flexeril', '10 mg', 'TID'],
  ['medication', 'Soma', '350 mg', 'BID'],
  ['medication', 'tizanidine', '4 mg', 'TID'],
  ['medication', 'Norco', '10/325 mg', 'q6h'],
  ['medication', 'MS Contin', '30 mg', 'BID'],
  ['medication', 'tramadol', '50 mg', 'TID'],
  ['medication', 'oxycodone', '10 mg', 'q6h'],
  ['medication', 'omeprazole', '20 mg', 'daily'],
  ['medication', 'Prilosec', '20 mg', 'daily'],
  ['medication', 'Cymbalta', '60 mg', 'daily'],
  ['medication', 'trazodone', '50 mg', 'at bedtime'],
  ['medication', 'sertraline', '50 mg', 'daily'],
  ['medication', 'amitriptyline', '25 mg', 'at bedtime'],
  ['medication', 'gabapentin', '300 mg', 'TID'],
  ['medication', 'Lyrica', '75 mg', 'BID'],
  ['medication', 'naproxen', '550 mg', 'BID'],
  ['medication', 'ibuprofen', '800 mg', 'TID'],
  ['medication', 'Xanax', '0.5 mg', 'BID'],
  ['medication', 'Ambien', '10 mg', 'at bedtime'],
  ['medication', 'Terocin patch', '4%', '1 patch daily'],
  ['medication', 'Terocin', undefined, 'BID'],
  ['medication', 'LidoPro cream', undefined, 'TID'],
  ['medication', 'Dendracin', undefined, 'BID'],
  ['medication', 'Lidoderm', '5%', '1 patch daily'],
  ['medication', 'Voltaren gel', '1%', 'QID'],
  ['medication', 'Flurbiprofen 20%/Lidocaine 5% cream', undefined, 'TID'],
  ['dme', 'ThermaCare', undefined, undefined],
  ['therapy', 'acupuncture'],
  ['therapy', 'physical therapy'],
  ['therapy', 'chiropractic'],
  ['dme', 'TENS unit'],
  ['procedure', 'lumbar epidural steroid injection'],
  ['procedure', 'trigger point injection'],
  ['imaging', 'MRI lumbar spine'],
  ['imaging', 'MRI cervical spine'],
  ['imaging', 'EMG'],
  ['program', 'functional restoration program'],
  ['therapy', 'cognitive behavioral therapy'],
  ['other', 'urine drug screen'],
  ['medication', 'Colace', '100 mg', 'BID'],
  ['medication', 'Zyxoprofen', '5 mg', 'daily'],
];

const DIAGNOSES = [
  'chronic pain syndrome',
  'lumbar radiculopathy',
  'lumbar sprain and strain',
  'cervical radiculopathy',
  'myofascial pain',
  'post laminectomy syndrome',
  'knee osteoarthritis',
  'depression',
  'insomnia',
  'diabetic neuropathy',
  'CRPS of the right arm',
  'lateral epicondylitis',
];
const REGIONS = ['lumbar', 'cervical', 'knee', 'shoulder', 'wrist-hand', 'ankle-foot', 'hip', 'elbow'];

export function makeCase(r, n, opts = {}) {
  const year = opts.year ?? 2014 + Math.floor(r() * 3);
  const requestDate = `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  const items = 1 + Math.floor(r() * 4);
  const meds = [];
  for (let i = 0; i < Math.floor(r() * 4); i++) {
    const [kind, name] = pick(
      r,
      ITEMS.filter((x) => x[0] === 'medication'),
    );
    if (kind === 'medication')
      meds.push({
        name,
        current: r() < 0.8,
        ...(r() < 0.5 ? { since: `${year - 1 - Math.floor(r() * 3)}-0${1 + Math.floor(r() * 9)}` } : {}),
      });
  }
  const c = {
    id: `bench-${n}`,
    requestDate,
    patient: { age: 25 + Math.floor(r() * 50), sex: pick(r, ['female', 'male']) },
    injury: {
      date: `${year - 1 - Math.floor(r() * 8)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
      bodyRegions: [pick(r, REGIONS)],
    },
    diagnoses: [pick(r, DIAGNOSES), pick(r, DIAGNOSES)],
    findings: Object.fromEntries(
      Object.entries({
        acuteExacerbation: tri(r),
        muscleSpasm: tri(r),
        dyspepsia: tri(r),
        objectiveNeurologicDeficit: tri(r),
        painWithMedication: maybe(r, 0.4, 4),
        painWithoutMedication: maybe(r, 0.4, 8),
      }).filter(([, v]) => v !== undefined),
    ),
    documentation: Object.fromEntries(
      Object.entries({
        functionalImprovement: tri(r),
        painRelief: tri(r),
        urineDrugScreen: tri(r),
        sideEffectsAssessed: tri(r),
        opioidRiskAssessment: tri(r),
        homeExerciseProgram: tri(r),
        rationale: tri(r),
        failedFirstLine: maybe(r, 0.5, [pick(r, ['nsaid', 'tricyclic', 'anticonvulsant', 'physical-therapy'])]),
      }).filter(([, v]) => v !== undefined),
    ),
    history: {
      medications: meds,
      treatments:
        r() < 0.5
          ? [
              {
                type: pick(r, ['acupuncture', 'physical-therapy', 'chiropractic']),
                ...(r() < 0.6 ? { sessions: 6 } : {}),
                ...(r() < 0.5 ? { functionalImprovement: r() < 0.5 } : {}),
              },
            ]
          : [],
    },
    requests: [],
  };
  for (let i = 0; i < items; i++) {
    const [kind, name, strength, frequency] = pick(r, ITEMS);
    const req = { id: `r${i}`, text: `${name}${strength ? ` ${strength}` : ''}`, kind, name };
    if (strength && r() < 0.85) req.strength = strength;
    if (kind === 'medication' || kind === 'dme') {
      if (r() < 0.8) req.quantity = pick(r, [15, 30, 60, 90, 120]);
    }
    if (frequency && r() < 0.7) req.frequency = frequency;
    if (kind === 'therapy' || kind === 'program') {
      if (r() < 0.8) {
        req.perWeek = pick(r, [1, 2, 3]);
        req.weeks = pick(r, [2, 3, 4, 6]);
      }
    }
    if (r() < 0.5) req.bodyRegion = pick(r, REGIONS);
    if (opts.actual) req.actual = { decision: r() < 0.88 ? 'upheld' : 'overturned' };
    c.requests.push(req);
  }
  return c;
}

export function corpus(items, seed = 20261124, opts = {}) {
  const r = rng(seed);
  const cases = [];
  let count = 0;
  for (let n = 0; count < items; n++) {
    const c = makeCase(r, n, opts);
    if (count + c.requests.length > items) c.requests = c.requests.slice(0, items - count);
    count += c.requests.length;
    cases.push(c);
  }
  return cases;
}
