// Shapes and the two training paths of a member (tfjs fit, and the weighted custom loop).
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/model/backend.ts';
import { fitMember, predictLogits, type NetConfig } from '../../src/model/network.ts';
import { fitPreprocess, transformRows } from '../../src/model/preprocess.ts';
import { importCsvFile } from '../../src/train/import.ts';

const FIXTURE = new URL('../fixtures/train/kamei-bugzilla-240.csv', import.meta.url).pathname;
const cfg: NetConfig = {
  hidden: 4,
  l2: 1e-4,
  learningRate: 0.01,
  batchSize: 64,
  maxEpochs: 2,
  patience: 2,
  classWeight: 'sqrt',
};
let x: Float32Array;
let y: Float32Array;
let d: number;

beforeAll(async () => {
  await initBackend();
  const ds = await importCsvFile(FIXTURE);
  const spec = fitPreprocess(
    ds.rows.map((r) => r.features),
    { derived: true },
  );
  d = spec.columns.length;
  x = transformRows(
    spec,
    ds.rows.map((r) => r.features),
  );
  y = Float32Array.from(ds.rows, (r) => r.label);
});

describe('fitMember', () => {
  it('fits exactly the fixed epochs and predicts one finite logit per row, reproducibly', async () => {
    const a = await fitMember(x, y, d, cfg, 1, { fixedEpochs: 2 });
    const b = await fitMember(x, y, d, cfg, 1, { fixedEpochs: 2 });
    expect(a.epochs).toBe(2);
    const la = predictLogits(a.model, x, d);
    expect(la).toHaveLength(y.length);
    expect(la.every(Number.isFinite)).toBe(true);
    expect(predictLogits(b.model, x, d)).toEqual(la);
  });

  it('the recency-weighted loop trains too, and differs from the unweighted fit', async () => {
    const plain = await fitMember(x, y, d, cfg, 3, { fixedEpochs: 2 });
    const weighted = await fitMember(x, y, d, { ...cfg, recencyHalfLife: 0.2 }, 3, { fixedEpochs: 2 });
    const lp = predictLogits(plain.model, x, d);
    const lw = predictLogits(weighted.model, x, d);
    expect(lw.every(Number.isFinite)).toBe(true);
    expect(Array.from(lw)).not.toEqual(Array.from(lp));
  });
});
