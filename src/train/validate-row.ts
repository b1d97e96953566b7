// Values outside a feature's domain (negative counts, unknown categories) become missing rather
// than teaching the model something the scorer will never be sent.
import { featureDef, type FeatureValue } from '../features/schema.ts';

export function validateFeatureValue(name: string, v: FeatureValue): FeatureValue {
  if (v === null) return null;
  const def = featureDef(name);
  if (!def) return null;
  if (def.kind === 'category') return typeof v === 'string' && def.categories?.includes(v) ? v : null;
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  if (v < (def.min ?? 0)) return null;
  if (def.max !== undefined && v > def.max) return null;
  if (def.cap !== undefined && v > def.cap) return def.cap; // counted up to it, as at scoring
  if (def.kind === 'bool') return v ? 1 : 0;
  return v;
}
