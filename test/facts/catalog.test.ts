import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { normalizeName, resolveName } from '../../src/facts/catalog.js';
import { productClasses } from '../../src/facts/derive.js';
import { loadRulePack } from '../../src/load/rules.js';
import { evaluateCase } from '../../src/evaluate/evaluate.js';
import type { Case } from '../../src/schema/case.js';
import { evaluator, RULES_DIR, rulePack } from '../helpers.js';

const index = () => rulePack().index;

function resolved(name: string, ingredients?: string[]) {
  const r = resolveName(index(), name, ingredients);
  if (r.status !== 'resolved') throw new Error(`expected ${name} to resolve: ${r.note}`);
  return r;
}

describe('drug catalog resolution', () => {
  it('resolves brand names to the generic product and says so', () => {
    const r = resolved('Flexeril');
    expect(r.product.id).toBe('cyclobenzaprine');
    expect(r.via).toBe('brand or other name');
    expect(r.note).toContain('Flexeril');
  });

  it('resolves misspellings and mojibake from PDF text', () => {
    expect(resolved('FlexerilÂ®').product.id).toBe('cyclobenzaprine');
    const ms = resolved('MSER');
    expect(ms.product.id).toBe('morphine-er');
    expect(resolved('MS-Contin 60 mg').product.id).toBe('morphine-er');
  });

  it('tells the Terocin patch from the Terocin lotion and lists every ingredient', () => {
    expect(
      resolved('Terocin patch 4%')
        .product.ingredients.map((i) => i.id)
        .sort(),
    ).toEqual(['lidocaine', 'menthol']);
    const lotion = resolved('Terocin').product;
    expect(lotion.ingredients.map((i) => i.id).sort()).toEqual(['capsaicin', 'lidocaine', 'menthol', 'methyl-salicylate']);
    expect(lotion.classes).toContain('topical-analgesic');
  });

  it('resolves branded topicals, heat wraps and services', () => {
    expect(resolved('LidoPro cream').product.ingredients.map((i) => i.id)).toContain('lidocaine');
    expect(resolved('Dendracin').product.ingredients.map((i) => i.id)).toContain('methyl-salicylate');
    expect(resolved('ThermaCare').product.classes).toContain('heat-therapy');
    expect(resolved('acupuncture').product.treatmentType).toBe('acupuncture');
    expect(resolved('Cymbalta').product.id).toBe('duloxetine');
  });

  it('reads a compound written ingredient by ingredient', () => {
    const r = resolved('Flurbiprofen 20%/Lidocaine 5% cream');
    expect(r.via).toBe('compound');
    expect(r.product.ingredients.map((i) => i.id)).toEqual(['flurbiprofen', 'lidocaine']);
    expect(r.product.form).toBe('topical-cream');
  });

  it('uses the ingredients stated on the request', () => {
    const r = resolved('custom compound', ['ketoprofen 10%', 'gabapentin 6%']);
    expect(r.via).toBe('stated ingredients');
    expect(r.product.ingredients.map((i) => i.id)).toEqual(['ketoprofen', 'gabapentin']);
  });

  it('never guesses an unknown name', () => {
    const r = resolveName(index(), 'Zyxoprofen 40mg');
    expect(r.status).toBe('unknown');
    expect(r.note).toMatch(/not in the drug and service catalog/);
    expect(resolveName(index(), 'x', ['unobtainium']).status).toBe('unknown');
  });

  it('normalises case, registered marks and spacing', () => {
    expect(normalizeName('  Lidoderm®  5 %  ')).toBe('lidoderm 5 %');
  });
});

const ids = (name: string) =>
  resolved(name)
    .product.ingredients.map((i) => i.id)
    .sort();
const classesOf = (name: string) => productClasses(resolved(name).product, rulePack().index, rulePack().definitions);

describe('names as EHRs send them: every ingredient is kept', () => {
  it('reads an RxNorm clinical drug name: strengths, salts and the dose form set aside', () => {
    const r = resolved('Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet');
    expect(r.product.id).toBe('hydrocodone-acetaminophen');
    expect(r.via).toBe('ingredients');
    expect(r.note).toMatch(/"hydrocodone bitartrate 10 mg" -> hydrocodone/);
    expect(r.note).toMatch(/form "oral tablet" -> oral/);
    expect(classesOf('Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet')).toContain('opioid');
  });

  it('reads combinations written out with "and"', () => {
    expect(resolved('hydrocodone bitartrate and acetaminophen').product.id).toBe('hydrocodone-acetaminophen');
    expect(resolved('oxycodone and acetaminophen').product.id).toBe('oxycodone-acetaminophen');
    expect(classesOf('oxycodone and acetaminophen')).toContain('opioid');
    expect(resolved('ibuprofen and famotidine').product.id).toBe('ibuprofen-famotidine');
    expect(classesOf('ibuprofen and famotidine')).toEqual(expect.arrayContaining(['nsaid', 'h2-blocker']));
  });

  it('reads combinations written with commas and slashes', () => {
    expect(resolved('Butalbital, Acetaminophen, Caffeine').product.id).toBe('fioricet');
    expect(ids('Butalbital, Acetaminophen, Caffeine')).toEqual(['acetaminophen', 'butalbital', 'caffeine']);
    const r = resolved('Tramadol Hydrochloride 37.5 MG / Acetaminophen 325 MG');
    expect(r.product.id).toBe('tramadol-acetaminophen');
    expect(r.note).toMatch(/"tramadol hydrochloride 37.5 mg" -> tramadol, "acetaminophen 325 mg" -> acetaminophen/);
  });

  it('tells extended from immediate release and reads transdermal systems', () => {
    expect(resolved('24 HR Oxycodone Hydrochloride 20 MG Extended Release Oral Tablet').product.id).toBe('oxycontin');
    expect(resolved('Oxycodone Hydrochloride 5 MG Oral Capsule').product.id).toBe('oxycodone');
    expect(resolved('72 HR Fentanyl 0.025 MG/HR Transdermal System').product.id).toBe('fentanyl-patch');
    expect(resolved('Diclofenac Sodium 10 MG/ML Topical Gel').product.classes).toContain('topical-analgesic');
    expect(resolved('Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet [Norco]').product.id).toBe(
      'hydrocodone-acetaminophen',
    );
  });

  it('says so when a name resolves only partly, and what matched what', () => {
    const r = resolved('Hydrocodone Bitartrate 10 MG / Zyxoprofen 200 MG / Acetaminophen 325 MG Oral Tablet');
    expect(r.product.id).toBe('hydrocodone-acetaminophen');
    expect(r.unmatched).toEqual(['zyxoprofen']);
    expect(r.note).toMatch(
      /^partly read by its parts: "hydrocodone bitartrate 10 mg" -> hydrocodone, "acetaminophen 325 mg" -> acetaminophen/,
    );
    expect(r.note).toMatch(/not recognised: "zyxoprofen" \(that part is not judged/);
    // the catalog's own reading of a name can leave a part unread too: it is named
    const oxy = resolved('Oxycodone Hydrochloride 10 MG / Zyxoprofen 200 MG Oral Tablet');
    expect(oxy.product.id).toBe('oxycodone');
    expect(oxy.unmatched).toEqual(['zyxoprofen']);
    expect(oxy.note).toMatch(/^partly resolved: "oxycodone hydrochloride" .*not recognised: "zyxoprofen"/);
    // a topical compound is judged by all its ingredients: a part not recognised leaves it unjudged
    expect(resolveName(index(), 'Flurbiprofen 20% / Zyxocaine 5% Topical Cream').status).toBe('unknown');
  });

  it('resolves generics and brands the catalog does not list, with the classes the rules read', () => {
    const meperidine = resolved('Meperidine Hydrochloride 50 MG Oral Tablet');
    expect(meperidine.note).toMatch(/no catalog product: judged by its ingredients' classes/);
    expect(classesOf('Demerol 50 mg')).toEqual(expect.arrayContaining(['opioid', 'opioid-short-acting']));
    expect(ids('Norgesic Forte')).toEqual(['aspirin', 'caffeine', 'orphenadrine']);
    expect(classesOf('Norgesic Forte')).toEqual(expect.arrayContaining(['muscle-relaxant', 'nsaid']));
    expect(classesOf('Belsomra 10 mg')).toContain('hypnotic');
    expect(classesOf('Imipramine Hydrochloride 25 MG Oral Tablet')).toEqual(expect.arrayContaining(['antidepressant', 'tricyclic']));
    expect(classesOf('Divalproex Sodium 500 MG Delayed Release Oral Tablet')).toContain('anticonvulsant');
  });
});

describe('services read by their parts', () => {
  it('modality + region + side leads to the catalog imaging product and states the site', () => {
    const wrist = resolved('X-ray of the left wrist');
    expect(wrist.product.id).toBe('xray');
    expect([wrist.region, wrist.side]).toEqual(['wrist-hand', 'left']);
    expect(wrist.note).toMatch(/region wrist-hand, side left \(from the name\)/);
    expect(resolved('CT head').product.id).toBe('ct-head');
    expect(resolved('MRI of the hip').product.id).toBe('mri-hip');
    const arthrogram = resolved('MR arthrogram right shoulder');
    expect(arthrogram.via).toBe('service parts');
    expect([arthrogram.product.id, arthrogram.region, arthrogram.side]).toEqual(['mri-shoulder', 'shoulder', 'right']);
    // a general catalog product gives way to the region's own
    expect(resolved('MRI scan of the right hip').product.id).toBe('mri-hip');
  });

  it('therapy + region and equipment by type', () => {
    const pt = resolved('PT for the cervical spine');
    expect([pt.product.id, pt.region]).toEqual(['physical-therapy', 'cervical']);
    const aquatic = resolved('aquatic therapy lumbar');
    expect([aquatic.product.id, aquatic.region]).toEqual(['aquatic-therapy', 'lumbar']);
    expect(resolved('hot/cold unit').product.id).toBe('cold-therapy-unit');
    expect(resolved('TENS unit').product.id).toBe('tens-unit');
    expect(resolved('lumbar brace').product.id).toBe('lumbar-brace');
    expect(resolved('Hinged brace for the left knee').product.id).toBe('knee-brace');
    expect(resolved('Knee brace, right').side).toBe('right');
  });

  it('names absent from the catalog resolve by their parts, and a kind without a product stays unknown', () => {
    const names = rulePack().catalog.products.flatMap((p) => p.names.map((n) => normalizeName(n)));
    for (const name of [
      'MR arthrogram right shoulder',
      'Magnetic resonance imaging, thoracic spine',
      'CT of the right ankle',
      'Right wrist splint',
    ]) {
      expect(names).not.toContain(normalizeName(name));
      expect(resolveName(index(), name).status).toBe('resolved');
    }
    const ankle = resolveName(index(), 'Ankle brace, left');
    expect(ankle.status).toBe('unknown');
    expect(ankle.note).toMatch(/orthosis \+ ankle-foot, for which the catalog has no product/);
  });

  it('sets the region and side on an item whose request states none, so region rules apply', async () => {
    const c: Case = {
      caseId: 'names-1',
      requestDate: '2015-03-10',
      injury: { date: '2014-01-05', bodyRegions: ['knee', 'lumbar'] },
      examination: [{ region: 'knee', side: 'left', sensoryDeficit: true }],
      requests: [{ id: 'xr', text: 'MRI of the left knee', kind: 'imaging', name: 'MRI of the left knee' }],
    } as Case;
    const result = await evaluateCase(evaluator(), c);
    expect(result.items[0].derived['region.neurologicDeficit']).toBe(true);
  });
});

describe('held-out names (test/facts/fixtures/held-out-names.yaml)', () => {
  type Expected = {
    name: string;
    product?: string;
    products?: string[];
    ingredients?: string[];
    class?: string;
    region?: string;
    side?: string;
  };
  const fixture = parse(readFileSync(new URL('./fixtures/held-out-names.yaml', import.meta.url), 'utf8')) as { names: Expected[] };

  it('holds at least 60 names', () => {
    expect(fixture.names.length).toBeGreaterThanOrEqual(60);
  });

  it('resolves at least 95% of them to the expected product, ingredients, classes and site', () => {
    const pack = rulePack();
    const misses: string[] = [];
    for (const e of fixture.names) {
      const r = resolveName(pack.index, e.name);
      const ok =
        r.status === 'resolved' &&
        (!e.product || r.product.id === e.product) &&
        (!e.products || e.products.includes(r.product.id)) &&
        (!e.ingredients ||
          (JSON.stringify(r.product.ingredients.map((i) => i.id).sort()) === JSON.stringify([...e.ingredients].sort()) &&
            productClasses(r.product, pack.index, pack.definitions).includes(e.class ?? ''))) &&
        (!e.region || r.region === e.region) &&
        (!e.side || r.side === e.side);
      if (!ok) misses.push(`${e.name} -> ${r.status === 'resolved' ? r.product.id : r.note}`);
    }
    const share = 1 - misses.length / fixture.names.length;
    expect(share, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('without the names vocabulary the same names resolve far less often', () => {
    const pack = loadRulePack(RULES_DIR);
    const bare = { ...pack.index, parts: undefined };
    const resolvedShare = (idx: typeof bare) =>
      fixture.names.filter((e) => {
        const r = resolveName(idx, e.name);
        return r.status === 'resolved' && (!e.product || r.product.id === e.product);
      }).length / fixture.names.length;
    expect(resolvedShare(bare)).toBeLessThan(resolvedShare(pack.index) - 0.2);
  });
});
