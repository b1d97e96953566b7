// End to end: the real `deployrisk serve` process on a free port with a real model, scoring a real
// temporary git repository's range with a JUnit file, recording an outcome, reading Slack back.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempRepo } from '../helpers/git-repo.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/deployrisk.mjs');
let dir: string;
let child: ChildProcess;
let url: string;
let stderr = '';
let repo: TempRepo;
let base: string;
let head: string;

/** The shipped model when there is one; until then a model trained here on the bundled Kamei data. */
function modelDir(): string {
  if (existsSync(join(ROOT, 'models/DEFAULT')))
    return join(ROOT, 'models', readFileSync(join(ROOT, 'models/DEFAULT'), 'utf8').trim());
  const out = join(dir, 'model');
  const r = spawnSync(
    process.execPath,
    [BIN, 'train', '--data', join(ROOT, 'data/kamei2013/bugzilla.csv'), '--out', out, '--version', 'e2e'],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (r.status !== 0) throw new Error(`training failed: ${r.stderr}`);
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deployrisk-e2e-'));
  mkdirSync(join(dir, 'repos', 'shop'), { recursive: true });
  repo = new TempRepo(join(dir, 'repos', 'shop'));
  const alice = { name: 'Alice', email: 'alice@example.com' };
  base = repo.commit({
    author: alice,
    date: '2024-05-01T10:00:00Z',
    message: 'initial',
    write: { 'src/app.ts': 'export const a = 1;\n' },
  });
  repo.commit({
    author: alice,
    date: '2024-05-02T10:00:00Z',
    message: 'add cart',
    write: { 'src/cart.ts': 'export const cart = [];\n'.repeat(40) },
  });
  head = repo.commit({
    author: alice,
    date: '2024-05-03T10:00:00Z',
    message: 'fix bug in cart',
    write: { 'src/cart.ts': 'export const cart = [1];\n'.repeat(30) },
  });
  child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', join(dir, 'e2e.db')], {
    env: {
      ...process.env,
      DEPLOYRISK_REPO_ROOTS: join(dir, 'repos'),
      DEPLOYRISK_MODEL_DIR: modelDir(),
      DEPLOYRISK_LOG_LEVEL: 'info',
      DEPLOYRISK_TOKENS: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d) => (stderr += String(d)));
  url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${stderr}`)), 60_000);
    child.stderr!.on('data', () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.once('exit', (code) => fail(new Error(`server exited ${code}: ${stderr}`)));
  });
}, 180_000);

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown) =>
  fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('deployrisk serve, end to end', () => {
  it('scores a git range with a JUnit file, records the outcome, serves the Slack summary, shuts down cleanly', async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const junit = readFileSync(join(ROOT, 'test/fixtures/junit/maven-surefire.xml'), 'utf8');
    const res = await post('/v1/score', {
      service: 'shop',
      environment: { environment: 'production', errorRate: 0.01, trafficLevel: 0.9 },
      git: { repo: 'shop', base, head },
      tests: { junit: [junit] },
    });
    const scored = (await res.json()) as any;
    expect(res.status, JSON.stringify(scored)).toBe(200);
    expect(scored.risk.probability).toBeGreaterThan(0);
    expect(scored.risk.probability).toBeLessThan(1);
    expect(scored.factors.length).toBeGreaterThan(0);

    const record = (await (await fetch(`${url}/v1/deployments/${scored.id}`)).json()) as any;
    expect(record.features.commits).toBe(2);
    expect(record.features.fix).toBe(1);
    expect(record.features.testsTotal).toBeGreaterThan(0);
    expect(record.features.peakTraffic).toBe(1);
    expect(record.request.git).toEqual({ repo: 'shop', base, head });
    expect(record.request.tests.junit[0].sha256).toMatch(/^[0-9a-f]{64}$/);

    const escape = await post('/v1/score', {
      service: 'shop',
      environment: 'production',
      git: { repo: '../..', base, head },
    });
    expect(escape.status).toBe(400);

    expect((await post(`/v1/deployments/${scored.id}/outcome`, { status: 'succeeded' })).status).toBe(201);
    expect((await post(`/v1/deployments/${scored.id}/outcome`, { status: 'succeeded' })).status).toBe(200);
    expect((await post(`/v1/deployments/${scored.id}/outcome`, { status: 'failed' })).status).toBe(409);

    const slack = (await (
      await fetch(`${url}/v1/deployments/${scored.id}/summary?format=slack`)
    ).json()) as any;
    expect(slack).toEqual(scored.summary.slack);
    expect(slack.blocks[0].text.text).toContain('shop → production');

    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: shutting down');
    // started without npm start's V8 flag, the server says so
    expect(stderr).toContain('node runs without --no-allocation-site-pretenuring');
    expect(stderr).toContain('stopped');
  });
});
