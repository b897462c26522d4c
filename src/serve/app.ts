// The HTTP application: web page, JSON API and CDS Hooks service, as a hono app. It is plain
// web-standard Request -> Response, so tests can call app.request() without a port and
// server.ts only adapts it to node:http.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { stringify } from 'yaml';
import type { RulePack } from '../load/rules.js';
import { type CaseResult, type Evaluator, createEvaluator, evaluateCase, evaluateCaseItem } from '../evaluate/evaluate.js';
import { checkCase } from '../load/cases.js';
import { InputError, type InputIssue, zodIssues } from '../load/errors.js';
import { ruleRows } from '../report/rules.js';
import { caseReport } from '../report/summary.js';
import { QueueFullError, SerialQueue } from './queue.js';
import { BadInput, ClientGone, parseBody, readText } from './body.js';
import { STYLE_CSS, pageHtml } from './page.js';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { editionInForce } from '../evaluate/evaluate.js';
import { formModel } from './form-model.js';
import {
  SERVICE_ID,
  type Suggestion,
  cardsFor,
  discovery,
  feedbackSchema,
  hookRequestSchema,
  hookToCase,
  notCheckedCard,
  orderSuggestions,
} from './cds.js';
import { caseSchema, requestSchema } from '../schema/case.js';

// A case is a few KB; the seed letters' largest case file is under 4 KB. 256 KB leaves room for a
// long CDS Hooks request with prefetched bundles and still bounds what one request can cost.
export const MAX_BODY_BYTES = 256 * 1024;
// A Request for Authorization lists a handful of items; the largest case in the letters has 12.
// 100 bounds what one case can cost (2,400 items took 3 s of evaluation) with room to spare.
export const MAX_ITEMS_PER_CASE = 100;

export type AppOptions = {
  pack: RulePack;
  // a fixed "today" (as --today); without it each evaluation uses the current date
  today?: string;
  maxBodyBytes?: number;
  // Host header values accepted (without port); undefined accepts any. A server on loopback
  // accepts only loopback names, so a web page cannot reach it through DNS rebinding.
  allowedHosts?: string[];
  // requests allowed in progress at once (being read, waiting or evaluated) before the server
  // answers 503; 64 unless given
  maxPending?: number;
  maxItems?: number;
  // one line per request (method, path, status, time; never a body); off when not given
  log?: (line: string) => void;
  // unexpected errors (answered 500); standard error when not given
  logError?: (line: string) => void;
};

export type ServeApp = {
  app: Hono;
  evaluator: Evaluator;
  queue: SerialQueue;
  // POST requests in progress (from arrival to answer)
  inProgress: () => number;
  // the evaluation every endpoint goes through: one at a time; with the case's unusual values
  // (warnings, as `check` prints them with the result)
  check: (data: unknown, label: string) => Promise<Checked>;
};

export type Checked = { result: CaseResult; warnings: InputIssue[] };

// the body of a request as data, within the size limit
async function readBody(c: Context, limit: number, label: string, allowYaml = true): Promise<unknown> {
  return parseBody(await readText(c.req.raw, limit), c.req.header('content-type'), label, allowYaml);
}

function problem(c: Context, e: unknown) {
  if (e instanceof BadInput) return c.json({ error: e.message, issues: e.issues }, e.status);
  if (e instanceof InputError) return c.json({ error: 'the case is not valid', issues: e.issues }, 400);
  if (e instanceof QueueFullError) {
    c.header('Retry-After', '1');
    return c.json({ error: e.message }, 503);
  }
  throw e;
}

const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

// The page's script modules, compiled from src/serve/browser/ by `npm run build`
// (tsconfig.browser.json) into dist/serve/browser/; read once at start. The path is the same from
// src/serve/ (tests) and dist/serve/ (the installed command): two levels below the package root.
function browserScripts(): Map<string, string> {
  const dir = fileURLToPath(new URL('../../dist/serve/browser/', import.meta.url));
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^[a-z-]+\.js$/.test(f));
  } catch {
    throw new Error(`the web page's script is not built (${dir} is missing): run npm run build`);
  }
  return new Map(files.map((f) => [f, readFileSync(`${dir}${f}`, 'utf8')]));
}

export function createApp(opts: AppOptions): ServeApp {
  const { pack } = opts;
  const limit = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const evaluator = createEvaluator(pack, { today: opts.today });
  const queue = new SerialQueue(opts.maxPending);
  const maxPending = opts.maxPending ?? 64;
  const maxItems = opts.maxItems ?? MAX_ITEMS_PER_CASE;
  const logError = opts.logError ?? ((line: string) => process.stderr.write(`${line}\n`));

  // `then` runs in the same turn of the queue, after the case is judged (the CDS service checks its
  // suggested order changes there, on the same engines)
  const check = <T = Checked>(data: unknown, label: string, then?: (checked: Checked) => Promise<T>): Promise<T> => {
    const items = (data as { requests?: unknown } | null)?.requests;
    if (Array.isArray(items) && items.length > maxItems)
      throw new BadInput(413, `the case has ${items.length} items, over the limit of ${maxItems} items per case`, [
        { path: 'requests', message: `${items.length} items; at most ${maxItems} per case` },
      ]);
    const { case: c, warnings } = checkCase(data, label, pack.reasonTags);
    return queue.run(async () => {
      if (!opts.today) evaluator.today = new Date().toISOString().slice(0, 10);
      const checked: Checked = { result: await evaluateCase(evaluator, c), warnings };
      return then ? then(checked) : (checked as T);
    });
  };

  const rules = ruleRows(pack);
  const names = [...new Set(pack.catalog.products.flatMap((p) => p.names))].sort((a, b) =>
    a.localeCompare(b, 'en', { sensitivity: 'base' }),
  );
  // each catalog name with the kind of its entry, so the page can fill the kind when a name is chosen
  const kinds = new Map<string, string>();
  for (const p of pack.catalog.products) for (const n of p.names) if (!kinds.has(n)) kinds.set(n, p.kind);
  const model = formModel();
  const config = {
    handled: model.handled,
    caseKeys: Object.keys((caseSchema as unknown as { shape: object }).shape),
    requestKeys: Object.keys(requestSchema.shape),
    fieldsByKind: model.fieldsByKind,
  };
  const scripts = browserScripts();
  const html = pageHtml({ ruleCount: pack.rules.size, catalogCount: pack.catalog.products.length, config });
  const today = () => opts.today ?? new Date().toISOString().slice(0, 10);
  // the names of the guideline editions in force on a date, in topic order, each once
  const editionsOn = (date: string) => [
    ...new Set(pack.topics.map((t) => editionInForce(t, date)?.name).filter((n): n is string => n !== undefined)),
  ];

  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    // nobody is left to answer: one line, no stack trace (500 slow clients must not flood the log)
    if (err instanceof ClientGone) {
      logError(`imr-check serve: ${c.req.method} ${c.req.path}: ${err.message}`);
      return c.json({ error: err.message }, 400);
    }
    logError(`imr-check serve: ${c.req.method} ${c.req.path} failed: ${err.stack ?? err.message}`);
    return c.json({ error: 'internal error' }, 500);
  });
  app.notFound((c) => c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404));

  if (opts.log) {
    const log = opts.log;
    app.use('*', async (c, next) => {
      const start = Date.now();
      await next();
      log(`${c.req.method} ${c.req.path} ${c.res.status} ${Date.now() - start}ms`);
    });
  }
  // a refused request body may be left unread on the connection: do not let the client reuse it
  app.use('*', async (c, next) => {
    await next();
    if (c.res.status >= 400 && c.req.raw.body !== null) c.res.headers.set('connection', 'close');
  });
  if (opts.allowedHosts) {
    const allowed = new Set(opts.allowedHosts.map((h) => h.toLowerCase()));
    app.use('*', async (c, next) => {
      const host = new URL(c.req.url).hostname.toLowerCase();
      if (!allowed.has(host))
        return c.json({ error: `host "${host}" not allowed: this server answers only to ${[...allowed].join(', ')}` }, 403);
      return next();
    });
  }
  // CDS clients (EHRs, the CDS Hooks sandbox) call from other origins
  app.use(
    '/cds-services',
    cors({ origin: '*', allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Content-Type', 'Authorization'], maxAge: 600 }),
  );
  app.use(
    '/cds-services/*',
    cors({ origin: '*', allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Content-Type', 'Authorization'], maxAge: 600 }),
  );
  // Requests in progress, counted from arrival (before the body is read) to the answer: reading
  // and parsing bodies cost as much as evaluating, so a burst is refused at the door with 503
  // rather than piling up behind the one-at-a-time evaluation.
  let active = 0;
  const admit: MiddlewareHandler = async (c, next) => {
    if (active >= maxPending) {
      c.header('Retry-After', '1');
      return c.json({ error: `${maxPending} requests are already in progress; try again shortly` }, 503);
    }
    active += 1;
    try {
      await next();
    } finally {
      active -= 1;
    }
  };

  // ---- page ----
  app.get('/', (c) => c.html(html, 200, PAGE_HEADERS));
  app.get('/assets/:file{[a-z-]+\\.js}', (c) => {
    const js = scripts.get(c.req.param('file'));
    if (js === undefined) return c.json({ error: `no such script: ${c.req.param('file')}` }, 404);
    return c.body(js, 200, { ...PAGE_HEADERS, 'content-type': 'text/javascript; charset=utf-8' });
  });
  app.get('/assets/style.css', (c) => c.body(STYLE_CSS, 200, { ...PAGE_HEADERS, 'content-type': 'text/css; charset=utf-8' }));

  // ---- JSON API ----
  app.get('/health', (c) => c.json({ status: 'ok', rules: pack.rules.size }));
  app.get('/api/rules', (c) => c.json(rules));
  app.get('/api/names', (c) => c.json({ names, kinds: names.map((n) => [n, kinds.get(n)]) }));
  app.get('/api/editions', (c) => {
    const date = c.req.query('date') ?? today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return c.json({ error: 'date must be YYYY-MM-DD' }, 400);
    return c.json({ today: today(), date, editions: editionsOn(date) });
  });
  app.post('/api/check', admit, async (c) => {
    try {
      const data = await readBody(c, limit, 'request body');
      const { result, warnings } = await check(data, 'request body');
      return c.json(caseReport(result, warnings));
    } catch (e) {
      return problem(c, e);
    }
  });
  // YAML <-> JSON for the page (load a case file, download the form); no validation
  app.post('/api/convert', admit, async (c) => {
    try {
      const data = await readBody(c, limit, 'request body');
      if (/yaml/i.test(c.req.header('accept') ?? ''))
        return c.body(stringify(data, { lineWidth: 0 }), 200, { 'content-type': 'application/yaml; charset=utf-8' });
      return c.json(data as object);
    } catch (e) {
      return problem(c, e);
    }
  });

  // ---- CDS Hooks ----
  app.get('/cds-services', (c) => c.json(discovery));
  app.post(`/cds-services/${SERVICE_ID}`, admit, async (c) => {
    try {
      const body = await readBody(c, limit, 'hook request', false);
      const parsed = hookRequestSchema.safeParse(body);
      if (!parsed.success) {
        return c.json({ error: 'not a valid order-sign hook request', issues: zodIssues(parsed.error) }, 400);
      }
      const mapping = hookToCase(parsed.data, pack.index);
      // no order to check: nothing to say, unless some orders could not be read
      if (mapping.case.requests.length === 0) return c.json({ cards: mapping.orders > 0 ? cardsFor(null, mapping) : [] });
      let checked: { result: CaseResult; warnings: InputIssue[]; suggestions: Map<string, Suggestion[]> };
      try {
        checked = await check(mapping.case, 'order-sign request', async ({ result, warnings }) => ({
          result,
          warnings,
          suggestions: await orderSuggestions(result, mapping, pack, (changed, id) => evaluateCaseItem(evaluator, changed, id)),
        }));
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        // the hook request was valid but what it maps to is not a valid case: say so on a card
        return c.json({ cards: [notCheckedCard(e.issues)] });
      }
      const { result, warnings, suggestions } = checked;
      return c.json({ cards: cardsFor(result, mapping, (item) => suggestions.get(item.requestId) ?? [], warnings) });
    } catch (e) {
      return problem(c, e);
    }
  });

  // what the clinician did with the cards: acknowledged (200) and counted in the request log; the
  // service keeps no record of cards, so there is nothing to match the feedback with
  app.post(`/cds-services/${SERVICE_ID}/feedback`, admit, async (c) => {
    try {
      const body = await readBody(c, limit, 'feedback', false);
      const parsed = feedbackSchema.safeParse(body);
      if (!parsed.success) return c.json({ error: 'not valid CDS Hooks feedback', issues: zodIssues(parsed.error) }, 400);
      const outcomes = parsed.data.feedback.map((f) => f.outcome);
      opts.log?.(
        `feedback: ${outcomes.filter((o) => o === 'accepted').length} accepted, ${outcomes.filter((o) => o === 'overridden').length} overridden`,
      );
      return c.json({}, 200);
    } catch (e) {
      return problem(c, e);
    }
  });

  // a known path with another method: 405 with Allow
  const methods: Record<string, string> = {
    '/': 'GET',
    '/assets/app.js': 'GET',
    '/assets/style.css': 'GET',
    '/health': 'GET',
    '/api/rules': 'GET',
    '/api/names': 'GET',
    '/api/editions': 'GET',
    '/api/check': 'POST',
    '/api/convert': 'POST',
    '/cds-services': 'GET',
    [`/cds-services/${SERVICE_ID}`]: 'POST',
    [`/cds-services/${SERVICE_ID}/feedback`]: 'POST',
  };
  for (const [path, allow] of Object.entries(methods)) {
    app.all(path, (c) => {
      c.header('Allow', allow === 'GET' ? 'GET, HEAD' : allow);
      return c.json({ error: `${c.req.method} is not allowed on ${path}; use ${allow}` }, 405);
    });
  }

  return { app, evaluator, queue, check, inProgress: () => active };
}
