// The contract between the model layer and its users (server, CLI score, simulator, evaluate).
// Implemented by src/model/scorer.ts (loadScorer).
import type { FeatureVector } from '../features/schema.ts';
import type { RiskLevel } from '../risk/scale.ts';
export { RISK_LEVELS, type RiskLevel } from '../risk/scale.ts';
import type { RepoQuantiles } from './repo-percentiles.ts';

export interface Contribution {
  feature: string;
  /** The raw value of the feature in the request (null = unknown). */
  value: number | string | null;
  /** Signed contribution to the log-odds of failure (positive raises risk). */
  contribution: number;
  /** The whole factor message, when the part that produced it words it itself. */
  message?: string;
  /** Said after the value, e.g. which commit and its rank in the repository. */
  note?: string;
}

/** One commit of the deploy: the change features of that commit alone (the collector's per-commit vector). */
export interface CommitInput {
  sha?: string;
  features: FeatureVector;
  /** `pct:<metric>` ranks (0..1) within its repository, when the caller computed them. */
  percentiles?: Record<string, number>;
}

export interface ScoreInput {
  /** The deploy's commits; without them the range's own vector stands for its commits. */
  commits?: readonly CommitInput[];
  /** The repository's distribution of commit metrics (mined store or walked history). */
  repo?: RepoQuantiles | null;
  /** Probabilities of this service's recorded deploys, for the percentile (used from 20 on). */
  peers?: readonly number[];
}

export interface ScoreResult {
  /** Calibrated probability that the deploy fails. */
  probability: number;
  level: RiskLevel;
  /** Share of the reference deploys (see `percentileOf`) scoring at or below this one, 0..100. */
  percentile: number;
  /** What the percentile is against, in words. */
  percentileOf: string;
  /** All contributions, sorted by |contribution| descending. */
  contributions: Contribution[];
  /** True when the commits or the deploy-history features are unknown. */
  insufficientData: boolean;
  /** What the score could not use or had to assume (travel to every output). */
  warnings: string[];
  commits: { scored: number; riskiest: { sha: string | null; probability: number } | null };
}

export interface ModelInfo {
  version: string;
  createdAt: string; // ISO-8601
  auc: number | null; // held-out test AUC from the card
  /** Leave-one-project-out AUC of the commit model, when the card has it. */
  crossProjectAuc: number | null;
  featureSchemaVersion: string;
}

export interface Scorer {
  readonly info: ModelInfo;
  score(features: FeatureVector, input?: ScoreInput): ScoreResult;
  scoreMany(rows: FeatureVector[]): ScoreResult[];
}
