import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mineRepository } from '../../src/collect/git-miner.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { findRepo, loadCommits } from '../../src/store/commits.ts';
import { walkHistory } from '../../src/features/kamei.ts';
import { gitLogArgs, parseGitLog } from '../../src/collect/git-log-parser.ts';
import { buildKameiHistory, alice, type KameiHistory } from '../helpers/kamei-history.ts';
import { TEST_DIALECTS, testDatabases } from '../helpers/test-db.ts';

// The tests build on each other (mine, re-run, add a commit, rewrite), so every dialect gets its
// own history and store.
describe.each(TEST_DIALECTS)('mineRepository on a real repository and a real store (%s)', (dialect) => {
  const dbs = testDatabases(dialect);
  let h: KameiHistory;
  let dir: string;
  let store: Store;

  beforeAll(async () => {
    h = buildKameiHistory();
    dir = mkdtempSync(join(tmpdir(), 'deployrisk-db-'));
    store = await openStore(await dbs.fresh());
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    h.repo.remove();
  });

  const expected = () => walkHistory(parseGitLog(h.repo.git(gitLogArgs(['HEAD']))));

  it('stores every commit, merges without metrics, files with renames and binaries', async () => {
    const s = await mineRepository(store, h.repo.dir);
    expect(s).toMatchObject({ commits: 7, added: 7, mode: 'full', head: h.c6 });
    const repo = (await findRepo(store.db, s.repo))!;
    const rows = await loadCommits(store.db, repo.id);
    const want = expected();
    expect(rows.map((r) => r.commit.sha)).toEqual(want.map((w) => w.commit.sha));
    for (const [i, r] of rows.entries()) {
      expect(r.metrics).toEqual(want[i]!.result?.metrics ?? null);
      expect(
        new Set(
          r.commit.files.map(
            (f) => `${f.status} ${f.oldPath ?? ''}>${f.path} ${f.added}/${f.deleted} ${f.binary}`,
          ),
        ),
      ).toEqual(
        new Set(
          want[i]!.commit.files.map(
            (f) => `${f.status} ${f.oldPath ?? ''}>${f.path} ${f.added}/${f.deleted} ${f.binary}`,
          ),
        ),
      );
    }
    expect(rows.find((r) => r.commit.sha === h.merge)!.metrics).toBeNull();
    // Files come back in path order on either database, with their lines-before kept alongside.
    for (const r of rows) {
      const paths = r.commit.files.map((f) => f.path);
      expect(paths).toEqual([...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(r.linesBefore.length).toBe(paths.length);
    }
    expect(rows.some((r) => r.commit.files.length > 1)).toBe(true);
  });

  it('a second run on an unchanged repository only checks the revision (no git log)', async () => {
    const trace = join(dir, 'trace-unchanged.log');
    process.env.GIT_TRACE = trace;
    try {
      const s = await mineRepository(store, h.repo.dir);
      expect(s).toMatchObject({ added: 0, mode: 'unchanged', commits: 7 });
    } finally {
      delete process.env.GIT_TRACE;
    }
    const commands = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => l.includes('trace: built-in: git'));
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.every((l) => /built-in: git rev-parse/.test(l))).toBe(true);
  });

  it('new commits are added incrementally with the same metrics as a full mine', async () => {
    const c7 = h.repo.commit({
      author: alice,
      date: '2025-04-01T12:00:00Z',
      message: 'more a',
      write: { 'src/a.ts': 'x\n' },
    });
    const s = await mineRepository(store, h.repo.dir);
    expect(s).toMatchObject({ added: 1, mode: 'incremental', commits: 8, head: c7 });
    const repo = (await findRepo(store.db, s.repo))!;
    const [row] = await loadCommits(store.db, repo.id, [c7]);
    expect(row!.metrics).toEqual(expected().at(-1)!.result!.metrics);
  });

  it('a rewritten history is mined again from scratch', async () => {
    h.repo.git(['commit', '-q', '--amend', '-m', 'more a, reworded'], {
      GIT_COMMITTER_DATE: '2025-04-02T12:00:00Z',
    });
    const s = await mineRepository(store, h.repo.dir);
    expect(s).toMatchObject({ added: 8, mode: 'full', commits: 8 });
  });

  it('refuses a path that is not a git work tree, storing nothing', async () => {
    await expect(mineRepository(store, dir)).rejects.toMatchObject({ code: 'bad_input' });
    await expect(mineRepository(store, join(dir, 'nope'))).rejects.toMatchObject({ code: 'bad_input' });
    const repos = await store.db.selectFrom('repos').select('path').execute();
    expect(repos.map((r) => r.path)).toEqual([h.repo.dir]);
  });
});
