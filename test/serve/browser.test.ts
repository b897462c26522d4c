// The web page in a real browser (Debian's chromium through playwright-core) against the server
// started in-process on loopback. Takes the README's screenshot (written to docs/screenshot.png
// only with UPDATE_SCREENSHOT=1, so a test run does not change tracked files).
import { tmpdir } from 'node:os';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CASES_DIR, ROOT, evaluator, rulePack } from '../helpers.js';
import { evaluateCase } from '../../src/evaluate/evaluate.js';
import { checkCase, loadCaseFile, validateCase } from '../../src/load/cases.js';
import { InputError, type InputIssue, issueText } from '../../src/load/errors.js';
import { asOfNotice } from '../../src/report/summary.js';
import { itemText } from '../../src/report/text.js';
import { type RunningServer, startServer } from '../../src/serve/server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without Chromium the page cannot be tested: on a developer's machine the tests are skipped with
// one line saying how to install it; under CI (CI=true) they are required and fail instead.
const REQUIRED = /^(1|true)$/i.test(process.env.CI ?? '');
const PRESENT = existsSync(CHROMIUM);
const SKIP_LINE = `browser tests skipped: no Chromium at ${CHROMIUM}; install it (apt-get install chromium) or set CHROMIUM_PATH`;
if (!PRESENT && !REQUIRED) process.stderr.write(`${SKIP_LINE}\n`);
const TODAY = '2015-06-01';
const SCREENSHOT =
  process.env.UPDATE_SCREENSHOT === '1' ? join(ROOT, 'docs/screenshot.png') : join(tmpdir(), `imr-check-screenshot-${process.pid}.png`);

let srv: RunningServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  if (!PRESENT) return;
  srv = await startServer({ pack: rulePack(), port: 0, host: '127.0.0.1', today: TODAY });
  // playwright gives the browser a fresh temporary profile and removes it on close
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 30_000,
  });
  context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(10_000);
}, 60_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await srv?.close(1_000);
}, 30_000);

async function openPage(): Promise<Page> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.goto(srv.url);
  await page.waitForSelector('html[data-ready="true"]');
  // the catalog names arrive for autocomplete
  await page.waitForFunction(() => document.querySelectorAll('#catalog-names option').length > 50);
  (page as Page & { problems: string[] }).problems = problems;
  return page;
}

// the form has the button at its top and at its foot; the foot one, as after filling the form
const checkButton = (page: Page) => page.getByRole('button', { name: 'Check the request' }).last();

const problemsOf = (page: Page) => (page as Page & { problems: string[] }).problems;

describe.skipIf(!PRESENT && !REQUIRED)('the web page', () => {
  it.runIf(REQUIRED && !PRESENT)('has Chromium to run in (required under CI)', () => {
    throw new Error(`${CHROMIUM} not found: CI requires the browser tests; install it (apt-get install chromium) or set CHROMIUM_PATH`);
  });

  it('checks a case typed into the form: baclofen and Terocin as in seed-000', async () => {
    const page = await openPage();
    await page.getByLabel('Age', { exact: true }).fill('56');
    await page.getByLabel('Sex', { exact: true }).selectOption('female');
    await page.getByLabel('Date of injury').fill('2007-04-02');
    await page.getByLabel('Date of the request').fill('2015-02-03');
    await page.getByLabel('Diagnoses, one per line').fill('chronic pain syndrome\ncervicobrachial syndrome\nlumbar radiculopathy');

    // current medication: baclofen
    await page.getByRole('button', { name: 'Add a medication' }).click();
    const med = page.locator('[data-rows="history.medications"] > fieldset').nth(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('name');
    await med.getByLabel('Name').fill('Baclofen');
    await med.getByLabel('Current').selectOption({ label: 'current' });

    // findings: acute exacerbation documented as absent, spasm documented
    await page.getByLabel('Acute exacerbation / flare-up').selectOption({ label: 'documented as absent' });
    await page.getByLabel('Muscle spasm on examination').selectOption({ label: 'documented' });

    const items = page.locator('[data-rows="requests"] > fieldset');
    const first = items.nth(0);
    await first.getByLabel('Name (drug or service)').fill('Baclofen');
    await first.getByLabel('Strength').fill('10 mg');
    await first.getByLabel('Quantity').fill('90');
    await page.getByRole('button', { name: 'Add an item' }).click();
    const second = items.nth(1);
    await second.getByLabel('Name (drug or service)').fill('Terocin patch');
    await second.getByLabel('Strength').fill('4%');
    await second.getByLabel('Quantity').fill('30');
    await second.getByLabel('Frequency').fill('apply twice daily');

    await checkButton(page).click();
    const results = page.locator('#results article.item');
    await expect.poll(() => results.count()).toBe(2);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('results-heading');

    const baclofen = results.nth(0);
    expect(await baclofen.locator('h3').innerText()).toMatch(/1\. Baclofen 10 mg #90\s*UPHELD/);
    expect(await baclofen.getAttribute('data-outcome')).toBe('upheld');
    const text = await baclofen.innerText();
    expect(text).toContain('Used for an acute exacerbation of chronic low back pain');
    expect(text).toContain('Muscle relaxants (for pain), p. 63-66');
    expect(text).toMatch(/Fix before submitting/);
    expect(text).toMatch(/Not assessable|Met/);
    expect(await results.nth(1).getAttribute('data-outcome')).toBe('upheld');
    expect(await results.nth(1).innerText()).toMatch(/Topical analgesics, p\. 111/);

    // the README's screenshot: the top of the form beside the prediction
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    await page.setViewportSize({ width: 1360, height: 1300 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: SCREENSHOT });
    expect(readFileSync(SCREENSHOT).subarray(1, 4).toString()).toBe('PNG');
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('loads cases/seed-002.yaml through the file input, fills the form, and checks its 6 items', async () => {
    const page = await openPage();
    await page.getByLabel('Load a case file (YAML or JSON)').setInputFiles(join(CASES_DIR, 'seed-002.yaml'));
    await expect.poll(() => page.locator('#file-status').innerText()).toMatch(/Loaded seed-002\.yaml: 6 items/);

    expect(await page.getByLabel('Case id').inputValue()).toBe('seed-002');
    expect(await page.getByLabel('Age', { exact: true }).inputValue()).toBe('52');
    expect(await page.getByLabel('Sex', { exact: true }).inputValue()).toBe('female');
    expect(await page.getByLabel('Date of injury').inputValue()).toBe('2006-02-22');
    expect(await page.getByLabel('Diagnoses, one per line').inputValue()).toBe('lumbar sprain and strain');
    expect(await page.getByLabel('Acute exacerbation / flare-up').inputValue()).toBe('true');
    expect(await page.getByLabel('Dyspepsia', { exact: true }).inputValue()).toBe('false');
    expect(await page.getByLabel("The provider's rationale for the item").inputValue()).toBe('false');
    const items = page.locator('[data-rows="requests"] > fieldset');
    expect(await items.count()).toBe(6);
    expect(await items.nth(0).getByLabel('Name (drug or service)').inputValue()).toBe('acupuncture');
    expect(await items.nth(0).getByLabel('Sessions').inputValue()).toBe('8');
    expect(await items.nth(0).getByLabel('Kind').inputValue()).toBe('therapy');
    expect(await items.nth(5).getByLabel('Name (drug or service)').inputValue()).toBe('Flexeril');
    const treatment = page.locator('[data-rows="history.treatments"] > fieldset').nth(0);
    expect(await treatment.getByLabel('Type').inputValue()).toBe('acupuncture');
    expect(await treatment.getByLabel('Functional improvement').inputValue()).toBe('false');
    // what the form does not show is kept and said so
    expect(await page.locator('#kept-note').innerText()).toMatch(/source, determination, provenance.*requests\[0\]\.actual/);

    await checkButton(page).click();
    const results = page.locator('#results article.item');
    await expect.poll(() => results.count()).toBe(6);
    // the same predictions as the command line gives for the file
    const loaded = loadCaseFile(join(CASES_DIR, 'seed-002.yaml'), rulePack().reasonTags);
    if (!('case' in loaded)) throw new Error('seed-002 does not load');
    const want = await evaluateCase(evaluator(TODAY), loaded.case);
    expect(await results.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.outcome))).toEqual(
      want.items.map((i) => i.outcome),
    );
    expect(await results.nth(5).innerText()).toMatch(/Actual IMR decision: upheld/);
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('a loaded case file comes back unchanged when downloaded (every seed case)', async () => {
    const page = await openPage();
    for (const seed of ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']) {
      const file = join(CASES_DIR, `${seed}.yaml`);
      await page.getByLabel('Load a case file (YAML or JSON)').setInputFiles(file);
      await expect.poll(() => page.locator('#file-status').innerText()).toMatch(new RegExp(`Loaded ${seed}\\.yaml`));
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download the form as YAML' }).click(),
      ]);
      // the same case once read (YAML's `since: 2012` comes back as the text "2012", which the format reads alike)
      const saved = validateCase(parse(readFileSync((await download.path())!, 'utf8')), 'downloaded');
      expect(saved).toEqual(validateCase(parse(readFileSync(file, 'utf8')), file));
    }
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows each validation error at its field, with aria-invalid and aria-describedby', async () => {
    const page = await openPage();
    const items = page.locator('[data-rows="requests"] > fieldset');
    await items.nth(0).getByLabel('Name (drug or service)').fill('Baclofen');
    await items.nth(0).getByLabel('Quantity').fill('-3');
    await page.getByRole('button', { name: 'Add an item' }).click();
    await items.nth(1).getByLabel('Strength').fill('10 mg'); // no name
    await page.getByLabel('Age', { exact: true }).fill('abc');
    await checkButton(page).click();

    const summary = page.locator('#error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await summary.innerText()).toMatch(/requests\[0\]\.quantity \(quantity on the request\): must be greater than 0/);
    // item 2's blank text is built from its blank name: one problem, shown at the name
    expect(await summary.locator('h3').innerText()).toBe('The case has 3 problems');
    expect(await summary.locator('li').count()).toBe(3);

    const quantity = items.nth(0).getByLabel('Quantity');
    expect(await quantity.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await quantity.getAttribute('aria-describedby'))!.split(' ');
    expect(await page.locator(`#${describedBy[0]}`).innerText()).toBe('must be greater than 0');
    // the message sits next to the field, in the same field box
    expect(
      await items
        .nth(0)
        .locator('.field')
        .filter({ has: page.getByLabel('Quantity', { exact: true }) })
        .locator('.field-error')
        .innerText(),
    ).toBe('must be greater than 0');

    const name = items.nth(1).getByLabel('Name (drug or service)');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${(await name.getAttribute('aria-describedby'))!.split(' ')[0]}`).innerText()).toBe('is required');
    const age = page.getByLabel('Age', { exact: true });
    expect(await age.getAttribute('aria-invalid')).toBe('true');
    // the hint stays described too
    expect(await age.getAttribute('aria-describedby')).toMatch(/patient-age-hint/);

    // the summary links go to the field
    await summary.getByRole('link', { name: /requests\[1\]\.name/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await name.getAttribute('id'));

    // fixing and checking again clears the errors
    await quantity.fill('90');
    await name.fill('Terocin patch');
    await age.fill('56');
    await checkButton(page).click();
    await expect.poll(() => page.locator('#results article.item').count()).toBe(2);
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    expect(await summary.isVisible()).toBe(false);
    // the browser logs the 400 answer itself; nothing else went wrong
    expect(problemsOf(page).filter((p) => !/status of 400/.test(p))).toEqual([]);
    await page.close();
  }, 60_000);

  it("lists each validation problem above the form in the words `check` prints, with the field's label", async () => {
    const page = await openPage();
    const item = page.locator('[data-rows="requests"] > fieldset').nth(0);
    await item.getByLabel('Name (drug or service)').fill('Baclofen');
    await item.getByLabel('Quantity').fill('-3');
    await page.getByLabel('Age', { exact: true }).fill('abc');
    const [sent] = await Promise.all([page.waitForRequest('**/api/check'), checkButton(page).click()]);
    const summary = page.locator('#error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);

    // the problems `check` finds in the case the page sent, one line each as it prints them
    // (less its "error: FILE: " prefix)
    let issues: InputIssue[] = [];
    try {
      checkCase(JSON.parse(sent.postData()!), 'sent');
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      issues = e.issues;
    }
    expect(issues.map((i) => i.path)).toEqual(['patient.age', 'requests[0].quantity']);
    expect(await summary.locator('li').allInnerTexts()).toEqual(issues.map(issueText));
    expect(await summary.locator('li').nth(1).innerText()).toBe('requests[0].quantity (quantity on the request): must be greater than 0');
    // next to the field, the message alone: the field's own label is beside it
    expect(
      await item
        .locator('.field')
        .filter({ has: page.getByLabel('Quantity', { exact: true }) })
        .locator('.field-error')
        .innerText(),
    ).toBe('must be greater than 0');
    expect(problemsOf(page).filter((p) => !/status of 400/.test(p))).toEqual([]);
    await page.close();
  }, 60_000);

  it('says which date a case without a request date is judged on, in the words `check` prints, on screen and on paper', async () => {
    const page = await openPage();
    await page.getByLabel('Date of the request').fill('');
    await page.locator('[data-rows="requests"] > fieldset').nth(0).getByLabel('Name (drug or service)').fill('Baclofen');
    const [sent] = await Promise.all([page.waitForRequest('**/api/check'), checkButton(page).click()]);
    await expect.poll(() => page.locator('#results article.item').count()).toBe(1);

    // the notice `check` prints first for the case the page sent
    const want = asOfNotice(await evaluateCase(evaluator(TODAY), checkCase(JSON.parse(sent.postData()!), 'sent').case));
    expect(want).toBe(`No request date given: judged as of today, ${TODAY}, under the guidelines in force today.`);
    const notice = page.locator('#results .as-of-notice');
    expect(await notice.innerText()).toBe(want);
    expect(await notice.isVisible()).toBe(true);
    // it heads the result: before the summary line and the first item
    expect(
      await page.evaluate(() => {
        const n = document.querySelector('#results .as-of-notice')!;
        const after = (sel: string) => Boolean(n.compareDocumentPosition(document.querySelector(sel)!) & Node.DOCUMENT_POSITION_FOLLOWING);
        return after('#results .case-head') && after('#results article.item');
      }),
    ).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await notice.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // with a request date there is nothing to say, and nothing is left from the check before
    await page.getByLabel('Date of the request').fill('2015-02-03');
    await checkButton(page).click();
    await expect.poll(() => notice.count()).toBe(0);
    expect(await page.locator('#results article.item').count()).toBe(1);
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('lists the criteria not assessable in the words `check` prints, as the server sends them', async () => {
    const page = await openPage();
    // the facts not stated (seed-002's Flexeril; the fixture's Flexeril) and why a computed fact
    // has no value (the fixture's oxycodone "as needed")
    for (const file of [join(CASES_DIR, 'seed-002.yaml'), join(ROOT, 'test/serve/fixtures/not-assessable.yaml')]) {
      await page.getByLabel('Load a case file (YAML or JSON)').setInputFiles(file);
      await expect.poll(() => page.locator('#file-status').innerText()).toContain(`Loaded ${basename(file)}`);
      const [sent] = await Promise.all([page.waitForRequest('**/api/check'), checkButton(page).click()]);
      // the lines `check` prints for the case the page sent, less their "? not assessable: " mark
      const r = await evaluateCase(evaluator(TODAY), checkCase(JSON.parse(sent.postData()!), 'sent').case);
      const want = r.items.map((item, i) =>
        itemText(item, i + 1, r.asOf.date)
          .split('\n')
          .filter((l) => l.startsWith('    ? not assessable: '))
          .map((l) => l.slice('    ? not assessable: '.length)),
      );
      const results = page.locator('#results article.item');
      await expect.poll(() => results.count()).toBe(r.items.length);
      for (const [i, lines] of want.entries()) {
        expect(await results.nth(i).locator('ul.not-assessable li').allInnerTexts()).toEqual(lines);
      }
      expect(want.flat().length).toBeGreaterThanOrEqual(2);
    }
    expect(await page.locator('#results ul.not-assessable li').allInnerTexts()).toContain(
      'The requested opioid stays within 120 mg oral morphine equivalents (request.morphineEquivalentDaily, history.regimenMorphineEquivalentDaily: the frequency "as needed" states no number of doses a day)',
    );

    // the page words none of it itself: whatever the server says is what it shows
    await page.route('**/api/check', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { items: Array<{ notAssessable: string[] }> };
      for (const item of body.items) item.notAssessable = item.notAssessable.map((l) => `${l} [as worded by the server]`);
      await route.fulfill({ response, json: body });
    });
    await checkButton(page).click();
    await expect.poll(() => page.locator('#results ul.not-assessable li').first().innerText()).toMatch(/\[as worded by the server\]$/);
    const shown = await page.locator('#results ul.not-assessable li').allInnerTexts();
    expect(shown.length).toBeGreaterThanOrEqual(2);
    expect(shown.every((l) => l.endsWith(' [as worded by the server]'))).toBe(true);
    await page.unroute('**/api/check');
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows the warnings for unusual values at the top of the result, as `check` words them, on screen and on paper', async () => {
    const page = await openPage();
    await page.getByLabel('Date of injury').fill('1940-04-02');
    await page.getByLabel('Date of the request').fill('2015-02-03');
    const item = page.locator('[data-rows="requests"] > fieldset').nth(0);
    await item.getByLabel('Name (drug or service)').fill('Baclofen');
    await item.getByLabel('Strength').fill('6000 mg');
    await item.getByLabel('Quantity').fill('5000');
    await item.getByLabel('Frequency').fill('20 times a day');
    const [sent] = await Promise.all([page.waitForRequest('**/api/check'), checkButton(page).click()]);
    await expect.poll(() => page.locator('#results article.item').count()).toBe(1);

    // the lines `check` prints for the case the page sent, in the same words
    const { warnings } = checkCase(JSON.parse(sent.postData()!), 'sent');
    expect(warnings.map((w) => w.path)).toEqual(['requests[0].strength', 'requests[0].frequency', 'requests[0].quantity', 'injury.date']);
    const shown = page.locator('#results .warning');
    expect(await shown.allInnerTexts()).toEqual(warnings.map((w) => `warning: ${issueText(w)}`));
    expect(await shown.nth(2).innerText()).toBe(
      'warning: requests[0].quantity (quantity on the request): 5000 is more than 1000, which is unusual for one request',
    );
    for (const el of await shown.all()) expect(await el.isVisible()).toBe(true);
    // near the top: before the first item's result
    expect(
      await page.evaluate(() => {
        const w = document.querySelector('#results .warning')!;
        return Boolean(w.compareDocumentPosition(document.querySelector('#results article.item')!) & Node.DOCUMENT_POSITION_FOLLOWING);
      }),
    ).toBe(true);
    // a warning, not an error: the case was checked, no field is marked invalid, no error colours
    expect(await shown.first().getAttribute('class')).not.toMatch(/error/);
    expect(await page.locator('#error-summary').isVisible()).toBe(false);
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    const style = await shown.first().evaluate((el) => {
      const probe = document.createElement('span');
      probe.style.color = getComputedStyle(document.documentElement).getPropertyValue('--bad');
      document.body.appendChild(probe);
      const bad = getComputedStyle(probe).color;
      probe.remove();
      const s = getComputedStyle(el);
      return { bad, border: s.borderLeftColor, colour: s.color, width: s.borderLeftWidth };
    });
    expect(style.width).not.toBe('0px');
    expect(style.border).not.toBe(style.bad);
    expect(style.colour).not.toBe(style.bad);
    // on paper too
    await page.emulateMedia({ media: 'print' });
    expect(await shown.first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // usual values: no warning is left from the check before
    await item.getByLabel('Strength').fill('10 mg');
    await item.getByLabel('Quantity').fill('90');
    await item.getByLabel('Frequency').fill('three times a day');
    await page.getByLabel('Date of injury').fill('2007-04-02');
    await checkButton(page).click();
    await expect.poll(() => shown.count()).toBe(0);
    expect(await page.locator('#results article.item').count()).toBe(1);
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('rows are added and removed by keyboard, and the form downloads as YAML', async () => {
    const page = await openPage();
    await page.getByLabel('Case id').fill('keyboard-case');
    const add = page.getByRole('button', { name: 'Add an item' });
    await add.focus();
    await page.keyboard.press('Enter');
    const items = page.locator('[data-rows="requests"] > fieldset');
    expect(await items.count()).toBe(2);
    await page.keyboard.type('Flexeril');
    expect(await items.nth(1).getByLabel('Name (drug or service)').inputValue()).toBe('Flexeril');
    await items.nth(0).getByLabel('Name (drug or service)').fill('acupuncture');
    await items.nth(0).getByLabel('Kind').selectOption('therapy');
    await items.nth(0).getByLabel('Per week').fill('2');
    await items.nth(0).getByLabel('Weeks').fill('3');
    await page.getByRole('button', { name: 'Add an item' }).click();
    expect(await items.count()).toBe(3);
    await items.nth(2).getByRole('button', { name: 'Remove item 3' }).focus();
    await page.keyboard.press('Space');
    expect(await items.count()).toBe(2);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the form as YAML' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('keyboard-case.yaml');
    const saved = parse(readFileSync((await download.path())!, 'utf8'));
    expect(saved).toEqual({
      id: 'keyboard-case',
      // the request date defaults to today (the server's --today here)
      requestDate: TODAY,
      requests: [
        { id: 'item-1', text: 'acupuncture 2 times a week for 3 weeks', kind: 'therapy', name: 'acupuncture', perWeek: 2, weeks: 3 },
        { id: 'item-2', text: 'Flexeril', kind: 'medication', name: 'Flexeril' },
      ],
    });
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  }, 60_000);
  it('choosing a catalog name fills the kind and shows only the fields that fit it', async () => {
    const page = await openPage();
    const item = page.locator('[data-rows="requests"] > fieldset').nth(0);
    const visible = (label: string) => item.getByLabel(label, { exact: true }).isVisible();
    await item.getByLabel('Name (drug or service)').fill('acupuncture');
    expect(await item.getByLabel('Kind').inputValue()).toBe('therapy');
    expect(await visible('Sessions')).toBe(true);
    expect(await visible('Per week')).toBe(true);
    expect(await visible('Strength')).toBe(false);
    expect(await visible('Frequency')).toBe(false);
    await item.getByLabel('Name (drug or service)').fill('Baclofen');
    expect(await item.getByLabel('Kind').inputValue()).toBe('medication');
    expect(await visible('Strength')).toBe(true);
    expect(await visible('Sessions')).toBe(false);
    // a kind chosen by hand shows its fields too; a field holding a value is never hidden
    await item.getByLabel('Strength').fill('10 mg');
    await item.getByLabel('Kind').selectOption('imaging');
    expect(await visible('Body region')).toBe(true);
    expect(await visible('Quantity')).toBe(false);
    expect(await visible('Strength')).toBe(true);
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('has the check button at the top as well, and defaults the request date to today with the editions in force', async () => {
    const page = await openPage();
    const buttons = page.getByRole('button', { name: 'Check the request' });
    expect(await buttons.count()).toBe(2);
    // the first one comes before the first group of the form
    expect(
      await page.evaluate(() => {
        const [top] = Array.from(document.querySelectorAll('#case-form button[type=submit]'));
        const firstGroup = document.querySelector('#case-form fieldset')!;
        return Boolean(top.compareDocumentPosition(firstGroup) & Node.DOCUMENT_POSITION_FOLLOWING);
      }),
    ).toBe(true);
    expect(await page.getByLabel('Date of the request').inputValue()).toBe(TODAY);
    await expect
      .poll(() => page.locator('#edition').innerText())
      .toMatch(/^Guidelines in force on 2015-06-01: .*Chronic Pain Medical Treatment Guidelines/);
    await page.getByLabel('Date of the request').fill('2019-03-01');
    await expect.poll(() => page.locator('#edition').innerText()).toMatch(/^Guidelines in force on 2019-03-01: /);

    // the top button checks the case as the bottom one does
    await page.locator('[data-rows="requests"] > fieldset').nth(0).getByLabel('Name (drug or service)').fill('Baclofen');
    await buttons.first().click();
    await expect.poll(() => page.locator('#results article.item').count()).toBe(1);
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('prints the result alone: the form and buttons are left off the paper', async () => {
    const page = await openPage();
    await expect.poll(() => page.getByRole('button', { name: 'Print the result' }).isVisible()).toBe(false);
    await page.getByLabel('Case id').fill('print-case');
    await page.locator('[data-rows="requests"] > fieldset').nth(0).getByLabel('Name (drug or service)').fill('Baclofen');
    await checkButton(page).click();
    await expect.poll(() => page.locator('#results article.item').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Print the result' }).isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#case-form').isVisible()).toBe(false);
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print the result' }).isVisible()).toBe(false);
    expect(await page.locator('#results article.item').isVisible()).toBe(true);
    expect(await page.locator('#results .case-id').innerText()).toBe('Case print-case');
    const pdf = await page.pdf({ format: 'Letter' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('#results .case-id').isVisible()).toBe(false);
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  }, 60_000);
});
