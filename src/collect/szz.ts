// SZZ (Śliwerski, Zimmermann, Zeller 2005) on a local repository: for each fix commit, blame the
// lines it deletes or modifies at its parent; the commits that last touched them are the
// bug-inducing candidates. Whitespace is ignored (blame -w), whitespace-only and comment-only
// lines are not blamed, and a blamed commit dated after the fix is dropped.
import { parseUnifiedDiff, toRanges } from '../features/diff-hunks.ts';
import { isFixMessage, isRevertMessage } from '../features/messages.ts';
import { isTrivialLine } from '../features/trivial-lines.ts';
import type { GitRepo } from './git-repo.ts';

export interface SzzCommit {
  sha: string;
  parents: readonly string[];
  message: string;
  authorTime: number;
}

export interface SzzOptions {
  /** Extra fix rule, e.g. /\b[A-Z]+-\d+\b/ for issue keys; a commit is a fix if either matches. */
  issuePattern?: RegExp;
  /** Keyword rule on (default true). */
  keywords?: boolean;
  /** Fixes touching more files than this are skipped (mass edits blame everything). */
  maxFiles?: number;
  /** Parallel git blame processes. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SzzPair {
  bugSha: string;
  fixSha: string;
  /** Blamed lines per path (at the fix's parent). */
  lines: Record<string, number>;
}

export function isFixCommit(
  message: string,
  opts: Pick<SzzOptions, 'issuePattern' | 'keywords'> = {},
): boolean {
  if (isRevertMessage(message)) return false; // reverts are labelled by their own rule
  return ((opts.keywords ?? true) && isFixMessage(message)) || (opts.issuePattern?.test(message) ?? false);
}

/** Bug-inducing candidates of one fix commit. `known` limits results to mined commits when given. */
export async function szzForFix(
  git: GitRepo,
  fix: SzzCommit,
  opts: SzzOptions = {},
  known?: ReadonlySet<string>,
): Promise<SzzPair[]> {
  const parent = fix.parents[0];
  if (!parent || fix.parents.length > 1) return [];
  const files = parseUnifiedDiff(await git.showZeroContext(fix.sha)).filter(
    (f) => !f.binary && f.oldPath !== null && f.deleted.length > 0,
  );
  if (files.length === 0 || files.length > (opts.maxFiles ?? 100)) return [];
  const found = new Map<string, Record<string, number>>();
  // The files of one fix are blamed side by side (simple-git caps the processes).
  const perFile = await Promise.all(
    files.map(async (f) => {
      const path = f.oldPath!;
      const lines = f.deleted.filter((l) => !isTrivialLine(l.text, path)).map((l) => l.line);
      return { path, blamed: lines.length === 0 ? [] : await git.blameLines(parent, path, toRanges(lines)) };
    }),
  );
  for (const { path, blamed } of perFile) {
    for (const b of blamed) {
      // -w can attribute a reindented line to an older commit; what remains must still be code.
      if (isTrivialLine(b.text, path)) continue;
      if (b.authorTime > fix.authorTime) continue;
      if (known && !known.has(b.sha)) continue;
      let per = found.get(b.sha);
      if (!per) found.set(b.sha, (per = {}));
      per[path] = (per[path] ?? 0) + 1;
    }
  }
  return [...found].map(([bugSha, lines]) => ({ bugSha, fixSha: fix.sha, lines }));
}

/** The fix commits SZZ blames among `commits` (merges never: their diff is not one change). */
export function fixCommitsOf(commits: readonly SzzCommit[], opts: SzzOptions = {}): SzzCommit[] {
  return commits.filter((c) => c.parents.length === 1 && isFixCommit(c.message, opts));
}

/** The options that decide what SZZ finds for a fix, as a stable string (stored with each fix). */
export function szzRule(opts: SzzOptions = {}): string {
  return JSON.stringify({
    keywords: opts.keywords ?? true,
    issuePattern: opts.issuePattern ? `/${opts.issuePattern.source}/${opts.issuePattern.flags}` : null,
    maxFiles: opts.maxFiles ?? 100,
  });
}

/** SZZ over many commits; only the fixes among them are blamed. */
export async function runSzz(
  git: GitRepo,
  commits: readonly SzzCommit[],
  opts: SzzOptions = {},
  known?: ReadonlySet<string>,
): Promise<SzzPair[]> {
  const fixes = fixCommitsOf(commits, opts);
  const out: SzzPair[][] = new Array(fixes.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < fixes.length) {
      const i = next++;
      out[i] = await szzForFix(git, fixes[i]!, opts, known);
      opts.onProgress?.(++done, fixes.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
  return out.flat();
}
