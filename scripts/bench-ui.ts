// npm run bench:ui [-- --deploys N] [-- --runs N] [-- --pg URL]
// Server time of the dashboard's pages over a store of N scored deploys (default 10,000): the store
// is built by batched inserts of rows cloned from one deploy scored through the real app (the
// shipped model), with varied services, environments, times and probabilities, and an outcome for
// 70 % of them. Each page is requested in-process (app.request: the whole hono app, no socket) and
// the median and 95th percentile of `runs` requests after a warm-up are printed. SQLite always;
// PostgreSQL too with --pg URL (or TEST_PG_URL).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { loadScorer, MODELS_DIR } from '../src/model/scorer.ts';
import { levelOf } from '../src/risk/scale.ts';
import { buildApp } from '../src/serve/app.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { getDeployment } from '../src/store/deployments.ts';

const { values } = parseArgs({
  options: {
    deploys: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '40' },
    pg: { type: 'string' },
  },
});
const N = Number(values.deploys);
const RUNS = Number(values.runs);
const pgUrl = values.pg ?? process.env.TEST_PG_URL;
const SERVICES = Array.from({ length: 20 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
const BATCH = 200;

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seed(
  store: Store,
  app: ReturnType<typeof buildApp>['app'],
): Promise<{ id: string; seconds: number }> {
  const res = await app.request('/v1/score', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      service: SERVICES[0],
      environment: 'production',
      features: { la: 120, ld: 30, nf: 4, ns: 1, nd: 2, exp: 40, testsTotal: 300, testsFailed: 0 },
      commits: [{ sha: 'a1b2c3d4e5f60718293a', features: { la: 120, ld: 30, nf: 4 } }],
      notify: false,
    }),
  });
  if (res.status !== 200) throw new Error(`scoring failed: ${res.status} ${await res.text()}`);
  const template = (await getDeployment(store.db, ((await res.json()) as { id: string }).id))!;
  const rnd = mulberry32(7);
  const start = performance.now();
  const t0 = Date.UTC(2026, 8, 1);
  for (let b = 0; b < N; b += BATCH) {
    const rows = [];
    const outcomes = [];
    for (let i = b; i < Math.min(N, b + BATCH); i++) {
      const probability = Number((rnd() ** 2.5).toFixed(6));
      const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
      const created = t0 + i * 9 * 60_000;
      rows.push({
        ...template,
        id,
        service: SERVICES[i % SERVICES.length]!,
        environment: i % 5 === 0 ? 'staging' : 'production',
        created_at: created,
        probability,
        level: levelOf(probability),
        decision: rnd() < 0.1 ? 'hold' : 'proceed',
      });
      if (rnd() < 0.7) {
        const failed = rnd() < probability;
        outcomes.push({
          deployment_id: id,
          status: failed ? 'failed' : 'succeeded',
          at: created + 3_600_000,
          reason: null,
          source: 'api',
          recorded_at: created + 3_600_000,
        });
      }
    }
    await store.db.insertInto('deployments').values(rows).execute();
    if (outcomes.length) await store.db.insertInto('deployment_outcomes').values(outcomes).execute();
  }
  return { id: '00000000-0000-4000-8000-000000000000', seconds: (performance.now() - start) / 1000 };
}

const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function measure(
  app: ReturnType<typeof buildApp>['app'],
  path: string,
): Promise<{ median: number; p95: number; bytes: number }> {
  let bytes = 0;
  for (let i = 0; i < 3; i++) {
    const res = await app.request(path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
    bytes = (await res.text()).length;
  }
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const res = await app.request(path);
    await res.text();
    times.push(performance.now() - start);
  }
  return { median: q(times, 0.5), p95: q(times, 0.95), bytes };
}

async function run(label: string, url: string): Promise<void> {
  const store = await openStore(url);
  try {
    const scorer = await loadScorer(
      join(MODELS_DIR, readFileSync(join(MODELS_DIR, 'DEFAULT'), 'utf8').trim()),
    );
    const { app } = buildApp({
      store,
      scorer: () => scorer,
      models: () => [scorer.info],
      config: loadConfig({ DEPLOYRISK_LOG_LEVEL: 'silent' }),
      log: silentLogger,
      clock: () => Date.UTC(2026, 8, 1) + N * 9 * 60_000,
    });
    const built = await seed(store, app);
    console.log(`${label}: ${N} deploys stored by batched inserts in ${built.seconds.toFixed(1)} s`);
    const pages: [string, string][] = [
      ['first page of the list (50 rows)', '/ui'],
      ['  filtered: one service', `/ui?service=${SERVICES[3]}`],
      ['  filtered: staging, pending', '/ui?environment=staging&outcome=pending'],
      ['  filtered: a rare level', `/ui?level=${levelOf(0.999)}`],
      ['a deploy', `/ui/deploys/${built.id}`],
      ['a service (12 weeks)', `/ui/services/${SERVICES[3]}`],
      ['model health', '/ui/models'],
    ];
    for (const [name, path] of pages) {
      const m = await measure(app, path);
      console.log(
        `  ${name.padEnd(36)} median ${m.median.toFixed(1).padStart(6)} ms  p95 ${m.p95.toFixed(1).padStart(6)} ms  (${(m.bytes / 1024).toFixed(0)} KiB)`,
      );
    }
  } finally {
    await store.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'deployrisk-bench-ui-'));
try {
  await run('SQLite', join(dir, 'bench.db'));
  if (pgUrl) {
    const pg = (await import('pg')).default;
    const name = `deployrisk_bench_ui_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    try {
      const u = new URL(pgUrl);
      u.pathname = `/${name}`;
      await run('PostgreSQL', u.toString());
    } finally {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  } else {
    console.log('PostgreSQL: not run (give --pg URL or set TEST_PG_URL)');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
