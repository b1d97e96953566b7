// Fills the gaps of a feature vector from what the request and the store know. Never overrides a
// value the caller sent: a CI pipeline that collected a feature knows better than the server.
import {
  environmentFeatures,
  failureStreakAtLeast,
  leadingFailures,
  type DeployOutcome,
} from '../features/environment.ts';
import type { FeatureVector } from '../features/schema.ts';
import type { EnvironmentInput, ScoreRequest } from './schemas.ts';

export function environmentOf(body: Pick<ScoreRequest, 'environment'>): {
  name: string;
  state: EnvironmentInput;
} {
  return typeof body.environment === 'string'
    ? { name: body.environment, state: { environment: body.environment } }
    : { name: body.environment.environment ?? 'unspecified', state: body.environment };
}

const setIfNull = (v: FeatureVector, k: string, value: number | string | null | undefined) => {
  if ((v[k] ?? null) === null && value !== undefined && value !== null) v[k] = value;
};

export interface History {
  minutesSinceLastDeploy: number | null;
  prevDeployOutcome: string | null;
  recentFailureRate: number | null;
  failureStreak: number | null;
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
    recentFailureRate:
      known.length > 0 ? known.filter((r) => r.status !== 'succeeded').length / known.length : null,
    // Over the deploys with a recorded outcome, as the training streak reads only finished builds.
    // The history is the service's whole record up to its length, so all-bad is the count itself.
    failureStreak: leadingFailures(known.map((r) => r.status as DeployOutcome)).count,
  };
}

export function fillGaps(
  features: FeatureVector,
  body: Pick<ScoreRequest, 'environment' | 'tests'>,
  at: number,
  history: History | null,
): FeatureVector {
  const v: FeatureVector = { ...features };
  const env = environmentFeatures(environmentOf(body).state, new Date(at));
  for (const [k, value] of Object.entries(env)) setIfNull(v, k, value);
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
    setIfNull(v, 'failureStreak', history.failureStreak);
  }
  setIfNull(v, 'failureStreak', failureStreakAtLeast(environmentOf(body).state));
  return v;
}
