// The dashboard's model page: every model the server knows of (shipped and registered) with its
// card's metrics, and the active model's drift and live calibration from the model-health use case.
import type { ModelInfo } from '../../model/scorer-types.ts';
import { modelHealth, PSI_SHIFTED, type ModelHealth } from '../../serve/model-health.ts';
import type { Store } from '../../store/db.ts';
import { listModels } from '../../store/models.ts';

export interface ModelRowView {
  version: string;
  active: boolean;
  /** In the store's registry (activatable with the CLI), or only shipped with the server. */
  registered: boolean;
  createdAt: string;
  level: string | null;
  auc: number | null;
  crossProjectAuc: number | null;
  brier: number | null;
  ece: number | null;
  activatedAt: string | null;
}

export interface ModelHealthView {
  active: ModelInfo | null;
  models: ModelRowView[];
  health: ModelHealth;
  psiShifted: number;
  /** The CLI command that activates a model (activation is never a button on this page). */
  activateCommand: (version: string) => string;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function cardFigures(cardJson: string) {
  try {
    const card = JSON.parse(cardJson) as {
      level?: unknown;
      metrics?: { test?: Record<string, unknown>; crossProject?: { meanAuc?: unknown } };
    };
    const test = card.metrics?.test ?? {};
    return {
      level: typeof card.level === 'string' ? card.level : null,
      auc: num(test.auc),
      brier: num(test.brier),
      ece: num(test.ece),
      crossProjectAuc: num(card.metrics?.crossProject?.meanAuc),
    };
  } catch {
    return { level: null, auc: null, brier: null, ece: null, crossProjectAuc: null };
  }
}

export async function modelHealthView(
  store: Store,
  opts: { active: ModelInfo | null; shipped: ModelInfo[]; window: number },
): Promise<ModelHealthView> {
  const [registered, health] = await Promise.all([
    listModels(store.db),
    modelHealth(store, opts.active?.version ?? null, opts.window),
  ]);
  const rows: ModelRowView[] = registered.map((r) => ({
    version: r.version,
    active: r.version === opts.active?.version,
    registered: true,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    activatedAt: r.activated_at === null ? null : new Date(Number(r.activated_at)).toISOString(),
    ...cardFigures(r.card),
  }));
  const seen = new Set(rows.map((r) => r.version));
  const known =
    opts.active && !opts.shipped.some((m) => m.version === opts.active!.version)
      ? [opts.active, ...opts.shipped]
      : opts.shipped;
  for (const m of known) {
    if (seen.has(m.version)) continue;
    rows.push({
      version: m.version,
      active: m.version === opts.active?.version,
      registered: false,
      createdAt: m.createdAt,
      activatedAt: null,
      level: null,
      auc: m.auc,
      crossProjectAuc: m.crossProjectAuc,
      brier: null,
      ece: null,
    });
  }
  rows.sort((a, b) => Number(b.active) - Number(a.active) || b.createdAt.localeCompare(a.createdAt));
  return {
    active: opts.active,
    models: rows,
    health,
    psiShifted: PSI_SHIFTED,
    activateCommand: (version) => `deployrisk models activate ${version}`,
  };
}
