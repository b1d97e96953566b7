// Population stability index per feature: training distribution (bins fitted on training rows and
// stored with the model card) against recent scored requests. Pure.
//   PSI = Σ (a − e) · ln(a / e) over bins; < 0.1 stable, 0.1–0.25 moderate, > 0.25 shifted.
import { FEATURES, type FeatureVector } from './schema.ts';

export interface FeatureBins {
  feature: string;
  kind: 'numeric' | 'category';
  /** numeric: ascending cut points; bin i holds x ≤ edges[i] (last bin: x > last edge). */
  edges?: number[];
  categories?: string[];
  /** Share of training rows per bin, then one last share for missing values. */
  expected: number[];
  rows: number;
}

const EPS = 1e-4;

function binIndex(b: FeatureBins, v: number | string | null | undefined): number {
  const missing = b.expected.length - 1;
  if (v === null || v === undefined) return missing;
  if (b.kind === 'category') {
    const i = (b.categories ?? []).indexOf(String(v));
    return i < 0 ? missing : i;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return missing;
  const edges = b.edges ?? [];
  let i = 0;
  while (i < edges.length && v > edges[i]!) i++;
  return i;
}

/** Up to `maxBins` quantile bins per feature (fewer when values repeat), plus a missing bin. */
export function fitFeatureBins(rows: readonly FeatureVector[], maxBins = 10): FeatureBins[] {
  const out: FeatureBins[] = [];
  for (const f of FEATURES) {
    const vals = rows.map((r) => r[f.name] ?? null);
    let b: FeatureBins;
    if (f.kind === 'category') {
      b = {
        feature: f.name,
        kind: 'category',
        categories: [...(f.categories ?? [])],
        expected: [],
        rows: rows.length,
      };
    } else {
      const nums = vals
        .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
        .sort((x, y) => x - y);
      const edges: number[] = [];
      for (let k = 1; k < maxBins && nums.length > 0; k++) {
        const q = nums[Math.min(nums.length - 1, Math.floor((k / maxBins) * nums.length))]!;
        // Cut at the value below the quantile's first occurrence so ties stay in one bin.
        if (edges.length === 0 || q > edges[edges.length - 1]!) edges.push(q);
      }
      if (nums.length > 0 && edges[edges.length - 1] === nums[nums.length - 1]) edges.pop();
      b = { feature: f.name, kind: 'numeric', edges, expected: [], rows: rows.length };
    }
    b.expected = shares(b, vals);
    out.push(b);
  }
  return out;
}

function shares(b: FeatureBins, vals: readonly (number | string | null | undefined)[]): number[] {
  const n = (b.kind === 'category' ? (b.categories ?? []).length : (b.edges ?? []).length + 1) + 1;
  const counts = new Array<number>(n).fill(0);
  for (const v of vals) counts[binIndex({ ...b, expected: counts }, v)]!++;
  return counts.map((c) => (vals.length === 0 ? 0 : c / vals.length));
}

export function psi(expected: readonly number[], actual: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(EPS, expected[i]!);
    const a = Math.max(EPS, actual[i] ?? 0);
    s += (a - e) * Math.log(a / e);
  }
  return s;
}

export interface FeaturePsi {
  feature: string;
  psi: number;
  actual: number[];
}

/** PSI of every binned feature for the given recent vectors. */
export function featurePsi(bins: readonly FeatureBins[], recent: readonly FeatureVector[]): FeaturePsi[] {
  return bins.map((b) => {
    const actual = shares(
      b,
      recent.map((r) => r[b.feature] ?? null),
    );
    return { feature: b.feature, psi: recent.length === 0 ? 0 : psi(b.expected, actual), actual };
  });
}

/** The drift baseline a model card carries (`featureBins`), or null when it has none. */
export function cardFeatureBins(card: unknown): FeatureBins[] | null {
  const b = (card as { featureBins?: unknown } | null)?.featureBins;
  return Array.isArray(b) ? (b as FeatureBins[]) : null;
}
