import type { Hono } from 'hono';
import { recordOutcome } from '../../store/deployments.ts';
import { authorize, parseWith, readJson, type AppEnv, type Services } from '../context.ts';
import { flaggerWebhookSchema } from '../schemas.ts';
import { outcomeView } from '../views.ts';
import { flaggerDeployment } from './flagger.ts';

// Flagger reports Failed after it has rolled the canary back, hence rolled_back.
const PHASE_OUTCOME: Record<string, 'succeeded' | 'rolled_back'> = {
  succeeded: 'succeeded',
  failed: 'rolled_back',
};

export function webhookRoutes(app: Hono<AppEnv>, s: Services): void {
  app.post('/v1/webhooks/flagger', async (c) => {
    const body = parseWith(flaggerWebhookSchema, await readJson(s, c), 'Flagger webhook payload');
    authorize(s, c, 'outcome', body.metadata?.token);
    const row = await flaggerDeployment(s, body);
    const status = PHASE_OUTCOME[body.phase.toLowerCase()];
    if (!status) {
      return c.json({
        deploymentId: row.id,
        created: false,
        outcome: null,
        ignored: `phase ${body.phase} is not final`,
      });
    }
    const now = s.deps.clock();
    const { outcome, created } = await recordOutcome(s.deps.store.db, {
      deployment_id: row.id,
      status,
      at: now,
      reason: `flagger ${body.namespace}/${body.name} phase ${body.phase}`,
      source: 'flagger',
      recorded_at: now,
    });
    s.history.noteOutcome(outcome.deployment_id, outcome);
    if (created) s.metrics.outcomes.inc({ status, source: 'flagger' });
    return c.json({ deploymentId: row.id, created, outcome: outcomeView(outcome) }, created ? 201 : 200);
  });
}
