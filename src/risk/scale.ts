// The one risk scale: level names, their order and the probability cuts. Pure (no I/O). Every
// part of deployrisk that says low/medium/high/critical — the scorer's level, the rollout band,
// --fail-on and the gates, plan --risk/--level, the summaries, Slack's minimum level and the
// metrics labels — reads it from here, so one answer never shows two levels.
//
// The cuts are set for deploys, not per model: a model's validation scores say how it ranks,
// not what a team should call risky. They are multiples of a reference deploy failure rate
// r = 10 %, a typical team's change failure rate (DORA's State of DevOps reports put medium and
// high performers around 10–15 %):
//   medium   ≥ 1.5 r = 15 %: half again the usual rate — more likely to fail than a routine deploy.
//   high     ≥ 3 r   = 30 %: three times the usual rate — about one such deploy in three fails.
//   critical ≥ 5 r   = 50 %: five times the usual rate — failure is at least as likely as success.
// A score exactly at a cut belongs to the higher level.
import { z } from 'zod';

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Levels a gate or a notification can be set to (everything above the lowest). */
export type AlertLevel = Exclude<RiskLevel, 'low'>;

/**
 * Each level's colour (the dashboard's chips, bars and legends): green to red in the scale's order,
 * dark enough that white text on it and the colour as text on white both reach WCAG AA (≥ 4.5:1).
 */
export const LEVEL_COLOURS: Readonly<Record<RiskLevel, string>> = Object.freeze({
  low: '#1a7f37',
  medium: '#9a6700',
  high: '#bc4c00',
  critical: '#cf222e',
});

/** The reference deploy failure rate the cuts are multiples of. */
export const REFERENCE_FAILURE_RATE = 0.1;

/** Multiples of the reference rate at which each level above low starts. */
const MULTIPLES: Readonly<Record<AlertLevel, number>> = { medium: 1.5, high: 3, critical: 5 };

/** Lower probability bound of each level (a score at the bound belongs to that level). */
export const LEVEL_CUTS: Readonly<Record<RiskLevel, number>> = Object.freeze({
  low: 0,
  medium: round(MULTIPLES.medium * REFERENCE_FAILURE_RATE),
  high: round(MULTIPLES.high * REFERENCE_FAILURE_RATE),
  critical: round(MULTIPLES.critical * REFERENCE_FAILURE_RATE),
});

function round(x: number): number {
  return Number(x.toFixed(6)); // 3 × 0.1 is 0.30000000000000004 in binary
}

export const riskLevelSchema = z.enum(RISK_LEVELS);
export const alertLevelSchema = riskLevelSchema.exclude(['low']);
export const ALERT_LEVELS = alertLevelSchema.options;

export const isRiskLevel = (s: unknown): s is RiskLevel => riskLevelSchema.safeParse(s).success;

/** Position of a level on the scale, 0 = low. */
export const rankOf = (level: RiskLevel): number => RISK_LEVELS.indexOf(level);

/** Negative, zero or positive as a is below, equal to or above b (usable by Array.sort). */
export const compareLevels = (a: RiskLevel, b: RiskLevel): number => rankOf(a) - rankOf(b);

export const levelAtLeast = (level: RiskLevel, min: RiskLevel): boolean => compareLevels(level, min) >= 0;

export const maxLevel = (a: RiskLevel, b: RiskLevel): RiskLevel => (compareLevels(a, b) >= 0 ? a : b);

/** The level of a failure probability 0..1. */
export function levelOf(probability: number): RiskLevel {
  if (!(probability >= 0 && probability <= 1))
    throw new RangeError(`a failure probability must be within 0..1, got ${probability}`);
  for (let i = RISK_LEVELS.length - 1; i > 0; i--) {
    const level = RISK_LEVELS[i] as RiskLevel;
    if (probability >= LEVEL_CUTS[level]) return level;
  }
  return 'low';
}

/** The probability range of a level: [from, below) — `below` is null for the top level. */
export function levelRange(level: RiskLevel): { from: number; below: number | null } {
  const next = RISK_LEVELS[rankOf(level) + 1];
  return { from: LEVEL_CUTS[level], below: next === undefined ? null : LEVEL_CUTS[next] };
}

/**
 * A probability as a percentage ("34.0 %") that never reads as another level: 14.996 % is shown as
 * "14.996 %", not "15.0 %", since 15 % is where medium starts.
 */
export function formatProbability(probability: number, digits = 1): string {
  const level = levelOf(probability);
  for (let d = digits; d <= digits + 8; d++) {
    const shown = (probability * 100).toFixed(d);
    if (levelOf(Math.min(1, Number(shown) / 100)) === level) return `${shown} %`;
  }
  return `${(probability * 100).toFixed(digits + 8)} %`;
}

const pct = (x: number) => `${Number((x * 100).toFixed(4))} %`;

/** Why a probability has its level, in words: "level high (≥ 30 %)", "level low (< 15 %)". */
export function levelRule(level: RiskLevel): string {
  const { from, below } = levelRange(level);
  return from === 0 ? `level ${level} (< ${pct(below as number)})` : `level ${level} (≥ ${pct(from)})`;
}

/** One line per level, for --help and docs: "low < 15 %, medium ≥ 15 %, …". */
export function scaleDescription(): string {
  return RISK_LEVELS.map((l) =>
    l === 'low' ? `low < ${pct(LEVEL_CUTS.medium)}` : `${l} ≥ ${pct(LEVEL_CUTS[l])}`,
  ).join(', ');
}
