import type { Hono } from 'hono';
import type { ModelInfo } from '../../model/scorer-types.ts';
import { authorize, type AppEnv, type Services } from '../context.ts';
import { requireScorer } from '../scoring.ts';

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
}
