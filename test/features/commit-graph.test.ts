import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rangeInGraph } from '../../src/features/commit-graph.ts';
import { gitLogArgs, parseGitLog } from '../../src/collect/git-log-parser.ts';
import { buildKameiHistory, type KameiHistory } from '../helpers/kamei-history.ts';

let h: KameiHistory;
beforeAll(() => {
  h = buildKameiHistory();
});
afterAll(() => h.repo.remove());

describe('rangeInGraph', () => {
  it('equals git rev-list head ^base for every pair of commits (merges and a side branch included)', () => {
    const commits = parseGitLog(h.repo.git(gitLogArgs(['HEAD'])));
    const graph = new Map(commits.map((c) => [c.sha, c.parents]));
    for (const base of commits) {
      for (const head of commits) {
        const git = h.repo
          .git(['rev-list', head.sha, `^${base.sha}`])
          .split('\n')
          .filter(Boolean);
        expect([...rangeInGraph(graph, base.sha, head.sha)!].sort()).toEqual(git.sort());
      }
    }
  });

  it('returns null when the graph lacks part of the history', () => {
    const graph = new Map([['b', ['a']]]);
    expect(rangeInGraph(graph, 'b', 'b')).toBeNull();
  });
});
