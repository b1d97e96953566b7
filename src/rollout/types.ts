// Types of the rollout plan: the shape every consumer (API response, summaries, CLI) reads.
import type { RiskLevel } from '../model/scorer-types.ts';

export type Decision = 'proceed' | 'caution' | 'hold';
export type Strategy = 'canary' | 'blue-green' | 'hold';

/** Argo Rollouts canary step: setWeight, or pause (no duration = manual gate). */
export type ArgoStep = { setWeight: number } | { pause: { duration?: string } };

export interface FlaggerAnalysis {
  interval: string; // e.g. "1m"
  stepWeights: number[];
  maxWeight: number;
  threshold: number; // failed checks before rollback
}

export interface RolloutPlan {
  decision: Decision;
  strategy: Strategy;
  steps: ArgoStep[];
  flagger: FlaggerAnalysis;
  expectedMinutesToFull: number | null;
  metricGates: string[];
  reasons: string[];
  /** When held by a deploy window, the next allowed start (ISO-8601). */
  nextAllowedAt?: string | null;
}

export interface RiskInput {
  probability: number;
  level: RiskLevel;
}
