import type { FeatureVector } from '../../src/features/schema.ts';
import { mulberry32 } from '../../src/model/rng.ts';

// Rows from one fixed distribution: log-normal sizes, a bool, a category, a fraction with gaps.
export function sampleRows(n: number, seed: number, laScale = 1): FeatureVector[] {
  const rng = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return Array.from({ length: n }, () => ({
    la: Math.round(Math.exp(3 + 1.2 * normal()) * laScale),
    nf: 1 + Math.floor(rng() * 8),
    fix: rng() < 0.3 ? 1 : 0,
    environment: rng() < 0.7 ? 'production' : 'staging',
    errorRate: rng() < 0.2 ? null : rng() * 0.05,
  }));
}
