// Finding and loading case files. Each file yields a case or an error for that file alone, so a
// bad file never hides the results of the good ones. Files are yielded one at a time (streaming).
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { type Case, caseSchema } from '../schema/case.js';
import { InputError, type InputIssue, issueWords, zodIssues } from './errors.js';
import { reviewCase } from './plausibility.js';
import { parseData, readData } from './read.js';

export const CASE_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

// `warnings`: values that are possible but unusual (printed with the result; the case is evaluated)
export type Loaded = { file: string; case: Case; warnings?: InputIssue[] } | { file: string; error: InputError };

// Lists the files with one of `extensions` under the given paths (a path named explicitly is listed
// whatever its extension; "-" stands for standard input) in a stable order; unreadable paths and
// symlink loops become errors. One walker for case files and letters alike.
export function* listFiles(paths: string[], extensions: Set<string>): Generator<{ file: string; error?: InputError }> {
  const seenDirs = new Set<string>();
  function* walk(path: string, explicit: boolean): Generator<{ file: string; error?: InputError }> {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file or directory' : code === 'ELOOP' ? 'symbolic link loop' : `cannot read (${code})`;
      yield { file: path, error: new InputError(path, [{ path: '', message: why }]) };
      return;
    }
    if (st.isDirectory()) {
      let real: string;
      try {
        real = realpathSync(path);
      } catch {
        real = path;
      }
      if (seenDirs.has(real)) return; // a symlink back into a folder already read
      seenDirs.add(real);
      let entries: string[];
      try {
        entries = readdirSync(path).sort();
      } catch (e) {
        yield {
          file: path,
          error: new InputError(path, [{ path: '', message: `cannot list folder (${(e as NodeJS.ErrnoException).code})` }]),
        };
        return;
      }
      for (const name of entries) {
        if (name.startsWith('.')) continue;
        yield* walk(join(path, name), false);
      }
      return;
    }
    if (explicit || extensions.has(extname(path).toLowerCase())) yield { file: path };
  }
  for (const p of paths) {
    if (p === '-') yield { file: '-' };
    else yield* walk(p, true);
  }
}

export const listCaseFiles = (paths: string[]) => listFiles(paths, CASE_EXTENSIONS);

// A valid case, or an InputError naming each problem; with the unusual values as warnings.
export function checkCase(data: unknown, file: string, reasonTags?: Set<string>): { case: Case; warnings: InputIssue[] } {
  if (data === null || data === undefined) throw new InputError(file, [{ path: '', message: 'is empty: there is no case in it' }]);
  if (typeof data !== 'object' || Array.isArray(data))
    throw new InputError(file, [
      {
        path: '',
        message: `holds ${Array.isArray(data) ? 'a list' : 'a single value'}, not a case (a case is a group of fields such as id and requests)`,
      },
    ]);
  const result = caseSchema.safeParse(data, { error: issueWords });
  if (!result.success) throw new InputError(file, zodIssues(result.error, caseSchema));
  const c = result.data;
  if (reasonTags) {
    const issues = c.requests.flatMap((r, i) =>
      (r.actual?.reasons ?? []).flatMap((tag, j) =>
        reasonTags.has(tag)
          ? []
          : [{ path: `requests[${i}].actual.reasons[${j}]`, message: `unknown reason tag "${tag}" (see rules/reasons.yaml)` }],
      ),
    );
    if (issues.length) throw new InputError(file, issues);
  }
  return reviewCase(c);
}

export const validateCase = (data: unknown, file: string, reasonTags?: Set<string>): Case => checkCase(data, file, reasonTags).case;

export function loadCaseFile(file: string, reasonTags?: Set<string>): Loaded {
  try {
    return { file, ...checkCase(readData(file), file, reasonTags) };
  } catch (e) {
    if (e instanceof InputError) return { file, error: e };
    throw e;
  }
}

export function loadCaseText(text: string, label: string, reasonTags?: Set<string>): Loaded {
  try {
    return { file: label, ...checkCase(parseData(text, label), label, reasonTags) };
  } catch (e) {
    if (e instanceof InputError) return { file: label, error: e };
    throw e;
  }
}

export function* loadCases(paths: string[], reasonTags?: Set<string>, stdin?: () => string): Generator<Loaded> {
  for (const p of paths) {
    if (p === '-') {
      yield loadCaseText(stdin ? stdin() : '', '<stdin>', reasonTags);
      continue;
    }
    for (const entry of listCaseFiles([p])) {
      yield entry.error ? { file: entry.file, error: entry.error } : loadCaseFile(entry.file, reasonTags);
    }
  }
}
