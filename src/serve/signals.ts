// Fills the gaps of a feature vector from what the request and the store know. Never overrides a
// value the caller sent: a CI pipeline that collected a feature knows better than the server.
import { ENVIRONMENTS, type FeatureVector } from '../features/schema.ts';
import type { EnvironmentInput, ScoreRequest } from './schemas.ts';

export function environmentCategory(name: string): (typeof ENVIRONMENTS)[number] {
  const n = name.toLowerCase();
  if (/^(prod|production|prd|live)([-_.].*)?$/.test(n)) return 'production';
  if (/^(stag|staging|stage|stg|preprod|pre-prod|uat)([-_.].*)?$/.test(n)) return 'staging';
  if (/^(dev|development|test|qa|sandbox)([-_.].*)?$/.test(n)) return 'development';
  return 'other';
}

export function environmentOf(body: Pick<ScoreRequest, 'environment'>): { name: string; state: EnvironmentInput | null } {
  return typeof body.environment === 'string'
    ? { name: body.environment, state: null }
    : { name: body.environment.name, state: body.environment };
}

export function hourOfWeek(ms: number): number {
  const d = new Date(ms);
  return ((d.getUTCDay() + 6) % 7) * 24 + d.getUTCHours();
}

const setIfNull = (v: FeatureVector, k: string, value: number | string | null | undefined) => {
  if ((v[k] ?? null) === null && value !== undefined && value !== null) v[k] = value;
};

export interface History {
  minutesSinceLastDeploy: number | null;
  prevDeployOutcome: string | null;
  recentFailureRate: number | null;
}

/** History of the service from its recorded deploys, newest first. */
export function historyFeatures(
  recent: Array<{ createdAt: number; status: string | null; at: number | null }>,
  now: number,
): History {
  const prev = recent[0];
  const known = recent.filter((r) => r.status !== null);
  return {
    minutesSinceLastDeploy: prev ? Math.max(0, (now - (prev.at ?? prev.createdAt)) / 60_000) : null,
    prevDeployOutcome: prev?.status ?? null,
    recentFailureRate: known.length > 0 ? known.filter((r) => r.status !== 'succeeded').length / known.length : null,
  };
}

export function fillGaps(
  features: FeatureVector,
  body: Pick<ScoreRequest, 'environment' | 'tests'>,
  at: number,
  history: History | null,
): FeatureVector {
  const v: FeatureVector = { ...features };
  const env = environmentOf(body);
  setIfNull(v, 'environment', environmentCategory(env.name));
  setIfNull(v, 'hourOfWeek', hourOfWeek(at));
  const s = env.state;
  if (s) {
    setIfNull(v, 'errorBudgetRemaining', s.errorBudgetRemaining);
    setIfNull(v, 'errorRate', s.errorRate);
    setIfNull(v, 'openIncidents', s.openIncidents);
    const peak = s.peakTraffic ?? (s.trafficLevel === undefined ? undefined : s.trafficLevel >= 0.8);
    setIfNull(v, 'peakTraffic', peak === undefined ? undefined : peak ? 1 : 0);
    setIfNull(v, 'minutesSinceLastDeploy', s.minutesSinceLastDeploy);
    setIfNull(v, 'prevDeployOutcome', s.prevDeployOutcome);
    setIfNull(v, 'recentFailureRate', s.recentFailureRate);
  }
  const t = body.tests?.summary;
  if (t) {
    setIfNull(v, 'testsTotal', t.total);
    setIfNull(v, 'testsFailed', t.failed);
    setIfNull(v, 'testsErrored', t.errored);
    setIfNull(v, 'testsSkipped', t.skipped);
    setIfNull(v, 'testsFlaky', t.flaky);
    setIfNull(v, 'testDurationSeconds', t.durationSeconds);
  }
  if (history) {
    setIfNull(v, 'minutesSinceLastDeploy', history.minutesSinceLastDeploy);
    setIfNull(v, 'prevDeployOutcome', history.prevDeployOutcome);
    setIfNull(v, 'recentFailureRate', history.recentFailureRate);
  }
  return v;
}
