// The `git log` command the miner runs, and a pure parser of its output (tested on literal output).
import type { FileChange, FileStatus, RawCommit } from '../features/commit-types.ts';
import { unquoteGitPath } from '../features/diff-hunks.ts';

const RS = '\x1e'; // starts a commit record
const US = '\x1f'; // separates header fields
const GS = '\x1d'; // ends the message; raw + numstat lines follow

/**
 * Arguments for `git log` over a revision range (already validated shas or `--all`-free refs).
 * --raw gives status and both paths of a rename; --numstat gives line counts in the same order.
 * Oldest first, ancestors before descendants, so history metrics only ever look back.
 */
export function gitLogArgs(revisionArgs: string[]): string[] {
  return [
    '-c',
    'core.quotePath=false',
    'log',
    '--topo-order',
    '--reverse',
    '--raw',
    '--numstat',
    '-M',
    '--no-abbrev',
    '--no-color',
    '--no-ext-diff',
    `--format=${RS}%H${US}%P${US}%aN${US}%aE${US}%at${US}%ct${US}%B${GS}`,
    '--end-of-options',
    ...revisionArgs,
  ];
}

function parseRawLine(line: string): Omit<FileChange, 'added' | 'deleted' | 'binary'> | null {
  // :100644 100644 <sha> <sha> R086\told\tnew
  const tab = line.indexOf('\t');
  if (tab < 0) return null;
  const meta = line.slice(1, tab).split(' ');
  const statusField = meta[4] ?? '';
  const status = (statusField[0] ?? 'M') as FileStatus;
  const paths = line
    .slice(tab + 1)
    .split('\t')
    .map(unquoteGitPath);
  if (status === 'R' || status === 'C') {
    return { path: paths[1] ?? paths[0]!, oldPath: paths[0] ?? null, status };
  }
  return { path: paths[0]!, oldPath: null, status: status === 'T' ? 'M' : status };
}

export function parseGitLog(output: string): RawCommit[] {
  const commits: RawCommit[] = [];
  for (const record of output.split(RS)) {
    const c = parseRecord(record);
    if (c) commits.push(c);
  }
  return commits;
}

/**
 * The same parser fed chunk by chunk, so commits are processed while git still writes: a record
 * is complete once the next record separator has arrived (or the stream ended).
 */
export class GitLogStreamParser {
  private pending = '';

  push(chunk: string): RawCommit[] {
    this.pending += chunk;
    const last = this.pending.lastIndexOf(RS);
    if (last <= 0) return [];
    const complete = this.pending.slice(0, last);
    this.pending = this.pending.slice(last);
    return parseGitLog(complete);
  }

  end(): RawCommit[] {
    const rest = this.pending;
    this.pending = '';
    return parseGitLog(rest);
  }
}

function parseRecord(record: string): RawCommit | null {
  if (record.length === 0) return null;
  const end = record.indexOf(GS);
  if (end < 0) return null;
  const header = record.slice(0, end).split(US);
  if (header.length < 7) return null;
  const [sha, parents, authorName, authorEmail, at, ct] = header as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const message = header.slice(6).join(US).replace(/\s+$/, '');
  const raw: Omit<FileChange, 'added' | 'deleted' | 'binary'>[] = [];
  const nums: { added: number; deleted: number; binary: boolean }[] = [];
  for (const line of record.slice(end + 1).split('\n')) {
    if (line.length === 0) continue;
    if (line.startsWith(':')) {
      const r = parseRawLine(line);
      if (r) raw.push(r);
      continue;
    }
    const m = /^(\d+|-)\t(\d+|-)\t/.exec(line);
    if (m) {
      const binary = m[1] === '-' || m[2] === '-';
      nums.push({ added: binary ? 0 : Number(m[1]), deleted: binary ? 0 : Number(m[2]), binary });
    }
  }
  // git prints raw lines then numstat lines for the same diff queue, in the same order.
  const files: FileChange[] = raw.map((r, i) => ({
    ...r,
    ...(nums[i] ?? { added: 0, deleted: 0, binary: false }),
  }));
  return {
    sha,
    parents: parents.trim() === '' ? [] : parents.trim().split(' '),
    authorName,
    authorEmail,
    authorTime: Number(at) * 1000,
    committerTime: Number(ct) * 1000,
    subject: message.split('\n', 1)[0] ?? '',
    message,
    files,
  };
}
