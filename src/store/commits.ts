// Queries of the git-history table family (repos, commits, commit_files).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.ts';
import { isUniqueViolation } from './dialect.ts';
import type { FileChange, FileStatus, RawCommit } from '../features/commit-types.ts';
import { KAMEI_METRICS, type KameiMetrics } from '../features/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface RepoRow {
  id: number;
  path: string;
  headSha: string | null;
  minedAt: number | null;
  commitCount: number;
}

export interface StoredCommit {
  commit: RawCommit;
  seq: number;
  metrics: KameiMetrics | null; // null for merges
  linesBefore: number[]; // aligned with commit.files
}

export async function findRepo(db: Db, path: string): Promise<RepoRow | null> {
  const r = await db.selectFrom('repos').selectAll().where('path', '=', path).executeTakeFirst();
  return r
    ? {
        id: Number(r.id),
        path: r.path,
        headSha: r.head_sha,
        minedAt: r.mined_at === null ? null : Number(r.mined_at),
        commitCount: Number(r.commit_count),
      }
    : null;
}

export async function ensureRepo(db: Db, path: string): Promise<RepoRow> {
  const found = await findRepo(db, path);
  if (found) return found;
  try {
    await db
      .insertInto('repos')
      .values({ id: undefined, path, head_sha: null, mined_at: null, commit_count: 0 })
      .execute();
  } catch (e) {
    // Another runner sharing the store registered the same repository first: use its row.
    if (!isUniqueViolation(e)) throw e;
  }
  return (await findRepo(db, path))!;
}

export async function markMined(
  db: Db,
  repoId: number,
  headSha: string,
  minedAt: number,
  commitCount: number,
): Promise<void> {
  await db
    .updateTable('repos')
    .set({ head_sha: headSha, mined_at: minedAt, commit_count: commitCount })
    .where('id', '=', repoId)
    .execute();
}

/**
 * The first statement of a mining transaction: takes the repo's write lock (PostgreSQL: its row;
 * SQLite: the database's write lock) and returns the head as committed now. A runner that planned
 * its walk against an older head learns that another runner got there first.
 */
export async function claimRepo(trx: Transaction<Database>, repoId: number): Promise<string | null> {
  await trx
    .updateTable('repos')
    .set((eb) => ({ head_sha: eb.ref('head_sha') }))
    .where('id', '=', repoId)
    .execute();
  const r = await trx.selectFrom('repos').select('head_sha').where('id', '=', repoId).executeTakeFirst();
  return r?.head_sha ?? null;
}

/** Removes everything mined for a repo (history was rewritten). */
export async function clearRepoHistory(db: Db, repoId: number): Promise<void> {
  await db.deleteFrom('commit_files').where('repo_id', '=', repoId).execute();
  await db.deleteFrom('commits').where('repo_id', '=', repoId).execute();
}

// SQLite allows 32766 bound parameters per statement; PostgreSQL 65535. Stay well under both.
const MAX_PARAMS = 30_000;
function chunks<T>(rows: T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export async function insertCommits(db: Db, repoId: number, rows: StoredCommit[]): Promise<void> {
  const commitRows = rows.map(({ commit: c, seq, metrics }) => ({
    repo_id: repoId,
    sha: c.sha,
    seq,
    parents: c.parents.join(' '),
    author_name: c.authorName,
    author_email: c.authorEmail,
    author_time: c.authorTime,
    committer_time: c.committerTime,
    subject: c.subject,
    message: c.message,
    is_merge: c.parents.length > 1 ? 1 : 0,
    ...Object.fromEntries(KAMEI_METRICS.map((k) => [k, metrics ? metrics[k] : null])),
  })) as Parameters<ReturnType<Db['insertInto']>['values']>[0][];
  for (const part of chunks(commitRows, 25))
    await db
      .insertInto('commits')
      .values(part as never)
      .execute();
  const fileRows = rows.flatMap(({ commit: c, linesBefore }) =>
    c.files.map((f, i) => ({
      repo_id: repoId,
      sha: c.sha,
      path: f.path,
      old_path: f.oldPath,
      status: f.status,
      added: f.added,
      deleted: f.deleted,
      binary: f.binary ? 1 : 0,
      lines_before: linesBefore[i] ?? 0,
    })),
  );
  for (const part of chunks(fileRows, 9)) await db.insertInto('commit_files').values(part).execute();
}

function rowToMetrics(r: Record<string, unknown>): KameiMetrics | null {
  if (Number(r.is_merge) === 1) return null;
  return Object.fromEntries(KAMEI_METRICS.map((k) => [k, Number(r[k])])) as KameiMetrics;
}

/** Commits of a repo with their files, in mined order (or only the given shas). */
export async function loadCommits(db: Db, repoId: number, shas?: string[]): Promise<StoredCommit[]> {
  let q = db.selectFrom('commits').selectAll().where('repo_id', '=', repoId);
  if (shas) {
    if (shas.length === 0) return [];
    q = q.where('sha', 'in', shas);
  }
  const commits = await q.orderBy('seq').execute();
  let fq = db.selectFrom('commit_files').selectAll().where('repo_id', '=', repoId);
  if (shas) fq = fq.where('sha', 'in', shas);
  // Rows come back in no defined order (PostgreSQL returns them as stored pages go); sort by path,
  // code unit by code unit, so both databases give the same order, which is also git's for the
  // usual ASCII paths.
  const files = (await fq.execute()).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const bySha = new Map<string, { f: FileChange; before: number }[]>();
  for (const f of files) {
    let list = bySha.get(f.sha);
    if (!list) bySha.set(f.sha, (list = []));
    list.push({
      f: {
        path: f.path,
        oldPath: f.old_path,
        status: f.status as FileStatus,
        added: Number(f.added),
        deleted: Number(f.deleted),
        binary: Number(f.binary) === 1,
      },
      before: Number(f.lines_before),
    });
  }
  return commits.map((r) => {
    const fl = bySha.get(r.sha) ?? [];
    return {
      seq: Number(r.seq),
      metrics: rowToMetrics(r as unknown as Record<string, unknown>),
      linesBefore: fl.map((x) => x.before),
      commit: {
        sha: r.sha,
        parents: r.parents === '' ? [] : r.parents.split(' '),
        authorName: r.author_name,
        authorEmail: r.author_email,
        authorTime: Number(r.author_time),
        committerTime: Number(r.committer_time),
        subject: r.subject,
        message: r.message,
        files: fl.map((x) => x.f),
      },
    };
  });
}

export async function countCommits(db: Db, repoId: number): Promise<number> {
  const r = await db
    .selectFrom('commits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('repo_id', '=', repoId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** sha -> parents of every stored commit of a repo: enough to answer base..head without git. */
export async function loadCommitGraph(db: Db, repoId: number): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('commits')
    .select(['sha', 'parents'])
    .where('repo_id', '=', repoId)
    .execute();
  return new Map(rows.map((r) => [r.sha, r.parents === '' ? [] : r.parents.split(' ')]));
}
