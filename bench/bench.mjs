// npm run bench [-- --json] [-- --quick] [-- --mem-items N]
// These machines are shared and noisy: every figure is a median of repeated runs with its spread
// (min-max), and every target is a ratio within this one run or a memory figure, never an
// absolute time. Nothing here is a test; test/ holds the behaviour (caps, JSON errors).
//  1. where the time of the real command goes, per item: read, parse (YAML and JSON), validate,
//     derive, rules + explanation, report;
//  2. the engine against two naive uses of json-rules-engine (one Engine holding every rule, with
//     JSONPath paths and with direct property paths), on the same items, their answers checked;
//  3. start-up of `imr-check check` against a bare `node -e ''`, interleaved;
//  4. peak memory (RSS of the whole process, worker included) of `evaluate` over 100,000 items
//     with the default launcher, and without its heap cap.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Engine, Operator } from 'json-rules-engine';
import { stringify } from 'yaml';
import { validateCase } from '../dist/load/cases.js';
import { parseData, readText } from '../dist/load/read.js';
import { loadRulePack } from '../dist/load/rules.js';
import { applicableRules, createEvaluator, evaluateCase } from '../dist/evaluate/evaluate.js';
import { ruleSetFor, runRuleSet } from '../dist/evaluate/engine.js';
import { caseContext, itemFacts, productClasses } from '../dist/facts/derive.js';
import { OPERATORS, runOperator } from '../dist/schema/operators.js';
import { addCase, emptyMetrics } from '../dist/report/metrics.js';
import { caseReport } from '../dist/report/summary.js';
import { corpus } from './corpus.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const argValue = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const RUNS = quick ? 3 : 5;
const PHASE_ITEMS = quick ? 1000 : 5000;
const NAIVE_ITEMS = quick ? 300 : 1500;
const STARTUP_RUNS = quick ? 5 : 11;
const MEM_ITEMS = argValue('--mem-items', quick ? 10000 : 100000);
const TODAY = '2026-11-24';
const log = (s) => process.stderr.write(`${s}\n`);

const pack = loadRulePack(join(ROOT, 'rules'));
const ev = createEvaluator(pack, { today: TODAY });

// median and spread of repeated measurements
function stat(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, min: s[0], max: s[s.length - 1], runs: s.length };
}
const fmt = (st, digits = 1) => `${st.median.toFixed(digits)} (${st.min.toFixed(digits)}-${st.max.toFixed(digits)})`;
async function repeat(fn) {
  const out = [];
  for (let i = 0; i < RUNS; i++) out.push(await fn());
  return out;
}

// ---- 1. where the time goes in the real command ------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'imr-bench-'));
const cases = corpus(PHASE_ITEMS);
const items = cases.reduce((n, c) => n + c.requests.length, 0);
const yamlFiles = [];
const jsonFiles = [];
cases.forEach((c, i) => {
  const name = join(dir, String(i).padStart(6, '0'));
  writeFileSync(`${name}.yaml`, stringify(c));
  writeFileSync(`${name}.json`, JSON.stringify(c, null, 2));
  yamlFiles.push(`${name}.yaml`);
  jsonFiles.push(`${name}.json`);
});
log(`1/4 phases over ${items} items in ${cases.length} files, ${RUNS} runs`);

async function phases() {
  const us = (ms) => (ms * 1000) / items;
  const t = { read: 0, parseYaml: 0, parseJson: 0, validate: 0, derive: 0, evaluate: 0, report: 0 };
  const texts = [];
  let t0 = performance.now();
  for (let i = 0; i < yamlFiles.length; i++) texts.push([readText(yamlFiles[i]), readText(jsonFiles[i])]);
  t.read = (performance.now() - t0) / 2; // two files per case were read
  const datas = [];
  t0 = performance.now();
  for (let i = 0; i < texts.length; i++) datas.push(parseData(texts[i][0], yamlFiles[i]));
  t.parseYaml = performance.now() - t0;
  t0 = performance.now();
  for (let i = 0; i < texts.length; i++) parseData(texts[i][1], jsonFiles[i]);
  t.parseJson = performance.now() - t0;
  const loaded = [];
  t0 = performance.now();
  for (let i = 0; i < datas.length; i++) loaded.push(validateCase(datas[i], yamlFiles[i], pack.reasonTags));
  t.validate = performance.now() - t0;
  // derivation alone: resolve names and derive every item's facts (evaluate does this again)
  t0 = performance.now();
  for (const c of loaded) {
    const ctx = caseContext(c, pack.index, pack.definitions, TODAY, ev.editionStart);
    for (const it of ctx.items) if (it.resolution.status === 'resolved') itemFacts(c, it.request, it.resolution.product, ctx, pack.index);
  }
  t.derive = performance.now() - t0;
  const results = [];
  t0 = performance.now();
  for (const c of loaded) results.push(await evaluateCase(ev, c));
  t.evaluate = performance.now() - t0 - t.derive; // rules and explanations
  t0 = performance.now();
  const m = emptyMetrics();
  for (const r of results) {
    addCase(m, r);
    JSON.stringify(caseReport(r));
  }
  t.report = performance.now() - t0;
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, us(v)]));
}
await phases(); // warm-up
const phaseRuns = await repeat(phases);
const phase = Object.fromEntries(Object.keys(phaseRuns[0]).map((k) => [k, stat(phaseRuns.map((r) => r[k]))]));
const perItem = (p) => p.read.median + p.validate.median + p.derive.median + p.evaluate.median + p.report.median;
const totalYaml = perItem(phase) + phase.parseYaml.median;
const totalJson = perItem(phase) + phase.parseJson.median;

// ---- 2. the engine against naive json-rules-engine, same items, answers checked ----------------
log(`2/4 engine vs naive json-rules-engine over ${NAIVE_ITEMS} items, ${RUNS} runs`);
const sample = [];
for (const f of yamlFiles) {
  const c = validateCase(parseData(readText(f), f), f, pack.reasonTags);
  const ctx = caseContext(c, pack.index, pack.definitions, TODAY, ev.editionStart);
  for (const it of ctx.items) {
    if (it.resolution.status !== 'resolved' || sample.length >= NAIVE_ITEMS) continue;
    const product = it.resolution.product;
    const classes = productClasses(product, pack.index, pack.definitions);
    const { applicable } = applicableRules(ev, it.request.kind, product, classes, ctx.asOf.date);
    if (applicable.length) sample.push({ facts: itemFacts(c, it.request, product, ctx, pack.index), applicable });
  }
  if (sample.length >= NAIVE_ITEMS) break;
}

function naiveEngine(jsonPath) {
  const toCond = (node) => {
    if (node.all) return { all: node.all.map(toCond) };
    if (node.any) return { any: node.any.map(toCond) };
    if (node.not) return { not: toCond(node.not) };
    if (node.condition) return { condition: node.condition };
    const dot = node.fact.indexOf('.');
    const path = node.fact.slice(dot + 1);
    return { fact: node.fact.slice(0, dot), path: jsonPath ? `$.${path}` : path, operator: node.operator, value: node.value ?? null };
  };
  const opts = { allowUndefinedFacts: true };
  if (!jsonPath) opts.pathResolver = (value, path) => (value == null ? undefined : value[path]);
  const e = new Engine([], opts);
  for (const name of OPERATORS) e.addOperator(new Operator(name, (fact, value) => runOperator(name, fact, value)));
  for (const [name, node] of Object.entries(pack.conditions)) e.setCondition(name, node.fact ? { all: [toCond(node)] } : toCond(node));
  for (const t of pack.topics)
    for (const r of t.rules) {
      if (r.status === 'deprecated') continue;
      const parts = [...(r.appliesWhen ? [toCond(r.appliesWhen)] : []), toCond(r.when)];
      e.addRule({ name: r.id, conditions: { all: parts }, event: { type: r.id } });
    }
  return e;
}
const naive = { jsonPath: naiveEngine(true), direct: naiveEngine(false) };

// the rules an item fired, of those that apply to it
async function engineAnswer(s) {
  const out = await runRuleSet(ruleSetFor(ev.ruleSets, s.applicable, pack.conditions), s.facts);
  return out
    .filter((o) => o.applicable && o.fired)
    .map((o) => o.rule.id)
    .sort()
    .join(' ');
}
async function naiveAnswer(e, s) {
  const { results } = await e.run({ ...s.facts });
  const ids = new Set(s.applicable.map((r) => r.id));
  return results
    .map((r) => r.name)
    .filter((n) => ids.has(n))
    .sort()
    .join(' ');
}
async function timeEach(fn) {
  const t0 = performance.now();
  for (const s of sample) await fn(s);
  return ((performance.now() - t0) * 1000) / sample.length;
}
const answers = { engine: [], jsonPath: [], direct: [] };
for (const s of sample) {
  answers.engine.push(await engineAnswer(s));
  answers.jsonPath.push(await naiveAnswer(naive.jsonPath, s));
  answers.direct.push(await naiveAnswer(naive.direct, s));
}
const differ = {
  jsonPath: answers.engine.filter((a, i) => a !== answers.jsonPath[i]).length,
  direct: answers.engine.filter((a, i) => a !== answers.direct[i]).length,
};
const naiveRuns = await repeat(async () => ({
  engine: await timeEach(engineAnswer),
  jsonPath: await timeEach((s) => naiveAnswer(naive.jsonPath, s)),
  direct: await timeEach((s) => naiveAnswer(naive.direct, s)),
}));
const eng = {
  engineUs: stat(naiveRuns.map((r) => r.engine)),
  jsonPathUs: stat(naiveRuns.map((r) => r.jsonPath)),
  directUs: stat(naiveRuns.map((r) => r.direct)),
  // ratios per run, so a noisy moment affects both sides alike
  jsonPathRatio: stat(naiveRuns.map((r) => r.jsonPath / r.engine)),
  directRatio: stat(naiveRuns.map((r) => r.direct / r.engine)),
};

// ---- 3. start-up of `check` against bare node, interleaved -------------------------------------
log(`3/4 start-up, ${STARTUP_RUNS} interleaved runs`);
function timeOnce(argv) {
  const t = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, stdio: 'ignore' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`node ${argv.join(' ')} exited ${r.status}`);
  return performance.now() - t;
}
timeOnce(['bin/imr-check.js', 'check', 'cases/seed-000.yaml']); // file cache
const su = { node: [], check: [], ratio: [] };
for (let i = 0; i < STARTUP_RUNS; i++) {
  const n = timeOnce(['-e', '']);
  const c = timeOnce(['bin/imr-check.js', 'check', 'cases/seed-000.yaml']);
  su.node.push(n);
  su.check.push(c);
  su.ratio.push(c / n);
}
const startup = { nodeMs: stat(su.node), checkMs: stat(su.check), ratio: stat(su.ratio) };

// ---- 4. peak memory of evaluate over many items --------------------------------------------------
log(`4/4 peak memory of evaluate over ${MEM_ITEMS} items (JSON files), default launcher and without its cap`);
const memDir = join(dir, 'mem');
mkdirSync(memDir);
const memCases = corpus(MEM_ITEMS, 7, { actual: true });
memCases.forEach((c, i) => {
  writeFileSync(join(memDir, `${String(i).padStart(6, '0')}.json`), JSON.stringify(c));
});
const peakOf = (env) =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['bin/imr-check.js', '--today', TODAY, 'evaluate', '--json', memDir], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    // only the end is kept: the reason a run failed is its last line
    child.stderr.on('data', (d) => {
      err = (err + d).slice(-4000);
    });
    let hwm = 0;
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
      const s = (performance.now() - t0) / 1000;
      let items = 0;
      try {
        items = JSON.parse(out).items;
      } catch {
        /* reported by the exit code */
      }
      const failure = items === MEM_ITEMS ? undefined : `exit ${code}, ${items} of ${MEM_ITEMS} items: ${err.trim().split('\n').pop()}`;
      resolve({ peakMiB: +(hwm / 1024).toFixed(1), seconds: +s.toFixed(1), itemsPerSecond: Math.round(items / s), items, code, failure });
    });
  });
// one after the other: run side by side they would share the two cores and the page cache
const memDefault = await peakOf({});
const memUncapped = await peakOf({ IMR_CHECK_HEAP_MB: '0' });
rmSync(dir, { recursive: true, force: true });

const fig = {
  date: new Date().toISOString(),
  node: process.version,
  rules: pack.rules.size,
  runs: RUNS,
  phasesUsPerItem: { items, ...Object.fromEntries(Object.entries(phase).map(([k, v]) => [k, v])) },
  evaluateItemsPerSecond: { yaml: Math.round(1e6 / totalYaml), json: Math.round(1e6 / totalJson) },
  engine: {
    items: sample.length,
    ...eng,
    itemsWithDifferentAnswers: differ,
    target: 'answers identical; >= 15x the naive baseline with direct paths',
  },
  startup: { ...startup, target: 'ratio < 3x' },
  memory: { default: memDefault, withoutHeapCap: memUncapped, target: 'default < 250 MiB' },
};

if (args.includes('--json')) process.stdout.write(`${JSON.stringify(fig, null, 2)}\n`);
else {
  const ok = (b) => (b ? 'met' : 'MISSED');
  // a run that did not evaluate every item measured nothing: say so rather than print its peak
  const memLine = (m) =>
    m.failure ? `FAILED (${m.failure})` : `${m.peakMiB} MiB  ${m.seconds} s  ${m.itemsPerSecond} items/s  exit ${m.code}`;
  const p = phase;
  const share = (x) => `${((x / totalYaml) * 100).toFixed(0)}%`;
  const lines = [
    `imr-check bench: ${fig.rules} rules, ${process.version}; median (min-max) of ${RUNS} runs unless stated`,
    '',
    `where the time goes, µs per item (${items} items; evaluate of YAML input = ${totalYaml.toFixed(0)} µs/item)`,
    `  read file          ${fmt(p.read)}  ${share(p.read.median)}`,
    `  parse YAML         ${fmt(p.parseYaml)}  ${share(p.parseYaml.median)}`,
    `  parse JSON         ${fmt(p.parseJson)}  (instead of YAML: ${(p.parseYaml.median / p.parseJson.median).toFixed(0)}x faster)`,
    `  validate (zod)     ${fmt(p.validate)}  ${share(p.validate.median)}`,
    `  derive facts       ${fmt(p.derive)}  ${share(p.derive.median)}`,
    `  rules + explain    ${fmt(p.evaluate)}  ${share(p.evaluate.median)}`,
    `  report             ${fmt(p.report)}  ${share(p.report.median)}`,
    `  evaluate throughput: ${fig.evaluateItemsPerSecond.yaml} items/s from YAML, ${fig.evaluateItemsPerSecond.json} items/s from JSON (one core)`,
    '',
    `rules on the same ${sample.length} items, µs per item`,
    `  engine (one Engine per applicable rule set, direct paths)   ${fmt(eng.engineUs)}`,
    `  naive: one Engine, every rule, direct property paths        ${fmt(eng.directUs)}  engine ${fmt(eng.directRatio)}x faster  >= 15x: ${ok(eng.directRatio.median >= 15)}`,
    `  naive: one Engine, every rule, JSONPath                     ${fmt(eng.jsonPathUs)}  engine ${fmt(eng.jsonPathRatio)}x faster`,
    `  answers (rules fired among those that apply) differing from the engine's: direct ${differ.direct}, JSONPath ${differ.jsonPath}  identical: ${ok(differ.direct + differ.jsonPath === 0)}`,
    '',
    `start-up, ms (${STARTUP_RUNS} interleaved runs)`,
    `  node -e ''                          ${fmt(startup.nodeMs, 0)}`,
    `  imr-check check cases/seed-000.yaml ${fmt(startup.checkMs, 0)}  ratio ${fmt(startup.ratio, 2)}  < 3x: ${ok(startup.ratio.median < 3)}`,
    '',
    `evaluate --json over ${MEM_ITEMS} items in ${memCases.length} JSON files (one run each; peak RSS of the process, worker included)`,
    `  default launcher (worker, 128 MB old space)  ${memLine(memDefault)}  < 250 MiB: ${memDefault.failure ? 'NOT MEASURED (the run failed)' : ok(memDefault.peakMiB < 250)}`,
    `  IMR_CHECK_HEAP_MB=0 (no worker, no cap)      ${memLine(memUncapped)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
for (const m of [memDefault, memUncapped]) if (m.failure) log(`bench: a memory run failed: ${m.failure}`);
if (memDefault.failure || memUncapped.failure) process.exitCode = 1;
if (differ.direct + differ.jsonPath > 0) {
  log(`bench: the naive baselines and the engine disagree (direct ${differ.direct}, JSONPath ${differ.jsonPath} items)`);
  process.exitCode = 1;
}
