// Store rows → API objects.
import type { DeploymentRow, OutcomeRow } from '../store/deployments.ts';

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

export function deploymentView(row: DeploymentRow, outcome: OutcomeRow | undefined) {
  return {
    ...deploymentHeader(row, outcome),
    features: JSON.parse(row.features) as unknown,
    request: JSON.parse(row.request) as unknown,
    result: JSON.parse(row.result) as unknown,
  };
}
