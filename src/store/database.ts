// The database type: the union of every table family. Each family keeps its own file.
import type { CommitFileTable, CommitTable, RepoTable } from './tables-core.ts';
import type { DeploymentTable, OutcomeTable } from './tables-deployments.ts';
import type { TestRunTable } from './tables-test-runs.ts';
import type { CommitLabelTable, DeploymentLabelTable, SzzFixTable } from './tables-labels.ts';
import type { ModelTable } from './tables-models.ts';

export interface Database {
  repos: RepoTable;
  commits: CommitTable;
  commit_files: CommitFileTable;
  deployments: DeploymentTable;
  deployment_outcomes: OutcomeTable;
  test_runs: TestRunTable;
  commit_labels: CommitLabelTable;
  deployment_labels: DeploymentLabelTable;
  szz_fixes: SzzFixTable;
  models: ModelTable;
}
