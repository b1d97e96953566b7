import { describe, expect, it } from 'vitest';
import { activationVerdict } from '../../src/service/model-activation.ts';

const card = (auc: unknown, logistic: unknown) => ({
  metrics: { test: { auc }, baselines: { logistic: { auc: logistic } } },
});

describe('activationVerdict (the figures of a card)', () => {
  it.each([
    [0.7, 0.65, true, []],
    [0.7, 0.7, true, []], // a tie is not a loss
    [0.6, 0.65, false, ['it lost to its logistic baseline (AUC 0.6 < 0.65)']],
    [0.54, 0.5, false, ['its held-out AUC 0.54 is below 0.55']],
    [0.55, 0.5, true, []],
    [0.5, null, false, ['its held-out AUC 0.5 is below 0.55']],
  ])('AUC %s vs logistic %s: ok %s', (auc, logistic, ok, reasons) => {
    const v = activationVerdict(card(auc, logistic));
    expect(v.ok).toBe(ok);
    expect(v.reasons).toEqual(reasons);
    expect([v.auc, v.logisticAuc]).toEqual([auc, logistic]);
  });

  it('no held-out AUC (one class in the test part, or no metrics at all): refused, nothing to vouch for it', () => {
    for (const c of [card(null, 0.7), {}, null, card('0.9', 0.5)]) {
      const v = activationVerdict(c);
      expect(v.ok).toBe(false);
      expect(v.reasons[0]).toMatch(/no held-out AUC/);
    }
  });
});
