// Mines a repository's history (HEAD) into the store, incrementally: an unchanged HEAD costs one
// rev check; new commits are read with one `git log old..HEAD` and get their history metrics from
// the stored commits plus the new ones (historyMetrics: ancestors only, the same function the
// on-the-fly path calls); a rewritten history (old HEAD no longer an ancestor) is mined again from
// scratch. A shallow clone is refused: its history is cut, so its metrics would be wrong.
// Runners sharing a store may collect the same repository at once: each run claims the repo's row
// first in its transaction, and a run that finds the head moved since it planned starts over.
import { historyMetrics } from '../features/kamei.ts';
import type { RawCommit } from '../features/commit-types.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import {
  claimRepo,
  clearRepoHistory,
  countCommits,
  ensureRepo,
  insertCommits,
  loadCommits,
  markMined,
  type StoredCommit,
} from '../store/commits.ts';
import { isBusy } from '../store/dialect.ts';
import { FULL_HISTORY_HINT, openGitRepo } from './git-repo.ts';

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

export interface MineOptions {
  onProgress?: (p: MineProgress) => void;
  /** Called when another runner holds the store or got to this repository first. */
  onWait?: (why: string) => void;
  now?: () => number;
}

/** Another runner stored this repository after we planned our walk: plan again from its result. */
class HeadMoved extends Error {}

// SQLite waits busy_timeout (5 s) per attempt; about ten minutes in all before giving up.
const MAX_ATTEMPTS = 120;
const RETRY_PAUSE_MS = 200;

export async function mineRepository(
  store: Store,
  repoPath: string,
  opts: MineOptions = {},
): Promise<MineSummary> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await mineOnce(store, repoPath, opts);
    } catch (e) {
      const moved = e instanceof HeadMoved;
      if ((!moved && !isBusy(e)) || attempt >= MAX_ATTEMPTS) throw e;
      opts.onWait?.(
        moved
          ? 'another runner stored this repository meanwhile; starting over from what it stored'
          : 'another writer holds the store; waiting',
      );
      // A pause also lets an in-process writer (SQLite waits synchronously) make progress.
      await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
    }
  }
}

async function mineOnce(store: Store, repoPath: string, opts: MineOptions): Promise<MineSummary> {
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

  if (await git.isShallow()) throw new AppError('bad_input', `cannot mine ${git.root}: ${FULL_HISTORY_HINT}`);

  const incremental = repo.headSha !== null && (await git.isAncestor(repo.headSha, head));
  const stored = incremental ? await loadCommits(store.db, repo.id) : [];
  const nextSeq = stored.reduce((m, s) => Math.max(m, s.seq + 1), 0);
  const exclude = incremental && repo.headSha ? [repo.headSha] : [];
  const total = await git.countCommits(head, exclude);
  opts.onProgress?.({ phase: 'collect', done: 0, total });
  const fresh: RawCommit[] = [];
  await git.logStream(head, exclude, (commits) => {
    fresh.push(...commits);
  });
  const results = historyMetrics(
    [...stored.map((s) => s.commit), ...fresh],
    new Set(fresh.map((c) => c.sha)),
  );
  const rows: StoredCommit[] = fresh.map((commit, k) => {
    const r = results.get(commit.sha) ?? null;
    return {
      commit,
      seq: nextSeq + k,
      metrics: r?.metrics ?? null,
      linesBefore: r?.linesBefore ?? commit.files.map(() => 0),
    };
  });
  // One transaction around the writes: a failure half-way leaves the store as it was.
  let added = 0;
  let count = 0;
  await store.db.transaction().execute(async (trx) => {
    if ((await claimRepo(trx, repo.id)) !== repo.headSha) throw new HeadMoved();
    if (!incremental) await clearRepoHistory(trx, repo.id);
    for (let k = 0; k < rows.length; k += 500) {
      const part = rows.slice(k, k + 500);
      await insertCommits(trx, repo.id, part);
      added += part.length;
      opts.onProgress?.({ phase: 'collect', done: added, total });
    }
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
