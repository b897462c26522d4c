// The imr-check command line. Exit codes: 0 done; 1 some input was invalid (reported; every valid
// file is still processed) or --fail-on matched; 2 usage error or unusable rule pack.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadRulePackCached, RulePackError, type RulePack } from '../load/rules.js';
import { createEvaluator, type CaseResult, type Outcome } from '../evaluate/evaluate.js';
import type { InputError } from '../load/errors.js';
import { caseText, metricsText } from '../report/text.js';
import { caseReport } from '../report/summary.js';
import { addCase, DEFAULT_LIST_LIMIT, emptyMetrics, finish } from '../report/metrics.js';
import { type BatchCounts, countsLine, runBatch } from './batch.js';
import type { ImportOptions } from './import-cmd.js';
import { DEFAULT_HOST, DEFAULT_PORT, parsePort, serveCommand } from '../serve/command.js';
// Modules only some commands need are imported when that command runs: `check`, the gating
// command, then loads only what it uses (the bench's start-up figure).

export const DEFAULT_RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));
export const DEFAULT_DOCS_DIR = fileURLToPath(new URL('../../docs', import.meta.url));
// written by `npm run build` (dist/load/build-pack.js); used only while it matches the rule files
export const PACK_CACHE = fileURLToPath(new URL('../rule-pack.json', import.meta.url));

type Io = { out: (s: string) => void; err: (s: string) => void; errIsTty: boolean };

const defaultIo: Io = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  errIsTty: Boolean(process.stderr.isTTY),
};

function loadPack(dir: string, io: Io): RulePack | undefined {
  try {
    return loadRulePackCached(dir, PACK_CACHE);
  } catch (e) {
    if (e instanceof RulePackError) {
      io.err(`imr-check: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

function reportError(io: Io, e: InputError) {
  io.err(`error: ${e.message}`);
}

function progress(io: Io) {
  if (!io.errIsTty) return undefined;
  let last = 0;
  return (c: BatchCounts) => {
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    process.stderr.write(`\r${countsLine(c)}`);
  };
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
      const pack = loadPack(program.opts().rules, io);
      code = pack ? await run(pack, ...args) : 2;
    };

  program
    .command('check')
    .description('explain, item by item, the predicted IMR outcome of each case')
    .argument('<paths...>', 'case files (YAML/JSON), folders, or - for standard input')
    .option('--json', 'print one JSON object per case, one per line')
    .option(
      '--fail-on <outcomes>',
      'exit 1 when any item is predicted with one of these outcomes (a comma-separated list of upheld, not-covered, overturned)',
      parseOutcomes,
    )
    .action(
      withPack(async (pack, paths: string[], opts: { json?: boolean; failOn?: Outcome[] }) => {
        const g = program.opts();
        const ev = createEvaluator(pack, { today: g.today });
        let matched = false;
        let first = true;
        const counts = await runBatch(ev, paths, {
          onResult: (r: CaseResult) => {
            if (opts.failOn && r.items.some((i) => opts.failOn?.includes(i.outcome))) matched = true;
            if (opts.json) io.out(JSON.stringify(caseReport(r)));
            else {
              if (!first) io.out('');
              io.out(caseText(r));
            }
            first = false;
          },
          onError: (e) => reportError(io, e),
          progress: progress(io),
        });
        if (io.errIsTty) process.stderr.write('\r');
        io.err(countsLine(counts));
        return counts.invalid > 0 || matched ? 1 : 0;
      }),
    );

  program
    .command('evaluate')
    .description('compare predicted with actual IMR decisions over cases that carry them')
    .argument('<paths...>', 'case files or folders')
    .option('--json', 'print the figures as one JSON object')
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
      withPack(async (pack, paths: string[], opts: { json?: boolean; facts: 'all' | 'summary'; maxListed: number }) => {
        const g = program.opts();
        const ev = createEvaluator(pack, { today: g.today });
        const m = emptyMetrics(opts.maxListed);
        m.factsMode =
          opts.facts === 'summary' ? 'summary (facts taken from a rationale left out)' : 'all (including facts taken from rationales)';
        const counts = await runBatch(ev, paths, {
          transform: opts.facts === 'summary' ? (await import('../import/to-case.js')).summaryOnly : undefined,
          onResult: (r) => addCase(m, r),
          onError: (e) => reportError(io, e),
          progress: progress(io),
        });
        if (io.errIsTty) process.stderr.write('\r');
        const done = finish(m);
        // compact JSON: a large replay is not written as one huge indented string
        io.out(opts.json ? JSON.stringify({ ...done, files: counts }) : metricsText(done));
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
        const counts = await runBatch(ev, paths, {
          onResult: (r) => addCoverage(acc, r),
          onError: (e) => reportError(io, e),
          progress: progress(io),
        });
        if (io.errIsTty) process.stderr.write('\r');
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
