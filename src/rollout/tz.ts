// Wall-clock fields of a UTC instant in an IANA time zone, via Intl (no tz database of our own).
// Offsets are cached per 15-minute UTC slot: every real zone changes offset on a 15-minute boundary.
import { AppError } from '../errors.ts';

export interface LocalTime {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
  hour: number;
  minute: number;
  weekday: number; // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();
const SLOT_MS = 15 * 60_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      throw new AppError('bad_input', `unknown time zone "${timeZone}"`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** Offset of local wall time from UTC, in ms, at the given instant. */
export function offsetMs(timeZone: string, utcMs: number): number {
  const slot = Math.floor(utcMs / SLOT_MS) * SLOT_MS;
  const key = `${timeZone}|${slot}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const parts = formatter(timeZone).formatToParts(new Date(slot));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  const off = asUtc - slot;
  if (offsetCache.size > 200_000) offsetCache.clear();
  offsetCache.set(key, off);
  return off;
}

export function localTime(timeZone: string, utcMs: number): LocalTime {
  const d = new Date(utcMs + offsetMs(timeZone, utcMs));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}
