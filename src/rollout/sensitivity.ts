// One-at-a-time sensitivity of the comparison to the failure model's uncertain parts, with the
// shipped policy held fixed (it is not re-optimised per row, so a row shows robustness, not a refit).
import { DEFAULT_FAILURE_MODEL, type FailureModel } from './failure-model.ts';
import type { Policy } from './policy.ts';
import { auc, dominatedDeciles, sampleDeploys, simulate, type RiskDistribution } from './simulate.ts';

export interface SensitivityRow {
  parameter: string;
  value: string;
  modelAuc: number;
  oursExposure: number;
  oursMinutes: number;
  bestFixed: string | null;
  bestFixedExposure: number | null;
  bestFixedMinutes: number | null;
  exposureReduction: number | null;
  dominatedDeciles: number[];
}

export const SENSITIVITY_GRID: { parameter: string; value: string; overrides: Partial<FailureModel> }[] = [
  { parameter: 'default', value: '—', overrides: {} },
  {
    parameter: 'onset mix (now/min/h)',
    value: '0.8/0.15/0.05',
    overrides: { onsetMix: { immediate: 0.8, minutes: 0.15, hours: 0.05 } },
  },
  {
    parameter: 'onset mix (now/min/h)',
    value: '0.3/0.4/0.3',
    overrides: { onsetMix: { immediate: 0.3, minutes: 0.4, hours: 0.3 } },
  },
  { parameter: 'alert latency, min', value: '1', overrides: { alertLatencyMinutes: 1 } },
  { parameter: 'alert latency, min', value: '15', overrides: { alertLatencyMinutes: 15 } },
  { parameter: 'error-rate increase (median)', value: '0.5 pp', overrides: { errorIncreaseMedian: 0.005 } },
  { parameter: 'error-rate increase (median)', value: '10 pp', overrides: { errorIncreaseMedian: 0.1 } },
  { parameter: 'model AUC (score noise σ)', value: 'σ=0.5', overrides: { scoreNoise: 0.5 } },
  { parameter: 'model AUC (score noise σ)', value: 'σ=1', overrides: { scoreNoise: 1 } },
  { parameter: 'model AUC (score noise σ)', value: 'σ=3', overrides: { scoreNoise: 3 } },
  { parameter: 'manual gate, min', value: '10', overrides: { manualGateMinutes: 10 } },
  { parameter: 'manual gate, min', value: '120', overrides: { manualGateMinutes: 120 } },
  // What the rollback window saves: a redeploy after promotion that is barely slower than a switch…
  { parameter: 'rollback after promotion, min', value: '2', overrides: { rollbackFullMinutes: 2 } },
  // …or much slower (image pulls, warm-up, a second approval).
  { parameter: 'rollback after promotion, min', value: '15', overrides: { rollbackFullMinutes: 15 } },
];

export function sensitivity(
  policy: Policy,
  dist: RiskDistribution,
  seed: number,
  deploys: number,
  base: FailureModel = DEFAULT_FAILURE_MODEL,
): SensitivityRow[] {
  return SENSITIVITY_GRID.map((g) => {
    const model = { ...base, ...g.overrides };
    const r = simulate({ seed, deploys, riskDist: dist, model, policy });
    const ours = r.policies.find((p) => p.name === 'ours')!;
    const best = r.policies.find((p) => p.name === r.bestFixed) ?? null;
    return {
      parameter: g.parameter,
      value: g.value,
      modelAuc: Math.round(auc(sampleDeploys(dist, deploys, model, seed)) * 1000) / 1000,
      oursExposure: ours.badExposureUserMinutes,
      oursMinutes: ours.meanMinutesToFull,
      bestFixed: r.bestFixed,
      bestFixedExposure: best?.badExposureUserMinutes ?? null,
      bestFixedMinutes: best?.meanMinutesToFull ?? null,
      exposureReduction: r.exposureReduction,
      dominatedDeciles: best ? dominatedDeciles(ours, best) : [],
    };
  });
}

export function sensitivityMarkdown(rows: SensitivityRow[]): string {
  const f = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d));
  const lines = [
    '| parameter | value | model AUC | ours exposure | ours min to 100 % | best fixed (no faster) | its exposure | its min | exposure reduction | deciles where ours is worse on both |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.parameter} | ${r.value} | ${r.modelAuc.toFixed(3)} | ${f(r.oursExposure)} | ${f(r.oursMinutes)} | ${r.bestFixed ?? 'none'} | ${f(r.bestFixedExposure)} | ${f(r.bestFixedMinutes)} | ${r.exposureReduction === null ? '—' : (r.exposureReduction * 100).toFixed(1) + ' %'} | ${r.dominatedDeciles.length ? r.dominatedDeciles.join(', ') : 'none'} |`,
    );
  return lines.join('\n') + '\n';
}
