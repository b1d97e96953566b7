import type { Context, Hono } from 'hono';
import { AppError } from '../../errors.ts';
import type { ModelInfo } from '../../model/scorer-types.ts';
import { authorize, readJson, requestHeader, type AppEnv, type Services } from '../context.ts';
import { modelHealth } from '../model-health.ts';
import { requireScorer } from '../scoring.ts';
import { checkActivation } from '../../service/model-activation.ts';

const VERSION_RE = /^[\w.-]{1,128}$/;

export function modelRoutes(app: Hono<AppEnv>, s: Services): void {
  app.get('/v1/models', (c) => {
    authorize(s, c, 'score');
    const active = s.deps.scorer()?.info ?? null;
    const known: ModelInfo[] = s.deps.models?.() ?? [];
    const all = active && !known.some((m) => m.version === active.version) ? [active, ...known] : known;
    return c.json({ items: all.map((m) => ({ ...m, active: m.version === active?.version })) });
  });

  app.get('/v1/models/active', (c) => {
    authorize(s, c, 'score');
    return c.json({ ...requireScorer(s.deps).info, active: true });
  });

  app.get('/v1/models/active/health', async (c) => {
    authorize(s, c, 'score');
    const w = c.req.query('window');
    const window = w === undefined ? s.deps.config.DEPLOYRISK_DRIFT_WINDOW : Number(w);
    if (!Number.isInteger(window) || window < 1 || window > 100_000)
      throw new AppError('bad_input', 'window must be an integer 1..100000');
    return c.json(await modelHealth(s.deps.store, s.deps.scorer()?.info.version ?? null, window));
  });

  app.post('/v1/models/:version/activate', async (c) => {
    authorize(s, c, 'admin');
    const version = c.req.param('version');
    if (!VERSION_RE.test(version)) throw new AppError('bad_input', 'invalid model version');
    if (!s.deps.registry) throw new AppError('not_found', 'this server has no model registry');
    const check = await checkActivation(s.deps.store, version, await forceOf(s, c), s.deps.clock());
    const info = await s.deps.registry.activate(version, s.deps.clock());
    s.metrics.setModel(info);
    for (const w of check.warnings) s.deps.log.warn(w);
    return c.json({ ...info, active: true, warnings: check.warnings });
  });
}

/** ?force=true, or a JSON body {"force": true}; no body means false. */
async function forceOf(s: Services, c: Context<AppEnv>): Promise<boolean> {
  const q = c.req.query('force');
  if (q !== undefined) {
    if (q !== 'true' && q !== 'false') throw new AppError('bad_input', 'force must be true or false');
    return q === 'true';
  }
  if (!requestHeader(c, 'content-type')) return false;
  const f = ((await readJson(s, c)) as { force?: unknown } | null)?.force;
  if (f !== undefined && typeof f !== 'boolean') throw new AppError('bad_input', 'force must be a boolean');
  return f === true;
}
