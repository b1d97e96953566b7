// The dashboard in a real browser: Debian's headless Chromium (through playwright-core) against the
// real `deployrisk serve` process on a temp SQLite store, with tokens. The store is seeded through
// the HTTP API (scores and outcomes); the test signs in, clicks list → deploy → model → service,
// checks what each page says, runs axe-core on each (no serious or critical violation) and saves
// screenshots under test-output/ui/.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { activateModel, registerModel } from '../../src/store/models.ts';
import { TEST_DIALECTS, testDatabases } from '../helpers/test-db.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/deployrisk.mjs');
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-output/ui');
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');
const SCORE_TOKEN = 'ui-test-score-7d1c2a';
const OUTCOME_TOKEN = 'ui-test-outcome-4b9e';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(`skipping the dashboard browser tests: ${CHROMIUM} is missing (apt-get install chromium)`);

const modelDir = () => join(ROOT, 'models', readFileSync(join(ROOT, 'models/DEFAULT'), 'utf8').trim());

async function api(url: string, path: string, body: unknown, token = SCORE_TOKEN) {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as any;
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

describe.runIf(haveChromium).each(TEST_DIALECTS)('dashboard in headless Chromium (%s)', (dialect) => {
  const dbs = testDatabases(dialect);
  let dir: string;
  let child: ChildProcess;
  let url = '';
  let stderr = '';
  const ids: string[] = [];
  const shot = (name: string) => join(SHOTS, `${name}${dialect === 'sqlite' ? '' : `-${dialect}`}.png`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deployrisk-ui-'));
    const db = dialect === 'sqlite' ? join(dir, 'ui.db') : await dbs.fresh();
    // The registry as `deployrisk train --register` and `models activate` leave it: the shipped model.
    const store = await openStore(db);
    const card = readFileSync(join(modelDir(), 'card.json'), 'utf8');
    const version = JSON.parse(card).version as string;
    await registerModel(store.db, {
      version,
      card,
      artifact_dir: modelDir(),
      created_at: Date.parse(JSON.parse(card).createdAt),
      registered_at: Date.now(),
    });
    await activateModel(store.db, version, Date.now());
    await store.close();
    child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db], {
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        DEPLOYRISK_MODEL_DIR: modelDir(),
        DEPLOYRISK_LOG_LEVEL: 'info',
        DEPLOYRISK_TOKENS: `${SCORE_TOKEN}=score,${OUTCOME_TOKEN}=outcome`,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (d) => (stderr += String(d)));
    url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`server did not start: ${stderr}`)), 90_000);
      child.stderr!.on('data', () => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          ok(m[1]!);
        }
      });
      child.once('exit', (code) => fail(new Error(`server exited ${code}: ${stderr}`)));
    });
    // 60 deploys of two services to two environments, from tiny changes to large ones with failing
    // tests; two thirds get an outcome (the larger ones fail more often), a third stay pending.
    for (let i = 0; i < 60; i++) {
      const big = i % 5 === 0;
      const scored = await api(url, '/v1/score', {
        service: i % 3 === 0 ? 'payments' : 'shop',
        environment: i % 4 === 0 ? 'staging' : 'production',
        features: {
          la: big ? 900 + i * 10 : 5 + i,
          ld: big ? 300 : 2,
          nf: big ? 25 : 1 + (i % 4),
          ns: big ? 4 : 1,
          nd: big ? 8 : 1,
          entropy: big ? 3.2 : 0.5,
          exp: 10 + i * 3,
          fix: i % 7 === 0 ? 1 : 0,
          testsTotal: 400,
          testsFailed: big ? 3 : 0,
        },
        commits: [
          { sha: `${(0x9a0000 + i * 7919).toString(16)}beef0`, features: { la: 5 + i, ld: 2, nf: 1 } },
        ],
        notify: false,
      });
      ids.push(scored.id);
      if (i % 3 !== 2) {
        const failed = big ? i % 2 === 0 : i % 11 === 0;
        await api(
          url,
          `/v1/deployments/${scored.id}/outcome`,
          {
            status: failed ? (i % 4 === 0 ? 'rolled_back' : 'failed') : 'succeeded',
            reason: failed ? 'error rate above SLO' : undefined,
          },
          OUTCOME_TOKEN,
        );
      }
    }
  }, 240_000);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('signs in, lists, opens a deploy, the models and a service; every page passes axe', async () => {
    const { chromium } = await import('playwright-core');
    mkdirSync(SHOTS, { recursive: true });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless=new'],
    });
    try {
      // bypassCSP lets the test inject axe-core; the pages themselves carry no script.
      const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const axe = async (name: string) => {
        await page.addScriptTag({ path: AXE });
        const result = await page.evaluate(async () =>
          (globalThis as any).axe.run((globalThis as any).document),
        );
        const bad = (result.violations as any[])
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v) =>
              `${v.id}: ${v.help} (${v.nodes
                .map((n: any) => n.target.join(' '))
                .slice(0, 3)
                .join(', ')})`,
          );
        expect(bad, `${name}: axe violations`).toEqual([]);
        await page.screenshot({ path: shot(name), fullPage: true });
      };

      // Not signed in: the dashboard sends the browser to the sign-in form.
      await page.goto(`${url}/ui`);
      expect(new URL(page.url()).pathname).toBe('/ui/login');
      await axe('login');
      await page.fill('input[name=token]', OUTCOME_TOKEN);
      await page.click('button[type=submit]');
      await expect.poll(() => page.textContent('[role=alert]')).toContain('lacks the score scope');
      await page.fill('input[name=token]', SCORE_TOKEN);
      await page.click('button[type=submit]');
      await page.waitForURL(`${url}/ui`);
      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({
        name: 'deployrisk_ui',
        httpOnly: true,
        sameSite: 'Strict',
        path: '/ui',
      });
      expect(cookie!.value).not.toContain(SCORE_TOKEN);

      // The list: newest first, 50 to a page, levels and outcomes shown, filters and paging.
      expect(await page.textContent('h1')).toBe('Deploys');
      const rows = page.locator('tbody tr');
      expect(await rows.count()).toBe(50);
      const firstRow = await rows.first().textContent();
      expect(firstRow).toMatch(/(low|medium|high|critical) \d/);
      expect(await page.locator('tbody td', { hasText: 'pending' }).count()).toBeGreaterThan(0);
      await axe('deploys');
      await page.click('a[rel=next]');
      expect(await rows.count()).toBe(10);
      await page.goto(`${url}/ui`);
      await page.selectOption('select[name=outcome]', 'failed');
      await page.selectOption('select[name=service]', 'shop');
      await page.click('form.filters button');
      const outcomes = await page.locator('tbody tr td:nth-child(7)').allTextContents();
      expect(outcomes.length).toBeGreaterThan(0);
      expect(new Set(outcomes)).toEqual(new Set(['failed']));
      expect(new Set(await page.locator('tbody tr td:nth-child(2)').allTextContents())).toEqual(
        new Set(['shop']),
      );

      // A deploy: factors, plan timeline, gate, outcome and both summaries.
      await page.goto(`${url}/ui`);
      await page.locator('tbody tr td:first-child a').first().click();
      await page.waitForURL(/\/ui\/deploys\//);
      expect(page.url()).toContain(ids[ids.length - 1]!);
      expect(await page.textContent('h1')).toMatch(/^Deploy of (shop|payments) to (production|staging)$/);
      expect(await page.locator('svg#factors-chart, svg[aria-labelledby^="factors-chart"]').count()).toBe(1);
      expect(await page.textContent('#factors ~ table')).toMatch(/raises the risk|lowers the risk/);
      expect(await page.textContent('body')).toContain('GET /v1/gate?id=');
      expect(await page.textContent('.slack')).toMatch(/risk \(\d+\.\d+ %\) for (shop|payments)/);
      expect(await page.textContent('pre')).toContain('risk');
      await axe('deploy');

      // The model: the active registered model, live calibration from the recorded outcomes, drift.
      await page.click('nav[aria-label=Dashboard] >> text=Model health');
      await page.waitForURL(`${url}/ui/models`);
      const body = (await page.textContent('main'))!;
      expect(body).toContain(JSON.parse(readFileSync(join(modelDir(), 'card.json'), 'utf8')).version);
      expect(body).toMatch(/Deploys with an outcome\s*40/);
      expect(await page.locator('svg[aria-labelledby^="reliability-chart"] circle').count()).toBeGreaterThan(
        0,
      );
      expect(await page.locator('svg[aria-labelledby^="psi-chart"] rect').count()).toBeGreaterThan(0);
      expect(await page.locator('button').count()).toBe(1); // sign out only: no activation button
      await axe('models');

      // A service: change failure rate, deploys per day, median risk per week.
      await page.goto(`${url}/ui/services`);
      await page.click('main a >> text=shop');
      await page.waitForURL(`${url}/ui/services/shop`);
      expect(await page.textContent('main')).toMatch(/Change failure rate\s*\d+\.\d %/);
      expect(await page.locator('main svg').count()).toBe(3);
      await axe('service');

      // Signing out ends the session.
      await page.click('text=Sign out');
      await page.waitForURL(/\/ui\/login/);
      await page.goto(`${url}/ui/models`);
      expect(new URL(page.url()).pathname).toBe('/ui/login');
    } finally {
      await browser.close();
    }
  }, 180_000);
});
