import { describe, expect, it } from 'vitest';
import { featurePsi, fitFeatureBins, psi } from '../../src/features/drift.ts';
import { sampleRows } from '../helpers/feature-samples.ts';

describe('population stability index', () => {
  const train = sampleRows(3000, 1);
  const bins = fitFeatureBins(train);
  const byName = (xs: { feature: string; psi: number }[]) =>
    Object.fromEntries(xs.map((x) => [x.feature, x.psi]));

  it('is 0 for identical shares and grows with the shift', () => {
    expect(psi([0.5, 0.5], [0.5, 0.5])).toBe(0);
    expect(psi([0.5, 0.5], [0.4, 0.6])).toBeLessThan(psi([0.5, 0.5], [0.2, 0.8]));
  });

  it('near 0 when requests follow the training distribution', () => {
    const p = byName(featurePsi(bins, sampleRows(1000, 2)));
    for (const f of ['la', 'nf', 'fix', 'environment', 'errorRate']) expect(p[f]).toBeLessThan(0.05);
    // Features never seen in either sample sit in the missing bin on both sides.
    expect(p.testsTotal).toBeLessThan(1e-9);
  });

  it('above 0.25 for the one shifted feature, the others stay small', () => {
    const p = byName(featurePsi(bins, sampleRows(1000, 3, 5)));
    expect(p.la).toBeGreaterThan(0.25);
    for (const f of ['nf', 'fix', 'environment', 'errorRate']) expect(p[f]).toBeLessThan(0.05);
  });

  it('bins hold the training shares, missing last', () => {
    const la = bins.find((b) => b.feature === 'la')!;
    expect(la.edges!.length).toBe(9);
    expect(la.expected.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
    const er = bins.find((b) => b.feature === 'errorRate')!;
    expect(er.expected[er.expected.length - 1]).toBeCloseTo(
      train.filter((r) => r.errorRate === null).length / train.length,
      9,
    );
  });
});
