// Five-field cron (minute hour day-of-month month day-of-week), matched against local wall time.
// Semantics follow Vixie cron / robfig cron: lists, ranges, steps, names; 7 is also Sunday; when both
// day-of-month and day-of-week are restricted, either one matching is enough.
import { AppError } from '../errors.ts';
import type { LocalTime } from './tz.ts';

export interface Cron {
  minute: Set<number>;
  hour: Set<number>;
  dayOfMonth: Set<number>;
  month: Set<number>;
  dayOfWeek: Set<number>;
  domStar: boolean;
  dowStar: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function value(token: string, min: number, names: string[] | null, nameBase: number, expr: string): number {
  const lower = token.toLowerCase();
  if (names) {
    const i = names.indexOf(lower);
    if (i >= 0) return i + nameBase;
  }
  if (!/^\d+$/.test(token)) throw new AppError('bad_input', `invalid cron field "${token}" in "${expr}"`);
  const n = Number(token);
  if (n < min) throw new AppError('bad_input', `cron value ${n} out of range in "${expr}"`);
  return n;
}

function field(
  text: string,
  min: number,
  max: number,
  names: string[] | null,
  nameBase: number,
  expr: string,
): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [rangePart, stepPart] = part.split('/');
    if (rangePart === undefined || rangePart === '')
      throw new AppError('bad_input', `invalid cron schedule "${expr}"`);
    const step = stepPart === undefined ? 1 : value(stepPart, 1, null, 0, expr);
    let lo: number;
    let hi: number;
    if (rangePart === '*') {
      lo = min;
      hi = max;
    } else if (rangePart.includes('-')) {
      const [a, b] = rangePart.split('-');
      lo = value(a ?? '', min, names, nameBase, expr);
      hi = value(b ?? '', min, names, nameBase, expr);
    } else {
      lo = value(rangePart, min, names, nameBase, expr);
      hi = stepPart === undefined ? lo : max; // "5/15" means from 5 to max every 15
    }
    if (hi > max || lo > hi)
      throw new AppError('bad_input', `cron range ${rangePart} out of bounds in "${expr}"`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function parseCron(expr: string): Cron {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new AppError('bad_input', `cron schedule "${expr}" must have 5 fields`);
  const [mi, ho, dom, mo, dow] = parts as [string, string, string, string, string];
  const dayOfWeek = field(dow, 0, 7, DAYS, 0, expr);
  if (dayOfWeek.has(7)) dayOfWeek.add(0);
  return {
    minute: field(mi, 0, 59, null, 0, expr),
    hour: field(ho, 0, 23, null, 0, expr),
    dayOfMonth: field(dom, 1, 31, null, 0, expr),
    month: field(mo, 1, 12, MONTHS, 1, expr),
    dayOfWeek,
    domStar: dom.startsWith('*'),
    dowStar: dow.startsWith('*'),
  };
}

export function cronMatches(c: Cron, t: LocalTime): boolean {
  if (!c.minute.has(t.minute) || !c.hour.has(t.hour) || !c.month.has(t.month)) return false;
  const domOk = c.dayOfMonth.has(t.day);
  const dowOk = c.dayOfWeek.has(t.weekday);
  if (c.domStar || c.dowStar) return domOk && dowOk;
  return domOk || dowOk;
}
