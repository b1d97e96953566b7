// Public entry of the rollout layer (pure: no I/O).
// Until the rollout-pace work lands, planRollout returns a conservative fixed plan.
import type { RiskInput, RolloutPlan } from './types.ts';

export type { RolloutPlan, RiskInput } from './types.ts';

export interface RolloutContext {
  environment?: string | null;
  errorBudgetRemaining?: number | null;
  errorRate?: number | null;
  openIncidents?: number | null;
  peakTraffic?: number | null;
  fixOrRevert?: boolean;
  at?: Date;
}

export function planRollout(risk: RiskInput, context: RolloutContext = {}): RolloutPlan {
  const hold = risk.level === 'critical' || (context.errorBudgetRemaining ?? 1) <= 0;
  const weights = [5, 10, 25, 50];
  return {
    decision: hold ? 'hold' : risk.level === 'low' ? 'proceed' : 'caution',
    strategy: hold ? 'hold' : 'canary',
    steps: hold ? [] : weights.flatMap((w) => [{ setWeight: w }, { pause: { duration: '10m' } }]),
    flagger: { interval: '1m', stepWeights: weights, maxWeight: 50, threshold: 5 },
    expectedMinutesToFull: hold ? null : weights.length * 10,
    metricGates: ['error rate', 'p99 latency'],
    reasons: hold ? ['conservative default: hold on critical risk or exhausted error budget'] : ['conservative default plan'],
    nextAllowedAt: null,
  };
}
