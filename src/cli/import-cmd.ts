// `imr-check import`: letters (PDF or text) to case files, one summary line per letter; with
// --compare, the imported facts measured against hand-encoded gold files instead (nothing written).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stringify } from 'yaml';
import type { RulePack } from '../load/rules.js';
import { InputError } from '../load/errors.js';
import { listFiles, loadCases, validateCase } from '../load/cases.js';
import type { Case } from '../schema/case.js';
import { cleanLetterText } from '../import/text.js';
import { parseLetter } from '../import/letter.js';
import { letterToCase, summaryOnly } from '../import/to-case.js';
import { letterTexts } from '../import/read.js';
import { progressLine } from './progress.js';
import { inputErrorLines } from '../report/text.js';
import { compareCase, compareText, type FieldOutcome, reasonCounts, scoredFields, summarize } from '../import/compare.js';

type Io = { out: (s: string) => void; err: (s: string) => void; errIsTty?: boolean; errRaw?: (s: string) => void };

type LetterFile = { file: string; error?: InputError };

const LETTER_EXTENSIONS = new Set(['.pdf', '.txt']);
const letterFiles = (paths: string[]): LetterFile[] => [...listFiles(paths, LETTER_EXTENSIONS)];

export type ImportOptions = { out?: string; force?: boolean; skipExisting?: boolean; compare?: string; json?: boolean };

function loadGold(dir: string, pack: RulePack, io: Io): Map<string, Case> | undefined {
  const gold = new Map<string, Case>();
  let bad = 0;
  for (const loaded of loadCases([dir], pack.reasonTags)) {
    if ('error' in loaded) {
      bad += 1;
      for (const line of inputErrorLines(loaded.error)) io.err(line);
    } else gold.set(loaded.case.id, loaded.case);
  }
  if (gold.size === 0) {
    io.err(`error: ${dir}: no gold case files could be read${bad ? ` (${bad} invalid)` : ''}`);
    return undefined;
  }
  return gold;
}

export async function importCommand(pack: RulePack, paths: string[], opts: ImportOptions, io: Io): Promise<number> {
  if (opts.compare && (opts.out || opts.force || opts.skipExisting)) {
    io.err('error: --compare writes no case files; it cannot be combined with --out, --force or --skip-existing');
    return 2;
  }
  if (opts.skipExisting && !opts.out) {
    io.err('error: --skip-existing needs --out (the folder whose existing case files are kept)');
    return 2;
  }
  if (opts.skipExisting && opts.force) {
    io.err('error: --skip-existing and --force contradict each other; give one');
    return 2;
  }
  const gold = opts.compare ? loadGold(opts.compare, pack, io) : undefined;
  if (opts.compare && !gold) return 1;
  const scored = gold ? scoredFields([...gold.values()], pack.index) : undefined;
  const outcomes: FieldOutcome[] = [];
  const reasons = { gold: 0, imported: 0, hits: 0 };
  let compared = 0;

  let failed = 0;
  let written = 0;
  let skipped = 0;
  let items = 0;
  if (opts.out) mkdirSync(opts.out, { recursive: true });
  const files = letterFiles(paths);
  // an interrupted import resumes: a letter whose case file is already there is not read again
  const todo = files.filter(({ file, error }) => {
    if (error || !opts.skipExisting || file === '-') return true;
    const done = existsSync(join(opts.out!, `${basename(file).replace(/\.(pdf|txt)$/i, '')}.yaml`));
    if (done) skipped += 1;
    return !done;
  });
  const progress = progressLine(io, 'importing');
  const err = (s: string) => progress.print(s);
  let done = 0;
  progress.start(todo.length);
  for await (const { file, error, text } of letterTexts(todo)) {
    progress.update(done++);
    if (error) {
      failed += 1;
      for (const line of inputErrorLines(error)) err(line);
      continue;
    }
    const label = file === '-' ? '<stdin>' : file;
    try {
      const raw = text ?? readFileSync(0, 'utf8');
      const letter = parseLetter(cleanLetterText(raw));
      const source = file === '-' ? 'stdin' : basename(file);
      const { case: c, warnings } = letterToCase(letter, source, pack.index, pack.definitions.conditionLexicon.value);
      if (letter.items.length === 0) {
        failed += 1;
        err(`error: ${label}: no disputed items could be read (${warnings.join('; ')}); no case written`);
        continue;
      }
      // the written file must load: check it against the schema and the reason vocabulary
      validateCase(c, label, pack.reasonTags);
      if (gold && scored) {
        const g = gold.get(c.id);
        if (!g) {
          failed += 1;
          err(`error: ${label}: no gold case "${c.id}" in ${opts.compare}; not compared`);
          continue;
        }
        // gold files hold facts from the summary only, so the import is compared without what rationales supplied
        const honest = { ...summaryOnly(c), requests: c.requests };
        outcomes.push(...compareCase(g, honest, pack.index, scored));
        const rc = reasonCounts(g, c);
        reasons.gold += rc.gold;
        reasons.imported += rc.imported;
        reasons.hits += rc.hits;
        compared += 1;
        continue;
      }
      const upheld = c.requests.filter((r) => r.actual?.decision === 'upheld').length;
      const overturned = c.requests.filter((r) => r.actual?.decision === 'overturned').length;
      const yaml = `# Imported by imr-check import from ${source} (${letter.layout} layout).\n# Facts marked "rationale" in provenance come from the reviewer's reasoning; review before use.\n${stringify(c, { lineWidth: 0 })}`;
      let where = 'stdout';
      if (opts.out) {
        const target = join(opts.out, `${c.id}.yaml`);
        if (existsSync(target) && opts.skipExisting) {
          skipped += 1;
          continue;
        }
        if (existsSync(target) && !opts.force) {
          failed += 1;
          err(`error: ${target} exists; not overwritten (use --force) (--skip-existing keeps existing files quietly)`);
          continue;
        }
        writeFileSync(target, yaml);
        where = target;
      } else {
        io.out(`---\n${yaml}`);
      }
      written += 1;
      items += c.requests.length;
      err(
        `${label}: ${c.requests.length} item${c.requests.length === 1 ? '' : 's'} (${upheld} upheld, ${overturned} overturned), ${warnings.length} warning${warnings.length === 1 ? '' : 's'} -> ${where}`,
      );
      for (const w of warnings) err(`  warning: ${w}`);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      failed += 1;
      for (const line of inputErrorLines(e)) err(line);
    }
  }
  progress.clear();
  if (gold) {
    const report = summarize(outcomes, reasons, compared);
    io.out(opts.json ? JSON.stringify(report) : compareText(report));
    io.err(`letters read: ${files.length}, compared: ${compared}, failed: ${failed}`);
    return failed > 0 ? 1 : 0;
  }
  io.err(
    `letters read: ${files.length}, cases written: ${written}, ${opts.skipExisting ? `skipped (already there): ${skipped}, ` : ''}failed: ${failed}, items: ${items}`,
  );
  return failed > 0 ? 1 : 0;
}
