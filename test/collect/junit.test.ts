import {
  mkdtempSync,
  mkdirSync,
  copyFileSync,
  openSync,
  closeSync,
  ftruncateSync,
  writeFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { timespan } from '../../src/collect/dotnet-reports.ts';
import { globFiles } from '../../src/collect/glob.ts';
import { declaresEntities, parseJunitXml, readJunitFiles } from '../../src/collect/junit.ts';
import type { TestReport } from '../../src/features/test-report.ts';
import { testFeatures } from '../../src/features/tests.ts';

const FIX = resolve(import.meta.dirname, '../fixtures/junit');
const MAX = 20 * 1024 * 1024;

function tally(r: TestReport) {
  const n = (s: string) => r.cases.filter((c) => c.status === s).length;
  return {
    total: r.cases.length,
    passed: n('passed'),
    failed: n('failed'),
    errored: n('errored'),
    skipped: n('skipped'),
    flaky: r.cases.filter((c) => c.flaky).length,
    seconds: Math.round(r.cases.reduce((s, c) => s + c.durationSeconds, 0) * 1000) / 1000,
  };
}

async function one(file: string): Promise<TestReport> {
  const { reports, warnings } = await readJunitFiles([join(FIX, file)], { maxBytes: MAX });
  expect(warnings).toEqual([]);
  expect(reports).toHaveLength(1);
  return reports[0]!;
}

const byName = (r: TestReport, name: string) => r.cases.find((c) => c.name === name);

describe('JUnit dialects (counts read off each fixture by hand)', () => {
  it('Maven Surefire: flakyFailure/flakyError pass as flaky, rerunFailure/rerunError stay failed', async () => {
    const r = await one('maven-surefire.xml');
    // createsOrder, rejectsEmptyCart, appliesVolumeDiscount (flaky), sendsConfirmationEmail (flaky),
    // chargesCardOnce (failure + 2 reruns), persistsOrderLines (error + rerun), legacyPricingRules (skipped)
    expect(tally(r)).toEqual({
      total: 7,
      passed: 4,
      failed: 1,
      errored: 1,
      skipped: 1,
      flaky: 2,
      seconds: 4.82,
    });
    expect(byName(r, 'chargesCardOnce')).toMatchObject({ status: 'failed', flaky: false });
    expect(byName(r, 'appliesVolumeDiscount')).toMatchObject({ status: 'passed', flaky: true });
    expect(byName(r, 'createsOrderForKnownCustomer')?.id).toBe(
      'com.acme.orders.OrderServiceTest::createsOrderForKnownCustomer',
    );
  });

  it('pytest: error on setup, skip and xfail as skipped, escaped parametrize ids decoded', async () => {
    const r = await one('pytest.xml');
    // tax, discount[10] pass; discount[50] fails; currency pass; migration errors; rollback + rate limit
    // skipped; get_order pass. Times .004+.002+.003+.001+0+0+.118+3.789.
    expect(tally(r)).toEqual({
      total: 8,
      passed: 4,
      failed: 1,
      errored: 1,
      skipped: 2,
      flaky: 0,
      seconds: 3.917,
    });
    expect(byName(r, 'test_currency_symbol[<EUR>]')?.status).toBe('passed');
    expect(byName(r, 'test_migration_applies')?.status).toBe('errored');
  });

  it('jest-junit: nested testsuites, missing time/classname/suite name', async () => {
    const r = await one('jest-junit.xml');
    // web: renders, discount badge (fail), hides badge (skip), formats cents (no time), useCheckout (no
    // classname); server (unnamed suite): 3 pass + 1 todo skipped. Times .031+.012+.215+2.904+1.180+.003.
    expect(tally(r)).toEqual({
      total: 9,
      passed: 6,
      failed: 1,
      errored: 0,
      skipped: 2,
      flaky: 0,
      seconds: 4.345,
    });
    expect(byName(r, 'CartSummary formats cents')?.durationSeconds).toBe(0);
    // The suite name stands in for the missing classname.
    expect(byName(r, 'useCheckout submits once')?.id).toBe('useCheckout::useCheckout submits once');
  });

  it('go-junit-report: properties, build-failure error, a name repeated by go test -count=2 is two tests', async () => {
    const r = await one('go-junit-report.xml');
    // cart: AddItem, AddItem/zero_quantity pass; RemoveItem fails; CheckoutTimeout skipped; PriceCache
    // fails, then passes in the second -count run (two tests: go-junit-report marks no rerun).
    // payment: [build failed] errors. api: Health pass, ListOrders fails.
    expect(tally(r)).toEqual({
      total: 9,
      passed: 4,
      failed: 3,
      errored: 1,
      skipped: 1,
      flaky: 0,
      seconds: 1.625,
    });
    const cache = r.cases.filter((c) => c.name === 'TestPriceCache');
    expect(cache.map((c) => [c.status, c.flaky])).toEqual([
      ['failed', false],
      ['passed', false],
    ]);
  });
});

describe('parseJunitXml', () => {
  const parse = (xml: string) => parseJunitXml(xml, { maxBytes: MAX, source: 'mem.xml' });

  it('counts testcases over disagreeing suite attributes, and reads testsuites nested to any depth', () => {
    let xml = '<testcase classname="deep" name="t"/>';
    for (let i = 0; i < 30; i++)
      xml = `<testsuites tests="999" failures="999"><testsuite name="s${i}">${xml}</testsuite></testsuites>`;
    const r = parse(xml);
    expect(r.ok && r.report.cases.map((c) => [c.id, c.status])).toEqual([['deep::t', 'passed']]);
    expect(r.ok && r.warnings[0]).toMatch(
      /^mem\.xml: 30 suite\(s\) declare figures that differ from their test cases; the test cases were counted/,
    );
  });

  it('counts every repeated testcase: data-provider invocations, a title used twice, nameless cases', () => {
    const r = parse(`<testsuite>
      <testcase classname="A" name="x" time="1"><failure/></testcase>
      <testcase classname="A" name="y" time="1"/>
      <testcase classname="A" name="x" time="2"/>
      <testcase classname="A" name="y" time="1"><error/></testcase>
      <testcase classname="A" name="z"><skipped/></testcase>
      <testcase classname="A"/><testcase classname="A"/><testcase classname="A"/><testcase classname="A"/>
    </testsuite>`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // A parameterised test whose first invocation fails is failed, not passed + flaky.
    expect(r.report.cases.map((c) => [c.name, c.status, c.flaky, c.durationSeconds])).toEqual([
      ['x', 'failed', false, 1],
      ['y', 'passed', false, 1],
      ['x', 'passed', false, 2],
      ['y', 'errored', false, 1],
      ['z', 'skipped', false, 0],
      ['', 'passed', false, 0],
      ['', 'passed', false, 0],
      ['', 'passed', false, 0],
      ['', 'passed', false, 0],
    ]);
  });

  it('a producer-marked rerun stays one test case: flakyFailure passes as flaky, rerunFailure fails', () => {
    const r = parse(`<testsuite name="S" tests="3" failures="1" errors="0">
      <testcase classname="A" name="flaky"><flakyFailure message="1st"/><flakyError message="2nd"/></testcase>
      <testcase classname="A" name="broken"><failure/><rerunFailure/><rerunFailure/></testcase>
      <testcase classname="A" name="broken-error"><rerunError/></testcase>
    </testsuite>`);
    expect(r.ok && r.report.cases.map((c) => [c.name, c.status, c.flaky])).toEqual([
      ['flaky', 'passed', true],
      ['broken', 'failed', false],
      ['broken-error', 'errored', false],
    ]);
    // tests=3 failures=1 but one of the three errored: the disagreement is a warning.
    expect(r.ok && r.warnings).toEqual([
      'mem.xml: 1 suite(s) declare figures that differ from their test cases; the test cases were counted (suite "S": errors=0 (test cases: 1))',
    ]);
  });

  it('disabled, notrun and ignored statuses on a testcase count as skipped', () => {
    const r = parse(`<testsuite>
      <testcase name="a" status="disabled"/><testcase name="b" status="notrun"/>
      <testcase name="c" status="ignored"/><testcase name="d" status="run"/>
      <testcase name="e" status="disabled"><failure/></testcase>
    </testsuite>`);
    expect(r.ok && r.report.cases.map((c) => c.status)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'passed',
      'failed',
    ]);
  });

  it('a suite declaring tests but listing none counts its attributes, with a warning saying so', () => {
    const r = parse(`<testsuites>
      <testsuite name="summary-only" tests="6" failures="1" skipped="2"/>
      <testsuite name="listed" tests="1"><testcase name="t"/></testsuite>
    </testsuites>`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.cases).toHaveLength(1);
    expect(r.report.declaredOnly).toEqual({ total: 6, failed: 1, errored: 0, skipped: 2 });
    expect(r.warnings).toEqual([
      'mem.xml: suite "summary-only" declares tests=6 failures=1 errors=0 skipped=2 but lists no test cases; its attribute figures were used',
    ]);
    expect(testFeatures([r.report], null)).toMatchObject({ testsTotal: 7, testsFailed: 1, testsSkipped: 2 });
    // Many such suites: one warning, not one each.
    const many = parse(`<testsuites>${'<testsuite name="s" tests="1"/>'.repeat(5000)}</testsuites>`);
    expect(many.ok && many.warnings).toEqual([
      'mem.xml: 5000 suites declare tests but list no test cases; their attribute figures were used (suite "s" declares tests=1 failures=0 errors=0 skipped=0; suite "s" declares tests=1 failures=0 errors=0 skipped=0; suite "s" declares tests=1 failures=0 errors=0 skipped=0; …)',
    ]);
    expect(many.ok && many.report.declaredOnly).toEqual({ total: 5000, failed: 0, errored: 0, skipped: 0 });
  });

  it('parses Surefire-style "1,234.5" times and ignores junk times', () => {
    const r = parse(
      '<testsuite><testcase name="a" time="1,234.5"/><testcase name="b" time="abc"/><testcase name="c" time="-3"/></testsuite>',
    );
    expect(r.ok && r.report.cases.map((c) => c.durationSeconds)).toEqual([1234.5, 0, 0]);
  });

  it('refuses the billion-laughs file with a clear warning and expands nothing', async () => {
    const { reports, warnings } = await readJunitFiles([join(FIX, 'billion-laughs.xml')], { maxBytes: MAX });
    expect(reports).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('billion-laughs.xml');
    expect(warnings[0]).toMatch(/DOCTYPE declares XML entities/);
  });

  it('leaves undeclared entity references as literal text (nothing is expanded)', () => {
    const r = parse('<testsuite><testcase classname="c" name="&lol9;&amp;"/></testsuite>');
    expect(r.ok && r.report.cases[0]!.name).toBe('&lol9;&');
  });

  it('accepts a DOCTYPE without entity declarations', () => {
    expect(
      declaresEntities(
        '<?xml version="1.0"?><!-- x --><!DOCTYPE testsuites SYSTEM "junit.dtd"><testsuites/>',
      ),
    ).toBe(false);
    expect(declaresEntities('<!DOCTYPE t [<!ENTITY % p SYSTEM "http://evil/x.dtd"> %p;]><t/>')).toBe(true);
    // An entity declaration quoted inside captured output is not a DOCTYPE.
    expect(
      declaresEntities(
        '<testsuite><system-out><![CDATA[<!DOCTYPE a [<!ENTITY b "c">]>]]></system-out></testsuite>',
      ),
    ).toBe(false);
    const r = parse('<!DOCTYPE testsuite SYSTEM "junit.dtd"><testsuite><testcase name="a"/></testsuite>');
    expect(r.ok && r.report.cases).toHaveLength(1);
  });

  it('finds entity declarations after a "]" or ">" hidden in a comment, literal or ATTLIST default', () => {
    const body = '<testsuite><testcase name="&a;"/></testsuite>';
    for (const doctype of [
      '<!DOCTYPE t [<!-- ] --><!ENTITY a "boom">]>',
      `<!DOCTYPE t SYSTEM "x>y" [<!ENTITY a "boom">]>`,
      `<!DOCTYPE t [<!ATTLIST t x CDATA "]"><!ENTITY a "boom">]>`,
      `<!DOCTYPE t [<?pi ]> ?><!ENTITY a "boom">]>`,
      `<!DOCTYPE t [<!ATTLIST t x CDATA 'unterminated ]><!ENTITY a "boom">]>`,
    ]) {
      expect(declaresEntities(doctype + body), doctype).toBe(true);
      const r = parse(doctype + body);
      expect(r.ok, doctype).toBe(false);
    }
    // Quoted "[" in the external id does not open a subset; the DOCTYPE still ends at its ">".
    expect(declaresEntities(`<!DOCTYPE t SYSTEM "a[b.dtd">${body}`)).toBe(false);
  });

  it('turns malformed, empty and non-JUnit documents into warnings naming the source', () => {
    for (const xml of [
      '<testsuite><testcase name="a"><failure>x</testcase></testsuite>',
      '',
      '<html><body/></html>',
      '<testsuite',
    ]) {
      const r = parse(xml);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.warning.startsWith('mem.xml: ')).toBe(true);
    }
  });

  it('refuses a string over maxBytes', () => {
    const r = parseJunitXml('<testsuite><testcase name="a"/></testsuite>', { maxBytes: 10, source: 's' });
    expect(r).toEqual({ ok: false, warning: expect.stringMatching(/over the 10-byte limit/) });
  });
});

describe('readJunitFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deployrisk-junit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a malformed file is a warning and the other files are still parsed', async () => {
    const { reports, warnings } = await readJunitFiles(
      [join(FIX, 'pytest.xml'), join(FIX, 'malformed.xml'), join(FIX, 'go-junit-report.xml')],
      { maxBytes: MAX },
    );
    expect(reports.map((r) => r.source)).toEqual([join(FIX, 'pytest.xml'), join(FIX, 'go-junit-report.xml')]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBe(
      `${join(FIX, 'malformed.xml')}: malformed XML: document ends inside <testsuite> <testcase> <failure> (truncated file?)`,
    );
  });

  it('refuses an oversized file from its size alone (a sparse 8 GiB file is never read)', async () => {
    const big = join(dir, 'huge.xml');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 8 * 1024 ** 3);
    closeSync(fd);
    const { reports, warnings } = await readJunitFiles([big, join(FIX, 'pytest.xml')], { maxBytes: MAX });
    expect(reports).toHaveLength(1);
    expect(warnings).toEqual([
      `${big}: report is ${8 * 1024 ** 3} bytes, over the ${MAX}-byte limit (DEPLOYRISK_MAX_REPORT_BYTES); skipped`,
    ]);
    rmSync(big);
  });

  it('expands *, ? and ** globs, relative to cwd, dedupes, and warns on patterns matching nothing', async () => {
    mkdirSync(join(dir, 'svc/a/reports'), { recursive: true });
    mkdirSync(join(dir, 'svc/b/deeper/reports'), { recursive: true });
    mkdirSync(join(dir, 'svc/.hidden'), { recursive: true });
    copyFileSync(join(FIX, 'pytest.xml'), join(dir, 'svc/a/reports/TEST-1.xml'));
    copyFileSync(join(FIX, 'jest-junit.xml'), join(dir, 'svc/b/deeper/reports/TEST-2.xml'));
    copyFileSync(join(FIX, 'pytest.xml'), join(dir, 'svc/.hidden/TEST-3.xml'));
    writeFileSync(join(dir, 'svc/a/reports/notes.txt'), 'not a report');
    const { reports, warnings } = await readJunitFiles(
      ['svc/**/TEST-?.xml', 'svc/a/*/*.xml', 'nothing/*.xml'],
      {
        maxBytes: MAX,
        cwd: dir,
      },
    );
    expect(reports.map((r) => r.source)).toEqual([
      join(dir, 'svc/a/reports/TEST-1.xml'),
      join(dir, 'svc/b/deeper/reports/TEST-2.xml'),
    ]);
    expect(warnings).toEqual(['no files match "nothing/*.xml"']);
  });

  it('reads the .xml files of a directory, names missing files, and enforces roots', async () => {
    const missing = join(dir, 'missing.xml');
    const { reports, warnings } = await readJunitFiles([join(dir, 'svc/a/reports'), missing], {
      maxBytes: MAX,
    });
    expect(reports).toHaveLength(1);
    expect(warnings).toEqual([`${missing}: no such file`]);

    const outside = await readJunitFiles([join(FIX, 'pytest.xml')], { maxBytes: MAX, roots: [dir] });
    expect(outside.reports).toEqual([]);
    expect(outside.warnings[0]).toMatch(/outside the allowed report directories/);
  });
});

describe('globs (picomatch) keep their caps', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deployrisk-glob-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const touch = (rel: string, text = '<testsuite><testcase name="a"/></testsuite>') => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  touch('build/test-results/unit/TEST-a.xml');
  touch('build/test-results/integ/TEST-b.xml');
  touch('build/test-results/e2e/TEST-c.xml');
  touch('build/test-results/unit/deeper/TEST-d.xml');
  touch('build/.cache/TEST-e.xml');
  touch('build/report[1].xml');
  const rel = (files: string[]) => files.map((f) => f.slice(dir.length + 1));

  it('braces and brackets match (the hand-written glob matched 0 files)', async () => {
    expect(rel((await globFiles('build/test-results/{unit,integ}/*.xml', dir)).files)).toEqual([
      'build/test-results/integ/TEST-b.xml',
      'build/test-results/unit/TEST-a.xml',
    ]);
    expect(rel((await globFiles('build/test-results/[ie]*/TEST-?.xml', dir)).files)).toEqual([
      'build/test-results/e2e/TEST-c.xml',
      'build/test-results/integ/TEST-b.xml',
    ]);
  });

  it('** reaches any depth but not into dot directories unless the pattern names them', async () => {
    expect(rel((await globFiles('build/**/TEST-*.xml', dir)).files)).toEqual([
      'build/test-results/e2e/TEST-c.xml',
      'build/test-results/integ/TEST-b.xml',
      'build/test-results/unit/TEST-a.xml',
      'build/test-results/unit/deeper/TEST-d.xml',
    ]);
    expect(rel((await globFiles('build/.cache/*.xml', dir)).files)).toEqual(['build/.cache/TEST-e.xml']);
  });

  it('stops at the file and directory caps and says so', async () => {
    const files = await globFiles('build/**/*.xml', dir, { maxFiles: 2, maxDirs: 100 });
    expect(files).toMatchObject({ truncated: true });
    expect(files.files).toHaveLength(2);
    const dirs = await globFiles('build/**/*.xml', dir, { maxFiles: 100, maxDirs: 2 });
    expect(dirs.truncated).toBe(true);
  });

  it('does not follow a symlink loop under **', async () => {
    symlinkSync(join(dir, 'build'), join(dir, 'build/test-results/loop'));
    const r = await globFiles('build/**/TEST-a.xml', dir);
    expect(r).toEqual({ files: [join(dir, 'build/test-results/unit/TEST-a.xml')], truncated: false });
    rmSync(join(dir, 'build/test-results/loop'));
  });

  it('readJunitFiles: a file or directory whose name looks like a glob is read as named; a negated pattern warns', async () => {
    touch('runs (old)/TEST-f.xml');
    touch(
      'runs (old)/vstest.trx',
      '<TestRun><Results><UnitTestResult testName="a" outcome="Passed"/></Results></TestRun>',
    );
    touch('runs (old)/notes.txt', 'not a report');
    const { reports, warnings } = await readJunitFiles(['build/report[1].xml', 'runs (old)', '!build/**'], {
      maxBytes: MAX,
      cwd: dir,
    });
    expect(reports.map((r) => r.source)).toEqual([
      join(dir, 'build/report[1].xml'),
      join(dir, 'runs (old)/TEST-f.xml'),
      join(dir, 'runs (old)/vstest.trx'),
    ]);
    expect(reports.map((r) => r.format)).toEqual(['junit', 'junit', 'trx']);
    expect(warnings).toEqual(['"!build/**": negated patterns select nothing on their own; ignored']);
  });
});

describe('.NET report formats (detected by root element, same safety as JUnit)', () => {
  const parse = (xml: string) => parseJunitXml(xml, { maxBytes: MAX, source: 'dotnet.xml' });
  const counts = (xml: string) => {
    const r = parse(xml);
    if (!r.ok) throw new Error(r.warning);
    const f = testFeatures([r.report], null);
    return {
      format: r.report.format,
      total: f.testsTotal,
      failed: f.testsFailed,
      errored: f.testsErrored,
      skipped: f.testsSkipped,
      warnings: r.warnings,
    };
  };

  it('NUnit 3: Failed with label Error is errored, Inconclusive and Skipped are skipped', () => {
    expect(
      counts(`<test-run total="5" passed="1" failed="2" skipped="1" inconclusive="1"><test-suite type="TestFixture">
        <test-case name="ok" fullname="N.C.ok" result="Passed"/>
        <test-case name="bad" fullname="N.C.bad" result="Failed"><failure><message>x</message></failure></test-case>
        <test-case name="boom" fullname="N.C.boom" result="Failed" label="Error"/>
        <test-case name="later" fullname="N.C.later" result="Skipped" label="Ignored"/>
        <test-case name="maybe" fullname="N.C.maybe" result="Inconclusive"/>
      </test-suite></test-run>`),
    ).toEqual({ format: 'nunit3', total: 5, failed: 1, errored: 1, skipped: 2, warnings: [] });
  });

  it('NUnit 2: total counts tests run, not-run apart; NUnit 2.2 files without result= read executed/success', () => {
    expect(
      counts(`<test-results total="3" failures="1" errors="1" not-run="1"><test-suite name="s"><results>
        <test-case name="A.ok" executed="True" result="Success" success="True"/>
        <test-case name="A.bad" executed="True" result="Failure" success="False"/>
        <test-case name="A.boom" executed="True" result="Error" success="False"/>
        <test-case name="A.off" executed="False" result="Ignored"/>
      </results></test-suite></test-results>`),
    ).toEqual({ format: 'nunit2', total: 4, failed: 1, errored: 1, skipped: 1, warnings: [] });
    expect(
      counts(`<test-results total="2" failures="1" not-run="0"><test-suite name="s"><results>
        <test-case name="A.x" executed="True" success="True"/><test-case name="A.y" executed="True" success="False"/>
      </results></test-suite></test-results>`),
    ).toMatchObject({ total: 2, failed: 1, warnings: [] });
  });

  it('xUnit.net: Pass/Fail/Skip, and an error outside any test is an errored case with a warning', () => {
    const c =
      counts(`<assemblies><assembly name="T.dll" total="3" passed="1" failed="1" skipped="1" errors="1">
      <errors><error type="test-class-cleanup" name="T.Fixture"><failure>x</failure></error></errors>
      <collection name="c"><test name="T.a" type="T" method="a" result="Pass" time="0.5"/>
      <test name="T.b" type="T" method="b" result="Fail"/><test name="T.c" type="T" method="c" result="Skip"/></collection>
    </assembly></assemblies>`);
    expect(c).toMatchObject({ format: 'xunit2', total: 4, failed: 1, errored: 1, skipped: 1 });
    expect(c.warnings).toEqual([
      'dotnet.xml: assembly "T.dll" has 1 error(s) outside any test (test-class-cleanup); each was counted as an errored test case',
    ]);
  });

  it('xUnit.net v1: a lone <assembly> root with <class> elements reads the same', () => {
    expect(
      counts(`<assembly name="T.dll" total="2" passed="1" failed="1" skipped="0">
        <class name="T.C" total="2"><test name="T.C.a" type="T.C" method="a" result="Pass"/>
        <test name="T.C.b" type="T.C" method="b" result="Fail"><failure/></test></class></assembly>`),
    ).toEqual({ format: 'xunit2', total: 2, failed: 1, errored: 0, skipped: 0, warnings: [] });
  });

  it('TRX: outcomes mapped as the Counters count them; a disagreeing summary is a warning', () => {
    const trx = (counters: string) => `<?xml version="1.0" encoding="UTF-8"?>
      <TestRun id="1" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
      <Results>
        <UnitTestResult testId="t1" testName="Adds" outcome="Passed" duration="00:00:01.5000000"/>
        <UnitTestResult testId="t2" testName="Divides" outcome="Failed"/>
        <UnitTestResult testId="t3" testName="Times out" outcome="Timeout"/>
        <UnitTestResult testId="t4" testName="Off" outcome="NotExecuted"/>
      </Results>
      <TestDefinitions><UnitTest id="t1" name="Adds"><TestMethod className="Calc.Tests, Calc" name="Adds"/></UnitTest></TestDefinitions>
      <ResultSummary outcome="Failed"><Counters ${counters}/></ResultSummary></TestRun>`;
    expect(
      counts(trx('total="4" executed="3" passed="1" failed="1" error="0" timeout="1" inconclusive="0"')),
    ).toEqual({
      format: 'trx',
      total: 4,
      failed: 1,
      errored: 1,
      skipped: 1,
      warnings: [],
    });
    const r = parse(trx('total="5" executed="3" passed="1" failed="2" timeout="1"'));
    expect(r.ok && r.report.cases[0]).toMatchObject({ id: 'Calc.Tests::Adds', durationSeconds: 1.5 });
    expect(r.ok && r.warnings).toEqual([
      'dotnet.xml: <Counters> declares figures that differ from its test cases; the test cases were counted (total=5 (test cases: 4), failed=2 (test cases: 1), total-executed+inconclusive=2 (test cases: 1))',
    ]);
  });

  it('TRX durations are .NET TimeSpans: seven-digit fractions, an optional day count', () => {
    expect([
      timespan('00:00:01.2345678'),
      timespan('1.02:03:04.5'),
      timespan('abc'),
      timespan(undefined),
    ]).toEqual([1.2345678, 93784.5, 0, 0]);
  });

  it('a .NET summary listing no test cases counts its figures, with a warning', () => {
    expect(counts('<test-run total="5" passed="3" failed="1" skipped="1" inconclusive="0"/>')).toEqual({
      format: 'nunit3',
      total: 5,
      failed: 1,
      errored: 0,
      skipped: 1,
      warnings: [
        'dotnet.xml: <test-run> declares 5 test(s) (1 failed, 0 errored, 1 skipped) but lists no test cases; its figures were used',
      ],
    });
  });

  it('refuses a .NET report that declares entities, and names unknown roots', () => {
    const r = parse('<!DOCTYPE TestRun [<!ENTITY a "boom">]><TestRun><Results/></TestRun>');
    expect(r).toMatchObject({
      ok: false,
      warning: expect.stringMatching(/^dotnet\.xml: refused: the DOCTYPE declares XML entities/),
    });
    // The parser itself refuses prototype-polluting names; either way a warning, never a crash.
    expect(parse('<constructor/>')).toMatchObject({
      ok: false,
      warning: expect.stringMatching(/^dotnet\.xml: /),
    });
    expect(parse('<coverage/>')).toEqual({
      ok: false,
      warning:
        'dotnet.xml: not a test report (root element <coverage>, expected <testsuites>, <testsuite>, <test-run>, <test-results>, <assemblies> or <TestRun>)',
    });
  });
});
