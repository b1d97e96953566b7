import { describe, expect, it } from 'vitest';
import { evaluateWindows, type DeployWindow } from '../../src/rollout/windows.ts';
import { cronMatches, parseCron } from '../../src/rollout/cron.ts';
import { localTime } from '../../src/rollout/tz.ts';

const t = (iso: string) => Date.parse(iso);
const weekdaysBerlin: DeployWindow = {
  kind: 'allow',
  schedule: '0 9 * * 1-5',
  duration: '8h',
  timeZone: 'Europe/Berlin',
  services: ['*'],
};
const fridayFreeze: DeployWindow = {
  kind: 'deny',
  schedule: '0 15 * * fri',
  duration: '66h',
  timeZone: 'Europe/Berlin',
  description: 'weekend freeze',
};
const nyMorning: DeployWindow = {
  kind: 'allow',
  schedule: '0 9 * * *',
  duration: '1h',
  timeZone: 'America/New_York',
};

// Each row: windows, service, instant → allowed?, next allowed start (ISO or null when allowed now).
const cases: {
  name: string;
  windows: DeployWindow[];
  service?: string;
  at: string;
  allowed: boolean;
  next?: string | null;
}[] = [
  { name: 'no windows: always allowed', windows: [], at: '2024-06-01T03:00:00Z', allowed: true },
  {
    name: 'window for another service does not apply',
    windows: [{ ...nyMorning, services: ['billing-*'] }],
    service: 'web',
    at: '2024-06-01T03:00:00Z',
    allowed: true,
  },
  {
    name: 'inside a Berlin allow window (11:00 CEST = 09:00Z)',
    windows: [weekdaysBerlin],
    at: '2024-06-04T09:00:00Z',
    allowed: true,
  },
  {
    name: 'before a Berlin allow window opens → next is 07:00Z',
    windows: [weekdaysBerlin],
    at: '2024-06-04T06:30:00Z',
    allowed: false,
    next: '2024-06-04T07:00:00.000Z',
  },
  {
    name: 'winter offset: 09:00 CET = 08:00Z',
    windows: [weekdaysBerlin],
    at: '2024-01-09T07:30:00Z',
    allowed: false,
    next: '2024-01-09T08:00:00.000Z',
  },
  {
    name: 'Saturday: next allow is Monday 09:00 Berlin',
    windows: [weekdaysBerlin],
    at: '2024-06-08T10:00:00Z',
    allowed: false,
    next: '2024-06-10T07:00:00.000Z',
  },
  {
    name: 'deny overrides allow (Friday 16:00 Berlin)',
    windows: [weekdaysBerlin, fridayFreeze],
    at: '2024-06-07T14:00:00Z',
    allowed: false,
    next: '2024-06-10T07:00:00.000Z',
  },
  {
    name: 'deny alone: outside it allowed',
    windows: [fridayFreeze],
    at: '2024-06-05T10:00:00Z',
    allowed: true,
  },
  {
    name: 'deny alone: inside it, next is when it closes',
    windows: [fridayFreeze],
    at: '2024-06-08T10:00:00Z',
    allowed: false,
    next: '2024-06-10T07:00:00.000Z',
  },
  {
    name: 'DST spring-forward day: 09:00 EDT = 13:00Z is inside',
    windows: [nyMorning],
    at: '2024-03-10T13:30:00Z',
    allowed: true,
  },
  {
    name: 'the day before DST: 13:30Z is 08:30 EST, outside',
    windows: [nyMorning],
    at: '2024-03-09T13:30:00Z',
    allowed: false,
    next: '2024-03-09T14:00:00.000Z',
  },
  {
    name: 'glob matches service',
    windows: [{ ...nyMorning, services: ['pay-*'] }],
    service: 'pay-api',
    at: '2024-03-09T13:30:00Z',
    allowed: false,
    next: '2024-03-09T14:00:00.000Z',
  },
];

describe('evaluateWindows (Argo CD sync-window semantics)', () => {
  it.each(cases)('$name', ({ windows, service, at, allowed, next }) => {
    const v = evaluateWindows(windows, service, t(at));
    expect(v.allowed).toBe(allowed);
    if (!allowed)
      expect(v.nextAllowedAt === null ? null : new Date(v.nextAllowedAt).toISOString()).toBe(next);
  });

  it('a window scheduled in the skipped hour of a spring-forward day does not open that day', () => {
    const w: DeployWindow = {
      kind: 'allow',
      schedule: '30 2 * * *',
      duration: '30m',
      timeZone: 'America/New_York',
    };
    // 2024-03-10 02:30 local does not exist; the next opening is 2024-03-11 02:30 EDT = 06:30Z.
    const v = evaluateWindows([w], 'x', t('2024-03-10T05:00:00Z'));
    expect(v.allowed).toBe(false);
    expect(new Date(v.nextAllowedAt!).toISOString()).toBe('2024-03-11T06:30:00.000Z');
  });

  it('a window at a repeated hour of a fall-back day opens twice', () => {
    const w: DeployWindow = {
      kind: 'allow',
      schedule: '30 1 * * *',
      duration: '20m',
      timeZone: 'America/New_York',
    };
    expect(evaluateWindows([w], 'x', t('2024-11-03T05:40:00Z')).allowed).toBe(true); // 01:40 EDT
    expect(evaluateWindows([w], 'x', t('2024-11-03T06:10:00Z')).allowed).toBe(false); // 01:10 EST
    expect(evaluateWindows([w], 'x', t('2024-11-03T06:40:00Z')).allowed).toBe(true); // 01:40 EST
  });

  it('duration is elapsed time across a DST change (Go time.Add semantics)', () => {
    // Opens 00:00 EDT (04:00Z) on the fall-back day, 4 h elapsed → closes 08:00Z = 03:00 EST.
    const w: DeployWindow = {
      kind: 'allow',
      schedule: '0 0 3 11 *',
      duration: '4h',
      timeZone: 'America/New_York',
    };
    expect(evaluateWindows([w], 'x', t('2024-11-03T07:59:00Z')).allowed).toBe(true);
    expect(evaluateWindows([w], 'x', t('2024-11-03T08:00:00Z')).allowed).toBe(false);
  });

  it('no allowed start within the horizon gives null', () => {
    const always: DeployWindow = { kind: 'deny', schedule: '* * * * *', duration: '1m' };
    const v = evaluateWindows([always], 'x', t('2024-06-01T00:00:30Z'), 1);
    expect(v.allowed).toBe(false);
    expect(v.nextAllowedAt).toBeNull();
  });

  it('rejects an unknown time zone and a malformed schedule', () => {
    expect(() => evaluateWindows([{ ...nyMorning, timeZone: 'Mars/Olympus' }], 'x', 0)).toThrow(/time zone/);
    expect(() => evaluateWindows([{ ...nyMorning, schedule: '61 * * * *' }], 'x', 0)).toThrow(/cron/);
    // Each window is searched minute by minute over its duration: a typo must not mean minutes of CPU.
    expect(() => evaluateWindows([{ ...nyMorning, duration: '100000h' }], 'x', 0)).toThrow(/over 366 days/);
    expect(evaluateWindows([{ ...nyMorning, duration: '366d' }], 'x', 0).applicable).toBe(1);
  });
});

describe('cron', () => {
  const at = (iso: string, tz = 'UTC') => localTime(tz, t(iso));
  it.each([
    ['*/15 * * * *', '2024-06-01T10:45:00Z', true],
    ['*/15 * * * *', '2024-06-01T10:46:00Z', false],
    ['0 9-17 * * mon-fri', '2024-06-03T12:00:00Z', true],
    ['0 9-17 * * mon-fri', '2024-06-02T12:00:00Z', false],
    ['0 0 1 jan *', '2024-01-01T00:00:00Z', true],
    ['0 0 * * 7', '2024-06-02T00:00:00Z', true], // 7 is Sunday too
    ['0 0 13 * 5', '2024-06-07T00:00:00Z', true], // dom and dow both set → either matches (Friday)
    ['0 0 13 * 5', '2024-06-13T00:00:00Z', true],
    ['0 0 13 * 5', '2024-06-12T00:00:00Z', false],
  ] as const)('%s at %s → %s', (expr, iso, expected) => {
    expect(cronMatches(parseCron(expr), at(iso))).toBe(expected);
  });
});
