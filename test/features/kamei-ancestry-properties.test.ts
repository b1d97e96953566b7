// historyMetrics on random commit graphs (forks, merges both ways, renames, copies, deletes):
// a commit's result equals the result of a walk over its ancestors alone, given in any order. This
// is the ancestry rule itself, and it checks the undo log: any state leaking from one branch into
// another shows up as a difference.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { historyMetrics } from '../../src/features/kamei.ts';
import type { FileStatus, RawCommit } from '../../src/features/commit-types.ts';

const PATHS = ['a.ts', 'src/b.ts', 'src/c/d.ts', 'lib/e.py', 'docs/f.md', 'moved/x.ts'];

const graphArb = fc
  .array(
    fc.record({
      back: fc.nat(6), // first parent: how far back (0 = the previous commit)
      merge: fc.option(fc.nat(30), { nil: undefined }), // second parent, further back
      author: fc.nat(3),
      gapHours: fc.integer({ min: 0, max: 24 * 500 }),
      files: fc.uniqueArray(
        fc.record({
          path: fc.constantFrom(...PATHS),
          status: fc.constantFrom<FileStatus>('M', 'M', 'A', 'D', 'R', 'C'),
          from: fc.constantFrom(...PATHS),
          added: fc.nat(200),
          deleted: fc.nat(200),
        }),
        { maxLength: 4, selector: (f) => f.path },
      ),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((specs) => {
    let t = Date.UTC(2020, 0, 1);
    return specs.map((s, i): RawCommit => {
      t += s.gapHours * 3_600_000;
      const parents: string[] = [];
      if (i > 0) parents.push(`c${Math.max(0, i - 1 - s.back)}`);
      if (s.merge !== undefined && i > 1) {
        const p = `c${Math.max(0, i - 1 - s.merge)}`;
        if (!parents.includes(p)) parents.push(p);
      }
      const merge = parents.length > 1;
      return {
        sha: `c${i}`,
        parents,
        authorName: `dev${s.author}`,
        authorEmail: `dev${s.author}@x`,
        authorTime: t,
        committerTime: t,
        subject: 'change',
        message: 'change',
        files: merge
          ? []
          : s.files.map((f) => ({
              path: f.path,
              oldPath: (f.status === 'R' || f.status === 'C') && f.from !== f.path ? f.from : null,
              status: (f.status === 'R' || f.status === 'C') && f.from === f.path ? 'M' : f.status,
              added: f.added,
              deleted: f.deleted,
              binary: false,
            })),
      };
    });
  });

function ancestorsOf(commits: RawCommit[], sha: string): RawCommit[] {
  const bySha = new Map(commits.map((c) => [c.sha, c]));
  const seen = new Set<string>();
  const stack = [sha];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    stack.push(...bySha.get(s)!.parents);
  }
  return commits.filter((c) => seen.has(c.sha));
}

describe('historyMetrics: the ancestry rule on random graphs', () => {
  it('a commit has the metrics of a walk over its own ancestors, in any input order', () => {
    fc.assert(
      fc.property(graphArb, fc.nat(), (commits, seed) => {
        const all = historyMetrics(commits);
        expect(all.size).toBe(commits.length);
        for (const c of commits) {
          const own = ancestorsOf(commits, c.sha);
          // Any order: rotate and reverse the list of ancestors.
          const k = own.length === 0 ? 0 : seed % own.length;
          const shuffled = [...own.slice(k), ...own.slice(0, k)].reverse();
          expect(historyMetrics(shuffled).get(c.sha)).toEqual(all.get(c.sha));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('asking for some commits only gives the same results for them', () => {
    fc.assert(
      fc.property(graphArb, (commits) => {
        const all = historyMetrics(commits);
        const wanted = new Set(commits.filter((_, i) => i % 3 === 0).map((c) => c.sha));
        const some = historyMetrics(commits, wanted);
        expect([...some.keys()].sort()).toEqual([...wanted].sort());
        for (const s of wanted) expect(some.get(s)).toEqual(all.get(s));
      }),
      { numRuns: 100 },
    );
  });
});
