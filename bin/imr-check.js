#!/usr/bin/env node
// The launcher. Replays over a corpus (`evaluate`, `coverage`) run in a worker thread whose heap is
// capped: V8 otherwise sizes its heap for the machine's memory and lets a long replay peak far
// above what it holds (measured: 261-277 MiB over 100,000 items, against ~190 MiB capped, in the
// same time). Every other command runs here directly, so `check` starts as fast as it can.
// IMR_CHECK_HEAP_MB changes the cap (0: no worker, no cap).
import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const BUNDLE = fileURLToPath(new URL('../dist/bundle/main.cjs', import.meta.url));

// Compiling the ~1 MB bundle is a third of start-up. V8 can instead load the code it compiled
// on an earlier run (a code cache, kept beside the bundle); Node 20 offers that only for scripts
// compiled through node:vm, hence a CommonJS bundle run here rather than imported. V8 checks a
// cache against the source's length alone, so the cache file is named by a hash of the source
// (and the Node version, whose V8 would reject another's cache). A cache that is missing or
// rejected is written after the run, with everything the run compiled; if it cannot be written
// (a read-only install) the command runs as fast as it would without one.
function loadBundle() {
  const source = readFileSync(BUNDLE, 'utf8');
  const hash = createHash('sha1').update(source).digest('hex').slice(0, 16);
  const cacheFile = `${BUNDLE}.${hash}.${process.version}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: BUNDLE,
    cachedData,
    // the bundle imports pdf.js (an ES module) when it reads PDFs
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(BUNDLE), mod, BUNDLE, dirname(BUNDLE));
  const saveCache = () => {
    if (cachedData && !script.cachedDataRejected) return;
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    try {
      // serialising the code takes a few milliseconds: not for a folder that cannot hold it
      accessSync(dirname(BUNDLE), constants.W_OK);
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      // not writable: runs stay as fast as without a cache
    }
  };
  return { main: mod.exports.main, saveCache };
}

const BOUNDED = new Set(['evaluate', 'coverage']);
const HEAP_MB = Number(process.env.IMR_CHECK_HEAP_MB ?? 128);

// the command is the first argument that is neither a global option nor its value
function commandOf(args) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--rules' || args[i] === '--today') i += 1;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return undefined;
}

async function run(argv) {
  const { main, saveCache } = loadBundle();
  const code = await main(argv);
  saveCache();
  return code;
}

if (!isMainThread) {
  // the worker's standard streams are pipes to the main thread: keep the terminal's answer
  if (workerData?.errIsTty) process.stderr.isTTY = true;
  run(process.argv).then((code) => parentPort.postMessage({ code }));
} else if (BOUNDED.has(commandOf(process.argv.slice(2))) && HEAP_MB > 0) {
  const worker = new Worker(new URL(import.meta.url), {
    argv: process.argv.slice(2),
    workerData: { errIsTty: Boolean(process.stderr.isTTY) },
    resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
  });
  worker.on('message', (m) => {
    process.exitCode = m.code;
  });
  worker.on('error', (e) => {
    if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY')
      process.stderr.write(
        `imr-check: this run needed more than its ${HEAP_MB} MB heap; run again with IMR_CHECK_HEAP_MB set higher (0: no limit)\n`,
      );
    else process.stderr.write(`${e?.stack ?? e}\n`);
    process.exitCode = 2;
  });
} else {
  run(process.argv).then((code) => {
    process.exitCode = code;
  });
}
