// scripts/release-risk.ts on a real temporary repository: which release ranges it picks (pre-releases,
// a maintenance branch, two names for one commit), and one range scored through the real CLI.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPreRelease, readAnswer, releaseRanges } from '../../scripts/release-risk.ts';
import { TempRepo, gitEnvFor } from '../helpers/git-repo.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const who = { name: 'Ann', email: 'ann@example.com' };

describe('release ranges', () => {
  let repo: TempRepo;
  const sha: Record<string, string> = {};

  beforeAll(() => {
    repo = new TempRepo();
    const at = (day: number) => `2024-01-0${day}T12:00:00Z`;
    const tag = (name: string, day: number) =>
      repo.git(['tag', '-a', '-m', name, name], gitEnvFor(who, at(day)));
    sha.c1 = repo.commit({
      author: who,
      date: at(1),
      message: 'one',
      write: { 'src/a.ts': 'export const a = 1;\n' },
    });
    tag('v1.0.0', 1);
    sha.c2 = repo.commit({
      author: who,
      date: at(2),
      message: 'two',
      write: { 'src/a.ts': 'export const a = 2;\n' },
    });
    tag('v1.1.0', 2);
    repo.git(['tag', '1.1.0']); // a second, lightweight name for the same release
    sha.c3 = repo.commit({
      author: who,
      date: at(3),
      message: 'three',
      write: { 'src/b.ts': 'export const b = 3;\n' },
    });
    tag('v1.2.0-rc.1', 3);
    tag('1.2.x', 3); // names a maintenance line, not a release
    sha.c4 = repo.commit({
      author: who,
      date: at(4),
      message: 'four',
      write: { 'src/b.ts': 'export const b = 4;\n' },
    });
    tag('v1.2.0', 4);
    repo.git(['checkout', '-q', '-b', '1.0-maint', 'v1.0.0']);
    sha.m1 = repo.commit({
      author: who,
      date: at(5),
      message: 'backport',
      write: { 'src/c.ts': 'export const c = 10;\n' },
    });
    tag('v1.0.1', 5);
    repo.git(['checkout', '-q', 'main']);
    // The backport merged into main: v1.0.1 is now the newest ancestor by date of v1.2.1, but
    // v1.2.0 is its previous release.
    sha.c6 = repo.merge('1.0-maint', who, at(6));
    tag('v1.2.1', 6);
  });
  afterAll(() => repo.remove());

  it('tells pre-releases from releases', () => {
    for (const t of ['v1.2.0-rc.1', '2.0.0rc1', '1.0b2', '3.0.0-beta.2', 'v5.0.0-alpha.1', 'v2.34.0.dev1'])
      expect(isPreRelease(t), t).toBe(true);
    for (const t of ['v1.2.0', '4.21.2', '2.32.3', 'v3.1.22']) expect(isPreRelease(t), t).toBe(false);
  });

  it("newest release first; a backport's base is the previous release of its branch", async () => {
    const ranges = await releaseRanges(repo.dir, 10);
    expect(ranges.map((r) => [r.base.sha, r.head.name])).toEqual([
      [sha.c4, 'v1.2.1'], // the closest ancestor release, not the newest by date (v1.0.1)
      [sha.c1, 'v1.0.1'], // maintenance branch: v1.0.0, not the newer v1.2.0
      [sha.c2, 'v1.2.0'], // the rc is skipped, and 1.1.0 / v1.1.0 are one release
      [sha.c1, expect.stringMatching(/^v?1\.1\.0$/)],
    ]);
    expect(await releaseRanges(repo.dir, 1)).toHaveLength(1);
  });

  it('--all-tags keeps pre-releases', async () => {
    const ranges = await releaseRanges(repo.dir, 10, true);
    expect(ranges.map((r) => `${r.base.name}..${r.head.name}`)).toContain('v1.2.0-rc.1..v1.2.0');
  });

  it('reads only the keys it knows from an answer, whatever else is there or missing', () => {
    expect(
      readAnswer({
        risk: { probability: 0.3, level: 'medium' },
        factors: [{ message: 'a' }, { feature: 'b' }, { message: 'c' }, { message: 'd' }],
        rollout: { decision: 'caution' },
        warnings: ['w', { message: 'x' }],
      }),
    ).toEqual({
      probability: 0.3,
      level: 'medium',
      decision: 'caution',
      factors: ['a', 'b', 'c'],
      warnings: ['w', 'x'],
    });
    expect(readAnswer({ risk: 'odd' })).toEqual({
      probability: null,
      level: null,
      decision: null,
      factors: [],
      warnings: [],
    });
  });

  it('scores a range through the CLI as a user would, and says which range', async () => {
    const { stdout } = await run(
      process.execPath,
      ['bin/run-ts.mjs', 'scripts/release-risk.ts', '--repo', repo.dir, '--tags', '1', '--json'],
      { cwd: ROOT },
    );
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ range: 'v1.2.0..v1.2.1', commits: 2 }); // the backport and its merge
    expect(rows[0]!.error).toBeUndefined();
    expect(typeof rows[0]!.probability).toBe('number');
    expect(typeof rows[0]!.level).toBe('string');
    expect(typeof rows[0]!.decision).toBe('string');
    expect((rows[0]!.factors as string[]).length).toBeGreaterThan(0);
  });

  it('bad input is exit 2 with a message', async () => {
    const err = await run(
      process.execPath,
      ['bin/run-ts.mjs', 'scripts/release-risk.ts', '--repo', '/nonexistent'],
      {
        cwd: ROOT,
      },
    ).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toContain('not a git repository');
  });
});
