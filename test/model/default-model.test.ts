// The shipped model (models/DEFAULT) must load against the current feature schema and behave
// sensibly: a build right after a failure, in a project that fails often, is riskier.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { emptyFeatureVector } from '../../src/features/schema.ts';
import { loadDefaultScorer, MODELS_DIR } from '../../src/model/scorer.ts';

describe('the shipped default model', () => {
  it('loads, verifies and scores', async () => {
    const scorer = await loadDefaultScorer();
    const name = (await readFile(`${MODELS_DIR}/DEFAULT`, 'utf8')).trim();
    expect(scorer.info.version).toBe(name);
    expect(scorer.info.auc).toBeGreaterThan(0.6);

    const calm = {
      ...emptyFeatureVector(),
      churnSource: 40,
      churnTests: 10,
      nf: 3,
      commits: 1,
      prevDeployOutcome: 'succeeded',
      recentFailureRate: 0,
      historicalFailureRate: 0.1,
      authorRecentFailureRate: 0,
    };
    const stormy = {
      ...calm,
      prevDeployOutcome: 'failed',
      recentFailureRate: 0.8,
      historicalFailureRate: 0.4,
      authorRecentFailureRate: 0.6,
    };
    const [a, b] = scorer.scoreMany([calm, stormy]);
    expect(b!.probability).toBeGreaterThan(a!.probability);
    expect(b!.percentile).toBeGreaterThanOrEqual(a!.percentile);
    const prev = b!.contributions.find((c) => c.feature === 'prevDeployOutcome');
    expect(prev).toMatchObject({ value: 'failed' });
    expect(prev!.contribution).toBeGreaterThan(0);

    const empty = scorer.score(emptyFeatureVector());
    expect(empty.insufficientData).toBe(true);
    expect(empty.probability).toBeGreaterThan(0);
    expect(empty.probability).toBeLessThan(1);
  });
});
