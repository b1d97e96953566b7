// Unknown values in the standardised input: a number and a category alike sit at the training mean,
// so "unknown" is never read as an input the model did not see in training.
import { describe, expect, it } from 'vitest';
import { emptyFeatureVector, type FeatureVector } from '../../src/features/schema.ts';
import { fitPreprocess, transformInto } from '../../src/model/preprocess.ts';
import { loadDefaultScorer } from '../../src/model/scorer.ts';

const row = (over: FeatureVector): FeatureVector => ({ ...emptyFeatureVector(), ...over });

function columnsOf(spec: ReturnType<typeof fitPreprocess>, v: FeatureVector) {
  const out = new Float32Array(spec.columns.length);
  transformInto(spec, v, out);
  return Object.fromEntries(spec.columns.map((c, j) => [c.name, out[j]!]));
}

describe('preprocessing of unknown categories', () => {
  it('a category always known in training: unknown at scoring puts its one-hot columns at the mean (0)', () => {
    const train = Array.from({ length: 40 }, (_, i) =>
      row({ la: i, prevDeployOutcome: i % 4 === 0 ? 'failed' : 'succeeded' }),
    );
    const spec = fitPreprocess(train, { derived: false });
    const names = spec.columns.map((c) => c.name);
    expect(names).toContain('prevDeployOutcome=failed');
    expect(names).not.toContain('prevDeployOutcome:missing');
    const unknown = columnsOf(spec, row({ la: 5 }));
    for (const n of names.filter((x) => x.startsWith('prevDeployOutcome='))) expect(unknown[n]).toBe(0);
    // Known values still read as themselves, away from the mean.
    expect(
      columnsOf(spec, row({ la: 5, prevDeployOutcome: 'failed' }))['prevDeployOutcome=failed'],
    ).toBeGreaterThan(1);
  });

  it('a category with gaps in training: scaled on its known rows, with a missing indicator', () => {
    const train = Array.from({ length: 40 }, (_, i) =>
      row({ la: i, prevDeployOutcome: i % 5 === 0 ? null : i % 2 ? 'failed' : 'succeeded' }),
    );
    const spec = fitPreprocess(train, { derived: false });
    const failed = spec.columns.find((c) => c.name === 'prevDeployOutcome=failed')!;
    // 32 known rows (i not a multiple of 5), 16 of them failed (the odd ones): the mean over
    // the known rows, not 16 / 40 over all rows
    expect(failed.mean).toBeCloseTo(16 / 32, 10);
    const unknown = columnsOf(spec, row({ la: 5 }));
    expect(unknown['prevDeployOutcome=failed']).toBe(0);
    expect(unknown['prevDeployOutcome:missing']).toBeGreaterThan(0);
    expect(
      columnsOf(spec, row({ la: 5, prevDeployOutcome: 'failed' }))['prevDeployOutcome:missing'],
    ).toBeLessThan(0);
  });

  it('the shipped model: an unknown previous outcome neither raises nor lowers the risk', async () => {
    const scorer = await loadDefaultScorer();
    const v = row({ churnSource: 40, nf: 3, commits: 1, minutesSinceLastDeploy: 1440, recentFailureRate: 0 });
    const prev = scorer.score(v).contributions.find((c) => c.feature === 'prevDeployOutcome')!;
    expect(prev.value).toBeNull();
    // Unknown is the occlusion baseline itself, so it contributes nothing.
    expect(prev.contribution).toBeCloseTo(0, 6);
  });
});
