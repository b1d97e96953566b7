// No time leakage: rows are split in time order, and nothing learned (scaler, imputation,
// calibration, thresholds) changes when the test rows change.
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/model/backend.ts';
import { silentLogger } from '../../src/log.ts';
import { parseTrainConfig } from '../../src/train/config.ts';
import { importCsvFile } from '../../src/train/import.ts';
import type { Dataset } from '../../src/train/dataset.ts';
import { runTraining } from '../../src/train/pipeline.ts';
import { timeSplit } from '../../src/train/split.ts';

const FIXTURE = new URL('../fixtures/train/kamei-bugzilla-240.csv', import.meta.url).pathname;

describe('timeSplit', () => {
  it('sorts by time, keeps ties in file order and puts the latest rows in test', () => {
    const rows = [5, 1, 3, 3, 9, 2, 8, 7, 6, 4].map((t, i) => ({ time: t, i }));
    const s = timeSplit(rows, { train: 0.6, valid: 0.2, test: 0.2 });
    expect(s.train.map((r) => r.time)).toEqual([1, 2, 3, 3, 4, 5]);
    expect(s.train.filter((r) => r.time === 3).map((r) => r.i)).toEqual([2, 3]);
    expect(s.test.map((r) => r.time)).toEqual([8, 9]);
    expect(s.orderedBy).toBe('time');
  });
  it('falls back to row order when a time is missing', () => {
    const s = timeSplit([{ time: 3 }, { time: null }, { time: 1 }, { time: 2 }, { time: 0 }], {
      train: 0.6,
      valid: 0.2,
      test: 0.2,
    });
    expect(s.orderedBy).toBe('row order');
    expect(s.test).toEqual([{ time: 0 }]);
  });
});

describe('the scaler never sees test rows', () => {
  it('learns the same preprocessing, calibration and thresholds whatever the test rows contain', async () => {
    const backend = await initBackend();
    const ds = await importCsvFile(FIXTURE);
    const config = parseTrainConfig({
      members: 1,
      hidden: 4,
      maxEpochs: 2,
      patience: 1,
      batchSize: 64,
      refit: true,
    });
    const latestFirst = [...ds.rows].sort((a, b) => b.time! - a.time!);
    const testRows = new Set(latestFirst.slice(0, 48));
    // Same data, except the test part (the latest 20 %) is blown up by a factor 1000.
    const poisoned: Dataset = {
      ...ds,
      rows: ds.rows.map((r) =>
        testRows.has(r)
          ? {
              ...r,
              features: Object.fromEntries(
                Object.entries(r.features).map(([k, v]) => [k, typeof v === 'number' ? v * 1000 + 7 : v]),
              ),
            }
          : r,
      ),
    };
    const a = await runTraining({ datasets: [ds], config, backend, log: silentLogger, version: 'a' });
    const b = await runTraining({ datasets: [poisoned], config, backend, log: silentLogger, version: 'a' });
    expect(b.report.card.preprocess).toEqual(a.report.card.preprocess);
    expect(b.report.card.calibration).toEqual(a.report.card.calibration);
    expect(b.report.card.thresholds).toEqual(a.report.card.thresholds);
    expect(b.report.card.files.weightsSha256).toBe(a.report.card.files.weightsSha256);
    // …while the test metrics do see the change.
    expect(b.result.test).not.toEqual(a.result.test);
  });
});
