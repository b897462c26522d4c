// npm run bench [-- --json] [-- --quick]
// Measures, in one run and after a warm-up: the engine's items/second on a fixed-seed corpus,
// the share of evaluate's time spent in rule evaluation, the engine against hand-written checks
// of a fixed rule subset (and that both decide the same), a naive json-rules-engine baseline,
// the start-up of `imr-check check` against a bare `node -e ''`, and peak memory of `evaluate`
// over 100,000 items. Ratios matter, not absolute figures: these machines are shared and noisy.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Engine } from 'json-rules-engine';
import { stringify } from 'yaml';
import { loadRulePack } from '../dist/load/rules.js';
import { createEvaluator, evaluateCase, evaluateItem } from '../dist/evaluate/evaluate.js';
import { parseData, readText } from '../dist/load/read.js';
import { validateCase } from '../dist/load/cases.js';
import { resolveName } from '../dist/facts/catalog.js';
import { caseContext, itemFacts, productClasses } from '../dist/facts/derive.js';
import { CUSTOM_OPERATORS } from '../dist/evaluate/operators.js';
import { corpus } from './corpus.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RULES = join(ROOT, 'rules');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const N = quick ? 4000 : 20000;
const MEM_ITEMS = quick ? 10000 : 100000;
const NAIVE_ITEMS = quick ? 500 : 2000;
const TODAY = '2026-11-24';
const log = (s) => process.stderr.write(`${s}\n`);

const pack = loadRulePack(RULES);
const ev = createEvaluator(pack, { today: TODAY });
const cases = corpus(N);
const itemsOf = (cs) => cs.reduce((n, c) => n + c.requests.length, 0);

// ---- 1. evaluate end to end: read + parse + validate, then rule evaluation ----------------------
const dir = mkdtempSync(join(tmpdir(), 'imr-bench-'));
cases.forEach((c, i) => {
  writeFileSync(join(dir, `${String(i).padStart(6, '0')}.yaml`), stringify(c));
});
const files = cases.map((_, i) => join(dir, `${String(i).padStart(6, '0')}.yaml`));

log(`warm-up on ${Math.min(500, cases.length)} cases`);
for (const c of cases.slice(0, 500)) await evaluateCase(ev, c);

let tRead = 0;
let tParse = 0;
let tEval = 0;
const loaded = [];
for (const f of files) {
  let t = performance.now();
  const text = readText(f);
  tRead += performance.now() - t;
  t = performance.now();
  const c = validateCase(parseData(text, f), f, pack.reasonTags);
  tParse += performance.now() - t;
  loaded.push(c);
}
for (const c of loaded) {
  const t = performance.now();
  await evaluateCase(ev, c);
  tEval += performance.now() - t;
}
const items = itemsOf(loaded);
const engineUsPerItem = (tEval * 1000) / items;

// ---- 2. the engine vs hand-written checks of a fixed subset ------------------------------------
const SUBSET = [
  'mtus.request.strength',
  'mtus.request.quantity',
  'mtus.request.frequency',
  'mtus.muscle-relaxants.acute-exacerbation',
  'mtus.muscle-relaxants.baclofen-indication',
  'mtus.muscle-relaxants.functional-improvement',
  'mtus.proton-pump-inhibitors.nsaid-therapy',
  'mtus.proton-pump-inhibitors.gi-risk',
];
const subPack = {
  ...pack,
  topics: pack.topics.map((t) => ({ ...t, rules: t.rules.filter((r) => SUBSET.includes(r.id)) })).filter((t) => t.rules.length > 0),
};
const subEv = createEvaluator(subPack, { today: TODAY });
const missing = (v) => v === undefined || v === null || v === '';
const notTrue = (v) => v !== true;
const inForce = (date) => date >= '2009-07-18' && date <= '2017-11-30';

// The same criteria, written by hand over the same derived facts.
function plainFindings(c, req, ctx) {
  const r = resolveName(pack.index, req.name, req.ingredients);
  if (r.status !== 'resolved' || !inForce(ctx.asOf.date)) return [];
  const p = r.product;
  const f = itemFacts(c, req, p, ctx, pack.index);
  const classes = productClasses(p, pack.index);
  const out = [];
  if (req.kind === 'medication' && p.form === 'oral' && missing(f.request.strength)) out.push('mtus.request.strength');
  if ((req.kind === 'medication' || req.kind === 'dme') && missing(f.request.quantity)) out.push('mtus.request.quantity');
  if (req.kind === 'medication' && missing(f.request.frequency)) out.push('mtus.request.frequency');
  if (req.kind === 'medication' && classes.includes('muscle-relaxant')) {
    const conds = f.case.conditions;
    const spastic = Array.isArray(conds) && conds.some((x) => ['spasticity', 'multiple-sclerosis', 'spinal-cord-injury'].includes(x));
    if (!spastic && notTrue(f.findings.acuteExacerbation)) out.push('mtus.muscle-relaxants.acute-exacerbation');
    if (
      p.form === 'oral' &&
      p.ingredients.some((i) => i.id === 'baclofen') &&
      !(
        Array.isArray(conds) &&
        conds.some((x) => ['spasticity', 'multiple-sclerosis', 'spinal-cord-injury', 'trigeminal-neuralgia'].includes(x))
      )
    ) {
      out.push('mtus.muscle-relaxants.baclofen-indication');
    }
    if (f.history.continuesCurrentUse === true && notTrue(f.documentation.functionalImprovement))
      out.push('mtus.muscle-relaxants.functional-improvement');
  }
  if (req.kind === 'medication' && (classes.includes('ppi') || classes.includes('h2-blocker'))) {
    if (notTrue(f.history.currentNsaid)) out.push('mtus.proton-pump-inhibitors.nsaid-therapy');
    if (notTrue(f.findings.giRisk) && notTrue(f.findings.dyspepsia)) out.push('mtus.proton-pump-inhibitors.gi-risk');
  }
  return out.sort();
}

for (const c of loaded.slice(0, 300)) {
  const ctx = caseContext(c, pack.index, TODAY, subEv.editionStart);
  for (const req of c.requests) {
    await evaluateItem(subEv, c, req, ctx);
    plainFindings(c, req, ctx);
  }
}
let tSubEngine = 0;
let tPlain = 0;
let differ = 0;
const engineIds = [];
for (const c of loaded) {
  const ctx = caseContext(c, pack.index, TODAY, subEv.editionStart);
  for (const req of c.requests) {
    const t = performance.now();
    const res = await evaluateItem(subEv, c, req, ctx);
    tSubEngine += performance.now() - t;
    engineIds.push(
      [...res.findings, ...res.advisories]
        .map((x) => x.ruleId)
        .sort()
        .join(' '),
    );
  }
}
let k = 0;
for (const c of loaded) {
  const ctx = caseContext(c, pack.index, TODAY, subEv.editionStart);
  for (const req of c.requests) {
    const t = performance.now();
    const ids = plainFindings(c, req, ctx);
    tPlain += performance.now() - t;
    if (ids.join(' ') !== engineIds[k]) differ += 1;
    k += 1;
  }
}

// ---- 3. a naive use of json-rules-engine: one Engine with every rule, JSONPath paths ------------
function naiveCondition(node) {
  if (node.all) return { all: node.all.map(naiveCondition) };
  if (node.any) return { any: node.any.map(naiveCondition) };
  if (node.not) return { not: naiveCondition(node.not) };
  const dot = node.fact.indexOf('.');
  return { fact: node.fact.slice(0, dot), path: `$.${node.fact.slice(dot + 1)}`, operator: node.operator, value: node.value ?? null };
}
const naive = new Engine([], { allowUndefinedFacts: true });
for (const op of CUSTOM_OPERATORS) naive.addOperator(op);
for (const t of pack.topics)
  for (const r of t.rules) naive.addRule({ name: r.id, conditions: { all: [naiveCondition(r.when)] }, event: { type: r.id } });
const naiveFacts = [];
for (const c of loaded) {
  const ctx = caseContext(c, pack.index, TODAY, ev.editionStart);
  for (const req of c.requests) {
    const r = resolveName(pack.index, req.name, req.ingredients);
    if (r.status === 'resolved') naiveFacts.push(itemFacts(c, req, r.product, ctx, pack.index));
    if (naiveFacts.length >= NAIVE_ITEMS) break;
  }
  if (naiveFacts.length >= NAIVE_ITEMS) break;
}
for (const f of naiveFacts.slice(0, 50)) await naive.run({ ...f });
let tNaive = 0;
for (const f of naiveFacts) {
  const t = performance.now();
  await naive.run({ ...f });
  tNaive += performance.now() - t;
}
const naiveUsPerItem = (tNaive * 1000) / naiveFacts.length;

// ---- 4. start-up of `imr-check check` against bare node ---------------------------------------
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function timeRun(cmd, argv, runs = 7) {
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: 'ignore' });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}`);
    ts.push(performance.now() - t);
  }
  return median(ts);
}
const tNode = timeRun(process.execPath, ['-e', '']);
const tCheck = timeRun(process.execPath, ['bin/imr-check.js', 'check', 'cases/seed-000.yaml']);

// ---- 5. peak memory of evaluate over many items, streaming -----------------------------------
const memDir = join(dir, 'mem');
mkdirSync(memDir);
const memCases = corpus(MEM_ITEMS, 7, { actual: true });
memCases.forEach((c, i) => {
  writeFileSync(join(memDir, `${String(i).padStart(6, '0')}.yaml`), stringify(c));
});
const peakOf = (nodeFlags) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, 'bin/imr-check.js', '--today', TODAY, 'evaluate', '--json', memDir], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    let hwm = 0;
    const t0 = performance.now();
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) hwm = Math.max(hwm, Number(m[1]));
      } catch {
        /* exited */
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ kb: hwm, ms: performance.now() - t0, code });
    });
  });
const peak = await peakOf([]);
// V8 sizes its heap for a 24 GB machine; the same run with the old space capped shows the live set
const peakCapped = await peakOf(['--max-old-space-size=128']);
rmSync(dir, { recursive: true, force: true });

const evalTotal = tRead + tParse + tEval;
const fig = {
  date: new Date().toISOString(),
  node: process.version,
  rules: pack.rules.size,
  topics: pack.topics.length,
  corpus: { seed: 20261124, cases: loaded.length, items },
  engine: { itemsPerSecond: Math.round(items / (tEval / 1000)), usPerItem: +engineUsPerItem.toFixed(1) },
  evaluate: {
    readMs: Math.round(tRead),
    parseValidateMs: Math.round(tParse),
    ruleEvaluationMs: Math.round(tEval),
    ruleEvaluationShare: +(tEval / evalTotal).toFixed(3),
    target: 'rule evaluation <= 0.5 of evaluate total',
  },
  subset: {
    rules: SUBSET.length,
    engineUsPerItem: +((tSubEngine * 1000) / items).toFixed(2),
    plainUsPerItem: +((tPlain * 1000) / items).toFixed(2),
    ratioEngineToPlain: +(tSubEngine / tPlain).toFixed(1),
    itemsCompared: items,
    itemsWithDifferentFindings: differ,
  },
  naive: {
    items: naiveFacts.length,
    usPerItem: +naiveUsPerItem.toFixed(1),
    speedupOfEngine: +(naiveUsPerItem / engineUsPerItem).toFixed(1),
    target: '>= 20x',
  },
  startup: { nodeMs: Math.round(tNode), checkMs: Math.round(tCheck), ratio: +(tCheck / tNode).toFixed(2), target: '< 4x' },
  memory: {
    items: itemsOf(memCases),
    files: memCases.length,
    peakRssMB: +(peak.kb / 1024).toFixed(1),
    seconds: +(peak.ms / 1000).toFixed(1),
    exitCode: peak.code,
    withOldSpace128: {
      peakRssMB: +(peakCapped.kb / 1024).toFixed(1),
      seconds: +(peakCapped.ms / 1000).toFixed(1),
      exitCode: peakCapped.code,
    },
    target: '< 250 MB',
  },
};

if (args.includes('--json')) {
  process.stdout.write(`${JSON.stringify(fig, null, 2)}\n`);
} else {
  const ok = (b) => (b ? 'met' : 'MISSED');
  const rows = [
    [
      'engine (one Engine per applicable rule set)',
      `${fig.engine.usPerItem} µs/item`,
      `${fig.engine.itemsPerSecond} items/s on ${items} items`,
      '',
    ],
    [
      'evaluate: read / parse+validate / rules',
      `${fig.evaluate.readMs} / ${fig.evaluate.parseValidateMs} / ${fig.evaluate.ruleEvaluationMs} ms`,
      `rules share ${(fig.evaluate.ruleEvaluationShare * 100).toFixed(1)}%`,
      `<= 50%: ${ok(fig.evaluate.ruleEvaluationShare <= 0.5)}`,
    ],
    [
      'subset: engine vs hand-written',
      `${fig.subset.engineUsPerItem} vs ${fig.subset.plainUsPerItem} µs/item`,
      `ratio ${fig.subset.ratioEngineToPlain}x; differing items: ${differ}`,
      `identical: ${ok(differ === 0)}`,
    ],
    [
      'naive json-rules-engine (one Engine, JSONPath)',
      `${fig.naive.usPerItem} µs/item`,
      `engine is ${fig.naive.speedupOfEngine}x faster`,
      `>= 20x: ${ok(fig.naive.speedupOfEngine >= 20)}`,
    ],
    [
      "start-up: check one case vs node -e ''",
      `${fig.startup.checkMs} vs ${fig.startup.nodeMs} ms`,
      `ratio ${fig.startup.ratio}x`,
      `< 4x: ${ok(fig.startup.ratio < 4)}`,
    ],
    [
      `evaluate over ${fig.memory.items} items (${fig.memory.files} files)`,
      `peak RSS ${fig.memory.peakRssMB} MB`,
      `${fig.memory.seconds} s, exit ${fig.memory.exitCode}`,
      `< 250 MB: ${ok(fig.memory.peakRssMB < 250)}`,
    ],
    [
      '  same, node --max-old-space-size=128',
      `peak RSS ${fig.memory.withOldSpace128.peakRssMB} MB`,
      `${fig.memory.withOldSpace128.seconds} s, exit ${fig.memory.withOldSpace128.exitCode}`,
      `< 250 MB: ${ok(fig.memory.withOldSpace128.peakRssMB < 250)}`,
    ],
  ];
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  process.stdout.write(`imr-check bench: ${fig.rules} rules in ${fig.topics} topics, ${process.version}\n`);
  for (const r of rows) process.stdout.write(`${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}\n`);
}
if (differ > 0) {
  process.stderr.write(`bench: the engine and the hand-written checks disagree on ${differ} items\n`);
  process.exitCode = 1;
}
