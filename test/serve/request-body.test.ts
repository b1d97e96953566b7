// The body reader on the real Node server (@hono/node-server): it reads Node's IncomingMessage
// directly, so the limit, chunked bodies, UTF-8 split across chunks and cut-off uploads are tested
// over a real socket here (app.request() in the other tests takes the Fetch path).
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startServer, type RunningServer } from '../../src/serve/server.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { testScorer } from '../helpers/test-scorer.ts';

const LIMIT = 2048;
let dir: string;
let store: Store;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deployrisk-body-'));
  store = await openStore(join(dir, 'body.db'));
  const scorer = testScorer();
  server = await startServer(
    {
      store,
      scorer: () => scorer,
      config: loadConfig({ DEPLOYRISK_LOG_LEVEL: 'silent', DEPLOYRISK_BODY_LIMIT: String(LIMIT) }),
      log: silentLogger,
      clock: () => Date.now(),
    },
    { port: 0 },
  );
});
afterAll(async () => {
  await server.close(); // closes the store too
  rmSync(dir, { recursive: true, force: true });
});

/** POSTs `parts` as separate writes; chunked unless `length` is given. Resolves with status and body. */
function post(
  parts: Buffer[],
  opts: { length?: boolean; abortAfter?: number } = {},
): Promise<{ status: number; body: any }> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/v1/score',
        headers: {
          'content-type': 'application/json',
          ...(opts.length ? { 'content-length': String(total) } : { 'transfer-encoding': 'chunked' }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    const write = async () => {
      for (const [i, p] of parts.entries()) {
        if (opts.abortAfter === i) {
          req.destroy();
          resolve({ status: 0, body: null });
          return;
        }
        req.write(p);
        await new Promise((r) => setTimeout(r, 5));
      }
      req.end();
    };
    void write();
  });
}

const stored = async () =>
  Number(
    (
      await store.db
        .selectFrom('deployments')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const scoreBody = (service: string, extra = '') =>
  `{"service":${JSON.stringify(service)},"environment":"production","features":{"la":10}${extra}}`;

/** Splits `text`'s UTF-8 bytes into `n` pieces at byte offsets (so a character may be split). */
function split(text: string, n: number): Buffer[] {
  const b = Buffer.from(text, 'utf8');
  const step = Math.ceil(b.length / n);
  return Array.from({ length: n }, (_, i) => b.subarray(i * step, (i + 1) * step)).filter((p) => p.length);
}

describe('request bodies on the real server', () => {
  it('reads a chunked body whose UTF-8 characters are split across chunks', async () => {
    const service = 'kässe-ü€-𝄞'.repeat(3);
    const res = await post(split(scoreBody(service), 7));
    expect(res.status).toBe(200);
    const row = await store.db
      .selectFrom('deployments')
      .select('service')
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(row.service).toBe(service);
  });

  it('reads a body with a content-length', async () => {
    const res = await post([Buffer.from(scoreBody('api'))], { length: true });
    expect(res.status).toBe(200);
    expect(res.body.risk.level).toBe('low');
  });

  it('413 with the error envelope for a declared length over the limit, nothing stored', async () => {
    const before = await stored();
    const big = Buffer.from(scoreBody('api', `,"notify":false,"pad":"${'x'.repeat(LIMIT)}"`));
    const res = await post([big], { length: true });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'payload_too_large', details: { limit: LIMIT } });
    expect(typeof res.body.error.requestId).toBe('string');
    expect(await stored()).toBe(before);
  });

  it('413 for a chunked body that grows past the limit while it is read, nothing stored', async () => {
    const before = await stored();
    const parts = split(scoreBody('api', `,"pad":"${'x'.repeat(3 * LIMIT)}"`), 8);
    const res = await post(parts);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await stored()).toBe(before);
  });

  it('400 for a body that is not JSON; an upload cut off midway stores nothing and the server keeps serving', async () => {
    const bad = await post([Buffer.from('{"service": "api", ')], { length: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_input');
    const before = await stored();
    await post(split(scoreBody('api'), 4), { abortAfter: 2 });
    await new Promise((r) => setTimeout(r, 50));
    expect(await stored()).toBe(before);
    const after = await post([Buffer.from(scoreBody('api'))], { length: true });
    expect(after.status).toBe(200);
  });
});
