// The 14 just-in-time metrics of Kamei et al. (TSE 2013), per commit, from its ancestors only.
// Pure. historyMetrics() walks the first-parent tree depth first with one HistoryState and an undo
// log: the state at a commit is the fold of exactly its ancestors (a merge folds in the commits it
// brings, those reachable from its other parents and not yet folded), so commits of a parallel
// branch never count as "earlier", and a commit's metrics do not depend on which refs were walked.
// Merges carry no diff in `git log`, so they get no metrics and change no per-file state.
import { directoryOf, subsystemOf } from './paths.ts';
import { isFixMessage } from './messages.ts';
import type { KameiMetrics } from './schema.ts';
import type { RawCommit } from './commit-types.ts';

/**
 * The metrics that look back over history (the rest describe the commit's own diff): unknown when
 * history is cut, as in a shallow clone.
 */
export const HISTORY_METRICS = [
  'lt',
  'ndev',
  'nuc',
  'age',
  'exp',
  'rexp',
  'sexp',
] as const satisfies readonly (keyof KameiMetrics)[];
export type HistoryMetric = (typeof HISTORY_METRICS)[number];

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

type Undo = (() => void)[];

function setOrDelete<K, V>(map: Map<K, V>, key: K, value: V | undefined): void {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}

/** Removes or replaces map[key], logging how to put the old value back. */
function put<K, V>(map: Map<K, V>, key: K, value: V | undefined, undo: Undo | null): void {
  if (undo) {
    const old = map.get(key);
    undo.push(() => setOrDelete(map, key, old));
  }
  setOrDelete(map, key, value);
}

/**
 * Folds `commit` into the history so later commits see it. `ord` identifies the commit in
 * FileHistory.commits (default: the next ordinal); with `undo`, every change is logged so that
 * running the log backwards restores the state exactly.
 */
export function applyCommit(
  commit: RawCommit,
  state: HistoryState,
  ord?: number,
  undo: Undo | null = null,
): void {
  if (ord === undefined) ord = state.ordinal;
  state.ordinal = Math.max(state.ordinal, ord + 1);
  const key = authorKey(commit.authorEmail, commit.authorName);
  for (const f of commit.files) {
    const prior = f.status === 'A' ? undefined : state.files.get(f.oldPath ?? f.path);
    if (f.status === 'R' && f.oldPath) put(state.files, f.oldPath, undefined, undo);
    if (f.status === 'D') {
      put(state.files, f.path, undefined, undo);
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
    if (undo && base === prior) {
      const { lines, lastTime } = base;
      const newAuthor = !base.authors.has(key);
      undo.push(() => {
        base.lines = lines;
        base.lastTime = lastTime;
        base.commits.pop();
        if (newAuthor) base.authors.delete(key);
      });
    }
    base.lines = Math.max(0, base.lines + f.added - f.deleted);
    base.authors.add(key);
    base.commits.push(ord);
    // The most recent change among the ancestors, whatever order they were folded in.
    base.lastTime = base === prior ? Math.max(base.lastTime, commit.authorTime) : commit.authorTime;
    put(state.files, f.path, base, undo);
  }
  let author = state.authors.get(key);
  if (!author) {
    author = { times: [], subsystems: [], bySubsystem: new Map() };
    put(state.authors, key, author, undo);
  }
  const touched = [...new Set(commit.files.map((f) => subsystemOf(f.path)))];
  author.times.push(commit.authorTime);
  author.subsystems.push(touched);
  if (undo) {
    const a = author;
    const before = touched.map((s) => a.bySubsystem.get(s));
    undo.push(() => {
      a.times.pop();
      a.subsystems.pop();
      touched.forEach((s, i) => setOrDelete(a.bySubsystem, s, before[i]));
    });
  }
  for (const s of touched) author.bySubsystem.set(s, (author.bySubsystem.get(s) ?? 0) + 1);
}

export interface MinedCommit {
  commit: RawCommit;
  /** null for merges */
  result: CommitMetricsResult | null;
}

/**
 * Metrics of each commit computed over its ancestors only. `commits` holds a commit's ancestors
 * (a parent that is absent is taken as the edge of history), in any order; `wanted` limits which
 * commits get metrics (all by default). Merges map to null. The result for a commit depends only on
 * its ancestors, so the mined store and an on-the-fly walk of any descendant agree exactly.
 *
 * Cost: every commit is folded once on its first-parent path, plus once per merge that brings it
 * in from another parent; the undo log is kept only while a fork still has children to visit, and
 * the largest first-parent subtree is visited last, so the mainline runs without logging.
 */
export function historyMetrics(
  commits: readonly RawCommit[],
  wanted?: ReadonlySet<string>,
): Map<string, CommitMetricsResult | null> {
  const n = commits.length;
  const index = new Map<string, number>();
  commits.forEach((c, i) => index.set(c.sha, i));
  const parents = commits.map((c) =>
    c.parents.map((p) => index.get(p)).filter((p): p is number => p !== undefined),
  );
  // The first-parent tree: a commit hangs under its first parent; without one it is a root.
  const kids: number[][] = commits.map(() => []);
  const roots: number[] = [];
  commits.forEach((c, i) => {
    const fp = c.parents.length > 0 ? index.get(c.parents[0]!) : undefined;
    if (fp === undefined) roots.push(i);
    else kids[fp]!.push(i);
  });
  // Subtree sizes (breadth-first order has parents before children; sum it backwards).
  const order: number[] = [...roots];
  for (let k = 0; k < order.length; k++) for (const c of kids[order[k]!]!) order.push(c);
  const size = new Int32Array(n).fill(1);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    for (const c of kids[i]!) size[i]! += size[c]!;
  }
  for (const list of kids) if (list.length > 1) list.sort((a, b) => size[a]! - size[b]! || a - b);

  const out = new Map<string, CommitMetricsResult | null>();
  for (const root of roots) {
    const state = new HistoryState();
    state.marks = new Int32Array(Math.max(1, n));
    const folded = new Uint8Array(n);
    const undo: Undo = [];
    let openForks = 0;
    const fold = (i: number) => {
      const log = openForks > 0 ? undo : null;
      folded[i] = 1;
      if (log) log.push(() => void (folded[i] = 0));
      if (commits[i]!.parents.length <= 1) applyCommit(commits[i]!, state, i, log);
    };
    const enter = (i: number) => {
      const c = commits[i]!;
      if (c.parents.length > 1) {
        // A merge: fold in what its other parents bring, parents before children.
        for (const s of unfolded(parents[i]!.slice(1), parents, folded)) fold(s);
        if (!wanted || wanted.has(c.sha)) out.set(c.sha, null);
      } else if (!wanted || wanted.has(c.sha)) {
        out.set(c.sha, commitMetrics(c, state));
      }
      fold(i);
    };
    const stack: { i: number; next: number; mark: number }[] = [];
    const push = (i: number) => {
      enter(i);
      if (kids[i]!.length > 1) openForks++;
      stack.push({ i, next: 0, mark: undo.length });
    };
    push(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const list = kids[top.i]!;
      if (top.next >= list.length) {
        stack.pop();
        continue;
      }
      if (top.next > 0) while (undo.length > top.mark) undo.pop()!();
      const child = list[top.next++]!;
      if (list.length > 1 && top.next === list.length && --openForks === 0) undo.length = 0;
      push(child);
    }
  }
  return out;
}

/** Commits reachable from `starts` and not folded yet, in post-order (parents first). */
function unfolded(starts: number[], parents: number[][], folded: Uint8Array): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  const stack: { i: number; next: number }[] = [];
  for (const s of starts) {
    if (folded[s] || seen.has(s)) continue;
    seen.add(s);
    stack.push({ i: s, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const ps = parents[top.i]!;
      if (top.next < ps.length) {
        const p = ps[top.next++]!;
        if (!folded[p] && !seen.has(p)) {
          seen.add(p);
          stack.push({ i: p, next: 0 });
        }
      } else {
        out.push(top.i);
        stack.pop();
      }
    }
  }
  return out;
}

/** Every commit with its metrics over its ancestors (null for merges), in the order given. */
export function walkHistory(commits: readonly RawCommit[]): MinedCommit[] {
  const results = historyMetrics(commits);
  return commits.map((commit) => ({ commit, result: results.get(commit.sha) ?? null }));
}
