import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkHistory } from '../../src/features/kamei.ts';
import { changeFeatures, type RangeCommit } from '../../src/features/change.ts';
import { parseGitLog, gitLogArgs } from '../../src/collect/git-log-parser.ts';
import { buildKameiHistory, type KameiHistory } from '../helpers/kamei-history.ts';

let h: KameiHistory;
let bySha: Map<string, ReturnType<typeof walkHistory>[number]>;

beforeAll(() => {
  h = buildKameiHistory();
  const commits = parseGitLog(h.repo.git(gitLogArgs(['HEAD'])));
  bySha = new Map(walkHistory(commits).map((m) => [m.commit.sha, m]));
});
afterAll(() => h.repo.remove());

const H = (p: number[]) => -p.reduce((a, x) => a + x * Math.log2(x), 0);

describe('Kamei metrics on a real repository, computed by hand', () => {
  it('C1: first commit, three new files', () => {
    expect(bySha.get(h.c1)!.result!.metrics).toEqual({
      ns: 2,
      nd: 2,
      nf: 3,
      entropy: expect.closeTo(H([10 / 17, 5 / 17, 2 / 17]), 12),
      la: 17,
      ld: 0,
      lt: 0,
      fix: 0,
      ndev: 0,
      age: 0,
      nuc: 0,
      exp: 0,
      rexp: 0,
      sexp: 0,
    });
  });

  it('C2: a fix by a second author ten days later', () => {
    expect(bySha.get(h.c2)!.result!.metrics).toEqual({
      ns: 1,
      nd: 1,
      nf: 1,
      entropy: 0,
      la: 3,
      ld: 1,
      lt: 10,
      fix: 1,
      ndev: 1,
      age: 10,
      nuc: 1,
      exp: 0,
      rexp: 0,
      sexp: 0,
    });
  });

  it('C3: rename counted at the new path with the old history; binary file counts in nf with 0 lines', () => {
    const m = bySha.get(h.c3)!;
    expect(m.commit.files.map((f) => [f.status, f.path, f.oldPath, f.binary]).sort()).toEqual(
      [
        ['A', 'assets/logo.png', null, true],
        ['R', 'lib/b.ts', 'src/b.ts', false],
      ].sort(),
    );
    // 2024-01-01 → 2025-03-01 is 366 + 59 = 425 days; C1 was one whole year ago → weight 1/2
    expect(m.result!.metrics).toEqual({
      ns: 2,
      nd: 2,
      nf: 2,
      entropy: 0,
      la: 2,
      ld: 0,
      lt: 5,
      fix: 0,
      ndev: 1,
      age: 425,
      nuc: 1,
      exp: 1,
      rexp: 0.5,
      sexp: 0,
    });
  });

  it('C4 (side branch) and C5 (delete on main)', () => {
    expect(bySha.get(h.c4)!.result!.metrics).toEqual({
      ns: 1,
      nd: 1,
      nf: 1,
      entropy: 0,
      la: 1,
      ld: 0,
      lt: 7,
      fix: 0,
      ndev: 1,
      age: 1,
      nuc: 2,
      exp: 0,
      rexp: 0,
      sexp: 0,
    });
    expect(bySha.get(h.c5)!.result!.metrics).toEqual({
      ns: 1,
      nd: 1,
      nf: 1,
      entropy: 0,
      la: 0,
      ld: 2,
      lt: 2,
      fix: 0,
      ndev: 1,
      age: 427,
      nuc: 1,
      exp: 2,
      rexp: 1.5,
      sexp: 1,
    });
  });

  it('merge commits are kept but get no metrics', () => {
    const m = bySha.get(h.merge)!;
    expect(m.commit.parents).toHaveLength(2);
    expect(m.result).toBeNull();
  });

  it('C6: after the merge, history of both branches counts', () => {
    // a.ts last changed 2024-01-11 (424 days), b.ts 2025-03-02 (8 days)
    expect(bySha.get(h.c6)!.result!.metrics).toEqual({
      ns: 2,
      nd: 2,
      nf: 2,
      entropy: expect.closeTo(H([2 / 3, 1 / 3]), 12),
      la: 2,
      ld: 1,
      lt: 20,
      fix: 1,
      ndev: 3,
      age: 216,
      nuc: 4,
      exp: 1,
      rexp: 0.5,
      sexp: 1,
    });
  });

  it('deploy range C3..C6 aggregates the non-merge commits C4, C5, C6', () => {
    const range: RangeCommit[] = [h.c4, h.c5, h.c6].map((sha) => {
      const m = bySha.get(sha)!;
      return { commit: m.commit, metrics: m.result!.metrics, linesBefore: m.result!.linesBefore };
    });
    expect(changeFeatures(range)).toEqual({
      ns: 3,
      nd: 3,
      nf: 3,
      entropy: expect.closeTo(Math.log2(3), 12),
      la: 3,
      ld: 3,
      lt: 21,
      fix: 1,
      ndev: 3,
      age: expect.closeTo((1 + 427 + 216) / 3, 12),
      nuc: 4,
      exp: 0,
      rexp: 0,
      sexp: 0,
      commits: 3,
      filesAdded: 0,
      filesDeleted: 1,
      filesRenamed: 0,
      churnTests: 0,
      churnSource: 4,
      churnConfig: 0,
      churnDocs: 2,
      depsTouched: 0,
      migrationsTouched: 0,
      revertPresent: 0,
      authors: 3,
    });
  });
});
