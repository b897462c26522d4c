// Running many case files: each bad file is reported and the rest go on; counts always add up.
import { readFileSync } from 'node:fs';
import { listCaseFiles, loadCaseFile, loadCaseText, type Loaded } from '../load/cases.js';
import { InputError, type InputIssue } from '../load/errors.js';
import { type CaseResult, type Evaluator, evaluateCase } from '../evaluate/evaluate.js';
import type { Case } from '../schema/case.js';

export type BatchCounts = { files: number; invalid: number; cases: number; items: number };

export type BatchOptions = {
  transform?: (c: Case) => Case;
  // `warnings`: unusual values in the case, printed with its result
  onResult: (r: CaseResult, warnings: InputIssue[]) => void;
  onError: (e: InputError) => void;
  // the number of files, once they are listed (before the first is read), for a progress total
  onTotal?: (files: number) => void;
  progress?: (counts: BatchCounts) => void;
};

export async function runBatch(ev: Evaluator, paths: string[], opts: BatchOptions): Promise<BatchCounts> {
  const counts: BatchCounts = { files: 0, invalid: 0, cases: 0, items: 0 };
  const ids = new Map<string, string>();
  const entries = paths.flatMap((p) => (p === '-' ? [{ file: '-' } as { file: string; error?: InputError }] : [...listCaseFiles([p])]));
  opts.onTotal?.(entries.length);
  for (const entry of entries) {
    const loaded: Loaded = entry.error
      ? { file: entry.file, error: entry.error }
      : entry.file === '-'
        ? loadCaseText(readFileSync(0, 'utf8'), '<stdin>', ev.pack.reasonTags)
        : loadCaseFile(entry.file, ev.pack.reasonTags);
    counts.files += 1;
    if ('error' in loaded) {
      counts.invalid += 1;
      opts.onError(loaded.error);
    } else {
      const first = ids.get(loaded.case.id);
      if (first !== undefined) {
        counts.invalid += 1;
        opts.onError(
          new InputError(loaded.file, [
            { path: 'id', message: `duplicate case id "${loaded.case.id}" (also in ${first}); case ids must be unique in a batch` },
          ]),
        );
      } else {
        ids.set(loaded.case.id, loaded.file);
        const c = opts.transform ? opts.transform(loaded.case) : loaded.case;
        const result = await evaluateCase(ev, c, loaded.file);
        counts.cases += 1;
        counts.items += result.items.length;
        opts.onResult(result, loaded.warnings ?? []);
      }
    }
    opts.progress?.(counts);
  }
  return counts;
}

export function countsLine(c: BatchCounts): string {
  return `files read: ${c.files}, invalid: ${c.invalid}, cases evaluated: ${c.cases}, items evaluated: ${c.items}`;
}
