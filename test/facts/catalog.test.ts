import { describe, expect, it } from 'vitest';
import { normalizeName, resolveName } from '../../src/facts/catalog.js';
import { rulePack } from '../helpers.js';

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
