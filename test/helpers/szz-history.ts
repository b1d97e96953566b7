// A small history with planted SZZ cases, each built with the git CLI:
//   bug    introduces a wrong line that `fix` later corrects (SZZ must find bug from fix)
//   ws     only re-indents that wrong line (must not be blamed: blame -w)
//   cmt    only edits a comment line that `fix` deletes (comment-only lines are not blamed)
//   future authored in 2030 (a rebased/clock-skewed commit); `fix2` modifies its line, but blame
//          dated after the fix is dropped
//   feat   reverted by `revert` (git revert: "This reverts commit <sha>.")
//   feat2  reverted by `revert2`, whose message has only the Revert "<subject>" form
import { TempRepo, gitEnvFor } from './git-repo.ts';

export const alice = { name: 'Alice', email: 'alice@example.com' };
export const bob = { name: 'Bob', email: 'bob@example.com' };
export const carol = { name: 'Carol', email: 'carol@example.com' };
export const dave = { name: 'Dave', email: 'dave@example.com' };

export interface SzzHistory {
  repo: TempRepo;
  base: string;
  bug: string;
  ws: string;
  cmt: string;
  fix: string;
  future: string;
  fix2: string;
  feat: string;
  revert: string;
  feat2: string;
  revert2: string;
}

const calc = (price: string, indent = '  ', note = '// discounts are applied once') =>
  [
    'export function total(price: number): number {',
    `${indent}${note}`,
    `${indent}const discount = ${price};`,
    '',
    `${indent}return price - discount;`,
    '}',
    '',
  ].join('\n');

export function gitRevert(
  repo: TempRepo,
  sha: string,
  author: { name: string; email: string },
  date: string,
): string {
  repo.git(['revert', '--no-edit', sha], gitEnvFor(author, date));
  return repo.head();
}

export function buildSzzHistory(): SzzHistory {
  const repo = new TempRepo();
  const base = repo.commit({
    author: alice,
    date: '2024-01-01T12:00:00Z',
    message: 'initial calc',
    write: {
      'src/calc.ts': calc('price * 0.1'),
      'src/other.ts': 'export const other = 1;\nexport const more = 2;\n',
    },
  });
  const bug = repo.commit({
    author: bob,
    date: '2024-01-05T12:00:00Z',
    message: 'change discount rule',
    write: { 'src/calc.ts': calc('price * 2') },
  });
  const ws = repo.commit({
    author: carol,
    date: '2024-01-08T12:00:00Z',
    message: 'reindent calc',
    write: { 'src/calc.ts': calc('price * 2', '    ') },
  });
  const cmt = repo.commit({
    author: dave,
    date: '2024-01-09T12:00:00Z',
    message: 'reword comment',
    write: { 'src/calc.ts': calc('price * 2', '    ', '// discount: applied once per order') },
  });
  const fix = repo.commit({
    author: alice,
    date: '2024-01-12T12:00:00Z',
    message: 'Fix negative totals',
    write: { 'src/calc.ts': calc('price * 0.2', '    ', '').replace('    \n', '') },
  });
  const future = repo.commit({
    author: carol,
    date: '2030-01-01T12:00:00Z',
    message: 'tweak other',
    write: { 'src/other.ts': 'export const other = 10;\nexport const more = 2;\n' },
  });
  const fix2 = repo.commit({
    author: bob,
    date: '2024-01-20T12:00:00Z',
    message: 'fix other value',
    write: { 'src/other.ts': 'export const other = 3;\nexport const more = 2;\n' },
  });
  const feat = repo.commit({
    author: dave,
    date: '2024-01-22T12:00:00Z',
    message: 'add feature x',
    write: { 'src/x.ts': 'export const x = () => 42;\n' },
  });
  const revert = gitRevert(repo, feat, alice, '2024-01-23T12:00:00Z');
  const feat2 = repo.commit({
    author: bob,
    date: '2024-01-24T12:00:00Z',
    message: 'add feature y',
    write: { 'src/y.ts': 'export const y = () => 7;\n' },
  });
  const revert2 = repo.commit({
    author: carol,
    date: '2024-01-25T12:00:00Z',
    message: 'Revert "add feature y"',
    write: { 'src/y.ts': null },
  });
  return { repo, base, bug, ws, cmt, fix, future, fix2, feat, revert, feat2, revert2 };
}
