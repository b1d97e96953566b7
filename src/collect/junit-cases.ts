// The JUnit dialects CI tools write (Maven Surefire, TestNG, pytest, jest-junit, mocha,
// go-junit-report, gotestsum…): <testsuites>/<testsuite> nested to any depth, attributes that may
// be missing. Every <testcase> is a test; a repeated name is another test (TestNG data providers,
// go test -count=N), because no JUnit producer writes a rerun as a second <testcase>. Reruns are
// read only where the producer marks them inside one test case (Surefire, pytest-rerunfailures).
import { testCaseId, type TestCaseResult, type TestStatus, type TestTally } from '../features/test-report.ts';
import {
  attr,
  childrenOf,
  count,
  declaredDiff,
  seconds,
  tagOf,
  type Declared,
  type FormatRead,
  type XmlNode,
} from './report-tree.ts';

// Elements whose content never holds test cases; not descending into them keeps big logs cheap.
const OPAQUE = new Set(['properties', 'system-out', 'system-err', 'failure', 'error', 'skipped', '#text']);
// Statuses producers write on the testcase itself for tests that did not run (JUnit 5 / Ant
// "disabled", googletest "notrun", Jenkins "ignored"); "run" and the rest say nothing.
const NOT_RUN = new Set(['disabled', 'notrun', 'not_run', 'ignored', 'skipped', 'skip', 'suppressed']);
const ATTR_NAMES = { total: 'tests', failed: 'failures', errored: 'errors', skipped: 'skipped+disabled' };

function testCase(node: XmlNode, suiteName: string): TestCaseResult {
  const tags = new Set(childrenOf(node).map(tagOf));
  const name = attr(node, 'name') ?? '';
  // go-junit-report and Surefire always set classname; some jest-junit configs and hand-rolled
  // reports do not, so the enclosing suite name stands in to keep ids distinct.
  const classname = attr(node, 'classname') || attr(node, 'class') || suiteName;
  const declaredStatus = (attr(node, 'status') ?? attr(node, 'result') ?? '').toLowerCase();
  // A testcase carrying both <failure> and <error> (pytest: failed call + failing teardown) counts
  // as failed: the test itself did not pass. Surefire's rerunFailure/rerunError = still failing
  // after every rerun; it writes them beside the <failure>/<error>, but either alone says so.
  let status: TestStatus = 'passed';
  if (tags.has('failure') || tags.has('rerunFailure')) status = 'failed';
  else if (tags.has('error') || tags.has('rerunError')) status = 'errored';
  else if (tags.has('skipped') || NOT_RUN.has(declaredStatus)) status = 'skipped';
  // flaky* = failed, then passed on a rerun (Surefire; pytest-rerunfailures writes the same).
  const flaky = status === 'passed' && (tags.has('flakyFailure') || tags.has('flakyError'));
  return {
    id: testCaseId(classname, name),
    name,
    classname,
    status,
    flaky,
    durationSeconds: seconds(attr(node, 'time')),
  };
}

function declaredOf(node: XmlNode): Declared {
  const d: Declared = {};
  const set = (k: keyof TestTally, v: number | undefined) => {
    if (v !== undefined) d[k] = v;
  };
  set('total', count(node, 'tests'));
  set('failed', count(node, 'failures'));
  set('errored', count(node, 'errors'));
  // The Jenkins/Ant schema's disabled= counts tests not run beside skipped= (tst, googletest).
  const skipped = count(node, 'skipped') ?? count(node, 'skip');
  const disabled = count(node, 'disabled');
  set(
    'skipped',
    skipped === undefined && disabled === undefined ? undefined : (skipped ?? 0) + (disabled ?? 0),
  );
  return d;
}

/** Reads the <testsuites>/<testsuite> roots of one document. */
export function readJunitCases(roots: readonly XmlNode[]): FormatRead {
  const cases: TestCaseResult[] = [];
  const notes: string[] = [];
  const declaredOnly: TestTally = { total: 0, failed: 0, errored: 0, skipped: 0 };
  const differing: string[] = [];
  const summaryOnly: string[] = [];

  // Depth-first; recursion depth is bounded by the parser's maxNestedTags.
  const visit = (node: XmlNode, suite: string): TestTally => {
    const tag = tagOf(node);
    const isSuite = tag === 'testsuite' || tag === 'testsuites';
    const name = tag === 'testsuite' ? attr(node, 'name') || suite : suite;
    const local: TestTally = { total: 0, failed: 0, errored: 0, skipped: 0 };
    for (const kid of childrenOf(node)) {
      const t = tagOf(kid);
      if (t === undefined || OPAQUE.has(t)) continue;
      if (t === 'testcase') {
        const c = testCase(kid, name);
        cases.push(c);
        local.total++;
        if (c.status !== 'passed') local[c.status]++;
      } else {
        const sub = visit(kid, name);
        local.total += sub.total;
        local.failed += sub.failed;
        local.errored += sub.errored;
        local.skipped += sub.skipped;
      }
    }
    if (!isSuite) return local;
    const declared = declaredOf(node);
    const label = `${tag === 'testsuites' ? '<testsuites>' : 'suite'}${name ? ` "${name}"` : ''}`;
    if (local.total === 0 && (declared.total ?? 0) > 0) {
      // The producer says tests ran but lists none (a summary-only suite): its figures are all
      // there is, so they count, with a warning.
      const figures = {
        total: declared.total ?? 0,
        failed: declared.failed ?? 0,
        errored: declared.errored ?? 0,
        skipped: declared.skipped ?? 0,
      };
      // Capped so that a declared count cannot claim more bad tests than tests.
      figures.failed = Math.min(figures.failed, figures.total);
      figures.errored = Math.min(figures.errored, figures.total - figures.failed);
      figures.skipped = Math.min(figures.skipped, figures.total - figures.failed - figures.errored);
      declaredOnly.total += figures.total;
      declaredOnly.failed += figures.failed;
      declaredOnly.errored += figures.errored;
      declaredOnly.skipped += figures.skipped;
      summaryOnly.push(
        `${label} declares tests=${figures.total} failures=${figures.failed} errors=${figures.errored} skipped=${figures.skipped}`,
      );
      return figures;
    }
    const diff = declaredDiff(declared, local, ATTR_NAMES);
    if (diff) differing.push(`${label}: ${diff}`);
    return local;
  };
  for (const root of roots) visit(root, '');
  // One warning per kind, whatever the number of suites: a hostile file cannot flood the output.
  const firstOf = (xs: string[]) => `${xs.slice(0, 3).join('; ')}${xs.length > 3 ? '; …' : ''}`;
  if (summaryOnly.length === 1) {
    notes.push(`${summaryOnly[0]} but lists no test cases; its attribute figures were used`);
  } else if (summaryOnly.length > 1) {
    notes.push(
      `${summaryOnly.length} suites declare tests but list no test cases; their attribute figures were used (${firstOf(summaryOnly)})`,
    );
  }
  if (differing.length > 0) {
    notes.push(
      `${differing.length} suite(s) declare figures that differ from their test cases; the test cases were counted (${firstOf(differing)})`,
    );
  }
  return { cases, ...(declaredOnly.total > 0 ? { declaredOnly } : {}), notes };
}
