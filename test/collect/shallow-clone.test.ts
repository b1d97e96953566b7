// Shallow clones (the CI default) cut history: on real `git clone --depth` copies of a generated
// repository, history features are unknown (null) with a warning, never wrong numbers; a base
// beyond the depth, and `collect`, fail with a message that says how to fetch full history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectDeployFeatures } from '../../src/collect/deploy-features.ts';
import { mineRepository } from '../../src/collect/git-miner.ts';
import { openGitRepo } from '../../src/collect/git-repo.ts';
import { HISTORY_METRICS } from '../../src/features/kamei.ts';
import { openStore } from '../../src/store/db.ts';
import { TempRepo, lines } from '../helpers/git-repo.ts';
import { alice, bob, carol } from '../helpers/kamei-history.ts';

const authors = [alice, bob, carol];

describe('shallow clones', () => {
  const repo = new TempRepo();
  let dir: string;
  const clone = (depth: number) => {
    const to = join(dir, `depth-${depth}`);
    execFileSync('git', ['clone', '-q', '--depth', String(depth), `file://${repo.dir}`, to]);
    return to;
  };
  let depth50: string;
  let depth1: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'deployrisk-shallow-'));
    for (let i = 1; i <= 80; i++) {
      repo.commit({
        author: authors[i % 3]!,
        date: new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString(),
        message: `change ${i}`,
        write: { [`src/f${i % 4}.ts`]: lines(10 + i, `v${i}`) },
      });
      if (i === 10) repo.git(['tag', 'v0']);
      if (i === 75) repo.git(['tag', 'v1']);
    }
    depth50 = clone(50);
    depth1 = clone(1);
  });
  afterAll(() => {
    repo.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  const input = (repoPath: string, base: string) => ({
    repoPath,
    base,
    head: 'HEAD',
    maxReportBytes: 1 << 20,
    now: new Date(0),
  });

  it('are detected', async () => {
    expect(await (await openGitRepo(repo.dir)).isShallow()).toBe(false);
    expect(await (await openGitRepo(depth50)).isShallow()).toBe(true);
    expect(await (await openGitRepo(depth1)).isShallow()).toBe(true);
  });

  it('at depth 50: history features are null with a warning; the diff features are exact', async () => {
    const full = await collectDeployFeatures(input(repo.dir, 'HEAD~5'));
    const cut = await collectDeployFeatures(input(depth50, 'HEAD~5'));
    expect(full.history).toBe('computed');
    expect(cut.history).toBe('shallow');
    for (const k of HISTORY_METRICS) {
      expect(full.features[k], k).toEqual(expect.any(Number));
      expect(cut.features[k], k).toBeNull();
      for (const c of cut.commits) expect(c.metrics[k]).toBeNull();
    }
    // What the range's own diffs say does not need history, and is kept.
    for (const k of ['la', 'ld', 'nf', 'ns', 'nd', 'entropy', 'commits', 'authors', 'fix'] as const)
      expect(cut.features[k], k).toEqual(full.features[k]);
    expect(cut.warnings.join('\n')).toMatch(/shallow clone.*fetch-depth: 0.*GIT_DEPTH: 0/);
    expect(full.features.ndev).toBe(3);
  });

  it('at depth 1: a base beyond the depth names the fix', async () => {
    await expect(collectDeployFeatures(input(depth1, 'v1'))).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(
        /base "v1" does not name a commit.*shallow clone.*fetch-depth: 0.*GIT_DEPTH: 0/,
      ),
    });
    // A full clone does not get the hint.
    const e = await collectDeployFeatures(input(repo.dir, 'v9')).catch((x: Error) => x);
    expect(String((e as Error).message)).toMatch(/base "v9" does not name a commit/);
    expect(String((e as Error).message)).not.toMatch(/shallow/);
  });

  it('a base that exists but lies beyond the cut is refused, not answered with a wrong range', async () => {
    // v0 is fetched on its own (its history is cut too): head's history within depth 50 does not reach it.
    execFileSync('git', ['-C', depth50, 'fetch', '-q', '--depth', '1', 'origin', 'tag', 'v0']);
    await expect(collectDeployFeatures(input(depth50, 'v0'))).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/not an ancestor of head.*fetch-depth: 0/),
    });
  });

  it('collect refuses to mine a shallow clone', async () => {
    const store = await openStore(`sqlite:${join(dir, 'store.sqlite')}`);
    try {
      await expect(mineRepository(store, depth50)).rejects.toMatchObject({
        code: 'bad_input',
        message: expect.stringMatching(/cannot mine .*shallow clone.*fetch-depth: 0/),
      });
      expect((await mineRepository(store, repo.dir)).commits).toBe(80);
    } finally {
      await store.close();
    }
  });
});
