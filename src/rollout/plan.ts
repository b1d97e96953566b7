// planRollout: risk + context + policy → a plan. Pure: the caller passes the time (`at`).
import { levelOf, levelRange, levelRule, maxLevel, rankOf, type RiskLevel } from '../risk/scale.ts';
import { formatMinutes, parseDurationMs } from './duration.ts';
import { bandWeights, resolvePolicy, type Band, type Policy } from './policy.ts';
import { nextOffPeak, trafficLevel, type TrafficProfile } from './traffic.ts';
import type { ArgoStep, Decision, RiskInput, RolloutPlan, StepGate } from './types.ts';
import { evaluateWindows, type DeployWindow } from './windows.ts';

export interface RolloutContext {
  environment?: string | null;
  /** Share of the error budget left in the SLO window, 0..1 (≤ 0 = exhausted). */
  errorBudgetRemaining?: number | null;
  /** Current error rate of the service, 0..1. */
  errorRate?: number | null;
  openIncidents?: number | null;
  /** The deploy starts during peak traffic (1/true = yes), as in the feature schema. */
  peakTraffic?: number | boolean | null;
  /** Current traffic as a fraction of the usual peak (1 = at peak); wins over peakTraffic. */
  trafficLevel?: number | null;
  /** Every non-merge commit of the deploy is a fix or a revert. */
  fixOrRevert?: boolean;
  /** Short shas of the deploy's commits that are neither (named when the plan holds). */
  notFixes?: readonly string[];
  /** The time the deploy would start; windows and the traffic profile are only checked with it. */
  at?: Date;
  service?: string | null;
  windows?: DeployWindow[] | null;
  trafficProfile?: TrafficProfile | null;
  /** Requests per minute at full traffic; below the policy minimum a canary proves little. */
  requestsPerMinute?: number | null;
}

const rank = rankOf;
const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

function holdPlan(
  policy: Policy,
  band: RiskLevel,
  reasons: string[],
  nextAllowedAt: number | null,
): RolloutPlan {
  return {
    decision: 'hold',
    strategy: 'hold',
    steps: [],
    flagger: {
      interval: policy.flagger.interval,
      stepWeights: [],
      maxWeight: 0,
      threshold: policy.flagger.threshold,
    },
    expectedMinutesToFull: null,
    metricGates: policy.metricGates,
    reasons,
    nextAllowedAt: nextAllowedAt === null ? null : new Date(nextAllowedAt).toISOString(),
    band,
    stepGates: [],
    scaleDownDelaySeconds: null,
    blueGreen: null,
  };
}

function rollbackWindowReason(b: Band): string | null {
  if (b.rollbackWindowMinutes <= 0) return null;
  return `keep the previous version scaled up for ${formatMinutes(b.rollbackWindowMinutes)} after promotion (Argo scaleDownDelaySeconds: ${Math.round(b.rollbackWindowMinutes * 60)}), so a late failure rolls back by a traffic switch`;
}

/**
 * Why this band: the probability's level on the one risk scale, with the cut that puts it there
 * ("failure probability 34% → level high (≥ 30 %)"). There is no separate band scale to reconcile.
 */
function bandReason(probability: number, band: RiskLevel): string {
  // Against the next cut up, with as many digits as it takes: 14.996% must not read as 15%.
  const { below } = levelRange(band);
  const [prob] = below === null ? [pct(probability)] : distinctPercents(probability, below);
  return `failure probability ${prob} → ${levelRule(band)}`;
}

/** Both as percentages, with as many digits as it takes for unequal values to read unequal. */
function distinctPercents(a: number, b: number): [string, string] {
  let [x, y] = [pct(a), pct(b)];
  for (let digits = 3; x === y && a !== b && digits <= 8; digits++) {
    [x, y] = [`${Number((a * 100).toPrecision(digits))} %`, `${Number((b * 100).toPrecision(digits))} %`];
  }
  return [x, y];
}

export function planRollout(risk: RiskInput, context: RolloutContext = {}, policy?: Policy): RolloutPlan {
  const p = policy ?? resolvePolicy(null, context.service, context.environment);
  const fix = context.fixOrRevert === true;
  const mixed = (context.notFixes?.length ?? 0) > 0;
  const notFixesWhy = mixed
    ? `; ${context.notFixes!.length} of the deploy's commits ${context.notFixes!.length === 1 ? 'is' : 'are'} not a fix or revert (${context.notFixes!.slice(0, 5).join(', ')}${context.notFixes!.length > 5 ? ', …' : ''})`
    : '';
  const atMs = context.at?.getTime();
  const reasons: string[] = [];
  let band = levelOf(risk.probability);
  reasons.push(bandReason(risk.probability, band));

  if (context.windows && context.windows.length > 0) {
    if (atMs === undefined) reasons.push('deploy windows not checked: no start time given');
    else {
      const v = evaluateWindows(context.windows, context.service, atMs);
      if (!v.allowed) {
        const why = v.active.find((a) => a.kind === 'deny')?.label;
        reasons.push(why ? `inside deny window: ${why}` : 'outside every allow window');
        if (v.nextAllowedAt === null) reasons.push('no allowed start in the next 14 days');
        return holdPlan(p, band, reasons, v.nextAllowedAt);
      }
      if (v.applicable > 0)
        reasons.push(
          `deploy window open${v.active.length ? `: ${v.active.map((a) => a.label).join(', ')}` : ''}`,
        );
    }
  }

  const careful = (why: string) => {
    const nb = maxLevel(band, p.fixOrRevertBand);
    // The pace of a riskier level, not a second level: the answer's level stays the probability's.
    reasons.push(
      nb === band
        ? `${why}, but this is a fix or revert: rolling out at this level's pace`
        : `${why}, but this is a fix or revert: rolling out at the policy's careful pace for fixes (fixOrRevertBand)`,
    );
    band = nb;
  };
  if ((context.errorBudgetRemaining ?? 1) <= 0) {
    if (!fix)
      return holdPlan(
        p,
        band,
        [...reasons, `error budget exhausted: only fixes and reverts may deploy${notFixesWhy}`],
        null,
      );
    careful('error budget exhausted');
  }
  if ((context.openIncidents ?? 0) > 0) {
    if (!fix)
      return holdPlan(
        p,
        band,
        [
          ...reasons,
          `${context.openIncidents} open incident(s): do not add change while one is being handled${notFixesWhy}`,
        ],
        null,
      );
    careful('an incident is open');
  }

  let bakeFactor = 1;
  const errorRate = context.errorRate ?? 0;
  if (errorRate > p.maxErrorRate) {
    if (!fix && rank(band) >= rank('high'))
      return holdPlan(
        p,
        band,
        [
          ...reasons,
          `current error rate ${pct(errorRate)} is above ${pct(p.maxErrorRate)}: a canary comparison would be noise`,
        ],
        null,
      );
    bakeFactor *= 2;
    reasons.push(`current error rate ${pct(errorRate)} is high: bakes doubled to gather evidence`);
  }

  const level =
    context.trafficProfile && atMs !== undefined
      ? trafficLevel(context.trafficProfile, atMs)
      : (context.trafficLevel ?? null);
  const atPeak =
    level !== null ? level >= p.peakTraffic : context.peakTraffic === true || context.peakTraffic === 1;
  if (atPeak) {
    const shown = level !== null ? `${Math.round(level * 100)}% of the usual peak` : 'flagged as peak';
    if (!fix && rank(band) >= rank(p.peakDeferFrom)) {
      const next =
        context.trafficProfile && atMs !== undefined
          ? nextOffPeak(context.trafficProfile, atMs, p.peakTraffic)
          : null;
      return holdPlan(
        p,
        band,
        [...reasons, `peak traffic (${shown}): ${band}-risk deploys wait for off-peak`],
        next,
      );
    }
    bakeFactor *= 1 + p.peakBakeFactor;
    if (p.peakBakeFactor > 0)
      reasons.push(`peak traffic (${shown}): bakes ×${(1 + p.peakBakeFactor).toFixed(2)}`);
  }

  const b: Band = p.bands[band];
  const bake = b.bakeMinutes * bakeFactor;
  const decision: Decision = band === 'low' && !fix && bakeFactor === 1 ? 'proceed' : 'caution';
  const gateMinutes = b.manualGate ? p.manualGateMinutes : 0;
  const intervalMin = Math.max(1, Math.round(bake));
  const policyIntervalMin = parseDurationMs(p.flagger.interval) / 60_000;
  const threshold = Math.max(1, Math.ceil((p.flagger.threshold * policyIntervalMin) / intervalMin));

  if (context.requestsPerMinute != null && context.requestsPerMinute < p.minCanaryRequestsPerMinute) {
    const analysis = Math.max(bake * bandWeights(b).length, 1);
    reasons.push(
      `${context.requestsPerMinute} requests/min is too little traffic for a canary to prove anything: blue-green with a ${formatMinutes(analysis)} pre-promotion analysis`,
    );
    if (b.manualGate) reasons.push('a human promotes the preview');
    const windowReason = rollbackWindowReason(b);
    if (windowReason) reasons.push(windowReason);
    return {
      decision,
      strategy: 'blue-green',
      steps: [],
      flagger: {
        interval: formatMinutes(intervalMin),
        stepWeights: [],
        maxWeight: 100,
        threshold,
        iterations: Math.max(1, Math.round(analysis / intervalMin)),
      },
      expectedMinutesToFull: analysis + gateMinutes,
      metricGates: p.metricGates,
      reasons,
      nextAllowedAt: null,
      band,
      stepGates: [
        {
          weight: 0,
          bakeMinutes: analysis,
          gates: p.metricGates.map((g) => `${g} (preview, synthetic traffic)`),
        },
      ],
      scaleDownDelaySeconds: Math.round(b.rollbackWindowMinutes * 60),
      blueGreen: { autoPromotionEnabled: !b.manualGate, prePromotionAnalysisMinutes: analysis },
    };
  }

  const weights = bandWeights(b);
  const steps: ArgoStep[] = [];
  const stepGates: StepGate[] = [];
  weights.forEach((w, i) => {
    steps.push({ setWeight: w });
    if (bake > 0 && w < 100) steps.push({ pause: { duration: formatMinutes(Math.round(bake * 60) / 60) } });
    if (i === 0 && b.manualGate) steps.push({ pause: {} });
    stepGates.push({ weight: w, bakeMinutes: w < 100 ? bake : 0, gates: p.metricGates });
  });
  const automated = weights[0] === 100 ? 0 : weights.length * bake;
  reasons.push(
    weights[0] === 100
      ? 'all at once: low risk, nothing to learn from a canary'
      : `canary ${weights.join('/')}% then 100%, ${formatMinutes(Math.round(bake * 60) / 60)} bake per step`,
  );
  if (b.manualGate)
    reasons.push(`a human must promote after the first step (counted as ${p.manualGateMinutes} min)`);
  const windowReason = rollbackWindowReason(b);
  if (windowReason) reasons.push(windowReason);
  return {
    decision,
    strategy: 'canary',
    steps,
    flagger: {
      interval: formatMinutes(intervalMin),
      stepWeights: weights[0] === 100 ? [] : weights,
      maxWeight: weights[weights.length - 1] ?? 100,
      threshold,
    },
    expectedMinutesToFull: Math.round((automated + gateMinutes) * 10) / 10,
    metricGates: p.metricGates,
    reasons,
    nextAllowedAt: null,
    band,
    stepGates,
    scaleDownDelaySeconds: Math.round(b.rollbackWindowMinutes * 60),
    blueGreen: null,
  };
}
