// The one check between a registered model and the active flag, for `deployrisk models activate`
// and POST /v1/models/{version}/activate alike: a model whose card says it ranked the held-out
// part no better than chance territory, or worse than the logistic baseline fitted in the same
// run, is refused unless forced. Both figures are in every message.
import { AppError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { getModel } from '../store/models.ts';

/** Below this held-out AUC a model is refused without --force. */
export const MIN_ACTIVATION_AUC = 0.55;

export interface CardFigures {
  auc: number | null;
  logisticAuc: number | null;
}

export interface ActivationVerdict extends CardFigures {
  ok: boolean;
  /** Why it is refused (empty when ok). */
  reasons: string[];
}

/** The held-out AUC of a card and of its in-run logistic baseline (null when absent). */
export function cardFigures(card: unknown): CardFigures {
  const m = (card as { metrics?: { test?: { auc?: unknown }; baselines?: { logistic?: { auc?: unknown } } } })
    ?.metrics;
  const n = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  return { auc: n(m?.test?.auc), logisticAuc: n(m?.baselines?.logistic?.auc) };
}

export function activationVerdict(card: unknown): ActivationVerdict {
  const f = cardFigures(card);
  const reasons: string[] = [];
  if (f.auc === null)
    reasons.push('its card has no held-out AUC (one class in the test part?), so nothing shows it ranks');
  else {
    if (f.auc < MIN_ACTIVATION_AUC) reasons.push(`its held-out AUC ${f.auc} is below ${MIN_ACTIVATION_AUC}`);
    if (f.logisticAuc !== null && f.auc < f.logisticAuc)
      reasons.push(`it lost to its logistic baseline (AUC ${f.auc} < ${f.logisticAuc})`);
  }
  return { ...f, ok: reasons.length === 0, reasons };
}

/** "held-out AUC 0.61, logistic baseline 0.7" */
export const figuresText = (f: CardFigures): string =>
  `held-out AUC ${f.auc ?? 'n/a'}, logistic baseline ${f.logisticAuc ?? 'n/a'}`;

/**
 * Refuses (conflict) a registered model its card does not vouch for, unless `force`; with
 * `force` returns the warnings to show. not_found for an unregistered version.
 */
export async function checkActivation(
  store: Store,
  version: string,
  force: boolean,
): Promise<{ verdict: ActivationVerdict; warnings: string[] }> {
  const row = await getModel(store.db, version);
  if (!row) throw new AppError('not_found', `model ${version} is not registered`);
  let card: unknown;
  try {
    card = JSON.parse(row.card);
  } catch {
    card = null;
  }
  const verdict = activationVerdict(card);
  if (verdict.ok) return { verdict, warnings: [] };
  const why = `model ${version}: ${verdict.reasons.join('; ')} (${figuresText(verdict)})`;
  if (!force)
    throw new AppError(
      'conflict',
      `refusing to activate ${why}; pass --force (HTTP: ?force=true) to activate it anyway`,
      {
        auc: verdict.auc,
        logisticAuc: verdict.logisticAuc,
        minAuc: MIN_ACTIVATION_AUC,
        reasons: verdict.reasons,
      },
    );
  return { verdict, warnings: [`activated by force although ${why}`] };
}
