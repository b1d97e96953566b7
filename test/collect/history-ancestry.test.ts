// History metrics count a commit's ancestors only: on a generated repository with a maintenance
// branch, merges both ways and commits added later on parallel branches, every commit's metrics
// equal those from walking its own history alone, and the mined store equals the on-the-fly path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyMetrics, type CommitMetricsResult } from '../../src/features/kamei.ts';
import { gitLogArgs, parseGitLog } from '../../src/collect/git-log-parser.ts';
import { mineRepository } from '../../src/collect/git-miner.ts';
import { collectDeployFeatures } from '../../src/collect/deploy-features.ts';
import { openStore } from '../../src/store/db.ts';
import { TempRepo, lines, type Author } from '../helpers/git-repo.ts';
import { alice, bob, carol } from '../helpers/kamei-history.ts';

const dave = { name: 'Dave', email: 'dave@example.com' };
const erin = { name: 'Erin', email: 'erin@example.com' };

/** Replaces line `n` (1-based) of a file in the work tree and commits. */
function edit(
  repo: TempRepo,
  author: Author,
  date: string,
  message: string,
  edits: [string, number, string][],
) {
  const write: Record<string, string> = {};
  for (const [path, n, text] of edits) {
    const current = (write[path] ?? readFileSync(join(repo.dir, path), 'utf8')).split('\n');
    current[n - 1] = text;
    write[path] = current.join('\n');
  }
  return repo.commit({ author, date, message, write });
}

const logOf = (repo: TempRepo, ...refs: string[]) => parseGitLog(repo.git(gitLogArgs(refs)));
const DAY = 86_400_000;

describe('history metrics follow ancestry', () => {
  const repo = new TempRepo();
  const names = [
    'm1',
    'm2',
    'x1',
    'm3',
    'x2',
    'mergeX',
    'm4',
    'x3',
    'f1',
    'mergeM',
    'f2',
    'm5',
    'm6',
  ] as const;
  const c = {} as Record<(typeof names)[number], string>;
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'deployrisk-anc-'));
    c.m1 = repo.commit({
      author: alice,
      date: '2024-01-01T12:00:00Z',
      message: 'initial import',
      write: { 'src/a.ts': lines(20, 'a'), 'src/b.ts': lines(5, 'b'), 'README.md': lines(2, 'r') },
    });
    repo.git(['tag', 'v1.0']);
    c.m2 = edit(repo, bob, '2024-02-01T12:00:00Z', 'tune a', [['src/a.ts', 2, 'a two']]);
    repo.git(['checkout', '-q', '-b', '1.x', 'v1.0']);
    c.x1 = edit(repo, dave, '2024-02-10T12:00:00Z', 'fix a on 1.x', [['src/a.ts', 18, 'a eighteen']]);
    repo.git(['tag', 'v1.0.1']);
    repo.checkout('main');
    c.m3 = edit(repo, alice, '2024-03-01T12:00:00Z', 'more a', [['src/a.ts', 6, 'a six']]);
    repo.checkout('1.x');
    c.x2 = edit(repo, dave, '2024-03-05T12:00:00Z', 'fix b on 1.x', [['src/b.ts', 4, 'b four']]);
    repo.git(['tag', 'v1.0.2']);
    repo.checkout('main');
    c.mergeX = repo.merge('1.x', alice, '2024-03-10T12:00:00Z', 'Merge 1.x');
    c.m4 = edit(repo, carol, '2024-04-01T12:00:00Z', 'a and b', [
      ['src/a.ts', 10, 'a ten'],
      ['src/b.ts', 1, 'b one'],
    ]);
    repo.checkout('1.x');
    c.x3 = edit(repo, dave, '2024-04-05T12:00:00Z', 'fix a again on 1.x', [['src/a.ts', 19, 'a nineteen']]);
    repo.git(['tag', 'v1.0.3']);
    // A merge the other way: main into a feature branch (main arrives as the second parent).
    repo.git(['checkout', '-q', '-b', 'feature', c.m1]);
    c.f1 = repo.commit({
      author: erin,
      date: '2024-04-10T12:00:00Z',
      message: 'docs',
      write: { 'docs/x.md': 'x\n' },
    });
    c.mergeM = repo.merge('main', erin, '2024-04-11T12:00:00Z', 'Merge main into feature');
    c.f2 = edit(repo, erin, '2024-04-12T12:00:00Z', 'feature on a', [['src/a.ts', 14, 'a fourteen']]);
    repo.checkout('main');
    c.m5 = edit(repo, bob, '2024-05-01T12:00:00Z', 'Fix a', [['src/a.ts', 3, 'a three']]);
    repo.git(['tag', 'v1.1']);
  });
  afterAll(() => {
    repo.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a commit after a fork does not count the other branch (hand-checked)', () => {
    const all = historyMetrics(logOf(repo, 'main', '1.x', 'feature'));
    // m3 (main): a.ts was changed by m1 (alice) and m2 (bob); x1 by Dave on 1.x is not an ancestor.
    expect(all.get(c.m3)!.metrics).toMatchObject({ ndev: 2, nuc: 2, exp: 1, lt: 20, age: 29 });
    // x3 (1.x): ancestors m1, x1, x2; a.ts by Alice and Dave; Dave's third commit; m2, m3 unseen.
    expect(all.get(c.x3)!.metrics).toMatchObject({ ndev: 2, nuc: 2, exp: 2, sexp: 2, lt: 20, age: 55 });
    // m4 after the merge sees both lines: a.ts m1 m2 x1 m3, b.ts m1 x2 (5 commits, 3 authors).
    expect(all.get(c.m4)!.metrics).toMatchObject({ ndev: 3, nuc: 5, exp: 0, lt: 25 });
    // f2 after merging main into a feature branch sees main's history up to m4 as well (Erin's
    // merge is not one of her changes: exp counts f1 only).
    expect(all.get(c.f2)!.metrics).toMatchObject({ ndev: 4, nuc: 5, exp: 1 });
    expect(all.get(c.mergeX)).toBeNull();
  });

  it('every commit has the metrics of a walk over its own history alone', () => {
    const all = historyMetrics(logOf(repo, 'main', '1.x', 'feature'));
    expect(all.size).toBe(names.length - 1); // m6 comes later
    for (const [name, sha] of Object.entries(c)) {
      const alone = historyMetrics(logOf(repo, sha)).get(sha);
      expect(alone, name).toEqual(all.get(sha));
    }
  });

  it('commits added on parallel branches change no earlier commit', () => {
    const before = historyMetrics(logOf(repo, 'main', '1.x', 'feature'));
    const extra = new TempRepo(mkdtempSync(join(dir, 'more-')));
    extra.git(['fetch', '-q', repo.dir, '+refs/heads/*:refs/remotes/o/*']);
    extra.git(['checkout', '-q', '-b', '1.x', 'o/1.x']);
    edit(extra, erin, '2024-01-15T12:00:00Z', 'old-dated fix on 1.x', [['src/a.ts', 20, 'a twenty']]);
    extra.git(['checkout', '-q', '-b', 'other', c.m2]);
    edit(extra, erin, '2024-02-20T12:00:00Z', 'parallel to m3', [['src/a.ts', 6, 'a 6']]);
    extra.commit({
      author: erin,
      date: '2024-02-21T12:00:00Z',
      message: 'move b',
      rename: [['src/b.ts', 'lib/b.ts']],
    });
    const after = historyMetrics(logOf(extra, 'o/main', '1.x', 'o/feature', 'other'));
    expect(after.size).toBe(before.size + 3);
    for (const [sha, r] of before) expect(after.get(sha)).toEqual(r);
  });

  it('the mined store equals the on-the-fly path on every range, maintenance ranges included', async () => {
    const store = await openStore(`sqlite:${join(dir, 'store.sqlite')}`);
    try {
      const check = async (base: string, head: string) => {
        const input = { repoPath: repo.dir, base, head, maxReportBytes: 1 << 20, now: new Date(0) };
        const mined = await collectDeployFeatures({ ...input, store });
        const fly = await collectDeployFeatures(input);
        expect(mined.history, `${base}..${head}`).toBe('store');
        expect(fly.history).toBe('computed');
        expect(mined.features, `${base}..${head}`).toEqual(fly.features);
        expect(mined.commits).toEqual(fly.commits);
        return mined;
      };
      await mineRepository(store, repo.dir); // HEAD = main: holds 1.x up to v1.0.2 through the merge
      const maint = await check('v1.0', 'v1.0.2');
      expect(maint.commits.map((x) => x.sha).sort()).toEqual([c.x1, c.x2].sort());
      await check('v1.0.1', 'v1.0.2');
      await check('v1.0', 'v1.1');
      await check('v1.0.2', 'main');
      await check(c.m2, c.m4);
      repo.checkout('1.x'); // a maintenance line that main never merged back
      await mineRepository(store, repo.dir);
      await check('v1.0.2', 'v1.0.3');
      await check('v1.0', 'v1.0.3');
      repo.checkout('feature');
      expect((await mineRepository(store, repo.dir)).mode).toBe('full');
      await check(c.m1, 'feature');
      await check('v1.1~1', 'feature');
      repo.checkout('main');
      // Incremental mining: one more commit on main keeps every stored commit's metrics.
      c.m6 = edit(repo, carol, '2024-06-01T12:00:00Z', 'later', [['src/b.ts', 2, 'b two']]);
      await mineRepository(store, repo.dir);
      const inc = await mineRepository(store, repo.dir);
      expect(inc.mode).toBe('unchanged');
      await check('v1.1', 'main');
      await check('v1.0', 'main');
    } finally {
      await store.close();
    }
  });

  it('age uses the most recent ancestor change even when it was folded in first', () => {
    // m4's a.ts: the latest ancestor change is m3 (2024-03-01); x1 (2024-02-10) came in by the merge.
    const all = historyMetrics(logOf(repo, 'main'));
    const m4 = all.get(c.m4) as CommitMetricsResult;
    const aAge = (Date.parse('2024-04-01T12:00:00Z') - Date.parse('2024-03-01T12:00:00Z')) / DAY;
    const bAge = (Date.parse('2024-04-01T12:00:00Z') - Date.parse('2024-03-05T12:00:00Z')) / DAY;
    expect(m4.metrics.age).toBeCloseTo((aAge + bAge) / 2, 9);
  });
});
