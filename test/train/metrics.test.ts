import { describe, expect, it } from 'vitest';
import {
  atThreshold,
  bestF1Threshold,
  brier,
  captureAt,
  ece,
  prAuc,
  recallAtEffort,
  reliabilityBins,
  rocAuc,
} from '../../src/train/metrics.ts';

describe('rocAuc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });
  it('counts tied positive/negative pairs as one half', () => {
    // Pairs (pos, neg): (0.5 vs 0.5) tie = ½, (0.5 vs 0.1) = 1, (0.9 vs 0.5) = 1, (0.9 vs 0.1) = 1 → 3.5 / 4.
    expect(rocAuc([0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1])).toBe(0.875);
    // All scores equal: every pair is a tie.
    expect(rocAuc([0.3, 0.3, 0.3], [0, 1, 0])).toBe(0.5);
  });
  it('is undefined (null) with one class only', () => {
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNull();
  });
});

describe('prAuc (average precision)', () => {
  it('matches a hand computation', () => {
    // Ranked: 0.9(1) 0.8(0) 0.7(1) 0.1(0): P@1 = 1 at R = ½, P@3 = ⅔ at R = 1 → ½·1 + ½·⅔ = 5/6.
    expect(prAuc([0.9, 0.8, 0.7, 0.1], [1, 0, 1, 0])).toBeCloseTo(5 / 6, 12);
  });
  it('treats a tie group as one threshold', () => {
    // Both at 0.5: one step to R = 1 with precision ½.
    expect(prAuc([0.5, 0.5], [1, 0])).toBe(0.5);
  });
});

describe('brier and ece', () => {
  it('brier is the mean squared error of the probabilities', () => {
    expect(brier([0.9, 0.2, 0.5], [1, 0, 0])).toBeCloseTo((0.01 + 0.04 + 0.25) / 3, 12);
  });
  it('ece weighs each equal-width bin by its share of rows', () => {
    // Bin [0.1,0.2): p 0.15, 0.15 with labels 0, 1 → |0.15 − 0.5| = 0.35, weight 2/4.
    // Bin [0.8,0.9): p 0.85, 0.85 with labels 1, 1 → |0.85 − 1| = 0.15, weight 2/4.
    expect(ece([0.15, 0.15, 0.85, 0.85], [0, 1, 1, 1])).toBeCloseTo(0.25, 12);
  });
  it('puts p = 1 in the last bin and is 0 for perfectly calibrated bins', () => {
    const bins = reliabilityBins([1, 1, 0, 0], [1, 1, 0, 0]);
    expect(bins[9]!.count).toBe(2);
    expect(bins[0]!.count).toBe(2);
    expect(ece([1, 1, 0, 0], [1, 1, 0, 0])).toBe(0);
  });
});

describe('threshold metrics', () => {
  it('computes accuracy, precision, recall and F1 at a threshold', () => {
    const m = atThreshold([0.9, 0.6, 0.4, 0.1], [1, 0, 1, 0], 0.5);
    expect(m).toMatchObject({ accuracy: 0.5, precision: 0.5, recall: 0.5, f1: 0.5 });
  });
  it('chooses the F1-maximising threshold', () => {
    // Cut at 0.7 → tp 2 of 3 predicted, P = 2 → F1 = 0.8; cut at 0.9 → ⅔; cut at 0.1 → 4/6.
    expect(bestF1Threshold([0.9, 0.8, 0.7, 0.1], [1, 0, 1, 0])).toBe(0.7);
  });
});

describe('effort and capture', () => {
  it('captureAt counts failures among the riskiest share', () => {
    expect(captureAt([0.9, 0.8, 0.2, 0.1, 0.05], [1, 0, 1, 0, 0], 0.2)).toBe(0.5);
    expect(captureAt([0.1, 0.2], [0, 0], 0.5)).toBeNull();
  });
  it('recallAtEffort stops before the line budget is exceeded and skips unknown effort', () => {
    // Total known effort 100 → budget 20. Riskiest: 10 lines (fail), then 5 (ok), then 50 (fail) exceeds.
    const r = recallAtEffort([0.9, 0.8, 0.7, 0.6, 0.5], [1, 0, 1, 1, 0], [10, 5, 50, null, 35], 0.2);
    expect(r).toBe(0.5);
  });
});
