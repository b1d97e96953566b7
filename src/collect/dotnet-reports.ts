// The .NET report formats, each detected by its root element: NUnit 3 (<test-run>), NUnit 2
// (<test-results>), xUnit.net v2/v3 (<assemblies>) and TRX from MSTest / VSTest / `dotnet test`
// (<TestRun>). Statuses map onto passed / failed / errored / skipped as each producer's own
// summary counts them; every root's declared summary is checked against the counted cases.
import { testCaseId, type TestCaseResult, type TestStatus, type TestTally } from '../features/test-report.ts';
import {
  attr,
  childrenOf,
  count,
  declaredDiff,
  findAll,
  seconds,
  tagOf,
  type Declared,
  type FormatRead,
  type XmlNode,
} from './report-tree.ts';

const tally = (cases: readonly TestCaseResult[]): TestTally => {
  const t: TestTally = { total: cases.length, failed: 0, errored: 0, skipped: 0 };
  for (const c of cases) if (c.status !== 'passed') t[c.status]++;
  return t;
};

const sum = (...xs: (number | undefined)[]): number | undefined =>
  xs.every((x) => x === undefined) ? undefined : xs.reduce<number>((s, x) => s + (x ?? 0), 0);

/**
 * Checks a declared summary against the counted cases. A summary with tests but no cases listed
 * (a trimmed or summary-only report) is all there is: its figures are returned to be counted.
 */
function compare(
  notes: string[],
  what: string,
  declared: Declared,
  cases: readonly TestCaseResult[],
  names: Record<string, string>,
): TestTally | undefined {
  const total = declared.total ?? 0;
  if (cases.length === 0 && total > 0) {
    const failed = Math.min(declared.failed ?? declared.failedOrErrored ?? 0, total);
    const errored = Math.min(declared.errored ?? 0, total - failed);
    const skipped = Math.min(declared.skipped ?? 0, total - failed - errored);
    notes.push(
      `${what} declares ${total} test(s) (${failed} failed, ${errored} errored, ${skipped} skipped) but lists no test cases; its figures were used`,
    );
    return { total, failed, errored, skipped };
  }
  const diff = declaredDiff(declared, tally(cases), names);
  if (diff)
    notes.push(
      `${what} declares figures that differ from its test cases; the test cases were counted (${diff})`,
    );
  return undefined;
}

/** Adds b into a (creating it) when b is given. */
const addInto = (a: TestTally | undefined, b: TestTally | undefined): TestTally | undefined =>
  b === undefined
    ? a
    : {
        total: (a?.total ?? 0) + b.total,
        failed: (a?.failed ?? 0) + b.failed,
        errored: (a?.errored ?? 0) + b.errored,
        skipped: (a?.skipped ?? 0) + b.skipped,
      };

const done = (cases: TestCaseResult[], notes: string[], declaredOnly: TestTally | undefined): FormatRead => ({
  cases,
  notes,
  ...(declaredOnly ? { declaredOnly } : {}),
});

const result = (
  cases: TestCaseResult[],
  classname: string,
  name: string,
  status: TestStatus,
  durationSeconds: number,
) => cases.push({ id: testCaseId(classname, name), name, classname, status, flaky: false, durationSeconds });

// ---- NUnit 3: <test-run> … <test-suite> … <test-case result="Passed|Failed|Skipped|Inconclusive|Warning" label="…">
const NUNIT3_OPAQUE = new Set([
  'properties',
  'failure',
  'reason',
  'output',
  'assertions',
  'attachments',
  'settings',
  'environment',
  'filter',
  'command-line',
]);

export function readNunit3(root: XmlNode): FormatRead {
  const notes: string[] = [];
  const cases: TestCaseResult[] = [];
  for (const tc of findAll(root, new Set(['test-case']), NUNIT3_OPAQUE)) {
    const r = (attr(tc, 'result') ?? '').toLowerCase();
    const label = (attr(tc, 'label') ?? '').toLowerCase();
    // NUnit's summary counts errors, invalid and cancelled tests among "failed"; the label tells them apart.
    let status: TestStatus = 'passed';
    if (r === 'failed')
      status = label === 'error' || label === 'invalid' || label === 'cancelled' ? 'errored' : 'failed';
    else if (r === 'skipped' || r === 'inconclusive') status = 'skipped';
    const name = attr(tc, 'name') ?? '';
    const full = attr(tc, 'fullname') ?? name;
    const classname =
      attr(tc, 'classname') ?? (full.endsWith(`.${name}`) ? full.slice(0, -name.length - 1) : '');
    result(cases, classname, name, status, seconds(attr(tc, 'duration') ?? attr(tc, 'time')));
  }
  const declaredOnly = compare(
    notes,
    '<test-run>',
    {
      total: count(root, 'total'),
      failedOrErrored: count(root, 'failed'),
      skipped: sum(count(root, 'skipped'), count(root, 'inconclusive')),
    },
    cases,
    { total: 'total', failedOrErrored: 'failed', skipped: 'skipped+inconclusive' },
  );
  return done(cases, notes, declaredOnly);
}

// ---- NUnit 2: <test-results total errors failures not-run inconclusive ignored skipped invalid>
// … <test-case name executed result="Success|Failure|Error|Ignored|Skipped|NotRunnable|Inconclusive|Cancelled" success>
const NUNIT2_OPAQUE = new Set([
  'environment',
  'culture-info',
  'properties',
  'categories',
  'failure',
  'reason',
]);

export function readNunit2(root: XmlNode): FormatRead {
  const notes: string[] = [];
  const cases: TestCaseResult[] = [];
  for (const tc of findAll(root, new Set(['test-case']), NUNIT2_OPAQUE)) {
    const r = (attr(tc, 'result') ?? '').toLowerCase();
    const executed = (attr(tc, 'executed') ?? 'true').toLowerCase() === 'true';
    const success = (attr(tc, 'success') ?? 'true').toLowerCase() === 'true';
    let status: TestStatus;
    if (r === 'failure') status = 'failed';
    else if (r === 'error' || r === 'cancelled') status = 'errored';
    else if (r === 'success') status = 'passed';
    // Ignored, Skipped, NotRunnable (NUnit's "invalid") are "not run"; Inconclusive neither passed nor failed.
    else if (r !== '') status = 'skipped';
    // NUnit 2.2 wrote no result attribute: executed / success say it all.
    else status = !executed ? 'skipped' : success ? 'passed' : 'failed';
    const name = attr(tc, 'name') ?? '';
    result(cases, '', name, status, seconds(attr(tc, 'time')));
  }
  // NUnit 2.5+ "total" counts the tests run; not-run ones are counted apart.
  const notRun = count(root, 'not-run');
  const total = count(root, 'total');
  const declaredOnly = compare(
    notes,
    '<test-results>',
    {
      total: total === undefined ? undefined : total + (notRun ?? 0),
      failed: count(root, 'failures'),
      errored: count(root, 'errors'),
      skipped: sum(notRun, count(root, 'inconclusive')),
    },
    cases,
    { total: 'total+not-run', failed: 'failures', errored: 'errors', skipped: 'not-run+inconclusive' },
  );
  return done(cases, notes, declaredOnly);
}

// ---- xUnit.net v2/v3: <assemblies><assembly total passed failed skipped errors><errors><error type name/>
// <collection><test name type method time result="Pass|Fail|Skip|NotRun">
const XUNIT_OPAQUE = new Set(['output', 'failure', 'reason', 'traits', 'warnings']);

export function readXunit2(root: XmlNode): FormatRead {
  const notes: string[] = [];
  const cases: TestCaseResult[] = [];
  let declaredOnly: TestTally | undefined;
  for (const asm of childrenOf(root).filter((n) => tagOf(n) === 'assembly')) {
    const asmName = attr(asm, 'name') ?? '';
    const start = cases.length;
    for (const t of findAll(asm, new Set(['test']), XUNIT_OPAQUE)) {
      const r = (attr(t, 'result') ?? '').toLowerCase();
      const status: TestStatus =
        r === 'fail' ? 'failed' : r === 'skip' || r === 'notrun' ? 'skipped' : 'passed';
      const name = attr(t, 'name') ?? '';
      result(cases, attr(t, 'type') ?? '', name, status, seconds(attr(t, 'time')));
    }
    const tests = cases.slice(start);
    declaredOnly = addInto(
      declaredOnly,
      compare(
        notes,
        `assembly "${asmName}"`,
        {
          total: count(asm, 'total'),
          failed: count(asm, 'failed'),
          skipped: sum(count(asm, 'skipped'), count(asm, 'not-run')),
        },
        tests,
        { total: 'total', failed: 'failed', skipped: 'skipped+not-run' },
      ),
    );
    // Errors outside any test (a class or collection fixture that failed to clean up, a crashed
    // runner) are no test's result, but the run did not pass: each counts as an errored case.
    const errors = findAll(asm, new Set(['error']), new Set(['collection', 'failure']));
    for (const e of errors) {
      const type = attr(e, 'type') ?? 'error';
      result(cases, `${asmName}::${type}`, attr(e, 'name') ?? '', 'errored', 0);
    }
    if (errors.length > 0) {
      notes.push(
        `assembly "${asmName}" has ${errors.length} error(s) outside any test (${[...new Set(errors.map((e) => attr(e, 'type') ?? 'error'))].join(', ')}); each was counted as an errored test case`,
      );
    }
  }
  return done(cases, notes, declaredOnly);
}

// ---- TRX: <TestRun><TestDefinitions><UnitTest id><TestMethod className/></UnitTest>
// <Results><UnitTestResult testId testName outcome duration>[<InnerResults>]<ResultSummary><Counters>
const TRX_RESULTS = new Set([
  'UnitTestResult',
  'TestResultAggregation',
  'GenericTestResult',
  'ManualTestResult',
  'WebTestResult',
]);
const TRX_OPAQUE = new Set(['Output', 'InnerResults', 'ResultFiles', 'CollectorDataEntries']);
const TRX_PASSED = new Set(['passed', 'passedbutrunaborted', 'warning', 'completed']);
const TRX_FAILED = new Set(['failed']);
const TRX_ERRORED = new Set(['error', 'timeout', 'aborted']);

/** A .NET TimeSpan, "00:00:01.2345678" or "1.02:03:04.5" ([d.]hh:mm:ss.fffffff) → seconds. */
export function timespan(v: string | undefined): number {
  const m = v === undefined ? null : /^(?:(\d+)\.)?(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(v.trim());
  return m ? Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) : 0;
}

export function readTrx(root: XmlNode): FormatRead {
  const notes: string[] = [];
  const cases: TestCaseResult[] = [];
  const classOf = new Map<string, string>();
  for (const def of findAll(
    root,
    new Set(['UnitTest']),
    new Set(['Results', 'ResultSummary', 'TestSettings']),
  )) {
    const method = childrenOf(def).find((n) => tagOf(n) === 'TestMethod');
    const id = attr(def, 'id');
    if (id !== undefined && method) classOf.set(id, attr(method, 'className') ?? '');
  }
  // Data-driven tests nest one result per data row under InnerResults; the top-level result is
  // the test, as the Counters count it.
  for (const r of findAll(
    root,
    TRX_RESULTS,
    new Set(['TestDefinitions', 'TestEntries', 'TestLists', 'ResultSummary', 'TestSettings', ...TRX_OPAQUE]),
  )) {
    const outcome = (attr(r, 'outcome') ?? '').toLowerCase();
    const status: TestStatus = TRX_PASSED.has(outcome)
      ? 'passed'
      : TRX_FAILED.has(outcome)
        ? 'failed'
        : TRX_ERRORED.has(outcome)
          ? 'errored'
          : 'skipped'; // NotExecuted, Inconclusive, NotRunnable, Pending, Disconnected, InProgress
    const name = attr(r, 'testName') ?? '';
    // The class name is fully qualified and may carry the assembly after a comma.
    const classname = (classOf.get(attr(r, 'testId') ?? '') ?? '').split(',')[0]!.trim();
    result(cases, classname, name, status, timespan(attr(r, 'duration')));
  }
  const counters = findAll(
    root,
    new Set(['Counters']),
    new Set(['Results', 'TestDefinitions', 'TestEntries', 'TestLists', 'TestSettings']),
  )[0];
  let declaredOnly: TestTally | undefined;
  if (counters) {
    const total = count(counters, 'total');
    const executed = count(counters, 'executed');
    // VSTest leaves notExecuted at 0 and counts tests that did not run only as total − executed.
    declaredOnly = compare(
      notes,
      '<Counters>',
      {
        total,
        failed: count(counters, 'failed'),
        errored: sum(count(counters, 'error'), count(counters, 'timeout'), count(counters, 'aborted')),
        skipped:
          total !== undefined && executed !== undefined
            ? total - executed + (count(counters, 'inconclusive') ?? 0)
            : undefined,
      },
      cases,
      {
        total: 'total',
        failed: 'failed',
        errored: 'error+timeout+aborted',
        skipped: 'total-executed+inconclusive',
      },
    );
  }
  return done(cases, notes, declaredOnly);
}
