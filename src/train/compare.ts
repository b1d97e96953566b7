// Two models on the same labelled rows: AUC of each and a paired, seeded bootstrap confidence
// interval of their difference (the same resampled rows score both models).
import { mulberry32 } from '../model/rng.ts';
import { rocAuc } from './metrics.ts';

export interface AucComparison {
  rows: number;
  failed: number;
  aucA: number | null;
  aucB: number | null;
  /** aucB − aucA. */
  diff: number | null;
  ci95: [number, number] | null;
  /** Share of bootstrap samples where B beat A. */
  pBetter: number | null;
  iterations: number;
  seed: number;
}

const r4 = (x: number) => Number(x.toFixed(4));

export function compareAuc(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  labels: ArrayLike<number>,
  opts: { iterations?: number; seed?: number } = {},
): AucComparison {
  const iterations = opts.iterations ?? 1000;
  const seed = opts.seed ?? 42;
  const n = labels.length;
  const failed = Array.from(labels).filter((y) => y === 1).length;
  const aucA = rocAuc(a, labels);
  const aucB = rocAuc(b, labels);
  const base = {
    rows: n,
    failed,
    aucA: aucA === null ? null : r4(aucA),
    aucB: aucB === null ? null : r4(aucB),
    iterations,
    seed,
  };
  if (aucA === null || aucB === null) return { ...base, diff: null, ci95: null, pBetter: null };
  const rng = mulberry32(seed);
  const diffs: number[] = [];
  const sa = new Float64Array(n),
    sb = new Float64Array(n),
    sy = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) {
      const j = Math.floor(rng() * n);
      sa[i] = a[j]!;
      sb[i] = b[j]!;
      sy[i] = labels[j]!;
    }
    const x = rocAuc(sa, sy);
    const y = rocAuc(sb, sy);
    if (x !== null && y !== null) diffs.push(y - x); // a sample with one class has no AUC
  }
  diffs.sort((p, q) => p - q);
  const q = (f: number) => diffs[Math.min(diffs.length - 1, Math.max(0, Math.floor(f * diffs.length)))]!;
  return {
    ...base,
    diff: r4(aucB - aucA),
    ci95: diffs.length > 0 ? [r4(q(0.025)), r4(q(0.975))] : null,
    pBetter: diffs.length > 0 ? r4(diffs.filter((d) => d > 0).length / diffs.length) : null,
  };
}
