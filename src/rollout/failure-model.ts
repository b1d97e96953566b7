// The simulator's failure model: every default is argued in docs/rollout-simulation.md and varied
// in the sensitivity table there. Units: minutes, fractions of traffic, requests per minute.
import type { Rng } from './prng.ts';

export interface FailureModel {
  /** Share of failing versions whose failure starts at once / after minutes / after hours. */
  onsetMix: { immediate: number; minutes: number; hours: number };
  onsetMinutesMean: number;
  onsetHoursMean: number;
  /** Error-rate increase of a failing version: log-normal, median and log-sd. */
  errorIncreaseMedian: number;
  errorIncreaseLogSd: number;
  baselineErrorRate: number;
  /** Requests per minute at 100 % traffic. */
  requestsPerMinute: number;
  /** One-sided z the excess errors must reach before the gate can call the canary bad. */
  evidenceZ: number;
  /** From enough evidence to the rollback starting (scrape, `for:`, failed-check threshold). */
  alertLatencyMinutes: number;
  /** Rollback while the stable version still serves (Argo abort / Flagger route back). */
  rollbackCanaryMinutes: number;
  /** Rollback after full promotion: redeploy the previous version. */
  rollbackFullMinutes: number;
  /** What a manual gate (Argo `pause: {}`, blue-green manual promotion) costs. */
  manualGateMinutes: number;
  /** Chance a blue-green preview's analysis catches a failure that is present from the start. */
  previewDetectProbability: number;
  /** Concurrent users at 100 % traffic (scales exposure to user-minutes). */
  users: number;
  /** Standard deviation of noise added to the score's log-odds (model quality knob, 0 = as given). */
  scoreNoise: number;
}

export const DEFAULT_FAILURE_MODEL: FailureModel = {
  onsetMix: { immediate: 0.6, minutes: 0.3, hours: 0.1 },
  onsetMinutesMean: 30,
  onsetHoursMean: 8 * 60,
  errorIncreaseMedian: 0.02,
  errorIncreaseLogSd: 1.2,
  baselineErrorRate: 0.001,
  requestsPerMinute: 6000,
  evidenceZ: 3,
  alertLatencyMinutes: 5,
  rollbackCanaryMinutes: 1,
  rollbackFullMinutes: 5,
  manualGateMinutes: 30,
  previewDetectProbability: 0.5,
  users: 1000,
  scoreNoise: 0,
};

export interface Failure {
  onsetMinutes: number;
  errorIncrease: number;
  /** Evidence needed, in minutes of 100 % traffic after onset. */
  evidenceFullMinutes: number;
  /** Uniform draw shared by every policy (common random numbers) for the preview check. */
  previewDraw: number;
}

export function sampleFailure(m: FailureModel, rng: Rng): Failure {
  const mix = m.onsetMix;
  const total = mix.immediate + mix.minutes + mix.hours;
  const u = rng.next() * total;
  const onsetMinutes =
    u < mix.immediate
      ? 0
      : u < mix.immediate + mix.minutes
        ? rng.exponential(m.onsetMinutesMean)
        : rng.exponential(m.onsetHoursMean);
  const errorIncrease = Math.min(
    1 - m.baselineErrorRate,
    m.errorIncreaseMedian * Math.exp(m.errorIncreaseLogSd * rng.normal()),
  );
  // Excess errors n·δ against Poisson noise √(n·b): need n ≥ z²·b/δ² canary requests while failing.
  const requestsNeeded = (m.evidenceZ ** 2 * m.baselineErrorRate) / errorIncrease ** 2;
  return {
    onsetMinutes,
    errorIncrease,
    evidenceFullMinutes: requestsNeeded / m.requestsPerMinute,
    previewDraw: rng.next(),
  };
}
