// Exit codes of `deployrisk score` against a real server on loopback (test scorer), and an
// unreachable one on a closed loopback port.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startServer, type RunningServer } from '../../src/serve/server.ts';
import { MODELS_DIR } from '../../src/model/scorer.ts';
import { openStore } from '../../src/store/db.ts';
import { activateModel, registerModel } from '../../src/store/models.ts';
import { runCli } from '../helpers/cli.ts';
import { SCORE_RESPONSE_KEYS } from '../helpers/serve-app.ts';
import { testScorer } from '../helpers/test-scorer.ts';

let server: RunningServer;
let url: string;
let dir: string;
let closedPort: number;
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deployrisk-score-cli-'));
  const store = await openStore(join(dir, 'server.db'));
  const scorer = testScorer();
  server = await startServer(
    {
      store,
      scorer: () => scorer,
      config: loadConfig({ DEPLOYRISK_TOKENS: 'tok=score' }),
      log: silentLogger,
      clock: () => Date.now(),
    },
    { port: 0, host: '127.0.0.1' },
  );
  url = `http://127.0.0.1:${server.port}`;
  for (const [name, v] of Object.entries({
    low: { la: 5 },
    high: { la: 200, testsFailed: 1 }, // p ≈ 0.332: high on the one scale (30 % to < 50 %)
    critical: { testsFailed: 5 },
    bad: { linesAdded: 3 },
  })) {
    files[name] = join(dir, `${name}.json`);
    writeFileSync(files[name]!, JSON.stringify({ schemaVersion: '1.0.0', features: v }));
  }
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const remote = (name: string, ...extra: string[]) => [
  'score',
  '--features',
  files[name]!,
  '--server',
  url,
  '--token',
  'tok',
  '--service',
  'api',
  ...extra,
];

describe('deployrisk score exit codes', () => {
  it('0 when the gate lets the deploy proceed; --format json prints the HTTP response', async () => {
    const r = await runCli(remote('low', '--format', 'json'));
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(Object.keys(body).sort()).toEqual(SCORE_RESPONSE_KEYS);
    expect(body.risk.level).toBe('low');
    const stored = await fetch(`${url}/v1/deployments/${body.id}`, {
      headers: { authorization: 'Bearer tok' },
    });
    expect(((await stored.json()) as { result: unknown }).result).toEqual(body);
    expect(r.stderr).toMatch(/gate: proceed \(low\)/);
  });

  it('1 when blocked at the default level (high), 0 when --fail-on critical, 1 with --max-risk', async () => {
    const blocked = await runCli(remote('high'));
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('HIGH risk');
    expect(blocked.stderr).toMatch(
      /gate: blocked \(high\): risk 33\.2 % is level high \(≥ 30 %\), at or above high/,
    );
    expect((await runCli(remote('high', '--fail-on', 'critical'))).code).toBe(0);
    expect((await runCli(remote('low', '--max-risk', '0.01'))).code).toBe(1);
    expect((await runCli(remote('critical', '--fail-on', 'critical'))).code).toBe(1);
  });

  it('--observe exits 0 and says what the gate would have done', async () => {
    const r = await runCli(remote('critical', '--observe', '--format', 'markdown'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^### 🔴 CRITICAL risk/);
    expect(r.stderr).toMatch(/observe: the gate would have BLOCKED the deploy: .* \(exit 1\); exiting 0/);
    const bad = await runCli(['score', '--observe', '--no-such-flag']);
    expect(bad.code).toBe(0);
    expect(bad.stderr).toMatch(/observe: the gate would have failed: .*no-such-flag.* \(exit 2\)/);
  });

  it('local mode warns when the service has no deploy history to read, and not when --env gives it', async () => {
    const bare = await runCli(['score', '--features', files.low!, '--service', 'web', '--observe']);
    expect(bare.code, bare.stderr).toBe(0);
    expect(bare.stderr).toMatch(/no deploy history for web/);
    const env = join(dir, 'history-env.json');
    writeFileSync(
      env,
      JSON.stringify({ lastDeployOutcome: 'succeeded', lastDeployAt: '2026-01-01T00:00:00Z' }),
    );
    const given = await runCli([
      'score',
      '--features',
      files.low!,
      '--service',
      'web',
      '--env',
      env,
      '--observe',
    ]);
    expect(given.code, given.stderr).toBe(0);
    expect(given.stderr).not.toMatch(/no deploy history/);
    // A collected vector that already carries the history features needs no warning either.
    const withHistory = join(dir, 'with-history.json');
    writeFileSync(
      withHistory,
      JSON.stringify({ features: { la: 5, prevDeployOutcome: 'succeeded', failureStreak: 0 } }),
    );
    const carried = await runCli(['score', '--features', withHistory, '--service', 'web', '--observe']);
    expect(carried.code, carried.stderr).toBe(0);
    expect(carried.stderr).not.toMatch(/no deploy history/);
  });

  it('2 on usage and input errors', async () => {
    expect((await runCli(['score', '--features', files.low!, '--format', 'yaml'])).code).toBe(2);
    expect(
      (await runCli(['score', '--features', files.low!, '--fail-on', 'high', '--max-risk', '0.3'])).code,
    ).toBe(2);
    expect((await runCli(['score', '--features', join(dir, 'missing.json'), '--server', url])).code).toBe(2);
    const schema = await runCli(remote('bad'));
    expect(schema.code).toBe(2);
    expect(schema.stderr).toMatch(/feature schema/);
    expect((await runCli(['score', '--repo', dir, '--head', 'HEAD'])).code).toBe(2);
    // Flags that would be ignored are refused instead.
    const dbWithServer = await runCli([
      'score',
      '--features',
      files.low!,
      '--server',
      url,
      '--db',
      join(dir, 'x.db'),
    ]);
    expect(dbWithServer.code).toBe(2);
    expect(dbWithServer.stderr).toMatch(/--db is for local mode/);
    const junitWithFeatures = await runCli([
      'score',
      '--features',
      files.low!,
      '--junit',
      join(dir, 'r.xml'),
    ]);
    expect(junitWithFeatures.code).toBe(2);
    expect(junitWithFeatures.stderr).toMatch(/--junit needs --repo/);
  });

  it('3 when the server is unreachable, 0 with --fail-open; a refused token is 2 even with --fail-open', async () => {
    const dead = ['score', '--features', files.low!, '--server', `http://127.0.0.1:${closedPort}`];
    const r = await runCli(dead);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot reach/);
    const open = await runCli([...dead, '--fail-open']);
    expect(open.code).toBe(0);
    expect(open.stderr).toMatch(/--fail-open/);
    const wrongToken = ['score', '--features', files.low!, '--server', url, '--token', 'wrong'];
    expect((await runCli(wrongToken)).code).toBe(2);
    const stillShut = await runCli([...wrongToken, '--fail-open']);
    expect(stillShut.code).toBe(2);
    expect(stillShut.stderr).not.toMatch(/letting the deploy proceed/);
    const observed = await runCli([...dead, '--observe']);
    expect(observed.code).toBe(0);
    expect(observed.stderr).toMatch(/\(exit 3\); exiting 0/);
  });

  it('local mode with --db scores with the active model of the store, without it with the shipped one', async () => {
    // A copy of the shipped model under another version, registered and activated in a store.
    const shipped = join(MODELS_DIR, readFileSync(join(MODELS_DIR, 'DEFAULT'), 'utf8').trim());
    const copy = join(dir, 'local-2');
    cpSync(shipped, copy, { recursive: true });
    const card = JSON.parse(readFileSync(join(copy, 'card.json'), 'utf8'));
    const shippedVersion = card.version;
    card.version = 'local-2';
    writeFileSync(join(copy, 'card.json'), JSON.stringify(card));
    const db = join(dir, 'local.db');
    const store = await openStore(db);
    try {
      await registerModel(store.db, {
        version: 'local-2',
        card: JSON.stringify(card),
        artifact_dir: copy,
        created_at: 1,
        registered_at: 1,
      });
      await activateModel(store.db, 'local-2', 1);
    } finally {
      await store.close();
    }
    const args = ['score', '--features', files.low!, '--observe', '--format', 'json'];
    const withDb = await runCli([...args, '--db', db]);
    expect(withDb.code, withDb.stderr).toBe(0);
    expect(JSON.parse(withDb.stdout).model.version).toBe('local-2');
    const without = await runCli(args);
    expect(JSON.parse(without.stdout).model.version).toBe(shippedVersion);
  });
});
