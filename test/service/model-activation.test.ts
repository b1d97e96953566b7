import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  activationVerdict,
  baselineWarnings,
  cardFigures,
  sameWeights,
} from '../../src/service/model-activation.ts';
import { shippedDefaultModel } from '../../src/service/model-ref.ts';

const card = (auc: unknown, logistic: unknown) => ({
  metrics: { test: { auc }, baselines: { logistic: { auc: logistic } } },
});
const SHIPPED_CARD = JSON.parse(
  readFileSync(
    resolve(
      import.meta.dirname,
      '../../models',
      readFileSync(resolve(import.meta.dirname, '../../models/DEFAULT'), 'utf8').trim(),
      'card.json',
    ),
    'utf8',
  ),
);

describe('activationVerdict (the figures of a card)', () => {
  it.each([
    [0.7, 0.65, true, []],
    [0.7, 0.7, true, []], // a tie is not a loss
    [0.6, 0.65, false, ['it lost to its logistic baseline']],
    [0.54, 0.5, false, ['its held-out AUC 0.54 is below 0.55']],
    [0.55, 0.5, true, []],
    [0.5, null, false, ['its held-out AUC 0.5 is below 0.55']],
  ])('held-out AUC %s vs logistic %s: ok %s', (auc, logistic, ok, reasons) => {
    const v = activationVerdict(card(auc, logistic));
    expect(v.ok).toBe(ok);
    expect(v.reasons).toEqual(reasons);
    expect([v.basis, v.auc, v.logisticAuc]).toEqual(['held-out', auc, logistic]);
  });

  it('no held-out AUC (one class in the test part, or no metrics at all): refused, nothing to vouch for it', () => {
    for (const c of [card(null, 0.7), {}, null, card('0.9', 0.5)]) {
      const v = activationVerdict(c);
      expect(v.ok).toBe(false);
      expect(v.reasons[0]).toMatch(/no held-out AUC/);
    }
  });

  it('a card with a cross-project evaluation is judged on it, not on its pooled held-out part', () => {
    const c = {
      metrics: {
        test: { auc: 0.9 },
        baselines: { logistic: { auc: 0.5 } },
        crossProject: { meanAuc: 0.7, meanLogistic: 0.72 },
      },
    };
    const v = activationVerdict(c);
    expect([v.basis, v.auc, v.logisticAuc, v.ok]).toEqual(['cross-project', 0.7, 0.72, false]);
    expect(v.reasons).toEqual(['it lost to its logistic baseline']);
  });

  it("the shipped default's card: the figures the guard reads are those of its cross-project evaluation", () => {
    const cp = SHIPPED_CARD.metrics.crossProject;
    expect(cardFigures(SHIPPED_CARD)).toEqual({
      basis: 'cross-project',
      auc: cp.meanAuc,
      logisticAuc: cp.meanLogistic,
    });
    // Judged as any other model, then as the shipped default: allowed, with what it lost said.
    const plain = activationVerdict(SHIPPED_CARD);
    const lost = cp.meanAuc < cp.meanLogistic || cp.meanAuc < 0.55;
    expect(plain.ok).toBe(!lost);
    const shipped = activationVerdict(SHIPPED_CARD, { shipped: true });
    expect(shipped.ok).toBe(true);
    expect(shipped.reasons).toEqual([]);
    expect(shipped.notes).toEqual(plain.reasons);
  });

  it('the shipped default is recognised by its weights under any version, not by its name', async () => {
    const shipped = await shippedDefaultModel();
    expect(shipped).not.toBeNull();
    expect(sameWeights({ ...SHIPPED_CARD, version: 'a-copy' }, shipped)).toBe(true);
    const other = { ...SHIPPED_CARD, files: { ...SHIPPED_CARD.files, weightsSha256: '0'.repeat(64) } };
    expect(sameWeights(other, shipped)).toBe(false);
    expect(sameWeights({}, shipped)).toBe(false);
    expect(sameWeights(SHIPPED_CARD, null)).toBe(false);
  });
});

describe('baselineWarnings (what learn says about the model it registered)', () => {
  it('a loss: loud, with both figures, and says activate refuses it and why the baseline is not registered', () => {
    const w = baselineWarnings('m1', card(0.61, 0.66));
    expect(w[0]).toBe(
      'model m1 does not beat its logistic baseline on the held-out rows (held-out AUC 0.61, logistic baseline 0.66): a plain logistic regression on the same rows ranks them better',
    );
    expect(w.at(-1)).toMatch(
      /registered anyway.*refuses it unless --force.*baseline is not registered instead/,
    );
    expect(w).toHaveLength(2);
  });

  it('a tie warns too, and says activate accepts it', () => {
    const w = baselineWarnings('m2', card(0.7, 0.7));
    expect(w[0]).toMatch(/ranks them as well/);
    expect(w.at(-1)).toMatch(/a tie is not a loss: models activate accepts it/);
  });

  it('below 0.55 while beating the baseline: the AUC is the warning', () => {
    const w = baselineWarnings('m3', card(0.53, 0.5));
    expect(w[0]).toBe(
      'model m3: its held-out AUC 0.53 is below 0.55 (held-out AUC 0.53, logistic baseline 0.5)',
    );
    expect(w.at(-1)).toMatch(/refuses it unless --force/);
  });

  it('a model that beats its baseline above 0.55: nothing to say', () => {
    expect(baselineWarnings('m4', card(0.8, 0.75))).toEqual([]);
  });
});
