// test/gold holds ../shared/gold carried forward: each hand-encoded letter with the `# unexpressible:`
// lines that the newer case fields can hold translated into those fields. The translation must be
// mechanical: every fact of the original keeps its value, only new fields are added, and the lines
// removed from the block are the translated ones. This test holds each copy to that.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers.js';
import { loadCaseFile } from '../../src/load/cases.js';

const COPY = join(ROOT, 'test/gold');
const ORIGINAL = join(ROOT, '../shared/gold');

// Fields the case format gained after ../shared/gold was encoded (array entries written as []).
export const NEW_FIELDS = new Set([
  'suspectedDiagnoses',
  'examination',
  'imaging',
  'surgeries',
  'symptoms',
  'redFlags',
  'work',
  'requests[].side',
  'requests[].surgery',
  'requests[].surgeryRole',
  'requests[].certified',
  ...['strength', 'frequency', 'response', 'percentRelief', 'functionalImprovement'].map((k) => `history.medications[].${k}`),
  ...['name', 'injection', 'bodyRegion', 'side', 'weeks', 'from', 'to', 'status', 'response', 'percentRelief'].map(
    (k) => `history.treatments[].${k}`,
  ),
]);
// a course of a kind the format could not name before, or a course only planned (which counts as no
// prior treatment), may be added as a new treatment entry
const NEW_TREATMENT_TYPES = new Set(['medication', 'bracing', 'activity-modification']);
const addable = (entry: { type?: string; status?: string } | null) =>
  Boolean(entry?.type && (NEW_TREATMENT_TYPES.has(entry.type) || entry.status === 'planned'));

export function differences(orig: unknown, copy: unknown, path = ''): string[] {
  const at = path || '(root)';
  if (Array.isArray(orig)) {
    if (!Array.isArray(copy)) return [`${at}: was a list`];
    const out = orig.flatMap((o, i) => differences(o, copy[i], `${path}[${i}]`));
    const norm = path.replace(/\[\d+\]/g, '[]');
    copy.slice(orig.length).forEach((extra, i) => {
      if (norm !== 'history.treatments' || !addable(extra as { type?: string; status?: string } | null)) {
        out.push(
          `${path}[${orig.length + i}]: an entry was added (only planned courses and treatments of type ${[...NEW_TREATMENT_TYPES].join(', ')} may be)`,
        );
      }
    });
    return out;
  }
  if (orig !== null && typeof orig === 'object') {
    if (copy === null || typeof copy !== 'object' || Array.isArray(copy)) return [`${at}: was an object`];
    const o = orig as Record<string, unknown>;
    const c = copy as Record<string, unknown>;
    const out = Object.keys(o).flatMap((k) => (k in c ? differences(o[k], c[k], path ? `${path}.${k}` : k) : [`${path}.${k}: removed`]));
    for (const k of Object.keys(c)) {
      if (k in o) continue;
      const p = path ? `${path}.${k}` : k;
      const norm = p.replace(/\[\d+\]/g, '[]');
      if (NEW_FIELDS.has(norm)) continue;
      // a container the original did not have, holding only new fields
      if (norm === 'history') out.push(...differences({}, c[k], p));
      else if (norm === 'history.treatments') out.push(...differences([], c[k], p));
      else out.push(`${p}: not a new field`);
    }
    return out;
  }
  return Object.is(orig, copy) ? [] : [`${at}: ${JSON.stringify(orig)} became ${JSON.stringify(copy)}`];
}

function block(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^# unexpressible:/.test(l));
  if (start < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (!/^#\s{2,}\S/.test(l)) break;
    out.push(l.trim());
  }
  return out;
}

const copies = existsSync(COPY) ? readdirSync(COPY).filter((f) => f.endsWith('.yaml')) : [];

describe.skipIf(!existsSync(ORIGINAL))('gold files carried forward', () => {
  it('has a copy of every original', () => {
    const originals = readdirSync(ORIGINAL).filter((f) => f.endsWith('.yaml'));
    expect(copies.sort()).toEqual(originals.sort());
  });

  it.each(copies)('%s keeps every original fact and adds only new fields', (f) => {
    const origText = readFileSync(join(ORIGINAL, f), 'utf8');
    const copyText = readFileSync(join(COPY, f), 'utf8');
    expect(differences(parse(origText), parse(copyText))).toEqual([]);
    expect(copyText.split('\n')[0]).toBe(origText.split('\n')[0]);
    const kept = block(copyText);
    const before = new Set(block(origText));
    expect(kept.filter((l) => !before.has(l))).toEqual([]);
    const loaded = loadCaseFile(join(COPY, f));
    expect('error' in loaded ? loaded.error.message : '').toBe('');
  });

  it('the check catches a changed fact, a new old-style field and an added entry', () => {
    expect(differences({ a: { b: 1 } }, { a: { b: 2 } })).toEqual(['a.b: 1 became 2']);
    expect(differences({ findings: {} }, { findings: { muscleSpasm: true } })).toEqual(['findings.muscleSpasm: not a new field']);
    expect(differences({}, { examination: [{ region: 'lumbar' }] })).toEqual([]);
    expect(
      differences(
        { history: { treatments: [{ type: 'chiropractic' }] } },
        { history: { treatments: [{ type: 'chiropractic', weeks: 4 }, { type: 'bracing' }] } },
      ),
    ).toEqual([]);
    expect(differences({ history: { treatments: [] } }, { history: { treatments: [{ type: 'physical-therapy' }] } })).toHaveLength(1);
    expect(
      differences({ history: { treatments: [] } }, { history: { treatments: [{ type: 'physical-therapy', status: 'planned' }] } }),
    ).toEqual([]);
  });
});
