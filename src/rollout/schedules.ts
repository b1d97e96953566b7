// Rollout schedules as the simulator sees them: traffic weight over time until 100 %.
// The fixed ones are the documented examples (sources in docs/rollout-simulation.md).
import { bandWeights, type Band, type Policy } from './policy.ts';
import type { RiskLevel } from '../risk/scale.ts';

export interface Segment {
  weight: number; // 0..1
  minutes: number;
}

export interface Schedule {
  segments: Segment[]; // after the last one: 100 % forever
  /** Zero-traffic preview whose analysis may catch failures present from the start (blue-green). */
  preview: boolean;
  /** Minutes after promotion during which the previous version still runs (fast rollback). */
  warmMinutes: number;
}

export const fullAt = (s: Schedule) => s.segments.reduce((a, x) => a + x.minutes, 0);

export function bandSchedule(b: Band, manualGateMinutes: number): Schedule {
  const ws = bandWeights(b);
  if (ws[0] === 100)
    return {
      segments: b.manualGate ? [{ weight: 0, minutes: manualGateMinutes }] : [],
      preview: b.manualGate,
      warmMinutes: b.rollbackWindowMinutes,
    };
  return {
    segments: ws.map((w, i) => ({
      weight: w / 100,
      minutes: b.bakeMinutes + (i === 0 && b.manualGate ? manualGateMinutes : 0),
    })),
    preview: false,
    warmMinutes: b.rollbackWindowMinutes,
  };
}

export interface NamedPolicy {
  name: string;
  fixed: boolean;
  scheduleFor(band: RiskLevel): Schedule;
}

const constant = (name: string, s: Schedule): NamedPolicy => ({ name, fixed: true, scheduleFor: () => s });

export function fixedPolicies(manualGateMinutes: number): NamedPolicy[] {
  return [
    // Argo Rollouts getting-started example: 20, pause {}, 40/60/80 with pause {duration: 10} (10 s).
    // A basic (replica-weighted) canary: the old ReplicaSet is gone once the new one is stable
    // (scaleDownDelaySeconds needs traffic routing).
    constant('argo-example', {
      segments: [
        { weight: 0.2, minutes: manualGateMinutes },
        { weight: 0.4, minutes: 10 / 60 },
        { weight: 0.6, minutes: 10 / 60 },
        { weight: 0.8, minutes: 10 / 60 },
      ],
      preview: false,
      warmMinutes: 0,
    }),
    // Flagger: stepWeight 10 up to maxWeight 50, one 1-minute interval per step, then promotion
    // (the primary is overwritten with the canary's spec: no previous version left running).
    constant('flagger-default', {
      segments: [10, 20, 30, 40, 50].map((w) => ({ weight: w / 100, minutes: 1 })),
      preview: false,
      warmMinutes: 0,
    }),
    constant('all-at-once', { segments: [], preview: false, warmMinutes: 0 }),
    // Argo Rollouts blue-green example (autoPromotionEnabled: false): preview, manual promotion,
    // switch; the old ReplicaSet is scaled down after scaleDownDelaySeconds (default 30 s).
    constant('blue-green', {
      segments: [{ weight: 0, minutes: manualGateMinutes }],
      preview: true,
      warmMinutes: 0.5,
    }),
  ];
}

export function oursPolicy(policy: Policy, manualGateMinutes: number): NamedPolicy {
  const cache = new Map<RiskLevel, Schedule>();
  return {
    name: 'ours',
    fixed: false,
    scheduleFor: (band) => {
      let s = cache.get(band);
      if (!s) cache.set(band, (s = bandSchedule(policy.bands[band], manualGateMinutes)));
      return s;
    },
  };
}
