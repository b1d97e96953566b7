// Builds the real app on a real store (a SQLite file in a temp dir, or a fresh PostgreSQL database
// when dialect is 'postgres'), for in-process `app.request()` tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import type { Scorer } from '../../src/model/scorer-types.ts';
import { buildApp } from '../../src/serve/app.ts';
import type { AppDeps } from '../../src/serve/deps.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { createPgDatabase, dropPgDatabase, pgDatabaseUrl, type TestDialect } from './test-db.ts';
import { testScorer } from './test-scorer.ts';

export interface TestApp extends ReturnType<typeof buildApp> {
  store: Store;
  dir: string;
  clock: { now: number };
  close(): Promise<void>;
}

export async function makeTestApp(
  opts: {
    env?: Record<string, string>;
    scorer?: Scorer | null;
    deps?: Partial<AppDeps>;
    dialect?: TestDialect;
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'deployrisk-serve-'));
  const pgName = opts.dialect === 'postgres' ? await createPgDatabase() : undefined;
  const store = await openStore(pgName ? pgDatabaseUrl(pgName) : join(dir, 'test.db'));
  const config = loadConfig({ DEPLOYRISK_LOG_LEVEL: 'silent', ...opts.env });
  const clock = { now: Date.parse('2024-06-03T10:00:00Z') };
  const scorer = opts.scorer === undefined ? testScorer() : opts.scorer;
  const built = buildApp({
    store,
    scorer: () => scorer,
    config,
    log: silentLogger,
    clock: () => clock.now,
    ...opts.deps,
  });
  return {
    ...built,
    store,
    dir,
    clock,
    async close() {
      await built.services.notifier.drain();
      await store.close();
      if (pgName) await dropPgDatabase(pgName);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const jsonPost = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** Response JSON, loosely typed: tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const jsonOf = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

/** The top-level keys of a POST /v1/score response (the documented shape), sorted. */
export const SCORE_RESPONSE_KEYS = [
  'commits',
  'factors',
  'id',
  'insufficientData',
  'model',
  'risk',
  'rollout',
  'summary',
  'warnings',
];
