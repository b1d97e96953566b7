// A failed git command is reported with git's own stderr, not with whatever it printed to stdout
// before failing (a `git log` that dies half-way has already written commit records).
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openGitRepo } from '../../src/collect/git-repo.ts';
import { TempRepo, lines } from '../helpers/git-repo.ts';
import { alice } from '../helpers/kamei-history.ts';

describe('git errors', () => {
  const repo = new TempRepo();
  afterAll(() => repo.remove());

  it('quote git stderr when git log fails after printing commits', async () => {
    repo.commit({
      author: alice,
      date: '2024-01-01T12:00:00Z',
      message: 'first subject',
      write: { 'a.txt': lines(3) },
    });
    const blob = repo.git(['rev-parse', 'HEAD:a.txt']).trim();
    repo.commit({
      author: alice,
      date: '2024-01-02T12:00:00Z',
      message: 'second subject',
      write: { 'a.txt': lines(4) },
    });
    // A missing object (as in a damaged clone or a snapshot without large blobs): numstat needs it.
    rmSync(join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    const git = await openGitRepo(repo.dir);
    const err = (await git.log('HEAD').catch((e: Error) => e)) as Error & { code?: string };
    expect(err.code).toBe('git_failed');
    expect(err.message).toMatch(/^git log failed: .*unable to read/);
    expect(err.message).toContain(blob);
    expect(err.message).not.toMatch(/subject|\x1e|\x1f/);
    const streamed = (await git.logStream('HEAD', [], () => {}).catch((e: Error) => e)) as Error;
    expect(streamed.message).toMatch(/^git log failed: .*unable to read/);
    expect(streamed.message).not.toMatch(/subject|\x1e|\x1f/);
  });
});
