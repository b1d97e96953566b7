import type { Hono } from 'hono';
import { authorize, readJson, type AppEnv, type Services } from '../context.ts';
import { parseScoreRequest, scoreDeployment } from '../scoring.ts';

export function scoreRoutes(app: Hono<AppEnv>, s: Services): void {
  app.post('/v1/score', async (c) => {
    authorize(s, c, 'score');
    const body = parseScoreRequest(await readJson(s, c));
    const json = await scoreDeployment({ ...s, requestId: c.get('requestId') }, body);
    return c.body(json, 200, { 'content-type': 'application/json' });
  });
}
