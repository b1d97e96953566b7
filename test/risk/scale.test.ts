import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ALERT_LEVELS,
  alertLevelSchema,
  compareLevels,
  formatProbability,
  LEVEL_CUTS,
  levelAtLeast,
  levelOf,
  levelRange,
  levelRule,
  maxLevel,
  REFERENCE_FAILURE_RATE,
  RISK_LEVELS,
  riskLevelSchema,
  scaleDescription,
} from '../../src/risk/scale.ts';
import { RISK_LEVELS as FROM_SCORER_TYPES } from '../../src/model/scorer-types.ts';

describe('the one risk scale', () => {
  it('names four levels in order; the scorer contract re-exports the same tuple', () => {
    expect(RISK_LEVELS).toEqual(['low', 'medium', 'high', 'critical']);
    expect(FROM_SCORER_TYPES).toBe(RISK_LEVELS);
    expect(ALERT_LEVELS).toEqual(['medium', 'high', 'critical']);
  });

  it('cuts at 1.5, 3 and 5 times the 10 % reference deploy failure rate', () => {
    expect(REFERENCE_FAILURE_RATE).toBe(0.1);
    expect(LEVEL_CUTS).toEqual({ low: 0, medium: 0.15, high: 0.3, critical: 0.5 });
  });

  it.each([
    [0, 'low'],
    [0.1, 'low'],
    [0.1499999, 'low'],
    [0.15, 'medium'],
    [0.2999999, 'medium'],
    [0.3, 'high'],
    [0.34, 'high'],
    [0.4999999, 'high'],
    [0.5, 'critical'],
    [1, 'critical'],
  ] as const)('levelOf(%s) = %s (a score at a cut belongs to the higher level)', (p, level) => {
    expect(levelOf(p)).toBe(level);
  });

  it('refuses what is not a probability', () => {
    for (const p of [-0.01, 1.01, Number.NaN]) expect(() => levelOf(p)).toThrow(/within 0..1/);
  });

  it('is monotone: a higher probability never has a lower level', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(compareLevels(levelOf(lo), levelOf(hi))).toBeLessThanOrEqual(0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('orders levels: compareLevels, levelAtLeast, maxLevel', () => {
    expect([...RISK_LEVELS].reverse().sort(compareLevels)).toEqual(RISK_LEVELS);
    expect(levelAtLeast('high', 'high')).toBe(true);
    expect(levelAtLeast('critical', 'medium')).toBe(true);
    expect(levelAtLeast('medium', 'high')).toBe(false);
    expect(levelAtLeast('low', 'medium')).toBe(false);
    expect(maxLevel('medium', 'high')).toBe('high');
    expect(maxLevel('critical', 'low')).toBe('critical');
  });

  it('each level covers [from, below) and the ranges tile 0..1', () => {
    let next = 0;
    for (const l of RISK_LEVELS) {
      const r = levelRange(l);
      expect(r.from).toBe(next);
      expect(levelOf(r.from)).toBe(l);
      next = r.below ?? 1;
    }
    expect(levelRange('critical').below).toBeNull();
  });

  it('parses level names for requests and flags, and refuses others', () => {
    expect(riskLevelSchema.parse('high')).toBe('high');
    expect(riskLevelSchema.safeParse('severe').success).toBe(false);
    expect(alertLevelSchema.safeParse('low').success).toBe(false);
    expect(alertLevelSchema.parse('critical')).toBe('critical');
  });

  it('words the rule and the scale', () => {
    expect(levelRule('high')).toBe('level high (≥ 30 %)');
    expect(levelRule('low')).toBe('level low (< 15 %)');
    expect(scaleDescription()).toBe('low < 15 %, medium ≥ 15 %, high ≥ 30 %, critical ≥ 50 %');
  });

  it('never shows a probability as a number of another level', () => {
    expect(formatProbability(0.34)).toBe('34.0 %');
    expect(formatProbability(0.184)).toBe('18.4 %');
    expect(formatProbability(0.14996)).toBe('14.996 %');
    expect(formatProbability(0.15)).toBe('15.0 %');
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => {
        const shown = Number(formatProbability(p).replace(' %', '')) / 100;
        expect(levelOf(Math.min(1, shown))).toBe(levelOf(p));
      }),
      { numRuns: 2000 },
    );
  });
});
