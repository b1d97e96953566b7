// npm run bench:serve — throughput of POST /v1/score against a bare hono route that validates the
// same body with zod and echoes it. autocannon on loopback, 50 connections, 10 s each, one run.
// Prints req/s, p50/p99 latency, the ratio (goal ≥ 0.70, p99 ≤ 5 ms) and tfjs tensors before/after.
// BENCH_DB=postgres://… runs the same bench with the audit writes going to PostgreSQL.
//
// Each server runs in a child process of its own, so the load generator (this process) and the
// server do not share one event loop: that is how they meet in production, and on two cores the
// measurement is otherwise mostly autocannon's own cost.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const body = JSON.stringify({
  service: 'checkout',
  environment: 'production',
  features: { la: 420, ld: 37, nf: 12, ns: 2, nd: 5, entropy: 2.1, fix: 1, exp: 40, testsTotal: 812, testsFailed: 0, errorRate: 0.002 },
});

// ---- server side (child process): `bench-serve.ts --server bare|score` -----------------------
async function runServer(kind: 'bare' | 'score'): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { Hono } = await import('hono');
  const { scoreRequestSchema } = await import('../src/serve/schemas.ts');
  const { tensorCount } = await import('../src/model/backend.ts');
  let fetch: (req: Request) => Response | Promise<Response>;
  let cleanup = async () => {};
  let header = '';
  if (kind === 'bare') {
    const bare = new Hono();
    bare.post('/echo', async (c) => {
      const parsed = scoreRequestSchema.safeParse(await c.req.json());
      if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
      return c.json(parsed.data);
    });
    fetch = bare.fetch;
  } else {
    const { loadActiveScorer } = await import('../src/cli/serve-deps.ts');
    const { loadConfig } = await import('../src/config.ts');
    const { createLogger } = await import('../src/log.ts');
    const { buildApp } = await import('../src/serve/app.ts');
    const { openStore } = await import('../src/store/db.ts');
    const log = createLogger('warn');
    const dir = mkdtempSync(join(tmpdir(), 'deployrisk-bench-'));
    const config = { ...loadConfig(), DEPLOYRISK_LOG_LEVEL: 'warn' as const, DEPLOYRISK_TOKENS: undefined };
    const store = await openStore(process.env.BENCH_DB ?? join(dir, 'bench.db'), { poolSize: config.DEPLOYRISK_PG_POOL_SIZE });
    const scorer = await loadActiveScorer(config, log);
    if (!scorer) {
      console.error('no model (models/DEFAULT); train or ship one first');
      process.exit(4);
    }
    fetch = buildApp({ store, scorer: () => scorer, config, log, clock: () => Date.now() }).app.fetch;
    header = `model ${scorer.info.version}, store ${store.description}`;
    cleanup = async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const tensorsBefore = tensorCount();
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
    console.log(JSON.stringify({ url: `http://127.0.0.1:${info.port}`, header }));
  });
  process.on('SIGTERM', () => {
    // In-flight handlers finish their audit writes before the store closes.
    server.close(async () => {
      await cleanup();
      console.log(JSON.stringify({ tensorsBefore, tensorsAfter: tensorCount() }));
      process.exit(0);
    });
  });
}

// ---- load side (this process) ---------------------------------------------------------------
function startServer(kind: 'bare' | 'score'): Promise<{ child: ChildProcess; url: string; header: string; lines: AsyncIterator<string> }> {
  const runner = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
  const child = spawn(process.execPath, [runner, fileURLToPath(import.meta.url), '--server', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return lines.next().then((first) => {
    if (first.done) throw new Error(`${kind} server exited before listening`);
    const { url, header } = JSON.parse(first.value) as { url: string; header: string };
    return { child, url, header, lines };
  });
}

async function stopServer(s: { child: ChildProcess; lines: AsyncIterator<string> }): Promise<{ tensorsBefore: number; tensorsAfter: number }> {
  s.child.kill('SIGTERM');
  const last = await s.lines.next();
  return last.done ? { tensorsBefore: NaN, tensorsAfter: NaN } : JSON.parse(last.value);
}

async function load(title: string, url: string) {
  const r = await autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: CONNECTIONS, duration: DURATION });
  const non2xx = r.non2xx + r.errors;
  console.log(
    `${title.padEnd(34)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   non-2xx/errors ${non2xx}`,
  );
  return r;
}

async function main(): Promise<void> {
  const bare = await startServer('bare');
  const baseline = await load('bare hono + zod echo', `${bare.url}/echo`);
  await stopServer(bare);
  const score = await startServer('score');
  console.log(`bench:serve — autocannon, ${CONNECTIONS} connections, ${DURATION} s each, ${score.header}; servers in their own process`);
  const full = await load('POST /v1/score (features)', `${score.url}/v1/score`);
  const tensors = await stopServer(score);
  const ratio = full.requests.average / baseline.requests.average;
  console.log(`ratio score/bare: ${ratio.toFixed(2)} (goal ≥ 0.70)   p99 /v1/score: ${full.latency.p99} ms (goal ≤ 5 ms)`);
  console.log(`tf.memory().numTensors in the scoring server: before ${tensors.tensorsBefore}, after ${tensors.tensorsAfter} (must not grow)`);
}

const role = process.argv.indexOf('--server');
if (role >= 0) await runServer(process.argv[role + 1] === 'bare' ? 'bare' : 'score');
else await main();
