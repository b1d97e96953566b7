import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  environmentCategory,
  environmentFeatures,
  failureStreakAtLeast,
  environmentStateSchema,
  type EnvironmentState,
} from '../../src/features/environment.ts';
import { DEPLOY_OUTCOMES, FAILURE_STREAK_CAP, parseFeatureVector } from '../../src/features/schema.ts';
import { validateFeatureValue } from '../../src/train/validate-row.ts';

// 2024-05-13 was a Monday.
const MONDAY = Date.UTC(2024, 4, 13);
const now = new Date(MONDAY + (2 * 24 + 14) * 3_600_000 + 30 * 60_000); // Wednesday 14:30 UTC

describe('environmentFeatures', () => {
  it('is unknown everywhere except the hour when nothing is said', () => {
    expect(environmentFeatures({}, now)).toEqual({
      environment: null,
      hourOfWeek: 62, // Wednesday = day 2 → 48 + 14
      peakTraffic: null,
      errorBudgetRemaining: null,
      errorRate: null,
      openIncidents: null,
      minutesSinceLastDeploy: null,
      prevDeployOutcome: null,
      recentFailureRate: null,
      failureStreak: null,
    });
  });

  it('computes a full hand-made state', () => {
    const state: EnvironmentState = {
      environment: 'Production',
      at: '2024-05-13T01:30:00+02:00', // = Sunday 23:30 UTC
      trafficLevel: 0.85,
      errorBudgetRemaining: 0.4,
      errorRate: 0.012,
      openIncidents: 2,
      lastDeployAt: '2024-05-12T21:00:00Z', // 2 h 30 min earlier
      recentOutcomes: ['rolled_back', 'succeeded', 'failed', 'succeeded'],
    };
    expect(environmentFeatures(state, now)).toEqual({
      environment: 'production',
      hourOfWeek: 167,
      peakTraffic: 1,
      errorBudgetRemaining: 0.4,
      errorRate: 0.012,
      openIncidents: 2,
      minutesSinceLastDeploy: 150,
      prevDeployOutcome: 'rolled_back', // the most recent of recentOutcomes
      recentFailureRate: 0.5, // rolled_back + failed out of 4
      failureStreak: 1, // rolled_back, then a success
    });
  });

  it('lets explicit values win over derived ones', () => {
    const f = environmentFeatures(
      {
        peakTraffic: false,
        trafficLevel: 0.99,
        lastDeployOutcome: 'succeeded',
        recentOutcomes: ['failed'],
        recentFailureRate: 0.1,
      },
      now,
    );
    expect(f).toMatchObject({ peakTraffic: 0, prevDeployOutcome: 'succeeded', recentFailureRate: 0.1 });
    expect(environmentFeatures({ trafficLevel: 0.79 }, now).peakTraffic).toBe(0);
    expect(environmentFeatures({ trafficLevel: 0.8 }, now).peakTraffic).toBe(1);
  });

  it('counts the bad outcomes in a row before this deploy when the state shows where the run ends', () => {
    const streak = (state: EnvironmentState) => environmentFeatures(state, now).failureStreak;
    expect(streak({ recentOutcomes: ['failed', 'rolled_back', 'failed', 'succeeded', 'failed'] })).toBe(3);
    expect(streak({ recentOutcomes: ['succeeded', 'failed', 'failed'] })).toBe(0);
    expect(streak({ lastDeployOutcome: 'succeeded' })).toBe(0);
    // lastDeployOutcome wins for the previous deploy; a list that disagrees with it is not read.
    expect(streak({ lastDeployOutcome: 'succeeded', recentOutcomes: ['failed', 'failed'] })).toBe(0);
    expect(streak({ lastDeployOutcome: 'failed', recentOutcomes: ['failed', 'succeeded'] })).toBe(1);
    expect(streak({ recentOutcomes: [] })).toBeNull();
    // Up to the cap: a longer run listed in full is the cap.
    expect(streak({ recentOutcomes: [...Array<'failed'>(25).fill('failed'), 'succeeded'] })).toBe(
      FAILURE_STREAK_CAP,
    );
  });

  it('a streak longer than the cap, sent as a feature or imported for training, is read as the cap', () => {
    const parsed = parseFeatureVector({ failureStreak: 35 });
    expect(parsed.success && parsed.data.failureStreak).toBe(FAILURE_STREAK_CAP);
    const within = parseFeatureVector({ failureStreak: 3 });
    expect(within.success && within.data.failureStreak).toBe(3);
    expect(parseFeatureVector({ failureStreak: -1 }).success).toBe(false);
    expect(validateFeatureValue('failureStreak', 194)).toBe(FAILURE_STREAK_CAP);
    expect(validateFeatureValue('failureStreak', 7)).toBe(7);
  });

  it('a state whose listed outcomes are all bad only bounds the streak: not a feature, a fallback', () => {
    // The run may go on before the list, so the store's full count must not be shadowed by it.
    expect(environmentFeatures({ recentOutcomes: ['failed', 'failed'] }, now).failureStreak).toBeNull();
    expect(environmentFeatures({ lastDeployOutcome: 'failed' }, now).failureStreak).toBeNull();
    expect(failureStreakAtLeast({ recentOutcomes: ['failed', 'failed'] })).toBe(2);
    expect(failureStreakAtLeast({ lastDeployOutcome: 'failed', recentOutcomes: ['succeeded'] })).toBe(1);
    expect(failureStreakAtLeast({ recentOutcomes: ['failed', 'succeeded'] })).toBeNull();
    expect(failureStreakAtLeast({})).toBeNull();
  });

  it('takes epoch-ms times, clamps overspent budgets and clock skew to 0', () => {
    const f = environmentFeatures(
      { at: MONDAY, lastDeployAt: MONDAY + 60_000, errorBudgetRemaining: -0.35 },
      now,
    );
    expect(f).toMatchObject({ hourOfWeek: 0, minutesSinceLastDeploy: 0, errorBudgetRemaining: 0 });
  });

  it.each([
    ['prod', 'production'],
    ['PRD', 'production'],
    ['production', 'production'],
    ['prod-eu-west-1', 'production'],
    ['staging', 'staging'],
    ['stage', 'staging'],
    ['stg', 'staging'],
    ['staging_2', 'staging'],
    ['dev', 'development'],
    ['development', 'development'],
    ['test', 'development'],
    ['qa', 'other'],
    ['canary', 'other'],
    ['preprod', 'other'],
  ])('maps environment %s → %s', (name, want) => {
    expect(environmentCategory(name)).toBe(want);
  });
});

describe('environmentStateSchema', () => {
  it('refuses unknown fields, out-of-range values and local times without an offset', () => {
    for (const bad of [
      { enviroment: 'prod' },
      { errorRate: 1.5 },
      { openIncidents: -1 },
      { openIncidents: 1.5 },
      { at: '2024-05-13T10:00:00' },
      { lastDeployOutcome: 'ok' },
      { environment: '   ' },
      { recentOutcomes: ['failed', 'meh'] },
    ]) {
      expect(environmentStateSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

const iso = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((ms) => new Date(ms).toISOString());
const stateArb: fc.Arbitrary<EnvironmentState> = fc.record(
  {
    environment: fc.oneof(
      fc.constantFrom('prod', 'staging', 'dev', 'test', 'qa'),
      // a blank name is refused by the schema (tested above), so valid states have a non-blank one
      fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0),
    ),
    at: fc.oneof(iso, fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) })),
    peakTraffic: fc.boolean(),
    trafficLevel: fc.double({ min: 0, max: 100, noNaN: true }),
    errorBudgetRemaining: fc.double({ min: -100, max: 1, noNaN: true }),
    errorRate: fc.double({ min: 0, max: 1, noNaN: true }),
    openIncidents: fc.integer({ min: 0, max: 10_000 }),
    lastDeployAt: fc.oneof(iso, fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) })),
    lastDeployOutcome: fc.constantFrom(...DEPLOY_OUTCOMES),
    recentOutcomes: fc.array(fc.constantFrom(...DEPLOY_OUTCOMES), { maxLength: 30 }),
    recentFailureRate: fc.double({ min: 0, max: 1, noNaN: true }),
  },
  { requiredKeys: [] },
);

describe('environmentFeatures properties', () => {
  it('any valid state gives a schema-valid, bounded, deterministic vector', () => {
    fc.assert(
      fc.property(stateArb, fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), (state, nowMs) => {
        expect(environmentStateSchema.safeParse(state).success).toBe(true);
        const f = environmentFeatures(state, new Date(nowMs));
        expect(parseFeatureVector(f).success).toBe(true);
        expect(Number.isInteger(f.hourOfWeek) && f.hourOfWeek >= 0 && f.hourOfWeek <= 167).toBe(true);
        if (f.minutesSinceLastDeploy !== null) expect(f.minutesSinceLastDeploy).toBeGreaterThanOrEqual(0);
        for (const k of ['errorBudgetRemaining', 'errorRate', 'recentFailureRate'] as const) {
          const v = f[k];
          if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
        }
        expect(environmentFeatures(structuredClone(state), new Date(nowMs))).toEqual(f);
        // Absent in, unknown out.
        if (state.openIncidents === undefined) expect(f.openIncidents).toBeNull();
        if (state.environment === undefined) expect(f.environment).toBeNull();
      }),
    );
  });

  it('hourOfWeek advances by one per hour and wraps after Sunday 23:00', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 24 * 7 * 520 }), (hours) => {
        const f = environmentFeatures({ at: MONDAY + hours * 3_600_000 }, now);
        expect(f.hourOfWeek).toBe(hours % 168);
      }),
    );
  });
});
