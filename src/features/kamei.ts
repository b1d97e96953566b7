// The 14 just-in-time metrics of Kamei et al. (TSE 2013), per commit, from a walk over history.
// Pure: the caller feeds commits oldest first (ancestors before descendants); state lives in
// HistoryState. Merges carry no diff in `git log`, so they neither get metrics nor change state.
import { directoryOf, subsystemOf } from './paths.ts';
import { isFixMessage } from './messages.ts';
import type { KameiMetrics } from './schema.ts';
import type { RawCommit } from './commit-types.ts';

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

interface FileHistory {
  lines: number; // current line count, tracked as the sum of added - deleted
  authors: Set<string>;
  commits: number[]; // ordinal of each earlier commit touching the file, ascending
  lastTime: number;
}

interface AuthorHistory {
  times: number[]; // author times of earlier commits
  subsystems: string[][]; // subsystems of each earlier commit, aligned with times
  bySubsystem: Map<string, number>; // subsystem -> the author's earlier commits there
}

export class HistoryState {
  readonly files = new Map<string, FileHistory>();
  readonly authors = new Map<string, AuthorHistory>();
  /** Ordinal of the next commit applied; identifies commits in FileHistory.commits. */
  ordinal = 0;
  // Distinct-count scratch space: marks[ord] === stamp means "already counted" (no Set per union).
  marks = new Int32Array(1024);
  stamp = 0;
}

/** Distinct ordinals over several ascending lists, without allocating a set. */
function distinctCount(lists: number[][], state: HistoryState): number {
  if (lists.length === 1) return lists[0]!.length;
  if (state.marks.length < state.ordinal + 1) {
    const grown = new Int32Array(Math.max(state.ordinal + 1, state.marks.length * 2));
    grown.set(state.marks);
    state.marks = grown;
  }
  const stamp = ++state.stamp;
  let n = 0;
  for (const list of lists) {
    for (const ord of list) {
      if (state.marks[ord] !== stamp) {
        state.marks[ord] = stamp;
        n++;
      }
    }
  }
  return n;
}

/** Per file: lines before the change (at the old path for renames), used for LT and deploy-level LT. */
export interface CommitMetricsResult {
  metrics: KameiMetrics;
  linesBefore: number[]; // aligned with commit.files
}

export const authorKey = (email: string, name: string): string => (email.trim() || name.trim()).toLowerCase();

function entropyOf(churns: number[]): number {
  const total = churns.reduce((a, b) => a + b, 0);
  if (total <= 0) return 0;
  let h = 0;
  for (const c of churns) {
    if (c <= 0) continue;
    const p = c / total;
    h -= p * Math.log2(p);
  }
  return h;
}

export { entropyOf as shannonEntropy };

/** Metrics of `commit` given everything applied to `state` so far. Does not modify state. */
export function commitMetrics(commit: RawCommit, state: HistoryState): CommitMetricsResult {
  const files = commit.files;
  const subsystems = new Set(files.map((f) => subsystemOf(f.path)));
  const directories = new Set(files.map((f) => directoryOf(f.path)));
  let la = 0;
  let ld = 0;
  let lt = 0;
  const devs = new Set<string>();
  const commitLists: number[][] = [];
  let ageSum = 0;
  let ageCount = 0;
  const linesBefore: number[] = [];
  for (const f of files) {
    la += f.added;
    ld += f.deleted;
    const prior = f.status === 'A' ? undefined : state.files.get(f.oldPath ?? f.path);
    const before = prior?.lines ?? 0;
    linesBefore.push(before);
    lt += before;
    if (prior) {
      for (const a of prior.authors) devs.add(a);
      commitLists.push(prior.commits);
      ageSum += Math.max(0, commit.authorTime - prior.lastTime) / DAY_MS;
      ageCount += 1;
    }
  }
  const author = state.authors.get(authorKey(commit.authorEmail, commit.authorName));
  let rexp = 0;
  let sexp = 0;
  if (author) {
    for (const t of author.times) {
      // Kamei's REXP weights a change made n whole years ago by 1/(n+1).
      const years = Math.floor(Math.max(0, commit.authorTime - t) / YEAR_MS);
      rexp += 1 / (1 + years);
    }
    if (subsystems.size === 1) {
      sexp = author.bySubsystem.get(subsystems.values().next().value!) ?? 0;
    } else {
      for (const touched of author.subsystems) if (touched.some((x) => subsystems.has(x))) sexp++;
    }
  }
  return {
    metrics: {
      ns: subsystems.size,
      nd: directories.size,
      nf: files.length,
      entropy: entropyOf(files.map((f) => f.added + f.deleted)),
      la,
      ld,
      lt,
      fix: isFixMessage(commit.message) ? 1 : 0,
      ndev: devs.size,
      age: ageCount > 0 ? ageSum / ageCount : 0,
      nuc: commitLists.length === 0 ? 0 : distinctCount(commitLists, state),
      exp: author?.times.length ?? 0,
      rexp,
      sexp,
    },
    linesBefore,
  };
}

/** Folds `commit` into the history so later commits see it. */
export function applyCommit(commit: RawCommit, state: HistoryState): void {
  const ord = state.ordinal++;
  const key = authorKey(commit.authorEmail, commit.authorName);
  for (const f of commit.files) {
    const prior = f.status === 'A' ? undefined : state.files.get(f.oldPath ?? f.path);
    if (f.status === 'R' && f.oldPath) state.files.delete(f.oldPath);
    if (f.status === 'D') {
      state.files.delete(f.path);
      continue;
    }
    // A copy starts a new file that shares the source's past.
    const base: FileHistory =
      f.status === 'C' && prior
        ? {
            lines: prior.lines,
            authors: new Set(prior.authors),
            commits: [...prior.commits],
            lastTime: prior.lastTime,
          }
        : (prior ?? { lines: 0, authors: new Set(), commits: [], lastTime: commit.authorTime });
    base.lines = Math.max(0, base.lines + f.added - f.deleted);
    base.authors.add(key);
    base.commits.push(ord);
    base.lastTime = commit.authorTime;
    state.files.set(f.path, base);
  }
  let author = state.authors.get(key);
  if (!author) {
    author = { times: [], subsystems: [], bySubsystem: new Map() };
    state.authors.set(key, author);
  }
  const touched = [...new Set(commit.files.map((f) => subsystemOf(f.path)))];
  author.times.push(commit.authorTime);
  author.subsystems.push(touched);
  for (const s of touched) author.bySubsystem.set(s, (author.bySubsystem.get(s) ?? 0) + 1);
}

export interface MinedCommit {
  commit: RawCommit;
  /** null for merges */
  result: CommitMetricsResult | null;
}

/** Walks commits oldest first, computing each one's metrics before folding it in. */
export function walkHistory(
  commits: Iterable<RawCommit>,
  state: HistoryState = new HistoryState(),
): MinedCommit[] {
  const out: MinedCommit[] = [];
  for (const commit of commits) {
    if (commit.parents.length > 1) {
      out.push({ commit, result: null });
      continue;
    }
    const result = commitMetrics(commit, state);
    applyCommit(commit, state);
    out.push({ commit, result });
  }
  return out;
}
