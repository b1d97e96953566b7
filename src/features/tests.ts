// The tests group of the feature schema, from parsed JUnit reports. Pure.
import { resolveReruns, type TestReport } from './test-report.ts';

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
 * Reports are taken in the order given (a retry job's report after the first one), so the same
 * test across reports resolves like a rerun. No reports means the signal is unknown, not zero;
 * reports with zero test cases are a real (and suspicious) zero.
 * previousTestIds null = no earlier run of the service is known, so added/removed are unknown.
 */
export function testFeatures(
  reports: readonly TestReport[],
  previousTestIds: readonly string[] | null,
): TestFeatures {
  if (reports.length === 0) return { ...UNKNOWN_TEST_FEATURES };
  const cases = resolveReruns(reports.flatMap((r) => r.cases));
  let failed = 0;
  let errored = 0;
  let skipped = 0;
  let flaky = 0;
  let duration = 0;
  for (const c of cases) {
    if (c.status === 'failed') failed++;
    else if (c.status === 'errored') errored++;
    else if (c.status === 'skipped') skipped++;
    if (c.flaky) flaky++;
    // Reports written by hand or by odd tools can carry negative or NaN times; they add nothing.
    if (Number.isFinite(c.durationSeconds) && c.durationSeconds > 0) duration += c.durationSeconds;
  }
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
    testsTotal: cases.length,
    testsFailed: failed,
    testsErrored: errored,
    testsSkipped: skipped,
    testsFlaky: flaky,
    // Rounded to the microsecond so float summation order cannot make equal inputs differ in print.
    testDurationSeconds: Math.round(duration * 1e6) / 1e6,
    testsAdded: added,
    testsRemoved: removed,
  };
}
