// The only importer of simple-git. Each method is one git command; refs are validated first (never
// starting with '-') and passed after --end-of-options where the command takes it (not blame), so
// nothing a user types is read as an option.
import { simpleGit, type SimpleGit } from 'simple-git';
import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../errors.ts';
import { validateRef } from './git-refs.ts';
import { GitLogStreamParser, gitLogArgs, parseGitLog } from './git-log-parser.ts';
import { StringDecoder } from 'node:string_decoder';
import type { RawCommit } from '../features/commit-types.ts';
import { parseBlamePorcelain, type BlamedLine } from './blame-porcelain.ts';

export interface GitRepo {
  /** Real path of the work tree's top level. */
  readonly root: string;
  resolveCommit(ref: string, what?: string): Promise<string>;
  /** Resolves several refs with one git process; names the first bad one on failure. */
  resolveCommits(refs: { ref: string; what: string }[]): Promise<string[]>;
  /** Commits reachable from `head` and not from any of `exclude`, oldest first, with files. */
  log(head: string, exclude?: string[]): Promise<RawCommit[]>;
  /**
   * The same commits as log(), handed over in batches while git is still writing, so parsing and
   * storing overlap git's own diff work. The stream pauses while onBatch's promise is pending.
   */
  logStream(
    head: string,
    exclude: string[],
    onBatch: (commits: RawCommit[]) => void | Promise<void>,
  ): Promise<void>;
  /** Shas of commits in base..head (newest first), merges included unless noMerges. */
  revList(base: string, head: string, opts?: { noMerges?: boolean }): Promise<string[]>;
  isAncestor(ancestor: string, descendant: string): Promise<boolean>;
  /** True in a shallow clone (history cut at a depth): history metrics would be wrong there. */
  isShallow(): Promise<boolean>;
  /** Number of commits reachable from head and not from exclude (for progress). */
  countCommits(head: string, exclude?: string[]): Promise<number>;
  /** `git show -U0 --no-color` of one commit: its diff with no context lines (for SZZ). */
  showZeroContext(sha: string): Promise<string>;
  /** `git blame --porcelain -w -L a,b … <rev> -- <path>`: whitespace-insensitive origin of lines. */
  blameLines(rev: string, path: string, ranges: readonly [number, number][]): Promise<BlamedLine[]>;
  /** Content of a file at rev (`git cat-file blob rev:path`), as UTF-8 text. */
  fileAt(rev: string, path: string): Promise<string>;
  /** `git ls-tree` of the given paths at rev: mode per path present (160000 gitlink, 120000 symlink). */
  treeModes(rev: string, paths: readonly string[]): Promise<Map<string, string>>;
}

/**
 * What CI systems need to fetch whole history; quoted wherever a shallow clone stops a command.
 */
export const FULL_HISTORY_HINT =
  'this is a shallow clone: fetch full history (`git fetch --unshallow`; `fetch-depth: 0` for ' +
  'actions/checkout in GitHub Actions, `GIT_DEPTH: 0` in GitLab CI)';

// simple-git's default error text is stdout followed by stderr, so a failing `git log` quoted the
// first commit record it had printed; a failure is described by git's own stderr alone.
function client(baseDir: string): SimpleGit {
  return simpleGit({
    baseDir,
    maxConcurrentProcesses: 4,
    trimmed: false,
    errors: (error, result) =>
      result.exitCode !== 0 && result.stdErr.length > 0 ? Buffer.concat(result.stdErr) : error,
  });
}

function gitError(e: unknown, what: string): AppError {
  const msg = String((e as Error)?.message ?? e)
    .trim()
    .split('\n')
    .slice(0, 3)
    .join(' ');
  return new AppError('git_failed', `git ${what} failed: ${msg}`, undefined, { cause: e });
}

export async function openGitRepo(path: string): Promise<GitRepo> {
  if (typeof path !== 'string' || path.length === 0)
    throw new AppError('bad_input', 'repository path is empty');
  let real: string;
  try {
    real = realpathSync(resolve(path));
    if (!statSync(real).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new AppError('bad_input', `repository path "${path}" does not exist or is not a directory`);
  }
  const git: SimpleGit = client(real);
  let top: string;
  try {
    // One process answers both questions: inside a work tree, and where its top level is.
    const [inside, toplevel] = (await git.raw(['rev-parse', '--is-inside-work-tree', '--show-toplevel']))
      .trim()
      .split('\n');
    if (inside !== 'true' || !toplevel) throw new Error('not a work tree');
    top = realpathSync(toplevel);
  } catch {
    throw new AppError('bad_input', `"${path}" is not a git work tree`);
  }
  const repoGit = top === real ? git : client(top);
  let shallow: boolean | undefined;
  const isShallow = async () => {
    if (shallow === undefined) {
      try {
        shallow = (await repoGit.raw(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
      } catch (e) {
        throw gitError(e, 'rev-parse --is-shallow-repository');
      }
    }
    return shallow;
  };
  // A ref git cannot find in a shallow clone is most likely beyond its depth: say how to fix it.
  const missing = async (what: string, ref: string) =>
    new AppError(
      'bad_input',
      `${what} "${ref}" does not name a commit in ${top}` +
        ((await isShallow()) ? `; ${FULL_HISTORY_HINT}` : ''),
    );

  const repo: GitRepo = {
    root: top,
    async resolveCommit(ref, what = 'ref') {
      validateRef(ref, what);
      try {
        const out = await repoGit.raw([
          'rev-parse',
          '--verify',
          '--quiet',
          '--end-of-options',
          `${ref}^{commit}`,
        ]);
        const sha = out.trim();
        if (!/^[0-9a-f]{40,64}$/.test(sha)) throw new Error('no such commit');
        return sha;
      } catch {
        throw await missing(what, ref);
      }
    },
    async resolveCommits(refs) {
      for (const r of refs) validateRef(r.ref, r.what);
      try {
        // git < 2.43 echoes --end-of-options when rev-parse runs without --verify; drop it.
        const out = (
          await repoGit.raw(['rev-parse', '--end-of-options', ...refs.map((r) => `${r.ref}^{commit}`)])
        )
          .trim()
          .split('\n')
          .filter((l) => l !== '--end-of-options');
        if (out.length === refs.length && out.every((s) => /^[0-9a-f]{40,64}$/.test(s))) return out;
      } catch {
        // fall through: find which ref is bad, one by one, for a precise message
      }
      const shas: string[] = [];
      for (const r of refs) shas.push(await repo.resolveCommit(r.ref, r.what));
      return shas;
    },
    async log(head, exclude = []) {
      const args = [validateRef(head), ...exclude.map((e) => `^${validateRef(e)}`)];
      try {
        return parseGitLog(await repoGit.raw(gitLogArgs(args)));
      } catch (e) {
        throw gitError(e, 'log');
      }
    },
    async logStream(head, exclude, onBatch) {
      const args = gitLogArgs([validateRef(head), ...exclude.map((e) => `^${validateRef(e)}`)]);
      const parser = new GitLogStreamParser();
      const decoder = new StringDecoder('utf8');
      let chain: Promise<void> = Promise.resolve();
      let failed: unknown = null;
      // A dedicated instance: its output handler sees only this command's streams.
      const streaming = client(top).outputHandler((_cmd, stdout) => {
        stdout.on('data', (chunk: Buffer) => {
          const commits = parser.push(decoder.write(chunk));
          if (commits.length === 0) return;
          stdout.pause();
          chain = chain
            .then(() => onBatch(commits))
            .catch((e) => void (failed ??= e))
            .finally(() => stdout.resume());
        });
      });
      try {
        await streaming.raw(args);
      } catch (e) {
        throw gitError(e, 'log');
      }
      await chain;
      const rest = parser.push(decoder.end());
      const tail = [...rest, ...parser.end()];
      if (failed === null && tail.length > 0) await onBatch(tail);
      if (failed !== null) throw failed;
    },
    async revList(base, head, opts = {}) {
      const args = [
        'rev-list',
        ...(opts.noMerges ? ['--no-merges'] : []),
        '--end-of-options',
        validateRef(head),
        `^${validateRef(base)}`,
      ];
      try {
        return (await repoGit.raw(args)).split('\n').filter((l) => l.length > 0);
      } catch (e) {
        throw gitError(e, 'rev-list');
      }
    },
    async countCommits(head, exclude = []) {
      const args = [
        'rev-list',
        '--count',
        '--end-of-options',
        validateRef(head),
        ...exclude.map((e) => `^${validateRef(e)}`),
      ];
      try {
        return Number((await repoGit.raw(args)).trim()) || 0;
      } catch (e) {
        throw gitError(e, 'rev-list --count');
      }
    },
    async showZeroContext(sha) {
      try {
        return await repoGit.raw([
          '-c',
          'core.quotePath=false',
          'show',
          '-U0',
          '--no-color',
          '--no-ext-diff',
          '--no-textconv',
          '-M',
          '--format=',
          '--end-of-options',
          validateRef(sha),
        ]);
      } catch (e) {
        throw gitError(e, 'show');
      }
    },
    async blameLines(rev, path, ranges) {
      // The path comes from git's own diff output; it still must not look like an option or escape the tree.
      if (
        path.length === 0 ||
        path.includes('\0') ||
        path.startsWith('/') ||
        path.split('/').includes('..')
      ) {
        throw new AppError('bad_input', `bad path for blame: ${path.slice(0, 120)}`);
      }
      if (ranges.length === 0) return [];
      const l: string[] = [];
      for (const [a, b] of ranges) {
        if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < a)
          throw new AppError('bad_input', `bad blame range ${a},${b}`);
        l.push('-L', `${a},${b}`);
      }
      try {
        // git blame (2.39) refuses --end-of-options; the validated rev cannot start with '-'.
        return parseBlamePorcelain(
          await repoGit.raw(['blame', '--porcelain', '-w', ...l, validateRef(rev), '--', path]),
        );
      } catch (e) {
        throw gitError(e, 'blame');
      }
    },
    async fileAt(rev, path) {
      if (path.length === 0 || path.includes('\0') || path.startsWith('/'))
        throw new AppError('bad_input', `bad path: ${path.slice(0, 120)}`);
      try {
        return await repoGit.raw(['cat-file', 'blob', `${validateRef(rev)}:${path}`]);
      } catch (e) {
        throw gitError(e, 'cat-file');
      }
    },
    async treeModes(rev, paths) {
      const out = new Map<string, string>();
      if (paths.length === 0) return out;
      let text: string;
      try {
        // Literal pathspecs: a path from a diff is a name, never a pattern.
        text = await repoGit.raw([
          '--literal-pathspecs',
          'ls-tree',
          '-z',
          '--full-tree',
          '--end-of-options',
          validateRef(rev),
          '--',
          ...paths,
        ]);
      } catch (e) {
        throw gitError(e, 'ls-tree');
      }
      // "<mode> <type> <object>\t<path>\0" per entry.
      for (const entry of text.split('\0')) {
        const tab = entry.indexOf('\t');
        if (tab < 0) continue;
        out.set(entry.slice(tab + 1), entry.slice(0, entry.indexOf(' ')));
      }
      return out;
    },
    isShallow,
    async isAncestor(ancestor, descendant) {
      // simple-git does not reject on exit code 1 without stderr, so compare merge-base output
      // instead of relying on `merge-base --is-ancestor`'s exit status.
      try {
        const base = (
          await repoGit.raw([
            'merge-base',
            '--end-of-options',
            validateRef(ancestor),
            validateRef(descendant),
          ])
        ).trim();
        return base.length > 0 && base === ancestor;
      } catch {
        return false;
      }
    },
  };
  return repo;
}
