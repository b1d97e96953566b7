// A small deterministic Scorer for the service tests: logistic in a few features, so a test can
// steer the risk level through the request (many failed tests → critical, a tiny change → low).
import type { FeatureVector } from '../../src/features/schema.ts';
import type { Contribution, ScoreInput, ScoreResult, Scorer } from '../../src/model/scorer-types.ts';
import { levelOf } from '../../src/risk/scale.ts';

const WEIGHTS: Record<string, number> = {
  la: 0.004,
  testsFailed: 1.5,
  errorRate: 20,
  revertPresent: 0.8,
  nf: 0.05,
  exp: -0.01,
};
const BIAS = -3;

// Levels from the one risk scale, as the real scorer gives them.
export { levelOf };

export function testScorer(version = 'test-1'): Scorer {
  const score = (f: FeatureVector, _input?: ScoreInput): ScoreResult => {
    const contributions: Contribution[] = Object.entries(WEIGHTS).map(([feature, w]) => {
      const value = f[feature] ?? null;
      return { feature, value, contribution: typeof value === 'number' ? w * value : 0 };
    });
    const z = BIAS + contributions.reduce((s, c) => s + c.contribution, 0);
    const probability = 1 / (1 + Math.exp(-z));
    contributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
    const present = contributions.filter((c) => c.value !== null).length;
    return {
      probability,
      level: levelOf(probability),
      percentile: probability * 100,
      percentileOf: 'the test reference',
      contributions,
      insufficientData: present < 2,
      warnings: [],
      commits: { scored: 0, riskiest: null },
    };
  };
  return {
    info: { version, createdAt: '2024-01-01T00:00:00.000Z', auc: 0.75, crossProjectAuc: null, featureSchemaVersion: '1.0.0' },
    score,
    scoreMany: (rows) => rows.map((r) => score(r)),
  };
}
