// Turns a mined repository and the scoring audit trail into labels, each with its source:
//  - revert: a commit that reverts another marks the reverted commit (and any deploy whose range
//    shipped it) as failed;
//  - szz: bug-inducing commits found by blaming fix commits;
//  - outcome: recorded deploy outcomes (the ground truth) become deploy labels.
// Inserts are idempotent, so a second run adds nothing; fix commits already blamed under the same
// fix rule are remembered (szz_fixes) and not blamed again, so relabelling a grown history costs
// only its new fixes.
import { rangeInGraph } from '../features/commit-graph.ts';
import { isRevertMessage } from '../features/messages.ts';
import { resolveRevertTargets, revertTarget, type CandidateCommit } from '../features/revert-targets.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { findRepo, loadCommitGraph, loadCommits } from '../store/commits.ts';
import {
  clearSzzFixes,
  deleteCommitLabels,
  deploymentsWithOutcomes,
  insertCommitLabels,
  insertDeploymentLabels,
  insertSzzFixes,
  listSzzFixes,
  listCommitLabels,
  listDeploymentLabels,
  type CommitLabelRow,
  type DeploymentLabelRow,
} from '../store/labels.ts';
import { openGitRepo } from './git-repo.ts';
import {
  fixCommitsOf,
  runSzz,
  szzRule,
  type FileSkipReason,
  type FixSkipReason,
  type SzzOptions,
} from './szz.ts';

export type LabelSource = 'szz' | 'revert' | 'outcome';

export interface LabelOutput {
  sha: string | null;
  source: LabelSource;
  fixedBy: string | null;
  deploymentId?: string;
}

export interface LabelSummary {
  repo: string;
  counts: Record<LabelSource, number>;
  added: { commit: number; deployment: number };
  labels: LabelOutput[];
  fixCommits: number;
  /** Fix commits in the history, blamed by this run, and skipped as blamed before (same rule). */
  szz: { fixes: number; blamed: number; skipped: number };
  /** What this run's SZZ left out, by reason (fix commits that labelled nothing, files, lines). */
  szzSkipped: {
    fixes: Record<FixSkipReason, number>;
    files: Record<FileSkipReason, number>;
    cosmeticLines: number;
  };
  /** SZZ labels of re-blamed fixes that the current rules no longer find (removed). */
  removed: number;
  /** Blames that failed (each names the fix and the path); the run went on without them. */
  warnings: string[];
  seconds: number;
}

const FAILED = new Set(['failed', 'rolled_back']);

interface RequestGit {
  base: string;
  head: string;
}

function requestGit(request: string): RequestGit | null {
  try {
    const g = (JSON.parse(request) as { git?: { base?: unknown; head?: unknown } }).git;
    return g && typeof g.base === 'string' && typeof g.head === 'string'
      ? { base: g.base, head: g.head }
      : null;
  } catch {
    return null;
  }
}

export async function labelRepository(
  store: Store,
  repoPath: string,
  opts: SzzOptions & { now?: () => number; /** Blame every fix again. */ rescan?: boolean } = {},
): Promise<LabelSummary> {
  const started = performance.now();
  const now = opts.now ?? Date.now;
  const git = await openGitRepo(repoPath);
  const repo = await findRepo(store.db, git.root);
  if (!repo)
    throw new AppError(
      'bad_input',
      `${git.root} is not mined yet; run deployrisk collect --repo ${repoPath} first`,
    );
  const stored = await loadCommits(store.db, repo.id);
  const t = now();

  const bySha = new Map<string, CandidateCommit>();
  const bySubject = new Map<string, CandidateCommit[]>();
  for (const s of stored) {
    const c = { sha: s.commit.sha, subject: s.commit.subject, seq: s.seq };
    bySha.set(c.sha, c);
    let l = bySubject.get(c.subject);
    if (!l) bySubject.set(c.subject, (l = []));
    l.push(c);
  }

  const commitRows: CommitLabelRow[] = [];
  const reverted = new Map<string, string>(); // reverted sha -> revert sha
  for (const s of stored) {
    if (!isRevertMessage(s.commit.message)) continue;
    for (const target of resolveRevertTargets(revertTarget(s.commit.message), s.seq, bySha, bySubject)) {
      reverted.set(target, s.commit.sha);
      commitRows.push({
        repo_id: repo.id,
        sha: target,
        source: 'revert',
        fixed_by: s.commit.sha,
        detail: '{}',
        created_at: t,
      });
    }
  }

  const nonMerge = new Set(stored.filter((s) => s.commit.parents.length <= 1).map((s) => s.commit.sha));
  const szzCommits = stored.map((s) => ({
    sha: s.commit.sha,
    parents: s.commit.parents,
    message: s.commit.message,
    authorTime: s.commit.authorTime,
  }));
  const rule = szzRule(opts);
  if (opts.rescan) await clearSzzFixes(store.db, repo.id);
  const blamedBefore = await listSzzFixes(store.db, repo.id, rule);
  const fixes = fixCommitsOf(szzCommits, opts);
  const todo = fixes.filter((f) => !blamedBefore.has(f.sha));
  const run = await runSzz(git, todo, opts, nonMerge);
  const pairs = run.pairs;
  for (const p of pairs) {
    commitRows.push({
      repo_id: repo.id,
      sha: p.bugSha,
      source: 'szz',
      fixed_by: p.fixSha,
      detail: JSON.stringify({ lines: p.lines }),
      created_at: t,
    });
  }
  const fixCommits = new Set(pairs.map((p) => p.fixSha)).size;

  // Deploy labels: outcomes as recorded, and deploys whose range shipped a reverted commit.
  const deployRows: DeploymentLabelRow[] = [];
  const deploys = await deploymentsWithOutcomes(store.db);
  const graph = reverted.size > 0 ? await loadCommitGraph(store.db, repo.id) : new Map<string, string[]>();
  const fullSha = (ref: string) => (bySha.has(ref) ? ref : null);
  for (const d of deploys) {
    if (d.status !== null) {
      deployRows.push({
        deployment_id: d.id,
        source: 'outcome',
        failed: FAILED.has(d.status) ? 1 : 0,
        evidence: d.status,
        created_at: t,
      });
    }
    if (reverted.size === 0) continue;
    const g = requestGit(d.request);
    if (!g) continue;
    const base = fullSha(g.base);
    const head = fullSha(g.head);
    if (!base || !head) continue; // symbolic refs move; only pinned shas identify what shipped
    const range = rangeInGraph(graph, base, head);
    const hit = range ? [...range].find((sha) => reverted.has(sha)) : undefined;
    if (hit)
      deployRows.push({
        deployment_id: d.id,
        source: 'revert',
        failed: 1,
        evidence: reverted.get(hit)!,
        created_at: t,
      });
  }

  // A fix blamed again (new rules, --rescan) keeps only what the current rules find.
  const reblamed = new Set(todo.map((f) => f.sha));
  const found = new Set(pairs.map((p) => `${p.bugSha} ${p.fixSha}`));
  const stale = (await listCommitLabels(store.db, repo.id)).filter(
    (l) => l.source === 'szz' && reblamed.has(l.fixed_by) && !found.has(`${l.sha} ${l.fixed_by}`),
  );
  const removed = await deleteCommitLabels(store.db, repo.id, 'szz', stale);
  const addedCommits = await insertCommitLabels(store.db, commitRows);
  const addedDeploys = await insertDeploymentLabels(store.db, deployRows);
  // Recorded after their labels: a run that dies in between blames those fixes again next time.
  const pairsPerFix = new Map<string, number>();
  for (const p of pairs) pairsPerFix.set(p.fixSha, (pairsPerFix.get(p.fixSha) ?? 0) + 1);
  await insertSzzFixes(
    store.db,
    todo.map((f) => ({
      repo_id: repo.id,
      sha: f.sha,
      rule,
      pairs: pairsPerFix.get(f.sha) ?? 0,
      created_at: t,
    })),
  );

  const allCommit = await listCommitLabels(store.db, repo.id);
  const allDeploy = await listDeploymentLabels(store.db);
  const deployIds = new Set(deploys.map((d) => d.id));
  const headOf = new Map(deploys.map((d) => [d.id, requestGit(d.request)?.head ?? null]));
  const labels: LabelOutput[] = [
    ...allCommit.map((l) => ({
      sha: l.sha,
      source: l.source as LabelSource,
      fixedBy: l.fixed_by === '' ? null : l.fixed_by,
    })),
    ...allDeploy
      .filter((l) => l.source === 'outcome' && deployIds.has(l.deployment_id))
      .map((l) => ({
        sha: headOf.get(l.deployment_id) ?? null,
        source: 'outcome' as const,
        fixedBy: null,
        deploymentId: l.deployment_id,
      })),
  ];
  const counts: Record<LabelSource, number> = { szz: 0, revert: 0, outcome: 0 };
  for (const l of labels) counts[l.source]++;
  return {
    repo: git.root,
    counts,
    added: { commit: addedCommits, deployment: addedDeploys },
    labels,
    fixCommits,
    szz: { fixes: fixes.length, blamed: todo.length, skipped: fixes.length - todo.length },
    szzSkipped: { fixes: run.skippedFixes, files: run.skippedFiles, cosmeticLines: run.cosmeticLines },
    removed,
    warnings: run.warnings,
    seconds: (performance.now() - started) / 1000,
  };
}
