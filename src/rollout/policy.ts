// Rollout policy: per risk level, how fast to move (a "band" is the parameters for one level of
// the one risk scale, src/risk/scale.ts; the policy has no cuts of its own). Defaults come from default-policy.json, which the
// optimiser (scripts/optimise-policy.ts) writes; a team's YAML/JSON file can override per
// environment and per service glob. Every resolved policy must be monotone in risk.
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { RISK_LEVELS, riskLevelSchema, type RiskLevel } from '../risk/scale.ts';
import defaultPolicyJson from './default-policy.json' with { type: 'json' };
import { globMatches } from './windows.ts';

export const bandSchema = z.object({
  /** First canary weight, percent. */
  firstWeight: z.number().min(1).max(100),
  /** Canary weights before promotion (geometric from firstWeight to maxWeight). */
  steps: z.number().int().min(1).max(10),
  /** Last canary weight before the implicit promotion to 100 %. */
  maxWeight: z.number().min(1).max(100),
  /** Pause after each weight, minutes. */
  bakeMinutes: z
    .number()
    .min(0)
    .max(24 * 60),
  /** A human must promote after the first step (Argo `pause: {}`). */
  manualGate: z.boolean(),
  /**
   * Minutes the previous version stays scaled up after promotion (Argo Rollouts
   * `scaleDownDelaySeconds`), so a failure found then rolls back by a traffic switch instead of a
   * redeploy. Costs idle capacity, so it is spent where risk is.
   */
  rollbackWindowMinutes: z
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(0),
});
export type Band = z.infer<typeof bandSchema>;

/** One object per level of the scale, keyed by its names (so a new level needs its band). */
const perLevel = <T extends z.ZodType>(schema: T) =>
  z.object(Object.fromEntries(RISK_LEVELS.map((l) => [l, schema])) as Record<RiskLevel, T>);

const bandsSchema = perLevel(bandSchema);

export const policySchema = z.object({
  bands: bandsSchema,
  /** What a manual gate is expected to cost, minutes (for expected minutes and the simulator). */
  manualGateMinutes: z.number().min(0),
  flagger: z.object({ interval: z.string(), threshold: z.number().int().min(1) }),
  metricGates: z.array(z.string()).min(1),
  /** Current error rate above which high/critical changes hold and the rest bake longer. */
  maxErrorRate: z.number().min(0).max(1),
  /** Traffic as a fraction of the usual peak at or above which it counts as peak (feature schema: 0.8). */
  peakTraffic: z.number().min(0).max(1),
  /** At peak: bakes are multiplied by 1 + peakBakeFactor; bands from peakDeferFrom up hold. */
  peakBakeFactor: z.number().min(0),
  peakDeferFrom: riskLevelSchema,
  /** Below this request rate a canary gathers too little evidence: use blue-green instead. */
  minCanaryRequestsPerMinute: z.number().min(0),
  /** Fixes and reverts during an exhausted budget or an incident roll out with this band. */
  fixOrRevertBand: riskLevelSchema,
});
export type Policy = z.infer<typeof policySchema>;

/**
 * A policy no longer carries its own probability cuts: the rollout band is the level of the
 * probability on the one risk scale. A file that still sets them is refused rather than silently
 * rolled out on other cuts than the ones it names.
 */
export const THRESHOLDS_GONE =
  '`thresholds` is no longer a policy setting: the rollout band is the risk level of the probability, and the cuts between levels live in the one risk scale (src/risk/scale.ts; README "Risk scale"). Remove `thresholds` from the policy file.';

const partialPolicySchema = z
  .object({
    ...policySchema.shape,
    bands: perLevel(bandSchema.partial()).partial(),
    thresholds: z.never({ error: THRESHOLDS_GONE }).optional(),
  })
  .partial();
export type PartialPolicy = z.infer<typeof partialPolicySchema>;

/** The file teams write (YAML or JSON): overrides per environment and per service glob. */
export const policyFileSchema = z.object({
  production: partialPolicySchema.optional(),
  staging: partialPolicySchema.optional(),
  services: z
    .array(z.object({ match: z.string(), environment: z.string().optional(), policy: partialPolicySchema }))
    .default([]),
});
export type PolicyFile = z.infer<typeof policyFileSchema>;

const defaultsSchema = z.object({
  production: policySchema,
  staging: policySchema,
  provenance: z.unknown().optional(),
});
export const DEFAULT_POLICIES = defaultsSchema.parse(defaultPolicyJson);

export function environmentKind(environment: string | null | undefined): 'production' | 'staging' {
  const e = (environment ?? 'production').toLowerCase();
  return /^(prod|production|live)/.test(e) || e === '' ? 'production' : 'staging';
}

function merge(base: Policy, o: PartialPolicy | undefined): Policy {
  if (!o) return base;
  const bands = { ...base.bands };
  for (const lvl of RISK_LEVELS) bands[lvl] = { ...base.bands[lvl], ...(o.bands?.[lvl] ?? {}) };
  const { thresholds: _gone, ...rest } = o;
  return {
    ...base,
    ...rest,
    flagger: o.flagger ?? base.flagger,
    bands,
  };
}

/** Totals of a band's automated steps, minutes (manual gate excluded). */
export function bandWeights(b: Band): number[] {
  if (b.firstWeight >= b.maxWeight || b.steps === 1) return [Math.min(b.firstWeight, 100)];
  const ratio = Math.pow(b.maxWeight / b.firstWeight, 1 / (b.steps - 1));
  const out: number[] = [];
  for (let i = 0; i < b.steps; i++) {
    const w = Math.round(b.firstWeight * Math.pow(ratio, i));
    if (out.length === 0 || w > (out[out.length - 1] as number)) out.push(w);
  }
  return out;
}

export function bandMinutes(b: Band, manualGateMinutes: number): number {
  const ws = bandWeights(b);
  if (ws.length === 1 && ws[0] === 100) return b.manualGate ? manualGateMinutes : 0;
  return ws.length * b.bakeMinutes + (b.manualGate ? manualGateMinutes : 0);
}

/** Problems that break monotonicity in risk; empty when the policy is sound. */
export function monotonicityProblems(p: Policy): string[] {
  const out: string[] = [];
  for (let i = 1; i < RISK_LEVELS.length; i++) {
    const lo = RISK_LEVELS[i - 1] as RiskLevel;
    const hi = RISK_LEVELS[i] as RiskLevel;
    const a = p.bands[lo];
    const b = p.bands[hi];
    if (b.firstWeight > a.firstWeight) out.push(`${hi}.firstWeight > ${lo}.firstWeight`);
    if (b.bakeMinutes < a.bakeMinutes) out.push(`${hi}.bakeMinutes < ${lo}.bakeMinutes`);
    if (a.manualGate && !b.manualGate) out.push(`${lo} has a manual gate but ${hi} has not`);
    if (b.rollbackWindowMinutes < a.rollbackWindowMinutes)
      out.push(`${hi}.rollbackWindowMinutes < ${lo}.rollbackWindowMinutes`);
    if (bandMinutes(b, p.manualGateMinutes) < bandMinutes(a, p.manualGateMinutes))
      out.push(`${hi} total minutes < ${lo} total minutes`);
  }
  return out;
}

export function resolvePolicy(
  file: PolicyFile | null,
  service?: string | null,
  environment?: string | null,
): Policy {
  const kind = environmentKind(environment);
  let p = merge(DEFAULT_POLICIES[kind], file?.[kind]);
  for (const s of file?.services ?? []) {
    if (!globMatches(s.match, service ?? '')) continue;
    if (s.environment !== undefined && environmentKind(s.environment) !== kind) continue;
    p = merge(p, s.policy);
  }
  const checked = policySchema.safeParse(p);
  if (!checked.success)
    throw new AppError(
      'bad_input',
      `invalid rollout policy: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const problems = monotonicityProblems(checked.data);
  if (problems.length > 0)
    throw new AppError(
      'bad_input',
      `rollout policy is not monotone in risk: ${problems.join('; ')}`,
      problems,
    );
  return checked.data;
}
