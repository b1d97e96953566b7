// When a gate holds a deploy. Pure, shared by the HTTP gates and the CLI.
import type { RiskLevel } from '../model/scorer-types.ts';
import type { RolloutPlan } from '../rollout/types.ts';

export type FailOn = 'medium' | 'high' | 'critical';
export const DEFAULT_FAIL_ON: FailOn = 'high';
const RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export const levelAtLeast = (level: RiskLevel, min: RiskLevel): boolean => RANK[level] >= RANK[min];

export interface GateOptions {
  failOn?: FailOn;
  /** Hold above this probability; takes precedence over failOn. */
  maxRisk?: number;
}

export function gateDecision(
  risk: { probability: number; level: RiskLevel },
  plan: Pick<RolloutPlan, 'decision' | 'reasons'>,
  opts: GateOptions = {},
): { proceed: boolean; reason: string } {
  if (plan.decision === 'hold') {
    return {
      proceed: false,
      reason: `the rollout plan holds: ${plan.reasons.join('; ') || 'no reason given'}`,
    };
  }
  const pct = (p: number) => `${(p * 100).toFixed(1)} %`;
  if (opts.maxRisk !== undefined) {
    return risk.probability > opts.maxRisk
      ? { proceed: false, reason: `risk ${pct(risk.probability)} is above the limit ${pct(opts.maxRisk)}` }
      : { proceed: true, reason: `risk ${pct(risk.probability)} is within the limit ${pct(opts.maxRisk)}` };
  }
  const failOn = opts.failOn ?? DEFAULT_FAIL_ON;
  return levelAtLeast(risk.level, failOn)
    ? { proceed: false, reason: `risk level ${risk.level} is at or above ${failOn}` }
    : { proceed: true, reason: `risk level ${risk.level} is below ${failOn}` };
}
