// The JSON API over real HTTP on loopback: the server is started in-process on a free port.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CASES_DIR, ROOT, evaluator, rulePack } from '../helpers.js';
import { evaluateCase } from '../../src/evaluate/evaluate.js';
import { caseReport } from '../../src/report/summary.js';
import { loadCaseFile } from '../../src/load/cases.js';
import { rulesList } from '../../src/cli/rules-cmd.js';
import { type RunningServer, startServer } from '../../src/serve/server.js';
import { createApp, MAX_BODY_BYTES } from '../../src/serve/app.js';
import { QueueFullError, SerialQueue } from '../../src/serve/queue.js';

const TODAY = '2015-06-01';
const SEEDS = ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004'];

let srv: RunningServer;
const url = (path: string) => new URL(path, srv.url).toString();

async function expected(seed: string) {
  const loaded = loadCaseFile(join(CASES_DIR, `${seed}.yaml`), rulePack().reasonTags);
  if (!('case' in loaded)) throw new Error(`seed ${seed} does not load`);
  // what `check --json` prints, without the file name (the API has no file)
  return JSON.parse(JSON.stringify(caseReport(await evaluateCase(evaluator(TODAY), loaded.case), loaded.warnings)));
}

const post = (path: string, body: string, type = 'application/json', headers: Record<string, string> = {}) =>
  fetch(url(path), { method: 'POST', body, headers: { 'content-type': type, ...headers }, signal: AbortSignal.timeout(10_000) });

beforeAll(async () => {
  srv = await startServer({ pack: rulePack(), port: 0, host: '127.0.0.1', today: TODAY });
}, 20_000);

afterAll(async () => {
  await srv?.close(1_000);
});

describe('JSON API', () => {
  it('GET /health says ok and counts the rules', async () => {
    const res = await fetch(url('/health'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', rules: rulePack().rules.size });
  });

  it('GET /api/rules is what `rules --json` prints', async () => {
    const res = await fetch(url('/api/rules'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(rulesList(rulePack(), true)));
  });

  it('GET /api/names lists catalog names for autocomplete', async () => {
    const { names } = (await (await fetch(url('/api/names'))).json()) as { names: string[] };
    expect(names.length).toBeGreaterThan(50);
    expect(names.map((n) => n.toLowerCase())).toEqual(expect.arrayContaining(['baclofen', 'flexeril', 'acupuncture']));
  });

  it.each(SEEDS)('POST /api/check (YAML) answers %s exactly as evaluateCase / check --json', async (seed) => {
    const res = await post('/api/check', readFileSync(join(CASES_DIR, `${seed}.yaml`), 'utf8'), 'application/yaml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual(await expected(seed));
  });

  it('POST /api/check takes JSON and text/yaml too', async () => {
    const text = readFileSync(join(CASES_DIR, 'seed-000.yaml'), 'utf8');
    const asJson = await post('/api/check', JSON.stringify(parse(text)));
    const asTextYaml = await post('/api/check', text, 'text/yaml; charset=utf-8');
    const want = await expected('seed-000');
    expect(await asJson.json()).toEqual(want);
    expect(await asTextYaml.json()).toEqual(want);
  });

  it('matches the command line `check --json` output for the same file', async () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/imr-check.js'), '--today', TODAY, 'check', '--json', 'cases/seed-001.yaml'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(0);
    const { file, ...cli } = JSON.parse(r.stdout.trim());
    expect(file).toBe('cases/seed-001.yaml');
    const res = await post('/api/check', readFileSync(join(CASES_DIR, 'seed-001.yaml'), 'utf8'), 'application/yaml');
    expect(await res.json()).toEqual(cli);
  });

  it('a case with unusual values is checked, and its warnings come back as `check --json` gives them', async () => {
    const file = 'test/serve/fixtures/implausible.yaml';
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/imr-check.js'), '--today', TODAY, 'check', '--json', file], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(0);
    const { file: _file, ...cli } = JSON.parse(r.stdout.trim());
    const res = await post('/api/check', readFileSync(join(ROOT, file), 'utf8'), 'application/yaml');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { warnings?: Array<{ path: string; label?: string; message: string }> };
    expect(body).toEqual(cli);
    expect(body.warnings?.map((w) => w.path)).toEqual([
      'requests[0].strength',
      'requests[0].frequency',
      'requests[0].quantity',
      'requests[1].sessions',
      'injury.date',
    ]);
    expect(body.warnings?.[2]).toEqual({
      path: 'requests[0].quantity',
      label: 'quantity on the request',
      message: '5000 is more than 1000, which is unusual for one request',
    });
  });

  it('a case without a request date comes back with the as-of notice `check` prints first, in its words', async () => {
    const undated = 'id: undated\nrequests:\n  - { id: a, text: Baclofen 10 mg, kind: medication, name: Baclofen }\n';
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/imr-check.js'), '--today', TODAY, 'check', '-'], {
      cwd: ROOT,
      input: undated,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(0);
    const body = (await (await post('/api/check', undated, 'application/yaml')).json()) as { asOfNotice?: string };
    expect(body.asOfNotice).toBe(r.stdout.split('\n')[0]);
    expect(body.asOfNotice).toBe(`No request date given: judged as of today, ${TODAY}, under the guidelines in force today.`);
    // with a request date there is nothing to say
    const dated = (await (await post('/api/check', `requestDate: 2015-02-03\n${undated}`, 'application/yaml')).json()) as object;
    expect(dated).not.toHaveProperty('asOfNotice');
  });

  it('a case that does not validate -> 400 with the field paths', async () => {
    const bad = {
      id: 'x',
      requests: [
        { id: 'a', text: 'Baclofen', kind: 'medication', name: '', quantity: -3 },
        { id: 'b', text: 'x', kind: 'pill', name: 'y' },
      ],
    };
    const res = await post('/api/check', JSON.stringify(bad));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: Array<{ path: string; message: string }> };
    expect(body.error).toMatch(/not valid/);
    expect(body.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['requests[0].name', 'requests[0].quantity', 'requests[1].kind']),
    );
    expect(body.issues.find((i) => i.path === 'requests[0].quantity')!.message).toMatch(/greater than 0/);
  });

  it('unknown reason tags and unknown fields are 400 as on the command line', async () => {
    const res = await post(
      '/api/check',
      'id: x\npatient: { age: 40, colour: blue }\nrequests:\n  - { id: a, text: t, kind: medication, name: baclofen, actual: { decision: upheld, reasons: [made-up] } }\n',
      'application/yaml',
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: Array<{ path: string; message: string }> };
    expect(body.issues[0].path).toBe('patient');
    expect(body.issues[0].message).toMatch(/unknown field "colour"/);
  });

  it('malformed JSON or YAML -> 400; empty body -> 400; other content types -> 415', async () => {
    const json = await post('/api/check', '{"id": "x", "requests": [');
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toMatch(/not valid JSON/);
    const yaml = await post('/api/check', 'id: [unclosed\n', 'application/yaml');
    expect(yaml.status).toBe(400);
    expect(((await yaml.json()) as { error: string }).error).toMatch(/not valid YAML/);
    expect((await post('/api/check', '')).status).toBe(400);
    expect((await post('/api/check', 'id: x', 'text/plain')).status).toBe(415);
  });

  it('prototype keys and YAML alias bombs are refused with 400', async () => {
    const proto = await post('/api/check', '{"id":"x","__proto__":{"polluted":true},"requests":[]}');
    expect(proto.status).toBe(400);
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 6; i++)
      lines.push(
        `n${i}: &n${i} [${Array(10)
          .fill(i === 0 ? '*a' : `*n${i - 1}`)
          .join(', ')}]`,
      );
    const bomb = lines.join('\n');
    const res = await post('/api/check', bomb, 'application/yaml');
    expect(res.status).toBe(400);
  });

  it(`a body over ${MAX_BODY_BYTES} bytes -> 413`, async () => {
    const big = JSON.stringify({ id: 'x', source: 'y'.repeat(MAX_BODY_BYTES), requests: [] });
    const res = await post('/api/check', big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/limit/);
    // the server is still there
    expect((await fetch(url('/health'))).status).toBe(200);
  });

  it('a streamed body (no Content-Length) over the limit -> 413', async () => {
    // the server answers as soon as the limit is passed and may close the connection while the
    // client is still sending, so read the status with node:http rather than fetch
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        url('/api/check'),
        { method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 10_000 },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (e) => (req.writableEnded ? undefined : reject(e)));
      req.on('timeout', () => req.destroy(new Error('timeout')));
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent <= MAX_BODY_BYTES * 2) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
  });

  it('unknown routes -> 404 JSON; a known route with another method -> 405 with Allow', async () => {
    const missing = await fetch(url('/api/nothing'));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/no such endpoint/);
    const wrong = await fetch(url('/api/check'));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    const del = await fetch(url('/health'), { method: 'DELETE' });
    expect(del.status).toBe(405);
  });

  it('concurrent requests are evaluated one at a time and each gets its own answer', async () => {
    const order = [...SEEDS, ...SEEDS, ...SEEDS];
    const bodies = await Promise.all(
      order.map(async (seed) => {
        const res = await post('/api/check', readFileSync(join(CASES_DIR, `${seed}.yaml`), 'utf8'), 'application/yaml');
        return res.json();
      }),
    );
    for (const [i, seed] of order.entries()) expect(bodies[i]).toEqual(await expected(seed));
  });

  it('POST /api/convert turns YAML into JSON and JSON into YAML', async () => {
    const text = readFileSync(join(CASES_DIR, 'seed-002.yaml'), 'utf8');
    const toJson = await post('/api/convert', text, 'application/yaml', { accept: 'application/json' });
    const data = await toJson.json();
    expect(data).toEqual(parse(text));
    const toYaml = await post('/api/convert', JSON.stringify(data), 'application/json', { accept: 'application/yaml' });
    expect(toYaml.headers.get('content-type')).toMatch(/yaml/);
    expect(parse(await toYaml.text())).toEqual(data);
  });

  it('serves the page, its script and stylesheet with a content security policy', async () => {
    const page = await fetch(url('/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await page.text();
    expect(html).toMatch(/<label for="patient-age">Age<\/label>/);
    expect(html).toMatch(/<datalist id="catalog-names">/);
    const js = await fetch(url('/assets/app.js'));
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toMatch(/^\/\/ imr-check web page script/);
    expect((await fetch(url('/assets/style.css'))).headers.get('content-type')).toMatch(/text\/css/);
  });
});

describe('what the page reads', () => {
  it('GET /api/names gives each name with the kind of its catalog entry', async () => {
    const { names, kinds } = (await (await fetch(url('/api/names'))).json()) as { names: string[]; kinds: Array<[string, string]> };
    expect(kinds.map(([n]) => n)).toEqual(names);
    const kindOf = new Map(kinds.map(([n, k]) => [n.toLowerCase(), k]));
    expect(kindOf.get('acupuncture')).toBe('therapy');
    expect(kindOf.get('baclofen')).toBe('medication');
  });

  it('GET /api/editions names the guideline editions in force on a date (today by default)', async () => {
    const now = (await (await fetch(url('/api/editions'))).json()) as { today: string; date: string; editions: string[] };
    expect(now.today).toBe(TODAY);
    expect(now.date).toBe(TODAY);
    expect(now.editions.join('; ')).toMatch(/Chronic Pain Medical Treatment Guidelines/);
    const later = (await (await fetch(url('/api/editions?date=2019-03-01'))).json()) as { editions: string[] };
    expect(later.editions).not.toEqual(now.editions);
    expect((await fetch(url('/api/editions?date=tomorrow'))).status).toBe(400);
  });

  it('serves the script as ES modules compiled from src/serve/browser, and nothing else under /assets', async () => {
    const app = await (await fetch(url('/assets/app.js'))).text();
    for (const [, file] of app.matchAll(/from '\.\/([a-z-]+\.js)'/g)) {
      const res = await fetch(url(`/assets/${file}`));
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
    }
    expect((await fetch(url('/assets/nothing.js'))).status).toBe(404);
    expect((await fetch(url('/assets/..%2fapp.js'))).status).toBe(404);
  });
});

describe('server hardening (app.request, no port)', () => {
  it('a loopback server answers only to loopback Host names', async () => {
    const { app } = createApp({ pack: rulePack(), today: TODAY, allowedHosts: ['localhost', '127.0.0.1', '[::1]'] });
    expect((await app.request('http://localhost:8080/health')).status).toBe(200);
    expect((await app.request('http://127.0.0.1/health')).status).toBe(200);
    expect((await app.request('http://attacker.example/health')).status).toBe(403);
  });

  it('answers 503 with Retry-After when too many evaluations wait', async () => {
    const serve = createApp({ pack: rulePack(), today: TODAY, maxPending: 1 });
    let release!: () => void;
    void serve.queue.run(
      () =>
        new Promise<void>((r) => {
          release = r;
        }),
    );
    const res = await serve.app.request('/api/check', {
      method: 'POST',
      body: readFileSync(join(CASES_DIR, 'seed-000.yaml'), 'utf8'),
      headers: { 'content-type': 'application/yaml' },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    release();
    await serve.queue.idle();
  });
});

describe('SerialQueue', () => {
  it('runs tasks one at a time in arrival order, and a failure does not stop the next', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, ms: number, fail = false) =>
      q.run(async () => {
        running += 1;
        expect(running).toBe(1);
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${name}`);
        running -= 1;
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task('a', 20), task('b', 5, true), task('c', 1)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(q.pending).toBe(0);
  });

  it('refuses work past maxPending', async () => {
    const q = new SerialQueue(2);
    const slow = () => new Promise((r) => setTimeout(r, 10));
    const a = q.run(slow);
    const b = q.run(slow);
    await expect(q.run(slow)).rejects.toBeInstanceOf(QueueFullError);
    await Promise.all([a, b]);
  });
});

describe('imr-check serve (the command)', () => {
  it('prints its URL, serves the page, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/imr-check.js'), 'serve', '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let err = '';
      const address = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL after 15 s: ${err}`)), 15_000);
        child.stderr.on('data', (d) => {
          err += String(d);
          const m = /imr-check serve: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(err);
          // the signal handlers are in place once the last start-up line is out
          if (m && /Ctrl-C stops it/.test(err)) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.on('exit', () => reject(new Error(`exited early: ${err}`)));
      });
      const page = await fetch(address);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<h1>imr-check<\/h1>/);
      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(err).toMatch(/stopped/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);

  it('warns, when listening beyond loopback, that what is entered crosses the network', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/imr-check.js'), 'serve', '--port', '0', '--host', '0.0.0.0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let err = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start-up after 15 s: ${err}`)), 15_000);
        child.stderr.on('data', (d) => {
          err += String(d);
          if (/Ctrl-C stops it/.test(err)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect(err).toMatch(
        /warning: listening on 0\.0\.0\.0, beyond this computer: what is entered on the page or sent to the API crosses the network/,
      );
      expect(err).toMatch(/unencrypted \(plain HTTP\) and without authentication/);
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);

  it('the page says truthfully where what is entered goes', async () => {
    const html = await (await fetch(url('/'))).text();
    expect(html).not.toMatch(/leaves this computer/);
    expect(html).toMatch(/What you enter is sent only to the imr-check server that serves this page/);
  });

  it('a bad port is a usage error (exit 2)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/imr-check.js'), 'serve', '--port', 'eighty'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/port number/);
  });

  it('a port in use is reported (exit 2)', async () => {
    const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin/imr-check.js'), 'serve', '--port', String(srv.port)], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d) => {
        err += String(d);
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, err });
      });
    });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/port is in use/);
  }, 20_000);
});
