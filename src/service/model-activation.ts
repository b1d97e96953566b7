// The one check between a registered model and the active flag, for `deployrisk models activate`
// and POST /v1/models/{version}/activate alike.
//
// The figure read is the one a user meets: a card with a cross-project evaluation (the model
// never saw the project) is judged on its cross-project mean AUC against the logistic baseline
// fitted in that same evaluation; any other card on its held-out (newest) part against the
// in-run logistic baseline. Refused unless forced: a loss to that baseline (strictly lower; a tie
// is not a loss), an AUC below 0.55, or no AUC at all.
//
// The shipped default (the weights named by models/DEFAULT, under any version) is always
// allowed: it is what scores when no registered model is active, so refusing it would only keep
// the user on a model the check did not vouch for either. Its figures are still shown, a loss
// included.
import { AppError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { getModel, registerModel } from '../store/models.ts';
import { shippedDefaultModel, type ShippedModel } from './model-ref.ts';

/** Below this AUC a model is refused without --force. */
export const MIN_ACTIVATION_AUC = 0.55;

export type FiguresBasis = 'cross-project' | 'held-out';

export interface CardFigures {
  basis: FiguresBasis;
  auc: number | null;
  logisticAuc: number | null;
}

export interface ActivationVerdict extends CardFigures {
  ok: boolean;
  /** Why it is refused (empty when ok, and for the shipped default). */
  reasons: string[];
  /** The card's weights are the shipped default's. */
  shipped: boolean;
  /** What the card says against it even though it is allowed (the shipped default). */
  notes: string[];
}

type CardLike = {
  metrics?: {
    test?: { auc?: unknown };
    baselines?: { logistic?: { auc?: unknown } };
    crossProject?: { meanAuc?: unknown; meanLogistic?: unknown };
  };
  files?: { modelJsonSha256?: unknown; weightsSha256?: unknown };
};

const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** The figure the check reads from a card and its logistic baseline (null when absent). */
export function cardFigures(card: unknown): CardFigures {
  const m = (card as CardLike | null)?.metrics;
  const cp = m?.crossProject;
  if (cp && num(cp.meanAuc) !== null)
    return { basis: 'cross-project', auc: num(cp.meanAuc), logisticAuc: num(cp.meanLogistic) };
  return { basis: 'held-out', auc: num(m?.test?.auc), logisticAuc: num(m?.baselines?.logistic?.auc) };
}

/** Same model as the shipped default: the card vouches for the same model.json and weights. */
export function sameWeights(card: unknown, shipped: ShippedModel | null): boolean {
  const f = (card as CardLike | null)?.files;
  const s = (shipped?.card as CardLike | undefined)?.files;
  return (
    !!f &&
    !!s &&
    typeof f.weightsSha256 === 'string' &&
    f.weightsSha256 === s.weightsSha256 &&
    f.modelJsonSha256 === s.modelJsonSha256
  );
}

const BASIS_WORDS: Record<FiguresBasis, string> = {
  'cross-project': 'cross-project mean AUC',
  'held-out': 'held-out AUC',
};

/** "cross-project mean AUC 0.7751, logistic baseline 0.7895" */
export const figuresText = (f: CardFigures): string =>
  `${BASIS_WORDS[f.basis]} ${f.auc ?? 'n/a'}, logistic baseline ${f.logisticAuc ?? 'n/a'}`;

export function activationVerdict(card: unknown, opts: { shipped?: boolean } = {}): ActivationVerdict {
  const f = cardFigures(card);
  const what = BASIS_WORDS[f.basis];
  const against: string[] = [];
  if (f.auc === null)
    against.push(`its card has no ${what} (one class in the test part?), so nothing shows it ranks`);
  else {
    if (f.auc < MIN_ACTIVATION_AUC) against.push(`its ${what} ${f.auc} is below ${MIN_ACTIVATION_AUC}`);
    if (f.logisticAuc !== null && f.auc < f.logisticAuc) against.push('it lost to its logistic baseline');
  }
  const shipped = opts.shipped === true;
  return {
    ...f,
    shipped,
    ok: shipped || against.length === 0,
    reasons: shipped ? [] : against,
    notes: shipped ? against : [],
  };
}

export interface ActivationCheck {
  verdict: ActivationVerdict;
  /** Said beside a successful activation (forced, or the shipped default's own figures). */
  warnings: string[];
}

const SHIPPED_NOTE =
  'allowed without --force because it is the shipped default, the model that scores when no registered model is active';

/**
 * Refuses (conflict) a registered model its card does not vouch for, unless `force`; returns what
 * to say beside the activation. not_found for a version that is neither registered nor the
 * shipped default; the shipped default, by its version, is registered (pointing at its
 * directory) so that it can be activated back like any other model.
 */
export async function checkActivation(
  store: Store,
  version: string,
  force: boolean,
  now: number = Date.now(),
): Promise<ActivationCheck> {
  const shipped = await shippedDefaultModel();
  let row = await getModel(store.db, version);
  if (!row && shipped && shipped.version === version) {
    const created = Date.parse(String(shipped.card.createdAt ?? ''));
    await registerModel(store.db, {
      version,
      card: JSON.stringify(shipped.card),
      artifact_dir: shipped.dir,
      created_at: Number.isFinite(created) ? created : now,
      registered_at: now,
    });
    row = await getModel(store.db, version);
  }
  if (!row)
    throw new AppError(
      'not_found',
      `model ${version} is not registered${shipped ? ` (the shipped default is ${shipped.version})` : ''}`,
    );
  let card: unknown;
  try {
    card = JSON.parse(row.card);
  } catch {
    card = null;
  }
  const verdict = activationVerdict(card, { shipped: sameWeights(card, shipped) });
  if (verdict.shipped)
    return {
      verdict,
      warnings: verdict.notes.length
        ? [`model ${version}: ${verdict.notes.join('; ')} (${figuresText(verdict)}); ${SHIPPED_NOTE}`]
        : [],
    };
  if (verdict.ok) return { verdict, warnings: [] };
  const why = `model ${version}: ${verdict.reasons.join('; ')} (${figuresText(verdict)})`;
  if (!force)
    throw new AppError(
      'conflict',
      `refusing to activate ${why}; pass --force (HTTP: ?force=true) to activate it anyway`,
      {
        basis: verdict.basis,
        auc: verdict.auc,
        logisticAuc: verdict.logisticAuc,
        minAuc: MIN_ACTIVATION_AUC,
        reasons: verdict.reasons,
      },
    );
  return { verdict, warnings: [`activated by force although ${why}`] };
}

/** Loud words when the model does not beat its in-run logistic baseline on the held-out window. */
export function baselineWarnings(version: string, card: unknown): string[] {
  const v = activationVerdict(card);
  const out: string[] = [];
  if (v.auc !== null && v.logisticAuc !== null && v.auc <= v.logisticAuc)
    out.push(
      `model ${version} does not beat its logistic baseline on the held-out rows (${figuresText(v)}): a plain logistic regression on the same rows ranks them ${v.auc === v.logisticAuc ? 'as well' : 'better'}`,
    );
  for (const r of v.reasons)
    if (!r.startsWith('it lost to')) out.push(`model ${version}: ${r} (${figuresText(v)})`);
  if (out.length > 0)
    out.push(
      `model ${version} was registered anyway so that its card can be read and compared (deployrisk models show ${version}); it is not active${v.ok ? ' (a tie is not a loss: models activate accepts it)' : ', and models activate refuses it unless --force'}. The baseline is not registered instead: it was fitted on the training part only and is not saved as a model, and choosing between the two on the held-out rows would leave no held-out figure`,
    );
  return out;
}
