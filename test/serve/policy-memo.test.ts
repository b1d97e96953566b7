import { describe, expect, it } from 'vitest';
import { planRollout, resolvePolicy } from '../../src/rollout/index.ts';
import { createPolicyMemo } from '../../src/serve/policy-memo.ts';

describe('policy memo', () => {
  it('plans exactly as planRollout resolving the policy itself', () => {
    const memo = createPolicyMemo();
    const at = new Date('2024-06-03T10:00:00Z');
    for (const environment of ['production', 'prod-eu', 'staging', 'dev', 'qa', 'unspecified']) {
      for (const [probability, level] of [
        [0.02, 'low'],
        [0.2, 'medium'],
        [0.5, 'high'],
        [0.9, 'critical'],
      ] as const) {
        for (const errorRate of [null, 0.2]) {
          const ctx = { environment, errorRate, fixOrRevert: false, at };
          const risk = { probability, level, percentile: 50 };
          expect(planRollout(risk, ctx, memo(undefined, environment))).toEqual(planRollout(risk, ctx));
        }
      }
    }
  });

  it('resolves each pair once and forgets the oldest beyond its bound', () => {
    const memo = createPolicyMemo(2);
    const a = memo(undefined, 'production');
    expect(memo(undefined, 'production')).toBe(a);
    expect(a).toEqual(resolvePolicy(null, undefined, 'production'));
    memo('svc', 'production');
    memo(undefined, 'staging');
    expect(memo(undefined, 'production')).not.toBe(a); // evicted, resolved again
    expect(memo(undefined, 'production')).toEqual(a);
  });
});
