// npm run bench:store [-- --commits N] [-- --deploys N] [-- --pg URL]
// The same store workload on SQLite and PostgreSQL in one run, with the ratio: mine a generated
// repository, write scored deploys with outcomes through src/store/deployments.ts (16 in flight,
// as a busy server would), then list and summary reads. PostgreSQL is --pg, else TEST_PG_URL, else
// a throwaway cluster this script creates (default durability settings) and removes.
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { mineRepository } from '../src/collect/git-miner.ts';
import { openStore, type Store } from '../src/store/db.ts';
import {
  getDeployment,
  getOutcome,
  insertDeployment,
  latestDeployment,
  listDeployments,
  recentOutcomes,
  recordOutcome,
} from '../src/store/deployments.ts';
import { cachedBenchRepo, mulberry32 } from './bench-repo.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from './pg-throwaway.ts';

const { values } = parseArgs({
  options: {
    commits: { type: 'string', default: '5000' },
    deploys: { type: 'string', default: '10000' },
    reads: { type: 'string', default: '2000' },
    pg: { type: 'string' },
  },
});
const nCommits = Number(values.commits);
const nDeploys = Number(values.deploys);
const nReads = Number(values.reads);
const SERVICES = Array.from({ length: 20 }, (_, i) => `svc-${i}`);
const IN_FLIGHT = 16;

type Phase = 'mine' | 'write' | 'list' | 'summary';
type Timings = Record<Phase, number>;

async function pool(n: number, width: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

function deployRow(i: number, rnd: () => number) {
  const service = SERVICES[i % SERVICES.length]!;
  const features = Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`f${k}`, Math.round(rnd() * 1000) / 10]));
  const probability = rnd();
  return {
    id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    service,
    environment: i % 5 === 0 ? 'staging' : 'production',
    created_at: Date.UTC(2026, 0, 1) + i * 60_000,
    request: JSON.stringify({ service, environment: 'production', git: { repo: service, base: 'a'.repeat(40), head: 'b'.repeat(40) } }),
    features: JSON.stringify(features),
    model_version: 'bench-v1',
    probability,
    level: probability > 0.5 ? 'high' : 'low',
    decision: probability > 0.5 ? 'hold' : 'proceed',
    // A score response is about 2 KB: the summary texts and factors dominate.
    result: JSON.stringify({ risk: { probability }, factors: Object.keys(features).slice(0, 8), summary: { text: 'x'.repeat(1500) } }),
  };
}

async function workload(store: Store, repo: string): Promise<Timings> {
  const t: Partial<Timings> = {};
  let t0 = performance.now();
  const mined = await mineRepository(store, repo);
  t.mine = performance.now() - t0;
  if (mined.added !== nCommits) throw new Error(`${store.dialect}: mined ${mined.added} commits, expected ${nCommits}`);

  const rnd = mulberry32(11);
  const rows = Array.from({ length: nDeploys }, (_, i) => deployRow(i, rnd));
  t0 = performance.now();
  await pool(nDeploys, IN_FLIGHT, async (i) => {
    const row = rows[i]!;
    await insertDeployment(store.db, row);
    const status = i % 9 === 0 ? 'failed' : 'succeeded';
    await recordOutcome(store.db, { deployment_id: row.id, status, at: row.created_at + 600_000, reason: null, source: 'api', recorded_at: row.created_at + 600_001 });
  });
  t.write = performance.now() - t0;

  const pick = mulberry32(5);
  // list: the first page of a service's deploys, then the page after it (keyset cursor).
  t0 = performance.now();
  for (let i = 0; i < nReads / 2; i++) {
    const service = SERVICES[Math.floor(pick() * SERVICES.length)]!;
    const first = await listDeployments(store.db, { service, limit: 50 });
    if (first.next) await listDeployments(store.db, { service, limit: 50, cursor: first.next });
    else if (nDeploys >= 51 * SERVICES.length) throw new Error('expected a second page');
  }
  t.list = performance.now() - t0;

  // summary: what GET /v1/deployments/{id}(/summary) and a score's environment features read.
  t0 = performance.now();
  for (let i = 0; i < nReads; i++) {
    const row = rows[Math.floor(pick() * rows.length)]!;
    const d = await getDeployment(store.db, row.id);
    if (!d) throw new Error(`deployment ${row.id} missing`);
    await getOutcome(store.db, row.id);
    await recentOutcomes(store.db, row.service, 20);
    await latestDeployment(store.db, [row.service], 'production');
  }
  t.summary = performance.now() - t0;
  return t as Timings;
}

async function main() {
  const repo = cachedBenchRepo(nCommits);
  console.log(`workload: mine ${nCommits} commits; ${nDeploys} deploys + outcomes (${IN_FLIGHT} in flight); ${nReads / 2}×2 list pages; ${nReads} summary reads`);
  const work = mkdtempSync(join(tmpdir(), 'deployrisk-bench-store-'));
  let cluster: ThrowawayPostgres | undefined;
  const baseUrl = values.pg ?? process.env.TEST_PG_URL ?? (cluster = await startThrowawayPostgres()).url;
  const dbName = `deployrisk_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    console.log(`PostgreSQL: ${cluster ? 'throwaway cluster started by this script' : 'given server'}, ${(await admin.query('show server_version')).rows[0].server_version}`);
    await admin.query(`create database "${dbName}" template template0 encoding 'UTF8'`);
    const pgUrl = new URL(baseUrl);
    pgUrl.pathname = `/${dbName}`;

    const results: Record<string, Timings> = {};
    for (const [name, url] of [['SQLite', join(work, 'bench.db')], ['PostgreSQL', pgUrl.toString()]] as const) {
      const store = await openStore(url, { poolSize: IN_FLIGHT });
      try {
        results[name] = await workload(store, repo);
      } finally {
        await store.close();
      }
      console.log(`  ${name} done`);
    }
    const s = results.SQLite!;
    const p = results.PostgreSQL!;
    const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(10);
    const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000)}/s`.padStart(8);
    console.log(`\n${'phase'.padEnd(34)}${'SQLite'.padStart(10)}${'PostgreSQL'.padStart(12)}   PG/SQLite`);
    const line = (label: string, ph: Phase, n: number) =>
      console.log(`${label.padEnd(34)}${fmt(s[ph])}  ${fmt(p[ph])}   ${(p[ph] / s[ph]).toFixed(2)}   (${rate(n, s[ph])} vs ${rate(n, p[ph])})`);
    line(`mine ${nCommits} commits`, 'mine', nCommits);
    line(`${nDeploys} deploys + outcomes`, 'write', nDeploys);
    line(`${nReads} list pages`, 'list', nReads);
    line(`${nReads} summary reads (4 queries)`, 'summary', nReads);
    const total = (x: Timings) => x.mine + x.write + x.list + x.summary;
    console.log(`${'total'.padEnd(34)}${fmt(total(s))}  ${fmt(total(p))}   ${(total(p) / total(s)).toFixed(2)}`);
  } finally {
    await admin.query(`drop database if exists "${dbName}" with (force)`).catch(() => {});
    await admin.end();
    cluster?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
