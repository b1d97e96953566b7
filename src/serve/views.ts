// Store rows → API objects.
import type { DeploymentRow, OutcomeRow } from '../store/deployments.ts';
import { buildSummaries, type SummaryInput } from '../summary/index.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function outcomeView(o: OutcomeRow) {
  return {
    deploymentId: o.deployment_id,
    status: o.status,
    at: iso(o.at),
    reason: o.reason,
    source: o.source,
    recordedAt: iso(o.recorded_at),
  };
}

export function deploymentHeader(row: DeploymentRow, outcome: OutcomeRow | undefined) {
  const result = JSON.parse(row.result) as {
    risk: { probability: number; level: string; percentile: number };
  };
  return {
    id: row.id,
    service: row.service,
    environment: row.environment,
    createdAt: iso(row.created_at),
    modelVersion: row.model_version,
    risk: result.risk,
    decision: row.decision,
    outcome: outcome ? outcomeView(outcome) : null,
  };
}

/**
 * The score response as answered. The audit row keeps the decision data (risk, factors, model,
 * plan) and the summaries are rendered again from it: they are a pure function of those fields,
 * were most of each row's bytes, and this way their wording can improve without rewriting
 * history. Rows written before this still carry a stored `summary`; it is replaced the same way.
 */
export function answeredResponse(row: DeploymentRow) {
  const { summary: _stored, ...decision } = JSON.parse(row.result) as Omit<
    SummaryInput,
    'service' | 'environment'
  > & { summary?: unknown };
  const summary = buildSummaries({ ...decision, service: row.service, environment: row.environment });
  return { ...decision, summary };
}

export function deploymentView(row: DeploymentRow, outcome: OutcomeRow | undefined) {
  return {
    ...deploymentHeader(row, outcome),
    features: JSON.parse(row.features) as unknown,
    request: JSON.parse(row.request) as unknown,
    result: answeredResponse(row),
  };
}
