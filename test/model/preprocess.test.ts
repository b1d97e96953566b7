// Unknown values in the standardised input: a number and a category alike sit at the training mean,
// so "unknown" is never read as an input the model did not see in training.
import { describe, expect, it } from 'vitest';
import { FEATURES, emptyFeatureVector, type FeatureVector } from '../../src/features/schema.ts';
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
      row({ la: i, environment: i % 5 === 0 ? null : i % 2 ? 'production' : 'staging' }),
    );
    const spec = fitPreprocess(train, { derived: false });
    const prod = spec.columns.find((c) => c.name === 'environment=production')!;
    // 32 known rows (i not a multiple of 5), 16 of them production (the odd ones): the mean over
    // the known rows, not 16 / 40 over all rows
    expect(prod.mean).toBeCloseTo(16 / 32, 10);
    const unknown = columnsOf(spec, row({ la: 5 }));
    expect(unknown['environment=production']).toBe(0);
    expect(unknown['environment:missing']).toBeGreaterThan(0);
    expect(columnsOf(spec, row({ la: 5, environment: 'production' }))['environment:missing']).toBeLessThan(0);
  });

  it('history features with gaps in training get no missing indicator: no history sits at the mean', () => {
    // A gap in a history feature at scoring time means "no history yet"; in training data it meant
    // something else, so no indicator may carry what it meant there (schema: noMissingIndicator).
    const train = Array.from({ length: 40 }, (_, i) =>
      row({
        la: i,
        minutesSinceLastDeploy: i % 5 === 0 ? null : 60 * i,
        prevDeployOutcome: i % 5 === 0 ? null : i % 2 ? 'failed' : 'succeeded',
        recentFailureRate: i % 5 === 0 ? null : (i % 3) / 3,
      }),
    );
    const spec = fitPreprocess(train, { derived: false });
    const names = spec.columns.map((c) => c.name);
    expect(names).toContain('minutesSinceLastDeploy');
    expect(names).toContain('prevDeployOutcome=failed');
    expect(names).toContain('recentFailureRate');
    expect(names.filter((n) => n.endsWith(':missing'))).toEqual([]);
    const unknown = columnsOf(spec, row({ la: 5 }));
    expect(unknown['minutesSinceLastDeploy']).toBe(0);
    expect(unknown['prevDeployOutcome=failed']).toBe(0);
    expect(unknown['recentFailureRate']).toBe(0);
  });

  it('the shipped model: an unknown previous outcome neither raises nor lowers the risk', async () => {
    const scorer = await loadDefaultScorer();
    const v = row({ la: 40, ld: 4, nf: 3, commits: 1, minutesSinceLastDeploy: 1440, recentFailureRate: 0 });
    // Unknown adds no term; a success adds a term of 0; a failure raises the risk.
    const unknown = scorer.score(v);
    expect(unknown.contributions.find((c) => c.feature === 'prevDeployOutcome')).toBeUndefined();
    const ok = scorer.score({ ...v, prevDeployOutcome: 'succeeded' });
    expect(ok.probability).toBeCloseTo(unknown.probability, 12);
    expect(scorer.score({ ...v, prevDeployOutcome: 'failed' }).probability).toBeGreaterThan(unknown.probability);
  });

  it('the shipped model: no history at all (a first deploy) contributes nothing through the history features', async () => {
    const scorer = await loadDefaultScorer();
    const history = FEATURES.filter((f) => f.noMissingIndicator).map((f) => f.name);
    expect(history).toContain('minutesSinceLastDeploy');
    const v = row({ churnSource: 5, nf: 1, commits: 1 });
    const { contributions } = scorer.score(v);
    for (const name of history) {
      const c = contributions.find((x) => x.feature === name);
      if (c) expect(Math.abs(c.contribution)).toBeLessThan(1e-6);
    }
  });
});
