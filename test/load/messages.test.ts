// A bad file's errors: one problem per line, in words, with the field's path and label.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCaseFile, loadCaseText } from '../../src/load/cases.js';
import type { InputError } from '../../src/load/errors.js';
import { inputErrorLines } from '../../src/report/text.js';

function errorLines(text: string): string[] {
  const loaded = loadCaseText(text, 'bad.yaml');
  if (!('error' in loaded)) throw new Error('expected the file to be refused');
  return inputErrorLines(loaded.error as InputError);
}

const ZOD_WORDING = /expected (number|string|object|int|boolean), received|Invalid input|Invalid option|Too small|Too big|received null/;

describe('errors in words', () => {
  it('puts each problem of a file on its own line with path and label, never the schema library wording', () => {
    const lines = errorLines(
      'id: 7\nrequestDate: true\npatient: { age: 2.5 }\nhistory: { medications: [{ name: x, since: true }] }\nrequests:\n  - { id: r, text: "", kind: pill, name: x, quantity: ten, sessions: -1 }\n',
    );
    expect(lines).toEqual([
      'error: bad.yaml: id (case id): should be text, not the number 7',
      'error: bad.yaml: requestDate (request date): should be text, not true',
      'error: bad.yaml: patient.age (age): should be a whole number, not the number 2.5',
      'error: bad.yaml: history.medications[0].since (taken since): expected a date: YYYY, YYYY-MM or YYYY-MM-DD',
      'error: bad.yaml: requests[0].text (item as written): must not be empty',
      expect.stringMatching(
        /^error: bad\.yaml: requests\[0\]\.kind \(kind of item\): the text "pill" is not one of the allowed values: medication, therapy/,
      ),
      'error: bad.yaml: requests[0].quantity (quantity on the request): should be a number, not the text "ten"',
      'error: bad.yaml: requests[0].sessions (sessions on the request): must be 0 or more',
    ]);
    for (const line of lines) expect(line).not.toMatch(ZOD_WORDING);
  });

  it('says a missing required field is missing', () => {
    expect(errorLines('id: x\n')).toEqual(['error: bad.yaml: requests (requested items): is required']);
  });

  it('says an empty file is empty', () => {
    expect(errorLines('')).toEqual(['error: bad.yaml: is empty: there is no case in it']);
    expect(errorLines('# only a comment\n')).toEqual(['error: bad.yaml: is empty: there is no case in it']);
    const dir = mkdtempSync(join(tmpdir(), 'imr-empty-'));
    writeFileSync(join(dir, 'empty.yaml'), '');
    const loaded = loadCaseFile(join(dir, 'empty.yaml'));
    expect('error' in loaded && loaded.error.message).toMatch(/empty\.yaml: is empty/);
  });

  it('says plainly that a file holds several YAML documents', () => {
    const lines = errorLines('id: a\nrequests: []\n---\nid: b\nrequests: []\n');
    expect(lines).toEqual(['error: bad.yaml: holds more than one YAML document (separated by ---); put each case in a file of its own']);
    expect(lines[0]).not.toMatch(/parseAllDocuments/);
  });

  it('says a list or a bare value is not a case', () => {
    expect(errorLines('- id: a\n')).toEqual([expect.stringMatching(/holds a list, not a case/)]);
    expect(errorLines('42\n')).toEqual([expect.stringMatching(/holds a single value, not a case/)]);
  });
});
