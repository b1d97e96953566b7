import { describe, expect, it } from 'vitest';
import { parseBlamePorcelain } from '../../src/collect/blame-porcelain.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
// Literal `git blame --porcelain -w -L 2,3 -L 5,5` shape (git 2.39): headers only on a commit's
// first appearance, `boundary` on the root commit.
const OUT = `${A} 2 2 1
author Alice
author-mail <alice@example.com>
author-time 1704110400
author-tz +0000
committer Alice
committer-mail <alice@example.com>
committer-time 1704110460
committer-tz +0000
summary initial calc
boundary
filename src/calc.ts
\t  // discounts are applied once
${B} 3 3 1
author Bob
author-mail <bob@example.com>
author-time 1704456000
author-tz +0000
committer Bob
committer-mail <bob@example.com>
committer-time 1704456000
committer-tz +0000
summary change discount rule
previous ${A} src/calc.ts
filename src/calc.ts
\t    const discount = price * 2;
${A} 5 5 1
filename src/calc.ts
\t  return price - discount;
`;

describe('parseBlamePorcelain', () => {
  it('gives each final line its commit, times in ms, and boundary flags (headers reused)', () => {
    expect(parseBlamePorcelain(OUT)).toEqual([
      {
        sha: A,
        finalLine: 2,
        authorTime: 1704110400000,
        committerTime: 1704110460000,
        boundary: true,
        text: '  // discounts are applied once',
      },
      {
        sha: B,
        finalLine: 3,
        authorTime: 1704456000000,
        committerTime: 1704456000000,
        boundary: false,
        text: '    const discount = price * 2;',
      },
      {
        sha: A,
        finalLine: 5,
        authorTime: 1704110400000,
        committerTime: 1704110460000,
        boundary: true,
        text: '  return price - discount;',
      },
    ]);
  });
  it('empty output, no lines', () => {
    expect(parseBlamePorcelain('')).toEqual([]);
  });
});
