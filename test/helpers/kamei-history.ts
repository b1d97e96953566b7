// A small history whose Kamei metrics are computed by hand in test/features/kamei.test.ts.
// All commits at 12:00 UTC so day differences are whole numbers.
import { TempRepo, lines } from './git-repo.ts';

export const alice = { name: 'Alice', email: 'alice@example.com' };
export const bob = { name: 'Bob', email: 'bob@example.com' };
export const carol = { name: 'Carol', email: 'carol@example.com' };

export interface KameiHistory {
  repo: TempRepo;
  c1: string;
  c2: string;
  c3: string;
  c4: string;
  c5: string;
  merge: string;
  c6: string;
}

export function buildKameiHistory(): KameiHistory {
  const repo = new TempRepo();
  const c1 = repo.commit({
    author: alice,
    date: '2024-01-01T12:00:00Z',
    message: 'initial import',
    write: { 'src/a.ts': lines(10, 'a'), 'src/b.ts': lines(5, 'b'), 'README.md': lines(2, 'readme') },
  });
  const c2 = repo.commit({
    author: bob,
    date: '2024-01-11T12:00:00Z',
    message: 'Fix crash in a',
    // +3 -1: replace line 10, append 2
    write: { 'src/a.ts': lines(9, 'a') + 'a changed\na 11\na 12\n' },
  });
  const c3 = repo.commit({
    author: alice,
    date: '2025-03-01T12:00:00Z',
    message: 'move b to lib',
    rename: [['src/b.ts', 'lib/b.ts']],
    write: {
      'lib/b.ts': lines(5, 'b') + 'b 6\nb 7\n',
      'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0, 3, 4]),
    },
  });
  repo.checkout('side', true);
  const c4 = repo.commit({
    author: carol,
    date: '2025-03-02T12:00:00Z',
    message: 'tweak b',
    write: { 'lib/b.ts': lines(5, 'b') + 'b 6\nb 7\nb 8\n' },
  });
  repo.checkout('main');
  const c5 = repo.commit({
    author: alice,
    date: '2025-03-03T12:00:00Z',
    message: 'drop readme',
    write: { 'README.md': null },
  });
  const merge = repo.merge('side', alice, '2025-03-04T12:00:00Z', "Merge branch 'side'");
  const c6 = repo.commit({
    author: bob,
    date: '2025-03-10T12:00:00Z',
    message: 'Fix bug in b',
    write: {
      'src/a.ts': lines(9, 'a') + 'a changed again\na 11\na 12\n',
      'lib/b.ts': lines(5, 'b') + 'b 6\nb 7\nb 8\nb 9\n',
    },
  });
  return { repo, c1, c2, c3, c4, c5, merge, c6 };
}
