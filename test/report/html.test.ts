// The HTML report lists, per item, the criteria that were neither met nor unmet for want of a fact,
// in the text report's words, apart from the unmet ones, with every text from the case escaped.
import { describe, expect, it } from 'vitest';
import { evaluateCase } from '../../src/evaluate/evaluate.js';
import { loadCaseFile } from '../../src/load/cases.js';
import { htmlEscape } from '../../src/report/escape.js';
import { caseHtml, htmlStart } from '../../src/report/html.js';
import { itemText } from '../../src/report/text.js';
import { caseSchema } from '../../src/schema/case.js';
import { evaluator, SEED_FILES } from '../helpers.js';

const seed = async (n: number) => {
  const loaded = loadCaseFile(SEED_FILES[n]);
  if (!loaded.case) throw new Error(`${SEED_FILES[n]} does not load`);
  return evaluateCase(evaluator(), loaded.case);
};

// what the text report lists as not assessable for an item, without its "? not assessable: " mark
const textNotAssessable = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('    ? not assessable: '))
    .map((l) => l.slice('    ? not assessable: '.length));

// the HTML of the n-th item of a case report (1-based)
const articles = (html: string) => html.split('<article class="item">').slice(1);

describe('HTML report: criteria not assessable', () => {
  it('lists each not-assessable criterion of an item in the words of the text report', async () => {
    const r = await seed(2);
    const html = caseHtml(r);
    const items = articles(html);
    expect(items).toHaveLength(r.items.length);
    let listed = 0;
    r.items.forEach((item, i) => {
      const expected = textNotAssessable(itemText(item, i + 1, r.asOf.date));
      if (expected.length === 0) {
        expect(items[i]).not.toContain('not-assessable');
        return;
      }
      const section = items[i].match(/<div class="not-assessable">([\s\S]*?)<\/div>/)?.[1];
      expect(section).toBeDefined();
      expect(section).toContain('<h4>Not assessable from what was sent</h4>');
      expect([...(section ?? '').matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1])).toEqual(expected.map(htmlEscape));
      listed += expected.length;
    });
    // Flexeril of seed-002: the short course, and no other muscle relaxant or pain medication stated
    expect(listed).toBeGreaterThanOrEqual(3);
    expect(html).toContain('A short course (no more than 2-3 weeks) (not stated: history.daysOfUse');
  });

  it('keeps them apart from the unmet criteria and before the fix list, as the text report orders them', async () => {
    const r = await seed(2);
    const flexeril = articles(caseHtml(r)).at(-1) ?? '';
    const unmet = flexeril.indexOf('The request states the strength of an oral medication');
    const na = flexeril.indexOf('<div class="not-assessable">');
    const fixes = flexeril.indexOf('Fix before submitting');
    expect(unmet).toBeGreaterThan(-1);
    expect(na).toBeGreaterThan(unmet);
    expect(fixes).toBeGreaterThan(na);
    // no not-assessable criterion is inside the list of unmet ones
    const findings = flexeril.slice(flexeril.indexOf('<ul>'), na);
    expect(findings).not.toContain('A short course (no more than 2-3 weeks)');
  });

  it('says why a computed fact has no value, with the text from the case escaped', async () => {
    const c = caseSchema.parse({
      id: 'na',
      requestDate: '2015-05-01',
      conditions: ['chronic-low-back-pain'],
      history: { medications: [{ name: 'Butrans', since: '2014-01', current: true }] },
      requests: [
        {
          id: 'oxy',
          text: 'Oxycodone 10 mg #60',
          kind: 'medication',
          name: 'oxycodone',
          strength: '10 mg',
          quantity: 60,
          frequency: '<i>as needed</i> & "often"\u202e',
        },
      ],
    });
    const r = await evaluateCase(evaluator(), c);
    const html = caseHtml(r);
    const [expected] = textNotAssessable(itemText(r.items[0], 1, r.asOf.date));
    expect(expected).toMatch(/morphineEquivalentDaily.*: the frequency ".*" states no number of doses a day/);
    expect(html).toContain(`<li>${htmlEscape(expected)}</li>`);
    expect(html).toContain('the frequency &quot;&lt;i&gt;as needed&lt;/i&gt; &amp; &quot;often&quot;\\u202e&quot; states no number');
    expect(html).not.toContain('<i>');
    expect(html).not.toContain('\u202e');
  });

  it('prints them: a heading in words, not colour alone, and nothing hides them in print', () => {
    const css = htmlStart('t').match(/<style>([\s\S]*)<\/style>/)?.[1] ?? '';
    expect(css).toMatch(/\.not-assessable\s*\{[^}]*\}/);
    const print = css.slice(css.indexOf('@media print'));
    expect(print).not.toMatch(/not-assessable[^{]*\{[^}]*display:\s*none/);
  });
});
