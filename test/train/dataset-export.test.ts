import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../../src/features/schema.ts';
import { openStore } from '../../src/store/db.ts';
import { insertDeployment, recordOutcome } from '../../src/store/deployments.ts';
import { commitRows, deployRows } from '../../src/train/from-store.ts';
import { importCsvFile } from '../../src/train/import.ts';
import { runCli } from '../helpers/cli.ts';
import { buildSzzHistory, type SzzHistory } from '../helpers/szz-history.ts';

describe('dataset export → train --data import round trip', () => {
  let h: SzzHistory;
  let dir: string;
  let db: string;
  beforeAll(async () => {
    h = buildSzzHistory();
    dir = mkdtempSync(join(tmpdir(), 'deployrisk-export-'));
    db = join(dir, 'store.db');
    const store = await openStore(db);
    const features = {
      la: 12,
      ld: 3,
      environment: 'production',
      testsFailed: 0,
      errorRate: 0.015,
      prevDeployOutcome: 'failed',
      entropy: 0.918295834054489,
    };
    for (const [i, status] of (['succeeded', 'failed', null] as const).entries()) {
      await insertDeployment(store.db, {
        id: `d${i}`,
        service: i === 0 ? 'api' : 'web',
        environment: 'production',
        created_at: Date.parse('2024-02-01T00:00:00Z') + i * 3_600_000,
        request: '{}',
        features: JSON.stringify(features),
        model_version: 'm',
        probability: 0.2,
        level: 'low',
        decision: 'proceed',
        result: '{}',
      });
      if (status)
        await recordOutcome(store.db, {
          deployment_id: `d${i}`,
          status,
          at: 1,
          reason: null,
          source: 'cli',
          recorded_at: 1,
        });
    }
    await store.close();
    const r = await runCli(['label', '--repo', h.repo.dir, '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => {
    h.repo.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes schema columns + failed + time + labelSource, and the trainer reads back the same rows', async () => {
    const out = join(dir, 'all.csv');
    const r = await runCli(['dataset', 'export', '--out', out, '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    // 11 commits, all non-merge; 2 deploys with an outcome.
    expect(summary.levels).toEqual({ commit: 11, deploy: 2 });
    expect(summary.bySource).toMatchObject({ szz: 1, revert: 2, outcome: 2 });

    const ds = await importCsvFile(out);
    expect(ds.format).toBe('native');
    expect(ds.timeColumn).toBe('time');
    expect(ds.ignoredColumns.sort()).toEqual(['id', 'labelSource', 'level', 'service']);
    expect(Object.keys(ds.mapped).sort()).toEqual([...FEATURE_NAMES].sort());
    // Commit and deploy rows mixed: no single level, so the native default stands.
    expect(ds.level).toBe('deploy');

    const store = await openStore(db);
    const expected = [...(await commitRows(store)), ...(await deployRows(store))].sort(
      (a, b) => a.time - b.time,
    );
    await store.close();
    expect(ds.rows).toEqual(expected.map(({ features, label, time }) => ({ features, label, time })));
    const bug = expected.find((x) => x.id === h.bug)!;
    expect(bug).toMatchObject({ label: 1, labelSource: 'szz' });
    expect(expected.find((x) => x.id === h.ws)).toMatchObject({ label: 0, labelSource: 'none' });
  });

  it('filters by time window and service', async () => {
    const out = join(dir, 'window.csv');
    const r = await runCli([
      'dataset',
      'export',
      '--out',
      out,
      '--db',
      db,
      '--from',
      '2024-01-05T00:00:00Z',
      '--to',
      '2024-01-10T00:00:00Z',
      '--level',
      'commit',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rows).toBe(3); // bug, ws, cmt
    // Commit rows read back as a commit-level dataset, not as deploys.
    const commits = await importCsvFile(out);
    expect(commits.level).toBe('commit');
    expect(commits.ignoredColumns).not.toContain('level');
    const r2 = await runCli([
      'dataset',
      'export',
      '--out',
      out,
      '--db',
      db,
      '--service',
      'web',
      '--level',
      'deploy',
      '--json',
    ]);
    expect(JSON.parse(r2.stdout)).toMatchObject({ rows: 1, failed: 1 });
  });
});
