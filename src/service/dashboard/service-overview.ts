// A service at a glance: change failure rate, deploys per day and median risk per week, joined
// from its scored deploys and their recorded outcomes over the last `weeks` weeks.
import { formatProbability, levelOf, type RiskLevel } from '../../risk/scale.ts';
import { deployFacets, serviceDeploys } from '../../store/dashboard.ts';
import type { Store } from '../../store/db.ts';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const isFailure = (s: string | null) => s === 'failed' || s === 'rolled_back';

export interface ServiceOverview {
  service: string;
  from: string;
  to: string;
  deploys: number;
  withOutcome: number;
  failures: number;
  /** Failed or rolled back, of the deploys with a recorded outcome; null when none has one. */
  changeFailureRate: number | null;
  environments: string[];
  /** Deploys per UTC day, oldest first (every day of the span, zero days included). */
  perDay: { day: string; deploys: number; failures: number }[];
  /** Median probability per week (weeks counted back from `to`); null for a week without deploys. */
  perWeek: {
    weekStart: string;
    deploys: number;
    withOutcome: number;
    failures: number;
    /** This week's change failure rate; null without outcomes. */
    changeFailureRate: number | null;
    median: number | null;
    medianText: string | null;
    level: RiskLevel | null;
  }[];
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function serviceOverview(
  store: Store,
  service: string,
  now: number,
  weeks = 12,
): Promise<ServiceOverview> {
  const to = Math.floor(now / DAY) * DAY + DAY; // the end of today (UTC)
  const from = to - weeks * WEEK;
  const rows = await serviceDeploys(store.db, service, from, to);
  const withOutcome = rows.filter((r) => r.status !== null);
  const failures = withOutcome.filter((r) => isFailure(r.status)).length;
  const perDay = Array.from({ length: weeks * 7 }, (_, i) => ({
    day: new Date(from + i * DAY).toISOString().slice(0, 10),
    deploys: 0,
    failures: 0,
  }));
  const weekProbs: number[][] = Array.from({ length: weeks }, () => []);
  const weekOutcomes = Array.from({ length: weeks }, () => ({ withOutcome: 0, failures: 0 }));
  for (const r of rows) {
    const d = perDay[Math.floor((r.createdAt - from) / DAY)]!;
    d.deploys++;
    if (isFailure(r.status)) d.failures++;
    const w = Math.floor((r.createdAt - from) / WEEK);
    weekProbs[w]!.push(r.probability);
    if (r.status !== null) weekOutcomes[w]!.withOutcome++;
    if (isFailure(r.status)) weekOutcomes[w]!.failures++;
  }
  return {
    service,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    deploys: rows.length,
    withOutcome: withOutcome.length,
    failures,
    changeFailureRate: withOutcome.length > 0 ? failures / withOutcome.length : null,
    environments: [...new Set(rows.map((r) => r.environment))].sort(),
    perDay,
    perWeek: weekProbs.map((ps, i) => {
      const m = median(ps);
      const o = weekOutcomes[i]!;
      return {
        weekStart: new Date(from + i * WEEK).toISOString().slice(0, 10),
        deploys: ps.length,
        withOutcome: o.withOutcome,
        failures: o.failures,
        changeFailureRate: o.withOutcome > 0 ? o.failures / o.withOutcome : null,
        median: m,
        medianText: m === null ? null : formatProbability(m),
        level: m === null ? null : levelOf(m),
      };
    }),
  };
}

/** The services with scored deploys, by name. */
export async function serviceNames(store: Store): Promise<string[]> {
  return (await deployFacets(store.db)).services;
}
