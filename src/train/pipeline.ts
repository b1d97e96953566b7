// The training job: time split → preprocessing fitted on the past → baselines → network ensemble
// chosen on validation → Platt calibration on the most recent labelled part → optional refit on
// train+validation with the chosen settings → test metrics → artifact.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../errors.ts';
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, type FeatureVector } from '../features/schema.ts';
import type { Logger } from '../log.ts';
import { loadArtifact } from '../model/artifact.ts';
import { saveArtifact } from '../model/artifact-save.ts';
import type { ModelCard } from '../model/card.ts';
import type { DeployLayer } from '../model/deploy-layer.ts';
import { fitLogistic, fitPlatt, logisticLogits, applyPlatt } from '../model/logistic.ts';
import { assembleEnsemble, predictLogits } from '../model/network.ts';
import { fitPreprocess, transformRows, usedFeatures } from '../model/preprocess.ts';
import { createCommitScorer } from '../model/scorer.ts';
import type { TrainConfig } from './config.ts';
import type { Dataset, LabelledRow } from './dataset.ts';
import { evaluateTest, linesAddedScore, round, type TestMetrics } from './evaluate.ts';
import {
  bestF1Threshold,
  prCurve,
  reliabilityBins,
  rocAuc,
  rocCurve,
  type CurvePoint,
  type ReliabilityBin,
} from './metrics.ts';
import { sortByTime, timeSplit } from './split.ts';
import { rankWithinRepositories } from './repo-percentiles.ts';
import type { RepoQuantiles } from '../model/repo-percentiles.ts';
import { blend, fitAll, quantiles, type Fitted } from './fit-ensemble.ts';

export interface TrainResult {
  backend: string;
  rows: { train: number; valid: number; test: number };
  test: TestMetrics;
  baselines: { logistic: { auc: number | null }; linesAdded: { auc: number | null } };
  ignoredColumns: string[];
  datasets: { source: string; format: string; level: string; rows: number; sha256: string | null }[];
  drift: { failureRate: { train: number; valid: number; test: number }; orderedBy: string };
  model: {
    version: string;
    members: number;
    epochs: number[];
    alpha: number;
    validAuc: number | null;
    inputs: number;
    calibration: { a: number; b: number };
  };
  seconds: number;
  out: string | null;
}

export interface ReportData {
  result: TrainResult;
  card: ModelCard;
  roc: CurvePoint[];
  pr: CurvePoint[];
  baselineRoc: { logistic: CurvePoint[]; linesAdded: CurvePoint[] };
  reliability: ReliabilityBin[];
  importance: { feature: string; meanAbs: number }[];
  mapped: Record<string, string>[];
  notes: string[];
  /** The commit model's leave-one-project-out figures (train:default). */
  crossProject?: {
    method: string;
    meanAuc: number;
    meanLogistic: number;
    rows: { project: string; rows: number; failures: number; auc?: number | null; logistic?: number | null; skipped?: string }[];
  };
  /** The deploy layer shipped beside the commit model. */
  deployLayer?: DeployLayer;
}

export interface TrainOptions {
  datasets: Dataset[];
  config: TrainConfig;
  backend: string;
  log: Logger;
  out?: string;
  version?: string;
  now?: () => Date;
  /** Recorded in the card: what level the parts were trained on, in words. */
  levelNote?: string;
  /**
   * Cross-project evaluation: these rows (another project, never trained on) are the test part,
   * and the datasets split oldest-first into train and validation by `split.train : split.valid`.
   */
  heldOut?: { name: string; rows: LabelledRow[] };
}

const BASELINE_L2 = 1;

const labelsOf = (rows: readonly LabelledRow[]) => Float32Array.from(rows, (r) => r.label);
const featsOf = (rows: readonly LabelledRow[]) => rows.map((r) => r.features);
const rate = (rows: readonly LabelledRow[]) => round(rows.reduce((s, r) => s + r.label, 0) / rows.length);

function aucOrNull(scores: ArrayLike<number>, labels: ArrayLike<number>) {
  const a = rocAuc(scores, labels);
  return a === null ? null : round(a);
}

/** Score with nulls ranked lowest (unknown size = no evidence of risk). */
function nullableScores(vals: (number | null)[]): Float64Array {
  return Float64Array.from(vals, (v) => (v === null ? -1 : v));
}

function referenceNote(ds: readonly Dataset[]): string {
  const byFormat = new Map<string, Set<string>>();
  for (const d of ds) {
    const set = byFormat.get(d.format) ?? new Set<string>();
    for (const r of d.rows) set.add(r.group ?? d.source);
    byFormat.set(d.format, set);
  }
  const total = [...byFormat.values()].reduce((s, g) => s + g.size, 0);
  return `commits of ${total} open-source projects (${[...byFormat].map(([f, g]) => `${f}: ${g.size}`).join(', ')})`;
}

export async function runTraining(opts: TrainOptions): Promise<{ result: TrainResult; report: ReportData }> {
  const started = Date.now();
  const { config: cfg, log } = opts;
  const now = opts.now ?? (() => new Date());
  // Percentile inputs: every project's commits ranked within that project (held-out one included:
  // at scoring time a repository's history is known before any label is).
  let reference: RepoQuantiles | null = null;
  let datasets = opts.datasets;
  let heldOutRows = opts.heldOut?.rows ?? null;
  if (cfg.inputs === 'percentile') {
    const all = opts.heldOut
      ? [...opts.datasets, { ...opts.datasets[0]!, source: opts.heldOut.name, rows: opts.heldOut.rows }]
      : opts.datasets;
    const ranked = rankWithinRepositories(all);
    datasets = ranked.datasets.slice(0, opts.datasets.length);
    if (opts.heldOut) heldOutRows = ranked.datasets[opts.datasets.length]!.rows;
    reference = ranked.reference;
  }
  const allRows = datasets.flatMap((d) => d.rows);
  const split = heldOutRows
    ? (() => {
        const { rows, orderedBy } = sortByTime(allRows);
        const a = Math.round((rows.length * cfg.split.train) / (cfg.split.train + cfg.split.valid));
        return { train: rows.slice(0, a), valid: rows.slice(a), test: heldOutRows, orderedBy };
      })()
    : timeSplit(allRows, cfg.split);
  const [train, valid, test] = [split.train, split.valid, split.test];
  log.info(
    `rows: train ${train.length}, valid ${valid.length}, test ${test.length} (ordered by ${split.orderedBy})`,
  );
  // The model learns from the train part and is early-stopped, blended and calibrated on the
  // validation part: with one class in either there is nothing to learn or to calibrate against
  // (validation AUC is undefined and Platt scaling would map every score to 0 or 1).
  for (const [part, rows, what] of [
    ['training', train, 'the model needs both'],
    [
      'validation',
      valid,
      'early stopping and calibration need both; use a larger validation share (--config split)',
    ],
  ] as const) {
    const failed = rows.filter((r) => r.label === 1).length;
    if (rows.length === 0)
      throw new AppError('bad_input', `the ${part} part is empty (${split.orderedBy} order); ${what}`);
    if (failed === 0 || failed === rows.length)
      throw new AppError(
        'bad_input',
        `the ${part} part (${rows.length} rows, ordered by ${split.orderedBy}) has only ${failed === 0 ? 'succeeded' : 'failed'} rows; ${what}`,
      );
  }
  const yTrain = labelsOf(train),
    yValid = labelsOf(valid),
    yTest = labelsOf(test);

  // Baselines, same split: logistic regression on the schema features (log + standardise, no
  // derived ratios, L2 fixed at 1 so the yardstick does not move with the model's settings) and
  // "lines added only".
  const spec0 = fitPreprocess(featsOf(train), { derived: false });
  const d0 = spec0.columns.length;
  // Nothing to learn from (every mapped cell empty, non-numeric or constant): say so rather than
  // let tfjs fail on a zero-width input.
  if (d0 === 0) {
    throw new AppError(
      'bad_input',
      `no usable feature in the ${train.length} training rows: every feature cell is empty, non-numeric or the same value`,
      { sources: opts.datasets.map((x) => x.source), mapped: opts.datasets.map((x) => x.mapped) },
    );
  }
  const lr0 = fitLogistic(transformRows(spec0, featsOf(train)), yTrain, d0, { l2: BASELINE_L2 });
  const lr0Test = logisticLogits(lr0, transformRows(spec0, featsOf(test)), d0);
  const laTest = nullableScores(featsOf(test).map(linesAddedScore));
  const baselines = {
    logistic: { auc: aucOrNull(lr0Test, yTest) },
    linesAdded: { auc: aucOrNull(laTest, yTest) },
  };
  log.info(`baselines: logistic ${baselines.logistic.auc}, lines added ${baselines.linesAdded.auc}`);

  // Settings chosen on validation.
  const sel = await fitAll(featsOf(train), yTrain, cfg, log, { rows: featsOf(valid), y: yValid });
  const vl = sel.validLogits!;
  let alpha = cfg.alphas[0]!;
  let bestAuc = -1;
  for (const a of cfg.alphas) {
    const auc = rocAuc(blend(a, vl.net, vl.lr), yValid) ?? 0;
    if (auc > bestAuc + 1e-6) {
      bestAuc = auc;
      alpha = a;
    }
  }
  const validLogits = blend(alpha, vl.net, vl.lr);
  // Calibration on the most recent labelled rows: weights halve every halfLife × |valid| rows back.
  const hl = cfg.calibrationHalfLife * valid.length;
  const weights = Float64Array.from(validLogits, (_, i) => Math.pow(0.5, (valid.length - 1 - i) / hl));
  const platt = fitPlatt(validLogits, yValid, weights);
  const validProbs = Array.from(validLogits, (l) => applyPlatt(platt, l));
  log.info(
    `validation: blend alpha ${alpha}, AUC ${bestAuc.toFixed(4)}; Platt a=${platt.a.toFixed(3)} b=${platt.b.toFixed(3)}`,
  );

  const decision = bestF1Threshold(validProbs, yValid);
  const sortedValid = [...validProbs].sort((a, b) => a - b);
  const q = (f: number) => sortedValid[Math.min(sortedValid.length - 1, Math.floor(f * sortedValid.length))]!;
  const medium = Math.min(decision, rate(valid));
  const high = Math.max(decision, medium);
  const thresholds = { decision, medium, high, critical: Math.max(high, q(0.95)) };

  // Final model: refit on train+validation with the chosen epochs, or keep the selection fit.
  const epochs = sel.members.map((m) => m.epochs);
  const final: Fitted = cfg.refit
    ? await fitAll(featsOf([...train, ...valid]), labelsOf([...train, ...valid]), cfg, log, undefined, epochs)
    : sel;
  const d = final.spec.columns.length;
  const model = assembleEnsemble(d, cfg, {
    members: final.members.map((m) => m.model),
    logistic: final.logistic,
    alpha,
  });
  const testLogits = predictLogits(model, transformRows(final.spec, featsOf(test)), d);
  const testProbs = Float32Array.from(testLogits, (l) => applyPlatt(platt, l));
  const testMetrics = evaluateTest(testProbs, yTest, featsOf(test), decision);
  log.info(`test: AUC ${testMetrics.auc}, ECE ${testMetrics.ece}, Brier ${testMetrics.brier}`);

  const version = opts.version ?? `m-${now().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`;
  const levels = [...new Set(opts.datasets.map((x) => x.level))];
  const result: TrainResult = {
    backend: opts.backend,
    rows: { train: train.length, valid: valid.length, test: test.length },
    test: testMetrics,
    baselines,
    ignoredColumns: [...new Set(opts.datasets.flatMap((x) => x.ignoredColumns))],
    datasets: opts.datasets.map((x) => ({
      source: x.source,
      format: x.format,
      level: x.level,
      rows: x.rows.length,
      sha256: x.sha256,
    })),
    drift: {
      failureRate: { train: rate(train), valid: rate(valid), test: rate(test) },
      orderedBy: split.orderedBy,
    },
    model: {
      version,
      members: cfg.members,
      epochs,
      alpha,
      validAuc: round(bestAuc),
      inputs: d,
      calibration: { a: round(platt.a, 6), b: round(platt.b, 6) },
    },
    seconds: 0,
    out: opts.out ?? null,
  };
  const card: Omit<ModelCard, 'files'> = {
    cardVersion: 1,
    version,
    createdAt: now().toISOString(),
    backend: opts.backend,
    level: levels.length === 1 ? levels[0]! : 'mixed',
    levelNote:
      opts.levelNote ??
      `Trained on ${levels.join(' + ')}-level labels (${opts.datasets.map((x) => `${x.source}: ${x.rows.length} ${x.level}s`).join('; ')}).`,
    featureSchemaVersion: FEATURE_SCHEMA_VERSION,
    featureNames: [...FEATURE_NAMES],
    usedFeatures: usedFeatures(final.spec),
    preprocess: final.spec,
    network: { inputs: d, hidden: cfg.hidden, members: cfg.members, alpha },
    calibration: {
      method: 'platt',
      a: platt.a,
      b: platt.b,
      fittedOn: `validation part (${valid.length} rows, the most recent before test), recency-weighted with half-life ${cfg.calibrationHalfLife} of it, on out-of-sample logits of the train-only fit`,
    },
    thresholds,
    percentiles: quantiles(sortedValid),
    attribution:
      'occlusion: calibrated log-odds(x) minus calibrated log-odds with every input computed from the feature (value, missing flag, one-hot, ratios) set to its training mean',
    data: result.datasets,
    metrics: {
      rows: result.rows,
      test: testMetrics,
      baselines,
      drift: result.drift,
      validAuc: round(bestAuc),
    },
    trainingConfig: { ...cfg },
    inputs: cfg.inputs,
    monotone: [...cfg.monotone],
    ...(reference ? { reference: { quantiles: reference, note: referenceNote(opts.datasets) } } : {}),
    notes: [...new Set(opts.datasets.flatMap((x) => x.notes))],
  };

  // Always round-trip through files: the report's importances then come from the shipped scorer.
  const dir = opts.out ?? (await mkdtemp(join(tmpdir(), 'deployrisk-train-')));
  const saved = await saveArtifact(model, card, dir);
  const scorer = createCommitScorer(await loadArtifact(dir));
  if (!opts.out) await rm(dir, { recursive: true, force: true });
  const sample = test.filter((_, i) => i % Math.max(1, Math.floor(test.length / 1000)) === 0);
  const sums = new Map<string, number>();
  for (const r of sample)
    for (const c of scorer.explain(r.features).contributions)
      sums.set(c.feature, (sums.get(c.feature) ?? 0) + Math.abs(c.contribution));
  const importance = [...sums]
    .map(([feature, s]) => ({ feature, meanAbs: round(s / sample.length) }))
    .sort((a, b) => b.meanAbs - a.meanAbs);

  model.dispose();
  for (const m of [...sel.members, ...(cfg.refit ? final.members : [])]) m.model.dispose();
  result.seconds = round((Date.now() - started) / 1000, 1);
  return {
    result,
    report: {
      result,
      card: saved,
      roc: rocCurve(testProbs, yTest),
      pr: prCurve(testProbs, yTest),
      baselineRoc: { logistic: rocCurve(lr0Test, yTest), linesAdded: rocCurve(laTest, yTest) },
      reliability: reliabilityBins(testProbs, yTest),
      importance,
      mapped: opts.datasets.map((x) => x.mapped),
      notes: card.notes,
    },
  };
}
