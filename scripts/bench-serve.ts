// npm run bench:serve — throughput of POST /v1/score against a bare hono route that validates the
// same body with zod and echoes it. autocannon on loopback, 50 connections, 10 s each, one run.
// Prints req/s, p50/p99 latency, the ratio (goal ≥ 0.70, p99 ≤ 5 ms) and tfjs tensors before/after.
// BENCH_DB=postgres://… runs the same bench with the audit writes going to PostgreSQL.
import { serve, type ServerType } from '@hono/node-server';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadActiveScorer } from '../src/cli/serve-deps.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { tf } from '../src/model/backend.ts';
import { buildApp } from '../src/serve/app.ts';
import { scoreRequestSchema } from '../src/serve/schemas.ts';
import { openStore } from '../src/store/db.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const log = createLogger('warn');
const body = JSON.stringify({
  service: 'checkout',
  environment: 'production',
  features: { la: 420, ld: 37, nf: 12, ns: 2, nd: 5, entropy: 2.1, fix: 1, exp: 40, testsTotal: 812, testsFailed: 0, errorRate: 0.002 },
});

async function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<{ server: ServerType; url: string }> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function run(title: string, url: string) {
  const r = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: CONNECTIONS,
    duration: DURATION,
  });
  const non2xx = r.non2xx + r.errors;
  console.log(
    `${title.padEnd(34)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   non-2xx/errors ${non2xx}`,
  );
  return r;
}

const bare = new Hono();
bare.post('/echo', async (c) => {
  const parsed = scoreRequestSchema.safeParse(await c.req.json());
  if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
  return c.json(parsed.data);
});

const dir = mkdtempSync(join(tmpdir(), 'deployrisk-bench-'));
const config = { ...loadConfig(), DEPLOYRISK_LOG_LEVEL: 'warn' as const, DEPLOYRISK_TOKENS: undefined };
const store = await openStore(process.env.BENCH_DB ?? join(dir, 'bench.db'), { poolSize: config.DEPLOYRISK_PG_POOL_SIZE });
const scorer = await loadActiveScorer(config, log);
if (!scorer) {
  console.error('no model (models/DEFAULT); train or ship one first');
  process.exit(4);
}
const { app } = buildApp({ store, scorer: () => scorer, config, log, clock: () => Date.now() });
const tensorsBefore = tf.memory().numTensors;

console.log(`bench:serve — autocannon, ${CONNECTIONS} connections, ${DURATION} s each, model ${scorer.info.version}, store ${store.description}`);
const a = await listen(bare.fetch);
const baseline = await run('bare hono + zod echo', `${a.url}/echo`);
a.server.close();
const b = await listen(app.fetch);
const full = await run('POST /v1/score (features)', `${b.url}/v1/score`);
// autocannon stops with requests in flight; let their handlers finish their audit writes before
// the store closes (otherwise they log "driver has already been destroyed").
await new Promise((r) => b.server.close(r));
await new Promise((r) => setTimeout(r, 1000));
const tensorsAfter = tf.memory().numTensors;

const ratio = full.requests.average / baseline.requests.average;
console.log(`ratio score/bare: ${ratio.toFixed(2)} (goal ≥ 0.70)   p99 /v1/score: ${full.latency.p99} ms (goal ≤ 5 ms)`);
console.log(`tf.memory().numTensors: before ${tensorsBefore}, after ${tensorsAfter} (must not grow)`);
await store.close();
rmSync(dir, { recursive: true, force: true });
