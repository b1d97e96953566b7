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
import {
  RANKED_METRICS,
  pctKey,
  percentileRank,
  repoQuantiles,
  type RepoQuantiles,
} from '../model/repo-percentiles.ts';
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
  /** The change features of this commit alone: what a commit model reads. */
  features: FeatureVector;
  /** Its metrics' percentiles (pct:<metric>, 0..1) among the repository's commits; absent when unknown. */
  percentiles?: Record<string, number>;
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

/** The repository's distribution of commit metrics, when it has enough commits to rank against. */
function quantilesOrNull(metrics: readonly KameiMetrics[]): RepoQuantiles | null {
  const q = repoQuantiles(metrics);
  return Object.keys(q).length > 0 ? q : null;
}

/**
 * One commit as the model reads it. From a shallow clone its history metrics are unknown (null in
 * its metrics, absent from its vector, not ranked), never the wrong numbers a cut history gives.
 */
function rankedCommit(rc: RangeCommit, repo: RepoQuantiles | null, shallow: boolean): DeployCommit {
  const cut = new Set<string>(shallow ? HISTORY_METRICS : []);
  // Only the known values: absent means unknown, as in every vector the API takes.
  const features: FeatureVector = {};
  for (const [k, v] of Object.entries(changeFeatures([rc])))
    if (v !== null && v !== undefined && !cut.has(k)) features[k] = v;
  const metrics = { ...rc.metrics } as DeployCommit['metrics'];
  for (const k of HISTORY_METRICS) if (shallow) metrics[k] = null;
  const out: DeployCommit = { sha: rc.commit.sha, metrics, features };
  if (repo && !shallow) {
    const pct: Record<string, number> = {};
    for (const m of RANKED_METRICS) {
      const q = repo[m];
      if (q) pct[pctKey(m)] = Number(percentileRank(rc.metrics[m], q).toFixed(4));
    }
    out.percentiles = pct;
  }
  return out;
}

/** Range commits (non-merges, oldest first) with history metrics, from the store when mined. */
async function rangeCommits(
  git: GitRepo,
  baseSha: string,
  headSha: string,
  store: Store | undefined,
): Promise<{ range: RangeCommit[]; history: 'store' | 'computed'; repo: RepoQuantiles | null }> {
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
      const all = await loadCommits(store.db, repo.id);
      return {
        range: toRange(rows, wanted),
        history: 'store',
        repo: quantilesOrNull(all.flatMap((r) => (r.metrics ? [r.metrics] : []))),
      };
    }
  }
  const wanted = new Set(await git.revList(baseSha, headSha));
  // Not mined (or only partly): every commit's metrics from head's whole history, ancestors only,
  // by the same function the miner uses (all of them: the range's are ranked among them).
  const log = await git.log(headSha);
  const results = historyMetrics(log);
  const range: RangeCommit[] = [];
  const all: KameiMetrics[] = [];
  for (const commit of log) {
    const r = results.get(commit.sha);
    if (!r) continue;
    all.push(r.metrics);
    if (wanted.has(commit.sha)) range.push({ commit, metrics: r.metrics, linesBefore: r.linesBefore });
  }
  return { range, history: 'computed', repo: quantilesOrNull(all) };
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
    if (parsed.ok) {
      reports.push(parsed.report);
      warnings.push(...parsed.warnings);
    } else warnings.push(parsed.warning);
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
    if (history === 'computed' && (await git.isShallow())) {
      // Cut history gives numbers that look fine and are wrong (ndev 9 instead of 234): unknown instead.
      if (!(await git.isAncestor(baseSha!, headSha)))
        throw new AppError(
          'bad_input',
          `base "${input.base}" is not an ancestor of head "${input.head}" within the fetched history; ${FULL_HISTORY_HINT}`,
        );
      history = 'shallow';
      for (const k of HISTORY_METRICS) features[k] = null;
      commits = got.range.map((r) => rankedCommit(r, got.repo, true));
      warnings.push(`history features (${HISTORY_METRICS.join(', ')}) are unknown: ${FULL_HISTORY_HINT}`);
    } else {
      commits = got.range.map((r) => rankedCommit(r, got.repo, false));
      if (!got.repo)
        warnings.push(
          'the repository has too little history to rank commits in (fewer than 50 with metrics): the model ranks them against its reference',
        );
    }
    if (history === 'computed' && input.store)
      warnings.push('history not mined: metrics computed on the fly (run `deployrisk collect` to store it)');
  }

  Object.assign(features, await testGroup(input, headSha, warnings));
  if (input.environment) Object.assign(features, environmentFeatures(input.environment, input.now));
  return { features, commits, warnings, history, headSha };
}
