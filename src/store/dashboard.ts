// Read queries behind the dashboard (GET /ui): one keyset page of deploys with their outcomes,
// the filter choices, and a service's deploys over a time span. Dialect-agnostic like the rest.
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { PageCursor } from './deployments.ts';

export interface DeployListFilter {
  service?: string;
  environment?: string;
  /** Probability range [from, below); below null = no upper bound (a level of the risk scale). */
  probability?: { from: number; below: number | null };
  /** An outcome status, or 'pending' for deploys without one. */
  outcome?: string;
}

export const PENDING = 'pending';

export interface DeployListRow {
  id: string;
  service: string;
  environment: string;
  createdAt: number;
  probability: number;
  decision: string;
  modelVersion: string;
  /** The request as stored (JSON): the revision is read from it. */
  request: string;
  status: string | null;
}

/**
 * Newest first, `limit` rows after `cursor`. Only the listed columns are read (the stored result
 * and feature vector are most of a row's bytes), and the (created_at, id) order follows the
 * deployments_time / deployments_service_time indexes, so the first page reads about `limit` rows.
 */
export async function pageDeployments(
  db: Kysely<Database>,
  filter: DeployListFilter,
  limit: number,
  cursor?: PageCursor,
): Promise<{ rows: DeployListRow[]; next: PageCursor | null }> {
  let q = db
    .selectFrom('deployments as d')
    .leftJoin('deployment_outcomes as o', 'o.deployment_id', 'd.id')
    .select([
      'd.id as id',
      'd.service as service',
      'd.environment as environment',
      'd.created_at as createdAt',
      'd.probability as probability',
      'd.decision as decision',
      'd.model_version as modelVersion',
      'd.request as request',
      'o.status as status',
    ]);
  if (filter.service !== undefined) q = q.where('d.service', '=', filter.service);
  if (filter.environment !== undefined) q = q.where('d.environment', '=', filter.environment);
  const p = filter.probability;
  if (p) {
    q = q.where('d.probability', '>=', p.from);
    if (p.below !== null) q = q.where('d.probability', '<', p.below);
  }
  if (filter.outcome === PENDING) q = q.where('o.status', 'is', null);
  else if (filter.outcome !== undefined) q = q.where('o.status', '=', filter.outcome);
  if (cursor) {
    q = q.where((eb) =>
      eb.or([
        eb('d.created_at', '<', cursor.createdAt),
        eb.and([eb('d.created_at', '=', cursor.createdAt), eb('d.id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const page = (more ? rows.slice(0, limit) : rows).map((r) => ({
    ...r,
    createdAt: Number(r.createdAt),
    probability: Number(r.probability),
  }));
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/** The services and environments that have scored deploys, for the list's filters. */
export async function deployFacets(
  db: Kysely<Database>,
): Promise<{ services: string[]; environments: string[] }> {
  const [services, environments] = await Promise.all([
    db.selectFrom('deployments').select('service').distinct().orderBy('service').execute(),
    db.selectFrom('deployments').select('environment').distinct().orderBy('environment').execute(),
  ]);
  return {
    services: services.map((r) => r.service),
    environments: environments.map((r) => r.environment),
  };
}

export interface ServiceDeployRow {
  createdAt: number;
  probability: number;
  environment: string;
  status: string | null;
}

/** A service's deploys created in [from, to), oldest first, with their outcome status. */
export async function serviceDeploys(
  db: Kysely<Database>,
  service: string,
  from: number,
  to: number,
): Promise<ServiceDeployRow[]> {
  const rows = await db
    .selectFrom('deployments as d')
    .leftJoin('deployment_outcomes as o', 'o.deployment_id', 'd.id')
    .select([
      'd.created_at as createdAt',
      'd.probability as probability',
      'd.environment as environment',
      'o.status as status',
    ])
    .where('d.service', '=', service)
    .where('d.created_at', '>=', from)
    .where('d.created_at', '<', to)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({ ...r, createdAt: Number(r.createdAt), probability: Number(r.probability) }));
}
