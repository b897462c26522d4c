// JSON case files take a fast path (JSON.parse) with the guards of the YAML reader: errors name
// the file, line and column; duplicate keys, deep nesting and reserved keys are rejected.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError } from '../../src/load/errors.js';
import { LIMITS, parseData } from '../../src/load/read.js';
import { CASES_DIR } from '../helpers.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const err = e as InputError;
    return `${err.file}: ${err.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join('; ')}`;
  }
  throw new Error('expected an InputError');
}

const seed = parse(readFileSync(join(CASES_DIR, 'seed-000.yaml'), 'utf8'));

describe('JSON input', () => {
  it('reads a JSON case as the same data as its YAML', () => {
    expect(parseData(JSON.stringify(seed, null, 2), 'seed.json')).toEqual(seed);
    expect(parseData(JSON.stringify(seed), '<stdin>')).toEqual(seed);
  });

  it('names the file, line and column of a syntax error', () => {
    const text = '{\n  "id": "a",\n  "requests": [1, 2,]\n}';
    expect(messageOf(() => parseData(text, 'case.json'))).toBe('case.json: not valid JSON: line 3, column 21: unexpected "]"');
    expect(messageOf(() => parseData('{"id": "a" "b"}', 'c.json'))).toBe(
      "c.json: not valid JSON: line 1, column 12: Expected ',' or '}' after property value",
    );
    expect(messageOf(() => parseData('{"id": x}', 'c.json'))).toBe('c.json: not valid JSON: line 1, column 8: unexpected "x"');
    expect(messageOf(() => parseData('{"id": "a",\n  "b": ', 'c.json'))).toBe(
      'c.json: not valid JSON: line 2, column 8: the text ends too early',
    );
  });

  it('rejects a repeated key, as the YAML reader does', () => {
    const text = '{\n  "id": "a",\n  "requests": [],\n  "id": "b"\n}';
    expect(messageOf(() => parseData(text, 'case.json'))).toBe('case.json: not valid JSON: line 4, column 3: duplicate key "id"');
    // keys written with escapes are the same key
    expect(messageOf(() => parseData('{"id": 1, "\\u0069d": 2}', 'x.json'))).toMatch(/duplicate key "id"/);
    // the same key in two objects is fine
    expect(parseData('[{"id": 1}, {"id": 2}]', 'x.json')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('rejects deep nesting before building anything, at once', () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    const t = performance.now();
    expect(messageOf(() => parseData(deep, 'deep.json'))).toBe(`deep.json: nested deeper than ${LIMITS.maxDepth} levels (line 1)`);
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('rejects reserved JavaScript keys', () => {
    expect(messageOf(() => parseData('{"a": {"__proto__": {"x": 1}}}', 'p.json'))).toMatch(/a\.__proto__: key not allowed/);
  });

  it('leaves YAML that starts with a brace to the YAML reader, unless the file is .json', () => {
    expect(parseData('{id: a, requests: []}', 'flow.yaml')).toEqual({ id: 'a', requests: [] });
    expect(messageOf(() => parseData('{id: a}', 'flow.json'))).toMatch(/^flow\.json: not valid JSON: line 1, column 2: /);
    expect(messageOf(() => parseData('', 'empty.json'))).toBe('empty.json: not valid JSON: line 1, column 1: the text ends too early');
  });
});
