// The contract between the model layer and its users (server, CLI score, simulator).
// Implemented by src/model/scorer.ts (loadScorer), which the training work provides.
import type { FeatureVector } from '../features/schema.ts';
import type { RiskLevel } from '../risk/scale.ts';
export { RISK_LEVELS, type RiskLevel } from '../risk/scale.ts';

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
