// Types of the rollout plan: the shape every consumer (API response, summaries, CLI) reads.
import type { RiskLevel } from '../risk/scale.ts';

export type Decision = 'proceed' | 'caution' | 'hold';
export type Strategy = 'canary' | 'blue-green' | 'hold';

/** Argo Rollouts canary step: setWeight, or pause (no duration = manual gate). */
export type ArgoStep = { setWeight: number } | { pause: { duration?: string } };

export interface FlaggerAnalysis {
  interval: string; // e.g. "1m"
  stepWeights: number[];
  maxWeight: number;
  threshold: number; // failed checks before rollback
  /** Blue-green only: analysis iterations before the switch (Flagger `analysis.iterations`). */
  iterations?: number;
}

/** What to watch while the canary sits at one weight. */
export interface StepGate {
  weight: number;
  bakeMinutes: number;
  gates: string[];
}

export interface RolloutPlan {
  decision: Decision;
  strategy: Strategy;
  steps: ArgoStep[];
  flagger: FlaggerAnalysis;
  expectedMinutesToFull: number | null;
  metricGates: string[];
  reasons: string[];
  /** When held by a deploy window or peak traffic, the next allowed start (ISO-8601). */
  nextAllowedAt?: string | null;
  /**
   * The risk level whose pace the plan follows: the probability's level on the one risk scale
   * (src/risk/scale.ts), or a more careful one after context (a fix or revert during an incident).
   */
  band?: RiskLevel;
  /** Gates per canary step (empty for holds). */
  stepGates?: StepGate[];
  /**
   * Argo Rollouts `scaleDownDelaySeconds` (canary with traffic routing, or blue-green): how long the
   * previous version stays scaled up after promotion, so a late failure rolls back by a traffic
   * switch. Flagger has no equivalent (promotion overwrites the primary). Null for holds.
   */
  scaleDownDelaySeconds?: number | null;
  /** Blue-green only: Argo Rollouts blueGreen fields. */
  blueGreen?: { autoPromotionEnabled: boolean; prePromotionAnalysisMinutes: number } | null;
}

/** What the plan needs of a score: the probability (its level follows from the one risk scale). */
export interface RiskInput {
  probability: number;
}
