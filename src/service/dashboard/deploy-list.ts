// The dashboard's deploy list: one keyset page of scored deploys, newest first, with filters on
// service, environment, risk level (a probability range of the one risk scale) and outcome.
import type { DeployOutcome } from '../../features/environment.ts';
import { formatProbability, levelOf, levelRange, type RiskLevel } from '../../risk/scale.ts';
import { deployFacets, pageDeployments, PENDING } from '../../store/dashboard.ts';
import type { Store } from '../../store/db.ts';
import { decodeCursor, encodeCursor } from '../../store/deployments.ts';

export { PENDING };

export interface DeployListQuery {
  service?: string;
  environment?: string;
  level?: RiskLevel;
  outcome?: DeployOutcome | typeof PENDING;
  cursor?: string;
  limit: number;
}

export interface DeployListItem {
  id: string;
  createdAt: string;
  service: string;
  environment: string;
  /** The deployed commit: the range's head, else the newest commit sent; null when neither. */
  revision: string | null;
  probability: number;
  /** The probability as the summaries print it (never reads as another level). */
  probabilityText: string;
  /** On today's scale, as the gate reads a stored record. */
  level: RiskLevel;
  decision: string;
  modelVersion: string;
  /** The recorded outcome status, or "pending". */
  outcome: string;
}

export interface DeployListView {
  items: DeployListItem[];
  nextCursor: string | null;
  facets: { services: string[]; environments: string[] };
}

/** The revision a stored request names (see DeployListItem.revision). */
export function revisionOf(requestJson: string): string | null {
  try {
    const r = JSON.parse(requestJson) as { git?: { head?: unknown }; commits?: { sha?: unknown }[] };
    if (typeof r.git?.head === 'string') return r.git.head;
    const last = r.commits?.[r.commits.length - 1]?.sha; // oldest first, as the collector lists them
    return typeof last === 'string' ? last.slice(0, 12) : null;
  } catch {
    return null;
  }
}

export async function deployList(store: Store, q: DeployListQuery): Promise<DeployListView> {
  const [page, facets] = await Promise.all([
    pageDeployments(
      store.db,
      {
        ...(q.service !== undefined ? { service: q.service } : {}),
        ...(q.environment !== undefined ? { environment: q.environment } : {}),
        ...(q.level !== undefined ? { probability: levelRange(q.level) } : {}),
        ...(q.outcome !== undefined ? { outcome: q.outcome } : {}),
      },
      q.limit,
      q.cursor !== undefined ? decodeCursor(q.cursor) : undefined,
    ),
    deployFacets(store.db),
  ]);
  return {
    items: page.rows.map((r) => ({
      id: r.id,
      createdAt: new Date(r.createdAt).toISOString(),
      service: r.service,
      environment: r.environment,
      revision: revisionOf(r.request),
      probability: r.probability,
      probabilityText: formatProbability(r.probability),
      level: levelOf(r.probability),
      decision: r.decision,
      modelVersion: r.modelVersion,
      outcome: r.status ?? PENDING,
    })),
    nextCursor: page.next ? encodeCursor(page.next) : null,
    facets,
  };
}
