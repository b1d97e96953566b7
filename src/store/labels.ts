// Queries of the label family. Inserts ignore rows that already exist (unique keys), so running
// the labeller twice changes nothing.
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { CommitLabelTable, DeploymentLabelTable, SzzFixTable } from './tables-labels.ts';

export type CommitLabelRow = CommitLabelTable;
export type DeploymentLabelRow = DeploymentLabelTable;

const CHUNK = 500;

/** Inserts new labels; returns how many were new. */
export async function insertCommitLabels(db: Kysely<Database>, rows: CommitLabelRow[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const r = await db
      .insertInto('commit_labels')
      .values(part)
      .onConflict((oc) => oc.columns(['repo_id', 'sha', 'source', 'fixed_by']).doNothing())
      .executeTakeFirst();
    added += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

/** Deletes the given labels of one source (by sha and fixed_by); returns how many went. */
export async function deleteCommitLabels(
  db: Kysely<Database>,
  repoId: number,
  source: string,
  rows: readonly { sha: string; fixed_by: string }[],
): Promise<number> {
  let removed = 0;
  for (const r of rows) {
    const res = await db
      .deleteFrom('commit_labels')
      .where('repo_id', '=', repoId)
      .where('source', '=', source)
      .where('sha', '=', r.sha)
      .where('fixed_by', '=', r.fixed_by)
      .executeTakeFirst();
    removed += Number(res.numDeletedRows ?? 0);
  }
  return removed;
}

export async function insertDeploymentLabels(
  db: Kysely<Database>,
  rows: DeploymentLabelRow[],
): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const r = await db
      .insertInto('deployment_labels')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['deployment_id', 'source']).doNothing())
      .executeTakeFirst();
    added += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

export async function listCommitLabels(db: Kysely<Database>, repoId: number): Promise<CommitLabelRow[]> {
  return db
    .selectFrom('commit_labels')
    .selectAll()
    .where('repo_id', '=', repoId)
    .orderBy('source')
    .orderBy('sha')
    .orderBy('fixed_by')
    .execute();
}

export async function listDeploymentLabels(db: Kysely<Database>): Promise<DeploymentLabelRow[]> {
  return db.selectFrom('deployment_labels').selectAll().orderBy('deployment_id').orderBy('source').execute();
}

export interface DeploymentWithOutcome {
  id: string;
  service: string;
  createdAt: number;
  request: string;
  features: string;
  probability: number;
  modelVersion: string;
  status: string | null;
}

/** Scored deploys (optionally only those with an outcome), oldest first. */
export async function deploymentsWithOutcomes(
  db: Kysely<Database>,
  opts: { onlyWithOutcome?: boolean; service?: string; from?: number; to?: number } = {},
): Promise<DeploymentWithOutcome[]> {
  let q = db
    .selectFrom('deployments as d')
    .leftJoin('deployment_outcomes as o', 'o.deployment_id', 'd.id')
    .select([
      'd.id as id',
      'd.service as service',
      'd.created_at as createdAt',
      'd.request as request',
      'd.features as features',
      'd.probability as probability',
      'd.model_version as modelVersion',
      'o.status as status',
    ]);
  if (opts.onlyWithOutcome) q = q.where('o.status', 'is not', null);
  if (opts.service !== undefined) q = q.where('d.service', '=', opts.service);
  if (opts.from !== undefined) q = q.where('d.created_at', '>=', opts.from);
  if (opts.to !== undefined) q = q.where('d.created_at', '<', opts.to);
  const rows = await q.orderBy('d.created_at').orderBy('d.id').execute();
  return rows.map((r) => ({ ...r, createdAt: Number(r.createdAt), probability: Number(r.probability) }));
}

/** The last `limit` scored feature vectors (newest first), for drift. */
export async function recentScoredFeatures(
  db: Kysely<Database>,
  limit: number,
  modelVersion?: string,
): Promise<string[]> {
  let q = db.selectFrom('deployments').select('features');
  if (modelVersion !== undefined) q = q.where('model_version', '=', modelVersion);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => r.features);
}

export async function minedRepoIds(db: Kysely<Database>): Promise<number[]> {
  return (await db.selectFrom('repos').select('id').orderBy('id').execute()).map((r) => Number(r.id));
}

/** Fix commits already blamed for this repository under this rule. */
export async function listSzzFixes(db: Kysely<Database>, repoId: number, rule: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('szz_fixes')
    .select('sha')
    .where('repo_id', '=', repoId)
    .where('rule', '=', rule)
    .execute();
  return new Set(rows.map((r) => r.sha));
}

export async function insertSzzFixes(db: Kysely<Database>, rows: SzzFixTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('szz_fixes')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['repo_id', 'rule', 'sha']).doNothing())
      .execute();
  }
}

/** Forgets which fixes were blamed (a rescan blames them all again). */
export async function clearSzzFixes(db: Kysely<Database>, repoId: number): Promise<void> {
  await db.deleteFrom('szz_fixes').where('repo_id', '=', repoId).execute();
}
