// SZZ (Śliwerski, Zimmermann, Zeller 2005) on a local repository: for each fix commit, blame the
// lines it deletes or modifies at its parent; the commits that last touched them are the
// bug-inducing candidates. As in AG-SZZ / MA-SZZ, only code is blamed: files that hold none (docs,
// lockfiles, generated, binary), submodules (gitlinks) and paths missing at the parent are left
// out, and so are cosmetic lines (blank, comment-only, Python docstrings, re-indented or
// re-wrapped: codeLinesOf);
// blame ignores whitespace (-w), and a blamed commit dated after the fix is dropped. A blame that
// fails is a warning for that file, never the end of the run.
import { parseUnifiedDiff, toRanges, type DiffLine, type FileDiff } from '../features/diff-hunks.ts';
import { isFixMessage, isRevertMessage } from '../features/messages.ts';
import { notCodeReason } from '../features/paths.ts';
import { codeOf, docstringLines, isTrivialLine } from '../features/trivial-lines.ts';
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
  /** Fixes with deleted lines in more code files than this are skipped (mass edits blame everything). */
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

/** Why a fix commit labels nothing without being blamed. */
export type FixSkipReason =
  | 'too-many-files' // a mass edit would blame everything
  | 'no-deleted-lines' // it only adds: nothing to blame
  | 'not-code' // every file it changes is docs, a lockfile, generated, binary or a submodule
  | 'cosmetic' // every code line it changes is layout or comment
  | 'blame-failed'; // git blame failed for every file left
/** Why a file of a fix commit is not blamed. */
export type FileSkipReason =
  | 'gitlink'
  | 'symlink'
  | 'binary'
  | 'absent'
  | 'docs'
  | 'lockfile'
  | 'generated'
  | 'cosmetic'
  | 'blame-failed';

export const FIX_SKIP_REASONS: readonly FixSkipReason[] = [
  'too-many-files',
  'no-deleted-lines',
  'not-code',
  'cosmetic',
  'blame-failed',
];
export const FILE_SKIP_REASONS: readonly FileSkipReason[] = [
  'gitlink',
  'symlink',
  'binary',
  'absent',
  'docs',
  'lockfile',
  'generated',
  'cosmetic',
  'blame-failed',
];

export interface SzzFixResult {
  pairs: SzzPair[];
  /** Set when the fix labels nothing because nothing in it was blamed. */
  skipped: FixSkipReason | null;
  files: Partial<Record<FileSkipReason, number>>;
  /** Deleted lines left out as layout or comment (in files otherwise blamed). */
  cosmeticLines: number;
  warnings: string[];
}

/**
 * The deleted lines of one file that changed code, by hunk: a hunk whose code (codeOf: no layout,
 * no comments) reads the same before and after is cosmetic as a whole (re-indent, re-wrap,
 * re-worded comment); otherwise a deleted line is cosmetic when it is blank or a comment, or when
 * the same hunk adds a line with the same code (it was only re-indented).
 */
export function codeLinesOf(
  f: Pick<FileDiff, 'deleted' | 'added'>,
  path: string,
  /** Old-side lines that are documentation (Python docstrings): never code. */
  docLines: ReadonlySet<number> = new Set(),
): DiffLine[] {
  const hunks = new Map<number, { del: DiffLine[]; add: string[] }>();
  const at = (h: number) => {
    let e = hunks.get(h);
    if (!e) hunks.set(h, (e = { del: [], add: [] }));
    return e;
  };
  for (const l of f.deleted) at(l.hunk).del.push(l);
  for (const l of f.added) at(l.hunk).add.push(codeOf(l.text, path));
  const out: DiffLine[] = [];
  for (const { del, add } of hunks.values()) {
    const codes = del.map((l) => codeOf(l.text, path));
    if (codes.join('') === add.join('')) continue;
    const remaining = new Map<string, number>();
    for (const a of add) if (a !== '') remaining.set(a, (remaining.get(a) ?? 0) + 1);
    del.forEach((l, i) => {
      const c = codes[i]!;
      if (c === '' || docLines.has(l.line)) return;
      const n = remaining.get(c) ?? 0;
      if (n > 0) remaining.set(c, n - 1);
      else out.push(l);
    });
  }
  return out;
}

const TREE_SKIP: Record<string, FileSkipReason> = { '160000': 'gitlink', '120000': 'symlink' };

/** Bug-inducing candidates of one fix commit. `known` limits results to mined commits when given. */
export async function szzForFix(
  git: GitRepo,
  fix: SzzCommit,
  opts: SzzOptions = {},
  known?: ReadonlySet<string>,
): Promise<SzzFixResult> {
  const res: SzzFixResult = { pairs: [], skipped: null, files: {}, cosmeticLines: 0, warnings: [] };
  const skipFile = (r: FileSkipReason) => (res.files[r] = (res.files[r] ?? 0) + 1);
  const parent = fix.parents[0];
  if (!parent || fix.parents.length > 1) return res;
  const changed = parseUnifiedDiff(await git.showZeroContext(fix.sha)).filter(
    (f) => f.oldPath !== null && (f.binary || f.deleted.length > 0),
  );
  if (changed.length === 0) return { ...res, skipped: 'no-deleted-lines' };
  const code: FileDiff[] = [];
  for (const f of changed) {
    const why = f.binary ? 'binary' : notCodeReason(f.oldPath!);
    if (why) skipFile(why);
    else code.push(f);
  }
  if (code.length > (opts.maxFiles ?? 100)) return { ...res, skipped: 'too-many-files' };
  // A submodule (gitlink) or a path missing at the parent cannot be blamed there.
  const modes = await git.treeModes(
    parent,
    code.map((f) => f.oldPath!),
  );
  const todo: { path: string; lines: number[] }[] = [];
  for (const f of code) {
    const path = f.oldPath!;
    const mode = modes.get(path);
    if (mode === undefined) {
      skipFile('absent');
      continue;
    }
    if (TREE_SKIP[mode]) {
      skipFile(TREE_SKIP[mode]);
      continue;
    }
    // A docstring typo is a documentation fix: Python docstrings are read from the parent's file.
    const docLines = /\.pyi?$/i.test(path)
      ? docstringLines(await git.fileAt(parent, path).catch(() => ''), path)
      : undefined;
    const lines = codeLinesOf(f, path, docLines).map((l) => l.line);
    res.cosmeticLines += f.deleted.length - lines.length;
    if (lines.length === 0) skipFile('cosmetic');
    else todo.push({ path, lines });
  }
  if (todo.length === 0) return { ...res, skipped: res.files.cosmetic ? 'cosmetic' : 'not-code' };

  const found = new Map<string, Record<string, number>>();
  // The files of one fix are blamed side by side (simple-git caps the processes); one that fails
  // is a warning, the others still count.
  const perFile = await Promise.all(
    todo.map(async ({ path, lines }) => {
      try {
        return { path, blamed: await git.blameLines(parent, path, toRanges(lines)) };
      } catch (e) {
        skipFile('blame-failed');
        res.warnings.push(
          `SZZ: blame of ${path} at ${parent.slice(0, 12)} (parent of fix ${fix.sha.slice(0, 12)}) failed: ${
            (e as Error).message
          }`,
        );
        return { path, blamed: [] };
      }
    }),
  );
  if (res.files['blame-failed'] === todo.length) return { ...res, skipped: 'blame-failed' };
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
  res.pairs = [...found].map(([bugSha, lines]) => ({ bugSha, fixSha: fix.sha, lines }));
  return res;
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
    // 3: code files only; cosmetic hunks, lines and Python docstrings left out (older stores blame again).
    filter: 3,
  });
}

export interface SzzRun {
  pairs: SzzPair[];
  /** Fix commits that labelled nothing, by reason. */
  skippedFixes: Record<FixSkipReason, number>;
  /** Files of fix commits left out, by reason. */
  skippedFiles: Record<FileSkipReason, number>;
  cosmeticLines: number;
  warnings: string[];
}

/** SZZ over many commits; only the fixes among them are blamed. */
export async function runSzz(
  git: GitRepo,
  commits: readonly SzzCommit[],
  opts: SzzOptions = {},
  known?: ReadonlySet<string>,
): Promise<SzzRun> {
  const fixes = fixCommitsOf(commits, opts);
  const out: SzzFixResult[] = new Array(fixes.length);
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
  const run: SzzRun = {
    pairs: [],
    skippedFixes: Object.fromEntries(FIX_SKIP_REASONS.map((r) => [r, 0])) as Record<FixSkipReason, number>,
    skippedFiles: Object.fromEntries(FILE_SKIP_REASONS.map((r) => [r, 0])) as Record<FileSkipReason, number>,
    cosmeticLines: 0,
    warnings: [],
  };
  for (const r of out) {
    run.pairs.push(...r.pairs);
    if (r.skipped) run.skippedFixes[r.skipped]++;
    for (const [k, n] of Object.entries(r.files)) run.skippedFiles[k as FileSkipReason] += n;
    run.cosmeticLines += r.cosmeticLines;
    run.warnings.push(...r.warnings);
  }
  return run;
}
