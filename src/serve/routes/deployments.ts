import type { Hono } from 'hono';
import { AppError } from '../../errors.ts';
import {
  decodeCursor,
  encodeCursor,
  getDeployment,
  getOutcome,
  getOutcomes,
  listDeployments,
  recordOutcome,
} from '../../store/deployments.ts';
import { authorize, parseWith, readJson, type AppEnv, type Services } from '../context.ts';
import { listQuerySchema, outcomeRequestSchema, summaryQuerySchema } from '../schemas.ts';
import { answeredResponse, deploymentHeader, deploymentView, outcomeView } from '../views.ts';

export function deploymentRoutes(app: Hono<AppEnv>, s: Services): void {
  const db = s.deps.store.db;

  app.get('/v1/deployments', async (c) => {
    authorize(s, c, 'score');
    const q = parseWith(listQuerySchema, c.req.query(), 'query');
    const page = await listDeployments(db, {
      limit: q.limit,
      ...(q.service !== undefined ? { service: q.service } : {}),
      ...(q.cursor !== undefined ? { cursor: decodeCursor(q.cursor) } : {}),
    });
    const outcomes = await getOutcomes(
      db,
      page.rows.map((r) => r.id),
    );
    return c.json({
      items: page.rows.map((r) => deploymentHeader(r, outcomes.get(r.id))),
      nextCursor: page.next ? encodeCursor(page.next) : null,
    });
  });

  app.get('/v1/deployments/:id', async (c) => {
    authorize(s, c, 'score');
    const id = c.req.param('id');
    const row = await getDeployment(db, id);
    if (!row) throw new AppError('not_found', `deployment ${id} not found`);
    return c.json(deploymentView(row, await getOutcome(db, id)));
  });

  app.get('/v1/deployments/:id/summary', async (c) => {
    authorize(s, c, 'score');
    const { format } = parseWith(summaryQuerySchema, c.req.query(), 'query');
    const id = c.req.param('id');
    const row = await getDeployment(db, id);
    if (!row) throw new AppError('not_found', `deployment ${id} not found`);
    const summaries = answeredResponse(row).summary;
    if (format === 'slack') return c.json(summaries.slack);
    if (format === 'markdown')
      return c.body(summaries.markdown, 200, { 'content-type': 'text/markdown; charset=utf-8' });
    return c.text(summaries.text);
  });

  app.post('/v1/deployments/:id/outcome', async (c) => {
    authorize(s, c, 'outcome');
    const body = parseWith(outcomeRequestSchema, await readJson(s, c), 'outcome');
    const now = s.deps.clock();
    const { outcome, created } = await recordOutcome(db, {
      deployment_id: c.req.param('id'),
      status: body.status,
      at: body.at ? Date.parse(body.at) : now,
      reason: body.reason ?? null,
      source: 'api',
      recorded_at: now,
    });
    s.history.noteOutcome(outcome.deployment_id, outcome);
    if (created) s.metrics.outcomes.inc({ status: outcome.status, source: 'api' });
    return c.json(outcomeView(outcome), created ? 201 : 200);
  });
}
