// Tables of the scoring service: every scored deployment (the audit trail) and its outcome.
// JSON columns hold text so the same schema runs on SQLite and PostgreSQL. Times are UTC epoch ms.

export interface DeploymentTable {
  id: string; // uuid, also the public id
  service: string;
  environment: string;
  created_at: number;
  /** The request as received (large report bodies replaced by their size and hash), JSON. */
  request: string;
  /** The feature vector the model saw, JSON. */
  features: string;
  model_version: string;
  probability: number;
  level: string;
  decision: string;
  /** The full score response, JSON. */
  result: string;
}

export interface OutcomeTable {
  /** One outcome per deployment: the unique key that makes recording idempotent. */
  deployment_id: string;
  status: string; // succeeded | failed | rolled_back
  at: number;
  reason: string | null;
  source: string; // api | flagger | cli
  recorded_at: number;
}
