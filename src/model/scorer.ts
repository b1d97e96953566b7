// The Scorer used by the server, the CLI gate, the simulator and `evaluate`: a commit model
// (artifact: weights + card) gives each commit of base..head a probability; the deploy layer
// (deploy-layer.ts) combines the riskiest with the deploy's tests, environment and history.
// Scoring is synchronous plain arithmetic (forward.ts); tfjs is not touched on the hot path.
//
// Commit contributions are occlusion against the imputed baseline: for each feature the commit
// model uses, calibrated log-odds(x) − calibrated log-odds(x with every input computed from that
// feature set to the training mean), for the riskiest commit, times the deploy layer's commit
// weight. Deploy terms contribute exactly their term. Positive raises risk.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.ts';
import { KAMEI_METRICS, type FeatureVector } from '../features/schema.ts';
import { loadArtifact, type LoadedArtifact } from './artifact.ts';
import type { ModelCard } from './card.ts';
import { commitReference, deployLayerSchema, deployLogit, logit, sigmoid, type DeployLayer } from './deploy-layer.ts';
import { occludedLogits } from './forward.ts';
import { columnSourcesOf, transformInto } from './preprocess.ts';
import { RANKED_METRICS, pctKey, percentileRank, type RepoQuantiles } from './repo-percentiles.ts';
import { levelOf } from '../risk/scale.ts';
import type { CommitInput, Contribution, ScoreInput, ScoreResult, Scorer } from './scorer-types.ts';

export const DEPLOY_LAYER_FILE = 'deploy-layer.json';
/** From this many recorded deploys of the service, the percentile is against them. */
export const MIN_PEERS = 20;
const HISTORY_FEATURES = ['prevDeployOutcome', 'failureStreak', 'recentFailureRate'];
const CHANGE_KEYS = [...KAMEI_METRICS, 'churnSource', 'churnTests', 'churnConfig', 'churnDocs'];

/** Share (0..100) of a distribution given by quantiles at or below p, interpolated. */
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

export interface CommitScorer {
  card: ModelCard;
  /** Calibrated log-odds of one commit's vector (with `pct:` keys when the model reads them). */
  logit(v: FeatureVector): number;
  /** The same, and each used feature's occlusion contribution. */
  explain(v: FeatureVector): { logit: number; contributions: Contribution[] };
}

export function createCommitScorer(artifact: LoadedArtifact): CommitScorer {
  const { card, net } = artifact;
  const spec = { columns: card.preprocess.columns, clip: card.preprocess.clip };
  const x = new Float32Array(net.inputs);
  const pre = new Float64Array(net.hidden);
  const cal = card.calibration;
  if (!(cal.a >= 0))
    throw new AppError('bad_input', `model ${card.version}: calibration slope ${cal.a} is negative`);
  const used = card.usedFeatures;
  const groups = used.map((f) => {
    const sources = columnSourcesOf(f);
    return spec.columns.flatMap((c, j) => (sources.has(c.source) ? [j] : []));
  });
  const occluded = new Float64Array(groups.length);
  const none: number[][] = [];
  return {
    card,
    logit(v) {
      transformInto(spec, v, x);
      return cal.a * occludedLogits(net, x, none, occluded, pre) + cal.b;
    },
    explain(v) {
      transformInto(spec, v, x);
      const full = occludedLogits(net, x, groups, occluded, pre);
      const contributions = used.map((f, k) => ({
        feature: f,
        value: v[f] ?? null,
        contribution: cal.a * (full - occluded[k]!),
      }));
      return { logit: cal.a * full + cal.b, contributions };
    },
  };
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The range's own vector as its commits, when the caller sent no per-commit vectors. */
function commitsFromRange(v: FeatureVector, warnings: string[]): CommitInput[] {
  if (!CHANGE_KEYS.some((k) => isNum(v[k]))) return [];
  const n = isNum(v.commits) ? v.commits : 1;
  if (n <= 1) return [{ features: v }];
  warnings.push(
    `no per-commit metrics were given: the ${n}-commit range is read as one commit of its mean size per commit (send \`commits\` as \`deployrisk features --json\` prints them)`,
  );
  const mean: FeatureVector = { ...v, commits: 1 };
  for (const k of ['la', 'ld', 'churnSource', 'churnTests', 'churnConfig', 'churnDocs', 'filesAdded', 'filesDeleted', 'filesRenamed'])
    if (isNum(v[k])) mean[k] = (v[k] as number) / n;
  for (const k of ['nf', 'nd', 'ns'] as const)
    if (isNum(v[k])) mean[k] = Math.max(1, Math.round((v[k] as number) / n));
  return [{ features: mean }];
}

function rankCommit(c: CommitInput, q: RepoQuantiles): FeatureVector {
  const out: FeatureVector = { ...c.features };
  for (const m of RANKED_METRICS) {
    const given = c.percentiles?.[pctKey(m)];
    const x = c.features[m];
    const qs = q[m];
    out[pctKey(m)] = isNum(given) ? Math.min(1, Math.max(0, given)) : isNum(x) && qs ? percentileRank(x, qs) : null;
  }
  return out;
}

const ordinal = (n: number) => {
  const t = n % 100;
  const suffix = t >= 11 && t <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
};

const shortSha = (sha: string | undefined) => (sha ? sha.slice(0, 7) : null);

export function createScorer(artifact: LoadedArtifact, layer: DeployLayer): Scorer {
  const commitScorer = createCommitScorer(artifact);
  const { card } = artifact;
  const k = layer.commits.referenceCommits;
  const cref = commitReference(card.percentiles, k);
  const wc = layer.commits.weight;
  const byPercentile = card.inputs === 'percentile';
  const reference = card.reference;
  const monotone = new Set(card.monotone);
  const referenceName = `${k}-commit deploys of ${reference?.note ?? 'the commits this model was validated on'}, nothing else known`;

  /** Percentile among reference deploys: those scoring ≤ p are those whose riskiest commit is ≤ C*. */
  const referencePercentile = (p: number): number => {
    if (wc <= 0) return 50;
    const cStar = cref + (logit(Math.min(1 - 1e-9, Math.max(1e-9, p))) - logit(layer.referenceFailureRate)) / wc;
    const single = percentileOf(sigmoid(cStar), card.percentiles) / 100;
    return Math.pow(single, k) * 100;
  };

  const score = (features: FeatureVector, input: ScoreInput = {}): ScoreResult => {
    const warnings: string[] = [];
    const commits = input.commits && input.commits.length > 0 ? input.commits : commitsFromRange(features, warnings);
    let q: RepoQuantiles = input.repo ?? {};
    if (byPercentile && commits.length > 0) {
      const needs = commits.some((c) => RANKED_METRICS.some((m) => !isNum(c.percentiles?.[pctKey(m)])));
      if (needs && !input.repo) {
        q = (reference?.quantiles ?? {}) as RepoQuantiles;
        warnings.push(
          `the repository's history is unknown: commit sizes are ranked against the model's reference (${reference?.note ?? 'training commits'}), not this repository`,
        );
      }
    }
    let best: { logit: number; c: CommitInput; v: FeatureVector } | null = null;
    for (const c of commits) {
      const v = byPercentile ? rankCommit(c, q) : c.features;
      const l = commitScorer.logit(v);
      if (!best || l > best.logit) best = { logit: l, c, v };
    }
    const parts = deployLogit(layer, cref, best ? best.logit : null, features);
    const probability = sigmoid(parts.logit);
    const contributions: Contribution[] = [];
    if (best && parts.commits !== null) {
      const sha = shortSha(best.c.sha);
      const where = sha ? `commit ${sha}` : 'the change';
      for (const c of commitScorer.explain(best.v).contributions) {
        const rank = best.v[`pct:${c.feature}`];
        const ownRepo = input.repo || isNum(best.c.percentiles?.[`pct:${c.feature}`]);
        const ranked = isNum(rank)
          ? `, ${ordinal(Math.round(rank * 100))} percentile of ${ownRepo ? "this repository's commits" : 'the reference commits'}`
          : '';
        const learnt = monotone.has(c.feature) ? '' : '; direction learnt from data';
        contributions.push({ ...c, contribution: wc * c.contribution, note: `${where}${ranked}${learnt}` });
      }
    } else {
      warnings.push('no commit with metrics in this deploy: the commit part sits at the reference');
    }
    for (const t of parts.terms)
      contributions.push({ feature: t.features[0]!, value: features[t.features[0]!] ?? null, contribution: t.contribution, message: t.message });
    contributions.sort(
      (a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature),
    );
    const peers = input.peers ?? [];
    const percentile =
      peers.length >= MIN_PEERS
        ? (peers.filter((x) => x <= probability).length / peers.length) * 100
        : referencePercentile(probability);
    const historyKnown = HISTORY_FEATURES.some((f) => features[f] !== null && features[f] !== undefined);
    return {
      probability,
      level: levelOf(probability),
      percentile,
      percentileOf:
        peers.length >= MIN_PEERS ? `the service's ${peers.length} recorded deploys` : referenceName,
      contributions,
      insufficientData: !best || !historyKnown,
      warnings,
      commits: {
        scored: commits.length,
        riskiest: best ? { sha: best.c.sha ?? null, probability: sigmoid(best.logit) } : null,
      },
    };
  };
  const metrics = card.metrics as { test?: { auc?: unknown }; crossProject?: { meanAuc?: unknown } };
  return {
    info: {
      version: card.version,
      createdAt: card.createdAt,
      auc: isNum(metrics.test?.auc) ? metrics.test.auc : null,
      crossProjectAuc: isNum(metrics.crossProject?.meanAuc) ? metrics.crossProject.meanAuc : null,
      featureSchemaVersion: card.featureSchemaVersion,
    },
    score,
    scoreMany: (rows) => rows.map((r) => score(r)),
  };
}

/** The repository's models/ directory (this file is src/model/scorer.ts). */
export const MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../models');

async function defaultDir(modelsDir: string): Promise<string> {
  let name: string;
  try {
    name = (await readFile(join(modelsDir, 'DEFAULT'), 'utf8')).trim();
  } catch {
    throw new AppError('no_model', `no default model: ${join(modelsDir, 'DEFAULT')} is missing`);
  }
  if (!/^[A-Za-z0-9._-]+$/.test(name))
    throw new AppError('bad_input', `models/DEFAULT names an invalid version "${name}"`);
  return join(modelsDir, name);
}

/**
 * The deploy layer of an artifact directory, else the shipped default's (models/DEFAULT of this
 * package): a commit model trained by `learn` goes through the same combination as the shipped one.
 */
export async function loadDeployLayer(dir: string): Promise<DeployLayer> {
  let text: string;
  let from = join(dir, DEPLOY_LAYER_FILE);
  try {
    text = await readFile(from, 'utf8');
  } catch {
    from = join(await defaultDir(MODELS_DIR), DEPLOY_LAYER_FILE);
    try {
      text = await readFile(from, 'utf8');
    } catch (e) {
      throw new AppError('no_model', `no deploy layer: ${from}: ${(e as Error).message}`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AppError('bad_input', `${from}: not JSON: ${(e as Error).message}`);
  }
  const parsed = deployLayerSchema.safeParse(json);
  if (!parsed.success)
    throw new AppError('bad_input', `${from}: invalid deploy layer`, parsed.error.issues.slice(0, 10));
  return parsed.data;
}

/** Loads and verifies models/<version>/ (or any artifact directory) with its deploy layer. */
export async function loadScorer(dir: string): Promise<Scorer> {
  return createScorer(await loadArtifact(dir), await loadDeployLayer(dir));
}

/** Loads the shipped model named by models/DEFAULT (or by DEFAULT under `modelsDir`). */
export async function loadDefaultScorer(modelsDir: string = MODELS_DIR): Promise<Scorer> {
  return loadScorer(await defaultDir(modelsDir));
}
