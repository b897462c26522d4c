#!/usr/bin/env node
// The launcher. Replays over a corpus (`evaluate`, `coverage`) run in a worker thread whose heap is
// capped: V8 otherwise sizes its heap for the machine's memory and lets a long replay peak far
// above what it holds (measured: 261-277 MiB over 100,000 items, against ~190 MiB capped, in the
// same time). Every other command runs here directly, so `check` starts as fast as it can.
// IMR_CHECK_HEAP_MB changes the cap (0: no worker, no cap).
import module from 'node:module';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

// Node 22.1+ caches compiled code between runs; on Node 20 this is absent and costs nothing.
module.enableCompileCache?.();

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
  const { main } = await import('../dist/bundle/main.js');
  return main(argv);
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
