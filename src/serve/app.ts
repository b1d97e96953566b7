// The hono app: request ids, timing, body limit, routes, and the single error mapping.
import { FAILURE_STREAK_CAP } from '../features/schema.ts';
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.ts';
import { createAuth } from './auth.ts';
import { requestHeader, setResponseHeader, type AppEnv, type Services } from './context.ts';
import type { AppDeps } from './deps.ts';
import { errorResponse, toAppError } from './http-errors.ts';
import { bodyTooLarge } from './request-body.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { registerDriftGauges } from './drift-metrics.ts';
import { deploymentRoutes } from './routes/deployments.ts';
import { gateRoutes } from './routes/gate.ts';
import { modelRoutes } from './routes/models.ts';
import { opsRoutes } from './routes/ops.ts';
import { scoreRoutes } from './routes/score.ts';
import { uiRoutes } from './routes/ui.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { createSlackNotifier, type Notifier } from './slack-notify.ts';
import { createDeploymentWriter, recentOutcomes } from '../store/deployments.ts';
import { createHistoryCache } from './history-cache.ts';

/** Earlier deploys of a service the history features look at. */
// At least FAILURE_STREAK_CAP, so a streak can reach the cap it is trained with.
const HISTORY_LENGTH = Math.max(20, FAILURE_STREAK_CAP);

export interface AppOptions {
  metrics?: Metrics;
  notifier?: Notifier;
}

export interface DeployriskApp {
  app: Hono<AppEnv>;
  services: Services;
}

export function buildApp(deps: AppDeps, opts: AppOptions = {}): DeployriskApp {
  const services: Services = {
    deps,
    auth: createAuth(deps.config.DEPLOYRISK_TOKENS),
    audit: createDeploymentWriter(deps.store.db),
    history: createHistoryCache({
      load: (service, limit) => recentOutcomes(deps.store.db, service, limit),
      limit: HISTORY_LENGTH,
      ttlMs: deps.config.DEPLOYRISK_HISTORY_CACHE_MS,
      clock: deps.clock,
    }),
    metrics: opts.metrics ?? createMetrics(),
    notifier:
      opts.notifier ??
      createSlackNotifier(deps.config.DEPLOYRISK_SLACK_WEBHOOK_URL, {
        log: deps.log,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      }),
  };
  registerDriftGauges(services);
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const given = requestHeader(c, 'x-request-id');
    const requestId = given && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    setResponseHeader(c, 'x-request-id', requestId);
    const start = performance.now();
    await next();
    // Unmatched requests are labelled by one value so scanners cannot blow up the label set.
    const matched = routePath(c);
    const route = matched === '/*' || matched === '*' ? 'unmatched' : matched;
    services.metrics.requestDuration.observe(
      { method: c.req.method, route, status: String(c.res.status) },
      (performance.now() - start) / 1000,
    );
  });

  // A declared length over the limit is refused before any route runs; the limit also holds while
  // a body without one (chunked) is read (readJson). Not hono's bodyLimit: see request-body.ts.
  const limit = deps.config.DEPLOYRISK_BODY_LIMIT;
  app.use('*', async (c, next) => {
    const declared = requestHeader(c, 'content-length');
    if (declared !== undefined && Number(declared) > limit) throw bodyTooLarge(limit);
    await next();
  });

  opsRoutes(app, services);
  scoreRoutes(app, services);
  deploymentRoutes(app, services);
  webhookRoutes(app, services);
  gateRoutes(app, services);
  modelRoutes(app, services);
  uiRoutes(app, services);

  app.notFound((c) =>
    errorResponse(c, new AppError('not_found', `no route for ${c.req.method} ${c.req.path}`)),
  );
  app.onError((err, c) => errorResponse(c, toAppError(err, deps.log, c.get('requestId') ?? 'unknown')));
  return { app, services };
}
