// Go-style durations ("90s", "10m", "1h30m") as used by Argo CD sync windows and Argo Rollouts pauses.
import { AppError } from '../errors.ts';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDurationMs(text: string): number {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000; // Argo Rollouts: a bare number means seconds
  const re = /(\d+(?:\.\d+)?)([smhd])/gy;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    consumed = re.lastIndex;
  }
  if (consumed !== s.length || s.length === 0)
    throw new AppError('bad_input', `invalid duration "${text}" (use e.g. 30m, 1h, 1h30m)`);
  return total;
}

/** Minutes → the shortest Argo duration string ("90m" → "1h30m", 0.5 → "30s"). */
export function formatMinutes(minutes: number): string {
  const totalSeconds = Math.round(minutes * 60);
  if (totalSeconds % 60 !== 0) return `${totalSeconds}s`;
  const mins = totalSeconds / 60;
  const h = Math.floor(mins / 60);
  const m = mins % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h${m}m`;
}
