// A commit's size and history metrics as percentiles within its own repository. Raw scales do not
// transfer across projects (ApacheJIT's ndev/nuc/age are per-file means, Kamei's are counts; a
// "large" commit in one codebase is routine in another); a commit's rank among its repository's
// commits does. The same function ranks training rows (against their project's commits) and a
// deploy's commits (against the repository's mined or walked history, else the model's reference).
import type { FeatureVector, KameiMetric } from '../features/schema.ts';

/** The metrics ranked within the repository (lt is absent from ApacheJIT, so not ranked). */
export const RANKED_METRICS = [
  'la',
  'ld',
  'nf',
  'nd',
  'ns',
  'entropy',
  'ndev',
  'age',
  'nuc',
  'exp',
  'rexp',
  'sexp',
] as const satisfies readonly KameiMetric[];
export type RankedMetric = (typeof RANKED_METRICS)[number];

/** Quantiles (0, 0.5 %, …, 100 %) of each ranked metric over a repository's commits. */
export type RepoQuantiles = Partial<Record<RankedMetric, number[]>>;

export const QUANTILE_POINTS = 201;
/** Fewer commits than this give no repository distribution (the model's reference is used). */
export const MIN_REPO_COMMITS = 50;

export const pctKey = (m: RankedMetric) => `pct:${m}` as const;

/** Quantiles of the finite values, linearly interpolated; null when there are too few. */
export function quantilesOf(values: readonly (number | null)[], min = MIN_REPO_COMMITS): number[] | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (xs.length < min) return null;
  xs.sort((a, b) => a - b);
  return Array.from({ length: QUANTILE_POINTS }, (_, i) => {
    const pos = (i / (QUANTILE_POINTS - 1)) * (xs.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(xs.length - 1, lo + 1);
    return xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
  });
}

export function repoQuantiles(rows: readonly Partial<Record<string, number | string | null>>[]): RepoQuantiles {
  const out: RepoQuantiles = {};
  for (const m of RANKED_METRICS) {
    const q = quantilesOf(rows.map((r) => (typeof r[m] === 'number' ? (r[m] as number) : null)));
    if (q) out[m] = q;
  }
  return out;
}

/**
 * Mid-rank of x among the quantiles, 0..1: the share of the distribution below x plus half the
 * share equal to it (a tie block such as "one file touched" ranks at its middle). Nondecreasing in x.
 */
export function percentileRank(x: number, q: readonly number[]): number {
  const n = q.length;
  // first index with q[i] >= x, first index with q[i] > x
  let lo = 0,
    hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (q[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  const below = lo;
  hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (q[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  const atOrBelow = lo;
  if (atOrBelow === below) {
    // Strictly between two quantiles: interpolate.
    if (below === 0) return 0;
    if (below === n) return 1;
    const a = q[below - 1]!,
      b = q[below]!;
    const frac = b > a ? (x - a) / (b - a) : 0.5;
    return (below - 1 + frac) / (n - 1);
  }
  // x equals quantiles below..atOrBelow-1: the middle of that block.
  return ((below + atOrBelow - 1) / 2) / (n - 1);
}

/** A copy of the vector with `pct:<metric>` values against `q` (null where the metric is unknown). */
export function withPercentiles(v: FeatureVector, q: RepoQuantiles): FeatureVector {
  const out: FeatureVector = { ...v };
  for (const m of RANKED_METRICS) {
    const x = v[m];
    const qs = q[m];
    out[pctKey(m)] = typeof x === 'number' && qs ? percentileRank(x, qs) : null;
  }
  return out;
}
