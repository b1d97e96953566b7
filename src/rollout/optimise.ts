// Policy search against the simulator: a grid per risk band, combined under a Lagrangian trade-off
// (exposure + λ·minutes-to-full + μ·rollback-window minutes), λ and μ swept to find the least
// exposure within a mean time budget and a mean rollback-window (idle capacity) budget.
// Bands are chosen low → critical, each restricted to candidates that keep the policy monotone.
// Deploys are pooled over several failure-model scenarios so the result is not tuned to one setting.
import { z } from 'zod';
import { RISK_LEVELS, type RiskLevel } from '../risk/scale.ts';
import { DEFAULT_FAILURE_MODEL, type FailureModel } from './failure-model.ts';
import { bandMinutes, type Band, type Policy } from './policy.ts';
import { bandSchedule, fullAt } from './schedules.ts';
import { exposureOf, sampleDeploys, type RiskDistribution, type SimDeploy } from './simulate.ts';

export const failureOverridesSchema = z
  .object({
    onsetMix: z.object({ immediate: z.number(), minutes: z.number(), hours: z.number() }),
    onsetMinutesMean: z.number(),
    onsetHoursMean: z.number(),
    errorIncreaseMedian: z.number(),
    errorIncreaseLogSd: z.number(),
    baselineErrorRate: z.number(),
    requestsPerMinute: z.number(),
    evidenceZ: z.number(),
    alertLatencyMinutes: z.number(),
    rollbackCanaryMinutes: z.number(),
    rollbackFullMinutes: z.number(),
    manualGateMinutes: z.number(),
    previewDetectProbability: z.number(),
    users: z.number(),
    scoreNoise: z.number(),
  })
  .partial();

export const searchConfigSchema = z.object({
  seed: z.number().int(),
  deploysPerScenario: z.number().int().min(100),
  riskDist: z.union([
    z.literal('default'),
    z.object({ kind: z.literal('beta'), a: z.number().positive(), b: z.number().positive() }),
  ]),
  scenarios: z.array(z.object({ name: z.string(), overrides: failureOverridesSchema })).min(1),
  grid: z.object({
    firstWeight: z.array(z.number().min(1).max(100)).min(1),
    steps: z.array(z.number().int().min(1)).min(1),
    maxWeight: z.array(z.number().min(1).max(100)).min(1),
    bakeMinutes: z.array(z.number().min(0)).min(1),
    rollbackWindowMinutes: z.array(z.number().min(0)).min(1),
  }),
  manualGate: z.object(
    Object.fromEntries(RISK_LEVELS.map((l) => [l, z.boolean()])) as Record<RiskLevel, z.ZodBoolean>,
  ),
  lambdas: z.array(z.number().min(0)).min(1),
  /** Prices of one minute of rollback window (idle previous version), in user-minutes of exposure. */
  mus: z.array(z.number().min(0)).min(1),
  environments: z.record(
    z.string(),
    z.object({
      timeBudgetMinutes: z.number().positive(),
      /** Mean minutes the previous version may stay up after promotion, per deploy. */
      rollbackWindowBudgetMinutes: z.number().min(0),
    }),
  ),
});
export type SearchConfig = z.infer<typeof searchConfigSchema>;

export function candidates(cfg: SearchConfig, manualGate: boolean): Band[] {
  const seen = new Set<string>();
  const out: Band[] = [];
  for (const firstWeight of cfg.grid.firstWeight)
    for (const steps of cfg.grid.steps)
      for (const maxWeight of cfg.grid.maxWeight)
        for (const bakeMinutes of cfg.grid.bakeMinutes)
          for (const rollbackWindowMinutes of cfg.grid.rollbackWindowMinutes) {
            const b: Band =
              firstWeight >= 100
                ? {
                    firstWeight: 100,
                    steps: 1,
                    maxWeight: 100,
                    bakeMinutes: 0,
                    manualGate,
                    rollbackWindowMinutes,
                  }
                : {
                    firstWeight,
                    steps: firstWeight >= maxWeight ? 1 : steps,
                    maxWeight,
                    bakeMinutes,
                    manualGate,
                    rollbackWindowMinutes,
                  };
            const key = JSON.stringify(b);
            if (!seen.has(key)) {
              seen.add(key);
              out.push(b);
            }
          }
  return out;
}

interface BandStats {
  cands: Band[];
  exposure: Float64Array; // summed user-minutes over the band's failing deploys, per candidate
  minutes: Float64Array; // minutes to full per candidate
  goods: number;
}

export interface SearchResult {
  bands: Record<RiskLevel, Band>;
  lambda: number;
  mu: number;
  meanMinutesToFull: number;
  meanRollbackWindowMinutes: number;
  exposurePerDeploy: number;
  deploys: number;
}

function pooledDeploys(
  cfg: SearchConfig,
  dist: RiskDistribution,
): { deploys: SimDeploy[]; models: FailureModel[] } {
  const deploys: SimDeploy[] = [];
  const models: FailureModel[] = [];
  cfg.scenarios.forEach((s, i) => {
    const m: FailureModel = { ...DEFAULT_FAILURE_MODEL, ...s.overrides } as FailureModel;
    for (const d of sampleDeploys(dist, cfg.deploysPerScenario, m, cfg.seed + i * 7919)) {
      deploys.push(d);
      models.push(m);
    }
  });
  return { deploys, models };
}

export function searchPolicy(
  cfg: SearchConfig,
  dist: RiskDistribution,
  base: Policy,
  timeBudgetMinutes: number,
  windowBudgetMinutes: number,
): SearchResult {
  const { deploys, models } = pooledDeploys(cfg, dist);
  const gateMinutes = base.manualGateMinutes;
  const stats = {} as Record<RiskLevel, BandStats>;
  for (const lvl of RISK_LEVELS) {
    const cands = candidates(cfg, cfg.manualGate[lvl]);
    const exposure = new Float64Array(cands.length);
    const minutes = new Float64Array(cands.length);
    let goods = 0;
    const schedules = cands.map((c) => bandSchedule(c, gateMinutes));
    schedules.forEach((s, j) => (minutes[j] = fullAt(s)));
    deploys.forEach((d, i) => {
      if (d.band !== lvl) return;
      if (!d.failure) {
        goods++;
        return;
      }
      for (let j = 0; j < cands.length; j++) exposure[j]! += exposureOf(schedules[j]!, d.failure, models[i]!);
    });
    stats[lvl] = { cands, exposure, minutes, goods };
  }
  const totalGoods = RISK_LEVELS.reduce((a, l) => a + stats[l].goods, 0);

  let best: SearchResult | null = null;
  let fastest: SearchResult | null = null;
  for (const lambda of cfg.lambdas)
    for (const mu of cfg.mus) {
      const chosen = {} as Record<RiskLevel, Band>;
      let prev: Band | null = null;
      let expo = 0;
      let time = 0;
      let warm = 0;
      for (const lvl of RISK_LEVELS) {
        const st = stats[lvl];
        let bestJ = -1;
        let bestCost = Infinity;
        st.cands.forEach((c, j) => {
          if (
            prev &&
            (c.firstWeight > prev.firstWeight ||
              c.bakeMinutes < prev.bakeMinutes ||
              c.rollbackWindowMinutes < prev.rollbackWindowMinutes ||
              bandMinutes(c, gateMinutes) < bandMinutes(prev, gateMinutes))
          )
            return;
          const cost = st.exposure[j]! + st.goods * (lambda * st.minutes[j]! + mu * c.rollbackWindowMinutes);
          if (cost < bestCost) {
            bestCost = cost;
            bestJ = j;
          }
        });
        if (bestJ < 0) throw new Error(`no monotone candidate for band ${lvl}`);
        chosen[lvl] = st.cands[bestJ]!;
        prev = chosen[lvl];
        expo += st.exposure[bestJ]!;
        time += st.goods * st.minutes[bestJ]!;
        warm += st.goods * chosen[lvl].rollbackWindowMinutes;
      }
      const r: SearchResult = {
        bands: chosen,
        lambda,
        mu,
        meanMinutesToFull: time / Math.max(1, totalGoods),
        meanRollbackWindowMinutes: warm / Math.max(1, totalGoods),
        exposurePerDeploy: expo / deploys.length,
        deploys: deploys.length,
      };
      if (!fastest || r.meanMinutesToFull < fastest.meanMinutesToFull) fastest = r;
      if (
        r.meanMinutesToFull <= timeBudgetMinutes &&
        r.meanRollbackWindowMinutes <= windowBudgetMinutes &&
        (!best || r.exposurePerDeploy < best.exposurePerDeploy)
      )
        best = r;
    }
  return best ?? (fastest as SearchResult);
}
