// The tests group of the feature schema, from parsed JUnit reports. Pure.
import { tallyCases, type TestReport } from './test-report.ts';

export interface TestFeatures {
  testsTotal: number | null;
  testsFailed: number | null;
  testsErrored: number | null;
  testsSkipped: number | null;
  testsFlaky: number | null;
  testDurationSeconds: number | null;
  testsAdded: number | null;
  testsRemoved: number | null;
}

export const UNKNOWN_TEST_FEATURES: Readonly<TestFeatures> = Object.freeze({
  testsTotal: null,
  testsFailed: null,
  testsErrored: null,
  testsSkipped: null,
  testsFlaky: null,
  testDurationSeconds: null,
  testsAdded: null,
  testsRemoved: null,
});

/** Distinct test ids over the reports, sorted; what recordTestRun stores for the next deploy. */
export function testIdsOf(reports: readonly TestReport[]): string[] {
  const ids = new Set<string>();
  for (const r of reports) for (const c of r.cases) ids.add(c.id);
  return [...ids].sort();
}

/**
 * Every test case of every report counts, as its producer counts it: a repeated id (a TestNG
 * data-provider invocation, a Jest title used twice, go test -count=N, the same test in two jobs)
 * is another test, never merged into a "rerun". Reruns count once only where the producer writes
 * them inside one test case (Surefire's flaky and rerun elements), which the reader has resolved.
 * No reports means the signal is unknown, not zero; reports with zero test cases are a real (and
 * suspicious) zero. previousTestIds null = no earlier run of the service is known, so added and
 * removed are unknown.
 */
export function testFeatures(
  reports: readonly TestReport[],
  previousTestIds: readonly string[] | null,
): TestFeatures {
  if (reports.length === 0) return { ...UNKNOWN_TEST_FEATURES };
  const cases = reports.flatMap((r) => r.cases);
  const t = tallyCases(cases);
  for (const r of reports) {
    if (!r.declaredOnly) continue;
    t.total += r.declaredOnly.total;
    t.failed += r.declaredOnly.failed;
    t.errored += r.declaredOnly.errored;
    t.skipped += r.declaredOnly.skipped;
  }
  let duration = 0;
  // Reports written by hand or by odd tools can carry negative or NaN times; they add nothing.
  for (const c of cases)
    if (Number.isFinite(c.durationSeconds) && c.durationSeconds > 0) duration += c.durationSeconds;
  let added: number | null = null;
  let removed: number | null = null;
  if (previousTestIds !== null) {
    const now = new Set(cases.map((c) => c.id));
    const before = new Set(previousTestIds);
    added = 0;
    for (const id of now) if (!before.has(id)) added++;
    removed = 0;
    for (const id of before) if (!now.has(id)) removed++;
  }
  return {
    testsTotal: t.total,
    testsFailed: t.failed,
    testsErrored: t.errored,
    testsSkipped: t.skipped,
    testsFlaky: t.flaky,
    // Rounded to the microsecond so float summation order cannot make equal inputs differ in print.
    testDurationSeconds: Math.round(duration * 1e6) / 1e6,
    testsAdded: added,
    testsRemoved: removed,
  };
}
