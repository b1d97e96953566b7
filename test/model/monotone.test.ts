// Domain monotonicity (issue #13 point 3): all else equal, the deploy's risk never goes down when
// lines added/deleted, files touched, failing or erroring tests, the error rate, open incidents,
// the error budget spent or the failed deploys in a row go up. Checked on the shipped model (a
// percentile-input commit model and its deploy layer) and on a schema-input commit model trained
// here as `learn` trains one, over ≥ 1,000 random base deploys per feature.
import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureVector } from '../../src/features/schema.ts';
import { createLogger } from '../../src/log.ts';
import { initBackend } from '../../src/model/backend.ts';
import { RANKED_METRICS, type RepoQuantiles } from '../../src/model/repo-percentiles.ts';
import type { CommitInput, Scorer } from '../../src/model/scorer-types.ts';
import { loadDefaultScorer, loadScorer } from '../../src/model/scorer.ts';
import { parseTrainConfig } from '../../src/train/config.ts';
import { importCsvFile } from '../../src/train/import.ts';
import { runTraining } from '../../src/train/pipeline.ts';

const RUNS = 1000;

// A repository's distribution: log-normal-ish quantiles per metric (what a mined store gives).
const repo: RepoQuantiles = Object.fromEntries(
  RANKED_METRICS.map((m, i) => [
    m,
    Array.from({ length: 201 }, (_, k) => Math.round(Math.expm1((k / 200) * (4 + (i % 4))) * 10) / 10),
  ]),
);

const count = (max: number) => fc.integer({ min: 0, max });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 4 });

const commitArb: fc.Arbitrary<CommitInput> = fc
  .record({
    la: count(5000),
    ld: count(5000),
    nf: fc.integer({ min: 1, max: 200 }),
    nd: fc.integer({ min: 1, max: 50 }),
    ns: fc.integer({ min: 1, max: 10 }),
    entropy: fc.double({ min: 0, max: 7, noNaN: true }),
    lt: count(100_000),
    fix: fc.constantFrom(0, 1),
    ndev: count(200),
    age: fc.double({ min: 0, max: 3000, noNaN: true }),
    nuc: count(5000),
    exp: count(10_000),
    rexp: fc.double({ min: 0, max: 5000, noNaN: true }),
    sexp: count(5000),
    churnSource: count(5000),
    churnTests: count(5000),
  })
  .map((m) => ({ features: { ...m, commits: 1 } as FeatureVector }));

const deployArb = fc.record({
  commits: fc.array(commitArb, { minLength: 1, maxLength: 6 }),
  testsFailed: maybe(count(5000)),
  testsErrored: maybe(count(500)),
  testsFlaky: maybe(count(50)),
  errorRate: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
  openIncidents: maybe(count(20)),
  errorBudgetRemaining: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
  failureStreak: maybe(count(20)),
  recentFailureRate: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
  prevDeployOutcome: maybe(fc.constantFrom('succeeded', 'failed', 'rolled_back')),
});
type Deploy = typeof deployArb extends fc.Arbitrary<infer T> ? T : never;

const vectorOf = (d: Deploy): FeatureVector => {
  const { commits: _c, ...rest } = d;
  return rest as FeatureVector;
};

function risk(s: Scorer, d: Deploy, withRepo: boolean): number {
  return s.score(vectorOf(d), { commits: d.commits, ...(withRepo ? { repo } : {}) }).probability;
}

/** Raising `up` never lowers the risk (tiny float noise allowed). */
function checkDeployFeature(s: Scorer, feature: string, up: fc.Arbitrary<number>, withRepo = true) {
  let violations = 0;
  fc.assert(
    fc.property(deployArb, up, (d, delta) => {
      const base = risk(s, d, withRepo);
      const cur = (d as Record<string, unknown>)[feature];
      const raised =
        feature === 'errorBudgetSpent'
          ? { ...d, errorBudgetRemaining: Math.max(0, (d.errorBudgetRemaining ?? 1) - delta) }
          : { ...d, [feature]: (typeof cur === 'number' ? cur : 0) + delta };
      const after = risk(s, raised as Deploy, withRepo);
      if (after < base - 1e-12) violations++;
      return after >= base - 1e-12;
    }),
    { numRuns: RUNS, seed: 42 },
  );
  return violations;
}

function checkCommitFeature(s: Scorer, feature: 'la' | 'ld' | 'nf', withRepo: boolean) {
  fc.assert(
    fc.property(deployArb, fc.nat(), fc.integer({ min: 1, max: 10_000 }), (d, pick, delta) => {
      const i = pick % d.commits.length;
      const base = risk(s, d, withRepo);
      const commits = d.commits.map((c, k) =>
        k === i ? { features: { ...c.features, [feature]: (c.features[feature] as number) + delta } } : c,
      );
      return risk(s, { ...d, commits }, withRepo) >= base - 1e-12;
    }),
    { numRuns: RUNS, seed: 7 },
  );
}

describe('the risk never goes down when a risk signal goes up', () => {
  let shipped: Scorer;
  let learnt: Scorer;
  let dir: string;
  beforeAll(async () => {
    shipped = await loadDefaultScorer();
    // A schema-input commit model, as `learn` trains one (same config family, monotone default).
    const log = createLogger('warn');
    const backend = await initBackend(log);
    dir = await mkdtemp(join(tmpdir(), 'deployrisk-mono-'));
    const data = await importCsvFile('test/fixtures/train/kamei-bugzilla-240.csv');
    await runTraining({
      datasets: [data],
      config: parseTrainConfig({ members: 1, hidden: 8, maxEpochs: 3, batchSize: 64, refit: false }),
      backend,
      log,
      out: dir,
      version: 'mono-test',
    });
    learnt = await loadScorer(dir);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const which of ['shipped', 'learnt'] as const) {
    const s = () => (which === 'shipped' ? shipped : learnt);
    it(`${which}: lines added, lines deleted, files touched (any commit of the deploy)`, () => {
      for (const f of ['la', 'ld', 'nf'] as const) {
        checkCommitFeature(s(), f, true);
        checkCommitFeature(s(), f, false);
      }
    });
    it(`${which}: failing and erroring tests, error rate, incidents, budget spent, failures in a row`, () => {
      const n = fc.integer({ min: 1, max: 1000 });
      const frac = fc.double({ min: 1e-6, max: 1, noNaN: true });
      expect(checkDeployFeature(s(), 'testsFailed', n)).toBe(0);
      expect(checkDeployFeature(s(), 'testsErrored', n)).toBe(0);
      expect(checkDeployFeature(s(), 'errorRate', frac.map((x) => x / 10))).toBe(0);
      expect(checkDeployFeature(s(), 'openIncidents', n)).toBe(0);
      expect(checkDeployFeature(s(), 'errorBudgetSpent', frac)).toBe(0);
      expect(checkDeployFeature(s(), 'failureStreak', fc.integer({ min: 1, max: 20 }))).toBe(0);
    });
  }

  it('failing tests raise the risk substantially, not by a rounding error', () => {
    const d: Deploy = {
      commits: [{ features: { la: 20, ld: 5, nf: 2, nd: 1, ns: 1, entropy: 0.5, commits: 1 } }],
      testsFailed: 0,
      testsErrored: 0,
      testsFlaky: null,
      errorRate: null,
      openIncidents: null,
      errorBudgetRemaining: null,
      failureStreak: null,
      recentFailureRate: null,
      prevDeployOutcome: null,
    };
    const green = risk(shipped, d, true);
    const red = risk(shipped, { ...d, testsFailed: 4 }, true);
    expect(red / green).toBeGreaterThan(3);
  });
});
