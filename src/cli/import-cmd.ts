// `imr-check import`: letters (PDF or text) to case files, one summary line per letter.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stringify } from 'yaml';
import type { RulePack } from '../load/rules.js';
import { InputError } from '../load/errors.js';
import { validateCase } from '../load/cases.js';
import { cleanLetterText } from '../import/text.js';
import { parseLetter } from '../import/letter.js';
import { letterToCase } from '../import/to-case.js';
import { letterText } from '../import/read.js';

type Io = { out: (s: string) => void; err: (s: string) => void };

function letterFiles(paths: string[]): Array<{ file: string; error?: InputError }> {
  const out: Array<{ file: string; error?: InputError }> = [];
  for (const p of paths) {
    if (p === '-') {
      out.push({ file: '-' });
      continue;
    }
    try {
      if (statSync(p).isDirectory()) {
        for (const f of readdirSync(p).sort()) {
          if (/\.(pdf|txt)$/i.test(f)) out.push({ file: join(p, f) });
        }
        continue;
      }
    } catch (e) {
      out.push({
        file: p,
        error: new InputError(p, [
          {
            path: '',
            message:
              (e as NodeJS.ErrnoException).code === 'ENOENT'
                ? 'no such file or directory'
                : `cannot read (${(e as NodeJS.ErrnoException).code})`,
          },
        ]),
      });
      continue;
    }
    out.push({ file: p });
  }
  return out;
}

export type ImportOptions = { out?: string; force?: boolean };

export async function importCommand(pack: RulePack, paths: string[], opts: ImportOptions, io: Io): Promise<number> {
  let failed = 0;
  let written = 0;
  let items = 0;
  if (opts.out) mkdirSync(opts.out, { recursive: true });
  const files = letterFiles(paths);
  for (const { file, error } of files) {
    if (error) {
      failed += 1;
      io.err(`error: ${error.message}`);
      continue;
    }
    const label = file === '-' ? '<stdin>' : file;
    try {
      const raw = file === '-' ? readFileSync(0, 'utf8') : await letterText(file);
      const letter = parseLetter(cleanLetterText(raw));
      const source = file === '-' ? 'stdin' : basename(file);
      const { case: c, warnings } = letterToCase(letter, source, pack.index);
      if (letter.items.length === 0) {
        failed += 1;
        io.err(`error: ${label}: no disputed items could be read (${warnings.join('; ')}); no case written`);
        continue;
      }
      // the written file must load: check it against the schema and the reason vocabulary
      validateCase(c, label, pack.reasonTags);
      const upheld = c.requests.filter((r) => r.actual?.decision === 'upheld').length;
      const overturned = c.requests.filter((r) => r.actual?.decision === 'overturned').length;
      const yaml = `# Imported by imr-check import from ${source} (${letter.layout} layout).\n# Facts marked "rationale" in provenance come from the reviewer's reasoning; review before use.\n${stringify(c, { lineWidth: 0 })}`;
      let where = 'stdout';
      if (opts.out) {
        const target = join(opts.out, `${c.id}.yaml`);
        if (existsSync(target) && !opts.force) {
          failed += 1;
          io.err(`error: ${target} exists; not overwritten (use --force)`);
          continue;
        }
        writeFileSync(target, yaml);
        where = target;
      } else {
        io.out(`---\n${yaml}`);
      }
      written += 1;
      items += c.requests.length;
      io.err(
        `${label}: ${c.requests.length} item${c.requests.length === 1 ? '' : 's'} (${upheld} upheld, ${overturned} overturned), ${warnings.length} warning${warnings.length === 1 ? '' : 's'} -> ${where}`,
      );
      for (const w of warnings) io.err(`  warning: ${w}`);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      failed += 1;
      io.err(`error: ${e.message}`);
    }
  }
  io.err(`letters read: ${files.length}, cases written: ${written}, failed: ${failed}, items: ${items}`);
  return failed > 0 ? 1 : 0;
}
