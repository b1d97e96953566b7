// Chronological train / validation / test split. Every statistic the model learns comes from the
// earlier part, so the test part is the future the model has never seen.
import { AppError } from '../errors.ts';
import type { LabelledRow } from './dataset.ts';

export interface SplitFractions {
  train: number;
  valid: number;
  test: number;
}

export interface TimeSplit<R> {
  train: R[];
  valid: R[];
  test: R[];
  /** 'time' when every row had a time and rows were sorted by it, else 'row order'. */
  orderedBy: 'time' | 'row order';
}

export function sortByTime<R extends Pick<LabelledRow, 'time'>>(
  rows: readonly R[],
): { rows: R[]; orderedBy: 'time' | 'row order' } {
  if (rows.length > 0 && rows.every((r) => r.time !== null)) {
    // Array.prototype.sort is stable: equal times keep file order (CI builds within one hour).
    return { rows: [...rows].sort((a, b) => a.time! - b.time!), orderedBy: 'time' };
  }
  return { rows: [...rows], orderedBy: 'row order' };
}

export function timeSplit<R extends Pick<LabelledRow, 'time'>>(
  rows: readonly R[],
  f: SplitFractions,
): TimeSplit<R> {
  const total = f.train + f.valid + f.test;
  if (!(f.train > 0 && f.valid > 0 && f.test > 0) || Math.abs(total - 1) > 1e-6) {
    throw new AppError('bad_input', 'split fractions must be positive and sum to 1', f);
  }
  const { rows: sorted, orderedBy } = sortByTime(rows);
  const n = sorted.length;
  const a = Math.round(n * f.train);
  const b = Math.round(n * (f.train + f.valid));
  if (a < 1 || b - a < 1 || n - b < 1) throw new AppError('bad_input', `too few rows (${n}) to split`);
  return { train: sorted.slice(0, a), valid: sorted.slice(a, b), test: sorted.slice(b), orderedBy };
}
