// POST /v1/score behind the HTTP layer: signals → features → score → plan → summaries → audit record.
import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import { FEATURE_SCHEMA_VERSION, parseFeatureVector, type FeatureVector } from '../features/schema.ts';
import type { CommitInput, Scorer } from '../model/scorer-types.ts';
import { levelOf } from '../risk/scale.ts';
import { planRollout } from '../rollout/index.ts';
import type { DeploymentWriter } from '../store/deployments.ts';
import { buildSummaries, topFactors, type Summaries, type SummaryInput } from '../summary/index.ts';
import type { AppDeps } from './deps.ts';
import type { HistoryCache } from './history-cache.ts';
import { levelAtLeast } from './gate-policy.ts';
import type { Metrics } from './metrics.ts';
import { resolveRepoPath } from './repo-roots.ts';
import { scoreRequestSchema, type ScoreRequest } from './schemas.ts';
import { environmentOf, fillGaps, historyFeatures } from './signals.ts';
import { createPolicyMemo } from './policy-memo.ts';
import { newRecordId } from './record-id.ts';
import type { Notifier } from './slack-notify.ts';

/** The documented response (scoreResponseSchema); typed from the parts that build it. */
export interface ScoreResponse extends SummaryInputBase {
  summary: Summaries;
}
type SummaryInputBase = Omit<SummaryInput, 'service' | 'environment'>;

const major = (v: string) => v.split('.')[0];

/** Zod issues → 400, except unknown feature names or another schema major → 422. */
export function parseScoreRequest(input: unknown): ScoreRequest {
  const parsed = scoreRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const mismatch = issues.some((i) => i.path[0] === 'features' && i.code === 'unrecognized_keys');
    throw new AppError(
      mismatch ? 'schema_mismatch' : 'bad_input',
      mismatch
        ? `features do not match feature schema ${FEATURE_SCHEMA_VERSION}`
        : `invalid request: ${issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  const v = parsed.data.featureSchemaVersion;
  if (v !== undefined && major(v) !== major(FEATURE_SCHEMA_VERSION)) {
    throw new AppError(
      'schema_mismatch',
      `feature schema ${v} does not match the server's ${FEATURE_SCHEMA_VERSION}`,
    );
  }
  return parsed.data;
}

const policyFor = createPolicyMemo();

export function requireScorer(deps: Pick<AppDeps, 'scorer'>): Scorer {
  const scorer = deps.scorer();
  if (!scorer) throw new AppError('no_model', 'no model is loaded; the server cannot score yet');
  return scorer;
}

/**
 * The audit copy of a request: report bodies are replaced by their size and hash, and the feature
 * vector keeps only the values given. Validation fills every absent feature with null (absent and
 * null both mean unknown), so the parsed vector had all ~45 names; the given ones are what the
 * client sent, and the full vector scored is stored beside it anyway.
 */
export function auditRequest(body: ScoreRequest): unknown {
  const out: Record<string, unknown> = { ...body };
  if (body.features) {
    const given: FeatureVector = {};
    for (const [k, v] of Object.entries(body.features)) if (v !== null) given[k] = v;
    out.features = given;
  }
  if (body.tests?.junit) {
    const junit = body.tests.junit.map((xml) => ({
      bytes: Buffer.byteLength(xml, 'utf8'),
      sha256: createHash('sha256').update(xml, 'utf8').digest('hex'),
    }));
    out.tests = { ...body.tests, junit };
  }
  return out;
}

interface Collected {
  features: FeatureVector;
  commits: CommitInput[];
  warnings: string[];
}

async function collectFeatures(deps: AppDeps, body: ScoreRequest, at: number): Promise<Collected> {
  if (body.features)
    return {
      features: body.features,
      commits: (body.commits ?? []).map((c) => ({
        ...(c.sha ? { sha: c.sha } : {}),
        features: c.features,
        ...(c.percentiles ? { percentiles: c.percentiles as Record<string, number> } : {}),
      })),
      warnings: [...(body.collectionWarnings ?? [])],
    };
  const git = body.git;
  if (!git) throw new AppError('bad_input', 'give either `features` or `git`');
  if (!deps.collect)
    throw new AppError('bad_input', 'this server does not collect raw signals; send `features`');
  const repoPath = resolveRepoPath(git.repo, deps.config.DEPLOYRISK_REPO_ROOTS);
  const env = environmentOf(body).state;
  const collected = await deps.collect({
    repoPath,
    base: git.base,
    head: git.head,
    ...(body.tests?.junit ? { junitXml: body.tests.junit } : {}),
    ...(env ? { environment: env } : {}),
    service: body.service,
    now: at,
  });
  // The collector's output goes through the same schema check as a client's vector.
  const checked = parseFeatureVector(collected.features);
  if (!checked.success)
    throw new AppError(
      'schema_mismatch',
      'collector produced an invalid feature vector',
      checked.error.issues,
    );
  return { features: checked.data, commits: collected.commits, warnings: collected.warnings };
}

/**
 * A deploy may pass an exhausted budget or an incident as a fix only when every commit in it is a
 * fix or a revert (issue #14): the reason names the commits that are not.
 */
export function fixOrRevertOf(features: FeatureVector, commits: readonly CommitInput[]) {
  if (commits.length === 0) {
    const all = features.fix === 1 || features.revertPresent === 1;
    return { all: all && (features.commits ?? 1) === 1, notFixes: [] as string[] };
  }
  const notFixes = commits
    .filter((c) => c.features.fix !== 1 && c.features.revertPresent !== 1)
    .map((c) => (c.sha ? c.sha.slice(0, 7) : 'a commit'));
  return { all: notFixes.length === 0, notFixes };
}

export interface ScoreContext {
  deps: AppDeps;
  audit: DeploymentWriter;
  history: HistoryCache;
  metrics: Metrics;
  notifier: Notifier;
  requestId: string;
}

/** Scores, plans, records the deployment and returns the response (ScoreResponse) as JSON text. */
export async function scoreDeployment(ctx: ScoreContext, body: ScoreRequest): Promise<string> {
  const { deps } = ctx;
  const scorer = requireScorer(deps);
  const now = deps.clock();
  const at = body.at ? Date.parse(body.at) : now;
  const collected = await collectFeatures(deps, body, at);
  const recent = await ctx.history.recent(body.service);
  const history = historyFeatures(recent, at);
  const features = fillGaps(collected.features, body, at, history);

  const peers = recent.flatMap((r) => (typeof r.probability === 'number' ? [r.probability] : []));
  const result = scorer.score(features, { commits: collected.commits, peers });
  const env = environmentOf(body);
  // The level of the rounded probability: the number shown and its level always agree.
  const probability = Number(result.probability.toFixed(6));
  const risk = {
    probability,
    level: levelOf(probability),
    percentile: Number(result.percentile.toFixed(2)),
    percentileOf: result.percentileOf,
  };
  const fixes = fixOrRevertOf(features, collected.commits);
  const warnings = [...collected.warnings, ...result.warnings];
  const num = (k: string) => (typeof features[k] === 'number' ? (features[k] as number) : null);
  const planEnvironment = typeof features.environment === 'string' ? features.environment : env.name;
  const rollout = planRollout(
    risk,
    {
      environment: planEnvironment,
      errorBudgetRemaining: num('errorBudgetRemaining'),
      errorRate: num('errorRate'),
      openIncidents: num('openIncidents'),
      peakTraffic: num('peakTraffic'),
      fixOrRevert: fixes.all,
      notFixes: fixes.notFixes,
      at: new Date(at),
    },
    // The context names no service, so neither does the policy lookup (as planRollout would do).
    policyFor(undefined, planEnvironment),
  );
  const id = newRecordId(now);
  const base: SummaryInputBase = {
    id,
    risk,
    insufficientData: result.insufficientData,
    factors: topFactors(result.contributions, 5),
    warnings,
    commits: result.commits,
    model: {
      version: scorer.info.version,
      createdAt: scorer.info.createdAt,
      auc: scorer.info.auc,
      crossProjectAuc: scorer.info.crossProjectAuc,
    },
    rollout,
  };
  const summary = buildSummaries({ ...base, service: body.service, environment: env.name });
  // The audit row keeps everything but the summaries (rendered again on read: answeredResponse);
  // the body (a ScoreResponse) is that same text with them appended last, as its keys are ordered.
  const decision = JSON.stringify(base);
  const json = `${decision.slice(0, -1)},"summary":${JSON.stringify(summary)}}`;

  await ctx.audit.write({
    id,
    service: body.service,
    environment: env.name,
    created_at: now,
    request: JSON.stringify(auditRequest(body)),
    features: JSON.stringify(features),
    model_version: scorer.info.version,
    probability: risk.probability,
    level: risk.level,
    decision: rollout.decision,
    result: decision,
  });
  ctx.history.noteDeployment(body.service, { id, createdAt: now, probability: risk.probability });
  ctx.metrics.scores.inc({ level: risk.level });
  if (warnings.length > 0) deps.log.warn('score warnings', { id, warnings });
  if (body.notify !== false && levelAtLeast(risk.level, deps.config.DEPLOYRISK_SLACK_MIN_LEVEL)) {
    ctx.notifier.notify(summary.slack, { id });
  }
  return json;
}
