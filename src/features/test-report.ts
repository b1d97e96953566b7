// What the JUnit reader hands to the feature functions. Lives in features/ so the pure side owns
// the type and collect/ depends on it, never the other way round.

export type TestStatus = 'passed' | 'failed' | 'errored' | 'skipped';

export interface TestCaseResult {
  /** classname + '::' + name; the identity used for reruns and for added/removed tests. */
  readonly id: string;
  readonly name: string;
  readonly classname: string;
  readonly status: TestStatus;
  /** Failed (or errored) at least once and finally passed. */
  readonly flaky: boolean;
  /** Time spent on this test, reruns included. */
  readonly durationSeconds: number;
}

export interface TestReport {
  /** File path or caller-given label, for warnings and provenance. */
  readonly source: string;
  readonly cases: readonly TestCaseResult[];
}

export function testCaseId(classname: string, name: string): string {
  return classname.length > 0 ? `${classname}::${name}` : name;
}

const isBad = (s: TestStatus): boolean => s === 'failed' || s === 'errored';

/**
 * Collapses repeated occurrences of a test (reruns written as separate testcases, a retry job's
 * second report, go test -count=N) into one result per id. Input order is taken as time order:
 * the last occurrence is the final result; a bad occurrence followed by a final pass is flaky.
 * First-seen order of ids is kept so output is deterministic.
 */
export function resolveReruns(cases: Iterable<TestCaseResult>): TestCaseResult[] {
  const byId = new Map<string, { last: TestCaseResult; sawBad: boolean; flaky: boolean; duration: number }>();
  for (const c of cases) {
    const prev = byId.get(c.id);
    if (prev === undefined) {
      byId.set(c.id, { last: c, sawBad: isBad(c.status), flaky: c.flaky, duration: c.durationSeconds });
    } else {
      prev.flaky ||= c.flaky;
      prev.last = c;
      prev.duration += c.durationSeconds;
      prev.sawBad ||= isBad(c.status);
    }
  }
  const out: TestCaseResult[] = [];
  for (const { last, sawBad, flaky, duration } of byId.values()) {
    const passed = last.status === 'passed';
    out.push({
      ...last,
      // A test that ends failing is a failure, not a flake, even if an earlier run was marked flaky.
      flaky: passed && (flaky || sawBad),
      durationSeconds: duration,
    });
  }
  return out;
}
