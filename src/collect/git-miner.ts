// Mines a repository's history (HEAD) into the store, incrementally: an unchanged HEAD costs one
// rev check; new commits are read with one `git log old..HEAD`, on top of state rebuilt from the
// store; a rewritten history (old HEAD no longer an ancestor) is mined again from scratch.
import { HistoryState, applyCommit, walkHistory } from '../features/kamei.ts';
import type { Store } from '../store/db.ts';
import {
  clearRepoHistory,
  countCommits,
  ensureRepo,
  insertCommits,
  loadCommits,
  markMined,
  type StoredCommit,
} from '../store/commits.ts';
import { openGitRepo } from './git-repo.ts';

export interface MineProgress {
  phase: 'collect';
  done: number;
  total: number;
}

export interface MineSummary {
  repo: string;
  head: string;
  /** Commits stored for this repo after the run. */
  commits: number;
  /** Commits added by this run. */
  added: number;
  /** 'unchanged' | 'incremental' | 'full' */
  mode: 'unchanged' | 'incremental' | 'full';
  seconds: number;
}

export async function mineRepository(
  store: Store,
  repoPath: string,
  opts: { onProgress?: (p: MineProgress) => void; now?: () => number } = {},
): Promise<MineSummary> {
  const now = opts.now ?? Date.now;
  const started = performance.now();
  const git = await openGitRepo(repoPath);
  const head = await git.resolveCommit('HEAD', 'HEAD');
  const repo = await ensureRepo(store.db, git.root);
  const seconds = () => (performance.now() - started) / 1000;

  if (repo.headSha === head) {
    return {
      repo: git.root,
      head,
      commits: repo.commitCount,
      added: 0,
      mode: 'unchanged',
      seconds: seconds(),
    };
  }

  const incremental = repo.headSha !== null && (await git.isAncestor(repo.headSha, head));
  const state = new HistoryState();
  let nextSeq = 0;
  if (incremental) {
    for (const s of await loadCommits(store.db, repo.id)) {
      if (s.commit.parents.length <= 1) applyCommit(s.commit, state);
      nextSeq = s.seq + 1;
    }
  }
  const exclude = incremental && repo.headSha ? [repo.headSha] : [];
  const total = await git.countCommits(head, exclude);
  opts.onProgress?.({ phase: 'collect', done: 0, total });
  // One transaction around the whole run: a failure half-way leaves the store as it was.
  let added = 0;
  let count = 0;
  await store.db.transaction().execute(async (trx) => {
    if (!incremental) await clearRepoHistory(trx, repo.id);
    let pending: StoredCommit[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      await insertCommits(trx, repo.id, pending);
      added += pending.length;
      pending = [];
      opts.onProgress?.({ phase: 'collect', done: added, total });
    };
    await git.logStream(head, exclude, async (commits) => {
      for (const m of walkHistory(commits, state)) {
        pending.push({
          commit: m.commit,
          seq: nextSeq++,
          metrics: m.result?.metrics ?? null,
          linesBefore: m.result?.linesBefore ?? m.commit.files.map(() => 0),
        });
      }
      if (pending.length >= 500) await flush();
    });
    await flush();
    count = await countCommits(trx, repo.id);
    await markMined(trx, repo.id, head, now(), count);
  });
  return {
    repo: git.root,
    head,
    commits: count,
    added,
    mode: incremental ? 'incremental' : 'full',
    seconds: seconds(),
  };
}
