// The test-part metrics of one set of calibrated probabilities, in the --json shape.
import type { FeatureVector } from '../features/schema.ts';
import { atThreshold, brier, captureAt, ece, prAuc, recallAtEffort, rocAuc } from './metrics.ts';

export interface TestMetrics {
  auc: number | null;
  prAuc: number | null;
  brier: number;
  ece: number;
  accuracy: number;
  f1: number;
  precision: number;
  recall: number;
  threshold: number;
  recallAt20Effort: number | null;
  capture: { '5': number | null; '10': number | null; '20': number | null; '50': number | null };
  failureRate: number;
}

/** Lines changed: la+ld when known, else source+test churn (CI builds); null when neither is known. */
export function linesChanged(v: FeatureVector): number | null {
  const num = (k: string) => (typeof v[k] === 'number' ? (v[k] as number) : null);
  const la = num('la'),
    ld = num('ld');
  if (la !== null && ld !== null) return la + ld;
  const s = num('churnSource'),
    t = num('churnTests');
  if (s !== null || t !== null) return (s ?? 0) + (t ?? 0);
  return null;
}

/** The "lines added only" baseline score: la, else source churn where la is not collected. */
export function linesAddedScore(v: FeatureVector): number | null {
  const la = v.la;
  if (typeof la === 'number') return la;
  const s = v.churnSource;
  return typeof s === 'number' ? s : null;
}

export function evaluateTest(
  probs: Float32Array | number[],
  labels: Float32Array | number[],
  features: readonly FeatureVector[],
  threshold: number,
): TestMetrics {
  const at = atThreshold(probs, labels, threshold);
  const r = (x: number | null) => (x === null ? null : round(x));
  const failures = Array.from(labels).reduce((s, y) => s + y, 0);
  return {
    auc: r(rocAuc(probs, labels)),
    prAuc: r(prAuc(probs, labels)),
    brier: round(brier(probs, labels)),
    ece: round(ece(probs, labels)),
    accuracy: round(at.accuracy),
    f1: round(at.f1),
    precision: round(at.precision),
    recall: round(at.recall),
    threshold: round(threshold),
    recallAt20Effort: r(recallAtEffort(probs, labels, features.map(linesChanged), 0.2)),
    capture: {
      '5': r(captureAt(probs, labels, 0.05)),
      '10': r(captureAt(probs, labels, 0.1)),
      '20': r(captureAt(probs, labels, 0.2)),
      '50': r(captureAt(probs, labels, 0.5)),
    },
    failureRate: round(failures / labels.length),
  };
}

export const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
