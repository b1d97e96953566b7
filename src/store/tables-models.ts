// The model registry: every trained model with its card; at most one row is active, and the
// server follows that row without a restart.

export interface ModelTable {
  version: string;
  /** The model card, JSON (as written to card.json, plus featureBins when present). */
  card: string;
  /** Artifact directory (model.json, weights.bin, card.json), absolute. */
  artifact_dir: string;
  created_at: number;
  registered_at: number;
  active: number; // 1 = the model the server should serve
  activated_at: number | null;
}
