// Hostile and unlucky clients over real HTTP (issue 13, items 2, 3 and 7). Each test failed before
// the body reader, the depth scan and the admission limit were written.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES_DIR, rulePack } from '../helpers.js';
import { MAX_ITEMS_PER_CASE } from '../../src/serve/app.js';
import { type RunningServer, startServer } from '../../src/serve/server.js';

const TODAY = '2015-06-01';
const SEED = readFileSync(join(CASES_DIR, 'seed-000.yaml'), 'utf8');
const CDS = '/cds-services/imr-check-order-sign';

let srv: RunningServer;
const errors: string[] = [];
const url = (path: string) => new URL(path, srv.url).toString();

beforeAll(async () => {
  srv = await startServer({ pack: rulePack(), port: 0, host: '127.0.0.1', today: TODAY, logError: (l) => errors.push(l) });
}, 20_000);

afterAll(async () => {
  await srv?.close(1_000);
});

// one HTTP/1.1 exchange written by hand, so the request is exactly what is sent (no Content-Length
// added by a client library); resolves with the status line's code
function raw(request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(srv.port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')));
    socket.on('data', (d) => {
      answer += String(d);
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
  });
}

const post = (path: string, body: string, type = 'application/json') =>
  fetch(url(path), { method: 'POST', body, headers: { 'content-type': type }, signal: AbortSignal.timeout(10_000) });

describe('a body that is not there (13.2)', () => {
  it.each(['/api/check', '/api/convert', CDS])('POST %s with no body and no Content-Length -> 400, not 500', async (path) => {
    const status = await raw(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n`);
    expect(status).toBe(400);
  });

  it('a chunked body within the limit is read (it was a 500 too)', async () => {
    const body = JSON.stringify({ id: 'x', requests: [{ id: 'a', text: 'Baclofen 10 mg #90', kind: 'medication', name: 'Baclofen' }] });
    const status = await raw(
      `POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    expect(status).toBe(200);
  });
});

describe('deep nesting is refused before parsing (13.3)', () => {
  const deep = '['.repeat(200 * 1024);

  it('200 KB of nested brackets -> 400 in well under a second', async () => {
    const start = performance.now();
    const res = await post('/api/check', deep);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/nested deeper than 64 levels/);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('the same in YAML compact sequences, and to /api/convert and CDS Hooks', async () => {
    expect((await post('/api/check', '- '.repeat(100 * 1024), 'application/yaml')).status).toBe(400);
    expect((await post('/api/convert', deep)).status).toBe(400);
    expect((await post(CDS, deep)).status).toBe(400);
  });

  it('20 such bodies at once do not stall the server', async () => {
    const start = performance.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post('/api/check', deep).then((r) => r.status)));
    expect(answers.every((s) => s === 400)).toBe(true);
    const health = await fetch(url('/health'));
    expect(health.status).toBe(200);
    expect(performance.now() - start).toBeLessThan(3_000);
  });
});

describe('slow, gone and greedy clients (13.7)', () => {
  it('a client that disconnects mid-body logs one line, without a stack trace', async () => {
    errors.length = 0;
    await new Promise<void>((resolve) => {
      const socket = connect(srv.port, '127.0.0.1', () => {
        socket.write('POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"id":');
        setTimeout(() => socket.destroy(), 100);
      });
      socket.on('close', () => resolve());
    });
    await expect.poll(() => errors.length).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(errors).toEqual(['imr-check serve: POST /api/check: the client closed the connection before sending the whole body']);
    expect((await fetch(url('/health'))).status).toBe(200);
  });

  it(`a case with more than ${MAX_ITEMS_PER_CASE} items -> 413 naming the limit`, async () => {
    const item = (i: number) => ({ id: `i${i}`, text: 'Baclofen 10 mg #90', kind: 'medication', name: 'Baclofen' });
    const many = { id: 'many', requests: Array.from({ length: MAX_ITEMS_PER_CASE + 1 }, (_, i) => item(i)) };
    const res = await post('/api/check', JSON.stringify(many));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toBe(
      `the case has ${MAX_ITEMS_PER_CASE + 1} items, over the limit of ${MAX_ITEMS_PER_CASE} items per case`,
    );
    many.requests.pop();
    expect((await post('/api/check', JSON.stringify(many))).status).toBe(200);
  }, 20_000);

  it('answers 503 with Retry-After once the limit of requests in progress is reached, and recovers', async () => {
    const small = await startServer({
      pack: rulePack(),
      port: 0,
      host: '127.0.0.1',
      today: TODAY,
      maxPending: 3,
      logError: () => undefined,
    });
    const checkSeed = () =>
      fetch(new URL('/api/check', small.url), { method: 'POST', body: SEED, headers: { 'content-type': 'application/yaml' } });
    const held = Array.from({ length: 3 }, () =>
      connect(small.port, '127.0.0.1', function (this: ReturnType<typeof connect>) {
        this.write('POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
      }),
    );
    try {
      await expect.poll(() => small.serveApp.inProgress()).toBe(3);
      const res = await checkSeed();
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(((await res.json()) as { error: string }).error).toMatch(/3 requests are already in progress/);
    } finally {
      for (const s of held) s.destroy();
    }
    await expect.poll(() => small.serveApp.inProgress()).toBe(0);
    const again = await checkSeed();
    expect(again.status).toBe(200);
    await small.close(1_000);
  }, 20_000);
});
