import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_POLICIES,
  THRESHOLDS_GONE,
  policyFileSchema,
  planRollout,
  resolvePolicy,
  type RolloutContext,
  type RolloutPlan,
} from '../../src/rollout/index.ts';
import { LEVEL_CUTS, levelOf, levelRule, RISK_LEVELS } from '../../src/risk/scale.ts';

const prod = DEFAULT_POLICIES.production;
const risk = (p: number) => ({ probability: p });
const firstWeight = (plan: RolloutPlan) => {
  const s = plan.steps.find((x) => 'setWeight' in x);
  return plan.decision === 'hold' || !s || !('setWeight' in s) ? 0 : s.setWeight;
};
const total = (plan: RolloutPlan) => plan.expectedMinutesToFull ?? Infinity;
const bakes = (plan: RolloutPlan) =>
  plan.decision === 'hold'
    ? Infinity
    : Math.min(...(plan.stepGates ?? []).map((g) => g.bakeMinutes), Infinity);
const rollbackWindow = (plan: RolloutPlan) =>
  plan.decision === 'hold' ? Infinity : (plan.scaleDownDelaySeconds ?? 0);

describe('planRollout: context', () => {
  // Each row: context and risk → expected decision/strategy and a phrase in the reasons.
  const rows: {
    name: string;
    p: number;
    ctx: RolloutContext;
    decision: string;
    strategy: string;
    reason: RegExp;
  }[] = [
    {
      name: 'exhausted budget holds',
      p: 0.02,
      ctx: { errorBudgetRemaining: 0 },
      decision: 'hold',
      strategy: 'hold',
      reason: /error budget exhausted/,
    },
    {
      name: 'negative budget holds too',
      p: 0.02,
      ctx: { errorBudgetRemaining: -0.3 },
      decision: 'hold',
      strategy: 'hold',
      reason: /error budget exhausted/,
    },
    {
      name: 'fix on exhausted budget rolls out carefully',
      p: 0.02,
      ctx: { errorBudgetRemaining: 0, fixOrRevert: true },
      decision: 'caution',
      strategy: 'canary',
      reason: /fix or revert: rolling out at the policy's careful pace for fixes \(fixOrRevertBand\)/,
    },
    {
      name: 'open incident holds a normal change',
      p: 0.02,
      ctx: { openIncidents: 1 },
      decision: 'hold',
      strategy: 'hold',
      reason: /open incident/,
    },
    {
      name: 'open incident lets a revert through, carefully',
      p: 0.02,
      ctx: { openIncidents: 2, fixOrRevert: true },
      decision: 'caution',
      strategy: 'canary',
      reason: /fix or revert: rolling out at the policy's careful pace/,
    },
    {
      name: 'high error rate holds high risk',
      p: 0.35,
      ctx: { errorRate: 0.2 },
      decision: 'hold',
      strategy: 'hold',
      reason: /error rate/,
    },
    {
      name: 'high error rate doubles bakes for low risk',
      p: 0.02,
      ctx: { errorRate: 0.2 },
      decision: 'caution',
      strategy: 'canary',
      reason: /bakes doubled/,
    },
    {
      name: 'peak traffic defers high risk',
      p: 0.35,
      ctx: { peakTraffic: true },
      decision: 'hold',
      strategy: 'hold',
      reason: /peak traffic/,
    },
    {
      name: 'peak traffic lengthens low-risk bakes',
      p: 0.02,
      ctx: { trafficLevel: 0.95 },
      decision: 'caution',
      strategy: 'canary',
      reason: /peak traffic .*bakes ×/,
    },
    {
      name: 'low traffic → blue-green',
      p: 0.2,
      ctx: { requestsPerMinute: 5 },
      decision: 'caution',
      strategy: 'blue-green',
      reason: /blue-green/,
    },
    {
      name: 'healthy low risk proceeds',
      p: 0.01,
      ctx: { errorBudgetRemaining: 0.8, errorRate: 0.001, openIncidents: 0 },
      decision: 'proceed',
      strategy: 'canary',
      reason: /failure probability 1 % → level low \(< 15 %\)/,
    },
  ];
  it.each(rows)('$name', ({ p, ctx, decision, strategy, reason }) => {
    const plan = planRollout(risk(p), ctx);
    expect(plan.decision).toBe(decision);
    expect(plan.strategy).toBe(strategy);
    expect(plan.reasons.join(' | ')).toMatch(reason);
    if (decision === 'hold') expect(plan.steps).toEqual([]);
  });

  it('the fix/revert exception is never faster than the careful band', () => {
    const normal = planRollout(risk(0.01), {});
    const fix = planRollout(risk(0.01), { errorBudgetRemaining: 0, fixOrRevert: true });
    expect(fix.band).toBe(prod.fixOrRevertBand);
    expect(firstWeight(fix)).toBeLessThanOrEqual(firstWeight(normal));
    expect(total(fix)).toBeGreaterThanOrEqual(total(normal));
  });

  it('a window hold names the next allowed start', () => {
    const plan = planRollout(risk(0.01), {
      at: new Date('2024-06-08T10:00:00Z'),
      windows: [{ kind: 'allow', schedule: '0 9 * * 1-5', duration: '8h', timeZone: 'Europe/Berlin' }],
    });
    expect(plan.decision).toBe('hold');
    expect(plan.nextAllowedAt).toBe('2024-06-10T07:00:00.000Z');
  });

  it('a peak hold with a traffic profile names the first off-peak quarter hour', () => {
    const weights = Array.from({ length: 168 }, (_, h) => (h % 24 >= 12 && h % 24 < 18 ? 100 : 40));
    const plan = planRollout(risk(0.3), {
      at: new Date('2024-06-05T13:10:00Z'),
      trafficProfile: { timeZone: 'UTC', weights },
    });
    expect(plan.decision).toBe('hold');
    expect(plan.nextAllowedAt).toBe('2024-06-05T18:00:00.000Z');
  });

  it('Argo steps and Flagger fields describe the same weights; a manual gate appears as pause {}', () => {
    const plan = planRollout(risk(0.9), {});
    const weights = plan.steps.flatMap((s) => ('setWeight' in s ? [s.setWeight] : []));
    expect(plan.flagger.stepWeights).toEqual(weights);
    expect(plan.flagger.maxWeight).toBe(weights[weights.length - 1]);
    expect(plan.steps.some((s) => 'pause' in s && s.pause.duration === undefined)).toBe(
      prod.bands.critical.manualGate,
    );
  });
});

describe('planRollout: monotone in risk (property)', () => {
  const contexts = fc.record({
    errorBudgetRemaining: fc.option(fc.double({ min: -0.5, max: 1, noNaN: true }), { nil: undefined }),
    errorRate: fc.option(fc.double({ min: 0, max: 0.3, noNaN: true }), { nil: undefined }),
    openIncidents: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    trafficLevel: fc.option(fc.double({ min: 0, max: 1.2, noNaN: true }), { nil: undefined }),
    fixOrRevert: fc.boolean(),
    requestsPerMinute: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
    environment: fc.constantFrom('production', 'staging'),
  });
  it('more risk never gives a larger first step, shorter bakes, a shorter total or a shorter rollback window', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        contexts,
        (a, b, ctx) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const policy = ctx.environment === 'staging' ? DEFAULT_POLICIES.staging : prod;
          const pl = planRollout({ probability: lo }, ctx, policy);
          const ph = planRollout({ probability: hi }, ctx, policy);
          expect(firstWeight(ph)).toBeLessThanOrEqual(firstWeight(pl));
          expect(total(ph)).toBeGreaterThanOrEqual(total(pl));
          expect(bakes(ph)).toBeGreaterThanOrEqual(bakes(pl));
          expect(rollbackWindow(ph)).toBeGreaterThanOrEqual(rollbackWindow(pl));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the band is the level of the probability on the one risk scale, whatever the context', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), contexts, (p, ctx) => {
        const plan = planRollout({ probability: p }, { ...ctx, fixOrRevert: false });
        expect(plan.band).toBe(levelOf(p));
        expect(plan.reasons[0]).toContain(`→ ${levelRule(levelOf(p))}`);
      }),
      { numRuns: 500 },
    );
  });
});

describe('policy files', () => {
  it('a policy whose rollback window shrinks with risk is refused', () => {
    const file = { production: { bands: { critical: { rollbackWindowMinutes: 0 } } }, services: [] };
    expect(() => resolvePolicy(file as never, 'api', 'production')).toThrow(
      /critical.rollbackWindowMinutes < high.rollbackWindowMinutes/,
    );
  });
  it('the shipped production policy keeps the previous version longer for riskier changes', () => {
    const low = planRollout(risk(0.01), {}, prod);
    const critical = planRollout(risk(0.9), {}, prod);
    expect(critical.scaleDownDelaySeconds).toBeGreaterThan(low.scaleDownDelaySeconds ?? 0);
    expect(critical.reasons.join(' ')).toMatch(/scaleDownDelaySeconds: \d+/);
  });
  it('a service override applies to matching services only', () => {
    const file = { services: [{ match: 'pay-*', policy: { bands: { low: { firstWeight: 1 } } } }] };
    // Lowering low.firstWeight below medium's breaks monotonicity and must be refused.
    expect(() => resolvePolicy(file as never, 'pay-api', 'production')).toThrow(/not monotone/);
    expect(resolvePolicy(file as never, 'web', 'production').bands.low.firstWeight).toBe(
      prod.bands.low.firstWeight,
    );
  });
  it('staging names resolve to the staging defaults', () => {
    expect(resolvePolicy(null, 'x', 'staging-eu')).toEqual(DEFAULT_POLICIES.staging);
    expect(resolvePolicy(null, 'x', 'prod-eu-1')).toEqual(prod);
  });
});

describe('planRollout: the band reason names the level and its cut', () => {
  const ctx = { environment: 'production' } as const;
  const reason = (probability: number) => planRollout({ probability }, ctx, prod).reasons[0]!;

  it('one scale: a probability the model would call high is paced as high', () => {
    expect(LEVEL_CUTS).toMatchObject({ medium: 0.15, high: 0.3, critical: 0.5 });
    expect(reason(0.34)).toBe('failure probability 34 % → level high (≥ 30 %)');
    expect(reason(0.169)).toBe('failure probability 16.9 % → level medium (≥ 15 %)');
    expect(reason(0.7)).toBe('failure probability 70 % → level critical (≥ 50 %)');
  });

  it('under every cut: level low', () => {
    expect(reason(0.03)).toBe('failure probability 3 % → level low (< 15 %)');
  });

  it('a score at a cut belongs to the higher level', () => {
    expect(reason(0.3)).toBe('failure probability 30 % → level high (≥ 30 %)');
    expect(planRollout({ probability: 0.5 }, ctx, prod).band).toBe('critical');
  });

  it('never prints a probability and the cut it is under as the same number', () => {
    expect(reason(0.1499)).toBe('failure probability 14.99 % → level low (< 15 %)');
    expect(reason(0.29996)).toBe('failure probability 29.996 % → level medium (≥ 15 %)');
  });
});

describe('policy files: the cuts are not a policy setting', () => {
  it('a file that still sets thresholds is refused, saying where the cuts live', () => {
    const r = policyFileSchema.safeParse({
      production: { thresholds: { medium: 0.05, high: 0.12, critical: 0.25 } },
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['production', 'thresholds']);
    expect(r.error!.issues[0]!.message).toBe(THRESHOLDS_GONE);
    expect(THRESHOLDS_GONE).toMatch(/one risk scale \(src\/risk\/scale\.ts/);
    const svc = policyFileSchema.safeParse({ services: [{ match: '*', policy: { thresholds: {} } }] });
    expect(svc.success).toBe(false);
  });
  it('a file without thresholds still parses', () => {
    expect(policyFileSchema.safeParse({ production: { maxErrorRate: 0.02 } }).success).toBe(true);
  });
});
