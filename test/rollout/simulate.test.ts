import { describe, expect, it } from 'vitest';
import { DEFAULT_FAILURE_MODEL, type Failure } from '../../src/rollout/failure-model.ts';
import { DEFAULT_POLICIES, monotonicityProblems, bandMinutes } from '../../src/rollout/policy.ts';
import { fixedPolicies, fullAt, type Schedule } from '../../src/rollout/schedules.ts';
import {
  DEFAULT_BETA,
  auc,
  compare,
  dominatedDeciles,
  exposureOf,
  sampleDeploys,
  simulate,
} from '../../src/rollout/simulate.ts';
import { searchConfigSchema, searchPolicy } from '../../src/rollout/optimise.ts';
import { RISK_LEVELS } from '../../src/model/scorer-types.ts';

const m = DEFAULT_FAILURE_MODEL;
const policy = DEFAULT_POLICIES.production;
const failure = (over: Partial<Failure> = {}): Failure => ({
  onsetMinutes: 0,
  errorIncrease: 0.02,
  evidenceFullMinutes: 0.5,
  previewDraw: 0.9,
  ...over,
});

describe('exposureOf (hand-computed)', () => {
  it('all at once: evidence at full traffic, alert latency, then a full rollback', () => {
    const s: Schedule = { segments: [], preview: false, warmMinutes: 0 };
    // 0.5 min to evidence + 5 alert + 5 rollback after full, at weight 1, 1000 users.
    expect(exposureOf(s, failure(), m)).toBeCloseTo(1000 * (0.5 + 5 + 5), 6);
  });
  it('a 10 % canary for 30 min: evidence takes 5 min at 10 %, then 5 min alert, 1 min rollback', () => {
    const s: Schedule = { segments: [{ weight: 0.1, minutes: 30 }], preview: false, warmMinutes: 0 };
    expect(exposureOf(s, failure(), m)).toBeCloseTo(1000 * (0.1 * 10 + 0.1 * 1), 6);
  });
  it('a failure that starts after promotion costs what all-at-once costs', () => {
    const s: Schedule = { segments: [{ weight: 0.1, minutes: 30 }], preview: false, warmMinutes: 0 };
    expect(exposureOf(s, failure({ onsetMinutes: 120 }), m)).toBeCloseTo(
      exposureOf({ segments: [], preview: false, warmMinutes: 0 }, failure(), m),
      6,
    );
  });
  it('inside the rollback window after promotion a rollback is a traffic switch, after it a redeploy', () => {
    const warm: Schedule = { segments: [{ weight: 0.1, minutes: 30 }], preview: false, warmMinutes: 120 };
    // Onset at 60 (30 min after promotion): 0.5 evidence + 5 alert at 100 %, then a 1-minute switch.
    expect(exposureOf(warm, failure({ onsetMinutes: 60 }), m)).toBeCloseTo(1000 * (0.5 + 5 + 1), 6);
    // Onset at 200: the window (30 + 120 = 150) has closed, so the rollback is a 5-minute redeploy.
    expect(exposureOf(warm, failure({ onsetMinutes: 200 }), m)).toBeCloseTo(1000 * (0.5 + 5 + 5), 6);
  });
  it('evidence carries across steps, and the weight at alert time sets the rollback cost', () => {
    const s: Schedule = {
      segments: [
        { weight: 0.1, minutes: 2 },
        { weight: 0.5, minutes: 30 },
      ],
      preview: false,
      warmMinutes: 0,
    };
    // 0.2 full-min by t=2, 0.3 more at 50 % → evidence at 2.6, alert 7.6, rollback at 50 %.
    expect(exposureOf(s, failure(), m)).toBeCloseTo(1000 * (0.2 + 0.5 * 5.6 + 0.5 * 1), 6);
  });
  it('a blue-green preview catches an immediate failure only when its draw says so', () => {
    const bg = fixedPolicies(30)
      .find((p) => p.name === 'blue-green')!
      .scheduleFor('low');
    expect(exposureOf(bg, failure({ previewDraw: 0.1 }), m)).toBe(0);
    expect(exposureOf(bg, failure({ previewDraw: 0.9 }), m)).toBeGreaterThan(0);
  });
});

describe('fixed schedules are the documented ones', () => {
  it('Argo example 20/40/60/80 with a manual gate and 10 s pauses; Flagger 10..50 at 1 min', () => {
    const [argo, flagger, all] = fixedPolicies(30).map((p) => p.scheduleFor('low'));
    expect(argo!.segments.map((s) => s.weight)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(fullAt(argo!)).toBeCloseTo(30.5, 6);
    expect(flagger!.segments.map((s) => s.weight)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(fullAt(flagger!)).toBe(5);
    expect(fullAt(all!)).toBe(0);
  });
});

describe('simulate', () => {
  const run = (seed: number) => simulate({ seed, deploys: 4000, riskDist: DEFAULT_BETA, model: m, policy });
  it('is deterministic per seed and differs across seeds', () => {
    expect(run(7)).toEqual(run(7));
    expect(run(7).policies[0]!.badExposureUserMinutes).not.toBe(run(8).policies[0]!.badExposureUserMinutes);
  });
  it('is calibrated: deploys fail at the rate their scores say', () => {
    const d = sampleDeploys(DEFAULT_BETA, 40_000, m, 3);
    const meanP = d.reduce((a, x) => a + x.probability, 0) / d.length;
    const rate = d.filter((x) => x.failure).length / d.length;
    expect(Math.abs(rate - meanP)).toBeLessThan(4 * Math.sqrt((meanP * (1 - meanP)) / d.length));
  });
  it('score noise lowers the AUC the policy sees', () => {
    const clean = auc(sampleDeploys(DEFAULT_BETA, 20_000, m, 3));
    const noisy = auc(sampleDeploys(DEFAULT_BETA, 20_000, { ...m, scoreNoise: 2 }, 3));
    expect(noisy).toBeLessThan(clean - 0.05);
  });
  it('prints the issue JSON shape and compares with a fixed schedule no faster than ours', () => {
    const r = run(1);
    expect(Object.keys(r).sort()).toEqual(['bestFixed', 'exposureReduction', 'policies']);
    expect(r.policies.map((p) => p.name)).toEqual([
      'ours',
      'argo-example',
      'flagger-default',
      'all-at-once',
      'blue-green',
    ]);
    for (const p of r.policies) expect(p.byRiskDecile).toHaveLength(10);
    const ours = r.policies[0]!;
    const best = r.policies.find((p) => p.name === r.bestFixed)!;
    expect(best.meanMinutesToFull).toBeGreaterThanOrEqual(ours.meanMinutesToFull);
    expect(r.exposureReduction).toBeCloseTo(1 - ours.badExposureUserMinutes / best.badExposureUserMinutes, 3);
  });
  it('compare ignores faster schedules and returns null when none is as slow', () => {
    const mk = (name: string, e: number, t: number) => ({
      name,
      badExposureUserMinutes: e,
      meanMinutesToFull: t,
      meanRollbackWindowMinutes: 0,
      byRiskDecile: [],
    });
    expect(
      compare([mk('ours', 50, 10), mk('fast', 10, 5), mk('slow', 100, 20), mk('slower', 80, 30)]),
    ).toEqual({ bestFixed: 'slower', exposureReduction: 0.375 });
    expect(compare([mk('ours', 50, 10), mk('fast', 10, 5)])).toEqual({
      bestFixed: null,
      exposureReduction: null,
    });
  });
  it('shipped policy: no risk decile worse than the best fixed schedule on both costs (seed 1)', () => {
    const r = simulate({ seed: 1, deploys: 20_000, riskDist: DEFAULT_BETA, model: m, policy });
    const best = r.policies.find((p) => p.name === r.bestFixed)!;
    expect(dominatedDeciles(r.policies[0]!, best)).toEqual([]);
    expect(r.exposureReduction).toBeGreaterThan(0);
  });
});

describe('searchPolicy', () => {
  it('returns a monotone policy within the time and rollback-window budgets', () => {
    const cfg = searchConfigSchema.parse({
      seed: 5,
      deploysPerScenario: 3000,
      riskDist: 'default',
      scenarios: [
        { name: 'default', overrides: {} },
        { name: 'slow alerts', overrides: { alertLatencyMinutes: 15 } },
      ],
      grid: {
        firstWeight: [1, 5, 20, 100],
        steps: [1, 2],
        maxWeight: [50],
        bakeMinutes: [0, 5, 20, 60],
        rollbackWindowMinutes: [0, 60, 240],
      },
      manualGate: { low: false, medium: false, high: false, critical: true },
      lambdas: [1, 10, 100, 1000],
      mus: [0, 1, 10, 100],
      environments: { production: { timeBudgetMinutes: 20, rollbackWindowBudgetMinutes: 30 } },
    });
    const r = searchPolicy(cfg, DEFAULT_BETA, policy, 20, 30);
    expect(monotonicityProblems({ ...policy, bands: r.bands })).toEqual([]);
    expect(r.meanMinutesToFull).toBeLessThanOrEqual(20);
    expect(r.meanRollbackWindowMinutes).toBeLessThanOrEqual(30);
    // The window is worth most where failures are likeliest: it never shrinks with risk.
    expect(r.bands.critical.rollbackWindowMinutes).toBeGreaterThanOrEqual(r.bands.low.rollbackWindowMinutes);
    for (const lvl of RISK_LEVELS)
      expect(bandMinutes(r.bands[lvl], policy.manualGateMinutes)).toBeGreaterThanOrEqual(0);
  });
});
