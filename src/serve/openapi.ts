// /openapi.json, generated from the zod schemas that validate the requests (schemas.ts).
import { z } from 'zod';
import { apiRegistry, gateQuerySchema, listQuerySchema, summaryQuerySchema } from './schemas.ts';

type Json = Record<string, unknown>;
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: Json, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const error = (description: string) => json(ref('Error'), description);

function componentSchemas(): Record<string, Json> {
  const out = z.toJSONSchema(apiRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    io: 'input',
    unrepresentable: 'any',
  }) as { schemas: Record<string, Json> };
  return Object.fromEntries(
    Object.entries(out.schemas).map(([id, s]) => {
      const { $schema: _s, $id: _i, ...rest } = s;
      return [id, rest];
    }),
  );
}

function queryParams(schema: z.ZodObject): Json[] {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(js.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: 'query',
      required: (js.required ?? []).includes(name),
      schema: rest,
      ...(description ? { description } : {}),
    };
  });
}

const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'Deployment id.',
};
const common = { '401': error('Missing or invalid token'), '403': error('Token lacks the scope') };

export function buildOpenApi(opts: { version: string }): Json {
  const paths: Json = {
    '/v1/score': {
      post: {
        summary: 'Score a deploy: risk, factors, rollout plan and summaries; stored as a deployment record',
        operationId: 'score',
        requestBody: { required: true, content: { 'application/json': { schema: ref('ScoreRequest') } } },
        responses: {
          '200': json(ref('ScoreResponse'), 'Scored'),
          '400': error('Invalid request (zod issues in details), or a bad git ref or repository'),
          '401': error('Missing or invalid token'),
          '403': error(
            'Token lacks the scope, or `git.repo` is outside DEPLOYRISK_REPO_ROOTS (or none are configured)',
          ),
          '413': error('Body over the limit (default 1 MiB)'),
          '422': error('Feature vector does not match the feature schema'),
          '500': error('git failed on a valid request'),
          '503': error('No model loaded'),
        },
      },
    },
    '/v1/deployments': {
      get: {
        summary: 'List scored deploys, newest first',
        operationId: 'listDeployments',
        parameters: queryParams(listQuerySchema),
        responses: { '200': json(ref('DeploymentList'), 'A page'), '400': error('Invalid query'), ...common },
      },
    },
    '/v1/deployments/{id}': {
      get: {
        summary: 'One deployment record (request, features, model version, result, outcome)',
        operationId: 'getDeployment',
        parameters: [idParam],
        responses: { '200': json(ref('Deployment'), 'Found'), ...common, '404': error('Unknown deployment') },
      },
    },
    '/v1/deployments/{id}/outcome': {
      post: {
        summary: 'Record the outcome of a deploy (idempotent; a different outcome is 409)',
        operationId: 'recordOutcome',
        parameters: [idParam],
        requestBody: { required: true, content: { 'application/json': { schema: ref('OutcomeRequest') } } },
        responses: {
          '200': json(ref('Outcome'), 'Same outcome was already recorded'),
          '201': json(ref('Outcome'), 'Recorded'),
          '400': error('Invalid body'),
          ...common,
          '404': error('Unknown deployment'),
          '409': error('A different outcome is already recorded'),
        },
      },
    },
    '/v1/deployments/{id}/summary': {
      get: {
        summary: 'Summary for people and chat bots',
        operationId: 'getSummary',
        parameters: [idParam, ...queryParams(summaryQuerySchema)],
        responses: {
          '200': {
            description: 'text/plain, text/markdown, or Slack Block Kit JSON',
            content: {
              'text/plain': { schema: { type: 'string' } },
              'text/markdown': { schema: { type: 'string' } },
              'application/json': { schema: { type: 'object' } },
            },
          },
          '400': error('Unknown format'),
          ...common,
          '404': error('Unknown deployment'),
        },
      },
    },
    '/v1/webhooks/flagger': {
      post: {
        summary: "Flagger post-rollout webhook: records the outcome of the service's latest scored deploy",
        operationId: 'flaggerOutcome',
        requestBody: { required: true, content: { 'application/json': { schema: ref('FlaggerWebhook') } } },
        responses: {
          '200': json(ref('FlaggerOutcomeResponse'), 'Already recorded, or a non-final phase ignored'),
          '201': json(ref('FlaggerOutcomeResponse'), 'Recorded'),
          '400': error('Invalid payload'),
          ...common,
          '404': error('No scored deploy for the service'),
          '409': error('A different outcome is already recorded'),
        },
      },
    },
    '/v1/gate': {
      get: {
        summary: 'Gate for an Argo Rollouts web metric (reads $.risk.probability)',
        operationId: 'getGate',
        parameters: queryParams(gateQuerySchema),
        responses: {
          '200': json(ref('GateResponse'), 'The gate'),
          '400': error('Invalid query'),
          ...common,
          '404': error('Nothing scored'),
        },
      },
      post: {
        summary: 'Flagger confirm-rollout webhook: 200 proceed, 403 hold',
        operationId: 'postGate',
        requestBody: { required: true, content: { 'application/json': { schema: ref('FlaggerWebhook') } } },
        responses: {
          '200': json(ref('GateResponse'), 'Proceed'),
          '400': error('Invalid payload'),
          '401': error('Missing or invalid token'),
          '403': error('Hold (the gate response is in error.details), or the token lacks the scope'),
          '404': error('Nothing scored for the service'),
        },
      },
    },
    '/v1/models': {
      get: {
        summary: 'Known models',
        operationId: 'listModels',
        responses: {
          '200': json(
            { type: 'object', properties: { items: { type: 'array', items: ref('ModelInfo') } } },
            'Models',
          ),
          ...common,
        },
      },
    },
    '/v1/models/active': {
      get: {
        summary: 'The model that scores now',
        operationId: 'activeModel',
        responses: {
          '200': json(ref('ModelInfo'), 'Active model'),
          ...common,
          '503': error('No model loaded'),
        },
      },
    },
    '/v1/models/active/health': {
      get: {
        summary:
          'Drift (PSI per feature: training bins vs the last N scored requests) and live calibration (Brier, reliability of deploys with outcomes) of the active model',
        operationId: 'activeModelHealth',
        parameters: [
          {
            name: 'window',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 1, maximum: 100000 },
            description: 'Scored requests to compare (default DEPLOYRISK_DRIFT_WINDOW)',
          },
        ],
        responses: {
          '200': json(
            {
              type: 'object',
              properties: { model: { type: 'object' }, drift: { type: 'object' }, live: { type: 'object' } },
            },
            'Health',
          ),
          ...common,
          '400': error('Bad window'),
        },
      },
    },
    '/v1/models/{version}/activate': {
      post: {
        summary:
          "Activate a registered model, or the shipped default by its version (admin): it is loaded first; one that fails to load is refused and the old model keeps serving. One whose card says it lost to its logistic baseline (strictly lower) or is below AUC 0.55 is refused (409) unless forced; the figure read is the card's cross-project mean AUC vs that evaluation's logistic baseline when it has one, else its held-out AUC vs the in-run baseline. The shipped default (its weights, under any version) is always allowed: it is the fallback that scores when nothing is active; what its card shows against it comes back in warnings",
        operationId: 'activateModel',
        parameters: [
          {
            name: 'version',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^[\\w.-]{1,128}$' },
          },
          {
            name: 'force',
            in: 'query',
            required: false,
            description: 'true: activate a model the check refuses (the response carries a warning)',
            schema: { type: 'string', enum: ['true', 'false'] },
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { force: { type: 'boolean' } },
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          '200': json(
            {
              allOf: [
                ref('ModelInfo'),
                {
                  type: 'object',
                  required: ['warnings'],
                  properties: {
                    warnings: {
                      type: 'array',
                      items: { type: 'string' },
                      description:
                        "Forced over a refusal, or the shipped default's own figures against it; empty otherwise",
                    },
                  },
                },
              ],
            },
            'Now active',
          ),
          ...common,
          '400': error('The model failed to load, or a bad force value'),
          '404': error('Not registered'),
          '409': error(
            'Refused: lost to its logistic baseline or below AUC 0.55 (both figures in the message; details: basis, auc, logisticAuc, minAuc, reasons)',
          ),
        },
      },
    },
    '/healthz': {
      get: {
        summary: 'Alive',
        operationId: 'healthz',
        security: [],
        responses: { '200': json({ type: 'object' }, 'Alive') },
      },
    },
    '/readyz': {
      get: {
        summary: 'Model loaded and database reachable',
        operationId: 'readyz',
        security: [],
        responses: {
          '200': json(ref('Readiness'), 'Ready'),
          '502': error('Not ready: database unreachable (checks in error.details)'),
          '503': error('Not ready: no model loaded (checks in error.details)'),
        },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics',
        operationId: 'metrics',
        security: [],
        responses: {
          '200': {
            description: 'Prometheus text format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/openapi.json': {
      get: {
        summary: 'This document',
        operationId: 'openapi',
        security: [],
        responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1') },
      },
    },
    '/docs': {
      get: {
        summary: 'Swagger UI',
        operationId: 'docs',
        security: [],
        responses: {
          '200': { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } },
        },
      },
    },
    ...dashboardPaths(),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'deployrisk',
      version: opts.version,
      description:
        'Deployment-risk prediction: calibrated failure probability, the factors behind it, and a rollout plan.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A token from DEPLOYRISK_TOKENS (scopes score, outcome, admin).',
        },
      },
    },
  };
}

/** The dashboard's HTML routes (src/serve/routes/ui.ts). */
function dashboardPaths() {
  const html = { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } };
  const toLogin = { description: 'Not signed in: redirect to /ui/login?next=…' };
  const param = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
  const page = (operationId: string, summary: string, parameters: object[] = []) => ({
    get: {
      summary,
      description:
        'Server-rendered HTML, no script. With DEPLOYRISK_TOKENS set: a bearer token with the score scope or the session cookie from POST /ui/login.',
      operationId,
      ...(parameters.length ? { parameters } : {}),
      responses: { '200': html, '303': toLogin },
    },
  });
  const query = (name: string) => ({ name, in: 'query', required: false, schema: { type: 'string' } });
  return {
    '/ui': page('dashboardDeploys', 'Dashboard: deploys, newest first, 50 a page', [
      query('service'),
      query('environment'),
      query('level'),
      query('outcome'),
      query('cursor'),
    ]),
    '/ui/deploys/{id}': page('dashboardDeploy', 'Dashboard: one deploy', [param('id')]),
    '/ui/models': page('dashboardModels', 'Dashboard: model health'),
    '/ui/services': page('dashboardServices', 'Dashboard: the services'),
    '/ui/services/{service}': page('dashboardService', 'Dashboard: one service', [param('service')]),
    '/ui/login': {
      get: {
        summary: 'Dashboard sign-in form',
        operationId: 'dashboardLoginForm',
        security: [],
        responses: { '200': html, '303': { description: 'No tokens configured: to /ui' } },
      },
      post: {
        summary: 'Dashboard sign-in: sets the session cookie (HttpOnly, SameSite=Strict, Path=/ui)',
        operationId: 'dashboardLogin',
        security: [],
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['token'],
                properties: { token: { type: 'string' }, next: { type: 'string' } },
              },
            },
          },
        },
        responses: {
          '303': { description: 'Signed in: to `next` (a /ui path) or /ui' },
          '401': html,
          '403': html,
        },
      },
    },
    '/ui/logout': {
      post: {
        summary: 'Dashboard sign-out: clears the session cookie',
        operationId: 'dashboardLogout',
        security: [],
        responses: { '303': { description: 'To /ui/login' } },
      },
    },
    '/ui/assets/app.css': {
      get: {
        summary: "The dashboard's stylesheet",
        operationId: 'dashboardCss',
        security: [],
        responses: { '200': { description: 'CSS', content: { 'text/css': { schema: { type: 'string' } } } } },
      },
    },
  };
}
