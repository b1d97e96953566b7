// Feature vector → standardised input row. The statistics are fitted on training rows only and
// saved in the model card; the scorer replays exactly this transform.
import { FEATURES, featureDef, type FeatureVector } from '../features/schema.ts';
import { DERIVED, NOT_MONOTONE_SAFE, PERCENTILE_INPUTS, derivedDef } from './derived.ts';

export interface InputColumn {
  /** Input name, e.g. "la", "la:missing", "environment=production", "la/lt". */
  name: string;
  /** Schema feature or derived ratio the column is computed from. */
  source: string;
  op: 'value' | 'missing' | 'onehot';
  log: boolean;
  category?: string;
  mean: number;
  std: number;
}

export interface PreprocessSpec {
  columns: InputColumn[];
  clip: number;
}

const CLIP = 6;

function rawValue(v: FeatureVector, source: string): number | string | null {
  const d = derivedDef(source);
  if (d) return d.compute(v);
  const x = v[source];
  return x === undefined ? null : x;
}

function columnValue(c: InputColumn, raw: number | string | null): number {
  if (c.op === 'missing') return raw === null ? 1 : 0;
  // An unknown category sits at the training mean like an unknown number (its `:missing`
  // column, when the training rows had gaps, says it is unknown). All one-hot columns at 0 would
  // instead read as "none of the categories": a row the model never saw when the feature was
  // always known in training, which the shipped model read as risk (a previous deploy of unknown
  // outcome added +0.4 log-odds).
  if (c.op === 'onehot') return raw === null ? Number.NaN : raw === c.category ? 1 : 0;
  if (raw === null || typeof raw !== 'number') return Number.NaN;
  return c.log ? Math.log1p(Math.max(0, raw)) : raw;
}

function meanStd(xs: number[]): { mean: number; std: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * Commit-level features a model must never read as lowering the risk when they go up (issue #13):
 * lines added, lines deleted, files touched. Training constrains every input column computed from
 * them (monotoneColumns) to act in that direction.
 */
export const COMMIT_MONOTONE_FEATURES: readonly string[] = ['la', 'ld', 'nf'];

export interface PreprocessOptions {
  /** Add the derived ratios (schema inputs only). */
  derived: boolean;
  /**
   * 'schema': the schema features (log-scaled counts) and ratios; 'percentile': each commit
   * metric's percentile within its repository (repo-percentiles.ts) plus the fix flag, which is
   * what transfers to a repository the model never saw.
   */
  inputs?: 'schema' | 'percentile';
  /** Leave out ratios that fall when a monotone feature rises (files touched in a denominator). */
  monotone?: boolean;
}

type Source = {
  name: string;
  log: boolean;
  kind: string;
  categories?: readonly string[];
  noMissingIndicator?: boolean;
};

/** Learns columns and scaling from `rows` (the training part). */
export function fitPreprocess(rows: readonly FeatureVector[], opts: PreprocessOptions): PreprocessSpec {
  const columns: InputColumn[] = [];
  const sources: Source[] = (
    opts.inputs === 'percentile' ? FEATURES.filter((f) => f.name === 'fix') : FEATURES
  ).map((f) => ({
    name: f.name,
    log: Boolean(f.heavyTailed),
    kind: f.kind,
    ...(f.categories ? { categories: f.categories } : {}),
    ...(f.noMissingIndicator ? { noMissingIndicator: true } : {}),
  }));
  if (opts.inputs === 'percentile')
    for (const d of PERCENTILE_INPUTS) sources.push({ name: d.name, log: d.log, kind: 'real' });
  else if (opts.derived)
    for (const d of DERIVED)
      if (!(opts.monotone && NOT_MONOTONE_SAFE.has(d.name)))
        sources.push({ name: d.name, log: d.log, kind: 'real' });
  for (const s of sources) {
    const raws = rows.map((r) => rawValue(r, s.name));
    const present = raws.filter((x) => x !== null);
    if (present.length === 0) continue;
    const candidates: Omit<InputColumn, 'mean' | 'std'>[] = [];
    if (s.kind === 'category') {
      for (const cat of s.categories ?? [])
        candidates.push({
          name: `${s.name}=${cat}`,
          source: s.name,
          op: 'onehot',
          log: false,
          category: cat,
        });
    } else {
      candidates.push({ name: s.name, source: s.name, op: 'value', log: s.log });
    }
    if (present.length < raws.length && !s.noMissingIndicator)
      candidates.push({ name: `${s.name}:missing`, source: s.name, op: 'missing', log: false });
    for (const c of candidates) {
      const xs = (c.op === 'missing' ? raws : present).map((r) => columnValue(c as InputColumn, r));
      const { mean, std } = meanStd(xs);
      // A constant column carries nothing and would divide by zero.
      if (std > 1e-9) columns.push({ ...c, mean, std });
    }
  }
  return { columns, clip: CLIP };
}

/** Writes the standardised row into `out` at `offset`; missing values sit at the training mean (0). */
export function transformInto(
  spec: PreprocessSpec,
  v: FeatureVector,
  out: Float32Array,
  offset = 0,
  skip?: ReadonlySet<string>,
): void {
  const cache = new Map<string, number | string | null>();
  spec.columns.forEach((c, j) => {
    if (skip?.has(c.source)) {
      out[offset + j] = 0;
      return;
    }
    let raw = cache.get(c.source);
    if (raw === undefined) {
      raw = rawValue(v, c.source);
      cache.set(c.source, raw);
    }
    const x = columnValue(c, raw);
    const z = Number.isNaN(x) ? 0 : (x - c.mean) / c.std;
    out[offset + j] = Math.max(-spec.clip, Math.min(spec.clip, z));
  });
}

export function transformRows(spec: PreprocessSpec, rows: readonly FeatureVector[]): Float32Array {
  const d = spec.columns.length;
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => transformInto(spec, r, out, i * d));
  return out;
}

/** The schema features a spec reads (directly or through a derived ratio). */
export function usedFeatures(spec: PreprocessSpec): string[] {
  const used = new Set<string>();
  for (const c of spec.columns) {
    const d = derivedDef(c.source);
    if (d) d.inputs.forEach((i) => used.add(i));
    else if (featureDef(c.source)) used.add(c.source);
  }
  return [...used];
}

/** Input columns that depend on a schema feature: its own columns and the ratios built from it. */
export function columnSourcesOf(feature: string): Set<string> {
  const s = new Set<string>([feature]);
  for (const d of [...DERIVED, ...PERCENTILE_INPUTS]) if (d.inputs.includes(feature)) s.add(d.name);
  return s;
}

/**
 * Indices of the value columns computed from a monotone feature. Each such source rises with it
 * (log1p, a percentile, a ratio with it in the numerator; clipping keeps the order), so a
 * non-negative effect of the column is a non-decreasing effect of the feature.
 */
export function monotoneColumns(spec: PreprocessSpec, features: readonly string[]): number[] {
  const set = new Set(features);
  const out: number[] = [];
  spec.columns.forEach((c, j) => {
    if (c.op !== 'value') return;
    const reads = derivedDef(c.source)?.inputs ?? [c.source];
    if (reads.some((f) => set.has(f))) {
      if (NOT_MONOTONE_SAFE.has(c.source))
        throw new Error(`input column ${c.name} falls as ${reads.join('/')} rises; it cannot be monotone`);
      out.push(j);
    }
  });
  return out;
}
