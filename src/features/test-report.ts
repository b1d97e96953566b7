// What the report readers hand to the feature functions. Lives in features/ so the pure side owns
// the type and collect/ depends on it, never the other way round.

export type TestStatus = 'passed' | 'failed' | 'errored' | 'skipped';

/** The report dialects the readers know, detected from the root element. */
export type ReportFormat = 'junit' | 'nunit2' | 'nunit3' | 'xunit2' | 'trx';

export interface TestCaseResult {
  /** classname + '::' + name; the identity used for added/removed tests. Not unique within a run. */
  readonly id: string;
  readonly name: string;
  readonly classname: string;
  readonly status: TestStatus;
  /**
   * The producer marked this test as failed (or errored) at least once and finally passed, in one
   * test case (Surefire's and pytest-rerunfailures' flakyFailure / flakyError).
   */
  readonly flaky: boolean;
  /** Time spent on this test, reruns included. */
  readonly durationSeconds: number;
}

export interface TestTally {
  total: number;
  failed: number;
  errored: number;
  skipped: number;
}

export interface TestReport {
  /** File path or caller-given label, for warnings and provenance. */
  readonly source: string;
  readonly format: ReportFormat;
  /** Every test case the report lists, in document order; a repeated id is another test case. */
  readonly cases: readonly TestCaseResult[];
  /**
   * Tests a suite declares in its attributes without listing their test cases (a suite element
   * with tests="6" failures="1" and no children). Counted from the attributes; the reader warns.
   */
  readonly declaredOnly?: TestTally;
}

export function testCaseId(classname: string, name: string): string {
  return classname.length > 0 ? `${classname}::${name}` : name;
}

/** Counts of the cases by final status; flaky is separate (a flaky case is also passed). */
export function tallyCases(cases: Iterable<TestCaseResult>): TestTally & { flaky: number } {
  const t = { total: 0, failed: 0, errored: 0, skipped: 0, flaky: 0 };
  for (const c of cases) {
    t.total++;
    if (c.status === 'failed') t.failed++;
    else if (c.status === 'errored') t.errored++;
    else if (c.status === 'skipped') t.skipped++;
    // Only a test that finally passed can be flaky, whatever a hand-built case says.
    if (c.flaky && c.status === 'passed') t.flaky++;
  }
  return t;
}
