// One scored deploy for the dashboard: the risk and its factors, the rollout plan as a timeline,
// the gate's answer, the outcome and the summaries (rendered again from the stored decision data,
// as GET /v1/deployments/{id} does).
import { AppError } from '../../errors.ts';
import { formatProbability, levelOf, type RiskLevel } from '../../risk/scale.ts';
import { parseDurationMs } from '../../rollout/duration.ts';
import type { RolloutPlan } from '../../rollout/types.ts';
import { DEFAULT_FAIL_ON, gateDecision } from '../../serve/gate-policy.ts';
import type { Store } from '../../store/db.ts';
import { getDeployment, getOutcome } from '../../store/deployments.ts';
import { buildSummaries, type Factor, type Summaries, type SummaryInput } from '../../summary/index.ts';
import { percentileLine } from '../../summary/types.ts';
import { revisionOf } from './deploy-list.ts';

/** One stretch of the rollout: traffic held at `weight` % from `startMinute` for `minutes`. */
export interface TimelineStep {
  weight: number;
  startMinute: number;
  /** Bake time; null = a manual gate (a pause without duration): the rollout waits for a person. */
  minutes: number | null;
  gates: string[];
}

export interface DeployDetailView {
  id: string;
  service: string;
  environment: string;
  createdAt: string;
  revision: string | null;
  modelVersion: string;
  probability: number;
  probabilityText: string;
  level: RiskLevel;
  percentileText: string;
  insufficientData: boolean;
  warnings: string[];
  factors: Factor[];
  plan: RolloutPlan;
  timeline: TimelineStep[];
  gate: { proceed: boolean; reason: string; failOn: string };
  outcome: { status: string; at: string; reason: string | null; source: string } | null;
  summaries: Summaries;
}

/** The plan's steps as weights held over time (setWeight then pauses; Argo Rollouts semantics). */
export function planTimeline(plan: RolloutPlan): TimelineStep[] {
  const out: TimelineStep[] = [];
  let weight = 0;
  let t = 0;
  for (const step of plan.steps) {
    if ('setWeight' in step) {
      weight = step.setWeight;
      continue;
    }
    const d = step.pause.duration;
    const minutes = d === undefined ? null : parseDurationMs(d) / 60_000;
    const gates = plan.stepGates?.find((g) => g.weight === weight)?.gates ?? [];
    out.push({ weight, startMinute: t, minutes, gates });
    t += minutes ?? 0;
  }
  if (plan.decision !== 'hold' && plan.steps.length > 0 && weight < 100)
    out.push({ weight: 100, startMinute: t, minutes: 0, gates: [] });
  return out;
}

export async function deployDetail(store: Store, id: string): Promise<DeployDetailView> {
  const row = await getDeployment(store.db, id);
  if (!row) throw new AppError('not_found', `deployment ${id} not found`);
  const outcome = await getOutcome(store.db, id);
  const { summary: _stored, ...decision } = JSON.parse(row.result) as Omit<
    SummaryInput,
    'service' | 'environment'
  > & { summary?: unknown };
  const input: SummaryInput = { ...decision, service: row.service, environment: row.environment };
  const probability = Number(row.probability);
  const gate = gateDecision({ probability }, decision.rollout);
  return {
    id: row.id,
    service: row.service,
    environment: row.environment,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    revision: revisionOf(row.request),
    modelVersion: row.model_version,
    probability,
    probabilityText: formatProbability(probability),
    level: levelOf(probability),
    percentileText: percentileLine(input),
    insufficientData: decision.insufficientData,
    warnings: decision.warnings ?? [],
    factors: decision.factors,
    plan: decision.rollout,
    timeline: planTimeline(decision.rollout),
    gate: { ...gate, failOn: DEFAULT_FAIL_ON },
    outcome: outcome
      ? {
          status: outcome.status,
          at: new Date(Number(outcome.at)).toISOString(),
          reason: outcome.reason,
          source: outcome.source,
        }
      : null,
    summaries: buildSummaries(input),
  };
}
