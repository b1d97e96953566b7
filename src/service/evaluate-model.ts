// Scores a labelled dataset with an existing model, without training, and measures how well it
// ranks and how well it is calibrated there. The level evaluated follows the file:
// - commit-level rows (Kamei, ApacheJIT, a `learn` export) are scored by the model's commit
//   part alone, each row one commit, ranked within its own repository when the model reads
//   percentiles (as training ranked it, and as a deploy's commits are ranked when the history
//   is known); the deploy layer is not applied, so these are the commit model's figures;
// - build- or deploy-level rows go through the whole model: the commit part on the row's change
//   and the deploy layer (tests, environment, history), as `score` answers.
import { AppError } from '../errors.ts';
import { loadArtifact } from '../model/artifact.ts';
import type { ModelCard } from '../model/card.ts';
import { sigmoid } from '../model/deploy-layer.ts';
import {
  RANKED_METRICS,
  repoQuantiles,
  withPercentiles,
  type RepoQuantiles,
} from '../model/repo-percentiles.ts';
import { createCommitScorer, loadScorer } from '../model/scorer.ts';
import type { Dataset, DatasetLevel } from '../train/dataset.ts';
import { round } from '../train/evaluate.ts';
import { FORMAT_SPECS } from '../train/import-formats.ts';
import { brier, captureAt, ece, prAuc, rocAuc } from '../train/metrics.ts';
import { groupOfRow } from '../train/repo-percentiles.ts';

export type EvaluatedPart = 'commit' | 'deploy';

export interface Evaluation {
  model: { version: string; source: string; dir: string; level: string | null };
  /** Which part of the model was scored, and how, in words. */
  evaluated: { part: EvaluatedPart; how: string };
  data: {
    file: string;
    sha256: string | null;
    format: string;
    level: DatasetLevel;
    rows: number;
    failed: number;
    failureRate: number;
    ignoredColumns: string[];
    /** The file is one of the model's training files (same sha256): not a held-out figure. */
    inTrainingData: boolean;
  };
  metrics: {
    auc: number | null;
    prAuc: number | null;
    ece: number;
    brier: number;
    meanProbability: number;
    capture: { '5': number | null; '10': number | null; '50': number | null };
  };
  warnings: string[];
  /** Per-row probabilities in file order (not rendered; for callers that need them). */
  probabilities: number[];
}

/** Each row's metrics ranked within its repository; a metric a repository has too few values of is ranked against the card's reference. */
function rankRows(ds: Dataset, reference: RepoQuantiles, warnings: string[]) {
  const byGroup = new Map<string, number[]>();
  ds.rows.forEach((r, i) => {
    const g = groupOfRow(ds, r);
    const list = byGroup.get(g);
    if (list) list.push(i);
    else byGroup.set(g, [i]);
  });
  const out = new Array(ds.rows.length);
  const fellBack: string[] = [];
  for (const [g, idx] of byGroup) {
    const q: RepoQuantiles = repoQuantiles(idx.map((i) => ds.rows[i]!.features));
    const missing = RANKED_METRICS.filter((m) => !q[m] && reference[m]);
    for (const m of missing) q[m] = reference[m];
    if (missing.length > 0) fellBack.push(`${g} (${idx.length} rows)`);
    for (const i of idx) out[i] = withPercentiles(ds.rows[i]!.features, q);
  }
  if (fellBack.length > 0)
    warnings.push(
      `too few commits to rank within their repository for ${fellBack.join(', ')}: ranked against the model's reference commits instead`,
    );
  return out;
}

export interface ScoredDataset {
  /** One probability per row of the dataset, in its order. */
  probabilities: number[];
  evaluated: { part: EvaluatedPart; how: string };
  warnings: string[];
  card: ModelCard;
}

/**
 * The model in `dir` on every row of `ds`, at the level the rows are labelled at (see the top of
 * this file). `evaluate` and `models compare` both score through here.
 */
export async function scoreDataset(dir: string, ds: Dataset): Promise<ScoredDataset> {
  const artifact = await loadArtifact(dir);
  const { card } = artifact;
  // Notes about this file's content (not the layout's standard conversions) travel as warnings.
  const layoutNotes = new Set<string>(FORMAT_SPECS[ds.format].notes);
  const warnings: string[] = ds.notes.filter((n) => !layoutNotes.has(n));
  let probs: number[];
  let evaluated: ScoredDataset['evaluated'];
  if (ds.level === 'commit') {
    const commit = createCommitScorer(artifact);
    const vectors =
      card.inputs === 'percentile'
        ? rankRows(ds, (card.reference?.quantiles ?? {}) as RepoQuantiles, warnings)
        : ds.rows.map((r) => r.features);
    probs = vectors.map((v) => sigmoid(commit.logit(v)));
    evaluated = {
      part: 'commit',
      how:
        card.inputs === 'percentile'
          ? "the commit model alone: each row is one commit, its metrics ranked within its own repository's rows in the file; the deploy layer is not applied"
          : 'the commit model alone: each row is one commit; the deploy layer is not applied',
    };
  } else {
    const scorer = await loadScorer(dir);
    // The same warning for many rows (differing only in a count) is said once, with its row count.
    const seen = new Map<string, { first: string; rows: number }>();
    probs = ds.rows.map((r) => {
      const s = scorer.score(r.features);
      for (const w of s.warnings) {
        const key = w.replace(/\d+(\.\d+)?/g, 'N');
        const e = seen.get(key);
        if (e) e.rows++;
        else seen.set(key, { first: w, rows: 1 });
      }
      return s.probability;
    });
    for (const { first, rows } of seen.values())
      warnings.push(`scoring (${rows} of ${ds.rows.length} rows${rows > 1 ? ', e.g.' : ''}): ${first}`);
    evaluated = {
      part: 'deploy',
      how: `the whole model, as score answers: the commit part on each row's change, combined with its tests, environment and history by the deploy layer (${ds.level}-level rows)`,
    };
    if (card.level === 'commit')
      warnings.push(
        `the commit part was trained on commit-level labels; on ${ds.level}-level rows only the deploy layer's combination links them`,
      );
  }
  return { probabilities: probs, evaluated, warnings, card };
}

export async function evaluateModel(o: {
  dir: string;
  source: string;
  dataset: Dataset;
}): Promise<Evaluation> {
  const ds = o.dataset;
  if (ds.rows.length === 0) throw new AppError('bad_input', `${ds.source}: no labelled rows`);
  const { probabilities: probs, evaluated, warnings, card } = await scoreDataset(o.dir, ds);
  const labels = ds.rows.map((r) => r.label);
  const failed = labels.reduce<number>((s, y) => s + y, 0);
  const r = (x: number | null) => (x === null ? null : round(x));
  const inTrainingData = ds.sha256 !== null && card.data.some((d) => d.sha256 === ds.sha256);
  if (inTrainingData)
    warnings.push(
      `this file (sha256 ${ds.sha256!.slice(0, 12)}…) is part of the model's training data: the figures are not held-out`,
    );
  if (failed === 0 || failed === labels.length)
    warnings.push(
      `every row is ${failed === 0 ? 'succeeded (0)' : 'failed (1)'}: ROC-AUC, and with no failures PR-AUC and capture, are undefined`,
    );
  return {
    model: { version: card.version, source: o.source, dir: o.dir, level: card.level ?? null },
    evaluated,
    data: {
      file: ds.source,
      sha256: ds.sha256,
      format: ds.format,
      level: ds.level,
      rows: labels.length,
      failed,
      failureRate: round(failed / labels.length),
      ignoredColumns: ds.ignoredColumns,
      inTrainingData,
    },
    metrics: {
      auc: r(rocAuc(probs, labels)),
      prAuc: r(prAuc(probs, labels)),
      ece: round(ece(probs, labels)),
      brier: round(brier(probs, labels)),
      meanProbability: round(probs.reduce((s, p) => s + p, 0) / probs.length),
      capture: {
        '5': r(captureAt(probs, labels, 0.05)),
        '10': r(captureAt(probs, labels, 0.1)),
        '50': r(captureAt(probs, labels, 0.5)),
      },
    },
    warnings,
    probabilities: probs,
  };
}
