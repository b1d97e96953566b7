import { formatProbability, levelOf, type RiskLevel } from '../risk/scale.ts';
import type { RolloutPlan } from '../rollout/types.ts';
import type { Factor } from './factors.ts';

/** Everything a summary shows; the same object the API returns, minus the summaries themselves. */
export interface SummaryInput {
  id: string;
  service: string;
  environment: string;
  risk: { probability: number; level: RiskLevel; percentile: number; percentileOf?: string };
  insufficientData: boolean;
  factors: Factor[];
  /** What the answer could not use or had to assume. */
  warnings?: string[];
  commits?: { scored: number; riskiest: { sha: string | null; probability: number } | null };
  model: { version: string; createdAt: string; auc: number | null; crossProjectAuc?: number | null };
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

/** "percentile 71 of <what>" — what the percentile is against, named. */
export function percentileLine(s: SummaryInput): string {
  return `percentile ${s.risk.percentile.toFixed(0)} of ${s.risk.percentileOf ?? 'the model\'s reference deploys'}`;
}

/** The model and how well it ranks a repository it never saw. */
export function modelLine(s: SummaryInput): string {
  const m = s.model;
  const figures = [
    m.crossProjectAuc !== null && m.crossProjectAuc !== undefined
      ? `cross-project AUC ${m.crossProjectAuc.toFixed(3)}`
      : '',
    m.auc === null ? '' : `held-out AUC ${m.auc.toFixed(3)}`,
  ].filter(Boolean);
  return `model ${m.version}${figures.length ? ` (${figures.join(', ')})` : ''} · deployment ${s.id}`;
}
