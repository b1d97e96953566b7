// Drift and live calibration of the active model: PSI per feature (training bins from the
// model's card in the registry vs the last N scored requests) and the Brier score and
// reliability of scored deploys that have outcomes.
import { cardFeatureBins, featurePsi } from '../features/drift.ts';
import type { FeatureVector } from '../features/schema.ts';
import type { Store } from '../store/db.ts';
import { deploymentsWithOutcomes, recentScoredFeatures } from '../store/labels.ts';
import { getModel } from '../store/models.ts';
import { brier, reliabilityBins, type ReliabilityBin } from '../train/metrics.ts';

export const PSI_SHIFTED = 0.25;
const FAILED = new Set(['failed', 'rolled_back']);
const r4 = (x: number) => Number(x.toFixed(4));

export interface ModelHealth {
  model: { version: string | null; registered: boolean };
  drift: {
    requests: number;
    window: number;
    /** null when the model's card carries no training bins (trained before they were recorded). */
    features: { feature: string; psi: number }[] | null;
    maxPsi: number | null;
    shifted: string[];
  };
  live: {
    deploysWithOutcome: number;
    brier: number | null;
    observedFailureRate: number | null;
    meanProbability: number | null;
    calibration: ReliabilityBin[];
  };
}

export async function modelHealth(
  store: Store,
  version: string | null,
  window: number,
): Promise<ModelHealth> {
  const row = version ? await getModel(store.db, version) : undefined;
  const bins = row ? cardFeatureBins(JSON.parse(row.card)) : null;
  const recent: FeatureVector[] = [];
  for (const s of await recentScoredFeatures(store.db, window)) {
    try {
      recent.push(JSON.parse(s) as FeatureVector);
    } catch {
      // an unreadable audit row is not a request the model saw
    }
  }
  const psis = bins ? featurePsi(bins, recent).map((p) => ({ feature: p.feature, psi: r4(p.psi) })) : null;
  const scored = (await deploymentsWithOutcomes(store.db, { onlyWithOutcome: true })).filter(
    (d) => version === null || d.modelVersion === version,
  );
  const probs = scored.map((d) => d.probability);
  const labels: number[] = scored.map((d) => (FAILED.has(d.status ?? '') ? 1 : 0));
  const n = scored.length;
  return {
    model: { version, registered: row !== undefined },
    drift: {
      requests: recent.length,
      window,
      features: psis,
      maxPsi: psis && psis.length > 0 ? Math.max(...psis.map((p) => p.psi)) : null,
      shifted: (psis ?? []).filter((p) => p.psi > PSI_SHIFTED).map((p) => p.feature),
    },
    live: {
      deploysWithOutcome: n,
      brier: n > 0 ? r4(brier(probs, labels)) : null,
      observedFailureRate: n > 0 ? r4(labels.reduce((s, x) => s + x, 0) / n) : null,
      meanProbability: n > 0 ? r4(probs.reduce((s, x) => s + x, 0) / n) : null,
      calibration: n > 0 ? reliabilityBins(probs, labels) : [],
    },
  };
}
