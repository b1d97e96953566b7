// Deploy windows with Argo CD sync-window semantics: no matching window → allowed; any matching
// allow window → allowed only while one is active; an active deny window always wins.
// A window opens at each cron match of its schedule in its time zone and stays open for `duration`
// of elapsed time (like Go's time.Add, so a window across a DST change lasts exactly that long).
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { parseCron, cronMatches, type Cron } from './cron.ts';
import { parseDurationMs } from './duration.ts';
import { assertTimeZone, localTime } from './tz.ts';

export const deployWindowSchema = z.object({
  kind: z.enum(['allow', 'deny']),
  schedule: z.string().min(1),
  duration: z.string().min(1),
  timeZone: z.string().default('UTC'),
  services: z.array(z.string()).default(['*']),
  description: z.string().optional(),
});
export type DeployWindow = z.input<typeof deployWindowSchema>;
export const deployWindowsSchema = z.array(deployWindowSchema);

export interface WindowVerdict {
  allowed: boolean;
  /** Descriptions (or schedules) of the windows that decided, for the plan's reasons. */
  active: { kind: 'allow' | 'deny'; label: string }[];
  applicable: number;
  /** Next instant (epoch ms) at which a deploy may start; equals `at` when allowed now. */
  nextAllowedAt: number | null;
}

const MINUTE = 60_000;
export const DEFAULT_HORIZON_DAYS = 14;

export function globMatches(glob: string, name: string): boolean {
  const re = new RegExp(
    '^' +
      glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.') +
      '$',
  );
  return re.test(name);
}

interface Compiled {
  kind: 'allow' | 'deny';
  label: string;
  cron: Cron;
  durationMs: number;
  timeZone: string;
}

// Intervals are found by testing every minute from `at - longest duration`, so a typo such as
// "100000h" would mean minutes of CPU; no real freeze lasts over a year.
const MAX_WINDOW_MS = 366 * 86_400_000;

function compile(w: DeployWindow): Compiled {
  const parsed = deployWindowSchema.parse(w);
  assertTimeZone(parsed.timeZone);
  const durationMs = parseDurationMs(parsed.duration);
  if (durationMs > MAX_WINDOW_MS)
    throw new AppError('bad_input', `window duration "${parsed.duration}" is over 366 days`);
  return {
    kind: parsed.kind,
    label:
      parsed.description ?? `${parsed.kind} "${parsed.schedule}" for ${parsed.duration} (${parsed.timeZone})`,
    cron: parseCron(parsed.schedule),
    durationMs,
    timeZone: parsed.timeZone,
  };
}

/** [start, end) intervals at which each window is open, for starts in [fromMs, toMs). */
function openIntervals(c: Compiled, fromMs: number, toMs: number): [number, number][] {
  const out: [number, number][] = [];
  const first = Math.ceil(fromMs / MINUTE) * MINUTE;
  for (let t = first; t < toMs; t += MINUTE) {
    if (cronMatches(c.cron, localTime(c.timeZone, t))) out.push([t, t + c.durationMs]);
  }
  return out;
}

export function evaluateWindows(
  windows: readonly DeployWindow[],
  service: string | null | undefined,
  atMs: number,
  horizonDays = DEFAULT_HORIZON_DAYS,
): WindowVerdict {
  const name = service ?? '';
  const compiled = windows
    .filter((w) => (w.services ?? ['*']).some((g) => globMatches(g, name)))
    .map(compile);
  if (compiled.length === 0) return { allowed: true, active: [], applicable: 0, nextAllowedAt: atMs };

  const maxDur = Math.max(...compiled.map((c) => c.durationMs));
  const horizonEnd = atMs + horizonDays * 86_400_000;
  const spans = compiled.map((c) => ({ c, iv: openIntervals(c, atMs - maxDur, horizonEnd) }));
  const hasAllow = compiled.some((c) => c.kind === 'allow');
  const activeAt = (t: number) =>
    spans
      .filter(({ iv }) => iv.some(([s, e]) => s <= t && t < e))
      .map(({ c }) => ({ kind: c.kind, label: c.label }));
  const allowedAt = (t: number) => {
    const act = activeAt(t);
    if (act.some((a) => a.kind === 'deny')) return false;
    return !hasAllow || act.some((a) => a.kind === 'allow');
  };

  const active = activeAt(atMs);
  if (allowedAt(atMs)) return { allowed: true, active, applicable: compiled.length, nextAllowedAt: atMs };

  // The allowed set can only begin where an allow window opens or a deny window closes.
  const candidates = new Set<number>();
  for (const { c, iv } of spans) for (const [s, e] of iv) candidates.add(c.kind === 'allow' ? s : e);
  const next = [...candidates]
    .filter((t) => t > atMs && t < horizonEnd)
    .sort((a, b) => a - b)
    .find(allowedAt);
  return { allowed: false, active, applicable: compiled.length, nextAllowedAt: next ?? null };
}
