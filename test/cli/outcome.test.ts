import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { getOutcome, insertDeployment } from '../../src/store/deployments.ts';
import { runCli } from '../helpers/cli.ts';

describe('deployrisk outcome', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deployrisk-outcome-'));
    db = join(dir, 'store.db');
    const store = await openStore(db);
    await insertDeployment(store.db, {
      id: 'dep-1',
      service: 'api',
      environment: 'production',
      created_at: 1,
      request: '{}',
      features: '{}',
      model_version: 'm',
      probability: 0.3,
      level: 'medium',
      decision: 'proceed',
      result: '{}',
    });
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records once, repeats idempotently, refuses a different status and an unknown deploy', async () => {
    const first = await runCli([
      'outcome',
      '--deployment',
      'dep-1',
      '--status',
      'rolled_back',
      '--reason',
      'p99 up',
      '--db',
      db,
      '--json',
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      status: 'rolled_back',
      source: 'cli',
      reason: 'p99 up',
      created: true,
    });
    // The same Outcome object as POST /v1/deployments/{id}/outcome answers, plus `created`.
    expect(Object.keys(JSON.parse(first.stdout)).sort()).toEqual([
      'at',
      'created',
      'deploymentId',
      'reason',
      'recordedAt',
      'source',
      'status',
    ]);
    const again = await runCli([
      'outcome',
      '--deployment',
      'dep-1',
      '--status',
      'rolled_back',
      '--db',
      db,
      '--json',
    ]);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: false });
    expect(
      (await runCli(['outcome', '--deployment', 'dep-1', '--status', 'succeeded', '--db', db])).code,
    ).toBe(2);
    expect((await runCli(['outcome', '--deployment', 'nope', '--status', 'failed', '--db', db])).code).toBe(
      2,
    );
    expect(
      (await runCli(['outcome', '--deployment', 'dep-1', '--status', 'exploded', '--db', db])).code,
    ).toBe(2);
    const store = await openStore(db);
    expect((await getOutcome(store.db, 'dep-1'))?.status).toBe('rolled_back');
    await store.close();
  });
});
