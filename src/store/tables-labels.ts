// Labels: which commits introduced a failure (SZZ, reverts) and which deploys failed (outcomes,
// reverts of a shipped commit). Every label keeps its source; the unique keys make relabelling
// idempotent. Times are UTC epoch ms.

export interface CommitLabelTable {
  repo_id: number;
  sha: string; // the commit labelled as failure-inducing
  source: string; // 'szz' | 'revert' | 'outcome'
  /** The fix or revert commit that exposed it; '' when none (a NOT NULL key column on every dialect). */
  fixed_by: string;
  /** Evidence, JSON: blamed paths and line counts, the deploy id, … */
  detail: string;
  created_at: number;
}

export interface DeploymentLabelTable {
  deployment_id: string;
  source: string; // 'outcome' | 'revert'
  failed: number; // 1 failed / rolled back, 0 succeeded
  /** The revert commit or outcome status behind the label; '' when none. */
  evidence: string;
  created_at: number;
}

/** A fix commit SZZ has blamed under one fix rule (its options, as JSON). */
export interface SzzFixTable {
  repo_id: number;
  sha: string;
  rule: string;
  /** Bug-inducing commits it named (0 is an answer too: nothing to blame again). */
  pairs: number;
  created_at: number;
}
