// The dashboard's use cases on every store dialect, over deploys and outcomes recorded through the
// real HTTP API (the test app's clock moves between deploys, so their times differ).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { levelOf, RISK_LEVELS } from '../../src/risk/scale.ts';
import { deployDetail, planTimeline } from '../../src/service/dashboard/deploy-detail.ts';
import { deployList, PENDING, type DeployListItem } from '../../src/service/dashboard/deploy-list.ts';
import { modelHealthView } from '../../src/service/dashboard/model-health-view.ts';
import { median, serviceNames, serviceOverview } from '../../src/service/dashboard/service-overview.ts';
import { jsonOf, jsonPost, makeTestApp, type TestApp } from '../helpers/serve-app.ts';
import { TEST_DIALECTS } from '../helpers/test-db.ts';

const HOUR = 3_600_000;

interface Seeded {
  id: string;
  service: string;
  environment: string;
  probability: number;
  createdAt: number;
  outcome: string | null;
}

describe.each(TEST_DIALECTS)('dashboard use cases (%s)', (dialect) => {
  let t: TestApp;
  const seeded: Seeded[] = [];

  beforeAll(async () => {
    t = await makeTestApp({ dialect });
    // 27 deploys, one every 7 hours over about 8 days: three services, two environments, failing
    // tests steering some to the higher levels; an outcome for two in three.
    for (let i = 0; i < 27; i++) {
      t.clock.now += 7 * HOUR;
      const service = ['shop', 'payments', 'search'][i % 3]!;
      const environment = i % 4 === 0 ? 'staging' : 'production';
      const res = await t.app.request(
        '/v1/score',
        jsonPost({
          service,
          environment,
          features: { la: 10 + i * 40, nf: 1 + (i % 5), testsFailed: i % 6, exp: 20 },
          git: undefined,
          ...(i % 2 === 0
            ? { commits: [{ sha: `abc${i.toString(16).padStart(4, '0')}def0123`, features: { la: 10 } }] }
            : {}),
          notify: false,
        }),
      );
      const body = await jsonOf(res);
      expect(res.status, JSON.stringify(body)).toBe(200);
      let outcome: string | null = null;
      if (i % 3 !== 1) {
        outcome = i % 4 === 0 ? 'failed' : i % 5 === 0 ? 'rolled_back' : 'succeeded';
        const o = await t.app.request(`/v1/deployments/${body.id}/outcome`, jsonPost({ status: outcome }));
        expect(o.status).toBe(201);
      }
      seeded.push({
        id: body.id,
        service,
        environment,
        probability: body.risk.probability,
        createdAt: t.clock.now,
        outcome,
      });
    }
  }, 120_000);
  afterAll(() => t.close());

  const newestFirst = () => [...seeded].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));

  async function allPages(q: Parameters<typeof deployList>[1]): Promise<DeployListItem[]> {
    const out: DeployListItem[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 50; n++) {
      const page = await deployList(t.store, { ...q, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(q.limit);
      out.push(...page.items);
      if (!page.nextCursor) return out;
      cursor = page.nextCursor;
    }
    throw new Error('pages never ended');
  }

  it('pages every deploy once, newest first, with its level, outcome or "pending", and revision', async () => {
    const items = await allPages({ limit: 10 });
    expect(items.map((d) => d.id)).toEqual(newestFirst().map((d) => d.id));
    for (const d of items) {
      const s = seeded.find((x) => x.id === d.id)!;
      expect(d.level).toBe(levelOf(s.probability));
      expect(d.outcome).toBe(s.outcome ?? PENDING);
      expect(d.createdAt).toBe(new Date(s.createdAt).toISOString());
    }
    const withSha = items.filter((d) => d.revision !== null);
    expect(withSha.length).toBe(14);
    expect(withSha[0]!.revision).toMatch(/^abc[0-9a-f]{4}def01$/);
    const first = await deployList(t.store, { limit: 10 });
    expect(first.facets).toEqual({
      services: ['payments', 'search', 'shop'],
      environments: ['production', 'staging'],
    });
  });

  it('filters by service, environment, level and outcome, alone and together', async () => {
    const expectSame = async (q: Parameters<typeof deployList>[1], keep: (s: Seeded) => boolean) => {
      const got = (await allPages(q)).map((d) => d.id);
      const want = newestFirst()
        .filter(keep)
        .map((d) => d.id);
      expect(got).toEqual(want);
      return want.length;
    };
    expect(await expectSame({ limit: 4, service: 'shop' }, (s) => s.service === 'shop')).toBe(9);
    expect(await expectSame({ limit: 4, environment: 'staging' }, (s) => s.environment === 'staging')).toBe(
      7,
    );
    expect(await expectSame({ limit: 4, outcome: PENDING }, (s) => s.outcome === null)).toBe(9);
    expect(await expectSame({ limit: 4, outcome: 'failed' }, (s) => s.outcome === 'failed')).toBeGreaterThan(
      0,
    );
    let levelsSeen = 0;
    for (const level of RISK_LEVELS) {
      const n = await expectSame({ limit: 4, level }, (s) => levelOf(s.probability) === level);
      if (n > 0) levelsSeen++;
    }
    expect(levelsSeen).toBeGreaterThanOrEqual(2);
    await expectSame(
      { limit: 3, service: 'payments', environment: 'production', outcome: 'succeeded' },
      (s) => s.service === 'payments' && s.environment === 'production' && s.outcome === 'succeeded',
    );
  });

  it("a deploy's page: factors, the plan as a timeline, the gate's answer, outcome and summaries", async () => {
    const s = seeded.find((x) => x.outcome === 'failed')!;
    const d = await deployDetail(t.store, s.id);
    expect(d.level).toBe(levelOf(s.probability));
    expect(d.factors.length).toBeGreaterThan(0);
    expect(d.factors[0]!.message).toMatch(/raises the risk|lowers the risk|has no effect/);
    expect(d.outcome).toMatchObject({ status: 'failed', source: 'api' });
    expect(d.summaries.markdown).toContain(s.service);
    expect(d.summaries.slack.blocks.length).toBeGreaterThan(2);
    expect(d.gate.reason).toMatch(/risk|hold/);
    if (d.plan.decision !== 'hold') {
      const weights = d.timeline.map((x) => x.weight);
      expect(weights[weights.length - 1]).toBe(100);
      expect(weights).toEqual([...weights].sort((a, b) => a - b));
      for (let i = 1; i < d.timeline.length; i++)
        expect(d.timeline[i]!.startMinute).toBe(
          d.timeline[i - 1]!.startMinute + (d.timeline[i - 1]!.minutes ?? 0),
        );
    }
    await expect(deployDetail(t.store, 'no-such-id')).rejects.toMatchObject({ code: 'not_found' });
  });

  it("a service's change failure rate, deploys per day and median risk per week", async () => {
    expect(await serviceNames(t.store)).toEqual(['payments', 'search', 'shop']);
    const o = await serviceOverview(t.store, 'shop', t.clock.now, 4);
    const mine = seeded.filter((s) => s.service === 'shop');
    const known = mine.filter((s) => s.outcome !== null);
    const bad = known.filter((s) => s.outcome === 'failed' || s.outcome === 'rolled_back');
    expect(o.deploys).toBe(mine.length);
    expect(o.withOutcome).toBe(known.length);
    expect(o.changeFailureRate).toBeCloseTo(bad.length / known.length, 10);
    expect(o.perDay).toHaveLength(28);
    expect(o.perDay.reduce((n, d) => n + d.deploys, 0)).toBe(mine.length);
    expect(o.perDay.reduce((n, d) => n + d.failures, 0)).toBe(bad.length);
    const day = new Date(mine[0]!.createdAt).toISOString().slice(0, 10);
    expect(o.perDay.find((d) => d.day === day)!.deploys).toBe(
      mine.filter((s) => new Date(s.createdAt).toISOString().startsWith(day)).length,
    );
    const weekly = o.perWeek.filter((w) => w.deploys > 0);
    expect(weekly.reduce((n, w) => n + w.deploys, 0)).toBe(mine.length);
    const from = Date.parse(o.from);
    for (const w of weekly) {
      const start = Date.parse(w.weekStart);
      const ps = mine
        .filter((s) => s.createdAt >= start && s.createdAt < start + 7 * 24 * HOUR)
        .map((s) => s.probability);
      expect(w.median).toBeCloseTo(median(ps)!, 10);
      expect(start).toBeGreaterThanOrEqual(from);
    }
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('model health: the active model, live calibration over recorded outcomes, the command to activate', async () => {
    const active = t.services.deps.scorer()!.info;
    const v = await modelHealthView(t.store, { active, shipped: [], window: 100 });
    expect(v.models).toEqual([
      expect.objectContaining({ version: active.version, active: true, registered: false }),
    ]);
    expect(v.health.live.deploysWithOutcome).toBe(seeded.filter((s) => s.outcome !== null).length);
    expect(v.health.live.calibration.reduce((n, b) => n + b.count, 0)).toBe(v.health.live.deploysWithOutcome);
    expect(v.activateCommand('m-2')).toBe('deployrisk models activate m-2');
  });
});

describe('planTimeline', () => {
  const base = {
    strategy: 'canary' as const,
    flagger: { interval: '20m', stepWeights: [1, 7, 50], maxWeight: 50, threshold: 1 },
    expectedMinutesToFull: 60,
    metricGates: [],
    reasons: [],
  };

  it('turns Argo Rollouts steps into weights held over time, a pause without duration as a manual gate', () => {
    const timeline = planTimeline({
      ...base,
      decision: 'caution',
      steps: [
        { setWeight: 1 },
        { pause: { duration: '20m' } },
        { pause: {} },
        { setWeight: 7 },
        { pause: { duration: '1h30m' } },
        { setWeight: 50 },
        { pause: { duration: '20m' } },
      ],
      stepGates: [{ weight: 7, bakeMinutes: 90, gates: ['5xx error rate'] }],
    });
    expect(timeline).toEqual([
      { weight: 1, startMinute: 0, minutes: 20, gates: [] },
      { weight: 1, startMinute: 20, minutes: null, gates: [] },
      { weight: 7, startMinute: 20, minutes: 90, gates: ['5xx error rate'] },
      { weight: 50, startMinute: 110, minutes: 20, gates: [] },
      { weight: 100, startMinute: 130, minutes: 0, gates: [] },
    ]);
  });

  it('a held plan has no timeline', () => {
    expect(planTimeline({ ...base, strategy: 'hold', decision: 'hold', steps: [] })).toEqual([]);
  });
});
