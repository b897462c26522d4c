// npm run load [-- --seconds 30]: a bounded load test of `imr-check serve` on loopback.
// Valid cases at a fixed concurrency, plus oversized and malformed bodies at the same time; passes
// when no valid request fails, the bad ones get 413/400, the server stays up, and its memory in the
// last 10 s is not above the first 10 s by more than a margin. It stops by itself.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const SECONDS =
  Number(argv[argv.indexOf('--seconds') + 1]) > 0 && argv.includes('--seconds') ? Number(argv[argv.indexOf('--seconds') + 1]) : 30;
const CONNECTIONS = 8;

const server = spawn(process.execPath, ['bin/imr-check.js', 'serve', '--host', '127.0.0.1', '--port', '0'], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'pipe'],
});
const hardStop = setTimeout(
  () => {
    server.kill('SIGKILL');
    process.stderr.write('load: hard time limit reached\n');
    process.exit(2);
  },
  (SECONDS + 60) * 1000,
);

const url = await new Promise((resolve, reject) => {
  let seen = '';
  const onData = (d) => {
    seen += d.toString();
    const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
    if (m) resolve(m[1]);
  };
  server.stderr.on('data', onData);
  server.stdout.on('data', onData);
  server.on('exit', (code) => reject(new Error(`server exited early (${code}): ${seen}`)));
  setTimeout(() => reject(new Error(`server did not print its URL: ${seen}`)), 15000);
});

const rss = [];
const sampler = setInterval(() => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
    if (m) rss.push({ t: Date.now(), kb: Number(m[1]) });
  } catch {
    /* gone */
  }
}, 500);

const valid = JSON.stringify(parse(readFileSync(`${ROOT}/cases/seed-002.yaml`, 'utf8')));
// just over the 256 KB body limit: the server must refuse it with 413 without reading it all
const oversized = JSON.stringify({ id: 'big', padding: 'x'.repeat(300 * 1024), requests: [] });
const malformed = '{"id": "broken", "requests": [';
const run = (opts) =>
  new Promise((resolve, reject) =>
    autocannon(
      { url: `${url}/api/check`, duration: SECONDS, method: 'POST', headers: { 'content-type': 'application/json' }, ...opts },
      (err, res) => (err ? reject(err) : resolve(res)),
    ),
  );

const t0 = Date.now();
const [ok, big, bad] = await Promise.all([
  run({ connections: CONNECTIONS, body: valid }),
  run({ connections: 1, body: oversized }),
  run({ connections: 1, body: malformed }),
]);
clearInterval(sampler);
const health = await fetch(`${url}/health`)
  .then((r) => r.status)
  .catch(() => 0);
server.kill('SIGTERM');
clearTimeout(hardStop);

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const first = mean(rss.filter((s) => s.t - t0 <= 10_000).map((s) => s.kb)) / 1024;
const last = mean(rss.filter((s) => s.t - t0 >= (SECONDS - 10) * 1000).map((s) => s.kb)) / 1024;
const codes = (r) => Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
const report = {
  seconds: SECONDS,
  connections: CONNECTIONS,
  valid: {
    requests: ok.requests.total,
    failed: ok.errors + ok.timeouts + ok.non2xx,
    p50ms: ok.latency.p50,
    p99ms: ok.latency.p99,
    perSecond: ok.requests.average,
    codes: codes(ok),
  },
  oversized: { requests: big.requests.total, codes: codes(big), errors: big.errors },
  malformed: { requests: bad.requests.total, codes: codes(bad), errors: bad.errors },
  memoryMB: { first10s: +first.toFixed(1), last10s: +last.toFixed(1) },
  healthAfter: health,
};
const problems = [];
if (report.valid.failed > 0) problems.push(`${report.valid.failed} valid requests failed`);
if (ok.requests.total === 0) problems.push('no valid request completed');
if (Object.keys(report.oversized.codes).some((c) => c !== '413'))
  problems.push(`oversized bodies got ${JSON.stringify(report.oversized.codes)}`);
if (Object.keys(report.malformed.codes).some((c) => c !== '400'))
  problems.push(`malformed bodies got ${JSON.stringify(report.malformed.codes)}`);
if (health !== 200) problems.push(`server not healthy after the run (${health})`);
// flat memory: the last 10 s may not exceed the first 10 s by more than 25% + 20 MB of noise
if (!(last <= first * 1.25 + 20)) problems.push(`memory grew from ${first.toFixed(1)} MB to ${last.toFixed(1)} MB`);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(
  problems.length
    ? `load: FAILED: ${problems.join('; ')}\n`
    : `load: ok (p99 ${report.valid.p99ms} ms over ${report.valid.requests} valid requests)\n`,
);
process.exitCode = problems.length ? 1 : 0;
