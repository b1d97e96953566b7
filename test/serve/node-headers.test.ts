// Over a real socket the service reads request headers from Node's IncomingMessage and sets the
// request id on Node's ServerResponse (context.ts: requestHeader, setResponseHeader), not through
// hono's Headers as under app.request() in the other tests. This runs each header the service reads
// or writes through the real server: auth, content type, the body limit, the request id, metrics.
import { mkdtempSync, rmSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { requestHeader, setResponseHeader, type Ctx } from '../../src/serve/context.ts';
import { startServer, type RunningServer } from '../../src/serve/server.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { testScorer } from '../helpers/test-scorer.ts';

let dir: string;
let store: Store;
let server: RunningServer;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deployrisk-headers-'));
  store = await openStore(join(dir, 'headers.db'));
  const scorer = testScorer();
  server = await startServer(
    {
      store,
      scorer: () => scorer,
      config: loadConfig({
        DEPLOYRISK_LOG_LEVEL: 'silent',
        DEPLOYRISK_BODY_LIMIT: '4096',
        DEPLOYRISK_TOKENS: 'ci=score,bot=outcome,root=admin',
      }),
      log: silentLogger,
      clock: () => Date.now(),
    },
    { port: 0, host: '127.0.0.1' },
  );
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close(); // closes the store too
  rmSync(dir, { recursive: true, force: true });
});

const scoreBody = JSON.stringify({ service: 'checkout', environment: 'production', features: { la: 10 } });
const score = (headers: Record<string, string>, body = scoreBody) =>
  fetch(`${base}/v1/score`, { method: 'POST', headers, body });

describe('headers over a real socket', () => {
  it('reads the bearer token: none → 401, wrong scope → 403, right scope → 200', async () => {
    const json = { 'content-type': 'application/json' };
    const none = await score(json);
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).error.code).toBe('unauthorized');
    const wrong = await score({ ...json, authorization: 'Bearer bot' });
    expect(wrong.status).toBe(403);
    await wrong.body?.cancel();
    const right = await score({ ...json, authorization: 'Bearer ci' });
    expect(right.status).toBe(200);
    expect(((await right.json()) as any).risk.probability).toBeGreaterThan(0);
  });

  it('reads the content type: a body not sent as JSON is a 400', async () => {
    const res = await score({ 'content-type': 'text/plain', authorization: 'Bearer ci' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toMatch(/application\/json/);
    const suffixed = await score({ 'content-type': 'application/vnd.api+json', authorization: 'Bearer ci' });
    expect(suffixed.status).toBe(200);
    await suffixed.body?.cancel();
  });

  it('reads the declared length: over the limit is a 413 before any of the body is sent', async () => {
    // Only the head goes out: without the declared-length check the server would wait for a body
    // that never comes, and this request would not be answered.
    const answer = await rawScore(['Authorization: Bearer ci', 'Content-Length: 5000'], '');
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('payload_too_large');
  });

  it('two Authorization headers are joined as WHATWG Headers joins them, and refused', async () => {
    // Node's parsed headers keep the first Authorization only, which would pass on "Bearer ci".
    const length = `Content-Length: ${Buffer.byteLength(scoreBody)}`;
    const twice = await rawScore(
      ['Authorization: Bearer ci', 'Authorization: Bearer bogus', length],
      scoreBody,
    );
    expect(twice.status).toBe(401);
    const once = await rawScore(['Authorization: Bearer ci', length], scoreBody);
    expect(once.status).toBe(200);
  });

  it('answers every response, success or error, with the request id the error body names', async () => {
    const ok = await score({ 'content-type': 'application/json', authorization: 'Bearer ci' });
    const okId = ok.headers.get('x-request-id');
    expect(okId).toMatch(/^[0-9a-f-]{36}$/);
    await ok.body?.cancel();
    const missing = await fetch(`${base}/v1/nothing-here`);
    expect(missing.status).toBe(404);
    const id = missing.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(id).not.toBe(okId);
    expect(((await missing.json()) as any).error.requestId).toBe(id);
    // One header, not two: the id set on Node's response is not repeated by the route's own headers.
    expect(id!.includes(',')).toBe(false);
  });

  it('keeps a well-formed x-request-id the client sent and replaces a malformed one', async () => {
    const kept = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'deploy-42.a' } });
    expect(kept.headers.get('x-request-id')).toBe('deploy-42.a');
    await kept.body?.cancel();
    const bad = await fetch(`${base}/v1/nothing-here`, { headers: { 'x-request-id': 'no spaces allowed' } });
    const id = bad.headers.get('x-request-id');
    expect(id).not.toBe('no spaces allowed');
    expect(((await bad.json()) as any).error.requestId).toBe(id);
  });

  it('counts each request once in the duration histogram, by route and status', async () => {
    const count = async (route: string, status: number) => {
      const res = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer root' } });
      const text = await res.text();
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('deployrisk_http_request_duration_seconds_count{') &&
            l.includes(`route="${route}"`) &&
            l.includes(`status="${status}"`) &&
            l.includes('method="POST"'),
        );
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const before200 = await count('/v1/score', 200);
    const before401 = await count('/v1/score', 401);
    for (let i = 0; i < 3; i++) {
      const r = await score({ 'content-type': 'application/json', authorization: 'Bearer ci' });
      await r.body?.cancel();
    }
    const denied = await score({ 'content-type': 'application/json' });
    await denied.body?.cancel();
    expect(await count('/v1/score', 200)).toBe(before200 + 3);
    expect(await count('/v1/score', 401)).toBe(before401 + 1);
  });
});

describe('requestHeader / setResponseHeader on the Node objects', () => {
  // A context whose hono header methods throw: the Node path must not touch them.
  const ctxOver = (incoming: IncomingMessage, outgoing: ServerResponse) =>
    ({
      env: { incoming, outgoing },
      req: {
        header: () => {
          throw new Error('hono request headers were built');
        },
      },
      header: () => {
        throw new Error('hono response headers were used');
      },
    }) as unknown as Ctx;

  it('reads from the raw header list, case-insensitively, joining repeats; writes on the response', () => {
    const incoming = new IncomingMessage(new Socket());
    incoming.rawHeaders = ['Content-Type', 'application/json', 'X-Tag', 'a', 'x-tag', 'b'];
    const outgoing = new ServerResponse(incoming);
    const c = ctxOver(incoming, outgoing);
    expect(requestHeader(c, 'content-type')).toBe('application/json');
    expect(requestHeader(c, 'x-tag')).toBe('a, b');
    expect(requestHeader(c, 'authorization')).toBeUndefined();
    setResponseHeader(c, 'x-request-id', 'r-1');
    expect(outgoing.getHeader('x-request-id')).toBe('r-1');
  });
});

/** POST /v1/score written by hand (repeated headers, a head without its body). */
function rawScore(headers: string[], body: string): Promise<{ status: number; body: string }> {
  return rawRequest(
    ['POST /v1/score HTTP/1.1', 'Host: x', 'Content-Type: application/json', ...headers],
    body,
  );
}

function rawRequest(head: string[], body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let bytes = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      bytes = Buffer.concat([bytes, d]);
      // One response is enough; the server may keep the connection open. Lengths are in bytes.
      const end = bytes.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(bytes.toString('latin1', 0, Math.max(0, end)));
      if (end >= 0 && length && bytes.length >= end + 4 + Number(length[1])) {
        socket.destroy();
        const head = bytes.toString('latin1', 0, end);
        resolve({ status: Number(head.split(' ')[1]), body: bytes.toString('utf8', end + 4) });
      }
    });
    socket.on('error', reject);
    socket.write([...head, '', ''].join('\r\n') + body);
  });
}
