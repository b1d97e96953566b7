// failureStreak of imported CI builds: from the labels of builds at least two clock hours earlier
// only (src/train/failure-streak.ts). Hand-made rows, a label-flip leakage check, and the real
// BF-Detector files against a brute-force count.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAILURE_STREAK_CAP } from '../../src/features/schema.ts';
import { emptyFeatureVector } from '../../src/features/schema.ts';
import type { LabelledRow } from '../../src/train/dataset.ts';
import { KNOWN_RESULT_GAP_MS, withFailureStreak } from '../../src/train/failure-streak.ts';
import { importCsvFile } from '../../src/train/import.ts';

const H = 3_600_000;
const row = (hour: number | null, label: 0 | 1): LabelledRow => ({
  features: emptyFeatureVector(),
  label,
  time: hour === null ? null : Date.UTC(2024, 0, 1) + hour * H,
});
const streaks = (rows: LabelledRow[]) => withFailureStreak(rows).map((r) => r.features.failureStreak);

describe('failureStreak from earlier builds', () => {
  it('counts failures in a row ending at the latest build at least two clock hours earlier', () => {
    const rows = [
      row(0, 1), // nothing two hours before: unknown
      row(0, 1),
      row(1, 0), // hour 0 is one hour before: not yet known
      row(2, 1), // reads hour 0: the two failures
      row(2, 0),
      row(3, 1), // reads the latest build of hours ≤ 1: the success at hour 1
      row(5, 1), // reads hour 3: failure, success, failure → 1
      row(9, 0), // reads hour 5: failure, failure → 2
    ];
    expect(streaks(rows)).toEqual([null, null, null, 2, 2, 0, 1, 2]);
  });

  it('never reads a build of the same or the previous clock hour, nor the row itself', () => {
    // Flip each label in turn: no streak of that row, or of a row less than two hours after it, moves.
    const rows = [0, 0, 1, 1, 1, 2, 2, 3, 4, 4, 6].map((h, i) => row(h, (i % 3 === 0 ? 1 : 0) as 0 | 1));
    const base = streaks(rows);
    rows.forEach((r, i) => {
      const flipped = rows.map((x, j) => (j === i ? { ...x, label: (1 - x.label) as 0 | 1 } : x));
      const after = streaks(flipped);
      rows.forEach((other, j) => {
        if (other.time! - r.time! < KNOWN_RESULT_GAP_MS)
          expect(after[j], `row ${j} after flipping ${i}`).toBe(base[j]);
      });
    });
  });

  it('counts up to the cap the server can see (its history of 20 deploys)', () => {
    const rows = [...Array.from({ length: 30 }, () => row(0, 1)), row(5, 0)];
    expect(streaks(rows).at(-1)).toBe(FAILURE_STREAK_CAP);
  });

  it('keeps row order and follows time order; without times it derives nothing', () => {
    const shuffled = [row(5, 0), row(0, 1), row(2, 1), row(0, 1)];
    // In time order: h0 f, h0 f, h2 f (reads h0: 2), h5 s (reads h2: 3)
    expect(streaks(shuffled)).toEqual([3, null, 2, null]);
    expect(streaks([row(null, 1), row(null, 1), row(null, 0)])).toEqual([null, null, null]);
  });

  it('on the real CI-build files equals a brute-force count over builds two hours earlier', async () => {
    const dir = 'data/ci-builds';
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBe(7);
    for (const f of files.slice(0, 2)) {
      const ds = await importCsvFile(join(dir, f));
      expect(ds.mapped.prev_build_result).toBe('prevDeployOutcome');
      const rows = ds.rows;
      let nonZero = 0;
      for (let i = 0; i < rows.length; i += 37) {
        const t = rows[i]!.time!;
        // The latest row (in file order, which is time order in these files) two hours earlier.
        let j = -1;
        for (let k = 0; k < rows.length; k++) if (rows[k]!.time! <= t - 2 * H) j = k;
        let expected: number | null = null;
        if (j >= 0) {
          expected = 0;
          for (let k = j; k >= 0 && rows[k]!.label === 1; k--) expected++;
          expected = Math.min(FAILURE_STREAK_CAP, expected);
        }
        expect(rows[i]!.features.failureStreak, `${f} row ${i}`).toBe(expected);
        if (expected) nonZero++;
      }
      expect(nonZero).toBeGreaterThan(0);
    }
  });
});
