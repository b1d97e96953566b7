// JUnit XML → TestReport. The only importer of fast-xml-parser.
//
// One reader for the dialects CI tools actually write: Maven Surefire (rerunFailure/flakyFailure…),
// pytest, jest-junit and go-junit-report, with testsuites nested to any depth and attributes that
// may be missing. Counts come from <testcase> elements only; suite-level tests=/failures= are
// ignored because tools get them wrong or leave them out.
//
// Safety: entities are never expanded (processEntities: false) and a DOCTYPE that declares
// entities is refused before parsing, so billion-laughs input costs a scan of its prolog. Files are
// size-checked with fstat before they are read. Every problem is a warning, never a throw.
import { realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  resolveReruns,
  testCaseId,
  type TestCaseResult,
  type TestReport,
  type TestStatus,
} from '../features/test-report.ts';
import { globFiles, hasGlob } from './glob.ts';
import { readFailureText, readTextCapped } from './read-capped.ts';

export type JunitParseResult = { ok: true; report: TestReport } | { ok: false; warning: string };

type Attrs = Record<string, string>;
/** fast-xml-parser's preserveOrder shape: one tag key with its children, attributes under ':@'. */
type OrderedNode = Record<string, unknown> & { ':@'?: Attrs };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Real reports nest a handful of levels; this bounds work on hostile input.
  maxNestedTags: 256,
  // No callbacks use paths; building them costs about a third of the parse time.
  jPath: false,
});

// Elements whose content never holds test cases; not descending into them keeps big logs cheap.
const OPAQUE = new Set(['properties', 'system-out', 'system-err', 'failure', 'error', 'skipped']);

/**
 * Looks only at the prolog (before the root element) for a DOCTYPE declaring entities. Entity
 * declarations are the whole attack surface of billion laughs / XXE; a DOCTYPE without them is
 * harmless because the parser does not expand anything anyway.
 */
export function declaresEntities(xml: string): boolean {
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const c = xml.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) {
      i++;
      continue;
    }
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) return false;
      i = end + 3;
    } else if (xml.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') {
      return /<!ENTITY/i.test(xml.slice(i, doctypeEnd(xml, i + 9)));
    } else {
      return false;
    }
  }
  return false;
}

/**
 * Where a DOCTYPE starting before `from` ends: the first ">" outside its internal subset, skipping
 * quoted literals, comments and PIs, whose text may hold "]" or ">" ("SYSTEM 'a>b'", an ATTLIST
 * default of "]"). Unterminated: the end of the document, so the caller's scan only widens.
 */
function doctypeEnd(xml: string, from: number): number {
  const n = xml.length;
  let inSubset = false;
  let i = from;
  while (i < n) {
    const c = xml[i];
    let skipTo = -1;
    if (c === '"' || c === "'") skipTo = xml.indexOf(c, i + 1) + 1;
    else if (xml.startsWith('<!--', i)) skipTo = xml.indexOf('-->', i + 4) + 3;
    else if (xml.startsWith('<?', i)) skipTo = xml.indexOf('?>', i + 2) + 2;
    else if (c === '[' && !inSubset) inSubset = true;
    else if (c === ']' && inSubset) inSubset = false;
    else if (c === '>' && !inSubset) return i + 1;
    if (skipTo === -1) i++;
    else if (skipTo < i + 2)
      return n; // indexOf found nothing: unterminated
    else i = skipTo;
  }
  return n;
}

/** Only the predefined and numeric references; nothing a document can define. */
function decodeRefs(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g, (m, ref: string) => {
    switch (ref) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const cp = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/** Surefire writes "1,234.567" for long tests; anything unparsable or negative counts as 0. */
function seconds(v: string | undefined): number {
  if (v === undefined) return 0;
  const x = Number(v.replace(/[,\s]/g, ''));
  return Number.isFinite(x) && x > 0 ? x : 0;
}

const tagOf = (node: OrderedNode): string | undefined => Object.keys(node).find((k) => k !== ':@');
const childrenOf = (node: OrderedNode, tag: string): OrderedNode[] => {
  const c = node[tag];
  return Array.isArray(c) ? (c as OrderedNode[]) : [];
};

function testCase(node: OrderedNode, suiteName: string): TestCaseResult {
  const attrs = node[':@'] ?? {};
  const tags = new Set(childrenOf(node, 'testcase').map(tagOf));
  const name = decodeRefs(attrs['name'] ?? '');
  // go-junit-report and Surefire always set classname; some jest-junit configs and hand-rolled
  // reports do not, so the enclosing suite name stands in to keep ids distinct.
  const classname = decodeRefs(attrs['classname'] ?? attrs['class'] ?? '') || suiteName;
  // A testcase carrying both <failure> and <error> (pytest: failed call + failing teardown) counts
  // as failed: the test itself did not pass.
  let status: TestStatus = 'passed';
  if (tags.has('failure')) status = 'failed';
  else if (tags.has('error')) status = 'errored';
  else if (tags.has('skipped')) status = 'skipped';
  // Surefire: flaky* = failed, then passed on rerun; rerun* = still failing (a <failure> is present).
  const flaky = status === 'passed' && (tags.has('flakyFailure') || tags.has('flakyError'));
  return {
    id: testCaseId(classname, name),
    name,
    classname,
    status,
    flaky,
    durationSeconds: seconds(attrs['time']),
  };
}

/** Parses one JUnit XML document. Never throws: a bad document is a warning. */
export function parseJunitXml(xml: string, opts: { maxBytes: number; source?: string }): JunitParseResult {
  const source = opts.source ?? '<input>';
  const fail = (why: string): JunitParseResult => ({ ok: false, warning: `${source}: ${why}` });
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > opts.maxBytes) {
    return fail(
      `report is ${bytes} bytes, over the ${opts.maxBytes}-byte limit (DEPLOYRISK_MAX_REPORT_BYTES); skipped`,
    );
  }
  // A leading BOM is legal in a file but trips the validator.
  if (xml.charCodeAt(0) === 0xfeff) xml = xml.slice(1);
  if (xml.trim().length === 0) return fail('empty file, not a JUnit report');
  if (declaresEntities(xml)) {
    return fail('refused: the DOCTYPE declares XML entities (entity expansion is never performed)');
  }
  try {
    const valid = XMLValidator.validate(xml, { allowBooleanAttributes: true });
    if (valid !== true) {
      // The validator reports a truncated document as a JSON dump of the open tags at line 1.
      const open = /^Invalid '\[([\s\S]*)\]' found/.exec(valid.err.msg);
      if (open) {
        const tags = (open[1] ?? '').match(/[^\s",]+/g) ?? [];
        return fail(
          `malformed XML: document ends inside ${tags.map((t) => `<${t}>`).join(' ')} (truncated file?)`,
        );
      }
      return fail(`malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
    }
    const doc = parser.parse(xml) as OrderedNode[];
    const roots = doc.filter((n) => {
      const t = tagOf(n);
      return t === 'testsuites' || t === 'testsuite';
    });
    if (roots.length === 0) {
      const t = doc.map(tagOf).find((x) => x !== undefined && x !== '#text');
      return fail(`not a JUnit report (root element <${t ?? 'none'}>, expected <testsuites> or <testsuite>)`);
    }
    const raw: TestCaseResult[] = [];
    // Explicit stack instead of recursion: nesting depth is the document's choice, not ours.
    const stack: { node: OrderedNode; suite: string }[] = roots
      .map((node) => ({ node, suite: '' }))
      .reverse();
    while (stack.length > 0) {
      const { node, suite } = stack.pop()!;
      const tag = tagOf(node);
      if (tag === undefined || tag === '#text' || OPAQUE.has(tag)) continue;
      if (tag === 'testcase') {
        raw.push(testCase(node, suite));
        continue;
      }
      const name = tag === 'testsuite' ? decodeRefs(node[':@']?.['name'] ?? '') || suite : suite;
      const kids = childrenOf(node, tag);
      for (let k = kids.length - 1; k >= 0; k--) stack.push({ node: kids[k]!, suite: name });
    }
    return { ok: true, report: { source, cases: resolveReruns(raw) } };
  } catch (e) {
    return fail(`could not be parsed: ${(e as Error).message}`);
  }
}

async function isUnder(file: string, roots: readonly string[]): Promise<boolean> {
  const real = await realpath(file).catch(() => file);
  return roots.some((r) => real === r || real.startsWith(r.endsWith(sep) ? r : r + sep));
}

export interface ReadJunitOptions {
  maxBytes: number;
  /** When given, files must resolve (after symlinks) inside one of these directories. */
  roots?: readonly string[];
  /** Base for relative patterns; default the process working directory. */
  cwd?: string;
}

/**
 * Reads every file matching the patterns (plain paths or globs with *, ?, **). Files matched by
 * several patterns are read once, in first-matched order (later reports count as later reruns).
 * A pattern matching nothing, an unreadable, oversized or malformed file is a warning.
 */
export async function readJunitFiles(
  patterns: readonly string[],
  opts: ReadJunitOptions,
): Promise<{ reports: TestReport[]; warnings: string[] }> {
  const cwd = opts.cwd ?? process.cwd();
  const warnings: string[] = [];
  const files: string[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    if (!hasGlob(pattern)) {
      const file = resolve(cwd, pattern);
      // A directory means the reports in it (target/surefire-reports, test-results/…).
      const isDir = await stat(file).then(
        (s) => s.isDirectory(),
        () => false,
      );
      const found = isDir ? (await globFiles(join(file, '*.xml'), cwd)).files : [file];
      if (isDir && found.length === 0) warnings.push(`no .xml files in directory "${pattern}"`);
      // Missing plain files go to the reader, which names them in its warning.
      for (const f of found) {
        if (!seen.has(f)) files.push(f);
        seen.add(f);
      }
      continue;
    }
    const { files: found, truncated } = await globFiles(pattern, cwd);
    if (truncated)
      warnings.push(`"${pattern}" matches too many files; only the first ${found.length} were read`);
    if (found.length === 0) warnings.push(`no files match "${pattern}"`);
    for (const f of found) {
      if (!seen.has(f)) files.push(f);
      seen.add(f);
    }
  }
  const roots = opts.roots ? await Promise.all(opts.roots.map((r) => realpath(r).catch(() => r))) : undefined;
  const reports: TestReport[] = [];
  for (const file of files) {
    if (roots && !(await isUnder(file, roots))) {
      warnings.push(`${file}: outside the allowed report directories; skipped`);
      continue;
    }
    const read = await readTextCapped(file, opts.maxBytes);
    if (!read.ok) {
      const why = readFailureText(read, opts.maxBytes);
      warnings.push(
        read.reason === 'too_big'
          ? `${file}: report is ${why} (DEPLOYRISK_MAX_REPORT_BYTES); skipped`
          : `${file}: ${why}`,
      );
      continue;
    }
    const parsed = parseJunitXml(read.text, { maxBytes: opts.maxBytes, source: file });
    if (parsed.ok) reports.push(parsed.report);
    else warnings.push(parsed.warning);
  }
  return { reports, warnings };
}
