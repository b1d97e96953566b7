// Raw signals of one deploy → one feature vector: the change group from git (base..head), the
// tests group from JUnit reports, the environment group from the environment state.
// Shared by `deployrisk features`, `deployrisk score` and POST /v1/score.
import { changeFeatures, type RangeCommit } from '../features/change.ts';
import { HISTORY_METRICS, historyMetrics, type HistoryMetric } from '../features/kamei.ts';
import { emptyFeatureVector, type FeatureVector, type KameiMetrics } from '../features/schema.ts';
import { testFeatures, testIdsOf, UNKNOWN_TEST_FEATURES, type TestFeatures } from '../features/tests.ts';
import { environmentFeatures, type EnvironmentState } from '../features/environment.ts';
import type { TestReport } from '../features/test-report.ts';
import type { Store } from '../store/db.ts';
import { findRepo, loadCommitGraph, loadCommits, type StoredCommit } from '../store/commits.ts';
import { rangeInGraph } from '../features/commit-graph.ts';
import { previousTestIds, recordTestRun } from '../store/test-runs.ts';
import { AppError } from '../errors.ts';
import { FULL_HISTORY_HINT, openGitRepo, type GitRepo } from './git-repo.ts';
import { parseJunitXml, readJunitFiles } from './junit.ts';

export interface DeployInput {
  repoPath?: string;
  base?: string;
  head?: string;
  junitFiles?: string[];
  junitXml?: string[];
  /** A ready test summary (for pipelines that do not ship JUnit files); wins over reports. */
  testSummary?: Partial<TestFeatures>;
  environment?: EnvironmentState;
  service?: string;
  store?: Store;
  maxReportBytes: number;
  now: Date;
  /** Directories JUnit files must lie in (server); the CLI reads what the user names. */
  reportRoots?: string[];
}

export interface DeployCommit {
  sha: string;
  /** History metrics are null when history is cut (a shallow clone). */
  metrics: Omit<KameiMetrics, HistoryMetric> & Record<HistoryMetric, number | null>;
}

export interface DeployFeatures {
  features: FeatureVector;
  commits: DeployCommit[];
  warnings: string[];
  /** Where history metrics came from. */
  history: 'store' | 'computed' | 'shallow' | 'none';
  headSha: string | null;
}

const STORE_LOOKUP_LIMIT = 5000;

/** Range commits (non-merges, oldest first) with history metrics, from the store when mined. */
async function rangeCommits(
  git: GitRepo,
  baseSha: string,
  headSha: string,
  store: Store | undefined,
): Promise<{ range: RangeCommit[]; history: 'store' | 'computed' }> {
  const toRange = (rows: StoredCommit[], wanted: Set<string>): RangeCommit[] =>
    rows
      .filter((r) => r.metrics !== null && wanted.has(r.commit.sha))
      .map((r) => ({ commit: r.commit, metrics: r.metrics!, linesBefore: r.linesBefore }));
  const repo = store ? await findRepo(store.db, git.root) : null;
  if (store && repo) {
    // Mined: the stored graph answers base..head without another git process.
    const wanted = rangeInGraph(await loadCommitGraph(store.db, repo.id), baseSha, headSha);
    if (wanted) {
      const shas = [...wanted];
      const rows =
        shas.length === 0
          ? []
          : await loadCommits(store.db, repo.id, shas.length <= STORE_LOOKUP_LIMIT ? shas : undefined);
      return { range: toRange(rows, wanted), history: 'store' };
    }
  }
  const wanted = new Set(await git.revList(baseSha, headSha));
  // Not mined (or only partly): the range's metrics from head's whole history, ancestors only,
  // by the same function the miner uses.
  const log = await git.log(headSha);
  const results = historyMetrics(log, wanted);
  const range: RangeCommit[] = [];
  for (const commit of log) {
    const r = results.get(commit.sha);
    if (r) range.push({ commit, metrics: r.metrics, linesBefore: r.linesBefore });
  }
  return { range, history: 'computed' };
}

async function testGroup(
  input: DeployInput,
  headSha: string | null,
  warnings: string[],
): Promise<TestFeatures> {
  if (input.testSummary) return { ...UNKNOWN_TEST_FEATURES, ...input.testSummary };
  const reports: TestReport[] = [];
  if (input.junitFiles && input.junitFiles.length > 0) {
    const read = await readJunitFiles(input.junitFiles, {
      maxBytes: input.maxReportBytes,
      ...(input.reportRoots ? { roots: input.reportRoots } : {}),
    });
    reports.push(...read.reports);
    warnings.push(...read.warnings);
  }
  (input.junitXml ?? []).forEach((xml, i) => {
    const parsed = parseJunitXml(xml, { maxBytes: input.maxReportBytes, source: `tests.junit[${i}]` });
    if (parsed.ok) reports.push(parsed.report);
    else warnings.push(parsed.warning);
  });
  if (reports.length === 0) return { ...UNKNOWN_TEST_FEATURES };
  let previous: string[] | null = null;
  if (input.store && input.service) {
    const key = headSha ?? `run-${input.now.getTime()}`;
    previous = await previousTestIds(input.store.db, input.service, key);
    await recordTestRun(input.store.db, {
      service: input.service,
      headSha: key,
      testIds: testIdsOf(reports),
      at: input.now.getTime(),
    });
  }
  return testFeatures(reports, previous);
}

export async function collectDeployFeatures(input: DeployInput): Promise<DeployFeatures> {
  const warnings: string[] = [];
  const features = emptyFeatureVector();
  let commits: DeployCommit[] = [];
  let history: DeployFeatures['history'] = 'none';
  let headSha: string | null = null;

  if (input.repoPath !== undefined || input.base !== undefined || input.head !== undefined) {
    if (!input.repoPath || !input.base || !input.head) {
      throw new AppError('bad_input', 'git signals need repo, base and head together');
    }
    const git = await openGitRepo(input.repoPath);
    // Both refs are validated (and resolved) before any range query runs.
    const [baseSha, resolvedHead] = await git.resolveCommits([
      { ref: input.base, what: 'base' },
      { ref: input.head, what: 'head' },
    ]);
    headSha = resolvedHead!;
    const got = await rangeCommits(git, baseSha!, headSha, input.store);
    history = got.history;
    if (got.range.length === 0) warnings.push(`no non-merge commits in ${input.base}..${input.head}`);
    Object.assign(features, changeFeatures(got.range));
    commits = got.range.map((r) => ({ sha: r.commit.sha, metrics: r.metrics }));
    if (history === 'computed' && (await git.isShallow())) {
      // Cut history gives numbers that look fine and are wrong (ndev 9 instead of 234): unknown instead.
      if (!(await git.isAncestor(baseSha!, headSha)))
        throw new AppError(
          'bad_input',
          `base "${input.base}" is not an ancestor of head "${input.head}" within the fetched history; ${FULL_HISTORY_HINT}`,
        );
      history = 'shallow';
      for (const k of HISTORY_METRICS) features[k] = null;
      for (const c of commits) for (const k of HISTORY_METRICS) c.metrics[k] = null;
      warnings.push(`history features (${HISTORY_METRICS.join(', ')}) are unknown: ${FULL_HISTORY_HINT}`);
    } else if (history === 'computed' && input.store)
      warnings.push('history not mined: metrics computed on the fly (run `deployrisk collect` to store it)');
  }

  Object.assign(features, await testGroup(input, headSha, warnings));
  if (input.environment) Object.assign(features, environmentFeatures(input.environment, input.now));
  return { features, commits, warnings, history, headSha };
}
