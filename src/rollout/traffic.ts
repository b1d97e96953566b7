// Peak-traffic profile: traffic per hour of the week (Sunday 00:00 first, in the profile's time
// zone). Levels are fractions of the busiest hour (as the feature schema's trafficLevel), so raw
// request counts work as weights.
import { z } from 'zod';
import { localTime } from './tz.ts';

export const trafficProfileSchema = z.object({
  timeZone: z.string().default('UTC'),
  weights: z.array(z.number().min(0)).length(168),
});
export type TrafficProfile = z.input<typeof trafficProfileSchema>;

export function trafficLevel(profile: TrafficProfile, atMs: number): number {
  const weights = profile.weights;
  const max = Math.max(...weights);
  if (max === 0) return 0;
  const t = localTime(profile.timeZone ?? 'UTC', atMs);
  return (weights[t.weekday * 24 + t.hour] ?? 0) / max;
}

/** First quarter-hour within a week at which traffic drops below `peak`; null if never. */
export function nextOffPeak(profile: TrafficProfile, atMs: number, peak: number): number | null {
  const step = 15 * 60_000;
  const start = Math.ceil(atMs / step) * step;
  for (let t = start; t < atMs + 7 * 86_400_000 + step; t += step)
    if (trafficLevel(profile, t) < peak) return t;
  return null;
}
