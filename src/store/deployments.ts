// Queries over the scoring audit trail: deployments and their outcomes.
import type { Kysely } from 'kysely';
import { AppError } from '../errors.ts';
import type { Database } from './database.ts';
import type { DeploymentTable, OutcomeTable } from './tables-deployments.ts';
import { isUniqueViolation } from './dialect.ts';

export type DeploymentRow = DeploymentTable;
export type OutcomeRow = OutcomeTable;

export async function insertDeployment(db: Kysely<Database>, row: DeploymentRow): Promise<void> {
  await db.insertInto('deployments').values(row).execute();
}

export interface DeploymentWriter {
  /** Resolves once the row is committed (a response never claims a record that is not stored). */
  write(row: DeploymentRow): Promise<void>;
}

/**
 * Group commit for the audit trail: rows written while a batch is being committed go into the next
 * batch, one multi-row INSERT (one statement, so all-or-nothing) per batch. Under concurrent scoring
 * this turns one commit per request into one per event-loop turn. If a batch fails, its rows are
 * written one by one so that one bad row fails only its own request.
 */
export function createDeploymentWriter(db: Kysely<Database>, maxBatch = 100): DeploymentWriter {
  type Pending = { row: DeploymentRow; resolve: () => void; reject: (e: unknown) => void };
  let queue: Pending[] = [];
  let scheduled = false;
  const flush = async (): Promise<void> => {
    scheduled = false;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    if (queue.length > 0) schedule();
    if (batch.length === 0) return;
    try {
      await db
        .insertInto('deployments')
        .values(batch.map((p) => p.row))
        .execute();
      for (const p of batch) p.resolve();
    } catch {
      for (const p of batch) {
        await insertDeployment(db, p.row).then(p.resolve, p.reject);
      }
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  };
  return {
    write(row) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        schedule();
      });
    },
  };
}

export async function getDeployment(db: Kysely<Database>, id: string): Promise<DeploymentRow | undefined> {
  return db.selectFrom('deployments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function latestDeployment(
  db: Kysely<Database>,
  services: string[],
  environment?: string,
): Promise<DeploymentRow | undefined> {
  if (services.length === 0) return undefined;
  let q = db.selectFrom('deployments').selectAll().where('service', 'in', services);
  if (environment !== undefined) q = q.where('environment', '=', environment);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export interface PageCursor {
  createdAt: number;
  id: string;
}

export function encodeCursor(c: PageCursor): string {
  return Buffer.from(`${c.createdAt}:${c.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(s: string): PageCursor {
  const raw = Buffer.from(s, 'base64url').toString('utf8');
  const m = /^(\d{1,16}):([\w-]{1,64})$/.exec(raw);
  if (!m) throw new AppError('bad_input', 'invalid cursor');
  return { createdAt: Number(m[1]), id: m[2] as string };
}

/** Newest first; `next` is the cursor of the following page, null on the last one. */
export async function listDeployments(
  db: Kysely<Database>,
  opts: { service?: string; limit: number; cursor?: PageCursor },
): Promise<{ rows: DeploymentRow[]; next: PageCursor | null }> {
  let q = db.selectFrom('deployments').selectAll();
  if (opts.service !== undefined) q = q.where('service', '=', opts.service);
  const cur = opts.cursor;
  if (cur) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', cur.createdAt),
        eb.and([eb('created_at', '=', cur.createdAt), eb('id', '<', cur.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit + 1)
    .execute();
  const more = rows.length > opts.limit;
  const page = more ? rows.slice(0, opts.limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? { createdAt: last.created_at, id: last.id } : null };
}

export async function getOutcome(
  db: Kysely<Database>,
  deploymentId: string,
): Promise<OutcomeRow | undefined> {
  return db
    .selectFrom('deployment_outcomes')
    .selectAll()
    .where('deployment_id', '=', deploymentId)
    .executeTakeFirst();
}

export async function getOutcomes(db: Kysely<Database>, ids: string[]): Promise<Map<string, OutcomeRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('deployment_outcomes')
    .selectAll()
    .where('deployment_id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.deployment_id, r]));
}

/**
 * Records the outcome once. The same status again returns the stored record (created: false);
 * a different status is a conflict. The unique key decides, so two racing writers cannot both win.
 */
export async function recordOutcome(
  db: Kysely<Database>,
  row: OutcomeRow,
): Promise<{ outcome: OutcomeRow; created: boolean }> {
  const deployment = await db
    .selectFrom('deployments')
    .select('id')
    .where('id', '=', row.deployment_id)
    .executeTakeFirst();
  if (!deployment) throw new AppError('not_found', `deployment ${row.deployment_id} not found`);
  try {
    await db.insertInto('deployment_outcomes').values(row).execute();
    return { outcome: row, created: true };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const existing = await getOutcome(db, row.deployment_id);
  if (!existing) throw new AppError('internal', 'outcome vanished after a unique violation');
  if (existing.status !== row.status) {
    throw new AppError(
      'conflict',
      `deployment ${row.deployment_id} already has outcome "${existing.status}"`,
      {
        recorded: {
          status: existing.status,
          at: new Date(existing.at).toISOString(),
          source: existing.source,
        },
      },
    );
  }
  return { outcome: existing, created: false };
}

/** Outcomes of the service's latest deploys, newest first: the history the environment features read. */
export async function recentOutcomes(
  db: Kysely<Database>,
  service: string,
  limit: number,
): Promise<
  Array<{ id: string; createdAt: number; status: string | null; at: number | null; probability: number }>
> {
  const rows = await db
    .selectFrom('deployments as d')
    .leftJoin('deployment_outcomes as o', 'o.deployment_id', 'd.id')
    .select([
      'd.id as id',
      'd.created_at as createdAt',
      'o.status as status',
      'o.at as at',
      'd.probability as probability',
    ])
    .where('d.service', '=', service)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
  return rows;
}

/** Cheap liveness probe for /readyz. */
export async function pingStore(db: Kysely<Database>): Promise<void> {
  await db.selectFrom('deployments').select('id').limit(1).execute();
}
