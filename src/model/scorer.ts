// The Scorer used by the server, the CLI gate and the simulator. Scoring is synchronous plain
// arithmetic (forward.ts); tfjs is not touched on the hot path.
//
// Contributions are occlusion against the imputed baseline: for each feature the model uses,
// contribution = calibrated log-odds(x) − calibrated log-odds(x with every input computed from that
// feature — its value, missing flag, one-hot columns and the ratios built from it — set to the
// training mean). Positive raises risk. They explain one prediction honestly but need not sum to
// the total, because the hidden layer is non-linear.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.ts';
import type { FeatureVector } from '../features/schema.ts';
import { loadArtifact, type LoadedArtifact } from './artifact.ts';
import { occludedLogits } from './forward.ts';
import { applyPlatt } from './logistic.ts';
import { columnSourcesOf, transformInto } from './preprocess.ts';
import type { Contribution, RiskLevel, ScoreResult, Scorer } from './scorer-types.ts';

/** Below this share of the model's features present, the result is flagged insufficientData. */
const MIN_PRESENT_SHARE = 0.5;

export function levelFor(p: number, t: { medium: number; high: number; critical: number }): RiskLevel {
  if (p >= t.critical) return 'critical';
  if (p >= t.high) return 'high';
  if (p >= t.medium) return 'medium';
  return 'low';
}

/** Share (0..100) of validation scores at or below p, interpolated between stored quantiles. */
export function percentileOf(p: number, q: readonly number[]): number {
  const n = q.length - 1;
  if (p < q[0]!) return 0;
  if (p >= q[n]!) return 100;
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (q[mid]! <= p) lo = mid;
    else hi = mid;
  }
  const span = q[hi]! - q[lo]!;
  const frac = span > 0 ? (p - q[lo]!) / span : 1;
  return Math.min(100, Math.max(0, ((lo + frac) / n) * 100));
}

export function createScorer(artifact: LoadedArtifact): Scorer {
  const { card, net } = artifact;
  const spec = { columns: card.preprocess.columns, clip: card.preprocess.clip };
  const d = net.inputs;
  const x = new Float32Array(d);
  const pre = new Float64Array(net.hidden);
  const cal = card.calibration;
  // Occluding a feature sets its columns to the mean (0 after standardising); every other column
  // keeps its value, so the occluded row is the full row with those indices zeroed.
  const used = card.usedFeatures;
  const groups = used.map((f) => {
    const sources = columnSourcesOf(f);
    return spec.columns.flatMap((c, j) => (sources.has(c.source) ? [j] : []));
  });
  const occluded = new Float64Array(groups.length);

  const score = (features: FeatureVector): ScoreResult => {
    transformInto(spec, features, x);
    // One pass gives the row's logit and every occluded one.
    const full = occludedLogits(net, x, groups, occluded, pre);
    const probability = applyPlatt(cal, full);
    const contributions: Contribution[] = [];
    let present = 0;
    used.forEach((f, k) => {
      const value = features[f] ?? null;
      if (value !== null) present++;
      contributions.push({ feature: f, value, contribution: cal.a * (full - occluded[k]!) });
    });
    contributions.sort(
      (a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature),
    );
    return {
      probability,
      level: levelFor(probability, card.thresholds),
      percentile: percentileOf(probability, card.percentiles),
      contributions,
      insufficientData: used.length === 0 || present / used.length < MIN_PRESENT_SHARE,
    };
  };
  const auc = (card.metrics as { test?: { auc?: unknown } }).test?.auc;
  return {
    info: {
      version: card.version,
      createdAt: card.createdAt,
      auc: typeof auc === 'number' ? auc : null,
      featureSchemaVersion: card.featureSchemaVersion,
    },
    score,
    scoreMany: (rows) => rows.map(score),
  };
}

/** Loads and verifies models/<version>/ (or any artifact directory). */
export async function loadScorer(dir: string): Promise<Scorer> {
  return createScorer(await loadArtifact(dir));
}

/** The repository's models/ directory (this file is src/model/scorer.ts). */
export const MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../models');

/** Loads the shipped model named by models/DEFAULT (or by DEFAULT under `modelsDir`). */
export async function loadDefaultScorer(modelsDir: string = MODELS_DIR): Promise<Scorer> {
  let name: string;
  try {
    name = (await readFile(join(modelsDir, 'DEFAULT'), 'utf8')).trim();
  } catch {
    throw new AppError('no_model', `no default model: ${join(modelsDir, 'DEFAULT')} is missing`);
  }
  if (!/^[A-Za-z0-9._-]+$/.test(name))
    throw new AppError('bad_input', `models/DEFAULT names an invalid version "${name}"`);
  return loadScorer(join(modelsDir, name));
}
