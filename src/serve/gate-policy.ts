// When a gate holds a deploy. Pure, shared by the HTTP gates and the CLI.
import { levelAtLeast, levelOf, levelRule, type AlertLevel } from '../risk/scale.ts';
import type { RolloutPlan } from '../rollout/types.ts';

// Kept for callers that imported it from here (src/serve/scoring.ts); the scale owns it.
export { levelAtLeast } from '../risk/scale.ts';

export type FailOn = AlertLevel;
export const DEFAULT_FAIL_ON: FailOn = 'high';

export interface GateOptions {
  failOn?: FailOn;
  /** Hold above this probability; takes precedence over failOn. */
  maxRisk?: number;
}

export function gateDecision(
  risk: { probability: number },
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
  // The level of the probability on the one risk scale, the same one the plan and summaries show.
  const failOn = opts.failOn ?? DEFAULT_FAIL_ON;
  const level = levelOf(risk.probability);
  const at = `risk ${pct(risk.probability)} is ${levelRule(level)}`;
  return levelAtLeast(level, failOn)
    ? { proceed: false, reason: `${at}, at or above ${failOn}` }
    : { proceed: true, reason: `${at}, below ${failOn}` };
}
