// Test report XML → TestReport. The only importer of fast-xml-parser.
//
// "JUnit" here is the family CI tools write: the JUnit dialects (Maven Surefire, TestNG, pytest,
// jest-junit, mocha, go-junit-report, gotestsum…, read in junit-cases.ts) and the .NET formats
// (NUnit 2 and 3, xUnit.net, TRX, read in dotnet-reports.ts), told apart by the root element.
// Counts come from the test cases; where a producer's declared figures (suite attributes, a run
// summary) disagree with them, or a suite declares tests but lists none, the report is read and
// a warning says which figures were used.
//
// Safety: entities are never expanded (processEntities: false) and a DOCTYPE that declares
// entities is refused before parsing, so billion-laughs input costs a scan of its prolog. Files are
// size-checked with fstat before they are read. Every problem is a warning, never a throw.
import { realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ReportFormat, TestReport } from '../features/test-report.ts';
import { readNunit2, readNunit3, readTrx, readXunit2 } from './dotnet-reports.ts';
import { globFiles, hasGlob, reportFilesIn } from './glob.ts';
import { readJunitCases } from './junit-cases.ts';
import { tagOf, type FormatRead, type XmlNode } from './report-tree.ts';
import { readFailureText, readTextCapped } from './read-capped.ts';

/** ok: the report, and warnings when it was read only in part or its figures disagree. */
export type JunitParseResult =
  { ok: true; report: TestReport; warnings: string[] } | { ok: false; warning: string };

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

/** Root element → the format and its reader (a Map: a root named "constructor" finds nothing). */
type Reader = { format: ReportFormat; read: (roots: XmlNode[]) => FormatRead };
const READERS = new Map<string, Reader>([
  ['testsuites', { format: 'junit', read: readJunitCases }],
  ['testsuite', { format: 'junit', read: readJunitCases }],
  ['test-run', { format: 'nunit3', read: (r) => readNunit3(r[0]!) }],
  ['test-results', { format: 'nunit2', read: (r) => readNunit2(r[0]!) }],
  ['assemblies', { format: 'xunit2', read: (r) => readXunit2(r[0]!) }],
  // xUnit.net v1 and a lone v2 assembly share a root name; a v2 <assembly> alone reads the same.
  ['assembly', { format: 'xunit2', read: (r) => readXunit2({ assemblies: r } as XmlNode) }],
  ['TestRun', { format: 'trx', read: (r) => readTrx(r[0]!) }],
]);
const EXPECTED_ROOTS = '<testsuites>, <testsuite>, <test-run>, <test-results>, <assemblies> or <TestRun>';

/** Parses one test report (any format READERS knows). Never throws: a bad document is a warning. */
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
  if (xml.trim().length === 0) return fail('empty file, not a test report');
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
    const doc = parser.parse(xml) as XmlNode[];
    const elements = doc.filter((n) => {
      const t = tagOf(n);
      return t !== undefined && t !== '#text';
    });
    const rootTag = elements.map(tagOf)[0];
    const reader = rootTag === undefined ? undefined : READERS.get(rootTag);
    if (reader === undefined) {
      return fail(`not a test report (root element <${rootTag ?? 'none'}>, expected ${EXPECTED_ROOTS})`);
    }
    // Only JUnit allows more than one root in practice (concatenated reports); the rest take the first.
    const roots = elements.filter((n) => READERS.get(tagOf(n)!)?.format === reader.format);
    const read = reader.read(roots);
    const report: TestReport = {
      source,
      format: reader.format,
      cases: read.cases,
      ...(read.declaredOnly ? { declaredOnly: read.declaredOnly } : {}),
    };
    return { ok: true, report, warnings: read.notes.map((n) => `${source}: ${n}`) };
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
 * Reads every file matching the patterns (plain paths, directories (their *.xml and *.trx), or globs: *, ?, **, [ab],
 * {unit,integ}). Files matched by several patterns are read once, in first-matched order. A
 * pattern matching nothing, and a file unreadable, oversized, malformed, of no known format or
 * read only in part, is a warning naming it.
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
    if (pattern.startsWith('!')) {
      warnings.push(`"${pattern}": negated patterns select nothing on their own; ignored`);
      continue;
    }
    // A path that exists and merely looks like a glob ("report[1].xml", "reports (old)") is read as named.
    const literal =
      hasGlob(pattern) &&
      (await stat(resolve(cwd, pattern)).then(
        () => true,
        () => false,
      ));
    if (!hasGlob(pattern) || literal) {
      const file = resolve(cwd, pattern);
      // A directory means the reports in it (target/surefire-reports, test-results/…).
      const isDir = await stat(file).then(
        (s) => s.isDirectory(),
        () => false,
      );
      const listed = isDir ? await reportFilesIn(file) : { files: [file], truncated: false };
      const found = listed.files;
      if (isDir && found.length === 0) warnings.push(`no .xml or .trx files in directory "${pattern}"`);
      if (listed.truncated)
        warnings.push(
          `directory "${pattern}" holds too many reports; only the first ${found.length} were read`,
        );
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
    if (parsed.ok) {
      reports.push(parsed.report);
      warnings.push(...parsed.warnings);
    } else warnings.push(parsed.warning);
  }
  return { reports, warnings };
}
