// What the app needs from the outside world, injected so tests build it from real parts
// (a temp SQLite store, a scorer) and the CLI composition root builds it for production.
import type { Config } from '../config.ts';
import type { FeatureVector } from '../features/schema.ts';
import type { Logger } from '../log.ts';
import type { CommitInput, ModelInfo, Scorer } from '../model/scorer-types.ts';
import type { Store } from '../store/db.ts';
import type { ModelHolder } from './model-holder.ts';
import type { EnvironmentInput } from './schemas.ts';

export interface CollectRequest {
  repoPath: string;
  base: string;
  head: string;
  junitXml?: string[];
  environment?: EnvironmentInput;
  service?: string;
  now: number;
}

export interface CollectResult {
  features: FeatureVector;
  /** The range's commits with their own change features (and repository percentiles). */
  commits: CommitInput[];
  warnings: string[];
}

/** Raw signals → feature vector (the git collector); absent when the server only takes feature vectors. */
export type CollectFn = (req: CollectRequest) => Promise<CollectResult>;

export interface AppDeps {
  store: Store;
  /** The active model, or null when none is loaded (→ 503 no_model). */
  scorer: () => Scorer | null;
  /** The registry-following model holder: activation and hot swap (absent: no registry). */
  registry?: ModelHolder;
  /** Every model the server knows of, for GET /v1/models. */
  models?: () => ModelInfo[];
  config: Config;
  log: Logger;
  clock: () => number;
  collect?: CollectFn;
  /** Outgoing POST for the Slack incoming webhook; injected so tests can count calls. */
  fetch?: typeof fetch;
}
