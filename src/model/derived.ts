// Ratios derived from schema features. Computed the same way at training and at scoring time, so
// they live next to the scorer; each lists the schema features it is computed from (occlusion
// attribution needs that).
import type { FeatureVector } from '../features/schema.ts';
import { RANKED_METRICS, pctKey } from './repo-percentiles.ts';

export interface DerivedDef {
  name: string;
  inputs: readonly string[];
  log: boolean;
  compute(v: FeatureVector): number | null;
}

const n = (v: FeatureVector, k: string): number | null => {
  const x = v[k];
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
};
const ratio = (a: number | null, b: number | null): number | null =>
  a === null || b === null ? null : a / Math.max(b, 1);

export const DERIVED: readonly DerivedDef[] = [
  { name: 'la/lt', inputs: ['la', 'lt'], log: true, compute: (v) => ratio(n(v, 'la'), n(v, 'lt')) },
  { name: 'ld/lt', inputs: ['ld', 'lt'], log: true, compute: (v) => ratio(n(v, 'ld'), n(v, 'lt')) },
  {
    name: 'churn/nf',
    inputs: ['la', 'ld', 'nf'],
    log: true,
    compute: (v) => {
      const la = n(v, 'la'),
        ld = n(v, 'ld');
      return la === null || ld === null ? null : ratio(la + ld, n(v, 'nf'));
    },
  },
  { name: 'lt/nf', inputs: ['lt', 'nf'], log: true, compute: (v) => ratio(n(v, 'lt'), n(v, 'nf')) },
  { name: 'nuc/nf', inputs: ['nuc', 'nf'], log: true, compute: (v) => ratio(n(v, 'nuc'), n(v, 'nf')) },
  {
    name: 'codeChurn/nf',
    inputs: ['churnSource', 'churnTests', 'nf'],
    log: true,
    compute: (v) => {
      const s = n(v, 'churnSource'),
        t = n(v, 'churnTests');
      return s === null || t === null ? null : ratio(s + t, n(v, 'nf'));
    },
  },
  {
    name: 'testChurnShare',
    inputs: ['churnSource', 'churnTests'],
    log: false,
    compute: (v) => {
      const s = n(v, 'churnSource'),
        t = n(v, 'churnTests');
      return s === null || t === null ? null : s + t === 0 ? 0 : t / (s + t);
    },
  },
];

/**
 * Within-repository percentiles (repo-percentiles.ts): written into the vector as `pct:<metric>` by
 * whoever knows the repository (training: the project; scoring: the store or the walked history).
 */
export const PERCENTILE_INPUTS: readonly DerivedDef[] = RANKED_METRICS.map((m) => ({
  name: pctKey(m),
  inputs: [m],
  log: false,
  compute: (v: FeatureVector) => n(v, pctKey(m)),
}));

/**
 * Ratios with a monotone feature in the denominator (files touched): more files would lower them,
 * so a model that must never lower the risk when files go up cannot read them.
 */
export const NOT_MONOTONE_SAFE = new Set(['churn/nf', 'lt/nf', 'nuc/nf', 'codeChurn/nf']);

const ALL = [...DERIVED, ...PERCENTILE_INPUTS];
export const derivedDef = (name: string): DerivedDef | undefined => ALL.find((d) => d.name === name);
