// A mined repository shared through the store: collect, label and train --from-store against each
// dialect (PostgreSQL when TEST_PG_URL is set), as CI runners sharing one database would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { runCli } from '../helpers/cli.ts';
import { buildSzzHistory, type SzzHistory } from '../helpers/szz-history.ts';
import { TEST_DIALECTS, countRows, testDatabases } from '../helpers/test-db.ts';

const TINY = resolve(import.meta.dirname, '../fixtures/train/tiny-config.json');

describe.each(TEST_DIALECTS)('collect, label and train --from-store on one store (%s)', (dialect) => {
  const dbs = testDatabases(dialect);
  let h: SzzHistory;
  let dir: string;
  let db: string;
  beforeAll(async () => {
    h = buildSzzHistory();
    dir = mkdtempSync(join(tmpdir(), 'deployrisk-collect-store-'));
    db = await dbs.fresh();
  });
  afterAll(() => {
    h.repo.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('collect mines the repository into the store, then finds it unchanged', async () => {
    const first = await runCli(['collect', '--repo', h.repo.dir, '--db', db, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const mined = JSON.parse(first.stdout);
    expect(mined).toMatchObject({ mode: 'full' });
    expect(mined.commits).toBeGreaterThan(5);
    expect(mined.added).toBe(mined.commits);
    const again = JSON.parse((await runCli(['collect', '--repo', h.repo.dir, '--db', db, '--json'])).stdout);
    expect(again).toMatchObject({ mode: 'unchanged', added: 0, commits: mined.commits });
    expect(await countRows(db, 'commits')).toBe(mined.commits);
  });

  it('label and train --from-store read the mined commits and register the model', async () => {
    const labelled = await runCli(['label', '--repo', h.repo.dir, '--db', db, '--json']);
    expect(labelled.code, labelled.stderr).toBe(0);
    const out = join(dir, 'model');
    const r = await runCli([
      'train',
      '--from-store',
      '--level',
      'commit',
      '--db',
      db,
      '--repo',
      h.repo.dir,
      '--config',
      TINY,
      '--out',
      out,
      '--version',
      `pg-${dialect}`,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const store = await openStore(db);
    try {
      const models = await store.db.selectFrom('models').select(['version', 'artifact_dir']).execute();
      expect(models).toEqual([{ version: `pg-${dialect}`, artifact_dir: expect.stringContaining('model') }]);
    } finally {
      await store.close();
    }
  });
});
