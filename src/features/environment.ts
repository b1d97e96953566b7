// The environment group of the feature schema, from the state of the target environment at deploy
// time (an --env JSON file or the API body). Pure: the current time is passed in.
import { z } from 'zod';
import { DEPLOY_OUTCOMES, ENVIRONMENTS, FAILURE_STREAK_CAP } from './schema.ts';

export type EnvironmentCategory = (typeof ENVIRONMENTS)[number];
export type DeployOutcome = (typeof DEPLOY_OUTCOMES)[number];

const timestamp = z
  .union([z.iso.datetime({ offset: true }), z.number().int().min(0)])
  .describe('ISO-8601 date-time with Z or an offset, or UTC epoch milliseconds');
const outcome = z.enum(DEPLOY_OUTCOMES);

/**
 * What a caller may say about the environment. Every field is optional: what is left out becomes
 * null (unknown) in the feature vector, never 0. Unknown fields are refused so a typo is noticed.
 */
export const environmentStateSchema = z
  .strictObject({
    environment: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe(
        'Target environment name. prod/production/prd → production, stag*/stage/stg → staging, dev*/test/testing → development, anything else → other; a name like "prod-eu-1" is judged by its first part.',
      ),
    at: timestamp
      .optional()
      .describe('When the deploy starts; default: now. Gives hourOfWeek (UTC, Monday 00:00 = 0).'),
    peakTraffic: z
      .boolean()
      .optional()
      .describe('The deploy starts during peak traffic. Wins over trafficLevel.'),
    trafficLevel: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe(
        'Current traffic as a fraction of the usual peak (1 = at peak); ≥ 0.8 counts as peak traffic.',
      ),
    errorBudgetRemaining: z
      .number()
      .min(-100)
      .max(1)
      .optional()
      .describe(
        'SLO error budget left in the current window, 0..1. Overspent budgets may be sent negative; they count as 0.',
      ),
    errorRate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Current error rate of the service, fraction of requests 0..1.'),
    openIncidents: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .optional()
      .describe('Open incidents touching the service.'),
    lastDeployAt: timestamp.optional().describe('When the previous deploy of the service finished.'),
    lastDeployOutcome: outcome
      .optional()
      .describe('Outcome of the previous deploy. Default: the first of recentOutcomes.'),
    recentOutcomes: z
      .array(outcome)
      .max(1000)
      .optional()
      .describe('Outcomes of the last N deploys of the service, most recent first.'),
    recentFailureRate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Share of the last N deploys that failed or were rolled back. Wins over recentOutcomes.'),
  })
  .describe('Environment state at deploy time (deployrisk --env file, or "environment" in the API body)');

export type EnvironmentState = z.infer<typeof environmentStateSchema>;

export interface EnvironmentFeatures {
  environment: EnvironmentCategory | null;
  hourOfWeek: number;
  peakTraffic: 0 | 1 | null;
  errorBudgetRemaining: number | null;
  errorRate: number | null;
  openIncidents: number | null;
  minutesSinceLastDeploy: number | null;
  prevDeployOutcome: DeployOutcome | null;
  recentFailureRate: number | null;
  failureStreak: number | null;
}

/** Peak is "at least 80 % of the usual peak": the busy hours, not only the single busiest one. */
export const PEAK_TRAFFIC_LEVEL = 0.8;

export function environmentCategory(name: string | undefined): EnvironmentCategory | null {
  if (name === undefined) return null;
  const full = name.trim().toLowerCase();
  if (full.length === 0) return null;
  const judge = (n: string): EnvironmentCategory | null => {
    if (n === 'prod' || n === 'production' || n === 'prd') return 'production';
    if (n.startsWith('stag') || n === 'stage' || n === 'stg') return 'staging';
    if (n.startsWith('dev') || n === 'test' || n === 'testing') return 'development';
    return null;
  };
  return judge(full) ?? judge(full.split(/[-_.\s/:]+/)[0] ?? '') ?? 'other';
}

function epochMs(t: string | number | undefined): number | null {
  if (t === undefined) return null;
  const ms = typeof t === 'number' ? t : Date.parse(t);
  return Number.isFinite(ms) ? ms : null;
}

/** Hours since Monday 00:00 UTC, 0..167. */
export function hourOfWeek(ms: number): number {
  const d = new Date(ms);
  return ((d.getUTCDay() + 6) % 7) * 24 + d.getUTCHours();
}

const isBad = (o: DeployOutcome): boolean => o === 'failed' || o === 'rolled_back';

/**
 * Bad outcomes in a row at the head of `newestFirst`, up to the cap (0 when the latest succeeded,
 * null when none is known). `exact` is false when every listed outcome is bad short of the cap: the
 * streak is then at least `count`, and may go on before the list.
 */
export function leadingFailures(newestFirst: readonly DeployOutcome[]): {
  count: number | null;
  exact: boolean;
} {
  if (newestFirst.length === 0) return { count: null, exact: false };
  const firstGood = newestFirst.findIndex((o) => !isBad(o));
  const count = Math.min(FAILURE_STREAK_CAP, firstGood < 0 ? newestFirst.length : firstGood);
  return { count, exact: firstGood >= 0 || count === FAILURE_STREAK_CAP };
}

/**
 * recentOutcomes, unless lastDeployOutcome (which wins for the previous deploy) disagrees with its
 * head: then only that one is known.
 */
function outcomesNewestFirst(state: EnvironmentState): DeployOutcome[] {
  const recent = state.recentOutcomes ?? [];
  const last = state.lastDeployOutcome;
  if (recent.length > 0 && (last === undefined || last === recent[0])) return recent;
  return last ? [last] : [];
}

/**
 * The streak an env state only bounds from below (every outcome it lists is bad): used when
 * nothing better is known, after the store's history (fillGaps), never in its place.
 */
export function failureStreakAtLeast(state: EnvironmentState): number | null {
  const s = leadingFailures(outcomesNewestFirst(state));
  return s.exact ? null : s.count;
}

function exactStreak(state: EnvironmentState): number | null {
  const s = leadingFailures(outcomesNewestFirst(state));
  return s.exact ? s.count : null;
}

export function environmentFeatures(state: EnvironmentState, now: Date): EnvironmentFeatures {
  const deployAt = epochMs(state.at) ?? now.getTime();
  const lastAt = epochMs(state.lastDeployAt);
  const recent = state.recentOutcomes ?? [];
  let peak: 0 | 1 | null = null;
  if (state.peakTraffic !== undefined) peak = state.peakTraffic ? 1 : 0;
  else if (state.trafficLevel !== undefined) peak = state.trafficLevel >= PEAK_TRAFFIC_LEVEL ? 1 : 0;
  return {
    environment: environmentCategory(state.environment),
    hourOfWeek: hourOfWeek(deployAt),
    peakTraffic: peak,
    errorBudgetRemaining:
      state.errorBudgetRemaining === undefined ? null : Math.min(1, Math.max(0, state.errorBudgetRemaining)),
    errorRate: state.errorRate ?? null,
    openIncidents: state.openIncidents ?? null,
    // A previous deploy stamped after this one (clock skew between systems) counts as just now.
    minutesSinceLastDeploy: lastAt === null ? null : Math.max(0, (deployAt - lastAt) / 60_000),
    prevDeployOutcome: state.lastDeployOutcome ?? recent[0] ?? null,
    recentFailureRate:
      state.recentFailureRate ?? (recent.length > 0 ? recent.filter(isBad).length / recent.length : null),
    // Exact only: a lower bound (failureStreakAtLeast) must not shadow the store's full count.
    failureStreak: exactStreak(state),
  };
}
