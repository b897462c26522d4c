// The CSV report's last column lists the criteria not assessable for an item, in the text report's
// words, joined as the other list columns are.
import { describe, expect, it } from 'vitest';
import { evaluateCase } from '../../src/evaluate/evaluate.js';
import { loadCaseFile } from '../../src/load/cases.js';
import { caseCsv, csvHeader } from '../../src/report/csv.js';
import { csvField } from '../../src/report/escape.js';
import { itemText } from '../../src/report/text.js';
import { evaluator, SEED_FILES } from '../helpers.js';

describe('CSV report: criteria not assessable', () => {
  it('ends each row with the not-assessable criteria and the facts they lack, as the text report says them', async () => {
    const loaded = loadCaseFile(SEED_FILES[2]);
    if (!loaded.case) throw new Error('seed-002 does not load');
    const r = await evaluateCase(evaluator(), loaded.case);
    for (const withActual of [false, true]) {
      expect(csvHeader(withActual).split(',').at(-1)).toBe('not assessable');
      const rows = caseCsv(r, [], withActual).split('\n');
      expect(rows).toHaveLength(r.items.length);
      r.items.forEach((item, i) => {
        const words = itemText(item, i + 1, r.asOf.date)
          .split('\n')
          .filter((l) => l.startsWith('    ? not assessable: '))
          .map((l) => l.slice('    ? not assessable: '.length))
          .join('; ');
        expect(rows[i].endsWith(`,${csvField(words)}`)).toBe(true);
      });
    }
    expect(caseCsv(r).split('\n').at(-1)).toMatch(/A short course \(no more than 2-3 weeks\) \(not stated: history\.daysOfUse[^"]*"$/);
  });
});
