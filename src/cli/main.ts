// The imr-check command line. Exit codes: 0 done; 1 some input was invalid (reported; every valid
// file is still processed) or --fail-on matched; 2 usage error or unusable rule pack.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readCachedPack, RulePackError, type RulePack } from '../load/pack-cache.js';
import { createEvaluator, type CaseResult, type Outcome } from '../evaluate/evaluate.js';
import type { InputIssue } from '../load/errors.js';
import type { Case } from '../schema/case.js';
import { caseText, inputErrorLines, metricsText } from '../report/text.js';
import { terminalSafe } from '../report/escape.js';
import { caseCsv, csvHeader, totalsCsv } from '../report/csv.js';
import { caseHtml, htmlEnd, htmlStart } from '../report/html.js';
import { addTotals, emptyTotals, totalsText } from '../report/totals.js';
import { progressLine } from './progress.js';
import { caseReport } from '../report/summary.js';
import { addCase, DEFAULT_LIST_LIMIT, emptyMetrics, finish } from '../report/metrics.js';
import { type BatchCounts, countsLine, runBatch } from './batch.js';
import { endQuietlyOnClosedPipe } from './pipe.js';
import type { ImportOptions } from './import-cmd.js';
import { DEFAULT_HOST, DEFAULT_PORT, parsePort, serveCommand } from '../serve/command.js';
// Modules only some commands need are imported when that command runs: `check`, the gating
// command, then loads only what it uses (the bench's start-up figure).

export const DEFAULT_RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));
export const DEFAULT_DOCS_DIR = fileURLToPath(new URL('../../docs', import.meta.url));
// written by `npm run build` (dist/load/build-pack.js); used only while it matches the rule files
export const PACK_CACHE = fileURLToPath(new URL('../rule-pack.json', import.meta.url));

type Io = {
  out: (s: string) => void;
  err: (s: string) => void;
  errIsTty: boolean;
  // standard error without a line break (the progress line); process.stderr unless a test gives one
  errRaw?: (s: string) => void;
};

const defaultIo: Io = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  errIsTty: Boolean(process.stderr.isTTY),
};

// Every line the command prints goes through terminalSafe: text from a case (a name with a
// right-to-left override, an ANSI escape, a NUL) reaches the terminal as visible \uXXXX escapes.
const safeIo = (io: Io): Io => ({ ...io, out: (s) => io.out(terminalSafe(s)), err: (s) => io.err(terminalSafe(s)) });

async function loadPack(dir: string, io: Io): Promise<RulePack | undefined> {
  try {
    // the validating loader and the rule-file schemas load only when the cache is stale
    return readCachedPack(dir, PACK_CACHE) ?? (await import('../load/rules.js')).loadRulePack(dir);
  } catch (e) {
    if (e instanceof RulePackError) {
      io.err(`imr-check: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

const FORMATS = ['text', 'json', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];
const formatOption = () =>
  new Option('--format <format>', 'output format: text, json, csv (one row per item) or html (a printable report)')
    .choices(FORMATS)
    .default('text');
// --json stays as it was documented: the same as --format json
const formatOf = (opts: { json?: boolean; format: Format }): Format => (opts.json ? 'json' : opts.format);

// One batch with a progress line and its errors, one problem per line, never glued to the progress.
async function batch(
  ev: ReturnType<typeof createEvaluator>,
  paths: string[],
  io: Io,
  verb: string,
  onResult: (r: CaseResult, warnings: InputIssue[]) => void,
  transform?: (c: Case) => Case,
): Promise<BatchCounts> {
  const bar = progressLine(io, verb);
  const counts = await runBatch(ev, paths, {
    transform,
    onResult,
    onError: (e) => {
      for (const line of inputErrorLines(e)) bar.print(line);
    },
    onTotal: (n) => bar.start(n),
    progress: (c) => bar.update(c.files),
  });
  bar.clear();
  return counts;
}

const OUTCOMES: Outcome[] = ['upheld', 'overturned', 'not-covered'];
const parseOutcomes = (v: string): Outcome[] => {
  const list = v.split(',').map((x) => x.trim());
  const bad = list.filter((x) => !OUTCOMES.includes(x as Outcome));
  if (bad.length || list.length === 0)
    throw new InvalidArgumentError(`expected a comma-separated list of ${OUTCOMES.join(', ')}; got "${bad.join(', ') || v}"`);
  return list as Outcome[];
};

const parseListLimit = (v: string): number => {
  if (v === 'all') return Number.POSITIVE_INFINITY;
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`expected a whole number or "all"; got "${v}"`);
  return Number(v);
};

const isoDate = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new CommanderError(2, 'imr-check.usage', `--today expects YYYY-MM-DD, got "${v}"`);
  return v;
};

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let code = 0;
  if (io === defaultIo) endQuietlyOnClosedPipe([process.stdout, process.stderr]);
  io = safeIo(io);
  const program = new Command();
  program
    .name('imr-check')
    .description('Predict whether each requested treatment would survive California IMR, with MTUS citations.')
    .option('--rules <dir>', 'rule pack folder', DEFAULT_RULES_DIR)
    .option('--today <date>', 'the date used when a case states no request date (YYYY-MM-DD)', isoDate)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  // every command but `import` needs the validated rule pack: load it once here, exit 2 when it does not load
  const withPack =
    <A extends unknown[]>(run: (pack: RulePack, ...args: A) => Promise<number> | number) =>
    async (...args: A) => {
      const pack = await loadPack(program.opts().rules, io);
      code = pack ? await run(pack, ...args) : 2;
    };

  program
    .command('check')
    .description('explain, item by item, the predicted IMR outcome of each case')
    .argument('<paths...>', 'case files (YAML/JSON), folders, or - for standard input')
    .addOption(formatOption())
    .option('--json', 'print one JSON object per case, one per line (the same as --format json)')
    .option(
      '--fail-on <outcomes>',
      'exit 1 when any item is predicted with one of these outcomes (a comma-separated list of upheld, not-covered, overturned)',
      parseOutcomes,
    )
    .action(
      withPack(async (pack, paths: string[], opts: { json?: boolean; format: Format; failOn?: Outcome[] }) => {
        const g = program.opts();
        const ev = createEvaluator(pack, { today: g.today });
        const format = formatOf(opts);
        const totals = emptyTotals();
        let matched = false;
        let first = true;
        if (format === 'csv') io.out(csvHeader(false));
        if (format === 'html') io.out(htmlStart('imr-check: predicted IMR outcomes'));
        const counts = await batch(ev, paths, io, 'checking', (r, warnings) => {
          addTotals(totals, r);
          if (opts.failOn && r.items.some((i) => opts.failOn?.includes(i.outcome))) matched = true;
          if (format === 'json') io.out(JSON.stringify(caseReport(r, warnings)));
          else if (format === 'csv') {
            if (r.items.length) io.out(caseCsv(r, warnings));
          } else if (format === 'html') io.out(caseHtml(r, warnings));
          else {
            if (!first) io.out('');
            io.out(caseText(r, warnings));
          }
          first = false;
        });
        // JSON stays one object per case per line; the other formats end with the totals
        if (format === 'text' && totals.cases > 0) io.out(`\n${totalsText(totals)}`);
        if (format === 'csv') io.out(totalsCsv(totals));
        if (format === 'html') io.out(htmlEnd(totals));
        io.err(countsLine(counts));
        return counts.invalid > 0 || matched ? 1 : 0;
      }),
    );

  program
    .command('evaluate')
    .description('compare predicted with actual IMR decisions over cases that carry them')
    .argument('<paths...>', 'case files or folders')
    .addOption(formatOption())
    .option('--json', 'print the figures as one JSON object (the same as --format json)')
    .option(
      '--max-listed <n>',
      `list at most n mismatches and n reason differences, counting the rest (a number, or all)`,
      parseListLimit,
      DEFAULT_LIST_LIMIT,
    )
    .addOption(
      new Option('--facts <mode>', 'all facts, or only those from the case summary (leave out what a rationale supplied)')
        .choices(['all', 'summary'])
        .default('all'),
    )
    .action(
      withPack(async (pack, paths: string[], opts: { json?: boolean; format: Format; facts: 'all' | 'summary'; maxListed: number }) => {
        const g = program.opts();
        const ev = createEvaluator(pack, { today: g.today });
        const format = formatOf(opts);
        const m = emptyMetrics(opts.maxListed);
        const totals = emptyTotals();
        m.factsMode =
          opts.facts === 'summary' ? 'summary (facts taken from a rationale left out)' : 'all (including facts taken from rationales)';
        // CSV and HTML list every item with its actual decision; text and JSON give the figures
        if (format === 'csv') io.out(csvHeader(true));
        if (format === 'html') io.out(htmlStart('imr-check: predicted against actual IMR decisions'));
        const counts = await batch(
          ev,
          paths,
          io,
          'evaluating',
          (r, warnings) => {
            addCase(m, r);
            addTotals(totals, r);
            if (format === 'csv' && r.items.length) io.out(caseCsv(r, warnings, true));
            if (format === 'html') io.out(caseHtml(r, warnings, true));
          },
          opts.facts === 'summary' ? (await import('../import/to-case.js')).summaryOnly : undefined,
        );
        const done = finish(m);
        // compact JSON: a large replay is not written as one huge indented string
        if (format === 'json') io.out(JSON.stringify({ ...done, files: counts }));
        else if (format === 'csv') io.out(totalsCsv(totals, true));
        else if (format === 'html') io.out(htmlEnd(totals, done));
        else io.out(`${metricsText(done)}\n\n${totalsText(totals)}`);
        io.err(countsLine(counts));
        return counts.invalid > 0 ? 1 : 0;
      }),
    );

  program
    .command('import')
    .description('turn IMR Final Determination Letters (PDF or text) into case files')
    .argument('<paths...>', 'letters (.pdf, .txt), folders of letters, or - for a text letter on standard input')
    .option('--out <dir>', 'write one case file per letter here (default: print YAML to standard output)')
    .option('--force', 'overwrite existing case files')
    .option('--skip-existing', 'keep case files already in --out and do not read their letters again (resume an interrupted import)')
    .option('--compare <gold dir>', 'measure the imported facts against hand-encoded case files of the same letters; writes nothing')
    .option('--json', 'with --compare: print the figures as one JSON object')
    .action(
      withPack(async (pack, paths: string[], opts: ImportOptions) => {
        const { importCommand } = await import('./import-cmd.js');
        return importCommand(pack, paths, opts, io);
      }),
    );

  program
    .command('serve')
    .description('serve the web page, the JSON API and a CDS Hooks service (loopback by default)')
    .option('--port <n>', 'port to listen on (0: any free port)', parsePort, DEFAULT_PORT)
    .option('--host <address>', 'address to bind', DEFAULT_HOST)
    .action(
      withPack(async (pack, opts: { port: number; host: string }) => {
        const g = program.opts();
        return serveCommand(pack, { port: opts.port, host: opts.host, today: g.today }, io);
      }),
    );

  program
    .command('coverage')
    .description('share of items a rule covers over a corpus, and the uncovered names by kind')
    .argument('<paths...>', 'case files or folders')
    .option('--json', 'print the figures as one JSON object')
    .action(
      withPack(async (pack, paths: string[], opts: { json?: boolean }) => {
        const g = program.opts();
        const ev = createEvaluator(pack, { today: g.today });
        const { addCoverage, coverageText, emptyCoverage, finishCoverage } = await import('../report/coverage.js');
        const acc = emptyCoverage();
        const counts = await batch(ev, paths, io, 'reading', (r) => addCoverage(acc, r));
        const c = finishCoverage(acc);
        io.out(opts.json ? JSON.stringify(c, null, 2) : coverageText(c));
        io.err(countsLine(counts));
        return counts.invalid > 0 ? 1 : 0;
      }),
    );

  program
    .command('docs')
    .description('write the generated documents (case format, JSON Schemas, rule pack) into a folder')
    .option('--out <dir>', 'folder to write into', DEFAULT_DOCS_DIR)
    .action(
      withPack(async (pack, opts: { out: string }) => {
        const { generatedDocs } = await import('../report/docs.js');
        const { runRuleTests } = await import('../evaluate/rule-tests.js');
        const docs = generatedDocs(pack, (await runRuleTests(pack)).examples);
        mkdirSync(opts.out, { recursive: true });
        for (const [name, text] of Object.entries(docs)) writeFileSync(join(opts.out, name), text);
        io.err(`wrote ${Object.keys(docs).join(', ')} to ${opts.out}`);
        return 0;
      }),
    );

  const rules = program
    .command('rules')
    .description('list the rules (id, topic, reason, citation)')
    .option('--json', 'print the rules as JSON')
    .option('--markdown', 'print the rule pack as a document, with an example from the tests for each rule')
    .action(
      withPack(async (pack, opts: { json?: boolean; markdown?: boolean }) => {
        const { rulesList } = await import('./rules-cmd.js');
        if (opts.markdown) {
          const { rulesMarkdown } = await import('../report/markdown.js');
          const { runRuleTests } = await import('../evaluate/rule-tests.js');
          io.out(rulesMarkdown(pack, (await runRuleTests(pack)).examples));
        } else io.out(rulesList(pack, Boolean(opts.json)));
        return 0;
      }),
    );
  rules
    .command('test')
    .description('run the rule tests kept beside each topic (rules/<topic>.test.yaml)')
    .argument('[topics...]', 'only these topics')
    .action(
      withPack(async (pack, topics: string[]) => {
        const { rulesTestCommand } = await import('./rules-cmd.js');
        return rulesTestCommand(pack, topics, io);
      }),
    );

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) return 0;
      return 2;
    }
    throw e;
  }
  return code;
}
