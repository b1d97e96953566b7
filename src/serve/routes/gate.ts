// Gates for rollout controllers: Argo Rollouts reads $.risk.probability from GET /v1/gate;
// Flagger's confirm-rollout webhook calls POST /v1/gate and proceeds only on 200.
import type { Hono } from 'hono';
import { AppError } from '../../errors.ts';
import { levelOf, type RiskLevel } from '../../risk/scale.ts';
import type { RolloutPlan } from '../../rollout/types.ts';
import { getDeployment, latestDeployment, type DeploymentRow } from '../../store/deployments.ts';
import { authorize, parseWith, readJson, type AppEnv, type Services } from '../context.ts';
import { gateDecision, type GateOptions } from '../gate-policy.ts';
import { flaggerWebhookSchema, gateQuerySchema } from '../schemas.ts';
import { flaggerDeployment } from './flagger.ts';

function gateView(row: DeploymentRow, opts: GateOptions) {
  const result = JSON.parse(row.result) as {
    risk: { probability: number; level: RiskLevel; percentile: number };
    rollout: RolloutPlan;
  };
  const d = gateDecision(result.risk, result.rollout, opts);
  return {
    id: row.id,
    service: row.service,
    environment: row.environment,
    // The level the decision used (a record scored on older cuts is read on today's scale).
    risk: { ...result.risk, level: levelOf(result.risk.probability) },
    proceed: d.proceed,
    decision: d.proceed ? ('proceed' as const) : ('hold' as const),
    reason: d.reason,
    rollout: result.rollout,
  };
}

export function gateRoutes(app: Hono<AppEnv>, s: Services): void {
  const db = s.deps.store.db;

  app.get('/v1/gate', async (c) => {
    authorize(s, c, 'score');
    const q = parseWith(gateQuerySchema, c.req.query(), 'query');
    if (q.id === undefined && q.service === undefined)
      throw new AppError('bad_input', 'give `id` or `service`');
    const row =
      q.id !== undefined
        ? await getDeployment(db, q.id)
        : await latestDeployment(db, [q.service as string], q.environment);
    if (!row)
      throw new AppError(
        'not_found',
        q.id !== undefined ? `deployment ${q.id} not found` : `no scored deploy for ${q.service}`,
      );
    return c.json(
      gateView(row, {
        ...(q.failOn ? { failOn: q.failOn } : {}),
        ...(q.maxRisk !== undefined ? { maxRisk: q.maxRisk } : {}),
      }),
    );
  });

  app.post('/v1/gate', async (c) => {
    const body = parseWith(flaggerWebhookSchema, await readJson(s, c), 'Flagger webhook payload');
    authorize(s, c, 'score', body.metadata?.token);
    const meta = body.metadata ?? {};
    const opts = parseWith(
      gateQuerySchema.pick({ failOn: true, maxRisk: true }),
      { ...(meta.failOn ? { failOn: meta.failOn } : {}), ...(meta.maxRisk ? { maxRisk: meta.maxRisk } : {}) },
      'gate metadata',
    );
    const row = meta.deploymentId
      ? await getDeployment(db, meta.deploymentId)
      : await flaggerDeployment(s, body);
    if (!row) throw new AppError('not_found', `deployment ${meta.deploymentId} not found`);
    const view = gateView(row, opts);
    if (!view.proceed) throw new AppError('forbidden', `hold: ${view.reason}`, view);
    return c.json(view, 200);
  });
}
