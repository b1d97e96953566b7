import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFeatureVector } from '../../src/features/schema.ts';
import {
  testCaseId,
  type TestCaseResult,
  type TestReport,
  type TestStatus,
} from '../../src/features/test-report.ts';
import { testFeatures, testIdsOf, UNKNOWN_TEST_FEATURES } from '../../src/features/tests.ts';

const tc = (
  classname: string,
  name: string,
  status: TestStatus,
  durationSeconds = 0,
  flaky = false,
): TestCaseResult => ({
  id: testCaseId(classname, name),
  name,
  classname,
  status,
  flaky,
  durationSeconds,
});

describe('testFeatures', () => {
  it('is all unknown without reports, whatever the previous run', () => {
    expect(testFeatures([], null)).toEqual(UNKNOWN_TEST_FEATURES);
    expect(testFeatures([], ['A::x'])).toEqual(UNKNOWN_TEST_FEATURES);
  });

  it("counts a hand-made pair of reports; a retry job's report is more test cases, not a rerun", () => {
    const first: TestReport = {
      source: 'unit.xml',
      format: 'junit',
      cases: [
        tc('A', 'ok', 'passed', 0.5),
        tc('A', 'fails', 'failed', 1),
        tc('A', 'boom', 'errored', 0.25),
        tc('A', 'later', 'skipped'),
        tc('B', 'surefire-flaky', 'passed', 2, true),
      ],
    };
    // The CI retried the failing test in a second job: it passed. Nothing in the report marks it as
    // a rerun, so it counts as the producers count it: one more test.
    const retry: TestReport = {
      source: 'retry.xml',
      format: 'junit',
      cases: [tc('A', 'fails', 'passed', 1.25)],
    };
    const f = testFeatures([first, retry], ['A::ok', 'A::gone', 'B::surefire-flaky', 'C::also-gone']);
    expect(f).toEqual({
      testsTotal: 6,
      testsFailed: 1,
      testsErrored: 1,
      testsSkipped: 1,
      testsFlaky: 1, // B::surefire-flaky, marked by its producer
      testDurationSeconds: 5, // 0.5 + 1 + 0.25 + 0 + 2 + 1.25
      testsAdded: 3, // A::fails, A::boom, A::later
      testsRemoved: 2, // A::gone, C::also-gone
    });
  });

  it('added/removed against the previous ids, null when there is no previous run', () => {
    const r: TestReport = {
      source: 'r',
      format: 'junit',
      cases: [tc('A', 'x', 'passed'), tc('A', 'y', 'failed'), tc('', 'z', 'skipped')],
    };
    expect(testFeatures([r], ['A::x', 'A::old'])).toMatchObject({ testsAdded: 2, testsRemoved: 1 });
    expect(testFeatures([r], [])).toMatchObject({ testsAdded: 3, testsRemoved: 0 });
    expect(testFeatures([r], null)).toMatchObject({ testsTotal: 3, testsAdded: null, testsRemoved: null });
  });

  it('reports with no test cases are a real zero, not unknown', () => {
    expect(testFeatures([{ source: 'empty.xml', format: 'junit', cases: [] }], null)).toMatchObject({
      testsTotal: 0,
      testsFailed: 0,
    });
  });

  it('testIdsOf lists distinct ids sorted', () => {
    const r: TestReport = {
      source: 'r',
      format: 'junit',
      cases: [tc('B', 'b', 'passed'), tc('A', 'a', 'failed'), tc('B', 'b', 'passed')],
    };
    expect(testIdsOf([r, r])).toEqual(['A::a', 'B::b']);
  });
});

const statusArb = fc.constantFrom<TestStatus>('passed', 'failed', 'errored', 'skipped');
// Few distinct names so reruns (the same id several times) are common.
const caseArb = fc
  .record({
    classname: fc.constantFrom('', 'A', 'pkg.B'),
    name: fc.constantFrom('t1', 't2', 't3', 'x y', 't[<1>]'),
    status: statusArb,
    flaky: fc.boolean(),
    durationSeconds: fc.oneof(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.constant(0)),
  })
  .map((c) => ({ ...c, id: testCaseId(c.classname, c.name) }));
const reportsArb = fc.array(
  fc.record({
    source: fc.string(),
    format: fc.constant('junit' as const),
    cases: fc.array(caseArb, { maxLength: 30 }),
  }),
  {
    maxLength: 4,
  },
);
const prevArb = fc.option(
  fc.array(fc.constantFrom('A::t1', 'pkg.B::t2', 't3', 'gone::t'), { maxLength: 6 }),
  {
    nil: null,
  },
);

describe('testFeatures properties', () => {
  it('counts are non-negative, partition the total, flaky ≤ passed, and the vector is schema-valid', () => {
    fc.assert(
      fc.property(reportsArb, prevArb, (reports, prev) => {
        const f = testFeatures(reports, prev);
        const parsed = parseFeatureVector(f);
        expect(parsed.success).toBe(true);
        if (reports.length === 0) {
          expect(Object.values(f).every((v) => v === null)).toBe(true);
          return;
        }
        const total = f.testsTotal!;
        // Every case counts; repeated ids are never merged.
        expect(total).toBe(reports.reduce((n, r) => n + r.cases.length, 0));
        for (const v of Object.values(f)) if (v !== null) expect(v).toBeGreaterThanOrEqual(0);
        // Passed is what is left; it can never be negative.
        const passed = total - f.testsFailed! - f.testsErrored! - f.testsSkipped!;
        expect(passed).toBeGreaterThanOrEqual(0);
        expect(f.testsFlaky!).toBeLessThanOrEqual(passed);
        if (prev === null) expect([f.testsAdded, f.testsRemoved]).toEqual([null, null]);
        else {
          expect(f.testsAdded!).toBeLessThanOrEqual(total);
          expect(f.testsRemoved!).toBeLessThanOrEqual(new Set(prev).size);
        }
      }),
    );
  });

  it('is deterministic and does not depend on the order of previous ids', () => {
    fc.assert(
      fc.property(reportsArb, prevArb, (reports, prev) => {
        const a = testFeatures(reports, prev);
        const b = testFeatures(structuredClone(reports), prev === null ? null : [...prev].reverse());
        expect(b).toEqual(a);
      }),
    );
  });

  it('repeated runs of one id count one test each; only a producer-marked case is flaky', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(statusArb, fc.boolean()), { minLength: 1, maxLength: 6 }), (runs) => {
        const report: TestReport = {
          source: 'r',
          format: 'junit',
          cases: runs.map(([s, flaky]) => tc('A', 'x', s, 0, flaky)),
        };
        const f = testFeatures([report], null);
        expect(f.testsTotal).toBe(runs.length);
        expect(f.testsFailed).toBe(runs.filter(([s]) => s === 'failed').length);
        expect(f.testsFlaky).toBe(runs.filter(([s, flaky]) => flaky && s === 'passed').length);
      }),
    );
  });

  it('adds the figures of suites that declare tests without listing them', () => {
    const r: TestReport = {
      source: 'r',
      format: 'junit',
      cases: [tc('A', 'x', 'failed')],
      declaredOnly: { total: 6, failed: 1, errored: 0, skipped: 2 },
    };
    expect(testFeatures([r], null)).toMatchObject({
      testsTotal: 7,
      testsFailed: 2,
      testsSkipped: 2,
      testsFlaky: 0,
    });
  });
});
