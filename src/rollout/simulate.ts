// Monte Carlo comparison of rollout schedules. Every policy sees the same deploys and the same
// failures (common random numbers), so differences come from the schedules alone.
import { levelOf, type RiskLevel } from '../risk/scale.ts';
import { sampleFailure, type Failure, type FailureModel } from './failure-model.ts';
import type { Policy } from './policy.ts';
import { createRng, deriveSeed } from './prng.ts';
import { fixedPolicies, fullAt, oursPolicy, type NamedPolicy, type Schedule } from './schedules.ts';

export type RiskDistribution =
  { kind: 'beta'; a: number; b: number } | { kind: 'empirical'; values: number[] };

/** Fallback until a shipped model's validation scores exist: mean 0.111 (a change-failure rate inside DORA's usual range), AUC of the calibrated score ≈ 0.76. */
export const DEFAULT_BETA: RiskDistribution = { kind: 'beta', a: 1, b: 8 };

export interface SimDeploy {
  probability: number; // true (calibrated) failure probability
  score: number; // what the policy sees (= probability unless scoreNoise > 0)
  band: RiskLevel;
  failure: Failure | null;
}

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const clampP = (p: number) => Math.min(1 - 1e-6, Math.max(1e-6, p));

export function sampleDeploys(
  dist: RiskDistribution,
  n: number,
  model: FailureModel,
  seed: number,
): SimDeploy[] {
  const rng = createRng(deriveSeed(seed, 1));
  const out: SimDeploy[] = [];
  for (let i = 0; i < n; i++) {
    const p = clampP(
      dist.kind === 'beta'
        ? rng.beta(dist.a, dist.b)
        : (dist.values[Math.floor(rng.next() * dist.values.length)] as number),
    );
    const noise = rng.normal();
    const failed = rng.next() < p;
    const failure = sampleFailure(model, rng); // drawn for every deploy so the stream does not depend on outcomes
    const score = model.scoreNoise > 0 ? sigmoid(logit(p) + model.scoreNoise * noise) : p;
    out.push({ probability: p, score, band: levelOf(score), failure: failed ? failure : null });
  }
  return out;
}

function weightAt(s: Schedule, t: number): number {
  let start = 0;
  for (const seg of s.segments) {
    if (t < start + seg.minutes) return seg.weight;
    start += seg.minutes;
  }
  return 1;
}

function integrate(s: Schedule, a: number, b: number): number {
  let total = 0;
  let start = 0;
  for (const seg of [...s.segments, { weight: 1, minutes: Infinity }]) {
    const end = start + seg.minutes;
    const lo = Math.max(a, start);
    const hi = Math.min(b, end);
    if (hi > lo) total += seg.weight * (hi - lo);
    if (end >= b) break;
    start = end;
  }
  return total;
}

/** User-minutes served by the failing version after onset, until rollback completes. */
export function exposureOf(s: Schedule, f: Failure, m: FailureModel): number {
  if (s.preview && f.onsetMinutes === 0 && f.previewDraw < m.previewDetectProbability) return 0;
  let start = 0;
  let evidence = 0;
  let detectedAt = Infinity;
  for (const seg of [...s.segments, { weight: 1, minutes: Infinity }]) {
    const end = start + seg.minutes;
    const from = Math.max(start, f.onsetMinutes);
    if (end > from && seg.weight > 0) {
      const need = f.evidenceFullMinutes - evidence;
      const avail = seg.weight * (end - from);
      if (avail >= need) {
        detectedAt = from + need / seg.weight;
        break;
      }
      evidence += avail;
    }
    start = end;
  }
  const alertAt = detectedAt + m.alertLatencyMinutes;
  // While the previous version still runs (before promotion, or inside the rollback window after
  // it) a rollback is a traffic switch; afterwards it is a redeploy.
  const rollback = alertAt < fullAt(s) + s.warmMinutes ? m.rollbackCanaryMinutes : m.rollbackFullMinutes;
  return m.users * (integrate(s, f.onsetMinutes, alertAt) + weightAt(s, alertAt) * rollback);
}

export interface DecileResult {
  decile: number; // 1 = lowest scores
  scoreMin: number;
  scoreMax: number;
  deploys: number;
  failures: number;
  badExposureUserMinutes: number; // per deploy
  meanMinutesToFull: number | null; // over good deploys
}

export interface PolicyResult {
  name: string;
  badExposureUserMinutes: number; // per deploy, averaged over all deploys
  meanMinutesToFull: number; // over deploys that did not fail
  /** Idle capacity: minutes the previous version keeps running after promotion, per good deploy. */
  meanRollbackWindowMinutes: number;
  byRiskDecile: DecileResult[];
}

export interface SimReport {
  policies: PolicyResult[];
  bestFixed: string | null;
  exposureReduction: number | null;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

export function evaluatePolicy(
  p: NamedPolicy,
  deploys: SimDeploy[],
  m: FailureModel,
  decileOf: Int32Array,
): PolicyResult {
  const exp = new Float64Array(10);
  const n = new Float64Array(10);
  const fails = new Float64Array(10);
  const tSum = new Float64Array(10);
  const goods = new Float64Array(10);
  let warm = 0;
  deploys.forEach((d, i) => {
    const k = decileOf[i] as number;
    const s = p.scheduleFor(d.band);
    n[k]! += 1;
    if (d.failure) {
      fails[k]! += 1;
      exp[k]! += exposureOf(s, d.failure, m);
    } else {
      goods[k]! += 1;
      tSum[k]! += fullAt(s);
      warm += s.warmMinutes;
    }
  });
  const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
  const byRiskDecile: DecileResult[] = [];
  return {
    name: p.name,
    badExposureUserMinutes: round(sum(exp) / deploys.length),
    meanMinutesToFull: round(sum(tSum) / Math.max(1, sum(goods))),
    meanRollbackWindowMinutes: round(warm / Math.max(1, sum(goods))),
    byRiskDecile: Array.from({ length: 10 }, (_, k) => ({
      decile: k + 1,
      scoreMin: 0,
      scoreMax: 0,
      deploys: n[k] as number,
      failures: fails[k] as number,
      badExposureUserMinutes: round((exp[k] as number) / Math.max(1, n[k] as number)),
      meanMinutesToFull: (goods[k] as number) > 0 ? round((tSum[k] as number) / (goods[k] as number)) : null,
    })).concat(byRiskDecile),
  };
}

/** Deciles by the score the policy sees (ties broken by sample order, so deciles are equal-sized). */
export function decilesOf(deploys: SimDeploy[]): { decileOf: Int32Array; ranges: [number, number][] } {
  const order = deploys
    .map((_, i) => i)
    .sort((a, b) => (deploys[a] as SimDeploy).score - (deploys[b] as SimDeploy).score || a - b);
  const decileOf = new Int32Array(deploys.length);
  const ranges: [number, number][] = Array.from({ length: 10 }, () => [Infinity, -Infinity]);
  order.forEach((idx, r) => {
    const k = Math.min(9, Math.floor((r * 10) / deploys.length));
    decileOf[idx] = k;
    const s = (deploys[idx] as SimDeploy).score;
    const range = ranges[k] as [number, number];
    range[0] = Math.min(range[0], s);
    range[1] = Math.max(range[1], s);
  });
  return { decileOf, ranges };
}

/** Best fixed schedule that is no faster than ours on average: the comparison. */
export function compare(results: PolicyResult[]): {
  bestFixed: string | null;
  exposureReduction: number | null;
} {
  const ours = results.find((r) => r.name === 'ours');
  if (!ours) return { bestFixed: null, exposureReduction: null };
  const eligible = results.filter((r) => r.name !== 'ours' && r.meanMinutesToFull >= ours.meanMinutesToFull);
  if (eligible.length === 0) return { bestFixed: null, exposureReduction: null };
  const best = eligible.reduce((a, b) => (b.badExposureUserMinutes < a.badExposureUserMinutes ? b : a));
  const reduction =
    best.badExposureUserMinutes > 0 ? 1 - ours.badExposureUserMinutes / best.badExposureUserMinutes : 0;
  return { bestFixed: best.name, exposureReduction: round(reduction, 4) };
}

/** Deciles where ours is worse than `other` on both costs at once (the acceptance check). */
export function dominatedDeciles(ours: PolicyResult, other: PolicyResult): number[] {
  return ours.byRiskDecile
    .filter((d, k) => {
      const o = other.byRiskDecile[k] as DecileResult;
      const slower =
        d.meanMinutesToFull !== null &&
        o.meanMinutesToFull !== null &&
        d.meanMinutesToFull > o.meanMinutesToFull;
      return slower && d.badExposureUserMinutes > o.badExposureUserMinutes;
    })
    .map((d) => d.decile);
}

export interface SimulateOptions {
  seed: number;
  deploys: number;
  riskDist: RiskDistribution;
  model: FailureModel;
  policy: Policy;
}

export function simulate(o: SimulateOptions): SimReport {
  const deploys = sampleDeploys(o.riskDist, o.deploys, o.model, o.seed);
  const { decileOf, ranges } = decilesOf(deploys);
  const policies = [
    oursPolicy(o.policy, o.model.manualGateMinutes),
    ...fixedPolicies(o.model.manualGateMinutes),
  ];
  const results = policies.map((p) => {
    const r = evaluatePolicy(p, deploys, o.model, decileOf);
    r.byRiskDecile.forEach((d, k) => {
      d.scoreMin = round((ranges[k] as [number, number])[0], 4);
      d.scoreMax = round((ranges[k] as [number, number])[1], 4);
    });
    return r;
  });
  return { policies: results, ...compare(results) };
}

/** Rank AUC of scores against outcomes (ties count half). */
export function auc(deploys: SimDeploy[]): number {
  const sorted = [...deploys].sort((a, b) => a.score - b.score);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && (sorted[j] as SimDeploy).score === (sorted[i] as SimDeploy).score) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++)
      if ((sorted[k] as SimDeploy).failure) {
        pos++;
        rankSum += avgRank;
      }
    i = j;
  }
  const neg = sorted.length - pos;
  return pos === 0 || neg === 0 ? 0.5 : (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
