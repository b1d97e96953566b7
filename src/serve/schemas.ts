// Request and response schemas of the HTTP API. Requests are validated with these at runtime;
// /openapi.json is generated from the same objects, so the docs cannot drift from the checks.
import { z } from 'zod';
import { DEPLOY_OUTCOMES, FEATURE_NAMES, featureVectorSchema } from '../features/schema.ts';
import { environmentStateSchema, type EnvironmentState } from '../features/environment.ts';
import { alertLevelSchema, riskLevelSchema, scaleDescription } from '../risk/scale.ts';
import { RANKED_METRICS, pctKey } from '../model/repo-percentiles.ts';

export const apiRegistry = z.registry<{ id: string; description?: string }>();

const name = z.string().min(1).max(200);
const count = z.number().int().min(0);
const blankToNaN = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? Number.NaN : v);

// The same object a `deployrisk score --env FILE` reads, so one JSON works in both places.
export const environmentStateDoc = environmentStateSchema.register(apiRegistry, { id: 'EnvironmentState' });
export type EnvironmentInput = EnvironmentState;

export const featureVectorDoc = featureVectorSchema.register(apiRegistry, {
  id: 'FeatureVector',
  description: `Feature vector of schema 1.x; every field optional, null or absent = unknown. Names: ${FEATURE_NAMES.join(', ')}.`,
});

export const testSummarySchema = z.strictObject({
  total: count,
  failed: count,
  errored: count.optional(),
  skipped: count.optional(),
  flaky: count.optional(),
  durationSeconds: z.number().min(0).optional(),
});

const pctKeys = Object.fromEntries(
  RANKED_METRICS.map((m) => [pctKey(m), z.number().min(0).max(1).optional()]),
);

/** One commit of the deploy, as `deployrisk features --json` prints it. */
export const commitInputSchema = z
  .strictObject({
    sha: z.string().regex(/^[0-9a-f]{4,64}$/).optional(),
    metrics: z.record(z.string(), z.number()).optional().describe('The Kamei metrics (informational).'),
    features: featureVectorDoc.describe('The change features of this commit alone.'),
    percentiles: z
      .strictObject(pctKeys)
      .optional()
      .describe("Each metric's rank (0..1) among the repository's commits, as the collector computed it."),
  })
  .register(apiRegistry, { id: 'CommitInput' });

export const scoreRequestSchema = z
  .strictObject({
    service: name.describe('Service being deployed.'),
    environment: z
      .union([name, environmentStateDoc])
      .describe('Environment name, or the environment state (its `environment` field names it).'),
    features: featureVectorDoc.optional().describe('A ready feature vector (collected in CI).'),
    commits: z
      .array(commitInputSchema)
      .max(5000)
      .optional()
      .describe(
        "The deploy's commits with their own change features (with `features`): the commit model scores each. Without them the range's vector is read as its commits.",
      ),
    collectionWarnings: z
      .array(z.string().max(2000))
      .max(100)
      .optional()
      .describe('Warnings of a collection made by the client (returned in `warnings`).'),
    featureSchemaVersion: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/)
      .optional(),
    git: z
      .strictObject({ repo: z.string().min(1).max(4096), base: name, head: name })
      .optional()
      .describe('Range to collect from a repository under DEPLOYRISK_REPO_ROOTS.'),
    tests: z
      .strictObject({
        junit: z
          .array(z.string())
          .max(100)
          .optional()
          .describe('Test report XML documents: JUnit, NUnit 2/3, xUnit.net or TRX.'),
        summary: testSummarySchema.optional(),
      })
      .optional(),
    at: z.iso.datetime({ offset: true }).optional().describe('When the deploy starts (default: now).'),
    notify: z
      .boolean()
      .optional()
      .describe('Post to the Slack webhook when the risk is high (default true).'),
  })
  .refine((b) => (b.features === undefined) !== (b.git === undefined), {
    message: 'give either `features` or `git` (raw signals), not both',
    path: ['features'],
  })
  .refine((b) => b.commits === undefined || b.features !== undefined, {
    message: '`commits` goes with `features` (with `git` the server collects them)',
    path: ['commits'],
  })
  .refine((b) => typeof b.environment === 'string' || b.environment.environment !== undefined, {
    message: 'the environment state must name the environment (its `environment` field)',
    path: ['environment', 'environment'],
  })
  .register(apiRegistry, { id: 'ScoreRequest' });
export type ScoreRequest = z.infer<typeof scoreRequestSchema>;

const riskSchema = z.object({
  probability: z.number().min(0).max(1),
  level: riskLevelSchema.describe(
    `The level of the probability on the one risk scale: ${scaleDescription()}.`,
  ),
  percentile: z.number().min(0).max(100),
  percentileOf: z.string().optional().describe('What the percentile is against: the service\'s recorded deploys (from 20 on), else the model\'s named reference set.'),
});

const factorSchema = z.object({
  feature: z.string(),
  value: z.union([z.number(), z.string(), z.null()]),
  contribution: z.number().describe('Signed contribution to the log-odds of failure.'),
  message: z.string(),
});

const modelRefSchema = z.object({
  version: z.string(),
  createdAt: z.string(),
  auc: z.number().nullable().describe('Held-out test AUC of the commit model (newest 20 % of its data).'),
  crossProjectAuc: z
    .number()
    .nullable()
    .describe('Leave-one-project-out AUC of the commit model: what a repository it never saw gets.'),
});

export const rolloutPlanSchema = z
  .looseObject({
    decision: z.enum(['proceed', 'caution', 'hold']),
    strategy: z.enum(['canary', 'blue-green', 'hold']),
    steps: z.array(
      z.union([
        z.object({ setWeight: z.number() }),
        z.object({ pause: z.object({ duration: z.string().optional() }) }),
      ]),
    ),
    flagger: z.object({
      interval: z.string(),
      stepWeights: z.array(z.number()),
      maxWeight: z.number(),
      threshold: z.number(),
    }),
    expectedMinutesToFull: z.number().nullable(),
    metricGates: z.array(z.string()),
    reasons: z.array(z.string()),
    nextAllowedAt: z.string().nullable().optional(),
    scaleDownDelaySeconds: z
      .number()
      .nullable()
      .optional()
      .describe(
        'Argo Rollouts scaleDownDelaySeconds: keep the previous version scaled up this long after promotion so a late failure rolls back by a traffic switch (needs traffic routing; Flagger has no equivalent).',
      ),
  })
  .register(apiRegistry, { id: 'RolloutPlan' });

const slackSchema = z.object({
  text: z.string(),
  blocks: z.array(z.looseObject({ type: z.string() })).max(50),
});

export const scoreResponseSchema = z
  .object({
    id: z.string(),
    risk: riskSchema,
    insufficientData: z.boolean(),
    factors: z.array(factorSchema).max(5),
    warnings: z
      .array(z.string())
      .describe('What the answer could not use or had to assume (refused reports, unknown history, …).'),
    commits: z.object({
      scored: z.number().int(),
      riskiest: z.object({ sha: z.string().nullable(), probability: z.number() }).nullable(),
    }),
    model: modelRefSchema,
    rollout: rolloutPlanSchema,
    summary: z.object({ text: z.string(), markdown: z.string(), slack: slackSchema }),
  })
  .register(apiRegistry, { id: 'ScoreResponse' });

export const outcomeRequestSchema = z
  .strictObject({
    status: z.enum(DEPLOY_OUTCOMES),
    at: z.iso.datetime({ offset: true }).optional().describe('When the outcome was known (default: now).'),
    reason: z.string().max(2000).optional(),
  })
  .register(apiRegistry, { id: 'OutcomeRequest' });

export const outcomeSchema = z
  .object({
    deploymentId: z.string(),
    status: z.enum(DEPLOY_OUTCOMES),
    at: z.string(),
    reason: z.string().nullable(),
    source: z.string(),
    recordedAt: z.string(),
  })
  .register(apiRegistry, { id: 'Outcome' });

export const deploymentSchema = z
  .object({
    id: z.string(),
    service: z.string(),
    environment: z.string(),
    createdAt: z.string(),
    modelVersion: z.string(),
    risk: riskSchema,
    decision: z.string(),
    features: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
    request: z.unknown().describe('The request as received; report bodies replaced by size and SHA-256.'),
    result: scoreResponseSchema,
    outcome: outcomeSchema.nullable(),
  })
  .register(apiRegistry, { id: 'Deployment' });

export const deploymentListSchema = z
  .object({
    items: z.array(deploymentSchema.omit({ request: true, features: true, result: true })),
    nextCursor: z.string().nullable(),
  })
  .register(apiRegistry, { id: 'DeploymentList' });

export const listQuerySchema = z.strictObject({
  service: name.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().max(200).optional(),
});

export const summaryQuerySchema = z.strictObject({
  format: z.enum(['text', 'markdown', 'slack']).default('text'),
});

export const flaggerWebhookSchema = z
  .looseObject({
    name: name,
    namespace: name,
    phase: z
      .string()
      .min(1)
      .describe('Flagger phase: Succeeded/Failed after rollout, Progressing etc. for gates.'),
    metadata: z
      .record(z.string(), z.string())
      .optional()
      .describe(
        'The webhook metadata. Read: token (Flagger cannot send an Authorization header), service, environment, deploymentId; for POST /v1/gate also failOn and maxRisk.',
      ),
  })
  .register(apiRegistry, { id: 'FlaggerWebhook' });

export const gateQuerySchema = z.strictObject({
  id: z
    .string()
    .max(64)
    .optional()
    .describe('A deployment id; default the latest scored deploy of the service.'),
  service: name.optional(),
  environment: name.optional(),
  failOn: alertLevelSchema.optional().describe('Hold at this level or above (default high).'),
  // Coercion would read `maxRisk=` (an unset template argument) as 0 and hold every deploy.
  maxRisk: z
    .preprocess(blankToNaN, z.coerce.number().min(0).max(1))
    .optional()
    .describe('Hold above this probability (overrides failOn).'),
});

export const gateResponseSchema = z
  .object({
    id: z.string(),
    service: z.string(),
    environment: z.string(),
    risk: riskSchema,
    proceed: z.boolean(),
    decision: z.enum(['proceed', 'hold']),
    reason: z.string(),
    rollout: rolloutPlanSchema,
  })
  .register(apiRegistry, { id: 'GateResponse' });

export const flaggerOutcomeResponseSchema = z
  .object({
    deploymentId: z.string(),
    created: z.boolean(),
    outcome: outcomeSchema.nullable(),
    ignored: z.string().optional(),
  })
  .register(apiRegistry, { id: 'FlaggerOutcomeResponse' });

export const modelInfoSchema = z
  .object({
    version: z.string(),
    createdAt: z.string(),
    auc: z.number().nullable(),
    featureSchemaVersion: z.string(),
    active: z.boolean(),
  })
  .register(apiRegistry, { id: 'ModelInfo' });

export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string(),
    }),
  })
  .register(apiRegistry, { id: 'Error' });

export const readySchema = z
  .object({ ready: z.boolean(), checks: z.object({ model: z.string(), database: z.string() }) })
  .register(apiRegistry, { id: 'Readiness' });
