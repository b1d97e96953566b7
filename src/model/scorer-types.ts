// The contract between the model layer and its users (server, CLI score, simulator).
// Implemented by src/model/scorer.ts (loadScorer), which the training work provides.
import type { FeatureVector } from '../features/schema.ts';

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';
export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'];

export interface Contribution {
  feature: string;
  /** The raw value of the feature in the request (null = unknown). */
  value: number | string | null;
  /** Signed contribution to the log-odds of failure (positive raises risk). */
  contribution: number;
}

export interface ScoreResult {
  /** Calibrated probability that the deploy fails. */
  probability: number;
  level: RiskLevel;
  /** Share of validation scores at or below this one, 0..100. */
  percentile: number;
  /** All contributions, sorted by |contribution| descending. */
  contributions: Contribution[];
  /** True when too few signals were present for the score to mean much. */
  insufficientData: boolean;
}

export interface ModelInfo {
  version: string;
  createdAt: string; // ISO-8601
  auc: number | null; // held-out test AUC from the card
  featureSchemaVersion: string;
}

export interface Scorer {
  readonly info: ModelInfo;
  score(features: FeatureVector): ScoreResult;
  scoreMany(rows: FeatureVector[]): ScoreResult[];
}
