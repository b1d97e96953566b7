import { formatProbability, levelOf, type RiskLevel } from '../risk/scale.ts';
import type { RolloutPlan } from '../rollout/types.ts';
import type { Factor } from './factors.ts';

/** Everything a summary shows; the same object the API returns, minus the summaries themselves. */
export interface SummaryInput {
  id: string;
  service: string;
  environment: string;
  risk: { probability: number; level: RiskLevel; percentile: number };
  insufficientData: boolean;
  factors: Factor[];
  model: { version: string; createdAt: string; auc: number | null };
  rollout: RolloutPlan;
}

export const LEVEL_EMOJI: Record<RiskLevel, string> = {
  low: ':large_green_circle:',
  medium: ':large_yellow_circle:',
  high: ':large_orange_circle:',
  critical: ':red_circle:',
};

export const LEVEL_UNICODE: Record<RiskLevel, string> = {
  low: '🟢',
  medium: '🟡',
  high: '🟠',
  critical: '🔴',
};

export const pctText = (p: number) => formatProbability(p);

/** The level every summary shows: the probability's level on the one risk scale. */
export const levelShown = (s: SummaryInput): RiskLevel => levelOf(s.risk.probability);

export function planLine(plan: RolloutPlan): string {
  if (plan.strategy === 'hold' || plan.decision === 'hold') {
    const until = plan.nextAllowedAt ? ` until ${plan.nextAllowedAt}` : '';
    return `decision hold${until}`;
  }
  const weights = plan.steps.flatMap((s) => ('setWeight' in s ? [`${s.setWeight} %`] : []));
  const eta =
    plan.expectedMinutesToFull === null ? '' : `, about ${plan.expectedMinutesToFull} min to full traffic`;
  return `decision ${plan.decision}: ${plan.strategy}${weights.length ? ` ${weights.join(' → ')}` : ''}${eta}`;
}

export function headline(s: SummaryInput): string {
  return `${levelShown(s).toUpperCase()} risk (${pctText(s.risk.probability)}) for ${s.service} → ${s.environment}`;
}
